/* cmd_store.c - the database's own commands: restore (backups) and check-db (table at the end). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "cli_int.h"

/* The database these commands work on: --db, else the default one (nothing is created). */
static char *cmd_db_path(const struct cli *c)
{
	return c->db != NULL ? xstrdup(c->db) : store_default_path();
}

/* "--db PATH " when the database is not the default one, for the commands we suggest. */
static char *cmd_db_option(const struct cli *c)
{
	return c->db != NULL ? xasprintf("--db %s ", c->db) : xstrdup("");
}

/* A size in bytes as people read it. */
static void cmd_size_text(long long n, char buf[32])
{
	if (n < 1024 * 1024)
		snprintf(buf, 32, "%lld KB", (n + 1023) / 1024);
	else
		snprintf(buf, 32, "%.1f MB", (double)n / (1024.0 * 1024.0));
}

/* Before an export, a backup of the database when it changed since the newest one; a
 * backup that cannot be written is mentioned and the export goes on. */
void cli_backup_before_export(struct cli *c)
{
	char *cause = NULL;

	if (store_backup(c->store, &cause) != 0)
		fprintf(stderr, "tianbiao: 提示：没有建立备份：%s\n", cause ? cause : "");
	free(cause);
}

/* List the backups, newest first, with the command that puts one back. */
static int restore_list(const struct cli *c, const char *path)
{
	struct store_backup *l;
	char *cause = NULL, *opt = cmd_db_option(c);
	int n = 0;

	store_backup_list(path, &l, &n, &cause);
	free(cause);
	if (n == 0) {
		printf("数据库 %s 还没有自动备份。有修改时，每次正常关闭填表程序和每次导出之前都会"
		       "自动建立一份。\n",
		       path);
	} else {
		printf("数据库 %s 的自动备份（1 是最新的）：\n", path);
		for (int i = 0; i < n; i++) {
			char when[64], size[32];
			struct tm tm;

			if (localtime_r(&l[i].made, &tm) == NULL ||
			    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm) == 0)
				snprintf(when, sizeof(when), "?");
			cmd_size_text(l[i].size, size);
			printf("  %d  %s 建立  %8s  %s\n", l[i].number, when, size, l[i].path);
		}
		printf("恢复其中一份：tianbiao %srestore 编号（现在的数据库会改名保存，不会删除）。\n",
		       opt);
	}
	store_backup_list_free(l, n);
	free(opt);
	return EXIT_OK;
}

/* restore [N|FILE]: list the backups, or put backup N (or the database FILE) back. */
static int cmd_restore(struct cli *c, int argc, char **argv)
{
	char *path = cmd_db_path(c), *from = NULL, *kept = NULL, *cause = NULL;
	int rc = EXIT_OK;

	if (argc > 1) {
		free(path);
		return cli_usage_error("restore 最多接受一个备份编号或文件名。");
	}
	if (argc == 0) {
		rc = restore_list(c, path);
		free(path);
		return rc;
	}
	if (argv[0][0] != '\0' && strspn(argv[0], "0123456789") == strlen(argv[0])) {
		struct store_backup *l;
		int n = 0;

		store_backup_list(path, &l, &n, &cause);
		free(cause);
		cause = NULL;
		for (int i = 0; i < n; i++)
			if (l[i].number == atoi(argv[0]))
				from = xstrdup(l[i].path);
		store_backup_list_free(l, n);
		if (from == NULL) {
			rc = cli_refuse("数据库 %s 没有第 %s 份自动备份。运行 tianbiao restore 可以列出"
					"所有备份。",
					path, argv[0]);
			free(path);
			return rc;
		}
	} else {
		from = xstrdup(argv[0]);
	}
	if (store_restore(path, from, &kept, &cause) != 0) {
		rc = cli_refuse("%s", cause);
	} else {
		printf("已恢复：数据库 %s 现在是 %s 的内容。\n", path, from);
		if (kept != NULL)
			printf("原来的数据库已改名为 %s，没有删除。\n", kept);
	}
	free(cause);
	free(kept);
	free(from);
	free(path);
	return rc;
}

/* check-db: the whole file, not only what every start looks at. */
static int cmd_check_db(struct cli *c, int argc, char **argv)
{
	char *path = cmd_db_path(c), *cause = NULL;
	struct store *s;
	int rc = EXIT_OK;

	(void)argv;
	if (argc != 0) {
		free(path);
		return cli_usage_error("check-db 不接受参数。");
	}
	s = store_open(path, STORE_READONLY, &cause);
	if (s == NULL) {
		rc = cli_refuse("%s", cause ? cause : "无法打开数据库");
	} else if (store_integrity(s, &cause) != 0) {
		rc = cli_refuse("%s", cause);
	} else {
		printf("数据库 %s 完好（检查了整个文件）。\n", path);
	}
	if (s != NULL)
		store_close(s);
	free(cause);
	free(path);
	return rc;
}

const struct cli_cmd cli_store_cmds[] = {
	{ "restore", CLI_NOTHING,
	  "  tianbiao restore [编号|文件]        列出数据库的自动备份；给出编号（或文件）时用它\n"
	  "                                      替换数据库，原来的数据库改名保存，不删除\n",
	  cmd_restore },
	{ "check-db", CLI_NOTHING,
	  "  tianbiao check-db                   检查整个数据库文件是否完好\n",
	  cmd_check_db },
	{ NULL, CLI_NOTHING, NULL, NULL },
};
