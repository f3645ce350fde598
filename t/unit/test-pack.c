/*
 * test-pack: what an import writes with (pack-write.c and its helpers):
 * SHA-1 against FIPS 180's examples, the issue-number map through growth,
 * a pack of objects (one added twice) that libgit2 reads back whole, and
 * gi_store_append_many's pack: every note there, none loose.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gitissue/core/store.h"
#include "core/pack-write.h"
#include "core/store-write.h"
#include "util/longmap.h"
#include "util/sha1.h"
#include "unit.h"

static void hex_of(char out[41], const unsigned char sum[20])
{
	int i;

	for (i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", sum[i]);
}

static void sha1_is(const char *data, size_t len, size_t step,
		    const char *want, const char *name)
{
	struct gi_sha1 c;
	unsigned char sum[20];
	char hex[41];
	size_t i;

	gi_sha1_init(&c);
	for (i = 0; i < len; i += step)
		gi_sha1_update(&c, data + i, len - i < step ? len - i : step);
	gi_sha1_final(sum, &c);
	hex_of(hex, sum);
	CHECK_STR(hex, want, name);
}

static void sha1(void)
{
	static const char two[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char *million = malloc(1000000);

	sha1_is("", 0, 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709",
		"sha1 of nothing");
	sha1_is("abc", 3, 3, "a9993e364706816aba3e25717850c26c9cd0d89d",
		"sha1 of abc");
	sha1_is(two, strlen(two), 7,
		"84983e441c3bd26ebaae4aa1f95129e5e54670f1",
		"sha1 of two blocks, fed 7 bytes at a time");
	memset(million, 'a', 1000000);
	sha1_is(million, 1000000, 4096,
		"34aa973cd4c4daa4f61eeb2bdbad27316534016f",
		"sha1 of a million a's");
	free(million);
}

static void longmap(void)
{
	struct gi_longmap m = GI_LONGMAP_INIT;
	long k;
	int ok = 1;

	CHECK(!gi_longmap_get(&m, 5), "an empty map has nothing");
	for (k = -500; k <= 5000; k++)
		gi_longmap_put(&m, k * 7, (size_t)(k + 500));
	gi_longmap_put(&m, 7, 42);
	for (k = -500; k <= 5000; k++) {
		size_t *v = gi_longmap_get(&m, k * 7);

		if (!v || *v != (k == 1 ? 42 : (size_t)(k + 500)))
			ok = 0;
	}
	CHECK(ok && m.nr == 5501, "every key through growth, one replaced");
	CHECK(!gi_longmap_get(&m, 3), "a key never put is not there");
	gi_longmap_release(&m);
}

static size_t count_files(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0, sl = strlen(suffix);

	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);

		n += l > sl && !strcmp(e->d_name + l - sl, suffix);
	}
	if (d)
		closedir(d);
	return n;
}

static void pack(struct gi_repo *r)
{
	struct gi_pack p;
	git_oid ids[3], again;
	git_odb *odb = NULL;
	git_odb_object *o = NULL;
	char big[70000];
	int ok;

	memset(big, 'x', sizeof(big));
	gi_pack_init(&p, r);
	ok = !gi_pack_add(&p, &ids[0], GIT_OBJECT_BLOB, "one\n", 4) &&
	     !gi_pack_add(&p, &ids[1], GIT_OBJECT_BLOB, big, sizeof(big)) &&
	     !gi_pack_add(&p, &again, GIT_OBJECT_BLOB, "one\n", 4) &&
	     !gi_pack_add(&p, &ids[2], GIT_OBJECT_BLOB, "", 0);
	CHECK(ok && git_oid_equal(&ids[0], &again),
	      "an object added twice has one id");
	CHECK(!gi_pack_finish(&p), "the pack is written");
	gi_pack_release(&p);
	CHECK(!git_repository_odb(&odb, r->repo) &&
	      !git_odb_read(&o, odb, &ids[1]) &&
	      git_odb_object_size(o) == sizeof(big) &&
	      !memcmp(git_odb_object_data(o), big, sizeof(big)),
	      "an object of 70,000 bytes reads back from it");
	git_odb_object_free(o);
	o = NULL;
	CHECK(!git_odb_read(&o, odb, &ids[2]) && !git_odb_object_size(o),
	      "and an empty one");
	git_odb_object_free(o);
	git_odb_free(odb);
}

static void store_pack(struct gi_repo *r)
{
	struct gi_store_item items[80];
	struct gi_lines lines[80], back = GI_LINES_INIT;
	gi_buf dir = GI_BUF_INIT;
	size_t i, packs;
	char text[64];
	int ok = 1;

	gi_buf_addf(&dir, "%s/objects/pack", r->commondir);
	packs = count_files(dir.buf, ".idx");
	for (i = 0; i < 80; i++) {
		snprintf(text, sizeof(text),
			 "{\"kind\":\"note\",\"text\":\"issue %zu\"}", i + 10);
		gi_lines_init(&lines[i]);
		gi_lines_add_copy(&lines[i], text, strlen(text));
		items[i].issue = (long)i + 10;
		items[i].lines = &lines[i];
		items[i].added = 0;
	}
	CHECK(!gi_store_append_many(r, items, 80, NULL),
	      "80 issues in one write");
	CHECK(count_files(dir.buf, ".idx") == packs + 1,
	      "its objects went into one pack");
	for (i = 0; i < 80; i++) {
		gi_lines_release(&back);
		if (gi_store_read(&back, r, NULL, (long)i + 10) || back.nr != 1)
			ok = 0;
		gi_lines_release(&lines[i]);
	}
	CHECK(ok, "every note reads back");
	gi_lines_release(&back);
	gi_buf_release(&dir);
}

int main(void)
{
	char dir[] = "/tmp/gi-test-pack.XXXXXX";
	struct gi_repo r;

	sha1();
	longmap();
	if (unit_scratch_repo(&r, dir) < 0)
		return unit_done();
	pack(&r);
	store_pack(&r);
	unit_scratch_done(&r, dir);
	git_libgit2_shutdown();
	return unit_done();
}
