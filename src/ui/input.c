/*
 * input.c - the one input function: keys from the keyboard, or from a key script
 * (TIANBIAO_SCRIPT, syntax in docs/testing.md), and the screen dump.
 *
 * Both paths produce the same events, so a scripted test runs the very code the
 * keyboard drives. A script ends the program when it runs out.
 */
#include "ui.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/fileio.h"
#include "../core/text.h"

static char *script;		/* whole script text, or NULL when reading the keyboard */
static size_t spos, slen;
static int sline;
static struct ui_event queue[512];	/* events of the current script line */
static int qhead, qlen;
static int fast_errors;		/* read errors in a row: the terminal has gone */

int input_init(char **cause)
{
	const char *path = getenv("TIANBIAO_SCRIPT");
	size_t len;

	if (path == NULL || *path == '\0')
		return 0;
	if (fileio_read(path, &script, &len, cause) != 0)
		return -1;
	slen = len;
	spos = 0;
	sline = 0;
	return 0;
}

/* The script text is released with the screens. */
void input_free(void)
{
	free(script);
	script = NULL;
}

/* Some behaviour (no real clock) differs only in where keys come from. */
int input_scripted(void)
{
	return script != NULL;
}

/* Terminals send Enter, Backspace, Home and End in several ways; the screens see one code each. */
int ev_key(const struct ui_event *e)
{
	if (e->kind == EV_KEY) {
		switch (e->ch) {
		case KEY_ENTER:
			return KEY_ENTER;
		case KEY_FIND:
			return KEY_HOME;
		case KEY_SELECT:
			return KEY_END;
		case KEY_A1:
			return KEY_HOME;
		case KEY_C1:
			return KEY_END;
		case KEY_A3:
			return KEY_PPAGE;
		case KEY_C3:
			return KEY_NPAGE;
		default:
			return (int)e->ch;
		}
	}
	if (e->kind != EV_CHAR)
		return 0;
	switch (e->ch) {
	case '\r':
	case '\n':
		return KEY_ENTER;
	case '\t':
		return UK_TAB;
	case 27:
		return UK_ESC;
	case 8:
	case 127:
		return KEY_BACKSPACE;
	default:
		if (e->ch < 32)
			return UK_CTRL(e->ch);
		return 0;
	}
}

/* Only printable characters may reach libform (control characters become garbage in the value). */
int ev_printable(const struct ui_event *e)
{
	return e->kind == EV_CHAR && e->ch >= 32 && e->ch != 127 && iswprint(e->ch) &&
	       wcwidth((wchar_t)e->ch) > 0;
}

static int qover;		/* the current script line had more events than the queue holds */

/* A `type` or `key` line becomes several events, handed out one at a time. */
static void queue_push(enum ev_kind k, wint_t ch)
{
	if (qlen < (int)(sizeof(queue) / sizeof(queue[0]))) {
		queue[(qhead + qlen) % 512].kind = k;
		queue[(qhead + qlen) % 512].ch = ch;
		qlen++;
	} else {
		qover = 1;
	}
}

static const struct {
	const char *name;
	int key;	/* KEY_* code, or -c for the character c */
} key_names[] = {
	{ "Tab", -'\t' },	{ "Enter", -'\r' },	{ "Esc", -27 },
	{ "Space", -' ' },	{ "BS", KEY_BACKSPACE },{ "Del", KEY_DC },
	{ "Ins", KEY_IC },	{ "Home", KEY_HOME },	{ "End", KEY_END },
	{ "Up", KEY_UP },	{ "Down", KEY_DOWN },	{ "Left", KEY_LEFT },
	{ "Right", KEY_RIGHT },	{ "PgUp", KEY_PPAGE },	{ "PgDn", KEY_NPAGE },
	{ "S-Tab", KEY_BTAB },	{ "S-Up", KEY_SR },	{ "S-Down", KEY_SF },
};

