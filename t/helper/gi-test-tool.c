/*
 * gi-test-tool: library entry points that no command exposes yet, for the
 * shell tests (after git's t/helper/test-tool).
 *
 *   gi-test-tool merge <ours> <theirs>      union-merge two notes commits,
 *                                           print the result commit
 *   gi-test-tool append <ref> <n> <line>... append raw lines to issue n in
 *                                           <ref> (for hand-made notes)
 *   gi-test-tool fill <issues> <records>    give issues 1..<issues> each
 *                                           <records> notes, one write per
 *                                           issue (benchmark set-up)
 *   gi-test-tool plan <issues> <links>      issues 1..<issues> as an import
 *                                           makes them (title, labels P0..,
 *                                           a body naming a file), the last
 *                                           <links> blocked by the issue
 *                                           <issues>/2 before them
 *   gi-test-tool fill-fast <issues> <records>
 *                                           the same notes for a new notes
 *                                           ref, in one commit (for 10,000
 *                                           issues: one write each would
 *                                           rewrite anchors/ every time)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/core/record.h"
#include "gitissue/core/store.h"
#include "core/store-merge.h"
#include "core/store-write.h"

/* Issue n's benchmark records, as a normalised set of lines in `lines`
 * (pointing into `buf`). */
static void fill_lines(struct gi_lines *lines, gi_buf *buf, long n,
		       long records)
{
	size_t *ends = gi_xcalloc((size_t)records, sizeof(*ends));
	size_t start = 0;
	long k;

	for (k = 0; k < records; k++) {
		struct gi_record_fields f = { 0 };
		char text[160], time[64];

		snprintf(time, sizeof(time),
			 "2026-01-01T00:%02ld:%02ld.%06ldZ",
			 (k / 60) % 60, k % 60, n % 1000000);
		snprintf(text, sizeof(text), "benchmark note %ld of "
			 "issue %ld: tried something, learned "
			 "something else worth keeping", k, n);
		f.time = time;
		f.kind = "note";
		f.author = "Bench Mark <bench@example.com>";
		f.text = text;
		f.branch = "issue/bench";
		gi_record_format(buf, &f);
		ends[k] = buf->len;
		gi_buf_addch(buf, '\n');
	}
	for (k = 0; k < records; k++) {
		GI_ALLOC_GROW(lines->v, lines->nr + 1, lines->alloc);
		lines->v[lines->nr].p = buf->buf + start;
		lines->v[lines->nr].len = ends[k] - start;
		lines->nr++;
		start = ends[k] + 1;
	}
	gi_lines_normalize(lines);
	free(ends);
}

static int fill_fast(struct gi_repo *r, long issues, long records)
{
	git_treebuilder *fan[256] = { NULL }, *root = NULL, *anchors = NULL;
	git_odb *odb = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid id, tree_id, commit_id;
	long n;
	int i, ret = -1;

	if (git_repository_odb(&odb, r->repo) < 0 ||
	    git_treebuilder_new(&root, r->repo, NULL) < 0 ||
	    git_treebuilder_new(&anchors, r->repo, NULL) < 0)
		goto done;
	for (n = 1; n <= issues; n++) {
		struct gi_lines lines = GI_LINES_INIT;
		gi_buf buf = GI_BUF_INIT, note = GI_BUF_INIT;
		char anchor[48], hex[GIT_OID_HEXSZ + 1], name[24];
		git_oid a, blob;
		int len = snprintf(anchor, sizeof(anchor), "git-issue %ld\n", n);
		unsigned int f;

		fill_lines(&lines, &buf, n, records);
		gi_lines_write(&lines, &note);
		if (git_odb_write(&a, odb, anchor, (size_t)len,
				  GIT_OBJECT_BLOB) < 0 ||
		    git_odb_write(&blob, odb, note.buf, note.len,
				  GIT_OBJECT_BLOB) < 0)
			goto done;
		git_oid_tostr(hex, sizeof(hex), &a);
		snprintf(name, sizeof(name), "%ld", n);
		sscanf(hex, "%2x", &f);
		if ((!fan[f] && git_treebuilder_new(&fan[f], r->repo, NULL) < 0) ||
		    git_treebuilder_insert(NULL, fan[f], hex + 2, &blob,
					   GIT_FILEMODE_BLOB) < 0 ||
		    git_treebuilder_insert(NULL, anchors, name, &a,
					   GIT_FILEMODE_BLOB) < 0)
			goto done;
		gi_lines_release(&lines);
		gi_buf_release(&buf);
		gi_buf_release(&note);
	}
	for (i = 0; i < 256; i++) {
		char two[3];

		if (!fan[i])
			continue;
		snprintf(two, sizeof(two), "%02x", i);
		if (git_treebuilder_write(&id, fan[i]) < 0 ||
		    git_treebuilder_insert(NULL, root, two, &id,
					   GIT_FILEMODE_TREE) < 0)
			goto done;
	}
	if (git_treebuilder_write(&id, anchors) < 0 ||
	    git_treebuilder_insert(NULL, root, GI_ANCHORS_DIR, &id,
				   GIT_FILEMODE_TREE) < 0 ||
	    git_treebuilder_write(&tree_id, root) < 0 ||
	    git_tree_lookup(&tree, r->repo, &tree_id) < 0 ||
	    git_signature_now(&sig, "Bench", "bench@example.com") < 0 ||
	    git_commit_create(&commit_id, r->repo, GI_NOTES_REF, sig, sig, NULL,
			      "gi-test-tool fill-fast", tree, 0, NULL) < 0)
		goto done;
	ret = 0;
done:
	if (ret < 0)
		gi_error("fill-fast: %s", gi_git_errmsg("unknown error"));
	for (i = 0; i < 256; i++)
		git_treebuilder_free(fan[i]);
	git_treebuilder_free(root);
	git_treebuilder_free(anchors);
	git_tree_free(tree);
	git_signature_free(sig);
	git_odb_free(odb);
	return ret;
}

