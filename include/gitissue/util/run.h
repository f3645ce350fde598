/*
 * run.h: the one way the suite starts another program: with an argv
 * (never a shell string, unless the program is /bin/sh by intent), optional
 * input, captured or discarded output, a deadline after which the child is
 * killed, and one list of the repository variables to clear when the child
 * must find its repository by itself. The network side of git goes through
 * here so that ssh config, credential helpers, proxies and insteadOf
 * apply, which libgit2 would not honour.
 */
#ifndef GITISSUE_UTIL_RUN_H
#define GITISSUE_UTIL_RUN_H

#include "gitissue/util/util.h"

/*
 * The variables that pin a git process to one repository, worktree or
 * object store (after git's local_repo_env[]). A child that runs in
 * another worktree, or must find its repository from its directory, gets
 * them cleared (gi_child.clean_repo_env). Unlike git's list, the `git -c`
 * variables stay: the child works in the same repository, for the same
 * user, and the settings the user gave should reach it.
 */
extern const char *const gi_local_repo_env[];

struct gi_child {
	const char *const *argv;	/* argv[0] looked up on PATH */
	const char *dir;		/* working directory, or NULL */
	const char *const *env;		/* extra NAME=value entries, or NULL */
	const char *const *unset_env;	/* names to remove, or NULL */
	int clean_repo_env;		/* also remove gi_local_repo_env */
	int inherit;			/* stdin, stdout and stderr are ours
					 * (an editor); the fields below that
					 * redirect them are ignored */
	int out_to_err;			/* stdout to our stderr (when !out) */
	const char *in;			/* standard input, or NULL (/dev/null) */
	size_t in_len;
	gi_buf *out;			/* captured stdout (appended), or NULL
					 * (discarded) */
	gi_buf *err;			/* captured stderr (appended), or NULL */
	int discard_err;		/* with err NULL: discarded, not ours */
	long timeout_ms;		/* 0: none; then killed, exit -2 */
	/*
	 * A conversation on stdin and stdout (with `out` set): called each
	 * time stdout grows, with all of it so far; it may append to
	 * `more_in` what to write next. It returns 0 to go on, 1 when it
	 * has what it wanted (stdin is closed once everything given is
	 * written), -1 to end it now (the child is killed, exit -2). Until
	 * then stdin stays open, even with no `in`.
	 */
	int (*dialog)(const gi_buf *out, gi_buf *more_in, void *payload);
	void *payload;
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
