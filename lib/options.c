/*
 * options.c: the option table parser used by every command (options.h).
 */
#include "gitissue/options.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util.h"

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

static void set_value(const char *const *usage, const struct gi_option *opts,
		      const struct gi_option *o, const char *arg, int neg,
		      const char *spelled)
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
			gi_usage_with_error(usage, opts,
				"option '%s' expects a non-negative number, "
				"not '%s'", spelled, arg);
		*(long *)o->value = (long)v;
		break;
	case GI_OPT_CALLBACK:
		if (o->callback(neg ? NULL : arg, o->value) < 0)
			exit(GI_EXIT_USAGE);
		break;
	default:
		break;
	}
}

static int takes_arg(const struct gi_option *o)
{
	return o->type != GI_OPT_BOOL && o->argh;
}

int gi_parse_options(int argc, const char **argv, const struct gi_option *opts,
		     const char *const *usage)
{
	int i, nargs = 0, only_args = 0;
	const struct gi_option *o;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		/* "-1" is an argument (a bad issue number), not a switch */
		if (only_args || a[0] != '-' || !a[1] ||
		    (a[1] >= '0' && a[1] <= '9')) {
			argv[nargs++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help-all")) {
			print_usage(stdout, usage, opts);
			exit(GI_EXIT_USAGE);
		}
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			int neg = 0;

			if (!strncmp(name, "no-", 3)) {
				for (o = opts; o->type != GI_OPT_END; o++)
					if (o->long_name &&
					    strlen(o->long_name) == len &&
					    !strncmp(o->long_name, name, len))
						break;
				if (o->type == GI_OPT_END) {
					neg = 1;
					name += 3;
					len -= 3;
				}
			}
			for (o = opts; o->type != GI_OPT_END; o++)
				if (o->long_name &&
				    strlen(o->long_name) == len &&
				    !strncmp(o->long_name, name, len))
					break;
			if (o->type == GI_OPT_END || o->type == GI_OPT_GROUP)
				gi_usage_with_error(usage, opts,
					"unknown option '%s'", a + 2);
			if (neg) {
				if (eq)
					gi_usage_with_error(usage, opts,
						"option 'no-%s' takes no value",
						o->long_name);
				set_value(usage, opts, o, NULL, 1, a);
			} else if (!takes_arg(o)) {
				if (eq)
					gi_usage_with_error(usage, opts,
						"option '%s' takes no value",
						o->long_name);
				set_value(usage, opts, o, NULL, 0, a);
			} else if (eq) {
				set_value(usage, opts, o, eq + 1, 0, a);
			} else if (o->optional_arg) {
				set_value(usage, opts, o, NULL, 0, a);
			} else if (i + 1 < argc) {
				set_value(usage, opts, o, argv[++i], 0, a);
			} else {
				gi_usage_with_error(usage, opts,
					"option '%s' requires a value",
					o->long_name);
			}
			continue;
		}
		/* short options, possibly bundled: -qv, -m msg, -mmsg */
		for (a++; *a; a++) {
			char spelled[3] = { '-', *a, 0 };

			for (o = opts; o->type != GI_OPT_END; o++)
				if (o->short_name == *a)
					break;
			if (o->type == GI_OPT_END)
				gi_usage_with_error(usage, opts,
					"unknown switch '%c'", *a);
			if (!takes_arg(o)) {
				set_value(usage, opts, o, NULL, 0, spelled);
				continue;
			}
			if (a[1]) {
				set_value(usage, opts, o, a + 1, 0, spelled);
			} else if (i + 1 < argc) {
				set_value(usage, opts, o, argv[++i], 0,
					  spelled);
			} else {
				gi_usage_with_error(usage, opts,
					"switch '%c' requires a value", *a);
			}
			break;
		}
	}
	argv[nargs] = NULL;
	return nargs;
}
