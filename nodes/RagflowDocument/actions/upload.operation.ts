import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { InputBinary } from '../../shared/binary';
import {
	binaryPropertyNames,
	getInputBinary,
	readInputBinary,
	readInputBinaryName,
} from '../../shared/binary';
import { datasetLocator, optionsCollection } from '../../shared/descriptions';
import type { MultipartPart } from '../../shared/multipart';
import { buildMultipartBody } from '../../shared/multipart';
import type { Failure, OperationResult } from '../../shared/router';
import { mergeFailures, partialResult } from '../../shared/router';
import { FEATURES, needsVersionError } from '../../shared/compat';
import type { RagflowEnvelope } from '../../shared/transport';
import { ragflowApiError, ragflowRequest, ragflowRequestUnchecked } from '../../shared/transport';
import {
	assertRagflowId,
	getLocatorValue,
	updateDisplayOptions,
	utf8Length,
} from '../../shared/utils';
import { readText, splitList } from '../../shared/validation';
import {
	readWaitSettings,
	SIMPLE_DOCUMENT_KEYS,
	SIMPLE_PARSE_KEYS,
	simplifyDocuments,
	simplifyField,
	startParsing,
	waitAndReport,
	waitOptions,
} from './common';
import { metaFieldsField, readMetaFields } from './metadataFields';
import { afterUpload } from './upload/afterUpload';
import type { UploadEntry } from './upload/ifExists';
import {
	arrangeOutput,
	attachDocuments,
	ifExistsOption,
	planUpload,
	provisionalName,
	readIfExists,
} from './upload/ifExists';

const properties: INodeProperties[] = [
	datasetLocator({
		description: 'The dataset to upload into. Choose from the list or enter its 32-character ID.',
	}),
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'Binary File',
				value: 'local',
				description: 'Upload files from binary fields of the input item',
			},
			{
				name: 'Empty Document',
				value: 'empty',
				description:
					'Create an empty document (to fill with chunks added by the RAGFlow Chunk node)',
			},
			{
				name: 'Web Page (URL)',
				value: 'web',
				description: 'Let RAGFlow fetch a web page and store it as a PDF',
			},
		],
		default: 'local',
		description: 'Where the document content comes from',
	},
	{
		displayName: 'Input Binary Field(s)',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data, attachment_0',
		hint: 'The name of the input binary field(s) holding the file(s); separate several with commas',
		description:
			'Names of the binary fields of the input item to upload, comma-separated. All files of one item are sent in one request; each becomes a document.',
		displayOptions: { show: { source: ['local'] } },
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/handbook.html',
		description: 'Address of the web page RAGFlow fetches, renders and stores as a PDF',
		displayOptions: { show: { source: ['web'] } },
	},
	{
		displayName: 'Document Name',
		name: 'documentName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. notes.txt',
		description:
			'Name of the new document, with its file extension (max 255 bytes). For a web page RAGFlow adds ".pdf".',
		displayOptions: { show: { source: ['web', 'empty'] } },
	},
	optionsCollection([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description:
				"Name to store the file under instead of the binary's file name. With several binary fields, give comma-separated names in the same order. A name without extension gets the original file's extension (RAGFlow detects the file type from it).",
			displayOptions: { show: { '/source': ['local'] } },
		},
		ifExistsOption,
		metaFieldsField(
			'Metadata to set on each new document (RAGFlow meta_fields), e.g. source = crawler, so that metadata filters in Retrieve and Get Many find what this upload stored. Set by one update request per document after the upload; skipped documents keep their own metadata.',
		),
		{
			displayName: 'Parent Path',
			name: 'parentPath',
			type: 'string',
			default: '',
			placeholder: 'e.g. contracts/2026',
			description:
				"Folder path (separated by /) under which RAGFlow's file manager stores the uploaded files",
			displayOptions: { show: { '/source': ['local'] } },
		},
		{
			displayName: 'Parse After Upload',
			name: 'parse',
			type: 'boolean',
			default: false,
			description: 'Whether to start parsing the new documents right after the upload',
		},
		...waitOptions,
	]),
	simplifyField,
];

export const description = updateDisplayOptions({ show: { operation: ['upload'] } }, properties);

