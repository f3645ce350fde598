/*
 * git-hooks.c: our blocks in git hooks (the pre-push hook, and the
 * post-checkout hook of the agent integration) and the notes refspec
 * (git-hooks.h).
 */
#include "gitissue/sync/git-hooks.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/util/config.h"
#include "gitissue/core/remote.h"
#include "gitissue/util/run.h"
#include "gitissue/core/store.h"
#include "sync/sync-cache.h"
#include "sync/target.h"
#include "util/lockfile.h"
#include "util/marked-block.h"

/* Written when we create the hook file ourselves. */
#define OWN_SHEBANG "#!/bin/sh\n"
/* How long an install waits for another's lock on the hook. */
#define HOOK_LOCK_TIMEOUT_MS 1000

char *gi_hooks_dir(struct gi_repo *r)
{
	char *conf = gi_config_get(r, "core.hooksPath");
	gi_buf b = GI_BUF_INIT;

	if (conf && *conf) {
		if (conf[0] == '/')
			return conf;
		if (conf[0] == '~' && conf[1] == '/' && getenv("HOME")) {
			gi_buf_addf(&b, "%s%s", getenv("HOME"), conf + 1);
		} else {
			/* relative to the top of the worktree, as git does */
			gi_buf_addf(&b, "%s/%s", r->workdir ? r->workdir :
				    r->gitdir, conf);
		}
		free(conf);
		return gi_buf_detach(&b, NULL);
	}
	free(conf);
	gi_buf_addf(&b, "%s/hooks", r->commondir);
	return gi_buf_detach(&b, NULL);
}

/*
 * The sync's own status counts only with issue.syncStrict, whatever it is:
 * a crash (a signal's 128+N) must not fail the push either, so the block
 * decides from the configuration, not from the status alone.
 */
static void hook_body(gi_buf *out)
{
	gi_buf_adds(out,
		"# Added by 'git issue-init'; 'git issue-init --uninstall' "
		"removes it.\n"
		"# Mirrors issue notes on push; never fails the push unless\n"
		"# issue.syncStrict is set, not even when the sync crashes.\n"
		"# git-issue-hook answers \"nothing new\" itself, else runs\n"
		"# 'git issue-sync --hook pre-push'.\n"
		"if command -v git-issue-hook >/dev/null 2>&1 &&\n"
		"\tcommand -v git-issue-sync >/dev/null 2>&1\n"
		"then\n"
		"\tgit-issue-hook pre-push \"$1\" \"$2\" </dev/null ||\n"
		"\t{\n"
		"\t\tgit_issue_status=$?\n"
		"\t\tif test \"$(git config --type=bool issue.syncStrict "
		"2>/dev/null)\" = true\n"
		"\t\tthen\n"
		"\t\t\texit $git_issue_status\n"
		"\t\tfi\n"
		"\t\techo \"git-issue: git-issue-sync failed (exit status "
		"$git_issue_status); the push goes on\" >&2\n"
		"\t}\n"
		"else\n"
		"\techo \"git-issue: git-issue-sync is not installed; "
		"notes not synced\" >&2\n"
		"fi\n");
}


static char *hook_path(struct gi_repo *r, const char *name)
{
	char *dir = gi_hooks_dir(r);
	gi_buf b = GI_BUF_INIT;

	gi_buf_addf(&b, "%s/%s", dir, name);
	free(dir);
	return gi_buf_detach(&b, NULL);
}

/*
 * Take the hook's lock before reading it: two installs at once (git
 * issue-init in two worktrees) then wait for each other instead of
 * writing over each other. What is committed keeps the hook's mode; a
 * new hook is executable.
 */
static int lock_hook(struct gi_lock *lk, const char *path)
{
	struct gi_lock_opts o = { 0 };

	o.flags = GI_LOCK_KEEP_MODE;
	o.mode = 0755;
	o.timeout_ms = HOOK_LOCK_TIMEOUT_MS;
	return gi_lock_hold(lk, path, &o) ? -1 : 0;
}

/* The hook's text. @return 1, 0 when there is no hook, -1 (reported). */
static int read_hook(const char *path, gi_buf *out)
{
	if (!gi_buf_read_file(out, path))
		return 1;
	if (errno == ENOENT)
		return 0;
	return gi_error("unable to read '%s': %s", path, strerror(errno));
}

static int write_hook(struct gi_lock *lk, const gi_buf *text)
{
	if (gi_lock_write(lk, text->buf, text->len) < 0)
		return -1;
	return gi_lock_commit(lk);
}

/*
 * Can our block run after this hook's own code? Only for a shell script
 * whose lines never exit or exec: anything else might end before it.
 */
