import { isNotFoundAnswer } from '../nodes/shared/notFound';
import type { RagflowContext } from '../nodes/shared/transport';
import { ragflowApiError } from '../nodes/shared/transport';
import { bareContext } from './harness/bareContext';

/**
 * RAGFlow's "no such object" answers, as its server words them (code 102 in an HTTP 200 body), are
 * told apart from every other failure and from a missing object of another kind, both as the raw
 * envelope and as the error the transport makes of it (what the trigger sees).
 */
const ctx = bareContext<RagflowContext>('ragflowTrigger');
const ID = '3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3';

describe('isNotFoundAnswer', () => {
	it.each([
		['dataset', `You don't own the dataset ${ID}. `],
		['dataset', `You do not own the dataset ${ID}.`],
		['dataset', `User 'tenant' lacks permission for dataset '${ID}'`],
		['dataset', `Can't find the dataset with ID ${ID}!`],
		['document', `You don't own the document ${ID}.`],
		['document', "the dataset doesn't own the document"],
		['document', `The dataset not own the document ${ID}.`],
		['document', `Documents not found: ['${ID}']`],
		['chunk', `Chunk not found: ${ID}/8f3a9c0d1e2b4a5f`],
		['chunk', "Can't find this chunk 8f3a9c0d1e2b4a5f"],
		['chat', "The chat doesn't exist"],
		['chat', `You don't own the chat ${ID}`],
		['session', 'Session not found!'],
		['agent', `You don't own the agent ${ID}.`],
	] as const)('reads "%s" missing from: %s', (what, message) => {
		expect(isNotFoundAnswer({ code: 102, message }, what)).toBe(true);
		expect(isNotFoundAnswer(ragflowApiError(ctx, { code: 102, message }), what)).toBe(true);
	});

	it('does not take a missing object of another kind for the one asked about', () => {
		const datasetGone = { code: 102, message: `You don't own the dataset ${ID}. ` };
		expect(isNotFoundAnswer(datasetGone, 'document')).toBe(false);
		expect(isNotFoundAnswer(datasetGone, 'chunk')).toBe(false);
		expect(
			isNotFoundAnswer({ code: 102, message: `You don't own the document ${ID}.` }, 'dataset'),
		).toBe(false);
	});

	it('does not take other failures for "not found"', () => {
		// A refused value, a duplicate, a missing route, an unreachable server.
		expect(isNotFoundAnswer({ code: 102, message: "`chunk_method` x doesn't exist" }, 'chat')).toBe(
			false,
		);
		expect(
			isNotFoundAnswer({ code: 101, message: `You don't own the dataset ${ID}.` }, 'dataset'),
		).toBe(false);
		expect(isNotFoundAnswer({ code: 0, data: [] }, 'dataset')).toBe(false);
		expect(
			isNotFoundAnswer(
				ragflowApiError(ctx, { code: 100, message: "<NotFound '404: Not Found'>" }),
				'dataset',
			),
		).toBe(false);
		expect(isNotFoundAnswer(new Error('connect ECONNREFUSED'), 'dataset')).toBe(false);
		expect(isNotFoundAnswer(undefined, 'dataset')).toBe(false);
	});
});
