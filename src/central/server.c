/* server.c - certdesk-central's HTTP(S) server: routing, branch authentication,
 * the client-certificate check, and the fault-injection switches for tests. */
#include "central/central.h"
#include "core/util.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Faults a test switches on (POST /admin/v1/faults); each applies to the
 * next `count` requests whose path starts with `path` (count -1: until cleared). */
enum fault_mode {
	F_NONE, F_HTTP500, F_HTTP503, F_HTTP429, F_HANG, F_RESET, F_TRUNCATED, F_INVALID, F_HUGE, F_CHECKSUM,
	F_COMMIT_DROP, F_SLOW,
};
static const char *const fault_names[] = {
	"none", "http500", "http503", "http429", "hang", "reset", "truncated", "invalid", "huge", "checksum",
	"commit_drop", "slow",
};

struct central_server {
	struct MHD_Daemon *mhd;
	struct central_conf *cc;
	struct cdb *d;
	char *key, *cert, *trust;
	atomic_bool stopping;
	pthread_mutex_t flock;
	enum fault_mode fault;
	int fault_count, retry_after;
	char fault_path[128];
};

struct reqctx {
	struct strbuf body;
	bool too_big;
};

/* ---- faults ----------------------------------------------------------- */

static enum fault_mode fault_take(struct central_server *srv, const char *url, bool upload)
{
	enum fault_mode m = F_NONE;

	pthread_mutex_lock(&srv->flock);
	if (srv->fault != F_NONE && srv->fault_count != 0 && str_startswith(url, srv->fault_path) &&
	    !str_startswith(url, "/admin/") && (srv->fault != F_CHECKSUM || upload)) {
		m = srv->fault;
		if (srv->fault_count > 0 && --srv->fault_count == 0)
			srv->fault = F_NONE;
	}
	pthread_mutex_unlock(&srv->flock);
	return m;
}

struct stream {
	int kind;        /* 0 reset after a prefix, 1 enormous body */
	size_t sent, limit;
};

static ssize_t stream_cb(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *s = cls;
	static const char head[] = "{\"events\":[";
	size_t n = 0;

	(void)pos;
	if (s->kind == 0) {
		static const char part[] = "{\"app_no\":\"2611250001000000\",\"status\":\"rec";
		if (s->sent >= sizeof(part) - 1)
			return MHD_CONTENT_READER_END_WITH_ERROR;   /* the connection is cut mid-body */
		n = sizeof(part) - 1 - s->sent < max ? sizeof(part) - 1 - s->sent : max;
		memcpy(buf, part + s->sent, n);
		s->sent += n;
		return (ssize_t)n;
	}
	if (s->sent >= s->limit)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (s->sent == 0 && max > sizeof(head)) {
		memcpy(buf, head, sizeof(head) - 1);
		n = sizeof(head) - 1;
	}
	while (n + 64 <= max) {
		memcpy(buf + n, "{\"seq\":1,\"type\":\"x\",\"pad\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"},", 64);
		n += 64;
	}
	s->sent += n;
	return (ssize_t)n;
}

static enum MHD_Result queue_raw(struct MHD_Connection *c, int status, const char *type, const char *body)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result queue_json(struct MHD_Connection *c, struct creply rep)
{
	char *txt = json_dumps(rep.body ? rep.body : json_object(), JSON_COMPACT);
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(txt), txt, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	if (rep.retry_after > 0) {
		char ra[16];
		snprintf(ra, sizeof(ra), "%d", rep.retry_after);
		MHD_add_response_header(r, "Retry-After", ra);
	}
	if (rep.status == 401)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"certdesk-central\"");
	ret = MHD_queue_response(c, (unsigned)rep.status, r);
	MHD_destroy_response(r);
	json_decref(rep.body);
	return ret;
}

/* Answer the request with the fault instead; returns true when one applied. */
static bool fault_respond(struct central_server *srv, struct MHD_Connection *c, enum fault_mode m,
			  enum MHD_Result *ret)
{
	struct creply r = { 0, NULL, 0 };

