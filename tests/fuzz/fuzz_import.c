/*
 * fuzz_import.c - libFuzzer target for reading received files (import.h).
 *
 * Any bytes must be read or refused without a crash, a leak or undefined behaviour,
 * against the shipped forms and a form with every field type and a group. A refusal
 * always says why; a file that is read has a record of its form, a digest that does
 * not change when computed again, and no difference from itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/import.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct form **forms;
static int nforms;

/* The forms, loaded once: forms/ and the test form with every type (run from the top). */
static void load_forms(void)
{
	char *cause = NULL;
	struct form *all;

	nforms = form_load_dir("forms", &forms, &cause);
	free(cause);
	cause = NULL;
	all = form_load("tests/core/forms/all-types.form", &cause);
	free(cause);
	if (all != NULL) {
		forms = xreallocarray(forms, (size_t)nforms + 1, sizeof *forms);
		forms[nforms++] = all;
	}
	if (nforms == 0) {
		fprintf(stderr, "fuzz_import: no forms found; run from the top directory\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_file *f;

	if (forms == NULL)
		load_forms();
	setenv("TIANBIAO_TODAY", "2026-12-01", 0);
	f = import_read(data, size, forms, nforms);
	if (f->refused != NULL) {
		if (f->refused[0] == '\0' || f->rec != NULL)
			abort();
	} else {
		char again[65];
		struct import_diff *d;

		if (f->rec == NULL || f->form == NULL || f->rec->form != f->form ||
		    strlen(f->uuid) != 32 || f->revision < 1 || f->unit == NULL || f->unit[0] == '\0')
			abort();
		import_digest(f->rec, again);
		if (strcmp(again, f->digest) != 0)
			abort();
		if (import_compare(f->rec, f->rec, &d) != 0 || d != NULL)
			abort();
		for (int i = 0; i < f->nproblems; i++)
			if (f->problems[i].msg == NULL || f->problems[i].field >= f->form->nfields)
				abort();
	}
	import_file_free(f);
	return 0;
}
