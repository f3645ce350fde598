/*
 * block.c: marked blocks in the user's files, and writing files whole
 * (block.h).
 */
#include "agent/block.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/util/util.h"

const struct gi_block_style gi_block_markdown = {
	"<!-- BEGIN git-issue", " -->", "<!-- END git-issue -->"
};
const struct gi_block_style gi_block_hash = {
	"# BEGIN git-issue", "", "# END git-issue"
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

int gi_agent_read_file(const char *path, gi_buf *out, gi_buf *err)
{
	struct stat st;

	gi_buf_reset(out);
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		gi_buf_addf(err, "unable to read '%s': %s", path,
			    strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		gi_buf_addf(err, "'%s' is not a regular file", path);
		return -1;
	}
	if (gi_buf_read_file(out, path) < 0) {
		gi_buf_addf(err, "unable to read '%s': %s", path,
			    strerror(errno));
		return -1;
	}
	return 1;
}

int gi_agent_write_file(const char *path, const char *data, size_t len,
			int mode, gi_buf *err)
{
	gi_buf tmp = GI_BUF_INIT;
	char *target = realpath(path, NULL);
	const char *dest = target ? target : path;
	struct stat st;
	FILE *f;
	int ret = -1;

	if (!stat(dest, &st))
		mode = st.st_mode & 07777;
	gi_buf_addf(&tmp, "%s.git-issue.tmp", dest);
	f = fopen(tmp.buf, "w");
	if (f && fwrite(data, 1, len, f) == len && !fclose(f)) {
		f = NULL;
		if (!chmod(tmp.buf, (mode_t)mode) && !rename(tmp.buf, dest))
			ret = 0;
	}
	if (ret < 0) {
		gi_buf_addf(err, "unable to write '%s': %s", path,
			    strerror(errno));
		if (f)
			fclose(f);
		unlink(tmp.buf);
	}
	gi_buf_release(&tmp);
	free(target);
	return ret;
}

int gi_block_file_put(const char *path, const struct gi_block_style *st,
		      const char *body, int mode, gi_buf *err)
{
	gi_buf cur = GI_BUF_INIT, next = GI_BUF_INIT;
	int have, ret;

	have = gi_agent_read_file(path, &cur, err);
	if (have < 0) {
		ret = -1;
		goto done;
	}
	ret = gi_block_put(&next, have ? cur.buf : NULL, cur.len, st, body);
	if (ret != GI_BLOCK_UNCHANGED &&
	    gi_agent_write_file(path, next.buf, next.len, mode, err) < 0)
		ret = -1;
done:
	gi_buf_release(&cur);
	gi_buf_release(&next);
	return ret;
}

int gi_block_file_cut(const char *path, const struct gi_block_style *st,
		      gi_buf *err)
{
	gi_buf cur = GI_BUF_INIT, next = GI_BUF_INIT;
	int have, ret;

	have = gi_agent_read_file(path, &cur, err);
	if (have <= 0) {
		ret = have < 0 ? -1 : GI_BLOCK_ABSENT;
		goto done;
	}
	ret = gi_block_cut(&next, cur.buf, cur.len, st);
	if (ret == GI_BLOCK_DELETED) {
		if (unlink(path) < 0) {
			gi_buf_addf(err, "unable to remove '%s': %s", path,
				    strerror(errno));
			ret = -1;
		}
	} else if (ret == GI_BLOCK_REMOVED &&
		   gi_agent_write_file(path, next.buf, next.len, 0644,
				       err) < 0) {
		ret = -1;
	}
done:
	gi_buf_release(&cur);
	gi_buf_release(&next);
	return ret;
}
