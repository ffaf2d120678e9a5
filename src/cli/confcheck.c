/* confcheck.c - `certdesk config check`: the file's lines, then what they name. */
#include "cli/confcheck.h"
#include "core/clock.h"
#include "core/util.h"
#include "store/schema.h"
#include "store/store.h"
#include "store/workdays.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct ctx {
	const struct conf *c;
	const char *file;
	struct conf_problems *p;
};

/* A problem with KEY: at the line that set it, or the file when defaulted. */
static void key_problem(struct ctx *x, const char *key, char *why)
{
	const char *dot = strchr(key, '.');
	char *m = xasprintf("[%.*s] %s: %s", (int)(dot - key), key, dot + 1, why);

	free(why);
	conf_problem_add(x->p, x->file, conf_line(x->c, key), m);
}

/* The reasons an administrator meets, in Chinese. */
static const char *why_zh(int e)
{
	switch (e) {
	case ENOENT:
		return "不存在";
	case EACCES:
	case EPERM:
		return "权限不足";
	case ENOTDIR:
		return "路径中有一段不是目录";
	default:
		return strerror(e);
	}
}

static bool loopback_host(const char *url)
{
	const char *h = strstr(url, "://");
	size_t n;

	if (!h)
		return false;
	h += 3;
	if (strchr(h, '@') && strchr(h, '@') < strpbrk(h, "/?#") )   /* user@host */
		h = strchr(h, '@') + 1;
	if (*h == '[')
		return !strncmp(h, "[::1]", 5);
	n = strcspn(h, ":/?#");
	return (n == 9 && !strncasecmp(h, "localhost", 9)) || (n >= 9 && !strncmp(h, "127.", 4));
}

static void check_central(struct ctx *x)
{
	const char *url = conf_str(x->c, "central.url");
	const char *files[] = { "central.ca_file", "central.client_cert", "central.client_key" };

	if (!str_empty(url)) {
		if (!strncasecmp(url, "http://", 7) && !loopback_host(url))
			key_problem(x, "central.url",
				    xasprintf("明文 http:// 只允许本机 (127.0.0.1、localhost) 的模拟端点; 中心端点须用 https://: %s",
					      url));
		else if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))
			key_problem(x, "central.url", xasprintf("应以 https:// 开头: %s", url));
		if (str_empty(conf_str(x->c, "central.token")))
			key_problem(x, "central.token", xstrdup("设置了中心端点但没有网点凭据 (token)"));
	}
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		const char *f = conf_str(x->c, files[i]);
		if (!str_empty(f) && euidaccess(f, R_OK) != 0)
			key_problem(x, files[i], xasprintf("无法读取 %s: %s", f, why_zh(errno)));
	}
	if (str_empty(conf_str(x->c, "central.client_cert")) != str_empty(conf_str(x->c, "central.client_key")))
		key_problem(x, str_empty(conf_str(x->c, "central.client_cert")) ? "central.client_key" : "central.client_cert",
			    xstrdup("客户端证书和私钥须同时设置"));
}

static void check_dir(struct ctx *x, const char *key, int mode, const char *what)
{
	const char *d = conf_str(x->c, key);
	struct stat st;

	if (str_empty(d))
		return;
	if (stat(d, &st) != 0)
		key_problem(x, key, xasprintf("%s %s: %s", what, d, why_zh(errno)));
	else if (!S_ISDIR(st.st_mode))
		key_problem(x, key, xasprintf("%s %s 不是目录", what, d));
	else if (euidaccess(d, mode) != 0)
		key_problem(x, key, xasprintf("%s %s 无权%s: %s", what, d, mode & W_OK ? "写入" : "读取", why_zh(errno)));
}

/* `lpstat -p NAME`: 0 when CUPS knows the queue. */
static void check_printer(struct ctx *x)
{
	const char *name = conf_str(x->c, "printer.name");
	char *argv[] = { "lpstat", "-p", (char *)name, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status = 0, rc;

	if (str_empty(name))
		return;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, "lpstat", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		key_problem(x, "printer.name", xasprintf("无法检查打印机 %s: 没有 lpstat (请安装 cups-client)", name));
		return;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		key_problem(x, "printer.name", xasprintf("CUPS 没有名为 %s 的打印机 (lpstat -p %s 失败)", name, name));
}

static void check_store(struct ctx *x, const char *today)
{
	const char *db = conf_str(x->c, "store.database");
	const char *group = conf_str(x->c, "store.group");
	char *dir = xstrdup(db), *slash = strrchr(dir, '/'), *err = NULL, *w;
	struct store *s;
	int v;

	if (!str_empty(group) && !getgrnam(group))
		key_problem(x, "store.group", xasprintf("没有名为 %s 的用户组", group));
	if (slash)
		*slash = '\0';
	if (euidaccess(db, F_OK) != 0) {
		if (euidaccess(slash ? dir : ".", W_OK | X_OK) != 0)
			key_problem(x, "store.database", xasprintf("数据库 %s 不存在, 其目录也无法写入 (无法创建)", db));
		free(dir);
		return;
	}
	free(dir);
	if (euidaccess(db, R_OK | W_OK) != 0) {
		key_problem(x, "store.database", xasprintf("数据库 %s 无法读写: %s", db, why_zh(errno)));
		if (euidaccess(db, R_OK) != 0)
			return;
	}
	if (!(s = store_open_readonly(db, &err))) {
		key_problem(x, "store.database", err);
		return;
	}
	v = store_schema_version(s);
	store_close(s);
	if (v < 1 || v > store_migration_count) {
		key_problem(x, "store.database", xasprintf("%s 不是本程序能用的 certdesk 数据库 (版本 %d)", db, v));
	} else if (v < store_migration_count) {
		/* the calendar's tables may not be there yet; the next start upgrades */
	} else if ((w = workdays_warning_of(db, today, &err))) {
		conf_problem_add(x->p, db, 0, xstrdup(w));
		free(w);
	} else if (err) {
		conf_problem_add(x->p, db, 0, err);
	}
}

static int by_line(const struct conf_problem *a, const struct conf_problem *b)
{
	long la = a->line ? a->line : 1L << 30, lb = b->line ? b->line : 1L << 30;

	return la < lb ? -1 : la > lb;
}

size_t confcheck_run(const char *file, const char *today, struct conf_problems *p)
{
	struct conf *c = conf_load_all(file, p);
	struct ctx x = { c, file, p };
	char *err = NULL;

	if (!clock_init(conf_str(c, "branch.timezone"), &err))
		key_problem(&x, "branch.timezone", err);
	check_central(&x);
	check_dir(&x, "scanner.folder", R_OK | X_OK, "扫描仪输出目录");
	check_dir(&x, "printer.output_dir", W_OK | X_OK, "申请表 PDF 目录");
	check_printer(&x);
	check_store(&x, today);
	conf_free(c);
	/* in the file's order; what no line is to blame for last */
	for (size_t i = 1; i < p->n; i++)
		for (size_t j = i; j > 0 && by_line(&p->v[j - 1], &p->v[j]) > 0; j--) {
			struct conf_problem t = p->v[j];
			p->v[j] = p->v[j - 1];
			p->v[j - 1] = t;
		}
	return p->n;
}
