/*
 * fuzz_import.c - libFuzzer target for received files: reading them (import.h) and filing
 * them in a district's database in memory (district.h).
 *
 * Any bytes must be read or refused without a crash, a leak or undefined behaviour,
 * against the shipped forms and a form with every field type and a group. A refusal
 * always says why; a file that is read has a record of its form, a digest that does not
 * change when computed again, and no difference from itself. Filed in a database that
 * already holds the unit files of tests/data/import, inside a batch that is rolled back
 * after each input: the filing never fails, the same bytes again are a no-op (or refused
 * again), a held name aliased is applied, a conflict settles, status and the lists read,
 * and integrity_check says ok (after every input filed, and every 64th refused). FUZZ_IMPORT_READ_ONLY=1 in the environment leaves out the
 * filing, for long runs of the reader alone.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/fileio.h"
#include "core/form.h"
#include "core/import.h"
#include "core/util.h"
#include "store/district.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define YEAR 2021

static struct form **forms;
static int nforms;
static struct store *db;

/* Stop with the reason on stderr: a failed invariant. */
static void fail(const char *what, const char *cause)
{
	fprintf(stderr, "fuzz_import: %s: %s\n", what, cause ? cause : "");
	abort();
}

/* The forms and the database, made once (run from the top directory). */
static void setup(void)
{
	static const char *const seeds[] = { "tests/data/import/orig-liaison.csv",
					     "tests/data/import/orig-plan.csv",
					     "tests/data/import/orig-stats.csv" };
	char *names[] = { "宝坻区大白庄镇人民政府", "甲镇", "宝坻区周良街道" };
	char *cause = NULL, *notes = NULL;
	struct district_applied *ap;
	struct form *all;
	int nap;

	nforms = form_load_dir("forms", &forms, &cause);
	free(cause);
	cause = NULL;
	all = form_load("tests/core/forms/all-types.form", &cause);
	free(cause);
	cause = NULL;
	if (all != NULL) {
		forms = xreallocarray(forms, (size_t)nforms + 1, sizeof *forms);
		forms[nforms++] = all;
	}
	if (nforms == 0)
		fail("no forms found", "run from the top directory");
	setenv("TIANBIAO_TODAY", "2026-12-01", 0);
	config_load();
	db = store_open(":memory:", STORE_CREATE, &cause);
	if (db == NULL)
		fail("store_open", cause);
	if (district_roster_add(db, YEAR, names, 3, forms, nforms, &notes, &ap, &nap, &cause) != 0)
		fail("roster", cause);
	free(notes);
	district_applied_free(ap, nap);
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		char *bytes;
		size_t len;
		struct district_outcome o;

		if (fileio_read(seeds[i], &bytes, &len, &cause) != 0) {
			free(cause);
			cause = NULL;
			continue;
		}
		if (district_import(db, YEAR, seeds[i], bytes, len, forms, nforms, &o, &cause) != 0)
			fail("seed import", cause);
		district_outcome_free(&o);
		free(bytes);
	}
}

/* What the core reads must hold together. */
static void check_read(const uint8_t *data, size_t size)
{
	struct import_file *f = import_read(data, size, forms, nforms);

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
}

/* File the bytes twice, alias a held name, settle a conflict, read the lists; roll back. */
static void check_filing(const uint8_t *data, size_t size)
{
	static unsigned long refusals;
	struct district_outcome o, o2;
	char *cause = NULL;

	if (district_import_begin(db, &cause) != 0)
		fail("begin", cause);
	if (district_import(db, YEAR, "fuzz.csv", data, size, forms, nforms, &o, &cause) != 0)
		fail("import", cause);
	if (o.line == NULL || o.line[0] == '\0')
		abort();
	if (district_import(db, YEAR, "again.csv", data, size, forms, nforms, &o2, &cause) != 0)
		fail("import again", cause);
	if (o.result == DR_REFUSED ? o2.result != DR_REFUSED : o2.result != DR_SAME)
		fail("the same bytes again", o2.line);
	if (o.result == DR_HELD) {
		struct import_file *f = import_read(data, size, forms, nforms);
		struct district_applied *ap;
		int nap;

		/* A name the roster refuses as an alias (blank, a line break) is a refusal. */
		if (district_alias(db, YEAR, f->unit, "甲镇", forms, nforms, &ap, &nap, &cause) == 0)
			district_applied_free(ap, nap);
		free(cause);
		cause = NULL;
		import_file_free(f);
	}
	if (o.result == DR_CONFLICT && o.unit != NULL && o.form_id != NULL) {
		char *line = NULL;

		for (int i = 0; i < nforms; i++)
			if (strcmp(forms[i]->id, o.form_id) == 0 &&
			    district_resolve(db, YEAR, o.unit, forms[i], size % 2, &line, &cause) != 0)
				fail("resolve", cause);
		free(line);
	}
	{
		struct district_unit *u;
		struct district_conflict *k;
		struct district_receipt *r;
		int n;

		if (district_status(db, YEAR, forms, nforms, &u, &n, &cause) != 0)
			fail("status", cause);
		district_units_free(u, n);
		if (district_conflicts(db, YEAR, forms, nforms, &k, &n, &cause) != 0)
			fail("conflicts", cause);
		district_conflicts_free(k, n);
		if (district_receipts(db, &r, &n, &cause) != 0)
			fail("receipts", cause);
		district_receipts_free(r, n);
	}
	/* integrity_check costs as much as all the rest: after every input that filed a copy,
	 * and after every 64th refusal (which only writes its receipt and bytes, the same
	 * statements each time), so that long runs reach millions of inputs. */
	if ((o.result != DR_REFUSED || ++refusals % 64 == 0) && store_integrity(db, &cause) != 0)
		fail("integrity_check", cause);
	district_import_rollback(db);
	district_outcome_free(&o);
	district_outcome_free(&o2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int read_only = -1;

	/* FUZZ_IMPORT_READ_ONLY=1: only the reading, about ten times as many inputs a second. */
	if (read_only < 0)
		read_only = getenv("FUZZ_IMPORT_READ_ONLY") != NULL;
	if (forms == NULL)
		setup();
	check_read(data, size);
	if (!read_only)
		check_filing(data, size);
	return 0;
}
