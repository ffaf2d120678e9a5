#!/bin/sh
# test_add_field.sh - adding a field to the journey is a change to three
# places only: forms/replacement.form, a schema migration (src/store/schema.c)
# and a row of the column-roles table (src/store/columns.c). A copy of the
# tree gets 所属行业 (org_industry, marked `print`) that way and nothing else
# (the copy's diff is checked), is rebuilt (only what changed recompiles),
# and a journey runs with it: the clerk types a Chinese value on the form
# screen, it is saved, printed on the 数字证书申请表 (pdftotext), shown to the
# supervisor on the review screen, exported (sheet 申请信息, openpyxl) and
# sent to certdesk-central in the submission.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-e2e-add-field-tree.XXXXXX") || exit 1
VALUE='软件和信息技术服务业'

# the copy: sources, data and the build with their times, so that make
# rebuilds only what the change touches
(cd "$ROOT" && tar cf - Makefile src forms data tools man) | (cd "$V" && tar xf -) || exit 1
mkdir -p "$V/build" && (cd "$ROOT/build" && tar cf - obj gen libcertdesk.a certdesk certdesk-central) |
	(cd "$V/build" && tar xf -) || exit 1

/usr/bin/python3 - "$V" <<'PY' || exit 1
import sys
v = sys.argv[1]
def edit(rel, old, new):
    p = f"{v}/{rel}"
    s = open(p, encoding="utf-8").read()
    assert s.count(old) == 1, f"{rel}: anchor {old!r} found {s.count(old)} times"
    open(p, "w", encoding="utf-8").write(s.replace(old, new))
# the form: a section of its own at the end of 录入信息
edit("forms/replacement.form", "\nscreen print ",
     "\nsection other 其他信息\n  field org_industry\n    label 所属行业\n    type text\n"
     "    required\n    max 40\n    print\n\nscreen print ")
# the migration: one more, last
edit("src/store/schema.c", "\n};\n\nconst int store_migration_count",
     "\n\"ALTER TABLE applications ADD COLUMN org_industry TEXT;\",\n};\n\nconst int store_migration_count")
# the roles: a form field, sent to the centre
edit("src/store/columns.c", '\tAPP("invoice_taxid", F | S, MASK_NONE),\n',
     '\tAPP("invoice_taxid", F | S, MASK_NONE),\n\tAPP("org_industry", F | S, MASK_NONE),\n')
PY

changed=$(cd "$V" && for d in Makefile src forms data tools man; do diff -rq "$ROOT/$d" "$d"; done 2>&1 |
	sed "s|^Files $ROOT/\([^ ]*\) and .* differ$|\1|" | sort | tr '\n' ' ')
if [ "$changed" != "forms/replacement.form src/store/columns.c src/store/schema.c " ]; then
	echo "FAIL: the change touches more than the form, the migration and the roles: $changed"
	rm -rf "$V"
	exit 1
fi
if ! out=$(make -C "$V" -j2 all 2>&1); then
	echo "FAIL: the copy with the new field does not build:"
	printf '%s\n' "$out" | tail -20 | sed 's/^/  | /'
	rm -rf "$V"
	exit 1
fi

export CERTDESK_BIN="$V/build/certdesk" CERTDESK_CENTRAL_BIN="$V/build/certdesk-central"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journey_lib.sh"
. "$(dirname "$0")/steps_lib.sh"
steps_journey_setup
trap 'e2e_cleanup; rm -rf "$V"' EXIT
"$E2E_BIN" --config "$E2E_CONF" forms check >"$E2E_DIR/check.out" 2>&1 ||
	e2e_fail "forms check refuses the form with the new field: $(cat "$E2E_DIR/check.out")"

# the clerk: the journey, with the new section after 电子发票信息
e2e_start
e2e_login clerk1 passw0rd1
journey_to_form
journey_fill_form
e2e_wait_for '■ 其他信息'
e2e_wait_for '所属行业'
e2e_key Enter
e2e_wait_for '请填写所属行业'              # required, as the form says
e2e_type "$VALUE"
e2e_key Enter
e2e_wait_sql "SELECT org_industry FROM applications" "$VALUE"      # saved as the field is left
steps_journey_to_summary
e2e_key End
e2e_wait_re "所属行业 +$VALUE"              # the summary shows it
e2e_key F5
e2e_wait_for '待审核'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit cleanly"

# the printed form: the extra section of the layout
pdf=$(ls "$E2E_DIR"/pdf/*.pdf | head -1)
[ -n "$pdf" ] || e2e_fail "no PDF saved"
pdftotext "$pdf" - | tr -d ' \n' >"$E2E_DIR/pdf.txt"
grep -qF "其他信息" "$E2E_DIR/pdf.txt" || e2e_fail "PDF without the 其他信息 section"
grep -qF "所属行业$VALUE" "$E2E_DIR/pdf.txt" || e2e_fail "PDF without 所属行业 $VALUE"

# the supervisor: the review screen shows it under its section, approves
e2e_stop
e2e_start
e2e_login boss1 passw0rd2
e2e_wait_for '审核队列  待审核 1 笔'
e2e_key 3
e2e_wait_for '待审核 1 笔'
e2e_key Enter
e2e_wait_for '申请单号'
# page down to the section: each NPage waits for the pager's 第 X-Y 行 to change
pager_line() { e2e_screen | grep -o '第 [0-9]*-[0-9]* 行'; }
next_page() {
	_at=$(pager_line)
	e2e_key NPage
	_w=0
	while [ "$(pager_line)" = "$_at" ] && [ $_w -lt 100 ]; do sleep "$E2E_POLL"; _w=$((_w + 1)); done
}
page=0
until e2e_screen | grep -qF '【其他信息】'; do
	page=$((page + 1))
	[ $page -le 10 ] || e2e_fail "no 【其他信息】 on the review screen"
	next_page
done
e2e_screen | grep -qF "所属行业: $VALUE" || next_page
e2e_wait_for "所属行业: $VALUE"
e2e_key a
e2e_wait_for '已审核通过'
e2e_expect_sql "SELECT status FROM applications" queued
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
e2e_key F10
e2e_wait_exit >/dev/null

# the export: sheet 申请信息 has the field under its label
e2e_certdesk export -o "$E2E_DIR/out.xlsx" >/dev/null 2>"$E2E_DIR/export.err" ||
	e2e_fail "export: $(cat "$E2E_DIR/export.err")"
/usr/bin/python3 - "$E2E_DIR/out.xlsx" "$VALUE" <<'PY' || e2e_fail "export without the new field"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["申请信息"]
rows = list(ws.iter_rows(values_only=True))
groups, labels = rows[0], rows[1]
col = labels.index("所属行业")
assert "其他信息" in groups[:col + 1], groups
assert rows[2][col] == sys.argv[2], rows[2]
PY

# the centre: the submission carries it
# (certdesk-central runs since 打印申请表)
e2e_certdesk sync >"$E2E_DIR/sync.out" 2>&1 || e2e_fail "sync: $(cat "$E2E_DIR/sync.out")"
got=$(sqlite3 "$E2E_DIR/central.db" "SELECT json_extract(body, '\$.application.org_industry') FROM apps")
[ "$got" = "$VALUE" ] || e2e_fail "the centre got org_industry [$got]: $(sqlite3 "$E2E_DIR/central.db" 'SELECT body FROM apps' | cut -c1-300)"
e2e_pass
