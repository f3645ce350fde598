/*
 * overlap.c: which issues can go on side by side (overlap.h).
 *
 * Each side is the issue's work as it is: the tip of its branch, or, when
 * its worktree has uncommitted changes, a temporary commit on top of it
 * whose tree is the worktree's index plus the files that differ from it
 * (untracked ones included). The worktree's index is read, never written;
 * no ref moves.
 *
 * The merges are stock `git merge-tree --write-tree` (git 2.38+), git's
 * own answer to "would these conflict" (libgit2's merge differs on
 * renames: its default rename limit is 1,000 paths where git's is 7,000,
 * and it handles neither directory renames nor both sides renaming a file
 * to the same path as git does). git merge-tree writes the merge's
 * objects, and our temporary commits must exist for it, so everything
 * written goes to an object directory of its own, a quarantine as git's
 * receive-pack makes one (quarantine.h): libgit2 gets a loose backend
 * there that takes every write, and git runs with GIT_OBJECT_DIRECTORY=
 * <it> and the real object directory as GIT_ALTERNATE_OBJECT_DIRECTORIES:
 * the repository never gains an object. It is kept, a day at a time, so
 * that work already read (wt-cache.h: by the stat data of the worktree)
 * is neither read nor written again. The merges run side by side.
 *
 * With git older than 2.38 (or GIT_ISSUE_TEST_MERGE=libgit2) libgit2
 * merges, in process, with git's rename limit (merge.renameLimit, else
 * diff.renameLimit, else 7,000).
 */
#include "gitissue/worktree/overlap.h"
#include "gitissue/core/issue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/util/config.h"
#include "gitissue/util/parallel.h"
#include "gitissue/core/plan-walk.h"
#include "gitissue/worktree/landed.h"
#include "gitissue/util/run.h"
#include "worktree/branch.h"
#include "worktree/merge-cache.h"
#include "worktree/merge-libgit2.h"
#include "worktree/quarantine.h"
#include "worktree/scan-quick.h"
#include "worktree/worktree.h"
#include "worktree/wt-cache.h"

#define RENAME_LIMIT_DEFAULT 7000

/* --- the sides ----------------------------------------------------- */

static struct gi_overlap_side *add_side(struct gi_overlap *o, long issue,
					const char *branch, const git_oid *tip)
{
	struct gi_overlap_side *s;
	size_t i;

	for (i = 0; i < o->nsides; i++)
		if (o->sides[i].issue == issue)
			return NULL;
	GI_ALLOC_GROW(o->sides, o->nsides + 1, o->sides_alloc);
	s = &o->sides[o->nsides++];
	memset(s, 0, sizeof(*s));
	s->issue = issue;
	s->branch = gi_xstrdup_or_null(branch);
	git_oid_cpy(&s->tip, tip);
	return s;
}

static void drop_last_side(struct gi_overlap *o)
{
	struct gi_overlap_side *s = &o->sides[--o->nsides];

	free(s->branch);
	free(s->base);
	gi_strset_release(&s->changed);
	gi_strset_release(&s->base_conflicts);
}

/* A blob of the worktree file `path`, as an index entry. */
static int add_file(git_index *idx, git_repository *wr, const char *workdir,
		    const char *path, int filemode)
{
	gi_buf full = GI_BUF_INIT;
	git_index_entry e;
	const git_index_entry *old;
	struct stat st;
	int err;

	gi_buf_addf(&full, "%s%s", workdir, path);
	err = lstat(full.buf, &st);
	gi_buf_release(&full);
	if (err < 0)
		return 0;	/* gone meanwhile */
	if (S_ISDIR(st.st_mode))
		return 0;	/* a nested repository: not ours to add */
	memset(&e, 0, sizeof(e));
	e.path = path;
	if (S_ISLNK(st.st_mode))
		e.mode = GIT_FILEMODE_LINK;
	else if (!filemode && (old = git_index_get_bypath(idx, path, 0)) &&
		 old->mode != GIT_FILEMODE_LINK)
		e.mode = old->mode;
	else
		e.mode = st.st_mode & 0100 ? GIT_FILEMODE_BLOB_EXECUTABLE :
			GIT_FILEMODE_BLOB;
	e.file_size = (uint32_t)st.st_size;
	if (git_blob_create_from_workdir(&e.id, wr, path) < 0)
		return -1;
	return git_index_add(idx, &e);
}

