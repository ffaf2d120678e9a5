/* cups.c - submit the form to a CUPS queue with libcups and follow the job. */
#include "print/cups.h"
#include "core/util.h"

#include <cups/cups.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOOK_EVERY_MS 250

/* The reasons a counter printer and CUPS give most, by keyword without
 * its -error/-warning/-report suffix (RFC 8011 5.4.12 and 5.3.8, PWG
 * 5100.9, CUPS' own cups-*). */
static const struct {
	const char *kw, *zh;
} reasons[] = {
	{ "media-empty", "缺纸" },
	{ "media-needed", "需要装纸" },
	{ "media-jam", "卡纸" },
	{ "media-low", "纸张将尽" },
	{ "toner-empty", "墨粉已用完" },
	{ "toner-low", "墨粉不足" },
	{ "marker-supply-empty", "耗材已用完" },
	{ "marker-supply-low", "耗材不足" },
	{ "marker-waste-full", "废粉盒已满" },
	{ "paused", "队列已暂停" },
	{ "offline", "打印机离线" },
	{ "shutdown", "打印机已关机" },
	{ "door-open", "机盖未关" },
	{ "cover-open", "机盖未关" },
	{ "interlock-open", "机盖未关" },
	{ "input-tray-missing", "纸盒未装好" },
	{ "output-tray-missing", "出纸盒未装好" },
	{ "output-area-full", "出纸盒已满" },
	{ "fuser-over-temp", "定影器过热" },
	{ "spool-area-full", "打印队列空间已满" },
	{ "connecting-to-device", "正在连接打印机" },
	{ "timed-out", "连接打印机超时" },
	{ "stopping", "队列正在停止" },
	{ "stopped-partly", "打印机部分停用" },
	{ "moving-to-paused", "队列正在暂停" },
	{ "other", "打印机故障" },
	{ "cups-missing-filter", "缺少打印过滤程序 (驱动未装好)" },
	{ "cups-insecure-filter", "打印过滤程序不安全, 已拒绝运行" },
	{ "cups-waiting-for-job-completed", "等待打印机确认完成" },
	{ "job-incoming", "正在接收" },
	{ "job-queued", "排队等候" },
	{ "job-printing", "正在打印" },
	{ "job-transforming", "正在转换格式" },
	{ "job-hold-until-specified", "作业被挂起" },
	{ "job-canceled-by-user", "作业被用户取消" },
	{ "job-canceled-by-operator", "作业被管理员取消" },
	{ "job-canceled-at-device", "作业在打印机上被取消" },
	{ "aborted-by-system", "作业被系统中止" },
	{ "printer-stopped", "打印机已停用" },
	{ "printer-stopped-partly", "打印机部分停用" },
	{ "processing-to-stop-point", "正在停止" },
	{ "document-format-error", "文件格式错误" },
	{ "document-unprintable-error", "文件无法打印" },
	{ "document-format-not-supported", "打印机不支持 PDF" },
	{ "unsupported-document-format", "打印机不支持 PDF" },
	{ "job-completed-successfully", "已完成" },
	{ "job-completed-with-warnings", "已完成, 有警告" },
	{ "job-completed-with-errors", "已完成, 有错误" },
	{ "job-data-insufficient", "作业数据不完整" },
	{ "queued-in-device", "已送到打印机排队" },
	{ "cups-held-for-authentication", "需要认证" },
};

