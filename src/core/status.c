/* status.c - status names, their rules and the lifecycle's transition table. */
#include "core/status.h"
#include "core/util.h"

#include <string.h>

static const struct {
	const char *code, *name;
	int colour;
	unsigned rules;
} statuses[] = {
#define X(e, code, name, colour, rules) [e] = { code, name, colour, rules },
	STATUS_TABLE(X)
#undef X
};

/* The lifecycle of SPEC.md. Each row: from, then every allowed to. */
static const struct {
	enum app_status from;
	enum app_status to[6];
	int n;
} transitions[] = {
	{ ST_DRAFT, { ST_PENDING, ST_VOIDED }, 2 },
	{ ST_PENDING, { ST_APPROVED, ST_RETURNED, ST_DRAFT }, 3 },     /* draft: clerk pulls it back to edit */
	{ ST_RETURNED, { ST_PENDING, ST_VOIDED }, 2 },
	{ ST_APPROVED, { ST_QUEUED, ST_PENDING }, 2 },                 /* pending: an edit voids the approval */
	{ ST_QUEUED, { ST_SYNCED, ST_ACCEPTED, ST_REJECTED, ST_FINAUTH_FAILED }, 4 },
	{ ST_SYNCED, { ST_ACCEPTED, ST_REJECTED, ST_FINAUTH_FAILED, ST_REFUND_REQUESTED, ST_REFUNDED }, 5 },
	{ ST_ACCEPTED, { ST_SHIPPED, ST_FINAUTH_FAILED, ST_REFUND_REQUESTED, ST_REFUNDED }, 4 },
	{ ST_REJECTED, { ST_PENDING, ST_REFUND_REQUESTED, ST_REFUNDED }, 3 },
	{ ST_FINAUTH_FAILED, { ST_QUEUED, ST_SYNCED, ST_REFUND_REQUESTED, ST_REFUNDED }, 4 },
	{ ST_SHIPPED, { ST_COMPLETED }, 1 },
	/* centre may decline the refund, or had shipped before the request reached it */
	{ ST_REFUND_REQUESTED, { ST_REFUNDED, ST_SYNCED, ST_ACCEPTED, ST_SHIPPED }, 4 },
};

const char *status_code(enum app_status st)
{
	return (unsigned)st < ST__COUNT ? statuses[st].code : "?";
}

const char *status_name(enum app_status st)
{
	return (unsigned)st < ST__COUNT ? statuses[st].name : "?";
}

int status_colour(enum app_status st)
{
	return (unsigned)st < ST__COUNT ? statuses[st].colour : 0;
}

bool status_allows(int st, enum status_rule rule)
{
	return st >= 0 && st < ST__COUNT && (statuses[st].rules & (unsigned)rule) == (unsigned)rule;
}

int status_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < ST__COUNT; i++)
		if (!strcmp(s, statuses[i].code) || !strcmp(s, statuses[i].name))
			return i;
	return -1;
}

bool status_can(enum app_status from, enum app_status to)
{
	for (size_t i = 0; i < ARRAY_SIZE(transitions); i++) {
		if (transitions[i].from != from)
			continue;
		for (int j = 0; j < transitions[i].n; j++)
			if (transitions[i].to[j] == to)
				return true;
	}
	return false;
}
