/*
 * github-token.c: where the GitHub token comes from (github-token.h): the
 * environment, `gh auth token`, or `git credential fill` for the API's
 * URL; what became of it told back to git's credential helpers; and a key
 * that tells tokens apart without revealing one. No libcurl here.
 */
#include "sync/github-token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/run.h"

static char *trimmed(gi_buf *b)
{
	char *s;

	gi_buf_rtrim(b, "\r\n", 0);
	if (!b->len)
		return NULL;
	s = gi_buf_detach(b, NULL);
	return s;
}

/* A child's time limit: `cap`, or less when the deadline is nearer. */
static long child_timeout(long deadline_ms, long cap)
{
	long left;

	if (!deadline_ms)
		return cap;
	left = deadline_ms - gi_now_ms();
	return left < 1 ? 1 : left < cap ? left : cap;
}

/* `gh auth token --hostname HOST`, when gh is installed and logged in. */
static char *token_from_gh(const char *host, long deadline_ms)
{
	const char *argv[] = { "gh", "auth", "token", "--hostname", host, NULL };
	gi_buf out = GI_BUF_INIT, err = GI_BUF_INIT;
	struct gi_child c = { 0 };
	char *tok = NULL;

	c.argv = argv;
	c.out = &out;
	c.err = &err;	/* "not logged in" is not our message to show */
	c.timeout_ms = child_timeout(deadline_ms, 5000);
	if (gi_run(&c) == 0)
		tok = trimmed(&out);
	gi_buf_release(&out);
	gi_buf_release(&err);
	return tok;
}

/* Wipe and free what held a secret. */
void gi_github_token_wipe(gi_buf *b)
{
	if (b->alloc)
		memset(b->buf, 0, b->len);
	gi_buf_release(b);
}

/*
 * `git credential <op>` with `in` on its standard input, never prompting:
 * the hook may have no terminal. 0 or the child's status.
 */
static int run_credential(const char *op, const char *in, size_t len,
			  gi_buf *out, long deadline_ms)
{
	const char *argv[] = { "git", "credential", op, NULL };
	const char *env[] = { "GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=true",
			      "SSH_ASKPASS=true", NULL };
	gi_buf err = GI_BUF_INIT;
	struct gi_child c = { 0 };
	int rc;

	c.argv = argv;
	c.env = env;
	c.in = in;
	c.in_len = len;
	c.out = out;
	c.err = &err;
	c.timeout_ms = child_timeout(deadline_ms, 10000);
	rc = gi_run(&c);
	gi_buf_release(&err);
	return rc;
}

/*
 * `git credential fill` for the API's full URL, as git asks for a
 * remote's: "url=" makes git split it into protocol, host *with its port*
 * and path (a host with a port was never found when only the host name
 * was sent). The whole answer is kept in `cred` for approve or reject.
 */
static char *token_from_credential(const char *api, gi_buf *cred,
				   long deadline_ms)
{
	gi_buf in = GI_BUF_INIT, out = GI_BUF_INIT;
	char *tok = NULL, *p;

	gi_buf_addf(&in, "url=%s\n\n", api);
	if (run_credential("fill", in.buf, in.len, &out, deadline_ms) == 0) {
		for (p = out.buf; *p; ) {
			size_t n = strcspn(p, "\n");

			if (!strncmp(p, "password=", 9) && n > 9) {
				free(tok);
				tok = gi_xstrndup(p + 9, n - 9);
			}
			p += n + (p[n] == '\n');
		}
	}
	if (tok)
		gi_buf_add(cred, out.buf, out.len);
	gi_buf_release(&in);
	gi_github_token_wipe(&out);
	return tok;
}

/* What the token's source is called in messages. */
const char *gi_github_token_source(const struct gi_github *gh)
{
	return gh->token_source ? gh->token_source : "?";
}

/*
 * After the first answer to an authenticated request, tell git's
 * credential helpers what became of the token they gave, as git does:
 * `approve` when it worked, `reject` after a 401 (so that a helper does
 * not hand out a revoked token again).
 */
void gi_github_token_outcome(struct gi_github *gh, long status)
{
	gi_buf out = GI_BUF_INIT;
	const char *op;

	if (!gh->cred.len || gh->cred_done || !status)
		return;
	if (status == 401)
		op = "reject";
	else if (status < 400)
		op = "approve";
	else
		return;	/* a 403 or 404 says nothing about the token */
	gh->cred_done = 1;
	gh->cred_rejected = status == 401;
	gi_buf_addch(&gh->cred, '\n');
	run_credential(op, gh->cred.buf, gh->cred.len, &out, gh->deadline_ms);
	gi_buf_release(&out);
	gi_github_token_wipe(&gh->cred);
}

char *gi_github_token_find(struct gi_github *gh,
			   const struct gi_github_target *t, long deadline_ms)
{
	static const char *names_com[] = { "GH_TOKEN", "GITHUB_TOKEN", NULL };
	static const char *names_ghe[] = { "GH_ENTERPRISE_TOKEN",
					   "GITHUB_ENTERPRISE_TOKEN", NULL };
	const char **names = strcmp(t->host, "github.com") ? names_ghe :
			     names_com;
	char *tok;
	size_t i;

	for (i = 0; names[i]; i++) {
		const char *v = getenv(names[i]);

		if (v && *v) {
			gh->token_source = names[i];
			return gi_xstrdup(v);
		}
	}
	tok = token_from_gh(t->host, deadline_ms);
	if (tok) {
		gh->token_source = "'gh auth token'";
		return tok;
	}
	tok = token_from_credential(t->api, &gh->cred, deadline_ms);
	if (tok)
		gh->token_source = "'git credential fill'";
	return tok;
}

void gi_github_token_key(const struct gi_github *gh, char out[9])
{
	gi_buf b = GI_BUF_INIT;
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];

	/* 32 bits of a hash say which token this was, never what it was */
	gi_buf_addf(&b, "git-issue token\n%s", gh->auth ? gh->auth : "");
	git_odb_hash(&oid, b.buf, b.len, GIT_OBJECT_BLOB);
	memset(b.buf, 0, b.len);
	gi_buf_release(&b);
	git_oid_tostr(hex, sizeof(hex), &oid);
	memcpy(out, hex, 8);
	out[8] = '\0';
}
