/* check.c - checking and normalising field values, with Chinese messages (contract in check.h). */
#include "check.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "config.h"
#include "date.h"
#include "text.h"

#define COUNT_MAX_DIGITS 9
#define MSG_DATE "日期写法不对，例如 6月5日"
#define MSG_RANGE "日期写法不对，例如 6月5日 或 6月5日至7月5日"
#define MSG_MOBILE "手机号应为11位数字，以1开头"
#define MSG_EMAIL "电子邮箱格式不对，例如 bdqyjj01@tj.gov.cn"
#define MSG_EMAIL_NOAT "电子邮箱里没有 @，应为“名字@网址”，例如 bdqyjj01@tj.gov.cn"
#define MSG_EMAIL_TWOAT "电子邮箱里有两个 @，只能有一个，例如 bdqyjj01@tj.gov.cn"
#define MSG_EMAIL_HANZI "电子邮箱里不能有汉字，例如 bdqyjj01@tj.gov.cn"
#define MSG_WECHAT "微信号应为6至20位字母、数字、下划线或减号，以字母开头；也可以填手机号"
#define MSG_COUNT "请填写数字（0或正整数），不要填写文字或单位"
#define MSG_ONELINE "这一项只能填一行，请去掉换行"

/* Copy s into a fixed buffer, cut at a character boundary when it does not fit. */
static void copy_msg(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Set the level and message of a result; the message is built like printf. */
__attribute__((format(printf, 3, 4)))
static void result_set(struct check_result *out, enum check_level level, const char *fmt, ...)
{
	va_list ap;
	char *m;

	va_start(ap, fmt);
	m = xvasprintf(fmt, ap);
	va_end(ap);
	out->level = level;
	copy_msg(out->msg, sizeof out->msg, m);
	free(m);
}

/* Hand a malloc'd value to the result (replacing any earlier one). */
static void result_value(struct check_result *out, char *value)
{
	free(out->value);
	out->value = value;
}

/*
 * Make typed text uniform before any type looks at it: CR LF and CR become LF,
 * TAB a space, and the invisible U+200B and U+FEFF that pasted text carries are
 * dropped. Returns NULL when other control characters remain.
 */
static char *clean_input(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s);

	strbuf_add(&sb, "", 0);
	while (n > 0) {
		uint32_t cp;
		size_t k = text_decode(s, n, &cp);

		if (cp == '\r') {
			strbuf_addc(&sb, '\n');
			if (n > 1 && s[1] == '\n')
				k = 2;
		} else if (cp == '\t') {
			strbuf_addc(&sb, ' ');
		} else if (cp == 0x200B || cp == 0xFEFF) {
			/* dropped */
		} else if (cp < 0x20 && cp != '\n') {
			strbuf_free(&sb);
			return NULL;
		} else if (cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			strbuf_free(&sb);
			return NULL;
		} else {
			strbuf_add(&sb, s, k);
		}
		s += k;
		n -= k;
	}
	return strbuf_detach(&sb);
}

/* A new string with every byte of s that is in drop removed (ASCII only). */
static char *strip_chars(const char *s, const char *drop)
{
	char *o = xstrdup(s), *w = o;

	for (const char *p = s; *p != '\0'; p++)
		if (strchr(drop, *p) == NULL)
			*w++ = *p;
	*w = '\0';
	return o;
}

/* A new string with every occurrence of from replaced by to. */
static char *replace_all(const char *s, const char *from, const char *to)
{
	struct strbuf sb = STRBUF_INIT;
	size_t fl = strlen(from);
	const char *p;

	strbuf_add(&sb, "", 0);
	while ((p = strstr(s, from)) != NULL) {
		strbuf_add(&sb, s, (size_t)(p - s));
		strbuf_adds(&sb, to);
		s = p + fl;
	}
	strbuf_adds(&sb, s);
	return strbuf_detach(&sb);
}

/* True when s is one or more ASCII digits and nothing else. */
static int all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* ---------------------------------------------------------------- counts */

/* Digits grouped by thousands, "12,345": the grouping commas are dropped. */
static int thousands_ok(const char *s)
{
	const char *c = strchr(s, ',');
	size_t lead = (size_t)(c - s);

	if (lead < 1 || lead > 3)
		return 0;
	for (size_t i = 0; i < lead; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	for (s = c; *s != '\0'; s += 4)
		if (s[0] != ',' || !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]) ||
		    !isdigit((unsigned char)s[3]))
			return 0;
	return 1;
}

/* Counts: a whole number of at most 9 digits, blank is never 0. */
static void check_count(const char *in, struct check_result *out)
{
	char *h = text_halfwidth(in), *d = strip_chars(h, " ");
	const char *p = d;

	if (strchr(d, ',') != NULL && thousands_ok(d)) {
		char *t = strip_chars(d, ",");

		free(d);
		p = d = t;
	}
	if (!all_digits(p)) {
		result_set(out, CHECK_HARD, MSG_COUNT);
	} else {
		while (p[0] == '0' && p[1] != '\0')
			p++;
		if (strlen(p) > COUNT_MAX_DIGITS)
			result_set(out, CHECK_HARD, "数字太大了（最多%d位），请核对",
				   COUNT_MAX_DIGITS);
		else
			result_value(out, xstrdup(p));
	}
	free(h);
	free(d);
}

/* ---------------------------------------------------------------- phones */

/* Length of the area code at the start of the digits d ("0..."): 010 and 02X
 * have three digits, all others four. */
static size_t area_len(const char *d)
{
	return d[1] == '1' || d[1] == '2' ? 3 : 4;
}

/* True for a landline number without area code: 7 or 8 digits, not from 0 or 1. */
static int local_ok(const char *d)
{
	size_t n = strlen(d);

	return (n == 7 || n == 8) && all_digits(d) && d[0] != '0' && d[0] != '1';
}

