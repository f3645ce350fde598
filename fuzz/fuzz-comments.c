/*
 * fuzz-comments: a page of issue comments as a server sends it, through
 * the comment import and the marker collection (lone surrogates, odd ids,
 * markers in anyone's comments), and every imported line read back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/note.h"
#include "gitissue/core/record.h"
#include "sync/comments.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gi_lines markers = GI_LINES_INIT, lines = GI_LINES_INIT;
	size_t i;

	if (!gi_comments_import_page((const char *)data, size, "git-issue-bot",
				     7, &markers, &lines)) {
		for (i = 0; i < lines.nr; i++) {
			struct gi_record rec;

			/* an imported line is always one valid record */
			if (gi_record_parse(&rec, lines.v[i].p,
					    lines.v[i].len) < 0)
				abort();
			gi_record_release(&rec);
		}
		for (i = 0; i < markers.nr; i++)
			if (!markers.v[i].len ||
			    markers.v[i].len > GI_RECORD_ID_MAX)
				abort();
	}
	gi_lines_release(&markers);
	gi_lines_release(&lines);
	return 0;
}
