/* lookup.c - certificate lookup at the centre with a short timeout, falling
 * back to the local cert_cache (offline) and caching what the centre says. */
#include "sync/http.h"
#include "core/clock.h"
#include "sync/sync.h"
#include "core/certvocab.h"
#include "core/conf.h"
#include "core/util.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#define NCOLS 12
static const char *const cols[NCOLS] = { "serial", "holder", "cert_type", "valid_from", "valid_to", "status",
					 "org_name", "org_doc_type", "org_doc_no", "person_name", "person_id",
					 "fetched_at" };

static char **slot(struct cert_info *ci, int i)
{
	char **f[NCOLS] = { &ci->serial, &ci->holder, &ci->cert_type, &ci->valid_from, &ci->valid_to, &ci->status,
			    &ci->org_name, &ci->org_doc_type, &ci->org_doc_no, &ci->person_name, &ci->person_id,
			    &ci->fetched_at };
	return f[i];
}

void cert_info_free(struct cert_info *list, int n)
{
	for (int k = 0; k < n; k++)
		for (int i = 0; i < NCOLS; i++)
			free(*slot(&list[k], i));
	free(list);
}

static int from_cache(struct store *s, const char *serial, struct cert_info **out)
{
	/* = on TEXT compares bytes: case-sensitive like the CA */
	sqlite3_stmt *st = store_prepare(s, "SELECT serial, holder, cert_type, valid_from, valid_to, status, org_name,"
					    " org_doc_type, org_doc_no, person_name, person_id, fetched_at FROM cert_cache"
					    " WHERE serial = ?");
	int n = 0;

	*out = NULL;
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*out = xrealloc(*out, (size_t)(n + 1) * sizeof(**out));
		memset(&(*out)[n], 0, sizeof(**out));
		for (int i = 0; i < NCOLS; i++)
			*slot(&(*out)[n], i) = xstrdup((const char *)sqlite3_column_text(st, i));
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

static void cache_store(struct store *s, json_t *list)
{
	char now[32];
	size_t k;
	json_t *e;

	clock_now_text(now);
	if (!store_begin(s))
		return;
	json_array_foreach(list, k, e) {
		sqlite3_stmt *st = store_prepare(s, "INSERT OR REPLACE INTO cert_cache(serial, holder, cert_type, valid_from,"
						    " valid_to, status, org_name, org_doc_type, org_doc_no, person_name,"
						    " person_id, fetched_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
		/* The cache holds what the branch shows and prints: type and state in
		 * Chinese (机构证书, 有效), as the chosen certificate prefills the form. */
		for (int i = 0; i < NCOLS - 1; i++) {
			const char *v = json_string_value(json_object_get(e, cols[i]));
			if (i == 2 || i == 5)
				v = cert_word_zh(v);
			sqlite3_bind_text(st, i + 1, v, -1, SQLITE_STATIC);
		}
		sqlite3_bind_text(st, NCOLS, now, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	store_commit(s);
}

int cert_lookup(const struct conf *c, struct store *s, const char *serial, struct cert_info **results,
		bool *offline, char **err)
{
	struct http_client hc;
	struct http_result hr;
	char *path, *esc;
	int n;
	size_t reported = 0;

	*results = NULL;
	*offline = true;
	*err = NULL;
	if (str_empty(serial)) {
		*err = xstrdup("请输入证书序列号");
		return -1;
	}
	if (http_init(&hc, c, conf_int(c, "central.lookup_timeout"), err)) {
		hc.retries = 0;       /* the clerk is waiting: one short try, then the cache */
		esc = curl_easy_escape(hc.h, serial, 0);
		path = xasprintf("/v1/certificates?serial=%s", esc);
		curl_free(esc);
		if (http_call(&hc, "GET", path, NULL, NULL, 0, &hr) == HTTP_OK &&
		    json_is_array(json_object_get(hr.body, "certificates"))) {
			json_t *list = json_object_get(hr.body, "certificates");
			cache_store(s, list);
			reported = json_array_size(list);
			*offline = false;
		} else {
			*err = xstrdup(hr.error ? hr.error : "中心响应格式错误");
		}
		http_result_release(&hr);
		free(path);
		http_release(&hc);
	}
	/* online, the centre's answer is the truth (an empty answer hides a stale cache row) */
	if (!*offline && reported == 0)
		return 0;
	n = from_cache(s, serial, results);
	return n;
}
