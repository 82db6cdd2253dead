/*
 * form_print.c - a form printed back in the form-file format.
 * Contract in form.h and form_int.h, format in docs/forms.md.
 */
#include "form_int.h"

#include <string.h>

/* A value that form_parse reads back as one token: quoted when it has to be. */
static void print_value(struct strbuf *out, const char *v)
{
	int quote = *v == '\0' || fp_attr_is_flag(v);

	for (const char *s = v; *s != '\0' && !quote; s++)
		if (fp_is_space(*s) || *s == '"' || *s == '\\' || *s == '{' || *s == '}' ||
		    *s == '=')
			quote = 1;
	if (!quote) {
		strbuf_adds(out, v);
		return;
	}
	strbuf_addc(out, '"');
	for (const char *s = v; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addc(out, '\\');
		strbuf_addc(out, *s);
	}
	strbuf_addc(out, '"');
}

/* KEY=A|B|C, quoted when a value needs it. */
static void print_list(struct strbuf *out, const char *key, char **v, int n)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addc(&sb, '|');
		strbuf_adds(&sb, v[i]);
	}
	strbuf_addf(out, " %s=", key);
	print_value(out, strbuf_str(&sb));
	strbuf_free(&sb);
}

/* The attributes of a field that differ from the defaults, label= for blanks. */
static void print_attrs(struct strbuf *out, const struct form_field *fl, int blank)
{
	if (fl->required)
		strbuf_adds(out, " required");
	if (fl->unit)
		strbuf_adds(out, " unit");
	if (fl->today)
		strbuf_adds(out, " today");
	if (fl->other)
		strbuf_adds(out, " other");
	if (fl->sub)
		strbuf_adds(out, " sub");
	if (fl->beside)
		strbuf_adds(out, " beside");
	if (fl->width != DEFAULT_WIDTH)
		strbuf_addf(out, " width=%d", fl->width);
	if (fl->maxlen != (fl->type == FT_LONGTEXT ? DEFAULT_MAXLEN : 0))
		strbuf_addf(out, " max=%d", fl->maxlen);
	if (fl->from != NULL)
		strbuf_addf(out, " from=%s", fl->from);
	/* column= when it is not what the label gives by itself */
	if (fl->column != NULL && !fp_column_is_default(fl)) {
		strbuf_adds(out, " column=");
		print_value(out, fl->column);
	}
	if (fl->noptions > 0)
		print_list(out, "options", fl->options, fl->noptions);
	if (fl->nsuggest > 0)
		print_list(out, "suggest", fl->suggest, fl->nsuggest);
	if (fl->hint != NULL) {
		strbuf_adds(out, " hint=");
		print_value(out, fl->hint);
	}
	if (blank) {
		strbuf_adds(out, " label=");
		print_value(out, fl->label);
	}
}

/* The layout in file syntax; group rows are indented for the reader only. */
static void print_items(const struct form *f, const struct form_item *items, int n,
			const char *indent, struct strbuf *out)
{
	for (int i = 0; i < n; i++) {
		const struct form_item *it = &items[i];

		switch (it->kind) {
		case IT_SECTION:
			if (*indent == '\0' && i > 0)
				strbuf_addc(out, '\n');
			strbuf_addf(out, "%ssection ", indent);
			if (it->id != NULL)
				strbuf_addf(out, "id=%s ", it->id);
			strbuf_addf(out, "%s\n", it->text);
			break;
		case IT_TEXT:
			strbuf_addf(out, "%s%stext %s\n", indent, it->guide ? "guide " : "", it->text);
			break;
		case IT_FIELD: {
			const struct form_field *fl = &f->fields[it->field];

			strbuf_addf(out, "%sfield %s %s ", indent, fl->id,
				    form_type_name(fl->type));
			print_value(out, fl->label);
			print_attrs(out, fl, 0);
			strbuf_addc(out, '\n');
			break;
		}
		case IT_LINE:
			strbuf_addf(out, "%sline ", indent);
			for (int k = 0; k < it->nsegs; k++) {
				const struct form_seg *sg = &it->segs[k];

				if (sg->text != NULL) {
					for (const char *s = sg->text; *s != '\0'; s++) {
						if (*s == '{' || *s == '}')
							strbuf_addc(out, *s);
						strbuf_addc(out, *s);
					}
				} else {
					const struct form_field *fl = &f->fields[sg->field];

					strbuf_addf(out, "{%s %s", fl->id,
						    form_type_name(fl->type));
					print_attrs(out, fl, 1);
					strbuf_addc(out, '}');
				}
			}
			strbuf_addc(out, '\n');
			break;
		case IT_GROUP: {
			const struct form_group *g = &f->groups[it->group];

			strbuf_addf(out, "\ngroup %s ", g->id);
			print_value(out, g->label);
			strbuf_addf(out, " min=%d max=%d", g->min, g->max);
			if (g->title_field != NULL)
				strbuf_addf(out, " title=%s", g->title_field);
			strbuf_addc(out, '\n');
			print_items(f, g->items, g->nitems, "  ", out);
			strbuf_adds(out, "end\n\n");
			break;
		}
		}
	}
}

/* Header first, then the layout: the order the parser demands. */
void form_print(const struct form *f, struct strbuf *out)
{
	strbuf_addf(out, "form %s\nversion %s\nyear %d\nattachment %s\n", f->id, f->version,
		    f->year, f->attachment);
	if (f->title_lines != NULL) {
		for (const char *p = f->title_lines; *p != '\0';) {
			size_t n = strcspn(p, "\n");

			strbuf_addf(out, "title %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	} else {
		strbuf_addf(out, "title %s\n", f->title);
	}
	strbuf_addf(out, "name %s\n", f->name);
	if (f->subtitle != NULL)
		strbuf_addf(out, "%ssubtitle %s\n", f->subtitle_guide ? "guide " : "", f->subtitle);
	if (f->due != NULL)
		strbuf_addf(out, "due %s\n", f->due);
	if (f->send != NULL)
		strbuf_addf(out, "send %s\n", f->send);
	for (int i = 0; i < f->nnotes; i++)
		strbuf_addf(out, "%snote %s\n", f->note_guide[i] ? "guide " : "", f->notes[i]);
	if (f->ncolumns > 0) {
		strbuf_adds(out, "columns ");
		for (int i = 0; i < f->ncolumns; i++)
			strbuf_addf(out, "%s%s", i > 0 ? "|" : "", f->columns[i]);
		strbuf_addc(out, '\n');
	}
	strbuf_addc(out, '\n');
	print_items(f, f->items, f->nitems, "", out);
	fp_rules_print(f, out);
}
