/*
 * activity.c: the agent sessions of a worktree, as their hooks record
 * them (activity.h).
 *
 * A record is a few "key value" lines. It is written by the agent's hook
 * at every lifecycle event and read by the board, which may poll it every
 * second: the writer takes the record's lock (waiting at most 200 ms:
 * a hook must never delay a session) and renames a whole file into
 * place, so a reader sees the old record or the new one. Whether the
 * agent still runs is the reader's question: the record names the
 * process, and a process that is gone (or whose pid now belongs to a
 * process started at another time) turns a live state into "gone".
 */
#include "gitissue/worktree/activity.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/util/repo.h"
#include "gitissue/util/util.h"
#include "util/lockfile.h"

/* How far up the process tree the agent is looked for. */
#define MAX_ANCESTORS 8

static const char *const state_names[] = {
	[GI_AGENT_NONE] = "none",
	[GI_AGENT_STARTED] = "started",
	[GI_AGENT_WORKING] = "working",
	[GI_AGENT_WAITING] = "waiting",
	[GI_AGENT_STOPPED] = "stopped",
	[GI_AGENT_ENDED] = "ended",
	[GI_AGENT_GONE] = "gone",
};

const char *gi_agent_state_name(enum gi_agent_state s)
{
	if ((size_t)s < GI_ARRAY_SIZE(state_names))
		return state_names[s];
	return "none";
}

enum gi_agent_state gi_agent_state_parse(const char *name)
{
	size_t i;

	for (i = 1; name && i < GI_ARRAY_SIZE(state_names); i++)
		if (!strcmp(name, state_names[i]))
			return (enum gi_agent_state)i;
	return GI_AGENT_NONE;
}

int gi_activity_rank(enum gi_agent_state s)
{
	switch (s) {
	case GI_AGENT_WAITING:
		return 0;
	case GI_AGENT_WORKING:
		return 1;
	case GI_AGENT_STOPPED:
		return 2;
	case GI_AGENT_STARTED:
		return 3;
	case GI_AGENT_GONE:
		return 4;
	case GI_AGENT_ENDED:
		return 5;
	case GI_AGENT_NONE:
		break;
	}
	return 6;
}

int gi_activity_id_ok(const char *id)
{
	size_t n;

	if (!id || !*id)
		return 0;
	n = strspn(id, "abcdefghijklmnopqrstuvwxyz"
		   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
	return !id[n] && n <= GI_ACTIVITY_ID_MAX;
}

static int agent_ok(const char *agent)
{
	return gi_activity_id_ok(agent) && strlen(agent) < 16;
}

void gi_activity_format(gi_buf *out, const struct gi_activity *a)
{
	gi_buf_addf(out, "agent %s\nsession %s\nissue %ld\nstate %s\n"
		    "started %lld\nsince %lld\nupdated %lld\npid %ld %llu\n",
		    a->agent, a->session, a->issue,
		    gi_agent_state_name(a->state),
		    (long long)a->started, (long long)a->since,
		    (long long)a->updated, a->pid, a->pid_start);
}

/* One "key value" line of a record into `a`; unknown keys are left. */
static int parse_line(struct gi_activity *a, const char *key,
		      const char *val)
{
	char *end;

	if (!strcmp(key, "agent")) {
		if (!agent_ok(val))
			return -1;
		strcpy(a->agent, val);
	} else if (!strcmp(key, "session")) {
		if (!gi_activity_id_ok(val))
			return -1;
		strcpy(a->session, val);
	} else if (!strcmp(key, "state")) {
		a->state = gi_agent_state_parse(val);
	} else if (!strcmp(key, "started") || !strcmp(key, "since") ||
		   !strcmp(key, "updated")) {
		long long t = strtoll(val, &end, 10);

		if (end == val || *end || t < 0)
			return -1;
		*(key[0] == 'u' ? &a->updated : key[1] == 'i' ? &a->since :
		  &a->started) = (time_t)t;
	} else if (!strcmp(key, "issue")) {
		a->issue = strtol(val, &end, 10);
		if (end == val || *end || a->issue < 0)
			return -1;
	} else if (!strcmp(key, "pid")) {
		a->pid = strtol(val, &end, 10);
		if (end == val || a->pid < 0)
			return -1;
		a->pid_start = *end == ' ' ? strtoull(end + 1, NULL, 10) : 0;
	}
	return 0;
}

int gi_activity_parse(struct gi_activity *a, const char *text, size_t len)
{
	char line[256];
	size_t i = 0, n;

	memset(a, 0, sizeof(*a));
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		char *sp;

		n = (nl ? (size_t)(nl - text) : len) - i;
		if (n >= sizeof(line))
			return -1;
		memcpy(line, text + i, n);
		line[n] = '\0';
		i += n + 1;
		if (memchr(line, '\0', n) || !(sp = strchr(line, ' ')))
			return -1;
		*sp = '\0';
		if (parse_line(a, line, sp + 1) < 0)
			return -1;
	}
	return *a->agent && *a->session && a->state != GI_AGENT_NONE ? 0 : -1;
}

