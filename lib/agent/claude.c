/*
 * claude.c: our hooks in Claude Code's settings files (claude.h).
 */
#include "agent/claude.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/block.h"
#include "agent/jsontext.h"
#include "gitissue/util/util.h"

/*
 * SessionStart has no matcher: every source, the ones Claude Code has now
 * (startup, resume, clear, compact, and fork since 2.1.214: 2.1.337 sends
 * it for --fork-session) and any it adds; after a compaction the brief
 * would be gone with the summarised history. PostToolUse runs for the
 * tools that name a file or run a command, where a lesson may name what
 * they touch. UserPromptSubmit, Notification and SessionEnd only record
 * what the session does, for the board (worktree/activity.h); a
 * Notification of any type, the hook tells them apart. The timeout is
 * the session's bound on the hook; the hook's own deadline (5 s) comes
 * well before it.
 */
const struct gi_claude_hook gi_claude_hooks[] = {
	{ "SessionStart", NULL, "git issue-hook claude session-start", 10 },
	{ "Stop", NULL, "git issue-hook claude stop", 10 },
	{ "PostToolUse", GI_CLAUDE_TOOLS, "git issue-hook claude post-tool-use",
	  10 },
	{ "UserPromptSubmit", NULL, "git issue-hook claude user-prompt-submit",
	  10 },
	{ "Notification", NULL, "git issue-hook claude notification", 10 },
	{ "SessionEnd", NULL, "git issue-hook claude session-end", 10 },
	{ NULL, NULL, NULL, 0 }
};

static cJSON *group_json(const struct gi_claude_hook *h)
{
	cJSON *g = cJSON_CreateObject(), *list, *entry;

	if (h->matcher)
		cJSON_AddStringToObject(g, "matcher", h->matcher);
	list = cJSON_AddArrayToObject(g, "hooks");
	entry = cJSON_CreateObject();
	cJSON_AddStringToObject(entry, "type", "command");
	cJSON_AddStringToObject(entry, "command", h->command);
	if (h->timeout)
		cJSON_AddNumberToObject(entry, "timeout", h->timeout);
	cJSON_AddItemToArray(list, entry);
	return g;
}

static int has_prefix(const struct gi_jt *v, const char *prefix)
{
	size_t n = strlen(prefix);

	return v && v->type == GI_JT_STRING && v->str_len >= n &&
		!memcmp(v->str, prefix, n);
}

/* Is hook entry `e` ours (its command starts with `prefix`)? */
static int entry_is(const struct gi_jt *e, const char *prefix)
{
	return e->type == GI_JT_OBJECT &&
		has_prefix(gi_jt_get(e, "command"), prefix);
}

/* The entries list of hook group `g`, or NULL. */
static const struct gi_jt *group_entries(const struct gi_jt *g)
{
	const struct gi_jt *h = gi_jt_get(g, "hooks");

	return h && h->type == GI_JT_ARRAY ? h : NULL;
}

/* Does the event list `ev` run a command starting with `prefix`? */
static int list_has(const struct gi_jt *ev, const char *prefix)
{
	size_t i, j;

	for (i = 0; ev && ev->type == GI_JT_ARRAY && i < ev->nr; i++) {
		const struct gi_jt *h = group_entries(&ev->kids[i]);

		for (j = 0; h && j < h->nr; j++)
			if (entry_is(&h->kids[j], prefix))
				return 1;
	}
	return 0;
}

static int parse_root(struct gi_jt **root, const char *text, size_t len,
		      gi_buf *err)
{
	gi_buf why = GI_BUF_INIT;

	if (gi_jt_parse(root, text, len, &why) < 0) {
		gi_buf_addf(err, "not valid JSON (%s)", why.buf);
		gi_buf_release(&why);
		return -1;
	}
	gi_buf_release(&why);
	if ((*root)->type != GI_JT_OBJECT) {
		gi_buf_adds(err, "not a JSON object");
		gi_jt_free(*root);
		*root = NULL;
		return -1;
	}
	return 0;
}