const char *cupsjob_reason_zh(const char *keyword, char *buf, size_t n)
{
	static const struct {
		const char *suffix, *zh;
	} sev[] = { { "-error", "" }, { "-warning", " (警告)" }, { "-report", " (提示)" } };
	size_t len = strlen(keyword);
	const char *tail = "";

	for (size_t i = 0; i < ARRAY_SIZE(sev); i++) {
		size_t sl = strlen(sev[i].suffix);

		if (len > sl && !strcmp(keyword + len - sl, sev[i].suffix)) {
			len -= sl;
			tail = sev[i].zh;
			break;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(reasons); i++)
		if (strlen(reasons[i].kw) == len && !strncmp(reasons[i].kw, keyword, len)) {
			snprintf(buf, n, "%s%s", reasons[i].zh, tail);
			return buf;
		}
	/* unknown: the keyword as CUPS says it (only its printable ASCII) */
	snprintf(buf, n, "%s", keyword);
	for (char *q = buf; *q; q++)
		if ((unsigned char)*q < 0x20 || (unsigned char)*q >= 0x7f)
			*q = '?';
	return buf;
}

char *cupsjob_reasons_zh(const char *keywords)
{
	struct strbuf sb;
	char *list = xstrdup(keywords ? keywords : ""), *save = NULL, zh[128];

	sb_init(&sb);
	for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!*w || !strcmp(w, "none"))
			continue;
		cupsjob_reason_zh(w, zh, sizeof(zh));
		if (sb.len && strstr(sb.s, zh))      /* door-open and cover-open say the same */
			continue;
		sb_addf(&sb, "%s%s", sb.len ? "、" : "", zh);
	}
	free(list);
	return sb.s ? sb.s : xstrdup("");
}

enum cupsjob_verdict cupsjob_judge(const struct cupsjob_look *l)
{
	switch (l->job_state) {
	case IPP_JSTATE_COMPLETED:
		return CUPSJOB_DONE;
	case IPP_JSTATE_HELD:
	case IPP_JSTATE_STOPPED:
	case IPP_JSTATE_CANCELED:
	case IPP_JSTATE_ABORTED:
		return CUPSJOB_FAILED;
	default:
		/* a disabled queue (cupsdisable) or a printer CUPS stopped after
		 * an error keeps the job waiting: that is a failure now */
		return l->printer_state == IPP_PSTATE_STOPPED ? CUPSJOB_FAILED : CUPSJOB_PRINTING;
	}
}

static const char *job_state_zh(int st)
{
	switch (st) {
	case IPP_JSTATE_PENDING: return "排队等候";
	case IPP_JSTATE_HELD: return "作业被挂起";
	case IPP_JSTATE_PROCESSING: return "正在打印";
	case IPP_JSTATE_STOPPED: return "作业已停止";
	case IPP_JSTATE_CANCELED: return "作业已取消";
	case IPP_JSTATE_ABORTED: return "作业被中止";
	case IPP_JSTATE_COMPLETED: return "已完成";
	default: return "状态未知";
	}
}

char *cupsjob_describe(const struct cupsjob_look *l)
{
	char *jr = cupsjob_reasons_zh(l->job_reasons), *pr = cupsjob_reasons_zh(l->printer_reasons), *s;
	enum cupsjob_verdict v = cupsjob_judge(l);

	if (v == CUPSJOB_DONE)
		s = xstrdup("已打印");
	else if (v == CUPSJOB_FAILED && l->printer_state == IPP_PSTATE_STOPPED &&
		 l->job_state != IPP_JSTATE_CANCELED && l->job_state != IPP_JSTATE_ABORTED)
		s = xasprintf("打印失败: 打印机已停用%s%s", *pr ? ": " : "", pr);
	else if (v == CUPSJOB_FAILED) {
		const char *js = job_state_zh(l->job_state);
		bool same = !strcmp(jr, js);            /* job-hold-until-specified: 作业被挂起 once */

		s = xasprintf("打印失败: %s%s%s%s%s", js, *jr && !same ? ": " : "", same ? "" : jr, *pr ? "; 打印机: " : "",
			      pr);
	}
	else
		s = xasprintf("打印中: %s%s%s", job_state_zh(l->job_state), *pr ? "; 打印机: " : "", pr);
	free(jr);
	free(pr);
	return s;
}

