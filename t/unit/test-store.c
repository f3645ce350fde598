/*
 * test-store: the two append paths of the store (lib/core/store-write.c)
 * share one retry loop: a notes ref whose lock another writer holds is
 * tried again by gi_store_append_many as by gi_store_append, and a lock
 * that goes away meanwhile costs a few tries, not the write.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/core/store.h"
#include "gitissue/util/buf.h"
#include "core/store-write.h"
#include "unit.h"

static char lock_path[4096];

static int take_lock(void)
{
	FILE *f = fopen(lock_path, "w");

	return f && !fclose(f) ? 0 : -1;
}

/* Another writer that lets go of the lock after 20 ms. */
static void *release_later(void *unused)
{
	(void)unused;
	usleep(20000);
	unlink(lock_path);
	return NULL;
}

static int one_line(struct gi_lines *l, const char *text)
{
	gi_lines_init(l);
	gi_lines_add_copy(l, text, strlen(text));
	return 0;
}

static void locked_ref(struct gi_repo *r)
{
	struct gi_lines l;
	struct gi_store_item item;
	struct gi_append_opts o = { 0 };
	int ret;

	one_line(&l, "{\"kind\":\"note\",\"text\":\"while locked\"}");
	item.issue = 2;
	item.lines = &l;
	item.added = 0;
	if (take_lock() < 0) {
		CHECK(0, "a lock file");
		return;
	}
	o.max_tries = 4;
	ret = gi_store_append(r, 2, &l, &o);
	CHECK(ret < 0 && o.tries == 4,
	      "gi_store_append tries a locked ref again, then gives up");
	memset(&o, 0, sizeof(o));
	o.max_tries = 4;
	ret = gi_store_append_many(r, &item, 1, &o);
	CHECK(ret < 0 && o.tries == 4,
	      "gi_store_append_many tries a locked ref again, then gives up");
	unlink(lock_path);
	gi_lines_release(&l);
}

static void lock_let_go(struct gi_repo *r)
{
	struct gi_lines l;
	struct gi_store_item item;
	struct gi_append_opts o = { 0 };
	struct gi_lines back = GI_LINES_INIT;
	pthread_t t;
	int ret;

	one_line(&l, "{\"kind\":\"note\",\"text\":\"after the lock\"}");
	item.issue = 3;
	item.lines = &l;
	item.added = 0;
	if (take_lock() < 0 ||
	    pthread_create(&t, NULL, release_later, NULL)) {
		CHECK(0, "a lock file, and a thread to remove it");
		return;
	}
	/* tries enough to outlast a thread held up on a loaded machine */
	o.max_tries = 5000;
	ret = gi_store_append_many(r, &item, 1, &o);
	pthread_join(t, NULL);
	CHECK(!ret && o.tries > 1 && item.added == 1,
	      "gi_store_append_many waits out a lock another writer drops");
	CHECK(!gi_store_read(&back, r, NULL, 3) && back.nr == 1,
	      "and the line is there");
	gi_lines_release(&back);
	gi_lines_release(&l);
}

int main(void)
{
	char dir[] = "/tmp/gi-test-store.XXXXXX";
	struct gi_repo r;
	struct gi_lines l;

	if (unit_scratch_repo(&r, dir) < 0)
		return unit_done();
	snprintf(lock_path, sizeof(lock_path), "%s/%s.lock", r.commondir,
		 GI_NOTES_REF);
	one_line(&l, "{\"kind\":\"note\",\"text\":\"first\"}");
	CHECK(!gi_store_append(&r, 1, &l, NULL), "the notes ref is made");
	gi_lines_release(&l);

	locked_ref(&r);
	lock_let_go(&r);

	unit_scratch_done(&r, dir);
	git_libgit2_shutdown();
	return unit_done();
}
