/* main.c - the program's entry point; everything is in cli/ and below. */
#include "cli/cli.h"
#include "core/config.h"

int main(int argc, char **argv)
{
	config_load();	/* the environment, read once for every layer */
	return cli_main(argc, argv);
}
