/*
 * scan.c: is there uncommitted work in a worktree? (scan.h) Stat data
 * answer most questions (scan-quick.c); libgit2 settles the rest, and git
 * itself the index forms libgit2 1.5 cannot read.
 */
#include "worktree/scan.h"

#include <string.h>
#include <sys/stat.h>

#include "gitissue/util/run.h"
#include "gitissue/util/strset.h"
#include "worktree/scan-quick.h"

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
	const char *path = git_repository_workdir(wt);
	const char *argv[] = { "git", "--no-optional-locks", "-C", path,
			       "status", "--porcelain",
			       "--untracked-files=normal", NULL };
	struct gi_child c = { 0 };
	gi_buf lines = GI_BUF_INIT;
	const char *p;
	int rc;

	c.argv = argv;
	c.clean_repo_env = 1;
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

/*
 * The workdir diff recurses into untracked folders. Without that,
 * libgit2 reports an
 * untracked folder to the notify callback as "untracked" before it
 * looks inside, and only afterwards demotes it to ignored when it
 * holds nothing but ignored files; a callback that decides on the
 * first report (and skips the delta, as ours does) never sees the
 * demotion. That made `.claude/` (whose one file, the agent
 * integration's settings.local.json, is ignored) untracked work in
 * every worktree this scan got to, while git status showed nothing.
 * Recursing, each file is judged by the ignore rules on its own,
 * as git does, and the first one that counts stops the walk.
 */
#define WORKDIR_FLAGS (GIT_DIFF_INCLUDE_UNTRACKED | \
		       GIT_DIFF_SKIP_BINARY_CHECK | \
		       GIT_DIFF_RECURSE_UNTRACKED_DIRS)

int gi_worktree_changes(struct gi_wt_changes *out, git_repository *wt,
			int quick)
{
	return gi_worktree_changes_after(out, wt, quick, gi_scan_quick(wt));
}

int gi_worktree_changes_after(struct gi_wt_changes *out, git_repository *wt,
			      int quick, enum gi_scan_quick scanned)
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
	switch (scanned) {
	case GI_SCAN_CLEAN:
		if (quick)
			return 0;
		break;
	case GI_SCAN_DIRTY:
		if (quick) {
			out->changes = 1;	/* or untracked: one here */
			return 0;
		}
		break;
	case GI_SCAN_UNSURE:
		break;
	case GI_SCAN_FOREIGN:
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

	opts.flags = WORKDIR_FLAGS;
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


struct newest_cb {
	const char *workdir;
	time_t newest;
	gi_buf path;
	struct gi_strset paths;	/* every uncommitted path, once */
	int workdir_side;	/* the index-to-workdir diff: stat them */
};

static int newest_delta(const git_diff *diff, const git_diff_delta *delta,
			const char *matched, void *payload)
{
	struct newest_cb *cb = payload;
	struct stat st;

	(void)diff;
	(void)matched;
	if (delta->status == GIT_DELTA_UNMODIFIED ||
	    delta->status == GIT_DELTA_IGNORED)
		return 1;
	gi_strset_add(&cb->paths, delta->new_file.path);
	if (!cb->workdir_side)
		return 1;
	gi_buf_reset(&cb->path);
	gi_buf_addf(&cb->path, "%s%s", cb->workdir, delta->new_file.path);
	if (!lstat(cb->path.buf, &st) && st.st_mtime > cb->newest)
		cb->newest = st.st_mtime;
	return 1;	/* keep no delta */
}

/* HEAD's tree, or NULL (unborn, or unreadable). */
static git_tree *head_tree(git_repository *wt)
{
	git_object *t = NULL;

	if (git_revparse_single(&t, wt, "HEAD^{tree}") < 0)
		t = NULL;
	git_error_clear();
	return (git_tree *)t;
}

int gi_worktree_uncommitted(git_repository *wt, size_t *files,
			    time_t *newest)
{
	git_index *index = NULL;
	git_diff *diff = NULL;
	git_tree *tree = NULL;
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	struct newest_cb cb = { git_repository_workdir(wt), 0, GI_BUF_INIT,
				{ 0 }, 0 };
	gi_buf path = GI_BUF_INIT;
	struct stat st;
	int ret = -1;

	*newest = 0;
	*files = 0;
	if (!cb.workdir || git_repository_index(&index, wt) < 0)
		goto done;
	opts.notify_cb = newest_delta;
	opts.payload = &cb;
	tree = head_tree(wt);
	if (git_diff_tree_to_index(&diff, wt, tree, index, &opts) < 0)
		goto done;
	git_diff_free(diff);
	diff = NULL;
	cb.workdir_side = 1;
	opts.flags = WORKDIR_FLAGS;
	if (git_diff_index_to_workdir(&diff, wt, index, &opts) < 0)
		goto done;
	gi_buf_addf(&path, "%sindex", git_repository_path(wt));
	if (cb.paths.nr && !stat(path.buf, &st) && st.st_mtime > cb.newest)
		cb.newest = st.st_mtime;	/* staged changes */
	gi_strset_finish(&cb.paths);
	*files = cb.paths.nr;
	*newest = cb.newest;
	ret = 0;
done:
	git_error_clear();
	git_diff_free(diff);
	git_tree_free(tree);
	git_index_free(index);
	gi_strset_release(&cb.paths);
	gi_buf_release(&cb.path);
	gi_buf_release(&path);
	return ret;
}
