/* access.c - the caller's identity and rights on a branch host. */
#include "core/access.h"
#include "core/util.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

static gid_t program_gid;
static bool saved;

bool access_privileged(void)
{
	return getauxval(AT_SECURE) != 0 || getegid() != getgid() || geteuid() != getuid();
}

const char *access_account(void)
{
	static char name[64];
	struct passwd *pw = getpwuid(getuid());

	if (pw)
		snprintf(name, sizeof(name), "%s", pw->pw_name);
	else
		snprintf(name, sizeof(name), "uid %u", (unsigned)getuid());
	return name;
}

bool access_admin(void)
{
	struct group *g;
	gid_t groups[256];
	int n;

	if (!access_privileged() || getuid() == 0)
		return true;
	if (!(g = getgrnam(CERTDESK_ADMIN_GROUP)))
		return false;
	if (getgid() == g->gr_gid)
		return true;
	n = getgroups((int)(sizeof(groups) / sizeof(groups[0])), groups);
	for (int i = 0; i < n; i++)
		if (groups[i] == g->gr_gid)
			return true;
	return false;
}

static bool root_only(const char *path, bool want_dir, char **err)
{
	struct stat st;

	if (lstat(path, &st) != 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return false;
	}
	if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: 不是%s", path, want_dir ? "目录" : "普通文件");
		return false;
	}
	if (st.st_uid != 0 || (st.st_mode & 0022)) {
		*err = xasprintf("%s: 须属于 root 且只有 root 能写, 才能被以 setgid 运行的 certdesk 使用", path);
		return false;
	}
	return true;
}

bool access_trusted_file(const char *path, char **err)
{
	char *dir, *slash;
	bool ok;

	*err = NULL;
	if (!root_only(path, false, err))
		return false;
	dir = realpath(path, NULL);
	if (!dir) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return false;
	}
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	ok = root_only(dir, true, err);
	free(dir);
	return ok;
}

void access_as_caller(void)
{
	if (!access_privileged() || saved)
		return;
	program_gid = getegid();
	if (setegid(getgid()) == 0)
		saved = true;
}

void access_as_program(void)
{
	if (saved && setegid(program_gid) == 0)
		saved = false;
}
