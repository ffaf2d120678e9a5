/* shown.h - an application as it is shown away from the form screen:
 * 查看详情, 审核, the export's 申请信息 sheet and the printed form's 其他信息.
 * The form says the fields, their order, labels and groups (sections); the
 * column-roles table (store/columns.h) adds what the form does not label
 * (agreements, a bank's code, payment, identity, the centre's answers) and
 * leaves out a field that only confirms another. A field added to the form
 * therefore shows everywhere without a list of columns to extend. */
#ifndef CERTDESK_SHOWN_H
#define CERTDESK_SHOWN_H

#include <stdbool.h>
#include <stddef.h>

struct form;
struct store;
struct detail_spec;
struct order_detail;

/* The journey form (forms/replacement.form under the data directory), parsed
 * and checked against the store's schema as the journey runs it. NULL when
 * it cannot be used, with *err (caller frees) the one message every user of
 * the form gives: "表单定义有误, DOING: FILE:LINE: 说明 (请管理员运行 certdesk
 * forms check)" - the first problem; forms check lists them all. */
struct form *form_journey_load(struct store *s, const char *doing, char **err);

/* What is shown of an application, in order: the labelled columns of the
 * roles table in its order, with the form's fields (in form order, each
 * followed by its code column) where the first of them stands. The strings
 * belong to F and to the roles table; free the array. *n gets the count. */
struct detail_spec *form_shown_fields(const struct form *f, size_t *n);

/* order_detail_load (store/orders.h) of APP_ID with what the journey form
 * shows. False with *err (Chinese, caller frees): no such application, or
 * the form cannot be used. */
bool form_detail_load(struct store *s, long long app_id, bool unmask, struct order_detail *d, char **err);

#endif
