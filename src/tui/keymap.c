/* keymap.c - the key bindings table and what is generated from it. */
#include "tui/keymap.h"
#include "core/text.h"
#include "core/utf8.h"
#include "core/util.h"

#include <curses.h>
#include <string.h>

#define FN(k) TUI_KEY_FN(k)
#define ENTER_KEYS(act, desc, ctx, bar)                             \
	{ act, '\n', "Enter", desc, ctx, bar, NULL }, { act, '\r', "Enter", desc, ctx, NULL, NULL }, \
	{ act, FN(KEY_ENTER), "Enter", desc, ctx, NULL, NULL }

const struct keybinding keymap[] = {
	/* moving between fields (login, password change, the journey's forms) */
	{ ACT_NEXT_FIELD, '\t', "Tab", "下一项 (最后一项时确认)", KC_FIELDS, TEXT_KEY("keys.next_field"), NULL },
	ENTER_KEYS(ACT_NEXT_FIELD, "下一项 (最后一项时确认)", KC_FIELDS, NULL),
	{ ACT_NEXT_FIELD, FN(KEY_DOWN), "↓", "下一项 (最后一项时确认)", KC_FIELDS, NULL, NULL },
	{ ACT_PREV_FIELD, FN(KEY_BTAB), "Shift-Tab", "上一项", KC_FIELDS, TEXT_KEY("keys.prev_field"), NULL },
	{ ACT_PREV_FIELD, FN(KEY_UP), "↑", "上一项", KC_FIELDS, NULL, NULL },
	/* the journey's screens */
	{ ACT_NEXT_SCREEN, FN(KEY_NPAGE), "PgDn", "下一步 (本页有错误时不能前进)", KC_FORM, TEXT_KEY("keys.next_step"), NULL },
	{ ACT_PREV_SCREEN, FN(KEY_PPAGE), "PgUp", "上一步 (已填内容不会丢失)", KC_FORM, TEXT_KEY("keys.prev_step"), NULL },
	{ ACT_FIELD_HELP, FN(KEY_F(1)), "F1", "本项说明: 提示与填写规则", KC_FORM, TEXT_KEY("keys.field_help"), NULL },
	{ ACT_SAVE_LEAVE, FN(KEY_F(2)), "F2", "保存草稿并离开", KC_FORM, TEXT_KEY("keys.save_leave"), NULL },
	/* 录入信息: pickers (the keys are read by the screen) and the section copy */
	{ ACT_COPY, FN(KEY_F(3)), "F3", "申请人信息同经办人: 一键复制本节", KC_ENTRY, NULL, NULL },
	{ ACT_NONE, 0, "←", "选项字段: 上一个选项", KC_ENTRY, NULL, NULL },
	{ ACT_NONE, 0, "→", "选项字段: 下一个选项", KC_ENTRY, NULL, NULL },
	{ ACT_NONE, 0, "1-9", "选项字段: 按编号选择 (也可输入选项的首字)", KC_ENTRY, NULL, NULL },
	{ ACT_NONE, 0, "↑", "省市县、开户行: 候选列表中的上一个 (无候选时: 上一项)", KC_ENTRY, NULL, NULL },
	{ ACT_NONE, 0, "↓", "省市县、开户行: 候选列表中的下一个 (无候选时: 下一项)", KC_ENTRY, NULL, NULL },
	{ ACT_NONE, 0, "Enter", "省市县: 选定本级进入下一级; 开户行: 选定候选", KC_ENTRY, NULL, NULL },
	{ ACT_NONE, 0, "Backspace", "省市县: 筛选为空时退回上一级", KC_ENTRY, NULL, NULL },
	/* 介质遗失补办介绍: the agreements */
	{ ACT_YES, 'y', "Y", "客户已阅读并同意全部协议: 记录协议版本与时间, 进入下一步", KC_AGREE, TEXT_KEY("keys.agree"), NULL },
	{ ACT_YES, 'Y', "Y", "客户已阅读并同意全部协议: 记录协议版本与时间, 进入下一步", KC_AGREE, NULL, NULL },
	{ ACT_SAVE_LEAVE, FN(KEY_F(2)), "F2", "保存草稿并离开", KC_AGREE, TEXT_KEY("keys.save_leave"), NULL },
	/* 提交: the summary */
	{ ACT_SUBMIT, FN(KEY_F(5)), "F5", "提交审核 (状态变为待审核)", KC_SUBMIT, TEXT_KEY("keys.submit"), NULL },
	{ ACT_PREV_SCREEN, FN(KEY_BTAB), "Shift-Tab", "上一步 (返回修改)", KC_SUBMIT, TEXT_KEY("keys.back_to_edit"), NULL },
	{ ACT_SAVE_LEAVE, FN(KEY_F(2)), "F2", "保存草稿并离开", KC_SUBMIT, TEXT_KEY("keys.save_leave"), NULL },
	/* 我的草稿 */
	{ ACT_VOID_DRAFT, FN(KEY_DC), "Delete", "作废所选草稿 (需按 Y 确认; 记录保留, 不会删除)", KC_DRAFTS, TEXT_KEY("keys.void_draft"), NULL },
	{ ACT_YES, 'y', "Y", "确认作废", KC_DRAFTS, NULL, NULL },
	{ ACT_YES, 'Y', "Y", "确认作废", KC_DRAFTS, NULL, NULL },
	/* inside a text field */
	{ ACT_ED_LEFT, FN(KEY_LEFT), "←", "光标左移一个字", KC_EDIT, NULL, NULL },
	{ ACT_ED_LEFT, TUI_CTRL('b'), "Ctrl-B", "光标左移一个字", KC_EDIT, NULL, NULL },
	{ ACT_ED_RIGHT, FN(KEY_RIGHT), "→", "光标右移一个字", KC_EDIT, NULL, NULL },
	{ ACT_ED_RIGHT, TUI_CTRL('f'), "Ctrl-F", "光标右移一个字", KC_EDIT, NULL, NULL },
	{ ACT_ED_HOME, FN(KEY_HOME), "Home", "移到行首", KC_EDIT, NULL, NULL },
	{ ACT_ED_HOME, TUI_CTRL('a'), "Ctrl-A", "移到行首", KC_EDIT, NULL, NULL },
	{ ACT_ED_END, FN(KEY_END), "End", "移到行尾", KC_EDIT, NULL, NULL },
	{ ACT_ED_END, TUI_CTRL('e'), "Ctrl-E", "移到行尾", KC_EDIT, NULL, NULL },
	{ ACT_ED_BACKSPACE, FN(KEY_BACKSPACE), "Backspace", "删除光标前一个字", KC_EDIT, NULL, NULL },
	{ ACT_ED_BACKSPACE, 0x7f, "Backspace", "删除光标前一个字", KC_EDIT, NULL, NULL },
	{ ACT_ED_BACKSPACE, TUI_CTRL('h'), "Ctrl-H", "删除光标前一个字", KC_EDIT, NULL, NULL },
	{ ACT_ED_DELETE, FN(KEY_DC), "Delete", "删除光标处的字", KC_EDIT, NULL, NULL },
	{ ACT_ED_DELETE, TUI_CTRL('d'), "Ctrl-D", "删除光标处的字", KC_EDIT, NULL, NULL },
	{ ACT_ED_CLEAR, TUI_CTRL('u'), "Ctrl-U", "清空本项", KC_EDIT, NULL, NULL },
	{ ACT_ED_KILL, TUI_CTRL('k'), "Ctrl-K", "删除光标到行尾", KC_EDIT, NULL, NULL },
	/* menus */
	{ ACT_UP, FN(KEY_UP), "↑", "上一项", KC_MENU, TEXT_KEY("keys.select"), NULL },
	{ ACT_DOWN, FN(KEY_DOWN), "↓", "下一项", KC_MENU, NULL, NULL },
	{ ACT_UP, FN(KEY_BTAB), "Shift-Tab", "上一项", KC_MENU, NULL, NULL },
	{ ACT_DOWN, '\t', "Tab", "下一项", KC_MENU, NULL, NULL },
	{ ACT_TOP, FN(KEY_HOME), "Home", "第一项", KC_MENU, NULL, NULL },
	{ ACT_BOTTOM, FN(KEY_END), "End", "最后一项", KC_MENU, NULL, NULL },
	ENTER_KEYS(ACT_OK, "进入所选功能", KC_MENU, TEXT_KEY("keys.enter")),
	{ ACT_NONE, 0, "1-9", "按编号直接进入", KC_MENU, TEXT_KEY("keys.digit"), NULL },
	/* 我的业务单 */
	{ ACT_FILTER, '/', "/", "筛选: 编辑上方的查询条件 (Enter 查询, Esc 取消)", KC_ORDERS, TEXT_KEY("keys.filter"), NULL },
#define X(act, key, label, short_name, desc, handler) { act, key, label, desc, KC_ORDERS, NULL, label " " short_name },
	ORDER_KEY_TABLE(X)
#undef X
	{ ACT_EXPORT, 'x', "x", "导出当前筛选结果为 .xlsx", KC_ORDERS, TEXT_KEY("keys.export"), NULL },
	{ ACT_UNMASK, 'm', "m", "显示所选申请的完整信息 (仅主管, 记入审计日志)", KC_ORDERS, NULL, NULL },
	/* 审核队列 */
	{ ACT_CLAIM, 'c', "c", "领取所选申请 (他人看到由您审核)", KC_REVIEW, TEXT_KEY("keys.claim"), NULL },
	{ ACT_RELEASE, 'u', "u", "释放您领取的申请", KC_REVIEW, TEXT_KEY("keys.release"), NULL },
	{ ACT_TAKEOVER, 'C', "C", "接管他人领取的申请 (记入审计日志)", KC_REVIEW, NULL, NULL },
	/* reviewing one application */
	{ ACT_APPROVE, 'a', "a", "通过: 审核通过, 进入待同步", KC_DECIDE, TEXT_KEY("keys.approve"), NULL },
	{ ACT_RETURN, 'r', "r", "退回: 填写原因并标出有误的字段, 退回柜员修改", KC_DECIDE, TEXT_KEY("keys.return"), NULL },
	{ ACT_CLAIM, 'c', "c", "领取本申请", KC_DECIDE, TEXT_KEY("keys.claim"), NULL },
	{ ACT_RELEASE, 'u', "u", "释放本申请", KC_DECIDE, NULL, NULL },
	/* 同步状态 */
	{ ACT_SYNC_NOW, 's', "s", "立即同步: 在后台运行一次 certdesk sync, 结束后显示结果", KC_SYNC, TEXT_KEY("keys.sync_now"), NULL },
	/* 打印申请表 */
	{ ACT_PRINT, 'p', "p", "打印申请表 (未配置打印机时保存为 PDF); 数据修改后再按一次打印新版本", KC_PRINT, TEXT_KEY("keys.print"), NULL },
	{ ACT_REPRINT, 'r', "r", "重新打印: 打印失败 (缺纸、卡纸、队列暂停等) 排除故障后再送一次", KC_PRINT, TEXT_KEY("keys.reprint"), NULL },
	/* 上传资料 */
	{ ACT_SWITCH, FN(KEY_F(3)), "F3", "切换资料: 申请表扫描件 / 营业执照扫描件", KC_ATTACH, TEXT_KEY("keys.switch"), NULL },
	{ ACT_TYPE_PATH, FN(KEY_F(4)), "F4", "输入文件路径 (再按一次回到扫描目录列表)", KC_ATTACH, TEXT_KEY("keys.type_path"), NULL },
	{ ACT_COMPLETE, '\t', "Tab", "输入路径时: 补全文件名 (多个候选时列出)", KC_ATTACH, NULL, NULL },
	{ ACT_NONE, 0, "文字", "扫描目录列表: 输入文字筛选文件名", KC_ATTACH, NULL, NULL },
	ENTER_KEYS(ACT_OK, "上传所选文件 (或输入的路径); 已有的旧文件保留在历史中", KC_ATTACH, TEXT_KEY("keys.upload")),
	{ ACT_RELOAD, FN(KEY_F(5)), "F5", "重新读取扫描目录", KC_ATTACH, NULL, NULL },
	/* 身份核验 */
	{ ACT_NEW_CODE, 'n', "n", "生成新的核验二维码 (过期或失败后)", KC_IDV, TEXT_KEY("keys.new_code"), NULL },
	{ ACT_STOP, 's', "s", "停止 / 继续查询核验结果", KC_IDV, TEXT_KEY("keys.stop"), NULL },
	{ ACT_IN_PERSON, 'o', "o", "核验身份证原件: 重新输入经办人身份证号码 (须一致), 记录操作员", KC_IDV, TEXT_KEY("keys.in_person"), NULL },
	/* 支付 */
	{ ACT_PAY_WECHAT, '1', "1", "微信支付: 显示付款二维码并查询到账", KC_PAY, TEXT_KEY("keys.pay_wechat"), NULL },
	{ ACT_PAY_ALIPAY, '2', "2", "支付宝: 显示付款二维码并查询到账", KC_PAY, TEXT_KEY("keys.pay_alipay"), NULL },
	{ ACT_PAY_TRANSFER, '3', "3", "对公账号付款: 显示收款账号、金额与付款参考号", KC_PAY, TEXT_KEY("keys.pay_transfer"), NULL },
	{ ACT_STOP, 's', "s", "停止 / 继续查询支付状态", KC_PAY, TEXT_KEY("keys.stop"), NULL },
	{ ACT_RELOAD, FN(KEY_F(5)), "F5", "立即查询一次支付状态", KC_PAY, NULL, NULL },
	/* check lists */
	{ ACT_TOGGLE, ' ', "空格", "标记 / 取消标记所选项", KC_CHECKS, TEXT_KEY("keys.toggle"), NULL },
	/* lists */
	{ ACT_UP, FN(KEY_UP), "↑", "上一行", KC_LIST, TEXT_KEY("keys.select"), NULL },
	{ ACT_DOWN, FN(KEY_DOWN), "↓", "下一行", KC_LIST, NULL, NULL },
	{ ACT_PGUP, FN(KEY_PPAGE), "PgUp", "上一页", KC_LIST, TEXT_KEY("keys.page"), NULL },
	{ ACT_PGDN, FN(KEY_NPAGE), "PgDn", "下一页", KC_LIST, NULL, NULL },
	{ ACT_TOP, FN(KEY_HOME), "Home", "第一行", KC_LIST, NULL, NULL },
	{ ACT_BOTTOM, FN(KEY_END), "End", "最后一行", KC_LIST, NULL, NULL },
	ENTER_KEYS(ACT_OK, "打开所选行 (业务单: 查看详情)", KC_LIST, TEXT_KEY("keys.open")),
	{ ACT_RELOAD, FN(KEY_F(5)), "F5", "刷新: 重新读取列表", KC_LIST, NULL, NULL },
	/* scrollable text */
	{ ACT_UP, FN(KEY_UP), "↑", "向上滚动一行", KC_PAGER, TEXT_KEY("keys.scroll"), NULL },
	{ ACT_DOWN, FN(KEY_DOWN), "↓", "向下滚动一行", KC_PAGER, NULL, NULL },
	{ ACT_PGUP, FN(KEY_PPAGE), "PgUp", "上一页", KC_PAGER, TEXT_KEY("keys.page"), NULL },
	{ ACT_PGDN, FN(KEY_NPAGE), "PgDn", "下一页", KC_PAGER, NULL, NULL },
	{ ACT_PGDN, ' ', "空格", "下一页", KC_PAGER, NULL, NULL },
	{ ACT_TOP, FN(KEY_HOME), "Home", "回到开头", KC_PAGER, NULL, NULL },
	{ ACT_BOTTOM, FN(KEY_END), "End", "跳到末尾", KC_PAGER, NULL, NULL },
	/* login and main menu */
	{ ACT_QUIT, FN(KEY_F(10)), "F10", "退出 certdesk", KC_TOP, TEXT_KEY("keys.quit"), NULL },
	/* everywhere */
	{ ACT_HELP, FN(KEY_F(1)), "F1", "帮助: 按键说明、常见问题、服务支持", KC_GLOBAL, TEXT_KEY("keys.help"), NULL },
	{ ACT_BACK, 0x1b, "Esc", "返回上一界面 (登录界面: 退出)", KC_GLOBAL, TEXT_KEY("keys.back"), NULL },
	{ ACT_REDRAW, TUI_CTRL('l'), "Ctrl-L", "重画整个屏幕", KC_GLOBAL, NULL, NULL },
};

