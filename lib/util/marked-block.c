/*
 * marked-block.c: our marked block of lines in someone else's file:
 * found by its marker lines, put in or brought up to date, cut out
 * (marked-block.h).
 */
#include "util/marked-block.h"

#include <string.h>

const struct gi_block_style gi_block_markdown = {
	"<!-- BEGIN git-issue", " -->", "<!-- END git-issue -->"
};
const struct gi_block_style gi_block_hash = {
	"# BEGIN git-issue", "", "# END git-issue"
};
const struct gi_block_style gi_block_hook = {
	"## BEGIN git-issue", "", "## END git-issue"
};

#define NL_ADDED " (newline added)"

/* The block in `s`: [*start, *end), *end after the END line's newline. */
static int find_block(const char *s, size_t len,
		      const struct gi_block_style *st, size_t *start,
		      size_t *end, int *nl_added)
{
	size_t i = 0, bl = strlen(st->begin), el = strlen(st->end);
	size_t b = (size_t)-1;

	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (s + i)) : len - i;

		if (b == (size_t)-1 && n >= bl && !memcmp(s + i, st->begin, bl)) {
			b = i;
			*nl_added = n >= bl + strlen(NL_ADDED) &&
				!memcmp(s + i + bl, NL_ADDED, strlen(NL_ADDED));
		} else if (b != (size_t)-1 && n == el &&
			   !memcmp(s + i, st->end, el)) {
			*start = b;
			*end = i + n + (nl != NULL);
			return 1;
		}
		i += n + (nl != NULL);
	}
	return 0;
}

static void block_text(gi_buf *out, const struct gi_block_style *st,
		       const char *body, int nl_added)
{
	gi_buf_addf(out, "%s%s%s\n%s%s\n", st->begin, nl_added ? NL_ADDED : "",
		    st->close, body, st->end);
}

int gi_block_put(gi_buf *out, const char *text, size_t len,
		 const struct gi_block_style *st, const char *body)
{
	size_t start, end;
	int nl_added = 0;

	gi_buf_reset(out);
	if (!text) {
		block_text(out, st, body, 0);
		return GI_BLOCK_CREATED;
	}
	if (find_block(text, len, st, &start, &end, &nl_added)) {
		gi_buf_add(out, text, start);
		block_text(out, st, body, nl_added);
		gi_buf_add(out, text + end, len - end);
		return out->len == len && !memcmp(out->buf, text, len) ?
			GI_BLOCK_UNCHANGED : GI_BLOCK_UPDATED;
	}
	gi_buf_add(out, text, len);
	nl_added = len && text[len - 1] != '\n';
	if (nl_added)
		gi_buf_addch(out, '\n');
	block_text(out, st, body, nl_added);
	return GI_BLOCK_ADDED;
}

int gi_block_cut(gi_buf *out, const char *text, size_t len,
		 const struct gi_block_style *st)
{
	size_t start, end;
	int nl_added = 0;

	gi_buf_reset(out);
	if (!text || !find_block(text, len, st, &start, &end, &nl_added)) {
		if (text)
			gi_buf_add(out, text, len);
		return GI_BLOCK_ABSENT;
	}
	if (nl_added && start && text[start - 1] == '\n')
		start--;
	gi_buf_add(out, text, start);
	gi_buf_add(out, text + end, len - end);
	return out->len ? GI_BLOCK_REMOVED : GI_BLOCK_DELETED;
}
