#!/bin/sh
# t0430-escape: paths, arguments and archive text echoed to stderr have their
# control characters escaped as \xHH, so that none can drive the terminal
. "$top_srcdir/tests/lib.sh"

esc=$(printf '\033[31m\001')	# ESC [ 3 1 m, then SOH
cp "$DEMO"/site.xml .
cp "$DEMO"/north.gate.csv "n$esc.csv"

# a file name, as the importer reports it
t_run vigil-import -A a.db site.xml "n$esc.csv"
t_rc 0 "a file named with control characters imports"
t_err "vigil-import: 'site.xml': imported 40 site items
vigil-import: 'n\x1b[31m\x01.csv': imported 168 gate events" \
    "its name is shown escaped"
t_run vigil-import -A a.db "n$esc.csv"
t_err "vigil-import: 'n\x1b[31m\x01.csv': already imported as 'n\x1b[31m\x01.csv', nothing changed" \
    "again: both names shown escaped"
printf 'time,gate,card\nnot a time,G-N3,1\n' >"b$esc.csv"
t_run vigil-import -A a.db -t gate "b$esc.csv"
t_rc 1 "a bad record in a file so named"
t_grep "^vigil-import: 'b\\\\x1b\[31m\\\\x01.csv', line 2: " err \
    "is reported with the name escaped"
grep -q "$(printf '\033')" err
t_ok $((!$?)) "and no escape character reaches stderr"

# a folder given as an argument, and one that is not there
t_run vigil-index -A a.db -r "no$esc"
t_rc 1 "a recordings folder that is not there"
t_err "vigil-index: 'no\x1b[31m\x01': No such file or directory" \
    "is named escaped"

# arguments quoted in messages, in each tool
t_run vigil-track -A a.db --from "C$esc"
t_rc 2 "a --from that is not CAMERA:TRACK"
t_grep "^vigil-track: --from: 'C\\\\x1b\[31m\\\\x01' is not CAMERA:TRACK$" err \
    "is quoted escaped"
t_run vigil-case "x$esc"
t_rc 2 "an unknown vigil-case command"
t_grep "^vigil-case: 'x\\\\x1b\[31m\\\\x01' is not a vigil-case command$" err \
    "is quoted escaped"
t_run vigil "x$esc"
t_rc 2 "an unknown vigil command"
t_err "vigil: 'x\x1b[31m\x01' is not a vigil command; run vigil for the list" \
    "is quoted escaped"
t_run vigil-simulate --seed "1$esc" -o sim
t_rc 2 "a bad --seed"
t_grep "^vigil-simulate: --seed: '1\\\\x1b\[31m\\\\x01' is invalid$" err \
    "is quoted escaped"
t_run vigil-skew -A a.db --set "C$esc"
t_rc 2 "a bad --set"
t_grep "^vigil-skew: bad --set 'C\\\\x1b\[31m\\\\x01': " err "is quoted escaped"
t_run vigil-simulate -o "w$esc" --hours 1
t_grep "^vigil-simulate: 'w\\\\x1b\[31m\\\\x01': [0-9]* people" err \
    "a folder written is named escaped"

t_done