int gi_claude_settings_has(const char *text, size_t len, const char *event)
{
	struct gi_jt *root;
	gi_buf err = GI_BUF_INIT;
	const struct gi_jt *hooks;
	int ret;

	if (parse_root(&root, text, len, &err) < 0) {
		gi_buf_release(&err);
		return -1;
	}
	hooks = gi_jt_get(root, "hooks");
	ret = list_has(gi_jt_get(hooks, event), GI_CLAUDE_COMMAND_PREFIX);
	gi_jt_free(root);
	return ret;
}

/* A new file: {"hooks": {<event>: [<group>], ...}}, two-space indents. */
static void new_file(gi_buf *out, const struct gi_claude_hook *hooks)
{
	cJSON *doc = cJSON_CreateObject(), *h = cJSON_AddObjectToObject(doc,
									"hooks");
	size_t i;

	for (i = 0; hooks[i].event; i++) {
		cJSON *ev = cJSON_GetObjectItemCaseSensitive(h,
							     hooks[i].event);

		if (!ev)
			ev = cJSON_AddArrayToObject(h, hooks[i].event);
		cJSON_AddItemToArray(ev, group_json(&hooks[i]));
	}
	gi_jt_render(out, doc, "", "  ");
	gi_buf_addch(out, '\n');
	cJSON_Delete(doc);
}

/* Add hook `h` to `cur` when it lacks it. 1 changed, 0 no, -1 (err). */
static int add_one(gi_buf *cur, const struct gi_claude_hook *h, gi_buf *err)
{
	struct gi_jt *root;
	const struct gi_jt *hooks, *ev;
	struct gi_jt_edit e;
	gi_buf next = GI_BUF_INIT;
	cJSON *v = NULL;
	int ret = 1;

	if (parse_root(&root, cur->buf, cur->len, err) < 0)
		return -1;
	hooks = gi_jt_get(root, "hooks");
	ev = gi_jt_get(hooks, h->event);
	if (!hooks) {
		v = cJSON_CreateObject();
		cJSON_AddItemToObject(v, h->event, cJSON_CreateArray());
		cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(
					     v, h->event), group_json(h));
		gi_jt_append_edit(&e, cur->buf, root, "hooks", v);
	} else if (hooks->type != GI_JT_OBJECT) {
		gi_buf_adds(err, "its \"hooks\" is not an object");
		ret = -1;
	} else if (!ev) {
		v = cJSON_CreateArray();
		cJSON_AddItemToArray(v, group_json(h));
		gi_jt_append_edit(&e, cur->buf, hooks, h->event, v);
	} else if (ev->type != GI_JT_ARRAY) {
		gi_buf_addf(err, "its \"hooks\".\"%s\" is not a list",
			    h->event);
		ret = -1;
	} else if (list_has(ev, h->command)) {
		ret = 0;
	} else {
		v = group_json(h);
		gi_jt_append_edit(&e, cur->buf, ev, NULL, v);
	}
	if (v) {
		gi_jt_apply(&next, cur->buf, cur->len, &e);
		gi_jt_edit_release(&e);
		gi_buf_reset(cur);
		gi_buf_add(cur, next.buf, next.len);
		cJSON_Delete(v);
	}
	gi_buf_release(&next);
	gi_jt_free(root);
	return ret;
}

/* Does the group holding our entry for `h` have another matcher than
 * `h` (an install of an older version)? */
static int matcher_differs(const struct gi_jt *ev, const struct gi_claude_hook *h)
{
	size_t i, j;

	for (i = 0; ev && ev->type == GI_JT_ARRAY && i < ev->nr; i++) {
		const struct gi_jt *g = &ev->kids[i], *list = group_entries(g);
		const struct gi_jt *m = gi_jt_get(g, "matcher");

		for (j = 0; list && j < list->nr; j++) {
			if (!entry_is(&list->kids[j], h->command))
				continue;
			if (!h->matcher)
				return m != NULL;
			return !m || m->type != GI_JT_STRING ||
				m->str_len != strlen(h->matcher) ||
				memcmp(m->str, h->matcher, m->str_len);
		}
	}
	return 0;
}

/* Is any hook of ours in `text` installed with an older matcher? */
static int stale(const char *text, size_t len,
		 const struct gi_claude_hook *hooks)
{
	struct gi_jt *root;
	gi_buf err = GI_BUF_INIT;
	size_t i;
	int ret = 0;

	if (parse_root(&root, text, len, &err) < 0) {
		gi_buf_release(&err);
		return 0;
	}
	for (i = 0; hooks[i].event && !ret; i++)
		ret = matcher_differs(gi_jt_get(gi_jt_get(root, "hooks"),
						hooks[i].event), &hooks[i]);
	gi_jt_free(root);
	gi_buf_release(&err);
	return ret;
}

