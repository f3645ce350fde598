/*
 * session.c: an agent session's start, remembered for its end
 * (session.h).
 *
 * "Did the session change the worktree?" is answered by comparing two
 * snapshots, one taken when the session starts and one when it is about
 * to stop: HEAD's commit (a commit, a checkout, a reset move it), and a
 * fingerprint of the uncommitted work. The fingerprint is a hash of what
 * `git status --porcelain=v2 -z --untracked-files=all` lists (each
 * change with its modes and the index's blob ids; every untracked file
 * that is not ignored) and of each listed path's lstat data (size,
 * modification and change times to the nanosecond, mode, inode): an edit
 * of a file that was already modified changes its times and size, a new
 * file or a file staged or reverted changes the list. git is the
 * authority on what is ignored, on sparse and split indexes, and is the
 * fastest at it (untracked cache, fsmonitor); --no-optional-locks keeps
 * it from writing the index or taking its lock, as a background poller
 * must. What the comparison cannot see: work undone before the stop
 * (a file edited, then restored to what it was), and ignored files.
 */
#include "agent/session.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
#include "gitissue/core/record.h"
#include "gitissue/util/run.h"
#include "gitissue/core/store.h"
#include "gitissue/worktree/activity.h"
#include "util/lockfile.h"

/* the ids the activity records take (worktree/activity.h): one rule */
int gi_session_id_ok(const char *id)
{
	return gi_activity_id_ok(id) && strlen(id) <= GI_SESSION_ID_MAX;
}

static void session_dir(gi_buf *out, struct gi_repo *r)
{
	gi_buf_reset(out);
	gi_buf_addf(out, "%s/%s", r->commondir, GI_SESSION_DIR);
}

void gi_session_path(gi_buf *out, struct gi_repo *r, const char *id)
{
	gi_buf key = GI_BUF_INIT;
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];

	/* a name of our own making: the id never reaches the file system */
	gi_buf_addf(&key, "claude-session %s", id);
	git_odb_hash(&oid, key.buf, key.len, GIT_OBJECT_BLOB);
	git_oid_tostr(hex, sizeof(hex), &oid);
	session_dir(out, r);
	gi_buf_addf(out, "/%s", hex);
	gi_buf_release(&key);
}

/* ---------------------------------------------------- the snapshot */

static void head_id(char out[GIT_OID_HEXSZ + 1], struct gi_repo *r)
{
	git_oid oid;

	out[0] = '\0';
	if (!git_reference_name_to_id(&oid, r->repo, "HEAD"))
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
	git_error_clear();
}

/* The path of one -z porcelain v2 entry, and where the entry ends. */
static const char *entry_path(const char *p, const char *end,
			      const char **next)
{
	int fields;
	const char *q = p;
	size_t n = strnlen(p, (size_t)(end - p));

	*next = p + n + 1;
	switch (*p) {
	case '1':
		fields = 8;
		break;
	case '2':
		fields = 9;
		/* the original path follows as its own NUL-ended item */
		if (*next < end)
			*next += strnlen(*next, (size_t)(end - *next)) + 1;
		break;
	case 'u':
		fields = 10;
		break;
	case '?':
		fields = 1;
		break;
	default:
		return NULL;	/* '#' headers and anything new */
	}
	while (fields-- > 0) {
		q = memchr(q, ' ', (size_t)(p + n - q));
		if (!q)
			return NULL;
		q++;
	}
	return q;
}

