/*
 * remind.h - what the district says about a unit that has not reported: its liaison and
 * phone (from the unit's liaison form, else the roster's), the days left to a form's due date, and the
 * reminder text to paste into WeChat or an SMS. Shared by `tianbiao status`/`remind` and
 * the district's screens, so that both say exactly the same.
 *
 * No form is named in the code: the liaison form is the first form (in the order given,
 * the attachment order) with a top-level mobile field; its first required text field that
 * is not the unit's name is the liaison's name, and its mobile (else its first phone) is
 * the number to call.
 */
#ifndef TB_REMIND_H
#define TB_REMIND_H

#include <stddef.h>

#include "form.h"
#include "record.h"
#include "util.h"

/* Where the liaison form keeps the contact; fields are -1 when absent. */
struct remind_contact_fields {
	int form;		/* index into the forms given, or -1: no liaison form */
	int name, mobile, phone;
};

/* Find the liaison form among forms[0..n-1]. */
void remind_contact_fields(struct form *const *forms, int n, struct remind_contact_fields *cf);

/* "张三 13900000001" (name, phone, or both) from a unit's liaison record; NULL when the
 * record is NULL or gives neither. malloc'd. */
char *remind_contact(const struct remind_contact_fields *cf, const struct record *rec);

/* "张三 13900000001（名单）": the contact the district's roster keeps, marked so the officer
 * knows it is not the unit's own; NULL when neither is given. malloc'd. */
char *remind_roster_contact(const char *person, const char *phone);

/* The phone the roster keeps for a unit: normalised by the forms' phone check (a mobile
 * is a phone too), or as given (trimmed) when the check finds it wrong, with why in msg
 * ("" when right). malloc'd. */
char *remind_phone_check(const char *phone, char msg[256]);

/* Days from today (YYYY-MM-DD) to form f's due date; 0 and *days unset when f has no due
 * date or either date is not a real day. */
int remind_days_left(const struct form *f, const char *today, long *days);

/* "截止 6月25日（还有 22 天）", "今天（6月25日）截止", "截止 6月25日（已过 3 天）"; for a
 * campaign of an earlier year than today's "2021年度，已结束"; "" without a due date. */
void remind_due_words(const struct form *f, const char *today, char *out, size_t cap);

/*
 * Append one reminder (one line, ending in "\n") for unit, which has not reported form f:
 * 单位（联络员 …）：请于6月25日前报送附件3《…》，发送至 …，用填表程序导出 .csv 文件发送即可。
 * who is remind_contact's text or NULL; today is YYYY-MM-DD.
 */
void remind_line(struct strbuf *sb, const char *unit, const char *who, const struct form *f,
		 const char *today);

#endif
