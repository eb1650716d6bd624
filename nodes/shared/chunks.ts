import type { IDataObject } from 'n8n-workflow';

import { compact } from './utils';

/**
 * A chunk as users and agents need it, the same for a retrieval chunk (`POST /retrieval`) and a
 * reference chunk of a chat or agent answer; tokenizer output and internal fields are dropped. The
 * two come with different raw keys (retrieval: `document_keyword`, `important_keywords`; references:
 * `document_name`; raw index rows: `chunk_id`, `content_with_weight`, `doc_id`, `docnm_kwd`,
 * `kb_id`, `img_id`, `position_int`, `important_kwd`), read here into one set of output keys. A key
 * the chunk does not carry is left out (e.g. `highlight` outside a highlighted retrieval).
 */
export function simplifyChunk(chunk: IDataObject): IDataObject {
	return compact({
		id: chunk.id ?? chunk.chunk_id,
		content: chunk.content ?? chunk.content_with_weight,
		document_id: chunk.document_id ?? chunk.doc_id,
		document_name: chunk.document_name ?? chunk.document_keyword ?? chunk.docnm_kwd,
		dataset_id: chunk.dataset_id ?? chunk.kb_id,
		similarity: chunk.similarity,
		vector_similarity: chunk.vector_similarity,
		term_similarity: chunk.term_similarity,
		highlight: chunk.highlight,
		positions: chunk.positions ?? chunk.position_int,
		important_keywords: chunk.important_keywords ?? chunk.important_kwd,
		image_id: chunk.image_id || chunk.img_id || undefined,
		url: chunk.url || undefined,
		document_metadata: chunk.document_metadata,
	} as IDataObject);
}
