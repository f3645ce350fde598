#!/usr/bin/env node
/*
 * Cut the small OpenAPI description the GitHub mirror tests validate against.
 *
 * GitHub's full description (npm @octokit/openapi, generated/api.github.com.json)
 * is 13 MB and makes Prism start in ~10 s; the tests only talk to a handful of
 * endpoints. This script keeps exactly the operations listed in OPERATIONS,
 * every component they reference (walking $refs transitively), and adds the
 * /repositories/{repository_id}/... path forms GitHub uses in its pagination
 * Link headers and rename redirects, which the official description does not
 * list. Each addition carries an "x-git-issue-note" saying so.
 *
 * Usage (see README.md for the full regeneration recipe):
 *   node cut-openapi.js /path/to/@octokit/openapi/generated/api.github.com.json \
 *     [openapi-subset.json]
 * No npm dependencies; output is deterministic (same input, same bytes).
 */
'use strict';

const fs = require('fs');
const path = require('path');

/* The operations the git issue-* GitHub client calls, and nothing else. */
const OPERATIONS = [
	['/user', 'get'],
	['/rate_limit', 'get'],
	['/repos/{owner}/{repo}/issues', 'get'],
	['/repos/{owner}/{repo}/issues', 'post'],
	['/repos/{owner}/{repo}/issues/{issue_number}', 'get'],
	['/repos/{owner}/{repo}/issues/{issue_number}', 'patch'],
	['/repos/{owner}/{repo}/issues/{issue_number}/comments', 'get'],
	['/repos/{owner}/{repo}/issues/{issue_number}/comments', 'post'],
	['/repos/{owner}/{repo}/issues/comments', 'get'],
	['/repos/{owner}/{repo}/issues/comments/{comment_id}', 'get'],
	['/repos/{owner}/{repo}/issues/comments/{comment_id}', 'patch'],
	/* sub-issues (GA 2025-04) */
	['/repos/{owner}/{repo}/issues/{issue_number}/sub_issues', 'get'],
	['/repos/{owner}/{repo}/issues/{issue_number}/sub_issues', 'post'],
	['/repos/{owner}/{repo}/issues/{issue_number}/sub_issue', 'delete'],
	['/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority', 'patch'],
	['/repos/{owner}/{repo}/issues/{issue_number}/parent', 'get'],
	/* issue dependencies (GA 2025-08) */
	['/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by', 'get'],
	['/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by', 'post'],
	['/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}', 'delete'],
	['/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocking', 'get'],
];

/*
 * Every kept /repos/{owner}/{repo}/... operation also gets a
 * /repositories/{repository_id}/... copy: GitHub's pagination Link headers
 * point at that form (lists), and after a repository rename GitHub answers
 * 301 (GET) or 307 (other methods) with a Location in that form (all of
 * them), so a client that follows either goes there.
 */
const REPOSITORY_ID_PREFIX = '/repos/{owner}/{repo}/';

const NOTE = 'Added by t/github/cut-openapi.js, not in the official ' +
	'description: GitHub\'s pagination Link headers and its redirects ' +
	'after a repository rename use this /repositories/{repository_id}/ ' +
	'form of the /repos/{owner}/{repo}/ path. Operation copied from the ' +
	'/repos/{owner}/{repo}/ form.';

function die(msg) {
	process.stderr.write(`cut-openapi: ${msg}\n`);
	process.exit(1);
}

function clone(v) {
	return JSON.parse(JSON.stringify(v));
}

/* Resolve a local "#/a/b/c" pointer inside doc. */
function resolvePointer(doc, ref) {
	if (!ref.startsWith('#/'))
		die(`non-local $ref '${ref}'`);
	let node = doc;
	for (const raw of ref.slice(2).split('/')) {
		const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
		if (node === null || typeof node !== 'object' || !(key in node))
			die(`dangling $ref '${ref}'`);
		node = node[key];
	}
	return node;
}

/* Collect every $ref reachable from root (transitively) into refs. */
function collectRefs(doc, root, refs) {
	const stack = [root];
	while (stack.length) {
		const node = stack.pop();
		if (Array.isArray(node)) {
			for (const v of node)
				stack.push(v);
		} else if (node !== null && typeof node === 'object') {
			for (const [k, v] of Object.entries(node)) {
				if (k === '$ref' && typeof v === 'string') {
					if (!refs.has(v)) {
						refs.add(v);
						stack.push(resolvePointer(doc, v));
					}
				} else {
					stack.push(v);
				}
			}
		}
	}
}

/*
 * Prism validates with ajv, which refuses to compile a schema that says
 * "nullable: true" without a "type" ('"nullable" cannot be used without
 * "type"'). Prism then skips that validation without a word: in GitHub's
 * description, issue-field-value.value does this, so no issue object was
 * checked at all. Rewrite each such schema to the equivalent form with an
 * explicit {"type": "null"} alternative. Returns the paths changed.
 */
