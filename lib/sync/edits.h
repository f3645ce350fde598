/*
 * edits.h: the edits made here (gitissue/core/edit.h: close, reopen,
 * title, body, labels) mirrored to GitHub, one PATCH per issue, and the
 * refusal of a change GitHub will never take recorded, so that it is
 * said once and never sent again until the issue is edited.
 */
#ifndef GITISSUE_SYNC_EDITS_H
#define GITISSUE_SYNC_EDITS_H

#include <cjson/cJSON.h>

#include "gitissue/core/issue.h"
#include "gitissue/sync/sync.h"
#include "sync/github.h"
#include "sync/import.h"

/**
 * Mirror the pending edits of every issue on GitHub (those of a
 * provisional issue wait for its creation): for each issue one
 * `PATCH /issues/<n>` with every field whose value here differs from
 * GitHub's (none when GitHub has them all already), then an `edit-sync`
 * record for each edit (mirrored, or overridden when a later change on
 * GitHub won), and GitHub's answer imported. A 400 or 422, or a value over
 * GitHub's limits (checked before any request), is a refusal: recorded
 * with the message, reported once with how to fix it, and the edits are
 * not sent again. `ts` (may be NULL) caches a notes tip with nothing to
 * mirror. A dry run counts only.
 * @return 0, -1 (something refused or failed: reported), GI_ERATELIMIT or
 * GI_ETRANSPORT.
 */
int gi_edits_mirror(struct gi_repo *r, struct gi_github *gh,
		    const struct gi_sync_opts *opts, cJSON *ts,
		    struct gi_sync_edits_report *report);

/**
 * Record that GitHub refused (or that its limits forbid) creating
 * provisional issue `is` with `message` and `errors` (may be NULL), into
 * `add`: the issue stays provisional and is not sent again until it is
 * edited. Reported in `report` with how to fix it.
 */
void gi_edits_refuse_create(const struct gi_issue *is, const char *message,
			    const cJSON *errors, gi_import_fn *add,
			    void *payload, struct gi_sync_edits_report *report);

#endif
