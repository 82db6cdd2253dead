/* term.c - terminal setup, restore and signals for the screens (contract in ui.h). */
#include "ui.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static SCREEN *scr;
static FILE *scr_out, *scr_in;
static int started, no_display, colors;
static volatile sig_atomic_t got_signal;
/* stderr is sent to a temporary file while curses draws, then copied out. */
static int saved_stderr = -1;
static FILE *held_stderr;

/* A signal asks us to stop: remember it; the input function sees it. */
static void term_on_signal(int sig)
{
	got_signal = sig;
}

/* The input function stops at the next key once a signal arrived. */
int term_signal(void)
{
	return got_signal;
}

/* Script command "signal HUP" pretends a signal arrived (tests). */
void term_raise(int sig)
{
	got_signal = sig;
}

/* term_stop may be called from several places; only the first acts. */
int term_started(void)
{
	return started;
}

/* Tests draw into memory only. */
int term_no_display(void)
{
	return no_display;
}

/* Colours only where the terminal has them (vt100 gets attributes). */
int term_colors(void)
{
	return colors;
}

/* Both languages: the locale is broken, so Chinese may not show. */
static int term_refuse(const char *zh, const char *en)
{
	fprintf(stderr, "tianbiao: %s\ntianbiao: %s\n", zh, en);
	return 1;
}

/* Send stderr to a temporary file so nothing writes over the screen. */
static void term_hold_stderr(void)
{
	if (!isatty(2))
		return;
	held_stderr = tmpfile();
	if (held_stderr == NULL)
		return;
	fflush(stderr);
	saved_stderr = dup(2);
	if (saved_stderr < 0 || dup2(fileno(held_stderr), 2) < 0) {
		if (saved_stderr >= 0)
			close(saved_stderr);
		saved_stderr = -1;
		fclose(held_stderr);
		held_stderr = NULL;
	}
}

/* Put stderr back and copy out what was written meanwhile. */
static void term_release_stderr(void)
{
	char buf[4096];
	size_t n;

	if (saved_stderr < 0)
		return;
	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	saved_stderr = -1;
	rewind(held_stderr);
	while ((n = fread(buf, 1, sizeof(buf), held_stderr)) > 0)
		if (write(2, buf, n) < 0)
			break;
	fclose(held_stderr);
	held_stderr = NULL;
}

/* SIGHUP, SIGTERM and SIGINT only set a flag: saving happens in the main loop, safely. */
static void term_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = term_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a blocked read returns at once */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Key sequences that today's terminal emulators send whatever TERM says: with
 * TERM=vt100 (no F5..F12, Home, End, Delete in its terminfo) they would arrive as
 * Esc plus letters, and Esc means "back". Only sequences not defined yet are added. */
