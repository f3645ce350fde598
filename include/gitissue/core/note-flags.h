/*
 * note-flags.h: what a note's records are, read raw, without parsing
 * them (note-flags.c): which issues have work besides the plan.
 */
#ifndef GITISSUE_CORE_NOTE_FLAGS_H
#define GITISSUE_CORE_NOTE_FLAGS_H

#include <stddef.h>

#include "gitissue/core/store.h"
#include "gitissue/util/repo.h"

/* What a note's records are, read raw (gi_plan_note_flags). */
#define GI_NOTE_WORK 1u		/* a record besides the plan's, or a
				 * malformed line: its comments are mirrored */
#define GI_NOTE_LINKS 2u	/* a `link` record may be a change that
				 * waits to be mirrored */
/** The GI_NOTE_* flags of a note's bytes. */
unsigned gi_plan_note_flags(const char *data, size_t len);

/**
 * Keep in `list` only the issues that have records of their own besides
 * the plan's (notes, lessons, claims, comments): those are the ones whose
 * comments are mirrored. Provisional issues go too. What each
 * note holds comes from the summaries cache (summary.h) where it can.
 */
void gi_plan_keep_tracked(struct gi_issue_list *list, struct gi_repo *r);

#endif
