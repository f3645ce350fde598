#!/usr/bin/env node
/*
 * A scripted stand-in for the Anthropic Messages API, so that tests can run
 * the real Claude Code CLI offline (ANTHROPIC_BASE_URL=http://127.0.0.1:PORT).
 *
 *   node model-server.js --dir DIR [--script FILE] [--port N]
 *
 * DIR receives:
 *   port          the port, written once the server listens
 *   requests.log  one JSON line per request: seq, time, method, path, query,
 *                 headers (x-api-key and authorization removed), session
 *                 (x-claude-code-session-id), kind ("main", "side" with why,
 *                 or "other"), turn (the script turn that answered: its
 *                 index, "final", "side", "compact" or null), the body
 *                 (parsed when JSON), status, stream, stop_reason and a
 *                 short summary of the answer
 *   server.log    this program's own messages (unknown requests, start, stop)
 *
 * The script is a JSON file: a list of turns or an object
 *   {"turns": [TURN...], "final": TURN, "side": TURN, "compact": TURN,
 *    "per_session": false}
 * Each turn answers the next agent-loop ("main") POST /v1/messages. A turn is
 *   {"content": [BLOCK...], "stop_reason": "end_turn" | "tool_use"}
 * or a shorthand: a string (one text block), a list of blocks, or one block.
 * A block is {"text": "..."} or {"tool_use": {"name": "Bash", "input": {...},
 * "id": optional}} (or the API's own {"type": "text"|"tool_use", ...}).
 * stop_reason defaults to "tool_use" when the turn has a tool_use block,
 * else "end_turn". When the turns run out, "final" answers (default: the
 * text "done."). Side calls (see sideCall) never use a turn: compaction gets
 * "compact" (default: a short <summary>), anything else "side" (default:
 * "ok"). With "per_session": true each session (x-claude-code-session-id)
 * walks the turns from the start; else all sessions share one sequence.
 *
 * Only plain node is needed: no npm dependencies. Everything is loopback.
 */
'use strict';

const loop = require('./loopback.js');

const opts = loop.parseArgs(process.argv, 'model-server');
const log = loop.openLog(opts.dir);

function fatal(msg) {
	loop.fatal('model-server', msg);
}

/* ------------------------------------------------------------------- script */

function normBlock(b) {
	if (typeof b === 'string')
		return { type: 'text', text: b };
	if (b && b.tool_use)
		return { type: 'tool_use', name: b.tool_use.name,
			 input: b.tool_use.input || {}, id: b.tool_use.id };
	if (b && b.type === 'tool_use')
		return { type: 'tool_use', name: b.name, input: b.input || {},
			 id: b.id };
	if (b && typeof b.text === 'string')
		return { type: 'text', text: b.text };
	fatal(`bad block in script: ${JSON.stringify(b)}`);
}

function normTurn(t) {
	let blocks, stop = null;
	if (typeof t === 'string')
		blocks = [t];
	else if (Array.isArray(t))
		blocks = t;
	else if (t && Array.isArray(t.content)) {
		blocks = t.content;
		stop = t.stop_reason || null;
	} else
		blocks = [t];
	const content = blocks.map(normBlock);
	if (!stop)
		stop = content.some((b) => b.type === 'tool_use') ?
			'tool_use' : 'end_turn';
	return { content, stop_reason: stop };
}

const COMPACT_SUMMARY = '<analysis>scripted</analysis>\n' +
	'<summary>The scripted session so far (model-server.js).</summary>';

function loadScript(file) {
	const s = loop.readScript(file, 'model-server');
	return {
		turns: (s.turns || []).map(normTurn),
		final: normTurn(s.final || 'done.'),
		side: normTurn(s.side || 'ok'),
		compact: normTurn(s.compact || COMPACT_SUMMARY),
		perSession: !!s.per_session,
	};
}

const script = loadScript(opts.script);
const takeTurn = loop.turnTaker(script);

/* ----------------------------------------------------------- classification */

/*
 * Which requests belong to the agent loop (see README.md, measured with
 * Claude Code 2.1.197): every agent-loop request offers tools. Compaction
 * (/compact, or automatic near the context limit) sends the same model and
 * tools, but its last user message is the summary instruction; it must not
 * consume a scripted turn, and it wants a <summary> back. Anything else
 * without tools (title or summary calls of other versions) is a side call.
 * Returns null for the agent loop, else why the request is a side call.
 */
const COMPACT_MARK = 'create a detailed summary of the conversation';

function lastUserText(body) {
	const msgs = Array.isArray(body.messages) ? body.messages : [];
	for (let i = msgs.length - 1; i >= 0; i--) {
		if (msgs[i].role !== 'user')
			continue;
		const c = msgs[i].content;
		if (typeof c === 'string')
			return c;
		if (Array.isArray(c))
			return c.filter((b) => b && b.type === 'text')
				.map((b) => b.text).join('\n');
		return '';
	}
	return '';
}

function sideCall(body) {
	if (!Array.isArray(body.tools) || body.tools.length === 0)
		return 'no tools';
	if (lastUserText(body).includes(COMPACT_MARK))
		return 'compact';
	return null;
}

