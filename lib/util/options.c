/*
 * options.c: the option table parser used by every command (options.h).
 */
#include "gitissue/util/options.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/util.h"

void gi_strlist_push(struct gi_strlist *l, const char *s)
{
	GI_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr++] = s;
}

void gi_strlist_release(struct gi_strlist *l)
{
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

static void print_usage(FILE *f, const char *const *usage,
			const struct gi_option *opts)
{
	const struct gi_option *o;
	size_t i;

	for (i = 0; usage[i]; i++)
		fprintf(f, "%s %s\n", i ? "   or:" : "usage:", usage[i]);
	fputc('\n', f);
	for (o = opts; o->type != GI_OPT_END; o++) {
		char left[96];
		int n = 0;

		if (o->type == GI_OPT_GROUP) {
			fprintf(f, "\n%s\n", o->help);
			continue;
		}
		if (o->short_name && o->long_name)
			n = snprintf(left, sizeof(left), "-%c, --%s",
				     o->short_name, o->long_name);
		else if (o->short_name)
			n = snprintf(left, sizeof(left), "-%c", o->short_name);
		else
			n = snprintf(left, sizeof(left), "--%s", o->long_name);
		if (o->argh && n > 0 && (size_t)n < sizeof(left))
			snprintf(left + n, sizeof(left) - (size_t)n,
				 o->optional_arg ? "[=%s]" :
				 (o->long_name ? "=%s" : " %s"), o->argh);
		if (strlen(left) > 20)
			fprintf(f, "    %s\n%26s%s\n", left, "", o->help);
		else
			fprintf(f, "    %-22s%s\n", left, o->help);
	}
	fputc('\n', f);
}

void gi_usage_with_error(const char *const *usage,
			 const struct gi_option *opts, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_usage(stderr, usage, opts);
	exit(GI_EXIT_USAGE);
}

/* One parse: the table, and which option set each command mode. */
struct parser {
	const struct gi_option *opts;
	const char *const *usage;
	const struct gi_option *modes[16];	/* the option that set it */
	size_t nmodes;
};

/* "--name" or "-n", for messages. */
static void spell(char *out, size_t size, const struct gi_option *o)
{
	if (o->long_name)
		snprintf(out, size, "--%s", o->long_name);
	else
		snprintf(out, size, "-%c", o->short_name);
}

static void set_mode(struct parser *p, const struct gi_option *o)
{
	int *v = o->value;
	size_t i;

	for (i = 0; i < p->nmodes; i++) {
		const struct gi_option *prev = p->modes[i];
		char a[64], b[64];

		if (prev->value != o->value)
			continue;
		if (prev->defval == o->defval)
			return;
		spell(a, sizeof(a), prev);
		spell(b, sizeof(b), o);
		gi_usage_with_error(p->usage, p->opts, "options '%s' and '%s' "
				    "cannot be used together", a, b);
	}
	if (p->nmodes == GI_ARRAY_SIZE(p->modes))
		GI_BUG("too many command-mode options");
	p->modes[p->nmodes++] = o;
	*v = o->defval;
}

static void set_value(struct parser *p, const struct gi_option *o,
		      const char *arg, int neg, const char *spelled)
{
	unsigned long v;

	switch (o->type) {
	case GI_OPT_BOOL:
		*(int *)o->value = !neg;
		break;
	case GI_OPT_STRING:
		*(const char **)o->value = neg ? NULL : arg;
		break;
	case GI_OPT_LIST:
		if (neg)
			((struct gi_strlist *)o->value)->nr = 0;
		else
			gi_strlist_push(o->value, arg);
		break;
	case GI_OPT_LONG:
		if (gi_parse_ulong(arg, &v) || v > 0x7fffffffUL)
			gi_usage_with_error(p->usage, p->opts,
				"option '%s' expects a non-negative number, "
				"not '%s'", spelled, arg);
		*(long *)o->value = (long)v;
		break;
	case GI_OPT_CALLBACK:
		if (o->callback(neg ? NULL : arg, o->value) < 0)
			exit(GI_EXIT_USAGE);
		break;
	case GI_OPT_CMDMODE:
		set_mode(p, o);
		break;
	default:
		break;
	}
}

static int takes_arg(const struct gi_option *o)
{
	return o->type != GI_OPT_BOOL && o->type != GI_OPT_CMDMODE && o->argh;
}

/* Can `--no-<name>` be said of this option? */
static int negatable(const struct gi_option *o)
{
	return o->type != GI_OPT_CMDMODE;
}

/*
 * The option `name` (`len` bytes) names: exactly, else as the unique
 * prefix of one long option, as git allows. *neg is set for a --no- form.
 */
static const struct gi_option *find_long(struct parser *p, const char *name,
					 size_t len, int *neg)
{
	const struct gi_option *o, *hit = NULL, *other = NULL;
	int negated = len > 3 && !strncmp(name, "no-", 3), hit_neg = 0;

	/* an exact name wins, then an exact --no-<name> */
	for (o = p->opts; o->type != GI_OPT_END; o++)
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len)) {
			*neg = 0;
			return o;
		}
	for (o = p->opts; negated && o->type != GI_OPT_END; o++)
		if (o->long_name && negatable(o) &&
		    strlen(o->long_name) == len - 3 &&
		    !strncmp(o->long_name, name + 3, len - 3)) {
			*neg = 1;
			return o;
		}
	/* abbreviations: --rem for --remove, --no-se for --no-setup */
	for (o = p->opts; o->type != GI_OPT_END; o++) {
		int as_neg;

		if (!o->long_name)
			continue;
		if (!strncmp(o->long_name, name, len))
			as_neg = 0;
		else if (negated && negatable(o) &&
			 !strncmp(o->long_name, name + 3, len - 3))
			as_neg = 1;
		else
			continue;
		if (hit && hit != o) {
			other = o;
			break;
		}
		hit = o;
		hit_neg = as_neg;
	}
	if (other)
		gi_usage_with_error(p->usage, p->opts, "ambiguous option: %.*s "
				    "(could be --%s or --%s)", (int)len, name,
				    hit->long_name, other->long_name);
	*neg = hit_neg;
	return hit;
}

