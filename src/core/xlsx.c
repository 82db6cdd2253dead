/* xlsx.c - the .xlsx export laid out like the paper form (contract in export.h). */
#include "export.h"

/* Not written yet. */
int export_xlsx(const struct record *r, time_t when, const char *tmpdir, struct strbuf *out,
		char **cause)
{
	(void)r;
	(void)when;
	(void)tmpdir;
	(void)out;
	*cause = xstrdup("这个版本还不能导出 .xlsx 文件。");
	return -1;
}
