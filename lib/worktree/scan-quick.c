/*
 * scan-quick.c: a stat-only cleanliness check of a worktree
 * (scan-quick.h).
 *
 * Why not only libgit2: on a 5000-file worktree, git_repository_index
 * spends 1.5 ms hashing the whole index file (git does not verify it on
 * read), git_diff_tree_to_index 1.8 ms walking trees (git answers from the
 * index's cached tree), and the workdir diff 5 ms; `git status` does all
 * of it in 7 ms, process start included. With twenty worktrees the board
 * was slower than the shell loop it replaces. Here the common case (a
 * clean or merely untracked-file worktree) costs one read of the index,
 * one lstat per entry and one readdir per folder, and every case we do
 * not fully understand goes back to libgit2.
 *
 * The index format is git's (Documentation/gitformat-index.txt): versions
 * 2, 3 and 4, SHA-1, with the TREE extension. Split and sparse indexes
 * are recognised and reported, not read.
 */
#include "worktree/scan-quick.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gitissue/util/util.h"
#include "util/sha1.h"

#define HDR_SIZE 12
#define HASH_SIZE 20
#define ENTRY_FIXED 62		/* stat data, mode, id, flags */

#define F_ASSUME_VALID 0x8000
#define F_EXTENDED 0x4000
#define F_STAGE 0x3000
#define F_NAMEMASK 0x0fff
#define XF_INTENT_TO_ADD 0x2000
#define XF_SKIP_WORKTREE 0x4000

/*
 * A change this recent may be followed by another in the same tick of
 * the file system's clock, which leaves the same stat data: no key then.
 * A time in whole seconds is a file system that keeps no more (or a
 * time set by hand): two seconds, as FAT's. Else the kernel's clock,
 * which stamps files a tick (1 to 10 ms) behind: 100 ms.
 */
#define RECENT_SECONDS 2
#define RECENT_NS 100000000LL

#define MODE_TYPE 0170000
#define MODE_FILE 0100000
#define MODE_LINK 0120000

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The tracked paths, in index order (bytewise sorted). */
struct names {
	gi_buf buf;		/* NUL-terminated names, one after another */
	size_t *off;
	size_t nr, alloc;
};

static const char *name_at(const struct names *n, size_t i)
{
	return n->buf.buf + n->off[i];
}

struct scan {
	git_repository *wt;
	const char *root;	/* the worktree, with a trailing '/' */
	int filemode;		/* core.filemode */
	struct stat index_st;
	struct names names;
	gi_buf path;		/* scratch: root + relative path */
	/*
	 * Entries are stat'ed relative to their open folder: the kernel's
	 * path walk over the full name was most of the cost.
	 */
	int dirfd;		/* open folder of the last entry, or -1 */
	gi_buf dir;		/* its relative name, with a trailing '/' */
	enum gi_scan_quick result;
	/*
	 * Keying (gi_scan_key): every tracked and untracked file's stat
	 * data go into the hash instead of deciding clean or dirty.
	 */
	struct gi_sha1 *key;
	struct timespec now;	/* when the walk began */
	int trust;		/* every change, however recent (tests) */
};

