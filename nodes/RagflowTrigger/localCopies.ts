/**
 * The trigger's own copies of three helpers that are moving to `nodes/shared`. Each is used at
 * exactly one place (named below), so switching to the shared version is one import line, or
 * replacing a body here with a call to it.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { RAGFLOW_ID_REGEX } from '../shared/utils';

const RAGFLOW_ID = new RegExp(RAGFLOW_ID_REGEX);

/**
 * A list of IDs as a multi-select or an expression gives it: an array, or a string with the IDs
 * separated by commas or whitespace. Trimmed, without empty entries and duplicates, in the given
 * order. Used by `readConfig` (RagflowTrigger.node.ts) for "Dataset Names or IDs".
 */
export function splitIdList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(/[\s,]+/);
	return [...new Set(list.map((id) => String(id).trim()).filter((id) => id !== ''))];
}

/**
 * Throws a clear error unless `id` (already trimmed) looks like a RAGFlow dataset ID: 32 hexadecimal
 * characters. Used by `readConfig` (RagflowTrigger.node.ts) for every watched dataset.
 */
export function assertDatasetId(node: INode, id: string): void {
	if (!id) {
		throw new NodeOperationError(node, 'No dataset selected', {
			description: 'Choose the dataset to watch from the list or enter its ID.',
		});
	}
	if (!RAGFLOW_ID.test(id)) {
		throw new NodeOperationError(node, `"${id}" is not a valid dataset ID`, {
			description:
				'RAGFlow dataset IDs are 32 hexadecimal characters (e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3). Copy the ID from RAGFlow or pick the dataset from the list.',
		});
	}
}

/**
 * Whether the text of a RAGFlow refusal (code 102) says the dataset does not exist or belongs to
 * another user. Used by `explainDatasetError` (poll.ts).
 */
export function saysDatasetNotFound(text: string): boolean {
	return /own the dataset|lacks permission|can't find the dataset|not found/i.test(text);
}