/*
 * The edit distance from `a` to `b`, weighted as git's help.c weighs it
 * for "did you mean": swapping two neighbours is free, a substitution
 * costs 2, adding a character 1, deleting one 3 (a typo more often drops
 * a letter than adds one). Damerau's dynamic programme, three rows.
 */
static size_t distance(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b), i, j, ret;
	size_t *r0 = gi_xcalloc(lb + 1, sizeof(size_t));
	size_t *r1 = gi_xcalloc(lb + 1, sizeof(size_t));
	size_t *r2 = gi_xcalloc(lb + 1, sizeof(size_t)), *t;

	for (j = 0; j <= lb; j++)
		r1[j] = j * 1;			/* add b's characters */
	for (i = 0; i < la; i++) {
		r2[0] = (i + 1) * 3;		/* delete a's characters */
		for (j = 0; j < lb; j++) {
			size_t v = r1[j] + (a[i] == b[j] ? 0 : 2);

			if (i > 0 && j > 0 && a[i - 1] == b[j] &&
			    a[i] == b[j - 1] && v > r0[j - 1])
				v = r0[j - 1];	/* swapped neighbours */
			if (v > r1[j + 1] + 3)
				v = r1[j + 1] + 3;
			if (v > r2[j] + 1)
				v = r2[j] + 1;
			r2[j + 1] = v;
		}
		t = r0;
		r0 = r1;
		r1 = r2;
		r2 = t;
	}
	ret = r1[lb];
	free(r0);
	free(r1);
	free(r2);
	return ret;
}

/*
 * "did you mean" for an unknown long option, as git says it for an
 * unknown command: the long options nearest by distance(), when near
 * enough (git's similarity floor, 7), all of them when they tie.
 */
