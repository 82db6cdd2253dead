/*
 * data.c - the records the screens show, and every change to them (contract in ui.h).
 *
 * Each form's record holds what is stored, plus the values shown for the clerk in
 * blank unit and date fields of a form or row that is open (data_prefill): those are
 * "pending" and reach the database only with the first real change to that form (or
 * an export), so that opening or looking at a form never changes it. Every change
 * goes through the store in its own transaction, then one line is appended to the
 * trace file when TIANBIAO_TRACE is set (the crash tests read it).
 *
 * The problem counts of each form are kept with the record's serial number and
 * counted again only after a change, so drawing a screen costs the same whatever
 * the size of the forms.
 */
#include "ui.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/config.h"

/* A value shown in a blank field but not stored. */
struct pending {
	int fi, field, row;
};

/* One change the clerk can take back with Ctrl-Z: the value before it. Saves of one
 * field in one visit (typing, the idle save, leaving) are one change. */
struct undo {
	int fi, field, row;
	char *old;		/* NULL: it was blank */
	unsigned long visit;
};

#define UNDO_MAX 500		/* changes kept; older ones are forgotten */

struct app_data {
	struct record **recs;		/* [nforms] */
	unsigned long *serial;		/* [nforms]: grows with each change */
	unsigned long *counted;		/* [nforms]: serial + 1 of the cached counts, 0: none */
	struct check_problem **probs;	/* [nforms] */
	int *nprobs, *filled, *total;	/* [nforms] */
	struct pending *pend;
	int npend, cappend;
	struct data_deleted deleted;
	int trace_fd;
	struct undo *undo;	/* oldest first */
	int nundo;
	unsigned long visit;	/* grows with every field entered (data_undo_visit) */
};

/* The records exist once data_load has run; before it (the unit is being asked) nothing. */
static struct app_data *data_of(struct app *a)
{
	return a->data;
}

/* One line of the trace: what was saved, after the transaction committed. */
static void data_trace(struct app *a, const char *fmt, ...)
{
	struct app_data *d = data_of(a);
	va_list ap;
	char *s;

	if (d->trace_fd < 0)
		return;
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (write(d->trace_fd, s, strlen(s)) < 0) {
		close(d->trace_fd);
		d->trace_fd = -1;
	}
	free(s);
}

/* A value on one trace line: backslash, newline and tab escaped. */
static char *trace_escape(const char *v)
{
	struct strbuf sb = STRBUF_INIT;

	for (; v != NULL && *v != '\0'; v++) {
		if (*v == '\\')
			strbuf_adds(&sb, "\\\\");
		else if (*v == '\n')
			strbuf_adds(&sb, "\\n");
		else if (*v == '\t')
			strbuf_adds(&sb, "\\t");
		else
			strbuf_addc(&sb, *v);
	}
	return sb.buf != NULL ? strbuf_detach(&sb) : xstrdup("");
}

/* The name of a field in the trace and in `tianbiao get`: ID or GROUP[N].ID. */
static char *field_name(const struct form *f, int field, int row)
{
	const struct form_field *fld = &f->fields[field];

	if (fld->group >= 0)
		return xasprintf("%s[%d].%s", f->groups[fld->group].id, row + 1, fld->id);
	return xstrdup(fld->id);
}

/* A store error becomes the message line; the screen stays usable. */
static void store_failed(struct app *a, char *cause)
{
	ui_msg(a, MSG_ERROR, "没有保存：%s", cause != NULL ? cause : "数据库出错");
	free(cause);
}

/* A copy only shown (a unit's, at the district) refuses every change, saying why. */
static int data_refused(struct app *a)
{
	if (a->readonly == NULL)
		return 0;
	ui_msg(a, MSG_ERROR, "%s", a->readonly);
	return 1;
}

/* Every change makes the cached counts of its form old. */
static void data_changed(struct app *a, int fi)
{
	data_of(a)->serial[fi]++;
}