const size_t keymap_count = ARRAY_SIZE(keymap);

static const struct {
	unsigned ctx;
	const char *name;
} ctx_names[] = {
	{ KC_GLOBAL, "所有界面" },   { KC_TOP, "登录与主菜单" }, { KC_MENU, "菜单" },
	{ KC_LIST, "列表" },         { KC_PAGER, "文字浏览" },   { KC_FIELDS, "输入项之间" },
	{ KC_FORM, "补办录入各步" }, { KC_EDIT, "输入框内" },     { KC_ORDERS, "我的业务单" },
	{ KC_REVIEW, "审核队列" },   { KC_DECIDE, "审核一笔申请" }, { KC_CHECKS, "勾选列表" },
	{ KC_ENTRY, "录入信息" },
	{ KC_AGREE, "协议确认" },     { KC_SUBMIT, "核对提交" },  { KC_DRAFTS, "我的草稿" },
	{ KC_SYNC, "同步状态" },
	{ KC_PRINT, "打印申请表" },  { KC_ATTACH, "上传资料" },     { KC_IDV, "身份核验" },
	{ KC_PAY, "支付" },
};

const char *keyctx_name(unsigned ctx)
{
	for (size_t i = 0; i < ARRAY_SIZE(ctx_names); i++)
		if (ctx_names[i].ctx == ctx)
			return ctx_names[i].name;
	return "?";
}

