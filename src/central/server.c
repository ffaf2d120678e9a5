/* server.c - certdesk-central's HTTP(S) server: routing, branch authentication,
 * the client-certificate check, and the fault-injection switches for tests. */
#include "central/central.h"
#include "core/centreapi.h"
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

/* One request as a handler sees it. */
struct call {
	struct central_server *srv;
	struct MHD_Connection *c;
	const char *method;
	const char *branch;                    /* the caller's code (branch endpoints) */
	const char *arg[CENTRE_PATH_MAX_ARGS]; /* the path's "%s" segments */
	json_t *req;                           /* the JSON body when the row asks for one */
	struct reqctx *rc;
	enum fault_mode fault;
};

typedef struct creply (*call_fn)(const struct call *k);

static const char *query(const struct call *k, const char *name)
{
	return MHD_lookup_connection_value(k->c, MHD_GET_ARGUMENT_KIND, name);
}

static const char *req_str(const struct call *k, const char *name)
{
	return json_string_value(json_object_get(k->req, name));
}

/* ---- the contract's endpoints (core/centreapi.h) ------------------------ */

static struct creply h_certificates(const struct call *k)
{
	return central_cert_lookup(k->srv->d, query(k, "serial"));
}

static struct creply h_submit(const struct call *k)
{
	return central_submit(k->srv->d, k->srv->cc, k->branch, k->req);
}

static struct creply h_application(const struct call *k)
{
	return central_app_get(k->srv->d, k->branch, k->arg[0]);
}

static struct creply h_attachment(const struct call *k)
{
	return central_attach(k->srv->d, k->srv->cc, k->branch, k->arg[0], k->arg[1], query(k, "kind"),
			      query(k, "name"), MHD_lookup_connection_value(k->c, MHD_HEADER_KIND, "Content-Type"),
			      k->rc->body.s, k->rc->body.len, k->fault == F_CHECKSUM);
}

static struct creply h_finauth(const struct call *k)
{
	return central_finauth(k->srv->d, k->srv->cc, k->branch, k->arg[0], k->req);
}

static struct creply h_refund(const struct call *k)
{
	return central_refund(k->srv->d, k->srv->cc, k->branch, k->arg[0], k->req);
}

static struct creply h_feed(const struct call *k)
{
	const char *lim = query(k, "limit");
	return central_feed(k->srv->d, k->branch, query(k, "after"), lim ? atol(lim) : 0);
}

static struct creply h_idv(const struct call *k)
{
	return central_idv_create(k->srv->d, k->srv->cc, k->branch, k->req);
}

static struct creply h_idv_one(const struct call *k)
{
	return central_idv_get(k->srv->d, k->branch, k->arg[0]);
}

static struct creply h_payments(const struct call *k)
{
	return central_pay_create(k->srv->d, k->srv->cc, k->branch, k->req);
}

static struct creply h_payment_one(const struct call *k)
{
	return central_pay_get(k->srv->d, k->branch, k->arg[0]);
}

/* The handler of each endpoint of the shared table; json: the body is
 * parsed first (400 when it is not a JSON object). */
static const struct {
	call_fn fn;
	bool json;
} endpoint_handlers[CE__COUNT] = {
	[CE_CERTIFICATES] = { h_certificates, false },
	[CE_SUBMIT] = { h_submit, true },
	[CE_APPLICATION] = { h_application, false },
	[CE_ATTACHMENT] = { h_attachment, false },
	[CE_FINAUTH] = { h_finauth, true },
	[CE_REFUND] = { h_refund, true },
	[CE_FEED] = { h_feed, false },
	[CE_IDV] = { h_idv, true },
	[CE_IDV_ONE] = { h_idv_one, false },
	[CE_PAYMENTS] = { h_payments, true },
	[CE_PAYMENT_ONE] = { h_payment_one, false },
};

/* ---- the simulator's own endpoints (/admin/v1/...) ---------------------- */

/* {"ok":true}, or 409 CODE with ERR (else DFLT); frees ERR. */
static struct creply answer(bool ok, const char *code, char *err, const char *dflt)
{
	struct creply r = ok ? (struct creply){ 200, json_pack("{s:b}", "ok", 1), 0 }
			     : creply_error(409, code, "%s", err ? err : dflt);

	free(err);
	return r;
}

static struct creply h_stats(const struct call *k)
{
	return central_stats(k->srv->d);
}

static struct creply h_faults(const struct call *k)
{
	return admin_faults(k->srv, k->method, k->req);
}

static struct creply h_decide(const struct call *k)
{
	const char *action = req_str(k, "action"), *a1 = req_str(k, "reason"), *a2 = NULL;
	const char *app_no = req_str(k, "app_no");
	char *err = NULL;
	bool ok;

