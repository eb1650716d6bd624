import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { PackageDirectoryLoader } from 'n8n-core';

import pkg from '../package.json';

/**
 * Loads the built package (dist/) exactly the way n8n does, so a class name that does not match
 * its file, a missing codex file or a wrong path in package.json fails here and not in a user's n8n.
 */
describe('built package', () => {
	let loader: PackageDirectoryLoader;

	beforeAll(async () => {
		loader = new PackageDirectoryLoader('.');
		await loader.loadAll();
	});

	it('registers every node listed in package.json, with its codex and icons', () => {
		const expected = pkg.n8n.nodes.map((path) => {
			const className = path.split('/').pop()!.replace('.node.js', '');
			return className.charAt(0).toLowerCase() + className.slice(1);
		});
		expect(Object.keys(loader.known.nodes).sort()).toEqual(expected.sort());
		for (const name of expected) {
			const { type } = loader.nodeTypes[name];
			const description = (type as { description?: INodeTypeDescription }).description;
			expect(description?.credentials).toEqual([
				{ name: 'ragflowApi', required: true, testedBy: 'ragflowApiTest' },
			]);
			expect(Object.keys((type as INodeType).methods?.credentialTest ?? {})).toEqual([
				'ragflowApiTest',
			]);
			expect(description?.codex?.categories).toContain('AI');
			// n8n's node panel leaves nodes of the AI category out of every search outside the AI
			// section unless their codex marks them as AI root nodes (as its vector stores are).
			expect(description?.codex?.subcategories?.AI).toEqual(['Root Nodes', 'Miscellaneous']);
			expect(description?.iconUrl).toEqual({
				light: 'icons/n8n-nodes-ragflow/dist/icons/ragflow.svg',
				dark: 'icons/n8n-nodes-ragflow/dist/icons/ragflow.dark.svg',
			});
		}
	});

	it('writes "a"/"an" right in every list placeholder ("Select an agent...")', () => {
		const placeholders = new Set<string>();
		for (const { type } of Object.values(loader.nodeTypes)) {
			const description = (type as { description: INodeTypeDescription }).description;
			for (const property of description.properties) {
				for (const mode of property.modes ?? []) {
					if (mode.name === 'list' && mode.placeholder) placeholders.add(mode.placeholder);
				}
			}
		}
		expect(placeholders).toContain('Select an agent...');
		for (const placeholder of placeholders) {
			expect(placeholder).toMatch(/^Select (a [^aeiou]|an [aeiou])/i);
		}
	});

	it('registers the RAGFlow credential', () => {
		expect(Object.keys(loader.known.credentials)).toEqual(['ragflowApi']);
		expect(loader.credentialTypes.ragflowApi.type.displayName).toBe('RAGFlow API');
	});

	it('ships no runtime dependency and imports nothing but n8n-workflow at runtime', () => {
		expect(pkg).not.toHaveProperty('dependencies');
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});
});
