/*
 * issue.h: one issue's records as the commands see them: which issue is
 * meant, writing a record with its provenance, and loading all records of
 * an issue parsed and resolved (superseded ones marked, malformed ones
 * kept and counted).
 */
#ifndef GITISSUE_ISSUE_H
#define GITISSUE_ISSUE_H

#include "gitissue/note.h"
#include "gitissue/record.h"
#include "gitissue/repo.h"
#include "gitissue/store.h"

/**
 * The issue a command works on: `opt` (from --issue or an argument) when
 * given, else what the worktree's branch says. Dies with a message saying
 * how to name the issue when neither does, 128 on a bad number.
 */
long gi_issue_resolve(struct gi_repo *r, const char *opt);

/* Where a record was written from. */
struct gi_provenance {
	char *author;
	char *commit;	/* HEAD's commit, NULL when unborn */
	char *branch;	/* NULL when detached */
	char *worktree;	/* NULL when bare */
};
void gi_provenance_fill(struct gi_provenance *p, struct gi_repo *r);
void gi_provenance_release(struct gi_provenance *p);

/**
 * Format the records `f[0..nr-1]` and append them to issue `n` as one write
 * (provenance fields left NULL are filled in), then run auto-gc when due.
 * The ids written go to `ids` (each 17 bytes) when not NULL.
 * @return 0 or -1 (reported).
 */
int gi_issue_add(struct gi_repo *r, long n, struct gi_record_fields *f,
		 size_t nr, char (*ids)[17]);

/* All records of one issue. */
struct gi_issue {
	long number;
	struct gi_lines lines;
	struct gi_record *rec;	/* parallel to lines, time order */
	size_t nr;
	size_t malformed;
	const char *title;	/* latest issue/title record, or NULL */
	const char *state;
	const struct gi_record *last;	/* newest valid record */
};

/** Load from the notes ref tip (notes NULL) or a given notes commit. */
int gi_issue_load(struct gi_issue *is, struct gi_repo *r,
		  const git_oid *notes, long n);
/** Load from a note blob already located (e.g. by gi_store_list). */
int gi_issue_load_blob(struct gi_issue *is, struct gi_repo *r,
		       const git_oid *blob, long n);
void gi_issue_release(struct gi_issue *is);

/** Does the record's visible text contain `needle` (ASCII case-folded)? */
int gi_record_matches(const struct gi_record *rec,
		      int (*match)(const char *s, void *payload),
		      void *payload);

#endif
