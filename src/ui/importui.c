/*
 * importui.c - 导入, importing a folder of units' files from the screens (contract in
 * ui.h and district.h).
 *
 * The folder is the inbox (receive.h: ~/填表收件, created the first time this page
 * opens) or one the district types (F3), or a single file. Enter imports its files in
 * name order, each through district_import (a savepoint of its own: all of it or nothing),
 * a slice at a time between frames (screen_ops.work), so the screen shows each file's
 * outcome as it goes, with a progress count, and keys are answered at once: Esc stops
 * after the file under way, the arrows scroll. The files go in batches (500 files or one
 * second) per transaction, so a large folder does not cost one fsync a file; a kill in
 * the middle loses at most the batch under way, which the next import brings in (the
 * files stay in the folder, and what was imported shows as 重复，无变化).
 *
 * TIANBIAO_IMPORT_PACE_MS=N (tests only) waits N ms after each file and draws a frame, so
 * that a test on a real terminal can watch an import in the middle, press keys and kill it.
 */
#include "district.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/config.h"
#include "../core/fileio.h"
#include "../core/receive.h"
#include "../core/text.h"

#define SLICE_MS 60		/* work between two frames */
#define BATCH_FILES 500		/* files in one transaction */
#define BATCH_MS 1000

/* One file's outcome as shown. */
struct iline {
	char *name;
	char *line;		/* the outcome's sentence, or why it was not read */
	int result;		/* enum district_result, or -1 for a file not read */
	int nhard;		/* values of a copy taken that were not (hard problems) */
};

struct importpage {
	char *dir;		/* the folder (or the one file) */
	int single;		/* dir is a file */
	struct receive_file *files;
	int nfiles, skipped;
	int next;		/* the next file to import */
	int running, finished, stopped;
	int in_tx, batch;
	double batch_started;
	struct iline *lines;
	int nlines;
	int count[DR_REFUSED + 1], errors;
	int sel, follow;	/* the selected line; follow: the selection goes with the last */
	char *note;		/* said under the folder before an import */
	long pace_ms;		/* TIANBIAO_IMPORT_PACE_MS */
};

/* The last import's outcome lines, kept when the page closes, so that coming back to it
 * (after settling a conflict on 待处理, say) still shows what became of each file; given
 * back when the page opens on the same folder, freed when the program ends. */
static struct {
	char *dir;
	struct iline *lines;
	int nlines, next, sel, stopped, count[DR_REFUSED + 1], errors;
} kept;

/* Milliseconds of a steady clock, for slices and batches. */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The outcome lines of the last import. */
static void lines_free(struct importpage *ip)
{
	for (int i = 0; i < ip->nlines; i++) {
		free(ip->lines[i].name);
		free(ip->lines[i].line);
	}
	free(ip->lines);
	ip->lines = NULL;
	ip->nlines = 0;
}

/* Read the folder again: what is in it now. */
static void import_list(struct app *a, struct importpage *ip)
{
	char *cause = NULL;
	struct stat st;

	receive_files_free(ip->files, ip->nfiles);
	ip->files = NULL;
	ip->nfiles = ip->skipped = 0;
	ip->single = stat(ip->dir, &st) == 0 && S_ISREG(st.st_mode);
	if (ip->single) {
		const char *slash = strrchr(ip->dir, '/');

		ip->files = xcalloc(1, sizeof(*ip->files));
		ip->files[0].path = xstrdup(ip->dir);
		ip->files[0].name = ip->files[0].path + (slash != NULL ? slash - ip->dir + 1 : 0);
		ip->nfiles = 1;
		return;
	}
	if (receive_list(ip->dir, &ip->files, &ip->nfiles, &ip->skipped, &cause) != 0)
		dist_failed(a, cause);
}

/* Add one line and keep the last in view while the import runs. */
static void line_add(struct importpage *ip, const char *name, char *line, int result)
{
	ip->lines = xreallocarray(ip->lines, (size_t)ip->nlines + 1, sizeof(*ip->lines));
	ip->lines[ip->nlines].name = xstrdup(name);
	ip->lines[ip->nlines].line = line;
	ip->lines[ip->nlines].result = result;
	ip->lines[ip->nlines].nhard = 0;
	ip->nlines++;
	if (ip->follow)
		ip->sel = ip->nlines - 1;
}

