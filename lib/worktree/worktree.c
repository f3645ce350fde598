/*
 * worktree.c: the worktrees of the repository and which issue each works
 * on, read without writing anything (worktree.h).
 *
 * The list is read from the files git keeps under
 * $GIT_COMMON_DIR/worktrees/<name>/ (gitdir, HEAD, locked) rather than
 * through git_worktree_lookup: that one refuses entries whose folder is
 * gone, and those are exactly the ones git-issue-status must show as
 * "missing". The file formats are git's own and stable.
 */
#include "worktree/worktree.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/util/config.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/utf8.h"

/* The branch a rebase in `admin` works on (detached meanwhile). */
static char *rebase_branch(const char *admin)
{
	static const char *const dirs[] = { "rebase-merge", "rebase-apply" };
	gi_buf path = GI_BUF_INIT;
	char *line = NULL, *out = NULL;
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(dirs) && !line; i++) {
		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/%s/head-name", admin, dirs[i]);
		line = gi_read_line_file(path.buf);
	}
	if (line && !strncmp(line, "refs/heads/", 11))
		out = gi_xstrdup(line + 11);
	free(line);
	gi_buf_release(&path);
	return out;
}

/* Fill branch, head and issue of `w` from its admin dir. */
static void read_head(struct gi_worktree *w, struct gi_repo *r)
{
	gi_buf path = GI_BUF_INIT;
	char *head;
	long bn = 0, fn = 0;
	int has_file, has_branch = 0;
	const char *branch;

	gi_buf_addf(&path, "%s/HEAD", w->admin);
	head = gi_read_line_file(path.buf);
	gi_buf_release(&path);
	if (head && !strncmp(head, "ref: ", 5)) {
		const char *ref = head + 5;

		if (!strncmp(ref, "refs/heads/", 11))
			w->branch = gi_xstrdup(ref + 11);
		w->has_head = !git_reference_name_to_id(&w->head, r->repo,
							ref);
	} else if (head) {
		w->has_head = !git_oid_fromstr(&w->head, head);
		w->op_branch = rebase_branch(w->admin);
	}
	git_error_clear();
	has_file = !gi_gitdir_issue(w->admin, &fn);
	if (has_file)
		w->file_issue = fn;
	branch = w->branch ? w->branch : w->op_branch;
	if (branch)
		has_branch = !gi_branch_issue(r, branch, &bn, 1);
	if (!gi_issue_of_worktree(fn, has_file, bn, has_branch, &fn))
		w->issue = fn;
	free(head);
}

const char *gi_worktree_claim_name(const struct gi_worktree *w)
{
	return w->is_main ? "main" : w->name;
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
	gi_str_rtrim(l->main_path, "/", 1);
	return 0;
}

static struct gi_worktree *new_worktree(struct gi_worktree_list *l)
{
	struct gi_worktree *w;

	GI_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	w = &l->v[l->nr++];
	memset(w, 0, sizeof(*w));
	return w;
}

/* The names under $GIT_COMMON_DIR/worktrees, sorted; caller frees. */
static char **admin_names(struct gi_repo *r, size_t *nr)
{
	gi_buf path = GI_BUF_INIT;
	char **names = NULL;
	size_t alloc = 0;
	struct dirent *e;
	DIR *d;

	*nr = 0;
	gi_buf_addf(&path, "%s/worktrees", r->commondir);
	d = opendir(path.buf);
	gi_buf_release(&path);
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		GI_ALLOC_GROW(names, *nr + 1, alloc);
		names[(*nr)++] = gi_xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (*nr)
		qsort(names, *nr, sizeof(*names), cmp_name);
	return names;
}

