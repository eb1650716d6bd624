import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { AnswerAssembler, parseSseStream, readEventStream } from '../nodes/shared/sse';
import { splitBytes } from './harness/sseStream.cts';

const node = {
	id: '1',
	name: 'RAGFlow',
	type: 'x',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as INode;
const ctx = { getNode: () => node } as unknown as IExecuteFunctions;

async function* chunksOf(parts: Array<string | Uint8Array>) {
	for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

async function collect(parts: Array<string | Uint8Array>): Promise<IDataObject[]> {
	const events: IDataObject[] = [];
	for await (const event of parseSseStream(ctx, chunksOf(parts))) events.push(event);
	return events;
}

const chatEvent = (data: IDataObject) =>
	`data:${JSON.stringify({ code: 0, message: '', data })}\n\n`;

const chatStream =
	chatEvent({ answer: 'Héllo ', final: false, id: 'm1', session_id: 's1' }) +
	chatEvent({ answer: 'wörld 🌍', final: false, id: 'm1', session_id: 's1' }) +
	chatEvent({
		answer: '',
		final: true,
		reference: { chunks: [{ id: 'c1' }] },
		id: 'm1',
		session_id: 's1',
	}) +
	'data:{"code": 0, "message": "", "data": true}\n\n';

describe('SSE parser', () => {
	it('parses `data:` lines without a space and stops at the closing data:true event', async () => {
		const events = await collect([chatStream + chatEvent({ answer: 'after the end' })]);
		expect(events.map((e) => (e.data as IDataObject).answer)).toEqual(['Héllo ', 'wörld 🌍', '']);
		expect((events[2].data as IDataObject).final).toBe(true);
	});

	it.each([1, 2, 3, 5, 7, 13])(
		'gives the same events when the stream arrives in %i-byte pieces (split mid-line and mid-character)',
		async (size) => {
			const whole = await collect([chatStream]);
			const pieces = await collect(splitBytes(chatStream, size));
			expect(pieces).toEqual(whole);
			expect(pieces).toHaveLength(3);
		},
	);

	it('accepts `data: ` with a space, CRLF line ends, comments and other fields, and stops at [DONE]', async () => {
		const events = await collect([
			': keep-alive\r\n',
			'event: message\r\nid: 7\r\n',
			'data: {"event":"message","data":{"content":"A"}}\r\n\r\n',
			'data:{"event":"message_end","data":{}}\n\n',
			'data: [DONE]\n\n',
			'data: {"event":"message","data":{"content":"never"}}\n\n',
		]);
		expect(events.map((e) => e.event)).toEqual(['message', 'message_end']);
	});

	it('joins a JSON payload spread over several data lines', async () => {
		const events = await collect([
			'data: {"event":"message",\n',
			'data: "data":{"content":"x"}}\n\n',
			'data:[DONE]\n\n',
		]);
		expect(events).toEqual([{ event: 'message', data: { content: 'x' } }]);
	});

	it('reads the last event when the stream ends without a final newline', async () => {
		const events = await collect([
			'data:{"event":"message","data":{"content":"x"}}\n\ndata:[DONE]',
		]);
		expect(events).toEqual([{ event: 'message', data: { content: 'x' } }]);
	});

	it('raises an error when the stream ends without the final event, after the events it had', async () => {
		const seen: IDataObject[] = [];
		const run = async () => {
			for await (const event of parseSseStream(
				ctx,
				chunksOf([chatEvent({ answer: 'The refund policy is 30 da' })]),
			)) {
				seen.push(event);
			}
		};
		await expect(run()).rejects.toThrow('The answer stream ended before RAGFlow finished');
		expect(seen).toEqual([
			{ code: 0, message: '', data: { answer: 'The refund policy is 30 da' } },
		]);
	});

	it('raises an error envelope inside the chat stream as a NodeApiError', async () => {
		const stream =
			chatEvent({ answer: 'partial' }) +
			'data:{"code": 500, "message": "LLM timeout", "data": {"answer": "**ERROR**: LLM timeout", "reference": []}}\n\n' +
			'data:{"code": 0, "message": "", "data": true}\n\n';
		const seen: IDataObject[] = [];
		const run = async () => {
			for await (const event of parseSseStream(ctx, chunksOf(splitBytes(stream, 4)), {
				itemIndex: 2,
			})) {
				seen.push(event);
			}
		};
		await expect(run()).rejects.toThrow('RAGFlow error 500: LLM timeout');
		await expect(run()).rejects.toBeInstanceOf(NodeApiError);
		expect(seen).toHaveLength(2);
	});

	it('raises the agent runtime error event', async () => {
		await expect(
			collect([
				'data:{"code": 500, "message": "Tool failed", "data": false}\n\n',
				'data:[DONE]\n\n',
			]),
		).rejects.toThrow('RAGFlow error 500: Tool failed');
	});

	it('raises an event that is not JSON instead of skipping it', async () => {
		await expect(collect(['data:{"broken": \n\n'])).rejects.toThrow(/not valid JSON/);
	});

	it('yields each event as soon as its line is complete, before the stream ends', async () => {
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		async function* slow() {
			yield Buffer.from(chatEvent({ answer: 'first' }));
			await gate;
			yield Buffer.from(chatEvent({ answer: 'second' }));
			yield Buffer.from('data:{"code": 0, "message": "", "data": true}\n\n');
		}
		const iterator = parseSseStream(ctx, slow());
		const first = await iterator.next();
		expect((first.value as IDataObject).data).toEqual({ answer: 'first' });
		release();
		const second = await iterator.next();
		expect((second.value as IDataObject).data).toEqual({ answer: 'second' });
		expect((await iterator.next()).done).toBe(true);
	});

	describe('readEventStream', () => {
		it('refuses a JSON answer where a stream was expected', () => {
			expect(() =>
				readEventStream(ctx, {
					statusCode: 200,
					headers: { 'content-type': 'application/json' },
					body: { code: 0, data: { answer: 'x' } },
				}),
			).toThrow(/Expected a streamed answer/);
		});

		it('raises a JSON error envelope', () => {
			expect(() =>
				readEventStream(ctx, {
					statusCode: 200,
					headers: { 'content-type': 'application/json' },
					body: { code: 109, message: 'no authorization' },
				}),
			).toThrow('RAGFlow error 109: no authorization');
		});
	});
});

describe('AnswerAssembler', () => {
	it('concatenates deltas', () => {
		const a = new AnswerAssembler();
		expect(['Hel', 'lo', ' world'].map((t) => a.push(t))).toEqual(['Hel', 'lo', ' world']);
		expect(a.answer).toBe('Hello world');
	});

	it('turns cumulative (legacy) answers into deltas', () => {
		const a = new AnswerAssembler();
		expect(
			['Hel', 'Hello', 'Hello world', 'Hello world'].map((t, i) => a.push(t, i === 3)),
		).toEqual(['Hel', 'lo', ' world', '']);
		expect(a.answer).toBe('Hello world');
	});

	it('ignores a final event that repeats the whole answer (empty-response text)', () => {
		const a = new AnswerAssembler();
		a.push('Sorry! No relevant content was found.');
		expect(a.push('Sorry! No relevant content was found.', true)).toBe('');
		expect(a.answer).toBe('Sorry! No relevant content was found.');
	});

	it('keeps delta mode when told to, even if a delta repeats the text so far', () => {
		const a = new AnswerAssembler('delta');
		a.push('ha');
		a.push('ha!');
		expect(a.answer).toBe('haha!');
	});
});
