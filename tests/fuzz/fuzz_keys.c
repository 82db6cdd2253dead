/*
 * fuzz_keys.c - libFuzzer target for the screens: random keys against every form.
 *
 * Each byte of the input picks one key-script line (docs/testing.md) from the table
 * below: a key, some typed text, raw bytes from the terminal, an idle second, a
 * resize. The screens run on that script in the display-less mode, as the scripted
 * screen tests do, over a fresh in-memory database with the shipped forms and the
 * test forms. Nothing may crash or leak, and every value the screens saved must be
 * one the checks accept (not CHECK_HARD), stored exactly as check_value stores it.
 * Exports (F5, F6) are left out: they write files. Run from the top of the tree (the
 * forms are read from forms/ and tests/core/forms/).
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/check.h"
#include "core/form.h"
#include "core/record.h"
#include "core/util.h"
#include "store/store.h"
#include "ui/tui.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The lines a byte stands for (byte % count). */
static const char *const lines[] = {
	"key Tab", "key S-Tab", "key Enter", "key Esc", "key Up", "key Down", "key Left",
	"key Right", "key BS", "key Del", "key Home", "key End", "key PgUp", "key PgDn",
	"key S-Up", "key S-Down", "key Ins", "key Space", "key F1", "key F2", "key F3",
	"key F4", "key F7", "key F8", "key C-u", "key C-k", "key C-a", "key C-e", "key C-d",
	"key C-s", "key C-l", "type 1", "type 2", "type 0", "type 9", "type a", "type 甲",
	"type 男", "type 是", "type 否", "type -", "type (", "type @", "type .", "type 月",
	"type 日", "type 6月5日", "type 6.5", "type 18222169302", "type [", "type ]",
	"type 【", "type  ", "type 　", "type １２", "type 6月5日至7月5日", "type x@y.cn",
	"idle", "resize 60 16", "resize 80 24", "resize 50 12", "resize 120 40",
	"resize 61 17", "bytes ff", "bytes c3", "bytes e4 b8", "bytes 7f", "bytes 1b",
	"key Enter Tab Tab", "key Down Enter", "type 第一行", "key F10",
};

static struct form **forms;
static int nforms;

/* The shipped forms and the test forms, loaded once. */
static void load_forms(void)
{
	static const char *const dirs[] = { "forms", "tests/core/forms" };

	if (forms != NULL)
		return;
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		struct form **fs = NULL;
		char *cause = NULL;
		int n = form_load_dir(dirs[d], &fs, &cause);

		if (n <= 0) {
			fprintf(stderr, "fuzz_keys: %s: %s\n", dirs[d], cause ? cause : "no forms");
			abort();
		}
		forms = xreallocarray(forms, (size_t)(nforms + n), sizeof(*forms));
		memcpy(forms + nforms, fs, (size_t)n * sizeof(*fs));
		nforms += n;
		free(fs);
	}
}

/* A value saved by the screens must be what check_value makes of it. */
static void check_saved(const struct form *f, const struct form_field *fld, const char *v)
{
	struct check_result res;

	if (v == NULL)
		return;
	memset(&res, 0, sizeof(res));
	check_value(f, fld, v, &res);
	if (res.level == CHECK_HARD || res.value == NULL || strcmp(res.value, v) != 0) {
		fprintf(stderr, "fuzz_keys: %s.%s saved as \"%s\": %s\n", f->id, fld->id, v,
			res.level == CHECK_HARD ? res.msg : "not stored as checked");
		abort();
	}
	free(res.value);
}

/* Every value of every form in the database. */
static void check_store(struct store *s, const char *unit)
{
	for (int i = 0; i < nforms; i++) {
		const struct form *f = forms[i];
		struct record *r = record_new(f);
		char *cause = NULL;

		if (store_load(s, unit, r, &cause) != 0) {
			fprintf(stderr, "fuzz_keys: %s\n", cause ? cause : "load failed");
			abort();
		}
		for (int k = 0; k < f->nfields; k++) {
			const struct form_field *fld = &f->fields[k];

			if (fld->group < 0) {
				check_saved(f, fld, record_get(r, k, -1));
				continue;
			}
			for (int row = 0; row < r->nrows[fld->group]; row++)
				check_saved(f, fld, record_get(r, k, row));
		}
		record_free(r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[] = "/tmp/tianbiao-fuzz-keys.XXXXXX";
	static int fd = -1;
	struct strbuf sb = STRBUF_INIT;
	struct tui_args args;
	struct store *s;
	char *cause = NULL;
	int err, devnull;

	load_forms();
	if (fd < 0) {
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		setenv("TIANBIAO_SCRIPT", path, 1);
		setenv("TIANBIAO_NO_DISPLAY", "1", 1);
		setenv("TIANBIAO_TODAY", "2021-06-03", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("TERM", "xterm-256color", 1);
		unsetenv("TIANBIAO_TRACE");
		config_load();
	}
	setenv("COLUMNS", "80", 1);
	setenv("LINES", "24", 1);
	if (size > 400)		/* a screen's worth of keys is enough to reach everything */
		size = 400;
	for (size_t i = 0; i < size; i++) {
		strbuf_adds(&sb, lines[data[i] % (sizeof(lines) / sizeof(lines[0]))]);
		strbuf_addc(&sb, '\n');
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, sb.buf != NULL ? sb.buf : "", sb.len, 0) < 0)
		abort();
	strbuf_free(&sb);
	s = store_open(":memory:", STORE_CREATE, &cause);
	if (s == NULL) {
		fprintf(stderr, "fuzz_keys: %s\n", cause ? cause : "no store");
		abort();
	}
	memset(&args, 0, sizeof(args));
	args.store = s;
	args.db_path = ":memory:";
	args.forms = forms;
	args.nforms = nforms;
	args.unit = "测试单位";
	args.outbox = "/nonexistent";
	/* what the screens say after the run (a value left unsaved) is not a failure */
	fflush(stderr);
	err = dup(2);
	devnull = open("/dev/null", O_WRONLY);
	dup2(devnull, 2);
	tui_run(&args);
	fflush(stderr);
	dup2(err, 2);
	close(err);
	close(devnull);
	check_store(s, "测试单位");
	store_close(s);
	return 0;
}
