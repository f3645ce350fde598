/*
 * codex.c: our hooks in a Codex hooks file, their keys and hashes as
 * Codex computes them, and whether the user's config approves them
 * (codex.h).
 */
#include "agent/codex.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/block.h"
#include "agent/jsontext.h"
#include "agent/tomltext.h"
#include "gitissue/util/util.h"
#include "util/sha256.h"

/*
 * As for Claude Code (claude.c): SessionStart for every source (startup,
 * resume, fork: measured), PostToolUse for the tools that name a file or
 * run a command (Codex's shell tool comes as Bash, in Claude Code's
 * shape: measured), Stop. The timeout is Codex's bound on the hook; our
 * own deadline (issue.hookTimeout, 5 s) comes first. UserPromptSubmit
 * only records that the session is working, for the board
 * (worktree/activity.h), and prints nothing: Codex would hand any text
 * to the model. No
 * additionalContextLimit: the brief keeps under Codex's cut by itself
 * (agent-hook.h), and a hook that does not set one keeps its approval
 * whatever Codex's default becomes.
 */
const struct gi_claude_hook gi_codex_hooks[] = {
	{ "SessionStart", NULL, GI_CODEX_COMMAND_PREFIX "session-start", 10 },
	{ "Stop", NULL, GI_CODEX_COMMAND_PREFIX "stop", 10 },
	{ "UserPromptSubmit", NULL, GI_CODEX_COMMAND_PREFIX
	  "user-prompt-submit", 10 },
	{ "PostToolUse", GI_CLAUDE_TOOLS, GI_CODEX_COMMAND_PREFIX
	  "post-tool-use", 10 },
	/* Codex 0.171.0 lists a SessionEnd hook with at most 3 s (measured:
	 * hooks/list says timeoutSec 3 of 10 written), and its approval is of
	 * what it lists */
	{ "SessionEnd", NULL, GI_CODEX_COMMAND_PREFIX "session-end", 3 },
	{ NULL, NULL, NULL, 0 }
};

/* Events whose matcher Codex ignores, and leaves out of the hash
 * (measured: UserPromptSubmit, Stop). */
static const char *const no_matcher[] = { "UserPromptSubmit", "Stop", NULL };

/* A string as serde_json writes it: '"', '\\' and control characters
 * escaped, everything else (U+007F, non-ASCII) as it is. */
static void serde_string(gi_buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	gi_buf_addch(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			gi_buf_addf(out, "\\%c", c);
		else if (c == '\n')
			gi_buf_adds(out, "\\n");
		else if (c == '\t')
			gi_buf_adds(out, "\\t");
		else if (c == '\r')
			gi_buf_adds(out, "\\r");
		else if (c == '\b')
			gi_buf_adds(out, "\\b");
		else if (c == '\f')
			gi_buf_adds(out, "\\f");
		else if (c < 0x20)
			gi_buf_addf(out, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
		else
			gi_buf_addch(out, c);
	}
	gi_buf_addch(out, '"');
}

static void snake_case(gi_buf *out, const char *event)
{
	const char *p;

	for (p = event; *p; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			if (p != event)
				gi_buf_addch(out, '_');
			gi_buf_addch(out, *p - 'A' + 'a');
		} else {
			gi_buf_addch(out, *p);
		}
	}
}

static int takes_matcher(const char *event)
{
	size_t i;

	for (i = 0; no_matcher[i]; i++)
		if (!strcmp(no_matcher[i], event))
			return 0;
	return 1;
}

