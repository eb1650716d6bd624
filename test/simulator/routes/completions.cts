/** Native chat completions (docs/ragflow-api.md §11) and the OpenAI-compatible endpoint (§12). */
import {
	bodyObject,
	isPlainObject,
	type Router,
	type SimRequest,
	SimError,
	sendJson,
	sendJsonResult,
} from '../http.cts';
import type { ChatRow, ChatSessionRow } from '../state.cts';
import { matchMetadataCondition } from './documents.cts';
import { composeAnswer, countTokens, SseWriter, toDeltas, type Answer } from '../sse.cts';
import { newId } from '../text.cts';
import * as legacy from './legacyChats.cts';

type Message = {
	role: string;
	content: string;
	id?: string;
	files?: unknown[];
	doc_ids?: unknown;
	created_at?: number;
};

const HEX_OR_MODEL = /^([0-9a-f]{32}|[^@]+@[^@]+(@[^@]+)?)$/;

function normalizeMessages(raw: unknown, code: number): Message[] {
	if (
		!Array.isArray(raw) ||
		!raw.length ||
		raw.some((m) => !isPlainObject(m) || !('role' in m) || !('content' in m))
	) {
		throw new SimError(
			code,
			'`messages` must be a non-empty list of objects with `role` and `content`.',
		);
	}
	const messages = (raw as Record<string, unknown>[])
		.filter((m) => m.role !== 'system')
		.map((m) => {
			const content = Array.isArray(m.content)
				? (m.content as Record<string, unknown>[])
						.filter((p) => p && p.type === 'text')
						.map((p) => String(p.text ?? ''))
						.join('\n')
				: String(m.content ?? '');
			return { ...m, role: String(m.role), content } as Message;
		});
	while (messages.length && messages[0].role === 'assistant') messages.shift();
	if (!messages.length || messages[messages.length - 1].role !== 'user')
		throw new SimError(code, 'The last message must be from user.');
	return messages;
}

function docFilter(
	r: SimRequest,
	chat: ChatRow | undefined,
	body: Record<string, unknown>,
	last: Message,
): string[] | undefined {
	const fromBody =
		typeof body.doc_ids === 'string' ? body.doc_ids.split(',').filter(Boolean) : undefined;
	const fromMessage = Array.isArray(last.doc_ids)
		? (last.doc_ids as unknown[]).map(String)
		: undefined;
	const ids = fromMessage ?? fromBody;
	if (ids?.length) return ids;
	if (chat && isPlainObject(body.metadata_condition)) {
		const condition = body.metadata_condition;
		return chat.dataset_ids.flatMap((id) =>
			[...(r.state.getDataset(id)?.docs.values() ?? [])]
				.filter((d) => matchMetadataCondition(d, condition))
				.map((d) => d.id),
		);
	}
	return undefined;
}

export function answerFor(
	r: SimRequest,
	chat: ChatRow | undefined,
	question: string,
	documentIds?: string[],
	quoteOverride?: boolean,
): Answer {
	const pc = (chat?.prompt_config ?? {}) as Record<string, unknown>;
	return composeAnswer(r.state, question, {
		datasetIds: chat?.dataset_ids.filter((id) => r.state.getDataset(id)) ?? [],
		topN: chat?.top_n,
		similarityThreshold: chat?.similarity_threshold,
		vectorSimilarityWeight: chat?.vector_similarity_weight,
		quote: quoteOverride ?? pc.quote !== false,
		emptyResponse: typeof pc.empty_response === 'string' ? pc.empty_response : undefined,
		documentIds,
	});
}

export function referenceOf(r: SimRequest, answer: Answer) {
	return {
		total: answer.results.length,
		chunks: answer.results.map((x) => r.state.referenceChunk(x)),
		doc_aggs: r.state.docAggs(answer.results),
	};
}

const flag = (v: unknown, fallback: boolean) =>
	v === undefined || v === null ? fallback : v !== false && v !== 'false';

