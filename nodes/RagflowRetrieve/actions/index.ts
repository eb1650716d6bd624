import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../shared/router';
import * as retrieve from './retrieve.operation';

export const operations: OperationMap = { retrieve };

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Retrieve',
				value: 'retrieve',
				description:
					'Find the chunks of text in RAGFlow datasets that best answer a question (semantic and keyword search)',
				action: 'Retrieve chunks relevant to a question',
			},
		],
		default: 'retrieve',
	},
	...retrieve.description,
];