void gi_codex_hash(gi_buf *out, const char *event, const char *matcher,
		   const char *command, long timeout, int async,
		   const char *status, long limit)
{
	gi_buf j = GI_BUF_INIT;
	char hex[GI_SHA256_HEXSZ + 1];

	/* the keys in order, at every level */
	gi_buf_adds(&j, "{\"event_name\":\"");
	snake_case(&j, event);
	gi_buf_adds(&j, "\",\"hooks\":[{");
	if (limit >= 0)
		gi_buf_addf(&j, "\"additionalContextLimit\":%ld,", limit);
	gi_buf_addf(&j, "\"async\":%s,\"command\":", async ? "true" : "false");
	serde_string(&j, command);
	if (status) {
		gi_buf_adds(&j, ",\"statusMessage\":");
		serde_string(&j, status);
	}
	gi_buf_addf(&j, ",\"timeout\":%ld,\"type\":\"command\"}]",
		    timeout < 1 ? 1 : timeout);
	if (matcher && takes_matcher(event)) {
		gi_buf_adds(&j, ",\"matcher\":");
		serde_string(&j, matcher);
	}
	gi_buf_addch(&j, '}');
	gi_sha256_hex(hex, j.buf, j.len);
	gi_buf_addf(out, "sha256:%s", hex);
	gi_buf_release(&j);
}

/* ------------------------------------------------------------ the keys */

static const char *jt_str(const struct gi_jt *v)
{
	return v && v->type == GI_JT_STRING && strlen(v->str) == v->str_len ?
		v->str : NULL;
}

/* A whole number of the handler, or `def` when it has none. */
static long jt_long(const char *text, const struct gi_jt *v, long def)
{
	if (!v || v->type != GI_JT_NUMBER)
		return def;
	return strtol(text + v->start, NULL, 10);
}

static void add_key(struct gi_codex_keys *out, const char *file,
		    const char *text, const struct gi_jt *ev, size_t g,
		    size_t h)
{
	const struct gi_jt *group = &ev->kids[g];
	const struct gi_jt *e = &gi_jt_get(group, "hooks")->kids[h];
	const struct gi_jt *async = gi_jt_get(e, "async");
	struct gi_codex_key *k;
	gi_buf b = GI_BUF_INIT;

	out->v = gi_xrealloc(out->v, (out->nr + 1) * sizeof(*out->v));
	k = &out->v[out->nr++];
	gi_buf_addf(&b, "%s:", file);
	snake_case(&b, ev->key);
	gi_buf_addf(&b, ":%zu:%zu", g, h);
	k->key = gi_buf_detach(&b, NULL);
	gi_codex_hash(&b, ev->key, jt_str(gi_jt_get(group, "matcher")),
		      jt_str(gi_jt_get(e, "command")),
		      jt_long(text, gi_jt_get(e, "timeout"), 600),
		      async && async->type == GI_JT_TRUE,
		      jt_str(gi_jt_get(e, "statusMessage")),
		      jt_long(text, gi_jt_get(e, "additionalContextLimit"), -1));
	k->hash = gi_buf_detach(&b, NULL);
	k->command = gi_xstrdup(jt_str(gi_jt_get(e, "command")));
}

/* Is hook entry `e` ours? */
static int ours(const struct gi_jt *e)
{
	const char *c = e->type == GI_JT_OBJECT ?
		jt_str(gi_jt_get(e, "command")) : NULL;

	return c && !strncmp(c, GI_CODEX_COMMAND_PREFIX,
			     strlen(GI_CODEX_COMMAND_PREFIX));
}

static void keys_of(struct gi_codex_keys *out, const char *file,
		    const char *text, const struct gi_jt *root)
{
	const struct gi_jt *hooks = gi_jt_get(root, "hooks");
	size_t i, g, h;

	for (i = 0; hooks && hooks->type == GI_JT_OBJECT && i < hooks->nr;
	     i++) {
		const struct gi_jt *ev = &hooks->kids[i];

		for (g = 0; ev->type == GI_JT_ARRAY && g < ev->nr; g++) {
			const struct gi_jt *list = gi_jt_get(&ev->kids[g],
							     "hooks");

			for (h = 0; list && list->type == GI_JT_ARRAY &&
			     h < list->nr; h++)
				if (ours(&list->kids[h]))
					add_key(out, file, text, ev, g, h);
		}
	}
}