/* Load every form's stored values, and open the trace file when asked for. */
int data_load(struct app *a)
{
	struct app_data *d = xcalloc(1, sizeof(*d));
	size_t n = (size_t)(a->nforms > 0 ? a->nforms : 1);
	const char *trace = config_get()->trace;

	a->data = d;
	d->recs = xcalloc(n, sizeof(*d->recs));
	d->serial = xcalloc(n, sizeof(*d->serial));
	d->counted = xcalloc(n, sizeof(*d->counted));
	d->probs = xcalloc(n, sizeof(*d->probs));
	d->nprobs = xcalloc(n, sizeof(int));
	d->filled = xcalloc(n, sizeof(int));
	d->total = xcalloc(n, sizeof(int));
	d->trace_fd = -1;
	if (trace != NULL && *trace != '\0')
		d->trace_fd = open(trace, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	for (int i = 0; i < a->nforms; i++) {
		char *cause = NULL;

		d->recs[i] = record_new(a->forms[i]);
		if (store_load(a->args->store, a->unit, d->recs[i], &cause) != 0) {
			strbuf_addf(&a->later, "tianbiao: %s\n",
				    cause != NULL ? cause : "无法读取数据");
			free(cause);
			a->status = 1;
			return -1;
		}
	}
	return 0;
}

/* Everything data_load made. */
void data_free(struct app *a)
{
	struct app_data *d = data_of(a);

	if (d == NULL)
		return;
	for (int i = 0; i < a->nforms; i++) {
		record_free(d->recs[i]);
		free(d->probs[i]);
	}
	free(d->recs);
	free(d->serial);
	free(d->counted);
	free(d->probs);
	free(d->nprobs);
	free(d->filled);
	free(d->total);
	free(d->pend);
	for (int i = 0; i < d->nundo; i++)
		free(d->undo[i].old);
	free(d->undo);
	if (d->trace_fd >= 0)
		close(d->trace_fd);
	free(d);
	a->data = NULL;
}

int data_reload(struct app *a, int fi)
{
	struct app_data *d = data_of(a);
	struct record *r, tmp;
	char *cause = NULL;

	if (d == NULL)
		return 0;
	r = record_new(a->forms[fi]);
	if (store_load(a->args->store, a->unit, r, &cause) != 0) {
		ui_msg(a, MSG_ERROR, "%s", cause != NULL ? cause : "无法读取数据");
		free(cause);
		record_free(r);
		return -1;
	}
	tmp = *d->recs[fi];	/* the contents change places; the struct stays where it is */
	*d->recs[fi] = *r;
	*r = tmp;
	record_free(r);
	data_changed(a, fi);
	return 0;
}

/* The screens read the records; only this file changes them. */
const struct record *data_record(struct app *a, int fi)
{
	return data_of(a) != NULL ? data_of(a)->recs[fi] : NULL;
}

/* Screens notice changes made elsewhere by this number. */
unsigned long data_serial(struct app *a, int fi)
{
	return data_of(a) != NULL ? data_of(a)->serial[fi] : 0;
}

/* A jump to a row corrects itself for a deletion on the way. */
const struct data_deleted *data_last_deleted(struct app *a)
{
	return &data_of(a)->deleted;
}

/* Index of pending value (fi, field, row), or -1. */
static int pend_find(struct app_data *d, int fi, int field, int row)
{
	for (int i = 0; i < d->npend; i++)
		if (d->pend[i].fi == fi && d->pend[i].field == field && d->pend[i].row == row)
			return i;
	return -1;
}

/* The value is stored now, or blank again: no longer pending. */
static void pend_remove(struct app_data *d, int i)
{
	d->pend[i] = d->pend[--d->npend];
}

/* One change saved: one transaction, then its trace line. */
static int data_store_set(struct app *a, int fi, int field, int row, const char *value)
{
	struct app_data *d = data_of(a);
	char *cause = NULL, *name, *ev, *v;
	int k;

	if (data_refused(a))
		return -1;
	v = value != NULL ? xstrdup(value) : NULL;
	/* v is our own copy: value may be the record's string that store_set replaces */
	if (store_set(a->args->store, a->unit, d->recs[fi], field, row, v, &cause) != 0) {
		free(v);
		store_failed(a, cause);
		return -1;
	}
	k = pend_find(d, fi, field, a->forms[fi]->fields[field].group >= 0 ? row : -1);
	if (k >= 0)
		pend_remove(d, k);
	name = field_name(a->forms[fi], field, row);
	ev = trace_escape(v);
	data_trace(a, "set %s.%s\t%s\n", a->forms[fi]->id, name, ev);
	free(name);
	free(ev);
	free(v);
	data_changed(a, fi);
	return 0;
}

/* The first change to a form stores what was shown for it, except the value being
 * set now. */
static int data_flush(struct app *a, int fi, int except_field, int except_row)
{
	struct app_data *d = data_of(a);

	for (int i = 0; i < d->npend;) {
		struct pending p = d->pend[i];

		if (p.fi != fi || (p.field == except_field && p.row == except_row)) {
			i++;
			continue;
		}
		if (data_store_set(a, fi, p.field, p.row,
				   record_get(d->recs[fi], p.field, p.row)) != 0)
			return -1;
		/* data_store_set removed entry i: the next one took its place */
	}
	return 0;
}

/* The change just saved can be taken back: the value before it is kept, once per visit. */
static void undo_note(struct app_data *d, int fi, int field, int row, const char *old)
{
	struct undo *u = d->nundo > 0 ? &d->undo[d->nundo - 1] : NULL;

	if (u != NULL && u->fi == fi && u->field == field && u->row == row &&
	    u->visit == d->visit)
		return;	/* the same visit: the value before it stays the one to go back to */
	if (d->nundo == UNDO_MAX) {
		free(d->undo[0].old);
		memmove(d->undo, d->undo + 1, (size_t)(d->nundo - 1) * sizeof(*d->undo));
		d->nundo--;
	}
	d->undo = xreallocarray(d->undo, (size_t)d->nundo + 1, sizeof(*d->undo));
	d->undo[d->nundo++] = (struct undo){ fi, field, row, old != NULL ? xstrdup(old) : NULL,
					     d->visit };
}

/* Every saved value goes through here. */
int data_set(struct app *a, int fi, int field, int row, const char *value)
{
	struct app_data *d = data_of(a);
	int r = a->forms[fi]->fields[field].group >= 0 ? row : -1;
	char *old;

	if (data_flush(a, fi, field, r) != 0)
		return -1;
	old = record_get(d->recs[fi], field, r) != NULL ? xstrdup(record_get(d->recs[fi], field, r))
							: NULL;
	if (data_store_set(a, fi, field, row, value) != 0) {
		free(old);
		return -1;
	}
	undo_note(d, fi, field, r, old);
	free(old);
	return 0;
}

/* A field entered again starts a new change for Ctrl-Z. */
void data_undo_visit(struct app *a)
{
	if (data_of(a) != NULL)
		data_of(a)->visit++;
}

/* Ctrl-Z: the field's last change taken back, saved like any other change. */
int data_undo(struct app *a, int fi, int field, int row, char **restored)
{
	struct app_data *d = data_of(a);
	int r = a->forms[fi]->fields[field].group >= 0 ? row : -1;

	*restored = NULL;
	for (int i = d->nundo - 1; i >= 0; i--) {
		struct undo *u = &d->undo[i];

		if (u->fi != fi || u->field != field || u->row != r)
			continue;
		if (data_flush(a, fi, field, r) != 0 ||
		    data_store_set(a, fi, field, row, u->old) != 0)
			return -1;
		*restored = u->old;
		memmove(u, u + 1, (size_t)(d->nundo - i - 1) * sizeof(*u));
		d->nundo--;
		d->visit++;	/* what is typed next is a change of its own */
		return 1;
	}
	return 0;
}

/* Rows deleted or moved take their changes with them. */
static void undo_rows(struct app *a, int fi, int group, int row, int dir)
{
	struct app_data *d = data_of(a);

	for (int i = 0; i < d->nundo;) {
		struct undo *u = &d->undo[i];

		if (u->fi != fi || a->forms[fi]->fields[u->field].group != group) {
			i++;
			continue;
		}
		if (dir == 0 && u->row == row) {	/* deleted */
			free(u->old);
			memmove(u, u + 1, (size_t)(d->nundo - i - 1) * sizeof(*u));
			d->nundo--;
			continue;
		}
		if (dir == 0 && u->row > row)
			u->row--;
		else if (dir != 0 && u->row == row)
			u->row = row + dir;
		else if (dir != 0 && u->row == row + dir)
			u->row = row;
		i++;
	}
}

/* Row changes are saved at once, each in its own transaction. */
int data_row_add(struct app *a, int fi, int group)
{
	char *cause = NULL;

	if (data_refused(a))
		return -1;
	if (data_flush(a, fi, -1, -1) != 0)
		return -1;
	if (store_row_add(a->args->store, a->unit, data_of(a)->recs[fi], group, &cause) != 0) {
		store_failed(a, cause);
		return -1;
	}
	data_trace(a, "add %s.%s\n", a->forms[fi]->id, a->forms[fi]->groups[group].id);
	data_changed(a, fi);
	return 0;
}

/* Row changes are saved at once, each in its own transaction. */
int data_row_delete(struct app *a, int fi, int group, int row)
{
	struct app_data *d = data_of(a);
	char *cause = NULL;

	if (data_refused(a))
		return -1;
	if (data_flush(a, fi, -1, -1) != 0)	/* no value is pending in fi after it */
		return -1;
	if (store_row_delete(a->args->store, a->unit, d->recs[fi], group, row, &cause) != 0) {
		store_failed(a, cause);
		return -1;
	}
	data_trace(a, "delete %s.%s[%d]\n", a->forms[fi]->id, a->forms[fi]->groups[group].id,
		   row + 1);
	undo_rows(a, fi, group, row, 0);
	d->deleted.n++;
	d->deleted.fi = fi;
	d->deleted.group = group;
	d->deleted.row = row;
	data_changed(a, fi);
	return 0;
}

/* Row changes are saved at once, each in its own transaction. */
int data_row_move(struct app *a, int fi, int group, int row, int dir)
{
	char *cause = NULL;

	if (data_refused(a))
		return -1;
	if (data_flush(a, fi, -1, -1) != 0)
		return -1;
	if (store_row_move(a->args->store, a->unit, data_of(a)->recs[fi], group, row, dir,
			   &cause) != 0) {
		store_failed(a, cause);
		return -1;
	}
	undo_rows(a, fi, group, row, dir);
	data_trace(a, "move %s.%s[%d] %+d\n", a->forms[fi]->id, a->forms[fi]->groups[group].id,
		   row + 1, dir);
	data_changed(a, fi);
	return 0;
}

/* The value the unit, today's date or from= gives a field, or NULL: filled in for the
 * clerk (check.h). */
static char *data_default(struct app *a, const struct form *f, const struct form_field *fld)
{
	return check_default_from(f, fld, a->unit, data_of(a)->recs, a->nforms);
}

/* Shown, not stored: opening a form must not change it. */
void data_prefill(struct app *a, int fi, int group, int row)
{
	struct app_data *d = data_of(a);
	const struct form *f = a->forms[fi];
	int r = group >= 0 ? row : -1;

	if (a->readonly != NULL)	/* shown as received, nothing added */
		return;
	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fld = &f->fields[i];
		char *val;

		if (fld->group != group || !check_has_default(fld) ||
		    record_get(d->recs[fi], i, r) != NULL)
			continue;
		val = data_default(a, f, fld);
		if (val != NULL && record_set(d->recs[fi], i, r, val) == 0) {
			if (d->npend == d->cappend) {
				d->cappend = d->cappend ? d->cappend * 2 : 8;
				d->pend = xreallocarray(d->pend, (size_t)d->cappend,
							sizeof(*d->pend));
			}
			d->pend[d->npend++] = (struct pending){ fi, i, r };
			data_changed(a, fi);
		}
		free(val);
	}
}

