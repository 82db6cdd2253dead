/* config.c - the environment read once (contract and precedence in config.h). */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "util.h"

static struct config cfg;
static int loaded;
/* What cfg's strings point into, freed by the next load. */
static char *owned[32];
static int nowned;

/* Keep s (malloc'd) for cfg until the next load. */
static const char *keep(char *s)
{
	if (s != NULL && nowned < (int)(sizeof owned / sizeof owned[0]))
		owned[nowned++] = s;
	return s;
}

/* A variable that is set and not empty, copied; else NULL. */
static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? keep(xstrdup(v)) : NULL;
}

/* A locale chosen by any of these is never second-guessed. */
static const char *const locale_vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

void config_load(void)
{
	const char *xdg, *home, *v;
	struct date d;

	for (int i = 0; i < nowned; i++)
		free(owned[i]);
	nowned = 0;
	memset(&cfg, 0, sizeof cfg);
	loaded = 1;

	home = env("HOME");
	if (home == NULL) {
		struct passwd *pw = getpwuid(getuid());

		if (pw != NULL && pw->pw_dir != NULL && *pw->pw_dir != '\0')
			home = keep(xstrdup(pw->pw_dir));
	}
	cfg.home = home;
	xdg = env("XDG_DATA_HOME");
	/* The XDG rules say a relative XDG_DATA_HOME is to be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		cfg.data_dir = keep(xasprintf("%s/tianbiao", xdg));
	else
		cfg.data_dir = keep(xasprintf("%s/.local/share/tianbiao", home ? home : "."));
	cfg.db = env("TIANBIAO_DB");
	cfg.db_named = cfg.db != NULL;
	if (cfg.db == NULL)
		cfg.db = keep(xasprintf("%s/tianbiao.db", cfg.data_dir));
	cfg.forms = env("TIANBIAO_FORMS");
	cfg.user_forms = keep(xasprintf("%s/forms", cfg.data_dir));
	cfg.outbox_named = env("TIANBIAO_OUTBOX");
	cfg.outbox = cfg.outbox_named != NULL ? cfg.outbox_named
		     : keep(xasprintf("%s/填表导出", home ? home : "/tmp"));
	cfg.inbox = env("TIANBIAO_INBOX");
	if (cfg.inbox == NULL)
		cfg.inbox = keep(xasprintf("%s/填表收件", home ? home : "/tmp"));
	cfg.tmpdir = env("TMPDIR");

	v = getenv("TIANBIAO_TODAY");
	if (v != NULL && date_iso_parse(v, &d)) {
		memcpy(cfg.today, v, 10);
		cfg.today[10] = '\0';
	}
	cfg.script = env("TIANBIAO_SCRIPT");
	cfg.trace = env("TIANBIAO_TRACE");
	v = getenv("TIANBIAO_NO_DISPLAY");
	cfg.no_display = v != NULL && strcmp(v, "1") == 0;
	v = getenv("TIANBIAO_IMPORT_PACE_MS");
	cfg.import_pace_ms = v != NULL ? atol(v) : 0;
	v = getenv("TIANBIAO_IMPORT_BATCH");
	cfg.import_batch = v != NULL && atoi(v) > 0 ? atoi(v) : 0;

	cfg.no_color = getenv("NO_COLOR") != NULL;
	cfg.term = env("TERM");
	for (size_t i = 0; i < sizeof locale_vars / sizeof locale_vars[0]; i++) {
		v = getenv(locale_vars[i]);
		cfg.locale_set |= v != NULL && *v != '\0';
	}
}

const struct config *config_get(void)
{
	if (!loaded)
		config_load();
	return &cfg;
}
