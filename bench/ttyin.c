/*
 * ttyin.c - a preload library (LD_PRELOAD) that puts the controlling terminal on
 * standard input before main() runs.
 *
 * hyperfine 1.15 starts every command with stdin on /dev/null, and tianbiao's
 * screens refuse to start unless stdin and stdout are terminals. run.sh preloads
 * this into both programs it times in the tmux pane (tianbiao and the floor), so
 * both are measured the same way, and it measures the library's own cost on an
 * empty program so that it can be subtracted.
 */
#include <fcntl.h>
#include <unistd.h>

static void ttyin_reopen(void) __attribute__((constructor));

/* Replace stdin with /dev/tty when there is a controlling terminal; else leave it. */
static void ttyin_reopen(void)
{
	int fd;

	if (isatty(0))
		return;
	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return;
	dup2(fd, 0);	/* dup2 clears FD_CLOEXEC on the copy */
	close(fd);
}
