/* screen_help.c - 帮助: the key bindings (generated from the keymap table),
 * the CA guide's FAQ (data/faq.txt) and the support information of the
 * branch and the CA (from certdesk.conf). */
#include "tui/screens.h"
#include "tui/pager.h"
#include "core/conf.h"
#include "core/faq.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

struct help {
	struct pager pager;
	struct tui_rect body;
};

/* data/faq.txt through the one parser (core/faq.c): a question is shown as a
 * heading, its answer lines as they are. */
static void add_faq(struct pager *p)
{
	struct faq f;
	char *err;

	if (!faq_load(&f, NULL, &err)) {
		pager_add(p, err, STYLE_ERROR);
		free(err);
		return;
	}
	for (size_t i = 0; i < f.n; i++)
		pager_add(p, f.lines[i].text, f.lines[i].question ? STYLE_HEADING : STYLE_NORMAL);
	faq_release(&f);
}

static void add_support(struct tui *t, struct pager *p)
{
	static const struct {
		const char *key, *label;
	} rows[] = {
		{ "branch.name", "本网点" },       { "branch.address", "网点地址" },
		{ "branch.hotline", "网点电话" },  { "branch.hours", "营业时间" },
		{ "ca.name", "证书签发机构" },     { "ca.hotline", "CA 服务热线" },
		{ "ca.website", "CA 官方网址" },   { "ca.hours", "CA 人工服务时间" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *v = conf_str(t->conf, rows[i].key);
		char *line = xasprintf("  %s: %s", rows[i].label, str_empty(v) ? "(未配置)" : v);
		pager_add(p, line, STYLE_NORMAL);
		free(line);
	}
}

static bool help_init(struct tui *t, void *arg, void **state)
{
	struct help *h = xcalloc(1, sizeof(*h));
	struct strbuf keys;

	(void)arg;
	pager_init(&h->pager);
	pager_add(&h->pager, "一、按键说明", STYLE_HEADING);
	sb_init(&keys);
	keymap_help(&keys, 0);
	pager_add(&h->pager, keys.s, STYLE_NORMAL);
	sb_release(&keys);
	pager_add(&h->pager, "二、常见问题", STYLE_HEADING);
	add_faq(&h->pager);
	pager_add(&h->pager, "", STYLE_NORMAL);
	pager_add(&h->pager, "三、客户服务支持", STYLE_HEADING);
	add_support(t, &h->pager);
	*state = h;
	return true;
}

static void help_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct help *h = state;

	(void)t;
	h->body = *b;
	pager_draw(&h->pager, b);
}

static enum tui_outcome help_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct help *h = state;

	(void)t;
	return pager_key(&h->pager, k, &h->body);
}

static void help_done(struct tui *t, void *state)
{
	struct help *h = state;

	(void)t;
	pager_release(&h->pager);
	free(h);
}

const struct screen_ops screen_help_ops = {
	.name = "help",
	.title = "帮助",
	.keyctx = KC_PAGER,
	.init = help_init,
	.draw = help_draw,
	.key = help_key,
	.done = help_done,
};