/*
 * The tree of the worktree as it is: its index, read from the file and
 * kept in memory, with every file that differs from it put in (untracked
 * ones too) and every one that is gone taken out.
 */
static int worktree_tree(git_oid *out, git_repository *wr,
			 const char *admin)
{
	gi_buf path = GI_BUF_INIT;
	git_index *idx = NULL;
	git_diff *diff = NULL;
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_config *cfg = NULL;
	const char *workdir = git_repository_workdir(wr);
	int filemode = 1, ret = -1;
	size_t i, n;

	gi_buf_addf(&path, "%s/index", admin);
	if (access(path.buf, F_OK) == 0 ?
	    git_index_open(&idx, path.buf) < 0 : git_index_new(&idx) < 0)
		goto done;
	if (git_index_has_conflicts(idx)) {
		ret = 1;	/* unmerged paths: no tree to be had */
		goto done;
	}
	if (!git_repository_config_snapshot(&cfg, wr))
		git_config_get_bool(&filemode, cfg, "core.filemode");
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED |
		GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_SKIP_BINARY_CHECK;
	if (git_diff_index_to_workdir(&diff, wr, idx, &opts) < 0)
		goto done;
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		switch (d->status) {
		case GIT_DELTA_DELETED:
			if (git_index_remove(idx, d->old_file.path, 0) < 0)
				goto done;
			break;
		case GIT_DELTA_MODIFIED:
		case GIT_DELTA_TYPECHANGE:
		case GIT_DELTA_UNTRACKED:
			if (add_file(idx, wr, workdir, d->new_file.path,
				     filemode) < 0)
				goto done;
			break;
		default:
			break;
		}
	}
	if (git_index_write_tree_to(out, idx, wr) < 0)
		goto done;
	ret = 0;
done:
	if (ret < 0)
		gi_error("unable to read the work in '%s': %s", workdir,
			 gi_git_errmsg("unknown error"));
	git_error_clear();
	git_config_free(cfg);
	git_diff_free(diff);
	git_index_free(idx);	/* never written */
	gi_buf_release(&path);
	return ret;
}

/* What an earlier run found of the same work (wt-cache.h), said again. */
static int work_known(struct gi_overlap_side *s, const struct gi_worktree *w,
		      const struct gi_wt_known *ws, const char *qdir)
{
	if (!ws->has_work ||
	    (ws->work == GI_WORK_TIP && !gi_quarantine_has(qdir, &ws->tip)))
		return 0;
	if (ws->work == GI_WORK_FOREIGN)
		gi_warning("the uncommitted work in '%s' is not compared: its "
			   "index is split or sparse", w->path);
	else if (ws->work == GI_WORK_UNMERGED)
		gi_warning("the uncommitted work in '%s' is not compared: it "
			   "has unmerged paths", w->path);
	else if (ws->work == GI_WORK_TIP) {
		git_oid_cpy(&s->tip, &ws->tip);
		s->uncommitted = 1;
	}
	return 1;
}

/* The commit of the work in `wr` on top of `head`: its id in s->tip. */
static int commit_work(struct gi_overlap_side *s, git_repository *wr,
		       git_commit *head, const git_oid *tree)
{
	git_signature *sig = NULL;
	git_tree *t = NULL;
	const git_commit *parents[1];
	int ret = -1;

	parents[0] = head;
	if (!git_signature_new(&sig, "git-issue", "git-issue@localhost", 0,
			       0) &&
	    !git_tree_lookup(&t, wr, tree) &&
	    !git_commit_create(&s->tip, wr, NULL, sig, sig, NULL,
			       "uncommitted work", t, head ? 1 : 0, parents))
		ret = 0;
	git_tree_free(t);
	git_signature_free(sig);
	return ret;
}

/*
 * When worktree `w` has uncommitted work, a commit of it on top of its
 * HEAD (in the object directory `qdir`) becomes the side's tip; known
 * from an earlier run when the worktree's state has the same key.
 */
static int with_uncommitted(struct gi_overlap_side *s,
			    const struct gi_worktree *w, const char *qdir,
			    struct gi_wt_cache *wtc)
{
	git_repository *wr = NULL;
	git_commit *head = NULL;
	struct gi_wt_known ws;
	git_oid tree;
	int err, ret = -1;

