/*
 * worktree.c: worktrees, issue branches, the base, and the state of issue
 * work, read without writing anything (worktree.h).
 *
 * The list of worktrees is read from the files git keeps under
 * $GIT_COMMON_DIR/worktrees/<name>/ (gitdir, HEAD, locked) rather than
 * through git_worktree_lookup: that one refuses entries whose folder is
 * gone, and those are exactly the ones git-issue-status must show as
 * "missing". The file formats are git's own and stable.
 */
#include "gitissue/worktree.h"
#include "gitissue/run.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/quick-status.h"

char *gi_real_path(const char *path)
{
	char *p = realpath(path, NULL);

	return p ? p : gi_xstrdup(path);
}

/* A file of one line (HEAD, gitdir), without its newline; NULL if absent. */
static char *read_line_file(const char *path)
{
	gi_buf b = GI_BUF_INIT;

	if (gi_buf_read_file(&b, path) < 0) {
		gi_buf_release(&b);
		return NULL;
	}
	gi_buf_trim_trailing_newlines(&b);
	return gi_buf_detach(&b, NULL);
}

/* Fill branch and head of `w` from a HEAD file. */
static void read_head(struct gi_worktree *w, struct gi_repo *r,
		      const char *head_file)
{
	char *head = read_line_file(head_file);
	long n;

	if (!head)
		return;
	if (!strncmp(head, "ref: ", 5)) {
		const char *ref = head + 5;

		if (!strncmp(ref, "refs/heads/", 11))
			w->branch = gi_xstrdup(ref + 11);
		w->has_head = !git_reference_name_to_id(&w->head, r->repo,
							ref);
	} else {
		w->has_head = !git_oid_fromstr(&w->head, head);
	}
	if (w->branch && !gi_branch_issue(r, w->branch, &n, 0))
		w->issue = n;
	free(head);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The main worktree's folder, or the git dir itself when bare. */
static int main_path(struct gi_worktree_list *l, struct gi_repo *r)
{
	git_repository *m = NULL;
	const char *wd;
	size_t n;

	if (!strcmp(r->gitdir, r->commondir)) {
		l->bare = r->bare;
		l->main_path = gi_real_path(r->bare ? r->commondir :
					    r->workdir);
		return 0;
	}
	if (git_repository_open_ext(&m, r->commondir,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return gi_error("unable to open the main repository '%s': %s",
				r->commondir, gi_git_errmsg("unknown error"));
	wd = git_repository_is_bare(m) ? NULL : git_repository_workdir(m);
	l->bare = !wd;
	l->main_path = gi_real_path(wd ? wd : r->commondir);
	git_repository_free(m);
	/* when realpath fails, the slash libgit2 puts on a workdir stays */
	n = strlen(l->main_path);
	while (n > 1 && l->main_path[n - 1] == '/')
		l->main_path[--n] = '\0';
	return 0;
}

int gi_worktree_list(struct gi_worktree_list *out, struct gi_repo *r)
{
	gi_buf path = GI_BUF_INIT;
	char **names = NULL;
	size_t nnames = 0, alloc = 0, i;
	DIR *d;
	struct dirent *e;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (main_path(out, r) < 0)
		goto done;
	if (!out->bare) {
		struct gi_worktree *w;

		GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		w = &out->v[out->nr++];
		memset(w, 0, sizeof(*w));
		w->is_main = 1;
		w->path = gi_xstrdup(out->main_path);
		w->missing = access(w->path, F_OK) != 0;
		gi_buf_addf(&path, "%s/HEAD", r->commondir);
		read_head(w, r, path.buf);
	}

	gi_buf_reset(&path);
	gi_buf_addf(&path, "%s/worktrees", r->commondir);
	d = opendir(path.buf);
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		GI_ALLOC_GROW(names, nnames + 1, alloc);
		names[nnames++] = gi_xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (nnames)
		qsort(names, nnames, sizeof(*names), cmp_name);

	for (i = 0; i < nnames; i++) {
		struct gi_worktree *w;
		char *gitdir;
		size_t len;

		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/worktrees/%s/gitdir", r->commondir,
			    names[i]);
		gitdir = read_line_file(path.buf);
		if (!gitdir || !*gitdir) {
			/* not a worktree (git worktree prune drops these) */
			free(gitdir);
			continue;
		}
		if (*gitdir != '/') {
			/* newer git can write it relative to the admin dir */
			gi_buf_reset(&path);
			gi_buf_addf(&path, "%s/worktrees/%s/%s", r->commondir,
				    names[i], gitdir);
			free(gitdir);
			gitdir = gi_buf_detach(&path, NULL);
		}
		GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		w = &out->v[out->nr++];
		memset(w, 0, sizeof(*w));
		w->name = gi_xstrdup(names[i]);
		w->missing = access(gitdir, F_OK) != 0;
		len = strlen(gitdir);
		if (len > 5 && !strcmp(gitdir + len - 5, "/.git"))
			gitdir[len - 5] = '\0';
		w->path = w->missing ? gi_xstrdup(gitdir) :
			gi_real_path(gitdir);
		free(gitdir);
		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/worktrees/%s/locked", r->commondir,
			    names[i]);
		w->locked = access(path.buf, F_OK) == 0;
		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/worktrees/%s/HEAD", r->commondir,
			    names[i]);
		read_head(w, r, path.buf);
	}
	ret = 0;
done:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	gi_buf_release(&path);
	if (ret < 0)
		gi_worktree_list_release(out);
	return ret;
}

