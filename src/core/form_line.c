/*
 * form_line.c - reading a form file line by line: the UTF-8, NUL and control-character checks.
 * Contract in form.h and form_int.h, format in docs/forms.md.
 */
#include "form_int.h"

#include <stdint.h>
#include <string.h>

/*
 * Length of the well-formed UTF-8 sequence at s, with n >= 1 bytes left: 1 to 4, or 0
 * when there is none (an overlong form, a surrogate, a code point above U+10FFFF, a
 * stray or missing continuation byte). The ranges are those of Unicode table 3-7.
 */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	size_t k;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		k = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4;
	else
		return 0;
	if (n < k)
		return 0;
	/* The second byte alone rules out overlongs, surrogates and code points too high. */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t j = 2; j < k; j++)
		if ((s[j] & 0xC0) != 0x80)
			return 0;
	return k;
}

/* Strict UTF-8 check of n bytes (no overlongs, no surrogates, nothing above U+10FFFF). */
static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k = utf8_seq(s + i, n - i);

		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/*
 * True when a line needs none of form_parse's byte checks (NUL, encoding, control
 * characters): printable ASCII, tabs and well-formed UTF-8 only. Nearly every line is
 * like that, and one pass over it costs a third of the three checks.
 */
static int line_plain(const unsigned char *s, const unsigned char *e)
{
	while (s < e) {
		size_t k;

		if ((*s >= 0x20 && *s < 0x7F) || *s == '\t') {
			s++;
			continue;
		}
		if (*s < 0x80)
			return 0;
		/* Chinese characters: a lead byte E1-EF but ED (whose range is narrower),
		 * then any two continuation bytes; utf8_seq says the same, at more cost. */
		if (*s >= 0xE1 && *s <= 0xEF && *s != 0xED && e - s >= 3 &&
		    (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
			s += 3;
			continue;
		}
		k = utf8_seq(s, (size_t)(e - s));
		if (k == 0)
			return 0;
		s += k;
	}
	return 1;
}

/* Decode one code point of valid UTF-8 (the parser checked it); returns its length. */
size_t fp_utf8_get(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] < 0xE0 && u[1] != 0) {
		*cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
		return 2;
	}
	if (u[0] < 0xF0 && u[1] != 0 && u[2] != 0) {
		*cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
		      (u[2] & 0x3F);
		return 3;
	}
	if (u[1] != 0 && u[2] != 0 && u[3] != 0) {
		*cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
		      ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

/* Line by line, collecting errors, so that one run lists everything to fix. */
struct form *form_parse(const char *name, const char *text, size_t len, char **cause)
{
	struct parser ps;
	const char *p, *end;
	struct strbuf line = STRBUF_INIT;

	if (text == NULL) {
		text = "";
		len = 0;
	}
	p = text;
	end = text + len;
	memset(&ps, 0, sizeof ps);
	ps.name = name != NULL ? name : "(form)";
	ps.f = xcalloc(1, sizeof *ps.f);
	ps.group = -1;
	if (cause != NULL)
		*cause = NULL;
	/* A byte-order mark, as Windows Notepad writes it, is skipped. */
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end && ps.nerr < MAX_ERRORS) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *b = p, *e = nl != NULL ? nl : end, *s;
		int plain;

		ps.lineno++;
		p = nl != NULL ? nl + 1 : end;
		/* A plain line passes all three checks below; only others go through them. */
		plain = line_plain((const unsigned char *)b, (const unsigned char *)e);
		if (!plain && memchr(b, '\0', (size_t)(e - b)) != NULL) {
			fp_err(&ps, ps.lineno, "这一行含有 NUL 字节，文件可能已损坏或不是文本文件");
			continue;
		}
		if (!plain && !utf8_ok((const unsigned char *)b, (size_t)(e - b))) {
			fp_err(&ps, ps.lineno, "这一行不是有效的 UTF-8 编码，请把文件另存为 UTF-8");
			continue;
		}
		while (e > b && (fp_is_space(e[-1]) || e[-1] == '\r'))
			e--;
		while (b < e && fp_is_space(*b))
			b++;
		for (s = b; !plain && s < e; s++)
			if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7F)
				break;
		if (!plain && s < e) {
			fp_err(&ps, ps.lineno, "这一行含有控制字符（0x%02X），请删去",
			     (unsigned)(unsigned char)*s);
			continue;
		}
		if (b == e || *b == '#')
			continue;
		strbuf_reset(&line);
		strbuf_add(&line, b, (size_t)(e - b));
		fp_parse_directive(&ps, line.buf);
	}
	strbuf_free(&line);
	ps.nlines = ps.lineno;
	if (ps.nerr < MAX_ERRORS)
		fp_parse_finish(&ps);
	if (ps.nerr > 0) {
		if (cause != NULL)
			*cause = strbuf_detach(&ps.err);
		strbuf_free(&ps.err);
		form_free(ps.f);
		return NULL;
	}
	strbuf_free(&ps.err);
	ps.f->path = xstrdup(ps.name);
	return ps.f;
}
