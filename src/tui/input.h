/* input.h - how a field of the form screen is entered, one file per kind of
 * input behind struct input_ops (input_text.c, input_choice.c,
 * input_cascade.c, input_bank.c); the form screen (screen_form.c) picks the
 * ops by the field's type in its one table and names no input beyond it. */
#ifndef CERTDESK_INPUT_H
#define CERTDESK_INPUT_H

#include <stdbool.h>

#include "core/util.h"
#include "form/formstate.h"
#include "tui/editor.h"
#include "tui/screen.h"

/* Candidate rows under an active picker: the same number whatever matches,
 * so typing a filter does not move the rest of the screen. */
#define INPUT_CANDS 6

/* What the form screen lends an input while one of its fields is active. */
struct input_host {
	struct tui *t;
	struct formstate *fs;
	/* Save the field now (through the input's save) and show the outcome
	 * beside it, e.g. a choice at once, since other fields may show or hide. */
	void (*commit)(struct input_host *h);
};

/* One active field. An input's state embeds it first; open allocates it,
 * close frees it. */
struct input {
	const struct input_ops *ops;
	struct input_host *host;
	const struct form_field *fld;
	struct editor ed;   /* the text, the cascade's filter, the bank keyword; unused by choices */
};

struct input_ops {
	/* Start entering FLD from its stored value (never NULL). */
	struct input *(*open)(struct input_host *h, const struct form_field *fld);
	/* A key while the field is active: TUI_NEXT_FIELD / TUI_PREV_FIELD and
	 * TUI_UNHANDLED leave the key to the form screen (next field, next
	 * screen, F2, …). */
	enum tui_outcome (*key)(struct input *in, const struct tui_key *k);
	/* Save what the field holds now (formstate_leave or _leave_bank): true
	 * with *r for the screen to show (it releases r); false when the stored
	 * value stands unchanged (nothing saved). */
	bool (*save)(struct input *in, struct fs_result *r);
	/* The active field's box, W columns at Y, X (places the cursor). */
	void (*draw)(struct input *in, int y, int x, int w);
	/* Rows under the active box: candidates FIRST … FIRST + returned count - 1
	 * (0: none) and, when *more, one hint row after them. Optional. */
	int (*cands)(const struct input *in, int *first, bool *more);
	/* Candidate I's text (caller frees) and whether it is the selected one;
	 * NULL for a blank row (fewer matches than rows). */
	char *(*cand)(const struct input *in, int i, bool *sel);
	/* The hint row's text (caller frees), NULL for a blank row. */
	char *(*more)(const struct input *in);
	/* F1: how this kind of field is entered, added to the help text. Optional. */
	void (*help)(const struct form_field *fld, struct strbuf *sb);
	void (*close)(struct input *in);
};

extern const struct input_ops input_text_ops;     /* input_text.c: a line editor (the field type's filter) */
extern const struct input_ops input_choice_ops;   /* input_choice.c: ←/→, number, first character */
extern const struct input_ops input_cascade_ops;  /* input_cascade.c: 省市县 level by level, typed filter */
extern const struct input_ops input_bank_ops;     /* input_bank.c: the bank directory searched as typed */

/* The fields shared by every input's open: ops, host, fld, the editor (MAX
 * characters, FILTER may be NULL, empty). */
void input_init(struct input *in, const struct input_ops *ops, struct input_host *h,
		const struct form_field *fld, editor_filter_fn filter);
/* The editor's text saved with formstate_leave (text, the bank typed by hand). */
bool input_save_text(struct input *in, struct fs_result *r);
/* Release the editor and free IN (the close of inputs with nothing else to free). */
void input_free(struct input *in);
void input_draw_editor(struct input *in, int y, int x, int w);

#endif
