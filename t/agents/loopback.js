/*
 * What the scripted model servers share (model-server.js for Claude Code,
 * responses-server.js for Codex): the command line, the request log, the
 * walk through the script's turns, and the HTTP server on 127.0.0.1 that
 * logs each request before it answers.
 *
 * An answer function gets (req, body, entry): the request, its body
 * (parsed when JSON, else the raw text) and the log entry to fill in
 * (kind, turn, answer...); it returns {status, send(res)}. The entry is
 * written to DIR/requests.log before send runs: the client may send its
 * next request at once.
 *
 * Only plain node is needed: no npm dependencies.
 */
'use strict';

const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

function fatal(who, msg) {
	process.stderr.write(`${who}: ${msg}\n`);
	process.exit(128);
}

/* --dir DIR [--script FILE] [--port N] */
function parseArgs(argv, who) {
	const o = { dir: null, script: null, port: 0 };
	for (let i = 2; i < argv.length; i++) {
		const a = argv[i];
		const next = () => {
			if (i + 1 >= argv.length)
				fatal(who, `option '${a}' needs a value`);
			return argv[++i];
		};
		switch (a) {
		case '--dir': o.dir = next(); break;
		case '--script': o.script = next(); break;
		case '--port': o.port = Number(next()); break;
		default: fatal(who, `unknown option '${a}'`);
		}
	}
	if (!o.dir)
		fatal(who, `usage: ${who}.js --dir DIR [--script FILE] [--port N]`);
	fs.mkdirSync(o.dir, { recursive: true });
	return o;
}

function openLog(dir) {
	const requests = path.join(dir, 'requests.log');
	const own = path.join(dir, 'server.log');
	return {
		dir,
		note: (msg) => fs.appendFileSync(own,
			`${new Date().toISOString()} ${msg}\n`),
		request: (entry) => fs.appendFileSync(requests,
			JSON.stringify(entry) + '\n'),
	};
}

/* the script file as an object ({turns: [...]} for a bare list) */
function readScript(file, who) {
	if (!file)
		return { turns: [] };
	let s;
	try {
		s = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (e) {
		fatal(who, `cannot read script '${file}': ${e.message}`);
	}
	return Array.isArray(s) ? { turns: s } : s;
}

/*
 * takeTurn(session) for a script {turns, final, perSession}: the next
 * turn, as {index, turn}, of that session (perSession) or of all
 * sessions; index "final" once the turns have run out
 */
function turnTaker(script) {
	const next = new Map();
	return (session) => {
		const key = script.perSession ? session || '' : '';
		const i = next.get(key) || 0;
		if (i >= script.turns.length)
			return { index: 'final', turn: script.final };
		next.set(key, i + 1);
		return { index: i, turn: script.turns[i] };
	};
}

function rid(prefix) {
	return prefix + crypto.randomBytes(12).toString('hex');
}

function estimateTokens(body) {
	const n = body ? JSON.stringify(body).length : 0;
	return Math.max(1, Math.ceil(n / 4));
}

function json(res, status, obj) {
	const s = JSON.stringify(obj);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(s),
		'request-id': rid('req_'),
	});
	res.end(s);
}

/* the headers to log: never a key or a token */
function cleanHeaders(h) {
	const out = {};
	for (const k of Object.keys(h))
		if (k !== 'x-api-key' && k !== 'authorization')
			out[k] = h[k];
	return out;
}

/* listen on 127.0.0.1, log and answer every request, stop on SIGTERM */
function serve(opts, log, answer, startNote) {
	let seq = 0;
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body = raw;
			try {
				if (raw.length)
					body = JSON.parse(raw);
			} catch (e) {
				/* keep the raw text */
			}
			const u = new URL(req.url, 'http://127.0.0.1');
			const entry = {
				seq: seq++,
				time: new Date().toISOString(),
				method: req.method,
				path: u.pathname,
				query: u.search,
				headers: cleanHeaders(req.headers),
				session: null,
				kind: 'other',
				turn: null,
				body: raw.length ? body : null,
			};
			const a = answer(req, body, entry);
			entry.status = a.status;
			log.request(entry);
			a.send(res);
		});
	});
	server.listen(opts.port, '127.0.0.1', () => {
		const port = server.address().port;
		log.note(`listening on 127.0.0.1:${port}, ${startNote}`);
		const tmp = path.join(opts.dir, 'port.tmp');
		fs.writeFileSync(tmp, `${port}\n`);
		fs.renameSync(tmp, path.join(opts.dir, 'port'));
	});
	const stop = () => {
		log.note('stopping');
		server.close();
		process.exit(0);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

module.exports = { fatal, parseArgs, openLog, readScript, turnTaker, rid,
		   estimateTokens, json, cleanHeaders, serve };