/* ---------------------------------------------------------------- answering */

function message(turn, model, inTokens) {
	const content = turn.content.map((b) => b.type === 'text' ?
		{ type: 'text', text: b.text } :
		{ type: 'tool_use', id: b.id || loop.rid('toolu_'), name: b.name,
		  input: b.input });
	const outTokens = Math.max(1, Math.ceil(
		JSON.stringify(content).length / 4));
	return {
		id: loop.rid('msg_'),
		type: 'message',
		role: 'assistant',
		model: model || 'claude-test',
		content,
		stop_reason: turn.stop_reason,
		stop_sequence: null,
		usage: {
			input_tokens: inTokens,
			cache_creation_input_tokens: 0,
			cache_read_input_tokens: 0,
			output_tokens: outTokens,
			service_tier: 'standard',
		},
	};
}

function sse(res, event, data) {
	res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function stream(res, msg) {
	res.writeHead(200, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		'request-id': loop.rid('req_'),
	});
	const start = Object.assign({}, msg, {
		content: [], stop_reason: null, stop_sequence: null,
		usage: Object.assign({}, msg.usage, { output_tokens: 1 }),
	});
	sse(res, 'message_start', { type: 'message_start', message: start });
	msg.content.forEach((b, index) => {
		if (b.type === 'text') {
			sse(res, 'content_block_start', {
				type: 'content_block_start', index,
				content_block: { type: 'text', text: '' },
			});
			sse(res, 'ping', { type: 'ping' });
			sse(res, 'content_block_delta', {
				type: 'content_block_delta', index,
				delta: { type: 'text_delta', text: b.text },
			});
		} else {
			sse(res, 'content_block_start', {
				type: 'content_block_start', index,
				content_block: { type: 'tool_use', id: b.id,
						 name: b.name, input: {} },
			});
			sse(res, 'content_block_delta', {
				type: 'content_block_delta', index,
				delta: { type: 'input_json_delta',
					 partial_json: JSON.stringify(b.input) },
			});
		}
		sse(res, 'content_block_stop', { type: 'content_block_stop', index });
	});
	sse(res, 'message_delta', {
		type: 'message_delta',
		delta: { stop_reason: msg.stop_reason, stop_sequence: null },
		usage: { output_tokens: msg.usage.output_tokens },
	});
	sse(res, 'message_stop', { type: 'message_stop' });
	res.end();
}

function apiError(res, status, type, text) {
	loop.json(res, status, { type: 'error', error: { type, message: text } });
}

const MODELS = ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5'];

function answer(req, body, entry) {
	const p = entry.path;
	entry.session = req.headers['x-claude-code-session-id'] || null;
	if (req.method === 'POST' && p === '/v1/messages') {
		if (!body || typeof body !== 'object')
			return { status: 400, send: (res) => apiError(res, 400,
				'invalid_request_error', 'body is not JSON') };
		let turn;
		const why = sideCall(body);
		if (!why) {
			entry.kind = 'main';
			const t = takeTurn(entry.session);
			entry.turn = t.index;
			turn = t.turn;
		} else {
			entry.kind = 'side';
			entry.why = why;
			entry.turn = why === 'compact' ? 'compact' : 'side';
			turn = why === 'compact' ? script.compact : script.side;
		}
		const msg = message(turn, body.model, loop.estimateTokens(body));
		entry.answer = msg.content.map((b) => b.type === 'text' ?
			{ text: b.text.slice(0, 200) } :
			{ tool_use: b.name, id: b.id, input: b.input });
		entry.stop_reason = msg.stop_reason;
		entry.stream = !!body.stream;
		return { status: 200, send: (res) => body.stream ?
			stream(res, msg) : loop.json(res, 200, msg) };
	}
	if (req.method === 'POST' && p === '/v1/messages/count_tokens')
		return { status: 200, send: (res) => loop.json(res, 200,
			{ input_tokens: loop.estimateTokens(body) }) };
	if (req.method === 'GET' && p === '/v1/models') {
		const data = MODELS.map((id) => ({ type: 'model', id,
			display_name: id, created_at: '2025-01-01T00:00:00Z' }));
		return { status: 200, send: (res) => loop.json(res, 200, {
			data, has_more: false, first_id: data[0].id,
			last_id: data[data.length - 1].id }) };
	}
	const m = p.match(/^\/v1\/models\/([^/]+)$/);
	if (req.method === 'GET' && m)
		return { status: 200, send: (res) => loop.json(res, 200, {
			type: 'model', id: m[1], display_name: m[1],
			created_at: '2025-01-01T00:00:00Z' }) };
	if ((req.method === 'HEAD' || req.method === 'GET') && p === '/')
		return { status: 200, send: (res) => {
			res.writeHead(200, { 'content-type': 'text/plain' });
			res.end(req.method === 'HEAD' ? undefined : 'ok\n');
		} };
	log.note(`unknown request ${req.method} ${req.url}`);
	return { status: 404, send: (res) => apiError(res, 404,
		'not_found_error', `no route for ${req.method} ${p}`) };
}

loop.serve(opts, log, answer, `${script.turns.length} turns`);
