/* cli_io.c - "-" as a file name: scratch files between a command and its
 * standard input or output (the writers and readers take paths). */
#include "cli/cmd.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *cli_tmpdir(const char *what)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/certdesk-%s-XXXXXX", str_empty(tmp) ? "/tmp" : tmp, what);

	if (!mkdtemp(dir)) {
		fprintf(stderr, "certdesk: 无法创建临时目录 %s: %s\n", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

void cli_tmpdir_remove(char *dir, const char *const *names)
{
	if (!dir)
		return;
	for (; *names; names++) {
		char *p = xasprintf("%s/%s", dir, *names);

		unlink(p);
		free(p);
	}
	rmdir(dir);
	free(dir);
}

static bool copy_stream(FILE *in, FILE *out)
{
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			return false;
	return !ferror(in);
}

bool cli_file_to_stdout(const char *path)
{
	FILE *in = fopen(path, "rb");
	bool ok = in && copy_stream(in, stdout);

	if (in)
		fclose(in);
	if (fflush(stdout) != 0 || !ok) {
		fprintf(stderr, "certdesk: 写标准输出失败: %s\n", strerror(errno));
		return false;
	}
	return true;
}

bool cli_stdin_to_file(const char *path)
{
	FILE *out = fopen(path, "wb");
	bool ok = out && copy_stream(stdin, out);

	if (out && fclose(out) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "certdesk: 读标准输入失败: %s\n", strerror(errno));
	return ok;
}
