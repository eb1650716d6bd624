import { gate } from './harness/gate.cts';
import { fail, id, ok, ragflowApi, setupNock, currentServerProbe } from './harness/ragflowMock';
import { jsonOf, runNode } from './harness/runWorkflow';

setupNock();

const DS1 = id('d1');
const DS2 = id('d2');
const DOC = id('c1');

const rawChunk = (n: number) => ({
	id: `chunk${n}`,
	content: `text ${n}`,
	content_ltks: 'tokenized noise',
	document_id: DOC,
	document_keyword: 'handbook.pdf',
	dataset_id: DS1,
	important_keywords: [],
	image_id: '',
	similarity: 0.9 - n / 1000,
	vector_similarity: 0.8,
	term_similarity: 0.7,
	positions: [[1, 10, 20, 30, 40]],
	highlight: `<em>text</em> ${n}`,
});

const chunkOut = (n: number) => ({
	id: `chunk${n}`,
	content: `text ${n}`,
	document_id: DOC,
	document_name: 'handbook.pdf',
	dataset_id: DS1,
	similarity: 0.9 - n / 1000,
	vector_similarity: 0.8,
	term_similarity: 0.7,
	highlight: `<em>text</em> ${n}`,
	positions: [[1, 10, 20, 30, 40]],
	important_keywords: [],
});

const docAggs = [{ doc_name: 'handbook.pdf', doc_id: DOC, count: 3 }];

