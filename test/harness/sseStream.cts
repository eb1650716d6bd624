/**
 * SSE response bodies for nock: a Node Readable that sends the given parts one by one (optionally
 * with a pause between them), the way a RAGFlow server flushes events over the network. Lives in a
 * `.cts` file because it needs node:stream and timers, which the node lint rules forbid in `.ts`.
 */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SseBody {
	stream: Readable;
	/** Date.now() at which each part was handed to the HTTP layer. */
	sentAt: number[];
}

export function sseBody(
	parts: Array<string | Buffer>,
	options: {
		gapMs?: number;
		gaps?: number[];
		/** Part i is sent only once `waitFor[i]` has settled (order instead of time). */
		waitFor?: Array<Promise<unknown> | undefined>;
	} = {},
): SseBody {
	const sentAt: number[] = [];
	async function* produce() {
		for (let i = 0; i < parts.length; i++) {
			const gap = options.gaps?.[i] ?? (i === 0 ? 0 : (options.gapMs ?? 0));
			if (gap > 0) await sleep(gap);
			await options.waitFor?.[i];
			sentAt.push(Date.now());
			yield typeof parts[i] === 'string' ? Buffer.from(parts[i] as string) : parts[i];
		}
	}
	return { stream: Readable.from(produce()), sentAt };
}

/** Splits a text into byte chunks of `size` bytes (cutting lines and UTF-8 characters anywhere). */
export function splitBytes(text: string, size: number): Buffer[] {
	const bytes = Buffer.from(text, 'utf8');
	const parts: Buffer[] = [];
	for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
	return parts;
}

export const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8' };