/* True for a mobile number: 11 digits starting with 1. */
static int mobile_ok(const char *d)
{
	return strlen(d) == 11 && all_digits(d) && d[0] == '1';
}

/* The digit groups of a phone number as typed, and what came before them. */
struct phone_parts {
	char area[8];
	char groups[8][24];
	int ngroups;
	int ext_from;		/* first group after 转/分机/ext, or -1 */
};

/* Split a half-width phone number into area code and digit groups; 0 when it holds
 * anything else than digits, separators, one (area code), +86 and 转/分机. */
static int phone_split(const char *s, struct phone_parts *pp)
{
	int intl = 0;
	size_t n;

	memset(pp, 0, sizeof *pp);
	pp->ext_from = -1;
	if (str_starts(s, "(+86)")) {
		s += 5;
		intl = 1;
	} else if (str_starts(s, "+86")) {
		s += 3;
		intl = 1;
	} else if (str_starts(s, "0086")) {
		s += 4;
		intl = 1;
	}
	while (*s == ' ' || *s == '-')
		s++;
	if (*s == '(') {
		char inner[8];

		for (n = 0, s++; *s != ')'; s++) {
			if (*s == ' ')
				continue;
			if (!isdigit((unsigned char)*s) || n >= 5)
				return 0;
			inner[n++] = *s;
		}
		inner[n] = '\0';
		s++;
		/* The precisions repeat the lengths just checked, so gcc -O0 sees no truncation. */
		if (intl && n >= 2 && n <= 3 && inner[0] != '0')
			snprintf(pp->area, sizeof pp->area, "0%.3s", inner);
		else if (n >= 3 && n <= 4 && inner[0] == '0')
			snprintf(pp->area, sizeof pp->area, "%.4s", inner);
		else
			return 0;
		intl = 0;
	}
	while (*s != '\0') {
		if (*s == ' ' || *s == '-' || *s == '.') {
			s++;
		} else if (str_starts(s, "转") || str_starts(s, "分机")) {
			s += str_starts(s, "转") ? strlen("转") : strlen("分机");
			if (pp->ext_from >= 0)
				return 0;
			pp->ext_from = pp->ngroups;
		} else if (isdigit((unsigned char)*s)) {
			if (pp->ngroups == 8)
				return 0;
			for (n = 0; isdigit((unsigned char)*s); s++) {
				if (n + 1 >= sizeof pp->groups[0])
					return 0;
				pp->groups[pp->ngroups][n++] = *s;
			}
			pp->ngroups++;
		} else {
			return 0;
		}
	}
	/* After +86 the area code comes without its 0: +86 22 29240881. */
	if (intl && pp->ngroups > 0) {
		char *g = pp->groups[0], all[200] = "";
		size_t gl = strlen(g), al;

		for (int i = 0; i < pp->ngroups; i++)
			strcat(all, pp->groups[i]);
		if (mobile_ok(all) || g[0] == '0')
			return 1;	/* a mobile number, or the 0 typed anyway */
		if (gl <= 3) {
			snprintf(pp->area, sizeof pp->area, "0%.3s", g);
			memmove(pp->groups[0], pp->groups[1],
				sizeof pp->groups[0] * (size_t)(pp->ngroups - 1));
			pp->ngroups--;
			if (pp->ext_from > 0)
				pp->ext_from--;
			return 1;
		}
		/* Undivided, +862229240881: 01x and 02x areas have two digits after 0. */
		al = g[0] == '1' || g[0] == '2' ? 2 : 3;
		snprintf(pp->area, sizeof pp->area, "0%.*s", (int)al, g);
		memmove(g, g + al, gl - al + 1);
	}
	return 1;
}

/* The ASCII digits of s, without a leading +86 / 0086 (how many a mobile number has). */
static void phone_digits(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < cap; s++)
		if (isdigit((unsigned char)*s))
			out[n++] = *s;
	out[n] = '\0';
	if (str_starts(out, "0086") && n > 11)
		memmove(out, out + 4, n - 3);
	else if (str_starts(out, "86") && n == 13)
		memmove(out, out + 2, n - 1);
}

/* A phone number that was not understood: what is expected, landline and mobile both
 * (a mobile is a good answer too), and what was found, so the clerk sees the slip. */
static void phone_msg(const char *h, struct check_result *out)
{
	char d[200];

	phone_digits(h, d, sizeof d);
	for (const char *p = h; *p != '\0'; p++)
		if (isalpha((unsigned char)*p) && strncasecmp(p, "ext", 3) != 0 &&
		    (p - h < 1 || strncasecmp(p - 1, "ext", 3) != 0) &&
		    (p - h < 2 || strncasecmp(p - 2, "ext", 3) != 0)) {
			result_set(out, CHECK_SOFT, "座机如 022-29240881；手机为 11 位；"
				   "您填的号码里有字母 %c", *p);
			return;
		}
	if (d[0] == '\0')
		result_set(out, CHECK_SOFT, "没有电话号码：座机如 022-29240881，手机为 11 位数字");
	else if (d[0] == '1')
		result_set(out, CHECK_SOFT, "座机如 022-29240881；手机为 11 位，您填了 %zu 位",
			   strlen(d));
	else
		result_set(out, CHECK_SOFT, "座机如 022-29240881；手机为 11 位；您填了 %zu 位数字",
			   strlen(d));
}

