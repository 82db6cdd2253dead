/*
 * term.c - terminal setup, restore and signals for the screens (contract in ui.h).
 *
 * Three ways out give the terminal back: term_stop (every normal way, the fatal
 * hook, atexit), the crash handler (SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL: it
 * restores the terminal with async-signal-safe calls only, prints what stderr held
 * and where the data is, then dies of the same signal), and a sanitizer's report
 * (its death callback does the same). Before curses starts, the terminal is asked
 * how wide it draws an ambiguous-width character (“): it prints one and asks for
 * the cursor position (CSI 6n), waiting at most PROBE_MS for the answer.
 */
#include "ui.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../core/config.h"

#if defined(__SANITIZE_ADDRESS__)
#define TB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TB_ASAN 1
#endif
#endif
#ifdef TB_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

#define PROBE_MS 300	/* how long a terminal may take to say where its cursor is */

static SCREEN *scr;
static FILE *scr_out, *scr_in;
static int started, no_display, colors, ambiguous_wide;
static volatile sig_atomic_t got_signal;
/* stderr is sent to a temporary file while curses draws, then copied out. */
static int saved_stderr = -1, held_fd = -1;
static FILE *held_stderr;
/* What the crash handler needs, prepared while it is safe to: the terminal's modes
 * before curses, the strings that leave curses' screen, and the message. */
static struct termios tty_modes;
static int have_tty_modes;
static char crash_reset[128];
static size_t crash_reset_len;
static char crash_note[1200];
static size_t crash_note_len;
static volatile sig_atomic_t crashing;
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
static struct sigaction crash_old[5];

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
		return;
	}
	held_fd = fileno(held_stderr);
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
	held_fd = -1;
	rewind(held_stderr);
	while ((n = fread(buf, 1, sizeof(buf), held_stderr)) > 0)
		if (write(2, buf, n) < 0)
			break;
	fclose(held_stderr);
	held_stderr = NULL;
}

/* write(2) all of it, as far as it goes: the crash handler may use nothing else. */
static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k <= 0) {
			if (k < 0 && errno == EINTR)
				continue;
			return;
		}
		p += k;
		n -= (size_t)k;
	}
}

/* The terminal back, what stderr held, and the message: async-signal-safe calls only
 * (write, read, lseek, tcsetattr), on data prepared by term_prepare_crash. */
static void term_crash_restore(void)
{
	char buf[1024];
	ssize_t n;
	int err = saved_stderr >= 0 ? saved_stderr : 2;

	if (crashing)
		return;
	crashing = 1;
	if (started && !no_display) {
		write_all(1, crash_reset, crash_reset_len);
		if (have_tty_modes)
			tcsetattr(0, TCSANOW, &tty_modes);
	}
	if (held_fd >= 0 && lseek(held_fd, 0, SEEK_SET) == 0)
		while ((n = read(held_fd, buf, sizeof(buf))) > 0)
			write_all(err, buf, (size_t)n);
	write_all(err, crash_note, crash_note_len);
	if (saved_stderr >= 0)	/* what is written after us (a sanitizer's report) is seen */
		dup2(saved_stderr, 2);
}

#ifdef TB_COVERAGE
/* A coverage build (--coverage -DTB_COVERAGE) writes the counts of a run that the
 * crash tests end on purpose before it dies. */
extern void __gcov_dump(void);
#endif

/* A crash: restore, then die of the same signal as without us (a core file, the
 * sanitizer's report, the shell's "Segmentation fault"). */
static void term_on_crash(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	term_crash_restore();
#ifdef TB_COVERAGE
	__gcov_dump();	/* not async-signal-safe: coverage builds only */
#endif
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(crash_signals[0]); i++)
		if (crash_signals[i] == sig)
			sigaction(sig, &crash_old[i], NULL);
	/* a fault happens again when the handler returns, now to the old action; a
	 * signal that was sent (kill, abort) is sent again */
	if (si == NULL || si->si_code <= 0 || sig == SIGABRT)
		raise(sig);
}

#ifdef TB_ASAN
/* The sanitizer ends the program without a signal: the same restore. */
static void term_on_sanitizer_death(void)
{
	term_crash_restore();
}
#endif

/* Everything the crash handler will write is made now, while malloc may be used. */
static void term_prepare_crash(const char *db_path)
{
	struct sigaction sa;
	int n;

	crash_reset_len = 0;
	if (started && !no_display) {
		const char *caps[] = { "sgr0", "cnorm", "rmcup" };

		for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
			const char *c = tigetstr(caps[i]);
			size_t len;

			if (c == NULL || c == (const char *)-1)
				continue;
			len = strlen(c);
			if (crash_reset_len + len < sizeof(crash_reset)) {
				memcpy(crash_reset + crash_reset_len, c, len);
				crash_reset_len += len;
			}
		}
		if (crash_reset_len + 2 < sizeof(crash_reset)) {
			memcpy(crash_reset + crash_reset_len, "\r\n", 2);
			crash_reset_len += 2;
		}
	}
	n = snprintf(crash_note, sizeof(crash_note),
		     "tianbiao: 程序出错，意外退出了（这是程序的问题，不是您操作的错）。\n"
		     "tianbiao: 已经保存的内容都在数据库里：%s\n"
		     "tianbiao: 重新打开 tianbiao 就能接着填写；请把上面的信息告诉负责的同事。\n",
		     db_path != NULL ? db_path : "（默认位置，见 F1 帮助）");
	crash_note_len = n < 0 ? 0 : (size_t)n >= sizeof(crash_note) ? sizeof(crash_note) - 1
								       : (size_t)n;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = term_on_crash;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(crash_signals[0]); i++)
		sigaction(crash_signals[i], &sa, &crash_old[i]);