void gi_worktree_list_release(struct gi_worktree_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->v[i].name);
		free(l->v[i].path);
		free(l->v[i].branch);
	}
	free(l->v);
	free(l->main_path);
	memset(l, 0, sizeof(*l));
}

const struct gi_worktree *gi_worktree_for_issue(
	const struct gi_worktree_list *l, long n)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (l->v[i].issue == n)
			return &l->v[i];
	return NULL;
}

const struct gi_worktree *gi_worktree_at(const struct gi_worktree_list *l,
					 const char *path)
{
	char *real = gi_real_path(path);
	const struct gi_worktree *hit = NULL;
	size_t i;

	for (i = 0; i < l->nr && !hit; i++)
		if (!strcmp(l->v[i].path, real))
			hit = &l->v[i];
	free(real);
	return hit;
}

const struct gi_worktree *gi_worktree_on_branch(
	const struct gi_worktree_list *l, const char *branch)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (l->v[i].branch && !strcmp(l->v[i].branch, branch))
			return &l->v[i];
	return NULL;
}

static int cmp_issue_branch(const void *a, const void *b)
{
	const struct gi_issue_branch *x = a, *y = b;

	if (x->issue != y->issue)
		return x->issue < y->issue ? -1 : 1;
	if (x->linked != y->linked)
		return y->linked - x->linked;
	return strcmp(x->name, y->name);
}

int gi_issue_branches(struct gi_issue_branch_list *out, struct gi_repo *r)
{
	git_branch_iterator *it = NULL;
	git_reference *ref = NULL, *res = NULL;
	git_branch_t type;
	int err, ret = -1;

	memset(out, 0, sizeof(*out));
	if (git_branch_iterator_new(&it, r->repo, GIT_BRANCH_LOCAL) < 0) {
		gi_error("unable to list branches: %s",
			 gi_git_errmsg("unknown error"));
		goto done;
	}
	while (!(err = git_branch_next(&ref, &type, it))) {
		const char *name;
		long n;
		gi_buf key = GI_BUF_INIT;
		char *linked;

		if (!git_branch_name(&name, ref) &&
		    !gi_branch_issue(r, name, &n, 0) &&
		    !git_reference_resolve(&res, ref)) {
			struct gi_issue_branch *b;

			gi_buf_addf(&key, "branch.%s.issue", name);
			linked = gi_config_get(r, key.buf);
			GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			b = &out->v[out->nr++];
			b->name = gi_xstrdup(name);
			b->issue = n;
			b->linked = linked != NULL;
			git_oid_cpy(&b->tip, git_reference_target(res));
			free(linked);
			gi_buf_release(&key);
			git_reference_free(res);
			res = NULL;
		}
		git_reference_free(ref);
		ref = NULL;
	}
	if (err != GIT_ITEROVER) {
		gi_error("unable to list branches: %s",
			 gi_git_errmsg("unknown error"));
		goto done;
	}
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_issue_branch);
	ret = 0;
