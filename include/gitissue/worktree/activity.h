/*
 * activity.h: what the coding agents in a worktree are doing, as their
 * own hooks tell it (`git issue-hook claude <event>`), for the board.
 *
 * One small file per agent session in the worktree's own git directory,
 * $GIT_DIR/issue-agents/<name>, <name> a hash of the agent and the
 * session id (the id comes from the hook's input: it is checked and
 * never used as a path). It holds the agent ("claude"), the session id,
 * the worktree's issue (after `git issue-worktree --switch` the folder's
 * old sessions are not the new issue's), the state, since when, and the agent's process (its pid and start
 * time, so that a session whose process is gone is not shown as
 * working, and a pid used again by another process is not taken for
 * it). Written whole through util/lockfile.h; never in the notes ref,
 * never sent anywhere. It lives at the worktree layer, below lib/agent,
 * because the board reads it; the hooks in lib/agent write it.
 */
#ifndef GITISSUE_WORKTREE_ACTIVITY_H
#define GITISSUE_WORKTREE_ACTIVITY_H

#include <time.h>

#include "gitissue/util/buf.h"

#define GI_ACTIVITY_DIR "issue-agents"
/* The longest session id taken (Claude Code's are UUIDs). */
#define GI_ACTIVITY_ID_MAX 128
/* At most this many sessions are read per worktree. */
#define GI_ACTIVITY_MAX 32
/* Records of sessions untouched for this long are removed (seconds). */
#define GI_ACTIVITY_MAX_AGE (7 * 24 * 3600)

enum gi_agent_state {
	GI_AGENT_NONE,		/* no session known */
	GI_AGENT_STARTED,	/* session open, no prompt yet */
	GI_AGENT_WORKING,	/* a turn is running */
	GI_AGENT_WAITING,	/* a permission prompt or a question */
	GI_AGENT_STOPPED,	/* its turn ended: waits for the next prompt */
	GI_AGENT_ENDED,		/* the session ended */
	GI_AGENT_GONE,		/* its process is gone without an end */
};

/** "working", "waiting"...; and back (GI_AGENT_NONE: not a state). */
const char *gi_agent_state_name(enum gi_agent_state s);
enum gi_agent_state gi_agent_state_parse(const char *name);

struct gi_activity {
	char agent[16];		/* "claude" */
	char session[GI_ACTIVITY_ID_MAX + 1];
	long issue;		/* the worktree's issue then; 0 unknown */
	enum gi_agent_state state;
	time_t started;		/* its first event here */
	time_t since;		/* when the state began */
	time_t updated;		/* the last event */
	long pid;		/* the agent's process, 0 when unknown */
	unsigned long long pid_start;	/* its start (clock ticks since
					 * boot), 0 when unknown */
};

struct gi_activity_list {
	struct gi_activity *v;
	size_t nr, alloc;
};

/** Is `id` an id we take: 1 to GI_ACTIVITY_ID_MAX letters, digits, '-'
 * or '_'? The same for an agent's name, up to 15. */
int gi_activity_id_ok(const char *id);

/** The text of a record, and back. @return 0, or -1 (not a record). */
void gi_activity_format(gi_buf *out, const struct gi_activity *a);
int gi_activity_parse(struct gi_activity *a, const char *text, size_t len);

/**
 * The process of the agent that runs this hook: the first ancestor that
 * is not git nor a shell (the agent runs `sh -c "git issue-hook ..."`),
 * with its start time from /proc; getppid() where /proc cannot tell.
 */
void gi_activity_agent_process(long *pid, unsigned long long *start);

/** Is process `pid` (started at `start`, 0: not checked) alive? */
int gi_activity_process_alive(long pid, unsigned long long start);

/**
 * Record that session `session` of `agent` is in `state` now, working
 * on issue `issue`, in the worktree whose git directory is `gitdir`, by
 * process `pid` (`start`).
 * `since` is kept when the state does not change. A new session's
 * record removes those untouched for GI_ACTIVITY_MAX_AGE.
 * @return 0 or -1 (reported).
 */
int gi_activity_record(const char *gitdir, const char *agent,
		       const char *session, long issue,
		       enum gi_agent_state state, long pid,
		       unsigned long long start, time_t now);

/**
 * The sessions recorded in the worktree of `gitdir` (`out` initialised
 * by the call), the most relevant first (gi_activity_rank, then the
 * newest); a state of a live process whose process is gone reads as
 * GI_AGENT_GONE. No folder, no session: an empty list.
 */
void gi_activity_read(struct gi_activity_list *out, const char *gitdir);
void gi_activity_list_release(struct gi_activity_list *l);

/** How much a state asks for a look: lower is more (waiting first). */
int gi_activity_rank(enum gi_agent_state s);

/**
 * Remove every record of the worktree of `gitdir`, then the folder
 * (`git issue-init --uninstall`). @return how many went, or -1.
 */
int gi_activity_forget_all(const char *gitdir);

#endif
