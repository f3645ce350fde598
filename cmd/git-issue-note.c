/*
 * git-issue-note: record what was learned about an issue.
 *
 * A note is free text (-m, -F, -e or arguments); a lesson is the three-part
 * record --tried / --failed / --solution. The record goes into the issue's
 * note in refs/notes/issues, shared by every worktree and carried by git;
 * its id is printed on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gitissue/issue.h"
#include "gitissue/options.h"
#include "gitissue/render.h"

static const char *const usage[] = {
	"git issue-note [(-i | --issue) <n>] [-m <msg>]... [-F <file>] [-e] [--json] [<msg>...]",
	"git issue-note [(-i | --issue) <n>] [--tried <what>] [--failed <why>] [--solution <fix>] [-m <msg>] [--json]",
	"git issue-note [(-i | --issue) <n>] (--supersede | --retract) <id> [-m <msg>] [--json]",
	NULL
};

static const char *issue_opt, *file_opt, *tried, *failed, *solution;
static const char *supersede, *retract;
static struct gi_strlist messages;
static int edit, json;

static const struct gi_option options[] = {
	GI_OPT_STRING('i', "issue", &issue_opt, "<n>",
		      "the issue (default: the branch's issue)"),
	GI_OPT_LIST('m', "message", &messages, "<msg>",
		    "note text; several -m make paragraphs"),
	GI_OPT_STRING('F', "file", &file_opt, "<file>",
		      "take the text from <file> (- for standard input)"),
	GI_OPT_BOOL('e', "edit", &edit, "edit the text in your editor"),
	GI_OPT_GROUP("Lessons"),
	GI_OPT_STRING(0, "tried", &tried, "<what>", "what was tried"),
	GI_OPT_STRING(0, "failed", &failed, "<why>", "why it failed"),
	GI_OPT_STRING(0, "solution", &solution, "<fix>", "what worked"),
	GI_OPT_GROUP("Corrections"),
	GI_OPT_STRING(0, "supersede", &supersede, "<id>",
		      "this record replaces record <id>"),
	GI_OPT_STRING(0, "retract", &retract, "<id>",
		      "withdraw record <id> (-m gives the reason)"),
	GI_OPT_GROUP("Output"),
	GI_OPT_BOOL(0, "json", &json, "print the new record as JSON"),
	GI_OPT_END(),
};

/* The editor git would use, with `git var`, which knows all the rules. */
static int run_editor(gi_buf *text, long issue, struct gi_repo *r)
{
	gi_buf pathbuf = GI_BUF_INIT;
	char *path;
	int fd, status;
	FILE *f, *p;
	gi_buf editor = GI_BUF_INIT, cmd = GI_BUF_INIT, in = GI_BUF_INIT;
	const char *s;
	pid_t pid;
	int ret = -1;

	/* in this worktree's git dir, as git keeps COMMIT_EDITMSG; unique,
	 * since several agents may edit notes in one worktree */
	gi_buf_addf(&pathbuf, "%s/ISSUE_NOTE_EDITMSG-XXXXXX.md", r->gitdir);
	path = gi_buf_detach(&pathbuf, NULL);
	fd = mkstemps(path, 3);
	if (fd < 0) {
		gi_error("unable to create '%s': %m", path);
		free(path);
		return -1;
	}
	f = fdopen(fd, "w");
	if (!f) {
		gi_error("unable to write '%s': %m", path);
		close(fd);
		unlink(path);
		free(path);
		return -1;
	}
	fprintf(f, "%s%s\n# Write the note for issue #%ld above.\n"
		"# Lines starting with '#' are ignored; an empty note "
		"aborts.\n", text->buf, text->len ? "\n" : "", issue);
	fclose(f);

	p = popen("git var GIT_EDITOR", "r");
	if (p) {
		char buf[4096];
		size_t n;

		while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
			gi_buf_add(&editor, buf, n);
		pclose(p);
	}
	gi_buf_trim_trailing_newlines(&editor);
	if (!editor.len) {
		gi_error("no editor: set GIT_EDITOR, core.editor or EDITOR");
		goto done;
	}
	if (!strcmp(editor.buf, ":")) {
		ret = 0;	/* git's "no editor": keep the text as it is */
		goto read_back;
	}
	pid = fork();
	if (pid == 0) {
		gi_buf_addf(&cmd, "%s \"$@\"", editor.buf);
		execl("/bin/sh", "sh", "-c", cmd.buf, editor.buf, path,
		      (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		gi_error("there was a problem with the editor '%s'",
			 editor.buf);
		goto done;
	}
read_back:
	if (gi_buf_read_file(&in, path) < 0) {
		gi_error("unable to read '%s': %m", path);
		goto done;
	}
	gi_buf_reset(text);
	for (s = in.buf; *s;) {
		size_t n = strcspn(s, "\n");

		if (*s != '#') {
			gi_buf_add(text, s, n);
			gi_buf_addch(text, '\n');
		}
		s += n + (s[n] == '\n');
	}
	ret = 0;
done:
	unlink(path);
	free(path);
	gi_buf_release(&editor);
	gi_buf_release(&cmd);
	gi_buf_release(&in);
	return ret;
}

/* Leading and trailing blank lines go; the rest is kept as written. */
static void trim_blank(gi_buf *b)
{
	size_t start = 0;

	gi_buf_trim_trailing_newlines(b);
	while (b->len && (b->buf[b->len - 1] == ' ' ||
			  b->buf[b->len - 1] == '\t'))
		gi_buf_setlen(b, b->len - 1);
	gi_buf_trim_trailing_newlines(b);
	while (start < b->len && (b->buf[start] == '\n' ||
				  b->buf[start] == '\r'))
		start++;
	if (start) {
		memmove(b->buf, b->buf + start, b->len - start);
		gi_buf_setlen(b, b->len - start);
	}
}

/* Refuse NUL (as git does for commit messages); mend bad UTF-8. */
static int check_text(const char *what, const char *s, size_t len)
{
	if (memchr(s, '\0', len))
		return gi_error("a NUL byte in %s is not allowed", what);
	if (!gi_utf8_valid(s, len))
		gi_warning("%s is not valid UTF-8; invalid bytes are stored "
			   "as U+FFFD", what);
	return 0;
}

/* Find a record of the issue by id or unique id prefix. */
static const char *find_record(struct gi_repo *r, long n, const char *id)
{
	struct gi_issue is;
	const char *hit = NULL;
	size_t i, len = strlen(id), matches = 0;
	static char found[64];

	if (len < 4)
		gi_die("record id '%s' is too short: give at least 4 "
		       "characters", id);
	if (gi_issue_load(&is, r, NULL, n) < 0)
		exit(GI_EXIT_FATAL);
	for (i = 0; i < is.nr; i++)
		if (is.rec[i].json && !strncmp(is.rec[i].id, id, len)) {
			if (!hit || strcmp(hit, is.rec[i].id))
				matches++;
			hit = is.rec[i].id;
		}
	if (hit)
		snprintf(found, sizeof(found), "%s", hit);
	gi_issue_release(&is);
	if (!matches)
		gi_die("no record '%s' in issue #%ld", id, n);
	if (matches > 1)
		gi_die("record id '%s' is ambiguous in issue #%ld", id, n);
	return found;
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_record_fields f;
	gi_buf text = GI_BUF_INIT;
	char ids[1][17];
	long n;
	int nargs, i;
	size_t k;

	gi_set_program("git issue-note");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (supersede && retract)
		gi_usage_with_error(usage, options,
			"--supersede and --retract cannot be used together");
	if (retract && (tried || failed || solution))
		gi_usage_with_error(usage, options,
			"--retract takes no lesson options");

	gi_repo_open_or_die(&r);
	n = gi_issue_resolve(&r, issue_opt);

	for (k = 0; k < messages.nr; k++) {
		if (text.len)
			gi_buf_adds(&text, "\n\n");
		gi_buf_adds(&text, messages.v[k]);
	}
	if (nargs) {
		if (text.len)
			gi_buf_adds(&text, "\n\n");
		for (i = 0; i < nargs; i++) {
			if (i)
				gi_buf_addch(&text, ' ');
			gi_buf_adds(&text, argv[i]);
		}
	}
	if (file_opt) {
		gi_buf in = GI_BUF_INIT;

		if (gi_buf_read_file(&in, file_opt) < 0)
			gi_die("could not read '%s': %m", file_opt);
		if (text.len)
			gi_buf_adds(&text, "\n\n");
		gi_buf_add(&text, in.buf, in.len);
		gi_buf_release(&in);
	}
	if (edit && run_editor(&text, n, &r) < 0)
		return GI_EXIT_FAILED;
	trim_blank(&text);

	if (check_text("the note text", text.buf, text.len) < 0 ||
	    (tried && check_text("--tried", tried, strlen(tried)) < 0) ||
	    (failed && check_text("--failed", failed, strlen(failed)) < 0) ||
	    (solution &&
	     check_text("--solution", solution, strlen(solution)) < 0))
		return GI_EXIT_FAILED;

	memset(&f, 0, sizeof(f));
	f.text = text.len ? text.buf : NULL;
	if (retract) {
		f.kind = GI_KIND_RETRACT;
		f.supersedes = find_record(&r, n, retract);
	} else if ((tried && *tried) || (failed && *failed) ||
		   (solution && *solution)) {
		f.kind = GI_KIND_LESSON;
		f.tried = tried && *tried ? tried : NULL;
		f.failed = failed && *failed ? failed : NULL;
		f.solution = solution && *solution ? solution : NULL;
	} else if (!text.len) {
		gi_error("aborting: the note is empty (give -m <msg>, -F "
			 "<file>, -e, or --tried/--failed/--solution)");
		return GI_EXIT_FAILED;
	} else {
		f.kind = GI_KIND_NOTE;
	}
	if (supersede)
		f.supersedes = find_record(&r, n, supersede);

	if (gi_issue_add(&r, n, &f, 1, ids) < 0)
		return GI_EXIT_FATAL;
	if (json) {
		cJSON *doc = cJSON_CreateObject();

		cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
		cJSON_AddNumberToObject(doc, "issue", (double)n);
		cJSON_AddStringToObject(doc, "id", ids[0]);
		cJSON_AddStringToObject(doc, "kind", f.kind);
		gi_print_json(doc);
	} else {
		printf("%s\n", ids[0]);
	}
	gi_buf_release(&text);
	gi_strlist_release(&messages);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