/* An fd for the folder of `name` (relative), reusing the last one. */
static int folder_of(struct scan *s, const char *name, const char **base)
{
	const char *slash = strrchr(name, '/');
	size_t len = slash ? (size_t)(slash - name) + 1 : 0;

	*base = name + len;
	if (s->dirfd >= 0 && s->dir.len == len &&
	    !memcmp(s->dir.buf, name, len))
		return s->dirfd;
	if (s->dirfd >= 0)
		close(s->dirfd);
	gi_buf_reset(&s->dir);
	gi_buf_add(&s->dir, name, len);
	gi_buf_setlen(&s->path, strlen(s->root));
	gi_buf_add(&s->path, name, len);
	s->dirfd = open(s->path.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return s->dirfd;
}

/* The stat data of one entry against the file; sets s->result. */
static void check_entry(struct scan *s, const unsigned char *e,
			const char *name)
{
	struct stat st;
	uint32_t mode = be32(e + 24), type = mode & MODE_TYPE;
	const char *base;
	int fd;

	if (type != MODE_FILE && type != MODE_LINK) {
		s->result = GI_SCAN_UNSURE;	/* a submodule */
		return;
	}
	fd = folder_of(s, name, &base);
	if (fd < 0 || fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		s->result = errno == ENOENT || errno == ENOTDIR ?
			GI_SCAN_DIRTY : GI_SCAN_UNSURE;
		return;
	}
	if ((type == MODE_LINK) != !!S_ISLNK(st.st_mode) ||
	    (type == MODE_FILE && !S_ISREG(st.st_mode)) ||
	    (s->filemode && type == MODE_FILE &&
	     !(mode & 0100) != !(st.st_mode & 0100)) ||
	    be32(e) != (uint32_t)st.st_ctim.tv_sec ||
	    be32(e + 4) != (uint32_t)st.st_ctim.tv_nsec ||
	    be32(e + 8) != (uint32_t)st.st_mtim.tv_sec ||
	    be32(e + 12) != (uint32_t)st.st_mtim.tv_nsec ||
	    be32(e + 20) != (uint32_t)st.st_ino ||
	    be32(e + 36) != (uint32_t)st.st_size) {
		s->result = GI_SCAN_UNSURE;	/* maybe only touched */
		return;
	}
	/*
	 * Racily clean: written in the same moment as the index, the file
	 * may have changed after git hashed it, with the same stat data.
	 */
	if ((time_t)be32(e + 8) > s->index_st.st_mtim.tv_sec ||
	    ((time_t)be32(e + 8) == s->index_st.st_mtim.tv_sec &&
	     (long)be32(e + 12) >= s->index_st.st_mtim.tv_nsec))
		s->result = GI_SCAN_UNSURE;
}

static int too_recent(const struct scan *s, const struct timespec *t)
{
	long long ns;

	if (s->trust)
		return 0;
	if (!t->tv_nsec)
		return t->tv_sec >= s->now.tv_sec - RECENT_SECONDS;
	ns = ((long long)s->now.tv_sec - t->tv_sec) * 1000000000LL +
		(s->now.tv_nsec - t->tv_nsec);
	return ns < RECENT_NS;
}

/*
 * One file's stat data into the key, by name (or the error that stat
 * gave). A change too recent (too_recent) leaves no key: a second write
 * in the same clock tick would keep the same stat data.
 */
static void key_stat(struct scan *s, const char *name, const struct stat *st,
		     int err)
{
	int64_t v[7];

	memset(v, 0, sizeof(v));
	if (err) {
		v[0] = -1;
		v[1] = err;
	} else {
		v[0] = (int64_t)st->st_ino;
		v[1] = (int64_t)st->st_size;
		v[2] = (int64_t)st->st_mode;
		v[3] = (int64_t)st->st_mtim.tv_sec;
		v[4] = (int64_t)st->st_mtim.tv_nsec;
		v[5] = (int64_t)st->st_ctim.tv_sec;
		v[6] = (int64_t)st->st_ctim.tv_nsec;
		if (too_recent(s, &st->st_mtim) || too_recent(s, &st->st_ctim))
			s->result = GI_SCAN_UNSURE;
	}
	gi_sha1_update(s->key, name, strlen(name) + 1);
	gi_sha1_update(s->key, v, sizeof(v));
}

/* Every tracked file's stat data, in index order, into the key. */
static void key_entries(struct scan *s, const unsigned char **entries,
			uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n && s->result == GI_SCAN_CLEAN; i++) {
		uint32_t type = be32(entries[i] + 24) & MODE_TYPE;
		const char *name = name_at(&s->names, i), *base;
		struct stat st;
		int fd, err = 0;

		if (type != MODE_FILE && type != MODE_LINK) {
			s->result = GI_SCAN_UNSURE;	/* a submodule */
			return;
		}
		fd = folder_of(s, name, &base);
		if (fd < 0 || fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
			err = errno ? errno : ENOENT;
		key_stat(s, name, &st, err);
	}
}

/* git's offset varint, as index v4 stores name prefix lengths. */
static int varint(const unsigned char **p, const unsigned char *end,
		  size_t *out)
{
	const unsigned char *q = *p;
	size_t v;

	if (q >= end)
		return -1;
	v = *q & 127;
	while (*q++ & 128) {
		if (q >= end || v > SIZE_MAX >> 8)
			return -1;
		v = ((v + 1) << 7) | (*q & 127);
	}
	*p = q;
	*out = v;
	return 0;
}

/* The root of the TREE extension: 1 and its id when valid, else 0. */
static int cached_root(const unsigned char *p, size_t len, git_oid *out)
{
	const unsigned char *end = p + len;
	long count;
	char *q;

	if (len < 2 || *p++ != '\0')
		return 0;	/* the root entry has an empty path */
	count = strtol((const char *)p, &q, 10);
	if ((const unsigned char *)q >= end || *q != ' ')
		return 0;
	q = memchr(q, '\n', (size_t)(end - (const unsigned char *)q));
	if (!q || count < 0 ||
	    (size_t)(end - (const unsigned char *)q - 1) < HASH_SIZE)
		return 0;
	git_oid_fromraw(out, (const unsigned char *)q + 1);
	return 1;
}

/* Where the index parse is; entries[i] is the start of entry i. */
struct index_file {
	const unsigned char *p, *end, **entries;
	uint32_t version, n;
};

/* One entry's name at ix->p (into `prev`); moves ix->p past the entry. */
static int read_entry_name(struct index_file *ix, gi_buf *prev)
{
	const unsigned char *e = ix->p, *name, *nul;
	uint16_t flags;
	size_t len, fixed = ENTRY_FIXED, strip;

	if (ix->end - ix->p < ENTRY_FIXED)
		return -1;
	flags = be16(e + 60);
	if (flags & F_EXTENDED) {
		if (ix->version < 3 || ix->end - ix->p < ENTRY_FIXED + 2)
			return -1;
		fixed += 2;
	}
	name = e + fixed;
	if (ix->version == 4) {
		/* the name is a prefix of the previous one plus a suffix */
		if (varint(&name, ix->end, &strip) < 0 || strip > prev->len)
			return -1;
		nul = memchr(name, '\0', (size_t)(ix->end - name));
		if (!nul)
			return -1;
		gi_buf_setlen(prev, prev->len - strip);
		gi_buf_add(prev, name, (size_t)(nul - name));
		ix->p = nul + 1;
		return 0;
	}
	nul = memchr(name, '\0', (size_t)(ix->end - name));
	if (!nul)
		return -1;
	len = (size_t)(nul - name);
	if ((flags & F_NAMEMASK) != F_NAMEMASK && len != (flags & F_NAMEMASK))
		return -1;
	gi_buf_reset(prev);
	gi_buf_add(prev, name, len);
	/* entries are padded with NULs to 8 bytes */
	ix->p = e + ((fixed + len + 8) & ~(size_t)7);
	return ix->p > ix->end ? -1 : 0;
}

/* Every entry's name into s->names; -1 when the file is not as expected. */
static int read_entries(struct scan *s, struct index_file *ix)
{
	gi_buf prev = GI_BUF_INIT;
	uint32_t i;
	int ret = -1;

	for (i = 0; i < ix->n; i++) {
		ix->entries[i] = ix->p;
		if (read_entry_name(ix, &prev) < 0)
			goto done;
		GI_ALLOC_GROW(s->names.off, s->names.nr + 1, s->names.alloc);
		s->names.off[s->names.nr++] = s->names.buf.len;
		gi_buf_add(&s->names.buf, prev.buf, prev.len + 1);
	}
	ret = 0;
done:
	gi_buf_release(&prev);
	return ret;
}

/* The extensions: 1 when one we do not read is there (split, sparse),
 * -1 when malformed, else 0 with the cached root tree if there is one. */
static int read_extensions(struct index_file *ix, git_oid *root,
			   int *have_root)
{
	while (ix->end - ix->p >= 8) {
		uint32_t size = be32(ix->p + 4);

		if ((size_t)(ix->end - ix->p - 8) < size)
			return -1;
		if (!memcmp(ix->p, "link", 4) || !memcmp(ix->p, "sdir", 4))
			return 1;
		if (!memcmp(ix->p, "TREE", 4))
			*have_root = cached_root(ix->p + 8, size, root);
		ix->p += 8 + size;
	}
	return 0;
}

/* Stat data of every entry against the files. */
static void check_entries(struct scan *s, const struct index_file *ix)
{
	uint32_t i;

	for (i = 0; i < ix->n && s->result == GI_SCAN_CLEAN; i++) {
		const unsigned char *e = ix->entries[i];
		uint16_t flags = be16(e + 60);
		uint16_t xflags = flags & F_EXTENDED ? be16(e + 62) : 0;

		if (flags & F_STAGE || xflags & XF_INTENT_TO_ADD)
			s->result = GI_SCAN_DIRTY;	/* unmerged, or new */
		else if (!(flags & F_ASSUME_VALID) &&
			 !(xflags & XF_SKIP_WORKTREE))
			check_entry(s, e, name_at(&s->names, i));
	}
}

static void read_index(struct scan *s, const git_oid *head_tree)
{
	gi_buf file = GI_BUF_INIT, index_path = GI_BUF_INIT;
	struct index_file ix;
	git_oid root;
	int have_root = 0, ext;

	memset(&ix, 0, sizeof(ix));
	s->result = GI_SCAN_UNSURE;
	gi_buf_addf(&index_path, "%sindex", git_repository_path(s->wt));
	if (stat(index_path.buf, &s->index_st) < 0 ||
	    gi_buf_read_file(&file, index_path.buf) < 0 ||
	    file.len < HDR_SIZE + HASH_SIZE)
		goto done;
	ix.p = (const unsigned char *)file.buf;
	ix.end = ix.p + file.len - HASH_SIZE;
	ix.version = be32(ix.p + 4);
	ix.n = be32(ix.p + 8);
	if (memcmp(ix.p, "DIRC", 4) || ix.version < 2 || ix.version > 4 ||
	    ix.n > (size_t)(ix.end - ix.p) / ENTRY_FIXED)
		goto done;
	ix.entries = gi_xcalloc((size_t)ix.n + 1, sizeof(*ix.entries));
	ix.p += HDR_SIZE;
	/* the names first: the extensions decide whether we can go on */
	if (read_entries(s, &ix) < 0)
		goto done;
	ext = read_extensions(&ix, &root, &have_root);
	if (ext) {
		if (ext > 0)
			s->result = GI_SCAN_FOREIGN;
		goto done;
	}
	s->result = GI_SCAN_CLEAN;
	if (s->key) {
		key_stat(s, "index", &s->index_st, 0);
		key_entries(s, ix.entries, ix.n);
		goto done;
	}
	check_entries(s, &ix);
	if (s->result != GI_SCAN_CLEAN)
		goto done;
	if (!have_root)
		s->result = GI_SCAN_UNSURE;
	else if (!head_tree || !git_oid_equal(&root, head_tree))
		s->result = GI_SCAN_DIRTY;	/* the index is not HEAD */
done:
	free(ix.entries);
	gi_buf_release(&index_path);
	gi_buf_release(&file);
}

/* First index name >= key in [lo, hi). */
static size_t lower_bound(const struct names *n, size_t lo, size_t hi,
			  const char *key)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(name_at(n, mid), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is the path (relative, in s->path after root) ignored? */
static int ignored(struct scan *s, const char *rel)
{
	int ign = 0;

	if (git_ignore_path_is_ignored(&ign, s->wt, rel) < 0) {
		git_error_clear();
		s->result = GI_SCAN_UNSURE;
		return 1;
	}
	return ign;
}

static int is_dir(struct scan *s, const struct dirent *e)
{
	struct stat st;

	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
	return !lstat(s->path.buf, &st) && S_ISDIR(st.st_mode);
}

/*
 * Walk the folder s->path (root + rel, rel empty or ending in '/'); the
 * index names under it are [lo, hi); with `untracked`, the folder itself
 * is not tracked and we only look for a file that is not ignored (git
 * shows an untracked folder only when it holds one).
 */
static void walk(struct scan *s, size_t lo, size_t hi, int untracked)
{
	size_t root_len = strlen(s->root), base = s->path.len;
	DIR *d = opendir(s->path.buf);
	struct dirent *e;

	if (!d) {
		s->result = GI_SCAN_UNSURE;
		return;
	}
	while (s->result == GI_SCAN_CLEAN && (e = readdir(d))) {
		const char *rel;
		size_t at, sub_lo, sub_hi;
		int dir;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (!strcmp(e->d_name, ".git")) {
			/* the worktree's own .git is not content; in an
			 * untracked directory it makes a nested repository,
			 * which git status shows as untracked ("?? sub/") */
			if (untracked && base != root_len) {
				/* a nested repository: its own state is not
				 * in any key */
				s->result = s->key ? GI_SCAN_UNSURE :
					GI_SCAN_DIRTY;
				break;
			}
			continue;
		}
		gi_buf_setlen(&s->path, base);
		gi_buf_adds(&s->path, e->d_name);
		rel = s->path.buf + root_len;
		dir = is_dir(s, e);
		if (!untracked) {
			at = lower_bound(&s->names, lo, hi, rel);
			if (at < hi && !strcmp(name_at(&s->names, at), rel))
				continue;	/* tracked: stat pass saw it */
			if (dir) {
				gi_buf_addch(&s->path, '/');
				rel = s->path.buf + root_len;
				sub_lo = lower_bound(&s->names, lo, hi, rel);
				/* past the prefix: '/' + 1 is '0' */
				s->path.buf[s->path.len - 1] = '0';
				sub_hi = lower_bound(&s->names, sub_lo, hi,
						     rel);
				s->path.buf[s->path.len - 1] = '/';
				if (sub_lo < sub_hi) {
					walk(s, sub_lo, sub_hi, 0);
					continue;
				}
				gi_buf_setlen(&s->path, s->path.len - 1);
				rel = s->path.buf + root_len;
			}
		}
		if (ignored(s, rel))
			continue;
		if (!dir && s->key) {
			struct stat st;

			key_stat(s, rel, &st,
				 lstat(s->path.buf, &st) < 0 ? errno : 0);
			continue;
		}
		if (!dir) {
			s->result = GI_SCAN_DIRTY;
			break;
		}
		gi_buf_addch(&s->path, '/');
		walk(s, 0, 0, 1);
	}
	closedir(d);
	gi_buf_setlen(&s->path, base);
}

static void scan_init(struct scan *s, git_repository *wt)
{
	memset(s, 0, sizeof(*s));
	s->wt = wt;
	s->dirfd = -1;
	s->root = git_repository_workdir(wt);
	s->filemode = 1;
}

enum gi_scan_quick gi_scan_quick(git_repository *wt)
{
	struct scan s;
	git_reference *head = NULL;
	git_object *tree = NULL;
	git_config *cfg = NULL;
	int err;

	scan_init(&s, wt);
	if (!s.root)
		return GI_SCAN_UNSURE;
	if (!git_repository_config_snapshot(&cfg, wt)) {
		git_config_get_bool(&s.filemode, cfg, "core.filemode");
		git_config_free(cfg);
	}
	err = git_repository_head(&head, wt);
	if (!err)
		err = git_reference_peel(&tree, head, GIT_OBJECT_TREE);
	git_error_clear();
	if (err < 0 && err != GIT_EUNBORNBRANCH) {
		s.result = GI_SCAN_UNSURE;
		goto done;
	}
	gi_buf_adds(&s.path, s.root);
	read_index(&s, tree ? git_object_id(tree) : NULL);
	if (s.dirfd >= 0)
		close(s.dirfd);
	if (s.result == GI_SCAN_CLEAN) {
		gi_buf_setlen(&s.path, strlen(s.root));
		walk(&s, 0, s.names.nr, 0);
	}
done:
	git_object_free(tree);
	git_reference_free(head);
	gi_buf_release(&s.path);
	gi_buf_release(&s.dir);
	gi_buf_release(&s.names.buf);
	free(s.names.off);
	return s.result;
}

/* A file that decides what is ignored or how files are read, by stat. */
static void key_file(struct scan *s, const char *dir, const char *name)
{
	gi_buf b = GI_BUF_INIT;
	struct stat st;

	if (!dir || !*dir)
		return;
	gi_buf_adds(&b, dir);
	if (name)
		gi_buf_adds(&b, name);
	key_stat(s, b.buf, &st, stat(b.buf, &st) < 0 ? errno : 0);
	gi_buf_release(&b);
}

/* The settings a worktree's work is read with: the files they live in. */
static void key_settings(struct scan *s, git_config *cfg)
{
	static const char *const vars[] = {
		"core.excludesFile", "core.attributesFile",
	};
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	gi_buf b = GI_BUF_INIT;
	size_t i;

	gi_sha1_update(s->key, &s->filemode, sizeof(s->filemode));
	key_file(s, git_repository_path(s->wt), "config.worktree");
	key_file(s, git_repository_commondir(s->wt), "config");
	key_file(s, git_repository_commondir(s->wt), "info/exclude");
	key_file(s, git_repository_commondir(s->wt), "info/attributes");
	key_file(s, "/etc/gitconfig", NULL);
	key_file(s, getenv("GIT_CONFIG_GLOBAL"), NULL);
	key_file(s, getenv("GIT_CONFIG_SYSTEM"), NULL);
	key_file(s, home, "/.gitconfig");
	if (xdg && *xdg)
		gi_buf_adds(&b, xdg);
	else if (home)
		gi_buf_addf(&b, "%s/.config", home);
	key_file(s, b.buf, "/git/config");
	key_file(s, b.buf, "/git/ignore");
	key_file(s, b.buf, "/git/attributes");
	for (i = 0; cfg && i < GI_ARRAY_SIZE(vars); i++) {
		git_buf v = GIT_BUF_INIT;

		if (!git_config_get_path(&v, cfg, vars[i]))
			key_file(s, v.ptr, NULL);
		git_buf_dispose(&v);
	}
	git_error_clear();
	gi_buf_release(&b);
}

int gi_scan_key(git_repository *wt, unsigned char out[20])
{
	struct scan s;
	struct gi_sha1 c;
	git_config *cfg = NULL;
	git_oid head;

	scan_init(&s, wt);
	s.key = &c;
	clock_gettime(CLOCK_REALTIME, &s.now);
	/* tests of the cache: no waiting for their files to age */
	s.trust = !!getenv("GIT_ISSUE_TEST_TRUST_RECENT");
	if (!s.root)
		return 1;
	gi_sha1_init(&c);
	gi_sha1_update(&c, "gi-scan-key 1", 14);
	gi_sha1_update(&c, s.root, strlen(s.root) + 1);
	s.result = GI_SCAN_CLEAN;
	if (!git_repository_config_snapshot(&cfg, wt))
		git_config_get_bool(&s.filemode, cfg, "core.filemode");
	key_settings(&s, cfg);
	git_config_free(cfg);
	if (!git_reference_name_to_id(&head, wt, "HEAD"))
		gi_sha1_update(&c, head.id, GIT_OID_RAWSZ);
	else
		gi_sha1_update(&c, "unborn", 7);
	git_error_clear();
	gi_buf_adds(&s.path, s.root);
	if (s.result == GI_SCAN_CLEAN)
		read_index(&s, NULL);
	if (s.dirfd >= 0)
		close(s.dirfd);
	if (s.result == GI_SCAN_CLEAN) {
		gi_buf_setlen(&s.path, strlen(s.root));
		walk(&s, 0, s.names.nr, 0);
	}
	gi_buf_release(&s.path);
	gi_buf_release(&s.dir);
	gi_buf_release(&s.names.buf);
	free(s.names.off);
	gi_sha1_final(out, &c);
	return s.result != GI_SCAN_CLEAN;
}
