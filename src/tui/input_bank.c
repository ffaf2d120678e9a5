/* input_bank.c - a bank field: the bank directory searched as a keyword is
 * typed (bank_search), ↑/↓ and Enter pick a bank (its name, and its code
 * when the field has code-column); a name typed by hand is saved as typed
 * and looked up by the form state. */
#include "tui/input.h"
#include "tui/field.h"
#include "store/refdata.h"

#include <stdlib.h>
#include <string.h>

struct bank_hit {
	char *name, *code;
};

struct bankin {
	struct input in;
	struct bank_hit hits[INPUT_CANDS];
	int nhits, hsel;
	bool searched;
	struct bank_hit picked;          /* chosen from the hits, until saved */
};

static void hits_clear(struct bankin *b)
{
	for (int i = 0; i < b->nhits; i++) {
		free(b->hits[i].name);
		free(b->hits[i].code);
	}
	b->nhits = b->hsel = 0;
	b->searched = false;
}

static bool hit_cb(const struct bank *bk, void *ud)
{
	struct bankin *b = ud;

	b->hits[b->nhits].name = xstrdup(bk->name);
	b->hits[b->nhits].code = xstrdup(bk->code);
	b->nhits++;
	return b->nhits < INPUT_CANDS;
}

static void bank_find(struct bankin *b)
{
	struct tui *t = b->in.host->t;
	char *q = editor_text(&b->in.ed);

	hits_clear(b);
	if (*q && bank_search(t->store, q, INPUT_CANDS, hit_cb, b) < 0)
		tui_msg(t, TUI_MSG_ERROR, "无法查询银行目录");
	b->searched = *q != '\0';
	free(q);
}

static struct input *bank_open(struct input_host *h, const struct form_field *fld)
{
	struct bankin *b = xcalloc(1, sizeof(*b));

	input_init(&b->in, &input_bank_ops, h, fld, NULL);
	editor_set(&b->in.ed, formstate_get(h->fs, fld->key));
	return &b->in;
}

static enum tui_outcome bank_key(struct input *in, const struct tui_key *k)
{
	struct bankin *b = (struct bankin *)in;
	enum tui_outcome out;

	if (k->key == TUI_KEY_FN(KEY_UP) && b->nhits) {
		b->hsel = b->hsel > 0 ? b->hsel - 1 : 0;
		return TUI_REDRAW;
	}
	if (k->key == TUI_KEY_FN(KEY_DOWN) && b->nhits) {
		b->hsel = b->hsel + 1 < b->nhits ? b->hsel + 1 : b->hsel;
		return TUI_REDRAW;
	}
	if (k->act == ACT_NEXT_FIELD && k->key != '\t' && b->nhits) {
		/* saved with its code now; then on to the next field */
		b->picked.name = xstrdup(b->hits[b->hsel].name);
		b->picked.code = xstrdup(b->hits[b->hsel].code);
		editor_set(&in->ed, b->picked.name);
		in->ed.changed = false;
		hits_clear(b);
		in->host->commit(in->host);
		return TUI_NEXT_FIELD;
	}
	if (k->ch || (k->act >= ACT_ED_LEFT && k->act <= ACT_ED_KILL)) {
		out = tui_field_key(&in->ed, k);
		if (in->ed.changed)
			bank_find(b);
		return out;
	}
	return TUI_UNHANDLED;
}

static bool bank_save(struct input *in, struct fs_result *r)
{
	struct bankin *b = (struct bankin *)in;
	char *v;

	if (b->picked.name) {
		formstate_leave_bank(in->host->fs, in->fld, b->picked.name, b->picked.code, r);
		xfree(&b->picked.name);
		xfree(&b->picked.code);
		in->ed.changed = false;
		return true;
	}
	v = editor_text(&in->ed);
	if (!strcmp(v, formstate_get(in->host->fs, in->fld->key))) {
		/* unchanged: keep the code picked earlier */
		free(v);
		return false;
	}
	free(v);
	return input_save_text(in, r);
}

static int bank_cands(const struct input *in, int *first, bool *more)
{
	(void)in;
	*first = 0;
	*more = true;
	return INPUT_CANDS;
}

static char *bank_cand(const struct input *in, int i, bool *sel)
{
	const struct bankin *b = (const struct bankin *)in;

	if (i >= b->nhits)
		return NULL;
	*sel = i == b->hsel;
	return xstrdup(b->hits[i].name);
}

static char *bank_more(const struct input *in)
{
	const struct bankin *b = (const struct bankin *)in;

	return xstrdup(!b->searched ? " 输入关键字后, 搜索结果显示在上方"
		       : !b->nhits  ? " 没有匹配的开户行, 请换个关键字"
				    : " ↑↓ 选择, Enter 选定");
}

static void bank_help(const struct form_field *fld, struct strbuf *sb)
{
	(void)fld;
	sb_adds(sb, "输入开户行关键字 (例如 工商), ↑/↓ 在搜索结果中选择, Enter 选定。\n");
}

static void bank_close(struct input *in)
{
	struct bankin *b = (struct bankin *)in;

	hits_clear(b);
	free(b->picked.name);
	free(b->picked.code);
	input_free(in);
}

const struct input_ops input_bank_ops = {
	.open = bank_open,
	.key = bank_key,
	.save = bank_save,
	.draw = input_draw_editor,
	.cands = bank_cands,
	.cand = bank_cand,
	.more = bank_more,
	.help = bank_help,
	.close = bank_close,
};
