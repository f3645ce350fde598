/*
 * unit.c: the TAP producer behind unit.h.
 */
#include "unit.h"

#include <stdio.h>

static int count, failed;

int unit_check(int cond, const char *name, const char *file, int line)
{
	count++;
	printf("%sok %d - %s\n", cond ? "" : "not ", count, name);
	if (!cond) {
		failed++;
		printf("# failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

int unit_done(void)
{
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}