/* Normalise one phone number to 022-29240881 / 29240881-8001; 0 when implausible. */
static int phone_one(const char *s, struct strbuf *out)
{
	struct phone_parts pp;
	char area[8] = "", local[40] = "", ext[24] = "", all[200] = "";
	int g = 0;

	if (!phone_split(s, &pp) || pp.ngroups == 0)
		return 0;
	for (int i = 0; i < pp.ngroups; i++)
		strcat(all, pp.groups[i]);
	/* A mobile number in a phone field is a phone number that works. */
	if (pp.area[0] == '\0' && pp.ext_from < 0 && mobile_ok(all)) {
		strbuf_adds(out, all);
		return 1;
	}
	snprintf(area, sizeof area, "%s", pp.area);
	if (area[0] == '\0' && pp.groups[0][0] == '0') {
		const char *g0 = pp.groups[0];
		size_t al = area_len(g0), gl = strlen(g0);

		if (gl == al && pp.ngroups > 1) {
			snprintf(area, sizeof area, "%.4s", g0);
			g = 1;
		} else if (gl >= al + 7) {
			snprintf(area, sizeof area, "%.*s", (int)al, g0);
			memmove(pp.groups[0], g0 + al, gl - al + 1);
		} else {
			return 0;
		}
	}
	/* The local number may be typed in pieces: 2924 0881. */
	while (g < pp.ngroups && (pp.ext_from < 0 || g < pp.ext_from) && strlen(local) < 7) {
		if (strlen(local) + strlen(pp.groups[g]) >= sizeof local)
			return 0;
		strcat(local, pp.groups[g++]);
	}
	if (!local_ok(local))
		return 0;
	if (g < pp.ngroups) {
		if (g != pp.ngroups - 1 || (pp.ext_from >= 0 && pp.ext_from != g))
			return 0;
		if (strlen(pp.groups[g]) > 6)
			return 0;
		snprintf(ext, sizeof ext, "%s", pp.groups[g]);
	} else if (pp.ext_from >= 0) {
		return 0;
	}
	if (area[0] != '\0')
		strbuf_addf(out, "%s-", area);
	strbuf_adds(out, local);
	if (ext[0] != '\0')
		strbuf_addf(out, "-%s", ext);
	return 1;
}

/* Phone and fax: one number, or several joined by ，、；/ (kept joined by "，"). */
static void check_phone(const char *in, struct check_result *out)
{
	char *h = text_halfwidth(in), *u = replace_all(h, "、", ","), *p, *save = NULL;
	struct strbuf sb = STRBUF_INIT;
	int ok = 1, parts = 0;

	strbuf_add(&sb, "", 0);
	for (p = strtok_r(u, ",;/", &save); p != NULL; p = strtok_r(NULL, ",;/", &save)) {
		str_trim(p);
		if (*p == '\0')
			continue;
		if (parts++ > 0)
			strbuf_adds(&sb, "，");
		if (!phone_one(p, &sb)) {
			ok = 0;
			break;
		}
	}
	if (ok && parts > 0) {
		result_value(out, strbuf_detach(&sb));
	} else {
		result_value(out, xstrdup(str_trim(h)));
		phone_msg(h, out);
	}
	strbuf_free(&sb);
	free(h);
	free(u);
}

/* Mobile numbers with +86, spaces or dashes become the 11 digits. */
static void check_mobile(const char *in, struct check_result *out)
{
	char *h = text_halfwidth(in), *d = strip_chars(h, " -()");
	const char *p = d;

	if (str_starts(p, "+86"))
		p += 3;
	else if (str_starts(p, "0086"))
		p += 4;
	else if (str_starts(p, "86") && strlen(p) == 13)
		p += 2;
	if (mobile_ok(p)) {
		result_value(out, xstrdup(p));
	} else {
		char dg[200];

		result_value(out, xstrdup(str_trim(h)));
		phone_digits(h, dg, sizeof dg);
		if (dg[0] == '\0' || strlen(dg) == 11)
			result_set(out, CHECK_SOFT, MSG_MOBILE);
		else
			result_set(out, CHECK_SOFT, MSG_MOBILE "，您填了 %zu 位", strlen(dg));
	}
	free(h);
	free(d);
}

/* ---------------------------------------------------------------- email, wechat */

/* The simple shape of an address: local@domain.tld in ASCII. */
static int email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *p, *dot;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return 0;
	for (p = s; p < at; p++)
		if (!isalnum((unsigned char)*p) && strchr("._%+-", *p) == NULL)
			return 0;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return 0;
	p = at + 1;
	dot = strrchr(p, '.');
	if (dot == NULL || *p == '.' || *p == '-' || dot[1] == '\0')
		return 0;
	for (; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return 0;
	if (str_ends(s, "-") || strstr(at, ".-") != NULL || strstr(at, "-.") != NULL)
		return 0;
	for (p = dot + 1; *p != '\0'; p++)
		if (!isalpha((unsigned char)*p))
			return 0;
	return strlen(dot + 1) >= 2;
}

/* True when s has no byte above 127 (an address with 汉字 in it). */
static int ascii_only(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s > 127)
			return 0;
	return 1;
}

/* Addresses typed with the input method in Chinese mode (＠ ． 。) are repaired. */
static void check_email(const char *in, struct check_result *out)
{
	char *h = text_halfwidth(in), *r = replace_all(h, "。", "."), *e = strip_chars(r, " ");
	char *at = strchr(e, '@');

	/* The domain is case-insensitive: TJ.GOV.CN is tj.gov.cn. */
	if (at != NULL)
		for (char *p = at; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	if (!email_ok(e))	/* what was found, then what is expected */
		result_set(out, CHECK_SOFT, at == NULL ? MSG_EMAIL_NOAT
				  : strchr(at + 1, '@') != NULL ? MSG_EMAIL_TWOAT
				  : !ascii_only(e) ? MSG_EMAIL_HANZI : MSG_EMAIL);
	result_value(out, e);
	free(h);
	free(r);
}

/* A WeChat ID, or the mobile number many people use as one. */
static void check_wechat(const char *in, struct check_result *out)
{
	char *h = text_halfwidth(in), *d = strip_chars(h, " -");
	size_t n;
	int ok;

	str_trim(h);
	if (str_starts(d, "+86") && mobile_ok(d + 3)) {
		result_value(out, xstrdup(d + 3));
		goto done;
	}
	if (mobile_ok(d)) {
		result_value(out, xstrdup(d));
		goto done;
	}
	n = strlen(h);
	ok = n >= 6 && n <= 20 && isalpha((unsigned char)h[0]);
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)h[i]) || h[i] == '_' || h[i] == '-';
	if (!ok)
		result_set(out, CHECK_SOFT, MSG_WECHAT);
	result_value(out, xstrdup(h));
