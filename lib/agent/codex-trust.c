/*
 * codex-trust.c: the user's approval of our Codex hooks, recorded by
 * Codex itself when the user asks for it, and taken out again
 * (codex-trust.h).
 *
 * Recording goes the way Codex's own /hooks screen goes: `codex
 * app-server` on stdio (JSON-RPC, one object a line), `initialize`, then
 * `hooks/list` for the project, then `config/batchWrite` of
 * `hooks.state.<key>.trusted_hash` = the hash Codex lists, for each hook
 * that is ours (listed from our file, with our command, matcher and
 * timeout) and not approved yet. Nothing else is approved, and the hash
 * is Codex's, never written by us.
 *
 * Codex edits config.toml with a TOML editor that keeps the rest of the
 * file, but lays its additions out its own way: a new `[hooks.state]`
 * header, blank lines, a comment of the user's moved below our table
 * (measured). Taking that out by reading the tables again cannot always
 * give the bytes back, so the edit is remembered: the file before is a
 * subsequence of the file after, and which bytes of the after-file were
 * added is kept in $GIT_COMMON_DIR/issue-codex-trust (offsets and the
 * after-file's blob id, never the user's text). The uninstall cuts
 * exactly those when the file is still as Codex left it; otherwise it
 * cuts the tables of our keys, as text.
 */
#include "agent/codex-trust.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/block.h"
#include "agent/tomltext.h"
#include "gitissue/util/json.h"
#include "gitissue/util/run.h"
#include "gitissue/util/util.h"

/* How long the whole exchange with app-server may take. */
#define TRUST_TIMEOUT_MS 60000

/* ------------------------------------------------------------ the talk */

struct talk {
	const char *file;	/* our hooks file, real path */
	size_t parsed;		/* stdout read up to here */
	int state;		/* the result, or -1 while talking */
	size_t n;		/* hooks approved now */
	gi_buf *err;
};

/* Is the listed `h` a hook we install, from our file, as we wrote it? */
static int listed_ours(const cJSON *h, const char *file)
{
	const char *src = gi_json_str(h, "sourcePath");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(h, "matcher");
	char *real = src ? gi_real_path(src) : NULL;
	size_t i;
	int same = real && !strcmp(real, file);

	free(real);
	if (!same || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(h,
								   "isManaged")) ||
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(h, "async")) ||
	    !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(h, "statusMessage")) ||
	    !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
				  h, "additionalContextLimit")))
		return 0;
	for (i = 0; gi_codex_hooks[i].event; i++) {
		const struct gi_claude_hook *o = &gi_codex_hooks[i];

		if (!gi_json_str(h, "command") ||
		    strcmp(gi_json_str(h, "command"), o->command) ||
		    gi_json_num(h, "timeoutSec") != o->timeout)
			continue;
		if (o->matcher ? cJSON_IsString(m) &&
		    !strcmp(m->valuestring, o->matcher) : !cJSON_IsString(m))
			return 1;
	}
	return 0;
}

/* The answer to hooks/list: ask to approve ours that are not. */
static void on_list(struct talk *t, cJSON *res, gi_buf *more)
{
	cJSON *data = cJSON_GetArrayItem(
		cJSON_GetObjectItemCaseSensitive(res, "data"), 0);
	cJSON *h, *value = cJSON_CreateObject(), *req;
	size_t seen = 0;
	char *s;

	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(data, "hooks")) {
		const char *key = gi_json_str(h, "key");
		const char *hash = gi_json_str(h, "currentHash");
		const char *status = gi_json_str(h, "trustStatus");

		if (!key || !hash || !listed_ours(h, t->file))
			continue;
		seen++;
		if (status && !strcmp(status, "trusted"))
			continue;
		cJSON_AddItemToObject(value, key, cJSON_CreateObject());
		cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(
						value, key), "trusted_hash", hash);
		t->n++;
	}
	if (!seen || !t->n) {
		t->state = seen ? GI_CODEX_TRUST_ALREADY :
			GI_CODEX_TRUST_UNLISTED;
		cJSON_Delete(value);
		return;
	}
	req = cJSON_CreateObject();
	cJSON_AddNumberToObject(req, "id", 2);
	cJSON_AddStringToObject(req, "method", "config/batchWrite");
	h = cJSON_CreateObject();
	cJSON_AddStringToObject(h, "keyPath", "hooks.state");
	cJSON_AddStringToObject(h, "mergeStrategy", "upsert");
	cJSON_AddItemToObject(h, "value", value);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(
		cJSON_AddObjectToObject(req, "params"), "edits"), h);
	s = cJSON_PrintUnformatted(req);
	gi_buf_addf(more, "%s\n", s);
	cJSON_free(s);
	cJSON_Delete(req);
}

