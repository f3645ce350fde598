/*
 * fetch-local.c: the notes of a remote that is a repository on this
 * machine, fetched in the process (fetch-local.h).
 *
 * `git fetch` from a local path starts upload-pack, pack-objects,
 * unpack-objects and a connectivity check beside itself: five processes
 * to copy the few objects a claim or a note added. Here the remote
 * repository is opened with libgit2 and what this clone lacks is copied:
 * from the remote's notes tip, every commit, tree and blob not here (a
 * tree that is here is here whole, as git's own negotiation assumes),
 * then the tracking ref moves, as `git fetch +src:dst` moves it. Only
 * for a plain absolute path (or file:// URL) to a directory, and only
 * when no url.*.insteadOf rule could send git elsewhere and nothing
 * changes how git would fetch from it (remote.<name>.uploadpack, the
 * file protocol's permission, object checks): everything else goes
 * through the user's git, which honours ssh, credentials, proxies and
 * rewrites.
 */
#define _GNU_SOURCE	/* strcasestr */
#include "sync/fetch-local.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/loose.h"
#include "core/pack-write.h"
#include "gitissue/core/store.h"
#include "gitissue/util/config.h"

/* Does git allow the file protocol, as protocol.<name>.allow says? */
static int file_allowed(const char *v)
{
	const char *from_user = getenv("GIT_PROTOCOL_FROM_USER");

	return !v || !strcmp(v, "always") ||
	       (!strcmp(v, "user") && (!from_user || strcmp(from_user, "0")));
}

/* Is any of the settings that change how git fetches from `remote` set
 * (its upload-pack, object checks), or the file protocol not allowed? */
static int git_settings(struct gi_repo *r, const char *remote)
{
	static const char *const keys[] = {
		"remote.%s.uploadpack", "remote.%s.vcs", "fetch.fsckObjects",
		"transfer.fsckObjects",
	};
	static const char *const allow[] = { "protocol.file.allow",
					     "protocol.allow" };
	size_t i;
	int set = 0;

	for (i = 0; i < GI_ARRAY_SIZE(keys) && !set; i++) {
		gi_buf key = GI_BUF_INIT;
		char *v;

		gi_buf_addf(&key, keys[i], remote);
		v = gi_config_get(r, key.buf);
		set = v != NULL;
		free(v);
		gi_buf_release(&key);
	}
	for (i = 0; i < GI_ARRAY_SIZE(allow) && !set; i++) {
		char *v = gi_config_get(r, allow[i]);

		set = !file_allowed(v);
		free(v);
		if (v)
			break;	/* the first one set decides */
	}
	return set;
}

/* The remote's directory when it is a plain local path, else NULL. */
static char *local_path(struct gi_repo *r, const char *remote)
{
	gi_buf key = GI_BUF_INIT;
	const char *params = getenv("GIT_CONFIG_PARAMETERS");
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	char *url, *path = NULL;
	struct stat st;
	int rewrites = 0;

	gi_buf_addf(&key, "remote.%s.url", remote);
	url = gi_config_get(r, key.buf);
	gi_buf_release(&key);
	if (!url || git_settings(r, remote)) {
		free(url);
		return NULL;
	}
	if (!strncmp(url, "file://", 7) && url[7] == '/')
		memmove(url, url + 7, strlen(url + 7) + 1);
	if (url[0] == '/' && !stat(url, &st) && S_ISDIR(st.st_mode))
		path = url;
	else
		free(url);
	/* a rewrite of any URL (from the config files, or git -c) */
	if (path && params && strcasestr(params, "insteadof"))
		rewrites = 1;
	if (path && !rewrites && !git_repository_config_snapshot(&cfg, r->repo) &&
	    !git_config_iterator_glob_new(&it, cfg,
				"^url\\..*\\.(pushinsteadof|insteadof)$") &&
	    !git_config_next(&e, it))
		rewrites = 1;
	git_config_iterator_free(it);
	git_config_free(cfg);
	git_error_clear();
	if (rewrites) {
		free(path);
		return NULL;
	}
	return path;
}

/* Objects to copy, in the order found. */
struct copy {
	git_odb *from, *to;
	git_odb_object **v;
	size_t nr, alloc;
};

static int want(struct copy *c, const git_oid *id, git_odb_object **out)
{
	*out = NULL;
	if (git_odb_exists(c->to, id))
		return 0;
	if (git_odb_read(out, c->from, id) < 0)
		return -1;
	GI_ALLOC_GROW(c->v, c->nr + 1, c->alloc);
	c->v[c->nr++] = *out;
	return 1;
}