static int fill(struct gi_repo *r, long issues, long records)
{
	long n;

	for (n = 1; n <= issues; n++) {
		struct gi_lines lines = GI_LINES_INIT;
		gi_buf buf = GI_BUF_INIT;

		fill_lines(&lines, &buf, n, records);
		if (gi_store_append(r, n, &lines, NULL) < 0)
			return -1;
		gi_lines_release(&lines);
		gi_buf_release(&buf);
	}
	return 0;
}

static int plan(struct gi_repo *r, long issues, long links)
{
	static const char *const labels[] = { "\"P0\"", "\"P1\"", "\"P2\"",
					      "\"priority:low\"", "" };
	long n;

	for (n = 1; n <= issues; n++) {
		struct gi_lines lines = GI_LINES_INIT;
		char l[3][320];
		int k, nl = 2;

		snprintf(l[0], sizeof(l[0]), "{\"time\":\"2026-01-01T00:00:00."
			 "%06ldZ\",\"id\":\"%016lx\",\"kind\":\"issue\","
			 "\"title\":\"Issue %ld of the plan\",\"state\":"
			 "\"open\",\"labels\":[%s]}", n % 1000000, n * 4, n,
			 labels[n % 5]);
		snprintf(l[1], sizeof(l[1]), "{\"time\":\"2026-01-01T00:00:00."
			 "%06ldZ\",\"id\":\"%016lx\",\"kind\":\"body\","
			 "\"text\":\"Issue %ld is about src/mod%02ld/file%05ld.c "
			 "and more.\"}", n % 1000000, n * 4 + 1, n, n % 100, n % 100);
		if (n > issues - links && n > issues / 2)
			snprintf(l[nl++], sizeof(l[2]), "{\"time\":\"2026-01-0"
				 "2T00:00:00.000000Z\",\"id\":\"%016lx\","
				 "\"kind\":\"link-state\",\"blocked_by\":[%ld]}",
				 n * 4 + 2, n - issues / 2);
		for (k = 0; k < nl; k++) {
			GI_ALLOC_GROW(lines.v, lines.nr + 1, lines.alloc);
			lines.v[lines.nr].p = l[k];
			lines.v[lines.nr++].len = strlen(l[k]);
		}
		gi_lines_normalize(&lines);
		if (gi_store_append(r, n, &lines, NULL) < 0)
			return -1;
		gi_lines_release(&lines);
	}
	return 0;
}

static int resolve(git_oid *out, struct gi_repo *r, const char *spec)
{
	git_object *o;

	if (git_revparse_single(&o, r->repo, spec) < 0)
		return gi_error("bad revision '%s'", spec);
	git_oid_cpy(out, git_object_id(o));
	git_object_free(o);
	return 0;
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	git_oid a, b, out;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: gi-test-tool (merge|append) ...\n");
		return 129;
	}
	gi_repo_open_or_die(&r);
	if (!strcmp(argv[1], "merge") && argc == 4) {
		if (resolve(&a, &r, argv[2]) < 0 ||
		    resolve(&b, &r, argv[3]) < 0 ||
		    gi_store_merge(&out, &r, &a, &b, NULL) < 0)
			return 1;
		printf("%s\n", git_oid_tostr_s(&out));
	} else if (!strcmp(argv[1], "append") && argc >= 5) {
		struct gi_lines lines = GI_LINES_INIT;
		struct gi_append_opts opts = { 0 };
		long n;

		if (gi_parse_issue(argv[3], &n) < 0)
			return gi_error("bad issue '%s'", argv[3]) ? 1 : 1;
		for (i = 4; i < argc; i++) {
			GI_ALLOC_GROW(lines.v, lines.nr + 1, lines.alloc);
			lines.v[lines.nr].p = argv[i];
			lines.v[lines.nr].len = strlen(argv[i]);
			lines.nr++;
		}
		gi_lines_normalize(&lines);
		opts.ref = argv[2];
		if (gi_store_append(&r, n, &lines, &opts) < 0)
			return 1;
		gi_lines_release(&lines);
	} else if (!strcmp(argv[1], "fill") && argc == 4) {
		if (fill(&r, atol(argv[2]), atol(argv[3])) < 0)
			return 1;
	} else if (!strcmp(argv[1], "plan") && argc == 4) {
		if (plan(&r, atol(argv[2]), atol(argv[3])) < 0)
			return 1;
	} else if (!strcmp(argv[1], "fill-fast") && argc == 4) {
		if (fill_fast(&r, atol(argv[2]), atol(argv[3])) < 0)
			return 1;
	} else {
		fprintf(stderr, "usage: gi-test-tool (merge|append) ...\n");
		return 129;
	}
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