done:
	free(h);
	free(d);
}

/* ---------------------------------------------------------------- dates */

/* Years far from now are typing mistakes rather than dates. */
static int year_plausible(int y)
{
	return y >= 2000 && y <= 2099;
}

/* Half-width, spaces removed: the form every date parser sees. */
static char *date_prepare(const char *in)
{
	char *h = text_halfwidth(in), *d = strip_chars(h, " ");

	free(h);
	return d;
}

/* The campaign year of f, or this year when there is no form. */
static int form_year(const struct form *f)
{
	char today[11];

	if (f != NULL && f->year > 0)
		return f->year;
	check_today(today);
	return atoi(today);
}

/* One date: normalised when understood, kept as typed (soft) when not, refused when impossible. */
static void check_date(const struct form *f, const char *in, struct check_result *out)
{
	char *s = date_prepare(in), buf[64], msg[128];
	struct date dt;
	int year = form_year(f);

	if (!date_parse(s, 0, &dt)) {
		result_value(out, xstrdup(in));
		result_set(out, CHECK_SOFT, MSG_DATE);
	} else if (date_complete(&dt, NULL, year, msg, sizeof msg) != 0) {
		result_set(out, CHECK_HARD, "%s", msg);
	} else if (!year_plausible(dt.y)) {
		result_value(out, xstrdup(in));
		result_set(out, CHECK_SOFT, MSG_DATE);
	} else {
		date_format(&dt, year, buf, sizeof buf);
		result_value(out, xstrdup(buf));
	}
	free(s);
}

/* Try to read s as two dates around a separator at byte pos of length seplen. */
static int range_split(const char *s, size_t pos, size_t seplen, struct date *a, struct date *b)
{
	char *left = xstrndup(s, pos);
	int ok = *left != '\0' && date_parse(left, 0, a) && date_parse(s + pos + seplen, 1, b);

	free(left);
	return ok;
}

/* One date, or two joined by 至/到/~/-; the end may leave out the month (6月5日至10日). */
static void check_daterange(const struct form *f, const char *in, struct check_result *out)
{
	static const char *const seps[] = { "至", "到", "~", "～", "——", "—", "–", "-", "－" };
	char *s = date_prepare(in), buf[64], buf2[64], msg[128];
	struct date a, b;
	int year = form_year(f), found = 0;

	if (date_parse(s, 0, &a)) {
		free(s);
		check_date(f, in, out);
		return;
	}
	for (size_t i = 0; i < sizeof seps / sizeof seps[0] && !found; i++) {
		size_t sl = strlen(seps[i]);

		for (const char *p = strstr(s, seps[i]); p != NULL && !found;
		     p = strstr(p + 1, seps[i]))
			found = range_split(s, (size_t)(p - s), sl, &a, &b);
	}
	if (!found) {
		result_value(out, xstrdup(in));
		result_set(out, CHECK_SOFT, MSG_RANGE);
	} else if (date_complete(&a, NULL, year, msg, sizeof msg) != 0 ||
		   date_complete(&b, &a, year, msg, sizeof msg) != 0) {
		result_set(out, CHECK_HARD, "%s", msg);
	} else if (!year_plausible(a.y) || !year_plausible(b.y)) {
		result_value(out, xstrdup(in));
		result_set(out, CHECK_SOFT, MSG_RANGE);
	} else {
		date_format(&a, year, buf, sizeof buf);
		date_format(&b, year, buf2, sizeof buf2);
		if (date_key(&a) == date_key(&b))
			result_value(out, xstrdup(buf));
		else
			result_value(out, xasprintf("%s至%s", buf, buf2));
		if (date_key(&b) < date_key(&a))
			result_set(out, CHECK_SOFT, "结束日期早于开始日期，请核对");
	}
	free(s);
}

/* ---------------------------------------------------------------- choices */

/* s equals option o, ignoring surrounding spaces and full-width forms. */
static int option_equal(const char *s, const char *o)
{
	char *a, *b;
	int eq;

	if (strcmp(s, o) == 0)
		return 1;
	a = text_halfwidth(s);
	b = text_halfwidth(o);
	eq = strcmp(str_trim(a), str_trim(b)) == 0;
	free(a);
	free(b);
	return eq;
}

/* The options joined by 、 for a message. */
static char *options_list(const struct form_field *fld)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, "", 0);
	for (int i = 0; i < fld->noptions; i++) {
		if (i > 0)
			strbuf_adds(&sb, "、");
		strbuf_adds(&sb, fld->options[i]);
	}
	return strbuf_detach(&sb);
}

/* A single choice must be one of the options; anything else cannot be stored. */
static void check_choice(const struct form_field *fld, const char *in, struct check_result *out)
{
	char *list;

	for (int i = 0; i < fld->noptions; i++)
		if (option_equal(in, fld->options[i])) {
			result_value(out, xstrdup(fld->options[i]));
			return;
		}
	list = options_list(fld);
	result_set(out, CHECK_HARD, "请从以下选项中选一个：%s", list);
	free(list);
}

