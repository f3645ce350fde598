#!/usr/bin/env node
/*
 * A scripted stand-in for the OpenAI Responses API, so that tests can run
 * the real Codex CLI offline (a model provider with base_url
 * http://127.0.0.1:PORT/v1 and wire_api "responses"; see ../lib-codex.sh).
 *
 *   node responses-server.js --dir DIR [--script FILE] [--port N]
 *
 * DIR receives:
 *   port          the port, written once the server listens
 *   requests.log  one JSON line per request: seq, time, method, path,
 *                 query, headers (authorization removed), session (the
 *                 session-id header), request_kind (from the
 *                 x-codex-turn-metadata header), kind ("main" for a model
 *                 request of the agent loop, "side" for other model
 *                 requests, "other"), turn (the script turn that answered:
 *                 its index, "final", "side"; null for other requests),
 *                 the body (parsed when JSON), status, stream and a short
 *                 summary of the answer
 *   server.log    this program's own messages (unknown requests, start, stop)
 *
 * The script is a JSON file: a list of turns or an object
 *   {"turns": [TURN...], "final": TURN, "side": TURN, "per_session": false}
 * Each turn answers the next agent-loop request (POST /v1/responses). A
 * turn is a list of output items, or one item, or a string (one text
 * message). An item is
 *   "text" or {"text": "..."}             an assistant message
 *   {"exec": "command"}                   a call of the shell tool
 *                                         exec_command with {"cmd": ...}
 *   {"exec": {"cmd": "...", ...}}         the same with more arguments
 *   {"function_call": {"name": "...", "arguments": {...} or "...",
 *                      "call_id": optional}}   any other tool call
 * or the API's own {"type": "message"|"function_call", ...}. When the turns
 * run out, "final" answers (default: the text "done."). A model request
 * that is not of the agent loop (request_kind other than "turn") gets
 * "side" (default "ok") and uses no turn. With "per_session": true each
 * session (session-id header) walks the turns from the start; else all
 * sessions share one sequence.
 *
 * Answers stream as server-sent events when the request says
 * "stream": true (as Codex always does): response.created, then per item
 * response.output_item.added, response.output_text.delta (messages) or
 * response.function_call_arguments.delta (tool calls),
 * response.output_item.done, and last response.completed with usage.
 *
 * Only plain node is needed: no npm dependencies. Everything is loopback.
 */
'use strict';

const loop = require('./loopback.js');

const opts = loop.parseArgs(process.argv, 'responses-server');
const log = loop.openLog(opts.dir);

/* ------------------------------------------------------------------- script */

function normItem(it) {
	if (typeof it === 'string')
		it = { text: it };
	if (it && typeof it.text === 'string' && !it.type)
		return { type: 'message', role: 'assistant', text: it.text };
	if (it && it.exec !== undefined) {
		const args = typeof it.exec === 'string' ?
			{ cmd: it.exec } : it.exec;
		return { type: 'function_call', name: 'exec_command',
			 arguments: JSON.stringify(args) };
	}
	if (it && it.function_call) {
		const f = it.function_call;
		return { type: 'function_call', name: f.name,
			 arguments: typeof f.arguments === 'string' ?
				f.arguments : JSON.stringify(f.arguments || {}),
			 call_id: f.call_id };
	}
	if (it && it.type === 'message') {
		const text = (it.content || []).map((c) => c.text || '')
			.join('');
		return { type: 'message', role: 'assistant', text };
	}
	if (it && it.type === 'function_call')
		return { type: 'function_call', name: it.name,
			 arguments: typeof it.arguments === 'string' ?
				it.arguments : JSON.stringify(it.arguments || {}),
			 call_id: it.call_id };
	loop.fatal('responses-server', `bad item in script: ${JSON.stringify(it)}`);
}

function normTurn(t) {
	return (Array.isArray(t) ? t : [t]).map(normItem);
}

function loadScript(file) {
	const s = loop.readScript(file, 'responses-server');
	return {
		turns: (s.turns || []).map(normTurn),
		final: normTurn(s.final || 'done.'),
		side: normTurn(s.side || 'ok'),
		perSession: !!s.per_session,
	};
}

const script = loadScript(opts.script);
const takeTurn = loop.turnTaker(script);

