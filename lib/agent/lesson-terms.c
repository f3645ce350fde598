/*
 * lesson-terms.c: paths and commands named by a lesson or touched by a
 * tool call, and whether they meet (lesson-terms.h).
 *
 * The words are cut at blanks and at the characters that cannot end a
 * path in prose or in a shell command (quotes, brackets, commas, pipes,
 * '=' of --opt=value); then a word is a path by its shape alone. The
 * shapes are strict on purpose: a lesson that fires for the wrong file is
 * noise in the model's context, one that never fires only costs what the
 * brief already gave.
 */
#include "agent/lesson-terms.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/util/util.h"

/* File names without an extension that are files all the same. */
static const char *const known_names[] = {
	"Makefile", "makefile", "GNUmakefile", "Dockerfile", "Containerfile",
	"Gemfile", "Rakefile", "Procfile", "Jenkinsfile", "Vagrantfile",
	"Justfile", "justfile", "Caddyfile", "Brewfile", NULL
};

/* Commands too common to say anything: their paths still count. */
static const char *const generic[] = {
	"cat", "ls", "cd", "echo", "printf", "grep", "egrep", "fgrep", "rg",
	"sed", "awk", "head", "tail", "less", "more", "cp", "mv", "rm",
	"mkdir", "rmdir", "touch", "find", "xargs", "sh", "bash", "zsh",
	"true", "false", "test", "export", "source", ".", "[", "set",
	"unset", "exit", "sleep", "wc", "sort", "uniq", "tr", "cut", "tee",
	"chmod", "chown", "ln", "pwd", "which", "type", "read", "eval",
	"diff", "stat", "file", NULL
};

/* Words that only run the command after them. */
static const char *const wrappers[] = {
	"sudo", "env", "time", "nice", "nohup", "command", "exec", NULL
};

static int in_list(const char *const *list, const char *w, size_t n)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !memcmp(list[i], w, n))
			return 1;
	return 0;
}

void gi_terms_release(struct gi_terms *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		free(t->v[i].text);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

void gi_terms_add(struct gi_terms *t, enum gi_term_kind kind,
		  const char *text, size_t len)
{
	size_t i;

	if (!len || len > GI_TERM_MAX_LEN || t->nr >= GI_TERMS_MAX ||
	    memchr(text, '\t', len) || memchr(text, '\n', len) ||
	    memchr(text, '\0', len))
		return;
	for (i = 0; i < t->nr; i++)
		if (t->v[i].kind == kind && strlen(t->v[i].text) == len &&
		    !memcmp(t->v[i].text, text, len))
			return;
	GI_ALLOC_GROW(t->v, t->nr + 1, t->alloc);
	t->v[t->nr].kind = kind;
	t->v[t->nr++].text = gi_xstrndup(text, len);
}

/* ------------------------------------------------------------ paths */

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9');
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int name_char(char c)
{
	return is_alnum(c) || c == '_' || c == '-' || c == '.' || c == '+' ||
		c == '@';
}

/* A file name: a known one, a dot file, or name.ext with a letter in
 * an extension of at most 10 characters; `strict`: not a.b (e.g, i.e),
 * which after a folder (lib/x.h) is a file all the same. */
static int file_name_of(const char *s, size_t n, int strict)
{
	size_t i, dot = n, letters = 0;

	if (in_list(known_names, s, n))
		return 1;
	for (i = 0; i < n; i++) {
		if (!name_char(s[i]))
			return 0;
		if (s[i] == '.')
			dot = i;
	}
	if (dot == n || dot + 1 == n || n - dot - 1 > 10)
		return 0;
	for (i = dot + 1; i < n; i++) {
		if (!is_alnum(s[i]))
			return 0;
		letters += is_alpha(s[i]);
	}
	if (!letters)
		return 0;	/* 2.1.197, v1.2 */
	if (dot == 0)
		return n >= 3;	/* .env */
	/* e.g, i.e, a.m: a letter, a dot, a letter */
	return !strict || n >= 4 || dot > 1 || n - dot - 1 > 1;
}

static int file_name(const char *s, size_t n)
{
	return file_name_of(s, n, 1);
}

static int has_glob(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '*' || s[i] == '?' || s[i] == '[' || s[i] == '{')
			return 1;
	return 0;
}

/*
 * Is the word a path: a file name, or something with a '/' that is
 * clearly a path (from the root, the home, the current folder, a folder
 * ending in '/', two slashes or more, or ending in a file name) rather
 * than "and/or" or "client/server"?
 */
