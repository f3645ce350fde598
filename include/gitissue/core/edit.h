/*
 * edit.h: an issue's life here: closing, reopening and editing it (title,
 * body, labels) as records, for real and provisional issues alike
 * (edit.c). `git issue-close`, `git issue-reopen`, `git issue-edit` and
 * `git issue-plan` call it; `git issue-sync` mirrors the changes to
 * GitHub (sync/edits.h) and creates a provisional issue with them.
 *
 * Records. One `edit` record per changed field, in the note of the issue:
 *   "field": "title" | "state" | "body" | "label"
 *   title: the new title; state (and extra state_reason): "open" or
 *   "closed"; body: extra "body"; label: extra "label" and "op" ("add"
 *   or "remove")
 *   "base": the id of the record GitHub's side was when the edit was
 *   made (the newest `issue` record; for a body, the newest `body`)
 *   text: why (-m), posted to GitHub as a comment with the change
 * and one `edit-sync` record per result: "of" (an edit's id), "result"
 * ("mirrored", "refused" with GitHub's message as text and "errors",
 * "overridden": GitHub changed the field later); "op":"create" and "of"
 * the newest change of a provisional issue GitHub refused to create.
 *
 * Which wins. GitHub's side is the newest imported `issue` and `body`
 * records. The newest pending edit of each field (each label apart) is
 * laid over it, unless GitHub changed that field since the edit's base
 * to another value and GitHub's record is newer than the edit (GitHub's
 * updated_at against the edit's time): then GitHub's value stands and the
 * sync records the edit as overridden. A mirrored, overridden or refused
 * edit no longer counts. Records merge like every record: two clones'
 * edits of one field are decided by their times.
 */
#ifndef GITISSUE_CORE_EDIT_H
#define GITISSUE_CORE_EDIT_H

#include "gitissue/util/buf.h"
#include "gitissue/core/issue.h"

/* The fields an `edit` record changes. */
#define GI_EDIT_FIELD_TITLE "title"
#define GI_EDIT_FIELD_STATE "state"
#define GI_EDIT_FIELD_BODY "body"
#define GI_EDIT_FIELD_LABEL "label"

/* The names of enum gi_edit_field (gitissue/core/issue.h) as records
 * write them. */
extern const char *const gi_edit_field_names[];

/* The results of an `edit-sync` record. */
#define GI_EDIT_MIRRORED "mirrored"
#define GI_EDIT_REFUSED "refused"
#define GI_EDIT_OVERRIDDEN "overridden"

/* GitHub's limits on what an issue says, in characters as GitHub counts
 * them (UTF-16 units: gi_utf16_length). */
#define GI_GITHUB_TITLE_MAX 256
#define GI_GITHUB_BODY_MAX 65536
#define GI_GITHUB_LABEL_MAX 50

/* The close reasons GitHub knows (state_reason). */
#define GI_REASON_COMPLETED "completed"
#define GI_REASON_NOT_PLANNED "not_planned"
#define GI_REASON_DUPLICATE "duplicate"
#define GI_REASON_REOPENED "reopened"

/**
 * Lay the edits of `is` over its snapshot (called by
 * gi_plan_resolve_issue once `snapshot`, `body_rec` and the title, state,
 * reason and body from them are set): fills is->edits and sets the title,
 * state, reason, body and labels as they are here.
 */
void gi_edits_resolve(struct gi_issue *is);
void gi_edits_release(struct gi_issue_edits *e);

/** "completed", "not-planned" (or "not_planned"), "duplicate" as GitHub
 * spells it, or NULL when it is none of them. */
const char *gi_close_reason(const char *s);

/* What a command asks of an issue; NULL or 0 members are left alone. */
struct gi_issue_change {
	const char *title;
	const char *body;
	const char *state;		/* "open", "closed" */
	const char *state_reason;	/* GI_REASON_*, with "closed" */
	const char *const *add_labels;
	size_t nadd_labels;
	const char *const *remove_labels;
	size_t nremove_labels;
	const char *why;		/* -m: posted with the change */
};

/* What gi_issue_edit wrote: which fields changed (GI_EDIT_FIELD_*). */
struct gi_issue_edit_result {
	long issue;			/* canonical */
	const char *fields[8];		/* static strings */
	size_t nfields;
	char *title;			/* the title now */
	char *state;			/* the state now */
	char *state_reason;		/* its reason, when closed */
};
void gi_issue_edit_result_release(struct gi_issue_edit_result *res);
/** `--json` of git issue-edit, -close and -reopen: the issue, the fields
 * changed (empty: nothing to change), its title and state now. */
