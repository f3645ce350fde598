/*
 * sync-report.h: what a sync did, typed (sync-report.c). The steps of
 * gi_sync_run (sync.h) fill it; `git issue-sync` prints its summary line
 * from it, and --json is gi_sync_report_json. The JSON keys are written
 * in one place, so a renamed member is a compile error, not a silent
 * gap in a reader.
 */
#ifndef GITISSUE_SYNC_SYNC_REPORT_H
#define GITISSUE_SYNC_SYNC_REPORT_H

#include <stddef.h>
#include <cjson/cJSON.h>

/*
 * A member that a step did not reach is left out of the JSON (a flag
 * says whether it was reached), so a program tells "not done" from
 * "none".
 */

/* The git side ("git"). */
struct gi_sync_git_report {
	int ran;		/* "git" is in the report */
	const char *skipped;	/* why it did not run (static), or NULL */
	char *remote;
	int merged;		/* the remote's notes changed ours */
	int would_push, pushed, failed;
	int push_tried;		/* the push step ran: push_attempts */
	int push_attempts;
	int merge_retries;	/* merges tried again (said when > 0) */
};

/* A provisional issue and its number on GitHub ("created"). */
struct gi_sync_created {
	long provisional;
	long number;
};

/* A provisional issue another clone is creating ("waiting"). */
struct gi_sync_waiting {
	long issue;
	char *clone;		/* may be NULL */
	char *since;		/* may be NULL */
};

/* A relation GitHub refused ("links.refused"). */
struct gi_sync_refusal {
	long issue;
	char *op;		/* GI_LINK_OP_* */
	long target;
	cJSON *errors;		/* GitHub's errors[], as strings */
	char *message;
};

/* The relations mirrored ("links"). */
struct gi_sync_links_report {
	int ran;		/* "links" is in the report */
	int counted;		/* refused, mirrored and pending are said */
	struct gi_sync_refusal *refused;
	size_t nrefused, arefused;
	long mirrored, pending;
};

/* A change GitHub refused, or that breaks its limits ("edits.refused"):
 * an edit, or the creation of a provisional issue. */
struct gi_sync_edit_refusal {
	long issue;
	int create;		/* "op": "create", else "edit" */
	cJSON *errors;		/* GitHub's errors[], as strings */
	char *message;
};

/* The edits mirrored: title, body, state, labels ("edits"). */
struct gi_sync_edits_report {
	int ran;		/* "edits" is in the report */
	long patched;		/* issues PATCHed */
	long mirrored;		/* edits GitHub has now */
	long overridden;	/* edits a later change on GitHub won over */
	long pending;		/* edits left for a later sync */
	struct gi_sync_edit_refusal *refused;
	size_t nrefused, arefused;
};

/* The issues themselves ("plan"): created, imported, related. */
struct gi_sync_plan_report {
	int ran;		/* "plan" is in the report */
	struct gi_sync_created *created;
	size_t ncreated, acreated;
	struct gi_sync_waiting *waiting;
	size_t nwaiting, awaiting;
	long *would_create;	/* a dry run's provisional issues */
	size_t nwould_create, awould_create;
	long seen, changed;	/* issues listed, issues that changed */
	long imported;		/* records imported */
	struct gi_sync_edits_report edits;
	long issues_imported;	/* issues new here */
	long issues_updated;	/* issues known here that gained records */
	long issues_closed;	/* open here, imported closed */
	struct gi_sync_links_report links;
};

/* One issue's records posted as a comment ("issues"). */
struct gi_sync_posted {
	long issue;
	char **ids;		/* the records, posted or (dry run) not */
	size_t nr, alloc;
};

/* An issue whose records another clone is posting ("waiting_to_post"). */
struct gi_sync_post_wait {
	long issue;
	long records;		/* how many GitHub lacks */
	char *clone;		/* the holder of the intent; may be NULL */
	char *author;		/* may be NULL */
	char *since;		/* its intent's time; may be NULL */
};

/* Requests made ("requests"), for --json and the benchmarks. */
struct gi_sync_requests {
	long get, get_304, post, patch, delete_, retries, waits;
};

/* The GitHub side ("github"). */
struct gi_sync_github_report {
	int ran;		/* "github" is in the report */
	const char *skipped;	/* why it did not run (static), or NULL */
	char *repository;	/* owner/repo */
	struct gi_sync_plan_report plan;
	int mirror_ran;		/* the comments step ran: "issues" */
	struct gi_sync_posted *issues;
	size_t nissues, aissues;
	struct gi_sync_post_wait *waiting_to_post;
	size_t nwaiting_to_post, awaiting_to_post;
	int imported_counted;	/* the comments step finished: "imported" */
	long imported;		/* comments imported, as records */
	int have_requests;
	struct gi_sync_requests requests;
};

struct gi_sync_report {
	int dry_run;
	int locked;		/* another sync held the lock: nothing done */
	int nothing_new;	/* the hook's fast path: nothing done */
	char *remote;
	struct gi_sync_git_report git;
	struct gi_sync_github_report github;
	int ok;			/* gi_sync_run returned 0 */
	const char *incomplete;	/* not ok: the first step that failed
				 * (static) */
};

void gi_sync_report_release(struct gi_sync_report *report);
/** The report as `git issue-sync --json` prints it (with "version"). */
cJSON *gi_sync_report_json(const struct gi_sync_report *report);

#endif
