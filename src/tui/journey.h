/* journey.h - the replacement journey (新建补办): the state the step screens
 * share. The steps, their order and titles are the screens of
 * forms/replacement.form (certdesk-forms(5)); each step is a screen
 * (screen_*.c, chosen by the form screen's kind) opened with a struct
 * journey * as its arg; the journey owns that struct. */
#ifndef CERTDESK_JOURNEY_H
#define CERTDESK_JOURNEY_H

#include <stdbool.h>

#include "core/appno.h"

struct tui;
struct form;
struct formstate;
struct form_field;

struct journey {
	long long app_id;
	char appno[APPNO_LEN + 1];
	struct form *form;          /* forms/replacement.form, owned by the journey */
	struct formstate *fs;       /* bound to app_id, owned by the journey */
	int step;                   /* which step: the form's screens in order, consecutive fields screens one step */
	int form_screen;            /* which screen within the step (录入信息 may have several) */
	char *focus;                /* field key to land on (returned fields), or NULL */
};

/* Start a new draft (app_id 0) or continue/edit an existing application,
 * landing on the first incomplete step, or on the field focus_field (the
 * fields a supervisor marked at fault) when given. Refuses (tui_msg) when the
 * application cannot be edited in its status. */
bool journey_open(struct tui *t, long long app_id, const char *focus_field);

/* From a step screen: replace the current step with the next or previous
 * one. Moving forward is refused (with the reason) while the step has an error. */
void journey_next(struct tui *t, struct journey *j);
/* The message of a step that cannot be left forward: the field at fault
 * (BAD, may be NULL) and why (NULL or "": 请完成本页). */
void journey_page_error(struct tui *t, const struct form_field *bad, const char *why);
void journey_prev(struct tui *t, struct journey *j);

/* Leave the journey (F2 save and leave, Esc on the first step): everything
 * typed is already saved; the draft stays resumable. */
void journey_leave(struct tui *t, struct journey *j);

/* The breadcrumb 介质遗失补办介绍 > 证书选择 > 录入信息 > … at row y of the
 * body, the current step highlighted; returns the rows used. */
int journey_crumbs(struct tui *t, const struct journey *j, int y);

#endif
