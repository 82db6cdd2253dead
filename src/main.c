/* main.c - the program's entry point; everything is in cli/ and below. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
