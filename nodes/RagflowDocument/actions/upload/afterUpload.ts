import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { withFallback } from '../../../shared/compat';
import { ragflowRequest } from '../../../shared/transport';
import type { Failure } from '../../../shared/router';
import type { IfExists, UploadEntry } from './ifExists';

/**
 * The steps after the upload, for the documents it stored: set their metadata, then (Replace)
 * delete the documents they replace and give them the name. The order keeps everything: the
 * existing document is deleted only once the new one is stored with its metadata, and a new
 * document is renamed only once the name is free. A step that fails stops the later steps for the
 * documents concerned, and the failure says where each of them was left.
 */

/** How a failed request left things: refused by RAGFlow (nothing changed), or unknown. */
interface StepError {
	message: string;
	refused: boolean;
}

/**
 * RAGFlow refuses a request (codes 101–109: invalid, not found, duplicate, no permission) before
 * it changes anything. Any other failure (no answer, a timeout, an exception in RAGFlow) leaves it
 * unknown whether the change happened.
 */
function stepError(error: unknown): StepError {
	const message = (error instanceof Error ? error.message : String(error)).replace(/\.?\s*$/, '');
	const code = error instanceof NodeApiError ? String(error.httpCode ?? '') : '';
	return { message, refused: /^10[1-9]$/.test(code) };
}

async function updateDocument(
	ctx: IExecuteFunctions,
	i: number,
	datasetId: string,
	documentId: string,
	body: IDataObject,
): Promise<IDataObject | undefined> {
	// Before v0.25 the same update is a PUT (as in Document → Update).
	const path = `/datasets/${datasetId}/documents/${documentId}`;
	const response = await withFallback(
		ctx,
		'documentPatch',
		async () => await ragflowRequest.call(ctx, 'PATCH', path, { body, itemIndex: i }),
		async () => await ragflowRequest.call(ctx, 'PUT', path, { body, itemIndex: i }),
	);
	return response.data && typeof response.data === 'object'
		? (response.data as IDataObject)
		: undefined;
}

/** A message as the end of a sentence. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
const quoted = (doc: IDataObject) => `"${String(doc.name)}" (${String(doc.id)})`;
const list = (docs: IDataObject[]) => docs.map(quoted).join(', ');

interface Problem {
	entry: UploadEntry;
	short: string;
	detail: string;
	oldDocuments: 'kept' | 'deleted' | 'unknown' | 'none';
}

export interface AfterUploadResult {
	/** Entries whose document reached its final state (the others are in `failure`). */
	done: UploadEntry[];
	failure?: Failure;
}

/**
 * Runs the steps after the upload for the entries that have a stored document. `metaFields` is
 * set on each of them when given (one update request per document).
 */
