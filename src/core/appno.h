/* appno.h - the 18-digit application number: YYMMDD, branch code (4),
 * daily sequence (7), ISO 7064 MOD 11,10 check digit. Sortable by day. */
#ifndef CERTDESK_APPNO_H
#define CERTDESK_APPNO_H

#include <stdbool.h>

#define APPNO_LEN 18

/* ISO 7064 MOD 11,10 check digit over a string of decimal digits. */
int iso7064_mod11_10(const char *digits, int n);
/* Compose: day "YYMMDD", branch "NNNN", seq 1..9999999 -> out (19 bytes). */
bool appno_format(const char *yymmdd, const char *branch, long seq, char out[APPNO_LEN + 1]);
/* Check an application number as typed (spaces ignored). On success the
 * normalised number is copied to out and NULL returned; else a Chinese message. */
const char *appno_check(const char *typed, char out[APPNO_LEN + 1]);

#endif
