/*
 * clone-id.c: the id of this clone, and how a copy of a clone is told
 * from the clone (clone-id.h).
 *
 * A clone needs an id that says "this clone" in records other clones
 * read. Nothing in git has one: the path moves and repeats across
 * machines, the host name changes with every container. So we make one on
 * first use and keep it in the local configuration (`git clone` does not
 * copy it, so every clone gets its own; moving the clone keeps it).
 * It is derived, not random: from the host, the git dir's real path, its
 * device, inode and birth time, so that two processes that need it at the
 * same moment compute the same id instead of one overwriting the other's.
 *
 * But `cp -a`, rsync and a container image copy the configuration, id
 * and all, and two copies with one id both took the same claim as theirs.
 * So the id is kept with a stamp of the git directory it was made for:
 * the host name, the directory's inode and its birth time. A move in one
 * file system keeps all three, and so does a restart of a container (its
 * host name stays; the device number of an overlay does not, so it is not
 * in the stamp); a copy gets a new inode and birth time, a container of
 * an image its own host name. When the stamp no longer matches, this is a
 * copy: it gets an id of its own, said once. A renamed host or a move to
 * another file system looks the same, and gets a new id too: the claims
 * of the old one are then another clone's (--steal takes them back).
 */
#define _GNU_SOURCE
#include "gitissue/core/clone-id.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/util/buf.h"
#include "gitissue/util/config.h"
#include "gitissue/util/util.h"

int gi_clone_id_valid(const char *id)
{
	size_t n = id ? strspn(id, "0123456789abcdef") : 0;

	return n == GI_CLONE_ID_HEXSZ && !id[n];
}

/* "host:ino:btime" of the common git dir: what a copy does not keep. */
static void stamp_of(gi_buf *out, struct gi_repo *r)
{
	char host[256] = "";
	struct statx stx;

	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	gi_buf_adds(out, host);
	if (statx(AT_FDCWD, r->commondir, 0, STATX_INO | STATX_BTIME,
		  &stx) < 0)
		return;
	gi_buf_addf(out, ":%llu", (unsigned long long)stx.stx_ino);
	/* not every file system keeps a birth time (then the inode alone) */
	if (stx.stx_mask & STATX_BTIME)
		gi_buf_addf(out, ":%lld.%09u", (long long)stx.stx_btime.tv_sec,
			    stx.stx_btime.tv_nsec);
}

static void derive_clone_id(char out[GI_CLONE_ID_HEXSZ + 1],
			    struct gi_repo *r, const char *stamp)
{
	char *real = realpath(r->commondir, NULL);
	struct stat st;
	gi_buf seed = GI_BUF_INIT;
	git_oid oid;

	gi_buf_addf(&seed, "git-issue clone\n%s\n%s\n", stamp,
		    real ? real : r->commondir);
	if (!stat(r->commondir, &st))
		gi_buf_addf(&seed, "%lu:%lu\n", (unsigned long)st.st_dev,
			    (unsigned long)st.st_ino);
	git_odb_hash(&oid, seed.buf, seed.len, GIT_OBJECT_BLOB);
	git_oid_tostr(out, GI_CLONE_ID_HEXSZ + 1, &oid);
	gi_buf_release(&seed);
	free(real);
}

enum found { KEEP, GARBAGE, COPIED };

/* The id found, against the stamp kept with it and the one of now; one
 * made before stamps is the one of this clone. */
static enum found check(const char *id, const char *stamp, const char *now)
{
	if (!gi_clone_id_valid(id))
		return GARBAGE;
	return stamp && strcmp(stamp, now) ? COPIED : KEEP;
}

/* Why the id found is not this clone's, for a reader (nothing made). */
static void say_ignored(enum found f, const char *id)
{
	if (f == GARBAGE)
		gi_warning("ignoring issue.cloneId '%s': not %d lowercase "
			   "hexadecimal digits", id, GI_CLONE_ID_HEXSZ);
	else
		gi_warning("ignoring issue.cloneId '%s': it was made for "
			   "another git directory (this clone is a copy of it, "
			   "or its host was renamed); the next claim here "
			   "makes one of its own", id);
}

/* Why the id found was replaced by `made`. */
static void say_replaced(enum found f, const char *id, const char *made)
{
	if (f == GARBAGE)
		gi_warning("ignoring issue.cloneId '%s': not %d lowercase "
			   "hexadecimal digits; this clone's id is now '%s'",
			   id, GI_CLONE_ID_HEXSZ, made);
	else
		gi_warning("issue.cloneId '%s' was made for another git "
			   "directory: this clone is a copy of it (cp -a, "
			   "rsync, an image) or its host was renamed; its id "
			   "is now '%s', and claims of '%s' are the other "
			   "copy's", id, made, id);
}

int gi_clone_id(char **out, struct gi_repo *r, int create)
{
	/* the configuration snapshot does not see our own write: the id
	 * made once is the id for the rest of the process */
	static char made[GI_CLONE_ID_HEXSZ + 1];
	static char *made_for;
	char *id, *stamp;
	gi_buf now = GI_BUF_INIT;
	enum found f = KEEP;
	int ret = 0;

	*out = NULL;
	if (made_for && !strcmp(made_for, r->commondir)) {
		*out = gi_xstrdup(made);
		return 0;
	}
	id = gi_config_get(r, "issue.cloneId");
	if (!id && !create)
		return 0;
	stamp = gi_config_get(r, "issue.cloneIdStamp");
	stamp_of(&now, r);
	if (id)
		f = check(id, stamp, now.buf);
	if (id && f == KEEP) {
		/* readers write nothing (git issue-status): the stamp of an
		 * id older than stamps waits for the next claim */
		if (!stamp && create)
			gi_config_set_local(r, "issue.cloneIdStamp", now.buf);
		*out = id;
		id = NULL;
		goto done;
	}
	if (!create) {
		say_ignored(f, id);
		goto done;
	}
	derive_clone_id(made, r, now.buf);
	/* the id first: a crash between the two writes leaves a new id with
	 * the old stamp, which only makes the same id again */
	if (gi_config_set_local(r, "issue.cloneId", made) < 0 ||
	    gi_config_set_local(r, "issue.cloneIdStamp", now.buf) < 0) {
		ret = -1;
		goto done;
	}
	if (id)
		say_replaced(f, id, made);
	free(made_for);
	made_for = gi_xstrdup(r->commondir);
	*out = gi_xstrdup(made);
done:
	free(id);
	free(stamp);
	gi_buf_release(&now);
	return ret;
}