static void add_stat(gi_buf *out, const char *top, const char *path)
{
	gi_buf full = GI_BUF_INIT;
	struct stat st;

	gi_buf_addf(&full, "%s/%s", top, path);
	if (lstat(full.buf, &st) < 0)
		gi_buf_adds(out, "-\n");
	else
		gi_buf_addf(out, "%lld %lld.%09ld %lld.%09ld %o %llu\n",
			    (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			    st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec,
			    st.st_ctim.tv_nsec, (unsigned)st.st_mode,
			    (unsigned long long)st.st_ino);
	gi_buf_release(&full);
}

void gi_session_snapshot(char head[GIT_OID_HEXSZ + 1], gi_fingerprint work,
			 struct gi_repo *r, long timeout_ms)
{
	const char *args[] = { "--no-optional-locks", "status",
			       "--porcelain=v2", "-z",
			       "--untracked-files=all", NULL };
	gi_buf out = GI_BUF_INIT, all = GI_BUF_INIT;
	const char *p, *end, *next, *path;
	git_oid oid;

	head_id(head, r);
	work[0] = '\0';
	if (!r->workdir || timeout_ms <= 0)
		return;
	if (gi_git(r, args, &out, NULL, timeout_ms))
		goto done;
	gi_buf_add(&all, out.buf, out.len);
	gi_buf_addch(&all, '\0');
	end = out.buf + out.len;
	for (p = out.buf; p < end; p = next) {
		path = entry_path(p, end, &next);
		if (path)
			add_stat(&all, r->workdir, path);
	}
	git_odb_hash(&oid, all.buf, all.len, GIT_OBJECT_BLOB);
	git_oid_tostr(work, sizeof(gi_fingerprint), &oid);
done:
	gi_buf_release(&out);
	gi_buf_release(&all);
}

/* ------------------------------------------------------- the file */

void gi_session_format(gi_buf *out, const struct gi_session *s)
{
	cJSON *o = cJSON_CreateObject();
	char *text;

	cJSON_AddNumberToObject(o, "version", 1);
	cJSON_AddStringToObject(o, "worktree", s->worktree ? s->worktree : "");
	cJSON_AddStringToObject(o, "start", s->start);
	cJSON_AddStringToObject(o, "head", s->head);
	cJSON_AddStringToObject(o, "work", s->work);
	cJSON_AddBoolToObject(o, "asked", s->asked);
	text = cJSON_PrintUnformatted(o);
	gi_buf_reset(out);
	gi_buf_adds(out, text);
	gi_buf_addch(out, '\n');
	cJSON_free(text);
	cJSON_Delete(o);
}

/* Copy string member `key` of `o` into `out` (`size` bytes), which it
 * must fit whole. */
static int copy_member(char *out, size_t size, const cJSON *o,
		       const char *key)
{
	const char *v = gi_json_str(o, key);

	if (!v || strlen(v) >= size)
		return -1;
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

int gi_session_parse(struct gi_session *s, const char *text, size_t len)
{
	cJSON *o = cJSON_ParseWithLength(text, len);
	const cJSON *asked = cJSON_GetObjectItemCaseSensitive(o, "asked");
	const char *wt = gi_json_str(o, "worktree");
	int ret = -1;

	memset(s, 0, sizeof(*s));
	if (!cJSON_IsObject(o) || gi_json_num(o, "version") != 1 || !wt ||
	    !cJSON_IsBool(asked) ||
	    copy_member(s->start, sizeof(s->start), o, "start") ||
	    copy_member(s->head, sizeof(s->head), o, "head") ||
	    copy_member(s->work, sizeof(s->work), o, "work"))
		goto done;
	s->worktree = gi_xstrdup(wt);
	s->asked = cJSON_IsTrue(asked);
	ret = 0;
done:
	cJSON_Delete(o);
	return ret;
}

void gi_session_release(struct gi_session *s)
{
	free(s->worktree);
	s->worktree = NULL;
}

/* Write `text` to a new file `path`; `excl`: only when there is none
 * yet. 1 written, 0 (excl) it exists, -1 (reported). */
/*
 * A session file is written whole under its lock (lockfile.h): the Stop
 * hook never reads half of one, and a start and a save of one session
 * at once wait for each other.
 */
static const struct gi_lock_opts session_lock = { .timeout_ms = 1000 };

/* Session `path` written as `text` unless it is there already.
 * @return 1 written, 0 there already, -1 (reported) */
static int write_new(const char *path, const gi_buf *text)
{
	struct gi_lock lk = GI_LOCK_INIT;
	struct stat st;

	if (gi_lock_hold(&lk, path, &session_lock))
		return -1;
	if (!lstat(path, &st)) {
		gi_lock_rollback(&lk);
		return 0;
	}
	if (gi_lock_write(&lk, text->buf, text->len) < 0) {
		gi_lock_rollback(&lk);
		return -1;
	}
	return gi_lock_commit(&lk) < 0 ? -1 : 1;
}

/* Forget the sessions nobody has used for `age` seconds (0: all). */
static int prune(struct gi_repo *r, long age)
{
	gi_buf dir = GI_BUF_INIT, path = GI_BUF_INIT;
	time_t now = time(NULL);
	struct dirent *d;
	struct stat st;
	DIR *dh;
	int n = 0;

	session_dir(&dir, r);
	dh = opendir(dir.buf);
	while (dh && (d = readdir(dh))) {
		if (d->d_name[0] == '.' &&
		    (!d->d_name[1] || !strcmp(d->d_name, "..")))
			continue;
		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/%s", dir.buf, d->d_name);
		if (!lstat(path.buf, &st) && S_ISREG(st.st_mode) &&
		    (!age || st.st_mtime < now - age) && !unlink(path.buf))
			n++;
	}
	if (dh)
		closedir(dh);
	gi_buf_release(&dir);
	gi_buf_release(&path);
	return n;
}

int gi_session_forget_all(struct gi_repo *r)
{
	gi_buf dir = GI_BUF_INIT;
	int n = prune(r, 0);

	session_dir(&dir, r);
	if (rmdir(dir.buf) < 0 && errno != ENOENT)
		n = -1;	/* something else is in there: left alone */
	gi_buf_release(&dir);
	return n;
}

int gi_session_begin(struct gi_repo *r, const char *id, long timeout_ms)
{
	struct gi_session s;
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT;
	struct stat st;
	int ret;

	if (!r->workdir || !gi_session_id_ok(id))
		return gi_error("not a session to remember");
	gi_session_path(&path, r, id);
	if (!lstat(path.buf, &st)) {
		ret = 0;	/* resumed, cleared or compacted: keep its start */
		goto done;
	}
	session_dir(&text, r);
	if (mkdir(text.buf, 0777) < 0 && errno != EEXIST) {
		ret = gi_error("unable to create '%s': %s", text.buf,
			       strerror(errno));
		goto done;
	}
	prune(r, GI_SESSION_MAX_AGE);
	memset(&s, 0, sizeof(s));
	s.worktree = r->workdir;
	/* the time first: what is recorded from now on is the session's */
	gi_time_now(s.start);
	gi_session_snapshot(s.head, s.work, r, timeout_ms);
	gi_session_format(&text, &s);
	ret = write_new(path.buf, &text);
done:
	gi_buf_release(&path);
	gi_buf_release(&text);
	return ret;
}

int gi_session_load(struct gi_session *s, struct gi_repo *r, const char *id)
{
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT;
	int ret = GIT_ENOTFOUND;

	memset(s, 0, sizeof(*s));
	if (!gi_session_id_ok(id))
		return GIT_ENOTFOUND;
	gi_session_path(&path, r, id);
	if (gi_buf_read_file(&text, path.buf) < 0) {
		if (errno != ENOENT)
			ret = gi_error("unable to read '%s': %s", path.buf,
				       strerror(errno));
	} else if (!gi_session_parse(s, text.buf, text.len)) {
		ret = 0;
	}
	gi_buf_release(&path);
	gi_buf_release(&text);
	return ret;
}

int gi_session_save(const struct gi_session *s, struct gi_repo *r,
		    const char *id)
{
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT;
	int ret;

	gi_session_path(&path, r, id);
	gi_session_format(&text, s);
	ret = gi_write_file_atomic(path.buf, text.buf, text.len,
				   &session_lock) ? -1 : 0;
	gi_buf_release(&path);
	gi_buf_release(&text);
	return ret;
}

/* --------------------------------------------------- the records */

/* Is `l` a line of our canonical form whose time is before `start`? */
static int line_before(const struct gi_line *l, const char *start)
{
	static const char prefix[] = "{\"time\":\"";
	size_t n = sizeof(prefix) - 1, tlen = strlen(start);

	if (l->len < n + tlen || memcmp(l->p, prefix, n))
		return 0;
	return memcmp(l->p + n, start, tlen) < 0;
}

int gi_session_recorded(struct gi_repo *r, long n, const char *start)
{
	struct gi_lines lines = GI_LINES_INIT;
	struct gi_record rec;
	size_t i;
	int found = 0;

	if (gi_store_read(&lines, r, NULL, n) < 0)
		return -1;
	/* lines are in time order: the session's records are at the end */
	for (i = lines.nr; !found && i-- > 0;) {
		if (line_before(&lines.v[i], start))
			continue;
		if (!gi_record_parse(&rec, lines.v[i].p, lines.v[i].len) &&
		    strcmp(rec.time, start) >= 0 &&
		    (!strcmp(rec.kind, GI_KIND_NOTE) ||
		     gi_record_is_lesson(&rec)))
			found = 1;
		gi_record_release(&rec);
	}
	gi_lines_release(&lines);
	return found;
}
