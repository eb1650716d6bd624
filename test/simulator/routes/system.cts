/**
 * System reachability routes (no key needed), related questions and the generic run control
 * (docs/ragflow-api.md §2, §6.9, §13).
 */
import { bodyObject, type Router, type SimRequest, SimError, sendJsonResult } from '../http.cts';
import { keywords } from '../text.cts';

function ingest(r: SimRequest) {
	const body = bodyObject(r);
	if (!Array.isArray(body.doc_ids)) throw new SimError(100, "KeyError('doc_ids')");
	const docs = body.doc_ids.map((id) => r.state.getDocument(String(id)));
	if (docs.some((d) => !d)) throw new SimError(109, 'no authorization');
	const run = String(body.run ?? '');
	for (const doc of docs) {
		if (run === '1') r.state.startParse(doc!);
		else if (run === '2') {
			if (doc!.run !== '1')
				throw new SimError(102, 'Cannot cancel a task that is not in RUNNING status');
			r.state.cancelParse(doc!, true);
		}
	}
	sendJsonResult(r, true);
}

function recommendation(r: SimRequest) {
	const question = bodyObject(r).question;
	if (typeof question !== 'string' || !question.trim())
		throw new SimError(101, 'required argument are missing: question; ');
	const words = keywords(question);
	const topic = words.join(' ') || question.trim();
	sendJsonResult(r, [
		`What is ${topic}?`,
		`How does ${topic} work?`,
		`Examples of ${topic}`,
		`${topic} best practices`,
		`${topic} common problems`,
	]);
}

export function registerSystemRoutes(router: Router) {
	router.add(
		'GET',
		'/system/ping',
		(r) => {
			r.res.writeHead(200, { 'Content-Type': 'text/plain' });
			r.res.end('pong');
		},
		{ noAuth: true },
	);
	router.add('GET', '/system/version', (r) => sendJsonResult(r, `${r.profile.release}-simulator`), {
		noAuth: true,
	});
	router.add('POST', '/documents/ingest', ingest);
	router.add('POST', '/chat/recommendation', recommendation);
	router.add('POST', '/sessions/related_questions', recommendation);
}