/* Leaving a form that was only looked at leaves its record as stored. */
void data_unprefill(struct app *a, int fi, int group, int row)
{
	struct app_data *d = data_of(a);
	int r = group >= 0 ? row : -1;

	for (int i = 0; i < d->npend;) {
		struct pending p = d->pend[i];

		if (p.fi == fi && p.row == r && a->forms[fi]->fields[p.field].group == group) {
			record_set(d->recs[fi], p.field, p.row, NULL);
			pend_remove(d, i);
			data_changed(a, fi);
			continue;
		}
		i++;
	}
}

/* An export sends the unit and the date the screen shows: they are stored first, so
 * the file and the database agree. */
int data_fill_defaults(struct app *a, int fi)
{
	data_prefill(a, fi, -1, -1);
	return data_flush(a, fi, -1, -1);
}

/* True when nothing was written in the row except what was filled in for the clerk. */
int data_row_untouched(struct app *a, int fi, int group, int row)
{
	const struct form *f = a->forms[fi];
	const struct form_group *g = &f->groups[group];

	for (int i = 0; i < g->nfields; i++) {
		const struct form_field *fld = &f->fields[g->fields[i]];
		const char *v = record_get(data_of(a)->recs[fi], g->fields[i], row);
		char *pre;
		int same;

		if (v == NULL)
			continue;
		pre = data_default(a, f, fld);
		same = pre != NULL && strcmp(pre, v) == 0;
		free(pre);
		if (!same)
			return 0;
	}
	return 1;
}

