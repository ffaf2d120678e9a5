/* http.c - libcurl client of the central endpoint with the retry policy:
 * exponential backoff with jitter on timeouts, connection errors, 429 (its
 * Retry-After honoured) and 5xx; never on other 4xx. */
#include "core/clock.h"
#include "sync/http.h"
#include "core/conf.h"
#include "core/util.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sink {
	struct strbuf sb;
	long max;
	bool capped;
};

/* The cap is enforced here: CURLOPT_MAXFILESIZE does not stop a streamed body. */
static size_t on_write(char *data, size_t size, size_t nmemb, void *ud)
{
	struct sink *s = ud;
	size_t n = size * nmemb;

	if ((long)(s->sb.len + n) > s->max) {
		s->capped = true;
		return 0;
	}
	sb_add(&s->sb, data, n);
	return n;
}

bool http_init(struct http_client *hc, const struct conf *c, long timeout_s, char **err)
{
	const char *url = conf_str(c, "central.url");
	const char *ca = conf_str(c, "central.ca_file");
	const char *cert = conf_str(c, "central.client_cert");
	const char *key = conf_str(c, "central.client_key");
	size_t n;

	*err = NULL;
	memset(hc, 0, sizeof(*hc));
	if (str_empty(url)) {
		*err = xstrdup("没有配置中心端点地址 ([central] url)");
		return false;
	}
	if (!str_startswith(url, "https://") &&
	    !(str_startswith(url, "http://127.0.0.1") || str_startswith(url, "http://localhost") ||
	      str_startswith(url, "http://[::1]"))) {
		/* plain HTTP would be a way around TLS verification: loopback tests only */
		*err = xasprintf("中心端点地址必须以 https:// 开头 (明文 http 只允许本机测试): %s", url);
		return false;
	}
	if (!(hc->h = curl_easy_init())) {
		*err = xstrdup("无法初始化 libcurl");
		return false;
	}
	hc->base = xstrdup(url);
	n = strlen(hc->base);
	while (n > 0 && hc->base[n - 1] == '/')
		hc->base[--n] = 0;
	hc->auth = xasprintf("Authorization: Bearer %s", conf_str(c, "central.token"));
	hc->max_response = conf_int(c, "sync.max_response");
	hc->retries = (int)conf_int(c, "sync.retries");
	hc->backoff_ms = conf_int(c, "sync.backoff_ms");
	hc->backoff_max_ms = conf_int(c, "sync.backoff_max_ms");
	if (timeout_s <= 0)
		timeout_s = conf_int(c, "central.timeout");
	curl_easy_setopt(hc->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(hc->h, CURLOPT_CONNECTTIMEOUT_MS,
			 1000L * (conf_int(c, "central.connect_timeout") < timeout_s ? conf_int(c, "central.connect_timeout")
										: timeout_s));
	curl_easy_setopt(hc->h, CURLOPT_TIMEOUT_MS, 1000L * timeout_s);
	curl_easy_setopt(hc->h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(hc->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(hc->h, CURLOPT_FOLLOWLOCATION, 0L);
	/* verification of the centre is never switched off */
	curl_easy_setopt(hc->h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(hc->h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (!str_empty(ca))
		curl_easy_setopt(hc->h, CURLOPT_CAINFO, ca);
	if (!str_empty(cert))
		curl_easy_setopt(hc->h, CURLOPT_SSLCERT, cert);
	if (!str_empty(key))
		curl_easy_setopt(hc->h, CURLOPT_SSLKEY, key);
	curl_easy_setopt(hc->h, CURLOPT_ERRORBUFFER, hc->errbuf);
	curl_easy_setopt(hc->h, CURLOPT_USERAGENT, "certdesk-sync/" "0.1");
	return true;
}

void http_release(struct http_client *hc)
{
	if (hc->h)
		curl_easy_cleanup(hc->h);
	free(hc->base);
	free(hc->auth);
	memset(hc, 0, sizeof(*hc));
}

void http_result_release(struct http_result *res)
{
	json_decref(res->body);
	free(res->error);
	free(res->error_code);
	memset(res, 0, sizeof(*res));
}

const char *http_error_message(json_t *body)
{
	return json_string_value(json_object_get(json_object_get(body, "error"), "message"));
}

static char *transport_message(CURLcode cc, const struct http_client *hc, bool capped)
{
	switch (cc) {
	case CURLE_COULDNT_CONNECT:
		return xstrdup("无法连接中心端点: 中心未运行或网络中断");
	case CURLE_COULDNT_RESOLVE_HOST:
		return xstrdup("无法解析中心端点的主机名, 请检查网络和 [central] url");
	case CURLE_OPERATION_TIMEDOUT:
		return xstrdup("中心端点在规定时间内没有响应 (超时)");
	case CURLE_PEER_FAILED_VERIFICATION:
		return xstrdup("中心端点的 TLS 证书验证失败: 证书不受信任或与地址不符, 请检查 [central] ca_file");
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
		return xstrdup("网点客户端证书或私钥无法使用, 请检查 [central] client_cert 和 client_key");
	case CURLE_SSL_CACERT_BADFILE:
		return xstrdup("无法读取 [central] ca_file 指定的 CA 文件");
	case CURLE_SSL_CONNECT_ERROR:
		return xasprintf("与中心端点建立 TLS 连接失败 (可能缺少客户端证书): %s", hc->errbuf);
	case CURLE_WRITE_ERROR:
		if (capped)
			return xasprintf("中心响应超过 %ld 字节的上限, 已中止", hc->max_response);
		return xstrdup("写入中心响应失败");
	case CURLE_ABORTED_BY_CALLBACK:
		return xstrdup("同步进程已停止, 下次启动时继续");
	case CURLE_GOT_NOTHING:
		return xstrdup("中心端点没有返回任何内容就断开了连接");
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		return xstrdup("与中心端点的连接在传输中被中断");
	default:
		return xasprintf("与中心端点通信失败: %s", hc->errbuf[0] ? hc->errbuf : curl_easy_strerror(cc));
	}
}

static double now_s(void)
{
	return clock_now_s();
}

/* Wait, in slices, so that a stop request ends the wait at once. */
static void sleep_ms(const struct http_client *hc, long ms)
{
	while (ms > 0 && !(hc->stop && *hc->stop)) {
		long slice = ms < 100 ? ms : 100;
		struct timespec ts = { 0, slice * 1000000L };

		while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !(hc->stop && *hc->stop))
			;
		ms -= slice;
	}
}

/* One attempt. Returns true when the response should be retried. */
static bool attempt(struct http_client *hc, const char *method, const char *url, struct curl_slist *hdrs,
		    const void *body, size_t len, struct http_result *res, long *retry_after)
{
	struct sink sink;
	CURLcode cc;
	curl_off_t ra = -1;
	json_error_t je;

	sb_init(&sink.sb);
	sink.max = hc->max_response;
	sink.capped = false;
	hc->errbuf[0] = 0;
	curl_easy_setopt(hc->h, CURLOPT_URL, url);
	curl_easy_setopt(hc->h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(hc->h, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(hc->h, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(hc->h, CURLOPT_FRESH_CONNECT, hc->fresh_connection ? 1L : 0L);
	curl_easy_setopt(hc->h, CURLOPT_FORBID_REUSE, hc->fresh_connection ? 1L : 0L);
	if (!strcmp(method, "GET")) {
		curl_easy_setopt(hc->h, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(hc->h, CURLOPT_CUSTOMREQUEST, NULL);
	} else {
		curl_easy_setopt(hc->h, CURLOPT_POST, 1L);
		curl_easy_setopt(hc->h, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(hc->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? len : 0));
		curl_easy_setopt(hc->h, CURLOPT_CUSTOMREQUEST, strcmp(method, "POST") ? method : NULL);
	}
	cc = curl_easy_perform(hc->h);
	json_decref(res->body);
	res->body = NULL;
	xfree(&res->error);
	xfree(&res->error_code);
	res->status = 0;
	*retry_after = -1;
	if (cc != CURLE_OK) {
		res->error = transport_message(cc, hc, sink.capped);
		sb_release(&sink.sb);
		return true;
	}
	curl_easy_getinfo(hc->h, CURLINFO_RESPONSE_CODE, &res->status);
	curl_easy_getinfo(hc->h, CURLINFO_RETRY_AFTER, &ra);
	*retry_after = (long)ra;
	res->body = json_loadb(sink.sb.s, sink.sb.len, 0, &je);
	sb_release(&sink.sb);
	if (res->body && !json_is_object(res->body)) {
		json_decref(res->body);
		res->body = NULL;
	}
	if (res->body && json_is_string(json_object_get(json_object_get(res->body, "error"), "code")))
		res->error_code = xstrdup(json_string_value(json_object_get(json_object_get(res->body, "error"), "code")));
	if (res->status >= 200 && res->status < 300) {
		if (res->body)
			return false;
		/* the request may have been done: a resend is safe, every call is idempotent */
		res->error = xasprintf("中心响应格式错误 (HTTP %ld, 内容不是完整有效的 JSON)", res->status);
		return true;
	}
	if (res->status == 429) {
		res->error = *retry_after > 0 ? xasprintf("中心端点繁忙 (限流), 要求 %ld 秒后重试", *retry_after)
					      : xstrdup("中心端点繁忙 (限流)");
		return true;
	}
	if (res->status == 408 || res->status >= 500) {
		const char *m = http_error_message(res->body);
		res->error = res->status == 503 ? xasprintf("中心端点暂时不可用 (HTTP 503)%s%s", m ? ": " : "", m ? m : "")
						: xasprintf("中心端点出错 (HTTP %ld)%s%s", res->status, m ? ": " : "", m ? m : "");
		return true;
	}
	if (res->status == 401)
		res->error = xstrdup("中心拒绝了网点凭据 (HTTP 401), 请检查 [central] token");
	else if (http_error_message(res->body))
		res->error = xasprintf("中心拒绝 (HTTP %ld): %s", res->status, http_error_message(res->body));
	else
		res->error = xasprintf("中心拒绝了请求 (HTTP %ld)", res->status);
	return false;
}

enum http_outcome http_call(struct http_client *hc, const char *method, const char *path, const char *content_type,
			    const void *body, size_t len, struct http_result *res)
{
	char *url = xasprintf("%s%s", hc->base, path);
	char *ctype = xasprintf("Content-Type: %s", content_type ? content_type : "application/json");
	struct curl_slist *hdrs = NULL;
	enum http_outcome out = HTTP_UNAVAILABLE;
	long delay = hc->backoff_ms, ra;

	memset(res, 0, sizeof(*res));
	if (hc->stop && *hc->stop) {
		/* stopping: the request under way was the last one */
		res->error = xstrdup("同步进程已停止, 下次启动时继续");
		free(url);
		free(ctype);
		return HTTP_UNAVAILABLE;
	}
	hdrs = curl_slist_append(hdrs, hc->auth);
	hdrs = curl_slist_append(hdrs, "Accept: application/json");
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (body)
		hdrs = curl_slist_append(hdrs, ctype);
	for (int i = 0;; i++) {
		bool again = attempt(hc, method, url, hdrs, body, len, res, &ra);
		long wait;

		if (!again) {
			out = res->status >= 200 && res->status < 300 ? HTTP_OK : HTTP_REFUSED;
			break;
		}
		/* full jitter over the upper half: [delay/2, delay] */
		wait = delay / 2 + (long)randombytes_uniform((uint32_t)(delay / 2 + 1));
		if (res->status == 429 && ra > 0 && ra * 1000 > wait)
			wait = ra * 1000;
		/* a Retry-After beyond a minute is left to the next run (retry_at) */
		if (i >= hc->retries || wait > 60000 || (hc->stop && *hc->stop)) {
			res->retry_at = now_s() + (double)wait / 1000.0;
			break;
		}
		sleep_ms(hc, wait);
		delay = delay * 2 > hc->backoff_max_ms ? hc->backoff_max_ms : delay * 2;
	}
	curl_slist_free_all(hdrs);
	free(url);
	free(ctype);
	return out;
}