async function chatCompletion(r: SimRequest, pathChatId?: string) {
	const body = bodyObject(r);
	let messages: Message[];
	if (body.messages !== undefined) messages = normalizeMessages(body.messages, 101);
	else if (typeof body.question === 'string')
		messages = [
			{ role: 'user', content: body.question, files: body.files as unknown[] | undefined },
		];
	else throw new SimError(101, 'required argument are missing: messages');
	const chatId =
		pathChatId ?? (typeof body.chat_id === 'string' && body.chat_id ? body.chat_id : undefined);
	const sessionId = (body.session_id ?? body.conversation_id) as string | undefined;
	if (sessionId && !chatId)
		throw new SimError(102, '`chat_id` is required when `session_id` is provided.');
	let chat: ChatRow | undefined;
	if (chatId) {
		chat = r.state.chats.get(chatId);
		if (!chat) throw new SimError(109, 'no authorization');
	}
	let session: ChatSessionRow | undefined;
	if (sessionId) {
		session = r.state.chatSessions.get(sessionId);
		if (!session) throw new SimError(102, 'Session not found!');
		if (session.chat_id !== chat!.id)
			throw new SimError(102, 'Session does not belong to this chat!');
	}
	const store = flag(body.store_history_messages ?? body.store_history, true);
	const passAll = flag(body.pass_all_history_messages ?? body.pass_all_history, false);
	if (!store && !passAll)
		throw new SimError(
			102,
			'`store_history_messages` can only be false when `pass_all_history_messages` is true.',
		);
	if (typeof body.llm_id === 'string' && !HEX_OR_MODEL.test(body.llm_id))
		throw new SimError(102, `Cannot use specified model ${body.llm_id}.`);
	const stream = flag(body.stream, true);
	const legacy = flag(body.legacy, false);
	if (chat && !session && store) session = r.state.createChatSession(chat);

	const last = messages[messages.length - 1];
	const question = last.content;
	const messageId = typeof last.id === 'string' && last.id ? last.id : newId();
	const params = (
		(chat?.prompt_config.parameters as { key: string; optional?: boolean }[]) ?? []
	).filter((p) => !p.optional && p.key !== 'knowledge');
	const missing = params.find((p) => !(p.key in body));
	const error = missing ? `Miss parameter: ${missing.key}` : undefined;
	const answer = error
		? undefined
		: answerFor(
				r,
				chat,
				question,
				docFilter(r, chat, body, last),
				typeof body.quote === 'boolean' ? body.quote : undefined,
			);
	const reference = answer ? referenceOf(r, answer) : { chunks: [] };
	const createdAt = Date.now() / 1000;
	const prompt = `${String(chat?.prompt_config.system ?? '')}\n\n### Query:\n${question}\n\n### Retrieval: ${answer?.results.length ?? 0} chunks`;

	if (answer && session && store) {
		if (passAll)
			session.messages = [
				session.messages[0],
				...messages.map((m) => ({ ...m, id: m.id ?? messageId })),
			];
		else
			session.messages.push({
				role: 'user',
				content: question,
				id: messageId,
				created_at: createdAt,
			});
		session.messages.push({
			role: 'assistant',
			content: answer.text,
			id: messageId,
			created_at: createdAt,
		});
		session.reference.push(reference);
		r.state.touch(session);
	}
	const base = {
		id: messageId,
		session_id: session?.id ?? '',
		...(chat ? { chat_id: chat.id } : {}),
		audio_binary: null,
	};

	if (!stream) {
		if (error) {
			sendJson(r.res, 200, {
				code: 500,
				message: error,
				data: { answer: `**ERROR**: ${error}`, reference: [] },
			});
			return;
		}
		sendJsonResult(r, { answer: answer!.text, reference, prompt, created_at: createdAt, ...base });
		return;
	}

	const w = new SseWriter(r.res, r.sseDelayMs, r.sseHold);
	if (error) {
		await w.send({
			code: 500,
			message: error,
			data: { answer: `**ERROR**: ${error}`, reference: [] },
		});
	} else if (answer!.empty) {
		await w.send({
			code: 0,
			message: '',
			data: { ...base, answer: answer!.text, reference: { chunks: [] }, final: false },
		});
		await w.send({
			code: 0,
			message: '',
			data: {
				...base,
				answer: answer!.text,
				reference,
				final: true,
				prompt,
				created_at: createdAt,
			},
		});
	} else {
		let sofar = '';
		for (const delta of toDeltas(answer!.text)) {
			sofar += delta;
			await w.send({
				code: 0,
				message: '',
				data: { ...base, answer: legacy ? sofar : delta, reference: { chunks: [] }, final: false },
			});
			if (w.closed) return;
		}
		// Without a chat (plain LLM mode) RAGFlow sends no final event.
		if (chat)
			await w.send({
				code: 0,
				message: '',
				data: {
					...base,
					answer: legacy ? sofar : '',
					reference,
					final: true,
					prompt,
					created_at: createdAt,
				},
			});
	}
	await w.send({ code: 0, message: '', data: true });
	w.end();
}

// ---------- OpenAI-compatible (docs/ragflow-api.md §12) ----------

/** Python's truthiness of a JSON value (`x or {}` keeps only truthy values). */
function pyTruthy(v: unknown): boolean {
	if (Array.isArray(v)) return v.length > 0;
	if (isPlainObject(v)) return Object.keys(v).length > 0;
	return Boolean(v);
}

/** `value or {}`, refused with the server's message when it is truthy but not an object. */
function optionalObject(value: unknown, message: string): Record<string, unknown> {
	if (!pyTruthy(value)) return {};
	if (!isPlainObject(value)) throw new SimError(102, message);
	return value;
}

/**
 * RAGFlow's handler (openai_api.py) checks the payload (`model`/`messages` present, `extra_body`,
 * `reference_metadata`, the messages) before it looks the chat up, then the model, and only then
 * `metadata_condition`: an unknown chat with a bad payload answers with the payload's error.
 */
