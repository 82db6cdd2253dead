/* remind.c - a missing unit's contact, days left and reminder text (contract in remind.h). */
#include "remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"

void remind_contact_fields(struct form *const *forms, int n, struct remind_contact_fields *cf)
{
	cf->form = cf->name = cf->mobile = cf->phone = -1;
	for (int i = 0; i < n; i++) {
		const struct form *f = forms[i];
		int name = -1, mobile = -1, phone = -1;

		for (int k = 0; k < f->nfields; k++) {
			const struct form_field *fl = &f->fields[k];

			if (fl->group >= 0)
				continue;
			if (fl->type == FT_MOBILE && mobile < 0)
				mobile = k;
			else if (fl->type == FT_PHONE && phone < 0)
				phone = k;
			else if (fl->type == FT_TEXT && fl->required && !fl->unit && name < 0)
				name = k;
		}
		if (mobile >= 0) {
			cf->form = i;
			cf->name = name;
			cf->mobile = mobile;
			cf->phone = phone;
			return;
		}
	}
}

char *remind_contact(const struct remind_contact_fields *cf, const struct record *rec)
{
	const char *name, *phone;

	if (rec == NULL || cf->form < 0)
		return NULL;
	name = cf->name >= 0 ? record_get(rec, cf->name, -1) : NULL;
	phone = record_get(rec, cf->mobile, -1);
	if (phone == NULL && cf->phone >= 0)
		phone = record_get(rec, cf->phone, -1);
	if (name == NULL && phone == NULL)
		return NULL;
	return xasprintf("%s%s%s", name != NULL ? name : "", name != NULL && phone != NULL ? " " : "",
			 phone != NULL ? phone : "");
}

char *remind_roster_contact(const char *person, const char *phone)
{
	if (person == NULL && phone == NULL)
		return NULL;
	return xasprintf("%s%s%s（名单）", person != NULL ? person : "",
			 person != NULL && phone != NULL ? " " : "", phone != NULL ? phone : "");
}

char *remind_phone_check(const char *phone, char msg[256])
{
	struct form_field fld = { .type = FT_PHONE };
	struct check_result res;

	msg[0] = '\0';
	check_value(NULL, &fld, phone, &res);	/* the form is read for dates only */
	if (res.level == CHECK_OK && res.value != NULL)
		return res.value;
	free(res.value);
	snprintf(msg, 256, "%s", res.level == CHECK_OK ? "没有号码" : res.msg);
	return str_trim(xstrdup(phone));
}

int remind_days_left(const struct form *f, const char *today, long *days)
{
	struct date d, t;

	if (f->due == NULL || today == NULL || !date_iso_parse(f->due, &d) ||
	    !date_iso_parse(today, &t))
		return 0;
	*days = date_days(&d) - date_days(&t);
	return 1;
}

void remind_due_words(const struct form *f, const char *today, char *out, size_t cap)
{
	struct date d;
	long left;

	out[0] = '\0';
	/* a campaign of an earlier year is over: days past its due date say nothing useful */
	if (f->year > 0 && atoi(today) > f->year) {
		snprintf(out, cap, "%d年度，已结束", f->year);
		return;
	}
	if (!remind_days_left(f, today, &left) || !date_iso_parse(f->due, &d))
		return;
	if (left > 0)
		snprintf(out, cap, "截止 %d月%d日（还有 %ld 天）", d.m, d.d, left);
	else if (left == 0)
		snprintf(out, cap, "今天（%d月%d日）截止", d.m, d.d);
	else
		snprintf(out, cap, "截止 %d月%d日（已过 %ld 天）", d.m, d.d, -left);
}

void remind_line(struct strbuf *sb, const char *unit, const char *who, const struct form *f,
		 const char *today)
{
	struct date d;
	long left;

	strbuf_addf(sb, "%s%s%s%s：请", unit, who != NULL ? "（联络员 " : "", who != NULL ? who : "",
		    who != NULL ? "）" : "");
	if (f->due != NULL && date_iso_parse(f->due, &d))
		strbuf_addf(sb, "于%d月%d日前", d.m, d.d);
	strbuf_addf(sb, "报送%s《%s》", f->attachment, f->name);
	if (f->send != NULL)
		strbuf_addf(sb, "，发送至 %s", f->send);
	strbuf_adds(sb, "，用填表程序导出 .csv 文件发送即可");
	if (remind_days_left(f, today, &left) && left < 0)
		strbuf_adds(sb, "。已过截止日期，请尽快报送");
	strbuf_adds(sb, "。\n");
}
