/* centreapi.c - the centre's feed event codes (core/centreapi.h). */
#include "core/centreapi.h"

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
