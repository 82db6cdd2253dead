/* cmd_district.c - the district office's commands: roster, import, imports, status,
 * problems, conflicts, resolve, remind (table at the end; what they mean in docs/district.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/check.h"
#include "../core/config.h"
#include "../core/export.h"
#include "../core/fileio.h"
#include "../core/import.h"
#include "../core/receive.h"
#include "../core/remind.h"
#include "../core/text.h"
#include "../core/util.h"
#include "../store/district.h"
#include "cli_int.h"

/* Commit a batch of imports after this many files or seconds: one fsync per batch, and a
 * kill loses at most the batch under way (each file is all or nothing anyway). */
#define BATCH_FILES 500
#define BATCH_SECONDS 2

/* ---- small helpers -------------------------------------------------------------------- */

/* The campaign year: the year most of the district's forms are for (the latest on a tie). */
static int cli_year(const struct cli *c)
{
	int best = 0, bestn = 0;

	for (int i = 0; i < c->nforms; i++) {
		int n = 0;

		for (int k = 0; k < c->nforms; k++)
			n += c->forms[k]->year == c->forms[i]->year;
		if (n > bestn || (n == bestn && c->forms[i]->year > best)) {
			best = c->forms[i]->year;
			bestn = n;
		}
	}
	return best;
}

/* The forms units owe this campaign, moved to the front of c->forms in their order (a
 * page to read, 参阅, and the forms of other years are owed by nobody); their count. */
static int owed_forms(struct cli *c)
{
	int year = cli_year(c), n = 0, m = 0;
	struct form **v = xcalloc((size_t)c->nforms + 1, sizeof *v);

	for (int i = 0; i < c->nforms; i++)
		if (!c->forms[i]->reading && c->forms[i]->year == year)
			v[n++] = c->forms[i];
	m = n;
	for (int i = 0; i < c->nforms; i++)
		if (c->forms[i]->reading || c->forms[i]->year != year)
			v[m++] = c->forms[i];
	memcpy(c->forms, v, (size_t)c->nforms * sizeof *v);
	free(v);
	return n;
}

/* Print a store failure and give its exit status. */
static int fail(char *cause)
{
	cli_refuse("%s", cause != NULL ? cause : "数据库出错。");
	free(cause);
	return EXIT_REFUSED;
}

/* Print s padded (or cut with "…") to exactly cols columns. */
static void put_col(const char *s, int cols)
{
	struct strbuf sb = STRBUF_INIT;

	if (text_width(s) > cols) {
		size_t n = text_fit(s, cols - 1);

		strbuf_add(&sb, s, n);
		strbuf_adds(&sb, "…");
		s = strbuf_str(&sb);
	}
	{
		struct strbuf out = STRBUF_INIT;

		text_pad(&out, s, cols);
		fputs(strbuf_str(&out), stdout);
		strbuf_free(&out);
	}
	strbuf_free(&sb);
}

/* "截止 6月25日（还有 22 天）", "今天（6月25日）截止", "截止 6月25日（已过 3 天）"; "" without a
 * due date (remind.h, shared with the screens). */
static void due_words(const struct form *f, char *out, size_t cap)
{
	char today[11];

	check_today(today);
	remind_due_words(f, today, out, cap);
}

/* ---- contacts from the liaison form ------------------------------------------------------ */

/* A roster unit's liaison and phone, as its imported liaison form gives them. */
struct contact {
	char *unit, *who;	/* "张三 13900000001" */
};

struct contacts {
	struct remind_contact_fields cf;	/* remind.h: where the liaison form has them */
	struct contact *c;
	int n;
};

/* Collect one unit's contact (called by district_each). */
static int contact_one(void *ctx, const char *unit, int pos, const struct record *rec,
		       int conflicts)
{
	struct contacts *cs = ctx;
	char *who = remind_contact(&cs->cf, rec);

	(void)pos;
	(void)conflicts;	/* a liaison's phone is worth showing even while its form is held */
	if (who == NULL)
		return 0;
	cs->c = xreallocarray(cs->c, (size_t)cs->n + 1, sizeof *cs->c);
	cs->c[cs->n].unit = xstrdup(unit);
	cs->c[cs->n].who = who;
	cs->n++;
	return 0;
}

/* Every roster unit's contact (none when the district has no liaison form). */
static int contact_cmp(const void *a, const void *b)
{
	return strcmp(((const struct contact *)a)->unit, ((const struct contact *)b)->unit);
}

/* The liaisons sorted by unit, so that a listing of every unit finds each in log n. */
static int contacts_load(struct cli *c, struct contacts *cs, char **cause)
{
	memset(cs, 0, sizeof *cs);
	remind_contact_fields(c->forms, c->nforms, &cs->cf);
	if (cs->cf.form < 0)
		return 0;
	if (district_each(c->store, cli_year(c), c->forms[cs->cf.form], contact_one, cs, cause) != 0)
		return -1;
	if (cs->n > 1)
		qsort(cs->c, (size_t)cs->n, sizeof *cs->c, contact_cmp);
	return 0;
}

