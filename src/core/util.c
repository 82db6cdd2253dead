/* util.c - allocation wrappers, strbuf and string helpers (contract in util.h). */
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*fatal_hook)(void);

void util_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

void util_fatal(const char *fmt, ...)
{
	va_list ap;

	/* Restore the terminal first, so the message is readable. */
	if (fatal_hook != NULL)
		fatal_hook();
	va_start(ap, fmt);
	fputs("tianbiao: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(3);
}

void *xmalloc(size_t n)
{
	void *p;

	if (n == 0)
		util_fatal("xmalloc: zero size");
	p = malloc(n);
	if (p == NULL)
		util_fatal("内存不足 (out of memory, %zu bytes)", n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		util_fatal("xcalloc: zero size");
	if (SIZE_MAX / nmemb < size)
		util_fatal("xcalloc: %zu * %zu overflows", nmemb, size);
	p = calloc(nmemb, size);
	if (p == NULL)
		util_fatal("内存不足 (out of memory, %zu bytes)", nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q;

	if (n == 0)
		util_fatal("xrealloc: zero size");
	q = realloc(p, n);
	if (q == NULL)
		util_fatal("内存不足 (out of memory, %zu bytes)", n);
	return q;
}

void *xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (nmemb == 0 || size == 0)
		util_fatal("xreallocarray: zero size");
	if (SIZE_MAX / nmemb < size)
		util_fatal("xreallocarray: %zu * %zu overflows", nmemb, size);
	return xrealloc(p, nmemb * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *p;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		util_fatal("xvasprintf: bad format");
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

/* Grow geometrically so that a long run of appends stays linear. */
static void strbuf_grow(struct strbuf *sb, size_t more)
{
	size_t need;

	if (more > SIZE_MAX - sb->len - 1)
		util_fatal("strbuf: size overflow");
	need = sb->len + more + 1;
	if (need <= sb->cap)
		return;
	if (sb->cap == 0)
		sb->cap = 64;
	while (sb->cap < need)
		sb->cap = sb->cap > SIZE_MAX / 2 ? need : sb->cap * 2;
	sb->buf = xrealloc(sb->buf, sb->cap);
}

/* Room is checked inline: appends are frequent and rarely need to grow. */
void strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	if (sb->cap - sb->len <= n)
		strbuf_grow(sb, n);
	if (n > 0)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

/* Called once per character by printers and editors: room is checked inline. */
void strbuf_addc(struct strbuf *sb, char c)
{
	if (sb->cap - sb->len <= 1)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap, aq;
	int n;

	va_start(ap, fmt);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		util_fatal("strbuf_addf: bad format");
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	va_end(ap);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf != NULL)
		sb->buf[0] = '\0';
}

char *strbuf_detach(struct strbuf *sb)
{
	char *p = sb->buf != NULL ? sb->buf : xstrdup("");

	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}

void strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf != NULL ? sb->buf : "";
}

/* U+3000 IDEOGRAPHIC SPACE is E3 80 80 in UTF-8. */
static size_t space_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
		return 1;
	if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

char *str_trim(char *s)
{
	char *start = s, *end, *p;
	size_t n;

	while ((n = space_len(start)) > 0)
		start += n;
	end = start;
	for (p = start; *p != '\0';) {
		n = space_len(p);
		if (n == 0) {
			p++;
			end = p;
		} else {
			p += n;
		}
	}
	memmove(s, start, (size_t)(end - start));
	s[end - start] = '\0';
	return s;
}

int str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int str_ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int str_blank(const char *s)
{
	size_t n;

	if (s == NULL)
		return 1;
	while (*s != '\0') {
		n = space_len(s);
		if (n == 0)
			return 0;
		s += n;
	}
	return 1;
}