struct cJSON *gi_issue_edit_result_json(const struct gi_issue_edit_result *res);

/**
 * Change issue n by `ch`: one `edit` record per field whose value here
 * differs (a label already there, or already gone, is no change), all in
 * one append. GitHub's limits are checked first (gi_issue_text_check).
 * `out` (may be NULL) is filled by the call.
 * @param[out] why  why the change is refused (appended to)
 * @return 0 written, 1 nothing to change, GI_EINVALID refused (nothing
 * written), GIT_ENOTFOUND no such issue here, or -1 (reported).
 */
int gi_issue_edit(struct gi_repo *r, long n, const struct gi_issue_change *ch,
		  struct gi_issue_edit_result *out, gi_buf *why);

/** What edit record `rec` changed, for people: "closed as not planned",
 * "reopened", "title: <title>", "body changed", "label added: <l>". */
void gi_edit_describe(gi_buf *out, const struct gi_record *rec);

/**
 * What a command does with gi_issue_edit's return `err` for issue n:
 * says why it failed (`why`: the reason of a GI_EINVALID) and gives the
 * exit status, 0 for a change made or none to make.
 */
int gi_issue_edit_status(int err, long n, const gi_buf *why);

/**
 * Close issue n with `reason` (GI_REASON_*; NULL: completed) and `why`
 * (NULL: none), for any caller (`git issue-close`, a merged branch).
 * @return 0 closed, 1 it was closed already, GIT_ENOTFOUND, or -1.
 */
int gi_issue_close(struct gi_repo *r, long n, const char *reason,
		   const char *why);
/** Reopen issue n. @return 0, 1 it was open, GIT_ENOTFOUND, or -1. */
int gi_issue_reopen(struct gi_repo *r, long n, const char *why);

/**
 * The `edit` records of `ch` for issue `is` (loaded) as record fields
 * (f[0..] of room for 4 + labels; each `extra` made here: free with
 * gi_edit_fields_release); only the fields that change.
 * @return the number of records.
 */
size_t gi_edit_fields(struct gi_record_fields *f, const struct gi_issue *is,
		      const struct gi_issue_change *ch);
void gi_edit_fields_release(struct gi_record_fields *f, size_t nr);

/**
 * GitHub's limits on an issue's text: a title of 1 to 256 characters on
 * one line; a body of at most 65,536 characters as sent, that is with
 * what the suite adds (`added` characters: the hidden marker, a
 * discovered-from line; gi_issue_github_body); labels not empty, one
 * line, at most 50 characters. NULL members are not checked.
 * @return 0, or GI_EINVALID with the reason in `why`.
 */
int gi_issue_text_check(const char *title, const char *body, size_t added,
			const char *const *labels, size_t nlabels,
			gi_buf *why);

/* The hidden marker in the body of an issue the suite created, naming
 * its provisional name: never two issues for one (sync/create.h). */
#define GI_MARKER_NEW_OPEN "<!-- git-issue:new="
#define GI_MARKER_NEW_CLOSE " -->"
/* The line that mirrors a discovered-from relation in the new issue's
 * body, before the marker. */
#define GI_DISCOVERED_LINE "Discovered while working on "

/**
 * The body GitHub gets for issue `is`: its body, then the line naming the
 * issue it was discovered from (`from`; 0, or a provisional issue GitHub
 * has no number for: none), then the marker of its provisional name
 * (`provisional`, 0: none), separated by a blank line. The import strips
 * both again (gi_issue_github_body_strip), so neither is ever doubled.
 */
void gi_issue_github_body(gi_buf *out, const char *body, long from,
			  long provisional);

/**
 * The body of `github_body` (an issue's body as GitHub has it; NULL:
 * none) as it is here, to `out`: without the marker gi_issue_github_body
 * adds, nor the discovered-from line right before it, nor the blank
 * lines before them. A body without the marker is GitHub's own text,
 * kept whole.
 */
void gi_issue_github_body_strip(gi_buf *out, const char *github_body);

/** The characters gi_issue_github_body adds to a body of `body_len`
 * bytes (0: empty) with a relation to `from` and a marker. */
size_t gi_issue_github_added(size_t body_len, long from, int marker);

#endif