enum tui_action keymap_lookup(int key, unsigned mask)
{
	if (!key)
		return ACT_NONE;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < keymap_count; i++) {
			const struct keybinding *b = &keymap[i];
			bool global = b->ctx == KC_GLOBAL;

			if (b->key == key && (pass ? global : (!global && (b->ctx & mask))))
				return b->act;
		}
	return ACT_NONE;
}

size_t keymap_bar(unsigned mask, const char **items, size_t max)
{
	size_t n = 0;
	enum tui_action seen[64];
	size_t nseen = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < keymap_count && n < max; i++) {
			const struct keybinding *b = &keymap[i];
			bool global = b->ctx == KC_GLOBAL, dup = false;

			if ((!b->bar && !b->bar_short) || (pass ? !global : (global || !(b->ctx & mask))))
				continue;
			/* a global key the screen's own contexts redefine is not shown twice */
			if (pass && keymap_lookup(b->key, mask) != b->act)
				continue;
			for (size_t j = 0; j < nseen; j++)
				dup |= seen[j] == b->act && b->act != ACT_NONE;
			if (dup)
				continue;
			if (nseen < ARRAY_SIZE(seen))
				seen[nseen++] = b->act;
			items[n++] = b->bar ? text(b->bar) : b->bar_short;
		}
	return n;
}