function fixTypelessNullable(node, where, changed) {
	if (Array.isArray(node)) {
		node.forEach((v, i) => fixTypelessNullable(v, `${where}/${i}`, changed));
		return changed;
	}
	if (node === null || typeof node !== 'object')
		return changed;
	for (const [k, v] of Object.entries(node))
		if (!k.startsWith('x-'))	/* x-github-breaking-changes: not schemas */
			fixTypelessNullable(v, `${where}/${k}`, changed);
	if (node.nullable === true && node.type === undefined) {
		delete node.nullable;
		const alt = node.anyOf ? 'anyOf' : node.oneOf ? 'oneOf' : null;
		if (alt) {
			node[alt].push({ type: 'null' });
		} else {
			const inner = {};
			for (const k of Object.keys(node))
				if (k !== 'description') {
					inner[k] = node[k];
					delete node[k];
				}
			node.anyOf = [inner, { type: 'null' }];
		}
		node['x-git-issue-note'] = 'nullable without type rewritten as an ' +
			'explicit null alternative by cut-openapi.js, so that Prism ' +
			'(ajv) can compile the schema';
		changed.push(where);
	}
	return changed;
}

/* JSON pointer escaping of one path segment */
function pointerSegment(key) {
	return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/*
 * Copy of a /repos/{owner}/{repo}/... operation for
 * /repositories/{repository_id}/...: the same parameters but owner and repo,
 * and the request body and responses as $refs to the original operation's
 * (so the copies stay small and cannot drift from it). The description is
 * left out; the summary says where it came from.
 */
function repositoryIdOperation(doc, p, method, op) {
	const params = [{
		name: 'repository_id',
		description: 'The unique identifier of the repository.',
		in: 'path',
		required: true,
		schema: { type: 'integer' },
	}];
	for (const prm of op.parameters || []) {
		const real = prm.$ref ? resolvePointer(doc, prm.$ref) : prm;
		if (real.in === 'path' && (real.name === 'owner' || real.name === 'repo'))
			continue;
		params.push(clone(prm));
	}
	const at = `#/paths/${pointerSegment(p)}/${method}`;
	const copy = {
		summary: `${op.summary} (repository id form)`,
		tags: clone(op.tags),
		operationId: `${op.operationId}--by-repository-id`,
		externalDocs: clone(op.externalDocs),
		parameters: params,
	};
	if (op.requestBody)
		copy.requestBody = { $ref: `${at}/requestBody` };
	copy.responses = {};
	for (const status of Object.keys(op.responses))
		copy.responses[status] = { $ref: `${at}/responses/${pointerSegment(status)}` };
	copy['x-github'] = clone(op['x-github']);
	copy['x-git-issue-note'] = NOTE;
	return copy;
}

function main() {
	const input = process.argv[2];
	const output = process.argv[3] ||
		path.join(__dirname, 'openapi-subset.json');
	if (!input)
		die('usage: node cut-openapi.js <api.github.com.json> [output]');

	const full = JSON.parse(fs.readFileSync(input, 'utf8'));
	const paths = {};

	for (const [p, method] of OPERATIONS) {
		const item = full.paths[p];
		if (!item || !item[method])
			die(`operation ${method.toUpperCase()} ${p} not in ${input}`);
		paths[p] = paths[p] || {};
		/* path-level parameters, if any, belong to every operation */
		if (item.parameters)
			paths[p].parameters = item.parameters;
		paths[p][method] = item[method];
	}
	for (const p of Object.keys(paths)) {
		if (!p.startsWith(REPOSITORY_ID_PREFIX))
			continue;
		const alt = p.replace(REPOSITORY_ID_PREFIX,
			'/repositories/{repository_id}/');
		paths[alt] = {};
		for (const [method, op] of Object.entries(paths[p]))
			if (method !== 'parameters')
				paths[alt][method] = repositoryIdOperation(full, p, method, op);
	}

	/* Keep every component reachable from the kept paths. */
	const refs = new Set();
	collectRefs(full, paths, refs);
	const components = {};
	for (const ref of [...refs].sort()) {
		if (ref.startsWith('#/paths/'))
			continue;	/* a repository id form pointing at its original */
		const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
		if (!m)
			die(`unexpected $ref '${ref}'`);
		const [, kind, name] = m;
		components[kind] = components[kind] || {};
		components[kind][name] = clone(full.components[kind][name]);
	}
	/* Sort component names so diffs stay readable across regenerations. */
	const fixed = fixTypelessNullable(components, '#/components', []);
	fixTypelessNullable(paths, '#/paths', fixed);
	if (fixed.length)
		process.stderr.write(`cut-openapi: rewrote nullable without type at ` +
			`${fixed.join(', ')}\n`);
	const sorted = {};
	for (const kind of Object.keys(components).sort()) {
		sorted[kind] = {};
		for (const name of Object.keys(components[kind]).sort())
			sorted[kind][name] = components[kind][name];
	}

	const usedTags = new Set();
	for (const item of Object.values(paths))
		for (const op of Object.values(item))
			for (const t of (op && op.tags) || [])
				usedTags.add(t);

	const subset = {
		openapi: full.openapi,
		info: Object.assign({}, full.info, {
			'x-git-issue-note': 'Subset of GitHub\'s description cut by ' +
				't/github/cut-openapi.js for the git issue-* tests; ' +
				'see t/github/README.md.',
		}),
		tags: (full.tags || []).filter((t) => usedTags.has(t.name)),
		servers: full.servers,
		externalDocs: full.externalDocs,
		paths,
		components: sorted,
	};
	fs.writeFileSync(output, JSON.stringify(subset, null, 1) + '\n');
	const n = Object.values(sorted).reduce((a, c) => a + Object.keys(c).length, 0);
	process.stderr.write(`cut-openapi: ${Object.keys(paths).length} paths, ` +
		`${n} components, ${fs.statSync(output).size} bytes -> ${output}\n`);
}

main();