/* The linked worktree whose admin dir is worktrees/<name>, if it is one. */
static void read_linked(struct gi_worktree_list *l, struct gi_repo *r,
			const char *name)
{
	gi_buf path = GI_BUF_INIT;
	struct gi_worktree *w;
	char *gitdir;
	size_t len;

	gi_buf_addf(&path, "%s/worktrees/%s/gitdir", r->commondir, name);
	gitdir = gi_read_line_file(path.buf);
	gi_buf_reset(&path);
	if (!gitdir || !*gitdir) {
		/* not a worktree (git worktree prune drops these) */
		free(gitdir);
		return;
	}
	if (*gitdir != '/') {
		/* newer git can write it relative to the admin dir */
		gi_buf_addf(&path, "%s/worktrees/%s/%s", r->commondir, name,
			    gitdir);
		free(gitdir);
		gitdir = gi_buf_detach(&path, NULL);
	}
	w = new_worktree(l);
	w->name = gi_xstrdup(name);
	w->missing = access(gitdir, F_OK) != 0;
	len = strlen(gitdir);
	if (len > 5 && !strcmp(gitdir + len - 5, "/.git"))
		gitdir[len - 5] = '\0';
	w->path = w->missing ? gi_xstrdup(gitdir) : gi_real_path(gitdir);
	free(gitdir);
	gi_buf_addf(&path, "%s/worktrees/%s/locked", r->commondir, name);
	w->locked = access(path.buf, F_OK) == 0;
	gi_buf_reset(&path);
	gi_buf_addf(&path, "%s/worktrees/%s", r->commondir, name);
	w->admin = gi_buf_detach(&path, NULL);
	read_head(w, r);
}

int gi_worktree_list(struct gi_worktree_list *out, struct gi_repo *r)
{
	char **names;
	size_t nnames, i;

	memset(out, 0, sizeof(*out));
	if (main_path(out, r) < 0)
		return -1;
	if (!out->bare) {
		struct gi_worktree *w = new_worktree(out);

		w->is_main = 1;
		w->path = gi_xstrdup(out->main_path);
		w->missing = access(w->path, F_OK) != 0;
		w->admin = gi_xstrdup(r->commondir);
		read_head(w, r);
	}
	names = admin_names(r, &nnames);
	for (i = 0; i < nnames; i++) {
		read_linked(out, r, names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

void gi_worktree_list_release(struct gi_worktree_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->v[i].name);
		free(l->v[i].path);
		free(l->v[i].branch);
		free(l->v[i].admin);
		free(l->v[i].op_branch);
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

const struct gi_worktree *gi_worktree_named(const struct gi_worktree_list *l,
					    const char *name)
{
	size_t i;

	for (i = 0; name && i < l->nr; i++)
		if (!strcmp(gi_worktree_claim_name(&l->v[i]), name))
			return &l->v[i];
	return NULL;
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

char *gi_worktree_default_path(struct gi_repo *r,
			       const struct gi_worktree_list *l, long n)
{
	char *root = gi_config_get(r, "issue.worktreeRoot");
	gi_buf out = GI_BUF_INIT;
	git_buf expanded = { NULL, 0, 0 };
	const char *c;

	/* a folder with a newline in its name breaks every line-based
	 * reader (git worktree list, scripts), an ESC a terminal */
	for (c = root; c && *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			gi_utf8_add_printable(&out, root, strlen(root), 0);
			gi_error("issue.worktreeRoot '%s' has a control "
				 "character in it: refused; set it without",
				 out.buf);
			gi_buf_release(&out);
			free(root);
			return NULL;
		}
	if (root && *root) {
		const char *p = root;

		if (!git_config_parse_path(&expanded, root))
			p = expanded.ptr;
		if (*p != '/')
			gi_buf_addf(&out, "%s/", l->main_path);
		gi_buf_adds(&out, p);
		gi_buf_rtrim(&out, "/", 1);
	} else {
		size_t len = strlen(l->main_path);

		/* app.git (bare) -> app.worktrees, as for a worktree app */
		if (l->bare && len > 4 &&
		    !strcmp(l->main_path + len - 4, ".git"))
			len -= 4;
		gi_buf_add(&out, l->main_path, len);
		gi_buf_adds(&out, ".worktrees");
	}
	{
		char name[GI_ISSUE_NAME_MAX];

		gi_buf_addf(&out, "/issue-%s", gi_issue_name(n, name));
	}
	git_error_clear();
	git_buf_dispose(&expanded);
	free(root);
	return gi_buf_detach(&out, NULL);
}

