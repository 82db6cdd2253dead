/*
 * cli.h - the command line: option parsing and the commands that need no screen.
 *
 *   tianbiao [--db FILE] [--forms DIR] [--unit NAME] [COMMAND ...]
 *
 * Commands come from the tables of the command files (cli_int.h; --help lists them).
 * With no command the screens open (ui/tui.h). Exit status: 0 done; 1 the input was
 * refused (the message says why, on stderr); 2 usage.
 */
#ifndef TB_CLI_H
#define TB_CLI_H

/* Run the whole program; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
