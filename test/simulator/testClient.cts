/** Tiny fetch client used by the simulator's own tests (real HTTP against an ephemeral port). */
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './server.cts';

export interface ApiResponse {
	status: number;
	headers: Headers;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	text: string;
}

export interface CallOptions {
	query?: Record<string, string | number | boolean | Array<string | number>>;
	body?: unknown;
	form?: FormData;
	key?: string | null;
	headers?: Record<string, string>;
}

export class SimClient {
	constructor(public sim: RunningSimulator) {}

	url(path: string, query?: CallOptions['query']): string {
		const u = new URL(path.startsWith('/_simulator') ? path : `/api/v1${path}`, this.sim.url);
		for (const [k, v] of Object.entries(query ?? {})) {
			for (const item of Array.isArray(v) ? v : [v]) u.searchParams.append(k, String(item));
		}
		return u.toString();
	}

	async raw(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
		const headers: Record<string, string> = { ...(opts.headers ?? {}) };
		if (opts.key !== null) headers.Authorization = `Bearer ${opts.key ?? this.sim.apiKey}`;
		let body: FormData | string | undefined;
		if (opts.form) body = opts.form;
		else if (opts.body !== undefined) {
			body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
			headers['Content-Type'] ??= 'application/json';
		}
		return fetch(this.url(path, opts.query), { method, headers, body });
	}

	async call(method: string, path: string, opts: CallOptions = {}): Promise<ApiResponse> {
		const res = await this.raw(method, path, opts);
		const text = await res.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, headers: res.headers, json, text };
	}

	get = (path: string, opts?: CallOptions) => this.call('GET', path, opts);
	post = (path: string, body?: unknown, opts: CallOptions = {}) =>
		this.call('POST', path, { ...opts, body });
	put = (path: string, body?: unknown, opts: CallOptions = {}) =>
		this.call('PUT', path, { ...opts, body });
	patch = (path: string, body?: unknown, opts: CallOptions = {}) =>
		this.call('PATCH', path, { ...opts, body });
	del = (path: string, body?: unknown, opts: CallOptions = {}) =>
		this.call('DELETE', path, { ...opts, body });

	/** Uploads files (name → content) to a dataset. */
	upload(datasetId: string, files: Record<string, string | Buffer>) {
		const form = new FormData();
		for (const [name, content] of Object.entries(files))
			form.append('file', new Blob([content]), name);
		return this.call('POST', `/datasets/${datasetId}/documents`, { form });
	}

	async dataset(name = 'kb', body: Record<string, unknown> = {}): Promise<string> {
		const res = await this.post('/datasets', { name, ...body });
		if (res.json?.code !== 0) throw new Error(res.text);
		return res.json.data.id as string;
	}

	/** Reads an SSE response into its `data:` payloads (raw strings). */
	async sse(
		path: string,
		body: unknown,
	): Promise<{ events: string[]; contentType: string | null; raw: string; arrivals: number[] }> {
		const res = await this.raw('POST', path, { body });
		const reader = res.body!.getReader();
		const decoder = new TextDecoder();
		let raw = '';
		const arrivals: number[] = [];
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			arrivals.push(Date.now());
			raw += decoder.decode(value, { stream: true });
		}
		const events = raw
			.split('\n\n')
			.map((block) => block.trim())
			.filter(Boolean)
			.map((block) => block.replace(/^data: ?/, ''));
		return { events, contentType: res.headers.get('content-type'), raw, arrivals };
	}
}

/**
 * A simulator on a free port for the simulator's own tests. Parses and index tasks move only when the
 * test calls `sim.state.advance()`, so what a test sees between two steps never depends on how fast
 * the machine is.
 */
export async function startTestSimulator(
	options: SimulatorOptions = {},
): Promise<{ sim: RunningSimulator; api: SimClient }> {
	const sim = await startSimulator({
		port: 0,
		parseMs: 150,
		sseDelayMs: 2,
		manualParse: true,
		...options,
	});
	return { sim, api: new SimClient(sim) };
}

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until `check` returns a truthy value (or throws after `timeoutMs`). The limit is generous on
 * purpose: it only decides how long a broken test takes to fail, never whether a working one passes.
 */
export async function until<T>(
	check: () => Promise<T | undefined | false>,
	timeoutMs = 20000,
	stepMs = 20,
): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > end) throw new Error('timed out');
		await wait(stepMs);
	}
}
