/**
 * Text helpers of the simulator: ids, timestamps, the tokenizer, chunking of a file's text and the
 * deterministic keyword-overlap score that stands in for RAGFlow's hybrid similarity.
 */
import { createHash, randomUUID } from 'node:crypto';

/** A uuid1().hex-like id: 32 lowercase hex characters. */
export const newId = () => randomUUID().replace(/-/g, '');

/** Chunk ids are 16 hex characters of a hash of content + document id. */
export const chunkId = (content: string, documentId: string) =>
	createHash('sha256')
		.update(content + documentId)
		.digest('hex')
		.slice(0, 16);

export const contentHash = (data: Buffer) => createHash('md5').update(data).digest('hex');

/** HTTP-date string, as Quart's JSON provider prints datetimes. */
export const httpDate = (ms: number) => new Date(ms).toUTCString();

/**
 * The UTC offset of RAGFlow's default installation, minutes: its docker setup runs the server in
 * `Asia/Shanghai` (UTC+8, no daylight saving time; docs/ragflow-api.md §1, "Times").
 */
export const RAGFLOW_UTC_OFFSET_MINUTES = 480;

/**
 * How RAGFlow prints a moment in its `*_date` fields and `process_begin_at`: the server stores
 * naive local datetimes (`datetime.now()`), and the JSON provider prints a naive datetime as an
 * HTTP-date as if it were UTC. So the label says GMT while the clock time is the server's local
 * time (docs/ragflow-api.md §1, "Times").
 */
export const localHttpDate = (ms: number, offsetMinutes = RAGFLOW_UTC_OFFSET_MINUTES) =>
	httpDate(ms + offsetMinutes * 60_000);

/** `YYYY-MM-DD HH:MM:SS`, the chunk create_time format. */
export const dateTimeString = (ms: number) =>
	new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** `HH:MM:SS`, the prefix of progress_msg lines. */
export const clock = (ms = Date.now()) => new Date(ms).toISOString().slice(11, 19);

const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-case word tokens; the basis of token counts and similarity. */
export function tokenize(text: string): string[] {
	return (text.toLowerCase().match(WORD) ?? []) as string[];
}

/** Common English words that do not count towards keyword overlap. */
const STOP = new Set(
	'a an the and or but of to in on at for with by from is are was were be been it its this that these those as what which who whom how why when where do does did can could should would will shall may might about into over under than then there their they them we you your our i me my he she his her not no yes if so'.split(
		' ',
	),
);

export function keywords(text: string): string[] {
	return [...new Set(tokenize(text).filter((t) => !STOP.has(t)))];
}

/** Text of a file for chunking: UTF-8 with control characters removed, capped to keep huge files cheap. */
export function extractText(data: Buffer, maxBytes = 1024 * 1024): string {
	const slice = data.length > maxBytes ? data.subarray(0, maxBytes) : data;
	return (
		slice
			.toString('utf8')
			.replace(/\uFFFD/g, '')
			// eslint-disable-next-line no-control-regex
			.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ' ')
	);
}

/**
 * Splits text the way the naive parser does in spirit: cut on the delimiter characters, then merge
 * segments until a chunk reaches `chunkTokenNum` tokens.
 */
export function splitIntoChunks(text: string, chunkTokenNum = 512, delimiter = '\n'): string[] {
	const delimiters = [...new Set(delimiter.split(''))].map((c) =>
		c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
	);
	const pattern = delimiters.length ? new RegExp(`[${delimiters.join('')}]+`) : /\n+/;
	const segments = text
		.split(pattern)
		.map((s) => s.trim())
		.filter(Boolean);
	const chunks: string[] = [];
	let current: string[] = [];
	let tokens = 0;
	for (const segment of segments) {
		const n = tokenize(segment).length;
		if (current.length && tokens + n > chunkTokenNum) {
			chunks.push(current.join('\n'));
			current = [];
			tokens = 0;
		}
		current.push(segment);
		tokens += n;
	}
	if (current.length) chunks.push(current.join('\n'));
	return chunks;
}

export interface Scored {
	similarity: number;
	vectorSimilarity: number;
	termSimilarity: number;
}

/**
 * Deterministic stand-in for hybrid similarity. term = share of query keywords present in the chunk;
 * vector = Dice overlap of the two keyword sets (a smooth "semantic" proxy); similarity mixes them with
 * the request's vector weight, as RAGFlow does.
 */
export function score(queryKeywords: string[], chunkText: string, vectorWeight: number): Scored {
	if (queryKeywords.length === 0) return { similarity: 0, vectorSimilarity: 0, termSimilarity: 0 };
	const chunkWords = new Set(keywords(chunkText));
	let hits = 0;
	for (const k of queryKeywords) if (chunkWords.has(k)) hits++;
	const termSimilarity = hits / queryKeywords.length;
	const vectorSimilarity = chunkWords.size
		? (2 * hits) / (queryKeywords.length + chunkWords.size)
		: 0;
	const w = Math.min(Math.max(vectorWeight, 0), 1);
	const similarity = w * vectorSimilarity + (1 - w) * termSimilarity;
	const round = (x: number) => Math.round(x * 1e6) / 1e6;
	return {
		similarity: round(similarity),
		vectorSimilarity: round(vectorSimilarity),
		termSimilarity: round(termSimilarity),
	};
}

/** Wraps query keywords found in the text in <em>…</em>, like RAGFlow's highlight. */
export function highlight(text: string, queryKeywords: string[]): string {
	if (!queryKeywords.length) return text;
	const set = new Set(queryKeywords);
	return text.replace(WORD, (w) => (set.has(w.toLowerCase()) ? `<em>${w}</em>` : w));
}
