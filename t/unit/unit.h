/*
 * unit.h: a tiny TAP producer for the C unit tests of lib/. Each check
 * prints "ok N - name" or "not ok N - name"; unit_done() prints the plan
 * and returns the exit code, so prove reads the results. Tests that
 * write notes get a scratch repository here.
 */
#ifndef UNIT_H
#define UNIT_H

#include <string.h>

int unit_check(int cond, const char *name, const char *file, int line);
int unit_done(void);

struct gi_repo;

/*
 * A scratch repository for a test of the library: a new directory made
 * from the mkdtemp template `dir` (changed in place), made the current
 * directory, a repository initialised in it and opened into `r`, with a
 * fixed author. @return 0, or -1 after a failed check.
 */
int unit_scratch_repo(struct gi_repo *r, char *dir);
/* Close `r`, leave the scratch directory `dir` and remove it. */
void unit_scratch_done(struct gi_repo *r, const char *dir);

#define CHECK(cond, name) unit_check(!!(cond), (name), __FILE__, __LINE__)
#define CHECK_STR(a, b, name) \
	unit_check(strcmp((a), (b)) == 0, (name), __FILE__, __LINE__)

#endif
