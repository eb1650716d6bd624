import type { INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { RagflowDataset } from '../../nodes/RagflowDataset/RagflowDataset.node';
import { RagflowDocument } from '../../nodes/RagflowDocument/RagflowDocument.node';
import { RagflowChunk } from '../../nodes/RagflowChunk/RagflowChunk.node';
import { RagflowTrigger } from '../../nodes/RagflowTrigger/RagflowTrigger.node';
import { RagflowChatAssistant } from '../../nodes/RagflowChatAssistant/RagflowChatAssistant.node';
import { RagflowRetrieve } from '../../nodes/RagflowRetrieve/RagflowRetrieve.node';
import { RagflowSession } from '../../nodes/RagflowSession/RagflowSession.node';
import { useClockFreeRegexEngine } from './regexEngine';

// Every in-process n8n run goes through these node types: see regexEngine.ts for why.
useClockFreeRegexEngine();

export const PACKAGE = 'n8n-nodes-ragflow';

/** The package's node classes, keyed by the type string workflows store. */
const nodeClasses: Record<string, INodeType | IVersionedNodeType> = {
	[`${PACKAGE}.ragflowDataset`]: new RagflowDataset(),
	[`${PACKAGE}.ragflowDocument`]: new RagflowDocument(),
	[`${PACKAGE}.ragflowChunk`]: new RagflowChunk(),
	[`${PACKAGE}.ragflowTrigger`]: new RagflowTrigger(),
	[`${PACKAGE}.ragflowRetrieve`]: new RagflowRetrieve(),
	[`${PACKAGE}.ragflowChatAssistant`]: new RagflowChatAssistant(),
	[`${PACKAGE}.ragflowSession`]: new RagflowSession(),
};

/** A node-type registry over the package's own classes (no loader, no dist needed). */
export class TestNodeTypes implements INodeTypes {
	constructor(
		private readonly types: Record<string, INodeType | IVersionedNodeType> = nodeClasses,
	) {}

	getByName(type: string) {
		return this.types[type];
	}

	getByNameAndVersion(type: string, version?: number) {
		const nodeType = this.types[type];
		if (!nodeType) throw new Error(`Unknown node type ${type}`);
		return NodeHelpers.getVersionedNodeType(nodeType, version);
	}

	getKnownTypes() {
		return {};
	}
}
