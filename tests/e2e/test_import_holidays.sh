#!/bin/sh
# test_import_holidays.sh - `certdesk import holidays FILE` from the shell:
# every bad line as FILE:LINE with a Chinese reason, exit 1 and nothing
# changed; a good file (CRLF, BOM; GB18030) adds its year, is audited and
# lifts the warning; a new shipped data/holidays.tsv does not undo it; and
# `certdesk sync` prints the calendar warning on stderr once at its start,
# only when the calendar does not cover the next 30 days. The clock is pinned
# (CERTDESK_NOW) everywhere. The 2027 lines are test data, not a notice.
. "$(dirname "$0")/cli_lib.sh"
NOW=2026-12-06T10:00:00+08:00     # a Sunday, 25 days before the shipped calendar ends
cd_() { CERTDESK_NOW=$NOW "$bin" --config "$tmp/certdesk.conf" "$@"; }
q() { sqlite3 -batch -noheader "$tmp/branch.db" "$1"; }
has() { grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks [$2]: $(cat "$1")"; }

# sync before anything: the shipped calendar ends 2026-12-31, within 30 days
cd_ sync >"$tmp/out" 2>"$tmp/err"
has "$tmp/err" 'certdesk: 警告: 节假日日历只到 2026-12-31: 其后的工作日按周一至周五估算, 期限标 (估)。'
has "$tmp/err" 'certdesk import holidays FILE'
[ "$(grep -c '节假日日历' "$tmp/err")" = 1 ] || fail "warning not printed exactly once: $(cat "$tmp/err")"
[ "$(head -n 1 "$tmp/err" | grep -c '节假日日历')" = 1 ] || fail "warning not first: $(cat "$tmp/err")"
# covered: no warning
CERTDESK_NOW=2026-11-01T10:00:00+08:00 "$bin" --config "$tmp/certdesk.conf" sync >"$tmp/out" 2>"$tmp/err"
if grep -q '节假日日历' "$tmp/err"; then fail "warning while covered: $(cat "$tmp/err")"; fi
q "SELECT year || ' ' || source FROM holiday_years ORDER BY year" >"$tmp/years"
[ "$(cat "$tmp/years")" = "$(printf '2025 shipped\n2026 shipped')" ] || fail "shipped years: $(cat "$tmp/years")"
days=$(q "SELECT COUNT(*) FROM holidays")

# a file with mistakes: all listed, nothing imported
printf '2027-01-01\t0\t元旦\n2027-01-04 0 元旦\n2027-03-03\t1\t调休上班\n2027-02-07\t0\t春节\n2027-02-07\t0\t春节\n2026-05-01\t0\t劳动节\n2027-02-08\t0\t春\033]0;pwned\007节\n' \
	>"$tmp/bad.tsv"
cd_ import holidays "$tmp/bad.tsv" >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] || fail "bad file should exit 1"
has "$tmp/err" "$tmp/bad.tsv:2: 三列之间应以制表符 (TAB) 分隔, 不是空格"
has "$tmp/err" "$tmp/bad.tsv:3: 2027-03-03 是星期三: 只有周六、周日可以标为 1 (调休上班)"
has "$tmp/err" "$tmp/bad.tsv:5: 2027-02-07 与第 4 行重复"
has "$tmp/err" "$tmp/bad.tsv:6: 2026-05-01 不属于文件中的任何一年"
has "$tmp/err" "$tmp/bad.tsv:7: 名称为空、过长 (最多 30 个字) 或含控制字符"
has "$tmp/err" "certdesk: $tmp/bad.tsv: 5 处错误, 没有导入任何内容"
[ ! -s "$tmp/out" ] || fail "something on stdout: $(cat "$tmp/out")"
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$tmp/err"; then
	fail "a control character reached the terminal: $(od -c "$tmp/err" | head)"
fi
[ "$(q "SELECT COUNT(*) FROM holidays")" = "$days" ] || fail "holidays changed by a refused file"
[ "$(q "SELECT COUNT(*) FROM holiday_years")" = 2 ] || fail "years changed by a refused file"
[ "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'import.holidays'")" = 0 ] || fail "refused import audited"