/* Yes/no as people tick it: 是/否, y/n, 1/0, √/×. */
static void check_yesno(const char *in, struct check_result *out)
{
	static const char *const yes[] = { "是", "y", "Y", "yes", "Yes", "YES", "1", "√", "✓",
					   "✔", "☑", "☑是", "对", "有" };
	static const char *const no[] = { "否", "n", "N", "no", "No", "NO", "0", "×", "✗", "✘",
					  "☒", "☑否", "不是", "无", "没有" };
	char *h = text_halfwidth(in);

	str_trim(h);
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcmp(h, yes[i]) == 0) {
			result_value(out, xstrdup("是"));
			goto done;
		}
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcmp(h, no[i]) == 0) {
			result_value(out, xstrdup("否"));
			goto done;
		}
	result_set(out, CHECK_HARD, "请填写“是”或“否”");
done:
	free(h);
}

/* The prefix that starts the 其他 part of a multi value, or 0. */
static size_t other_prefix(const char *s)
{
	if (str_starts(s, "其他："))
		return strlen("其他：");
	if (str_starts(s, "其他:"))
		return strlen("其他:");
	if (str_starts(s, "其它："))
		return strlen("其它：");
	if (str_starts(s, "其它:"))
		return strlen("其它:");
	return 0;
}

/* Length of a separator between multi parts at s, or 0. */
static size_t multi_sep(const char *s)
{
	static const char *const seps[] = { "、", "，", "；", ",", ";", "/", "\n" };

	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
		if (str_starts(s, seps[i]))
			return strlen(seps[i]);
	return 0;
}

/*
 * Walk the parts of a multi value: sets chosen[] for known options, *other to
 * the text after 其他：, and returns the first unknown part (malloc'd) or NULL;
 * *bare_other is set when 其他 came without text. With keep_unknown, unknown
 * parts are collected into *other instead (so that nothing stored is lost).
 */
static char *multi_parse(const struct form_field *fld, const char *value, int *chosen,
			 char **other, int keep_unknown, int *bare_other)
{
	const char *p = value;
	struct strbuf unk = STRBUF_INIT;
	char *first_unknown = NULL;

	*other = NULL;
	if (bare_other != NULL)
		*bare_other = 0;
	while (*p != '\0') {
		size_t k = 0, op;
		char *part;

		while (p[k] != '\0' && multi_sep(p + k) == 0)
			k++;
		part = xstrndup(p, k);
		str_trim(part);
		op = other_prefix(part);
		if (op > 0) {
			/* Everything after 其他： is its text, separators included. */
			const char *rest = strstr(p, part) + op;
			char *t = xstrdup(rest);

			str_trim(t);
			free(part);
			if (*t != '\0') {
				free(*other);
				*other = t;
			} else {
				free(t);
				if (bare_other != NULL)
					*bare_other = 1;
			}
			break;
		}
		if (*part != '\0') {
			int hit = 0;

			for (int i = 0; i < fld->noptions; i++)
				if (option_equal(part, fld->options[i])) {
					chosen[i] = 1;
					hit = 1;
				}
			if (!hit && (strcmp(part, "其他") == 0 || strcmp(part, "其它") == 0)) {
				if (bare_other != NULL)
					*bare_other = 1;
			} else if (!hit && keep_unknown) {
				if (unk.len > 0)
					strbuf_adds(&unk, "、");
				strbuf_adds(&unk, part);
			} else if (!hit && first_unknown == NULL) {
				first_unknown = xstrdup(part);
			}
		}
		free(part);
		p += k;
		p += multi_sep(p);
	}
	if (unk.len > 0) {
		if (*other != NULL)
			strbuf_addf(&unk, "、%s", *other);
		free(*other);
		*other = strbuf_detach(&unk);
	}
	strbuf_free(&unk);
	return first_unknown;
}

/* Split a stored multiple choice for the screens; unknown parts land in *other, never lost. */
void check_multi_split(const struct form_field *fld, const char *value, int *chosen,
		       char **other)
{
	for (int i = 0; i < fld->noptions; i++)
		chosen[i] = 0;
	*other = NULL;
	if (value == NULL || str_blank(value))
		return;
	free(multi_parse(fld, value, chosen, other, 1, NULL));
}

/* Build the stored form of a multiple choice: options in form order, 其他 last. */
char *check_multi_join(const struct form_field *fld, const int *chosen, const char *other)
{
	struct strbuf sb = STRBUF_INIT;
	char *t = other != NULL ? str_trim(xstrdup(other)) : NULL;

	for (int i = 0; i < fld->noptions; i++) {
		if (!chosen[i])
			continue;
		if (sb.len > 0)
			strbuf_adds(&sb, "、");
		strbuf_adds(&sb, fld->options[i]);
	}
	if (t != NULL && *t != '\0') {
		if (sb.len > 0)
			strbuf_adds(&sb, "、");
		/* Without an 其他 option, the text is kept as it was (old options). */
		if (fld->other)
			strbuf_adds(&sb, "其他：");
		strbuf_adds(&sb, t);
	}
	free(t);
	return sb.len > 0 ? strbuf_detach(&sb) : NULL;
}

/* A typed multiple choice: every part must be an option or 其他：TEXT. */
static void check_multi(const struct form_field *fld, const char *in, struct check_result *out)
{
	int *chosen = xcalloc((size_t)fld->noptions + 1, sizeof *chosen);
	char *other = NULL, *list, *unknown;
	int bare = 0;

	unknown = multi_parse(fld, in, chosen, &other, 0, &bare);
	if (unknown != NULL || ((bare || other != NULL) && !fld->other)) {
		list = options_list(fld);
		result_set(out, CHECK_HARD, "“%s”不是可选项，可选：%s%s",
			   unknown != NULL ? unknown : "其他", list,
			   fld->other ? "；其他内容请写成“其他：内容”" : "");
		free(list);
	} else if (bare && other == NULL) {
		result_set(out, CHECK_HARD, "选了“其他”请写明内容，例如“其他：现场观摩”");
	} else {
		result_value(out, check_multi_join(fld, chosen, other));
	}
	free(unknown);
	free(other);
	free(chosen);
}

