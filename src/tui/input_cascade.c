/* input_cascade.c - a division field (省市县): level by level from the
 * division table; typing filters the level (names, or code digits), ↑/↓ and
 * Enter pick and go down a level; levels with one entry are picked by
 * themselves; Backspace on an empty filter goes back up. */
#include "tui/input.h"
#include "tui/field.h"
#include "core/util.h"
#include "store/refdata.h"

#include <stdlib.h>
#include <string.h>

struct cascade {
	struct input in;
	struct division sel[3];
	int level;                       /* entries chosen in sel[] */
	bool done;
	struct division_list kids;       /* below sel[level - 1] */
	int *match, nmatch, msel;
};

static int levels_of(const struct form_field *fld)
{
	return fld->levels > 0 ? fld->levels : 3;
}

static void cascade_clear(struct cascade *c)
{
	for (int i = 0; i < 3; i++)
		if (c->sel[i].name)
			division_release(&c->sel[i]);
	memset(c->sel, 0, sizeof(c->sel));
	division_list_release(&c->kids);
	memset(&c->kids, 0, sizeof(c->kids));
	xfree(&c->match);
	c->nmatch = c->msel = 0;
	c->level = 0;
	c->done = false;
}

static void cascade_filter(struct cascade *c)
{
	char *q = editor_text(&c->in.ed);
	bool digits = *q != '\0';

	for (const char *p = q; *p; p++)
		digits &= *p >= '0' && *p <= '9';
	free(c->match);
	c->match = xcalloc(c->kids.n + 1, sizeof(int));
	c->nmatch = 0;
	for (size_t i = 0; i < c->kids.n; i++) {
		const struct division *d = &c->kids.v[i];

		if (!*q || strstr(d->name, q) || (digits && str_startswith(d->code, q)))
			c->match[c->nmatch++] = (int)i;
	}
	if (c->msel >= c->nmatch)
		c->msel = 0;
	free(q);
}

static void division_copy(struct division *to, const struct division *from)
{
	*to = *from;
	to->name = xstrdup(from->name);
}

static void cascade_load(struct cascade *c)
{
	struct tui *t = c->in.host->t;

	division_list_release(&c->kids);
	memset(&c->kids, 0, sizeof(c->kids));
	if (division_children(t->store, c->level ? c->sel[c->level - 1].code : NULL, &c->kids) < 0)
		tui_msg(t, TUI_MSG_ERROR, "无法读取行政区划表");
	c->msel = 0;
	cascade_filter(c);
}

/* Choose kids.v[i] at the current level; single-entry levels below are
 * chosen at once (a municipality's city, a prefecture without counties). */
static void cascade_pick(struct cascade *c, size_t i)
{
	division_copy(&c->sel[c->level++], &c->kids.v[i]);
	editor_apply(&c->in.ed, ED_CLEAR);
	if (c->level >= levels_of(c->in.fld) || c->sel[c->level - 1].whole) {
		c->done = true;
		division_list_release(&c->kids);
		memset(&c->kids, 0, sizeof(c->kids));
		c->nmatch = 0;
		return;
	}
	cascade_load(c);
	if (!c->kids.n) {
		c->done = true;
	} else if (c->kids.n == 1) {
		cascade_pick(c, 0);
	}
}

/* One level up, over levels that offer a single entry (chosen by themselves). */
static void cascade_back(struct cascade *c)
{
	c->done = false;
	while (c->level > 0) {
		division_release(&c->sel[--c->level]);
		memset(&c->sel[c->level], 0, sizeof(c->sel[c->level]));
		cascade_load(c);
		if (c->kids.n != 1)
			break;
	}
	if (!c->level && !c->kids.n)
		cascade_load(c);
}

static struct input *cascade_open(struct input_host *h, const struct form_field *fld)
{
	struct cascade *c = xcalloc(1, sizeof(*c));
	const char *v = formstate_get(h->fs, fld->key);
	struct division sel[3];
	int levels = levels_of(fld);

	input_init(&c->in, &input_cascade_ops, h, fld, NULL);
	if (*v && division_selection(h->t->store, v, sel)) {
		for (int i = 0; i < 3; i++) {
			if (i < levels)
				c->sel[i] = sel[i];
			else
				division_release(&sel[i]);
		}
		c->level = levels;
		c->done = true;
	} else {
		cascade_load(c);
		if (c->kids.n == 1)
			cascade_pick(c, 0);
	}
	return &c->in;
}

static enum tui_outcome cascade_key(struct input *in, const struct tui_key *k)
{
	struct cascade *c = (struct cascade *)in;

