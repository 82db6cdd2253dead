/*
 * input.c - the one input function: keys from the keyboard, or from a key script
 * (TIANBIAO_SCRIPT, syntax in docs/testing.md), and the screen dump.
 *
 * Both paths go through the same UTF-8 decoder and the same clock rules, so a
 * scripted test runs the very code the keyboard drives. The terminal's bytes are
 * read one at a time (wgetch) and decoded here, not by ncurses' wget_wch, which
 * after an invalid byte swallows every key until a pause: a byte that cannot start
 * or continue a character is dropped at once (EV_BADBYTES) and the next one is
 * read afresh.
 *
 * The clock: EV_IDLE comes after a second without a key; EV_TICK comes TICK_MS
 * after the first key since the last save while keys keep coming, so what is typed
 * is saved within a second even by someone who never pauses. The keyboard uses the
 * real clock; a script has its own, moved only by `wait` and `idle`, so that what
 * a script does never depends on the machine's speed.
 */
#include "ui.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/config.h"
#include "../core/fileio.h"
#include "../core/text.h"

#define IDLE_MS 1000	/* no key for this long: EV_IDLE */
#define TICK_MS 800	/* keys typed this long ago are saved even while typing goes on */
#define PARTIAL_MS 100	/* a character's bytes arrive together: a part alone is dropped */
#define SCRIPT_MAX 512	/* characters or keys on one script line */

static char *script;		/* whole script text, or NULL when reading the keyboard */
static size_t spos, slen;
static int sline;
static double vclock;		/* the script's clock, in ms */

/* Raw input not decoded yet: bytes 0..255 and KEY_* codes, as wgetch gives them. */
static int rawq[SCRIPT_MAX * 4 + 16];
static int rhead, rlen;

/* Decoded events waiting to be handed out. */
static struct ui_event outq[16];
static int ohead, olen;

/* The UTF-8 decoder's partial character. */
static unsigned char part[4];
static int have, need;
static double part_since;

static double last_activity;	/* the last key, or the last EV_IDLE */
static double first_unsaved = -1;	/* the first key since the last save, or -1 */
static int fast_errors;		/* read errors in a row: the terminal has gone */

/* Elapsed time tells a timeout from a terminal that has gone away. */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The clock the idle rules use: real for the keyboard, the script's own otherwise. */
static double clock_ms(void)
{
	return script != NULL ? vclock : now_ms();
}

/* Read TIANBIAO_SCRIPT when set. */
int input_init(char **cause)
{
	const char *path = config_get()->script;
	size_t len;

	rhead = rlen = ohead = olen = have = need = 0;
	first_unsaved = -1;
	if (path != NULL && *path != '\0') {
		if (fileio_read(path, &script, &len, cause) != 0)
			return -1;
		slen = len;
		spos = 0;
		sline = 0;
		vclock = 0;
	}
	last_activity = clock_ms();
	return 0;
}