/* The batch becomes durable; a failure loses the batch, which the next import brings in. */
static int import_commit(struct app *a, struct importpage *ip)
{
	char *cause = NULL;

	if (!ip->in_tx)
		return 0;
	ip->in_tx = 0;
	if (district_import_commit(a->args->store, &cause) != 0) {
		district_import_rollback(a->args->store);
		ui_msg(a, MSG_ERROR, "%s。最近这一批文件没有导入，请处理后重新导入同一个文件夹"
				     "（已导入的会显示为重复，不会重复计算）",
		       cause != NULL ? cause : "数据库出错");
		a->msg_sticky = 1;
		free(cause);
		ip->running = 0;
		ip->stopped = 1;
		return -1;
	}
	return 0;
}

/* One file: read, filed, its line added. */
static void import_one(struct app *a, struct importpage *ip, const struct receive_file *f)
{
	struct district_outcome o;
	char *cause = NULL;
	size_t len;
	const void *b = receive_map(f->path, &len, &cause);

	if (b == NULL) {
		line_add(ip, f->name, xasprintf("没有读取：%s", cause), -1);
		free(cause);
		ip->errors++;
		return;
	}
	if (district_import(a->args->store, dist_year(a), f->name, b, len, a->forms, a->nforms, &o,
			    &cause) != 0) {
		line_add(ip, f->name, xasprintf("没有导入：%s", cause != NULL ? cause : "数据库出错"),
			 -1);
		free(cause);
		ip->errors++;
	} else {
		line_add(ip, f->name, dist_screen_line(o.line), (int)o.result);
		ip->lines[ip->nlines - 1].nhard = o.nhard;
		ip->count[o.result]++;
		district_outcome_free(&o);
	}
	receive_unmap(b, len);
}

/* What to do next, once the folder is done. */
static void import_finished(struct app *a, struct importpage *ip)
{
	struct strbuf sb = STRBUF_INIT;

	ip->running = 0;
	ip->finished = 1;
	if (ip->count[DR_CONFLICT] + ip->count[DR_HELD] > 0)
		strbuf_adds(&sb, "有冲突或不在名单中的，按 3 处理；");
	if (ip->count[DR_REFUSED] + ip->errors > 0)
		strbuf_adds(&sb, "拒收的请按原因请单位重新发送；");
	strbuf_adds(&sb, "按 1 看谁已报、谁未报");
	ui_msg(a, ip->count[DR_REFUSED] + ip->errors > 0 ? MSG_WARN : MSG_OK, "导入完成。%s",
	       strbuf_str(&sb));
	a->msg_sticky = 1;
	strbuf_free(&sb);
}

/* A slice of the import between two frames; batches are committed as they fill. */
static int import_work(struct app *a, void *st)
{
	struct importpage *ip = st;
	double t0 = now_ms();
	char *cause = NULL;

	if (!ip->running)
		return 0;
	if (!ip->in_tx) {
		if (district_import_begin(a->args->store, &cause) != 0) {
			dist_failed(a, cause);
			ip->running = 0;
			ip->stopped = 1;
			return 1;
		}
		ip->in_tx = 1;
		ip->batch = 0;
		ip->batch_started = t0;
	}
	while (ip->next < ip->nfiles && (now_ms() - t0 < SLICE_MS || ip->batch == 0)) {
		import_one(a, ip, &ip->files[ip->next++]);
		ip->batch++;
		if (ip->pace_ms > 0) {
			struct timespec ts = { ip->pace_ms / 1000, ip->pace_ms % 1000 * 1000000L };

			nanosleep(&ts, NULL);
			break;
		}
	}
	if (ip->next >= ip->nfiles || ip->batch >= BATCH_FILES ||
	    now_ms() - ip->batch_started >= BATCH_MS) {
		if (import_commit(a, ip) != 0)
			return 1;
	}
	if (ip->next >= ip->nfiles)
		import_finished(a, ip);
	return 1;
}

/* Start (or go on after Esc): the folder is read again when starting afresh. */
static void import_start(struct app *a, struct importpage *ip)
{
	if (!ip->stopped) {
		import_list(a, ip);
		lines_free(ip);
		memset(ip->count, 0, sizeof(ip->count));
		ip->errors = 0;
		ip->next = 0;
		ip->sel = 0;
	}
	if (ip->nfiles == 0) {
		ui_msg(a, MSG_INFO, "这个文件夹里没有可以导入的文件：请把各单位发来的 .csv 文件保存到"
				    "这里，再按 Enter；或按 F3 换一个文件夹");
		return;
	}
	ip->stopped = 0;
	ip->finished = 0;
	ip->running = 1;
	ip->follow = 1;
	free(ip->note);
	ip->note = NULL;
}