done:
	git_branch_iterator_free(it);
	if (ret < 0)
		gi_issue_branch_list_release(out);
	return ret;
}

void gi_issue_branch_list_release(struct gi_issue_branch_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i].name);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void gi_base_release(struct gi_base *b)
{
	free(b->name);
	free(b->ref);
	memset(b, 0, sizeof(*b));
}

void gi_base_copy(struct gi_base *dst, const struct gi_base *src)
{
	dst->name = src->name ? gi_xstrdup(src->name) : NULL;
	dst->ref = src->ref ? gi_xstrdup(src->ref) : NULL;
	git_oid_cpy(&dst->oid, &src->oid);
}

/*
 * Resolve `rev` to a commit. `name` is what people see: the rev as given,
 * or the ref's short name when `shorten`.
 * @return 0 or GIT_ENOTFOUND.
 */
static int resolve_base(struct gi_base *out, git_repository *repo,
			const char *rev, int shorten)
{
	git_object *obj = NULL, *commit = NULL;
	git_reference *ref = NULL;
	int ret = GIT_ENOTFOUND;

	memset(out, 0, sizeof(*out));
	if (git_revparse_ext(&obj, &ref, repo, rev) < 0 ||
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0)
		goto done;
	git_oid_cpy(&out->oid, git_object_id(commit));
	if (ref)
		out->ref = gi_xstrdup(git_reference_name(ref));
	out->name = gi_xstrdup(shorten && ref ? git_reference_shorthand(ref) :
			       rev);
	ret = 0;
done:
	git_error_clear();
	git_object_free(commit);
	git_object_free(obj);
	git_reference_free(ref);
	return ret;
}

/*
 * The remote whose default branch is the base: issue.remote, else
 * origin, else the only remote. NULL when there is none. Remotes are
 * found by walking the configuration, not with git_remote_list: in
 * libgit2 1.5 its regex match leaks on every entry that does not match.
 */
static char *base_remote(struct gi_repo *r)
{
	char *name = gi_config_get(r, "issue.remote"), *url;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	size_t count = 0;

	if (name)
		return name;
	url = gi_config_get(r, "remote.origin.url");
	if (url) {
		free(url);
		return gi_xstrdup("origin");
	}
	if (!r->config || git_config_iterator_new(&it, r->config) < 0)
		return NULL;
	while (!git_config_next(&e, it)) {
		size_t len = strlen(e->name);

		if (strncmp(e->name, "remote.", 7) || len < 12 ||
		    strcmp(e->name + len - 4, ".url"))
			continue;
		if (!name || strncmp(name, e->name + 7, len - 11) ||
		    name[len - 11]) {
			count++;
			free(name);
			name = gi_xstrndup(e->name + 7, len - 11);
		}
	}
	git_config_iterator_free(it);
	if (count != 1) {
		free(name);
		name = NULL;
	}
	return name;
}

/* A branch that can serve as a base: born, and not an issue branch. */
static int usable_branch(struct gi_repo *r, const char *branch)
{
	long n;
	gi_buf ref = GI_BUF_INIT;
	git_oid oid;
	int ok;

	if (!branch || !gi_branch_issue(r, branch, &n, 0))
		return 0;
	gi_buf_addf(&ref, "refs/heads/%s", branch);
	ok = !git_reference_name_to_id(&oid, r->repo, ref.buf);
	gi_buf_release(&ref);
	return ok;
}

/* The branch checked out in the main worktree, or NULL. */
static char *main_branch(struct gi_repo *r)
{
	gi_buf path = GI_BUF_INIT;
	char *head, *out = NULL;

	gi_buf_addf(&path, "%s/HEAD", r->commondir);
	head = read_line_file(path.buf);
	if (head && !strncmp(head, "ref: refs/heads/", 16))
		out = gi_xstrdup(head + 16);
	free(head);
	gi_buf_release(&path);
	return out;
}