/* One line from app-server. */
static void on_line(struct talk *t, const char *line, size_t len,
		    gi_buf *more)
{
	cJSON *msg = cJSON_ParseWithLength(line, len), *id, *e;

	id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	if (!cJSON_IsNumber(id) || cJSON_GetObjectItemCaseSensitive(msg,
								     "method"))
		goto done;	/* a notification, or a request to us */
	if ((e = cJSON_GetObjectItemCaseSensitive(msg, "error"))) {
		gi_buf_addf(t->err, "Codex refused '%s': %s",
			    id->valueint == 2 ? "config/batchWrite" :
			    id->valueint == 1 ? "hooks/list" : "initialize",
			    gi_json_str(e, "message") ?
			    gi_json_str(e, "message") : "no reason given");
		t->state = -2;
	} else if (id->valueint == 1) {
		on_list(t, cJSON_GetObjectItemCaseSensitive(msg, "result"),
			more);
	} else if (id->valueint == 2) {
		const char *st = gi_json_str(cJSON_GetObjectItemCaseSensitive(
						     msg, "result"), "status");

		if (st && !strcmp(st, "ok")) {
			t->state = GI_CODEX_TRUST_RECORDED;
		} else {
			gi_buf_addf(t->err, "Codex did not record the "
				    "approval (status '%s')", st ? st : "");
			t->state = -2;
		}
	}
done:
	cJSON_Delete(msg);
}

static int dialog(const gi_buf *out, gi_buf *more, void *payload)
{
	struct talk *t = payload;
	const char *nl;

	while (t->state == -1 &&
	       (nl = memchr(out->buf + t->parsed, '\n',
			    out->len - t->parsed))) {
		on_line(t, out->buf + t->parsed,
			(size_t)(nl - out->buf) - t->parsed, more);
		t->parsed = (size_t)(nl - out->buf) + 1;
	}
	return t->state == -1 ? 0 : 1;
}

/* The talk with `codex app-server` in `root`. */
static int talk(struct talk *t, const char *root)
{
	static const char *const argv[] = {
		"codex", "app-server", "-c", "analytics.enabled=false",
		"-c", "features.plugins=false", NULL
	};
	gi_buf in = GI_BUF_INIT, out = GI_BUF_INIT, err = GI_BUF_INIT;
	struct gi_child c = { 0 };
	cJSON *list = cJSON_CreateObject(), *p;
	char *s;
	int rc;

	gi_buf_adds(&in, "{\"id\":0,\"method\":\"initialize\",\"params\":"
		    "{\"clientInfo\":{\"name\":\"git-issue\",\"version\":"
		    "\"1\"}}}\n{\"method\":\"initialized\"}\n");
	cJSON_AddNumberToObject(list, "id", 1);
	cJSON_AddStringToObject(list, "method", "hooks/list");
	p = cJSON_AddObjectToObject(list, "params");
	cJSON_AddItemToObject(p, "cwds", cJSON_CreateStringArray(&root, 1));
	s = cJSON_PrintUnformatted(list);
	gi_buf_addf(&in, "%s\n", s);
	cJSON_free(s);
	cJSON_Delete(list);

	c.argv = argv;
	c.dir = root;
	c.clean_repo_env = 1;
	c.in = in.buf;
	c.in_len = in.len;
	c.out = &out;
	c.err = &err;
	c.timeout_ms = TRUST_TIMEOUT_MS;
	c.dialog = dialog;
	c.payload = t;
	rc = gi_run(&c);
	if (t->state == -1 && !t->err->len)
		gi_buf_addf(t->err, rc == 127 || rc == -1 ? "'codex' could "
			    "not be run (is the Codex CLI installed?)" :
			    rc == -2 ? "'codex app-server' did not answer in "
			    "time" : "'codex app-server' ended (exit code "
			    "%d) before it answered", rc);
	gi_buf_release(&in);
	gi_buf_release(&out);
	gi_buf_release(&err);
	return t->state < 0 ? -1 : t->state;
}

/* ---------------------------------------------------------- the record */

struct cut {
	size_t off, len;
};

struct record {
	char *config;
	char after[GIT_OID_HEXSZ + 1];
	int existed;		/* config.toml was there before */
	struct cut *cuts;
	size_t nr;
	char **keys;
	size_t nkeys;
};

static void record_release(struct record *rec)
{
	size_t i;

	free(rec->config);
	free(rec->cuts);
	for (i = 0; i < rec->nkeys; i++)
		free(rec->keys[i]);
	free(rec->keys);
	memset(rec, 0, sizeof(*rec));
}

