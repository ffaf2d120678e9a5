/* fuzz_form.c - the form-file parser (forms/ *.form, certdesk-forms(5)) on
 * hostile text, in memory. A refused file gives messages that each name the
 * file, UTF-8 without control characters. An accepted form is consistent:
 * every field sits in a section on a screen, keys are unique and found by
 * form_field_find, types and their settings agree, conditions, rules, copies
 * and prefills name fields that exist, prefills never loop, every string is
 * UTF-8 without control characters; and parsing again gives the same form. */
#include "fuzz.h"

#include "form/form.h"

#define NAME "fuzz.form"

/* Any well-formed key is a writable column except a few the engine owns, so
 * both answers of the schema are reached. */
static bool column_writable(const char *column, void *ud)
{
	(void)ud;
	return strcmp(column, "id") && strcmp(column, "status") && strcmp(column, "created_at") &&
	       strcmp(column, "app_no");
}

static bool cert_column(const char *column, void *ud)
{
	static const char *const cols[] = { "serial", "holder", "cert_type", "valid_from", "valid_to", "status",
					    "org_name", "org_doc_type", "org_doc_no", "person_name", "person_id" };

	(void)ud;
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		if (!strcmp(column, cols[i]))
			return true;
	return false;
}

static const struct form_schema schema = { .column_writable = column_writable, .cert_column = cert_column };

static void text_ok(const char *what, const char *s)
{
	if (!s)
		return;
	FUZZ_CHECK(fuzz_utf8_str(s), "%s is not UTF-8", what);
	FUZZ_CHECK(!fuzz_has_c0(s), "%s holds a control character", what);
}

static void strv_ok(const char *what, const struct form_strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		text_ok(what, v->v[i]);
}

static void conds_ok(const struct form *f, const struct form_conds *c)
{
	for (size_t i = 0; i < c->n; i++) {
		FUZZ_CHECK(form_field_find(f, c->v[i].field), "condition on unknown field %s", c->v[i].field);
		text_ok("condition value", c->v[i].value);
	}
}

/* Following `prefill from` from FLD never comes back to it (depth-bounded walk). */
static bool reaches(const struct form *f, const struct form_field *from, const struct form_field *target, size_t depth)
{
	if (depth > f->nfields)
		return true;      /* longer than any simple path: a loop */
	for (size_t i = 0; i < from->nprefills; i++) {
		const struct form_field *src;

		if (from->prefills[i].from != PF_FIELD || !(src = form_field_find(f, from->prefills[i].source)))
			continue;
		if (src == target || reaches(f, src, target, depth + 1))
			return true;
	}
	return false;
}

static void field_ok(const struct form *f, const struct form_field *fld, size_t i)
{
	FUZZ_CHECK(fld->index == i, "field %zu has index %zu", i, fld->index);
	FUZZ_CHECK(fld->key && *fld->key && form_field_find(f, fld->key) == fld, "field %zu not found by key", i);
	FUZZ_CHECK(fld->section && form_section_find(f, fld->section->key) == fld->section, "field %s has no section",
		   fld->key);
	FUZZ_CHECK((unsigned)fld->type < FT__COUNT, "field %s type %d", fld->key, fld->type);
	FUZZ_CHECK(fld->label, "field %s has no label", fld->key);
	FUZZ_CHECK(fld->max >= 0, "field %s max %d", fld->key, fld->max);
	FUZZ_CHECK(fld->type != FT_CHOICE || fld->choices.n >= 1, "choice %s without choices", fld->key);
	FUZZ_CHECK(fld->type != FT_YESNO || fld->choices.n == 2, "yesno %s with %zu choices", fld->key, fld->choices.n);
	FUZZ_CHECK(fld->type != FT_DIVISION || fld->levels == 2 || fld->levels == 3, "division %s levels %d", fld->key,
		   fld->levels);
	FUZZ_CHECK(!(fld->def && fld->fixed), "field %s has default and fixed", fld->key);
	FUZZ_CHECK(!fld->fixed || !fld->max || form_utf8_len(fld->fixed) <= (size_t)fld->max, "fixed over max");
	text_ok("key", fld->key);
	text_ok("label", fld->label);
	text_ok("hint", fld->hint);
	text_ok("default", fld->def);
	text_ok("fixed", fld->fixed);
	strv_ok("choice", &fld->choices);
	strv_ok("note", &fld->notes);
	conds_ok(f, &fld->when);
	for (size_t k = 0; k < fld->nprefills; k++) {
		conds_ok(f, &fld->prefills[k].when);
		if (fld->prefills[k].from == PF_FIELD && *fld->prefills[k].source)
			FUZZ_CHECK(form_field_find(f, fld->prefills[k].source), "prefill from unknown %s",
				   fld->prefills[k].source);
	}
	FUZZ_CHECK(!reaches(f, fld, fld, 0), "prefill loop through %s", fld->key);
	for (size_t k = 0; k < fld->nchecks; k++) {
		FUZZ_CHECK((unsigned)fld->checks[k].type < FT__COUNT, "check type");
		conds_ok(f, &fld->checks[k].when);
	}
	for (size_t k = 0; k < fld->nrules; k++) {
		FUZZ_CHECK(form_field_find(f, fld->rules[k].other), "rule on unknown field");
		text_ok("rule message", fld->rules[k].message);
	}
	if (fld->copy)
		FUZZ_CHECK(form_field_find(f, fld->copy), "copy from unknown field %s", fld->copy);
}