/* `report`: say so when no base is found (a bad one is always said) */
static int base_default(struct gi_base *out, struct gi_repo *r,
			const char *rev, int report)
{
	char *cfg = NULL, *remote = NULL, *mainb = NULL, *cur = NULL;
	gi_buf ref = GI_BUF_INIT;
	git_reference *head = NULL;
	int ret = GI_WT_EINVALID;

	memset(out, 0, sizeof(*out));
	if (rev) {
		if (resolve_base(out, r->repo, rev, 0))
			gi_error("invalid base '%s': not a commit", rev);
		else
			ret = 0;
		goto done;
	}
	cfg = gi_config_get(r, "issue.base");
	if (cfg) {
		if (resolve_base(out, r->repo, cfg, 0))
			gi_error("invalid base '%s' in 'issue.base': not a "
				 "commit", cfg);
		else
			ret = 0;
		goto done;
	}

	mainb = main_branch(r);
	remote = base_remote(r);
	if (remote) {
		/* what `git clone` (or `git remote set-head`) recorded */
		gi_buf_addf(&ref, "refs/remotes/%s/HEAD", remote);
		if (!git_reference_lookup(&head, r->repo, ref.buf) &&
		    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
		    !resolve_base(out, r->repo,
				  git_reference_symbolic_target(head), 1)) {
			ret = 0;
			goto done;
		}
		git_error_clear();
		/* no HEAD recorded: the remote's branch of the same name */
		if (mainb && usable_branch(r, mainb)) {
			gi_buf_reset(&ref);
			gi_buf_addf(&ref, "refs/remotes/%s/%s", remote, mainb);
			if (!resolve_base(out, r->repo, ref.buf, 1)) {
				ret = 0;
				goto done;
			}
		}
	}
	cur = gi_current_branch(r);
	if (usable_branch(r, mainb) || usable_branch(r, cur)) {
		gi_buf_reset(&ref);
		gi_buf_addf(&ref, "refs/heads/%s",
			    usable_branch(r, mainb) ? mainb : cur);
		if (!resolve_base(out, r->repo, ref.buf, 1)) {
			ret = 0;
			goto done;
		}
	}
	if (report)
		gi_error("no base branch found: give one with --base <rev>, or "
			 "set 'issue.base'");
done:
	git_reference_free(head);
	gi_buf_release(&ref);
	free(cfg);
	free(remote);
	free(mainb);
	free(cur);
	return ret;
}

int gi_base_default(struct gi_base *out, struct gi_repo *r, const char *rev)
{
	return base_default(out, r, rev, 1);
}

int gi_base_for_branch(struct gi_base *out, struct gi_repo *r,
		       const char *branch, struct gi_base *cache, int quiet)
{
	gi_buf key = GI_BUF_INIT;
	char *val;
	int err;

	gi_buf_addf(&key, "branch.%s.issueBase", branch);
	val = gi_config_get(r, key.buf);
	gi_buf_release(&key);
	if (val) {
		err = resolve_base(out, r->repo, val, 1);
		free(val);
		if (!err)
			return 0;
	}
	if (!cache)
		return base_default(out, r, NULL, !quiet);
	if (!cache->name) {
		err = base_default(cache, r, NULL, !quiet);
		if (err)
			return err;
	}
	gi_base_copy(out, cache);
	return 0;
}

/* The diff notify callback's way of saying "seen enough". */
#define STOP_DIFF (-7161)

struct changes_cb {
	struct gi_wt_changes *out;
	int quick;
};

static int note_delta(const git_diff *diff, const git_diff_delta *delta,
		      const char *matched, void *payload)
{
	struct changes_cb *cb = payload;

	(void)diff;
	(void)matched;
	if (delta->status == GIT_DELTA_UNTRACKED)
		cb->out->untracked = 1;
	else if (delta->status != GIT_DELTA_IGNORED &&
		 delta->status != GIT_DELTA_UNMODIFIED)
		cb->out->changes = 1;
	if ((cb->quick && (cb->out->changes || cb->out->untracked)) ||
	    (cb->out->changes && cb->out->untracked))
		return STOP_DIFF;
	return 1;	/* keep no delta: we only count */
}

