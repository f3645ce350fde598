/*
 * comments.h: GitHub comments read into records (comments.c).
 *
 * A comment written by the token's account carries our markers, one per
 * record it holds: `<!-- git-issue:id=<id> -->`; only such comments are
 * believed to (anyone can write a marker). Every other comment becomes a
 * `comment` record whose line is a function of what GitHub returned only
 * (the id is a hash of the comment's id and update time), so two clones
 * importing the same comment write the same bytes. An edit is a new
 * version; the newest version of a comment hides the older.
 */
#ifndef GITISSUE_SYNC_COMMENTS_H
#define GITISSUE_SYNC_COMMENTS_H

#include <cjson/cJSON.h>

#include "gitissue/core/note.h"
#include "gitissue/core/store.h"
#include "sync/github.h"
#include "sync/import.h"

#define GI_MARKER_ID_OPEN "<!-- git-issue:id="
#define GI_MARKER_ID_CLOSE " -->"

/**
 * Read every comment page of issue n (conditionally, with the ETag of
 * each page cached in `ts`): the marker ids of our comments go to
 * `markers`, the other comments into `im`. `fresh`: ignore the cache
 * (after a failed POST).
 * @return 0, 1 when the issue is not on GitHub, or a negative error
 * (reported).
 */
int gi_comments_read(struct gi_github *gh, cJSON *ts, long n,
		     struct gi_lines *markers, struct gi_import_batch *im,
		     int fresh);

/**
 * One page of an issue's comments as GitHub sent it (`len` bytes of JSON),
 * read as the mirror reads it: the marker ids in comments written by
 * `login` go to `markers`, every other comment becomes a record line in
 * `lines` (both initialised by the caller). For tests and fuzzing.
 * @return 0, or -1 when it is not a JSON list (reported).
 */
int gi_comments_import_page(const char *body, size_t len, const char *login,
			    long n, struct gi_lines *markers,
			    struct gi_lines *lines);

/**
 * The repository's comments changed since the cursor `comments_since` in
 * `ts`, those of `tracked` issues imported into `im`.
 * @return 0 or a negative error (reported).
 */
int gi_comments_inbound(struct gi_repo *r, struct gi_github *gh, cJSON *ts,
			const struct gi_issue_list *tracked,
			struct gi_import_batch *im);

/**
 * An issue seen for the first time: its metadata and all its comments,
 * into `im`. @return 0 or a negative error (reported).
 */
int gi_comments_new_issue(struct gi_repo *r, struct gi_github *gh,
			  cJSON *ts, long n, struct gi_import_batch *im);

#endif
