/*
 * fuzz_form.c - libFuzzer target for the form-file parser.
 *
 * Any input must parse or be refused without a crash, a leak or undefined
 * behaviour; a form that parses must print, parse again and print the same text
 * (the round trip of form.h). Inputs over 64 KiB are cut: form files are small.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *cause = NULL, *cause2 = NULL;
	struct form *f, *g;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	if (size > 64 * 1024)
		size = 64 * 1024;
	f = form_parse("fuzz.form", (const char *)data, size, &cause);
	if (f == NULL) {
		/* A refusal always says why, as NAME:LINE: lines. */
		if (cause == NULL || strncmp(cause, "fuzz.form:", 10) != 0)
			abort();
		free(cause);
		return 0;
	}
	if (cause != NULL)
		abort();
	form_print(f, &a);
	g = form_parse("fuzz.form", a.buf, a.len, &cause2);
	if (g == NULL) {
		fprintf(stderr, "round trip failed:\n%s\n--- printed:\n%s\n", cause2, a.buf);
		abort();
	}
	form_print(g, &b);
	if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0 || f->nfields != g->nfields ||
	    f->nitems != g->nitems || f->ngroups != g->ngroups || f->order != g->order) {
		fprintf(stderr, "round trip differs:\n%s\n--- second:\n%s\n", a.buf, b.buf);
		abort();
	}
	for (int i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].label, g->fields[i].label) != 0 ||
		    f->fields[i].gpos != g->fields[i].gpos ||
		    f->fields[i].group != g->fields[i].group)
			abort();
	strbuf_free(&a);
	strbuf_free(&b);
	form_free(f);
	form_free(g);
	return 0;
}
