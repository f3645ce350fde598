#!/usr/bin/env node
/*
 * A stateful stand-in for the GitHub REST API, for the git issue-* mirror tests.
 *
 * It serves the few endpoints the sync client uses (user, rate limit, issues
 * and their creation and edits, issue comments, sub-issues, issue
 * dependencies) the way api.github.com does: same JSON shapes (checked by
 * Prism against GitHub's OpenAPI description, see openapi-subset.json), Link
 * pagination with GitHub's /repositories/<id>/ path form, ETag and 304,
 * rate-limit headers, GitHub's rules for issue links (one parent, 100
 * sub-issues, 8 levels, no cycles, 50 dependencies each way...) with its
 * 422 Validation Failed shape, and GitHub's refusals for a missing
 * User-Agent, a bad API version, a bad Accept header or bad credentials.
 * State lives in memory. Tests drive it through a control API under
 * /_admin/ (create issues, comments and links "on GitHub", set the clock,
 * read the request log, inject faults: 5xx, dropped connections after a
 * write, slow answers, primary and secondary rate limits, malformed or
 * misshapen bodies, and hostile answers: empty errors, Links and redirects
 * to other hosts, errors echoing the token, items moving during a walk, raw
 * bytes). See README.md for that API.
 *
 *   node server.js [--port N] [--port-file F] [--token T] [--public-url URL]
 *                  [--html-url URL] [--repo OWNER/NAME] [--now ISO] [--lenient]
 *                  [--tls-cert PEM --tls-key PEM [--tls-port N]
 *                   [--tls-port-file F]] [--quiet]
 *
 * With --tls-cert and --tls-key it also serves HTTPS on a second port (the
 * same API and state); start.sh makes the certificate (GH_TEST_TLS=1).
 * The token comes from --token or the GH_TEST_TOKEN environment variable and
 * is never logged. Only plain node is needed: no npm dependencies.
 */
'use strict';

const http = require('http');
const https = require('https');
const crypto = require('crypto');
const fs = require('fs');

/* ------------------------------------------------------------------ options */

function parseArgs(argv) {
	const o = {
		port: 0,
		portFile: null,
		token: process.env.GH_TEST_TOKEN || null,
		publicUrl: null,	/* base for Link headers and "url" fields */
		htmlUrl: 'https://github.com',
		repo: 'git-issue-test/sandbox',
		now: null,
		strict: true,
		quiet: false,
		tlsCert: null,
		tlsKey: null,
		tlsPort: 0,
		tlsPortFile: null,
	};
	for (let i = 2; i < argv.length; i++) {
		const a = argv[i];
		const next = () => {
			if (i + 1 >= argv.length)
				fatal(`option '${a}' needs a value`);
			return argv[++i];
		};
		switch (a) {
		case '--port': o.port = Number(next()); break;
		case '--port-file': o.portFile = next(); break;
		case '--token': o.token = next(); break;
		case '--public-url': o.publicUrl = next().replace(/\/+$/, ''); break;
		case '--html-url': o.htmlUrl = next().replace(/\/+$/, ''); break;
		case '--repo': o.repo = next(); break;
		case '--now': o.now = next(); break;
		case '--lenient': o.strict = false; break;
		case '--quiet': o.quiet = true; break;
		case '--tls-cert': o.tlsCert = next(); break;
		case '--tls-key': o.tlsKey = next(); break;
		case '--tls-port': o.tlsPort = Number(next()); break;
		case '--tls-port-file': o.tlsPortFile = next(); break;
		default: fatal(`unknown option '${a}'`);
		}
	}
	if (!o.token)
		fatal('no token: pass --token or set GH_TEST_TOKEN');
	if (!o.tlsCert !== !o.tlsKey)
		fatal('--tls-cert and --tls-key go together');
	if (!/^[^/\s]+\/[^/\s]+$/.test(o.repo))
		fatal(`bad --repo '${o.repo}', expected OWNER/NAME`);
	return o;
}

function fatal(msg) {
	process.stderr.write(`server.js: ${msg}\n`);
	process.exit(2);
}

const opts = parseArgs(process.argv);

/* ---------------------------------------------------------------- constants */

const API_VERSION = '2022-11-28';
const DOCS = 'https://docs.github.com/rest';
const COMMENT_ID_BASE = 5000000000;	/* above 2^32: clients need 64 bits */
const ISSUE_ID_BASE = 3000000000;
const MAX_COMMENT_BODY = 65536;
const MAX_ISSUE_BODY = 65536;
const MAX_ISSUE_TITLE = 256;

/*
 * GitHub's documented limits on issue links. Tests may lower them through
 * POST /_admin/config {"limits": {...}} (filling 100 sub-issues through the
 * API is slow); reset restores these.
 */
const LIMITS = {
	sub_issues: 100,	/* direct sub-issues per parent, closed ones count */
	depth: 8,		/* levels of sub-issues below a top-level issue */
	blocked_by: 50,		/* issues one issue is blocked by */
	blocking: 50,		/* issues one issue blocks */
};
const START_EPOCH = opts.now !== null ? parseTime(opts.now) :
	Math.floor(Date.now() / 1000);
if (START_EPOCH === null)
	fatal(`bad --now '${opts.now}'`);

/* The authenticated user: the owner of the token. */
const SELF = { login: 'git-issue-bot', id: 1000001 };

/* -------------------------------------------------------------------- state */

let S;			/* all mutable state; reset() rebuilds it */

function freshState() {
	return {
		now: START_EPOCH,		/* the server's clock, epoch seconds */
		token: opts.token,
		strict: opts.strict,
		publicUrl: opts.publicUrl,
		repos: [],			/* {id, owner, name, nextNumber} */
		nextRepoId: 700000001,
		users: new Map([[SELF.login, SELF]]),
		nextUserId: 2000001,
		issues: [],			/* see createIssue() */
		nextIssueId: ISSUE_ID_BASE + 1,
		comments: [],			/* see createComment() */
		nextCommentId: COMMENT_ID_BASE + 1,
		/* primary rate limit buckets: authenticated and anonymous */
		core: { limit: 5000, used: 0, reset: START_EPOCH + 3600 },
		anon: { limit: 60, used: 0, reset: START_EPOCH + 3600 },
		deps: [],			/* {blocked, blocker}: issue ids, in order added */
		limits: Object.assign({}, LIMITS),
		/*
		 * Whether linking bumps updated_at of both issues. GitHub: adding a
		 * sub-issue does not change the parent's updatedAt (observed, see
		 * README); for dependencies it is not known, so they bump.
		 */
		linkBumps: { sub_issues: false, dependencies: true },
		/* opt-in secondary limit on content creation: {per_minute, per_hour, retry_after} */
		contentLimit: null,
		created: [],			/* clock readings of content-creating requests */
		faults: [],
		nextFaultId: 1,
		log: [],
		nextSeq: 1,
	};
}

/* Back to the start-up state; only public_url (set for the topology) stays. */
function reset(body) {
	const keepUrl = S ? S.publicUrl : opts.publicUrl;
	S = freshState();
	S.publicUrl = keepUrl;
	const [owner, name] = opts.repo.split('/');
	createRepo(owner, name, 741852963);
	if (body && body.now !== undefined)
		setClock(body.now);
}

/* -------------------------------------------------------------------- clock */

