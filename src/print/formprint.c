/* formprint.c - print or save the application form, keep the PDF, record and audit each print. */
#include "print/formprint.h"
#include "core/clock.h"
#include "print/appform.h"
#include "print/cups.h"
#include "core/conf.h"
#include "core/status.h"
#include "core/access.h"
#include "core/util.h"
#include "store/app.h"
#include "store/printed.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PRINT_TIMEOUT_MS 60000

void formprint_info_release(struct formprint_info *i)
{
	xfree(&i->last_at);
	xfree(&i->last_by);
	xfree(&i->last_printer);
	xfree(&i->last_pdf);
}

void formprint_result_release(struct formprint_result *r)
{
	xfree(&r->printer);
	xfree(&r->pdf_path);
	xfree(&r->sha256);
	xfree(&r->message);
}

/* The last print of the application (with its data hash, *hash), or id 0. */
static long long last_print(struct store *s, long long app_id, struct formprint_info *out, char **hash)
{
	struct print_record p;

	if (!printed_last(s, app_id, &p))
		return 0;
	out->last_id = p.id;
	out->last_at = p.at;
	out->last_by = p.by;
	out->last_printer = p.printer;
	out->last_pdf = p.pdf_path;
	*hash = p.data_hash;
	out->prints = p.count;
	return p.id;
}

bool formprint_status(struct store *s, const struct conf *c, long long app_id, struct formprint_info *out,
		      char **err)
{
	struct appform *f;

	memset(out, 0, sizeof(*out));
	*err = NULL;
	if (!(f = appform_load(s, c, app_id, err)))
		return false;
	formprint_status_of(s, f, app_id, out);
	appform_free(f);
	return true;
}

void formprint_status_of(struct store *s, const struct appform *f, long long app_id, struct formprint_info *out)
{
	char *hash = NULL;

	memset(out, 0, sizeof(*out));
	if (!last_print(s, app_id, out, &hash))
		out->state = FORMPRINT_NEVER;
	else
		out->state = str_eq(hash, appform_data_hash(f)) ? FORMPRINT_CURRENT : FORMPRINT_CHANGED;
	free(hash);
}

char *formprint_dir(const struct store *s, const struct conf *c)
{
	const char *dir = conf_str(c, "printer.output_dir");
	const char *slash;

	if (!str_empty(dir))
		return xstrdup(dir);
	slash = strrchr(store_path(s), '/');
	if (!slash)
		return xstrdup("pdf");
	return xasprintf("%.*s/pdf", (int)(slash - store_path(s)), store_path(s));
}

/* Keep the PDF as DIR/APPNO-NN.pdf (NN = the print's number), never
 * overwriting a kept file: the customer's personal data, so 0600 in a 0700
 * dir - or, when the database is shared by a group (several clerks'
 * accounts, or the setgid program of certdesk-security(7)), 0640 in a 2770
 * dir of the database's group, so that every clerk's terminal can add to it. */
static char *keep_pdf(const char *dir, const char *db, const char *appno, int nth, const unsigned char *pdf,
		      size_t len, char **err)
{
	struct stat dbst;
	bool shared = stat(db, &dbst) == 0 && (dbst.st_mode & 0060);
	mode_t fmode = shared ? 0640 : 0600;

	if (mkdir(dir, shared ? 02770 : 0700) == 0) {
		/* mkdir's mode is cut by the umask and ignores the setgid bit */
		if (shared && (chown(dir, (uid_t)-1, dbst.st_gid) != 0 || chmod(dir, 02770) != 0)) {
			*err = xasprintf("无法设置 PDF 目录 %s 的属组: %s", dir, strerror(errno));
			return NULL;
		}
	} else if (errno != EEXIST) {
		*err = xasprintf("无法创建 PDF 目录 %s: %s", dir, strerror(errno));
		return NULL;
	}
	for (int k = 0; k < 1000; k++) {
		char *path = k ? xasprintf("%s/%s-%02d-%d.pdf", dir, appno, nth, k) : xasprintf("%s/%s-%02d.pdf", dir, appno, nth);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fmode);

		if (fd < 0 && errno == EEXIST) {
			free(path);
			continue;
		}
		if (fd < 0 || fchmod(fd, fmode) != 0 || !fd_write_all(fd, pdf, len) || fsync(fd) != 0) {
			*err = xasprintf("无法保存 PDF %s: %s", path, strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(path);
			}
			free(path);
			return NULL;
		}
		close(fd);
		return path;
	}
	*err = xasprintf("无法保存 PDF: %s 中同名文件过多", dir);
	return NULL;
}