	if (action && !strcmp(action, "ship")) {
		a1 = req_str(k, "carrier");
		a2 = req_str(k, "tracking_no");
	}
	ok = action && central_decide(k->srv->d, k->srv->cc, app_no ? app_no : "", action, a1, a2, &err);
	return answer(ok, "decision_refused", err, "缺少 action");
}

static struct creply h_events(const struct call *k)
{
	const char *app_no = req_str(k, "app_no");
	char *err = NULL;
	bool ok = central_emit(k->srv->d, k->srv->cc, app_no ? app_no : "", req_str(k, "type"),
			       json_object_get(k->req, "data"), &err);

	return answer(ok, "refused", err, "");
}

static struct creply h_admin_idv(const struct call *k)
{
	const char *result = req_str(k, "result");
	char *err = NULL;
	bool ok = central_idv_set(k->srv->d, k->arg[0], result ? result : "", req_str(k, "reason"), &err);

	return answer(ok, "refused", err, "");
}

static struct creply h_admin_payment(const struct call *k)
{
	const char *result = req_str(k, "result");
	char *err = NULL;
	bool ok = central_pay_set(k->srv->d, k->arg[0], result ? result : "", &err);

	return answer(ok, "refused", err, "");
}

/* Rows in the shape of the shared table, with their handlers. */
static const struct {
	const char *method, *path;
	call_fn fn;
	bool json;
} admin_endpoints[] = {
	{ "GET", "/admin/v1/stats", h_stats, false },
	{ "DELETE", "/admin/v1/faults", h_faults, false },
	{ "POST", "/admin/v1/faults", h_faults, true },
	{ "POST", "/admin/v1/decide", h_decide, true },
	{ "POST", "/admin/v1/events", h_events, true },
	{ "POST", "/admin/v1/idv/%s", h_admin_idv, true },
	{ "POST", "/admin/v1/payments/%s", h_admin_payment, true },
};

/* Run FN on K, parsing the body first when JSON says so. */
static struct creply dispatch(struct call *k, call_fn fn, bool json)
{
	struct creply r = { 0, NULL, 0 };

	if (json && !(k->req = parse_body(k->rc, &r)))
		return r;
	r = fn(k);
	json_decref(k->req);
	k->req = NULL;
	return r;
}

static struct creply route_admin(struct call *k, const struct centre_path *p)
{
	struct creply r = { 0, NULL, 0 };

	if (!admin_ok(k->srv->cc, k->c))
		return creply_error(401, "unauthorized", "管理接口需要管理凭据");
	for (size_t i = 0; i < ARRAY_SIZE(admin_endpoints); i++)
		if (!strcmp(k->method, admin_endpoints[i].method) &&
		    centre_path_match(admin_endpoints[i].path, p, k->arg, NULL))
			return dispatch(k, admin_endpoints[i].fn, admin_endpoints[i].json);
	/* as ever: 405 for a method no admin endpoint takes, then the body, then 404 */
	if (strcmp(k->method, "POST"))
		return creply_error(405, "method_not_allowed", "不支持的方法");
	if (!(k->req = parse_body(k->rc, &r)))
		return r;
	json_decref(k->req);
	k->req = NULL;
	return creply_error(404, "not_found", "没有这个管理接口");
}

static struct creply route(struct central_server *srv, struct MHD_Connection *c, const char *method, const char *url,
			   struct reqctx *rc, enum fault_mode fault)
{
	struct call k = { .srv = srv, .c = c, .method = method, .rc = rc, .fault = fault };
	struct centre_path p;
	struct creply r;
	int e;

	if (rc->too_big)
		return creply_error(413, "too_large", "请求体超过 %ld 字节", CENTRAL_MAX_BODY);
	centre_path_split(&p, url);
	if (p.n >= 2 && !strcmp(p.seg[0], "admin") && !strcmp(p.seg[1], "v1"))
		r = route_admin(&k, &p);
	else if (p.n < 2 || strcmp(p.seg[0], "v1"))
		r = creply_error(404, "not_found", "没有这个接口: %s (接口路径以 /v1/ 开头)", url);
	else if (!(k.branch = auth_branch(srv->cc, c)))
		r = creply_error(401, "unauthorized", "网点凭据无效或缺失 (Authorization: Bearer ...)");
	else if ((e = centre_endpoint_match(method, &p, k.arg)) >= 0)
		r = dispatch(&k, endpoint_handlers[e].fn, endpoint_handlers[e].json);
	else
		r = creply_error(404, "not_found", "没有这个接口: %s %s", method, url);
	centre_path_release(&p);
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
	for (int i = 0; i < CE__COUNT; i++) {
		if (!endpoint_handlers[i].fn) {
			const struct centre_endpoint_def *e = centre_endpoint((enum centre_endpoint)i);
			*err = xasprintf("内部错误: 接口 %s %s 没有处理函数", e->method, e->path);
			goto fail;
		}
	}
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