/* "张三 13900000001" from the unit's liaison form, else "张三 13900000001（名单）" from the
 * roster, or NULL when the unit has neither. */
static char *contact_of(struct cli *c, const struct contacts *cs, const char *unit)
{
	struct contact key = { .unit = (char *)unit }, *found = NULL;

	if (cs->n > 0)
		found = bsearch(&key, cs->c, (size_t)cs->n, sizeof *cs->c, contact_cmp);
	if (found != NULL)
		return xstrdup(found->who);
	return district_contact_text(c->store, cli_year(c), unit);
}

static void contacts_free(struct contacts *cs)
{
	for (int i = 0; i < cs->n; i++) {
		free(cs->c[i].unit);
		free(cs->c[i].who);
	}
	free(cs->c);
}

/* ---- roster ------------------------------------------------------------------------------ */

/* Say what a roster change did to the held files. */
static void print_applied(struct district_applied *ap, int n)
{
	if (n > 0)
		printf("原来暂存的 %d 个文件现已处理：\n", n);
	for (int i = 0; i < n; i++)
		printf("  %s：%s\n", ap[i].file, ap[i].line);
	district_applied_free(ap, n);
}

/* List the year's roster in order, with aliases. */
static int roster_list(struct cli *c)
{
	struct district_member *m;
	char *cause = NULL, *person, *phone;
	int n, year = cli_year(c);

	if (district_roster(c->store, year, &m, &n, &cause) != 0)
		return fail(cause);
	if (n == 0) {
		printf("%d 年的应报单位名单还是空的。请用 tianbiao roster add 单位名称… 逐个添加，或用 "
		       "tianbiao roster import 文件 从名单文件（一行一个单位）导入。\n", year);
		return EXIT_OK;
	}
	printf("%d 年应报单位 %d 个：\n", year, n);
	for (int i = 0; i < n; i++) {
		printf("%4d  %s", m[i].pos, m[i].name);
		for (int k = 0; k < m[i].naliases; k++)
			printf("%s%s", k ? "、" : "（别名：", m[i].aliases[k]);
		printf("%s", m[i].naliases ? "）" : "");
		if (district_contact(c->store, year, m[i].name, &person, &phone, &cause) != 0) {
			district_members_free(m, n);
			return fail(cause);
		}
		if (person != NULL || phone != NULL)
			printf("  联系人 %s%s%s", person ? person : "", person && phone ? " " : "",
			       phone ? phone : "");
		printf("\n");
		free(person);
		free(phone);
	}
	district_members_free(m, n);
	return EXIT_OK;
}

/* Add names at the end, then say what the roster is and what was applied. */
static int roster_add(struct cli *c, char **names, int n)
{
	struct district_applied *ap;
	char *cause = NULL, *notes = NULL;
	struct district_member *m;
	int nap, total;

	if (district_roster_add(c->store, cli_year(c), names, n, c->forms, c->nforms, &notes, &ap,
				&nap, &cause) != 0)
		return fail(cause);
	if (notes != NULL)
		printf("%s\n", notes);
	free(notes);
	if (district_roster(c->store, cli_year(c), &m, &total, &cause) != 0)
		return fail(cause);
	district_members_free(m, total);
	printf("名单现有 %d 个单位（tianbiao roster 查看）。\n", total);
	print_applied(ap, nap);
	return EXIT_OK;
}

/* A phone as the roster keeps it (remind.h), saying when it looks wrong; NULL for NULL. */
static char *roster_phone(const char *unit, const char *phone)
{
	char msg[256], *v;

	if (phone == NULL || phone[0] == '\0')
		return phone == NULL ? NULL : xstrdup("");
	v = remind_phone_check(phone, msg);
	if (msg[0] != '\0')
		printf("注意：“%s”的电话“%s”可能有误（%s），已照样记下，请核对后用 tianbiao roster "
		       "contact 改正。\n", unit, v, msg);
	return v;
}

/* Keep the contacts given; say how many changed. */
static int roster_contacts_keep(struct cli *c, struct district_contact *dc, int n, char **phones)
{
	char *cause = NULL;
	int changed;

	for (int i = 0; i < n; i++) {
		phones[i] = roster_phone(dc[i].unit, dc[i].phone);
		dc[i].phone = phones[i];
	}
	if (district_contact_set(c->store, cli_year(c), dc, n, &changed, &cause) != 0)
		return fail(cause);
	if (changed > 0)
		printf("更新了 %d 个单位的联系人（tianbiao roster 查看）。\n", changed);
	else
		printf("联系人没有变化。\n");
	return EXIT_OK;
}

/* roster contact UNIT PERSON [PHONE] */
static int roster_contact(struct cli *c, const char *unit, const char *person, const char *phone)
{
	struct district_contact dc = { unit, person, phone != NULL ? phone : "" };
	char *kept = NULL;
	int rc = roster_contacts_keep(c, &dc, 1, &kept);

	free(kept);
	return rc;
}

