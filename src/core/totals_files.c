/*
 * totals_files.c - the files of the totals and of the report one level up, rendered once
 * for `tianbiao totals` and the 汇总 page alike (contract in totals.h).
 */
#include "totals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "export.h"
#include "fileio.h"

/* Add an empty file named base + tail. */
static struct strbuf *files_add(struct totals_files *o, const char *base, const char *tail)
{
	struct totals_file *f = &o->f[o->n++];

	f->name = xasprintf("%s%s", base, tail);
	f->data = (struct strbuf)STRBUF_INIT;
	return &f->data;
}

/* A text or CSV body in the encoding of the unit's exports (BOM for UTF-8; CRLF for text). */
static int encode(const struct strbuf *body, enum export_encoding enc, int text,
		  struct strbuf *out, char **cause)
{
	return export_encode(body->buf != NULL ? body->buf : "", body->len, enc, enc == ENC_UTF8,
			     text, out, cause);
}

int totals_files_render(const struct totals *t, const struct record *own, int formats,
			enum export_encoding enc, time_t when, const char *unit,
			struct totals_files *o, char **cause)
{
	struct export_opts eo = { .formats = formats, .enc = enc, .when = when };
	struct totals_table tb;
	struct strbuf body = STRBUF_INIT;
	char date[48], *base;
	struct tm tm;
	int rc = 0;

	memset(o, 0, sizeof *o);
	date_local(when, &tm);
	snprintf(date, sizeof date, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	base = export_basename(t->form, unit != NULL ? unit : "本区", date);
	if (t->shape == TSH_FORM && (formats & (EXPORT_TEXT | EXPORT_XLSX))) {
		struct form *copy;
		struct record *d = totals_display(t, own, &copy);

		if (formats & EXPORT_TEXT)
			rc = export_render(d, EXPORT_TEXT, &eo, files_add(o, base, "_汇总.txt"), NULL,
					   cause);
		if (rc == 0 && (formats & EXPORT_XLSX))
			rc = export_render(d, EXPORT_XLSX, &eo, files_add(o, base, "_汇总.xlsx"), NULL,
					   cause);
		record_free(d);
		free(copy);
	} else if (formats & EXPORT_TEXT) {
		totals_text(t, &body);
		rc = encode(&body, enc, 1, files_add(o, base, "_汇总.txt"), cause);
		strbuf_reset(&body);
	}
	if (rc == 0 && (formats & (EXPORT_CSV | EXPORT_XLSX))) {
		totals_table(t, &tb);
		if (formats & EXPORT_CSV) {
			totals_table_csv(&tb, &body);
			rc = encode(&body, enc, 0, files_add(o, base, "_汇总表.csv"), cause);
		}
		if (rc == 0 && (formats & EXPORT_XLSX))
			rc = totals_table_xlsx(t, &tb, when, NULL, files_add(o, base, "_汇总表.xlsx"),
					       cause);
		totals_table_free(&tb);
	}
	strbuf_free(&body);
	free(base);
	if (rc != 0)
		totals_files_free(o);
	return rc;
}

int totals_files_write(const struct totals_files *o, const char *dir, int *written,
		       char **cause)
{
	*written = 0;
	if (fileio_mkdirs(dir, cause) != 0)
		return -1;
	for (int i = 0; i < o->n; i++) {
		char *path = xasprintf("%s/%s", dir, o->f[i].name);
		int rc = fileio_write_atomic(path, o->f[i].data.buf != NULL ? o->f[i].data.buf : "",
					     o->f[i].data.len, 0644, cause);

		free(path);
		if (rc != 0)
			return -1;
		(*written)++;
	}
	return 0;
}

void totals_files_free(struct totals_files *o)
{
	for (int i = 0; i < o->n; i++) {
		free(o->f[i].name);
		strbuf_free(&o->f[i].data);
	}
	o->n = 0;
}

struct record *totals_report_copy(const struct totals *t, struct record *rep,
				  struct form **copy)
{
	struct record *out;

	*copy = totals_report_form(t);
	out = record_new(*copy);
	for (int i = 0; i < (*copy)->nfields; i++)
		if ((*copy)->fields[i].group < 0)
			record_set(out, i, -1, record_get(rep, i, -1));
	for (int g = 0; g < (*copy)->ngroups; g++) {	/* the rows move over */
		out->nrows[g] = rep->nrows[g];
		out->rows[g] = rep->rows[g];
		rep->nrows[g] = 0;
		rep->rows[g] = NULL;
	}
	record_set_meta(out, rep->unit, rep->uuid, rep->revision, rep->updated);
	return out;
}
