/* help.c - F1 on every screen (tui.c opens it): every key, where the data is kept and
 * where exports go (contract in ui.h). */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/export.h"
#include "../core/text.h"
#include "district.h"

/* Key, then what it does; a NULL key starts a heading, an empty key continues. */
static const char *const help_rows[][2] = {
	{ NULL, "在表单列表" },
	{ "上下键", "选择一张表" },
	{ "Enter", "打开这张表开始填写" },
	{ "上键", "在第一张表上再按上键，选中本单位的名称，按 Enter 修改" },
	{ "F5", "导出选中的表：文本文件（和纸质表一样）和 Excel/WPS 能打开的 CSV 文件" },
	{ "F6", "导出全部表" },
	{ "F7", "换一个活动年度（有往年的表时）：往年的表仍可以查看、修改和导出" },
	{ "F10、Ctrl-Q", "退出（填写的内容都已保存）" },
	{ NULL, "在填写界面" },
	{ "Tab、Enter、下键", "到下一项（离开时自动检查并保存）" },
	{ "Shift-Tab、上键", "到上一项" },
	{ "左右键、Home、End", "在一项里移动光标" },
	{ "Backspace、Delete", "删除光标前面、后面的字" },
	{ "Ctrl-A、Ctrl-E", "到这一行的开头、末尾（和 Home、End 一样）" },
	{ "Ctrl-K", "删除光标后面到行尾的字" },
	{ "Ctrl-U", "清空这一项" },
	{ "Ctrl-Z", "撤销这一项上一次的修改（已保存的也能撤销），可连按" },
	{ "空格", "选中或取消：是/否、单选（ ）、多选[ ]；左右键在选项间移动，"
		  "选项排成几行时上下键到上一行、下一行" },
	{ "打字", "在多选的“其他”上直接输入它的内容，就选中了“其他”；清空就不选" },
	{ "1 2 3… 或 是/否", "直接选中第几个选项，或以这个字开头的选项" },
	{ "F3", "从常用内容中选择（有常用内容的项目）" },
	{ "F4", "收起或展开“内容要求”等说明文字" },
	{ "PgUp、PgDn", "向上、向下翻页" },
	{ "F2", "问题列表：没填的必填项和可能有误的内容；Enter 转到那一项" },
	{ "F5", "导出这张表" },
	{ "Ctrl-S", "立即保存" },
	{ "Esc", "返回上一个界面" },
	{ "F10、Ctrl-Q、Ctrl-C", "退出（先保存）。Ctrl-C 会先问一下，连按两次就退出；"
				 "复制文字请用鼠标选中，再按 Ctrl-Shift-C" },
	{ NULL, "在长文字框里" },
	{ "Enter", "换行" },
	{ "上下键", "在行间移动；在第一行、最后一行时到上一项、下一项" },
	{ "Tab", "到下一项" },
	{ NULL, "在活动列表（重点活动）" },
	{ "Enter", "打开一项修改；在“（增加一项）”上按 Enter 增加" },
	{ "F7、Insert", "增加一项" },
	{ "Delete、F8", "删除选中的一项（会先问）" },
	{ "[ 、Shift-上键", "上移" },
	{ "] 、Shift-下键", "下移" },
	{ NULL, "保存" },
	{ "", "离开一项时，以及停止打字一秒后，内容自动存进数据库；关闭终端窗口也会先保存。" },
	{ "", "内容有误（例如数量里有字母）时不能保存：最下面一行会说明原因，"
	      "请改正后再离开这一项。" },
	{ "", "可能有误但也可能没错的内容（例如手机号位数不对）会保存，并列在问题列表里。" },
};

/* The district's pages (district.h): how to reach them on every database, the keys of
 * the pages once it is a district's. */
#define DISTRICT_ALWAYS 2
static const char *const district_rows[][2] = {
	{ NULL, "区里收表（区安委会办公室用）" },
	{ "F9", "在表单列表：打开区里收表、汇总、上报的页面（有名单或收到过文件时，一打开就是）" },
	{ "1 2 3 … 7", "换页：收件、导入、待处理、名单、汇总、催报、本单位的表" },
	{ "Enter", "收件：查看选中单位的表（只读）；未报的可以由区里代填" },
	{ "F7", "收件：代填选中单位的表（对方交来纸质表或 Word 表时）" },
	{ "F5、F6", "汇总：导出本表或全部表的汇总（和纸质表一样）和汇总表（各单位一行）" },
	{ "F7", "汇总：写出本区的上报表（和单位的表格式相同），把其中的 .csv 发给上级；"
		"页面上写着“已上报（时间，第几版）”，汇总变了就是“上报后又有变化”" },
	{ "Esc", "回到“收件”；导入时停止导入（已导入的都保存好了）" },
};

