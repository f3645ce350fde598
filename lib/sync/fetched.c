/*
 * fetched.c: the time of the last fetch of the notes (fetched.h).
 */
#include "sync/fetched.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/util/buf.h"
#include "gitissue/util/util.h"

#define FETCHED_FILE "issue-sync/fetched"
#define REMOTE_MAX 256

void gi_fetched_mark(struct gi_repo *r, const char *remote)
{
	gi_buf path = GI_BUF_INIT, tmp = GI_BUF_INIT;
	int fd;

	gi_buf_addf(&path, "%s/issue-sync", r->commondir);
	if (mkdir(path.buf, 0777) < 0 && errno != EEXIST)
		goto done;
	gi_buf_reset(&path);
	gi_buf_addf(&path, "%s/" FETCHED_FILE, r->commondir);
	gi_buf_addf(&tmp, "%s.%ld", path.buf, (long)getpid());
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		goto done;
	if (write(fd, remote, strlen(remote)) < 0 || write(fd, "\n", 1) < 0 ||
	    close(fd) < 0 || rename(tmp.buf, path.buf) < 0)
		unlink(tmp.buf);
done:
	gi_buf_release(&path);
	gi_buf_release(&tmp);
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
