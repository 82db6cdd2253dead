/*
 * replay.c - run the fuzz target over files named on the command line, without
 * libFuzzer, so that `make check` replays the corpus under the sanitizers.
 * Prints "ok replay N files" when every file went through.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read a whole file; the target gets exactly its bytes. */
static int replay_one(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;

	if (fp == NULL) {
		printf("FAIL replay %s: cannot open\n", path);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	LLVMFuzzerTestOneInput((const uint8_t *)strbuf_str(&sb), sb.len);
	strbuf_free(&sb);
	return 0;
}

int main(int argc, char **argv)
{
	int n = 0, bad = 0;

	for (int i = 1; i < argc; i++) {
		if (replay_one(argv[i]) == 0)
			n++;
		else
			bad++;
	}
	if (bad == 0 && n > 0)
		printf("ok replay %d files\n", n);
	else if (n == 0)
		printf("FAIL replay: no files\n");
	return bad != 0 || n == 0;
}