/* Count again only when the record changed since the last count. */
static void data_count(struct app *a, int fi)
{
	struct app_data *d = data_of(a);

	if (d->counted[fi] == d->serial[fi] + 1)
		return;
	free(d->probs[fi]);
	d->probs[fi] = NULL;
	d->nprobs[fi] = check_record(d->recs[fi], &d->probs[fi]);
	if (a->readonly != NULL && a->nbrought > 0 && fi == a->brought_fi) {
		/* a received copy: what its file held that could not be taken, first */
		struct check_problem *all = xreallocarray(NULL, (size_t)(d->nprobs[fi] + a->nbrought),
							  sizeof(*all));

		memcpy(all, a->brought, (size_t)a->nbrought * sizeof(*all));
		if (d->nprobs[fi] > 0)
			memcpy(all + a->nbrought, d->probs[fi], (size_t)d->nprobs[fi] * sizeof(*all));
		free(d->probs[fi]);
		d->probs[fi] = all;
		d->nprobs[fi] += a->nbrought;
	}
	record_count(d->recs[fi], &d->filled[fi], &d->total[fi]);
	d->counted[fi] = d->serial[fi] + 1;
}

/* The problem list and the states read the same counts. */
int data_problems(struct app *a, int fi, const struct check_problem **out)
{
	if (data_of(a) == NULL) {
		*out = NULL;
		return 0;
	}
	data_count(a, fi);
	*out = data_of(a)->probs[fi];
	return data_of(a)->nprobs[fi];
}