static int is_path(const char *s, size_t n)
{
	const char *slash = NULL;
	size_t i, slashes = 0;

	if (!n || s[0] == '-' || has_glob(s, n))
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '/') {
			slashes++;
			slash = s + i;
		} else if (s[i] == ':' && i + 2 < n && s[i + 1] == '/' &&
			   s[i + 2] == '/') {
			return 0;	/* a URL */
		} else if (!name_char(s[i]) && s[i] != '~') {
			return 0;
		}
	}
	if (!slash)
		return file_name(s, n);
	if (slash + 1 < s + n &&
	    file_name_of(slash + 1, (size_t)(s + n - slash - 1), 0))
		return 1;
	return s[0] == '/' || s[0] == '~' || (n > 1 && s[0] == '.' &&
					      (s[1] == '/' || s[1] == '.')) ||
		s[n - 1] == '/' || slashes >= 2;
}

/* The word without what prose puts around a path: "(nginx.conf)," or
 * "src/app.c:42:" or "`app.c`." */
static void trim_word(const char **s, size_t *n)
{
	while (*n && strchr("([{<'\"`", **s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && strchr(")]}>'\"`.,;:!?", (*s)[*n - 1]))
		(*n)--;
	/* a line number: app.c:42 */
	if (*n) {
		size_t k = *n;

		while (k && (*s)[k - 1] >= '0' && (*s)[k - 1] <= '9')
			k--;
		if (k && k < *n && (*s)[k - 1] == ':')
			*n = k - 1;
	}
	if (*n > 2 && (*s)[0] == '.' && (*s)[1] == '/') {
		*s += 2;
		*n -= 2;
	}
}

static int separator(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == ',' || c == ';' || c == '|' || c == '&' || c == '=' ||
		c == '"' || c == '\'' || c == '(' || c == ')' || c == '<' ||
		c == '>' || c == '`';
}

/* Every word of s[0..len) that is a path. */
static void paths_in(struct gi_terms *t, const char *s, size_t len)
{
	size_t i = 0, start;

	while (i < len) {
		const char *w;
		size_t n;

		while (i < len && separator(s[i]))
			i++;
		start = i;
		while (i < len && !separator(s[i]))
			i++;
		w = s + start;
		n = i - start;
		trim_word(&w, &n);
		if (is_path(w, n))
			gi_terms_add(t, GI_TERM_PATH, w, n);
	}
}

void gi_terms_of_path(struct gi_terms *t, const char *path)
{
	const char *p = path, *end = path + strlen(path);

	/* a pattern with its wildcards in the folders: its file name */
	while (p < end) {
		const char *q = p, *base;

		while (q < end && !separator(*q))
			q++;
		base = q;
		while (base > p && base[-1] != '/')
			base--;
		if (has_glob(p, (size_t)(base - p)) &&
		    !has_glob(base, (size_t)(q - base)))
			paths_in(t, base, (size_t)(q - base));
		else
			paths_in(t, p, (size_t)(q - p));
		p = q;
		while (p < end && separator(*p))
			p++;
	}
}

/* --------------------------------------------------------- commands */

static int command_word(const char *s, size_t n)
{
	size_t i;

	if (!n || !(is_alnum(s[0]) || s[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!name_char(s[i]))
			return 0;
	return 1;
}

static int subcommand_word(const char *s, size_t n)
{
	size_t i;

	if (!n || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (i = 1; i < n; i++)
		if (!(is_alnum(s[i]) || s[i] == '-' || s[i] == '_' ||
		      s[i] == ':'))
			return 0;
	return !file_name(s, n);
}

/* The next word of s[*i..len) within one simple command. */
static int next_word(const char *s, size_t len, size_t *i, const char **w,
		     size_t *n)
{
	while (*i < len && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '"' ||
			    s[*i] == '\'' || s[*i] == '(' || s[*i] == ')'))
		(*i)++;
	if (*i >= len)
		return 0;
	*w = s + *i;
	while (*i < len && s[*i] != ' ' && s[*i] != '\t' && s[*i] != '"' &&
	       s[*i] != '\'' && s[*i] != ')')
		(*i)++;
	*n = (size_t)(s + *i - *w);
	return 1;
}

/* One simple command: its command (word and subcommand). */
static void simple_command(struct gi_terms *t, const char *s, size_t len)
{
	const char *w = NULL, *w2;
	size_t i = 0, n = 0, n2;
	char buf[GI_TERM_MAX_LEN + 1];

	for (;;) {
		if (!next_word(s, len, &i, &w, &n))
			return;
		if (memchr(w, '=', n) && w[0] != '=')
			continue;	/* VAR=value */
		if (in_list(wrappers, w, n))
			continue;
		if (n == 7 && !memcmp(w, "timeout", 7)) {
			next_word(s, len, &i, &w2, &n2);	/* its limit */
			continue;
		}
		break;
	}
	/* /usr/bin/npm is npm */
	while (memchr(w, '/', n)) {
		const char *slash = memchr(w, '/', n);

		n -= (size_t)(slash + 1 - w);
		w = slash + 1;
	}
	if (!command_word(w, n) || in_list(generic, w, n) ||
	    n >= sizeof(buf) / 2)
		return;
	memcpy(buf, w, n);
	buf[n] = '\0';
	if (next_word(s, len, &i, &w2, &n2) && subcommand_word(w2, n2) &&
	    n + 1 + n2 < sizeof(buf)) {
		buf[n] = ' ';
		memcpy(buf + n + 1, w2, n2);
		buf[n + 1 + n2] = '\0';
	}
	/* our own commands are how lessons are written, not what they say */
	if (!strncmp(buf, "git issue-", 10) || !strncmp(buf, "git-issue-", 10))
		return;
	gi_terms_add(t, GI_TERM_COMMAND, buf, strlen(buf));
}

/* A shell text: its simple commands (cut at ; & | and newlines) and every
 * path in it. */
static void shell_text(struct gi_terms *t, const char *s, size_t len)
{
	size_t i = 0, start;

	paths_in(t, s, len);
	while (i < len) {
		start = i;
		while (i < len && !strchr(";&|\n", s[i]))
			i++;
		simple_command(t, s + start, i - start);
		while (i < len && strchr(";&|\n", s[i]))
			i++;
	}
}

void gi_terms_of_command(struct gi_terms *t, const char *command)
{
	shell_text(t, command, strlen(command));
}

void gi_terms_of_lesson(struct gi_terms *t, const char *text)
{
	const char *p = text, *end = text + strlen(text);

	paths_in(t, text, strlen(text));
	/* the commands are in code spans: a run of backticks to the same */
	while ((p = memchr(p, '`', (size_t)(end - p)))) {
		size_t run = strspn(p, "`");
		const char *body = p + run, *q = body;

		for (;;) {
			q = memchr(q, '`', (size_t)(end - q));
			if (!q || strspn(q, "`") == run)
				break;
			q += strspn(q, "`");
		}
		if (!q)
			break;
		shell_text(t, body, (size_t)(q - body));
		p = q + run;
	}
}

/* ---------------------------------------------------------- matching */

static const char *base_name(const char *s)
{
	const char *slash = strrchr(s, '/');

	return slash ? slash + 1 : s;
}

static const char *strip_root(const char *s)
{
	while (*s == '/' || (s[0] == '.' && s[1] == '/') ||
	       (s[0] == '~' && s[1] == '/'))
		s += s[0] == '/' ? 1 : 2;
	return s;
}

static int paths_meet(const char *a, const char *b)
{
	const char *sa = strip_root(a), *sb = strip_root(b), *longer, *shorter;
	size_t la, lb;

	if (strcmp(base_name(a), base_name(b)))
		return 0;
	if (!strchr(sa, '/') || !strchr(sb, '/'))
		return 1;
	la = strlen(sa);
	lb = strlen(sb);
	longer = la >= lb ? sa : sb;
	shorter = la >= lb ? sb : sa;
	la = strlen(longer);
	lb = strlen(shorter);
	return !strcmp(longer + la - lb, shorter) &&
		(la == lb || longer[la - lb - 1] == '/');
}

/* Are the words of `lesson` the first words of `use`? */
static int commands_meet(const char *lesson, const char *use)
{
	size_t n = strlen(lesson);

	return !strncmp(lesson, use, n) && (!use[n] || use[n] == ' ');
}

const struct gi_term *gi_terms_match(const struct gi_terms *lesson,
				     const struct gi_terms *use)
{
	size_t i, j;

	for (i = 0; i < lesson->nr; i++)
		for (j = 0; j < use->nr; j++) {
			const struct gi_term *a = &lesson->v[i], *b = &use->v[j];

			if (a->kind != b->kind)
				continue;
			if (a->kind == GI_TERM_PATH ? paths_meet(a->text, b->text) :
			    commands_meet(a->text, b->text))
				return a;
		}
	return NULL;
}