function validName(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const trimmed = name.trim();
	if (trimmed === '') {
		throw new NodeOperationError(ctx.getNode(), 'Document name is empty', {
			itemIndex,
			description: 'Enter a file name with extension, e.g. notes.txt.',
		});
	}
	if (utf8Length(trimmed) > 255) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Document name "${trimmed.slice(0, 40)}…" is too long`,
			{
				itemIndex,
				description: `RAGFlow accepts names up to 255 bytes including the extension; this one has ${utf8Length(trimmed)}.`,
			},
		);
	}
	return trimmed;
}

function extensionOf(name: string): string {
	const match = /\.([^./\\]+)$/.exec(name);
	return match ? match[1] : '';
}

/** Applies a File Name override, keeping the original extension when the override has none. */
function overrideName(original: string, override: string | undefined): string {
	if (!override) return original;
	const ext = extensionOf(original);
	return extensionOf(override) || !ext ? override : `${override}.${ext}`;
}

/** The binary fields to upload and the names they are stored under, checked before any request. */
function localFiles(
	ctx: IExecuteFunctions,
	i: number,
	options: IDataObject,
): { properties: string[]; names: string[] } {
	const properties = binaryPropertyNames(ctx.getNodeParameter('binaryPropertyName', i));
	if (properties.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No input binary field given', {
			itemIndex: i,
			description: 'Enter the name of the binary field holding the file, e.g. data.',
		});
	}
	const overrides = options.fileName
		? splitList(readText(ctx, options.fileName, 'File Name', i), { by: 'comma', keepEmpty: true })
		: [];
	if (overrides.length > 0 && overrides.length !== properties.length) {
		throw new NodeOperationError(ctx.getNode(), 'File Name needs one name per binary field', {
			itemIndex: i,
			description: `${properties.length} binary field(s) but ${overrides.length} file name(s). Give comma-separated names in the order of the binary fields, or leave File Name empty to keep the files' own names.`,
		});
	}
	// Every field and name is checked before a stream is opened or a byte is sent.
	const names = properties.map((property, index) => {
		const binary = getInputBinary(ctx, i, property);
		const original = readInputBinaryName(binary, property);
		return validName(ctx, overrideName(original, overrides[index]), i);
	});
	return { properties, names };
}

async function uploadLocal(
	ctx: IExecuteFunctions,
	i: number,
	datasetId: string,
	options: IDataObject,
	properties: string[],
	names: string[],
): Promise<{ docs: IDataObject[]; envelope: RagflowEnvelope; fileNames: string[] }> {
	// Every file skipped (If a Document With This Name Exists → Skip): nothing to send.
	if (properties.length === 0) return { docs: [], envelope: { code: 0 }, fileNames: [] };
	const files: InputBinary[] = [];
	let envelope: RagflowEnvelope;
	try {
		for (const [index, property] of properties.entries()) {
			const file = await readInputBinary(ctx, i, property);
			file.fileName = names[index];
			files.push(file);
		}
		const parts: MultipartPart[] = files.map((file) => ({
			field: 'file',
			fileName: file.fileName,
			contentType: file.mimeType,
			content: file.content,
			size: file.size,
		}));
		if (options.parentPath) parts.push({ field: 'parent_path', value: String(options.parentPath) });
		const multipart = await buildMultipartBody(parts);
		envelope = await ragflowRequestUnchecked.call(ctx, 'POST', `/datasets/${datasetId}/documents`, {
			// n8n's request helper (axios) streams a Readable body; the option type does not list streams.
			body: multipart.body as unknown as IDataObject,
			headers: multipart.headers,
			itemIndex: i,
		});
	} finally {
		// A failed request can leave input streams unread; close them (a no-op once fully read).
		for (const file of files) {
			if (!Buffer.isBuffer(file.content)) file.content.destroy();
		}
	}
	const docs = Array.isArray(envelope.data) ? (envelope.data as IDataObject[]) : [];
	return { docs, envelope, fileNames: files.map((f) => f.fileName) };
}

/**
 * Servers before v0.25.1 do not read `?type=` and treat the request as a file upload without a
 * file (101 "No file part!"): nothing was created, so the error names the version instead.
 */
function typeRefusal(ctx: IExecuteFunctions, error: unknown, itemIndex: number): unknown {
	if (error instanceof NodeApiError && /No file part/i.test(String(error.message))) {
		const { what, since } = FEATURES.uploadWebEmpty;
		return needsVersionError(ctx, what, since, itemIndex);
	}
	return error;
}

function webAddress(ctx: IExecuteFunctions, i: number): string {
	const url = readText(ctx, ctx.getNodeParameter('url', i), 'URL', i).trim();
	if (!/^https?:\/\/[^\s]+$/i.test(url)) {
		throw new NodeOperationError(ctx.getNode(), `"${url}" is not a web address`, {
			itemIndex: i,
			description: 'Enter a full URL starting with http:// or https://.',
		});
	}
	return url;
}

