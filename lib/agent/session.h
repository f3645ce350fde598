/*
 * session.h: what the SessionStart hook remembers of an agent's session,
 * so that its Stop hook can tell whether the session changed the
 * worktree and recorded nothing (agent-hook.h).
 *
 * One small file per session, $GIT_COMMON_DIR/issue-sessions/<name>,
 * where <name> is a hash of the session id: the id comes from the hook's
 * input, which is not ours, so it is checked and never used as a path.
 * The file holds the worktree, the time the session started, HEAD's
 * commit then, a fingerprint of the uncommitted work then, and whether
 * the session was asked for its lessons already. Files untouched for a
 * week are removed when a session starts.
 */
#ifndef GITISSUE_AGENT_SESSION_H
#define GITISSUE_AGENT_SESSION_H

#include "gitissue/util/repo.h"

#define GI_SESSION_DIR "issue-sessions"
/* Sessions unused for this long are forgotten (seconds). */
#define GI_SESSION_MAX_AGE (7 * 24 * 3600)
/* The longest session id taken. */
#define GI_SESSION_ID_MAX 128

/* A fingerprint: 40 hex digits, or "" when it could not be taken. */
typedef char gi_fingerprint[41];

struct gi_session {
	char *worktree;		/* the top of the worktree, as opened */
	char start[32];		/* a record time: "2026-11-24T09:12:41.052311Z" */
	char head[GIT_OID_HEXSZ + 1];	/* HEAD's commit, "" when unborn */
	gi_fingerprint work;	/* of the uncommitted work */
	int asked;		/* the Stop hook asked once already */
};

/** Is `id` a session id we accept: 1 to GI_SESSION_ID_MAX letters,
 * digits, '-' or '_' (Claude Code's are UUIDs)? */
int gi_session_id_ok(const char *id);

/** The file of session `id` (a valid id), into `out`. */
void gi_session_path(gi_buf *out, struct gi_repo *r, const char *id);

/**
 * HEAD's commit id (hex, "" when unborn) and a fingerprint of the
 * uncommitted work of the worktree of `r`: what `git status` lists
 * (staged and unstaged changes, every untracked file that is not
 * ignored), each listed path with its size, times, mode and inode.
 * `git status` gets `timeout_ms`; when it fails or takes longer,
 * `work` is "" (unknown).
 */
void gi_session_snapshot(char head[GIT_OID_HEXSZ + 1], gi_fingerprint work,
			 struct gi_repo *r, long timeout_ms);

/**
 * The SessionStart side: remember session `id` now, unless it is
 * remembered already (a resumed or compacted session keeps its start),
 * and forget sessions older than GI_SESSION_MAX_AGE.
 * @return 1 written, 0 there already, -1 (reported).
 */
int gi_session_begin(struct gi_repo *r, const char *id, long timeout_ms);

/**
 * Forget every session (`git issue-init --uninstall`): the files, then
 * the folder. @return how many files went, or -1 when the folder could
 * not go (it holds something else).
 */
int gi_session_forget_all(struct gi_repo *r);

/**
 * Read session `id` (`s` initialised by the call).
 * @return 0, GIT_ENOTFOUND (no such session, or not one we can read),
 * or -1 (reported).
 */
int gi_session_load(struct gi_session *s, struct gi_repo *r, const char *id);
/** Write `s` back as session `id`, whole, under the session file's lock
 * (util/lockfile.h; waited for up to a second). @return 0 or -1
 * (reported). */
int gi_session_save(const struct gi_session *s, struct gi_repo *r,
		    const char *id);
void gi_session_release(struct gi_session *s);

/** The text of a session file, and back. @return 0 or -1 (not one). */
void gi_session_format(gi_buf *out, const struct gi_session *s);
int gi_session_parse(struct gi_session *s, const char *text, size_t len);

/**
 * Did anyone record a note or a lesson on issue `n` at `start` or
 * later? @return 1, 0, or -1 (reported).
 */
int gi_session_recorded(struct gi_repo *r, long n, const char *start);

#endif
