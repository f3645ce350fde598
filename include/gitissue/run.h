/*
 * run.h: running the user's own git (and other helpers) as a child
 * process, with an argv (never a shell string), optional input, captured
 * output, and a deadline after which the child is killed. The network side
 * of git goes through here so that ssh config, credential helpers, proxies
 * and insteadOf apply, which libgit2 would not honour.
 */
#ifndef GITISSUE_RUN_H
#define GITISSUE_RUN_H

#include "gitissue/util.h"

struct gi_child {
	const char *const *argv;	/* argv[0] looked up on PATH */
	const char *dir;		/* working directory, or NULL */
	const char *const *env;		/* extra NAME=value entries, or NULL */
	const char *const *unset_env;	/* names to remove, or NULL */
	int out_to_err;			/* stdout to our stderr (when !out) */
	const char *in;			/* standard input, or NULL (/dev/null) */
	size_t in_len;
	gi_buf *out;			/* captured stdout, or NULL (discarded) */
	gi_buf *err;			/* captured stderr, or NULL (inherited) */
	long timeout_ms;		/* 0: none; then killed, exit -2 */
};

/**
 * Run the child to completion.
 * @return its exit code, -1 when it could not be started (reported),
 * -2 when it was killed at the deadline, 128+sig when a signal ended it.
 */
int gi_run(struct gi_child *c);

struct gi_repo;

/**
 * Run `git --git-dir <this repository's git dir> <args>...` from the top
 * of the worktree (or the git dir when bare), with output captured into
 * `out` and `err` when not NULL, and a timeout (0: none).
 * @return as gi_run.
 */
int gi_git(struct gi_repo *r, const char *const *args, gi_buf *out,
	   gi_buf *err, long timeout_ms);

/** Milliseconds on a monotonic clock, for deadlines. */
long gi_now_ms(void);

#endif