int gi_claude_settings_add(gi_buf *out, const char *text, size_t len,
			   const struct gi_claude_hook *hooks, gi_buf *err)
{
	gi_buf fresh = GI_BUF_INIT;
	size_t i;
	int changed = 0, rc;

	gi_buf_reset(out);
	if (!text) {
		new_file(out, hooks);
		return 1;
	}
	if (stale(text, len, hooks)) {
		/* ours out (the exact inverse of adding), then in again */
		rc = gi_claude_settings_remove(&fresh, text, len, err);
		if (rc < 0) {
			gi_buf_release(&fresh);
			return -1;
		}
		if (rc == 2) {
			gi_buf_release(&fresh);
			new_file(out, hooks);
			return 1;
		}
		changed = 1;
		gi_buf_add(out, fresh.buf, fresh.len);
		gi_buf_release(&fresh);
	} else {
		gi_buf_add(out, text, len);
	}
	for (i = 0; hooks[i].event; i++) {
		rc = add_one(out, &hooks[i], err);
		if (rc < 0) {
			gi_buf_reset(out);
			return -1;
		}
		changed |= rc;
	}
	return changed;
}

static size_t index_of(const struct gi_jt *obj, const char *key)
{
	size_t i;

	for (i = obj->nr; i-- > 0;)
		if (!strcmp(obj->kids[i].key, key))
			return i;
	return (size_t)-1;
}

enum drop { DROP_NOTHING, DROP_EVENT, DROP_HOOKS };

/*
 * One removal in `cur`: an entry of ours, or a group holding only ours,
 * or (`*drop`) the event list or the hooks object we just emptied.
 * 1 done (`*drop` says what to drop next), 0 nothing left of ours.
 */
static int remove_one(gi_buf *cur, const struct gi_jt *root, enum drop *drop,
		      char **event, int *emptied_root)
{
	const struct gi_jt *hooks = gi_jt_get(root, "hooks");
	struct gi_jt_edit e;
	gi_buf next = GI_BUF_INIT;
	size_t i, j, k, ours;
	int found = 0;

	if (*drop == DROP_EVENT && hooks && hooks->type == GI_JT_OBJECT &&
	    (i = index_of(hooks, *event)) != (size_t)-1 &&
	    !hooks->kids[i].nr) {
		gi_jt_remove_edit(&e, cur->buf, hooks, i);
		*drop = hooks->nr == 1 ? DROP_HOOKS : DROP_NOTHING;
		found = 1;
	} else if (*drop == DROP_HOOKS && hooks && !hooks->nr &&
		   (i = index_of(root, "hooks")) != (size_t)-1) {
		gi_jt_remove_edit(&e, cur->buf, root, i);
		*emptied_root = root->nr == 1;
		*drop = DROP_NOTHING;
		found = 1;
	}
	*drop = found ? *drop : DROP_NOTHING;
	for (i = 0; !found && hooks && hooks->type == GI_JT_OBJECT &&
	     i < hooks->nr; i++) {
		const struct gi_jt *ev = &hooks->kids[i];

		for (j = 0; !found && ev->type == GI_JT_ARRAY && j < ev->nr;
		     j++) {
			const struct gi_jt *list = group_entries(&ev->kids[j]);

			if (!list)
				continue;
			for (k = ours = 0; k < list->nr; k++)
				ours += entry_is(&list->kids[k],
						 GI_CLAUDE_COMMAND_PREFIX);
			if (!ours)
				continue;
			found = 1;
			if (ours == list->nr) {
				gi_jt_remove_edit(&e, cur->buf, ev, j);
				if (ev->nr == 1) {
					free(*event);
					*event = gi_xstrdup(ev->key);
					*drop = DROP_EVENT;
				}
				continue;
			}
			for (k = 0; !entry_is(&list->kids[k],
					      GI_CLAUDE_COMMAND_PREFIX); k++)
				;
			gi_jt_remove_edit(&e, cur->buf, list, k);
		}
	}
	if (!found)
		return 0;
	gi_jt_apply(&next, cur->buf, cur->len, &e);
	gi_jt_edit_release(&e);
	gi_buf_reset(cur);
	gi_buf_add(cur, next.buf, next.len);
	gi_buf_release(&next);
	return 1;
}