/* The counts so far, in one sentence. */
static void import_counts(const struct importpage *ip, char *out, size_t cap)
{
	int len = snprintf(out, cap, "新收到 %d，已更新 %d，重复 %d，较旧 %d，有冲突 %d，不在名单中 %d，"
				     "拒收 %d", ip->count[DR_NEW], ip->count[DR_NEWER],
			   ip->count[DR_SAME], ip->count[DR_OLDER], ip->count[DR_CONFLICT],
			   ip->count[DR_HELD], ip->count[DR_REFUSED]);

	if (ip->errors > 0 && len > 0 && (size_t)len < cap)
		snprintf(out + len, cap - (size_t)len, "，没有读取 %d", ip->errors);
}

/* The words of an outcome and their colour. */
static const char *result_words(int r, enum ui_attr *at)
{
	switch (r) {
	case DR_NEW:
	case DR_NEWER:
		*at = UA_OK;
		break;
	case DR_SAME:
	case DR_OLDER:
		*at = UA_DIM;
		break;
	default:
		*at = UA_ERROR;
		break;
	}
	return r < 0 ? "没有读取" : district_result_words((enum district_result)r);
}

/* The state of the import on at most two rows; returns the rows used. */
static int state_lines(int y, const char *s, enum ui_attr at)
{
	char **w;
	int n = text_wrap_r(ui_rule(), s, COLS - 2, &w), i;

	for (i = 0; i < n && i < 2; i++)
		draw_str(stdscr, y + i, 1, w[i], COLS - 2, at);
	text_lines_free(w, n);
	return i;
}

/* The folder, the state, each file's outcome, the selected one's sentence. */
static void import_draw(struct app *a, void *st)
{
	struct importpage *ip = st;
	int y = dist_top(), last = LINES - 5, h, top, cy, cx = 1;
	char buf[1024], counts[512];
	static const struct keyhelp keys[] = {
		{ "Enter", "导入" }, { "F3", "换文件夹" }, { "Esc", "停止/返回" }, { "1-7", "换页" },
		{ "F1", "帮助" }, { "F10", "退出" },
	};

	erase();
	dist_draw_top(a, DP_IMPORT, NULL);
	snprintf(buf, sizeof(buf), "%s：%s", ip->single ? "文件" : "收件文件夹", ip->dir);
	draw_str(stdscr, y++, 1, buf, COLS - 2, UA_BOLD);
	import_counts(ip, counts, sizeof(counts));
	if (ip->running || ip->stopped) {
		snprintf(buf, sizeof(buf), "%s %d/%d：%s", ip->running ? "正在导入" : "已停止",
			 ip->next, ip->nfiles, counts);
		y += state_lines(y, buf, ip->running ? UA_BOLD : UA_WARN);
	} else if (ip->finished) {
		snprintf(buf, sizeof(buf), "导入完成，共 %d 个文件：%s", ip->nfiles, counts);
		y += state_lines(y, buf, UA_OK);
	} else if (ip->nfiles == 0) {
		draw_str(stdscr, y++, 1, "这里还没有可以导入的文件。", COLS - 2, UA_NORMAL);
	} else {
		int len = snprintf(buf, sizeof(buf), "里面有 %d 个文件", ip->nfiles);

		if (ip->skipped > 0 && len > 0)
			snprintf(buf + len, sizeof(buf) - (size_t)len,
				 "（另有 %d 个 .txt 与同名 .csv 一起收到，不用读取）", ip->skipped);
		strncat(buf, "。按 Enter 导入。", sizeof(buf) - strlen(buf) - 1);
		draw_str(stdscr, y++, 1, buf, COLS - 2, UA_NORMAL);
	}
	cy = y;
	if (ip->nlines == 0) {
		char **w;
		int nw;

		y++;
		nw = text_wrap_r(ui_rule(), ip->note != NULL ? ip->note
				: "把各单位发来的 .csv 文件（邮件附件、微信里收到的文件）都保存到这个文件夹，"
				  "不用改名，发重了也不要紧：同一份只算一次，改过的新版本替换旧的。按 Enter "
				  "导入；文件在别的文件夹时，按 F3 输入那个文件夹。",
			       COLS - 4, &w);
		for (int i = 0; i < nw && y < last; i++)
			draw_str(stdscr, y++, 2, w[i], COLS - 4, UA_NORMAL);
		text_lines_free(w, nw);
	}
	y++;
	h = last - y;
	if (h < 1)
		h = 1;
	top = ip->sel - h + 1 > 0 ? ip->sel - h + 1 : 0;
	for (int i = top; i < ip->nlines && i < top + h; i++, y++) {
		const struct iline *l = &ip->lines[i];
		enum ui_attr at;
		const char *words = result_words(l->result, &at);
		char more[64];
		int ww, nw;

		if (l->nhard > 0 && (l->result == DR_NEW || l->result == DR_NEWER)) {
			/* taken, but not all of it: said in the list, not only below */
			snprintf(more, sizeof(more), "%s，%d 项没导入", words, l->nhard);
			words = more;
			at = UA_WARN;
		}
		ww = draw_width(words);
		nw = COLS - 6 - ww;

		if (i == ip->sel) {
			draw_fill(stdscr, y, 1, COLS - 2, ' ', UA_SEL);
			at = UA_SEL;
			cy = y;
		}
		draw_str(stdscr, y, 1, i == ip->sel ? ">" : " ", 1, i == ip->sel ? UA_SEL : UA_NORMAL);
		draw_str(stdscr, y, 3, l->name, nw, i == ip->sel ? UA_SEL : UA_NORMAL);
		draw_str(stdscr, y, COLS - 2 - ww, words, ww, at);
	}
	if (ip->nlines > 0 && ip->sel < ip->nlines) {
		char **w;
		int nw = text_wrap_r(ui_rule(), ip->lines[ip->sel].line, COLS - 2, &w);

		for (int i = 0; i < nw && i < 3; i++)
			draw_str(stdscr, LINES - 5 + i, 1, w[i], COLS - 2, UA_NORMAL);
		text_lines_free(w, nw);
	}
	draw_message(a, ip->running ? "正在导入，按 Esc 停止（已导入的都保存好了）"
				    : "上下键看每个文件的结果");
	draw_keys(keys, (int)(sizeof(keys) / sizeof(keys[0])));
	move(cy, cx);
	wnoutrefresh(stdscr);
}

