/*
 * options.h: command-line parsing from a table, after git's parse-options.
 * Each command declares its options once, with a help string; `-h` prints
 * the usage and the table and exits 129, as git does, even outside a
 * repository. Long options may be abbreviated to any unique prefix, as in
 * git.
 */
#ifndef GITISSUE_UTIL_OPTIONS_H
#define GITISSUE_UTIL_OPTIONS_H

#include <stddef.h>

enum gi_opt_type {
	GI_OPT_END,
	GI_OPT_GROUP,	/* a heading in the help text */
	GI_OPT_BOOL,	/* int: set to 1, --no-x sets 0 */
	GI_OPT_STRING,	/* const char *: last one wins */
	GI_OPT_LIST,	/* struct gi_strlist: every value, in order */
	GI_OPT_LONG,	/* long, decimal */
	GI_OPT_CALLBACK,	/* int (*)(const char *arg, void *value) */
	GI_OPT_CMDMODE,	/* int: set to `defval`; two different modes of the
			 * same variable cannot be used together */
};

struct gi_strlist {
	const char **v;
	size_t nr, alloc;
};
void gi_strlist_push(struct gi_strlist *l, const char *s);
void gi_strlist_release(struct gi_strlist *l);

struct gi_option {
	enum gi_opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh;	/* argument name in help, e.g. "<n>" */
	const char *help;
	int (*callback)(const char *arg, void *value);
	int optional_arg;	/* --x or --x=<v>, never a separate word */
	int defval;		/* GI_OPT_CMDMODE: the mode */
};

#define GI_OPT_END() { GI_OPT_END, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 }
#define GI_OPT_GROUP(h) { GI_OPT_GROUP, 0, NULL, NULL, NULL, (h), NULL, 0, 0 }
#define GI_OPT_BOOL(s, l, v, h) \
	{ GI_OPT_BOOL, (s), (l), (v), NULL, (h), NULL, 0, 0 }
#define GI_OPT_STRING(s, l, v, a, h) \
	{ GI_OPT_STRING, (s), (l), (v), (a), (h), NULL, 0, 0 }
/* --x alone, or --x=<v> (e.g. --watch[=<seconds>]); `v` is NULL alone */
#define GI_OPT_STRING_OPTARG(s, l, v, a, h) \
	{ GI_OPT_STRING, (s), (l), (v), (a), (h), NULL, 1, 0 }
#define GI_OPT_LIST(s, l, v, a, h) \
	{ GI_OPT_LIST, (s), (l), (v), (a), (h), NULL, 0, 0 }
#define GI_OPT_LONG(s, l, v, a, h) \
	{ GI_OPT_LONG, (s), (l), (v), (a), (h), NULL, 0, 0 }
#define GI_OPT_CALLBACK(s, l, v, a, h, cb) \
	{ GI_OPT_CALLBACK, (s), (l), (v), (a), (h), (cb), 0, 0 }
#define GI_OPT_CMDMODE(s, l, v, mode, h) \
	{ GI_OPT_CMDMODE, (s), (l), (v), NULL, (h), NULL, 0, (mode) }

/**
 * Parse argv[1..] against `opts`. Options and arguments may be mixed
 * (stopping at "--"). Returns the number of non-option arguments, moved to
 * the front of argv (argv[0..n-1]). On an unknown, ambiguous or
 * incompatible option or a bad value it prints the error and the usage to
 * stderr and exits 129; on -h it prints the usage to stdout and exits 129.
 */
int gi_parse_options(int argc, const char **argv, const struct gi_option *opts,
		     const char *const *usage);

/** Print "error: msg" and the usage to stderr, exit 129. */
void gi_usage_with_error(const char *const *usage,
			 const struct gi_option *opts, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

#endif