static int safe_to_append(const char *s)
{
	regex_t re;
	int ok;

	if (strncmp(s, "#!/bin/sh", 9) && strncmp(s, "#!/bin/bash", 11) &&
	    strncmp(s, "#!/usr/bin/env sh", 17) &&
	    strncmp(s, "#!/usr/bin/env bash", 19) &&
	    strncmp(s, "#!/bin/dash", 11))
		return 0;
	if (regcomp(&re, "(^|[;&|({[:space:]])(exit|exec)([[:space:];]|$)",
		    REG_EXTENDED | REG_NOSUB | REG_NEWLINE))
		return 0;
	ok = regexec(&re, s, 0, NULL, 0) != 0;
	regfree(&re);
	return ok;
}

int gi_hook_install(struct gi_repo *r, gi_buf *manual)
{
	gi_buf body = GI_BUF_INIT;
	int ret;

	hook_body(&body);
	ret = gi_hook_file_install(r, "pre-push", body.buf, manual);
	gi_buf_release(&body);
	return ret;
}

/* What our block in `cur` (NULL: no hook yet) makes of the hook. */
static int hook_put(gi_buf *next, const gi_buf *cur, const char *body,
		    gi_buf *manual)
{
	gi_buf block = GI_BUF_INIT;

	switch (gi_block_put(next, cur ? cur->buf : OWN_SHEBANG,
			     cur ? cur->len : strlen(OWN_SHEBANG),
			     &gi_block_hook, body)) {
	case GI_BLOCK_UNCHANGED:
		return GI_HOOK_UNCHANGED;
	case GI_BLOCK_UPDATED:
		return GI_HOOK_UPDATED;
	default:
		if (!cur)
			return GI_HOOK_INSTALLED;
		if (safe_to_append(cur->buf))
			return GI_HOOK_ADDED;
		gi_block_put(&block, NULL, 0, &gi_block_hook, body);
		gi_buf_add(manual, block.buf, block.len);
		gi_buf_release(&block);
		return GI_HOOK_REFUSED;
	}
}

int gi_hook_file_install(struct gi_repo *r, const char *name,
			 const char *body, gi_buf *manual)
{
	char *path = hook_path(r, name), *dir = gi_hooks_dir(r);
	struct gi_lock lk = GI_LOCK_INIT;
	gi_buf cur = GI_BUF_INIT, next = GI_BUF_INIT;
	int have, ret;

	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		ret = gi_error("unable to create '%s': %s", dir,
			       strerror(errno));
		goto done;
	}
	if (lock_hook(&lk, path) < 0 || (have = read_hook(path, &cur)) < 0) {
		ret = -1;
		goto done;
	}
	ret = hook_put(&next, have ? &cur : NULL, body, manual);
	if ((ret == GI_HOOK_INSTALLED || ret == GI_HOOK_ADDED ||
	     ret == GI_HOOK_UPDATED) && write_hook(&lk, &next) < 0)
		ret = -1;
done:
	gi_lock_rollback(&lk);
	gi_buf_release(&cur);
	gi_buf_release(&next);
	free(path);
	free(dir);
	return ret;
}

int gi_hook_uninstall(struct gi_repo *r)
{
	return gi_hook_file_uninstall(r, "pre-push");
}

int gi_hook_file_uninstall(struct gi_repo *r, const char *name)
{
	char *path = hook_path(r, name);
	struct gi_lock lk = GI_LOCK_INIT;
	gi_buf cur = GI_BUF_INIT, next = GI_BUF_INIT;
	struct stat st;
	int ret = GI_HOOK_ABSENT;

	/* no hook: nothing to lock, and maybe no folder to lock it in */
	if (lstat(path, &st) < 0)
		goto done;
	if (lock_hook(&lk, path) < 0 || read_hook(path, &cur) < 0) {
		ret = -1;
		goto done;
	}
	if (gi_block_cut(&next, cur.buf, cur.len, &gi_block_hook) ==
	    GI_BLOCK_ABSENT)
		goto done;
	if (!strcmp(next.buf, OWN_SHEBANG))
		/* the whole file is ours */
		ret = unlink(path) < 0 ?
			gi_error("unable to remove '%s': %s", path,
				 strerror(errno)) : GI_HOOK_REMOVED;
	else
		ret = write_hook(&lk, &next) < 0 ? -1 : GI_HOOK_REMOVED;
done:
	gi_lock_rollback(&lk);
	gi_buf_release(&cur);
	gi_buf_release(&next);
	free(path);
	return ret;
}

void gi_hook_describe_mirror(gi_buf *out, struct gi_repo *r,
			     const char *remote)
{
	struct gi_github_target t;
	gi_buf to = GI_BUF_INIT;

	if (remote)
		gi_buf_addf(&to, "'%s'", remote);
	else
		gi_buf_adds(&to, "no remote yet");
	if (!gi_config_bool(r, "issue.mirror", 1)) {
		gi_buf_addf(out, "issue.mirror is false: records go to %s only; "
			    "nothing is posted to GitHub", to.buf);
	} else if (gi_github_target(&t, r, remote)) {
		gi_buf_addf(out, "records go to %s only: no GitHub repository "
			    "(set issue.github to <owner>/<repo> to mirror)",
			    to.buf);
	} else {
		gi_buf_addf(out, "on push, notes, lessons and retractions go "
			    "to %s and are posted as comments to GitHub issues "
			    "of %s/%s at %s; 'git config issue.mirror false' "
			    "keeps them in git", to.buf, t.owner, t.repo,
			    t.host);
		gi_github_target_release(&t);
	}
	gi_buf_release(&to);
}