	switch (m) {
	case F_HTTP500:
		r = creply_error(500, "internal_error", "中心内部错误 (故障注入)");
		break;
	case F_HTTP503:
		r = creply_error(503, "unavailable", "中心维护中, 请稍后再试 (故障注入)");
		break;
	case F_HTTP429:
		r = creply_error(429, "rate_limited", "请求过于频繁 (故障注入)");
		pthread_mutex_lock(&srv->flock);
		r.retry_after = srv->retry_after;
		pthread_mutex_unlock(&srv->flock);
		break;
	case F_HANG:
		/* never answer: hold the connection until the client gives up */
		for (int i = 0; i < 600 && !atomic_load(&srv->stopping); i++)
			usleep(100000);
		*ret = MHD_NO;
		return true;
	case F_TRUNCATED:
		*ret = queue_raw(c, 200, "application/json", "{\"app_no\":\"26112500010000");
		return true;
	case F_INVALID:
		*ret = queue_raw(c, 200, "application/json", "<html><body>502 Bad Gateway</body></html>");
		return true;
	case F_RESET:
	case F_HUGE: {
		struct stream *s = xcalloc(1, sizeof(*s));
		struct MHD_Response *resp;
		s->kind = m == F_RESET ? 0 : 1;
		s->limit = 256u * 1024 * 1024;
		resp = MHD_create_response_from_callback(m == F_RESET ? 4096 : MHD_SIZE_UNKNOWN, 16384, stream_cb, s, free);
		MHD_add_response_header(resp, "Content-Type", "application/json");
		*ret = MHD_queue_response(c, 200, resp);
		MHD_destroy_response(resp);
		return true;
	}
	default:
		return false;
	}
	*ret = queue_json(c, r);
	return true;
}

static struct creply admin_faults(struct central_server *srv, const char *method, json_t *req)
{
	const char *mode = json_string_value(json_object_get(req, "mode"));
	const char *path = json_string_value(json_object_get(req, "path"));
	json_t *cnt = json_object_get(req, "count");
	int m = -1;

	if (!strcmp(method, "DELETE")) {
		pthread_mutex_lock(&srv->flock);
		srv->fault = F_NONE;
		pthread_mutex_unlock(&srv->flock);
		return (struct creply){ 200, json_pack("{s:s}", "mode", "none"), 0 };
	}
	for (int i = 0; mode && i < (int)ARRAY_SIZE(fault_names); i++)
		if (!strcmp(mode, fault_names[i]))
			m = i;
	if (m < 0)
		return creply_error(422, "invalid_request", "未知故障 %s", mode ? mode : "(无)");
	pthread_mutex_lock(&srv->flock);
	srv->fault = (enum fault_mode)m;
	srv->fault_count = cnt ? (int)json_integer_value(cnt) : 1;
	srv->retry_after = json_object_get(req, "retry_after") ? (int)json_integer_value(json_object_get(req, "retry_after")) : 1;
	snprintf(srv->fault_path, sizeof(srv->fault_path), "%s", path ? path : "/v1/");
	pthread_mutex_unlock(&srv->flock);
	central_log(srv->cc, "fault %s x%d on %s", fault_names[m], srv->fault_count, srv->fault_path);
	return (struct creply){ 200, json_pack("{s:s,s:i,s:s}", "mode", fault_names[m], "count", srv->fault_count,
					       "path", srv->fault_path), 0 };
}

/* ---- authentication --------------------------------------------------- */

static bool token_eq(const char *a, const char *b)
{
	size_t n = strlen(a);
	return n == strlen(b) && n > 0 && sodium_memcmp(a, b, n) == 0;
}

/* The branch code for the bearer token, or NULL. */
static const char *auth_branch(const struct central_conf *cc, struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");

	if (!h || strncmp(h, "Bearer ", 7))
		return NULL;
	for (int i = 0; i < cc->nbranches; i++)
		if (token_eq(h + 7, cc->branch_token[i]))
			return cc->branch_code[i];
	return NULL;
}

static bool admin_ok(const struct central_conf *cc, struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	return h && !str_empty(cc->admin_token) && !strncmp(h, "Bearer ", 7) && token_eq(h + 7, cc->admin_token);
}

/* MHD's trust option makes the server ask for a client certificate but lets
 * a connection without one through: verify the peer ourselves. */
static const char *client_cert_problem(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	gnutls_session_t sess = ci ? (gnutls_session_t)ci->tls_session : NULL;
	unsigned int status = 0, n = 0;

	if (!sess)
		return "没有 TLS 会话";
	if (!gnutls_certificate_get_peers(sess, &n) || n == 0)
		return "网点未出示客户端证书";
	if (gnutls_certificate_verify_peers2(sess, &status) != GNUTLS_E_SUCCESS || status != 0)
		return "网点客户端证书验证失败 (不是受信任的 CA 签发、已过期或无效)";
	return NULL;
}