export async function afterUpload(
	ctx: IExecuteFunctions,
	i: number,
	datasetId: string,
	mode: IfExists,
	entries: UploadEntry[],
	metaFields: IDataObject | undefined,
): Promise<AfterUploadResult> {
	const stored = entries.filter((entry) => entry.doc);
	const problems: Problem[] = [];
	const fail = (problem: Problem) => {
		problem.entry.problem = true;
		problems.push(problem);
	};
	const replacing = (entry: UploadEntry) => mode === 'replace' && entry.existing.length > 0;

	// RAGFlow gave a checked name a number: a document with that name appeared after the check.
	if (mode !== 'keepBoth') {
		for (const entry of stored) {
			const doc = entry.doc!;
			if (replacing(entry) || doc.name === entry.name) continue;
			fail({
				entry,
				short: `"${entry.name}" was stored as "${String(doc.name)}"`,
				detail: `RAGFlow stored "${entry.name}" as ${quoted(doc)}, not under that name: RAGFlow numbers a name that is taken, so a document with it was probably added after the node looked (by another execution running at the same time?). The new document is kept; delete it or the other one.`,
				oldDocuments: 'none',
			});
		}
	}

	if (metaFields) {
		for (const entry of stored.filter((e) => !e.problem)) {
			const doc = entry.doc!;
			try {
				await updateDocument(ctx, i, datasetId, String(doc.id), { meta_fields: metaFields });
			} catch (error) {
				const { message, refused } = stepError(error);
				const old = replacing(entry)
					? ` The existing ${list(entry.existing)} was not replaced and is kept.`
					: '';
				fail({
					entry,
					short: `Metadata could not be set on "${String(doc.name)}"`,
					detail: `${quoted(doc)} is stored ${refused ? 'without metadata' : 'but may be without metadata'}: ${sentence(message)}${old}`,
					oldDocuments: replacing(entry) ? 'kept' : 'none',
				});
			}
		}
	}

	if (mode === 'replace') {
		const toDelete = stored.filter((entry) => !entry.problem && replacing(entry));
		const ids = toDelete.flatMap((entry) => entry.existing.map((doc) => String(doc.id)));
		let deleteError: string | undefined;
		let oldState: Problem['oldDocuments'] = 'unknown';
		if (ids.length > 0) {
			try {
				const response = await ragflowRequest.call(
					ctx,
					'DELETE',
					`/datasets/${datasetId}/documents`,
					{ body: { ids }, itemIndex: i },
				);
				const data = (response.data ?? {}) as IDataObject;
				const deleted = typeof data.deleted === 'number' ? data.deleted : data.success_count;
				const errors = Array.isArray(data.errors) ? (data.errors as unknown[]) : [];
				if (errors.length > 0 || (typeof deleted === 'number' && deleted < ids.length)) {
					deleteError = `RAGFlow deleted only ${String(deleted ?? ids.length - errors.length)} of ${ids.length} documents${errors.length ? ` (${errors.map(String).join('; ')})` : ''}; check which still exist`;
				}
			} catch (error) {
				const { message, refused } = stepError(error);
				deleteError = refused
					? `${message}; nothing was deleted`
					: `${message}; they may or may not have been deleted`;
				if (refused) oldState = 'kept';
			}
		}
		for (const entry of toDelete) {
			const doc = entry.doc!;
			if (deleteError !== undefined) {
				fail({
					entry,
					short: `The existing "${entry.name}" could not be deleted`,
					detail: `The new "${entry.name}" is stored as ${quoted(doc)}${metaFields ? ' with its metadata' : ''}, not renamed. Deleting the existing ${list(entry.existing)} failed: ${deleteError}.`,
					oldDocuments: oldState,
				});
				continue;
			}
			if (doc.name === entry.name) continue;
			try {
				const updated = await updateDocument(ctx, i, datasetId, String(doc.id), {
					name: entry.name,
				});
				entry.doc = { ...doc, name: updated?.name ?? entry.name };
			} catch (error) {
				const { message, refused } = stepError(error);
				fail({
					entry,
					short: `"${String(doc.name)}" could not be renamed to "${entry.name}"`,
					detail: `The existing ${list(entry.existing)} was deleted; the new document is stored as ${quoted(doc)}${metaFields ? ' with its metadata' : ''} and ${refused ? 'renaming it' : 'it is unknown whether renaming it'} to "${entry.name}" failed: ${sentence(message)} Rename it with Document → Update.`,
					oldDocuments: 'deleted',
				});
			}
		}
	}

	const done = stored.filter((entry) => !entry.problem);
	if (problems.length === 0) return { done };
	const what = mode === 'replace' ? 'replaced' : 'stored';
	return {
		done,
		failure: {
			message:
				problems.length === 1
					? problems[0].short
					: `${problems.length} of ${stored.length} files were not fully ${what}: ${problems.map((p) => p.short).join('; ')}`,
			description: problems.map((p) => p.detail).join('\n'),
			details: {
				incomplete_documents: problems.map((p) => ({
					name: p.entry.name,
					stored_name: String(p.entry.doc!.name),
					id: String(p.entry.doc!.id),
					old_document_ids: p.entry.existing.map((d) => String(d.id)),
					old_documents: p.oldDocuments,
				})),
			},
		},
	};
}