/* ------------------------------------------------- the agent's process */

/*
 * From /proc/<pid>/stat: the command's name (between the first '(' and
 * the last ')': it may hold either), the parent and the start time.
 */
static int proc_stat(long pid, char *comm, size_t size, long *ppid,
		     unsigned long long *start)
{
	char path[64], buf[1024], *open_p, *close_p, *p;
	FILE *f;
	size_t n;
	int field;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	open_p = strchr(buf, '(');
	close_p = strrchr(buf, ')');
	if (!open_p || !close_p || close_p < open_p)
		return -1;
	n = (size_t)(close_p - open_p - 1);
	if (comm) {
		if (n >= size)
			n = size - 1;
		memcpy(comm, open_p + 1, n);
		comm[n] = '\0';
	}
	/* after ") ": state (3), ppid (4) ... starttime (22) */
	p = close_p + 2;
	for (field = 3; *p && field < 22; field++) {
		if (field == 4 && ppid)
			*ppid = strtol(p, NULL, 10);
		p = strchr(p, ' ');
		if (!p)
			return -1;
		p++;
	}
	*start = strtoull(p, NULL, 10);
	return 0;
}

/* What runs our hook on the agent's behalf: git's dispatcher, a shell. */
static int is_go_between(const char *comm)
{
	static const char *const names[] = { "git", "git-issue-hook", "sh",
					     "dash", "bash", "zsh", "ksh",
					     "busybox", "env" };
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(names); i++)
		if (!strcmp(comm, names[i]))
			return 1;
	return 0;
}

void gi_activity_agent_process(long *pid, unsigned long long *start)
{
	char comm[64];
	long p = (long)getppid(), up;
	int i;

	*pid = p;
	*start = 0;
	for (i = 0; i < MAX_ANCESTORS && p > 1; i++) {
		unsigned long long st;

		up = 0;
		if (proc_stat(p, comm, sizeof(comm), &up, &st) < 0)
			return;	/* no /proc: the parent it is */
		*pid = p;
		*start = st;
		if (!is_go_between(comm))
			return;
		p = up;
	}
}

int gi_activity_process_alive(long pid, unsigned long long start)
{
	unsigned long long now_start;

	if (pid <= 0)
		return 0;
	if (kill((pid_t)pid, 0) < 0 && errno != EPERM)
		return 0;
	if (!start || proc_stat(pid, NULL, 0, NULL, &now_start) < 0)
		return 1;	/* cannot tell more: alive */
	return now_start == start;
}

/* ---------------------------------------------------- the records */

static void record_dir(gi_buf *out, const char *gitdir)
{
	gi_buf_reset(out);
	gi_buf_addf(out, "%s/%s", gitdir, GI_ACTIVITY_DIR);
}

/* The record's file: a name of our own making, a hash of the ids. */
static void record_path(gi_buf *out, const char *gitdir, const char *agent,
			const char *session)
{
	gi_buf key = GI_BUF_INIT;
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];

	gi_buf_addf(&key, "%s-session %s", agent, session);
	git_odb_hash(&oid, key.buf, key.len, GIT_OBJECT_BLOB);
	git_oid_tostr(hex, sizeof(hex), &oid);
	record_dir(out, gitdir);
	gi_buf_addf(out, "/%s", hex);
	gi_buf_release(&key);
}

static int load(struct gi_activity *a, const char *path)
{
	gi_buf text = GI_BUF_INIT;
	int ret = -1;

	if (gi_buf_read_file(&text, path) >= 0 && text.len < 4096)
		ret = gi_activity_parse(a, text.buf, text.len);
	gi_buf_release(&text);
	return ret;
}

/* Remove the records untouched for GI_ACTIVITY_MAX_AGE. */
static void prune(const char *dir, time_t now)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	gi_buf path = GI_BUF_INIT;
	struct stat st;

	while (d && (e = readdir(d))) {
		if (strlen(e->d_name) != GIT_OID_HEXSZ)
			continue;
		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/%s", dir, e->d_name);
		if (!lstat(path.buf, &st) && S_ISREG(st.st_mode) &&
		    now - st.st_mtime > GI_ACTIVITY_MAX_AGE)
			unlink(path.buf);
	}
	if (d)
		closedir(d);
	gi_buf_release(&path);
}

