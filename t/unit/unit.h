/*
 * unit.h: a tiny TAP producer for the C unit tests of lib/. Each check
 * prints "ok N - name" or "not ok N - name"; unit_done() prints the plan
 * and returns the exit code, so prove reads the results.
 */
#ifndef UNIT_H
#define UNIT_H

#include <string.h>

int unit_check(int cond, const char *name, const char *file, int line);
int unit_done(void);

#define CHECK(cond, name) unit_check(!!(cond), (name), __FILE__, __LINE__)
#define CHECK_STR(a, b, name) \
	unit_check(strcmp((a), (b)) == 0, (name), __FILE__, __LINE__)

#endif