/*
 * The glob form fetches the remote's refs/notes/issues into
 * refs/notes/remotes/<remote>/issues, and, unlike the exact form, does not
 * make every plain `git fetch` fail while the remote has no notes yet.
 */
static void refspec(gi_buf *b, const char *remote)
{
	gi_buf_addf(b, "+" GI_NOTES_REF "*:refs/notes/remotes/%s/issues*",
		    remote);
}

/* Run `git config <args>` in this repository; 0 or its exit code. */
static int git_config_cmd(struct gi_repo *r, const char **args, gi_buf *out)
{
	const char *argv[8] = { "config" };
	size_t i;

	for (i = 0; args[i] && i < 6; i++)
		argv[1 + i] = args[i];
	return gi_git(r, argv, out, NULL, 0);
}

/* Is `spec` among remote.<remote>.fetch? 1, 0, or -1 without the remote. */
static int has_refspec(struct gi_repo *r, const char *remote,
		       const char *spec)
{
	gi_buf key = GI_BUF_INIT, out = GI_BUF_INIT;
	const char *get[] = { "--get-all", NULL, NULL };
	const char *p;
	int found = 0;

	if (!gi_remote_exists(r, remote))
		return -1;
	/* the snapshot may predate our own change: ask git */
	gi_buf_addf(&key, "remote.%s.fetch", remote);
	get[1] = key.buf;
	git_config_cmd(r, get, &out);
	for (p = out.buf; *p;) {
		size_t n = strcspn(p, "\n");

		if (n == strlen(spec) && !strncmp(p, spec, n))
			found = 1;
		p += n + (p[n] == '\n');
	}
	gi_buf_release(&key);
	gi_buf_release(&out);
	return found;
}

int gi_refspec_install(struct gi_repo *r, const char *remote)
{
	gi_buf spec = GI_BUF_INIT, key = GI_BUF_INIT;
	const char *add[] = { "--add", NULL, NULL, NULL };
	int has, ret;

	refspec(&spec, remote);
	gi_buf_addf(&key, "remote.%s.fetch", remote);
	add[1] = key.buf;
	add[2] = spec.buf;
	has = has_refspec(r, remote, spec.buf);
	if (has < 0)
		ret = gi_error("no such remote '%s'", remote);
	else if (has)
		ret = 0;
	else if (git_config_cmd(r, add, NULL))
		ret = gi_error("unable to add a fetch refspec to '%s'", remote);
	else
		ret = 1;
	gi_buf_release(&spec);
	gi_buf_release(&key);
	return ret;
}

int gi_refspec_uninstall(struct gi_repo *r, const char *remote)
{
	gi_buf spec = GI_BUF_INIT, key = GI_BUF_INIT;
	const char *unset[] = { "--fixed-value", "--unset", NULL, NULL, NULL };
	int ret = 0;

	refspec(&spec, remote);
	gi_buf_addf(&key, "remote.%s.fetch", remote);
	unset[2] = key.buf;
	unset[3] = spec.buf;
	if (has_refspec(r, remote, spec.buf) != 1)
		ret = 0;
	else if (git_config_cmd(r, unset, NULL))
		ret = gi_error("unable to remove the fetch refspec of '%s'",
			       remote);
	else
		ret = 1;
	gi_buf_release(&spec);
	gi_buf_release(&key);
	return ret;
}

/* Nothing to sync with the remote git names `arg` (its name, or the URL
 * when there is none)? Any doubt, or any error, answers no. */
static int pre_push_nothing_new(const char *arg)
{
	struct gi_repo r;
	struct gi_sync_state st;
	char *remote = NULL;
	const cJSON *rs;
	int ret = 0;

	if (gi_repo_open(&r) < 0)
		return 0;
	if (!gi_remote_pick(&r, gi_remote_exists(&r, arg) ? arg : NULL, 1,
			    &remote) &&
	    !gi_sync_state_peek(&st, &r)) {
		rs = cJSON_GetObjectItem(cJSON_GetObjectItem(st.doc, "remotes"),
					 remote ? remote : "(none)");
		ret = rs && gi_sync_state_nothing_new(&r, rs);
		gi_sync_state_close(&st);
	}
	free(remote);
	gi_repo_release(&r);
	return ret;
}

int gi_hook_pre_push(const char *remote, const char *url)
{
	const char *argv[] = { "git", "issue-sync", "--hook", "pre-push",
			       remote, url, NULL };

	if (pre_push_nothing_new(remote)) {
		/* what git issue-sync --hook says then, to the letter */
		fprintf(stderr, "git-issue: nothing new\n");
		return 0;
	}
	fflush(NULL);
	execvp(argv[0], (char *const *)argv);
	return gi_error("unable to run 'git issue-sync': %s", strerror(errno));
}
