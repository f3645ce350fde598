/*
 * fuzz-brief: the brief (lib/agent/brief*.c) of an issue whose title,
 * body, note, lesson, comment, author and one raw line are the fuzzer's,
 * in bytes and in UTF-16 units, with and without a budget. Whatever they
 * hold, the text written by others never leaves its quote: every line of
 * the brief is quoted ("> " after its indent) or begins as a line of the
 * brief's own does, the headings are the brief's, there is one list item
 * per record shown, and the output is valid UTF-8 without controls, never
 * over its budget.
 *
 * The input: parts cut at 0xff bytes: the budget (two bytes) and the
 * unit (a bit of the third), then title, body, note, tried, failed,
 * solution, author, a raw line of the note.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/agent/brief.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/record.h"
#include "gitissue/util/utf8.h"

enum { CTL, TITLE, BODY, NOTE, TRIED, FAILED, SOLUTION, AUTHOR, RAW, NPARTS };

static const char *const headings[] = {
	"## Lessons", "## Lessons of related issues", "## Recent records",
	"## Who else is working on what", NULL
};

static const char *const our_starts[] = {
	"- ", "  **", "_The body", "_Record what you learn",
	"_Left out for the budget of ", NULL
};

static void add_line(gi_buf *note, struct gi_record_fields *f, const char *id,
		     const char *kind)
{
	f->time = "2026-01-01T00:00:00.000000Z";
	f->id = id;
	f->kind = kind;
	if (!gi_record_format(note, f))
		gi_buf_addch(note, '\n');
}

static int starts(const char *line, size_t n, const char *with)
{
	size_t k = strlen(with);

	return n >= k && !memcmp(line, with, k);
}

/* Every line quoted or ours; one "- " item per record at most `items`
 * (exactly, when `exact`). */
static void check_lines(const gi_buf *out, size_t items, int exact)
{
	const char *p = out->buf, *end = out->buf + out->len;
	size_t nitems = 0, lineno = 0, i;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), k = 0;
		int ok = !n;

		while (k < n && p[k] == ' ')
			k++;
		if (k < n && p[k] == '>')
			ok = 1;
		if (starts(p, n, "# Issue #42") && !lineno)
			ok = 1;
		for (i = 0; headings[i]; i++)
			if (n == strlen(headings[i]) &&
			    !memcmp(p, headings[i], n))
				ok = 1;
		for (i = 0; !ok && our_starts[i]; i++)
			ok = starts(p, n, our_starts[i]);
		if (!ok)
			abort();	/* a line that is neither ours nor quoted */
		nitems += starts(p, n, "- ");
		lineno++;
		p += n + 1;
	}
	if (nitems > items || (exact && nitems != items))
		abort();
}

static size_t shown(const struct gi_issue *is)
{
	size_t i, n = 0;

	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];

		if (!rec->json || rec->superseded || !rec->kind)
			continue;
		if (gi_record_is_lesson(rec) ||
		    !(gi_plan_kind(rec->kind) || !strcmp(rec->kind, "claim") ||
		      !strcmp(rec->kind, "release") ||
		      !strcmp(rec->kind, "retract")))
			n++;
	}
	return n;
}

static void check_text(const gi_buf *out)
{
	size_t i;

	if (!gi_utf8_valid(out->buf, out->len))
		abort();
	for (i = 0; i < out->len; i++) {
		unsigned char c = (unsigned char)out->buf[i];

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *part[NPARTS] = { NULL };
	const char *p = (const char *)data, *end = p + size;
	struct gi_record_fields f;
	struct gi_brief_opts opts;
	struct gi_issue is;
	gi_buf note = GI_BUF_INIT, out = GI_BUF_INIT;
	size_t i, max;

	for (i = 0; i < NPARTS; i++) {
		const char *q = memchr(p, 0xff, (size_t)(end - p));
		size_t n = q ? (size_t)(q - p) : (size_t)(end - p);

		part[i] = gi_xstrndup(p, n);	/* up to a NUL: as JSON would */
		p += n + (q != NULL);
	}
	memset(&f, 0, sizeof(f));
	f.title = part[TITLE];
	f.state = "open";
	add_line(&note, &f, "0000000000000001", GI_KIND_ISSUE);
	memset(&f, 0, sizeof(f));
	f.text = part[BODY];
	add_line(&note, &f, "0000000000000002", GI_KIND_BODY);
	memset(&f, 0, sizeof(f));
	f.text = part[NOTE];
	f.author = part[AUTHOR];
	add_line(&note, &f, "0000000000000003", GI_KIND_NOTE);
	add_line(&note, &f, "0000000000000004", GI_KIND_COMMENT);
	memset(&f, 0, sizeof(f));
	f.tried = part[TRIED];
	f.failed = *part[FAILED] ? part[FAILED] : NULL;
	f.solution = part[SOLUTION];
	f.author = part[AUTHOR];
	add_line(&note, &f, "0000000000000005", GI_KIND_LESSON);
	gi_buf_adds(&note, part[RAW]);
	gi_issue_load_data(&is, note.buf, note.len, 42);

	memset(&opts, 0, sizeof(opts));
	opts.unit = strlen(part[CTL]) > 2 && (part[CTL][2] & 1) ?
		GI_BRIEF_UTF16 : GI_BRIEF_BYTES;
	gi_brief(&out, NULL, &is, &opts);
	check_text(&out);
	check_lines(&out, shown(&is), 1);

	max = strlen(part[CTL]) > 1 ?
		((unsigned char)part[CTL][0] << 8 | (unsigned char)part[CTL][1]) :
		300;
	opts.max = max;
	gi_buf_reset(&out);
	gi_brief(&out, NULL, &is, &opts);
	check_text(&out);
	check_lines(&out, shown(&is), 0);
	if (max && gi_brief_measure(out.buf, out.len, opts.unit) > max)
		abort();

	gi_issue_release(&is);
	gi_buf_release(&note);
	gi_buf_release(&out);
	for (i = 0; i < NPARTS; i++)
		free(part[i]);
	return 0;
}
