/*
 * record.h: one record is one line of JSON in an issue's note. A line is
 * written once and never rewritten: we format our own lines canonically
 * (fixed key order, the UTC time first, so byte order is time order) and
 * keep every line written by anyone else exactly as it is, even when we
 * cannot understand it.
 */
#ifndef GITISSUE_CORE_RECORD_H
#define GITISSUE_CORE_RECORD_H

#include <stddef.h>

#include "gitissue/util/buf.h"

struct cJSON;

/* The kinds this version knows; any other kind is kept and shown as is. */
#define GI_KIND_NOTE "note"
#define GI_KIND_LESSON "lesson"	/* tried / failed / solution, one record */
#define GI_KIND_COMMENT "comment"	/* imported from GitHub */
#define GI_KIND_ISSUE "issue"	/* title/state/labels snapshot */
#define GI_KIND_CLAIM "claim"
#define GI_KIND_RELEASE "release"
#define GI_KIND_RETRACT "retract"	/* hides the record it supersedes */
/* The plan (plan.h): what an issue is and how it relates to others. */
#define GI_KIND_BODY "body"		/* the issue's body (problem statement) */
#define GI_KIND_LINK "link"		/* a relation made or removed here */
#define GI_KIND_LINK_STATE "link-state"	/* the relations GitHub has */
#define GI_KIND_LINK_SYNC "link-sync"	/* a link mirrored, or refused */
#define GI_KIND_ALIAS "alias"		/* provisional name <-> number */
#define GI_KIND_INTENT "intent"		/* a claim to do it, decided by the remote */
#define GI_KIND_EDIT "edit"		/* a field changed here (edit.h) */
#define GI_KIND_EDIT_SYNC "edit-sync"	/* an edit mirrored, refused, overridden */

/*
 * The fields a writer may set. NULL fields are left out. `extra` is an
 * optional JSON object whose members are appended after the known fields,
 * sorted by key (e.g. the GitHub ids of an imported comment).
 */
struct gi_record_fields {
	const char *time;	/* default: now */
	const char *id;		/* default: fresh random id */
	const char *kind;	/* required */
	const char *author;
	const char *text;
	const char *tried;
	const char *failed;
	const char *solution;
	const char *supersedes;	/* id of an earlier record this replaces */
	const char *title;
	const char *state;
	const char *commit;
	const char *branch;
	const char *worktree;
	const struct cJSON *extra;
};

/**
 * Append the canonical line for `f` (no trailing newline) to `out`.
 * Text is escaped as JSON; bytes that are not UTF-8 become U+FFFD.
 * @return 0, or -1 if a required field is missing.
 */
int gi_record_format(gi_buf *out, const struct gi_record_fields *f);

/*
 * The length of the record ids this suite makes: 16 lowercase hex digits,
 * random (gi_record_new_id()) or hashed from GitHub's facts
 * (gi_import_hash_id()). A buffer for one is GI_RECORD_ID_HEXSZ + 1.
 */
#define GI_RECORD_ID_HEXSZ 16

/** A new record id: GI_RECORD_ID_HEXSZ random lowercase hex digits. */
void gi_record_new_id(char out[GI_RECORD_ID_HEXSZ + 1]);

/*
 * What a record id may be: 1 to 64 of these characters. Ours are 16 hex
 * digits; the alphabet is what a marker on GitHub can carry back.
 */
#define GI_RECORD_ID_ALPHABET "0123456789abcdefghijklmnopqrstuvwxyz"
#define GI_RECORD_ID_MAX 64

/** Is `id` a record id (see GI_RECORD_ID_ALPHABET)? */
int gi_record_id_valid(const char *id);

/* A parsed record. Strings point into `json` and live as long as it. */
struct gi_record {
	const char *line;	/* the raw line, as stored */
	size_t line_len;
	struct cJSON *json;	/* NULL when malformed */
	const char *time;
	const char *id;
	const char *kind;
	const char *author;
	const char *text;
	const char *tried;
	const char *failed;
	const char *solution;
	const char *supersedes;
	const char *title;
	const char *state;
	const char *branch;
	const char *commit;
	const char *worktree;
	double gh_comment;	/* imported GitHub comment id, 0 if none */
	const char *gh_updated;	/* that comment version's updated_at */
	int superseded;		/* set by gi_records_resolve */
	/* the record that supersedes this one (by "supersedes"), in the
	 * same array; NULL for comment versions and unsuperseded records */
	const struct gi_record *superseded_by;
};

/**
 * Parse one line. A line that is not a JSON object with string "time",
 * "id" and "kind" members, with an id in the id alphabet, is malformed:
 * `json` is NULL, the line is kept. A "supersedes" that is not an id is
 * ignored (it names no record).
 * @return 0 if parsed, -1 if malformed (r is filled either way).
 */
int gi_record_parse(struct gi_record *r, const char *line, size_t len);
void gi_record_release(struct gi_record *r);

/* Is this kind one of the three-part lesson kinds? */
int gi_record_is_lesson(const struct gi_record *r);

/**
 * Mark every record that a later valid record supersedes (by "supersedes"),
 * and every imported GitHub comment version but the newest of each comment.
 */

/**
 * Is `rec` superseded by a record of another author? Such a record is
 * still shown ("retracted by X"): nobody hides another's words silently.
 */
int gi_record_superseded_by_other(const struct gi_record *rec);

void gi_records_resolve(struct gi_record *r, size_t nr);

#endif