describe('RAGFlow Retrieve', () => {
	it('sends every retrieval setting under the server names and returns one item per chunk', async () => {
		currentServerProbe();
		const scope = ragflowApi()
			.post('/api/v1/retrieval', {
				question: 'How many vacation days?',
				dataset_ids: [DS1, DS2],
				document_ids: [DOC],
				similarity_threshold: 0.35,
				vector_similarity_weight: 0.6,
				top_k: 200,
				rerank_id: 'BAAI/bge-reranker-v2-m3',
				keyword: true,
				highlight: true,
				cross_languages: ['English', 'German'],
				metadata_condition: {
					logic: 'or',
					conditions: [
						{ name: 'author', comparison_operator: 'is', value: 'HR' },
						{ name: 'tag', comparison_operator: 'not empty', value: '' },
					],
				},
				use_kg: true,
				toc_enhance: true,
				include_metadata: true,
				page: 1,
				page_size: 3,
			})
			.reply(200, ok({ total: 3, chunks: [1, 2, 3].map(rawChunk), doc_aggs: docAggs }));
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: {
				question: '  How many vacation days? ',
				datasetIds: [DS1, DS2],
				returnAll: false,
				limit: 3,
				options: {
					documentIds: DOC,
					similarityThreshold: 0.35,
					vectorSimilarityWeight: 0.6,
					topK: 200,
					rerankModel: 'BAAI/bge-reranker-v2-m3',
					keywordExtraction: true,
					highlight: true,
					crossLanguages: 'English, German',
					metadataLogic: 'or',
					metadataFilter: {
						conditions: [
							{ key: 'author', operator: 'is', value: 'HR' },
							{ key: 'tag', operator: 'isNotEmpty', value: 'ignored' },
						],
					},
					useKnowledgeGraph: true,
					tocEnhancement: true,
					includeMetadata: true,
				},
			},
		});
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([1, 2, 3].map(chunkOut));
		expect(result.items.map((item) => item.pairedItem)).toEqual(Array(3).fill({ item: 0 }));
		scope.done();
	});

	it('sends every metadata filter operator in the spelling /retrieval reads', async () => {
		currentServerProbe();
		const operators: Array<[string, string]> = [
			['is', 'is'],
			['isNot', '!='],
			['contains', 'contains'],
			['notContains', 'not contains'],
			['startsWith', 'start with'],
			['endsWith', 'end with'],
			['in', 'in'],
			['notIn', 'not in'],
			['greaterThan', '>'],
			['greaterThanOrEqual', '>='],
			['lessThan', '<'],
			['lessThanOrEqual', '<='],
			['isEmpty', 'empty'],
			['isNotEmpty', 'not empty'],
		];
		const noValue = ['isEmpty', 'isNotEmpty'];
		const scope = ragflowApi()
			.post('/api/v1/retrieval', {
				question: 'q',
				dataset_ids: [DS1],
				metadata_condition: {
					logic: 'and',
					conditions: operators.map(([operator, ragflow]) => ({
						name: `k_${operator}`,
						comparison_operator: ragflow,
						value: noValue.includes(operator) ? '' : '2026-01-31',
					})),
				},
				page: 1,
				page_size: 10,
			})
			.reply(200, ok({ total: 0, chunks: [], doc_aggs: [] }));
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: {
				question: 'q',
				datasetIds: [DS1],
				options: {
					metadataFilter: {
						conditions: operators.map(([operator]) => ({
							key: `k_${operator}`,
							operator,
							value: '2026-01-31',
						})),
					},
				},
			},
		});
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([]);
		scope.done();
	});

	it('returns all chunks across pages of 100, stopping at the total', async () => {
		const all = Array.from({ length: 230 }, (_, n) => rawChunk(n));
		const scope = ragflowApi();
		for (const page of [1, 2, 3]) {
			scope
				.post('/api/v1/retrieval', (body) => body.page === page && body.page_size === 100)
				.reply(
					200,
					ok({ total: 230, chunks: all.slice((page - 1) * 100, page * 100), doc_aggs: docAggs }),
				);
		}
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: { question: 'q', datasetIds: [DS1], returnAll: true },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(230);
		expect(result.items[229].json.id).toBe('chunk229');
		scope.done();
	});

	it('starts at the given page with the given page size and stops at the limit', async () => {
		const scope = ragflowApi()
			.post('/api/v1/retrieval', (body) => body.page === 3 && body.page_size === 2)
			.reply(200, ok({ total: 50, chunks: [rawChunk(5), rawChunk(6)], doc_aggs: docAggs }))
			.post('/api/v1/retrieval', (body) => body.page === 4 && body.page_size === 2)
			.reply(200, ok({ total: 50, chunks: [rawChunk(7), rawChunk(8)], doc_aggs: docAggs }));
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: {
				question: 'q',
				datasetIds: [DS1],
				returnAll: false,
				limit: 3,
				options: { startPage: 3, pageSize: 2 },
			},
		});
		expect(result.items.map((item) => item.json.id)).toEqual(['chunk5', 'chunk6', 'chunk7']);
		scope.done();
	});

	it('returns one item with all chunks, doc_aggs and total when asked to', async () => {
		ragflowApi()
			.post('/api/v1/retrieval', (body) => body.page_size === 10)
			.reply(200, ok({ total: 2, chunks: [rawChunk(1), rawChunk(2)], doc_aggs: docAggs }));
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: {
				question: 'q',
				datasetIds: [DS1],
				options: { outputMode: 'combined' },
			},
		});
		expect(jsonOf(result)).toEqual([
			{ total: 2, chunks: [chunkOut(1), chunkOut(2)], doc_aggs: docAggs },
		]);
	});

	it('runs as an AI-agent tool call: $fromAI parameters are filled from the tool call arguments', async () => {
		// In tool mode n8n runs the node with the agent's arguments as input (`query`), and `$fromAI`
		// resolves from there: the same resolution happens here in a normal run.
		const scope = ragflowApi()
			.post('/api/v1/retrieval', {
				question: 'What is the refund policy?',
				dataset_ids: [DS1, DS2],
				page: 1,
				page_size: 4,
			})
			.reply(200, ok({ total: 1, chunks: [rawChunk(1)], doc_aggs: docAggs }));
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: {
				question:
					"={{ $fromAI('question', 'The question to search the knowledge base for', 'string') }}",
				datasetIds: `={{ $fromAI('dataset_ids', 'Comma-separated dataset IDs', 'string') }}`,
				returnAll: false,
				limit: "={{ $fromAI('limit', 'How many chunks to return', 'number', 4) }}",
			},
			input: [
				{
					json: {
						query: {
							question: 'What is the refund policy?',
							dataset_ids: `${DS1},${DS2}`,
							limit: '4',
						},
					},
				},
			],
		});
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([chunkOut(1)]);
		scope.done();
	});

	it('searches several input items in parallel with Concurrency and keeps the input order', async () => {
		const events: string[] = [];
		// No answer before all four requests are out (one at a time, the first would wait until the
		// gate's limit), and the first item answers last: the output must still follow the input order.
		const allSent = gate();
		const answered: Array<Promise<void>> = [];
		const scope = ragflowApi();
		for (const n of [1, 2, 3, 4]) {
			scope
				.post('/api/v1/retrieval', (body) => body.question === `q${n}`)
				.reply(200, async () => {
					events.push(`sent q${n}`);
					if (events.length === 4) allSent.open();
					await allSent.opened;
					if (n === 1) await Promise.all(answered);
					events.push(`answered q${n}`);
					return ok({ total: 1, chunks: [rawChunk(n)], doc_aggs: [] });
				});
		}
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: {
				question: '={{ $json.q }}',
				datasetIds: [DS1],
				options: { concurrency: 4 },
			},
			input: [1, 2, 3, 4].map((n) => ({ json: { q: `q${n}` } })),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.id, item.pairedItem])).toEqual([
			['chunk1', { item: 0 }],
			['chunk2', { item: 1 }],
			['chunk3', { item: 2 }],
			['chunk4', { item: 3 }],
		]);
		// All four requests were sent before any answer came back.
		expect(events.slice(0, 4).sort()).toEqual(['sent q1', 'sent q2', 'sent q3', 'sent q4']);
		expect(events.at(-1)).toBe('answered q1');
		scope.done();
	});

	it.each([
		['a blank question', { question: '   ' }, /Question is empty/],
		['no dataset', { datasetIds: '={{ [] }}' }, /No dataset selected/],
		['a malformed dataset id', { datasetIds: '={{ "abc" }}' }, /not a valid dataset ID/],
		[
			'a similarity threshold above 1',
			{ options: { similarityThreshold: 1.5 } },
			/Similarity Threshold must be between 0 and 1/,
		],
		[
			'a vector weight below 0',
			{ options: { vectorSimilarityWeight: -0.1 } },
			/Vector Similarity Weight must be between 0 and 1/,
		],
		['top K of 0', { options: { topK: 0 } }, /Top K must be greater than 0/],
		[
			'a page size above 100',
			{ options: { pageSize: 500 } },
			/Page Size must be between 1 and 100/,
		],
		[
			'a metadata condition without key',
			{ options: { metadataFilter: { conditions: [{ key: ' ', operator: 'is' }] } } },
			/A metadata filter condition has no key/,
		],
		[
			'an unknown metadata operator',
			{
				options: {
					metadataFilter: { conditions: [{ key: 'a', operator: '={{ "not is" }}', value: 'x' }] },
				},
			},
			/Unknown metadata filter operator "not is"/,
		],
	])('rejects %s before any request', async (_label, params, message) => {
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: { question: 'q', datasetIds: [DS1], ...params },
		});
		expect(result.error?.message).toMatch(message);
	});

	it('reports a RAGFlow error envelope, and with continue-on-fail goes on with the next item', async () => {
		ragflowApi()
			.post('/api/v1/retrieval', (body) => body.question === 'bad')
			.reply(200, fail(102, `You don't own the dataset ${DS1}.`))
			.post('/api/v1/retrieval', (body) => body.question === 'good')
			.reply(200, ok({ total: 1, chunks: [rawChunk(1)], doc_aggs: [] }));
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: { question: '={{ $json.q }}', datasetIds: [DS1] },
			input: [{ json: { q: 'bad' } }, { json: { q: 'good' } }],
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.error).toBe(`RAGFlow error 102: You don't own the dataset ${DS1}.`);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[1].json.id).toBe('chunk1');
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('fails the node on an error envelope without continue-on-fail', async () => {
		ragflowApi()
			.post('/api/v1/retrieval')
			.reply(200, fail(102, 'No chunk found! Check the chunk status please!'));
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: { question: 'q', datasetIds: [DS1] },
		});
		expect(result.error?.message).toBe(
			'RAGFlow error 102: No chunk found! Check the chunk status please!',
		);
	});

	it('is usable as an AI-agent tool and describes its question for the agent', async () => {
		const { RagflowRetrieve } = await import('../nodes/RagflowRetrieve/RagflowRetrieve.node');
		const description = new RagflowRetrieve().description;
		expect(description.usableAsTool).toBe(true);
		const question = description.properties.find((p) => p.name === 'question');
		expect(question?.description).toMatch(/most relevant/);
	});
});