static void form_ok(const struct form *f)
{
	size_t fields = 0;

	FUZZ_CHECK(f->nscreens >= 1, "a form without screens");
	text_ok("form title", f->title);
	for (size_t i = 0; i < f->nscreens; i++) {
		const struct form_screen *s = f->screens[i];

		FUZZ_CHECK(form_screen_find(f, s->key) == s, "screen %s not found by key", s->key);
		FUZZ_CHECK((unsigned)s->kind < SK__COUNT, "screen kind %d", s->kind);
		FUZZ_CHECK(s->kind != SK_AGREEMENTS || s->nagreements, "agreements screen without agreements");
		text_ok("screen title", s->title);
		strv_ok("screen note", &s->notes);
		conds_ok(f, &s->when);
		for (size_t k = 0; k < s->nsections; k++)
			FUZZ_CHECK(s->sections[k]->screen == s, "section %s on the wrong screen", s->sections[k]->key);
		for (size_t k = 0; k < s->nagreements; k++)
			text_ok("agreement title", s->agreements[k].title);
	}
	for (size_t i = 0; i < f->nsections; i++) {
		const struct form_section *s = f->sections[i];

		FUZZ_CHECK(form_section_find(f, s->key) == s, "section %s not found by key", s->key);
		text_ok("section title", s->title);
		strv_ok("section note", &s->notes);
		conds_ok(f, &s->when);
		for (size_t k = 0; k < s->nfields; k++)
			FUZZ_CHECK(s->fields[k]->section == s, "field %s in the wrong section", s->fields[k]->key);
		fields += s->nfields;
	}
	FUZZ_CHECK(fields == f->nfields, "%zu fields in sections, %zu in the form", fields, f->nfields);
	for (size_t i = 0; i < f->nfields; i++)
		field_ok(f, f->fields[i], i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL, *err2 = NULL;
	struct form *f = form_parse((const char *)data, size, NAME, &schema, &err);
	struct form *g = form_parse((const char *)data, size, NAME, &schema, &err2);

	FUZZ_CHECK(!f == !g, "parsing twice gives different answers");
	if (!f) {
		FUZZ_CHECK(err && *err && !strcmp(err, err2), "refused without a message, or another one the second time");
		FUZZ_CHECK(fuzz_utf8_str(err), "message is not UTF-8");
		for (char *line = err; line && *line;) {
			char *nl = strchr(line, '\n');
			size_t n = nl ? (size_t)(nl - line) : strlen(line);

			FUZZ_CHECK(n > strlen(NAME) && !strncmp(line, NAME ":", strlen(NAME) + 1),
				   "message line does not name the file: %.*s", (int)n, line);
			FUZZ_CHECK(fuzz_utf8_ok(line, n), "message line is not UTF-8");
			for (size_t k = 0; k < n; k++)
				FUZZ_CHECK((unsigned char)line[k] >= 0x20 && line[k] != 0x7F, "control in a message");
			line = nl ? nl + 1 : NULL;
		}
	} else {
		FUZZ_CHECK(!err, "accepted with a message");
		form_ok(f);
		FUZZ_CHECK(f->nfields == g->nfields && f->nsections == g->nsections && f->nscreens == g->nscreens,
			   "parsing twice gives another form");
	}
	form_free(f);
	form_free(g);
	free(err);
	free(err2);
	return 0;
}