/* ---------------------------------------------------------------- text */

/* Long text: trailing spaces of each line, leading and trailing empty lines dropped. */
static char *longtext_tidy(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = s;

	strbuf_add(&sb, "", 0);
	while (*p == '\n' || str_starts(p, " \n"))
		p += *p == '\n' ? 1 : 2;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		size_t ln = strlen(line);

		/* Keep leading indentation, drop what trails. */
		while (ln > 0 && line[ln - 1] == ' ')
			line[--ln] = '\0';
		while (ln >= 3 && memcmp(line + ln - 3, "\xE3\x80\x80", 3) == 0) {
			ln -= 3;
			line[ln] = '\0';
		}
		strbuf_adds(&sb, line);
		free(line);
		if (nl == NULL)
			break;
		strbuf_addc(&sb, '\n');
		p = nl + 1;
	}
	while (sb.len > 0 && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = '\0';
	return strbuf_detach(&sb);
}

/* Types whose value is one line limited by the field's width. */
static int is_width_type(enum field_type t)
{
	return t == FT_TEXT || t == FT_PHONE || t == FT_MOBILE || t == FT_EMAIL ||
	       t == FT_WECHAT;
}

/* Common steps for every type (UTF-8, control characters, trimming, one line), then the
 * type's own check. */
void check_value(const struct form *f, const struct form_field *fld, const char *input,
		 struct check_result *out)
{
	char *s;

	out->level = CHECK_OK;
	out->value = NULL;
	out->msg[0] = '\0';
	if (input == NULL || str_blank(input))
		return;
	if (!text_valid(input, strlen(input))) {
		result_set(out, CHECK_HARD, "含有无法识别的字符（可能是乱码），请删除后重新输入");
		return;
	}
	s = clean_input(input);
	if (s == NULL) {
		result_set(out, CHECK_HARD, "含有看不见的控制字符，请删除后重新输入");
		return;
	}
	if (fld->type == FT_LONGTEXT) {
		char *t = longtext_tidy(s);

		free(s);
		s = t;
	} else {
		str_trim(s);
	}
	if (str_blank(s)) {
		free(s);
		return;
	}
	if (fld->type != FT_LONGTEXT && fld->type != FT_MULTI && strchr(s, '\n') != NULL) {
		result_set(out, CHECK_HARD, MSG_ONELINE);
		free(s);
		return;
	}
	switch (fld->type) {
	case FT_TEXT:
		result_value(out, xstrdup(s));
		break;
	case FT_LONGTEXT: {
		size_t n = text_chars(s);

		if (fld->maxlen > 0 && n > (size_t)fld->maxlen)
			result_set(out, CHECK_HARD, "太长了，最多%d个字，现在有%zu个字，请精简",
				   fld->maxlen, n);
		else
			result_value(out, xstrdup(s));
		break;
	}
	case FT_COUNT:
		check_count(s, out);
		break;
	case FT_PHONE:
		check_phone(s, out);
		break;
	case FT_MOBILE:
		check_mobile(s, out);
		break;
	case FT_EMAIL:
		check_email(s, out);
		break;
	case FT_WECHAT:
		check_wechat(s, out);
		break;
	case FT_DATE:
		check_date(f, s, out);
		break;
	case FT_DATERANGE:
		check_daterange(f, s, out);
		break;
	case FT_CHOICE:
		check_choice(fld, s, out);
		break;
	case FT_MULTI:
		check_multi(fld, s, out);
		break;
	case FT_YESNO:
		check_yesno(s, out);
		break;
	default:
		result_value(out, xstrdup(s));
		break;
	}
	free(s);
	if (out->level != CHECK_HARD && out->value != NULL && is_width_type(fld->type) &&
	    fld->maxlen > 0) {
		/* max= given: characters, whatever the box shows */
		size_t n = text_chars(out->value);

		if (n > (size_t)fld->maxlen)
			result_set(out, CHECK_HARD, "太长了，最多%d个字，现在有%zu个字，请精简",
				   fld->maxlen, n);
	} else if (out->level != CHECK_HARD && out->value != NULL && is_width_type(fld->type) &&
	    fld->width > 0 && text_width(out->value) > fld->width) {
		if (fld->type == FT_TEXT)
			result_set(out, CHECK_HARD,
				   "太长了，最多填写%d个汉字（或%d个字母、数字），请精简",
				   fld->width / 2, fld->width);
		else	/* numbers and addresses hold no 汉字 */
			result_set(out, CHECK_HARD, "太长了，最多%d个数字、字母或符号，请精简",
				   fld->width);
	}
	if (out->level == CHECK_HARD)
		result_value(out, NULL);
}

/* Filter keys as they are typed: counts take digits only, no field takes control characters. */
int check_key_allowed(enum field_type t, unsigned int c)
{
	if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	if (t == FT_COUNT)
		return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
	return 1;
}

/* ---------------------------------------------------------------- rules */

/* Append one problem to the growing list (defined with the records below). */
static void problem_add(struct check_problem **list, int *n, int field, int row,
			enum check_level level, const char *msg);

/* A count's stored value as a number; 0 when blank or not a number (then nothing is said). */
static int value_number(const char *v, double *out)
{
	char *end;

	if (v == NULL || *v == '\0')
		return 0;
	*out = strtod(v, &end);
	return *end == '\0';
}