/* Queue the event named by word (Tab, F5, C-x, ...); -1 when unknown. */
static int queue_key(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (strcmp(word, key_names[i].name) == 0) {
			if (key_names[i].key < 0)
				queue_push(EV_CHAR, (wint_t)-key_names[i].key);
			else
				queue_push(EV_KEY, (wint_t)key_names[i].key);
			return 0;
		}
	}
	if (word[0] == 'F' && word[1] >= '1' && word[1] <= '9') {
		int n = atoi(word + 1);

		if (n >= 1 && n <= 12) {
			queue_push(EV_KEY, (wint_t)KEY_F(n));
			return 0;
		}
	}
	if (word[0] == 'C' && word[1] == '-' && word[2] >= 'a' && word[2] <= 'z' &&
	    word[3] == '\0') {
		queue_push(EV_CHAR, (wint_t)(word[2] & 0x1f));
		return 0;
	}
	return -1;
}

/* Stop the script with a message shown after the terminal is restored. */
static struct ui_event script_error(struct app *a, const char *what)
{
	struct ui_event e = { EV_QUIT, 0 };

	strbuf_addf(&a->later, "tianbiao: TIANBIAO_SCRIPT 第 %d 行：%s\n", sline, what);
	a->status = 2;
	free(script);
	script = xstrdup("");
	slen = spos = 0;
	return e;
}

/* Read script lines until one produces an event. */
static struct ui_event script_next(struct app *a)
{
	struct ui_event e = { EV_QUIT, 0 };

	while (qlen == 0) {
		char *line, *nl, *arg;
		size_t n;

		if (spos >= slen)
			return e;
		nl = memchr(script + spos, '\n', slen - spos);
		n = nl != NULL ? (size_t)(nl - (script + spos)) : slen - spos;
		line = xstrndup(script + spos, n);
		spos += n + (nl != NULL);
		sline++;
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		arg = strchr(line, ' ');
		if (arg != NULL)
			*arg++ = '\0';
		if (line[0] == '\0' || line[0] == '#') {
			free(line);
			continue;
		}
		if (strcmp(line, "type") == 0) {
			const char *s = arg != NULL ? arg : "";

			while (*s != '\0') {
				uint32_t cp;

				s += text_decode(s, strlen(s), &cp);
				queue_push(EV_CHAR, (wint_t)cp);
			}
		} else if (strcmp(line, "key") == 0) {
			char *save = NULL, *w;

			for (w = strtok_r(arg != NULL ? arg : (char *)"", " ", &save); w != NULL;
			     w = strtok_r(NULL, " ", &save)) {
				if (queue_key(w) != 0) {
					char msg[160];

					snprintf(msg, sizeof(msg), "不认识的键名 %.40s", w);
					free(line);
					return script_error(a, msg);
				}
			}
		} else if (strcmp(line, "idle") == 0) {
			free(line);
			e.kind = EV_IDLE;
			return e;
		} else if (strcmp(line, "resize") == 0) {
			int w = 0, h = 0;

			if (arg == NULL || sscanf(arg, "%d %d", &w, &h) != 2 || w < 1 || h < 1 ||
			    w > 1000 || h > 1000) {
				free(line);
				return script_error(a, "resize 需要宽和高，例如 resize 60 20");
			}
			free(line);
			resize_term(h, w);
			e.kind = EV_RESIZE;
			return e;
		} else if (strcmp(line, "dump") == 0) {
			char *cause = NULL;

			if (arg == NULL || *arg == '\0' || input_dump(arg, &cause) != 0) {
				struct ui_event r;

				r = script_error(a, cause != NULL ? cause : "dump 需要文件名");

				free(cause);
				free(line);
				return r;
			}
		} else if (strcmp(line, "signal") == 0) {
			int sig = arg == NULL ? 0 : strcmp(arg, "HUP") == 0 ? SIGHUP
				: strcmp(arg, "TERM") == 0 ? SIGTERM : 0;

			free(line);
			if (sig == 0)
				return script_error(a, "signal 只认 HUP 或 TERM");
			term_raise(sig);
			return e;
		} else if (strcmp(line, "wait") == 0) {
			long ms = arg != NULL ? atol(arg) : 0;
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

			if (ms > 0)
				nanosleep(&ts, NULL);
		} else {
			char msg[160];

			snprintf(msg, sizeof(msg), "不认识的命令 %.40s", line);
			free(line);
			return script_error(a, msg);
		}
		free(line);
		if (qover) {	/* never drop typed characters silently */
			qover = 0;
			qlen = 0;
			return script_error(a, "这一行超过 512 个字符或键，请分成几行");
		}
	}
	e = queue[qhead];
	qhead = (qhead + 1) % 512;
	qlen--;
	return e;
}