/* The answer to F3: another folder (or one file), ~ for the home folder. */
static void import_dir_answer(struct app *a, void *ctx, const struct ui_answer *ans)
{
	struct importpage *ip = ctx;
	char *path;
	struct stat st;

	if (ans->value != 1 || ans->text == NULL)
		return;
	path = str_trim(xstrdup(ans->text));
	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0') && config_get()->home != NULL) {
		char *full = xasprintf("%s%s", config_get()->home, path + 1);

		free(path);
		path = full;
	}
	if (path[0] == '\0' || stat(path, &st) != 0) {
		ui_msg(a, MSG_ERROR, "找不到“%s”（%s）。请检查文件夹的名称，再按 F3 重新输入", path,
		       path[0] == '\0' ? "没有输入" : strerror(errno));
		free(path);
		return;
	}
	free(ip->dir);
	ip->dir = path;
	ip->stopped = ip->finished = 0;
	lines_free(ip);
	import_list(a, ip);
	ui_msg(a, MSG_OK, "已换成%s：%s。按 Enter 导入", ip->single ? "这个文件" : "这个文件夹",
	       ip->dir);
}

/* Keys: start, stop, scroll, another folder, the page keys. */
static void import_key(struct app *a, void *st, const struct ui_event *e)
{
	struct importpage *ip = st;
	int k = ev_key(e);

	switch (k) {
	case KEY_UP:
		ip->follow = 0;
		if (ip->sel > 0)
			ip->sel--;
		return;
	case KEY_DOWN:
		if (ip->sel < ip->nlines - 1)
			ip->sel++;
		ip->follow = ip->sel == ip->nlines - 1;
		return;
	case KEY_PPAGE:
		ip->follow = 0;
		ip->sel = ip->sel > 10 ? ip->sel - 10 : 0;
		return;
	case KEY_NPAGE:
		ip->sel = ip->sel + 10 < ip->nlines ? ip->sel + 10 : (ip->nlines > 0 ? ip->nlines - 1 : 0);
		ip->follow = ip->sel == ip->nlines - 1;
		return;
	case KEY_HOME:
		ip->follow = 0;
		ip->sel = 0;
		return;
	case KEY_END:
		ip->sel = ip->nlines > 0 ? ip->nlines - 1 : 0;
		ip->follow = 1;
		return;
	case KEY_ENTER:
		if (ip->running)
			ui_msg(a, MSG_INFO, "正在导入，请稍等；要停止请按 Esc");
		else
			import_start(a, ip);
		return;
	case KEY_F(3):
		if (ip->running) {
			ui_msg(a, MSG_INFO, "正在导入，按 Esc 停止后再换文件夹");
			return;
		}
		ui_ask_line(a, "换一个文件夹",
			    "请输入放着各单位文件的文件夹（也可以是一个文件）的完整路径，"
			    "例如 /home/区安委会/桌面/收件：",
			    ip->dir, 200, FT_TEXT, import_dir_answer, ip);
		return;
	case UK_ESC:
		if (ip->running) {
			if (import_commit(a, ip) == 0) {
				ip->running = 0;
				ip->stopped = 1;
				ui_msg(a, MSG_WARN, "已停止：导入了 %d/%d 个文件，都已保存。按 Enter 接着导入"
						    "其余的", ip->next, ip->nfiles);
				a->msg_sticky = 1;
			}
			return;
		}
		dist_open(a, DP_INBOX);
		return;
	default:
		break;
	}
	if (ip->running && e->kind == EV_CHAR && e->ch >= '1' && e->ch <= '9') {
		ui_msg(a, MSG_INFO, "正在导入，按 Esc 停止后再换页面");
		return;
	}
	if (dist_page_key(a, e))
		return;		/* this page is gone */
	if (ev_printable(e))
		ui_msg(a, MSG_INFO, "按 Enter 导入；按 F3 换一个文件夹");
}

