/*
 * editor.c: editing a text in the user's editor (editor.h).
 */
#include "gitissue/util/editor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/util/config.h"
#include "gitissue/util/run.h"

/* Does a line of `text` begin with `c`? */
static int begins_a_line(const char *text, char c)
{
	const char *p = text;

	for (; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (*p == c)
			return 1;
	return 0;
}

char gi_comment_char(struct gi_repo *r, const char *text)
{
	char *v = gi_config_get(r, "core.commentChar");
	char c = '#';

	if (v && !strcmp(v, "auto")) {
		const char *p;

		for (p = "#;@!$%^&|:"; *p; p++)
			if (!text || !begins_a_line(text, *p))
				break;
		c = *p ? *p : '#';
	} else if (v && strlen(v) == 1 && v[0] != '\n' && v[0] != ' ') {
		c = v[0];
	}
	free(v);
	return c;
}

/* The editor git would run: `git var GIT_EDITOR` knows all the rules. */
static char *git_editor(void)
{
	const char *argv[] = { "git", "var", "GIT_EDITOR", NULL };
	struct gi_child c = { 0 };
	gi_buf out = GI_BUF_INIT;

	c.argv = argv;
	c.out = &out;
	if (gi_run(&c) != 0)
		gi_buf_reset(&out);
	gi_buf_rtrim(&out, "\r\n", 0);
	if (!out.len) {
		gi_buf_release(&out);
		return NULL;
	}
	return gi_buf_detach(&out, NULL);
}

/* A new file in the git dir holding `text` and the instructions. */
static char *write_template(struct gi_repo *r, const gi_buf *text,
			    const char *instructions, char cc)
{
	gi_buf b = GI_BUF_INIT;
	char *path;
	const char *p;
	FILE *f;
	int fd;

	/* in this worktree's git dir, as git keeps COMMIT_EDITMSG; unique,
	 * since several agents may edit notes in one worktree */
	gi_buf_addf(&b, "%s/ISSUE_NOTE_EDITMSG-XXXXXX.md", r->gitdir);
	path = gi_buf_detach(&b, NULL);
	fd = mkstemps(path, 3);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		gi_error("unable to create '%s': %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		free(path);
		return NULL;
	}
	fprintf(f, "%s%s\n", text->buf, text->len ? "\n" : "");
	for (p = instructions; p && *p;) {
		size_t n = strcspn(p, "\n");

		fprintf(f, "%c %.*s\n", cc, (int)n, p);
		p += n + (p[n] == '\n');
	}
	fprintf(f, "%c Lines starting with '%c' are ignored.\n", cc, cc);
	if (fclose(f)) {
		gi_error("unable to write '%s': %s", path, strerror(errno));
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

static int run_editor(const char *editor, const char *path)
{
	gi_buf cmd = GI_BUF_INIT;
	const char *argv[] = { "/bin/sh", "-c", NULL, NULL, NULL, NULL };
	struct gi_child c = { 0 };
	int rc;

	/* as git runs it: the editor is a shell command, the file "$@" */
	gi_buf_addf(&cmd, "%s \"$@\"", editor);
	argv[2] = cmd.buf;
	argv[3] = editor;
	argv[4] = path;
	c.argv = argv;
	c.inherit = 1;
	rc = gi_run(&c);
	gi_buf_release(&cmd);
	if (rc)
		return gi_error("there was a problem with the editor '%s'",
				editor);
	return 0;
}

/* The file's text without its comment lines. */
static int read_back(gi_buf *text, const char *path, char cc)
{
	gi_buf in = GI_BUF_INIT;
	const char *s;

	if (gi_buf_read_file(&in, path) < 0) {
		gi_error("unable to read '%s': %s", path, strerror(errno));
		gi_buf_release(&in);
		return -1;
	}
	gi_buf_reset(text);
	for (s = in.buf; *s;) {
		size_t n = strcspn(s, "\n");

		if (*s != cc) {
			gi_buf_add(text, s, n);
			gi_buf_addch(text, '\n');
		}
		s += n + (s[n] == '\n');
	}
	gi_buf_release(&in);
	return 0;
}

int gi_edit_text(struct gi_repo *r, gi_buf *text, const char *instructions)
{
	char cc = gi_comment_char(r, text->buf);
	char *editor = git_editor(), *path = NULL;
	int ret = -1;

	if (!editor) {
		gi_error("no editor: set GIT_EDITOR, core.editor or EDITOR");
		goto done;
	}
	path = write_template(r, text, instructions, cc);
	if (!path)
		goto done;
	/* git's "no editor" (GIT_EDITOR=:) keeps the text as it is */
	if (strcmp(editor, ":") && run_editor(editor, path) < 0)
		goto done;
	ret = read_back(text, path, cc);
done:
	if (path)
		unlink(path);
	free(path);
	free(editor);
	return ret;
}

void gi_text_add_paragraph(gi_buf *text, const char *s, size_t len)
{
	if (text->len)
		gi_buf_adds(text, "\n\n");
	gi_buf_add(text, s, len);
}

void gi_text_add_file(gi_buf *text, const char *path)
{
	gi_buf in = GI_BUF_INIT;

	if (gi_buf_read_file(&in, path) < 0)
		gi_die("could not read '%s': %m", path);
	gi_text_add_paragraph(text, in.buf, in.len);
	gi_buf_release(&in);
}
