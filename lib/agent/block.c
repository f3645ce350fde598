/*
 * block.c: the user's files the agent integration edits, read and
 * written under their lock, and our marked block in them (block.h).
 */
#include "agent/block.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/util/util.h"

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

int gi_agent_lock_file(struct gi_lock *lk, const char *path, int mode,
		       gi_buf *err)
{
	struct gi_lock_opts o = { 0 };

	o.flags = GI_LOCK_DEREF | GI_LOCK_KEEP_MODE;
	o.mode = mode;
	o.timeout_ms = GI_AGENT_LOCK_TIMEOUT_MS;
	o.err = err;
	return gi_lock_hold(lk, path, &o) ? -1 : 0;
}

int gi_agent_commit_file(struct gi_lock *lk, const char *data, size_t len)
{
	if (gi_lock_write(lk, data, len) < 0) {
		gi_lock_rollback(lk);
		return -1;
	}
	return gi_lock_commit(lk);
}

int gi_block_file_put(const char *path, const struct gi_block_style *st,
		      const char *body, int mode, gi_buf *err)
{
	struct gi_lock lk = GI_LOCK_INIT;
	gi_buf cur = GI_BUF_INIT, next = GI_BUF_INIT;
	int have, ret;

	if (gi_agent_lock_file(&lk, path, mode, err) < 0)
		return -1;
	have = gi_agent_read_file(path, &cur, err);
	if (have < 0) {
		ret = -1;
		goto done;
	}
	ret = gi_block_put(&next, have ? cur.buf : NULL, cur.len, st, body);
	if (ret != GI_BLOCK_UNCHANGED &&
	    gi_agent_commit_file(&lk, next.buf, next.len) < 0)
		ret = -1;
done:
	gi_lock_rollback(&lk);
	gi_buf_release(&cur);
	gi_buf_release(&next);
	return ret;
}

int gi_block_file_cut(const char *path, const struct gi_block_style *st,
		      gi_buf *err)
{
	struct gi_lock lk = GI_LOCK_INIT;
	gi_buf cur = GI_BUF_INIT, next = GI_BUF_INIT;
	struct stat sb;
	int have, ret;

	/* no file, no block: and maybe no folder to lock it in */
	if (lstat(path, &sb) < 0 && errno == ENOENT)
		return GI_BLOCK_ABSENT;
	if (gi_agent_lock_file(&lk, path, 0644, err) < 0)
		return -1;
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
		   gi_agent_commit_file(&lk, next.buf, next.len) < 0) {
		ret = -1;
	}
done:
	gi_lock_rollback(&lk);
	gi_buf_release(&cur);
	gi_buf_release(&next);
	return ret;
}
