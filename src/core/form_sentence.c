/*
 * form_sentence.c - sentences with blanks, and the labels derived from them.
 * Contract in form.h and form_int.h, format in docs/forms.md.
 */
#include "form_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Punctuation that ends the phrase a derived label is taken from. */
static int is_stop(uint32_t cp)
{
	static const uint32_t stops[] = {
		0xFF0C, 0x3002, 0xFF1B, 0xFF1A, 0x3001, 0xFF01, 0xFF1F, ',', '.', ';', ':', '!',
		'?',
	};

	for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
		if (stops[i] == cp)
			return 1;
	return 0;
}

/* Brackets around a blank, full-width or ASCII, are not part of its label. */
static int is_open_bracket(uint32_t cp)
{
	return cp == 0xFF08 || cp == '(' || cp == '[' || cp == 0x3010;
}

/* See is_open_bracket. */
static int is_close_bracket(uint32_t cp)
{
	return cp == 0xFF09 || cp == ')' || cp == ']' || cp == 0x3011;
}

/* Spaces inside sentences, including the ideographic space. */
static int is_wspace(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000;
}

/* Start of the code point that ends just before s + n (s is valid UTF-8). */
static size_t utf8_prev(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	n--;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/*
 * Label of a blank without label=: the phrase before it (back to the previous
 * punctuation, without the opening bracket and a colon) plus the unit word after
 * it (up to the next punctuation, bracket or space). NULL when that is empty.
 */
static char *label_derive(const char *before, const char *after)
{
	struct strbuf sb = STRBUF_INIT;
	size_t end, start;
	uint32_t cp;
	int stripped_bracket = 0;

	if (before != NULL) {
		end = strlen(before);
		for (;;) {
			size_t p = utf8_prev(before, end);

			if (end == 0)
				break;
			text_decode_str(before + p, &cp);
			if (is_wspace(cp) || cp == 0xFF1A || cp == ':') {
				end = p;
			} else if (is_open_bracket(cp) && !stripped_bracket) {
				stripped_bracket = 1;
				end = p;
			} else {
				break;
			}
		}
		start = end;
		while (start > 0) {
			size_t p = utf8_prev(before, start);

			text_decode_str(before + p, &cp);
			if (is_stop(cp))
				break;
			start = p;
		}
		/* What follows an earlier blank begins with its closing bracket: drop it. */
		while (start < end) {
			size_t k = text_decode_str(before + start, &cp);

			if (!is_wspace(cp) && !is_close_bracket(cp))
				break;
			start += k;
		}
		strbuf_add(&sb, before + start, end - start);
	}
	if (after != NULL) {
		const char *s = after;
		int stripped_close = 0;

		for (;;) {
			size_t k;

			if (*s == '\0')
				break;
			k = text_decode_str(s, &cp);
			if (is_wspace(cp) || (is_close_bracket(cp) && !stripped_close)) {
				if (is_close_bracket(cp))
					stripped_close = 1;
				s += k;
			} else {
				break;
			}
		}
		start = 0;
		while (s[start] != '\0') {
			size_t k = text_decode_str(s + start, &cp);

			if (is_stop(cp) || is_wspace(cp) || is_open_bracket(cp) ||
			    is_close_bracket(cp))
				break;
			start += k;
		}
		strbuf_add(&sb, s, start);
	}
	if (sb.len == 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* One piece of a sentence while it is parsed: text, or the inside of a {blank}. */
struct piece {
	char *text;
	int blank;
};

/*
 * Split a sentence into text and blanks: {ID TYPE ATTR...} is a blank, {{ and }}
 * are literal braces. Returns the count, or -1 with an error reported.
 */
static int sentence_split(struct parser *ps, const char *s, struct piece **out)
{
	struct piece *pc = NULL;
	int n = 0;
	struct strbuf sb = STRBUF_INIT;

	*out = NULL;
	while (*s != '\0') {
		if (s[0] == '{' && s[1] == '{') {
			strbuf_addc(&sb, '{');
			s += 2;
		} else if (s[0] == '}' && s[1] == '}') {
			strbuf_addc(&sb, '}');
			s += 2;
		} else if (*s == '}') {
			fp_err(ps, ps->lineno,
			     "句中多了一个 }（没有对应的 {；要写字面的 } 请写 }}）");
			goto fail;
		} else if (*s == '{') {
			const char *p = s + 1;
			int quote = 0;

			while (*p != '\0') {
				/* Only these four characters matter inside a blank. */
				p += strcspn(p, "\\\"{}");
				if (*p == '\0')
					break;
				if (quote && *p == '\\' && p[1] != '\0')
					p++;
				else if (*p == '"')
					quote = !quote;
				else if (!quote && (*p == '}' || *p == '{'))
					break;
				p++;
			}
			if (*p != '}') {
				fp_err(ps, ps->lineno,
				     "句中的 { 没有用 } 结束（空格写成 {标识 类型 …}；"
				     "要写字面的 { 请写 {{）");
				goto fail;
			}
			if (sb.len > 0) {
				pc = fp_grow(pc, n, sizeof *pc);
				pc[n].text = strbuf_detach(&sb);
				pc[n++].blank = 0;
			}
			pc = fp_grow(pc, n, sizeof *pc);
			pc[n].text = xstrndup(s + 1, (size_t)(p - s - 1));
			pc[n++].blank = 1;
			s = p + 1;
		} else {
			const char *run = s;

			/* Plain text up to the next brace, in one piece. */
			while (*s != '\0' && *s != '{' && *s != '}')
				s++;
			strbuf_add(&sb, run, (size_t)(s - run));
		}
	}
	if (sb.len > 0) {
		pc = fp_grow(pc, n, sizeof *pc);
		pc[n].text = strbuf_detach(&sb);
		pc[n++].blank = 0;
	}
	*out = pc;
	return n;
fail:
	strbuf_free(&sb);
	for (int i = 0; i < n; i++)
		free(pc[i].text);
	free(pc);
	return -1;
}

/* Parse the inside of one blank into fl; -1 with errors reported. */
static int blank_parse(struct parser *ps, const char *inner, const char *before,
		       const char *after, struct form_field *fl)
{
	struct tokens tk;
	int n = fp_tokenize(ps, inner, &tk);
	const struct token *t = tk.v;
	enum field_type type;
	int rc = -1;

	fp_field_init(fl);
	if (n < 0)
		return -1;
	if (n < 2) {
		fp_err(ps, ps->lineno, "空格 {%s} 应写成 {标识 类型 [属性…]}", inner);
		goto out;
	}
	type = fp_id_type_parse(ps, t);
	if (type == FT__COUNT)
		goto out;
	fl->type = type;
	fl->id = xstrdup(t[0].raw);
	if (fp_field_attrs(ps, fl, t + 2, n - 2, 1) != 0)
		goto out;
	if (fl->label == NULL) {
		fl->label = label_derive(before, after);
		if (fl->label == NULL) {
			fp_err(ps, ps->lineno, "无法从句子为空格 %s 推出标签，请写 label=…", fl->id);
			goto out;
		}
	}
	rc = 0;
out:
	fp_tokens_free(&tk);
	return rc;
}

/* line SENTENCE: text with {blanks}; a sentence without blanks is read-only. */
void fp_parse_line(struct parser *ps, const char *rest)
{
	struct piece *pc;
	int n = sentence_split(ps, rest, &pc);
	struct form_seg *segs = NULL;
	int nsegs = 0, bad = 0;
	struct form_item *it;

	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		struct form_field fl;
		const char *before, *after;

		if (!pc[i].blank) {
			fp_box_warn(ps, pc[i].text);
			segs = fp_grow(segs, nsegs, sizeof *segs);
			segs[nsegs].text = pc[i].text;
			segs[nsegs++].field = -1;
			pc[i].text = NULL;
			continue;
		}
		/* A text piece has just been moved to the last segment. */
		before = i > 0 && !pc[i - 1].blank ? segs[nsegs - 1].text : NULL;
		after = i + 1 < n && !pc[i + 1].blank ? pc[i + 1].text : NULL;
		if (blank_parse(ps, pc[i].text, before, after, &fl) != 0) {
			fp_field_clear(&fl);
			bad = 1;
			continue;
		}
		if (fp_label_check(ps, &fl, fl.id) != 0) {
			fp_field_clear(&fl);
			bad = 1;
			continue;
		}
		if (bad) {
			fp_field_clear(&fl);
			continue;
		}
		segs = fp_grow(segs, nsegs, sizeof *segs);
		segs[nsegs].text = NULL;
		segs[nsegs++].field = fp_field_add(ps, &fl);
	}
	for (int i = 0; i < n; i++)
		free(pc[i].text);
	free(pc);
	it = fp_item_add(ps, IT_LINE);
	it->segs = segs;
	it->nsegs = nsegs;
}
