import type { RunResult } from '../harness/runWorkflow';
import { id } from '../harness/ragflowMock';

// What the Session node's tests (test/session/*.test.ts) share: ids and a retrieval reference.

export const CHAT = id('c1');
export const SESSION = id('5e');
export const NEW_SESSION = id('5f');
export const AGENT = id('a1');
export const DOC = id('d0c');
export const DS = id('d5');
export const rl = (value: string) => ({ __rl: true, mode: 'id', value });

export const refChunk = {
	id: 'chunk1',
	content: 'New employees get 25 days.',
	document_id: DOC,
	document_name: 'handbook.pdf',
	dataset_id: DS,
	image_id: '',
	positions: [[1, 2, 3, 4, 5]],
	url: null,
	similarity: 0.91,
	vector_similarity: 0.88,
	term_similarity: 0.95,
	row_id: 'x',
	doc_type: '',
	document_metadata: {},
};
export const refOut = {
	id: 'chunk1',
	content: 'New employees get 25 days.',
	document_id: DOC,
	document_name: 'handbook.pdf',
	dataset_id: DS,
	similarity: 0.91,
	vector_similarity: 0.88,
	term_similarity: 0.95,
	positions: [[1, 2, 3, 4, 5]],
	document_metadata: {},
};
export const docAggs = [{ doc_name: 'handbook.pdf', doc_id: DOC, count: 1 }];

/** The chunks n8n would stream to the user, as [type, content] pairs. */
export const streamed = (result: RunResult) =>
	result.chunks.map((c) => [c.type, c.content ?? null]);
