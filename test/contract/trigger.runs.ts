import type { IDataObject } from 'n8n-workflow';

import { datasetId, rl, sim } from './shared';

/** The Trigger's parameters, polled through n8n's PollContext (cursor first, then the events). */
export const triggerRuns: Array<[string, () => IDataObject]> = [
	[
		'one dataset, every event, every option',
		() => ({
			datasetMode: 'one',
			datasetId: rl(datasetId),
			events: ['CANCEL', 'FAIL', 'DONE'],
			options: { nameContains: 'trigger', simplify: false },
		}),
	],
	[
		'several datasets',
		() => ({
			datasetMode: 'several',
			datasetIds: `${datasetId}, ${sim.state.createDataset('Contract trigger B').id}`,
			events: ['DONE'],
			options: { simplify: true },
		}),
	],
	['all datasets', () => ({ datasetMode: 'all', events: ['FAIL', 'DONE'] })],
];
