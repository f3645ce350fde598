/*
 * lesson-hook.c: the lessons of the moment (lesson-hook.h).
 *
 * The index holds, for one issue and one notes commit, what each lesson
 * of the issue and of its related issues (the brief's: every blocker,
 * then up to GI_BRIEF_MAX_RELATED in related.h's order) names. Its file:
 *
 *	git-issue lesson index 1
 *	<notes commit> <issue>
 *	<issue>\t<record id>\t<why>\t<kind><term>\t<kind><term>...
 *
 * one line per lesson that names anything (<why> is -1 for the issue's
 * own, else a gi_related_why); terms never hold a tab or a newline. It is
 * written whole under its lock (util/lockfile.h); a file that is not exactly this
 * is made again, as is one of another commit or issue.
 */
#include "agent/lesson-hook.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/lockfile.h"
#include "agent/block.h"
#include "agent/brief-text.h"
#include "agent/session.h"
#include "gitissue/agent/brief.h"
#include "gitissue/core/related.h"
#include "gitissue/core/store.h"
#include "gitissue/util/json.h"
#include "gitissue/util/run.h"

#define INDEX_HEAD "git-issue lesson index 1\n"

struct entry {
	long issue;
	char *id;
	int why;		/* -1: the issue's own */
	struct gi_terms terms;
};

struct lesson_index {
	struct entry *v;
	size_t nr, alloc;
};

static void index_release(struct lesson_index *x)
{
	size_t i;

	for (i = 0; i < x->nr; i++) {
		free(x->v[i].id);
		gi_terms_release(&x->v[i].terms);
	}
	free(x->v);
	memset(x, 0, sizeof(*x));
}

/* ------------------------------------------------------ the tool call */

void gi_lessons_terms_of_tool(struct gi_terms *out, const char *tool,
			      const cJSON *input)
{
	static const char *const path_keys[] = {
		"file_path", "notebook_path", "path", NULL
	};
	const char *s;
	size_t i;

	if (!tool || !cJSON_IsObject(input))
		return;
	if (!strcmp(tool, "Bash")) {
		s = gi_json_str(input, "command");
		if (s)
			gi_terms_of_command(out, s);
		return;
	}
	for (i = 0; path_keys[i]; i++) {
		s = gi_json_str(input, path_keys[i]);
		if (s && (!strcmp(tool, "Grep") || !strcmp(tool, "Glob")))
			gi_terms_of_path(out, s);
		else if (s)
			gi_terms_add(out, GI_TERM_PATH, s, strlen(s));
	}
	/* a Glob's pattern names files; a Grep's is what is looked for */
	if (!strcmp(tool, "Glob") && (s = gi_json_str(input, "pattern")))
		gi_terms_of_path(out, s);
	if (!strcmp(tool, "Grep") && (s = gi_json_str(input, "glob")))
		gi_terms_of_path(out, s);
}

/* ---------------------------------------------------------- the index */

static int is_lesson(const struct gi_record *rec)
{
	return rec->json && !rec->superseded && rec->kind &&
		gi_record_is_lesson(rec);
}

static void index_issue(struct lesson_index *x, const struct gi_issue *is,
			int why)
{
	size_t i;

	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];
		const char *part[] = { rec->tried, rec->failed, rec->solution,
				       rec->text };
		struct entry e;
		size_t k;

		if (!is_lesson(rec))
			continue;
		memset(&e, 0, sizeof(e));
		for (k = 0; k < GI_ARRAY_SIZE(part); k++)
			if (part[k])
				gi_terms_of_lesson(&e.terms, part[k]);
		if (!e.terms.nr)
			continue;
		e.issue = is->number;
		e.id = gi_xstrdup(rec->id);
		e.why = why;
		GI_ALLOC_GROW(x->v, x->nr + 1, x->alloc);
		x->v[x->nr++] = e;
	}
}

/* Make the index of `issue` from the notes commit `notes`. */
static int index_make(struct lesson_index *x, struct gi_repo *r,
		      const git_oid *notes, long issue)
{
	struct gi_issue is, ris;
	struct gi_related rel;
	size_t i, nread = 0;

	if (gi_issue_load(&is, r, notes, issue) < 0)
		return -1;
	index_issue(x, &is, -1);
	if (gi_related_find(&rel, r, notes, &is) < 0) {
		gi_issue_release(&is);
		return -1;
	}
	for (i = 0; i < rel.nr; i++) {
		if (rel.v[i].why != GI_RELATED_BLOCKER &&
		    nread >= GI_BRIEF_MAX_RELATED)
			break;
		nread++;
		if (gi_issue_load(&ris, r, notes, rel.v[i].issue) < 0)
			continue;
		index_issue(x, &ris, (int)rel.v[i].why);
		gi_issue_release(&ris);
	}
	gi_related_release(&rel);
	gi_issue_release(&is);
	return 0;
}

