/*
 * overlap.c: pairwise overlap and conflicts of issue branches
 * (overlap.h).
 *
 * The merge is git_merge_commits into an in-memory index that is never
 * written. libgit2 still stores the blobs of files it merges cleanly in
 * the object database; so that a question never leaves loose objects
 * behind, an in-memory backend is put in front of the repository's
 * object database for the length of the computation and takes every
 * write (reads still reach the real object store).
 */
#include "gitissue/overlap.h"
#include "gitissue/issue.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <stdlib.h>
#include <string.h>

#include "worktree/branch.h"
#include "worktree/worktree.h"

/* Above the loose (1) and pack (2) backends: first asked to write. */
#define MEMPACK_PRIORITY 1000

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void paths_add(struct gi_paths *p, const char *path)
{
	GI_ALLOC_GROW(p->v, p->nr + 1, p->alloc);
	p->v[p->nr++] = gi_xstrdup(path);
}

/* Sort and drop duplicates. */
static void paths_finish(struct gi_paths *p)
{
	size_t i, j = 0;

	if (!p->nr)
		return;
	qsort(p->v, p->nr, sizeof(*p->v), cmp_str);
	for (i = 1; i < p->nr; i++) {
		if (!strcmp(p->v[i], p->v[j]))
			free(p->v[i]);
		else
			p->v[++j] = p->v[i];
	}
	p->nr = j + 1;
}

static int paths_has(const struct gi_paths *p, const char *path)
{
	return p->nr && bsearch(&path, p->v, p->nr, sizeof(*p->v), cmp_str);
}

void gi_paths_release(struct gi_paths *p)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static int add_side(struct gi_overlap *o, long issue, const char *branch,
		    const git_oid *tip)
{
	struct gi_overlap_side *s;
	size_t i;

	for (i = 0; i < o->nsides; i++)
		if (o->sides[i].issue == issue)
			return 0;
	GI_ALLOC_GROW(o->sides, o->nsides + 1, o->sides_alloc);
	s = &o->sides[o->nsides++];
	memset(s, 0, sizeof(*s));
	s->issue = issue;
	s->branch = gi_xstrdup(branch);
	git_oid_cpy(&s->tip, tip);
	return 1;
}

/* The branch of issue n: its worktree's, else the first that belongs. */
static int find_branch(struct gi_overlap *o, long n,
		       const struct gi_worktree_list *wts,
		       const struct gi_issue_branch_list *bl)
{
	size_t i;

	for (i = 0; i < wts->nr; i++)
		if (wts->v[i].issue == n && wts->v[i].has_head &&
		    !wts->v[i].missing)
			return add_side(o, n, wts->v[i].branch,
					&wts->v[i].head), 0;
	for (i = 0; i < bl->nr; i++)
		if (bl->v[i].issue == n)
			return add_side(o, n, bl->v[i].name,
					&bl->v[i].tip), 0;
	return GIT_ENOTFOUND;
}

static int tree_of(git_tree **out, git_repository *repo, const git_oid *oid)
{
	git_commit *c = NULL;
	int err = git_commit_lookup(&c, repo, oid);

	if (!err)
		err = git_commit_tree(out, c);
	git_commit_free(c);
	return err;
}

/* Files the side changed since it left the base. */
static int changed_files(struct gi_overlap_side *s, git_repository *repo,
			 const git_oid *base)
{
	git_oid mb;
	git_tree *from = NULL, *to = NULL;
	git_diff *diff = NULL;
	size_t i, n;
	int err;

	err = git_merge_base(&mb, repo, &s->tip, base);
	if (err == GIT_ENOTFOUND)
		err = 0;	/* unrelated histories: all of it is new */
	else if (!err)
		err = tree_of(&from, repo, &mb);
	if (!err)
		err = tree_of(&to, repo, &s->tip);
	if (!err)
		err = git_diff_tree_to_tree(&diff, repo, from, to, NULL);
	if (err < 0) {
		gi_error("unable to diff branch '%s' against its base: %s",
			 s->branch, gi_git_errmsg("unknown error"));
		goto done;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (d->old_file.path)
			paths_add(&s->changed, d->old_file.path);
		if (d->new_file.path)
			paths_add(&s->changed, d->new_file.path);
	}
	paths_finish(&s->changed);
done:
	git_diff_free(diff);
	git_tree_free(from);
	git_tree_free(to);
	return err < 0 ? -1 : 0;
}

static int compare_pair(struct gi_overlap_pair *p, git_repository *repo,
			const struct gi_overlap_side *a,
			const struct gi_overlap_side *b)
{
	git_commit *ca = NULL, *cb = NULL;
	git_index *index = NULL;
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *anc, *ours, *theirs;
	git_merge_options opts = GIT_MERGE_OPTIONS_INIT;
	size_t i;
	int err, ret = -1;

	for (i = 0; i < a->changed.nr; i++)
		if (paths_has(&b->changed, a->changed.v[i]))
			paths_add(&p->both, a->changed.v[i]);
	if (git_commit_lookup(&ca, repo, &a->tip) < 0 ||
	    git_commit_lookup(&cb, repo, &b->tip) < 0 ||
	    git_merge_commits(&index, repo, ca, cb, &opts) < 0)
		goto fail;
	if (git_index_has_conflicts(index)) {
		if (git_index_conflict_iterator_new(&it, index) < 0)
			goto fail;
		while (!(err = git_index_conflict_next(&anc, &ours, &theirs,
						       it))) {
			if (ours)
				paths_add(&p->conflicts, ours->path);
			if (theirs)
				paths_add(&p->conflicts, theirs->path);
			if (anc && !ours && !theirs)
				paths_add(&p->conflicts, anc->path);
		}
		if (err != GIT_ITEROVER)
			goto fail;
		paths_finish(&p->conflicts);
	}
	ret = 0;
	goto done;
fail:
	gi_error("unable to merge '%s' with '%s': %s", a->branch, b->branch,
		 gi_git_errmsg("unknown error"));
done:
	git_index_conflict_iterator_free(it);
	git_index_free(index);	/* never written: it lives in memory only */
	git_commit_free(ca);
	git_commit_free(cb);
	return ret;
}