/* ---------------------------------------------------------------- answering */

/* the finished output items of a turn, with fresh ids */
function outputItems(turn) {
	return turn.map((it) => it.type === 'message' ? {
		type: 'message', id: loop.rid('msg_'), status: 'completed',
		role: 'assistant',
		content: [{ type: 'output_text', text: it.text,
			    annotations: [] }],
	} : {
		type: 'function_call', id: loop.rid('fc_'),
		status: 'completed', name: it.name, arguments: it.arguments,
		call_id: it.call_id || loop.rid('call_'),
	});
}

function usage(body, output) {
	const input = loop.estimateTokens(body);
	const out = Math.max(1, Math.ceil(JSON.stringify(output).length / 4));
	return {
		input_tokens: input,
		input_tokens_details: { cached_tokens: 0 },
		output_tokens: out,
		output_tokens_details: { reasoning_tokens: 0 },
		total_tokens: input + out,
	};
}

function responseObject(id, model, status, output, use) {
	const r = { id, object: 'response',
		    created_at: Math.floor(Date.now() / 1000), status,
		    model: model || 'gpt-test', output };
	if (use)
		r.usage = use;
	return r;
}

function stream(res, body, output) {
	res.writeHead(200, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		'x-request-id': loop.rid('req_'),
	});
	let n = 0;
	const sse = (type, data) => res.write(`event: ${type}\ndata: ${
		JSON.stringify(Object.assign({ type, sequence_number: n++ },
					     data))}\n\n`);
	const id = loop.rid('resp_');
	sse('response.created', { response: responseObject(id, body.model,
		'in_progress', []) });
	output.forEach((item, i) => {
		if (item.type === 'message') {
			sse('response.output_item.added', { output_index: i,
				item: Object.assign({}, item, {
					status: 'in_progress', content: [] }) });
			sse('response.output_text.delta', { output_index: i,
				item_id: item.id, content_index: 0,
				delta: item.content[0].text });
		} else {
			sse('response.output_item.added', { output_index: i,
				item: Object.assign({}, item, {
					status: 'in_progress',
					arguments: '' }) });
			sse('response.function_call_arguments.delta', {
				output_index: i, item_id: item.id,
				delta: item.arguments });
		}
		sse('response.output_item.done', { output_index: i, item });
	});
	sse('response.completed', { response: responseObject(id, body.model,
		'completed', output, usage(body, output)) });
	res.end();
}

/* the kind of model request, from Codex's turn metadata header */
function requestKind(req) {
	try {
		const m = JSON.parse(req.headers['x-codex-turn-metadata'] ||
				     '{}');
		return m.request_kind || null;
	} catch (e) {
		return null;
	}
}

function answer(req, body, entry) {
	entry.session = req.headers['session-id'] || null;
	entry.request_kind = requestKind(req);
	if (req.method === 'POST' && entry.path === '/v1/responses') {
		if (!body || typeof body !== 'object')
			return { status: 400, send: (res) => loop.json(res, 400,
				{ error: { type: 'invalid_request_error',
					   message: 'body is not JSON' } }) };
		let turn;
		if (entry.request_kind === null ||
		    entry.request_kind === 'turn') {
			const t = takeTurn(entry.session);
			entry.kind = 'main';
			entry.turn = t.index;
			turn = t.turn;
		} else {
			entry.kind = 'side';
			entry.turn = 'side';
			turn = script.side;
		}
		const output = outputItems(turn);
		entry.answer = output.map((it) => it.type === 'message' ?
			{ text: it.content[0].text.slice(0, 200) } :
			{ call: it.name, call_id: it.call_id,
			  arguments: it.arguments.slice(0, 200) });
		entry.stream = !!body.stream;
		return { status: 200, send: (res) => body.stream ?
			stream(res, body, output) :
			loop.json(res, 200, responseObject(loop.rid('resp_'),
				body.model, 'completed', output,
				usage(body, output))) };
	}
	log.note(`unknown request ${req.method} ${req.url}`);
	return { status: 404, send: (res) => loop.json(res, 404, { error: {
		type: 'invalid_request_error',
		message: `no route for ${req.method} ${entry.path}` } }) };
}

loop.serve(opts, log, answer, `${script.turns.length} turns`);
