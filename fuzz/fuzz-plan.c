/*
 * fuzz-plan: a plan file (git issue-plan), which anyone with the checkout
 * may have written, read in the form its text tells and in both forms
 * forced: whatever it holds, the reading ends, every mistake is one line
 * with a location, and what is read without a mistake is a whole plan
 * (a roadmap first, every item keyed, every key named known).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/plan-file.h"

static int known(const struct gi_plan_file *pf, const struct gi_plan_ref *r)
{
	size_t i;

	if (!r->key)
		return 1;
	for (i = 0; i < pf->nr; i++)
		if (!strcmp(pf->v[i].key, r->key))
			return 1;
	return 0;
}

static void check(const struct gi_plan_file *pf, int ret, const gi_buf *err)
{
	size_t i, k;

	if (ret) {
		/* one line a mistake, each named for the file */
		if (!err->len || err->buf[err->len - 1] != '\n' ||
		    strncmp(err->buf, "f", 1))
			abort();
		return;
	}
	if (err->len || !pf->nr)
		abort();
	for (i = 0; i < pf->nr; i++) {
		const struct gi_plan_item *it = &pf->v[i];

		if (!it->key || !*it->key || !it->body ||
		    (!it->title && !it->number) || !known(pf, &it->parent) ||
		    !known(pf, &it->discovered_from))
			abort();
		for (k = 0; k < it->nblocked_by; k++)
			if (!known(pf, &it->blocked_by[k]))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum gi_plan_format forms[] = {
		GI_PLAN_FORMAT_AUTO, GI_PLAN_FORMAT_MARKDOWN,
		GI_PLAN_FORMAT_JSON
	};
	size_t f;

	for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
		struct gi_plan_file pf;
		gi_buf err = GI_BUF_INIT;
		int ret = gi_plan_file_parse_as(&pf, (const char *)data, size,
						"f", forms[f], &err);

		check(&pf, ret, &err);
		gi_plan_file_release(&pf);
		gi_buf_release(&err);
	}
	return 0;
}