void keymap_help(struct strbuf *out, unsigned mask)
{
	for (size_t c = 0; c < ARRAY_SIZE(ctx_names); c++) {
		unsigned ctx = ctx_names[c].ctx;
		bool any = false;

		if (mask && !(mask & ctx))
			continue;
		for (size_t i = 0; i < keymap_count; i++) {
			const struct keybinding *b = &keymap[i];
			struct strbuf keys;
			bool first_of_action = true;
			size_t cols;

			if (b->ctx != ctx)
				continue;
			for (size_t j = 0; j < i; j++)
				if (keymap[j].ctx == ctx && keymap[j].act == b->act && b->act != ACT_NONE)
					first_of_action = false;
			if (!first_of_action)
				continue;
			if (!any)
				sb_addf(out, "【%s】\n", ctx_names[c].name);
			any = true;
			sb_init(&keys);
			for (size_t j = i; j < keymap_count; j++) {
				const struct keybinding *k = &keymap[j];
				if (k->ctx != ctx || (j != i && (k->act != b->act || b->act == ACT_NONE)))
					continue;
				bool again = false;   /* Enter is bound as \n, \r and KEY_ENTER */
				for (size_t m = i; m < j; m++)
					again |= keymap[m].ctx == ctx && keymap[m].act == k->act &&
						 !strcmp(keymap[m].label, k->label);
				if (again)
					continue;
				if (keys.len)
					sb_adds(&keys, " / ");
				sb_adds(&keys, k->label);
				/* the terminal's F-keys may be missing (vt100): Esc, then the digit */
				for (int f = 1; f <= 10; f++)
					if (k->key == FN(KEY_F(f)))
						sb_addf(&keys, " / Esc-%d", f % 10);
			}
			cols = utf8_cols(keys.s);
			sb_addf(out, "  %s", keys.s);
			for (size_t pad = cols; pad < 22; pad++)
				sb_addc(out, ' ');
			sb_addf(out, " %s\n", b->desc);
			sb_release(&keys);
		}
		if (any)
			sb_addc(out, '\n');
	}
}
