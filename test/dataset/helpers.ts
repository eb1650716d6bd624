import { id } from '../harness/ragflowMock';

// What the Dataset node's tests (test/dataset/*.test.ts) share: ids, datasets as RAGFlow returns them.

export const DS = id('d1');
export const rl = (value: string) => ({ __rl: true, mode: 'id', value });
export const dataset = (n: number) => ({ id: id(n), name: `ds-${n}`, chunk_method: 'naive' });

/** A dataset as RAGFlow returns it, and what Simplify keeps of it. */
export const simple = {
	id: DS,
	name: 'Handbook',
	description: 'HR docs',
	language: 'English',
	chunk_method: 'naive',
	embedding_model: 'bge-m3@Ollama',
	permission: 'me',
	document_count: 2,
	chunk_count: 40,
	token_num: 900,
	create_time: 1,
	update_time: 2,
};
export const full = {
	...simple,
	avatar: 'data:image/png;base64,iVBOR',
	tenant_id: 'tenant',
	created_by: 'tenant',
	parser_config: { chunk_token_num: 512, raptor: { use_raptor: false } },
	pagerank: 0,
	graphrag_task_id: null,
	create_date: 'Mon, 01 Jan 2026 00:00:00 GMT',
};