/* The script text is released with the screens. */
void input_free(void)
{
	free(script);
	script = NULL;
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

/* A decoded event for input_next; bad bytes in a row make one event. */
static void out_push(enum ev_kind k, wint_t ch)
{
	if (k == EV_BADBYTES && olen > 0 && outq[(ohead + olen - 1) % 16].kind == EV_BADBYTES) {
		outq[(ohead + olen - 1) % 16].ch += ch;
		return;
	}
	if (olen < 16) {
		outq[(ohead + olen) % 16].kind = k;
		outq[(ohead + olen) % 16].ch = ch;
		olen++;
	}
}

/* A partial character that will not be completed is dropped. */
static void dec_flush(void)
{
	if (have > 0)
		out_push(EV_BADBYTES, (wint_t)have);
	have = need = 0;
}

/* One byte or key into the decoder; events come out in outq. */
static void dec_feed(int c)
{
	unsigned char b;

	if (c > 255 || c < 0) {	/* a key sequence ncurses recognised */
		dec_flush();
		out_push(c == KEY_RESIZE ? EV_RESIZE : EV_KEY, (wint_t)c);
		return;
	}
	b = (unsigned char)c;
	if (have > 0) {
		if (text_seq_next_ok(part[0], (size_t)have, b)) {
			part[have++] = b;
			if (have == need) {
				uint32_t cp;

				text_decode((const char *)part, (size_t)have, &cp);
				out_push(EV_CHAR, (wint_t)cp);
				have = need = 0;
			}
			return;
		}
		dec_flush();	/* b is looked at again as the start of a character */
	}
	if (b < 0x80) {
		out_push(EV_CHAR, b);
		return;
	}
	need = (int)text_seq_len(b);
	if (need == 0) {
		out_push(EV_BADBYTES, 1);
		return;
	}
	part[0] = b;
	have = 1;
	part_since = clock_ms();
}

/* Raw input for the decoder, from a script line or bytes read before the screens. */
static int raw_push(int c)
{
	if (rlen >= (int)(sizeof(rawq) / sizeof(rawq[0])))
		return -1;
	rawq[(rhead + rlen) % (int)(sizeof(rawq) / sizeof(rawq[0]))] = c;
	rlen++;
	return 0;
}

/* The oldest raw input. */
static int raw_pop(void)
{
	int c = rawq[rhead];

	rhead = (rhead + 1) % (int)(sizeof(rawq) / sizeof(rawq[0]));
	rlen--;
	return c;
}

/* Bytes typed ahead while the terminal was being measured are not lost. */
void input_unread(const unsigned char *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (raw_push(bytes[i]) != 0)
			break;
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

/* Queue the key named by word (Tab, F5, C-x, ...); -1 when unknown. */
static int queue_key(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (strcmp(word, key_names[i].name) == 0) {
			raw_push(key_names[i].key < 0 ? -key_names[i].key : key_names[i].key);
			return 0;
		}
	}
	if (word[0] == 'F' && word[1] >= '1' && word[1] <= '9' &&
	    strspn(word + 1, "0123456789") == strlen(word + 1)) {
		int n = atoi(word + 1);

		if (n >= 1 && n <= 12) {
			raw_push(KEY_F(n));
			return 0;
		}
	}
	if (word[0] == 'C' && word[1] == '-' && word[2] >= 'a' && word[2] <= 'z' &&
	    word[3] == '\0') {
		raw_push(word[2] & 0x1f);
		return 0;
	}
	return -1;
}

/* The script's dump command writes the screen (defined with the other output below). */
static int input_dump(const char *path, char **cause);

/* Stop the script with a message shown after the terminal is restored. */
static struct ui_event script_error(struct app *a, const char *what)
{
	struct ui_event e = { EV_QUIT, 0 };

	strbuf_addf(&a->later, "tianbiao: TIANBIAO_SCRIPT 第 %d 行：%s\n", sline, what);
	a->status = 2;
	free(script);
	script = xstrdup("");
	slen = spos = 0;
	rlen = 0;
	return e;
}

/* `type TEXT`: the text's bytes, as a terminal sends what an input method delivers. */
static int script_type(const char *s)
{
	size_t n = 0;

	for (const char *p = s; *p != '\0'; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;
	if (n > SCRIPT_MAX)
		return -1;
	for (; *s != '\0'; s++)
		raw_push((unsigned char)*s);
	return 0;
}

/* `bytes ff fe c3 28`: raw bytes from the terminal, valid UTF-8 or not. */
static int script_bytes(char *arg, char *msg, size_t msglen)
{
	char *save = NULL, *w, *end;
	int n = 0;

	for (w = strtok_r(arg, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
		long b = strtol(w, &end, 16);

		if (*end != '\0' || b < 0 || b > 255 || end == w) {
			snprintf(msg, msglen, "bytes 需要两位十六进制数，例如 bytes ff c3 28（不认识 %.20s）",
				 w);
			return -1;
		}
		if (++n > SCRIPT_MAX) {
			snprintf(msg, msglen, "这一行超过 %d 个字符或键，请分成几行", SCRIPT_MAX);
			return -1;
		}
		raw_push((int)b);
	}
	return 0;
}

/* Read script lines until one gives raw input or moves the clock (returns 1), or
 * gives an event of its own: a resize, a signal, an error, the end (0, *e set). */
static int script_fill(struct app *a, struct ui_event *e)
{
	e->kind = EV_QUIT;
	e->ch = 0;
	while (rlen == 0) {
		char *line, *nl, *arg, msg[200];
		size_t n;
		int bad = 0;

		if (spos >= slen) {	/* the end of the script: a partial character is dropped */
			dec_flush();
			return olen > 0;	/* the bad bytes first, then the end */
		}
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
		msg[0] = '\0';
		if (line[0] == '\0' || line[0] == '#') {
			/* a comment */
		} else if (strcmp(line, "type") == 0) {
			if (script_type(arg != NULL ? arg : "") != 0)
				snprintf(msg, sizeof(msg), "这一行超过 %d 个字符或键，请分成几行",
					 SCRIPT_MAX);
		} else if (strcmp(line, "key") == 0) {
			char *save = NULL, *w;
			int k = 0;

			for (w = strtok_r(arg != NULL ? arg : (char *)"", " ", &save); w != NULL;
			     w = strtok_r(NULL, " ", &save)) {
				if (++k > SCRIPT_MAX) {
					snprintf(msg, sizeof(msg),
						 "这一行超过 %d 个字符或键，请分成几行", SCRIPT_MAX);
					break;
				}
				if (queue_key(w) != 0) {
					snprintf(msg, sizeof(msg), "不认识的键名 %.40s", w);
					break;
				}
			}
		} else if (strcmp(line, "bytes") == 0) {
			script_bytes(arg != NULL ? arg : (char *)"", msg, sizeof(msg));
		} else if (strcmp(line, "idle") == 0) {
			dec_flush();
			vclock += IDLE_MS;	/* input_next sees the idle second */
			free(line);
			return 1;
		} else if (strcmp(line, "resize") == 0) {
			int w = 0, h = 0;

			if (arg == NULL || sscanf(arg, "%d %d", &w, &h) != 2 || w < 1 || h < 1 ||
			    w > 1000 || h > 1000) {
				snprintf(msg, sizeof(msg), "resize 需要宽和高，例如 resize 60 20");
			} else {
				resize_term(h, w);
				e->kind = EV_RESIZE;
				free(line);
				return 0;
			}
		} else if (strcmp(line, "dump") == 0) {
			char *cause = NULL;

			if (arg == NULL || *arg == '\0' || input_dump(arg, &cause) != 0)
				snprintf(msg, sizeof(msg), "%s",
					 cause != NULL ? cause : "dump 需要文件名");
			free(cause);
		} else if (strcmp(line, "signal") == 0) {
			int sig = arg == NULL ? 0 : strcmp(arg, "HUP") == 0 ? SIGHUP
				: strcmp(arg, "TERM") == 0 ? SIGTERM : 0;

			if (sig == 0) {
				snprintf(msg, sizeof(msg), "signal 只认 HUP 或 TERM");
			} else {
				term_raise(sig);
				free(line);
				return 0;
			}
		} else if (strcmp(line, "wait") == 0) {
			long ms = arg != NULL ? atol(arg) : 0;
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

			if (ms > 0) {
				nanosleep(&ts, NULL);
				vclock += (double)ms;
				dec_flush();
				free(line);
				return 1;	/* input_next looks at the clock */
			}
		} else {
			snprintf(msg, sizeof(msg), "不认识的命令 %.40s", line);
		}
		free(line);
		bad = msg[0] != '\0';
		if (bad) {	/* never a part of a line: all of it or nothing */
			*e = script_error(a, msg);
			return 0;
		}
	}
	return 1;
}

/* Wait up to timeout ms for the terminal; its byte or key goes to the decoder. */
static struct ui_event keyboard_fill(int timeout, int *got)
{
	struct ui_event e = { EV_QUIT, 0 };
	double t0 = now_ms();
	int c;

	*got = 0;
	if (rlen > 0) {		/* typed ahead before the screens started */
		dec_feed(raw_pop());
		*got = 1;
		return e;
	}
	errno = 0;
	wtimeout(stdscr, timeout);
	c = wgetch(stdscr);
	if (term_signal())
		return e;
	if (c == ERR) {
		/* A timeout takes its time; an immediate error again and again means the
		 * terminal is gone (hang-up without the signal): stop as for SIGHUP. */
		if (timeout >= 100 && now_ms() - t0 < timeout / 2.0 && errno != EINTR) {
			if (++fast_errors >= 20) {
				term_raise(SIGHUP);
				return e;
			}
		} else {
			fast_errors = 0;
		}
		return e;
	}
	fast_errors = 0;
	dec_feed(c);
	*got = 1;
	return e;
}

/* The one input function: keyboard or script, the clock's events, and a signal
 * always wins. */
struct ui_event input_next(struct app *a)
{
	struct ui_event e = { EV_QUIT, 0 };

	for (;;) {
		double now = clock_ms(), idle_at = last_activity + IDLE_MS, wake;
		int got;

		if (term_signal())
			return e;
		if (now >= idle_at) {
			dec_flush();
			if (olen == 0) {
				last_activity = now;
				first_unsaved = -1;
				e.kind = EV_IDLE;
				return e;
			}
		} else if (first_unsaved >= 0 && now >= first_unsaved + TICK_MS) {
			first_unsaved = -1;
			e.kind = EV_TICK;
			return e;
		}
		if (have > 0 && now >= part_since + PARTIAL_MS)
			dec_flush();
		if (olen > 0) {
			e = outq[ohead];
			ohead = (ohead + 1) % 16;
			olen--;
			if (e.kind == EV_CHAR || e.kind == EV_KEY) {
				last_activity = now;
				if (first_unsaved < 0)
					first_unsaved = now;
			}
			return e;
		}
		if (rlen > 0 && script != NULL) {
			dec_feed(raw_pop());
			continue;
		}
		if (script != NULL) {
			if (script_fill(a, &e) == 0)
				return e;
			continue;
		}
		wake = idle_at;
		if (first_unsaved >= 0 && first_unsaved + TICK_MS < wake)
			wake = first_unsaved + TICK_MS;
		if (have > 0 && part_since + PARTIAL_MS < wake)
			wake = part_since + PARTIAL_MS;
		e = keyboard_fill(wake - now > 0 ? (int)(wake - now) + 1 : 0, &got);
		if (term_signal())
			return e;
		(void)got;
	}
}

/* Work between frames yields to a key, a byte of one, or a signal; a script's lines wait
 * for the work to end, so that what a script sees never depends on the machine's speed. */
int input_pending(void)
{
	int c;

	if (term_signal())
		return 1;
	if (script != NULL)
		return 0;
	if (olen > 0 || rlen > 0 || have > 0)
		return 1;
	wtimeout(stdscr, 0);
	c = wgetch(stdscr);
	if (c == ERR)
		return term_signal() != 0;
	dec_feed(c);
	return 1;
}

/* The screen as the terminal shows it (read from curscr), for tests to compare: the text
 * with trailing blanks trimmed, and a last line "cursor Y,X". */
static int input_dump(const char *path, char **cause)
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
