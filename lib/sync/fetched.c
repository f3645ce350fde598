/*
 * fetched.c: the time of the last fetch of the notes (fetched.h).
 */
#include "sync/fetched.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/util/buf.h"
#include "gitissue/util/util.h"
#include "util/lockfile.h"

#define FETCHED_FILE "issue-sync/fetched"
#define REMOTE_MAX 256

/*
 * Written at best and quietly, as a cache is: a writer that finds
 * another's lock waits for it, a second at most; only a lock that stays
 * (a killed writer's) is worth a word.
 */
static const struct gi_lock_opts fetched_lock = {
	.flags = GI_LOCK_QUIET, .timeout_ms = 1000
};

void gi_fetched_mark(struct gi_repo *r, const char *remote)
{
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT;

	gi_buf_addf(&path, "%s/issue-sync", r->commondir);
	if (mkdir(path.buf, 0777) < 0 && errno != EEXIST)
		goto done;
	gi_buf_reset(&path);
	gi_buf_addf(&path, "%s/" FETCHED_FILE, r->commondir);
	gi_buf_addf(&text, "%s\n", remote);
	if (gi_write_file_atomic(path.buf, text.buf, text.len,
				 &fetched_lock) == GIT_ELOCKED)
		gi_lock_warn_stale(path.buf);
done:
	gi_buf_release(&path);
	gi_buf_release(&text);
}

int gi_fetched_when(struct gi_repo *r, time_t *when, char **remote)
{
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT;
	struct stat st;
	int ret = GIT_ENOTFOUND;

	*when = 0;
	*remote = NULL;
	gi_buf_addf(&path, "%s/" FETCHED_FILE, r->commondir);
	if (stat(path.buf, &st) < 0 || !S_ISREG(st.st_mode))
		goto done;
	*when = st.st_mtime;
	ret = 0;
	if (st.st_size > 0 && st.st_size < REMOTE_MAX &&
	    !gi_buf_read_file(&text, path.buf)) {
		gi_buf_rtrim(&text, "\r\n", 0);
		if (text.len && !memchr(text.buf, '\n', text.len))
			*remote = gi_buf_detach(&text, NULL);
	}
done:
	gi_buf_release(&path);
	gi_buf_release(&text);
	return ret;
}