static void suggest_long(const struct gi_option *opts, const char *name,
			 size_t len)
{
	const struct gi_option *o;
	size_t best = 7, n = 0;

	for (o = opts; o->type != GI_OPT_END; o++)
		if (o->long_name && distance(name, len, o->long_name) < best)
			best = distance(name, len, o->long_name);
	for (o = opts; o->type != GI_OPT_END; o++)
		if (o->long_name && distance(name, len, o->long_name) == best)
			n++;
	if (!n)
		return;
	fprintf(stderr, n == 1 ? "hint: did you mean " :
		"hint: did you mean one of these?\n");
	for (o = opts; o->type != GI_OPT_END; o++)
		if (o->long_name && distance(name, len, o->long_name) == best)
			fprintf(stderr, n == 1 ? "'--%s'?\n" : "hint:\t--%s\n",
				o->long_name);
}

/* One "--name[=value]" at argv[*i]; may take the next word. */
static void parse_long(struct parser *p, int argc, const char **argv, int *i)
{
	const char *a = argv[*i], *name = a + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	int neg = 0;
	const struct gi_option *o = find_long(p, name, len, &neg);

	if (!o || o->type == GI_OPT_GROUP) {
		fflush(stdout);
		fprintf(stderr, "error: unknown option '%s'\n", a + 2);
		suggest_long(p->opts, name, len);
		fputc('\n', stderr);
		print_usage(stderr, p->usage, p->opts);
		exit(GI_EXIT_USAGE);
	}
	if (neg || !takes_arg(o)) {
		if (eq)
			gi_usage_with_error(p->usage, p->opts,
					    "option '%s%s' takes no value",
					    neg ? "no-" : "", o->long_name);
		set_value(p, o, NULL, neg, a);
	} else if (eq) {
		set_value(p, o, eq + 1, 0, a);
	} else if (o->optional_arg) {
		set_value(p, o, NULL, 0, a);
	} else if (*i + 1 < argc) {
		set_value(p, o, argv[++*i], 0, a);
	} else {
		gi_usage_with_error(p->usage, p->opts,
				    "option '%s' requires a value",
				    o->long_name);
	}
}

/* Short options at argv[*i], possibly bundled: -qv, -m msg, -mmsg. */
static void parse_short(struct parser *p, int argc, const char **argv, int *i)
{
	const char *a;

	for (a = argv[*i] + 1; *a; a++) {
		char spelled[3] = { '-', *a, 0 };
		const struct gi_option *o;

		for (o = p->opts; o->type != GI_OPT_END; o++)
			if (o->short_name == *a)
				break;
		if (o->type == GI_OPT_END)
			gi_usage_with_error(p->usage, p->opts,
					    "unknown switch '%c'", *a);
		if (!takes_arg(o)) {
			set_value(p, o, NULL, 0, spelled);
			continue;
		}
		if (a[1])
			set_value(p, o, a + 1, 0, spelled);
		else if (*i + 1 < argc)
			set_value(p, o, argv[++*i], 0, spelled);
		else
			gi_usage_with_error(p->usage, p->opts,
					    "switch '%c' requires a value", *a);
		return;
	}
}

int gi_parse_options(int argc, const char **argv, const struct gi_option *opts,
		     const char *const *usage)
{
	struct parser p;
	int i, nargs = 0, only_args = 0;

	memset(&p, 0, sizeof(p));
	p.opts = opts;
	p.usage = usage;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		/* "-1" is an argument (a bad issue number), not a switch */
		if (only_args || a[0] != '-' || !a[1] ||
		    (a[1] >= '0' && a[1] <= '9')) {
			argv[nargs++] = a;
		} else if (!strcmp(a, "--")) {
			only_args = 1;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help-all")) {
			print_usage(stdout, usage, opts);
			exit(GI_EXIT_USAGE);
		} else if (a[1] == '-') {
			parse_long(&p, argc, argv, &i);
		} else {
			parse_short(&p, argc, argv, &i);
		}
	}
	argv[nargs] = NULL;
	return nargs;
}