/*
 * For an index libgit2 1.5 cannot read (split or sparse): ask git, with
 * --no-optional-locks, the mode git has for background pollers: it then
 * neither takes index.lock nor writes the refreshed index back.
 */
static int git_status_changes(struct gi_wt_changes *out, git_repository *wt)
{
	static const char *const unset[] = { "GIT_DIR", "GIT_WORK_TREE",
		"GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX", NULL };
	const char *path = git_repository_workdir(wt);
	const char *argv[] = { "git", "--no-optional-locks", "-C", path,
			       "status", "--porcelain",
			       "--untracked-files=normal", NULL };
	struct gi_child c = { 0 };
	gi_buf lines = GI_BUF_INIT;
	const char *p;
	int rc;

	c.argv = argv;
	c.unset_env = unset;
	c.out = &lines;
	rc = gi_run(&c);
	for (p = lines.buf; *p;) {
		size_t n = strcspn(p, "\n");

		if (!strncmp(p, "?? ", 3))
			out->untracked = 1;
		else if (n)
			out->changes = 1;
		p += n + (p[n] == '\n');
	}
	gi_buf_release(&lines);
	if (rc)
		return gi_error("'git status' failed in '%s'", path);
	return 0;
}

int gi_worktree_changes(struct gi_wt_changes *out, git_repository *wt,
			int quick)
{
	git_index *index = NULL;
	git_reference *head = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	struct changes_cb cb = { out, quick };
	int err, ret = -1;

	memset(out, 0, sizeof(*out));
	/* stat data answer most polls; libgit2 settles the rest */
	switch (gi_quick_status(wt)) {
	case GI_QUICK_CLEAN:
		if (quick)
			return 0;
		break;
	case GI_QUICK_DIRTY:
		if (quick) {
			out->changes = 1;	/* or untracked: one here */
			return 0;
		}
		break;
	case GI_QUICK_UNSURE:
		break;
	case GI_QUICK_FOREIGN:
		return git_status_changes(out, wt);
	}
	opts.notify_cb = note_delta;
	opts.payload = &cb;
	/*
	 * No GIT_DIFF_UPDATE_INDEX: git status would write refreshed stat
	 * data back to the index; we must not, so that polling never
	 * writes, never takes index.lock, never races an agent's commit.
	 */
	if (git_repository_index(&index, wt) < 0)
		goto fail;
	err = git_repository_head(&head, wt);
	if (!err) {
		if (git_reference_peel((git_object **)&tree, head,
				       GIT_OBJECT_TREE) < 0)
			goto fail;
	} else if (err != GIT_EUNBORNBRANCH && err != GIT_ENOTFOUND) {
		goto fail;
	}
	err = git_diff_tree_to_index(&diff, wt, tree, index, &opts);
	git_diff_free(diff);
	diff = NULL;
	if (err < 0 && err != STOP_DIFF)
		goto fail;
	if (err == STOP_DIFF && (quick || out->untracked))
		goto ok;

	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_SKIP_BINARY_CHECK;
	err = git_diff_index_to_workdir(&diff, wt, index, &opts);
	if (err < 0 && err != STOP_DIFF)
		goto fail;
ok:
	git_error_clear();
	ret = 0;
	goto done;
fail:
	gi_error("unable to read the state of '%s': %s",
		 git_repository_workdir(wt) ? git_repository_workdir(wt) :
		 git_repository_path(wt), gi_git_errmsg("unknown error"));
done:
	git_diff_free(diff);
	git_tree_free(tree);
	git_reference_free(head);
	git_index_free(index);
	return ret;
}

int gi_branch_state(struct gi_branch_state *out, git_repository *repo,
		    const char *branch, const git_oid *tip,
		    const git_oid *base)
{
	size_t behind;
	git_reflog *log = NULL;
	gi_buf ref = GI_BUF_INIT;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (git_graph_ahead_behind(&out->ahead, &behind, repo, tip, base) < 0)
		return gi_error("unable to compare '%s' with its base: %s",
				branch, gi_git_errmsg("unknown error"));
	gi_buf_addf(&ref, "refs/heads/%s", branch);
	if (!git_reflog_read(&log, repo, ref.buf) &&
	    (n = git_reflog_entrycount(log)) > 0) {
		/* entry 0 is the newest; the oldest is the creation */
		const git_reflog_entry *e = git_reflog_entry_byindex(log,
								     n - 1);

		out->has_start = 1;
		git_oid_cpy(&out->start, git_reflog_entry_id_new(e));
	}
	git_error_clear();
	out->merged = !out->ahead && out->has_start &&
		!git_oid_equal(&out->start, tip);
	git_reflog_free(log);
	gi_buf_release(&ref);
	return 0;
}

