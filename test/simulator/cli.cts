/**
 * `npm run simulator -- [--port 9380] [--host 127.0.0.1] [--api-key KEY] [--parse-ms 1500] [--manual-parse]
 * [--latency-ms 0] [--log requests.jsonl] [--fail-pattern fail] [--sse-delay-ms 15] [--ragflow-version 0.27]`
 * Starts the RAGFlow simulator and runs until SIGINT/SIGTERM.
 */
import {
	DEFAULT_RAGFLOW_VERSION,
	isRagflowVersion,
	RAGFLOW_VERSIONS,
	startSimulator,
	type SimulatorOptions,
} from './server.cts';

const USAGE = `Usage: npm run simulator -- [options]
  --port <n>            port to listen on (default 9380; 0 = any free port)
  --host <addr>         address to bind (default 127.0.0.1)
  --api-key <key>       the API key the simulator accepts (default ragflow-simulator-key)
  --parse-ms <n>        total time a document parse takes, ms (default 1500)
  --manual-parse        parses move only on POST /_simulator/advance {"steps"?, "document_id"?}
  --latency-ms <n>      delay added to every API response, ms (default 0)
  --log <file.jsonl>    append every request to this JSON-lines file
  --fail-pattern <s>    files whose name contains it end in FAIL (default "fail"; "" = never)
  --sse-delay-ms <n>    delay between streamed events, ms (default 15)
  --ragflow-version <v> answer as this RAGFlow release: ${RAGFLOW_VERSIONS.join(', ')} (default 0.27)`;

export function parseArgs(argv: string[]): SimulatorOptions {
	const options: SimulatorOptions = {};
	const numeric = (flag: string, value: string | undefined): number => {
		const n = Number(value);
		if (value === undefined || value === '' || !Number.isFinite(n) || n < 0)
			throw new Error(`${flag} needs a number >= 0`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.includes('=')
			? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
			: [arg, undefined];
		const value = () => (inline !== undefined ? inline : argv[++i]);
		switch (flag) {
			case '--port':
				options.port = numeric(flag, value());
				break;
			case '--host':
				options.host = value();
				break;
			case '--api-key':
				options.apiKey = value();
				break;
			case '--parse-ms':
				options.parseMs = numeric(flag, value());
				break;
			case '--manual-parse':
				options.manualParse = true;
				break;
			case '--latency-ms':
				options.latencyMs = numeric(flag, value());
				break;
			case '--log':
				options.logFile = value();
				break;
			case '--fail-pattern':
				options.failPattern = value() ?? '';
				break;
			case '--sse-delay-ms':
				options.sseDelayMs = numeric(flag, value());
				break;
			case '--ragflow-version': {
				const version = value();
				if (!isRagflowVersion(version))
					throw new Error(`--ragflow-version needs one of ${RAGFLOW_VERSIONS.join(', ')}`);
				options.ragflowVersion = version;
				break;
			}
			case '--help':
			case '-h':
				throw new Error(USAGE);
			default:
				throw new Error(`Unknown option ${arg}\n${USAGE}`);
		}
	}
	return options;
}

async function main() {
	let options: SimulatorOptions;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error((error as Error).message);
		process.exit(2);
	}
	const sim = await startSimulator(options);
	console.log(`RAGFlow simulator listening on ${sim.url}`);
	console.log(`Base URL: ${sim.url}  (API under ${sim.url}/api/v1)`);
	console.log(`API key:  ${sim.apiKey}`);
	if (sim.version !== DEFAULT_RAGFLOW_VERSION)
		console.log(`RAGFlow version profile: ${sim.version}`);
	if (options.logFile) console.log(`Request log: ${options.logFile}`);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal} received, shutting down`);
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(error.message);
		process.exit(1);
	});
}