static void record_path(gi_buf *out, struct gi_repo *r)
{
	gi_buf_addf(out, "%s/%s", r->commondir, GI_CODEX_TRUST_FILE);
}

static void blob_id(char hex[GIT_OID_HEXSZ + 1], const gi_buf *text)
{
	git_oid id;

	git_odb_hash(&id, text->buf, text->len, GIT_OBJECT_BLOB);
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &id);
}

static void add_key(struct record *rec, const char *key)
{
	size_t i;

	for (i = 0; i < rec->nkeys; i++)
		if (!strcmp(rec->keys[i], key))
			return;
	rec->keys = gi_xrealloc(rec->keys, (rec->nkeys + 1) *
				sizeof(*rec->keys));
	rec->keys[rec->nkeys++] = gi_xstrdup(key);
}

/* Read the record. 1 read, 0 none (or not one of ours). */
static int record_read(struct record *rec, struct gi_repo *r)
{
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT;
	char *line, *save = NULL;
	size_t off, len;
	int ok = 0;

	memset(rec, 0, sizeof(*rec));
	record_path(&path, r);
	if (gi_buf_read_file(&text, path.buf) < 0)
		goto done;
	for (line = strtok_r(text.buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "config ", 7) && !rec->config)
			rec->config = gi_xstrdup(line + 7);
		else if (!strncmp(line, "after ", 6) &&
			 strlen(line + 6) == GIT_OID_HEXSZ)
			memcpy(rec->after, line + 6, GIT_OID_HEXSZ + 1);
		else if (!strcmp(line, "existed 1"))
			rec->existed = 1;
		else if (!strncmp(line, "key ", 4))
			add_key(rec, line + 4);
		else if (sscanf(line, "cut %zu %zu", &off, &len) == 2) {
			rec->cuts = gi_xrealloc(rec->cuts, (rec->nr + 1) *
						sizeof(*rec->cuts));
			rec->cuts[rec->nr++] = (struct cut){ off, len };
		}
	}
	ok = rec->config && *rec->after;
done:
	if (!ok)
		record_release(rec);
	gi_buf_release(&path);
	gi_buf_release(&text);
	return ok;
}

static int record_write(const struct record *rec, struct gi_repo *r)
{
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT;
	struct gi_lock_opts o = { 0 };
	size_t i;
	int ret;

	gi_buf_addf(&text, "config %s\nafter %s\nexisted %d\n", rec->config,
		    rec->after, rec->existed);
	for (i = 0; i < rec->nkeys; i++)
		gi_buf_addf(&text, "key %s\n", rec->keys[i]);
	for (i = 0; i < rec->nr; i++)
		gi_buf_addf(&text, "cut %zu %zu\n", rec->cuts[i].off,
			    rec->cuts[i].len);
	record_path(&path, r);
	o.timeout_ms = GI_AGENT_LOCK_TIMEOUT_MS;
	ret = gi_write_file_atomic(path.buf, text.buf, text.len, &o);
	gi_buf_release(&path);
	gi_buf_release(&text);
	return ret ? -1 : 0;
}

/* `text` without the recorded cuts, into `out`. -1: they do not fit. */
static int apply_cuts(gi_buf *out, const gi_buf *text,
		      const struct record *rec)
{
	size_t i, at = 0;

	gi_buf_reset(out);
	for (i = 0; i < rec->nr; i++) {
		if (rec->cuts[i].off < at ||
		    rec->cuts[i].off + rec->cuts[i].len > text->len)
			return -1;
		gi_buf_add(out, text->buf + at, rec->cuts[i].off - at);
		at = rec->cuts[i].off + rec->cuts[i].len;
	}
	gi_buf_add(out, text->buf + at, text->len - at);
	return 0;
}

/*
 * The bytes of `after` that are not in `before`, as cuts, when `before`
 * is a subsequence of `after` (it is when the edit only added). Any
 * embedding of the one in the other gives `before` back exactly.
 * @return 0, or -1 when `before` is not in `after`.
 */
static int find_cuts(struct record *rec, const gi_buf *before,
		     const gi_buf *after)
{
	size_t i = 0, j;

	free(rec->cuts);
	rec->cuts = NULL;
	rec->nr = 0;
	for (j = 0; j < after->len; j++) {
		if (i < before->len && before->buf[i] == after->buf[j]) {
			i++;
			continue;
		}
		if (rec->nr && rec->cuts[rec->nr - 1].off +
		    rec->cuts[rec->nr - 1].len == j) {
			rec->cuts[rec->nr - 1].len++;
			continue;
		}
		rec->cuts = gi_xrealloc(rec->cuts, (rec->nr + 1) *
					sizeof(*rec->cuts));
		rec->cuts[rec->nr++] = (struct cut){ j, 1 };
	}
	return i == before->len ? 0 : -1;
}

