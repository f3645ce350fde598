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

#include "gitissue/util/editor.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/json.h"
#include "gitissue/util/options.h"
#include "gitissue/util/utf8.h"

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

/* Leading and trailing blank lines go; the rest is kept as written. */
static void trim_blank(gi_buf *b)
{
	gi_buf_rtrim(b, "\r\n", 0);
	gi_buf_rtrim(b, " \t", 0);
	gi_buf_rtrim(b, "\r\n", 0);
	gi_buf_ltrim(b, "\r\n");
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

/* The id of the issue's record `prefix` names, or die saying why. */
static const char *find_record(struct gi_repo *r, long n, const char *prefix,
			       char out[64])
{
	struct gi_issue is;
	const struct gi_record *rec;
	int err;

	if (gi_issue_load(&is, r, NULL, n) < 0)
		exit(GI_EXIT_FATAL);
	err = gi_issue_find_record(&rec, &is, prefix);
	if (!err)
		snprintf(out, 64, "%s", rec->id);
	gi_issue_release(&is);
	if (err == GI_EINVALID)
		gi_die("record id '%s' is too short: give at least 4 "
		       "characters", prefix);
	if (err == GIT_EAMBIGUOUS)
		gi_die("record id '%s' is ambiguous in issue %s", prefix,
		       gi_label(n));
	if (err)
		gi_die("no record '%s' in issue %s", prefix, gi_label(n));
	return out;
}

/* The note's text from -m, the arguments, -F and -e, in that order. */
static int gather_text(gi_buf *text, struct gi_repo *r, long n, int nargs,
		       const char **argv)
{
	gi_buf why = GI_BUF_INIT;
	size_t k;
	int i, ret;

	for (k = 0; k < messages.nr; k++)
		gi_text_add_paragraph(text, messages.v[k],
				      strlen(messages.v[k]));
	for (i = 0; i < nargs; i++) {
		if (text->len)
			gi_buf_adds(text, i ? " " : "\n\n");
		gi_buf_adds(text, argv[i]);
	}
	if (file_opt)
		gi_text_add_file(text, file_opt);
	gi_buf_addf(&why, "Write the note for issue %s above; an empty note "
		    "aborts.", gi_label(n));
	ret = edit ? gi_edit_text(r, text, why.buf) : 0;
	gi_buf_release(&why);
	trim_blank(text);
	return ret;
}

/* The record to write, from the options; 0, or -1 (reported). */
static int make_record(struct gi_record_fields *f, struct gi_repo *r, long n,
		       const gi_buf *text, char ids[2][64])
{
	memset(f, 0, sizeof(*f));
	f->text = text->len ? text->buf : NULL;
	if (retract) {
		f->kind = GI_KIND_RETRACT;
		f->supersedes = find_record(r, n, retract, ids[0]);
	} else if ((tried && *tried) || (failed && *failed) ||
		   (solution && *solution)) {
		f->kind = GI_KIND_LESSON;
		f->tried = tried && *tried ? tried : NULL;
		f->failed = failed && *failed ? failed : NULL;
		f->solution = solution && *solution ? solution : NULL;
	} else if (!text->len) {
		return gi_error("aborting: the note is empty (give -m <msg>, "
				"-F <file>, -e, or "
				"--tried/--failed/--solution)");
	} else {
		f->kind = GI_KIND_NOTE;
	}
	if (supersede)
		f->supersedes = find_record(r, n, supersede, ids[1]);
	return 0;
}

static void print_result(long n, const char *id, const char *kind)
{
	cJSON *doc;

	if (!json) {
		printf("%s\n", id);
		return;
	}
	doc = cJSON_CreateObject();
	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	cJSON_AddItemToObject(doc, "issue", gi_issue_to_json(n));
	cJSON_AddStringToObject(doc, "id", id);
	cJSON_AddStringToObject(doc, "kind", kind);
	gi_print_json(doc);
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_record_fields f;
	gi_buf text = GI_BUF_INIT;
	char ids[1][GI_RECORD_ID_HEXSZ + 1], found[2][64];
	long n;
	int nargs;

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
	if (gather_text(&text, &r, n, nargs, argv) < 0)
		return GI_EXIT_FAILED;
	if (check_text("the note text", text.buf, text.len) < 0 ||
	    (tried && check_text("--tried", tried, strlen(tried)) < 0) ||
	    (failed && check_text("--failed", failed, strlen(failed)) < 0) ||
	    (solution &&
	     check_text("--solution", solution, strlen(solution)) < 0) ||
	    make_record(&f, &r, n, &text, found) < 0)
		return GI_EXIT_FAILED;
	if (gi_issue_known(&r, n) == 0)
		gi_issue_warn_unknown(n, 0);
	if (gi_issue_add(&r, n, &f, 1, ids) < 0)
		return GI_EXIT_FATAL;
	print_result(n, ids[0], f.kind);
	gi_buf_release(&text);
	gi_strlist_release(&messages);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