/* Accept epoch seconds or an ISO 8601 string; null when unparsable. */
function parseTime(v) {
	if (typeof v === 'number' && Number.isFinite(v))
		return Math.floor(v);
	if (typeof v !== 'string')
		return null;
	if (/^\d+$/.test(v))
		return Number(v);
	if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(v))
		return null;
	const ms = Date.parse(v);
	return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function iso(epoch) {
	return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function setClock(v) {
	const t = parseTime(v);
	if (t === null)
		return false;
	S.now = t;
	return true;
}

/* ------------------------------------------------------------------ objects */

function createRepo(owner, name, id) {
	const repo = { id: id || S.nextRepoId++, owner, name, nextNumber: 1,
		deleted: new Set() };
	S.repos.push(repo);
	return repo;
}

function findRepo(owner, name) {
	const key = `${owner}/${name}`.toLowerCase();	/* GitHub ignores case */
	return S.repos.find((r) => `${r.owner}/${r.name}`.toLowerCase() === key);
}

function findRepoById(id) {
	return S.repos.find((r) => String(r.id) === String(id));
}

function user(login) {
	let u = S.users.get(login);
	if (!u) {
		u = { login, id: S.nextUserId++ };
		S.users.set(login, u);
	}
	return u;
}

function nodeId(prefix, id) {
	return prefix + Buffer.from(`git-issue-test:${id}`).toString('base64url');
}

/*
 * The origin clients are sent back to in Link headers and "url" fields:
 * Prism's address (public_url) for plain HTTP; over HTTPS always the HTTPS
 * origin the client used, so that no link downgrades it to plain HTTP.
 */
function apiBase(req) {
	if (req.socket && req.socket.encrypted)
		return `https://${req.headers.host || `127.0.0.1:${tlsPort}`}`;
	return S.publicUrl || `http://${req.headers.host || '127.0.0.1'}`;
}

function renderUser(base, u) {
	const api = `${base}/users/${u.login}`;
	return {
		login: u.login,
		id: u.id,
		node_id: nodeId('U_', u.id),
		avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
		gravatar_id: '',
		url: api,
		html_url: `${opts.htmlUrl}/${u.login}`,
		followers_url: `${api}/followers`,
		following_url: `${api}/following{/other_user}`,
		gists_url: `${api}/gists{/gist_id}`,
		starred_url: `${api}/starred{/owner}{/repo}`,
		subscriptions_url: `${api}/subscriptions`,
		organizations_url: `${api}/orgs`,
		repos_url: `${api}/repos`,
		events_url: `${api}/events{/privacy}`,
		received_events_url: `${api}/received_events`,
		type: 'User',
		user_view_type: 'public',
		site_admin: false,
	};
}

/* GET /user: the "private" view GitHub gives the token's owner. */
function renderSelf(base) {
	const u = renderUser(base, SELF);
	return Object.assign(u, {
		user_view_type: 'private',
		name: 'git issue test bot',
		company: null,
		blog: '',
		location: null,
		email: null,
		hireable: null,
		bio: null,
		twitter_username: null,
		notification_email: null,
		public_repos: 0,
		public_gists: 0,
		followers: 0,
		following: 0,
		created_at: '2020-01-01T00:00:00Z',
		updated_at: '2020-01-01T00:00:00Z',
		private_gists: 0,
		total_private_repos: 1,
		owned_private_repos: 1,
		disk_usage: 0,
		collaborators: 0,
		two_factor_authentication: true,
		plan: { name: 'free', space: 976562499, collaborators: 0,
			private_repos: 10000 },
	});
}

function repoApi(base, repo) {
	return `${base}/repos/${repo.owner}/${repo.name}`;
}

function reactions(url) {
	return { url, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0,
		confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

function labelId(repo, name) {
	const h = crypto.createHash('sha256').update(`${repo.id}/${name}`).digest();
	return 100000000 + (h.readUInt32BE(0) % 900000000);
}

function issueById(id) {
	return S.issues.find((i) => i.id === Number(id)) || null;
}

function issueApiUrl(base, issue) {
	return `${repoApi(base, findRepoById(issue.repoId))}/issues/${issue.number}`;
}

function blockersOf(issue) {
	return S.deps.filter((d) => d.blocked === issue.id).map((d) => issueById(d.blocker));
}

function blockedBy(issue) {	/* the issues this one blocks */
	return S.deps.filter((d) => d.blocker === issue.id).map((d) => issueById(d.blocked));
}

/*
 * completed: closed sub-issues (any state_reason); percent rounded down.
 * GitHub's exact rules for both are not documented.
 */
function subIssuesSummary(issue) {
	const subs = issue.subIds.map(issueById);
	const completed = subs.filter((i) => i.state === 'closed').length;
	return { total: subs.length, completed,
		percent_completed: subs.length ?
			Math.floor(completed * 100 / subs.length) : 0 };
}

/* blocked_by and blocking count open issues, total_* all of them */
function dependenciesSummary(issue) {
	const by = blockersOf(issue);
	const ing = blockedBy(issue);
	const open = (l) => l.filter((i) => i.state === 'open').length;
	return { blocked_by: open(by), blocking: open(ing),
		total_blocked_by: by.length, total_blocking: ing.length };
}

function renderIssue(base, issue) {
	const repo = findRepoById(issue.repoId);
	const r = repoApi(base, repo);
	const url = `${r}/issues/${issue.number}`;
	const parent = issue.parentId === null ? null : issueById(issue.parentId);
	const pr = issue.pullRequest ? {
		pull_request: {
			url: `${r}/pulls/${issue.number}`,
			html_url: `${opts.htmlUrl}/${repo.owner}/${repo.name}/pull/${issue.number}`,
			diff_url: `${opts.htmlUrl}/${repo.owner}/${repo.name}/pull/${issue.number}.diff`,
			patch_url: `${opts.htmlUrl}/${repo.owner}/${repo.name}/pull/${issue.number}.patch`,
			merged_at: null,
		},
		draft: false,
	} : {};
	return Object.assign({
		url,
		repository_url: r,
		labels_url: `${url}/labels{/name}`,
		comments_url: `${url}/comments`,
		events_url: `${url}/events`,
		html_url: `${opts.htmlUrl}/${repo.owner}/${repo.name}/issues/${issue.number}`,
		id: issue.id,
		node_id: nodeId('I_', issue.id),
		number: issue.number,
		title: issue.title,
		user: renderUser(base, user(issue.user)),
		labels: issue.labels.map((name) => ({
			id: labelId(repo, name),
			node_id: nodeId('LA_', labelId(repo, name)),
			url: `${r}/labels/${encodeURIComponent(name)}`,
			name,
			color: 'ededed',
			default: false,
			description: null,
		})),
		state: issue.state,
		locked: false,
		assignee: issue.assignees.length ?
			renderUser(base, user(issue.assignees[0])) : null,
		assignees: issue.assignees.map((l) => renderUser(base, user(l))),
		milestone: null,
		comments: S.comments.filter((c) => c.issueId === issue.id).length,
	}, pr, {
		created_at: iso(issue.createdAt),
		updated_at: iso(issue.updatedAt),
		closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
		author_association: issue.authorAssociation,
		type: null,
		active_lock_reason: null,
		sub_issues_summary: subIssuesSummary(issue),
		parent_issue_url: parent ? issueApiUrl(base, parent) : null,
		issue_dependencies_summary: dependenciesSummary(issue),
		body: issue.body,
		closed_by: issue.closedBy ? renderUser(base, user(issue.closedBy)) : null,
		reactions: reactions(`${url}/reactions`),
		timeline_url: `${url}/timeline`,
		performed_via_github_app: null,
		state_reason: issue.stateReason,
		pinned_comment: null,
	});
}

function renderComment(base, c) {
	const issue = S.issues.find((i) => i.id === c.issueId);
	const repo = findRepoById(issue.repoId);
	const r = repoApi(base, repo);
	const url = `${r}/issues/comments/${c.id}`;
	return {
		url,
		html_url: `${opts.htmlUrl}/${repo.owner}/${repo.name}/issues/` +
			`${issue.number}#issuecomment-${c.id}`,
		issue_url: `${r}/issues/${issue.number}`,
		id: c.id,
		node_id: nodeId('IC_', c.id),
		user: renderUser(base, user(c.user)),
		created_at: iso(c.createdAt),
		updated_at: iso(c.updatedAt),
		body: c.body,
		author_association: c.authorAssociation,
		reactions: reactions(`${url}/reactions`),
		performed_via_github_app: null,
		pin: null,
		minimized: null,
	};
}

function associationFor(repo, login) {
	if (login === repo.owner)
		return 'OWNER';
	return login === SELF.login ? 'COLLABORATOR' : 'NONE';
}

function createIssue(repo, f) {
	const issue = {
		id: S.nextIssueId++,
		repoId: repo.id,
		number: repo.nextNumber++,
		title: String(f.title),
		body: f.body === undefined ? null : f.body,
		user: f.user || SELF.login,
		labels: labelNames(f.labels),
		assignees: assigneeLogins(f),
		pullRequest: !!f.pull_request,
		parentId: null,			/* issue id of the parent */
		subIds: [],			/* issue ids of the sub-issues, in order */
		state: 'open',
		stateReason: null,
		closedAt: null,
		closedBy: null,
		createdAt: S.now,
		updatedAt: S.now,
		authorAssociation: null,
	};
	issue.authorAssociation = f.author_association ||
		associationFor(repo, issue.user);
	S.issues.push(issue);
	if (f.state === 'closed')
		setIssueState(issue, 'closed', f.state_reason, issue.user);
	return issue;
}

/* labels as GitHub takes them: names or {name} objects, no duplicates */
function labelNames(labels) {
	if (!Array.isArray(labels))
		return [];
	const names = labels.map((l) => (l && typeof l === 'object' ? l.name : l))
		.filter((l) => l !== undefined && l !== null).map(String);
	return [...new Set(names)];
}

function assigneeLogins(f) {
	const list = Array.isArray(f.assignees) ? f.assignees.map(String) :
		typeof f.assignee === 'string' ? [f.assignee] : [];
	return [...new Set(list)];
}

function setIssueState(issue, state, reason, by) {
	if (state === issue.state)
		return;
	issue.state = state;
	if (state === 'closed') {
		issue.closedAt = S.now;
		issue.closedBy = by;
		issue.stateReason = reason || 'completed';
	} else {
		issue.closedAt = null;
		issue.closedBy = null;
		issue.stateReason = 'reopened';
	}
}

function createComment(issue, body, login, association) {
	const repo = findRepoById(issue.repoId);
	const c = {
		id: S.nextCommentId++,
		issueId: issue.id,
		body: String(body),
		user: login,
		authorAssociation: association || associationFor(repo, login),
		createdAt: S.now,
		updatedAt: S.now,
	};
	S.comments.push(c);
	issue.updatedAt = S.now;	/* GitHub bumps the issue too */
	return c;
}

/* -------------------------------------------------------------- issue links */

/*
 * Sub-issues and dependencies, with GitHub's rules. Each check returns null
 * or a refusal {status, field, message}; the API turns a 422 one into
 * GitHub's Validation Failed shape, the control API into a 409. "force"
 * (control API only) skips the rules, to build what GitHub would refuse.
 */
function refusal(status, field, message) {
	return { status, field, message };
}

function ancestors(issue) {	/* parent first; stops on a (forced) cycle */
	const out = [];
	const seen = new Set([issue.id]);
	let p = issue.parentId === null ? null : issueById(issue.parentId);
	while (p && !seen.has(p.id)) {
		out.push(p);
		seen.add(p.id);
		p = p.parentId === null ? null : issueById(p.parentId);
	}
	return out;
}

function subtreeHeight(issue, seen) {	/* 0 for an issue without sub-issues */
	seen = seen || new Set();
	if (seen.has(issue.id))
		return 0;
	seen.add(issue.id);
	let h = 0;
	for (const id of issue.subIds)
		h = Math.max(h, 1 + subtreeHeight(issueById(id), seen));
	return h;
}

function sameOwner(a, b) {
	return findRepoById(a.repoId).owner.toLowerCase() ===
		findRepoById(b.repoId).owner.toLowerCase();
}

function bump(...issues) {
	for (const i of issues)
		i.updatedAt = S.now;
}

function subIssueProblem(parent, child, replace) {
	const F = 'sub_issue_id';
	if (child.id === parent.id)
		return refusal(422, F, 'An issue cannot be a sub-issue of itself');
	if (child.pullRequest)
		return refusal(422, F, 'A pull request cannot be a sub-issue');
	if (!sameOwner(parent, child))
		return refusal(422, F, 'Sub issue must belong to the same repository ' +
			'owner as the parent issue');
	if (child.parentId === parent.id)
		return refusal(422, F, 'Sub issue is already a sub-issue of this issue');
	if (child.parentId !== null && !replace)
		return refusal(422, F, 'Sub issue may only have one parent');
	if (ancestors(parent).some((a) => a.id === child.id))
		return refusal(422, F, 'Sub issue cannot be an ancestor of its parent ' +
			'(that would make a cycle)');
	const depth = ancestors(parent).length + 1 + subtreeHeight(child);
	if (depth > S.limits.depth)
		return refusal(422, F, `Sub issues can be nested at most ` +
			`${S.limits.depth} levels deep`);
	if (parent.subIds.length >= S.limits.sub_issues)
		return refusal(422, F, `Parent issue cannot have more than ` +
			`${S.limits.sub_issues} sub-issues`);
	return null;
}

function unlinkSub(child) {
	if (child.parentId === null)
		return;
	const old = issueById(child.parentId);
	if (old)
		old.subIds = old.subIds.filter((id) => id !== child.id);
	child.parentId = null;
}

/* Link child under parent (last); null, or a refusal. */
function addSubIssue(parent, child, replace, force) {
	const bad = force ? null : subIssueProblem(parent, child, replace);
	if (bad)
		return bad;
	const old = child.parentId === null ? null : issueById(child.parentId);
	unlinkSub(child);
	child.parentId = parent.id;
	parent.subIds.push(child.id);
	if (S.linkBumps.sub_issues)
		bump(parent, child, ...(old ? [old] : []));
	return null;
}

function removeSubIssue(parent, child) {
	if (child.parentId !== parent.id)
		return refusal(404, 'sub_issue_id', 'Not Found');
	unlinkSub(child);
	if (S.linkBumps.sub_issues)
		bump(parent, child);
	return null;
}

function dependencyProblem(issue, blocker) {
	const F = 'issue_id';
	if (issue.id === blocker.id)
		return refusal(422, F, 'An issue cannot be blocked by itself');
	if (blocker.pullRequest)
		return refusal(422, F, 'A pull request cannot block an issue');
	if (S.deps.some((d) => d.blocked === issue.id && d.blocker === blocker.id))
		return refusal(422, F, 'Issue is already blocked by this issue');
	/* would blocker then (transitively) be blocked by issue? */
	const seen = new Set();
	const stack = [blocker.id];
	while (stack.length) {
		const id = stack.pop();
		if (id === issue.id)
			return refusal(422, F, 'Blocking issue is already blocked by this ' +
				'issue (that would make a cycle)');
		if (seen.has(id))
			continue;
		seen.add(id);
		for (const d of S.deps)
			if (d.blocked === id)
				stack.push(d.blocker);
	}
	if (blockersOf(issue).length >= S.limits.blocked_by)
		return refusal(422, F, `An issue can be blocked by at most ` +
			`${S.limits.blocked_by} issues`);
	if (blockedBy(blocker).length >= S.limits.blocking)
		return refusal(422, F, `An issue can block at most ` +
			`${S.limits.blocking} issues`);
	return null;
}

function addDependency(issue, blocker, force) {
	const bad = force ? null : dependencyProblem(issue, blocker);
	if (bad)
		return bad;
	S.deps.push({ blocked: issue.id, blocker: blocker.id });
	if (S.linkBumps.dependencies)
		bump(issue, blocker);
	return null;
}

function removeDependency(issue, blocker) {
	const i = S.deps.findIndex((d) => d.blocked === issue.id &&
		d.blocker === blocker.id);
	if (i < 0)
		return refusal(404, 'issue_id', 'Not Found');
	S.deps.splice(i, 1);
	if (S.linkBumps.dependencies)
		bump(issue, blocker);
	return null;
}

/* Drop an issue with its comments and links, as deleting it on GitHub does. */
function deleteIssue(issue) {
	unlinkSub(issue);
	for (const id of issue.subIds) {
		const c = issueById(id);
		if (c)
			c.parentId = null;
	}
	S.deps = S.deps.filter((d) => d.blocked !== issue.id && d.blocker !== issue.id);
	S.comments = S.comments.filter((c) => c.issueId !== issue.id);
	S.issues = S.issues.filter((i) => i.id !== issue.id);
	findRepoById(issue.repoId).deleted.add(issue.number);
}

/* --------------------------------------------------------------- pagination */

/*
 * Slice items for ?page=&per_page= and build GitHub's Link header. The links
 * use the /repositories/<id>/ path form and keep the other query parameters
 * in the order the client sent them, like api.github.com does.
 */
function paginate(ctx, items, tailPath) {
	let perPage = parseInt(ctx.query.get('per_page'), 10);
	if (!(perPage >= 1))
		perPage = 30;
	perPage = Math.min(perPage, 100);
	let page = parseInt(ctx.query.get('page'), 10);
	if (!(page >= 1))
		page = 1;
	const last = Math.max(1, Math.ceil(items.length / perPage));
	const slice = items.slice((page - 1) * perPage, page * perPage);

	const link = (n) => {
		const q = new URLSearchParams();
		let placed = false;
		for (const [k, v] of ctx.query) {
			if (k === 'page') {
				if (!placed)
					q.append('page', String(n));
				placed = true;
			} else {
				q.append(k, v);
			}
		}
		if (!placed)
			q.append('page', String(n));
		const base = ctx.linkBase || apiBase(ctx.req);
		return `${base}/repositories/${ctx.repo.id}${tailPath}?${q}`;
	};
	const rels = [];
	if (page > 1)
		rels.push(`<${link(Math.min(page - 1, last))}>; rel="prev"`);
	if (page < last) {
		rels.push(`<${link(page + 1)}>; rel="next"`);
		rels.push(`<${link(last)}>; rel="last"`);
	} else if (ctx.forceNext) {	/* the link_other_host fault */
		rels.push(`<${link(page + 1)}>; rel="next"`);
	}
	if (page > 1)
		rels.push(`<${link(1)}>; rel="first"`);
	const headers = rels.length ? { Link: rels.join(', ') } : {};
	return { items: slice, headers };
}

/* ------------------------------------------------------------ API responses */

function json(status, body, headers) {
	return { status, body: JSON.stringify(body), headers: headers || {},
		type: 'application/json; charset=utf-8' };
}

function error(status, message, extra) {
	return json(status, Object.assign({ message, documentation_url: DOCS },
		extra || {}, { status: String(status) }));
}

function notFound() {
	return error(404, 'Not Found');
}

function validationFailed(errors, message) {
	return json(422, {
		message: message || 'Validation Failed',
		errors,
		documentation_url: DOCS,
		status: '422',
	});
}

function badSince(ctx) {
	const since = ctx.query.get('since');
	if (since === null)
		return { since: null };
	const t = parseTime(since);
	if (t === null)
		return { fail: validationFailed([{ resource: 'Search', field: 'since',
			code: 'invalid' }]) };
	return { since: t };
}

function checkEnum(ctx, name, allowed, resource) {
	const v = ctx.query.get(name);
	if (v !== null && !allowed.includes(v))
		return validationFailed([{ resource, field: name, code: 'invalid' }]);
	return null;
}

function commentBodyProblem(ctx) {
	const b = ctx.body;
	if (!b || typeof b !== 'object' || typeof b.body !== 'string')
		return json(422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.',
			documentation_url: DOCS, status: '422' });
	if (b.body.length > MAX_COMMENT_BODY)
		return validationFailed([{ resource: 'IssueComment', code: 'custom',
			field: 'body',
			message: `body is too long (maximum is ${MAX_COMMENT_BODY} characters)` }]);
	return null;
}

function byKeyThenId(key, dir) {
	const sign = dir === 'asc' ? 1 : -1;
	return (a, b) => sign * ((a[key] - b[key]) || (a.id - b.id));
}

/* ------------------------------------------------------------- API handlers */

function getUser(ctx) {
	return json(200, renderSelf(apiBase(ctx.req)));
}

function getRateLimit() {
	const b = bucketView(S.core);
	const other = (limit) => ({ limit, used: 0, remaining: limit,
		reset: S.now + 3600 });
	return json(200, {
		resources: {
			core: b,
			search: other(30),
			graphql: other(5000),
			integration_manifest: other(5000),
			source_import: other(100),
			code_scanning_upload: other(1000),
			actions_runner_registration: other(10000),
			scim: other(15000),
			dependency_snapshots: other(100),
			code_search: other(10),
		},
		rate: b,
	});
}

function listIssues(ctx) {
	const bad = checkEnum(ctx, 'state', ['open', 'closed', 'all'], 'Issue') ||
		checkEnum(ctx, 'sort', ['created', 'updated', 'comments'], 'Issue') ||
		checkEnum(ctx, 'direction', ['asc', 'desc'], 'Issue');
	if (bad)
		return bad;
	const s = badSince(ctx);
	if (s.fail)
		return s.fail;
	const state = ctx.query.get('state') || 'open';
	const labels = (ctx.query.get('labels') || '').split(',')
		.map((l) => l.trim().toLowerCase()).filter(Boolean);
	const sort = ctx.query.get('sort') || 'created';
	const dir = ctx.query.get('direction') || 'desc';
	const creator = ctx.query.get('creator');
	const assignee = ctx.query.get('assignee');
	const base = apiBase(ctx.req);
	const lc = (x) => String(x).toLowerCase();
	const assigned = (i) => assignee === null ? true :
		assignee === 'none' ? i.assignees.length === 0 :
		assignee === '*' ? i.assignees.length > 0 :
		i.assignees.some((a) => lc(a) === lc(assignee));
	let list = S.issues.filter((i) => i.repoId === ctx.repo.id &&
		(state === 'all' || i.state === state) &&
		(s.since === null || i.updatedAt >= s.since) &&
		(creator === null || lc(i.user) === lc(creator)) &&
		assigned(i) &&
		labels.every((l) => i.labels.some((x) => lc(x) === l)));
	const rows = list.map((i) => ({ i, id: i.number, createdAt: i.createdAt,
		updatedAt: i.updatedAt,
		comments: S.comments.filter((c) => c.issueId === i.id).length }));
	const key = { created: 'createdAt', updated: 'updatedAt',
		comments: 'comments' }[sort];
	rows.sort(byKeyThenId(key, dir));
	list = rows.map((r) => r.i);
	const p = paginate(ctx, list, '/issues');
	return json(200, p.items.map((i) => renderIssue(base, i)), p.headers);
}

function findIssue(ctx) {
	const n = Number(ctx.params.issue_number);
	return S.issues.find((i) => i.repoId === ctx.repo.id && i.number === n);
}

/* 404, or 410 for an issue deleted on GitHub (control API) */
function missingIssue(ctx) {
	return ctx.repo.deleted.has(Number(ctx.params.issue_number)) ?
		error(410, 'This issue was deleted') : notFound();
}

function getIssue(ctx) {
	const issue = findIssue(ctx);
	return issue ? json(200, renderIssue(apiBase(ctx.req), issue)) :
		missingIssue(ctx);
}

function notSupplied(field, status) {
	return json(status || 422, {
		message: `Invalid request.\n\n"${field}" wasn't supplied.`,
		documentation_url: DOCS, status: String(status || 422) });
}

/*
 * Checks shared by create and update. GitHub refuses an empty title, a
 * title over 256 characters and a body over 65536 with Validation Failed;
 * "title" may be a number.
 */
function issueFieldsProblem(b, creating) {
	if (creating && (b.title === undefined || b.title === null))
		return notSupplied('title');
	if (b.title !== undefined && b.title !== null &&
		!['string', 'number'].includes(typeof b.title))
		return validationFailed([{ resource: 'Issue', code: 'invalid',
			field: 'title' }]);
	if (b.title !== undefined && b.title !== null && String(b.title).trim() === '')
		return validationFailed([{ resource: 'Issue', code: 'missing_field',
			field: 'title' }]);
	if (b.title !== undefined && b.title !== null &&
		String(b.title).length > MAX_ISSUE_TITLE)
		return validationFailed([{ resource: 'Issue', code: 'custom',
			field: 'title',
			message: `title is too long (maximum is ${MAX_ISSUE_TITLE} characters)` }]);
	if (b.body !== undefined && b.body !== null && typeof b.body !== 'string')
		return validationFailed([{ resource: 'Issue', code: 'invalid',
			field: 'body' }]);
	if (typeof b.body === 'string' && b.body.length > MAX_ISSUE_BODY)
		return validationFailed([{ resource: 'Issue', code: 'custom',
			field: 'body',
			message: `body is too long (maximum is ${MAX_ISSUE_BODY} characters)` }]);
	if (b.state !== undefined && !['open', 'closed'].includes(b.state))
		return validationFailed([{ resource: 'Issue', code: 'invalid',
			field: 'state' }]);
	if (b.state_reason !== undefined && b.state_reason !== null &&
		!['completed', 'not_planned', 'duplicate', 'reopened'].includes(b.state_reason))
		return validationFailed([{ resource: 'Issue', code: 'invalid',
			field: 'state_reason' }]);
	if (b.labels !== undefined && !Array.isArray(b.labels))
		return validationFailed([{ resource: 'Issue', code: 'invalid',
			field: 'labels' }]);
	return null;
}

function bodyObject(ctx) {
	return ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ?
		ctx.body : null;
}

/* POST /repos/{o}/{r}/issues: written by the token's user */
function postIssue(ctx) {
	const b = bodyObject(ctx);
	if (!b)
		return notSupplied('title');
	const bad = issueFieldsProblem(b, true);
	if (bad)
		return bad;
	const issue = createIssue(ctx.repo, {
		title: String(b.title),
		body: typeof b.body === 'string' ? b.body : undefined,
		labels: b.labels,
		assignees: b.assignees,
		assignee: b.assignee,
		user: SELF.login,
	});
	const out = renderIssue(apiBase(ctx.req), issue);
	return json(201, out, { Location: out.url });
}

/*
 * PATCH an issue: title, body, state, state_reason, labels, assignees.
 * state_reason counts only when the state changes (as documented). updated_at
 * moves only when something changed.
 */
function patchIssue(ctx) {
	const issue = findIssue(ctx);
	if (!issue)
		return missingIssue(ctx);
	const b = bodyObject(ctx) || {};
	const bad = issueFieldsProblem(b, false);
	if (bad)
		return bad;
	const before = JSON.stringify(renderIssue('', issue));
	if (b.title !== undefined && b.title !== null)
		issue.title = String(b.title);
	if (b.body !== undefined)
		issue.body = b.body;
	if (b.labels !== undefined)
		issue.labels = labelNames(b.labels);
	if (b.assignees !== undefined || b.assignee !== undefined)
		issue.assignees = b.assignees === null || b.assignee === null ? [] :
			assigneeLogins(b);
	if (b.state !== undefined && b.state !== issue.state)
		setIssueState(issue, b.state, b.state === 'closed' ?
			b.state_reason : null, SELF.login);
	if (JSON.stringify(renderIssue('', issue)) !== before)
		issue.updatedAt = S.now;
	return json(200, renderIssue(apiBase(ctx.req), issue));
}

/* list issues as a paginated API answer */
function issueList(ctx, issues, tail) {
	const p = paginate(ctx, issues, tail);
	const base = apiBase(ctx.req);
	return json(200, p.items.map((i) => renderIssue(base, i)), p.headers);
}

function refused(r) {
	if (r.status === 404)
		return notFound();
	return validationFailed([{ resource: 'Issue', code: 'custom',
		field: r.field, message: r.message }]);
}

function intField(b, name) {
	const v = b ? b[name] : undefined;
	return Number.isSafeInteger(v) ? v : null;
}

function listSubIssues(ctx) {
	const issue = findIssue(ctx);
	if (!issue)
		return missingIssue(ctx);
	return issueList(ctx, issue.subIds.map(issueById),
		`/issues/${issue.number}/sub_issues`);
}

/* POST .../sub_issues {sub_issue_id, replace_parent}: 201 with the parent */
function postSubIssue(ctx) {
	const parent = findIssue(ctx);
	if (!parent)
		return missingIssue(ctx);
	const id = intField(bodyObject(ctx), 'sub_issue_id');
	if (id === null)
		return notSupplied('sub_issue_id');
	const child = issueById(id);
	if (!child)
		return notFound();
	const bad = addSubIssue(parent, child, ctx.body.replace_parent === true, false);
	if (bad)
		return refused(bad);
	const base = apiBase(ctx.req);
	return json(201, renderIssue(base, parent),
		{ Location: `${issueApiUrl(base, parent)}/sub_issues` });
}

/* DELETE .../sub_issue {sub_issue_id}: 200 with the parent */
function deleteSubIssue(ctx) {
	const parent = findIssue(ctx);
	if (!parent)
		return missingIssue(ctx);
	const id = intField(bodyObject(ctx), 'sub_issue_id');
	if (id === null)
		return notSupplied('sub_issue_id', 400);
	const child = issueById(id);
	if (!child)
		return notFound();
	const bad = removeSubIssue(parent, child);
	if (bad)
		return refused(bad);
	const base = apiBase(ctx.req);
	return json(200, renderIssue(base, parent),
		{ Location: `${issueApiUrl(base, parent)}/sub_issue` });
}

/*
 * PATCH .../sub_issues/priority {sub_issue_id, after_id | before_id}: move
 * the sub-issue next to another one. Its 422 is "Validation Error Simple"
 * (errors are strings) in GitHub's description.
 */
function prioritySubIssue(ctx) {
	const parent = findIssue(ctx);
	if (!parent)
		return missingIssue(ctx);
	const b = bodyObject(ctx);
	const id = intField(b, 'sub_issue_id');
	if (id === null)
		return notSupplied('sub_issue_id');
	const simple = (msg) => json(422, { message: 'Validation Failed',
		errors: [msg], documentation_url: DOCS, status: '422' });
	if (!parent.subIds.includes(id))
		return notFound();
	const after = intField(b, 'after_id');
	const before = intField(b, 'before_id');
	if ((after === null) === (before === null))
		return simple('Either after_id or before_id must be specified, not both');
	const anchor = after !== null ? after : before;
	if (anchor === id || !parent.subIds.includes(anchor))
		return simple(`${after !== null ? 'after_id' : 'before_id'} must be ` +
			'another sub-issue of this issue');
	const list = parent.subIds.filter((x) => x !== id);
	const at = list.indexOf(anchor) + (after !== null ? 1 : 0);
	list.splice(at, 0, id);
	parent.subIds = list;
	if (S.linkBumps.sub_issues)
		bump(parent);
	return json(200, renderIssue(apiBase(ctx.req), parent));
}

function getParent(ctx) {
	const issue = findIssue(ctx);
	if (!issue)
		return missingIssue(ctx);
	const parent = issue.parentId === null ? null : issueById(issue.parentId);
	return parent ? json(200, renderIssue(apiBase(ctx.req), parent)) : notFound();
}

function listBlockedBy(ctx) {
	const issue = findIssue(ctx);
	if (!issue)
		return missingIssue(ctx);
	return issueList(ctx, blockersOf(issue),
		`/issues/${issue.number}/dependencies/blocked_by`);
}

function listBlocking(ctx) {
	const issue = findIssue(ctx);
	if (!issue)
		return missingIssue(ctx);
	return issueList(ctx, blockedBy(issue),
		`/issues/${issue.number}/dependencies/blocking`);
}

/* POST .../dependencies/blocked_by {issue_id}: 201 with the blocked issue */
function postBlockedBy(ctx) {
	const issue = findIssue(ctx);
	if (!issue)
		return missingIssue(ctx);
	const id = intField(bodyObject(ctx), 'issue_id');
	if (id === null)
		return notSupplied('issue_id');
	const blocker = issueById(id);
	if (!blocker)
		return notFound();
	const bad = addDependency(issue, blocker, false);
	if (bad)
		return refused(bad);
	const base = apiBase(ctx.req);
	return json(201, renderIssue(base, issue),
		{ Location: `${issueApiUrl(base, issue)}/dependencies/blocked_by` });
}

/* DELETE .../dependencies/blocked_by/{issue_id}: 200 with the blocked issue */
function deleteBlockedBy(ctx) {
	const issue = findIssue(ctx);
	if (!issue)
		return missingIssue(ctx);
	const blocker = issueById(ctx.params.issue_id);
	if (!blocker)
		return notFound();
	const bad = removeDependency(issue, blocker);
	if (bad)
		return refused(bad);
	return json(200, renderIssue(apiBase(ctx.req), issue));
}

function listIssueComments(ctx) {
	const issue = findIssue(ctx);
	if (!issue)
		return missingIssue(ctx);
	const s = badSince(ctx);
	if (s.fail)
		return s.fail;
	const list = S.comments.filter((c) => c.issueId === issue.id &&
		(s.since === null || c.updatedAt >= s.since))
		.sort((a, b) => a.id - b.id);	/* always ascending id */
	const p = paginate(ctx, list, `/issues/${issue.number}/comments`);
	const base = apiBase(ctx.req);
	return json(200, p.items.map((c) => renderComment(base, c)), p.headers);
}

function postIssueComment(ctx) {
	const issue = findIssue(ctx);
	if (!issue)
		return notFound();
	const bad = commentBodyProblem(ctx);
	if (bad)
		return bad;
	const c = createComment(issue, ctx.body.body, SELF.login);
	const out = renderComment(apiBase(ctx.req), c);
	return json(201, out, { Location: out.url });
}

/*
 * Repository-wide comments. Without sort: ascending id. With sort, direction
 * defaults to desc (the OpenAPI default for the direction parameter); clients
 * should always send both.
 */
function listRepoComments(ctx) {
	const bad = checkEnum(ctx, 'sort', ['created', 'updated'], 'IssueComment') ||
		checkEnum(ctx, 'direction', ['asc', 'desc'], 'IssueComment');
	if (bad)
		return bad;
	const s = badSince(ctx);
	if (s.fail)
		return s.fail;
	const ids = new Set(S.issues.filter((i) => i.repoId === ctx.repo.id)
		.map((i) => i.id));
	const list = S.comments.filter((c) => ids.has(c.issueId) &&
		(s.since === null || c.updatedAt >= s.since));
	const sort = ctx.query.get('sort');
	if (sort === null)
		list.sort((a, b) => a.id - b.id);
	else
		list.sort(byKeyThenId(sort === 'updated' ? 'updatedAt' : 'createdAt',
			ctx.query.get('direction') || 'desc'));
	const p = paginate(ctx, list, '/issues/comments');
	const base = apiBase(ctx.req);
	return json(200, p.items.map((c) => renderComment(base, c)), p.headers);
}

function findComment(ctx) {
	const id = Number(ctx.params.comment_id);
	const c = S.comments.find((x) => x.id === id);
	if (!c)
		return null;
	const issue = S.issues.find((i) => i.id === c.issueId);
	return issue.repoId === ctx.repo.id ? c : null;
}

function getComment(ctx) {
	const c = findComment(ctx);
	return c ? json(200, renderComment(apiBase(ctx.req), c)) : notFound();
}

function patchComment(ctx) {
	const c = findComment(ctx);
	if (!c)
		return notFound();
	const bad = commentBodyProblem(ctx);
	if (bad)
		return bad;
	c.body = ctx.body.body;
	c.updatedAt = S.now;
	return json(200, renderComment(apiBase(ctx.req), c));
}

/*
 * The routing table. {owner}/{repo} routes are also served under
 * /repositories/{repository_id}/..., the form GitHub's Link headers use.
 * "kind" names the request in the log and in the counts.
 */
const REPO = '(?:/repos/(?<owner>[^/]+)/(?<repo>[^/]+)|/repositories/(?<repository_id>\\d+))';
const API_ROUTES = [
	{ method: 'GET', path: '/user', kind: 'get-user', handler: getUser },
	{ method: 'GET', path: '/rate_limit', kind: 'rate-limit', handler: getRateLimit },
	{ method: 'GET', path: `${REPO}/issues`, kind: 'list-issues', handler: listIssues },
	{ method: 'POST', path: `${REPO}/issues`, kind: 'create-issue', handler: postIssue,
		creates: true },
	{ method: 'GET', path: `${REPO}/issues/comments`, kind: 'list-repo-comments',
		handler: listRepoComments },
	{ method: 'GET', path: `${REPO}/issues/comments/(?<comment_id>\\d+)`,
		kind: 'get-comment', handler: getComment },
	{ method: 'PATCH', path: `${REPO}/issues/comments/(?<comment_id>\\d+)`,
		kind: 'update-comment', handler: patchComment },
	{ method: 'GET', path: `${REPO}/issues/(?<issue_number>\\d+)`,
		kind: 'get-issue', handler: getIssue },
	{ method: 'PATCH', path: `${REPO}/issues/(?<issue_number>\\d+)`,
		kind: 'update-issue', handler: patchIssue },
	{ method: 'GET', path: `${REPO}/issues/(?<issue_number>\\d+)/comments`,
		kind: 'list-issue-comments', handler: listIssueComments },
	{ method: 'POST', path: `${REPO}/issues/(?<issue_number>\\d+)/comments`,
		kind: 'create-comment', handler: postIssueComment, creates: true },
	{ method: 'GET', path: `${REPO}/issues/(?<issue_number>\\d+)/sub_issues`,
		kind: 'list-sub-issues', handler: listSubIssues },
	{ method: 'POST', path: `${REPO}/issues/(?<issue_number>\\d+)/sub_issues`,
		kind: 'add-sub-issue', handler: postSubIssue, creates: true },
	{ method: 'DELETE', path: `${REPO}/issues/(?<issue_number>\\d+)/sub_issue`,
		kind: 'remove-sub-issue', handler: deleteSubIssue },
	{ method: 'PATCH', path: `${REPO}/issues/(?<issue_number>\\d+)/sub_issues/priority`,
		kind: 'reprioritize-sub-issue', handler: prioritySubIssue },
	{ method: 'GET', path: `${REPO}/issues/(?<issue_number>\\d+)/parent`,
		kind: 'get-parent', handler: getParent },
	{ method: 'GET', path: `${REPO}/issues/(?<issue_number>\\d+)/dependencies/blocked_by`,
		kind: 'list-blocked-by', handler: listBlockedBy },
	{ method: 'POST', path: `${REPO}/issues/(?<issue_number>\\d+)/dependencies/blocked_by`,
		kind: 'add-blocked-by', handler: postBlockedBy, creates: true },
	{ method: 'DELETE',
		path: `${REPO}/issues/(?<issue_number>\\d+)/dependencies/blocked_by/(?<issue_id>\\d+)`,
		kind: 'remove-blocked-by', handler: deleteBlockedBy },
	{ method: 'GET', path: `${REPO}/issues/(?<issue_number>\\d+)/dependencies/blocking`,
		kind: 'list-blocking', handler: listBlocking },
].map((r) => Object.assign(r, { re: new RegExp(`^${r.path}/?$`) }));

function routeApi(method, path) {
	for (const r of API_ROUTES) {
		const m = r.re.exec(path);
		if (m && r.method === method)
			return { route: r, params: Object.assign({}, m.groups) };
	}
	return null;
}

/* --------------------------------------------------------------- rate limit */

function roll(bucket) {
	if (S.now >= bucket.reset) {
		bucket.used = 0;
		bucket.reset = S.now + 3600;
	}
}

function bucketView(b) {
	roll(b);
	return { limit: b.limit, used: b.used,
		remaining: Math.max(0, b.limit - b.used), reset: b.reset };
}

function rateHeaders(b) {
	const v = bucketView(b);
	return {
		'x-ratelimit-limit': String(v.limit),
		'x-ratelimit-remaining': String(v.remaining),
		'x-ratelimit-reset': String(v.reset),
		'x-ratelimit-used': String(v.used),
		'x-ratelimit-resource': 'core',
	};
}

function primaryLimitResponse(status) {
	return error(status || 403, `API rate limit exceeded for user ID ${SELF.id}. ` +
		'If you reach out to GitHub Support for help, please include the ' +
		`request ID ${requestId()} and timestamp ${iso(S.now).replace('T', ' ')
			.replace('Z', ' UTC')}.`, {
		documentation_url: 'https://docs.github.com/rest/overview/' +
			'rate-limits-for-the-rest-api#about-primary-rate-limits',
	});
}

function secondaryLimitResponse(status) {
	return error(status || 403, 'You have exceeded a secondary rate limit. ' +
		'Please wait a few minutes before you try again. If you reach out to ' +
		`GitHub Support for help, please include the request ID ${requestId()}.`, {
		documentation_url: 'https://docs.github.com/rest/overview/' +
			'rate-limits-for-the-rest-api#about-secondary-rate-limits',
	});
}

function requestId() {
	return crypto.randomBytes(10).toString('hex').toUpperCase()
		.replace(/^(.{4})(.{6})(.{6})(.*)$/, '$1:$2:$3:$4');
}

/* ------------------------------------------------------------------- faults */

const FAULT_TYPES = ['error', 'drop', 'drop_after_store', 'delay',
	'delay_before_store', 'secondary',
	'secondary_no_retry_after', 'primary', 'malformed', 'schema_violation',
	'empty_error', 'link_other_host', 'redirect', 'echo_auth_error',
	'edit_during_walk', 'raw_body'];

function globToRegExp(glob) {
	const esc = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
	return new RegExp(`^${esc}$`);
}

function absoluteUrl(v) {
	try {
		const u = new URL(String(v));
		return /^https?:$/.test(u.protocol) ? u : null;
	} catch (e) {
		return null;
	}
}

/* Check the options of the newer fault types; an error string or null. */
function faultOptionProblem(f) {
	switch (f.type) {
	case 'link_other_host':
		if (!absoluteUrl(f.prefix))
			return 'link_other_host needs "prefix": an absolute http(s) URL';
		break;
	case 'redirect':
		if (f.location !== undefined && !absoluteUrl(f.location))
			return 'redirect "location" must be an absolute http(s) URL';
		if (f.location_prefix !== undefined && !absoluteUrl(f.location_prefix))
			return 'redirect "location_prefix" must be an absolute http(s) URL';
		if (f.status !== undefined && ![301, 302, 303, 307, 308].includes(Number(f.status)))
			return 'redirect "status" is one of 301, 302, 303, 307, 308';
		break;
	case 'edit_during_walk':
		if ((f.comment_id === undefined) === (f.issue_number === undefined))
			return 'edit_during_walk needs "comment_id" or "issue_number"';
		break;
	case 'raw_body':
		if ([typeof f.body === 'string', typeof f.body_base64 === 'string',
			f.replace !== undefined].filter(Boolean).length !== 1)
			return 'raw_body needs one of "body" (a string), "body_base64", "replace"';
		if (f.replace !== undefined && !(Array.isArray(f.replace) &&
			f.replace.every((r) => Array.isArray(r) && r.length === 2 &&
				r.every((x) => typeof x === 'string') && r[0] !== '')))
			return 'raw_body "replace" is a list of [from, to] string pairs';
		break;
	}
	return null;
}

function addFault(f) {
	if (!FAULT_TYPES.includes(f.type))
		return { error: `unknown fault type '${f.type}'; one of ${FAULT_TYPES.join(', ')}` };
	const problem = faultOptionProblem(f);
	if (problem)
		return { error: problem };
	let re;
	try {
		re = f.path_regex ? new RegExp(f.path_regex) : globToRegExp(f.path || '*');
	} catch (e) {
		return { error: `bad path_regex: ${e.message}` };
	}
	const fault = {
		id: S.nextFaultId++,
		type: f.type,
		method: (f.method || '*').toUpperCase(),
		path: f.path_regex ? null : (f.path || '*'),
		path_regex: f.path_regex || null,
		count: f.count === undefined ? 1 : Number(f.count),
		status: f.status === undefined ? null : Number(f.status),
		delay_ms: f.delay_ms === undefined ? 2000 : Number(f.delay_ms),
		retry_after: f.retry_after === undefined ?
			(f.type === 'empty_error' ? null : 60) : f.retry_after,
		reset_in: f.reset_in === undefined ? 60 : Number(f.reset_in),
		exhaust: !!f.exhaust,
		/* empty_error */
		remaining_zero: !!f.remaining_zero,
		/* link_other_host */
		prefix: f.prefix === undefined ? null : String(f.prefix).replace(/\/+$/, ''),
		/* redirect */
		location: f.location === undefined ? null : String(f.location),
		location_prefix: f.location_prefix === undefined ? null :
			String(f.location_prefix).replace(/\/+$/, ''),
		/* edit_during_walk */
		page: f.page === undefined ? 2 : Number(f.page),
		comment_id: f.comment_id === undefined ? null : Number(f.comment_id),
		issue_number: f.issue_number === undefined ? null : Number(f.issue_number),
		repo: f.repo === undefined ? null : String(f.repo),
		advance: f.advance === undefined ? 1 : Number(f.advance),
		new_body: f.new_body === undefined ? null : String(f.new_body),
		/* raw_body */
		body: typeof f.body === 'string' ? f.body : null,
		body_base64: typeof f.body_base64 === 'string' ? f.body_base64 : null,
		replace: Array.isArray(f.replace) ? f.replace : null,
		content_type: f.content_type === undefined ?
			'application/json; charset=utf-8' : String(f.content_type),
		headers: f.headers && typeof f.headers === 'object' ? f.headers : {},
		hits: 0,
		re,
	};
	S.faults.push(fault);
	return { fault };
}

function viewFault(f) {
	const v = Object.assign({}, f);
	delete v.re;
	return v;
}

/* edit_during_walk waits for its page: it matches only the request for it */
function takeFault(method, path, query) {
	const page = parseInt(query.get('page'), 10) >= 1 ?
		parseInt(query.get('page'), 10) : 1;
	const f = S.faults.find((x) => x.count > 0 &&
		(x.method === '*' || x.method === method) && x.re.test(path) &&
		(x.type !== 'edit_during_walk' || x.page === page));
	if (f) {
		f.count--;
		f.hits++;
	}
	return f || null;
}

/*
 * edit_during_walk: advance the clock, then edit the comment or issue "on
 * GitHub" so that its updated_at is the new clock reading and it moves to the
 * end of an updated-ascending walk. Returns false when the target is gone.
 */
function editDuringWalk(f) {
	S.now += Math.max(0, Math.floor(f.advance));
	if (f.comment_id !== null) {
		const c = S.comments.find((x) => x.id === f.comment_id);
		if (!c)
			return false;
		c.body = f.new_body !== null ? f.new_body : `${c.body} (edited during the walk)`;
		c.updatedAt = S.now;
		return true;
	}
	const repo = f.repo ? findRepo(...f.repo.split('/')) : S.repos[0];
	const issue = repo && S.issues.find((i) => i.repoId === repo.id &&
		i.number === f.issue_number);
	if (!issue)
		return false;
	issue.body = f.new_body !== null ? f.new_body :
		`${issue.body || ''} (edited during the walk)`;
	issue.updatedAt = S.now;
	return true;
}

/*
 * Where a redirect fault points: "location" verbatim; else "location_prefix"
 * (or this server's public origin) + the path in GitHub's renamed-repository
 * form /repositories/<id>/... + the query.
 */
function redirectLocation(f, ctx, url) {
	if (f.location)
		return f.location;
	const base = f.location_prefix || apiBase(ctx.req);
	let path = url.pathname;
	const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
	const repo = m && findRepo(m[1], m[2]);
	if (repo)
		path = `/repositories/${repo.id}${m[3] || ''}`;
	return `${base}${path}${url.search}`;
}

/* ------------------------------------------------------------ header checks */

const NO_UA_MESSAGE = 'Request forbidden by administrative rules. Please make ' +
	'sure your request has a User-Agent header ' +
	'(https://docs.github.com/en/rest/overview/resources-in-the-rest-api' +
	'#user-agent-required). Check https://developer.github.com for other ' +
	'possible causes.\n';

function mediaTypes(accept) {
	return accept.split(',').map((t) => t.split(';')[0].trim().toLowerCase())
		.filter(Boolean);
}

/*
 * The request checks, in the order GitHub's layers apply them. Returns a
 * response to refuse with, or null. Strict mode (the default) also insists on
 * what GitHub only recommends: Accept: application/vnd.github+json and an
 * explicit X-GitHub-Api-Version.
 */
function checkHeaders(req, ctx) {
	const ua = req.headers['user-agent'];
	if (!ua || !ua.trim() || /^Prism\//.test(ua)) {
		ctx.check = 'user-agent';
		return { status: 403, body: NO_UA_MESSAGE, headers: {},
			type: 'text/html' };
	}
	const version = req.headers['x-github-api-version'];
	if (version === undefined ? S.strict : version !== API_VERSION) {
		ctx.check = 'api-version';
		const msg = version === undefined ?
			'The "X-GitHub-Api-Version" request header is required by this ' +
			`test server (GitHub would default to "${API_VERSION}").` :
			`The version you specified in the "X-GitHub-Api-Version" request ` +
			`header, "${version}", is not a supported version. The following ` +
			`versions are currently supported: "${API_VERSION}".`;
		return error(400, msg, { documentation_url:
			'https://docs.github.com/rest/overview/api-versions' });
	}
	const auth = req.headers.authorization;
	if (!auth) {
		ctx.auth = 'missing';
		ctx.check = 'auth';
		return error(401, 'Requires authentication');
	}
	const m = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(auth);
	if (!m || !timingSafeEqual(m[1], S.token)) {
		ctx.auth = 'bad';
		ctx.check = 'auth';
		return error(401, 'Bad credentials');
	}
	ctx.auth = 'ok';
	const accept = req.headers.accept;
	const types = accept ? mediaTypes(accept) : [];
	const ok = S.strict ? types.includes('application/vnd.github+json') :
		(types.length === 0 || types.some((t) => t === '*/*' ||
			t === 'application/*' || t === 'application/json' ||
			/^application\/vnd\.github(\.[a-z0-9-]+)?(\+json)?$/.test(t)));
	if (!ok) {
		ctx.check = 'accept';
		return json(415, {
			message: `Unsupported 'Accept' header: '${accept || ''}'. ` +
				'Must accept \'application/json\'.',
			documentation_url: 'https://docs.github.com/v3/media',
			status: '415',
		});
	}
	return null;
}

function timingSafeEqual(a, b) {
	const x = Buffer.from(String(a));
	const y = Buffer.from(String(b));
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/* ---------------------------------------------------------------- ETag, 304 */

function etagOf(resp) {
	const h = crypto.createHash('sha256').update(resp.body)
		.update('\0' + (resp.headers.Link || '')).digest('hex');
	return `W/"${h}"`;
}

function matchesEtag(header, etag) {
	const strip = (t) => t.trim().replace(/^W\//, '');
	return header.split(',').some((t) => t.trim() === '*' ||
		strip(t) === strip(etag));
}

/* ------------------------------------------------------------- API pipeline */

function baseHeaders() {
	return {
		Date: new Date(S.now * 1000).toUTCString(),
		Server: 'github.com',
		'X-GitHub-Api-Version-Selected': API_VERSION,
		'X-GitHub-Media-Type': 'github.v3; format=json',
		'X-GitHub-Request-Id': requestId(),
		'X-Content-Type-Options': 'nosniff',
		Vary: 'Accept, Authorization, Cookie, X-GitHub-OTP,Accept-Encoding, Accept, X-Requested-With',
	};
}

/* resp.type null: no Content-Type (an empty error body) */
function send(res, resp, extra) {
	const headers = Object.assign(baseHeaders(), extra, resp.headers);
	if (resp.status !== 304) {
		if (resp.type)
			headers['Content-Type'] = resp.type;
		headers['Content-Length'] = Buffer.byteLength(resp.body);
	}
	res.writeHead(resp.status, headers);
	res.end(resp.status === 304 ? undefined : resp.body);
}

/* The secondary limit on content creation, when switched on; a refusal or null. */
function contentLimited() {
	const L = S.contentLimit;
	S.created = S.created.filter((t) => t > S.now - 3600);
	const minute = S.created.filter((t) => t > S.now - 60).length;
	if (minute < L.per_minute && S.created.length < L.per_hour)
		return null;
	const r = secondaryLimitResponse(L.status);
	if (L.retry_after !== null)
		r.headers['Retry-After'] = String(L.retry_after);
	return r;
}

function handleApi(req, res, url, rawBody) {
	const method = req.method.toUpperCase();
	const path = url.pathname;
	const found = routeApi(method, path);
	const ctx = { req, query: url.searchParams, params: found ? found.params : {},
		repo: null, body: null, auth: null, check: null, linkBase: null,
		forceNext: false };
	const entry = {
		seq: S.nextSeq++,
		at: iso(S.now),
		method,
		path,
		query: Object.fromEntries(url.searchParams),
		raw_query: url.search.replace(/^\?/, ''),
		kind: found ? found.route.kind : 'unknown',
		status: null,
		user_agent: req.headers['user-agent'] || null,
		accept: req.headers.accept || null,
		api_version: req.headers['x-github-api-version'] || null,
		if_none_match: req.headers['if-none-match'] || null,
		auth: null,
		refused: null,
		fault: null,
		body: null,
		tls: !!(req.socket && req.socket.encrypted),
	};
	S.log.push(entry);
	const finish = (resp, bucket, counted) => {
		roll(bucket);
		if (counted)
			bucket.used++;
		entry.status = resp.status;
		entry.auth = ctx.auth;
		entry.refused = ctx.check;
		log(`${method} ${url.pathname}${url.search} -> ${resp.status} (${entry.kind})`);
		return rateHeaders(bucket);
	};

	/* 1. GitHub's edge and API checks */
	const refused = checkHeaders(req, ctx);
	if (refused) {
		const rh = finish(refused, ctx.auth === 'ok' ? S.core : S.anon, true);
		return send(res, refused, rh);
	}

	/* 2. request body */
	if (rawBody.length) {
		try {
			ctx.body = JSON.parse(rawBody.toString('utf8'));
			entry.body = ctx.body;
		} catch (e) {
			const r = error(400, 'Problems parsing JSON');
			return send(res, r, finish(r, S.core, true));
		}
	}

	/* 3. injected faults that answer instead of the endpoint */
	const fault = takeFault(method, path, url.searchParams);
	if (fault)
		entry.fault = fault.type;
	const type = fault ? fault.type : null;
	if (type === 'drop') {
		finish({ status: 0 }, S.core, true);
		entry.status = null;
		return req.socket.destroy();
	}
	if (type === 'error') {
		const r = error(fault.status || 500, 'Server Error');
		return send(res, r, finish(r, S.core, true));
	}
	if (type && type.startsWith('secondary')) {
		const r = secondaryLimitResponse(fault.status);
		const rh = finish(r, S.core, true);
		if (type === 'secondary' && fault.retry_after !== null)
			rh['Retry-After'] = String(fault.retry_after);
		return send(res, r, rh);
	}
	if (type === 'primary') {
		const r = primaryLimitResponse(fault.status);
		const rh = finish(r, S.core, false);
		const reset = S.now + fault.reset_in;
		if (fault.exhaust) {
			S.core.used = S.core.limit;
			S.core.reset = reset;
		}
		Object.assign(rh, { 'x-ratelimit-remaining': '0',
			'x-ratelimit-used': String(S.core.limit),
			'x-ratelimit-reset': String(reset) });
		return send(res, r, rh);
	}
	if (type === 'empty_error') {
		const r = { status: fault.status || 403, body: '', headers: {}, type: null };
		const rh = finish(r, S.core, true);
		if (fault.remaining_zero)
			Object.assign(rh, { 'x-ratelimit-remaining': '0',
				'x-ratelimit-used': String(S.core.limit),
				'x-ratelimit-reset': String(S.now + fault.reset_in) });
		if (fault.retry_after !== null)
			rh['Retry-After'] = String(fault.retry_after);
		return send(res, r, rh);
	}
	if (type === 'redirect') {
		const status = fault.status ||
			(method === 'GET' || method === 'HEAD' ? 301 : 307);
		const loc = redirectLocation(fault, ctx, url);
		const r = json(status, { message: 'Moved Permanently', url: loc,
			documentation_url: 'https://docs.github.com/v3/#http-redirects' },
			{ Location: loc });
		return send(res, r, finish(r, S.core, true));
	}
	if (type === 'echo_auth_error') {
		const auth = req.headers.authorization || '';
		const status = fault.status || 422;
		const r = status === 422 ?
			validationFailed([{ resource: 'Issue', code: 'invalid',
				field: 'authorization', message: `cannot use ${auth}` }],
			`Validation Failed for the request sent with Authorization: ${auth}`) :
			error(status, `Bad request sent with Authorization: ${auth}`);
		return send(res, r, finish(r, S.core, true));
	}

	/* steps 4 to 7: the request carried out and answered; after a pause
	 * first for delay_before_store (a request still in flight, nothing
	 * stored yet: what a slow network or a slow GitHub looks like) */
	const carryOut = () => {
		/* 4. the primary rate limit itself (GET /rate_limit is exempt) */
		roll(S.core);
		const exempt = found && found.route.kind === 'rate-limit';
		if (!exempt && S.core.used >= S.core.limit) {
			const r = primaryLimitResponse(403);
			return send(res, r, finish(r, S.core, false));
		}

		/* 4b. the secondary limit on content creation, when switched on */
		const creates = !!(found && found.route.creates);
		if (creates && S.contentLimit) {
			const r = contentLimited();
			if (r)
				return send(res, r, finish(r, S.core, true));
		}

		/* 5. the endpoint */
		if (type === 'edit_during_walk' && !editDuringWalk(fault))
			log(`edit_during_walk: fault ${fault.id}: no such target`);
		if (type === 'link_other_host') {
			ctx.linkBase = fault.prefix;
			ctx.forceNext = true;
		}
		let resp;
		if (!found) {
			resp = notFound();
		} else {
			const p = found.params;
			ctx.repo = p.repository_id !== undefined ? findRepoById(p.repository_id) :
				p.owner !== undefined ? findRepo(p.owner, p.repo) : null;
			if ((p.owner !== undefined || p.repository_id !== undefined) && !ctx.repo)
				resp = notFound();
			else
				resp = found.route.handler(ctx);
		}
		if (creates && resp.status >= 200 && resp.status < 300)
			S.created.push(S.now);
		if (type === 'raw_body') {
			let text = fault.body;
			if (fault.replace)
				text = fault.replace.reduce((t, [from, to]) => t.split(from).join(to),
					String(resp.body));
			resp = { status: fault.status || resp.status,
				body: fault.body_base64 !== null ?
					Buffer.from(fault.body_base64, 'base64') : Buffer.from(text, 'utf8'),
				headers: Object.assign({}, resp.headers, fault.headers),
				type: fault.content_type };
			delete resp.headers.ETag;
		}

		/* 6. conditional GET */
		if (method === 'GET' && resp.status === 200) {
			resp.headers.ETag = etagOf(resp);
			resp.headers['Cache-Control'] = 'private, max-age=60, s-maxage=60';
			const inm = req.headers['if-none-match'];
			if (inm && matchesEtag(inm, resp.headers.ETag))
				resp = { status: 304, body: '', headers: {
					ETag: resp.headers.ETag,
					'Cache-Control': resp.headers['Cache-Control'] } };
		}

		const rh = finish(resp, S.core, resp.status !== 304 && !exempt);

		/* 7. faults that act on a processed request */
		if (type === 'drop_after_store') {
			entry.status = null;
			return req.socket.destroy();
		}
		if (type === 'malformed') {
			const cut = resp.body.slice(0, Math.max(1, Math.floor(resp.body.length / 2)));
			resp = { status: 200, body: cut, headers: {},
				type: 'application/json; charset=utf-8' };
			entry.status = 200;
		}
		if (type === 'schema_violation' && resp.body) {
			/* valid JSON of the wrong shape: ids as strings, node_id gone */
			const mangle = (o) => {
				if (o && typeof o === 'object' && 'id' in o) {
					o.id = String(o.id);
					delete o.node_id;
				}
				return o;
			};
			const v = JSON.parse(resp.body);
			resp.body = JSON.stringify(Array.isArray(v) ? v.map(mangle) : mangle(v));
			delete resp.headers.ETag;
		}
		if (type === 'delay')
			return setTimeout(() => send(res, resp, rh), fault.delay_ms);
		return send(res, resp, rh);
	};
	if (type === 'delay_before_store')
		return setTimeout(carryOut, fault.delay_ms);
	return carryOut();
}

/* ---------------------------------------------------------------- admin API */

function admin(status, body) {
	return { status, body: JSON.stringify(body, null, 1) + '\n', headers: {},
		type: 'application/json; charset=utf-8' };
}

function adminRepo(b) {
	if (b && b.repo) {
		const [o, n] = String(b.repo).split('/');
		return findRepo(o, n);
	}
	return S.repos[0];
}

function adminBase() {
	return S.publicUrl || `http://127.0.0.1:${listenPort}`;
}

function adminComment(c) {
	const issue = S.issues.find((i) => i.id === c.issueId);
	const repo = findRepoById(issue.repoId);
	return Object.assign(renderComment(adminBase(), c), {
		issue_number: issue.number,
		repository: `${repo.owner}/${repo.name}`,
	});
}

function adminIssue(i) {
	const repo = findRepoById(i.repoId);
	return Object.assign(renderIssue(adminBase(), i),
		{ repository: `${repo.owner}/${repo.name}` });
}

function issueRef(i) {
	const repo = findRepoById(i.repoId);
	return { repository: `${repo.owner}/${repo.name}`, number: i.number, id: i.id };
}

/* An issue's links, as the control API shows them */
function adminLinks(i) {
	const parent = i.parentId === null ? null : issueById(i.parentId);
	return {
		parent: parent ? issueRef(parent) : null,
		sub_issues: i.subIds.map((id) => issueRef(issueById(id))),
		blocked_by: blockersOf(i).map(issueRef),
		blocking: blockedBy(i).map(issueRef),
	};
}

/* issue NUMBER in repository REPO ("o/n", default the default one) */
function adminFindIssue(number, repoName) {
	const repo = adminRepo({ repo: repoName });
	return repo && S.issues.find((i) => i.repoId === repo.id &&
		i.number === Number(number)) || null;
}

function linkAnswer(bad, ...issues) {
	if (bad)
		return admin(bad.status === 404 ? 404 : 409, { error: bad.message });
	return admin(200, issues.map((i) => Object.assign(issueRef(i),
		{ links: adminLinks(i) })));
}

function configView() {
	return { strict: S.strict, public_url: S.publicUrl, limits: S.limits,
		link_bumps: S.linkBumps, content_limit: S.contentLimit };
}

function clockView() {
	return { now: iso(S.now), epoch: S.now };
}

function logCounts(entries) {
	const c = { total: entries.length, by_kind: {}, by_status: {},
		by_method: {} };
	for (const e of entries) {
		c.by_kind[e.kind] = (c.by_kind[e.kind] || 0) + 1;
		const st = e.status === null ? 'dropped' : String(e.status);
		c.by_status[st] = (c.by_status[st] || 0) + 1;
		c.by_method[e.method] = (c.by_method[e.method] || 0) + 1;
	}
	return c;
}

const ADMIN_ROUTES = [
	{ method: 'GET', path: '/_admin/health', handler: () =>
		admin(200, { ok: true, port: listenPort, clock: clockView() }) },

	{ method: 'POST', path: '/_admin/reset', handler: (b) => {
		if (b.now !== undefined && parseTime(b.now) === null)
			return admin(400, { error: `bad time '${b.now}'` });
		reset(b);
		return admin(200, { ok: true, clock: clockView() });
	} },

	{ method: 'GET', path: '/_admin/config', handler: () => admin(200,
		Object.assign(configView(), {
			repository: `${S.repos[0].owner}/${S.repos[0].name}`,
			repository_id: S.repos[0].id, user: SELF.login,
			user_id: SELF.id, tls_port: tlsPort || null,
		})) },
	{ method: 'POST', path: '/_admin/config', handler: (b) => {
		if (b.limits !== undefined) {
			if (!b.limits || typeof b.limits !== 'object' || Object.entries(b.limits)
				.some(([k, v]) => !(k in LIMITS) || !(Number.isInteger(v) && v >= 0)))
				return admin(400, { error: `limits: integers for ${Object.keys(LIMITS).join(', ')}` });
			Object.assign(S.limits, b.limits);
		}
		if (b.link_bumps !== undefined) {
			if (!b.link_bumps || typeof b.link_bumps !== 'object' ||
				Object.keys(b.link_bumps).some((k) => !(k in S.linkBumps)))
				return admin(400, { error: 'link_bumps: {sub_issues, dependencies}: booleans' });
			for (const [k, v] of Object.entries(b.link_bumps))
				S.linkBumps[k] = !!v;
		}
		if (b.content_limit !== undefined) {
			const c = b.content_limit;
			S.contentLimit = c ? {
				per_minute: c.per_minute === undefined ? 80 : Number(c.per_minute),
				per_hour: c.per_hour === undefined ? 500 : Number(c.per_hour),
				retry_after: c.retry_after === undefined ? 60 : c.retry_after,
				status: c.status === undefined ? 403 : Number(c.status),
			} : null;
		}
		if (b.token !== undefined)
			S.token = String(b.token);
		if (b.strict !== undefined)
			S.strict = !!b.strict;
		if (b.public_url !== undefined)
			S.publicUrl = b.public_url ? String(b.public_url).replace(/\/+$/, '') : null;
		return admin(200, configView());
	} },

	{ method: 'GET', path: '/_admin/clock', handler: () => admin(200, clockView()) },
	{ method: 'POST', path: '/_admin/clock', handler: (b) => {
		if (b.now !== undefined && !setClock(b.now))
			return admin(400, { error: `bad time '${b.now}'` });
		if (b.advance !== undefined)
			S.now += Math.floor(Number(b.advance) || 0);
		return admin(200, clockView());
	} },

	{ method: 'GET', path: '/_admin/repos', handler: () => admin(200,
		S.repos.map((r) => ({ id: r.id, full_name: `${r.owner}/${r.name}` }))) },
	{ method: 'POST', path: '/_admin/repos', handler: (b) => {
		const [o, n] = String(b.repo || '').split('/');
		if (!o || !n)
			return admin(400, { error: 'need "repo": "OWNER/NAME"' });
		if (findRepo(o, n))
			return admin(409, { error: 'repository exists' });
		const r = createRepo(o, n, b.id);
		return admin(201, { id: r.id, full_name: `${r.owner}/${r.name}` });
	} },

	{ method: 'GET', path: '/_admin/issues', handler: (b, p, q) => {
		let list = S.issues.slice();
		if (q.get('repo')) {
			const repo = adminRepo({ repo: q.get('repo') });
			list = list.filter((i) => repo && i.repoId === repo.id);
		}
		if (q.get('creator'))
			list = list.filter((i) => i.user.toLowerCase() ===
				q.get('creator').toLowerCase());
		if (q.get('state'))
			list = list.filter((i) => q.get('state') === 'all' ||
				i.state === q.get('state'));
		return admin(200, list.map(adminIssue));
	} },
	{ method: 'GET', path: '/_admin/issues/(?<number>\\d+)', handler: (b, p, q) => {
		const issue = adminFindIssue(p.number, q.get('repo'));
		if (!issue)
			return admin(404, { error: 'no such issue' });
		return admin(200, Object.assign(adminIssue(issue),
			{ links: adminLinks(issue) }));
	} },
	{ method: 'DELETE', path: '/_admin/issues/(?<number>\\d+)', handler: (b, p, q) => {
		const issue = adminFindIssue(p.number, b.repo || q.get('repo'));
		if (!issue)
			return admin(404, { error: 'no such issue' });
		deleteIssue(issue);
		return admin(200, { ok: true });
	} },

	{ method: 'GET', path: '/_admin/links', handler: (b, p, q) => {
		const repo = q.get('repo') ? adminRepo({ repo: q.get('repo') }) : null;
		const mine = (i) => !repo || i.repoId === repo.id;
		const subs = [];
		for (const parent of S.issues)
			parent.subIds.forEach((id, k) => {
				const child = issueById(id);
				if (mine(parent) || mine(child))
					subs.push({ parent: issueRef(parent), child: issueRef(child),
						position: k });
			});
		const deps = S.deps.map((d) => [issueById(d.blocked), issueById(d.blocker)])
			.filter(([x, y]) => mine(x) || mine(y))
			.map(([x, y]) => ({ issue: issueRef(x), blocked_by: issueRef(y) }));
		return admin(200, { sub_issues: subs, dependencies: deps });
	} },
	{ method: 'POST', path: '/_admin/sub_issues', handler: (b) => {
		const parent = adminFindIssue(b.parent, b.repo);
		const child = adminFindIssue(b.child, b.child_repo || b.repo);
		if (!parent || !child)
			return admin(404, { error: 'no such issue' });
		return linkAnswer(addSubIssue(parent, child, !!b.replace_parent, !!b.force),
			parent, child);
	} },
	{ method: 'DELETE', path: '/_admin/sub_issues', handler: (b) => {
		const parent = adminFindIssue(b.parent, b.repo);
		const child = adminFindIssue(b.child, b.child_repo || b.repo);
		if (!parent || !child)
			return admin(404, { error: 'no such issue' });
		return linkAnswer(removeSubIssue(parent, child), parent, child);
	} },
	{ method: 'POST', path: '/_admin/dependencies', handler: (b) => {
		const issue = adminFindIssue(b.issue, b.repo);
		const blocker = adminFindIssue(b.blocked_by, b.blocker_repo || b.repo);
		if (!issue || !blocker)
			return admin(404, { error: 'no such issue' });
		return linkAnswer(addDependency(issue, blocker, !!b.force), issue, blocker);
	} },
	{ method: 'DELETE', path: '/_admin/dependencies', handler: (b) => {
		const issue = adminFindIssue(b.issue, b.repo);
		const blocker = adminFindIssue(b.blocked_by, b.blocker_repo || b.repo);
		if (!issue || !blocker)
			return admin(404, { error: 'no such issue' });
		return linkAnswer(removeDependency(issue, blocker), issue, blocker);
	} },
	{ method: 'POST', path: '/_admin/issues', handler: (b) => {
		const repo = adminRepo(b);
		if (!repo)
			return admin(404, { error: 'no such repository' });
		if (typeof b.title !== 'string')
			return admin(400, { error: 'need "title"' });
		if (b.state !== undefined && !['open', 'closed'].includes(b.state))
			return admin(400, { error: 'state is open or closed' });
		return admin(201, adminIssue(createIssue(repo, b)));
	} },
	{ method: 'PATCH', path: '/_admin/issues/(?<number>\\d+)', handler: (b, p) => {
		const repo = adminRepo(b);
		const issue = repo && S.issues.find((i) => i.repoId === repo.id &&
			i.number === Number(p.number));
		if (!issue)
			return admin(404, { error: 'no such issue' });
		if (b.title !== undefined)
			issue.title = String(b.title);
		if (b.body !== undefined)
			issue.body = b.body;
		if (Array.isArray(b.labels))
			issue.labels = labelNames(b.labels);
		if (Array.isArray(b.assignees))
			issue.assignees = assigneeLogins(b);
		if (b.state !== undefined) {
			if (!['open', 'closed'].includes(b.state))
				return admin(400, { error: 'state is open or closed' });
			setIssueState(issue, b.state, b.state_reason, b.user || 'octocat');
		}
		issue.updatedAt = S.now;
		return admin(200, adminIssue(issue));
	} },

	{ method: 'GET', path: '/_admin/comments', handler: (b, p, q) => {
		let list = S.comments.slice().sort((x, y) => x.id - y.id).map(adminComment);
		if (q.get('issue'))
			list = list.filter((c) => c.issue_number === Number(q.get('issue')));
		if (q.get('repo'))
			list = list.filter((c) => c.repository.toLowerCase() ===
				q.get('repo').toLowerCase());
		return admin(200, list);
	} },
	{ method: 'POST', path: '/_admin/comments', handler: (b) => {
		const repo = adminRepo(b);
		const issue = repo && S.issues.find((i) => i.repoId === repo.id &&
			i.number === Number(b.issue));
		if (!issue)
			return admin(404, { error: 'no such issue' });
		if (typeof b.body !== 'string')
			return admin(400, { error: 'need "body"' });
		const c = createComment(issue, b.body, b.user || 'octocat',
			b.author_association);
		return admin(201, adminComment(c));
	} },
	{ method: 'PATCH', path: '/_admin/comments/(?<id>\\d+)', handler: (b, p) => {
		const c = S.comments.find((x) => x.id === Number(p.id));
		if (!c)
			return admin(404, { error: 'no such comment' });
		if (typeof b.body !== 'string')
			return admin(400, { error: 'need "body"' });
		c.body = b.body;
		c.updatedAt = S.now;
		return admin(200, adminComment(c));
	} },
	{ method: 'DELETE', path: '/_admin/comments/(?<id>\\d+)', handler: (b, p) => {
		const i = S.comments.findIndex((x) => x.id === Number(p.id));
		if (i < 0)
			return admin(404, { error: 'no such comment' });
		S.comments.splice(i, 1);
		return admin(200, { ok: true });
	} },

	{ method: 'GET', path: '/_admin/log', handler: (b, p, q) => {
		const since = Number(q.get('since_seq') || 0);
		const entries = S.log.filter((e) => e.seq > since);
		return admin(200, { requests: entries, counts: logCounts(entries) });
	} },
	{ method: 'DELETE', path: '/_admin/log', handler: () => {
		S.log = [];
		return admin(200, { ok: true });
	} },

	{ method: 'GET', path: '/_admin/faults', handler: () =>
		admin(200, S.faults.map(viewFault)) },
	{ method: 'POST', path: '/_admin/faults', handler: (b) => {
		const r = addFault(b);
		return r.error ? admin(400, { error: r.error }) : admin(201, viewFault(r.fault));
	} },
	{ method: 'DELETE', path: '/_admin/faults', handler: () => {
		S.faults = [];
		return admin(200, { ok: true });
	} },

	{ method: 'GET', path: '/_admin/ratelimit', handler: () =>
		admin(200, bucketView(S.core)) },
	{ method: 'POST', path: '/_admin/ratelimit', handler: (b) => {
		roll(S.core);
		if (b.limit !== undefined)
			S.core.limit = Number(b.limit);
		if (b.reset !== undefined)
			S.core.reset = Number(b.reset);
		if (b.reset_in !== undefined)
			S.core.reset = S.now + Number(b.reset_in);
		if (b.remaining !== undefined)
			S.core.used = Math.max(0, S.core.limit - Number(b.remaining));
		if (b.used !== undefined)
			S.core.used = Number(b.used);
		return admin(200, bucketView(S.core));
	} },
].map((r) => Object.assign(r, { re: new RegExp(`^${r.path}/?$`) }));

function handleAdmin(req, res, url, rawBody) {
	let body = {};
	if (rawBody.length) {
		try {
			body = JSON.parse(rawBody.toString('utf8'));
		} catch (e) {
			return send(res, admin(400, { error: 'body is not JSON' }), {});
		}
		if (body === null || typeof body !== 'object')
			return send(res, admin(400, { error: 'body is not an object' }), {});
	}
	for (const r of ADMIN_ROUTES) {
		const m = r.re.exec(url.pathname);
		if (m && r.method === req.method.toUpperCase())
			return send(res, r.handler(body, m.groups || {}, url.searchParams), {});
	}
	return send(res, admin(404, { error: `no admin route ${req.method} ${url.pathname}` }), {});
}

/* -------------------------------------------------------------------- main */

let listenPort = 0;
let tlsPort = 0;

function log(line) {
	if (!opts.quiet)
		process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

function onRequest(req, res) {
	const chunks = [];
	let size = 0;
	req.on('data', (c) => {
		size += c.length;
		if (size > 4 * 1024 * 1024) {
			req.socket.destroy();
			return;
		}
		chunks.push(c);
	});
	req.on('end', () => {
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url, 'http://127.0.0.1');
		try {
			if (url.pathname.startsWith('/_admin/'))
				handleAdmin(req, res, url, rawBody);
			else
				handleApi(req, res, url, rawBody);
		} catch (e) {
			process.stderr.write(`server.js: internal error: ${e.stack}\n`);
			if (!res.headersSent)
				send(res, error(500, 'Server Error'), {});
		}
	});
}

function writePortFile(file, port) {
	fs.writeFileSync(`${file}.tmp`, `${port}\n`);
	fs.renameSync(`${file}.tmp`, file);
}

const server = http.createServer(onRequest);

reset();
server.listen(opts.port, '127.0.0.1', () => {
	listenPort = server.address().port;
	log(`listening on http://127.0.0.1:${listenPort}` +
		(S.publicUrl ? ` (public URL ${S.publicUrl})` : ''));
	if (!opts.tlsCert) {
		if (opts.portFile)
			writePortFile(opts.portFile, listenPort);
		return;
	}
	/* HTTPS on a second port: same handler, same state */
	let tls;
	try {
		tls = https.createServer({ cert: fs.readFileSync(opts.tlsCert),
			key: fs.readFileSync(opts.tlsKey) }, onRequest);
	} catch (e) {
		fatal(`cannot use --tls-cert/--tls-key: ${e.message}`);
	}
	tls.on('error', (e) => fatal(e.message));
	tls.on('tlsClientError', (e) => log(`TLS handshake failed: ${e.message}`));
	tls.listen(opts.tlsPort, '127.0.0.1', () => {
		tlsPort = tls.address().port;
		log(`listening on https://127.0.0.1:${tlsPort}`);
		/* the port files last: start.sh waits for server.port */
		if (opts.tlsPortFile)
			writePortFile(opts.tlsPortFile, tlsPort);
		if (opts.portFile)
			writePortFile(opts.portFile, listenPort);
	});
});
server.on('error', (e) => fatal(e.message));
for (const sig of ['SIGTERM', 'SIGINT'])
	process.on(sig, () => {
		server.close();
		process.exit(0);
	});