	if (git_repository_open_ext(&wr, w->path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		gi_error("unable to open the worktree '%s': %s", w->path,
			 gi_git_errmsg("unknown error"));
		goto done;
	}
	memset(&ws, 0, sizeof(ws));
	switch (gi_wt_cache_quick(wtc, wr)) {
	case GI_SCAN_CLEAN:
		ret = 0;
		goto done;
	case GI_SCAN_FOREIGN:
		ws.has_work = 1;
		ws.work = GI_WORK_FOREIGN;
		ret = work_known(s, w, &ws, qdir) - 1;
		goto done;
	default:
		gi_wt_cache_get(wtc, wr, &ws);
		if (work_known(s, w, &ws, qdir)) {
			ret = 0;
			goto done;
		}
		break;
	}
	ws.has_status = 0;
	ws.has_work = 1;
	ws.work = GI_WORK_NONE;
	if (gi_quarantine_use(wr, qdir) < 0)
		goto done;
	err = worktree_tree(&tree, wr, w->admin);
	if (err) {
		ws.work = GI_WORK_UNMERGED;
		ret = err > 0 ? work_known(s, w, &ws, qdir) - 1 : -1;
		goto done;
	}
	if (w->has_head) {
		if (git_commit_lookup(&head, wr, &w->head) < 0)
			goto fail;
		if (git_oid_equal(git_commit_tree_id(head), &tree)) {
			ret = 0;	/* touched, not changed */
			goto done;
		}
	}
	if (commit_work(s, wr, head, &tree) < 0)
		goto fail;
	s->uncommitted = 1;
	ws.work = GI_WORK_TIP;
	git_oid_cpy(&ws.tip, &s->tip);
	ret = 0;
	goto done;
fail:
	gi_error("unable to record the work in '%s': %s", w->path,
		 gi_git_errmsg("unknown error"));
done:
	if (!ret && ws.has_work)
		gi_wt_cache_put(wtc, &ws);
	git_error_clear();
	git_commit_free(head);
	git_repository_free(wr);
	return ret;
}

/* A candidate side: an issue with a worktree or a branch. */
struct candidate {
	long issue;
	const struct gi_worktree *w;	/* NULL: a branch alone */
	const char *branch;
	git_oid tip;
	int named;
	int no_branch;		/* named, without a branch: the plan only */
};

static void add_candidate(struct candidate **v, size_t *nr, size_t *alloc,
			  long n, const struct gi_worktree_list *wts,
			  const struct gi_issue_branch_list *bl, int named,
			  int *found)
{
	size_t i;

	*found = 0;
	for (i = 0; i < *nr; i++)
		if ((*v)[i].issue == n) {
			(*v)[i].named |= named;
			*found = 1;
			return;
		}
	GI_ALLOC_GROW(*v, *nr + 1, *alloc);
	memset(&(*v)[*nr], 0, sizeof(**v));
	for (i = 0; i < wts->nr; i++)
		if (wts->v[i].issue == n && wts->v[i].has_head &&
		    !wts->v[i].missing) {
			(*v)[*nr].issue = n;
			(*v)[*nr].w = &wts->v[i];
			(*v)[*nr].branch = wts->v[i].branch ?
				wts->v[i].branch : wts->v[i].op_branch;
			git_oid_cpy(&(*v)[*nr].tip, &wts->v[i].head);
			(*v)[(*nr)++].named = named;
			*found = 1;
			return;
		}
	for (i = 0; i < bl->nr; i++)
		if (bl->v[i].issue == n) {
			(*v)[*nr].issue = n;
			(*v)[*nr].w = NULL;
			(*v)[*nr].branch = bl->v[i].name;
			git_oid_cpy(&(*v)[*nr].tip, &bl->v[i].tip);
			(*v)[(*nr)++].named = named;
			*found = 1;
			return;
		}
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

/*
 * Files the side changed since it left the base, and whether the base
 * has all of those changes (*in_base: merged by squash or rebase).
 */
static int changed_files(struct gi_overlap_side *s, git_repository *repo,
			 const git_oid *base, int *in_base)
{
	git_oid mb;
	git_tree *from = NULL, *to = NULL, *in = NULL;
	struct gi_tree_changes ch = { NULL, 0, 0 };
	size_t i;
	int err;

	*in_base = 0;
	err = git_merge_base(&mb, repo, &s->tip, base);
	if (err == GIT_ENOTFOUND) {
		err = 0;	/* unrelated histories: all of it is new */
		s->behind = 1;
	} else if (!err) {
		s->behind = !git_oid_equal(&mb, base);
		err = tree_of(&from, repo, &mb);
	}
	if (!err)
		err = tree_of(&to, repo, &s->tip);
	if (!err)
		err = tree_of(&in, repo, base);
	if (!err)
		err = gi_tree_changes(&ch, repo, from, to);
	if (err < 0) {
		gi_error("unable to diff issue %s against its base: %s",
			 gi_label(s->issue), gi_git_errmsg("unknown error"));
		goto done;
	}
	for (i = 0; i < ch.nr; i++)
		gi_strset_add(&s->changed, ch.v[i].path);
	gi_strset_finish(&s->changed);
	*in_base = gi_tree_has_changes(in, &ch);
done:
	gi_tree_changes_release(&ch);
	git_tree_free(from);
	git_tree_free(to);
	git_tree_free(in);
	return err < 0 ? -1 : 0;
}

static int cmp_side(const void *a, const void *b)
{
	const struct gi_overlap_side *x = a, *y = b;

	return x->issue < y->issue ? -1 : x->issue > y->issue;
}

/* --- the merges ---------------------------------------------------- */

struct merge_job {
	git_oid a, b;
	struct gi_strset *conflicts;
	const char *const *env;
	const char *gitdir;
	int rc;
	gi_buf out, err;
};

/*
 * git merge-tree --write-tree --name-only -z: "<tree>\0<path>\0...".
 * Two histories without a common commit are merged too, as from an empty
 * tree (libgit2 does the same): git's "refusing to merge unrelated
 * histories" is an answer to a merge command, not to "would these two
 * conflict".
 */
static void run_merge_tree(struct merge_job *j)
{
	char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
	gi_buf dir = GI_BUF_INIT;
	const char *argv[] = { "git", dir.buf, "merge-tree", "--write-tree",
			       "--allow-unrelated-histories", "--name-only",
			       "-z", "--no-messages", a, b, NULL };
	struct gi_child c = { 0 };

	gi_buf_addf(&dir, "--git-dir=%s", j->gitdir);
	argv[1] = dir.buf;
	git_oid_tostr(a, sizeof(a), &j->a);
	git_oid_tostr(b, sizeof(b), &j->b);
	c.argv = argv;
	c.env = j->env;
	c.clean_repo_env = 1;
	c.out = &j->out;
	c.err = &j->err;
	j->rc = gi_run(&c);
	gi_buf_release(&dir);
}

static void merge_one(size_t i, void *payload)
{
	run_merge_tree(&((struct merge_job *)payload)[i]);
}

/* One git at a time per core: a merge of a large tree is CPU-bound. */
static void run_all(struct merge_job *jobs, size_t nr)
{
	gi_parallel_each(nr, merge_one, jobs);
}

static int parse_merge_tree(struct merge_job *j)
{
	const char *p = j->out.buf, *end = j->out.buf + j->out.len;

	if (j->rc != 0 && j->rc != 1) {
		gi_error("'git merge-tree' failed (exit code %d): %s", j->rc,
			 j->err.len ? j->err.buf : "no message");
		return -1;
	}
	p += strnlen(p, (size_t)(end - p)) + 1;	/* the tree */
	while (p < end && *p) {
		gi_strset_add(j->conflicts, p);
		p += strnlen(p, (size_t)(end - p)) + 1;
	}
	gi_strset_finish(j->conflicts);
	return 0;
}

/*
 * The merges the cache knows (merge-cache.h): their conflicts filled in,
 * the others moved to the front. @return how many are left to run.
 */
static size_t merges_known(struct gi_merge_cache *mc, struct merge_job *jobs,
			   size_t nj)
{
	size_t j, left = 0;

	for (j = 0; j < nj; j++) {
		const struct gi_merge_entry *e = gi_merge_cache_get(mc,
							&jobs[j].a, &jobs[j].b);
		const char *p;

		if (!e) {
			jobs[left++] = jobs[j];
			continue;
		}
		for (p = e->paths; p < e->paths + e->size; p += strlen(p) + 1)
			gi_strset_add(jobs[j].conflicts, p);
		gi_strset_finish(jobs[j].conflicts);
	}
	return left;
}

/*
 * git merge-tree --write-tree came with git 2.38; an older git answers
 * it with a usage error (129), which sends us to libgit2. Asking for
 * `git version` first would cost a process on every run.
 */
static int want_merge_tree(void)
{
	const char *force = getenv("GIT_ISSUE_TEST_MERGE");

	return !force || strcmp(force, "libgit2");
}

static int older_git(const struct merge_job *jobs, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (jobs[i].rc == 129)
			return 1;
	return 0;
}

static long rename_limit(struct gi_repo *r)
{
	long v = gi_config_long(r, "merge.renameLimit", -1);

	if (v < 0)
		v = gi_config_long(r, "diff.renameLimit", -1);
	/* 0 means "no limit" to git, as large as it goes */
	return v < 0 ? RENAME_LIMIT_DEFAULT : v == 0 ? 0x7fffffffL : v;
}

/* The merges to make: every pair that can merge, and every side with
 * its base when the base moved away. @return how many. */
static size_t merge_jobs(struct merge_job *jobs, struct gi_overlap *o,
			 git_repository *repo)
{
	size_t i, nj = 0;

	for (i = 0; i < o->npairs; i++) {
		const struct gi_overlap_side *a = &o->sides[o->pairs[i].a];
		const struct gi_overlap_side *b = &o->sides[o->pairs[i].b];

		/* one after the other, or one side has nothing to merge */
		if (o->pairs[i].nchain || a->no_branch || b->no_branch ||
		    a->no_work || b->no_work)
			continue;
		git_oid_cpy(&jobs[nj].a, &a->tip);
		git_oid_cpy(&jobs[nj].b, &b->tip);
		jobs[nj++].conflicts = &o->pairs[i].conflicts;
		o->pairs[i].unrelated = gi_merge_unrelated(repo, &a->tip, &b->tip);
	}
	for (i = 0; i < o->nsides; i++) {
		if (!o->sides[i].behind || o->sides[i].no_work)
			continue;	/* it merges into its base by itself */
		git_oid_cpy(&jobs[nj].a, &o->sides[i].tip);
		git_oid_cpy(&jobs[nj].b, &o->sides[i].base_oid);
		jobs[nj++].conflicts = &o->sides[i].base_conflicts;
	}
	return nj;
}

/*
 * Every pair, and every side that the base moved away from with the
 * base: merged by git side by side in the quarantine, or by libgit2.
 */
static int merge_all(struct gi_overlap *o, struct gi_repo *r,
		     const char *qdir)
{
	struct merge_job *jobs;
	size_t i, j, nj = 0;
	gi_buf e_obj = GI_BUF_INIT, e_alt = GI_BUF_INIT;
	const char *env[3];
	int ret = 0, git = want_merge_tree();
	long limit = rename_limit(r);
	struct gi_merge_cache mc;

	jobs = gi_xcalloc(o->npairs + o->nsides + 1, sizeof(*jobs));
	nj = merge_jobs(jobs, o, r->repo);
	/* git's merges made before, by the two commits (the work in progress
	 * is a commit with a fixed author and time: the same work, the same
	 * id); only the others run */
	gi_merge_cache_load(&mc, r, "git merge-tree");
	if (git)
		nj = merges_known(&mc, jobs, nj);
	gi_buf_addf(&e_obj, "GIT_OBJECT_DIRECTORY=%s", qdir);
	gi_buf_addf(&e_alt, "GIT_ALTERNATE_OBJECT_DIRECTORIES=%s/objects",
		    r->commondir);
	env[0] = e_obj.buf;
	env[1] = e_alt.buf;
	env[2] = NULL;
	for (j = 0; j < nj; j++) {
		gi_buf_init(&jobs[j].out);
		gi_buf_init(&jobs[j].err);
		jobs[j].env = env;
		jobs[j].gitdir = r->commondir;
	}
	if (git) {
		run_all(jobs, nj);
		git = !older_git(jobs, nj);
	}
	o->engine = git ? "git merge-tree" : "libgit2";
	if (git) {
		for (j = 0; j < nj; j++)
			if (parse_merge_tree(&jobs[j]) < 0)
				ret = -1;
			else
				gi_merge_cache_put(&mc, &jobs[j].a, &jobs[j].b,
						   jobs[j].conflicts);
		gi_merge_cache_save(&mc, r);
	} else {
		for (j = 0; j < nj && !ret; j++)
			ret = gi_merge_libgit2(jobs[j].conflicts, r->repo,
					    &jobs[j].a, &jobs[j].b, limit);
	}
	gi_merge_cache_release(&mc);
	for (j = 0; j < nj; j++) {
		gi_buf_release(&jobs[j].out);
		gi_buf_release(&jobs[j].err);
	}
	for (i = 0; i < o->npairs; i++) {
		struct gi_overlap_pair *p = &o->pairs[i];
		const struct gi_overlap_side *a = &o->sides[p->a];
		const struct gi_overlap_side *b = &o->sides[p->b];

		for (j = 0; j < a->changed.nr; j++)
			if (gi_strset_has(&b->changed, a->changed.v[j]))
				gi_strset_add(&p->both, a->changed.v[j]);
		if (p->conflicts.nr)
			o->conflict = 1;
	}
	for (i = 0; i < o->nsides; i++)
		if (o->sides[i].base_conflicts.nr)
			o->conflict = 1;
	free(jobs);
	gi_buf_release(&e_obj);
	gi_buf_release(&e_alt);
	return ret;
}

/* --- putting it together ------------------------------------------- */

/* The worktrees' uncommitted work, read side by side (lstat-bound). */
struct work_job {
	const struct candidate *c;
	const char *qdir;
	struct gi_wt_cache *wtc;
	struct gi_overlap_side s;
	int err;
};

static void work_one(size_t i, void *payload)
{
	struct work_job *j = &((struct work_job *)payload)[i];

	if (j->c->w)
		j->err = with_uncommitted(&j->s, j->c->w, j->qdir, j->wtc);
}

static void read_all_work(struct work_job *jobs, size_t nr)
{
	gi_parallel_each(nr, work_one, jobs);
}

/*
 * Make the sides: each candidate's work as it is, measured against its
 * base; the ones with nothing to compare (no work, or merged) are left
 * out unless named.
 */
static int make_sides(struct gi_overlap *out, struct gi_repo *r,
		      const struct candidate *cand, size_t ncand,
		      const struct gi_base *given, const char *qdir)
{
	struct gi_base cache, b;
	struct work_job *work = gi_xcalloc(ncand + 1, sizeof(*work));
	size_t i;
	int ret = 0;

	memset(&cache, 0, sizeof(cache));
	for (i = 0; i < ncand; i++) {
		work[i].c = &cand[i];
		work[i].qdir = qdir;
		work[i].wtc = gi_wt_cache_of(r);
		git_oid_cpy(&work[i].s.tip, &cand[i].tip);
	}
	read_all_work(work, ncand);
	gi_wt_cache_save(gi_wt_cache_of(r), r);
	for (i = 0; i < ncand && !ret; i++) {
		const struct candidate *c = &cand[i];
		struct gi_overlap_side s;
		struct gi_overlap_side *added;
		size_t ahead = 0, behind;
		int in_base = 0;

		if (c->no_branch) {
			added = add_side(out, c->issue, NULL, &c->tip);
			if (added)
				added->no_branch = 1;
			continue;
		}

		memset(&b, 0, sizeof(b));
		s = work[i].s;
		s.issue = c->issue;
		if (given)
			gi_base_copy(&b, given);
		else if ((ret = gi_base_for_branch(&b, r, c->branch, &cache,
						   0)))
			break;
		if ((ret = work[i].err) < 0)
			goto next;
		if (!s.uncommitted &&
		    git_graph_ahead_behind(&ahead, &behind, r->repo, &s.tip,
					   &b.oid) < 0) {
			ret = gi_error("unable to compare issue %s with its "
				       "base: %s", gi_label(c->issue),
				       gi_git_errmsg("unknown error"));
			goto next;
		}
		/* nothing of its own to compare */
		if (!c->named && !s.uncommitted && !ahead)
			goto next;
		added = add_side(out, c->issue, c->branch, &s.tip);
		if (!added)
			goto next;
		added->uncommitted = s.uncommitted;
		added->no_work = !s.uncommitted && !ahead;
		added->base = gi_xstrdup(b.name);
		git_oid_cpy(&added->base_oid, &b.oid);
		ret = changed_files(added, r->repo, &b.oid, &in_base);
		/* merged by squash or rebase: the base has it all */
		if (!ret && !c->named && !s.uncommitted && in_base)
			drop_last_side(out);
next:
		gi_base_release(&b);
	}
	gi_base_release(&cache);
	free(work);
	return ret;
}

/*
 * The pairs: all, or the one named issue with every other, or (`against`)
 * each of `issues` with each of `against`.
 */
static void make_pairs(struct gi_overlap *o, long one, const long *issues,
		       size_t nr, const long *against, size_t nagainst)
{
	size_t i, j;

	for (i = 0; i < o->nsides; i++)
		for (j = i + 1; j < o->nsides; j++) {
			struct gi_overlap_pair *p;
			long a = o->sides[i].issue, b = o->sides[j].issue;

			if (one && a != one && b != one)
				continue;
			if (against && !((gi_longs_has(issues, nr, a) &&
					  gi_longs_has(against, nagainst, b)) ||
					 (gi_longs_has(issues, nr, b) &&
					  gi_longs_has(against, nagainst, a))))
				continue;
			GI_ALLOC_GROW(o->pairs, o->npairs + 1,
				      o->pairs_alloc);
			p = &o->pairs[o->npairs++];
			memset(p, 0, sizeof(*p));
			p->a = i;
			p->b = j;
		}
}

/*
 * Does one of the pair block the other: the chain in the order of the
 * work. Both ways (a cycle forced past GitHub's rule) is no order at all:
 * the chain becomes the cycle, from a back to a, and neither can start.
 */
static void plan_chain(struct gi_overlap_pair *pr, const struct gi_plan *p,
		       long a, long b)
{
	long *back = NULL;
	size_t nback;

	pr->nchain = gi_plan_chain(p, a, b, &pr->chain);
	if (!pr->nchain) {
		pr->nchain = gi_plan_chain(p, b, a, &pr->chain);
		return;
	}
	nback = gi_plan_chain(p, b, a, &back);
	if (nback) {
		/* a ... b, then b ... a without b again */
		pr->chain = gi_xrealloc(pr->chain, (pr->nchain + nback - 1) *
					sizeof(*pr->chain));
		memcpy(pr->chain + pr->nchain, back + 1,
		       (nback - 1) * sizeof(*back));
		pr->nchain += nback - 1;
		pr->cycle = 1;
	}
	free(back);
}

/*
 * What the plan says of each pair: one blocks the other (sequential, with
 * the chain), or one is the other's parent. A side without a branch must
 * be answered for by the plan in every pair.
 */
static const char *plan_state(const struct gi_plan *p, long n,
			      const struct gi_landed *l)
{
	const struct gi_plan_node *node = gi_plan_get(p, n);

	return gi_issue_state_word(node && node->known ? &node->is : NULL, n,
				   l);
}

static int plan_pairs(struct gi_overlap *o, struct gi_repo *r)
{
	struct gi_plan p;
	struct gi_landed l;
	size_t i, j;
	int ret = 0;

	if (gi_plan_load(&p, r, NULL) < 0)
		return -1;
	if (gi_landed_collect(&l, r) < 0) {
		gi_plan_release(&p);
		return -1;
	}
	for (i = 0; i < o->npairs && !ret; i++) {
		struct gi_overlap_pair *pr = &o->pairs[i];
		const struct gi_overlap_side *a = &o->sides[pr->a];
		const struct gi_overlap_side *b = &o->sides[pr->b];

		plan_chain(pr, &p, a->issue, b->issue);
		if (gi_plan_is_parent(&p, a->issue, b->issue))
			pr->parent = a->issue;
		else if (gi_plan_is_parent(&p, b->issue, a->issue))
			pr->parent = b->issue;
		if (pr->parent)
			pr->parent_state = plan_state(&p, pr->parent, &l);
		pr->chain_state = gi_xcalloc(pr->nchain + 1,
					     sizeof(*pr->chain_state));
		for (j = 0; j < pr->nchain; j++)
			pr->chain_state[j] = plan_state(&p, pr->chain[j], &l);
		if (pr->nchain)
			o->sequential = 1;
		else if ((a->no_branch || b->no_branch) && !pr->parent)
			ret = (gi_error("issue %s has no branch",
					gi_label(a->no_branch ? a->issue :
						 b->issue)), GI_EINVALID);
	}
	gi_landed_release(&l);
	gi_plan_release(&p);
	return ret;
}

/*
 * The issues to compare: those asked for (and those `against`); for one
 * issue or none, every issue with a worktree or a branch too.
 * @return 0, or GI_EINVALID (reported) for a named issue without a
 * branch that the plan cannot answer for.
 */
static int gather(struct candidate **cand, size_t *ncand, size_t *alloc,
		  const long *issues, size_t nr, const long *against,
		  size_t nagainst, const struct gi_worktree_list *wts,
		  const struct gi_issue_branch_list *bl)
{
	size_t i;
	int found;

	for (i = 0; i < nagainst; i++)
		add_candidate(cand, ncand, alloc, against[i], wts, bl, 1,
			      &found);	/* without a branch: left out */
	for (i = 0; i < nr; i++) {
		add_candidate(cand, ncand, alloc, issues[i], wts, bl, 1,
			      &found);
		if (!found && against)
			continue;
		if (!found && nr >= 2) {
			/* the plan may still answer for it */
			GI_ALLOC_GROW(*cand, *ncand + 1, *alloc);
			memset(&(*cand)[*ncand], 0, sizeof(**cand));
			(*cand)[*ncand].issue = issues[i];
			(*cand)[*ncand].named = 1;
			(*cand)[(*ncand)++].no_branch = 1;
			continue;
		}
		if (!found)
			return gi_error("issue %s has no branch",
					gi_label(issues[i])), GI_EINVALID;
	}
	if (nr <= 1 && !against) {
		for (i = 0; i < wts->nr; i++)
			if (wts->v[i].issue)
				add_candidate(cand, ncand, alloc,
					      wts->v[i].issue, wts, bl, 0,
					      &found);
		for (i = 0; i < bl->nr; i++)
			add_candidate(cand, ncand, alloc, bl->v[i].issue, wts,
				      bl, 0, &found);
	}
	return 0;
}

static int compute(struct gi_overlap *out, struct gi_repo *r,
		   const long *issues, size_t nr, const char *base,
		   const long *against, size_t nagainst)
{
	struct gi_worktree_list wts;
	struct gi_issue_branch_list bl;
	struct gi_base given;
	struct candidate *cand = NULL;
	size_t ncand = 0, alloc = 0;
	char *qdir = NULL;
	int ret = -1, qtemp = 0;

	memset(out, 0, sizeof(*out));
	memset(&given, 0, sizeof(given));
	memset(&bl, 0, sizeof(bl));
	if (gi_worktree_list(&wts, r) < 0)
		return -1;
	if (gi_issue_branches(&bl, r) < 0)
		goto done;
	if (base && (ret = gi_base_default(&given, r, base)))
		goto done;
	ret = gather(&cand, &ncand, &alloc, issues, nr, against, nagainst,
		     &wts, &bl);
	if (ret)
		goto done;
	ret = -1;
	qdir = gi_quarantine_make(r, &qtemp);
	if (!qdir || gi_quarantine_use(r->repo, qdir) < 0)
		goto done;
	ret = make_sides(out, r, cand, ncand, base ? &given : NULL, qdir);
	if (ret)
		goto done;
	if (out->nsides)
		qsort(out->sides, out->nsides, sizeof(*out->sides), cmp_side);
	make_pairs(out, nr == 1 && !against ? issues[0] : 0, issues, nr,
		   against, nagainst);
	if (!against && (ret = plan_pairs(out, r)))
		goto done;
	ret = merge_all(out, r, qdir);
done:
	if (qtemp)
		gi_quarantine_drop(qdir);
	free(qdir);
	free(cand);
	gi_base_release(&given);
	gi_issue_branch_list_release(&bl);
	gi_worktree_list_release(&wts);
	if (ret < 0 && ret != GI_EINVALID)
		ret = -1;
	if (ret)
		gi_overlap_release(out);
	return ret;
}

int gi_overlap_compute(struct gi_overlap *out, struct gi_repo *r,
		       const long *issues, size_t nr, const char *base)
{
	return compute(out, r, issues, nr, base, NULL, 0);
}

int gi_overlap_against(struct gi_overlap *out, struct gi_repo *r,
		       const long *issues, size_t nr, const long *against,
		       size_t nagainst)
{
	static const long none;

	return compute(out, r, issues, nr, NULL,
		       against ? against : &none, nagainst);
}

void gi_overlap_release(struct gi_overlap *o)
{
	size_t i;

	for (i = 0; i < o->nsides; i++) {
		free(o->sides[i].branch);
		free(o->sides[i].base);
		gi_strset_release(&o->sides[i].changed);
		gi_strset_release(&o->sides[i].base_conflicts);
	}
	for (i = 0; i < o->npairs; i++) {
		gi_strset_release(&o->pairs[i].both);
		gi_strset_release(&o->pairs[i].conflicts);
		free(o->pairs[i].chain);
		free(o->pairs[i].chain_state);
	}
	free(o->sides);
	free(o->pairs);
	memset(o, 0, sizeof(*o));
}