static void term_extra_keys(void)
{
	static const struct {
		const char *seq;
		int key;
	} keys[] = {
		{ "\033OP", KEY_F(1) },    { "\033OQ", KEY_F(2) },    { "\033OR", KEY_F(3) },
		{ "\033OS", KEY_F(4) },    { "\033[11~", KEY_F(1) },  { "\033[12~", KEY_F(2) },
		{ "\033[13~", KEY_F(3) },  { "\033[14~", KEY_F(4) },  { "\033[15~", KEY_F(5) },
		{ "\033[17~", KEY_F(6) },  { "\033[18~", KEY_F(7) },  { "\033[19~", KEY_F(8) },
		{ "\033[20~", KEY_F(9) },  { "\033[21~", KEY_F(10) }, { "\033[23~", KEY_F(11) },
		{ "\033[24~", KEY_F(12) }, { "\033[[A", KEY_F(1) },   { "\033[[B", KEY_F(2) },
		{ "\033[[C", KEY_F(3) },   { "\033[[D", KEY_F(4) },   { "\033[[E", KEY_F(5) },
		{ "\033[A", KEY_UP },      { "\033[B", KEY_DOWN },    { "\033[C", KEY_RIGHT },
		{ "\033[D", KEY_LEFT },    { "\033OA", KEY_UP },      { "\033OB", KEY_DOWN },
		{ "\033OC", KEY_RIGHT },   { "\033OD", KEY_LEFT },    { "\033[H", KEY_HOME },
		{ "\033OH", KEY_HOME },    { "\033[1~", KEY_HOME },   { "\033[7~", KEY_HOME },
		{ "\033[F", KEY_END },     { "\033OF", KEY_END },     { "\033[4~", KEY_END },
		{ "\033[8~", KEY_END },    { "\033[2~", KEY_IC },     { "\033[3~", KEY_DC },
		{ "\033[5~", KEY_PPAGE },  { "\033[6~", KEY_NPAGE },  { "\033[Z", KEY_BTAB },
		{ "\033[1;2A", KEY_SR },   { "\033[1;2B", KEY_SF },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (key_defined(keys[i].seq) == 0)
			define_key(keys[i].seq, keys[i].key);
}

/* Colour pairs: 1 error, 2 saved, 3 warning, 4 header, 5 key names. */
static void term_init_colors(void)
{
	if (!has_colors() || getenv("NO_COLOR") != NULL)
		return;
	if (start_color() != OK)
		return;
	use_default_colors();
	init_pair(1, COLOR_RED, -1);
	init_pair(2, COLOR_GREEN, -1);
	init_pair(3, COLOR_YELLOW, -1);
	init_pair(4, COLOR_WHITE, COLOR_BLUE);
	init_pair(5, COLOR_BLACK, COLOR_CYAN);
	colors = 1;
}

/* Refuse what cannot work (no UTF-8, the Linux console, no terminal) before touching the screen. */
int term_start(void)
{
	const char *cs, *term;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	if (cs == NULL || (strcmp(cs, "UTF-8") != 0 && strcmp(cs, "utf8") != 0))
		return term_refuse(
			"需要 UTF-8 语言环境才能显示汉字，请先设置，例如：export LANG=zh_CN.UTF-8",
			"a UTF-8 locale is needed, e.g. export LANG=zh_CN.UTF-8 (or C.UTF-8)");
	no_display = getenv("TIANBIAO_NO_DISPLAY") != NULL &&
		     strcmp(getenv("TIANBIAO_NO_DISPLAY"), "1") == 0;
	term = getenv("TERM");
	if (no_display) {
		if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
			term = "xterm-256color";
		scr_out = fopen("/dev/null", "w");	/* output nowhere; keys come from the script */
		scr_in = fopen("/dev/null", "r");	/* cppcheck-suppress incompatibleFileOpen */
		if (scr_out == NULL || scr_in == NULL)
			return term_refuse("无法打开 /dev/null", "cannot open /dev/null");
		scr = newterm(term, scr_out, scr_in);
	} else {
		/* the size comes from the terminal: exported LINES/COLUMNS would win over
		 * it and every resize would be ignored */
		unsetenv("LINES");
		unsetenv("COLUMNS");
		if (term == NULL || *term == '\0')
			return term_refuse("不知道终端类型（TERM 没有设置），无法显示填表界面",
					   "TERM is not set; the screens need a real terminal");
		if (strcmp(term, "dumb") == 0)
			return term_refuse(
				"这个终端（TERM=dumb）不能移动光标，无法显示填表界面。"
				"请在终端窗口里运行 tianbiao；命令行功能（tianbiao get、export）仍可使用。",
				"TERM=dumb cannot show the screens; run tianbiao in a terminal window");
		if (strncmp(term, "linux", 5) == 0 || strcmp(term, "con80x25") == 0)
			return term_refuse(
				"Linux 字符控制台不能显示汉字。请在图形桌面的终端窗口里运行 tianbiao"
				"（或在 fbterm、tmux 中运行）。"
				"命令行功能（tianbiao get、export）仍可使用。",
				"the Linux console cannot show Chinese; run tianbiao in a terminal "
				"window (or fbterm); the command line still works");
		if (!isatty(0) || !isatty(1))
			return term_refuse("填表界面需要在终端窗口中运行（标准输入输出不是终端）",
					   "the screens need a terminal (stdin/stdout: no tty)");
		scr = newterm(NULL, stdout, stdin);
	}
	if (scr == NULL)
		return term_refuse("无法使用这个终端类型，请换一个终端窗口（例如 xterm）",
				   "cannot use this terminal type (TERM)");
	set_term(scr);
	started = 1;
	if (!no_display)
		term_hold_stderr();
	term_signals();
	raw();
	noecho();
	keypad(stdscr, TRUE);
	term_extra_keys();
	set_escdelay(100);
	curs_set(1);
	leaveok(stdscr, FALSE);
	wtimeout(stdscr, 1000);
	term_init_colors();
	return 0;
}

/* The terminal is always given back, from every way out (also the fatal hook and atexit). */
void term_stop(void)
{
	if (!started)
		return;
	started = 0;
	if (!isendwin())
		endwin();
	delscreen(scr);
	scr = NULL;
	if (scr_out != NULL)
		fclose(scr_out);
	if (scr_in != NULL)
		fclose(scr_in);
	scr_out = scr_in = NULL;
	term_release_stderr();
}
