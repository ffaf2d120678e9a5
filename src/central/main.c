/* main.c - certdesk-central(1): serve the central CA contract, or act as its
 * reviewer (decide, idv, pay) on the same database. */
#include "central/central.h"
#include "core/cliopt.h"
#include "core/clock.h"
#include "core/sanitize.h"
#include "core/util.h"

#include <locale.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* long-only options (their letters were never short options) */
enum {
	LONG_PORT_FILE = CLIOPT_LONG(0), LONG_ADMIN_TOKEN, LONG_TLS_CERT, LONG_TLS_KEY, LONG_CLIENT_CA,
	LONG_REQUIRE_CLIENT_CERT, LONG_AUTO, LONG_SET, LONG_SEED_DEMO,
};

static const struct cliopt central_opts[] = {
	{ "config", 'c', required_argument, "文件", "配置文件 (见 certdesk-central(1))", NULL },
	{ "db", 'd', required_argument, "文件", "数据库文件", NULL },
	{ "listen", 'l', required_argument, "地址", "监听地址 (默认 127.0.0.1)", NULL },
	{ "port", 'p', required_argument, "端口", "端口 (0 = 任选空闲端口)", NULL },
	{ "port-file", LONG_PORT_FILE, required_argument, "文件", "把实际端口写入该文件", NULL },
	{ "token", 't', required_argument, "代码=凭据", "网点代码的凭据 (可重复)", NULL },
	{ "admin-token", LONG_ADMIN_TOKEN, required_argument, "凭据", "管理接口 /admin/v1/ 的凭据", NULL },
	{ "tls-cert", LONG_TLS_CERT, required_argument, "文件", "服务器证书 (PEM), 与 --tls-key 一起启用 HTTPS", NULL },
	{ "tls-key", LONG_TLS_KEY, required_argument, "文件", "服务器私钥 (PEM)", NULL },
	{ "client-ca", LONG_CLIENT_CA, required_argument, "文件", "签发网点客户端证书的 CA", NULL },
	{ "require-client-cert", LONG_REQUIRE_CLIENT_CERT, no_argument, NULL, "没有有效客户端证书的连接一律拒绝", NULL },
	{ "auto", LONG_AUTO, no_argument, NULL, "自动审核 (演示用; 规则与延时见配置 [auto])", NULL },
	{ "set", LONG_SET, required_argument, "节.键=值", "覆盖任一配置项", NULL },
	{ "seed-demo", LONG_SEED_DEMO, no_argument, NULL, "启动时写入演示证书", NULL },
	{ "quiet", 'q', no_argument, NULL, "不写日志", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct clicmd central_cli = {
	"certdesk-central",
	(const char *const[]){ "certdesk-central [选项]                      运行中心端点 (模拟器)",
			       "certdesk-central [选项] decide 申请单号 accept | reject 原因 | finauth-fail [原因]",
			       "                                     | ship 快递公司 运单号 | refund",
			       "certdesk-central [选项] idv 会话号 pass | fail 原因",
			       "certdesk-central [选项] pay 订单号 paid | confirm",
			       "certdesk-central [选项] seed-demo            只写入演示证书", NULL },
	"中心 CA 端点的模拟器 (测试与演示用), 或在同一数据库上充当中心的审核员。",
	central_opts,
	"选项写在命令之前。",
	NULL,
};

static int serve(struct central_conf *cc, struct cdb *d)
{
	char *err = NULL;
	struct central_server *srv = central_server_start(cc, d, &err);
	struct sigaction sa = { 0 };

	if (!srv) {
		fprintf(stderr, "certdesk-central: %s\n", err);
		free(err);
		return 1;
	}
	if (cc->nbranches == 0)
		fprintf(stderr, "certdesk-central: 警告: 没有配置任何网点凭据 ([branches] 或 --token), 所有请求都会被拒绝\n");
	if (cc->port_file) {
		char *tmp = xasprintf("%s.tmp", cc->port_file);
		FILE *f = fopen(tmp, "w");
		if (!f || fprintf(f, "%d\n", central_server_port(srv)) < 0 || fclose(f) != 0 ||
		    rename(tmp, cc->port_file) != 0) {
			fprintf(stderr, "certdesk-central: 无法写端口文件 %s\n", cc->port_file);
			free(tmp);
			central_server_stop(srv);
			return 1;
		}
		free(tmp);
	}
	central_log(cc, "listening on %s://%s:%d%s%s", cc->tls_cert ? "https" : "http", cc->listen,
		    central_server_port(srv), cc->require_client_cert ? " (client certificate required)" : "",
		    cc->auto_mode ? " (automatic review)" : "");
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	while (!stop) {
		usleep(100000);
		if (cc->auto_mode)
			central_auto_tick(d, cc);
	}
	central_log(cc, "stopping");
	central_server_stop(srv);
	return 0;
}

int main(int argc, char **argv)
{
	struct central_conf cc;
	struct cliparse p;
	struct cdb d;
	const char *config = NULL;
	char *err = NULL;
	char *sets[64];
	int nsets = 0, c, rc = 0;
	bool seed = false;

	/* like certdesk: a core dump would hold the branches' customers' data */
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	setlocale(LC_ALL, "");
	if (sodium_init() < 0) {
		fprintf(stderr, "certdesk-central: libsodium 初始化失败\n");
		return 1;
	}
	/* options are applied after the config file, in order */
	cliparse_init(&p, &central_cli, NULL, argc, argv, true);
	while ((c = cliparse_next(&p)) >= 0) {
		const char *key = NULL;
		switch (c) {
		case 'c': config = optarg; continue;
		case 'd': key = "server.database"; break;
		case 'l': key = "server.listen"; break;
		case 'p': key = "server.port"; break;
		case LONG_PORT_FILE: key = "server.port_file"; break;
		case LONG_ADMIN_TOKEN: key = "server.admin_token"; break;
		case LONG_TLS_CERT: key = "server.tls_cert"; break;
		case LONG_TLS_KEY: key = "server.tls_key"; break;
		case LONG_CLIENT_CA: key = "server.client_ca"; break;
		case LONG_REQUIRE_CLIENT_CERT: sets[nsets++] = xstrdup("server.require_client_cert=yes"); break;
		case LONG_AUTO: sets[nsets++] = xstrdup("auto.enabled=yes"); break;
		case 'q': sets[nsets++] = xstrdup("server.quiet=yes"); break;
		case LONG_SEED_DEMO: seed = true; continue;
		case LONG_SET: sets[nsets++] = xstrdup(optarg); break;
		case 't': {
			const char *eq = strchr(optarg, '=');
			if (!eq) {
				fprintf(stderr, "certdesk-central: --token 应为 网点代码=凭据\n");
				return 2;
			}
			sets[nsets++] = xasprintf("branches.%.*s=%s", (int)(eq - optarg), optarg, eq + 1);
			break;
		}
		}
		if (key)
			sets[nsets++] = xasprintf("%s=%s", key, optarg);
		if (nsets >= (int)ARRAY_SIZE(sets) - 1) {
			fprintf(stderr, "certdesk-central: 选项太多\n");
			return 2;
		}
	}
	if (c == CLIOPT_EXIT)
		return p.rc;
	if (!central_conf_load(&cc, config, &err)) {
		fprintf(stderr, "certdesk-central: %s\n", err);
		return 1;
	}
	for (int i = 0; i < nsets; i++) {
		char *eq = strchr(sets[i], '=');
		if (!eq || (*eq = 0, !central_conf_set(&cc, sets[i], eq + 1, &err))) {
			fprintf(stderr, "certdesk-central: %s\n", err ? err : "--set 应为 节.键=值");
			return 2;
		}
		free(sets[i]);
	}
	/* the centre's times are China time, whatever the host's TZ */
	if (!clock_init(NULL, &err)) {
		fprintf(stderr, "certdesk-central: %s\n", err);
		return 1;
	}
	if (!cdb_open(&d, cc.database, &err)) {
		fprintf(stderr, "certdesk-central: %s\n", err);
		return 1;
	}
	if (seed && !cdb_seed_demo(&d, &err)) {
		fprintf(stderr, "certdesk-central: %s\n", err);
		rc = 1;
	} else if (optind >= argc) {
		rc = serve(&cc, &d);
	} else {
		const char *cmd = argv[optind];
		int n = argc - optind;
		bool ok;

		if (!strcmp(cmd, "seed-demo") && n == 1)
			ok = cdb_seed_demo(&d, &err);
		else if (!strcmp(cmd, "decide") && n >= 3)
			ok = central_decide(&d, &cc, argv[optind + 1], argv[optind + 2], n > 3 ? argv[optind + 3] : NULL,
					    n > 4 ? argv[optind + 4] : NULL, &err);
		else if (!strcmp(cmd, "idv") && n >= 3)
			ok = central_idv_set(&d, argv[optind + 1], argv[optind + 2], n > 3 ? argv[optind + 3] : NULL, &err);
		else if (!strcmp(cmd, "pay") && n == 3)
			ok = central_pay_set(&d, argv[optind + 1], argv[optind + 2], &err);
		else {
			rc = clicmd_usage_error(&central_cli, "未知命令 \"%s\", 或其参数个数不对", sanitize_arg(cmd));
			goto out;
		}
		if (!ok) {
			fprintf(stderr, "certdesk-central: %s\n", err);
			rc = 1;
		}
	}
out:
	free(err);
	cdb_close(&d);
	central_conf_release(&cc);
	return rc;
}
