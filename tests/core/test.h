/*
 * test.h - a tiny harness for the core tests (in the spirit of Redis testhelp.h).
 *
 * Each TEST_RUN prints "ok NAME" or "FAIL NAME" on its own line, with the failed
 * checks as "#   file:line: expr" lines before it; TEST_SKIP prints "skip NAME: why"
 * for a test that cannot run here. tests/run.sh counts those lines.
 * test_done() prints the program's own totals and gives its exit status.
 */
#ifndef TB_TEST_H
#define TB_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failed_checks;
static int test_passed, test_failed;

#define CHECK(cond)                                                                      \
	do {                                                                             \
		if (!(cond)) {                                                           \
			printf("#   %s:%d: %s\n", __FILE__, __LINE__, #cond);              \
			test_failed_checks++;                                            \
		}                                                                        \
	} while (0)

/* Compare two strings (NULL allowed) and show both on failure. */
#define CHECK_STR(got, want)                                                             \
	do {                                                                             \
		const char *g_ = (got), *w_ = (want);                                    \
		if (!((g_ == NULL && w_ == NULL) ||                                      \
		      (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0))) {              \
			printf("#   %s:%d: %s\n#     got:  [%s]\n#     want: [%s]\n",       \
			       __FILE__, __LINE__, #got, g_ ? g_ : "(null)",             \
			       w_ ? w_ : "(null)");                                      \
			test_failed_checks++;                                            \
		}                                                                        \
	} while (0)

#define CHECK_INT(got, want)                                                             \
	do {                                                                             \
		long g_ = (long)(got), w_ = (long)(want);                                \
		if (g_ != w_) {                                                          \
			printf("#   %s:%d: %s = %ld, want %ld\n", __FILE__, __LINE__, #got,  \
			       g_, w_);                                                  \
			test_failed_checks++;                                            \
		}                                                                        \
	} while (0)

#define TEST_RUN(fn)                                                                     \
	do {                                                                             \
		test_failed_checks = 0;                                                  \
		fn();                                                                    \
		if (test_failed_checks) {                                                \
			printf("FAIL %s\n", #fn);                                        \
			test_failed++;                                                   \
		} else {                                                                 \
			printf("ok %s\n", #fn);                                          \
			test_passed++;                                                   \
		}                                                                        \
		fflush(stdout);                                                          \
	} while (0)

/* A test that cannot run here (why says what it needs): counted as skipped, not passed. */
#define TEST_SKIP(fn, why)                                                               \
	do {                                                                             \
		printf("skip %s: %s\n", #fn, why);                                      \
		fflush(stdout);                                                          \
	} while (0)

static inline int test_done(void)
{
	printf("# %d passed, %d failed\n", test_passed, test_failed);
	return test_failed ? 1 : 0;
}

#endif
