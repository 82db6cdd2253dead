/*
 * form_line.c - reading a form file line by line: the UTF-8, NUL and control-character checks.
 * Contract in form.h and form_int.h, format in docs/forms.md.
 */
#include "form_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/*
 * True when a line needs none of form_parse's byte checks (NUL, encoding, control
 * characters): printable ASCII, tabs and well-formed UTF-8 only. Nearly every line is
 * like that, and one pass over it costs a third of the three checks.
 */
static int line_plain(const unsigned char *s, const unsigned char *e)
{
	while (s < e) {
		uint32_t cp;
		size_t k;

		if ((*s >= 0x20 && *s < 0x7F) || *s == '\t') {
			s++;
			continue;
		}
		if (*s < 0x80)
			return 0;
		/* Chinese characters: a lead byte E1-EF but ED (whose range is narrower),
		 * then any two continuation bytes; text_decode says the same, at more cost. */
		if (*s >= 0xE1 && *s <= 0xEF && *s != 0xED && e - s >= 3 &&
		    (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
			s += 3;
			continue;
		}
		k = text_decode((const char *)s, (size_t)(e - s), &cp);
		if (cp == 0xFFFD && k == 1)
			return 0;
		s += k;
	}
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
		if (!plain && !text_valid(b, (size_t)(e - b))) {
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
	fp_names_free(&ps);
	for (int i = 0; i < ps.nrules; i++)	/* rules kept but not resolved (too many errors) */
		free(ps.rules[i]);
	free(ps.rules);
	free(ps.rule_lines);
	if (ps.nerr > 0) {
		if (cause != NULL)
			*cause = strbuf_detach(&ps.err);
		strbuf_free(&ps.err);
		strbuf_free(&ps.warn);
		form_free(ps.f);
		return NULL;
	}
	strbuf_free(&ps.err);
	if (ps.warn.len > 0)
		ps.f->warnings = strbuf_detach(&ps.warn);
	strbuf_free(&ps.warn);
	ps.f->path = xstrdup(ps.name);
	return ps.f;
}
