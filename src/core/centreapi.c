/* centreapi.c - the centre's feed event codes and endpoints, and matching a
 * request path against an endpoint's (core/centreapi.h). */
#include "core/centreapi.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static const char *const codes[FEED__COUNT] = {
	[FEED_ACCEPTED] = "accepted",
	[FEED_REJECTED] = "rejected",
	[FEED_FINAUTH_FAILED] = "finauth_failed",
	[FEED_SHIPPED] = "shipped",
	[FEED_REFUNDED] = "refunded",
	[FEED_PIN_ISSUED] = "pin_issued",
	[FEED_INVOICE_ISSUED] = "invoice_issued",
	[FEED_REVOKED] = "revoked",
};

const char *feed_event_code(enum feed_event e)
{
	return (unsigned)e < FEED__COUNT ? codes[e] : "?";
}

int feed_event_parse(const char *code)
{
	if (!code)
		return -1;
	for (int i = 0; i < FEED__COUNT; i++)
		if (!strcmp(code, codes[i]))
			return i;
	return -1;
}

static const struct centre_endpoint_def endpoints[CE__COUNT] = {
	[CE_CERTIFICATES] = { "GET", CENTRE_PATH_CERTIFICATES },
	[CE_SUBMIT] = { "POST", CENTRE_PATH_SUBMIT },
	[CE_APPLICATION] = { "GET", CENTRE_PATH_APPLICATION },
	[CE_ATTACHMENT] = { "PUT", CENTRE_PATH_ATTACHMENT },
	[CE_FINAUTH] = { "POST", CENTRE_PATH_FINAUTH },
	[CE_REFUND] = { "POST", CENTRE_PATH_REFUND },
	[CE_FEED] = { "GET", CENTRE_PATH_FEED },
	[CE_IDV] = { "POST", CENTRE_PATH_IDV },
	[CE_IDV_ONE] = { "GET", CENTRE_PATH_IDV_ONE },
	[CE_PAYMENTS] = { "POST", CENTRE_PATH_PAYMENTS },
	[CE_PAYMENT_ONE] = { "GET", CENTRE_PATH_PAYMENT_ONE },
};

const struct centre_endpoint_def *centre_endpoint(enum centre_endpoint e)
{
	return (unsigned)e < CE__COUNT ? &endpoints[e] : NULL;
}

const char *centre_method(enum centre_endpoint e)
{
	const struct centre_endpoint_def *d = centre_endpoint(e);

	return d ? d->method : "GET";
}

void centre_path_split(struct centre_path *p, const char *url)
{
	char *q;

	memset(p, 0, sizeof(*p));
	p->copy = xstrdup(url ? url : "");
	if ((q = strchr(p->copy, '?')))
		*q = '\0';
	for (char *save = NULL, *s = strtok_r(p->copy, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
		if (p->n == CENTRE_PATH_MAX_SEGS) {
			p->n++;         /* more than any endpoint has */
			break;
		}
		p->seg[p->n++] = s;
	}
}

void centre_path_release(struct centre_path *p)
{
	free(p->copy);
	memset(p, 0, sizeof(*p));
}

bool centre_path_match(const char *pattern, const struct centre_path *p, const char *args[CENTRE_PATH_MAX_ARGS],
		       int *nargs)
{
	const char *s = pattern;
	int k = 0, na = 0;

	for (;;) {
		size_t len;

		while (*s == '/')
			s++;
		if (!*s || *s == '?')
			break;
		len = strcspn(s, "/?");
		if (k >= p->n || k >= CENTRE_PATH_MAX_SEGS)
			return false;
		if (len == 2 && !strncmp(s, "%s", 2)) {
			if (na == CENTRE_PATH_MAX_ARGS)
				return false;
			args[na++] = p->seg[k];
		} else if (strlen(p->seg[k]) != len || strncmp(s, p->seg[k], len)) {
			return false;
		}
		k++;
		s += len;
	}
	if (k != p->n)
		return false;
	if (nargs)
		*nargs = na;
	return true;
}

int centre_endpoint_match(const char *method, const struct centre_path *p, const char *args[CENTRE_PATH_MAX_ARGS])
{
	for (int i = 0; i < CE__COUNT; i++)
		if (!strcmp(method, endpoints[i].method) && centre_path_match(endpoints[i].path, p, args, NULL))
			return i;
	return -1;
}