/* The inbox folder (made the first time) or args.init. */
static void *import_open(struct app *a, const struct screen_args *args)
{
	struct importpage *ip = xcalloc(1, sizeof(*ip));
	struct stat st;

	ip->follow = 1;
	ip->pace_ms = config_get()->import_pace_ms;
	ip->dir = args->init != NULL ? xstrdup(args->init) : receive_default_dir();
	if (args->init == NULL && stat(ip->dir, &st) != 0) {
		char *cause = NULL;

		if (fileio_mkdirs(ip->dir, &cause) == 0)
			ip->note = xstrdup("已建好这个收件文件夹。以后把各单位发来的 .csv 文件（邮件附件、"
					   "微信里收到的文件）都保存到这里，不用改名，发重了也不要紧。"
					   "放好后按 Enter 导入；文件在别的文件夹时，按 F3 输入那个文件夹。");
		else
			dist_failed(a, cause);
	}
	import_list(a, ip);
	if (kept.lines != NULL && strcmp(kept.dir, ip->dir) == 0) {
		ip->lines = kept.lines;
		ip->nlines = kept.nlines;
		ip->next = kept.next;
		ip->sel = kept.sel;
		ip->stopped = kept.stopped;
		ip->finished = !kept.stopped;
		memcpy(ip->count, kept.count, sizeof(ip->count));
		ip->errors = kept.errors;
		ip->follow = 0;
		kept.lines = NULL;
		kept.nlines = 0;
		free(ip->note);
		ip->note = NULL;
	}
	return ip;
}

/* Leaving (or quitting) in the middle keeps every file imported so far. */
static void import_close(struct app *a, void *st, int ending)
{
	struct importpage *ip = st;

	import_commit(a, ip);
	for (int i = 0; i < kept.nlines; i++) {
		free(kept.lines[i].name);
		free(kept.lines[i].line);
	}
	free(kept.lines);
	free(kept.dir);
	memset(&kept, 0, sizeof(kept));
	if (!ending && ip->nlines > 0) {
		kept.dir = xstrdup(ip->dir);
		kept.lines = ip->lines;
		kept.nlines = ip->nlines;
		kept.next = ip->next;
		kept.sel = ip->sel;
		kept.stopped = ip->running || ip->stopped;
		memcpy(kept.count, ip->count, sizeof(kept.count));
		kept.errors = ip->errors;
		ip->lines = NULL;
		ip->nlines = 0;
	}
	lines_free(ip);
	receive_files_free(ip->files, ip->nfiles);
	free(ip->dir);
	free(ip->note);
	free(ip);
}

const struct screen_ops import_screen = {
	.name = "import",
	.open = import_open,
	.draw = import_draw,
	.key = import_key,
	.close = import_close,
	.work = import_work,
};