static int copy_tree(struct copy *c, const git_oid *id)
{
	git_odb_object *o;
	const unsigned char *p, *end;
	int rc = want(c, id, &o);

	if (rc <= 0)
		return rc;
	/* "<mode> <name>\0<20 bytes>"... */
	p = git_odb_object_data(o);
	end = p + git_odb_object_size(o);
	while (p < end) {
		const unsigned char *nul = memchr(p, '\0', (size_t)(end - p));
		git_oid eid;
		git_odb_object *b;
		int is_tree = p[0] == '4';	/* 40000: a tree */

		if (!nul || end - nul < 1 + GIT_OID_RAWSZ)
			return -1;
		git_oid_fromraw(&eid, nul + 1);
		if (is_tree ? copy_tree(c, &eid) < 0 :
		    p[0] != '1' || p[1] != '6' ?	/* 160000: a gitlink */
		    want(c, &eid, &b) < 0 : 0)
			return -1;
		p = nul + 1 + GIT_OID_RAWSZ;
	}
	return 0;
}

/* Every commit from `tip` not here, with its trees and blobs. */
static int copy_commits(struct copy *c, const git_oid *tip)
{
	git_oid *todo = gi_xmalloc(sizeof(*todo));
	size_t ntodo = 1, atodo = 1;
	int ret = 0;

	git_oid_cpy(&todo[0], tip);
	while (ntodo && !ret) {
		git_oid id = todo[--ntodo];
		git_odb_object *o;
		const char *p, *end;
		git_oid tree;
		int rc = want(c, &id, &o);

		if (rc <= 0) {
			ret = rc;
			continue;
		}
		p = git_odb_object_data(o);
		end = p + git_odb_object_size(o);
		if (end - p < 46 || memcmp(p, "tree ", 5) ||
		    git_oid_fromstrn(&tree, p + 5, GIT_OID_HEXSZ) < 0) {
			ret = -1;
			break;
		}
		ret = copy_tree(c, &tree);
		for (p += 46; !ret && end - p >= 48 && !memcmp(p, "parent ", 7);
		     p += 48) {
			GI_ALLOC_GROW(todo, ntodo + 1, atodo);
			if (git_oid_fromstrn(&todo[ntodo++], p + 7,
					     GIT_OID_HEXSZ) < 0)
				ret = -1;
		}
	}
	free(todo);
	return ret;
}

/* The objects copied into this clone: loose when few, else one pack. */
static int store(struct copy *c, struct gi_repo *r)
{
	struct gi_pack pack;
	git_oid id;
	size_t i;
	int ret = 0, packed = c->nr >= GI_PACK_MIN_OBJECTS && gi_pack_possible();

	gi_pack_init(&pack, r);
	for (i = 0; i < c->nr && !ret; i++) {
		git_odb_object *o = c->v[i];

		ret = packed ?
			gi_pack_add(&pack, &id, git_odb_object_type(o),
				    git_odb_object_data(o),
				    git_odb_object_size(o)) :
			gi_loose_write(&id, r, git_odb_object_type(o),
				       git_odb_object_data(o),
				       git_odb_object_size(o));
	}
	if (!ret && packed)
		ret = gi_pack_finish(&pack);
	gi_pack_release(&pack);
	return ret;
}

int gi_fetch_local(struct gi_repo *r, const char *remote, const char *track)
{
	char *path = local_path(r, remote);
	git_repository *from = NULL;
	struct copy c;
	git_oid tip;
	git_reference *ref = NULL;
	size_t i;
	int ret = GI_FETCH_LOCAL_NO, err;

	memset(&c, 0, sizeof(c));
	if (!path)
		return GI_FETCH_LOCAL_NO;
	if (git_repository_open_ext(&from, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0 ||
	    git_repository_odb(&c.from, from) < 0 ||
	    git_repository_odb(&c.to, r->repo) < 0)
		goto done;	/* git says what is wrong with it */
	err = git_reference_name_to_id(&tip, from, GI_NOTES_REF);
	if (err == GIT_ENOTFOUND) {
		ret = 1;
		goto done;
	}
	if (err < 0 || copy_commits(&c, &tip) < 0 || store(&c, r) < 0)
		goto done;
	if (git_reference_create(&ref, r->repo, track, &tip, 1,
				 "git issue-sync: fetch (local)") < 0)
		goto done;
	ret = 0;
done:
	for (i = 0; i < c.nr; i++)
		git_odb_object_free(c.v[i]);
	free(c.v);
	git_reference_free(ref);
	git_odb_free(c.from);
	git_odb_free(c.to);
	git_repository_free(from);
	free(path);
	git_error_clear();
	return ret;
}
