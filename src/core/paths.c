/* paths.c - locate forms/ and data/ from the running binary. */
#include "core/paths.h"
#include "core/access.h"
#include "core/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buildconf.h"

static char *datadir;

/* The source tree is the parent of the binary's build/ directory (or the
 * directory above build/asan and the like): we look for data/certdesk.conf. */
static char *find_source_root(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	for (int up = 0; up < 4; up++) {
		char *slash = strrchr(exe, '/');
		char *probe;

		if (!slash || slash == exe)
			return NULL;
		*slash = '\0';
		probe = xasprintf("%s/data/certdesk.conf", exe);
		if (access(probe, R_OK) == 0 && (up > 0)) {
			free(probe);
			return xstrdup(exe);
		}
		free(probe);
	}
	return NULL;
}

const char *paths_datadir(void)
{
	const char *env;

	if (datadir)
		return datadir;
	env = secure_getenv("CERTDESK_DATADIR");   /* setgid: the installed data only */
	if (!str_empty(env))
		datadir = xstrdup(env);
	else if (access_privileged() || !(datadir = find_source_root()))
		datadir = xstrdup(DATADIR);
	return datadir;
}

char *paths_file(const char *rel)
{
	return xasprintf("%s/%s", paths_datadir(), rel);
}

char *paths_source_file(const char *rel)
{
	char *root = find_source_root();
	char *p;

	if (!root)
		return NULL;
	p = xasprintf("%s/%s", root, rel);
	free(root);
	if (access(p, R_OK) != 0)
		xfree(&p);
	return p;
}
