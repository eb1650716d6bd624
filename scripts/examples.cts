/**
 * The example workflows (examples/*.json) and the credential they use, prepared for n8n's CLI
 * importers. Shared by `npm start` and the end-to-end tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { REPO_ROOT } from './n8nRuntime.cts';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
/** Files the example workflows read ("Read/Write Files from Disk" with a path relative to n8n's files folder). */
export const EXAMPLE_FILES_DIR = path.join(EXAMPLES_DIR, 'files');

/** Every example references the credential by this id and name, so importing both links them. */
export const CREDENTIAL_ID = 'RagflowAccount01';
export const CREDENTIAL_NAME = 'RAGFlow account';

export interface ExampleWorkflow {
	file: string;
	id: string;
	name: string;
	json: Record<string, unknown> & { nodes: Array<Record<string, unknown>> };
}

export function listExamples(): ExampleWorkflow[] {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const json = JSON.parse(
				fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'),
			) as ExampleWorkflow['json'];
			return { file, id: String(json.id), name: String(json.name), json };
		});
}

/** The credential file for `n8n import:credentials` (the CLI encrypts `data` with the instance key). */
export function writeCredentialFile(file: string, baseUrl: string, apiKey: string): void {
	const credential = {
		id: CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		type: 'ragflowApi',
		data: { baseUrl, apiKey, ignoreSslIssues: false },
	};
	fs.writeFileSync(file, JSON.stringify([credential], null, 2));
}

/**
 * Copies the sample files the examples read into n8n's files folder (the only folder the
 * "Read/Write Files from Disk" node may read, N8N_RESTRICT_FILE_ACCESS_TO).
 */
export function copyExampleFiles(filesFolder: string): void {
	fs.mkdirSync(filesFolder, { recursive: true });
	for (const file of fs.readdirSync(EXAMPLE_FILES_DIR)) {
		fs.copyFileSync(path.join(EXAMPLE_FILES_DIR, file), path.join(filesFolder, file));
	}
}
