/* certvocab.c - certificate type and state codes of certdesk-api(7) in Chinese. */
#include "core/certvocab.h"
#include "core/util.h"

#include <string.h>

static const char *const words[][2] = {
	{ "organisation", "机构证书" }, { "personal", "个人证书" }, { "org_personal", "机构个人证书" },
	{ "valid", "有效" },           { "expired", "已过期" },     { "revoked", "已吊销" },
	{ "suspended", "已冻结" },
};

const char *cert_word_zh(const char *code)
{
	for (size_t i = 0; code && i < ARRAY_SIZE(words); i++)
		if (!strcmp(code, words[i][0]))
			return words[i][1];
	return code;
}