int gi_claude_settings_remove(gi_buf *out, const char *text, size_t len,
			      gi_buf *err)
{
	struct gi_jt *root;
	enum drop drop = DROP_NOTHING;
	char *event = NULL;
	int removed = 0, emptied_root = 0, rc;

	gi_buf_reset(out);
	gi_buf_add(out, text, len);
	do {
		if (parse_root(&root, out->buf, out->len, err) < 0) {
			gi_buf_reset(out);
			free(event);
			return -1;
		}
		rc = remove_one(out, root, &drop, &event, &emptied_root);
		removed |= rc;
		gi_jt_free(root);
	} while (rc);
	free(event);
	if (!removed)
		return 0;
	return emptied_root ? 2 : 1;
}

static void settings_path(gi_buf *out, const char *worktree, const char *rel)
{
	gi_buf_reset(out);
	gi_buf_addf(out, "%s/%s", worktree, rel);
}

/*
 * The hooks of `hooks` that the committed settings.json does not run
 * already, into `out` (ended by a NULL event): only those go into
 * settings.local.json, or they would run twice. @return how many.
 */
static size_t not_shared(struct gi_claude_hook *out, const char *worktree,
			 const struct gi_claude_hook *hooks)
{
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT, err = GI_BUF_INIT;
	size_t i, n = 0;
	int have;

	settings_path(&path, worktree, GI_CLAUDE_SHARED_SETTINGS);
	have = gi_agent_read_file(path.buf, &text, &err) == 1;
	for (i = 0; hooks[i].event; i++)
		if (!have || gi_claude_settings_has(text.buf, text.len,
						    hooks[i].event) != 1)
			out[n++] = hooks[i];
	memset(&out[n], 0, sizeof(out[n]));
	gi_buf_release(&path);
	gi_buf_release(&text);
	gi_buf_release(&err);
	return n;
}

/*
 * .claude/ made for the settings when it is not there (its lock file
 * goes in it). @return 1 made, 0 there already, -1 (`err`).
 */
static int settings_dir(gi_buf *dir, const char *worktree, gi_buf *err)
{
	settings_path(dir, worktree, ".claude");
	if (!mkdir(dir->buf, 0777))
		return 1;
	if (errno == EEXIST)
		return 0;
	gi_buf_addf(err, "unable to create '%s': %s", dir->buf,
		    strerror(errno));
	return -1;
}

/* enabledPlugins["git-issue@git-issue"] of one settings file: 1, 0
 * (false), -1 (not said). */
static int plugin_in(const char *path)
{
	gi_buf text = GI_BUF_INIT;
	cJSON *doc, *v;
	int ret = -1;

	if (gi_buf_read_file(&text, path) < 0)
		return -1;
	doc = cJSON_ParseWithLength(text.buf, text.len);
	v = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(doc, "enabledPlugins"),
		GI_CLAUDE_PLUGIN);
	if (cJSON_IsBool(v))
		ret = cJSON_IsTrue(v);
	cJSON_Delete(doc);
	gi_buf_release(&text);
	return ret;
}

int gi_claude_plugin_enabled(const char *dir)
{
	const char *config = getenv("CLAUDE_CONFIG_DIR"), *home;
	gi_buf path = GI_BUF_INIT;
	int on = 0, v;

	if (config && *config) {
		gi_buf_addf(&path, "%s/settings.json", config);
	} else if ((home = getenv("HOME")) && *home) {
		gi_buf_addf(&path, "%s/.claude/settings.json", home);
	}
	/* the user's, the project's, the local: the later wins */
	if (path.len && (v = plugin_in(path.buf)) >= 0)
		on = v;
	settings_path(&path, dir, GI_CLAUDE_SHARED_SETTINGS);
	if ((v = plugin_in(path.buf)) >= 0)
		on = v;
	settings_path(&path, dir, GI_CLAUDE_SETTINGS);
	if ((v = plugin_in(path.buf)) >= 0)
		on = v;
	gi_buf_release(&path);
	return on;
}