/* roster import FILE: names from a text file or a CSV with a 单位 column (and contacts). */
static int roster_import(struct cli *c, const char *path)
{
	char *data = NULL, *cause = NULL, **names, **persons, **phones, **kept;
	struct district_contact *dc;
	size_t len;
	int n, rc, nc = 0;

	if (fileio_read(path, &data, &len, &cause) != 0)
		return fail(cause);
	n = import_roster_names(data, len, &names, &persons, &phones, &cause);
	free(data);
	if (n < 0) {
		cli_refuse("%s：%s", path, cause);
		free(cause);
		return EXIT_REFUSED;
	}
	printf("从 %s 读到 %d 个单位名称。\n", path, n);
	rc = roster_add(c, names, n);
	dc = xcalloc((size_t)n, sizeof *dc);
	kept = xcalloc((size_t)n, sizeof *kept);
	for (int i = 0; i < n; i++)
		if (persons[i] != NULL || phones[i] != NULL)
			dc[nc++] = (struct district_contact){ names[i], persons[i], phones[i] };
	if (rc == EXIT_OK && nc > 0)
		rc = roster_contacts_keep(c, dc, nc, kept);
	for (int i = 0; i < n; i++) {
		free(names[i]);
		free(persons[i]);
		free(phones[i]);
		free(kept[i]);
	}
	free(names);
	free(persons);
	free(phones);
	free(kept);
	free(dc);
	return rc;
}

/* tianbiao roster [add NAME...|remove NAME...|move NAME POS|import FILE|alias NAME UNIT|
 *                  contact UNIT PERSON [PHONE]] */
static int cmd_roster(struct cli *c, int argc, char **argv)
{
	char *cause = NULL;
	const char *sub = argc > 0 ? argv[0] : NULL;

	if (sub == NULL)
		return roster_list(c);
	if (strcmp(sub, "add") == 0) {
		if (argc < 2)
			return cli_usage_error("roster add 需要至少一个单位名称。");
		return roster_add(c, argv + 1, argc - 1);
	}
	if (strcmp(sub, "remove") == 0) {
		if (argc < 2)
			return cli_usage_error("roster remove 需要至少一个单位名称。");
		if (district_roster_remove(c->store, cli_year(c), argv + 1, argc - 1, &cause) != 0)
			return fail(cause);
		printf("已从名单删去 %d 个单位；它们已报的表仍保存在数据库里。\n", argc - 1);
		return EXIT_OK;
	}
	if (strcmp(sub, "move") == 0) {
		char *end;
		long pos;

		if (argc != 3)
			return cli_usage_error("roster move 需要单位名称和位置，例如 roster move 甲镇 1。");
		pos = strtol(argv[2], &end, 10);
		if (*end != '\0' || end == argv[2] || pos < 1 || pos > 1000000)
			return cli_usage_error("roster move 的位置应是从 1 起的数字。");
		if (district_roster_move(c->store, cli_year(c), argv[1], (int)pos, &cause) != 0)
			return fail(cause);
		return roster_list(c);
	}
	if (strcmp(sub, "import") == 0) {
		if (argc != 2)
			return cli_usage_error("roster import 需要一个文件名。");
		return roster_import(c, argv[1]);
	}
	if (strcmp(sub, "alias") == 0) {
		struct district_applied *ap;
		int nap;

		if (argc != 3)
			return cli_usage_error("roster alias 需要两个名称：文件里的名称 名单上的单位，例如 "
					       "roster alias 大白庄镇 宝坻区大白庄镇人民政府。");
		if (district_alias(c->store, cli_year(c), argv[1], argv[2], c->forms, c->nforms, &ap,
				   &nap, &cause) != 0)
			return fail(cause);
		printf("已设别名：文件里的“%s”今后都算作“%s”。\n", argv[1], argv[2]);
		print_applied(ap, nap);
		return EXIT_OK;
	}
	if (strcmp(sub, "contact") == 0) {
		if (argc != 3 && argc != 4)
			return cli_usage_error("roster contact 需要单位、联系人和电话，例如 roster contact "
					       "甲镇 张三 13800000000（空着的一项写 \"\"）。");
		return roster_contact(c, argv[1], argv[2], argc == 4 ? argv[3] : NULL);
	}
	return cli_usage_error("roster 后面应是 add、remove、move、import、alias 或 contact。");
}

/* ---- import ------------------------------------------------------------------------------ */

/* Sort files by name, so that files and folders are imported in the same order every time. */
static int infile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct receive_file *)a)->path,
		      ((const struct receive_file *)b)->path);
}

