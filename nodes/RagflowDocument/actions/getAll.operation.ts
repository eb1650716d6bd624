import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	datasetLocator,
	filtersCollection,
	returnAllOrLimit,
	sortFilters,
	sortQuery,
} from '../../shared/descriptions';
import {
	idFilter,
	idFilterValue,
	nameContainsFilter,
	nameFilter,
	readListParameters,
	textFilterValue,
} from '../../shared/listFilters';
import {
	DOCUMENT_LIST_SPELLING,
	metadataFilterField,
	metadataLogicField,
	readMetadataFilter,
} from '../../shared/metadataCondition';
import { requireFeature, serverAtLeast } from '../../shared/compat';
import { ragflowGetMany } from '../../shared/pagination';
import {
	assertRagflowId,
	compact,
	getLocatorValue,
	updateDisplayOptions,
} from '../../shared/utils';
import { splitList } from '../../shared/validation';
import { concurrencyOnlyOptions, simplifyDocuments, simplifyField } from './common';

const sort = sortFilters('documents', ['create_time', 'name', 'update_time'], 'create_time');

const properties: INodeProperties[] = [
	datasetLocator(),
	...returnAllOrLimit(),
	filtersCollection([
		sort.descending,
		idFilter('document', 'Only the document with this ID (32 hexadecimal characters)'),
		metadataFilterField('Only documents whose metadata (meta_fields) match these conditions'),
		metadataLogicField,
		nameFilter(
			'e.g. handbook.pdf',
			'Only the document with exactly this name (including the extension)',
		),
		nameContainsFilter(
			'e.g. handbook',
			'Only documents whose name contains this text (case-insensitive)',
		),
		sort.orderBy,
		{
			displayName: 'Parse Status',
			name: 'parseStatus',
			type: 'multiOptions',
			options: [
				{ name: 'Cancelled', value: 'CANCEL' },
				{ name: 'Done', value: 'DONE' },
				{ name: 'Failed', value: 'FAIL' },
				{ name: 'Not Started', value: 'UNSTART' },
				{ name: 'Running', value: 'RUNNING' },
			],
			default: [],
			description: 'Only documents in one of these parse states',
		},
		{
			displayName: 'Suffix',
			name: 'suffix',
			type: 'string',
			default: '',
			placeholder: 'e.g. pdf, docx',
			description:
				'Only documents with one of these file extensions (without dot), separated by commas or new lines',
		},
	]),
	concurrencyOnlyOptions,
	simplifyField,
];

export const description = updateDisplayOptions({ show: { operation: ['getAll'] } }, properties);

function list(value: unknown): string[] | undefined {
	const items = splitList(value, { by: 'commaOrLine' })
		.map((v) => v.replace(/^\./, ''))
		.filter((v) => v !== '');
	return items.length ? items : undefined;
}

function metadataCondition(
	ctx: IExecuteFunctions,
	filters: IDataObject,
	itemIndex: number,
): string | undefined {
	const filter = readMetadataFilter(ctx, filters, DOCUMENT_LIST_SPELLING, itemIndex);
	return filter && JSON.stringify(filter);
}

/** The extension RAGFlow filters `suffix` by: the stored one, else the name's. */
function documentSuffix(doc: IDataObject): string {
	const suffix = typeof doc.suffix === 'string' && doc.suffix ? doc.suffix : '';
	const name = String(doc.name ?? '');
	return (
		suffix || (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '')
	).toLowerCase();
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const { paging, filters } = readListParameters(this, i);
	const qs = compact({
		keywords: textFilterValue(this, filters.nameContains, 'Name Contains', i),
		name: textFilterValue(this, filters.name, 'Name', i),
		id: idFilterValue(this, filters, 'document', i),
		// Multi-value filters must be repeated keys (run=DONE&run=FAIL); the transport does that.
		run: list(filters.parseStatus),
		suffix: list(filters.suffix),
		...sortQuery(filters),
		metadata_condition: metadataCondition(this, filters, i),
	} as IDataObject);
	// v0.23+ filters by metadata; older servers ignore the condition and would list everything.
	if (qs.metadata_condition) await requireFeature(this, 'documentMetadataFilter', i);
	// v0.20 ignores `run` / `suffix` (v0.21 reads them): applied here on such servers.
	let filter: ((doc: IDataObject) => boolean) | undefined;
	if ((qs.run || qs.suffix) && !(await serverAtLeast(this, '0.22'))) {
		const runs = qs.run as string[] | undefined;
		const suffixes = (qs.suffix as string[] | undefined)?.map((s) => s.toLowerCase());
		filter = (doc) =>
			(!runs || runs.includes(String(doc.run))) &&
			(!suffixes || suffixes.includes(documentSuffix(doc)));
	}
	const docs = await ragflowGetMany.call(this, `/datasets/${datasetId}/documents`, {
		qs,
		filter,
		itemsKey: 'docs',
		...paging,
		itemIndex: i,
		// An exact name/id that matches nothing is answered "you don't own the document".
		emptyWhenNotFound: qs.id || qs.name ? 'document' : undefined,
	});
	return simplifyDocuments(this, docs, i);
}
