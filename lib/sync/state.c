/*
 * state.c: the sync cache under $GIT_COMMON_DIR/issue-sync/ with its lock
 * (state.h). Kept apart from sync.c so that commands which only read the
 * cache (git issue-status) do not link libcurl.
 */
#include "sync/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STATE_DIR "issue-sync"
/* A lock older than this was left by a sync that died. */
#define STALE_LOCK_S 600

static int load_state(struct gi_sync_state *st, struct gi_repo *r)
{
	gi_buf b = GI_BUF_INIT;

	memset(st, 0, sizeof(*st));
	gi_buf_addf(&b, "%s/" STATE_DIR "/state.json", r->commondir);
	st->path = gi_buf_detach(&b, NULL);
	gi_buf_addf(&b, "%s/" STATE_DIR "/lock", r->commondir);
	st->lock_path = gi_buf_detach(&b, NULL);
	if (gi_buf_read_file(&b, st->path) == 0)
		st->doc = cJSON_ParseWithLength(b.buf, b.len);
	gi_buf_release(&b);
	if (!cJSON_IsObject(st->doc)) {
		cJSON_Delete(st->doc);
		st->doc = cJSON_CreateObject();
	}
	return 0;
}

int gi_sync_state_peek(struct gi_sync_state *st, struct gi_repo *r)
{
	return load_state(st, r);
}

int gi_sync_state_open(struct gi_sync_state *st, struct gi_repo *r)
{
	gi_buf dir = GI_BUF_INIT;
	struct stat sb;
	int fd, tries;

	gi_buf_addf(&dir, "%s/" STATE_DIR, r->commondir);
	if (mkdir(dir.buf, 0777) < 0 && errno != EEXIST) {
		gi_error("unable to create '%s': %s", dir.buf, strerror(errno));
		gi_buf_release(&dir);
		return -1;
	}
	gi_buf_release(&dir);
	load_state(st, r);
	for (tries = 0; tries < 2; tries++) {
		fd = open(st->lock_path, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (fd >= 0) {
			char pid[32];
			int n = snprintf(pid, sizeof(pid), "%ld\n",
					 (long)getpid());

			/* the pid is only a hint for people */
			if (write(fd, pid, (size_t)n) != n)
				gi_warning("unable to write '%s'",
					   st->lock_path);
			close(fd);
			st->locked = 1;
			/* re-read: the previous holder may have saved */
			cJSON_Delete(st->doc);
			free(st->path);
			free(st->lock_path);
			load_state(st, r);
			st->locked = 1;
			return 0;
		}
		if (errno != EEXIST)
			break;
		if (!stat(st->lock_path, &sb) &&
		    time(NULL) - sb.st_mtime > STALE_LOCK_S) {
			unlink(st->lock_path);
			continue;
		}
		gi_error("another 'git issue-sync' is running ('%s' exists)",
			 st->lock_path);
		return GIT_ELOCKED;
	}
	return gi_error("unable to lock '%s': %s", st->lock_path,
			strerror(errno));
}

int gi_sync_state_save(struct gi_sync_state *st)
{
	gi_buf tmp = GI_BUF_INIT;
	char *s;
	FILE *f;
	int ret = -1;

	cJSON_DeleteItemFromObjectCaseSensitive(st->doc, "version");
	cJSON_AddNumberToObject(st->doc, "version", 1);
	s = cJSON_Print(st->doc);
	gi_buf_addf(&tmp, "%s.tmp", st->path);
	f = fopen(tmp.buf, "w");
	if (f && s && fputs(s, f) >= 0 && fclose(f) == 0) {
		f = NULL;
		if (!rename(tmp.buf, st->path))
			ret = 0;
	}
	if (f)
		fclose(f);
	if (ret < 0) {
		gi_error("unable to write '%s': %s", st->path, strerror(errno));
		unlink(tmp.buf);
	}
	cJSON_free(s);
	gi_buf_release(&tmp);
	return ret;
}

void gi_sync_state_close(struct gi_sync_state *st)
{
	if (st->locked)
		unlink(st->lock_path);
	cJSON_Delete(st->doc);
	free(st->path);
	free(st->lock_path);
	memset(st, 0, sizeof(*st));
}