/* ---- routing ---------------------------------------------------------- */

static int split_path(char *path, char **seg, int max)
{
	int n = 0;

	for (char *p = strtok(path, "/"); p && n < max; p = strtok(NULL, "/"))
		seg[n++] = p;
	return n;
}

static json_t *parse_body(struct reqctx *rc, struct creply *err)
{
	json_error_t je;
	json_t *j;

	if (!rc->body.len) {
		*err = creply_error(400, "invalid_json", "请求体为空, 应为 JSON 对象");
		return NULL;
	}
	j = json_loadb(rc->body.s, rc->body.len, 0, &je);
	if (!json_is_object(j)) {
		json_decref(j);
		*err = creply_error(400, "invalid_json", "请求体不是有效的 JSON 对象: %s", je.text);
		return NULL;
	}
	return j;
}

static struct creply route_admin(struct central_server *srv, struct MHD_Connection *c, const char *method,
				 char **seg, int n, struct reqctx *rc)
{
	struct creply r = { 0, NULL, 0 };
	json_t *req = NULL;
	char *err = NULL;
	bool ok;

	if (!admin_ok(srv->cc, c))
		return creply_error(401, "unauthorized", "管理接口需要管理凭据");
	if (n == 3 && !strcmp(seg[2], "stats") && !strcmp(method, "GET"))
		return central_stats(srv->d);
	if (n == 3 && !strcmp(seg[2], "faults") && !strcmp(method, "DELETE"))
		return admin_faults(srv, method, NULL);
	if (strcmp(method, "POST"))
		return creply_error(405, "method_not_allowed", "不支持的方法");
	if (!(req = parse_body(rc, &r)))
		return r;
	if (n == 3 && !strcmp(seg[2], "faults")) {
		r = admin_faults(srv, method, req);
	} else if (n == 3 && !strcmp(seg[2], "decide")) {
		const char *action = json_string_value(json_object_get(req, "action"));
		const char *a1 = json_string_value(json_object_get(req, "reason"));
		const char *a2 = NULL;
		if (action && !strcmp(action, "ship")) {
			a1 = json_string_value(json_object_get(req, "carrier"));
			a2 = json_string_value(json_object_get(req, "tracking_no"));
		}
		ok = action && central_decide(srv->d, srv->cc, json_string_value(json_object_get(req, "app_no")) ?
					      json_string_value(json_object_get(req, "app_no")) : "", action, a1, a2, &err);
		r = ok ? (struct creply){ 200, json_pack("{s:b}", "ok", 1), 0 }
		       : creply_error(409, "decision_refused", "%s", err ? err : "缺少 action");
	} else if (n == 3 && !strcmp(seg[2], "events")) {
		const char *app_no = json_string_value(json_object_get(req, "app_no"));
		ok = central_emit(srv->d, srv->cc, app_no ? app_no : "", json_string_value(json_object_get(req, "type")),
				  json_object_get(req, "data"), &err);
		r = ok ? (struct creply){ 200, json_pack("{s:b}", "ok", 1), 0 } : creply_error(409, "refused", "%s", err);
	} else if (n == 4 && !strcmp(seg[2], "idv")) {
		ok = central_idv_set(srv->d, seg[3], json_string_value(json_object_get(req, "result")) ?
				     json_string_value(json_object_get(req, "result")) : "",
				     json_string_value(json_object_get(req, "reason")), &err);
		r = ok ? (struct creply){ 200, json_pack("{s:b}", "ok", 1), 0 } : creply_error(409, "refused", "%s", err);
	} else if (n == 4 && !strcmp(seg[2], "payments")) {
		ok = central_pay_set(srv->d, seg[3], json_string_value(json_object_get(req, "result")) ?
				     json_string_value(json_object_get(req, "result")) : "", &err);
		r = ok ? (struct creply){ 200, json_pack("{s:b}", "ok", 1), 0 } : creply_error(409, "refused", "%s", err);
	} else {
		r = creply_error(404, "not_found", "没有这个管理接口");
	}
	free(err);
	json_decref(req);
	return r;
}