int gi_codex_keys_read(struct gi_codex_keys *out, const char *root)
{
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT, err = GI_BUF_INIT;
	struct gi_jt *doc = NULL;
	char *real = gi_real_path(root);
	int ret = 0;

	memset(out, 0, sizeof(*out));
	gi_buf_addf(&path, "%s/%s", real ? real : root, GI_CODEX_HOOKS);
	switch (gi_agent_read_file(path.buf, &text, &err)) {
	case 1:
		if (gi_jt_parse(&doc, text.buf, text.len, &err) < 0)
			ret = -1;
		else
			keys_of(out, path.buf, text.buf, doc);
		break;
	case -1:
		ret = -1;
	}
	gi_jt_free(doc);
	free(real);
	gi_buf_release(&path);
	gi_buf_release(&text);
	gi_buf_release(&err);
	return ret;
}

void gi_codex_keys_release(struct gi_codex_keys *k)
{
	size_t i;

	for (i = 0; i < k->nr; i++) {
		free(k->v[i].key);
		free(k->v[i].hash);
		free(k->v[i].command);
	}
	free(k->v);
	memset(k, 0, sizeof(*k));
}

/* ------------------------------------------------------ the hooks file */

/* The lock on a file of ours in `root`: never through a link, never
 * outside `root`. */
static int lock_nofollow(struct gi_lock *lk, const char *path,
			 const char *root, gi_buf *err)
{
	struct gi_lock_opts o = { 0 };

	o.flags = GI_LOCK_NOFOLLOW | GI_LOCK_KEEP_MODE;
	o.mode = 0644;
	o.timeout_ms = GI_AGENT_LOCK_TIMEOUT_MS;
	o.root = root;
	o.err = err;
	return gi_lock_hold(lk, path, &o) ? -1 : 0;
}

/* `<root>/.codex`, made when missing. 1 made, 0 there, -1 (`err`). */
static int codex_dir(gi_buf *dir, const char *root, gi_buf *err)
{
	struct stat st;

	gi_buf_reset(dir);
	gi_buf_addf(dir, "%s/%s", root, GI_CODEX_FOLDER);
	if (!mkdir(dir->buf, 0777))
		return 1;
	if (errno == EEXIST && !lstat(dir->buf, &st) && S_ISDIR(st.st_mode))
		return 0;
	if (errno == EEXIST)
		gi_buf_addf(err, "'%s' is not a folder (a symbolic link?): "
			    "left alone", dir->buf);
	else
		gi_buf_addf(err, "unable to create '%s': %s", dir->buf,
			    strerror(errno));
	return -1;
}

int gi_codex_install(const char *root, gi_buf *err)
{
	gi_buf dir = GI_BUF_INIT, path = GI_BUF_INIT, cur = GI_BUF_INIT;
	gi_buf next = GI_BUF_INIT, why = GI_BUF_INIT;
	struct gi_lock lk = GI_LOCK_INIT;
	int made, have, rc, ret = -1;

	made = codex_dir(&dir, root, err);
	gi_buf_addf(&path, "%s/%s", root, GI_CODEX_HOOKS);
	if (made < 0 || lock_nofollow(&lk, path.buf, root, err) < 0)
		goto done;
	have = gi_agent_read_file(path.buf, &cur, err);
	if (have < 0)
		goto done;
	rc = gi_claude_settings_add(&next, have ? cur.buf : NULL, cur.len,
				    gi_codex_hooks, &why);
	if (rc < 0)
		gi_buf_addf(err, "'%s' is %s: left as it is", path.buf,
			    why.buf);
	else if (!rc)
		ret = GI_SETTINGS_UNCHANGED;
	else if (!gi_agent_commit_file(&lk, next.buf, next.len))
		ret = have ? GI_SETTINGS_ADDED : GI_SETTINGS_CREATED;
done:
	gi_lock_rollback(&lk);
	if (made > 0 && ret != GI_SETTINGS_CREATED)
		rmdir(dir.buf);
	gi_buf_release(&dir);
	gi_buf_release(&path);
	gi_buf_release(&cur);
	gi_buf_release(&next);
	gi_buf_release(&why);
	return ret;
}

