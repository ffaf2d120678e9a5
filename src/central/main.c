/* main.c - certdesk-central(1): serve the central CA contract, or act as its
 * reviewer (decide, idv, pay) on the same database. */
#include "central/central.h"
#include "core/clock.h"
#include "core/util.h"

#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#ifndef CERTDESK_VERSION
#define CERTDESK_VERSION "0.1"
#endif

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"用法: certdesk-central [选项]                      运行中心端点 (模拟器)\n"
		"      certdesk-central [选项] decide 申请单号 accept | reject 原因 | finauth-fail [原因]\n"
		"                                     | ship 快递公司 运单号 | refund\n"
		"      certdesk-central [选项] idv 会话号 pass | fail 原因\n"
		"      certdesk-central [选项] pay 订单号 paid | confirm\n"
		"      certdesk-central [选项] seed-demo            只写入演示证书\n\n"
		"选项:\n"
		"  -c, --config FILE        配置文件 (见 certdesk-central(1))\n"
		"  -d, --db FILE            数据库文件\n"
		"  -l, --listen ADDR        监听地址 (默认 127.0.0.1)\n"
		"  -p, --port N             端口 (0 = 任选空闲端口)\n"
		"      --port-file FILE     把实际端口写入 FILE\n"
		"  -t, --token CODE=TOKEN   网点 CODE 的凭据 (可重复)\n"
		"      --admin-token TOKEN  管理接口 /admin/v1/ 的凭据\n"
		"      --tls-cert FILE      服务器证书 (PEM), 与 --tls-key 一起启用 HTTPS\n"
		"      --tls-key FILE       服务器私钥 (PEM)\n"
		"      --client-ca FILE     签发网点客户端证书的 CA\n"
		"      --require-client-cert  没有有效客户端证书的连接一律拒绝\n"
		"      --auto               自动审核 (演示用; 规则与延时见配置 [auto])\n"
		"      --set SEC.KEY=VALUE  覆盖任一配置项\n"
		"      --seed-demo          启动时写入演示证书\n"
		"  -q, --quiet              不写日志\n"
		"  -h, --help               本帮助\n");
}

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
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },    { "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },    { "port", required_argument, NULL, 'p' },
		{ "port-file", required_argument, NULL, 'P' }, { "token", required_argument, NULL, 't' },
		{ "admin-token", required_argument, NULL, 'A' }, { "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },   { "client-ca", required_argument, NULL, 'R' },
		{ "require-client-cert", no_argument, NULL, 'Q' }, { "auto", no_argument, NULL, 'a' },
		{ "set", required_argument, NULL, 's' },       { "seed-demo", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },           { "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },         { NULL, 0, NULL, 0 },
	};
	struct central_conf cc;
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
	while ((c = getopt_long(argc, argv, "+c:d:l:p:t:qhV", opts, NULL)) != -1) {
		const char *key = NULL;
		switch (c) {
		case 'c': config = optarg; continue;
		case 'd': key = "server.database"; break;
		case 'l': key = "server.listen"; break;
		case 'p': key = "server.port"; break;
		case 'P': key = "server.port_file"; break;
		case 'A': key = "server.admin_token"; break;
		case 'C': key = "server.tls_cert"; break;
		case 'K': key = "server.tls_key"; break;
		case 'R': key = "server.client_ca"; break;
		case 'Q': sets[nsets++] = xstrdup("server.require_client_cert=yes"); break;
		case 'a': sets[nsets++] = xstrdup("auto.enabled=yes"); break;
		case 'q': sets[nsets++] = xstrdup("server.quiet=yes"); break;
		case 'S': seed = true; continue;
		case 's': sets[nsets++] = xstrdup(optarg); break;
		case 't': {
			const char *eq = strchr(optarg, '=');
			if (!eq) {
				fprintf(stderr, "certdesk-central: --token 应为 网点代码=凭据\n");
				return 2;
			}
			sets[nsets++] = xasprintf("branches.%.*s=%s", (int)(eq - optarg), optarg, eq + 1);
			break;
		}
		case 'h': usage(stdout); return 0;
		case 'V': printf("certdesk-central %s\n", CERTDESK_VERSION); return 0;
		default: usage(stderr); return 2;
		}
		if (key)
			sets[nsets++] = xasprintf("%s=%s", key, optarg);
		if (nsets >= (int)ARRAY_SIZE(sets) - 1) {
			fprintf(stderr, "certdesk-central: 选项太多\n");
			return 2;
		}
	}
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
			usage(stderr);
			rc = 2;
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