static struct creply route(struct central_server *srv, struct MHD_Connection *c, const char *method, const char *url,
			   struct reqctx *rc, enum fault_mode fault)
{
	char *path = xstrdup(url), *seg[8];
	int n = split_path(path, seg, 8);
	const char *branch;
	struct creply r = { 0, NULL, 0 };
	json_t *req = NULL;
	bool get = !strcmp(method, "GET"), post = !strcmp(method, "POST"), put = !strcmp(method, "PUT");

	if (rc->too_big) {
		r = creply_error(413, "too_large", "请求体超过 %ld 字节", CENTRAL_MAX_BODY);
		goto out;
	}
	if (n >= 2 && !strcmp(seg[0], "admin") && !strcmp(seg[1], "v1")) {
		r = route_admin(srv, c, method, seg, n, rc);
		goto out;
	}
	if (n < 2 || strcmp(seg[0], "v1")) {
		r = creply_error(404, "not_found", "没有这个接口: %s (接口路径以 /v1/ 开头)", url);
		goto out;
	}
	if (!(branch = auth_branch(srv->cc, c))) {
		r = creply_error(401, "unauthorized", "网点凭据无效或缺失 (Authorization: Bearer ...)");
		goto out;
	}
	if (n == 2 && !strcmp(seg[1], "certificates") && get) {
		r = central_cert_lookup(srv->d, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "serial"));
	} else if (n == 2 && !strcmp(seg[1], "applications") && post) {
		if ((req = parse_body(rc, &r)))
			r = central_submit(srv->d, srv->cc, branch, req);
	} else if (n == 3 && !strcmp(seg[1], "applications") && get) {
		r = central_app_get(srv->d, branch, seg[2]);
	} else if (n == 5 && !strcmp(seg[1], "applications") && !strcmp(seg[3], "attachments") && put) {
		r = central_attach(srv->d, srv->cc, branch, seg[2], seg[4],
				   MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "kind"),
				   MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "name"),
				   MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"), rc->body.s, rc->body.len,
				   fault == F_CHECKSUM);
	} else if (n == 4 && !strcmp(seg[1], "applications") && !strcmp(seg[3], "finauth") && post) {
		if ((req = parse_body(rc, &r)))
			r = central_finauth(srv->d, srv->cc, branch, seg[2], req);
	} else if (n == 4 && !strcmp(seg[1], "applications") && !strcmp(seg[3], "refund") && post) {
		if ((req = parse_body(rc, &r)))
			r = central_refund(srv->d, srv->cc, branch, seg[2], req);
	} else if (n == 2 && !strcmp(seg[1], "feed") && get) {
		const char *lim = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit");
		r = central_feed(srv->d, branch, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "after"),
				 lim ? atol(lim) : 0);
	} else if (n == 3 && !strcmp(seg[1], "idv") && !strcmp(seg[2], "sessions") && post) {
		if ((req = parse_body(rc, &r)))
			r = central_idv_create(srv->d, srv->cc, branch, req);
	} else if (n == 4 && !strcmp(seg[1], "idv") && !strcmp(seg[2], "sessions") && get) {
		r = central_idv_get(srv->d, branch, seg[3]);
	} else if (n == 2 && !strcmp(seg[1], "payments") && post) {
		if ((req = parse_body(rc, &r)))
			r = central_pay_create(srv->d, srv->cc, branch, req);
	} else if (n == 3 && !strcmp(seg[1], "payments") && get) {
		r = central_pay_get(srv->d, branch, seg[2]);
	} else {
		r = creply_error(404, "not_found", "没有这个接口: %s %s", method, url);
	}