/* ------------------------------------------------------------ the whole */

/*
 * What config.toml was before Codex's edit, as far as the uninstall is
 * concerned: the file now, or, when an earlier approval's record still
 * fits it, the file before that one (so that one record undoes both).
 */
static void before_state(struct record *rec, struct gi_repo *r,
			 const char *config, gi_buf *before, int *existed)
{
	gi_buf text = GI_BUF_INIT, err = GI_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];

	*existed = gi_agent_read_file(config, &text, &err) == 1;
	gi_buf_add(before, text.buf, text.len);
	if (record_read(rec, r) && !strcmp(rec->config, config)) {
		blob_id(hex, &text);
		if (!strcmp(hex, rec->after) &&
		    !apply_cuts(before, &text, rec)) {
			*existed = rec->existed;
			goto done;
		}
		gi_buf_reset(before);
		gi_buf_add(before, text.buf, text.len);
	}
	/* a record that does not fit: its keys stay for the uninstall */
	free(rec->config);
	rec->config = NULL;
done:
	gi_buf_release(&text);
	gi_buf_release(&err);
}

int gi_codex_trust(struct gi_repo *r, const char *root, size_t *n,
		   gi_buf *err)
{
	struct talk t = { NULL, 0, -1, 0, err };
	struct record rec;
	struct gi_codex_keys keys;
	gi_buf config = GI_BUF_INIT, before = GI_BUF_INIT, after = GI_BUF_INIT;
	gi_buf file = GI_BUF_INIT, e2 = GI_BUF_INIT;
	struct stat st;
	char *real = gi_real_path(root);
	size_t i;
	int existed, ret;

	*n = 0;
	gi_buf_addf(&file, "%s/%s", real ? real : root, GI_CODEX_HOOKS);
	t.file = file.buf;
	gi_codex_config_path(&config);
	/* Codex would write the approval through it: into whatever the
	 * link names (a dotfiles repository, another user's file) */
	if (!lstat(config.buf, &st) && S_ISLNK(st.st_mode)) {
		gi_buf_addf(err, "'%s' is a symbolic link: approve the hooks "
			    "in Codex's /hooks instead", config.buf);
		ret = -1;
		goto out;
	}
	before_state(&rec, r, config.buf, &before, &existed);
	ret = talk(&t, real ? real : root);
	*n = t.n;
	if (ret != GI_CODEX_TRUST_RECORDED)
		goto done;
	/* what to cut at the uninstall to give the file back */
	if (gi_agent_read_file(config.buf, &after, &e2) == 1 &&
	    !find_cuts(&rec, &before, &after)) {
		free(rec.config);
		rec.config = gi_xstrdup(config.buf);
		rec.existed = existed;
		blob_id(rec.after, &after);
		if (!gi_codex_keys_read(&keys, root)) {
			for (i = 0; i < keys.nr; i++)
				add_key(&rec, keys.v[i].key);
			gi_codex_keys_release(&keys);
		}
		if (record_write(&rec, r) < 0)
			gi_warning("the uninstall will take the approval out "
				   "of '%s' by its tables only", config.buf);
	}
done:
	record_release(&rec);
out:
	free(real);
	gi_buf_release(&config);
	gi_buf_release(&before);
	gi_buf_release(&after);
	gi_buf_release(&file);
	gi_buf_release(&e2);
	return ret;
}

/* ------------------------------------------------------- the uninstall */

static int is_key(const struct gi_tt_table *t, char *const *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *key[] = { "hooks", "state", keys[i] };

		if (gi_tt_is(t, key, 3))
			return 1;
	}
	return 0;
}

/* Where to cut table `t` from: its header, or the blank line before it
 * (Codex puts one before each table it adds). */
static size_t cut_start(const char *text, const struct gi_tt_table *t)
{
	size_t s = t->start;

	return s >= 1 && text[s - 1] == '\n' && (s == 1 || text[s - 2] == '\n') ?
		s - 1 : s;
}

/*
 * The tables of `keys` cut out of `text`, and an empty `[hooks.state]`
 * that nothing is under any more, into `out`. @return 1 cut, 0 nothing
 * there, -1 (a file we cannot read: left alone).
 */
