/* fees.h - the branch's fee table (data/fees.tsv): 证书金额 and 介质费用 per certificate type. */
#ifndef CERTDESK_FEES_H
#define CERTDESK_FEES_H

#include <stdbool.h>

struct fee {
	char *code;               /* organisation | personal | org_personal (certdesk-api(7)) */
	char *name;               /* 机构证书 | 个人证书 | 机构个人证书 */
	long cert_cents;          /* 证书金额, in fen */
	long media_cents;         /* 介质费用, in fen */
};

struct fees {
	struct fee *v;            /* owned; freed by fees_release */
	int n;
};

/* Load PATH (NULL: data/fees.tsv under paths_datadir()). On error returns false
 * and *err names the file and line (caller frees); *out is then empty. */
bool fees_load(const char *path, struct fees *out, char **err);
void fees_release(struct fees *f);

/* The row for a certificate type given by code or Chinese name; NULL if none.
 * Points into f. */
const struct fee *fees_find(const struct fees *f, const char *type);

/* "12.50" from 1250 (caller frees). */
char *fees_yuan(long cents);
/* Parse "12.5" / "12.50" / "12" (yuan) into fen; false when malformed. */
bool fees_parse_yuan(const char *s, long *cents);

#endif