int gi_activity_record(const char *gitdir, const char *agent,
		       const char *session, long issue,
		       enum gi_agent_state state, long pid,
		       unsigned long long start, time_t now)
{
	struct gi_lock_opts lo = { GI_LOCK_NOFOLLOW, 200, 0, NULL, NULL };
	struct gi_lock lk = GI_LOCK_INIT;
	struct gi_activity a, old;
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT;
	int have_old, ret = -1;

	if (!agent_ok(agent) || !gi_activity_id_ok(session) ||
	    state == GI_AGENT_NONE || state == GI_AGENT_GONE)
		return gi_error("not an agent session: '%s' '%s'",
			     agent ? agent : "", session ? session : "");
	record_dir(&path, gitdir);
	if (mkdir(path.buf, 0777) < 0 && errno != EEXIST) {
		gi_error("unable to create '%s': %s", path.buf,
			 strerror(errno));
		goto out;
	}
	record_path(&path, gitdir, agent, session);
	if (gi_lock_hold(&lk, path.buf, &lo))
		goto out;
	have_old = !load(&old, path.buf) && !strcmp(old.session, session);
	if (!have_old) {
		record_dir(&text, gitdir);
		prune(text.buf, now);
		gi_buf_reset(&text);
	}
	memset(&a, 0, sizeof(a));
	strcpy(a.agent, agent);
	strcpy(a.session, session);
	a.issue = issue;
	a.state = state;
	/* the same session on another issue (--switch) starts anew */
	if (have_old && old.issue != issue)
		have_old = 0;
	a.started = have_old && old.started ? old.started : now;
	a.since = have_old && old.state == state ? old.since : now;
	a.updated = now;
	a.pid = pid;
	a.pid_start = start;
	gi_activity_format(&text, &a);
	if (gi_lock_write(&lk, text.buf, text.len) < 0) {
		gi_lock_rollback(&lk);
		goto out;
	}
	ret = gi_lock_commit(&lk);
out:
	gi_buf_release(&path);
	gi_buf_release(&text);
	return ret;
}

static int cmp_activity(const void *x, const void *y)
{
	const struct gi_activity *a = x, *b = y;
	int ra = gi_activity_rank(a->state), rb = gi_activity_rank(b->state);

	if (ra != rb)
		return ra - rb;
	if (a->updated != b->updated)
		return a->updated > b->updated ? -1 : 1;
	return strcmp(a->session, b->session);
}

/* A live state whose process is gone (or is another process now). */
static void check_alive(struct gi_activity *a)
{
	if (a->state != GI_AGENT_ENDED &&
	    !gi_activity_process_alive(a->pid, a->pid_start))
		a->state = GI_AGENT_GONE;
}

void gi_activity_read(struct gi_activity_list *out, const char *gitdir)
{
	gi_buf dir = GI_BUF_INIT, path = GI_BUF_INIT;
	struct dirent *e;
	DIR *d;

	memset(out, 0, sizeof(*out));
	record_dir(&dir, gitdir);
	d = opendir(dir.buf);
	while (d && (e = readdir(d)) && out->nr < GI_ACTIVITY_MAX) {
		struct gi_activity a;

		if (strlen(e->d_name) != GIT_OID_HEXSZ)
			continue;	/* ".", "..", a lock */
		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/%s", dir.buf, e->d_name);
		if (load(&a, path.buf) < 0)
			continue;
		check_alive(&a);
		GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		out->v[out->nr++] = a;
	}
	if (d)
		closedir(d);
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_activity);
	gi_buf_release(&dir);
	gi_buf_release(&path);
}

void gi_activity_list_release(struct gi_activity_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int gi_activity_forget_all(const char *gitdir)
{
	gi_buf dir = GI_BUF_INIT, path = GI_BUF_INIT;
	struct dirent *e;
	DIR *d;
	int n = 0;

	record_dir(&dir, gitdir);
	if (!(d = opendir(dir.buf))) {
		gi_buf_release(&dir);
		return 0;
	}
	while ((e = readdir(d))) {
		if (strlen(e->d_name) != GIT_OID_HEXSZ)
			continue;
		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/%s", dir.buf, e->d_name);
		if (!unlink(path.buf))
			n++;
	}
	closedir(d);
	if (rmdir(dir.buf) < 0 && errno != ENOENT)
		n = -1;
	gi_buf_release(&dir);
	gi_buf_release(&path);
	return n;
}