int gi_codex_uninstall(const char *root, gi_buf *err)
{
	gi_buf path = GI_BUF_INIT, cur = GI_BUF_INIT, next = GI_BUF_INIT;
	gi_buf why = GI_BUF_INIT;
	struct gi_lock lk = GI_LOCK_INIT;
	struct stat st;
	int have, rc, ret = -1;

	gi_buf_addf(&path, "%s/%s", root, GI_CODEX_HOOKS);
	if (lstat(path.buf, &st) < 0 && errno == ENOENT) {
		ret = GI_SETTINGS_ABSENT;
		goto done;
	}
	if (lock_nofollow(&lk, path.buf, root, err) < 0)
		goto done;
	have = gi_agent_read_file(path.buf, &cur, err);
	if (have <= 0) {
		ret = have < 0 ? -1 : GI_SETTINGS_ABSENT;
		goto done;
	}
	rc = gi_claude_settings_remove(&next, cur.buf, cur.len, &why);
	if (rc < 0) {
		gi_buf_addf(err, "'%s' is %s: left as it is", path.buf,
			    why.buf);
	} else if (!rc) {
		ret = GI_SETTINGS_ABSENT;
	} else if (rc == 1) {
		if (!gi_agent_commit_file(&lk, next.buf, next.len))
			ret = GI_SETTINGS_REMOVED;
	} else if (unlink(path.buf) < 0) {
		gi_buf_addf(err, "unable to remove '%s': %s", path.buf,
			    strerror(errno));
	} else {
		gi_lock_rollback(&lk);
		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/%s", root, GI_CODEX_FOLDER);
		rmdir(path.buf);	/* when nothing else is in it */
		ret = GI_SETTINGS_DELETED;
	}
done:
	gi_lock_rollback(&lk);
	gi_buf_release(&path);
	gi_buf_release(&cur);
	gi_buf_release(&next);
	gi_buf_release(&why);
	return ret;
}

int gi_codex_folder(const char *worktree, int remove, gi_buf *err)
{
	gi_buf dir = GI_BUF_INIT;
	struct stat st;
	int ret;

	if (!remove) {
		ret = codex_dir(&dir, worktree, err);
	} else {
		gi_buf_addf(&dir, "%s/%s", worktree, GI_CODEX_FOLDER);
		/* only an empty folder: one the user filled is theirs */
		ret = !lstat(dir.buf, &st) && S_ISDIR(st.st_mode) &&
			!rmdir(dir.buf);
	}
	gi_buf_release(&dir);
	return ret;
}

/* -------------------------------------------------- the user's approval */

void gi_codex_config_path(gi_buf *out)
{
	const char *home = getenv("CODEX_HOME");

	if (home && *home)
		gi_buf_addf(out, "%s/config.toml", home);
	else if ((home = getenv("HOME")) && *home)
		gi_buf_addf(out, "%s/.codex/config.toml", home);
	else
		gi_buf_adds(out, ".codex/config.toml");
}

size_t gi_codex_trusted(const struct gi_codex_keys *k)
{
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT, err = GI_BUF_INIT;
	gi_buf hash = GI_BUF_INIT;
	struct gi_tt t = { NULL, 0 };
	size_t i, j, n = 0;

	gi_codex_config_path(&path);
	if (gi_agent_read_file(path.buf, &text, &err) == 1 &&
	    !gi_tt_scan(&t, text.buf, text.len))
		for (i = 0; i < k->nr; i++) {
			const char *key[] = { "hooks", "state", k->v[i].key };

			for (j = 0; j < t.nr; j++)
				if (gi_tt_is(&t.v[j], key, 3) &&
				    gi_tt_string(&hash, text.buf, &t.v[j],
						 "trusted_hash") &&
				    !strcmp(hash.buf, k->v[i].hash)) {
					n++;
					break;
				}
		}
	gi_tt_release(&t);
	gi_buf_release(&path);
	gi_buf_release(&text);
	gi_buf_release(&err);
	gi_buf_release(&hash);
	return n;
}