/* Does a op b hold? */
static int op_holds(enum rule_op op, double a, double b)
{
	switch (op) {
	case OP_EQ:
		return a == b;
	case OP_NE:
		return a != b;
	case OP_LT:
		return a < b;
	case OP_LE:
		return a <= b;
	case OP_GT:
		return a > b;
	case OP_GE:
		return a >= b;
	case OP_FILLED:
		break;
	}
	return 1;
}

/* Does field op operand hold in row: 1, 0, or -1 when a value it needs is blank (a
 * blank is not 0: nothing can be said about it). */
static int rule_test(const struct record *r, const struct form_rule *ru, int field, int row)
{
	const char *v = record_get(r, field, row);
	double a, b;

	if (ru->op == OP_FILLED)
		return v != NULL && !str_blank(v);
	if (v == NULL || str_blank(v))
		return -1;
	if (ru->text != NULL) {
		int eq = strcmp(v, ru->text) == 0;

		return ru->op == OP_EQ ? eq : !eq;
	}
	if (!value_number(v, &a))
		return -1;
	if (ru->other >= 0) {
		if (!value_number(record_get(r, ru->other, row), &b))
			return -1;
	} else {
		b = ru->number;
	}
	return op_holds(ru->op, a, b);
}

/* Is the field's stored value one its own check refuses (then that is said instead)? */
static int value_wrong(const struct record *r, int field, int row)
{
	const char *v = record_get(r, field, row);
	struct check_result res;

	if (v == NULL)
		return 0;
	check_value(r->form, &r->form->fields[field], v, &res);
	free(res.value);
	return res.level != CHECK_OK;
}

/* The rules of a form by the field they are about, made once per check of a record, so
 * that a form with many fields and rules is checked in time proportional to both. */
struct rule_index {
	int *start;		/* [nfields + 1]: field i's rules are at[start[i] .. start[i+1]) */
	int *at;		/* rule numbers */
	int *star;		/* the rules about every field of a type (`rule * count`) */
	int nstar;
};

/* Bucket the rules by field (a counting sort); nothing is allocated without rules. */
static void rule_index_make(const struct form *f, struct rule_index *ix)
{
	int *fill;

	memset(ix, 0, sizeof *ix);
	if (f->nrules == 0)
		return;
	ix->start = xcalloc((size_t)f->nfields + 1, sizeof *ix->start);
	ix->at = xcalloc((size_t)f->nrules, sizeof *ix->at);
	ix->star = xcalloc((size_t)f->nrules, sizeof *ix->star);
	fill = xcalloc((size_t)f->nfields + 1, sizeof *fill);
	for (int i = 0; i < f->nrules; i++)
		if (f->rules[i].field >= 0)
			ix->start[f->rules[i].field + 1]++;
		else
			ix->star[ix->nstar++] = i;
	for (int i = 0; i < f->nfields; i++)
		ix->start[i + 1] += ix->start[i];
	memcpy(fill, ix->start, (size_t)f->nfields * sizeof *fill);
	for (int i = 0; i < f->nrules; i++)
		if (f->rules[i].field >= 0)
			ix->at[fill[f->rules[i].field]++] = i;
	free(fill);
}

/* See rule_index_make. */
static void rule_index_free(struct rule_index *ix)
{
	free(ix->start);
	free(ix->at);
	free(ix->star);
}

/* One rule about field in row: a problem when it does not hold. */
static void rule_one(const struct record *r, const struct form_rule *ru, int field, int row,
		     struct check_problem **list, int *n)
{
	const struct form_field *fld = &r->form->fields[field];
	const char *v = record_get(r, field, row);
	char where[32] = "", *m;
	int bad;

	if (ru->required_if)	/* a required blank is said already; a blank condition holds not */
		bad = (v == NULL || str_blank(v)) && !fld->required &&
		      rule_test(r, ru, ru->cond, row) == 1;
	else
		bad = !value_wrong(r, field, row) && rule_test(r, ru, field, row) == 0;
	if (!bad)
		return;
	if (row >= 0)
		snprintf(where, sizeof where, "（第%d项）", row + 1);
	m = xasprintf("%s%s：%s", fld->label, where, ru->msg);
	problem_add(list, n, field, row, CHECK_SOFT, m);
	free(m);
}

/* The problems the form's rules about this field find in one row, in file order. */
static void rule_problems(const struct record *r, const struct rule_index *ix, int field,
			  int row, struct check_problem **list, int *n)
{
	const struct form *f = r->form;
	int a, b;

	if (ix->start == NULL)
		return;
	a = ix->start[field];
	b = ix->start[field + 1];
	for (int k = 0; k < ix->nstar || a < b;) {
		/* the field's own rules and the `*` ones merged, so that file order is kept */
		int next_own = a < b ? ix->at[a] : f->nrules;
		int next_star = k < ix->nstar ? ix->star[k] : f->nrules;

		if (next_own < next_star) {
			rule_one(r, &f->rules[next_own], field, row, list, n);
			a++;
		} else {
			if (f->rules[next_star].type == f->fields[field].type)
				rule_one(r, &f->rules[next_star], field, row, list, n);
			k++;
		}
	}
}

/* Every field's rules, row by row, in the form's field order. */
int check_rules(const struct record *r, struct check_problem **out)
{
	const struct form *f = r->form;
	struct rule_index ix;
	int n = 0;

	*out = NULL;
	if (f->nrules == 0)
		return 0;
	rule_index_make(f, &ix);
	for (int i = 0; i < f->nfields; i++) {
		int g = f->fields[i].group, rows = g >= 0 ? r->nrows[g] : 1;

		for (int row = 0; row < rows; row++)
			rule_problems(r, &ix, i, g >= 0 ? row : -1, out, &n);
	}
	rule_index_free(&ix);
	return n;
}

/* ---------------------------------------------------------------- records */

/* Append one problem to the growing list. */
static void problem_add(struct check_problem **list, int *n, int field, int row,
			enum check_level level, const char *msg)
{
	struct check_problem *p;

