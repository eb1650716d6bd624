import type { INodeProperties, INodePropertyModeValidation } from 'n8n-workflow';

import { RagflowChunk } from '../nodes/RagflowChunk/RagflowChunk.node';
import { RagflowSession } from '../nodes/RagflowSession/RagflowSession.node';
import {
	agentSessionLocator,
	chatSessionLocator,
	chunkLocator,
} from '../nodes/shared/descriptions';

/**
 * The locators as the editor gets them: whether a value is required, which list fills "From List",
 * and which By ID values the editor accepts (the same ID rule the operations check at run time).
 */
function byIdAccepts(locator: INodeProperties): (value: string) => boolean {
	const mode = locator.modes?.find((m) => m.name === 'id');
	const validation = mode?.validation?.[0] as INodePropertyModeValidation | undefined;
	const regex = new RegExp((validation?.properties as { regex: string }).regex);
	return (value) => regex.test(value);
}

const DATASET = '3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3';
const CHUNK = '8f3a9c0d1e2b4a5f';

describe('locators', () => {
	it("offers an agent's sessions from their list, by 32-character ID", () => {
		const locator = agentSessionLocator();
		expect(locator).toMatchObject({ name: 'sessionId', required: true });
		expect(locator.modes?.[0].typeOptions?.searchListMethod).toBe('searchAgentSessions');
		const accepts = byIdAccepts(locator);
		expect([accepts(DATASET), accepts(CHUNK), accepts('')]).toEqual([true, false, false]);
	});

	it("offers a document's chunks from their list, by 16-character ID", () => {
		const locator = chunkLocator();
		expect(locator).toMatchObject({ name: 'chunkId', required: true });
		expect(locator.modes?.[0].typeOptions?.searchListMethod).toBe('searchChunks');
		expect(locator.modes?.[1]).toMatchObject({ placeholder: `e.g. ${CHUNK}` });
		const accepts = byIdAccepts(locator);
		expect([accepts(CHUNK), accepts(DATASET), accepts('')]).toEqual([true, false, false]);
	});

	it('makes an optional locator: not required, and an empty By ID value passes the editor', () => {
		const locator = chatSessionLocator({ optional: true });
		expect(locator.required).toBeUndefined();
		const accepts = byIdAccepts(locator);
		expect([accepts(''), accepts(DATASET), accepts('abc')]).toEqual([true, true, false]);
	});

	it("leaves Chat Ask's session optional, as the node shows it", () => {
		const session = new RagflowSession().description.properties.find(
			(p) =>
				p.name === 'sessionId' &&
				p.displayOptions?.show?.resource?.includes('chatSession') &&
				p.displayOptions?.show?.operation?.includes('ask'),
		) as INodeProperties;
		expect(session.required).toBeUndefined();
		expect(byIdAccepts(session)('')).toBe(true);
	});

	it('registers the new list searches on the nodes that will use them', () => {
		expect(typeof new RagflowSession().methods.listSearch.searchAgentSessions).toBe('function');
		expect(typeof new RagflowChunk().methods.listSearch.searchChunks).toBe('function');
	});
});
