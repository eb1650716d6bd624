import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { simplifyChunk } from '../../shared/chunks';
import { withFallback } from '../../shared/compat';
import { AnswerAssembler, readEventStream } from '../../shared/sse';
import type { RagflowEnvelope } from '../../shared/transport';
import { ragflowApiError, ragflowRequest, ragflowStreamRequest } from '../../shared/transport';
import { compact } from '../../shared/utils';

/** Chat references are lists; agent references are dicts keyed by citation number ("0", "1", …). */
function listOf(value: unknown): IDataObject[] {
	if (Array.isArray(value)) return value as IDataObject[];
	if (value && typeof value === 'object') {
		return Object.entries(value as IDataObject)
			.sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b))
			.map(([, v]) => v as IDataObject);
	}
	return [];
}

/** RAGFlow reports some model failures as an answer text instead of an error code. */
function assertNoErrorText(ctx: IExecuteFunctions, text: unknown, itemIndex: number) {
	if (typeof text === 'string' && text.trimStart().startsWith('**ERROR**')) {
		const message = text.replace(/^\s*\*\*ERROR\*\*:?\s*/, '') || 'the answer failed';
		throw ragflowApiError(ctx, { message }, { itemIndex });
	}
}

/**
 * Whole answers (non-streaming, or reasoning models) can start with the model's reasoning inside
 * `<think>…</think>`; it is returned apart so `answer` holds only what the user should see.
 */
export function splitReasoning(text: unknown): { answer: string; reasoning?: string } {
	const value = typeof text === 'string' ? text : '';
	const match = /^\s*<think>([\s\S]*?)<\/think>\s*/.exec(value);
	if (!match) return { answer: value };
	return { answer: value.slice(match[0].length), reasoning: match[1].trim() || undefined };
}

/** Forwards the answer to a streaming response (n8n Chat, Webhook) as it arrives. */
class ChunkForwarder {
	private begun = false;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	async begin() {
		if (this.begun) return;
		this.begun = true;
		await this.ctx.sendChunk('begin', this.itemIndex);
	}

	async item(text: string) {
		if (!text) return;
		await this.begin();
		await this.ctx.sendChunk('item', this.itemIndex, text);
	}

	async end() {
		await this.begin();
		await this.ctx.sendChunk('end', this.itemIndex);
	}

	/**
	 * Runs `consume` between `begin` and `end`. A failure still closes this item's stream (with
	 * continue-on-fail the run goes on, and the chat would otherwise wait for the rest of it), and
	 * carries the text received so far, which the router puts in the error item.
	 */
	async around(consume: () => Promise<void>, received: () => string) {
		await this.begin();
		try {
			await consume();
		} catch (error) {
			const failure =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.ctx.getNode(), error as Error, {
							itemIndex: this.itemIndex,
						});
			const text = received();
			if (text) failure.context = { ...failure.context, partialAnswer: text };
			throw failure;
		} finally {
			await this.end();
		}
	}
}

/** Collects an answer and its reasoning, honouring the think markers around reasoning text. */
class AnswerState {
	readonly answer: AnswerAssembler;

	reasoning = '';

	private thinking = false;

	constructor(mode: 'auto' | 'delta') {
		this.answer = new AnswerAssembler(mode);
	}

	/** Adds an event's text; returns the part of the answer to forward. */
	add(data: IDataObject, text: unknown, isFinal = false): string {
		if (data.start_to_think === true) this.thinking = true;
		const value = typeof text === 'string' ? text : '';
		let forward = '';
		if (this.thinking) this.reasoning += value;
		else forward = this.answer.push(value, isFinal);
		if (data.end_to_think === true) this.thinking = false;
		return forward;
	}
}

export interface ChatAskRequest {
	body: IDataObject;
	itemIndex: number;
}

/**
 * The chat completion request a server speaks: `POST /chat/completions` with `chat_id` and
 * `messages` (v0.25.1+), or before that `POST /chats/{id}/completions` with `question` (the other
 * keys are the same).
 */