/* 已完成 once every required field is filled and no problem is open: optional fields
 * left blank do not hold a form back, they are only counted (已完成，4 项选填未填). */
void data_state_text(struct app *a, int fi, char *out, size_t outlen)
{
	struct app_data *d = data_of(a);
	int filled, total, np;

	if (d == NULL) {	/* not loaded yet: the unit is being asked for */
		out[0] = '\0';
		return;
	}
	if (a->forms[fi]->reading) {
		snprintf(out, outlen, "参阅：只需阅读，不用填写，也不用导出");
		return;
	}
	data_count(a, fi);
	filled = d->filled[fi];
	total = d->total[fi];
	np = d->nprobs[fi];
	if (filled == 0)
		snprintf(out, outlen, "未填写");
	else if (np == 0 && filled == total)
		snprintf(out, outlen, "已完成");
	else if (np == 0)	/* no required blank is left: every blank is optional */
		snprintf(out, outlen, "已完成，%d 项选填未填", total - filled);
	else
		snprintf(out, outlen, "已填 %d/%d 项，%d 个问题", filled, total, np);
}

/* A form that is only a list of rows opens on the list. */
int data_group_only(const struct form *f)
{
	int group = -1;

	for (int i = 0; i < f->nitems; i++) {
		const struct form_item *it = &f->items[i];

		if (it->kind == IT_FIELD)
			return -1;
		if (it->kind == IT_LINE)
			for (int j = 0; j < it->nsegs; j++)
				if (it->segs[j].text == NULL && it->segs[j].field >= 0)
					return -1;
		if (it->kind == IT_GROUP) {
			if (group >= 0)
				return -1;
			group = it->group;
		}
	}
	return group;
}
