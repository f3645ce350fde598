#!/usr/bin/env node
/*
 * "The other host" for the sync client's hardening tests: a plain HTTP
 * server on 127.0.0.1 that answers every request the same configurable way
 * and records what reached it, so that a test can prove that no token and no
 * request body ever left for a host the client was not configured for (a
 * Link header or a redirect pointing elsewhere).
 *
 *   node capture.js [--port N] [--port-file F] [--log FILE] [--status N]
 *                   [--body STRING] [--content-type TYPE] [--quiet]
 *
 * For each request it records: seq, at (wall clock), method, path (with the
 * query), host, user_agent, header_names, authorization (was the header
 * there), authorization_sha256 (sha256 hex of the whole header value) and
 * authorization_credential_sha256 (of the part after the scheme, e.g. the
 * token of "Bearer T"), the same two for Cookie and Proxy-Authorization,
 * content_length (the header, or null), transfer_encoding, body_bytes and
 * body_sha256 (of the bytes received). Never a header value or a body.
 * Records go to --log (one JSON object a line) and to GET /_capture/requests.
 *
 * Control (not recorded, not answered with the configured answer):
 *   GET    /_capture/health     {ok, port, answer}
 *   GET    /_capture/requests   {requests: [...]}
 *   DELETE /_capture/requests   forget them
 *   POST   /_capture/config     {status?, body?, content_type?, headers?}
 *
 * Default answer: 200, application/json, {"message":"captured"}.
 * Plain node, no dependencies.
 */
'use strict';

const http = require('http');
const crypto = require('crypto');
const fs = require('fs');

function fatal(msg) {
	process.stderr.write(`capture.js: ${msg}\n`);
	process.exit(2);
}

const opts = { port: 0, portFile: null, log: null, quiet: false,
	status: 200, body: '{"message":"captured"}\n',
	contentType: 'application/json; charset=utf-8' };
for (let i = 2; i < process.argv.length; i++) {
	const a = process.argv[i];
	const next = () => {
		if (i + 1 >= process.argv.length)
			fatal(`option '${a}' needs a value`);
		return process.argv[++i];
	};
	switch (a) {
	case '--port': opts.port = Number(next()); break;
	case '--port-file': opts.portFile = next(); break;
	case '--log': opts.log = next(); break;
	case '--status': opts.status = Number(next()); break;
	case '--body': opts.body = next(); break;
	case '--content-type': opts.contentType = next(); break;
	case '--quiet': opts.quiet = true; break;
	default: fatal(`unknown option '${a}'`);
	}
}

const answer = { status: opts.status, body: opts.body,
	content_type: opts.contentType, headers: {} };
let requests = [];
let seq = 0;

function sha256(data) {
	return crypto.createHash('sha256').update(data).digest('hex');
}

/* presence and hashes of a secret-bearing header; never its value */
function secret(value) {
	if (value === undefined)
		return { present: false, sha256: null, credential_sha256: null };
	const v = String(value);
	const sp = v.indexOf(' ');
	return { present: true, sha256: sha256(v),
		credential_sha256: sha256(sp < 0 ? v : v.slice(sp + 1).trim()) };
}

function record(req, body) {
	const h = req.headers;
	const auth = secret(h.authorization);
	const cookie = secret(h.cookie);
	const proxy = secret(h['proxy-authorization']);
	const r = {
		seq: ++seq,
		at: new Date().toISOString(),
		method: req.method,
		path: req.url,
		host: h.host || null,
		user_agent: h['user-agent'] || null,
		header_names: Object.keys(h).sort(),
		authorization: auth.present,
		authorization_sha256: auth.sha256,
		authorization_credential_sha256: auth.credential_sha256,
		cookie: cookie.present,
		cookie_sha256: cookie.sha256,
		proxy_authorization: proxy.present,
		proxy_authorization_sha256: proxy.sha256,
		content_length: h['content-length'] === undefined ? null :
			h['content-length'],
		transfer_encoding: h['transfer-encoding'] || null,
		body_bytes: body.length,
		body_sha256: body.length ? sha256(body) : null,
	};
	requests.push(r);
	if (opts.log)
		fs.appendFileSync(opts.log, JSON.stringify(r) + '\n');
	if (!opts.quiet)
		process.stderr.write(`${r.at} ${r.method} ${r.path} auth=${r.authorization} ` +
			`body=${r.body_bytes}\n`);
}

function reply(res, status, body, type, headers) {
	res.writeHead(status, Object.assign({ 'Content-Type': type,
		'Content-Length': Buffer.byteLength(body) }, headers || {}));
	res.end(body);
}

function control(req, res, url, body) {
	const out = (status, v) => reply(res, status, JSON.stringify(v, null, 1) + '\n',
		'application/json; charset=utf-8');
	const m = req.method.toUpperCase();
	if (m === 'GET' && url.pathname === '/_capture/health')
		return out(200, { ok: true, port: server.address().port, answer });
	if (m === 'GET' && url.pathname === '/_capture/requests')
		return out(200, { requests });
	if (m === 'DELETE' && url.pathname === '/_capture/requests') {
		requests = [];
		return out(200, { ok: true });
	}
	if (m === 'POST' && url.pathname === '/_capture/config') {
		let b;
		try {
			b = JSON.parse(body.toString('utf8') || '{}');
		} catch (e) {
			return out(400, { error: 'body is not JSON' });
		}
		if (b.status !== undefined)
			answer.status = Number(b.status);
		if (b.body !== undefined)
			answer.body = String(b.body);
		if (b.content_type !== undefined)
			answer.content_type = String(b.content_type);
		if (b.headers !== undefined)
			answer.headers = b.headers || {};
		return out(200, { answer });
	}
	return out(404, { error: `no control route ${m} ${url.pathname}` });
}

const server = http.createServer((req, res) => {
	const chunks = [];
	let size = 0;
	req.on('data', (c) => {
		size += c.length;
		if (size > 16 * 1024 * 1024)
			return req.socket.destroy();
		chunks.push(c);
	});
	req.on('end', () => {
		const body = Buffer.concat(chunks);
		const url = new URL(req.url, 'http://127.0.0.1');
		if (url.pathname.startsWith('/_capture/'))
			return control(req, res, url, body);
		record(req, body);
		reply(res, answer.status, answer.body, answer.content_type, answer.headers);
	});
});

server.on('error', (e) => fatal(e.message));
server.listen(opts.port, '127.0.0.1', () => {
	const port = server.address().port;
	if (opts.portFile) {
		fs.writeFileSync(`${opts.portFile}.tmp`, `${port}\n`);
		fs.renameSync(`${opts.portFile}.tmp`, opts.portFile);
	}
	if (!opts.quiet)
		process.stderr.write(`capture.js: listening on http://127.0.0.1:${port}\n`);
});
for (const sig of ['SIGTERM', 'SIGINT'])
	process.on(sig, () => {
		server.close();
		process.exit(0);
	});