function chatCompletionRequest(
	body: IDataObject,
	current: boolean,
): { path: string; body: IDataObject } {
	if (current) return { path: '/chat/completions', body };
	const { chat_id: chatId, messages, ...rest } = body;
	const last = Array.isArray(messages) ? (messages[messages.length - 1] as IDataObject) : {};
	return {
		path: `/chats/${String(chatId)}/completions`,
		body: { ...rest, question: last?.content ?? '' },
	};
}

/**
 * Asks a chat assistant (`POST /chat/completions`). Streams when the workflow streams its response,
 * forwarding each delta as soon as its event is parsed; otherwise asks for one JSON answer. Either
 * way the full answer and its references are returned.
 */
export async function askChat(
	this: IExecuteFunctions,
	request: ChatAskRequest,
): Promise<IDataObject> {
	// A server known to predate `/chat/completions` is asked at once where it answers; otherwise
	// the current route is tried first (a missing route changes nothing).
	return await withFallback(
		this,
		'chatCompletions',
		async () => await askChatAt.call(this, request, true),
		async () => await askChatAt.call(this, request, false),
	);
}

async function askChatAt(
	this: IExecuteFunctions,
	request: ChatAskRequest,
	current: boolean,
): Promise<IDataObject> {
	const { itemIndex } = request;
	const streaming = this.isStreaming();
	const { path, body } = chatCompletionRequest(request.body, current);
	const options = {
		body: { ...body, stream: streaming },
		itemIndex,
	};
	if (!streaming) {
		const response = await ragflowRequest.call(this, 'POST', path, {
			...options,
			expectData: true,
		});
		const data = (response.data ?? {}) as IDataObject;
		assertNoErrorText(this, data.answer, itemIndex);
		const reference = (data.reference ?? {}) as IDataObject;
		return compact({
			...splitReasoning(data.answer),
			references: listOf(reference.chunks).map(simplifyChunk),
			doc_aggs: listOf(reference.doc_aggs),
			session_id: data.session_id,
			message_id: data.id,
			chat_id: data.chat_id,
		} as IDataObject);
	}

	const response = await ragflowStreamRequest.call(this, 'POST', path, options);
	const forwarder = new ChunkForwarder(this, itemIndex);
	// Current servers stream deltas; older ones (and `legacy: true`) the whole text so far.
	const state = new AnswerState('auto');
	let reference: IDataObject = {};
	const ids: IDataObject = {};
	// Checked before anything is streamed: a JSON answer here is an error, not an empty stream.
	const events = readEventStream(this, response, { itemIndex });
	await forwarder.around(
		async () => {
			for await (const event of events) {
				const data = event.data;
				if (!data || typeof data !== 'object') continue;
				const answer = data as IDataObject;
				assertNoErrorText(this, answer.answer, itemIndex);
				for (const key of ['id', 'session_id', 'chat_id'] as const) {
					if (answer[key] !== undefined && answer[key] !== '') ids[key] = answer[key];
				}
				const isFinal = answer.final === true;
				await forwarder.item(state.add(answer, answer.answer, isFinal));
				const eventReference = answer.reference as IDataObject | undefined;
				// The final event carries the full reference; text-to-SQL answers carry it without `final`.
				if (eventReference && (isFinal || listOf(eventReference.chunks).length > 0)) {
					reference = eventReference;
				}
			}
		},
		() => state.answer.answer,
	);
	return compact({
		// Legacy streams carry reasoning inline as <think>…</think> instead of marker events.
		...(state.reasoning
			? { answer: state.answer.answer, reasoning: state.reasoning }
			: splitReasoning(state.answer.answer)),
		references: listOf(reference.chunks).map(simplifyChunk),
		doc_aggs: listOf(reference.doc_aggs),
		session_id: ids.session_id,
		message_id: ids.id,
		chat_id: ids.chat_id,
	} as IDataObject);
}

