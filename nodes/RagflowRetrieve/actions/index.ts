import { actionNode, defineResource } from '../../shared/actionNode';
import * as retrieve from './retrieve.operation';

const chunk = defineResource({
	option: { name: 'Chunk', value: 'chunk' },
	defaultOperation: 'retrieve',
	operations: [
		{
			name: 'Retrieve',
			value: 'retrieve',
			description:
				'Find the chunks of text in RAGFlow datasets that best answer a question (semantic and keyword search)',
			action: 'Retrieve chunks relevant to a question',
			module: retrieve,
			concurrency: 'read',
		},
	],
});

export const node = actionNode({ resources: [chunk] });
