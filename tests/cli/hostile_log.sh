#!/usr/bin/env bash
# Writes a small combined-format log whose paths, agents and host carry what
# an attacker can put in a log line: tab, CR, backslash, ESC sequences, BEL,
# NUL-like C0 bytes, DEL, a C1 control (U+009B) and bytes that are not UTF-8,
# plus agents a spreadsheet would run as formulas. Used by the escaping goldens.
line() { printf '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET %s HTTP/1.1" 200 5 "-" "%s"\n' "$1" "$2"; }
line $'/tab\there' 'ok'
line '/back\slash' $'esc\e[2Jclear'
line '/bel' $'bell\a\x7f'
line '/cr' $'a\rb'
line '/c0' $'x\x01y\x1fz'
line '/c1' $'csi\xc2\x9b31m'
line '/latin1' $'caf\xe9'
line '/f1' "=cmd|' /C calc'!A0"
line '/f2' '+1+1'
line '/f3' '-2+3'
line '/f4' '@SUM(A1:A9)'
line '/f5' '-'
line '/f6' 'a,b'
printf '\e[2J\e[31mEVIL - - [17/May/2015:10:05:03 +0000] "GET /robots.txt HTTP/1.1" 200 5 "-" "x"\n'
