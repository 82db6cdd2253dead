/* test_config.c - the environment resolved once: each path's precedence, empty as unset. */
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "test.h"

static void clear(void)
{
	static const char *const vars[] = {
		"TIANBIAO_DB", "TIANBIAO_FORMS", "TIANBIAO_OUTBOX", "TIANBIAO_INBOX",
		"TIANBIAO_TODAY", "TIANBIAO_SCRIPT", "TIANBIAO_TRACE", "TIANBIAO_NO_DISPLAY",
		"TIANBIAO_IMPORT_PACE_MS", "TIANBIAO_IMPORT_BATCH", "NO_COLOR", "XDG_DATA_HOME",
	};

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		unsetenv(vars[i]);
	setenv("HOME", "/home/clerk", 1);
}

/* The defaults under HOME; XDG_DATA_HOME when absolute, for the database and forms alike. */
static void test_paths(void)
{
	const struct config *c;

	clear();
	config_load();
	c = config_get();
	CHECK_STR(c->home, "/home/clerk");
	CHECK_STR(c->db, "/home/clerk/.local/share/tianbiao/tianbiao.db");
	CHECK_INT(c->db_named, 0);
	CHECK(c->forms == NULL);
	CHECK_STR(c->user_forms, "/home/clerk/.local/share/tianbiao/forms");
	CHECK_STR(c->outbox, "/home/clerk/填表导出");
	CHECK(c->outbox_named == NULL);
	CHECK_STR(c->inbox, "/home/clerk/填表收件");

	setenv("XDG_DATA_HOME", "/data", 1);
	config_load();
	CHECK_STR(c->db, "/data/tianbiao/tianbiao.db");
	CHECK_STR(c->user_forms, "/data/tianbiao/forms");
	setenv("XDG_DATA_HOME", "data", 1);	/* relative: ignored */
	config_load();
	CHECK_STR(c->db, "/home/clerk/.local/share/tianbiao/tianbiao.db");
	CHECK_STR(c->user_forms, "/home/clerk/.local/share/tianbiao/forms");

	setenv("TIANBIAO_DB", "/x/y.db", 1);
	setenv("TIANBIAO_FORMS", "/x/forms", 1);
	setenv("TIANBIAO_OUTBOX", "/x/out", 1);
	setenv("TIANBIAO_INBOX", "/x/in", 1);
	config_load();
	CHECK_STR(c->db, "/x/y.db");
	CHECK_INT(c->db_named, 1);
	CHECK_STR(c->forms, "/x/forms");
	CHECK_STR(c->outbox, "/x/out");
	CHECK_STR(c->outbox_named, "/x/out");
	CHECK_STR(c->inbox, "/x/in");

	/* An empty variable is an unset one. */
	setenv("TIANBIAO_DB", "", 1);
	setenv("TIANBIAO_FORMS", "", 1);
	setenv("TIANBIAO_OUTBOX", "", 1);
	config_load();
	CHECK_STR(c->db, "/home/clerk/.local/share/tianbiao/tianbiao.db");
	CHECK_INT(c->db_named, 0);
	CHECK(c->forms == NULL);
	CHECK_STR(c->outbox, "/home/clerk/填表导出");
	clear();
	config_load();
}

/* Today only when it is a day; the switches as the tests set them. */
static void test_switches(void)
{
	const struct config *c = config_get();

	clear();
	setenv("TIANBIAO_TODAY", "2021-06-03", 1);
	setenv("TIANBIAO_NO_DISPLAY", "1", 1);
	setenv("TIANBIAO_IMPORT_PACE_MS", "250", 1);
	setenv("TIANBIAO_IMPORT_BATCH", "3", 1);
	setenv("NO_COLOR", "", 1);
	config_load();
	CHECK_STR(c->today, "2021-06-03");
	CHECK_INT(c->no_display, 1);
	CHECK_INT(c->import_pace_ms, 250);
	CHECK_INT(c->import_batch, 3);
	CHECK_INT(c->no_color, 1);
	CHECK(c->script == NULL && c->trace == NULL);

	setenv("TIANBIAO_TODAY", "2021-02-31", 1);
	setenv("TIANBIAO_NO_DISPLAY", "yes", 1);
	setenv("TIANBIAO_IMPORT_BATCH", "-1", 1);
	config_load();
	CHECK_STR(c->today, "");
	CHECK_INT(c->no_display, 0);
	CHECK_INT(c->import_batch, 0);
	clear();
	config_load();
}

int main(void)
{
	TEST_RUN(test_paths);
	TEST_RUN(test_switches);
	return test_done();
}