/* The copy a clerk asked for (-o FILE): the clerk's own file. */
static bool copy_pdf(const char *path, const unsigned char *pdf, size_t len, char **err)
{
	int fd;
	bool ok;

	access_as_caller();
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	access_as_program();
	ok = fd >= 0 && fd_write_all(fd, pdf, len);

	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (!ok)
		*err = xasprintf("无法写入 %s: %s", path, strerror(errno));
	return ok;
}

/* Run COMMAND -d PRINTER FILE (no shell: the words of COMMAND split at blanks).
 * Its output is collected for the message; a command that hangs is killed. */
static bool run_printer(const char *command, const char *printer, const char *file, char **err)
{
	char *cmd = xstrdup(command), *save = NULL, **argv = NULL, out[512];
	int argc = 0, pipefd[2], status = 0;
	size_t got = 0;
	pid_t pid;
	bool ok = false;
	struct timespec t0, t1;

	for (char *w = strtok_r(cmd, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		argv = xrealloc(argv, sizeof(*argv) * (size_t)(argc + 5));
		argv[argc++] = w;
	}
	if (!argc) {
		*err = xstrdup("[printer] command 为空");
		free(cmd);
		return false;
	}
	argv[argc++] = (char *)"-d";
	argv[argc++] = (char *)printer;
	argv[argc++] = (char *)file;
	argv[argc] = NULL;
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		*err = xasprintf("无法运行打印命令: %s", strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		*err = xasprintf("无法运行打印命令: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		goto out;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		execvp(argv[0], argv);
		dprintf(2, "%s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pfd = { pipefd[0], POLLIN, 0 };
		long left;
		ssize_t n;
		char sink[256];

		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = PRINT_TIMEOUT_MS - ((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			close(pipefd[0]);
			*err = xasprintf("打印命令 %s 在 %d 秒内没有结束, 已终止", argv[0], PRINT_TIMEOUT_MS / 1000);
			goto out;
		}
		if (poll(&pfd, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (got < sizeof(out) - 1)
			n = read(pipefd[0], out + got, sizeof(out) - 1 - got);
		else
			n = read(pipefd[0], sink, sizeof(sink));
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			break;
		}
		if (got < sizeof(out) - 1)
			got += (size_t)n;
	}
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	out[got] = '\0';
	ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (!ok) {
		char *nl = strchr(out, '\n');
		if (nl)
			*nl = '\0';
		for (char *q = out; *q; q++)      /* the printer's words reach a terminal */
			if ((unsigned char)*q < 0x20 || *q == 0x7f)
				*q = ' ';
		*err = WIFEXITED(status) ? xasprintf("打印命令 %s 失败 (退出码 %d)%s%s", argv[0], WEXITSTATUS(status),
						     *out ? ": " : "", out)
					 : xasprintf("打印命令 %s 异常结束", argv[0]);
	}
out:
	free(argv);
	free(cmd);
	return ok;
}

/* Print through CUPS and follow the job (print/cups.h). On failure the kept
 * PDF stays for the reprint, the failure is audited and *err says why and
 * where the PDF is. */
static bool cups_print(struct store *s, const struct formprint_opts *o, const char *obj, const char *printer,
		       const char *path, const char *appno, long timeout_s, struct formprint_result *r, char **err)
{
	struct cupsjob_result j;
	char *title = xasprintf("数字证书申请表 %s", appno), *detail;
	bool ok = cupsjob_print(printer, path, title, timeout_s, o->progress, o->progress_ctx, &j);

	free(title);
	r->job_id = j.job_id;
	if (!ok) {
		detail = xasprintf("打印机 %s; %s; 文件 %s (保留)", printer, j.message, path);
		store_audit(s, o->operator_id, o->actor, AUDIT_APP_PRINT_FAILED, obj, detail);
		free(detail);
		*err = xasprintf("%s; 申请表未打印, PDF 保存在 %s", j.message, path);
		r->print_failed = true;
	}
	cupsjob_result_release(&j);
	return ok;
}

static void sha256_hex(const unsigned char *p, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

bool formprint_run(struct store *s, const struct conf *c, long long app_id, const struct formprint_opts *o,
		   struct formprint_result *r, char **err)
{
	struct appform *f = NULL;
	unsigned char *pdf = NULL;
	size_t len = 0;
	char *dir = NULL, *path = NULL, *prev_hash = NULL, sha[65], now[32], obj[32];
	const char *printer = o->printer ? o->printer : conf_str(c, "printer.name");
	struct formprint_info before = { 0 };
	int nth;
	bool ok = false;

	memset(r, 0, sizeof(*r));
	*err = NULL;
	if (sodium_init() < 0) {
		*err = xstrdup("libsodium 初始化失败");
		return false;
	}
	if (!status_allows(app_status(s, app_id), SR_PRINT)) {
		*err = xstrdup("申请已作废, 不能打印申请表");
		return false;
	}
	if (!(f = appform_load(s, c, app_id, err)))
		return false;
	if (!appform_render(f, &pdf, &len, err))
		goto out;
	sha256_hex(pdf, len, sha);
	last_print(s, app_id, &before, &prev_hash);
	nth = before.prints + 1;
	dir = formprint_dir(s, c);
	if (!(path = keep_pdf(dir, store_path(s), appform_appno(f), nth, pdf, len, err)))
		goto out;
	if (o->copy_to && !copy_pdf(o->copy_to, pdf, len, err)) {
		unlink(path);
		goto out;
	}
	snprintf(obj, sizeof(obj), "app:%lld", app_id);
	if (!str_empty(printer) && str_empty(conf_str(c, "printer.command")) &&
	    !cups_print(s, o, obj, printer, path, appform_appno(f), conf_int(c, "printer.timeout"), r, err))
		goto out;
	if (!str_empty(printer) && !str_empty(conf_str(c, "printer.command")) &&
	    !run_printer(conf_str(c, "printer.command"), printer, path, err)) {
		char *e = *err;
		*err = xasprintf("%s; 申请表未打印", e);
		free(e);
		unlink(path);
		goto out;
	}
	/* Record the print: the count and the "changed" verdict are taken under
	 * the write lock, so two terminals printing at once both count. */
	clock_now_text(now);
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙, 打印未登记: %s", store_errmsg(s));
		goto out;
	}
	formprint_info_release(&before);
	xfree(&prev_hash);
	last_print(s, app_id, &before, &prev_hash);
	r->reprint = before.prints;
	r->changed = before.prints > 0 && !str_eq(prev_hash, appform_data_hash(f));
	{
		struct print_new p = {
			.app_id = app_id, .operator_id = o->operator_id, .actor = o->actor, .at = now,
			.printer = printer, .pdf_path = path, .sha256 = sha, .data_hash = appform_data_hash(f),
			.reprint = r->reprint,
		};

		r->print_id = printed_add(s, &p);
		ok = r->print_id != 0;
	}
	if (ok) {
		char job[64] = "";
		char *detail;

		if (r->job_id)
			snprintf(job, sizeof(job), "; CUPS 作业 %s-%d 已打印", printer, r->job_id);
		detail = xasprintf("%s; 打印机 %s%s; sha256 %s; 文件 %s%s", r->reprint ? "重打" : "首次打印",
				   str_empty(printer) ? "(仅保存)" : printer, job, sha, path,
				   r->changed ? "; 申请信息自上次打印后已修改" : "");

		ok = store_audit(s, o->operator_id, o->actor, r->reprint ? AUDIT_APP_REPRINT : AUDIT_APP_PRINT, obj, detail);
		free(detail);
	}
	if (!ok || !store_commit(s)) {
		*err = xasprintf("打印未登记: %s", store_errmsg(s));
		store_rollback(s);
		ok = false;
		goto out;
	}
	r->printer = str_empty(printer) ? NULL : xstrdup(printer);
	r->sha256 = xstrdup(sha);
	r->pdf_path = xstrdup(path);
	{
		char *what = r->job_id ? xasprintf("已打印: 打印机 %s 已打完申请表 (作业 %s-%d), PDF 保存在 %s", r->printer,
						    r->printer, r->job_id, path)
			     : r->printer  ? xasprintf("申请表已发送到打印机 %s, PDF 保存在 %s", r->printer, path)
			     : o->printer ? xasprintf("申请表已保存到 %s (未送打印机)", path)
					  : xasprintf("未配置打印机, 申请表已保存到 %s", path);
		char *again = r->reprint ? xasprintf(" (第 %d 次重打)", r->reprint) : xstrdup("");

		r->message = xasprintf("%s%s%s", r->changed ? "申请信息自上次打印后已修改, 已打印新版本。" : "", what, again);
		free(what);
		free(again);
	}
out:
	formprint_info_release(&before);
	free(prev_hash);
	free(path);
	free(dir);
	free(pdf);
	appform_free(f);
	return ok;
}