static int cmp_side(const void *a, const void *b)
{
	const struct gi_overlap_side *x = a, *y = b;

	return x->issue < y->issue ? -1 : x->issue > y->issue;
}

/* Writes to the object database go to memory from now on. */
static int writes_in_memory(git_repository *repo)
{
	git_odb *odb = NULL;
	git_odb_backend *mem = NULL;
	int err = git_repository_odb(&odb, repo);

	if (!err)
		err = git_mempack_new(&mem);
	if (!err) {
		err = git_odb_add_backend(odb, mem, MEMPACK_PRIORITY);
		if (err < 0)
			mem->free(mem);
	}
	git_odb_free(odb);	/* the repository keeps it, and it the pack */
	if (err < 0)
		return gi_error("unable to set up an in-memory object "
				"store: %s", gi_git_errmsg("unknown error"));
	return 0;
}

/* The sides: the issues asked for, or every issue with a branch. */
static int pick_sides(struct gi_overlap *out, const long *issues, size_t nr,
		      const struct gi_worktree_list *wts,
		      const struct gi_issue_branch_list *bl)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (find_branch(out, issues[i], wts, bl))
			return gi_error("issue %s has no branch",
					gi_label(issues[i])),
				GI_EINVALID;
	if (!nr) {
		for (i = 0; i < wts->nr; i++)
			if (wts->v[i].issue)
				find_branch(out, wts->v[i].issue, wts, bl);
		for (i = 0; i < bl->nr; i++)
			find_branch(out, bl->v[i].issue, wts, bl);
	}
	if (out->nsides)
		qsort(out->sides, out->nsides, sizeof(*out->sides), cmp_side);
	return 0;
}

/* What each side changed since it left its base (or `given`). */
static int measure_sides(struct gi_overlap *out, struct gi_repo *r,
			 const struct gi_base *given)
{
	struct gi_base cache, b;
	size_t i;
	int ret = 0;

	memset(&cache, 0, sizeof(cache));
	for (i = 0; i < out->nsides && !ret; i++) {
		struct gi_overlap_side *s = &out->sides[i];

		memset(&b, 0, sizeof(b));
		if (given)
			gi_base_copy(&b, given);
		else
			ret = gi_base_for_branch(&b, r, s->branch, &cache, 0);
		if (!ret) {
			s->base = gi_xstrdup(b.name);
			ret = changed_files(s, r->repo, &b.oid);
		}
		gi_base_release(&b);
	}
	gi_base_release(&cache);
	return ret;
}

/* Every pair, merged in memory. */
static int compare_pairs(struct gi_overlap *out, struct gi_repo *r)
{
	size_t i, j;

	for (i = 0; i < out->nsides; i++)
		for (j = i + 1; j < out->nsides; j++) {
			struct gi_overlap_pair *p;

			GI_ALLOC_GROW(out->pairs, out->npairs + 1,
				      out->pairs_alloc);
			p = &out->pairs[out->npairs++];
			memset(p, 0, sizeof(*p));
			p->a = i;
			p->b = j;
			if (compare_pair(p, r->repo, &out->sides[i],
					 &out->sides[j]) < 0)
				return -1;
			if (p->conflicts.nr)
				out->conflict = 1;
		}
	return 0;
}

int gi_overlap_compute(struct gi_overlap *out, struct gi_repo *r,
		       const long *issues, size_t nr, const char *base)
{
	struct gi_worktree_list wts;
	struct gi_issue_branch_list bl;
	struct gi_base given;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&given, 0, sizeof(given));
	memset(&bl, 0, sizeof(bl));
	if (gi_worktree_list(&wts, r) < 0)
		return -1;
	if (gi_issue_branches(&bl, r) < 0)
		goto done;
	if (base && (ret = gi_base_default(&given, r, base)))
		goto done;
	ret = pick_sides(out, issues, nr, &wts, &bl);
	if (!ret && out->nsides > 1 && writes_in_memory(r->repo) < 0)
		ret = -1;
	if (!ret)
		ret = measure_sides(out, r, base ? &given : NULL);
	if (!ret)
		ret = compare_pairs(out, r);
done:
	gi_base_release(&given);
	gi_issue_branch_list_release(&bl);
	gi_worktree_list_release(&wts);
	if (ret < 0 && ret != GI_EINVALID)
		ret = -1;
	if (ret)
		gi_overlap_release(out);
	return ret;
}

void gi_overlap_release(struct gi_overlap *o)
{
	size_t i;

	for (i = 0; i < o->nsides; i++) {
		free(o->sides[i].branch);
		free(o->sides[i].base);
		gi_paths_release(&o->sides[i].changed);
	}
	for (i = 0; i < o->npairs; i++) {
		gi_paths_release(&o->pairs[i].both);
		gi_paths_release(&o->pairs[i].conflicts);
	}
	free(o->sides);
	free(o->pairs);
	memset(o, 0, sizeof(*o));
}
