/* bench_appform.c - render 1,000 application forms to PDF: the time of the
 * first (fonts load), forms per second after it, and the peak memory after
 * the first form and at the end (it must stay flat). Target: <= 50 ms a form. */
#include "core/appno.h"
#include "core/conf.h"
#include "core/util.h"
#include "print/appform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char *const values[][2] = {
	{ "cert_type", "机构个人证书" },
	{ "org_name", "深圳市前海深港现代服务业合作区示例科技发展有限公司" },
	{ "org_doc_type", "统一社会信用代码证" },
	{ "org_doc_no", "91440300MA5DC6QX9U" },
	{ "org_region", "440304" },
	{ "org_address", "福华三路 88 号财富大厦 21 层 2101 室" },
	{ "legal_name", "张堃" },
	{ "legal_id", "440304198001011234" },
	{ "agent_name", "吉𠮷祥" },
	{ "agent_id", "44030419900202123X" },
	{ "agent_mobile", "13800138000" },
	{ "agent_email", "agent@example.com" },
	{ "applicant_name", "李四" },
	{ "applicant_id", "440304199503031234" },
	{ "applicant_mobile", "13900139000" },
	{ "applicant_email", "li.si@example.com" },
};

static int serial;

static char *column(void *ud, const char *name)
{
	(void)ud;
	if (!strcmp(name, "agent_mobile"))      /* a different form each time */
		return xasprintf("138%08d", serial);
	for (size_t i = 0; i < ARRAY_SIZE(values); i++)
		if (!strcmp(values[i][0], name))
			return xstrdup(values[i][1]);
	return NULL;
}

static char *region(void *ud, const char *code)
{
	(void)ud;
	return strcmp(code, "440304") ? NULL : xstrdup("广东省 深圳市 福田区");
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static long maxrss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	char *err = NULL;
	struct conf *c = conf_load(NULL, &err);
	struct appform_source src = { column, region, NULL, NULL, 0 };
	double t0, t1 = 0, t2;
	long rss_first = 0, rss_end;
	size_t bytes = 0;

	if (n < 2)
		n = 2;
	t0 = now_ms();
	for (serial = 1; serial <= n; serial++) {
		char no[APPNO_LEN + 1];
		struct appform *f;
		unsigned char *pdf;
		size_t len;

		appno_format("261125", "0755", serial, no);
		if (!(f = appform_build(c, no, "2026-11-25", &src, &err)) || !appform_render(f, &pdf, &len, &err)) {
			fprintf(stderr, "bench_appform: %s\n", err);
			return 1;
		}
		bytes += len;
		free(pdf);
		appform_free(f);
		if (serial == 1) {
			t1 = now_ms();
			rss_first = maxrss_kb();
		}
	}
	t2 = now_ms();
	rss_end = maxrss_kb();
	printf("appform: %d forms; first %.1f ms; then %.1f ms a form = %.1f forms/s (target <= 50 ms); "
	       "average PDF %.0f KB\n",
	       n, t1 - t0, (t2 - t1) / (n - 1), (n - 1) * 1000.0 / (t2 - t1), bytes / 1024.0 / n);
	printf("appform: peak memory %ld KB after the first form, %ld KB after %d (%+ld KB)\n", rss_first, rss_end, n,
	       rss_end - rss_first);
	conf_free(c);
	appform_shutdown();
	return 0;
}
