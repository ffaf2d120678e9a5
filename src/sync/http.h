/* http.h - the branch's HTTPS+JSON client of the central endpoint: one reused
 * curl handle, timeouts, a response-size cap, retries with backoff and jitter,
 * and plain-Chinese error messages. */
#ifndef CERTDESK_HTTP_H
#define CERTDESK_HTTP_H

#include <curl/curl.h>
#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct conf;

struct http_client {
	CURL *h;
	char *base;                   /* [central] url without the trailing slash */
	char *auth;                   /* "Authorization: Bearer ..." */
	long max_response;
	int retries;
	long backoff_ms, backoff_max_ms;
	bool fresh_connection;        /* a new connection per request (the benchmark's naive baseline) */
	/* set (SIGTERM): no new attempt starts and backoff waits end at once; a
	 * transfer under way finishes (within [central] timeout) so that its
	 * answer is recorded. May be NULL. */
	volatile sig_atomic_t *stop;
	char errbuf[CURL_ERROR_SIZE];
};

enum http_outcome {
	HTTP_OK,                      /* 2xx with a JSON body */
	HTTP_REFUSED,                 /* 4xx (not 408/429): the request itself is wrong; never retried */
	HTTP_UNAVAILABLE,             /* transport error, timeout, 408/429/5xx or a bad body, after the retries */
};

struct http_result {
	long status;                  /* HTTP status, 0 without a response */
	json_t *body;                 /* parsed JSON (2xx and error bodies), or NULL; owned */
	char *error;                  /* plain Chinese for anything but HTTP_OK; owned */
	char *error_code;             /* the centre's error code (4xx/5xx bodies), owned */
	double retry_at;              /* HTTP_UNAVAILABLE: epoch seconds of the suggested next try */
};

/* Set up from [central] and [sync]; timeout_s 0 uses [central] timeout.
 * Verification of the centre's TLS certificate is always on. */
bool http_init(struct http_client *hc, const struct conf *c, long timeout_s, char **err);
void http_release(struct http_client *hc);

/* One call with the retry policy. path starts with "/v1/". body may be NULL
 * (no body), content_type NULL means application/json. Fills *res (release
 * with http_result_release). */
enum http_outcome http_call(struct http_client *hc, const char *method, const char *path, const char *content_type,
			    const void *body, size_t len, struct http_result *res);
void http_result_release(struct http_result *res);

/* The message (Chinese) of the centre's error body, or NULL. */
const char *http_error_message(json_t *body);

#endif
