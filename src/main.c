/* main.c - the program's entry point; everything is in cli.c and below. */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
