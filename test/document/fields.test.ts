import type { INodeProperties } from 'n8n-workflow';

import { RagflowDocument } from '../../nodes/RagflowDocument/RagflowDocument.node';

import { setupNock } from '../harness/ragflowMock';

setupNock();

describe('RAGFlow Document', () => {
	describe('fields as the editor shows them', () => {
		const { properties } = new RagflowDocument().description;
		const fieldsOf = (operation: string) =>
			properties.filter((p) =>
				(p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation),
			);
		const optionsOf = (operation: string) =>
			fieldsOf(operation).find((p) => p.name === 'options')?.options as INodeProperties[];

		it('puts the pickers first and Simplify last, after the collections', () => {
			const names = (operation: string) => fieldsOf(operation).map((p) => p.name);
			expect(names('get')).toEqual(['datasetId', 'documentId', 'options', 'simplify']);
			expect(names('getAll')).toEqual([
				'datasetId',
				'returnAll',
				'limit',
				'filters',
				'options',
				'simplify',
			]);
			expect(names('parse')).toEqual(['datasetId', 'documentId', 'moreIds', 'options', 'simplify']);
			expect(names('update')).toEqual([
				'datasetId',
				'documentId',
				'chunkMethod',
				'updateFields',
				'parserConfig',
				'simplify',
			]);
			expect(names('upload').slice(-2)).toEqual(['options', 'simplify']);
			expect(names('delete')).toEqual(['datasetId', 'deleteAll', 'documentId', 'moreIds']);
		});

		it('offers the same three wait options on Upload and Parse', () => {
			const wait = (operation: string) =>
				optionsOf(operation).filter((o) =>
					['waitForParsing', 'pollInterval', 'waitTimeout'].includes(o.name),
				);
			expect(wait('parse').map((o) => [o.name, o.displayName, o.default])).toEqual([
				['waitForParsing', 'Wait for Parsing to Finish', false],
				['pollInterval', 'Poll Interval (Seconds)', 5],
				['waitTimeout', 'Wait Timeout (Seconds)', 1800],
			]);
			expect(wait('upload')).toEqual(wait('parse'));
		});

		it('names the Get Many filters after their labels', () => {
			const filters = fieldsOf('getAll').find((p) => p.name === 'filters')
				?.options as INodeProperties[];
			expect(
				Object.fromEntries(
					filters.filter((f) => !f.name.startsWith('metadata')).map((f) => [f.displayName, f.name]),
				),
			).toEqual({
				Descending: 'descending',
				'Document ID': 'id',
				Name: 'name',
				'Name Contains': 'nameContains',
				'Order By': 'orderBy',
				'Parse Status': 'parseStatus',
				Suffix: 'suffix',
			});
		});
	});
});
