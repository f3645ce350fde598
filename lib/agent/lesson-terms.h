/*
 * lesson-terms.h: what a lesson names, and what a tool call touches, as
 * terms that can be matched (lesson-terms.c): the moment a lesson
 * matters is when the agent reads, edits or searches a file, or runs a
 * command, that the lesson names.
 *
 * A term is a path (a word that looks like a file: it has a '/', or a
 * file name with an extension such as nginx.conf, a dot file such as
 * .env, or a name such as Makefile), or a command (the first word of a
 * command in backticks in a lesson, with its subcommand: `npm ci`, `git
 * rebase`; in a shell command, the first words of each simple command).
 * Words of prose never become commands: "make" in a sentence is a word,
 * `make` in backticks is a command.
 *
 * A path matches a path when their file names are the same and, when both
 * name a folder too, the shorter is the end of the longer at a '/'
 * (nginx.conf and /etc/nginx/nginx.conf match; src/app.c and lib/app.c
 * do not). A command matches when its words start the other's: `npm ci`
 * matches `npm ci --offline`, not `npm install`.
 */
#ifndef AGENT_LESSON_TERMS_H
#define AGENT_LESSON_TERMS_H

#include <stddef.h>

/* At most this many terms of one text are kept, each this long. */
#define GI_TERMS_MAX 32
#define GI_TERM_MAX_LEN 200

enum gi_term_kind { GI_TERM_PATH = 'p', GI_TERM_COMMAND = 'c' };

struct gi_term {
	enum gi_term_kind kind;
	char *text;		/* a command's words joined by one space */
};

struct gi_terms {
	struct gi_term *v;
	size_t nr, alloc;
};

void gi_terms_release(struct gi_terms *t);

/** Add a term (copied; a duplicate, an empty one or one with a tab or a
 * newline is not added; at most GI_TERMS_MAX). */
void gi_terms_add(struct gi_terms *t, enum gi_term_kind kind,
		  const char *text, size_t len);

/** The terms of a lesson's text: every path, and the commands in
 * backticks. */
void gi_terms_of_lesson(struct gi_terms *t, const char *text);

/** The terms of a shell command: the commands and every path in it. */
void gi_terms_of_command(struct gi_terms *t, const char *command);

/** The terms of one word or pattern that names files (a Glob's pattern,
 * a Grep's path): the paths in it. */
void gi_terms_of_path(struct gi_terms *t, const char *path);

/**
 * Does a term of `lesson` match a term of `use`? @return the lesson's
 * term that matched (owned by `lesson`), or NULL.
 */
const struct gi_term *gi_terms_match(const struct gi_terms *lesson,
				     const struct gi_terms *use);

#endif