/* Keywords of a multi-valued attribute, comma separated, into buf. */
static void keywords_of(ipp_t *resp, const char *name, char *buf, size_t n)
{
	ipp_attribute_t *a = ippFindAttribute(resp, name, IPP_TAG_KEYWORD);
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; a && i < ippGetCount(a); i++) {
		const char *v = ippGetString(a, i, NULL);
		int w;

		if (!v || !strcmp(v, "none"))
			continue;
		w = snprintf(buf + used, n - used, "%s%s", used ? "," : "", v);
		if (w < 0 || (size_t)w >= n - used) {
			buf[used] = '\0';
			break;
		}
		used += (size_t)w;
	}
}

static int enum_of(ipp_t *resp, const char *name)
{
	ipp_attribute_t *a = ippFindAttribute(resp, name, IPP_TAG_ENUM);

	return a ? ippGetInteger(a, 0) : 0;
}

/* Get-Printer-Attributes into *l; *accepting from printer-is-accepting-jobs.
 * False when CUPS cannot be asked or has no such printer (cupsLastError). */
static bool look_printer(const char *printer, struct cupsjob_look *l, bool *accepting)
{
	static const char *const pattrs[] = { "printer-state", "printer-state-reasons", "printer-is-accepting-jobs" };
	char uri[HTTP_MAX_URI];
	ipp_t *req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES), *resp;
	ipp_attribute_t *a;

	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof(uri), "ipp", NULL, "localhost", 0, "/printers/%s", printer);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3, NULL, pattrs);
	if (!(resp = cupsDoRequest(CUPS_HTTP_DEFAULT, req, "/")))
		return false;
	if (cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		ippDelete(resp);
		return false;
	}
	l->printer_state = enum_of(resp, "printer-state");
	keywords_of(resp, "printer-state-reasons", l->printer_reasons, sizeof(l->printer_reasons));
	a = ippFindAttribute(resp, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
	*accepting = !a || ippGetBoolean(a, 0);
	ippDelete(resp);
	return true;
}

/* Get-Job-Attributes and Get-Printer-Attributes; false when CUPS cannot be asked. */
static bool look(const char *printer, int job_id, struct cupsjob_look *l)
{
	static const char *const jattrs[] = { "job-state", "job-state-reasons" };
	char uri[HTTP_MAX_URI];
	ipp_t *req, *resp;
	bool accepting;

	memset(l, 0, sizeof(*l));
	req = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
	snprintf(uri, sizeof(uri), "ipp://localhost/jobs/%d", job_id);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 2, NULL, jattrs);
	if (!(resp = cupsDoRequest(CUPS_HTTP_DEFAULT, req, "/")))
		return false;
	l->job_state = enum_of(resp, "job-state");
	keywords_of(resp, "job-state-reasons", l->job_reasons, sizeof(l->job_reasons));
	ippDelete(resp);
	look_printer(printer, l, &accepting);
	return l->job_state != 0;
}

