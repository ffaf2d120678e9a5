/* lookup.c - certificate lookup at the centre with a short timeout, falling
 * back to the local cert_cache (offline) and caching what the centre says. */
#include "sync/http.h"
#include "core/clock.h"
#include "sync/sync.h"
#include "core/centreapi.h"
#include "core/certvocab.h"
#include "core/conf.h"
#include "core/util.h"
#include "store/outbox.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#define NCOLS CERT_CACHE_COLS

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

struct found {
	struct cert_info *list;
	int n;
};

static void add(void *ud, const char *const values[CERT_CACHE_COLS])
{
	struct found *f = ud;
	struct cert_info *ci;

	f->list = xrealloc(f->list, (size_t)(f->n + 1) * sizeof(*f->list));
	ci = &f->list[f->n++];
	memset(ci, 0, sizeof(*ci));
	for (int i = 0; i < NCOLS; i++)
		*slot(ci, i) = xstrdup(values[i]);
}

static int from_cache(struct store *s, const char *serial, struct cert_info **out)
{
	struct found f = { NULL, 0 };

	cert_cache_get(s, serial, add, &f);
	*out = f.list;
	return f.n;
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
		const char *v[NCOLS];

		/* The cache holds what the branch shows and prints: type and state in
		 * Chinese (机构证书, 有效), as the chosen certificate prefills the form. */
		for (int i = 0; i < NCOLS - 1; i++) {
			v[i] = json_string_value(json_object_get(e, cert_cache_cols[i]));
			if (i == 2 || i == 5)
				v[i] = cert_word_zh(v[i]);
		}
		v[NCOLS - 1] = now;
		cert_cache_put(s, v);
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
		path = xasprintf(CENTRE_PATH_CERTIFICATES, esc);
		curl_free(esc);
		if (http_call(&hc, centre_method(CE_CERTIFICATES), path, NULL, NULL, 0, &hr) == HTTP_OK &&
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