async function openaiCompletion(r: SimRequest) {
	const body = bodyObject(r);
	const missing = ['model', 'messages'].filter((k) => body[k] === undefined || body[k] === null);
	if (missing.length)
		throw new SimError(101, `required argument are missing: ${missing.join(', ')}; `);
	const extra = optionalObject(body.extra_body, 'extra_body must be an object.');
	const referenceMetadata = optionalObject(
		extra.reference_metadata,
		'reference_metadata must be an object.',
	);
	if (
		referenceMetadata.fields !== undefined &&
		referenceMetadata.fields !== null &&
		!Array.isArray(referenceMetadata.fields)
	) {
		throw new SimError(102, 'reference_metadata.fields must be an array.');
	}
	if (!Array.isArray(body.messages) || !body.messages.length)
		throw new SimError(102, 'You have to provide messages.');
	const last = body.messages[body.messages.length - 1] as unknown;
	if (!isPlainObject(last) || last.role !== 'user')
		throw new SimError(102, 'The last content of this conversation is not from user.');
	const messages = normalizeMessages(body.messages, 102);
	const chat = r.state.chats.get(r.params.chat_id);
	if (!chat) throw new SimError(102, `You don't own the chat ${r.params.chat_id}`);
	if (typeof body.model !== 'string')
		throw new SimError(101, `\`llm_id\` ${String(body.model)} doesn't exist`);
	if (body.model !== 'model' && body.model !== '' && !HEX_OR_MODEL.test(body.model))
		throw new SimError(101, `\`llm_id\` ${body.model} doesn't exist`);
	// An empty model passes the llm_id check but has no API key on the tenant.
	if (body.model === '') throw new SimError(102, 'Cannot use specified model .');
	const metadataCondition = optionalObject(
		extra.metadata_condition,
		'metadata_condition must be an object.',
	);
	const wantReference = pyTruthy(extra.reference);
	const question = messages[messages.length - 1].content;
	const documentIds = pyTruthy(metadataCondition)
		? chat.dataset_ids.flatMap((id) =>
				[...(r.state.getDataset(id)?.docs.values() ?? [])]
					.filter((d) => matchMetadataCondition(d, metadataCondition))
					.map((d) => d.id),
			)
		: undefined;
	const answer = answerFor(r, chat, question, documentIds);
	const refs = answer.results.map((x) => r.state.referenceChunk(x));
	const id = `chatcmpl-${chat.id}`;
	const created = Math.floor(Date.now() / 1000);
	const model = body.model;
	const promptTokens = countTokens(messages.map((m) => m.content).join(' '));
	const completionTokens = countTokens(answer.text);
	const usage = {
		prompt_tokens: promptTokens,
		completion_tokens: completionTokens,
		total_tokens: promptTokens + completionTokens,
		completion_tokens_details: {
			reasoning_tokens: 0,
			accepted_prediction_tokens: 0,
			rejected_prediction_tokens: 0,
		},
	};

	if (!flag(body.stream, false)) {
		const message: Record<string, unknown> = { role: 'assistant', content: answer.text };
		if (wantReference) message.reference = refs;
		sendJson(r.res, 200, {
			id,
			object: 'chat.completion',
			created,
			model,
			usage,
			choices: [{ message, logprobs: null, finish_reason: 'stop', index: 0 }],
		});
		return;
	}
	const w = new SseWriter(r.res, r.sseDelayMs, r.sseHold);
	const chunk = (delta: Record<string, unknown>, finish: string | null, withUsage: unknown) => ({
		id,
		object: 'chat.completion.chunk',
		created,
		model,
		system_fingerprint: '',
		usage: withUsage,
		choices: [
			{
				delta: {
					role: 'assistant',
					function_call: null,
					tool_calls: null,
					reasoning_content: null,
					...delta,
				},
				finish_reason: finish,
				index: 0,
				logprobs: null,
			},
		],
	});
	for (const delta of toDeltas(answer.text)) {
		await w.send(chunk({ content: delta }, null, null));
		if (w.closed) return;
	}
	const lastDelta: Record<string, unknown> = { content: null };
	if (wantReference) {
		lastDelta.reference = refs;
		lastDelta.final_content = answer.text;
	}
	await w.send(chunk(lastDelta, 'stop', usage));
	await w.send('[DONE]');
	w.end();
}

export function registerCompletionRoutes(router: Router) {
	router.add('POST', '/chat/completions', (r) => chatCompletion(r), {
		requires: 'chatCompletions',
	});
	router.add('POST', '/chats/{chat_id}/completions', (r) => chatCompletion(r, r.params.chat_id), {
		requires: 'chatApiV2',
	});
	router.add('POST', '/chats/{chat_id}/completions', legacy.chatCompletion, {
		unless: 'chatApiV2',
	});
	router.add('POST', '/openai/{chat_id}/chat/completions', openaiCompletion);
	router.add('POST', '/chats_openai/{chat_id}/chat/completions', openaiCompletion);
}