/* Elapsed time tells a timeout from a terminal that has gone away. */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* A key from the terminal; one second without a key gives EV_IDLE. */
static struct ui_event keyboard_next(void)
{
	struct ui_event e = { EV_QUIT, 0 };
	double t0 = now_ms();
	wint_t ch = 0;
	int r;

	errno = 0;
	r = wget_wch(stdscr, &ch);
	if (term_signal())
		return e;
	if (r == ERR) {
		/* A timeout takes a second; an immediate error again and again means the
		 * terminal is gone (hang-up without the signal): stop as for SIGHUP. */
		if (now_ms() - t0 < 500 && errno != EINTR) {
			if (++fast_errors >= 20) {
				term_raise(SIGHUP);
				return e;
			}
		} else {
			fast_errors = 0;
		}
		e.kind = EV_IDLE;
		return e;
	}
	fast_errors = 0;
	if (r == KEY_CODE_YES) {
		e.kind = ch == KEY_RESIZE ? EV_RESIZE : EV_KEY;
		e.ch = ch;
		return e;
	}
	e.kind = EV_CHAR;
	e.ch = ch;
	return e;
}

/* The one input function: keyboard or script, and a signal always wins. */
struct ui_event input_next(struct app *a)
{
	struct ui_event e;

	if (term_signal()) {
		e.kind = EV_QUIT;
		e.ch = 0;
		return e;
	}
	e = script != NULL ? script_next(a) : keyboard_next();
	if (term_signal())
		e.kind = EV_QUIT;
	return e;
}

/* The screen as the terminal shows it (read from curscr), for tests to compare. */
int input_dump(const char *path, char **cause)
{
	struct strbuf sb = STRBUF_INIT;
	int cy = getcury(curscr), cx = getcurx(curscr);
	int y, x, rc;

	for (y = 0; y < LINES; y++) {
		size_t keep;

		for (x = 0; x < COLS;) {
			cchar_t cc;
			wchar_t w[CCHARW_MAX + 1];
			attr_t at;
			short pair;
			int cw = 1;

			w[0] = L' ';
			w[1] = 0;
			if (mvwin_wch(curscr, y, x, &cc) != ERR &&
			    getcchar(&cc, w, &at, &pair, NULL) != ERR && w[0] != 0) {
				cw = wcwidth(w[0]);
				if (cw < 1)
					cw = 1;
			} else {
				w[0] = L' ';
				w[1] = 0;
			}
			for (int i = 0; i < CCHARW_MAX && w[i] != 0; i++) {
				char mb[8];

				strbuf_add(&sb, mb, text_encode((uint32_t)w[i], mb));
			}
			x += cw;
		}
		keep = sb.len;	/* trailing blanks of this row; the '\n' before stops it */
		while (keep > 0 && sb.buf[keep - 1] == ' ')
			keep--;
		sb.len = keep;
		strbuf_addc(&sb, '\n');
	}
	strbuf_addf(&sb, "cursor %d,%d\n", cy, cx);
	rc = fileio_write_atomic(path, sb.buf, sb.len, 0644, cause);
	strbuf_free(&sb);
	return rc;
}
