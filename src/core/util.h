/*
 * util.h - allocation wrappers, a growable string buffer and small string helpers.
 *
 * Only a failed allocation is fatal: xmalloc() and friends print a message and
 * exit(3) through util_fatal(), which first calls the hook set with
 * util_set_fatal_hook() so that the TUI can restore the terminal.
 * Everything returned by x*() is owned by the caller and released with free().
 */
#ifndef TB_UTIL_H
#define TB_UTIL_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);                 /* n > 0; never returns NULL */
void *xcalloc(size_t nmemb, size_t size);/* rejects overflow */
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Called before exit on a fatal error (out of memory); may be NULL. */
void util_set_fatal_hook(void (*hook)(void));
void util_fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated after any append. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};
#define STRBUF_INIT { NULL, 0, 0 }
void strbuf_add(struct strbuf *sb, const void *data, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *sb);            /* len = 0, keeps memory */
char *strbuf_detach(struct strbuf *sb);          /* caller owns; sb is reset to empty */
void strbuf_free(struct strbuf *sb);
const char *strbuf_str(const struct strbuf *sb);  /* "" when empty */

/* Remove leading and trailing ASCII white space and U+3000 in place; returns s. */
char *str_trim(char *s);
int str_starts(const char *s, const char *prefix);
int str_ends(const char *s, const char *suffix);
/* True when s is NULL or holds only white space (ASCII or U+3000). */
int str_blank(const char *s);

#endif
