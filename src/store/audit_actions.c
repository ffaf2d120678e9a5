/* audit_actions.c - the audit action vocabulary: codes and Chinese names. */
#include "store/audit_actions.h"

#include <string.h>

static const struct {
	const char *code, *zh;
} actions[] = {
#define AUDIT_X_ROW(e, code, zh, object, detail) { code, zh },
	AUDIT_ACTIONS(AUDIT_X_ROW)
#undef AUDIT_X_ROW
};

const char *audit_action_code(enum audit_action a)
{
	return (unsigned)a < AUDIT__COUNT ? actions[a].code : "?";
}

const char *audit_action_name(enum audit_action a)
{
	return (unsigned)a < AUDIT__COUNT ? actions[a].zh : "?";
}

int audit_action_parse(const char *code)
{
	for (int i = 0; code && i < AUDIT__COUNT; i++)
		if (!strcmp(code, actions[i].code))
			return i;
	return -1;
}

bool audit_action_pattern_ok(const char *pattern)
{
	size_t n = pattern ? strlen(pattern) : 0;

	if (!n)
		return false;
	if (audit_action_parse(pattern) >= 0)
		return true;
	for (int i = 0; i < AUDIT__COUNT; i++)
		if (!strncmp(actions[i].code, pattern, n) && actions[i].code[n] == '.')
			return true;
	return false;
}