/** Merges the references of several Message components of one agent run. */
function mergeAgentReference(
	target: { chunks: IDataObject[]; docAggs: Map<string, IDataObject> },
	value: unknown,
) {
	if (!value || typeof value !== 'object') return;
	const reference = value as IDataObject;
	target.chunks.push(...listOf(reference.chunks).map(simplifyChunk));
	for (const agg of listOf(reference.doc_aggs)) {
		const key = String(agg.doc_id ?? agg.doc_name);
		const known = target.docAggs.get(key);
		if (known && typeof known.count === 'number' && typeof agg.count === 'number') {
			target.docAggs.set(key, { ...known, count: known.count + agg.count });
		} else if (!known) {
			target.docAggs.set(key, agg);
		}
	}
}

/**
 * Asks a RAGFlow agent (`POST /agents/chat/completions`). Streaming forwards the `message` deltas
 * and gathers references from `message_end`; non-streaming reads the final event
 * (docs/ragflow-api.md §16).
 */
export async function askAgent(
	this: IExecuteFunctions,
	request: ChatAskRequest,
): Promise<IDataObject> {
	const { itemIndex } = request;
	const streaming = this.isStreaming();
	const options = {
		body: { ...request.body, stream: streaming },
		itemIndex,
	};
	const references = { chunks: [] as IDataObject[], docAggs: new Map<string, IDataObject>() };

	// Before v0.25.2 the agent is asked at `/agents/{id}/completions` (same body and events).
	const post = async <T>(send: (path: string) => Promise<T>): Promise<T> =>
		await withFallback(
			this,
			'agentCompletions',
			async () => await send('/agents/chat/completions'),
			async () => await send(`/agents/${String(request.body.agent_id)}/completions`),
		);

	if (!streaming) {
		const response: RagflowEnvelope = await post(
			async (path) =>
				await ragflowRequest.call(this, 'POST', path, { ...options, expectData: true }),
		);
		assertNoErrorText(this, response.data, itemIndex);
		const final = (response.data ?? {}) as IDataObject;
		const data = (final.data ?? {}) as IDataObject;
		assertNoErrorText(this, data.content, itemIndex);
		mergeAgentReference(references, data.reference);
		return compact({
			...splitReasoning(data.content),
			references: references.chunks,
			doc_aggs: [...references.docAggs.values()],
			session_id: final.session_id,
			message_id: final.message_id,
			structured: data.structured,
			usage: data.usage,
			waiting_for_inputs: final.event === 'user_inputs' ? data : undefined,
		} as IDataObject);
	}

	const response = await post(
		async (path) => await ragflowStreamRequest.call(this, 'POST', path, options),
	);
	const forwarder = new ChunkForwarder(this, itemIndex);
	// Agent `message` events are always deltas.
	const state = new AnswerState('delta');
	const ids: IDataObject = {};
	let usage: unknown;
	let waiting: unknown;
	// Checked before anything is streamed: a JSON answer here is an error, not an empty stream.
	const events = readEventStream(this, response, { itemIndex });
	await forwarder.around(
		async () => {
			for await (const event of events) {
				if (event.session_id) ids.session_id = event.session_id;
				if (event.message_id) ids.message_id = event.message_id;
				const data = (event.data ?? {}) as IDataObject;
				switch (event.event) {
					case 'message':
						assertNoErrorText(this, data.content, itemIndex);
						await forwarder.item(state.add(data, data.content));
						break;
					case 'message_end':
						mergeAgentReference(references, data.reference);
						break;
					case 'user_inputs':
						waiting = data;
						break;
					case 'workflow_finished':
						usage = data.usage;
						break;
					default:
						break;
				}
			}
		},
		() => state.answer.answer,
	);
	return compact({
		answer: state.answer.answer,
		reasoning: state.reasoning || undefined,
		references: references.chunks,
		doc_aggs: [...references.docAggs.values()],
		session_id: ids.session_id,
		message_id: ids.message_id,
		usage,
		waiting_for_inputs: waiting,
	} as IDataObject);
}