/** Creates a web page (RAGFlow fetches `url`) or an empty document; returns the new document. */
async function createDocument(
	ctx: IExecuteFunctions,
	i: number,
	path: string,
	source: string,
	name: string,
	url: string,
): Promise<IDataObject> {
	if (source === 'web') {
		const multipart = await buildMultipartBody([
			{ field: 'name', value: name },
			{ field: 'url', value: url },
		]);
		const response = await ragflowRequest
			.call(ctx, 'POST', path, {
				qs: { type: 'web' },
				body: multipart.body as unknown as IDataObject,
				headers: multipart.headers,
				itemIndex: i,
			})
			.catch((error: unknown) => {
				throw typeRefusal(ctx, error, i);
			});
		return response.data as IDataObject;
	}
	const response = await ragflowRequest
		.call(ctx, 'POST', path, {
			qs: { type: 'empty' },
			body: { name },
			itemIndex: i,
		})
		.catch((error: unknown) => {
			throw typeRefusal(ctx, error, i);
		});
	return response.data as IDataObject;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<OperationResult> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const source = this.getNodeParameter('source', i) as string;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const waitSettings = readWaitSettings(this, i);
	const parse = waitSettings !== undefined || options.parse === true;
	const ifExists = readIfExists(this, options, i);
	const metaFields = readMetaFields(this, options.metaFields, i);
	const newMetadata = metaFields && Object.keys(metaFields).length > 0 ? metaFields : undefined;
	const path = `/datasets/${datasetId}/documents`;

	let docs: IDataObject[] = [];
	let entries: UploadEntry[];
	let loose: IDataObject[] = [];
	let failure: Failure | undefined;
	if (source === 'local') {
		const local = localFiles(this, i, options);
		entries = await planUpload(this, i, datasetId, ifExists, local.names);
		const sent = (list: string[]) => list.filter((_, index) => !entries[index].skip);
		const upload = await uploadLocal(
			this,
			i,
			datasetId,
			options,
			sent(local.properties),
			sent(local.names),
		);
		docs = upload.docs;
		let failed: string[] = [];
		if (upload.envelope.code !== 0) {
			// Nothing uploaded: a plain RAGFlow error.
			if (docs.length === 0) throw ragflowApiError(this, upload.envelope, { itemIndex: i });
			// Code 500 with data: some files made it, the others are named in the message.
			// RAGFlow names each failed file in the message ("<file>: <reason>", one per line);
			// created names can differ from the sent ones ("a(1).pdf" for duplicates).
			const message = String(upload.envelope.message ?? '');
			const created = new Set(docs.map((d) => String(d.name)));
			const named = upload.fileNames.filter((name) => message.includes(`${name}:`));
			failed = named.length ? named : upload.fileNames.filter((name) => !created.has(name));
			failure = {
				message: `${failed.length || 'Some'} of ${upload.fileNames.length} files failed to upload${failed.length ? `: ${failed.join(', ')}` : ''}`,
				description: `RAGFlow reported: ${String(upload.envelope.message ?? '')}\nCreated documents (kept in the dataset): ${docs.map((d) => `${String(d.name)} (${String(d.id)})`).join(', ')}`,
				details: {
					failed_files: failed,
					created_document_ids: docs.map((d) => d.id) as string[],
					ragflow_message: String(upload.envelope.message ?? ''),
				},
			};
		}
		loose = attachDocuments(entries, docs, failed);
	} else {
		const name = validName(
			this,
			readText(this, this.getNodeParameter('documentName', i), 'Document Name', i),
			i,
		);
		const url = source === 'web' ? webAddress(this, i) : '';
		// RAGFlow stores a web page as "<name>.pdf".
		entries = await planUpload(this, i, datasetId, ifExists, [
			source === 'web' ? `${name}.pdf` : name,
		]);
		if (!entries[0].skip) {
			// RAGFlow refuses an empty document whose name is taken (it numbers only files and web
			// pages): a replacement is created under a provisional name, renamed once the old is gone.
			const createName =
				source === 'empty' && ifExists === 'replace' && entries[0].existing.length > 0
					? provisionalName(name)
					: name;
			docs = [await createDocument(this, i, path, source, createName, url)];
			attachDocuments(entries, docs);
		}
	}

	// Metadata, and for Replace the delete of the old documents and the rename of the new ones, for
	// the documents that were created, also after a partial failure: the failure (raised, or an
	// error item under Continue On Fail: the router decides) says what was done with them.
	const after = await afterUpload(this, i, datasetId, ifExists, entries, newMetadata);
	failure = mergeFailures(failure, after.failure);
	docs = [...after.done.map((entry) => entry.doc as IDataObject), ...loose];

	const keys = waitSettings ? SIMPLE_PARSE_KEYS : SIMPLE_DOCUMENT_KEYS;
	const arrange = (output: IDataObject[]) =>
		arrangeOutput(this, i, ifExists, entries, output, keys);
	if (parse && docs.length > 0) {
		const ids = docs.map((d) => String(d.id));
		const notStarted = await startParsing(this, i, datasetId, ids).then(
			() => undefined,
			(error: Error & { description?: string | null }) => error,
		);
		if (notStarted && !failure) throw notStarted;
		if (notStarted && failure) {
			// Reported together, so the failed upload is not hidden behind the parse error.
			failure = mergeFailures(failure, {
				message: `parsing did not start: ${notStarted.message}`,
				description: notStarted.description ?? '',
			});
			return partialResult(arrange(simplifyDocuments(this, docs, i)), failure);
		}
		if (failure) failure.description += '\nParsing was started for the created documents.';
		if (waitSettings) {
			return await waitAndReport(this, i, datasetId, ids, waitSettings, failure, arrange);
		}
	}
	return partialResult(arrange(simplifyDocuments(this, docs, i)), failure);
}
