/** Server-sent events and the answer "model" shared by chat, OpenAI and agent completions. */
import type { ServerResponse } from 'node:http';

import { sleep } from './http.cts';
import type { RetrievedChunk, SimulatorState } from './state.cts';
import { keywords } from './text.cts';

export class SseWriter {
	private started = false;
	private sent = 0;

	constructor(
		private res: ServerResponse,
		private delayMs: number,
		/** Awaited after the first event (the simulator's `holdStreams`). */
		private hold: () => Promise<void> = async () => {},
		/** `data:` (RAGFlow native) or `data: ` (agent OpenAI mode). */
		private prefix = 'data:',
	) {}

	get closed() {
		return this.res.destroyed || this.res.writableEnded;
	}

	/** One event per write, followed by a short pause so clients can observe streaming. */
	async send(payload: unknown) {
		if (this.closed) return;
		if (!this.started) {
			this.started = true;
			this.res.writeHead(200, {
				'Content-Type': 'text/event-stream; charset=utf-8',
				'Cache-Control': 'no-cache',
				Connection: 'keep-alive',
				'X-Accel-Buffering': 'no',
				'Access-Control-Allow-Origin': '*',
			});
			this.res.flushHeaders();
		}
		const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
		this.res.write(`${this.prefix}${text}\n\n`);
		if (++this.sent === 1) await this.hold();
		await sleep(this.delayMs);
	}

	end() {
		if (!this.res.writableEnded) this.res.end();
	}
}

export interface Answer {
	text: string;
	results: RetrievedChunk[];
	/** True when retrieval found nothing and the empty response was used. */
	empty: boolean;
}

/** The sentence of a chunk that shares the most keywords with the question (the first one on ties). */
function bestSentence(text: string, question: string): string {
	const wanted = new Set(keywords(question));
	const sentences = text
		.split(/(?<=[.!?])\s+|\n+/)
		.map((x) => x.replace(/\s+/g, ' ').trim())
		.filter(Boolean);
	let best = sentences[0] ?? '';
	let bestScore = -1;
	for (const sentence of sentences) {
		const hits = keywords(sentence).filter((k) => wanted.has(k)).length;
		if (hits > bestScore) {
			best = sentence;
			bestScore = hits;
		}
	}
	return best.length > 240 ? `${best.slice(0, 240)}…` : best;
}

/**
 * The simulator's "LLM": it answers from the retrieved chunks (the best-matching sentence of each, with a
 * citation marker), so answers and references are real and deterministic.
 */
export function composeAnswer(
	state: SimulatorState,
	question: string,
	opts: {
		datasetIds: string[];
		topN?: number;
		similarityThreshold?: number;
		vectorSimilarityWeight?: number;
		quote?: boolean;
		emptyResponse?: string;
		documentIds?: string[];
	},
): Answer {
	if (!opts.datasetIds.length) {
		return { text: `This is a simulated answer to: ${question.trim()}`, results: [], empty: false };
	}
	const results = state
		.retrieve({
			datasetIds: opts.datasetIds,
			documentIds: opts.documentIds,
			question,
			similarityThreshold: opts.similarityThreshold,
			vectorSimilarityWeight: opts.vectorSimilarityWeight,
		})
		.slice(0, opts.topN ?? 6);
	if (!results.length) {
		if (opts.emptyResponse) return { text: opts.emptyResponse, results: [], empty: true };
		return {
			text: `I could not find anything about "${question.trim()}" in the knowledge base.`,
			results: [],
			empty: false,
		};
	}
	const quote = opts.quote !== false;
	const parts = results
		.slice(0, 3)
		.map((r, i) => `${bestSentence(r.chunk.content, question)}${quote ? ` [ID:${i}]` : ''}`);
	return { text: `Based on the knowledge base: ${parts.join(' ')}`, results, empty: false };
}

/** Splits text into small deltas (a few words each) whose concatenation is the text. */
export function toDeltas(text: string, wordsPerDelta = 3): string[] {
	const tokens = text.match(/\S+\s*/g) ?? [];
	const lead = /^\s*/.exec(text)![0];
	const deltas: string[] = [];
	for (let i = 0; i < tokens.length; i += wordsPerDelta)
		deltas.push(tokens.slice(i, i + wordsPerDelta).join(''));
	if (lead && deltas.length) deltas[0] = lead + deltas[0];
	return deltas.length ? deltas : [text];
}

/** Rough token count for usage fields. */
export const countTokens = (text: string) =>
	Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length * 1.3));