# a year after next: a typo
printf '2072-01-01\t0\t元旦\n' >"$tmp/far.tsv"
cd_ import holidays "$tmp/far.tsv" >/dev/null 2>"$tmp/err" && fail "2072 accepted"
has "$tmp/err" "$tmp/far.tsv:1: 2072 年的放假安排不会这么早公布 (今天是 2026-12-06)"

# a good file with CRLF and a BOM
printf '\357\273\277# test calendar\r\n2027-01-01\t0\t元旦\r\n2027-01-02\t0\t元旦\r\n2027-01-03\t0\t元旦\r\n2027-02-06\t1\t春节调休上班\r\n' \
	>"$tmp/h2027.tsv"
cd_ import holidays "$tmp/h2027.tsv" >"$tmp/out" 2>"$tmp/err" || fail "good file refused: $(cat "$tmp/err")"
has "$tmp/out" "$tmp/h2027.tsv (UTF-8): 2027 年: 放假 3 天, 调休上班 1 天 (新增)"
has "$tmp/out" '节假日日历覆盖到 2027-12-31'
[ ! -s "$tmp/err" ] || fail "stderr after a good import: $(cat "$tmp/err")"
[ "$(q "SELECT source FROM holiday_years WHERE year = 2027")" = import ] || fail "2027 not recorded as imported"
[ "$(q "SELECT name FROM holidays WHERE day = '2027-01-01'")" = 元旦 ] || fail "name kept its CR or BOM"
audit=$(q "SELECT actor || '|' || object || '|' || detail FROM audit_log WHERE action = 'import.holidays'")
[ "$audit" = "shell:$(id -un)|$tmp/h2027.tsv|2027 年: 放假 3 天, 调休上班 1 天" ] || fail "audit record: $audit"
cd_ audit verify >/dev/null 2>&1 || fail "audit chain broken"
cd_ sync >/dev/null 2>"$tmp/err"
if grep -q '节假日日历' "$tmp/err"; then fail "warning after the import: $(cat "$tmp/err")"; fi

# the same year again, GB18030, from a relative path: replaces it
printf '2027-01-01\t0\t元旦\n2027-02-13\t1\t春节调休上班\n' | iconv -f UTF-8 -t GB18030 >"$tmp/gb.tsv"
(cd "$tmp" && CERTDESK_NOW=$NOW "$bin" --config "$tmp/certdesk.conf" import holidays gb.tsv) >"$tmp/out" 2>"$tmp/err" ||
	fail "GB18030 refused: $(cat "$tmp/err")"
has "$tmp/out" 'gb.tsv (GB18030): 2027 年: 放假 1 天, 调休上班 1 天 (替换了上次导入的)'
[ "$(q "SELECT COUNT(*) FROM holidays WHERE year = 2027")" = 2 ] || fail "2027 not replaced"
[ "$(q "SELECT file FROM holiday_years WHERE year = 2027")" = "$tmp/gb.tsv" ] || fail "file not recorded in full"

# the administrator's 2026, then a new release of data/holidays.tsv: the import stays
printf '2026-01-01\t0\t元旦\n2026-10-01\t0\t国庆节\n' >"$tmp/h2026.tsv"
cd_ import holidays "$tmp/h2026.tsv" >"$tmp/out" 2>&1 || fail "2026 refused: $(cat "$tmp/out")"
has "$tmp/out" '2026 年: 放假 2 天, 调休上班 0 天 (替换了随程序发布的)'
q "UPDATE sync_state SET value = 'an older release' WHERE key = 'holidays.sha256'"
cd_ sync >/dev/null 2>&1
[ "$(q "SELECT value FROM sync_state WHERE key = 'holidays.sha256'")" != 'an older release' ] ||
	fail "the shipped file was not loaded again"
[ "$(q "SELECT COUNT(*) FROM holidays WHERE year = 2026")" = 2 ] || fail "the shipped file overwrote the imported 2026"
[ "$(q "SELECT source FROM holiday_years WHERE year = 2025")" = shipped ] || fail "2025 lost"

# usage
cd_ import holidays >/dev/null 2>&1
[ $? = 2 ] || fail "usage should exit 2"
cd_ import holidays "$tmp/none.tsv" >/dev/null 2>"$tmp/err"
[ $? = 1 ] || fail "missing file should exit 1"
has "$tmp/err" '无法读取'
echo "ok"
