/*
 * merge-libgit2.c: the merges of git issue-overlap when the git on PATH
 * has no `git merge-tree --write-tree` (older than 2.38): libgit2's
 * merge in memory, with git's rename limit; and whether two commits
 * share any history at all. Apart from overlap.c, which is near 1,000
 * lines.
 */
#include "worktree/merge-libgit2.h"

#include "gitissue/util/repo.h"	/* git_error_clear, by libgit2 version */
#include "gitissue/util/util.h"

int gi_merge_libgit2(struct gi_strset *conflicts, git_repository *repo,
		     const git_oid *a, const git_oid *b, long limit)
{
	git_commit *ca = NULL, *cb = NULL;
	git_index *index = NULL;
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *anc, *ours, *theirs;
	git_merge_options opts = GIT_MERGE_OPTIONS_INIT;
	int err, ret = -1;

	opts.target_limit = (unsigned int)limit;
	if (git_commit_lookup(&ca, repo, a) < 0 ||
	    git_commit_lookup(&cb, repo, b) < 0 ||
	    git_merge_commits(&index, repo, ca, cb, &opts) < 0)
		goto fail;
	if (git_index_has_conflicts(index)) {
		if (git_index_conflict_iterator_new(&it, index) < 0)
			goto fail;
		while (!(err = git_index_conflict_next(&anc, &ours, &theirs,
						       it))) {
			if (ours)
				gi_strset_add(conflicts, ours->path);
			if (theirs)
				gi_strset_add(conflicts, theirs->path);
			if (anc && !ours && !theirs)
				gi_strset_add(conflicts, anc->path);
		}
		if (err != GIT_ITEROVER)
			goto fail;
		gi_strset_finish(conflicts);
	}
	ret = 0;
	goto done;
fail:
	gi_error("unable to merge %s with %s: %s", git_oid_tostr_s(a),
		 git_oid_tostr_s(b), gi_git_errmsg("unknown error"));
done:
	git_index_conflict_iterator_free(it);
	git_index_free(index);	/* never written: it lives in memory only */
	git_commit_free(ca);
	git_commit_free(cb);
	return ret;
}

int gi_merge_unrelated(git_repository *repo, const git_oid *a,
		       const git_oid *b)
{
	git_oid mb;
	int err = git_merge_base(&mb, repo, a, b);

	git_error_clear();
	return err == GIT_ENOTFOUND;
}
