/*
 * cpurun.c - run one command and print the CPU time and peak memory the kernel
 * accounted to it: "USER_US SYS_US MAXRSS_KB STATUS" on stdout (or to -o FILE).
 *
 * run.sh uses it for the CPU per key: wait4() gives the child's own rusage, the
 * same figure as getrusage(RUSAGE_CHILDREN) around a single child, without
 * depending on python3 or perf being installed.
 *
 *   cpurun [-o FILE] CMD [ARG...]
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Microseconds in a timeval. */
static long long tv_us(struct timeval tv)
{
	return (long long)tv.tv_sec * 1000000 + tv.tv_usec;
}

int main(int argc, char **argv)
{
	const char *out_path = NULL;
	struct rusage ru;
	FILE *out = stdout;
	int status, argi = 1;
	pid_t pid;

	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		out_path = argv[2];
		argi = 3;
	}
	if (argi >= argc) {
		fprintf(stderr, "usage: cpurun [-o FILE] CMD [ARG...]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("cpurun: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[argi], argv + argi);
		perror("cpurun: exec");
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid) {
		perror("cpurun: wait4");
		return 2;
	}
	if (out_path != NULL && (out = fopen(out_path, "w")) == NULL) {
		perror("cpurun: output file");
		return 2;
	}
	fprintf(out, "%lld %lld %ld %d\n", tv_us(ru.ru_utime), tv_us(ru.ru_stime), ru.ru_maxrss,
		WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	if (out != stdout)
		fclose(out);
	return 0;
}