static void index_format(gi_buf *out, const struct lesson_index *x,
			 const git_oid *notes, long issue)
{
	size_t i, k;

	gi_buf_adds(out, INDEX_HEAD);
	gi_buf_addf(out, "%s %ld\n", git_oid_tostr_s(notes), issue);
	for (i = 0; i < x->nr; i++) {
		gi_buf_addf(out, "%ld\t%s\t%d", x->v[i].issue, x->v[i].id,
			    x->v[i].why);
		for (k = 0; k < x->v[i].terms.nr; k++)
			gi_buf_addf(out, "\t%c%s", x->v[i].terms.v[k].kind,
				    x->v[i].terms.v[k].text);
		gi_buf_addch(out, '\n');
	}
}

/* One line of the index. @return 0, or -1 when it is not one. */
static int parse_entry(struct entry *e, char *line)
{
	char *field, *save = NULL, *end;

	memset(e, 0, sizeof(*e));
	field = strtok_r(line, "\t", &save);
	if (!field)
		return -1;
	e->issue = strtol(field, &end, 10);
	if (*end || !e->issue)
		return -1;
	field = strtok_r(NULL, "\t", &save);
	if (!field || !gi_record_id_valid(field))
		return -1;
	e->id = gi_xstrdup(field);
	field = strtok_r(NULL, "\t", &save);
	e->why = field ? (int)strtol(field, &end, 10) : -2;
	if (!field || *end || e->why < -1 || e->why >= GI_RELATED_NR)
		return -1;
	while ((field = strtok_r(NULL, "\t", &save)))
		if (field[0] == GI_TERM_PATH || field[0] == GI_TERM_COMMAND)
			gi_terms_add(&e->terms, (enum gi_term_kind)field[0],
				     field + 1, strlen(field + 1));
	return 0;
}

/* Read the index when it is of `notes` and `issue`. 1 read, 0 not. */
static int index_read(struct lesson_index *x, const char *path,
		      const git_oid *notes, long issue)
{
	gi_buf text = GI_BUF_INIT, want = GI_BUF_INIT;
	char *p, *nl;
	int ret = 0;

	if (gi_buf_read_file(&text, path) < 0)
		goto done;
	gi_buf_addf(&want, INDEX_HEAD "%s %ld\n", git_oid_tostr_s(notes),
		    issue);
	if (text.len < want.len || memcmp(text.buf, want.buf, want.len))
		goto done;
	for (p = text.buf + want.len; *p; p = nl + 1) {
		struct entry e;

		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		if (parse_entry(&e, p) < 0) {
			free(e.id);
			gi_terms_release(&e.terms);
			index_release(x);
			goto done;
		}
		GI_ALLOC_GROW(x->v, x->nr + 1, x->alloc);
		x->v[x->nr++] = e;
	}
	ret = 1;
done:
	gi_buf_release(&text);
	gi_buf_release(&want);
	return ret;
}

/* The index is a cache: written quietly, and never waited for long (a
 * hook must not delay a session). */
static const struct gi_lock_opts index_lock = {
	.flags = GI_LOCK_QUIET, .timeout_ms = 200
};

static int index_get(struct lesson_index *x, struct gi_repo *r,
		     const git_oid *notes, long issue)
{
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT;
	int ret = 0;

	memset(x, 0, sizeof(*x));
	gi_buf_addf(&path, "%s/%s", r->gitdir, GI_LESSON_INDEX_FILE);
	if (index_read(x, path.buf, notes, issue))
		goto done;
	if (index_make(x, r, notes, issue) < 0) {
		ret = -1;
		goto done;
	}
	index_format(&text, x, notes, issue);
	/* a cache: when it cannot be written, the next call makes it again */
	gi_write_file_atomic(path.buf, text.buf, text.len, &index_lock);
done:
	gi_buf_release(&path);
	gi_buf_release(&text);
	return ret;
}

/* ------------------------------------------------- told in a session */