static int cut_tables(gi_buf *out, const gi_buf *text, char *const *keys,
		      size_t nkeys)
{
	static const char *const state[] = { "hooks", "state" };
	struct gi_tt t;
	size_t i, at = 0, left = 0, header = (size_t)-1;
	char *cut;
	int any = 0;

	if (gi_tt_scan(&t, text->buf, text->len) < 0)
		return -1;
	cut = gi_xcalloc(t.nr + 1, 1);
	for (i = 0; i < t.nr; i++) {
		if (is_key(&t.v[i], keys, nkeys))
			any = cut[i] = 1;
		else if (gi_tt_is(&t.v[i], state, 2))
			header = i;
		else if (t.v[i].depth > 2 && !strcmp(t.v[i].key[0], "hooks") &&
			 !strcmp(t.v[i].key[1], "state"))
			left++;
	}
	if (any && header != (size_t)-1 && !left &&
	    gi_tt_empty(text->buf, &t.v[header]))
		cut[header] = 1;
	gi_buf_reset(out);
	for (i = 0; i < t.nr; i++) {
		size_t from = cut_start(text->buf, &t.v[i]);

		if (!cut[i] || from < at)
			continue;
		gi_buf_add(out, text->buf + at, from - at);
		at = gi_tt_content_end(text->buf, &t.v[i]);
	}
	gi_buf_add(out, text->buf + at, text->len - at);
	free(cut);
	gi_tt_release(&t);
	return any;
}

/* The keys to take out: ours now, and those the record names. */
static void all_keys(struct record *rec, const struct gi_codex_keys *k)
{
	size_t i;

	for (i = 0; i < k->nr; i++)
		add_key(rec, k->v[i].key);
}

/* config.toml from `cur`: the file before Codex's edit when the record
 * fits, then without our tables. @return 1 changed, 0, -1. */
static int untrusted_text(gi_buf *next, const gi_buf *cur,
			  struct record *rec, const char *config,
			  int *gone)
{
	gi_buf tmp = GI_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	int exact = 0, rc;

	blob_id(hex, cur);
	if (rec->config && !strcmp(rec->config, config) &&
	    !strcmp(hex, rec->after) && !apply_cuts(&tmp, cur, rec))
		exact = 1;
	else
		gi_buf_add(&tmp, cur->buf, cur->len);
	rc = cut_tables(next, &tmp, rec->keys, rec->nkeys);
	if (rc < 0) {
		gi_buf_reset(next);
		gi_buf_add(next, tmp.buf, tmp.len);
	}
	*gone = exact && !rec->existed && !next->len;
	gi_buf_release(&tmp);
	return exact || rc > 0 ? 1 : rc;
}

int gi_codex_untrust(struct gi_repo *r, const struct gi_codex_keys *k,
		     gi_buf *err)
{
	gi_buf config = GI_BUF_INIT, cur = GI_BUF_INIT, next = GI_BUF_INIT;
	gi_buf path = GI_BUF_INIT;
	struct gi_lock lk = GI_LOCK_INIT;
	struct gi_lock_opts o = { 0 };
	struct record rec;
	struct stat st;
	int ret = 0, gone = 0;

	record_read(&rec, r);
	all_keys(&rec, k);
	gi_codex_config_path(&config);
	if (!rec.nkeys || (lstat(config.buf, &st) < 0 && errno == ENOENT))
		goto forget;
	o.flags = GI_LOCK_NOFOLLOW | GI_LOCK_KEEP_MODE;
	o.timeout_ms = GI_AGENT_LOCK_TIMEOUT_MS;
	o.err = err;
	if (gi_lock_hold(&lk, config.buf, &o) ||
	    gi_agent_read_file(config.buf, &cur, err) < 0) {
		ret = -1;
		goto done;
	}
	ret = untrusted_text(&next, &cur, &rec, config.buf, &gone);
	if (ret < 0) {
		gi_buf_addf(err, "'%s' could not be read as TOML: the approval "
			    "of the git-issue hooks was left in it",
			    config.buf);
		goto done;
	}
	if (gone && unlink(config.buf) < 0) {
		gi_buf_addf(err, "unable to remove '%s': %s", config.buf,
			    strerror(errno));
		ret = -1;
	} else if (!gone && ret > 0 &&
		   gi_agent_commit_file(&lk, next.buf, next.len) < 0) {
		ret = -1;
	}
	if (ret < 0)
		goto done;
forget:
	record_path(&path, r);
	unlink(path.buf);
done:
	gi_lock_rollback(&lk);
	record_release(&rec);
	gi_buf_release(&config);
	gi_buf_release(&cur);
	gi_buf_release(&next);
	gi_buf_release(&path);
	return ret;
}