/* Parse import's arguments into the files to read; -1 after saying what is wrong. */
static int import_args(int argc, char **argv, int *dry, struct receive_file **files, int *n,
		       int *skipped)
{
	int rc = 0;

	*dry = 0;
	for (int i = 0; i < argc; i++) {
		struct stat st;

		if (strcmp(argv[i], "--dry-run") == 0) {
			*dry = 1;
			continue;
		}
		if (stat(argv[i], &st) != 0) {
			cli_refuse("找不到 %s（%s）。请检查文件或文件夹的名称。", argv[i], strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			int before = *n;
			char *cause = NULL;

			if (receive_list(argv[i], files, n, skipped, &cause) != 0) {
				cli_refuse("%s", cause);
				free(cause);
				rc = -1;
			} else if (*n == before)
				printf("文件夹 %s 里没有 .csv 文件。\n", argv[i]);
		} else {
			const char *slash = strrchr(argv[i], '/');

			*files = xreallocarray(*files, (size_t)*n + 1, sizeof **files);
			(*files)[*n].path = xstrdup(argv[i]);
			(*files)[*n].name = (*files)[*n].path + (slash ? slash - argv[i] + 1 : 0);
			(*n)++;
		}
	}
	return rc;
}

/* tianbiao import [--dry-run] FILE|DIR... */
static int cmd_import(struct cli *c, int argc, char **argv)
{
	struct receive_file *files = NULL;
	int n = 0, skipped = 0, dry, count[DR_REFUSED + 1] = { 0 }, errors = 0, batch = 0;
	int year = cli_year(c), rc = EXIT_OK;
	char *cause = NULL;
	time_t started;
	/* The tests commit more often, so that a kill falls between batches too. */
	int batch_files = config_get()->import_batch > 0 ? config_get()->import_batch : BATCH_FILES;
	if (argc < 1)
		return cli_usage_error("import 需要文件或文件夹，例如 tianbiao import ~/填表收件。");
	if (import_args(argc, argv, &dry, &files, &n, &skipped) != 0)
		rc = EXIT_REFUSED;
	if (n == 0) {
		free(files);
		return rc != EXIT_OK ? rc : cli_usage_error("import 需要文件或文件夹。");
	}
	qsort(files, (size_t)n, sizeof *files, infile_cmp);
	if (district_import_begin(c->store, &cause) != 0)
		goto store_failed;
	started = time(NULL);
	for (int i = 0; i < n; i++) {
		struct district_outcome o;
		size_t len;
		const void *b = receive_map(files[i].path, &len, &cause);

		if (b == NULL) {
			printf("%s：没有读取（%s）\n", files[i].name, cause);
			free(cause);
			cause = NULL;
			errors++;
			continue;
		}
		if (district_import(c->store, year, files[i].name, b, len, c->forms, c->nforms, &o,
				    &cause) != 0) {
			printf("%s：没有导入（%s）\n", files[i].name, cause);
			free(cause);
			cause = NULL;
			errors++;
		} else {
			printf("%s：%s\n", files[i].name, o.line);
			count[o.result]++;
			district_outcome_free(&o);
		}
		receive_unmap(b, len);
		/* Durable in batches: one fsync per batch, not per file. */
		if (!dry && (++batch >= batch_files || time(NULL) - started >= BATCH_SECONDS) &&
		    i + 1 < n) {
			if (district_import_commit(c->store, &cause) != 0 ||
			    district_import_begin(c->store, &cause) != 0)
				goto store_failed;
			batch = 0;
			started = time(NULL);
		}
	}
	if (dry)
		district_import_rollback(c->store);
	else if (district_import_commit(c->store, &cause) != 0)
		goto store_failed;
	printf("共 %d 个文件：新收到 %d，已更新 %d，重复 %d，较旧 %d，有冲突 %d，不在名单中 %d，"
	       "拒收 %d", n, count[DR_NEW], count[DR_NEWER], count[DR_SAME], count[DR_OLDER],
	       count[DR_CONFLICT], count[DR_HELD], count[DR_REFUSED]);
	if (errors > 0)
		printf("，出错没有导入 %d", errors);
	printf("。\n");
	if (skipped > 0)
		printf("另有 %d 个 .txt 文件与同名 .csv 一起收到（那是给人看的文本），没有读取。\n", skipped);
	if (dry)
		printf("（试运行：以上都没有写入数据库。去掉 --dry-run 再运行一次即可导入。）\n");
	else {
		if (count[DR_CONFLICT] > 0)
			printf("下一步：有冲突的请用 tianbiao conflicts 比较，再用 tianbiao resolve 决定。\n");
		if (count[DR_HELD] > 0)
			printf("下一步：不在名单中的请用 tianbiao roster add 加入名单，或用 tianbiao roster "
			       "alias 设为别名。\n");
		if (count[DR_REFUSED] > 0)
			printf("拒收的文件请按上面说的原因请单位重新发送。\n");
		printf("用 tianbiao status 查看谁已报、谁未报。\n");
	}
	for (int i = 0; i < n; i++)
		free(files[i].path);
	free(files);
	return errors > 0 ? EXIT_REFUSED : rc;
store_failed:
	district_import_rollback(c->store);
	for (int i = 0; i < n; i++)
		free(files[i].path);
	free(files);
	cli_refuse("%s", cause);
	free(cause);
	cli_refuse("这一批文件都没有导入（已导入的批次不受影响）。请处理上面的问题后重新导入同一批"
		   "文件：已收到的会显示为重复，不会重复计算。");
	return EXIT_REFUSED;
}

/* ---- imports ----------------------------------------------------------------------------- */

/* tianbiao imports: every file received, oldest first, with what it meant. */
static int cmd_imports(struct cli *c, int argc, char **argv)
{
	struct district_receipt *r;
	char *cause = NULL;
	int n, count[DR_REFUSED + 1] = { 0 };

	(void)argv;
	if (argc > 0)
		return cli_usage_error("imports 不需要参数。");
	if (district_receipts(c->store, &r, &n, &cause) != 0)
		return fail(cause);
	if (n == 0) {
		printf("还没有收到过文件。用 tianbiao import 文件夹 导入单位发来的 .csv 文件。\n");
		return EXIT_OK;
	}
	for (int i = 0; i < n; i++) {
		printf("%.10s %.5s  %s（%ld 字节，%s，%s，SHA-256 %.12s…）\n    %s\n", r[i].received,
		       r[i].received + 11, r[i].name, r[i].size, r[i].encoding,
		       import_sep_name(r[i].sep), r[i].sha256, r[i].line);
		count[r[i].result]++;
	}
	printf("共收到 %d 个文件：新收到 %d，已更新 %d，重复 %d，较旧 %d，有冲突 %d，不在名单中 %d，"
	       "拒收 %d。\n", n, count[DR_NEW], count[DR_NEWER], count[DR_SAME], count[DR_OLDER],
	       count[DR_CONFLICT], count[DR_HELD], count[DR_REFUSED]);
	district_receipts_free(r, n);
	return EXIT_OK;
}

/* ---- status ------------------------------------------------------------------------------ */

/* A slot in a word for the grid: 未报 已报 有问题N 有冲突 被修改. */
static void slot_word(const struct district_slot *sl, char *out, size_t cap)
{
	if (sl->conflicts > 0)
		snprintf(out, cap, "%s", sl->edited == sl->conflicts ? "被修改" : "有冲突");
	else if (!sl->reported)
		snprintf(out, cap, "未报");
	else if (sl->nhard + sl->nsoft > 0)
		snprintf(out, cap, "有问题%d", sl->nhard + sl->nsoft);
	else
		snprintf(out, cap, "已报");
}

/* A slot in a sentence for the detailed list of one form. */
static void slot_sentence(const struct district_slot *sl, const char *unit, const char *form_id,
			  struct strbuf *sb)
{
	if (!sl->reported) {
		strbuf_adds(sb, "未报");
		return;
	}
	strbuf_addf(sb, "已报：修订 %ld", sl->revision);
	if (sl->received[0] != '\0')
		strbuf_addf(sb, "，%.5s %.5s 收到", sl->received + 5, sl->received + 11);
	else
		strbuf_adds(sb, "，区里录入");
	if (sl->conflicts > 0)
		strbuf_addf(sb, "；%s（tianbiao conflicts）", sl->edited == sl->conflicts
								    ? "导出后被修改过，有冲突"
								    : "有冲突");
	if (sl->nhard + sl->nsoft > 0)
		strbuf_addf(sb, "；有问题 %d 项（tianbiao problems %s %s）", sl->nhard + sl->nsoft,
			    unit, form_id);
}

/* The held files, under the status. */
static void print_held(struct cli *c)
{
	struct district_held *h;
	char *cause = NULL;
	int n;

	if (district_held_files(c->store, &h, &n, &cause) != 0) {
		fail(cause);
		return;
	}
	if (n > 0)
		printf("不在名单中（%d 个文件暂存，没有计入）：\n", n);
	for (int i = 0; i < n; i++) {
		const struct form *f = h[i].form_id ? cli_find_form(c, h[i].form_id) : NULL;

		printf("  “%s”的%s：%s\n", h[i].unit_name, f ? f->attachment : "表", h[i].file);
	}
	if (n > 0)
		printf("  用 tianbiao roster add 名称 加入名单，或 tianbiao roster alias 名称 名单上的单位 "
		       "设为别名；设好后自动导入。\n");
	district_held_free(h, n);
}

/* tianbiao status [FORM]: every roster unit × form, the counts, contacts, held files. */
static int cmd_status(struct cli *c, int argc, char **argv)
{
	struct form *one = NULL, **fs = c->forms;
	struct district_unit *u;
	struct contacts cs;
	char *cause = NULL, due[96];
	int n, nf = owed_forms(c), year = cli_year(c);

	if (argc > 1)
		return cli_usage_error("status 最多一个参数：表单编号。");
	if (argc == 1) {
		if ((one = cli_need_form(c, argv[0])) == NULL)
			return EXIT_REFUSED;
		if (one->reading)
			return cli_refuse("%s（%s）是参阅材料，各单位不用填报。", one->id,
					  one->attachment);
		fs = &one;
		nf = 1;
	}
	if (district_status(c->store, year, fs, nf, &u, &n, &cause) != 0)
		return fail(cause);
	if (n == 0) {
		district_units_free(u, n);
		printf("%d 年的应报单位名单还是空的，没有可显示的。请先用 tianbiao roster add 或 "
		       "tianbiao roster import 建立名单。\n", year);
		print_held(c);
		return EXIT_OK;
	}
	if (contacts_load(c, &cs, &cause) != 0) {
		district_units_free(u, n);
		return fail(cause);
	}
	if (one != NULL) {
		int got = 0;

		for (int i = 0; i < n; i++)
			got += u[i].slots[0].reported;
		due_words(one, due, sizeof due);
		printf("%s %s（%s）：已收到 %d/%d%s%s\n", one->attachment, one->name, one->id, got, n,
		       due[0] ? "，" : "", due);
		for (int i = 0; i < n; i++) {
			struct strbuf sb = STRBUF_INIT;
			char *who = contact_of(c, &cs, u[i].name);

			printf("%4d  ", u[i].pos);
			put_col(u[i].name, 20);
			slot_sentence(&u[i].slots[0], u[i].name, one->id, &sb);
			printf("  %s%s%s\n", strbuf_str(&sb), who ? "；联络员 " : "", who ? who : "");
			strbuf_free(&sb);
			free(who);
		}
	} else {
		printf("%d 年应报单位 %d 个\n%6s", year, n, "");
		put_col("单位", 20);
		for (int k = 0; k < nf; k++) {
			printf("  ");
			put_col(fs[k]->attachment, 8);
		}
		printf("  联络员\n");
		for (int i = 0; i < n; i++) {
			char *who = contact_of(c, &cs, u[i].name);

			printf("%4d  ", u[i].pos);
			put_col(u[i].name, 20);
			for (int k = 0; k < nf; k++) {
				char w[32];

				slot_word(&u[i].slots[k], w, sizeof w);
				printf("  ");
				put_col(w, 8);
			}
			printf("  %s\n", who ? who : "-");
			free(who);
		}
		for (int k = 0; k < nf; k++) {
			int got = 0, bad = 0, conf = 0;

			for (int i = 0; i < n; i++) {
				got += u[i].slots[k].reported;
				bad += u[i].slots[k].nhard + u[i].slots[k].nsoft > 0;
				conf += u[i].slots[k].conflicts > 0;
			}
			due_words(fs[k], due, sizeof due);
			printf("%s %s：已收到 %d/%d", fs[k]->attachment, fs[k]->name, got, n);
			if (conf > 0)
				printf("，%d 个有冲突", conf);
			if (bad > 0)
				printf("，%d 个有问题", bad);
			printf("%s%s\n", due[0] ? "，" : "", due);
		}
	}
	print_held(c);
	contacts_free(&cs);
	district_units_free(u, n);
	return EXIT_OK;
}

/* ---- problems ---------------------------------------------------------------------------- */

/* Print one unit's problems of one form; returns how many. */
static int print_problems(struct cli *c, const char *unit, const struct form *f, int heading)
{
	struct district_problem *p;
	char *cause = NULL;
	int n;

	if (district_problems(c->store, cli_year(c), unit, f->id, &p, &n, &cause) != 0) {
		fail(cause);
		return 0;
	}
	if (n > 0 && heading)
		printf("%s的%s（%s）：\n", unit, f->attachment, f->name);
	for (int i = 0; i < n; i++) {
		printf("  %s%s", p[i].level == 'h' ? "" : p[i].level == 's' ? "请核实：" :
			"注意：", p[i].message);
		if (p[i].found != NULL && p[i].level == 's')
			printf("（文件里是“%s”）", p[i].found);
		printf("\n");
	}
	district_problems_free(p, n);
	return n;
}

/* tianbiao problems [UNIT [FORM]]: what the checks found in the units' current copies. */
static int cmd_problems(struct cli *c, int argc, char **argv)
{
	struct district_member *m;
	char *cause = NULL;
	int n, total = 0;
	struct form *only = NULL;

	if (argc > 2)
		return cli_usage_error("problems 最多两个参数：单位 表单编号。");
	if (argc == 2 && (only = cli_need_form(c, argv[1])) == NULL)
		return EXIT_REFUSED;
	if (district_roster(c->store, cli_year(c), &m, &n, &cause) != 0)
		return fail(cause);
	for (int i = 0; i < n; i++) {
		if (argc >= 1) {
			char *u = NULL;

			if (district_unit_of(c->store, cli_year(c), argv[0], &u, &cause) != 0) {
				district_members_free(m, n);
				return fail(cause);
			}
			if (u == NULL || strcmp(u, m[i].name) != 0) {
				free(u);
				continue;
			}
			free(u);
		}
		for (int k = 0; k < c->nforms; k++)
			if (only == NULL || only == c->forms[k])
				total += print_problems(c, m[i].name, c->forms[k], 1);
	}
	district_members_free(m, n);
	if (total == 0)
		printf(argc >= 1 ? "“%s”的表没有发现问题。\n" : "各单位的表都没有发现问题。%s\n",
		       argc >= 1 ? argv[0] : "");
	return EXIT_OK;
}

/* ---- conflicts --------------------------------------------------------------------------- */

/* A value for the comparison: 空 for a blank, on one line; padded to cols unless 0. */
static void put_value(const char *v, int cols)
{
	char *one = xstrdup(v != NULL ? v : "（空）");

	for (char *p = one; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (cols > 0)
		put_col(one, cols);
	else
		fputs(one, stdout);
	free(one);
}

/* tianbiao conflicts: every held conflict, field by field. */
static int cmd_conflicts(struct cli *c, int argc, char **argv)
{
	struct district_conflict *k;
	char *cause = NULL;
	int n;

	(void)argv;
	if (argc > 0)
		return cli_usage_error("conflicts 不需要参数。");
	if (district_conflicts(c->store, cli_year(c), c->forms, c->nforms, &k, &n, &cause) != 0)
		return fail(cause);
	if (n == 0) {
		printf("没有待处理的冲突。\n");
		return EXIT_OK;
	}
	for (int i = 0; i < n; i++) {
		const struct form *f = k[i].form;
		struct import_diff *d;
		int nd = import_compare(k[i].cur, k[i].new_, &d);

		printf("%s%s的%s（%s）：%s\n", i ? "\n" : "", k[i].unit, f->attachment, f->name,
		       k[i].edited ? "同一提交编号、同一修订号，内容却不同（文件导出后被改过）"
				   : "收到了提交编号不同的两份（可能在两台电脑上填写，或重装过程序）");
		printf("  原有：修订 %ld，%s，%.10s 收到\n", k[i].cur_revision,
		       k[i].cur_file ? k[i].cur_file : "区里录入", k[i].cur_received);
		printf("  新的：修订 %ld，%s，%.10s 收到\n", k[i].new_revision,
		       k[i].new_file ? k[i].new_file : "-", k[i].new_received);
		printf("  ");
		put_col("不同之处", 36);
		printf("  ");
		put_col("原有", 18);
		printf("  新的\n");
		for (int j = 0; j < nd; j++) {
			char label[256];

			if (d[j].field < 0) {
				snprintf(label, sizeof label, "%s（行数）", f->groups[d[j].group].label);
				printf("  ");
				put_col(label, 36);
				printf("  %-18d  %d\n", d[j].na, d[j].nb);
				continue;
			}
			if (d[j].row >= 0)
				snprintf(label, sizeof label, "%s（第%d项）", f->fields[d[j].field].label,
					 d[j].row + 1);
			else
				snprintf(label, sizeof label, "%s", f->fields[d[j].field].label);
			printf("  ");
			put_col(label, 36);
			printf("  ");
			put_value(d[j].a, 18);
			printf("  ");
			put_value(d[j].b, 0);
			printf("\n");
		}
		if (nd == 0)
			printf("  （两份的内容完全相同，只是编号不同）\n");
		printf("  决定：tianbiao resolve %s %s keep-current（保留原有的）或 keep-new（改用新的）\n",
		       k[i].unit, f->id);
		free(d);
	}
	printf("\n共 %d 个冲突。有冲突的表在决定前不计入汇总。\n", n);
	district_conflicts_free(k, n);
	return EXIT_OK;
}

/* tianbiao resolve UNIT FORM keep-current|keep-new */
static int cmd_resolve(struct cli *c, int argc, char **argv)
{
	struct form *f;
	char *cause = NULL, *line = NULL;
	int keep_new;

	if (argc != 3 || (strcmp(argv[2], "keep-current") != 0 && strcmp(argv[2], "keep-new") != 0))
		return cli_usage_error("resolve 需要三个参数：单位 表单编号 keep-current|keep-new，例如 "
				       "tianbiao resolve 甲镇 stats keep-new。");
	if ((f = cli_need_form(c, argv[1])) == NULL)
		return EXIT_REFUSED;
	keep_new = strcmp(argv[2], "keep-new") == 0;
	if (district_resolve(c->store, cli_year(c), argv[0], f, keep_new, &line, &cause) != 0)
		return fail(cause);
	printf("%s已记入处理记录。\n", line);
	free(line);
	return EXIT_OK;
}

/* ---- remind ------------------------------------------------------------------------------ */

/* tianbiao remind [FORM] [-o FILE]: one message a line for every unit that has not reported. */
static int cmd_remind(struct cli *c, int argc, char **argv)
{
	struct form *one = NULL, **fs = c->forms;
	struct district_unit *u;
	struct district_held *h;
	struct contacts cs;
	struct strbuf text = STRBUF_INIT;
	const char *out = NULL;
	char *cause = NULL, *path, today[11];
	int n, nf = owed_forms(c), lines = 0, nheld;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (one == NULL && argv[i][0] != '-') {
			if ((one = cli_need_form(c, argv[i])) == NULL)
				return EXIT_REFUSED;
			if (one->reading)
				return cli_refuse("%s（%s）是参阅材料，各单位不用填报，不用催报。",
						  one->id, one->attachment);
		} else
			return cli_usage_error("remind 的参数：[表单编号] [-o 文件]。");
	}
	if (one != NULL) {
		fs = &one;
		nf = 1;
	}
	if (district_status(c->store, cli_year(c), fs, nf, &u, &n, &cause) != 0)
		return fail(cause);
	if (contacts_load(c, &cs, &cause) != 0) {
		district_units_free(u, n);
		return fail(cause);
	}
	strbuf_add(&text, "", 0);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < nf; k++) {
			char *who;

			if (u[i].slots[k].reported)
				continue;
			who = contact_of(c, &cs, u[i].name);
			check_today(today);
			remind_line(&text, u[i].name, who, fs[k], today);	/* remind.h */
			lines++;
			free(who);
		}
	fputs(strbuf_str(&text), stdout);
	if (district_held_files(c->store, &h, &nheld, &cause) == 0) {
		if (nheld > 0)
			printf("注意：还有 %d 个文件因单位名称不在名单中而暂存，其中可能有上面的单位发来的；"
			       "请先用 tianbiao status 查看并处理，免得催了已报的单位。\n", nheld);
		district_held_free(h, nheld);
	} else {
		free(cause);
		cause = NULL;
	}
	contacts_free(&cs);
	district_units_free(u, n);
	if (lines == 0) {
		printf(one != NULL ? "名单上的单位都已报送%s，不需要催报。\n"
				   : "名单上的单位都已报送全部表格，不需要催报。%s\n",
		       one != NULL ? one->attachment : "");
		strbuf_free(&text);
		return EXIT_OK;
	}
	check_today(today);
	if (out != NULL) {
		path = xstrdup(out);
	} else {
		char *dir = export_default_dir(), *base;

		if (fileio_mkdirs(dir, &cause) != 0) {
			free(dir);
			strbuf_free(&text);
			return fail(cause);
		}
		base = xasprintf("催报_%s_%.4s%.2s%.2s", one != NULL ? one->attachment : "全部",
				 today, today + 5, today + 8);
		path = fileio_free_name(dir, base, "txt", &cause);
		free(base);
		free(dir);
		if (path == NULL) {
			strbuf_free(&text);
			return fail(cause);
		}
	}
	if (fileio_write_atomic(path, text.buf, text.len, 0644, &cause) != 0) {
		free(path);
		strbuf_free(&text);
		return fail(cause);
	}
	printf("共 %d 条催报消息，已写入 %s（可复制到微信或短信；程序不会自动发送）。\n", lines, path);
	free(path);
	strbuf_free(&text);
	return EXIT_OK;
}