	if (k->key == TUI_KEY_FN(KEY_UP) && !c->done && c->nmatch) {
		c->msel = c->msel > 0 ? c->msel - 1 : 0;
		return TUI_REDRAW;
	}
	if (k->key == TUI_KEY_FN(KEY_DOWN) && !c->done && c->nmatch) {
		c->msel = c->msel + 1 < c->nmatch ? c->msel + 1 : c->msel;
		return TUI_REDRAW;
	}
	if (k->act == ACT_NEXT_FIELD && k->key != '\t' && !c->done) {
		if (!c->nmatch) {
			tui_msg(in->host->t, TUI_MSG_ERROR, "没有匹配的地区, 请修改筛选文字");
			return TUI_REDRAW;
		}
		cascade_pick(c, (size_t)c->match[c->msel]);
		/* complete: on to the next field (the form screen saves it first) */
		return c->done ? TUI_NEXT_FIELD : TUI_REDRAW;
	}
	if (k->act == ACT_ED_BACKSPACE && in->ed.len == 0) {
		cascade_back(c);
		in->ed.changed = true;
		return TUI_REDRAW;
	}
	if (k->act == ACT_ED_CLEAR) {
		cascade_clear(c);
		cascade_load(c);
		editor_apply(&in->ed, ED_CLEAR);
		in->ed.changed = true;
		return TUI_REDRAW;
	}
	if (k->ch && k->act == ACT_NONE && c->done) {
		/* typing over a complete selection starts again at the province */
		cascade_clear(c);
		cascade_load(c);
	}
	if (!c->done && (k->ch || (k->act >= ACT_ED_LEFT && k->act <= ACT_ED_KILL))) {
		enum tui_outcome out = tui_field_key(&in->ed, k);

		c->msel = 0;
		cascade_filter(c);
		return out;
	}
	return TUI_UNHANDLED;
}

static bool cascade_save(struct input *in, struct fs_result *r)
{
	const struct cascade *c = (const struct cascade *)in;
	const char *stored = formstate_get(in->host->fs, in->fld->key);
	/* a stored value not shown as a selection (not in the table) stays as it is until edited */
	char *v = xstrdup(!c->done && !c->level && *stored && !in->ed.changed ? stored
			  : c->level ? c->sel[c->level - 1].code : "");

	formstate_leave(in->host->fs, in->fld, v, r);
	free(v);
	in->ed.changed = false;
	return true;
}

static void cascade_draw(struct input *in, int y, int x, int w)
{
	const struct cascade *c = (const struct cascade *)in;
	attr_t box = tui_style(STYLE_FIELD_ACTIVE);
	struct strbuf sb;
	int used;

	sb_init(&sb);
	for (int i = 0; i < c->level; i++)
		if (!(i == 2 && c->sel[i].whole) && !(i == 1 && c->level > 1 && !strcmp(c->sel[1].name, c->sel[0].name)))
			sb_addf(&sb, "%s ", c->sel[i].name);
	used = tui_draw_text(stdscr, y, x, sb.s ? sb.s : "", w / 2, box);
	sb_release(&sb);
	if (c->done) {
		tui_draw_fill(stdscr, y, x + used, "", w - used, box);
		tui_cursor(in->host->t, y, x + used);
	} else {
		tui_field_draw(in->host->t, y, x + used, w - used, &in->ed, true, false);
	}
}

static int cascade_cands(const struct input *in, int *first, bool *more)
{
	const struct cascade *c = (const struct cascade *)in;

	*first = c->msel >= INPUT_CANDS ? c->msel - INPUT_CANDS + 1 : 0;
	*more = !c->done;
	return c->done ? 0 : INPUT_CANDS;
}

static char *cascade_cand(const struct input *in, int i, bool *sel)
{
	const struct cascade *c = (const struct cascade *)in;

	if (i >= c->nmatch)
		return NULL;
	*sel = i == c->msel;
	return xstrdup(c->kids.v[c->match[i]].name);
}

static char *cascade_more(const struct input *in)
{
	const struct cascade *c = (const struct cascade *)in;

	if (!c->nmatch)
		return xstrdup(" 没有匹配的地区, 请修改筛选文字");
	if (c->nmatch > INPUT_CANDS)
		return xasprintf(" … 共 %d 项, 输入文字可筛选", c->nmatch);
	return NULL;
}

static void cascade_help(const struct form_field *fld, struct strbuf *sb)
{
	(void)fld;
	sb_adds(sb, "按省、市、县逐级选择: 输入文字筛选, ↑/↓ 选择, Enter 选定并进入下一级; "
		    "筛选为空时 Backspace 退回上一级。直辖市和不设区县的地市自动完成。\n");
}

static void cascade_close(struct input *in)
{
	cascade_clear((struct cascade *)in);
	input_free(in);
}

const struct input_ops input_cascade_ops = {
	.open = cascade_open,
	.key = cascade_key,
	.save = cascade_save,
	.draw = cascade_draw,
	.cands = cascade_cands,
	.cand = cascade_cand,
	.more = cascade_more,
	.help = cascade_help,
	.close = cascade_close,
};