/* The session's list of lessons told, open and locked; -1 on error. */
static int told_open(struct gi_repo *r, const char *session_id,
		     gi_buf *told)
{
	gi_buf path = GI_BUF_INIT;
	char buf[4096];
	ssize_t n;
	int fd;

	gi_buf_addf(&path, "%s/%s", r->commondir, GI_SESSION_DIR);
	if (mkdir(path.buf, 0777) < 0 && errno != EEXIST) {
		gi_buf_release(&path);
		return gi_error("unable to create '%s': %s", path.buf,
				strerror(errno));
	}
	gi_session_path(&path, r, session_id);
	gi_buf_adds(&path, ".told");
	fd = open(path.buf, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		gi_error("unable to open '%s': %s", path.buf, strerror(errno));
		if (fd >= 0)
			close(fd);
		gi_buf_release(&path);
		return -1;
	}
	gi_buf_release(&path);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		gi_buf_add(told, buf, (size_t)n);
	return fd;
}

static int was_told(const gi_buf *told, const struct entry *e)
{
	char key[GI_RECORD_ID_MAX + 40];
	size_t n = (size_t)snprintf(key, sizeof(key), "%ld %s\n", e->issue,
				    e->id);
	const char *p = told->buf, *end = told->buf + told->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		if (len == n && !memcmp(p, key, n))
			return 1;
		p += len;
	}
	return 0;
}

/* ------------------------------------------------------------ telling */

/* The lesson `e` as said to the model, into `out`: full, else on one
 * line. @return 0, or -1 when its record is not there. */
static int tell_one(gi_buf *out, struct gi_repo *r, const git_oid *notes,
		    const struct entry *e, const struct gi_term *t, int line)
{
	struct gi_issue is;
	const struct gi_record *rec;

	if (gi_issue_load(&is, r, notes, e->issue) < 0)
		return -1;
	if (gi_issue_find_record(&rec, &is, e->id)) {
		gi_issue_release(&is);
		return -1;
	}
	gi_buf_addf(out, "git-issue: a lesson of %s issue %s",
		    e->why < 0 ? "this" : "a related", gi_label(e->issue));
	if (e->why >= 0)
		gi_buf_addf(out, " (%s)", gi_related_why_name((enum gi_related_why)e->why));
	gi_buf_adds(out, " names ");
	gi_brief_text_clean_line(out, t->text);
	gi_buf_adds(out, ", which this tool call touched (told once a "
		    "session):\n\n");
	if (line)
		gi_brief_text_lesson_line(out, rec);
	else
		gi_brief_text_lesson(out, rec);
	gi_issue_release(&is);
	return 0;
}

int gi_lessons_of_the_moment(gi_buf *out, struct gi_repo *r, long issue,
			     const char *session_id,
			     const struct gi_terms *use, size_t max,
			     enum gi_brief_unit unit)
{
	struct lesson_index x;
	gi_buf told = GI_BUF_INIT, one = GI_BUF_INIT, marks = GI_BUF_INIT;
	git_oid notes;
	size_t i;
	int fd = -1, ret = 0, line;

	if (!use->nr || !gi_session_id_ok(session_id) ||
	    gi_store_tip(&notes, r, GI_NOTES_REF))
		return 0;
	if (index_get(&x, r, &notes, issue) < 0)
		return -1;
	for (i = 0; i < x.nr; i++) {
		const struct gi_term *t = gi_terms_match(&x.v[i].terms, use);

		if (!t)
			continue;
		if (fd < 0 && (fd = told_open(r, session_id, &told)) < 0) {
			ret = -1;
			break;
		}
		if (was_told(&told, &x.v[i]))
			continue;
		for (line = 0; line < 2; line++) {
			gi_buf_reset(&one);
			if (tell_one(&one, r, &notes, &x.v[i], t, line) < 0)
				break;
			if (gi_brief_measure(out->buf, out->len, unit) + 1 +
			    gi_brief_measure(one.buf, one.len, unit) <= max) {
				gi_buf_adds(out, out->len ? "\n" : "");
				gi_buf_add(out, one.buf, one.len);
				gi_buf_addf(&marks, "%ld %s\n", x.v[i].issue,
					    x.v[i].id);
				ret = 1;
				break;
			}
		}
	}
	if (fd >= 0) {
		/* at most once: what cannot be remembered is not told */
		if (marks.len && gi_write_all(fd, marks.buf, marks.len) < 0) {
			ret = gi_error("unable to remember the lessons told: "
				       "%s", strerror(errno));
			gi_buf_reset(out);
		}
		close(fd);
	}
	index_release(&x);
	gi_buf_release(&told);
	gi_buf_release(&one);
	gi_buf_release(&marks);
	return ret;
}