/* The help text as lines wrapped to width. */
static int help_lines(struct app *a, int width, char ***out)
{
	struct strbuf sb = STRBUF_INIT;
	char **lines = NULL;
	int n = 0, nrows = (int)(sizeof(help_rows) / sizeof(help_rows[0]));
	int ndist = dist_active(a) ? (int)(sizeof(district_rows) / sizeof(district_rows[0]))
				   : DISTRICT_ALWAYS;
	char *outbox;

	for (int i = 0; i < nrows + ndist; i++) {
		const char *key = i < nrows ? help_rows[i][0] : district_rows[i - nrows][0];
		const char *what = i < nrows ? help_rows[i][1] : district_rows[i - nrows][1];
		char **w;
		int nw, kw = 20;

		if (key == NULL) {
			lines = xreallocarray(lines, (size_t)n + 2, sizeof(*lines));
			if (n > 0)
				lines[n++] = xstrdup("");
			lines[n++] = xasprintf("\001%s", what);	/* \001: a heading */
			continue;
		}
		if (*key == '\0')
			kw = 2;
		nw = text_wrap_r(ui_rule(), what, width - kw - 2 > 10 ? width - kw - 2 : 10, &w);
		lines = xreallocarray(lines, (size_t)(n + nw + 1), sizeof(*lines));
		/* A key too wide for its column gets a line of its own, never glued to its text. */
		if (draw_width(key) > kw - 3) {
			lines[n++] = xasprintf("  %s", key);
			key = "";
		}
		for (int j = 0; j < nw; j++) {
			strbuf_reset(&sb);
			strbuf_adds(&sb, "  ");
			text_pad(&sb, j == 0 ? key : "", kw - 2);
			strbuf_adds(&sb, w[j]);
			lines[n++] = xstrdup(strbuf_str(&sb));
		}
		text_lines_free(w, nw);
	}
	outbox = a->args->outbox != NULL ? xstrdup(a->args->outbox) : export_default_dir();
	lines = xreallocarray(lines, (size_t)n + 5, sizeof(*lines));
	lines[n++] = xstrdup("");
	lines[n++] = xstrdup("\001文件");
	lines[n++] = xasprintf("  数据库：%s", a->args->db_path != NULL ? a->args->db_path : "");
	lines[n++] = xasprintf("  导出目录：%s", outbox);
	lines[n++] = xasprintf("  填报单位：%s", a->unit != NULL ? a->unit : "");
	free(outbox);
	strbuf_free(&sb);
	*out = lines;
	return n;
}

struct help {
	int top;	/* first line shown */
};

/* All keys on one scrollable page, plus where the data and exports are. */
static void help_draw(struct app *a, void *st)
{
	struct help *hp = st;
	int y0 = ui_content_top(), h = ui_content_rows(), width = COLS - 2, n;
	char **lines;
	static const struct keyhelp keys[] = {
		{ "Esc", "返回" }, { "上下键", "滚动" }, { "PgDn", "下页" }, { "F10", "退出" },
	};

	erase();
	draw_header("帮助：按键说明", "tianbiao " TB_VERSION);
	n = help_lines(a, width, &lines);
	if (hp->top > n - h)
		hp->top = n - h > 0 ? n - h : 0;
	for (int i = hp->top; i < n && i < hp->top + h; i++) {
		if (lines[i][0] == '\001')
			draw_str(stdscr, y0 + i - hp->top, 1, lines[i] + 1, width, UA_BOLD);
		else
			draw_str(stdscr, y0 + i - hp->top, 1, lines[i], width, UA_NORMAL);
	}
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	draw_message(a, "按 Esc 返回");
	draw_keys(keys, 4);
	move(y0, 1);
	wnoutrefresh(stdscr);
}

/* Scroll keys scroll; anything else goes back. */
static void help_key(struct app *a, void *st, const struct ui_event *e)
{
	struct help *hp = st;

	switch (ev_key(e)) {
	case KEY_UP:
		if (hp->top > 0)
			hp->top--;
		return;
	case KEY_DOWN:
		hp->top++;
		return;
	case KEY_PPAGE:
		hp->top -= ui_content_rows() - 1;
		if (hp->top < 0)
			hp->top = 0;
		return;
	case KEY_NPAGE:
	case UK_TAB:
		hp->top += ui_content_rows() - 1;
		return;
	case KEY_HOME:
		hp->top = 0;
		return;
	default:
		ui_close(a, NULL);
		return;
	}
}

/* The help opens at its top. */
static void *help_open(struct app *a, const struct screen_args *args)
{
	(void)a;
	(void)args;
	return xcalloc(1, sizeof(struct help));
}

/* Only the scroll position is held. */
static void help_close(struct app *a, void *st, int ending)
{
	(void)a;
	(void)ending;
	free(st);
}

const struct screen_ops help_screen = {
	.name = "help",
	.open = help_open,
	.draw = help_draw,
	.key = help_key,
	.close = help_close,
};
