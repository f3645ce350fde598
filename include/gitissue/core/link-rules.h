/*
 * link-rules.h: GitHub's rules for an issue's relations, checked before
 * a change is written (link-rules.c).
 */
#ifndef GITISSUE_CORE_LINK_RULES_H
#define GITISSUE_CORE_LINK_RULES_H

#include "gitissue/core/plan.h"

/**
 * May issue n's relations change by `op` (GI_LINK_OP_*) with `target`?
 * GitHub's rules, on the plan as this clone sees it: one parent per
 * issue, no cycle of parents or of blocked-by, at most 100 sub-issues
 * per parent and 8 levels, at most 50 issues blocking one issue and 50
 * blocked by one. (Both ends of a link are in this repository, so the
 * same-owner rule always holds.)
 * @return 0, or GI_EINVALID with the reason in `why` (lowercase, no
 * full stop).
 */
int gi_link_rules_check(const struct gi_plan *p, long n, const char *op,
			long target, gi_buf *why);

#endif
