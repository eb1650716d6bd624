import { simplifyChunk } from '../nodes/shared/chunks';

/**
 * One chunk shape for users: the same text found by Retrieve and cited in a chat or agent answer
 * comes out with the same keys, whatever raw keys RAGFlow used for it.
 */
const expected = {
	id: '8f3a9c0d1e2b4a5f',
	content: 'New employees get 25 vacation days.',
	document_id: 'd0c0000000000000000000000000000a',
	document_name: 'handbook.pdf',
	dataset_id: 'da7a000000000000000000000000000a',
	similarity: 0.91,
	positions: [[1, 10, 20, 30, 40]],
	image_id: 'da7a000000000000000000000000000a-8f3a9c0d1e2b4a5f',
};

describe('simplifyChunk', () => {
	it('maps a retrieval chunk, a chat reference and a raw index row to the same item', () => {
		const retrieval = {
			id: expected.id,
			content: expected.content,
			content_ltks: 'new employe get 25 vacat day',
			document_id: expected.document_id,
			document_keyword: expected.document_name,
			dataset_id: expected.dataset_id,
			similarity: 0.91,
			positions: expected.positions,
			image_id: expected.image_id,
			url: '',
		};
		const reference = {
			id: expected.id,
			content: expected.content,
			document_id: expected.document_id,
			document_name: expected.document_name,
			dataset_id: expected.dataset_id,
			similarity: 0.91,
			positions: expected.positions,
			image_id: expected.image_id,
			url: null,
			row_id: null,
		};
		const raw = {
			chunk_id: expected.id,
			content_with_weight: expected.content,
			doc_id: expected.document_id,
			docnm_kwd: expected.document_name,
			kb_id: expected.dataset_id,
			similarity: 0.91,
			position_int: expected.positions,
			img_id: expected.image_id,
		};
		expect(simplifyChunk(retrieval)).toEqual(expected);
		expect(simplifyChunk(reference)).toEqual(expected);
		expect(simplifyChunk(raw)).toEqual(expected);
	});

	it('keeps the retrieval-only fields when the chunk has them', () => {
		const chunk = {
			id: expected.id,
			content: expected.content,
			highlight: 'New employees get 25 <em>vacation</em> days.',
			important_keywords: ['vacation'],
			term_similarity: 0.5,
			vector_similarity: 0.8,
		};
		expect(simplifyChunk(chunk)).toEqual(chunk);
	});
});