/* ---- get on a district database ------------------------------------------------------------- */

const char *cli_get_unit(struct cli *c, char **owned)
{
	char *cause = NULL, *u = NULL;
	int active = 0;

	*owned = NULL;
	if (c->unit == NULL || district_active(c->store, &active, &cause) != 0 || !active) {
		free(cause);
		return cli_unit_key(c);
	}
	if (district_unit_of(c->store, cli_year(c), c->unit, &u, &cause) != 0 || u == NULL) {
		free(cause);
		free(u);
		return cli_unit_key(c);
	}
	*owned = u;
	return u;
}

const struct cli_cmd cli_district_cmds[] = {
	{ "roster", CLI_STORE_RW,
	  "  tianbiao roster                     区里：本年度应报单位名单（按顺序，含别名）\n"
	  "  tianbiao roster add 名称...         在名单末尾加入单位\n"
	  "  tianbiao roster remove 名称... | move 名称 位置 | import 文件 | alias 文件里的名称 单位\n"
	  "  tianbiao roster contact 单位 联系人 [电话]   名单上记下单位的联系人（未报时催报用）\n",
	  cmd_roster },
	{ "import", CLI_STORE_RW,
	  "  tianbiao import [--dry-run] 文件|文件夹...   导入单位发来的 CSV 文件，逐个说明结果\n",
	  cmd_import },
	{ "imports", CLI_STORE_RO,
	  "  tianbiao imports                    收到的每个文件及其结果\n", cmd_imports },
	{ "status", CLI_STORE_RO,
	  "  tianbiao status [表单]              谁已报、谁未报（含联络员电话、剩余天数）\n",
	  cmd_status },
	{ "problems", CLI_STORE_RO,
	  "  tianbiao problems [单位 [表单]]     各单位的表里没有导入或需要核实的项\n",
	  cmd_problems },
	{ "conflicts", CLI_STORE_RO,
	  "  tianbiao conflicts                  待处理的冲突，逐项比较\n", cmd_conflicts },
	{ "resolve", CLI_STORE_RW,
	  "  tianbiao resolve 单位 表单 keep-current|keep-new   处理一个冲突（记入处理记录）\n",
	  cmd_resolve },
	{ "remind", CLI_STORE_RO,
	  "  tianbiao remind [表单] [-o 文件]     给未报单位的催报消息，并写成文本文件\n",
	  cmd_remind },
	{ NULL, CLI_NOTHING, NULL, NULL },
};
