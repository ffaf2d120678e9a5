/* input_text.c - a field typed in a line editor (text, names, numbers, …):
 * the field type's character filter (editor_filter_find), saved as typed.
 * Also the helpers every input shares (input.h). */
#include "tui/input.h"
#include "tui/field.h"

#include <stdlib.h>

void input_init(struct input *in, const struct input_ops *ops, struct input_host *h,
		const struct form_field *fld, editor_filter_fn filter)
{
	in->ops = ops;
	in->host = h;
	in->fld = fld;
	editor_init(&in->ed, (size_t)(fld->max > 0 ? fld->max : 0), filter);
}

bool input_save_text(struct input *in, struct fs_result *r)
{
	char *v = editor_text(&in->ed);

	formstate_leave(in->host->fs, in->fld, v, r);
	free(v);
	in->ed.changed = false;
	return true;
}

void input_draw_editor(struct input *in, int y, int x, int w)
{
	tui_field_draw(in->host->t, y, x, w, &in->ed, true, false);
}

static struct input *text_open(struct input_host *h, const struct form_field *fld)
{
	struct input *in = xcalloc(1, sizeof(*in));

	/* the types without a filter of their own (text, name) find none */
	input_init(in, &input_text_ops, h, fld, editor_filter_find(form_type_name(fld->type)));
	editor_set(&in->ed, formstate_get(h->fs, fld->key));
	return in;
}

static enum tui_outcome text_key(struct input *in, const struct tui_key *k)
{
	return tui_field_key(&in->ed, k);
}

void input_free(struct input *in)
{
	editor_release(&in->ed);
	free(in);
}

const struct input_ops input_text_ops = {
	.open = text_open,
	.key = text_key,
	.save = input_save_text,
	.draw = input_draw_editor,
	.close = input_free,
};
