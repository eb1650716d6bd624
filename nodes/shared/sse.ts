import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RagflowRawResponse } from './transport';
import { ragflowApiError } from './transport';

export interface SseOptions {
	itemIndex?: number;
}

type StreamBody = AsyncIterable<Buffer | Uint8Array | string>;

function isEnvelopeError(payload: unknown): payload is { code: number; message?: unknown } {
	return (
		typeof payload === 'object' &&
		payload !== null &&
		typeof (payload as IDataObject).code === 'number' &&
		(payload as IDataObject).code !== 0
	);
}

/** RAGFlow's chat stream ends with `{"code":0,"message":"","data":true}`. */
function isClosingEvent(payload: unknown): boolean {
	return (
		typeof payload === 'object' &&
		payload !== null &&
		(payload as IDataObject).code === 0 &&
		(payload as IDataObject).data === true
	);
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

/**
 * The one SSE reader of the package. Yields each JSON payload of a RAGFlow event stream as soon as
 * its `data:` line is complete (the caller forwards deltas live, so nothing is held back until the
 * end). Accepts `data:` with or without a space, events split anywhere across network chunks
 * (including inside a UTF-8 character), and multi-line `data:` fields. Ends at `data:[DONE]` (agents)
 * or at the closing `data:{"code":0,…,"data":true}` event (chats); raises an error envelope found
 * inside the stream (`code != 0`) as a NodeApiError, and so is a stream that ends without either.
 */
export async function* parseSseStream(
	ctx: IExecuteFunctions,
	body: StreamBody,
	options: SseOptions = {},
): AsyncGenerator<IDataObject> {
	const decoder = new TextDecoder('utf-8');
	let buffer = '';
	// Data lines of an event that is not complete JSON yet (multi-line `data:` fields).
	let pending: string[] = [];

	const flush = (final: boolean): { payload?: IDataObject; done: boolean } | undefined => {
		if (pending.length === 0) return undefined;
		const text = pending.join('\n');
		if (text.trim() === '[DONE]') {
			pending = [];
			return { done: true };
		}
		const parsed = tryParse(text);
		if (!parsed.ok) {
			if (!final) return undefined;
			pending = [];
			throw ragflowApiError(
				ctx,
				{ message: `RAGFlow sent an event that is not valid JSON: ${text.slice(0, 200)}` },
				{ itemIndex: options.itemIndex },
			);
		}
		pending = [];
		const payload = parsed.value;
		if (isEnvelopeError(payload)) {
			throw ragflowApiError(ctx, payload, { itemIndex: options.itemIndex });
		}
		if (isClosingEvent(payload)) return { done: true };
		if (typeof payload !== 'object' || payload === null) return undefined;
		return { payload: payload as IDataObject, done: false };
	};

	const handleLine = (rawLine: string): { payload?: IDataObject; done: boolean } | undefined => {
		const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
		if (line === '') return flush(true);
		// Comments (`:`) and other fields (`event:`, `id:`, `retry:`) carry nothing RAGFlow needs.
		if (!line.startsWith('data:')) return undefined;
		let value = line.slice(5);
		if (value.startsWith(' ')) value = value.slice(1);
		pending.push(value);
		// RAGFlow puts each event on one line: hand it out now rather than waiting for the blank line.
		return flush(false);
	};

	for await (const part of body) {
		buffer += typeof part === 'string' ? part : decoder.decode(part, { stream: true });
		let newline = buffer.indexOf('\n');
		while (newline !== -1) {
			const line = buffer.slice(0, newline);
			buffer = buffer.slice(newline + 1);
			const result = handleLine(line);
			if (result?.done) return;
			if (result?.payload) yield result.payload;
			newline = buffer.indexOf('\n');
		}
	}
	buffer += decoder.decode();
	const last = buffer !== '' ? handleLine(buffer) : undefined;
	if (last?.payload) yield last.payload;
	if (last?.done) return;
	const rest = flush(true);
	if (rest?.payload) yield rest.payload;
	if (rest?.done) return;
	// The body ended cleanly but without RAGFlow's final event: the answer is incomplete.
	throw ragflowApiError(
		ctx,
		{ message: 'The answer stream ended before RAGFlow finished' },
		{
			itemIndex: options.itemIndex,
			description:
				'RAGFlow (or a proxy in between) closed the stream without its final event, so the answer is incomplete and is not reported as a result. Run the node again; with Continue On Fail the text received so far is kept in the error item.',
		},
	);
}

/**
 * Checks that a response really is an event stream before parsing it. RAGFlow answers errors that
 * happen before the stream starts as JSON (`ragflowStreamRequest` already raises those); any other
 * JSON answer where a stream was asked for would otherwise read as an empty answer.
 */
export function readEventStream(
	ctx: IExecuteFunctions,
	response: RagflowRawResponse,
	options: SseOptions = {},
): AsyncGenerator<IDataObject> {
	const contentType = String(response.headers['content-type'] ?? '');
	if (!contentType.includes('text/event-stream')) {
		const body = response.body;
		const envelope =
			body && typeof body === 'object' && !(Symbol.asyncIterator in (body as object))
				? (body as IDataObject)
				: undefined;
		if (envelope && isEnvelopeError(envelope)) {
			throw ragflowApiError(ctx, envelope, { itemIndex: options.itemIndex });
		}
		throw ragflowApiError(
			ctx,
			{
				message: `Expected a streamed answer (text/event-stream) but RAGFlow answered with ${contentType || 'no content type'}`,
			},
			{
				itemIndex: options.itemIndex,
				description:
					'Check that the Base URL points at the RAGFlow API server and that no proxy buffers or rewrites streamed responses.',
			},
		);
	}
	return parseSseStream(ctx, response.body as StreamBody, options);
}

/**
 * Turns the answers of a stream into deltas, whether the server sends deltas (RAGFlow ≥ 0.24) or
 * the whole text so far (`legacy: true`, older servers). In `auto` mode the first pair of non-empty
 * answers decides: an answer that extends the text received so far means cumulative answers.
 */
export class AnswerAssembler {
	private text = '';

	private decided: 'delta' | 'cumulative' | undefined;

	constructor(mode: 'auto' | 'delta' | 'cumulative' = 'auto') {
		this.decided = mode === 'auto' ? undefined : mode;
	}

	get answer(): string {
		return this.text;
	}

	/** Adds one event's answer and returns the new text to forward ("" when there is none). */
	push(incoming: string, isFinal = false): string {
		if (!incoming) return '';
		// A final event repeating the whole answer (legacy mode, or RAGFlow's empty-response text)
		// adds nothing new.
		if (isFinal && incoming === this.text) return '';
		if (this.decided === undefined && this.text !== '') {
			this.decided =
				incoming.length > this.text.length && incoming.startsWith(this.text)
					? 'cumulative'
					: 'delta';
		}
		if (this.decided === 'cumulative' || (isFinal && this.text && incoming.startsWith(this.text))) {
			if (!incoming.startsWith(this.text)) {
				// A cumulative stream that rewrote earlier text: keep the newest full text.
				this.text = incoming;
				return '';
			}
			const delta = incoming.slice(this.text.length);
			this.text = incoming;
			return delta;
		}
		this.text += incoming;
		return incoming;
	}
}