int gi_claude_install(const char *worktree, const struct gi_claude_hook *hooks,
		      gi_buf *err)
{
	gi_buf path = GI_BUF_INIT, cur = GI_BUF_INIT, next = GI_BUF_INIT;
	gi_buf why = GI_BUF_INIT, dir = GI_BUF_INIT;
	struct gi_lock lk = GI_LOCK_INIT;
	struct gi_claude_hook *local;
	size_t n = 0;
	int have, rc, ret, made;

	while (hooks[n].event)
		n++;
	local = gi_xcalloc(n + 1, sizeof(*local));
	if (!not_shared(local, worktree, hooks)) {
		free(local);
		return GI_SETTINGS_SHARED;
	}
	settings_path(&path, worktree, GI_CLAUDE_SETTINGS);
	made = settings_dir(&dir, worktree, err);
	if (made < 0 ||
	    gi_agent_lock_file(&lk, path.buf, worktree, 0644, err) < 0) {
		ret = -1;
		goto done;
	}
	have = gi_agent_read_file(path.buf, &cur, err);
	if (have < 0) {
		ret = -1;
		goto done;
	}
	rc = gi_claude_settings_add(&next, have ? cur.buf : NULL, cur.len,
				    local, &why);
	if (rc < 0) {
		gi_buf_addf(err, "'%s' is %s: left as it is", path.buf,
			    why.buf);
		ret = -1;
		goto done;
	}
	if (!rc) {
		ret = GI_SETTINGS_UNCHANGED;
		goto done;
	}
	ret = gi_agent_commit_file(&lk, next.buf, next.len) < 0 ? -1 :
		have ? GI_SETTINGS_ADDED : GI_SETTINGS_CREATED;
done:
	gi_lock_rollback(&lk);
	/* a folder made for a file that was not written goes again */
	if (made > 0 && ret != GI_SETTINGS_CREATED)
		rmdir(dir.buf);
	gi_buf_release(&dir);
	free(local);
	gi_buf_release(&path);
	gi_buf_release(&cur);
	gi_buf_release(&next);
	gi_buf_release(&why);
	return ret;
}

int gi_claude_uninstall(const char *worktree, gi_buf *err)
{
	gi_buf path = GI_BUF_INIT, cur = GI_BUF_INIT, next = GI_BUF_INIT;
	gi_buf why = GI_BUF_INIT;
	struct gi_lock lk = GI_LOCK_INIT;
	struct stat sb;
	int have, rc, ret;

	settings_path(&path, worktree, GI_CLAUDE_SETTINGS);
	/* no file: nothing to lock, and maybe no folder to lock it in */
	if (lstat(path.buf, &sb) < 0 && errno == ENOENT) {
		ret = GI_SETTINGS_ABSENT;
		goto done;
	}
	if (gi_agent_lock_file(&lk, path.buf, worktree, 0644, err) < 0) {
		ret = -1;
		goto done;
	}
	have = gi_agent_read_file(path.buf, &cur, err);
	if (have <= 0) {
		ret = have < 0 ? -1 : GI_SETTINGS_ABSENT;
		goto done;
	}
	rc = gi_claude_settings_remove(&next, cur.buf, cur.len, &why);
	if (rc < 0) {
		gi_buf_addf(err, "'%s' is %s: left as it is", path.buf,
			    why.buf);
		ret = -1;
	} else if (!rc) {
		ret = GI_SETTINGS_ABSENT;
	} else if (rc == 1) {
		ret = gi_agent_commit_file(&lk, next.buf, next.len) < 0 ? -1 :
			GI_SETTINGS_REMOVED;
	} else if (unlink(path.buf) < 0) {
		gi_buf_addf(err, "unable to remove '%s': %s", path.buf,
			    strerror(errno));
		ret = -1;
	} else {
		/* .claude/ goes too when nothing else is in it (nor our
		 * lock) */
		gi_lock_rollback(&lk);
		settings_path(&path, worktree, ".claude");
		rmdir(path.buf);
		ret = GI_SETTINGS_DELETED;
	}
done:
	gi_lock_rollback(&lk);
	gi_buf_release(&path);
	gi_buf_release(&cur);
	gi_buf_release(&next);
	gi_buf_release(&why);
	return ret;
}
