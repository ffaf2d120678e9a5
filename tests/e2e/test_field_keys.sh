#!/bin/sh
# test_field_keys.sh - the field editor in the real terminal: editing keys,
# escape sequences typed into a field are dropped whole, a long paste lands
# whole (up to the field's maximum) and scrolls, the input filter applies.
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_start
esc=$(printf '\033')
bel=$(printf '\007')

e2e_wait_for '登录名:'
e2e_type ab
e2e_type "${esc}[99~${esc}]0;title${bel}${esc}[1;5D"
e2e_type cd
e2e_wait_re '登录名:   abcd$'
e2e_key Home
e2e_type Z                       # the login filter lower-cases
e2e_wait_for '登录名:   zabcd'
e2e_key End Left Left C-k
e2e_wait_re '登录名:   zab$'
e2e_key C-a Delete
e2e_wait_re '登录名:   ab$'
e2e_key C-u
e2e_type '中文!x'                 # not allowed in a login name
e2e_wait_re '登录名:   x$'
e2e_key C-u
# 40 characters into a 32-character field 30 columns wide: the first 32
# arrive, the view scrolls to keep the cursor cell visible (29 + 1)
e2e_type 'abcdefghijklmnopqrstuvwxyz0123456789wxyz'
e2e_wait_re '登录名:   defghijklmnopqrstuvwxyz012345$'
e2e_absent '6789'
e2e_key Home
e2e_wait_for '登录名:   abcdefghijklmnopqrstuvwxyz0123'
# Chinese arrives as characters, not bytes: four characters, four stars
e2e_key Tab
e2e_type '中文ab'
e2e_wait_re '密  码:   \*\*\*\*$'
e2e_key BSpace
e2e_wait_re '密  码:   \*\*\*$'
e2e_pass