	*list = xreallocarray(*list, (size_t)*n + 1, sizeof **list);
	p = &(*list)[(*n)++];
	p->field = field;
	p->row = row;
	p->level = level;
	copy_msg(p->msg, sizeof p->msg, msg);
}

/* The problems of one field's value (one row of a group, or top level). */
static void field_problems(const struct record *r, const struct rule_index *ix, int field,
			   int row, struct check_problem **list, int *n)
{
	const struct form_field *fld = &r->form->fields[field];
	const char *v = record_get(r, field, row);
	char where[32] = "";
	char *m = NULL;

	if (row >= 0)
		snprintf(where, sizeof where, "（第%d项）", row + 1);
	if (v == NULL || str_blank(v)) {
		if (fld->required) {
			m = xasprintf("%s%s：必填，尚未填写", fld->label, where);
			problem_add(list, n, field, row, CHECK_SOFT, m);
		}
	} else {
		struct check_result res;

		check_value(r->form, fld, v, &res);
		if (res.level != CHECK_OK) {
			m = xasprintf("%s%s：%s", fld->label, where, res.msg);
			problem_add(list, n, field, row, res.level, m);
		}
		free(res.value);
	}
	free(m);
	rule_problems(r, ix, field, row, list, n);
}

/* The problems of a list of layout items, for one row (or -1 at top level). */
static void items_problems(const struct record *r, const struct rule_index *ix,
			   const struct form_item *items, int nitems, int row,
			   struct check_problem **list, int *n)
{
	for (int i = 0; i < nitems; i++) {
		const struct form_item *it = &items[i];

		if (it->kind == IT_FIELD) {
			field_problems(r, ix, it->field, row, list, n);
		} else if (it->kind == IT_LINE) {
			for (int k = 0; k < it->nsegs; k++)
				if (it->segs[k].field >= 0)
					field_problems(r, ix, it->segs[k].field, row, list, n);
		} else if (it->kind == IT_GROUP) {
			const struct form_group *g = &r->form->groups[it->group];
			int rows = r->nrows[it->group];

			if (rows < g->min) {
				char *m = xasprintf("%s：至少填写%d项，现在有%d项", g->label, g->min,
						    rows);

				problem_add(list, n, g->nfields > 0 ? g->fields[0] : -1, -1,
					    CHECK_SOFT, m);
				free(m);
			}
			for (int rw = 0; rw < rows; rw++)
				items_problems(r, ix, g->items, g->nitems, rw, list, n);
		}
	}
}

/* The problem list of a whole record, in the order the screen shows the fields. */
int check_record(const struct record *r, struct check_problem **out)
{
	struct rule_index ix;
	int n = 0;

	*out = NULL;
	rule_index_make(r->form, &ix);
	items_problems(r, &ix, r->form->items, r->form->nitems, -1, out, &n);
	rule_index_free(&ix);
	return n;
}

/* ---------------------------------------------------------------- today */

/* Today, overridable so that tests and screenshots do not depend on the clock. */
void check_today(char out[11])
{
	time_t now;
	struct tm tm;

	if (config_get()->today[0] != '\0') {
		memcpy(out, config_get()->today, 11);
		return;
	}
	now = time(NULL);
	if (localtime_r(&now, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		snprintf(out, 11, "2000-01-01");
}

/* Show an ISO date the way the form writes dates. */
void check_date_display(const char *iso, int year, char *out, size_t outlen)
{
	struct date dt;

	if (outlen == 0)
		return;
	if (date_iso_parse(iso, &dt))
		date_format(&dt, year, out, outlen);
	else
		snprintf(out, outlen, "%s", iso != NULL ? iso : "");
}

/* The value of `from=FORM.FIELD` among the other forms' records: that form of the same
 * campaign year, else the latest earlier one there is. */
static const char *from_value(const struct form *f, const struct form_field *fld,
			      struct record *const *others, int nothers)
{
	const char *dot = strchr(fld->from, '.');
	size_t idlen = (size_t)(dot - fld->from);
	const struct record *best = NULL;

	for (int i = 0; i < nothers; i++) {
		const struct form *o = others[i] != NULL ? others[i]->form : NULL;

		if (o == NULL || o == f || strlen(o->id) != idlen ||
		    strncmp(o->id, fld->from, idlen) != 0 || o->year > f->year)
			continue;
		if (best == NULL || o->year > best->form->year)
			best = others[i];
	}
	if (best == NULL)
		return NULL;
	{
		int k = form_field_index(best->form, dot + 1);

		return k >= 0 && best->form->fields[k].group < 0 ? record_get(best, k, -1) : NULL;
	}
}

/* One definition of the prefilled values, shared by the screens and the exports. */
char *check_default_from(const struct form *f, const struct form_field *fld, const char *unit,
			 struct record *const *others, int nothers)
{
	struct check_result res;
	char today[11];
	const char *v;

	if (fld->unit)
		return unit != NULL && !str_blank(unit) ? xstrdup(unit) : NULL;
	if (fld->from != NULL) {
		v = from_value(f, fld, others, nothers);
	} else if (fld->today) {
		check_today(today);
		v = today;
	} else {
		return NULL;
	}
	memset(&res, 0, sizeof(res));
	check_value(f, fld, v, &res);
	if (res.level == CHECK_HARD) {
		free(res.value);
		return NULL;
	}
	return res.value;
}

/* Without the other forms' records: from= gives nothing. */
char *check_default(const struct form *f, const struct form_field *fld, const char *unit)
{
	return check_default_from(f, fld, unit, NULL, 0);
}

/* Fields that are filled in for the clerk while blank. */
int check_has_default(const struct form_field *fld)
{
	return fld->unit || fld->today || fld->from != NULL;
}