out:
	json_decref(req);
	free(path);
	return r;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			       const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct central_server *srv = cls;
	struct reqctx *rc = *con_cls;
	enum fault_mode fault;
	enum MHD_Result ret;
	struct creply r;
	const char *why;

	(void)version;
	if (!rc) {
		rc = xcalloc(1, sizeof(*rc));
		sb_init(&rc->body);
		*con_cls = rc;
		return MHD_YES;
	}
	if (*upload_size) {
		if (rc->body.len + *upload_size > (size_t)CENTRAL_MAX_BODY)
			rc->too_big = true;
		else
			sb_add(&rc->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (srv->cc->require_client_cert && srv->cc->tls_cert && (why = client_cert_problem(c))) {
		central_log(srv->cc, "refused %s %s: %s", method, url, why);
		return queue_json(c, creply_error(403, "client_certificate_required", "%s", why));
	}
	fault = fault_take(srv, url, !strcmp(method, "PUT"));
	if (fault != F_NONE && fault != F_CHECKSUM && fault != F_COMMIT_DROP && fault_respond(srv, c, fault, &ret))
		return ret;
	r = route(srv, c, method, url, rc, fault);
	if (fault == F_COMMIT_DROP) {
		/* the work is committed; the answer is lost on the way back */
		central_log(srv->cc, "dropping the connection after %s %s (%d)", method, url, r.status);
		json_decref(r.body);
		return MHD_NO;
	}
	if (fault == F_SLOW) {
		/* the work is committed; the answer comes retry_after seconds later */
		pthread_mutex_lock(&srv->flock);
		int ds = srv->retry_after * 10;
		pthread_mutex_unlock(&srv->flock);
		for (int i = 0; i < ds && !atomic_load(&srv->stopping); i++)
			usleep(100000);
	}
	return queue_json(c, r);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct reqctx *rc = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (rc) {
		sb_release(&rc->body);
		free(rc);
		*con_cls = NULL;
	}
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct central_server *srv = cls;

	if (srv->cc->quiet)
		return;
	fprintf(stderr, "certdesk-central: ");
	vfprintf(stderr, fmt, ap);
}

struct central_server *central_server_start(struct central_conf *cc, struct cdb *d, char **err)
{
	struct central_server *srv = xcalloc(1, sizeof(*srv));
	struct sockaddr_in sa = { 0 };
	struct MHD_OptionItem opts[12];
	int k = 0;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG;
	size_t len;

	*err = NULL;
	srv->cc = cc;
	srv->d = d;
	pthread_mutex_init(&srv->flock, NULL);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)cc->port);
	if (inet_pton(AF_INET, cc->listen, &sa.sin_addr) != 1) {
		*err = xasprintf("监听地址无效: %s (应为 IPv4 地址)", cc->listen);
		goto fail;
	}
	opts[k++] = (struct MHD_OptionItem){ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, srv };
	opts[k++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0, &sa };
	opts[k++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, NULL };
	opts[k++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_TIMEOUT, 120, NULL };
	if (!str_empty(cc->tls_cert) || !str_empty(cc->tls_key)) {
		if (str_empty(cc->tls_cert) || str_empty(cc->tls_key)) {
			*err = xstrdup("HTTPS 需要同时配置 tls_cert 和 tls_key");
			goto fail;
		}
		if (!(srv->cert = file_read_all(cc->tls_cert, &len)) || !(srv->key = file_read_all(cc->tls_key, &len))) {
			*err = xasprintf("无法读取服务器证书或私钥 (%s, %s)", cc->tls_cert, cc->tls_key);
			goto fail;
		}
		flags |= MHD_USE_TLS;
		opts[k++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, srv->key };
		opts[k++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, srv->cert };
		if (!str_empty(cc->client_ca)) {
			if (!(srv->trust = file_read_all(cc->client_ca, &len))) {
				*err = xasprintf("无法读取客户端 CA 文件 %s", cc->client_ca);
				goto fail;
			}
			opts[k++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_TRUST, 0, srv->trust };
		} else if (cc->require_client_cert) {
			*err = xstrdup("require_client_cert 需要 client_ca");
			goto fail;
		}
	} else if (cc->require_client_cert) {
		*err = xstrdup("require_client_cert 需要 HTTPS (tls_cert, tls_key)");
		goto fail;
	}
	opts[k++] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	srv->mhd = MHD_start_daemon(flags, (uint16_t)cc->port, NULL, NULL, handler, srv, MHD_OPTION_ARRAY, opts,
				    MHD_OPTION_END);
	if (!srv->mhd) {
		*err = xasprintf("无法在 %s:%d 上监听 (端口被占用或证书无效)", cc->listen, cc->port);
		goto fail;
	}
	return srv;
fail:
	central_server_stop(srv);
	return NULL;
}

int central_server_port(const struct central_server *srv)
{
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->mhd, MHD_DAEMON_INFO_BIND_PORT);
	return di ? di->port : -1;
}

void central_server_stop(struct central_server *srv)
{
	if (!srv)
		return;
	atomic_store(&srv->stopping, true);
	if (srv->mhd)
		MHD_stop_daemon(srv->mhd);
	pthread_mutex_destroy(&srv->flock);
	free(srv->key);
	free(srv->cert);
	free(srv->trust);
	free(srv);
}