/* Why CUPS refused the job (status ST, or cupsLastError when 0), in Chinese. */
static char *refusal(const char *printer, ipp_status_t st)
{
	const char *what = cupsLastErrorString();
	char safe[160];

	if (!st)
		st = cupsLastError();
	snprintf(safe, sizeof(safe), "%s", what ? what : "");
	for (char *q = safe; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = ' ';
	switch (st) {
	case IPP_STATUS_ERROR_NOT_FOUND:
		return xasprintf("CUPS 中没有打印机 %s", printer);
	case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS:
		return xasprintf("打印机 %s 不接受作业 (队列已拒绝作业, 请管理员运行 cupsaccept %s)", printer, printer);
	case IPP_STATUS_ERROR_SERVICE_UNAVAILABLE:
	case IPP_STATUS_ERROR_INTERNAL:
		return xasprintf("无法连接 CUPS 打印服务 %s (cupsd 未运行?): %s", cupsServer(), *safe ? safe : "无响应");
	case IPP_STATUS_ERROR_FORBIDDEN:
	case IPP_STATUS_ERROR_NOT_AUTHORIZED:
	case IPP_STATUS_ERROR_NOT_AUTHENTICATED:
		return xasprintf("CUPS 不允许本用户向打印机 %s 打印: %s", printer, safe);
	case IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED:
		return xasprintf("打印机 %s 不支持 PDF (驱动未装好?)", printer);
	default:
		return xasprintf("CUPS 拒绝了作业: %s", *safe ? safe : "原因未知");
	}
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cupsjob_result_release(struct cupsjob_result *r)
{
	xfree(&r->message);
}

bool cupsjob_print(const char *printer, const char *file, const char *title, long timeout_s,
		   cupsjob_progress_fn progress, void *ctx, struct cupsjob_result *r)
{
	long long deadline;
	char *said = NULL, *now = NULL;
	enum cupsjob_verdict v = CUPSJOB_PRINTING;
	cups_option_t *opts = NULL;
	int nopts = cupsAddOption("document-format", CUPS_FORMAT_PDF, 0, &opts);

	memset(r, 0, sizeof(*r));
	/* the queue first: a missing, refusing or stopped printer gets no job */
	{
		bool accepting = true;

		if (!look_printer(printer, &r->last, &accepting) || !accepting) {
			r->message = refusal(printer, accepting ? 0 : IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS);
			cupsFreeOptions(nopts, opts);
			return false;
		}
		if (cupsjob_judge(&r->last) == CUPSJOB_FAILED) {
			char *why = cupsjob_describe(&r->last);

			r->message = xasprintf("%s; 未送出作业", why);
			free(why);
			cupsFreeOptions(nopts, opts);
			return false;
		}
	}
	r->job_id = cupsPrintFile2(CUPS_HTTP_DEFAULT, printer, file, title, nopts, opts);
	cupsFreeOptions(nopts, opts);
	if (r->job_id <= 0) {
		r->job_id = 0;
		r->message = refusal(printer, 0);
		return false;
	}
	deadline = mono_ms() + (timeout_s > 0 ? timeout_s : 1) * 1000;
	for (;;) {
		struct cupsjob_look l;

		if (!look(printer, r->job_id, &l)) {
			char *why = refusal(printer, 0);

			free(now);
			now = xasprintf("无法查询作业状态: %s", why);
			free(why);
		} else {
			r->last = l;
			v = cupsjob_judge(&l);
			free(now);
			now = cupsjob_describe(&l);
		}
		if (v != CUPSJOB_PRINTING)
			break;
		if (progress && (!said || strcmp(said, now)))
			progress(ctx, now);
		free(said);
		said = xstrdup(now);
		if (mono_ms() >= deadline) {
			char *last = now;

			now = xasprintf("打印失败: %ld 秒内没有打印完成 (%s)", timeout_s, last);
			free(last);
			break;
		}
		{
			struct timespec pause = { 0, LOOK_EVERY_MS * 1000000L };
			while (nanosleep(&pause, &pause) != 0 && errno == EINTR)
				;
		}
	}
	if (v != CUPSJOB_DONE && r->last.job_state != IPP_JSTATE_CANCELED &&
	    r->last.job_state != IPP_JSTATE_ABORTED && r->last.job_state != IPP_JSTATE_COMPLETED) {
		bool cancelled = cupsCancelJob2(CUPS_HTTP_DEFAULT, printer, r->job_id, 0) == IPP_STATUS_OK;
		char *m = xasprintf("%s; 作业 %s-%d %s", now, printer, r->job_id,
				    cancelled ? "已取消, 不会再打出" : "未能取消, 打印机恢复后可能仍会打出");
		free(now);
		now = m;
	} else if (v != CUPSJOB_DONE) {
		char *m = xasprintf("%s; 作业 %s-%d", now, printer, r->job_id);
		free(now);
		now = m;
	}
	free(said);
	r->message = now;
	return v == CUPSJOB_DONE;
}
