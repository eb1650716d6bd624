/**
 * Admin routes for out-of-process use (end-to-end tests, benchmarks), under /_simulator/ without auth.
 * They are never part of the RAGFlow API and are not recorded in the request log.
 */
import { readFaultRule } from '../faults.cts';
import { bodyObject, type Router, type SimRequest, SimError, sendJson } from '../http.cts';
import type { RunningSimulator } from '../server.cts';
import type { RunText } from '../state.cts';

const ok = (r: SimRequest, data: unknown) => sendJson(r.res, 200, { code: 0, data });

const RUNS = ['UNSTART', 'RUNNING', 'CANCEL', 'DONE', 'FAIL'];

export function registerAdminRoutes(router: Router, sim: RunningSimulator) {
	router.add('GET', '/requests', (r) => ok(r, sim.requests));
	router.add('DELETE', '/requests', (r) => {
		sim.clearRequests();
		ok(r, true);
	});
	router.add('POST', '/latency', (r) => {
		const ms = Number(bodyObject(r).ms);
		if (!Number.isFinite(ms) || ms < 0) throw new SimError(101, '`ms` must be a number >= 0');
		sim.setLatency(ms);
		ok(r, { ms });
	});
	// Body: one rule, or `{ "rules": [...] }`. See faults.cts for the kinds and their settings.
	router.add('POST', '/faults', (r) => {
		const body = bodyObject(r);
		const rules = Array.isArray(body.rules) ? body.rules : [body];
		const checked = rules.map(readFaultRule);
		ok(r, { ids: checked.map((rule) => sim.faults.add(rule)) });
	});
	router.add('GET', '/faults', (r) => ok(r, sim.faults.list()));
	router.add('DELETE', '/faults', (r) => {
		sim.faults.clear();
		ok(r, true);
	});
	// With --manual-parse: moves running parses and index tasks on, so a test can look at each step.
	router.add('POST', '/advance', (r) => {
		const body = bodyObject(r);
		const steps = Number(body.steps ?? 1);
		if (!Number.isInteger(steps) || steps < 1)
			throw new SimError(101, '`steps` must be an integer >= 1');
		if (!sim.state.options.manualParse)
			throw new SimError(101, 'The simulator was not started with manual parsing (--manual-parse)');
		const documentId = body.document_id === undefined ? undefined : String(body.document_id);
		ok(r, { moved: sim.state.advance(steps, documentId) });
	});
	router.add('POST', '/seed/documents', (r) => {
		const body = bodyObject(r);
		const ds = sim.state.getDataset(String(body.dataset_id));
		if (!ds) throw new SimError(102, `No dataset ${String(body.dataset_id)}`);
		const count = Number(body.count ?? 1);
		if (!Number.isInteger(count) || count < 1 || count > 100000)
			throw new SimError(101, '`count` must be an integer 1..100000');
		const run = (body.run as RunText | undefined) ?? 'UNSTART';
		if (!RUNS.includes(run)) throw new SimError(101, `\`run\` must be one of ${RUNS.join(', ')}`);
		const prefix = typeof body.name_prefix === 'string' ? body.name_prefix : 'seed';
		const ids: string[] = [];
		for (let i = 0; i < count; i++) {
			const doc = sim.state.addDocument(ds.id, {
				name: sim.state.uniqueDocumentName(ds, `${prefix}-${i + 1}.txt`),
				content: `Seed document ${i + 1} of ${count}.\nRAGFlow simulator seeded content for benchmarks and trigger tests.`,
				run,
			});
			ids.push(doc.id);
		}
		ok(r, { count, ids });
	});
	router.add('POST', '/agents', (r) => {
		const body = bodyObject(r);
		if (typeof body.title !== 'string' || !body.title)
			throw new SimError(101, 'No title in request.');
		const agent = sim.state.createAgent({ ...body, title: body.title });
		ok(r, sim.state.agentView(agent));
	});
	router.add('POST', '/documents/{document_id}/finish', (r) => {
		const run = String(bodyObject(r).run ?? 'DONE');
		if (!['DONE', 'FAIL', 'CANCEL'].includes(run))
			throw new SimError(101, '`run` must be DONE, FAIL or CANCEL');
		const doc = sim.state.getDocument(r.params.document_id);
		if (!doc) throw new SimError(102, 'document not found');
		sim.state.finishParse(doc.id, run as 'DONE' | 'FAIL' | 'CANCEL');
		ok(r, sim.state.documentView(doc));
	});
}