#ifdef TB_ASAN
	__sanitizer_set_death_callback(term_on_sanitizer_death);
#endif
}

/* The crash handler is not needed once the terminal is back. */
static void term_forget_crash(void)
{
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(crash_signals[0]); i++)
		sigaction(crash_signals[i], &crash_old[i], NULL);
#ifdef TB_ASAN
	__sanitizer_set_death_callback(NULL);
#endif
}

/* Ask the terminal where its cursor is after printing “: column 3 (1-based) means it
 * draws ambiguous-width characters two columns wide. Bytes that are not the answer
 * (keys typed meanwhile) are kept for the input. Never waits more than PROBE_MS. */
static void term_probe_ambiguous(void)
{
	static const char ask[] = "\r\xe2\x80\x9c\033[6n", erase[] = "\r\033[K";
	struct termios t;
	unsigned char buf[256];
	size_t n = 0;
	struct timespec t0, t1;
	int row = 0, col = 0;

	if (!have_tty_modes)
		return;
	t = tty_modes;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(0, TCSANOW, &t) != 0)
		return;
	write_all(1, ask, sizeof(ask) - 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pfd = { 0, POLLIN, 0 };
		long left;
		ssize_t k;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = PROBE_MS - ((t1.tv_sec - t0.tv_sec) * 1000 +
				   (t1.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || n >= sizeof(buf) || poll(&pfd, 1, (int)left) <= 0)
			break;
		k = read(0, buf + n, sizeof(buf) - n);
		if (k <= 0)
			break;
		n += (size_t)k;
		if (memchr(buf, 'R', n) != NULL)
			break;
	}
	write_all(1, erase, sizeof(erase) - 1);
	tcsetattr(0, TCSANOW, &tty_modes);
	/* find ESC [ row ; col R; everything else was typed */
	for (size_t i = 0; i + 1 < n; i++) {
		size_t j = i + 2;
		int r = 0, c = 0;

		if (buf[i] != 033 || buf[i + 1] != '[')
			continue;
		while (j < n && buf[j] >= '0' && buf[j] <= '9')
			r = r * 10 + (buf[j++] - '0');
		if (j >= n || buf[j] != ';')
			continue;
		j++;
		while (j < n && buf[j] >= '0' && buf[j] <= '9')
			c = c * 10 + (buf[j++] - '0');
		if (j >= n || buf[j] != 'R')
			continue;
		row = r;
		col = c;
		input_unread(buf, i);
		input_unread(buf + j + 1, n - j - 1);
		n = 0;
		break;
	}
	if (n > 0)
		input_unread(buf, n);
	(void)row;
	ambiguous_wide = col == 3;
}

/* The screens lay out for what the terminal was measured to do. */
int term_ambiguous_wide(void)
{
	return ambiguous_wide;
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
	if (!has_colors() || config_get()->no_color)
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
int term_start(const char *db_path)
{
	const char *cs, *term;

	setlocale(LC_ALL, "");
	/* No locale asked for at all (a root login on a fresh system): C.UTF-8 where it
	 * exists, while a locale that was chosen is never second-guessed. */
	if (!config_get()->locale_set && setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "C.utf8");
	cs = nl_langinfo(CODESET);
	if (cs == NULL || (strcmp(cs, "UTF-8") != 0 && strcmp(cs, "utf8") != 0))
		return term_refuse(
			"需要 UTF-8 语言环境才能显示汉字，请先设置，例如：export LANG=zh_CN.UTF-8",
			"a UTF-8 locale is needed, e.g. export LANG=zh_CN.UTF-8 (or C.UTF-8)");
	no_display = config_get()->no_display;
	term = config_get()->term;
	if (no_display) {
		if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
			term = "xterm-256color";
		scr_out = fopen("/dev/null", "w");	/* output nowhere; keys from the script */
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
				"TERM=dumb cannot show the screens; run tianbiao in a terminal");
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
		have_tty_modes = tcgetattr(0, &tty_modes) == 0;
		term_probe_ambiguous();
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
	term_prepare_crash(db_path);
	return 0;
}

/* The terminal is always given back, from every way out (also the fatal hook and atexit). */
void term_stop(void)
{
	if (!started)
		return;
	term_forget_crash();
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