int gi_branch_unpushed(size_t *out, git_repository *repo, const git_oid *tip,
		       const git_oid *base)
{
	git_revwalk *walk = NULL;
	git_reference_iterator *it = NULL;
	git_reference *ref;
	git_oid oid;
	int err, ret = -1;

	*out = 0;
	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_push(walk, tip) < 0 ||
	    git_revwalk_hide(walk, base) < 0 ||
	    git_reference_iterator_new(&it, repo) < 0)
		goto fail;
	while (!(err = git_reference_next(&ref, it))) {
		/* symbolic ones (origin/HEAD) point at one we also see */
		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		    !strncmp(git_reference_name(ref), "refs/remotes/", 13))
			git_revwalk_hide(walk, git_reference_target(ref));
		git_reference_free(ref);
	}
	if (err != GIT_ITEROVER)
		goto fail;
	while (!(err = git_revwalk_next(&oid, walk)))
		(*out)++;
	if (err != GIT_ITEROVER)
		goto fail;
	ret = 0;
	goto done;
fail:
	gi_error("unable to walk the history of %s: %s",
		 git_oid_tostr_s(tip), gi_git_errmsg("unknown error"));
done:
	git_error_clear();
	git_reference_iterator_free(it);
	git_revwalk_free(walk);
	return ret;
}

#define SLUG_MAX 40

char *gi_issue_branch_name(long n, const char *title)
{
	gi_buf b = GI_BUF_INIT;
	size_t start, cut;
	const char *p;

	gi_buf_addf(&b, "issue/%ld-", n);
	start = b.len;
	for (p = title ? title : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x80 && isalnum(c))
			gi_buf_addch(&b, tolower(c));
		else if (b.len > start && b.buf[b.len - 1] != '-')
			gi_buf_addch(&b, '-');
	}
	if (b.len - start > SLUG_MAX) {
		/* cut at a word boundary when there is one not too early */
		cut = start + SLUG_MAX;
		while (cut > start + SLUG_MAX / 2 && b.buf[cut] != '-')
			cut--;
		if (b.buf[cut] != '-')
			cut = start + SLUG_MAX;
		gi_buf_setlen(&b, cut);
	}
	while (b.len > start && b.buf[b.len - 1] == '-')
		gi_buf_setlen(&b, b.len - 1);
	if (b.len == start)
		gi_buf_setlen(&b, start - 1);	/* no slug: issue/<N> */
	return gi_buf_detach(&b, NULL);
}

char *gi_worktree_default_path(struct gi_repo *r,
			       const struct gi_worktree_list *l, long n)
{
	char *root = gi_config_get(r, "issue.worktreeRoot");
	gi_buf out = GI_BUF_INIT;
	git_buf expanded = { NULL, 0, 0 };

	if (root && *root) {
		const char *p = root;

		if (!git_config_parse_path(&expanded, root))
			p = expanded.ptr;
		if (*p != '/')
			gi_buf_addf(&out, "%s/", l->main_path);
		gi_buf_adds(&out, p);
		while (out.len > 1 && out.buf[out.len - 1] == '/')
			gi_buf_setlen(&out, out.len - 1);
	} else {
		size_t len = strlen(l->main_path);

		/* app.git (bare) -> app.worktrees, as for a worktree app */
		if (l->bare && len > 4 &&
		    !strcmp(l->main_path + len - 4, ".git"))
			len -= 4;
		gi_buf_add(&out, l->main_path, len);
		gi_buf_adds(&out, ".worktrees");
	}
	gi_buf_addf(&out, "/issue-%ld", n);
	git_error_clear();
	git_buf_dispose(&expanded);
	free(root);
	return gi_buf_detach(&out, NULL);
}
