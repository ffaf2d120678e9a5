/* form_lib.h - the form layer (src/form/), above the store and below the
 * screens, the printed forms, sync and export.
 *
 * What it offers:
 * - form.h: the parser and checker of forms/ *.form (certdesk-forms(5)): a
 *   journey's screens, sections, fields, choices, agreements, prefills and
 *   cross-field rules, checked against the store's schema (store_form_schema);
 * - formstate.h: one form bound to one application: values, visibility,
 *   prefill from the certificate cache, validation on leave, draft saves in
 *   store transactions, the section rule (formstate_section_ok);
 * - shown.h: the journey form loaded as the journey runs it, and what is
 *   shown of an application away from the form screen (查看详情, 审核, the
 *   export, the printed form's 其他信息): the form's fields plus what the
 *   column-roles table labels.
 *
 * It knows no SQL: what it needs from the database it asks by name of the
 * store (store/app.h, store/formdata.h, store/refdata.h). It knows no ncurses:
 * the screens in src/tui/ draw it and feed it what the clerk typed. */
#ifndef CERTDESK_FORM_LIB_H
#define CERTDESK_FORM_LIB_H

#include "form/form.h"       /* IWYU pragma: export */
#include "form/formstate.h"  /* IWYU pragma: export */
#include "form/shown.h"      /* IWYU pragma: export */

#endif
