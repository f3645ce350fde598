/*
 * fuzz-record: a note blob from anyone (another clone, a hand edit) through
 * everything that reads records: the line set, the parser, supersedes and
 * comment versions, the text and JSON views, the GitHub comment
 * rendering, and the canonical formatter fed back with what was parsed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/core/note.h"
#include "gitissue/core/record.h"
#include "gitissue/core/render.h"
#include "sync/mirror.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gi_issue is;
	gi_buf out = GI_BUF_INIT;
	const struct gi_record **recs;
	char *copy = malloc(size + 1);
	size_t i, n = 0;
	cJSON *doc;
	char *s;

	memcpy(copy, data, size);
	copy[size] = '\0';
	memset(&is, 0, sizeof(is));
	is.number = 1;
	gi_lines_init(&is.lines);
	gi_lines_own(&is.lines, copy);
	gi_lines_parse(&is.lines, copy, size);
	is.rec = gi_xcalloc(is.lines.nr, sizeof(*is.rec));
	is.nr = is.lines.nr;
	for (i = 0; i < is.nr; i++)
		if (gi_record_parse(&is.rec[i], is.lines.v[i].p,
				    is.lines.v[i].len) < 0)
			is.malformed++;
	gi_records_resolve(is.rec, is.nr);
	for (i = 0; i < is.nr; i++) {
		const struct gi_record *rec = &is.rec[i];

		if (!rec->json || rec->superseded)
			continue;
		is.last = rec;
		if (rec->kind && !strcmp(rec->kind, GI_KIND_ISSUE)) {
			if (rec->title)
				is.title = rec->title;
			if (rec->state)
				is.state = rec->state;
		}
	}

	gi_render_issue(&out, &is);
	gi_buf_reset(&out);
	doc = gi_issue_json(&is);
	s = cJSON_PrintUnformatted(doc);
	cJSON_free(s);
	cJSON_Delete(doc);

	/* what the mirror would post, and each record written again */
	recs = gi_xcalloc(is.nr + 1, sizeof(*recs));
	for (i = 0; i < is.nr; i++) {
		struct gi_record_fields f = { 0 };
		struct gi_record back;
		const struct gi_record *rec = &is.rec[i];

		gi_buf_reset(&out);
		gi_record_summary(&out, rec, 40);
		if (!rec->json)
			continue;
		recs[n++] = rec;
		f.time = rec->time;
		f.id = rec->id;
		f.kind = rec->kind;
		f.author = rec->author;
		f.text = rec->text;
		f.tried = rec->tried;
		f.failed = rec->failed;
		f.solution = rec->solution;
		f.supersedes = rec->supersedes;
		f.title = rec->title;
		f.state = rec->state;
		f.branch = rec->branch;
		f.extra = rec->json;
		gi_buf_reset(&out);
		if (gi_record_format(&out, &f) == 0) {
			/* our own line must always read back as a record */
			if (gi_record_parse(&back, out.buf, out.len) < 0 &&
			    gi_record_id_valid(rec->id))
				abort();
			gi_record_release(&back);
		}
	}
	gi_buf_reset(&out);
	gi_mirror_render(&out, recs, n);
	free(recs);
	gi_buf_release(&out);
	gi_issue_release(&is);
	return 0;
}
