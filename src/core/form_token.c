/*
 * form_token.c - splitting a directive into tokens.
 * Contract in form.h and form_int.h, format in docs/forms.md.
 */
#include "form_int.h"

#include <stdlib.h>
#include <string.h>

/* Free the tokens of one directive. */
void fp_tokens_free(struct tokens *tk)
{
	free(tk->v);
	free(tk->mem);
	tk->v = NULL;
	tk->mem = NULL;
	tk->n = 0;
}

/* Copy s[0..n) as a string to the block at *mem; returns the copy. */
static const char *tok_str(char **mem, const char *s, size_t n)
{
	char *d = *mem;

	memcpy(d, s, n);
	d[n] = '\0';
	*mem = d + n + 1;
	return d;
}

/*
 * Copy the double-quoted string starting at *p (on the quote), without its quotes and
 * escapes, to the block at *mem as *out; 0 on success, -1 when it is not closed.
 */
static int read_quoted(const char **p, const char *end, char **mem, const char **out)
{
	const char *s = *p + 1;
	char *d = *mem;

	*out = d;
	while (s < end && *s != '"') {
		const char *run = s;

		while (s < end && *s != '"' && *s != '\\')
			s++;
		memcpy(d, run, (size_t)(s - run));
		d += s - run;
		if (s < end && *s == '\\') {
			if (s + 1 < end && (s[1] == '"' || s[1] == '\\'))
				s++;
			*d++ = *s++;
		}
	}
	if (s >= end)
		return -1;
	*d++ = '\0';
	*mem = d;
	*p = s + 1;
	return 0;
}

/*
 * Split the string s into tokens separated by spaces: plain words, "quoted strings",
 * KEY=VALUE and KEY="quoted value". Returns the count, or -1 with an error reported
 * (then *out holds nothing). Free *out with fp_tokens_free.
 */
int fp_tokenize(struct parser *ps, const char *s, struct tokens *out)
{
	size_t len = strlen(s);
	const char *end = s + len;
	struct token *t = NULL;
	char *mem;
	int n = 0, cap = 0;

	/*
	 * Every token ends at a blank or the end, and keeps at most 3 bytes per byte it
	 * spans: KEY=VALUE is the worst, with KEY, VALUE and the whole, each with its NUL
	 * (2 * len + 2 for a token of len >= 2 bytes). A plain token's raw is its val.
	 */
	out->mem = mem = xmalloc(3 * len + 1);
	out->v = NULL;
	out->n = 0;
	for (;;) {
		struct token tk = { NULL, NULL, NULL, 0 };
		const char *start;

		while (s < end && fp_is_space(*s))
			s++;
		if (s >= end)
			break;
		start = s;
		if (*s == '"') {
			if (read_quoted(&s, end, &mem, &tk.val) != 0)
				goto unclosed;
			tk.quoted = 1;
			tk.raw = tk.val;
		} else {
			const char *eq;

			/* Up to a blank, a quote or the end (the NUL at end). */
			s += strcspn(s, " \t\"");
			eq = memchr(start, '=', (size_t)(s - start));
			if (eq != NULL && eq > start) {
				tk.key = tok_str(&mem, start, (size_t)(eq - start));
				if (s < end && *s == '"' && s == eq + 1) {
					if (read_quoted(&s, end, &mem, &tk.val) != 0)
						goto unclosed;
					tk.quoted = 1;
				} else {
					s += strcspn(s, " \t");
					tk.val = tok_str(&mem, eq + 1, (size_t)(s - eq - 1));
				}
				tk.raw = tok_str(&mem, start, (size_t)(s - start));
			} else {
				s += strcspn(s, " \t");
				tk.val = tk.raw = tok_str(&mem, start, (size_t)(s - start));
			}
		}
		if (s < end && !fp_is_space(*s)) {
			fp_err(ps, ps->lineno, "引号后面应是空格：%.*s", (int)(end - start), start);
			goto fail;
		}
		if (n == cap) {
			cap = cap == 0 ? 8 : 2 * cap;
			t = xreallocarray(t, (size_t)cap, sizeof *t);
		}
		t[n++] = tk;
		continue;
unclosed:
		fp_err(ps, ps->lineno, "引号没有闭合：%.*s", (int)(end - start), start);
		goto fail;
	}
	out->v = t;
	out->n = n;
	return n;
fail:
	free(t);
	fp_tokens_free(out);
	return -1;
}

/* Split A|B|C into a new array of trimmed parts; an empty part is an error (returns -1). */
int fp_split_list(const char *s, char ***out)
{
	char **v = NULL;
	int n = 0;
	const char *p = s;

	*out = NULL;
	for (;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		char *item = str_trim(xstrndup(p, len));

		if (*item == '\0') {
			free(item);
			for (int i = 0; i < n; i++)
				free(v[i]);
			free(v);
			return -1;
		}
		v = fp_grow(v, n, sizeof *v);
		v[n++] = item;
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	*out = v;
	return n;
}
