/* appno.c - compose and verify application numbers. */
#include "core/appno.h"

#include <stdio.h>
#include <string.h>

int iso7064_mod11_10(const char *digits, int n)
{
	int p = 10;

	for (int i = 0; i < n; i++) {
		int s = (p + (digits[i] - '0')) % 10;
		if (s == 0)
			s = 10;
		p = (s * 2) % 11;
	}
	return (11 - p) % 10;
}

bool appno_format(const char *yymmdd, const char *branch, long seq, char out[APPNO_LEN + 1])
{
	if (strlen(yymmdd) != 6 || strspn(yymmdd, "0123456789") != 6 || strlen(branch) != 4 ||
	    strspn(branch, "0123456789") != 4 || seq < 1 || seq > 9999999)
		return false;
	snprintf(out, APPNO_LEN + 1, "%s%s%07ld", yymmdd, branch, seq);
	out[17] = (char)('0' + iso7064_mod11_10(out, 17));
	out[18] = '\0';
	return true;
}

const char *appno_check(const char *typed, char out[APPNO_LEN + 1])
{
	char buf[APPNO_LEN + 1];
	int n = 0;

	for (const char *p = typed; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (*p < '0' || *p > '9')
			return "申请单号只能包含数字";
		if (n >= APPNO_LEN)
			return "申请单号应为 18 位数字 (输入过长)";
		buf[n++] = *p;
	}
	buf[n] = '\0';
	if (n != APPNO_LEN)
		return "申请单号应为 18 位数字";
	if (buf[17] - '0' != iso7064_mod11_10(buf, 17))
		return "申请单号校验位不符, 请核对是否输错";
	memcpy(out, buf, APPNO_LEN + 1);
	return NULL;
}
