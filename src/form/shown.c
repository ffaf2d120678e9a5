/* shown.c - what is shown of an application (form/shown.h). */
#include "form/shown.h"
#include "form/form.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/columns.h"
#include "store/formdata.h"
#include "store/orders.h"

#include <stdlib.h>
#include <string.h>

struct form *form_journey_load(struct store *s, const char *doing, char **err)
{
	struct form_schema schema;
	char *path = paths_file("forms/replacement.form"), *why = NULL;
	struct form *f;

	store_form_schema(&schema, s, paths_datadir());
	schema.journey = true;
	f = form_load(path, &schema, &why);
	free(path);
	if (!f) {
		/* "PATH:LINE: 说明" of the first problem: the file's name is enough on one line */
		char *nl = why ? strchr(why, '\n') : NULL, *base = why ? why : "", *colon;

		if (nl)
			*nl = '\0';
		colon = strchr(base, ':');
		for (char *p = base; colon && p < colon; p++)
			if (*p == '/')
				base = p + 1;
		*err = xasprintf("表单定义有误, %s: %s (请管理员运行 certdesk forms check)", doing, base);
		free(why);
	}
	return f;
}

/* Is COLUMN where a form field keeps the code of its choice (a bank's)? */
static bool is_code_column(const struct form *f, const char *column)
{
	for (size_t i = 0; i < f->nfields; i++)
		if (f->fields[i]->code_column && !strcmp(f->fields[i]->code_column, column))
			return true;
	return false;
}

static void push(struct detail_spec **v, size_t *n, const char *group, const char *column, const char *label,
		 bool division)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = (struct detail_spec){ group, column, label, division };
}

static void push_form(const struct form *f, struct detail_spec **v, size_t *n)
{
	for (size_t i = 0; i < f->nfields; i++) {
		const struct form_field *fld = f->fields[i];
		const struct column_def *code;

		if (column_has("applications", fld->key, COL_CONFIRM))
			continue;
		push(v, n, fld->section->title, fld->key, fld->label, fld->type == FT_DIVISION);
		if (fld->code_column && (code = column_find("applications", fld->code_column)) && code->label)
			push(v, n, fld->section->title, fld->code_column, code->label, false);
	}
}

struct detail_spec *form_shown_fields(const struct form *f, size_t *n)
{
	size_t ndefs;
	const struct column_def *defs = columns_all(&ndefs);
	struct detail_spec *v = NULL;
	bool form_done = false;

	*n = 0;
	for (size_t i = 0; i < ndefs; i++) {
		const struct column_def *d = &defs[i];

		if (strcmp(d->table, "applications"))
			continue;
		if (form_field_find(f, d->column)) {
			if (!form_done)
				push_form(f, &v, n);
			form_done = true;
		} else if (d->label && !is_code_column(f, d->column)) {
			push(&v, n, d->group, d->column, d->label, false);
		}
	}
	if (!form_done)
		push_form(f, &v, n);
	return v;
}

bool form_detail_load(struct store *s, long long app_id, bool unmask, struct order_detail *d, char **err)
{
	struct form *f = form_journey_load(s, "无法显示申请", err);
	struct detail_spec *shown;
	size_t n;
	bool ok;

	if (!f)
		return false;
	shown = form_shown_fields(f, &n);
	ok = order_detail_load(s, app_id, unmask, shown, n, d, err);
	free(shown);
	form_free(f);
	return ok;
}
