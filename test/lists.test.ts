import type { IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { assertRagflowId, parseIdList } from '../nodes/shared/utils';
import { splitList } from '../nodes/shared/validation';
import { bareContext } from './harness/bareContext';

/**
 * The one list splitter and the one ID check: what a user types into a list field (or an expression
 * gives as an array) becomes exactly the values sent, and a wrong ID is refused with the field's kind
 * named, from any node context (here a poll context, as the trigger has).
 */
const pollContext = bareContext<IPollFunctions>('ragflowTrigger');

const DATASET = '3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3';
const CHUNK = '8f3a9c0d1e2b4a5f';

function errorOf(run: () => unknown): NodeOperationError {
	let caught: unknown;
	try {
		run();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(NodeOperationError);
	return caught as NodeOperationError;
}

describe('splitList', () => {
	it.each([
		[
			'IDs: commas, spaces and new lines',
			'a, b  c\nd,,e',
			'commaOrSpace',
			['a', 'b', 'c', 'd', 'e'],
		],
		[
			'names: commas and new lines, spaces kept',
			'Annual report, HR policy\nFAQ',
			'commaOrLine',
			['Annual report', 'HR policy', 'FAQ'],
		],
		[
			'questions: new lines only, commas kept',
			'Who, when?\r\nWhy?\n\n',
			'line',
			['Who, when?', 'Why?'],
		],
		['comma only: a new line stays inside a value', 'a\nb, c', 'comma', ['a\nb', 'c']],
	] as const)('splits %s', (_label, text, by, expected) => {
		expect(splitList(text, { by })).toEqual(expected);
	});

	it('takes an array from an expression item by item, without splitting the items again', () => {
		expect(splitList([' a, b ', 2, '', null, 'c'], { by: 'commaOrLine' })).toEqual([
			'a, b',
			'2',
			'c',
		]);
	});

	it('keeps each value once when asked, in the order first seen', () => {
		expect(splitList('b, a, b, c, a', { by: 'commaOrLine', unique: true })).toEqual([
			'b',
			'a',
			'c',
		]);
	});

	it('keeps blank values of a positional list when asked', () => {
		expect(splitList('a.pdf, , c.pdf', { by: 'comma', keepEmpty: true })).toEqual([
			'a.pdf',
			'',
			'c.pdf',
		]);
	});

	it('gives undefined for an unset field only when asked, and an empty list for a blank one', () => {
		expect(splitList(undefined, { by: 'commaOrLine' })).toEqual([]);
		expect(splitList(undefined, { by: 'commaOrLine', keepUnset: true })).toBeUndefined();
		expect(splitList('', { by: 'commaOrLine', keepUnset: true })).toEqual([]);
		expect(splitList(' , \n ', { by: 'commaOrLine', keepUnset: true })).toEqual([]);
	});
});

describe('assertRagflowId from a poll context', () => {
	it('returns a 32-character ID trimmed and in lower case', () => {
		expect(assertRagflowId(pollContext, ` ${DATASET.toUpperCase()} `, 'dataset')).toBe(DATASET);
	});

	it('accepts a 16-character chunk ID and refuses a document ID as chunk ID', () => {
		expect(assertRagflowId(pollContext, CHUNK, 'chunk')).toBe(CHUNK);
		const error = errorOf(() => assertRagflowId(pollContext, DATASET, 'chunk'));
		expect(error.message).toBe(`"${DATASET}" is not a valid chunk ID`);
		expect(error.description).toContain('16 hexadecimal characters');
		expect(error.description).toContain('a document or dataset');
	});

	it('refuses a chunk ID as dataset ID, and an empty one as nothing selected', () => {
		expect(errorOf(() => assertRagflowId(pollContext, CHUNK, 'dataset')).message).toBe(
			`"${CHUNK}" is not a valid dataset ID`,
		);
		const empty = errorOf(() => assertRagflowId(pollContext, '  ', 'agent'));
		expect(empty.message).toBe('No agent selected');
		expect(empty.description).toBe(
			'Choose an agent from the list or enter its ID (32 hexadecimal characters).',
		);
	});
});

describe('parseIdList', () => {
	it('reads IDs separated by commas, spaces or new lines, each once', () => {
		const text = `${DATASET.toUpperCase()}, ${DATASET}\n8d2e0a5e9b7d4c2aa1e8f6d0b9c7e5a3`;
		expect(parseIdList(pollContext, text, 'dataset')).toEqual([
			DATASET,
			'8d2e0a5e9b7d4c2aa1e8f6d0b9c7e5a3',
		]);
	});

	it('names the first wrong ID, and refuses an empty list only when one is required', () => {
		expect(errorOf(() => parseIdList(pollContext, `${CHUNK} nope`, 'chunk')).message).toBe(
			'"nope" is not a valid chunk ID',
		);
		expect(parseIdList(pollContext, '', 'chunk')).toEqual([]);
		expect(
			errorOf(() => parseIdList(pollContext, ' , ', 'chunk', 0, { required: true })).message,
		).toBe('No chunk selected');
	});
});
