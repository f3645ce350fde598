/*
 * sync-cache.c: the sync cache under $GIT_COMMON_DIR/issue-sync/ with its lock
 * (sync-cache.h). Kept apart from sync.c so that commands which only read the
 * cache (git issue-status) do not link libcurl.
 */
#include "sync/sync-cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gitissue/core/store.h"
#include "gitissue/util/json.h"
#include "util/json-parse.h"
#include "util/lockfile.h"

#define STATE_DIR "issue-sync"

static int load_state(struct gi_sync_state *st, struct gi_repo *r)
{
	gi_buf b = GI_BUF_INIT;

	memset(st, 0, sizeof(*st));
	gi_buf_addf(&b, "%s/" STATE_DIR "/state.json", r->commondir);
	st->path = gi_buf_detach(&b, NULL);
	gi_buf_addf(&b, "%s/" STATE_DIR "/lock", r->commondir);
	st->lock_path = gi_buf_detach(&b, NULL);
	if (gi_buf_read_file(&b, st->path) == 0)
		st->doc = gi_json_parse(b.buf, b.len);
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

int gi_sync_state_nothing_new(struct gi_repo *r, const cJSON *rs)
{
	char hex[GIT_OID_HEXSZ + 1];
	const cJSON *last = cJSON_GetObjectItem(rs, "synced_tip");
	git_oid tip;

	if (gi_store_tip(&tip, r, GI_NOTES_REF))
		return 1;	/* no notes at all */
	git_oid_tostr(hex, sizeof(hex), &tip);
	return cJSON_IsString(last) && !strcmp(last->valuestring, hex);
}

/* "pid host" of the lock's holder, for the message; "" when unknown. */
static void lock_holder(char *out, size_t size, int fd)
{
	ssize_t n = pread(fd, out, size - 1, 0);

	out[n > 0 ? n : 0] = '\0';
	out[strcspn(out, "\n")] = '\0';
}

/*
 * The lock is an flock(2) on issue-sync/lock, not the file's existence:
 * the kernel lets go of it when its holder exits, however it ends (kill -9,
 * a crash, a full disk), so no lock is ever left behind. Before, a lock
 * file from a killed sync refused every sync for ten minutes. The file
 * says "pid host" for people; it is removed by its holder while still
 * locked, so a waiter that opened the old file must check that the file
 * it locked is still the one at the path.
 */
int gi_sync_state_open(struct gi_sync_state *st, struct gi_repo *r)
{
	gi_buf dir = GI_BUF_INIT;
	struct stat a, b;
	int fd = -1, tries;

	gi_buf_addf(&dir, "%s/" STATE_DIR, r->commondir);
	if (mkdir(dir.buf, 0777) < 0 && errno != EEXIST) {
		gi_error("unable to create '%s': %s", dir.buf, strerror(errno));
		gi_buf_release(&dir);
		return -1;
	}
	gi_buf_release(&dir);
	load_state(st, r);
	st->lock_fd = -1;
	for (tries = 0; tries < 100; tries++) {
		char who[128], host[64];
		int n;

		fd = open(st->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
		if (fd < 0)
			break;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			if (errno != EWOULDBLOCK && errno != EINTR)
				break;
			lock_holder(who, sizeof(who), fd);
			close(fd);
			gi_error("another 'git issue-sync' is running%s%s%s "
				 "(it holds '%s')", *who ? " (process " : "",
				 who, *who ? ")" : "", st->lock_path);
			gi_sync_state_close(st);
			return GIT_ELOCKED;
		}
		if (fstat(fd, &a) < 0 || stat(st->lock_path, &b) < 0 ||
		    a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
			/* its holder removed it as we opened it: again */
			close(fd);
			fd = -1;
			continue;
		}
		if (gethostname(host, sizeof(host)) < 0)
			strcpy(host, "?");
		host[sizeof(host) - 1] = '\0';
		n = snprintf(who, sizeof(who), "%ld %s\n", (long)getpid(),
			     host);
		/* only a hint for people: a full disk must not stop us */
		if (ftruncate(fd, 0) < 0 ||
		    pwrite(fd, who, (size_t)n, 0) != n)
			gi_warning("unable to write '%s': %s", st->lock_path,
				   strerror(errno));
		/* re-read: the previous holder may have saved */
		cJSON_Delete(st->doc);
		free(st->path);
		free(st->lock_path);
		load_state(st, r);
		st->lock_fd = fd;
		st->locked = 1;
		return 0;
	}
	gi_error("unable to lock '%s': %s", st->lock_path, strerror(errno));
	if (fd >= 0)
		close(fd);
	gi_sync_state_close(st);
	return -1;
}

/*
 * Written whole through state.json.lock and a rename (util/lockfile.h),
 * so that a reader (git issue-status, the pre-push fast path) never sees
 * half a file. Only a sync that holds the flock above saves, so a
 * state.json.lock found here is a killed sync's: it is taken over, and
 * no lock is ever left in the way.
 */
int gi_sync_state_save(struct gi_sync_state *st)
{
	static const struct gi_lock_opts take_over = {
		.flags = GI_LOCK_TAKE_OVER
	};
	char *s;
	int ret;

	cJSON_DeleteItemFromObjectCaseSensitive(st->doc, "version");
	cJSON_AddNumberToObject(st->doc, "version", 1);
	s = cJSON_Print(st->doc);
	if (!s)
		return gi_error("unable to write '%s': %s", st->path,
				strerror(ENOMEM));
	ret = gi_write_file_atomic(st->path, s, strlen(s), &take_over) ?
		-1 : 0;
	cJSON_free(s);
	return ret;
}

void gi_sync_state_close(struct gi_sync_state *st)
{
	if (st->locked) {
		/* removed while still held: see gi_sync_state_open */
		unlink(st->lock_path);
		close(st->lock_fd);
	}
	cJSON_Delete(st->doc);
	free(st->path);
	free(st->lock_path);
	memset(st, 0, sizeof(*st));
}
