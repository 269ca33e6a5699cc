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

# C1 control characters (U+009B is CSI to a terminal that takes C1 in
# UTF-8) and bytes that are not UTF-8 (0x9b alone is CSI to one of 8-bit
# characters) are escaped too, in paths and in the library's quoted values
c1=$(printf '\302\233')
raw=$(printf '\233')
t_run vigil-index -A a.db -r "c1$c1"
t_err "vigil-index: 'c1\xc2\x9b': No such file or directory" \
    "a C1 control character in a path is escaped"
t_run vigil-index -A a.db -r "raw${raw}é"
t_err "vigil-index: 'raw\x9bé': No such file or directory" \
    "a byte that is not UTF-8 is escaped, a character that is stays"
t_run vigil-track -A a.db --from "C$c1"
t_grep "^vigil-track: --from: 'C\\\\xc2\\\\x9b' is not CAMERA:TRACK$" err \
    "a quoted argument's C1 control character is escaped"
# the messages of vigil-anomaly and vigil-case new --anomaly
if t_file; then
	t_run vigil-anomaly -A "no$esc.db"
	t_rc 1 "vigil-anomaly on an archive that is not there"
	t_err "vigil-anomaly: cannot open 'no\\x1b[31m\\x01.db': No such file or directory (vigil import site.xml makes an archive)" "names it escaped"
else	# a file's database is made when named: a server's missing one
	t_run vigil-anomaly -A "postgresql:///no$esc"
	t_rc 1 "vigil-anomaly on an archive that is not there"
	t_grep "^vigil-anomaly: cannot open 'postgresql:///no\\\\x1b\\[31m\\\\x01': .*database \"no\\\\x1b\\[31m\\\\x01\" does not exist$" \
	    err "names it escaped, and the server's message too"
fi
t_run vigil-anomaly -A a.db --explain "X$esc$c1"
t_rc 1 "vigil-anomaly --explain of no anomaly"
t_err "vigil-anomaly: no anomaly 'X\x1b[31m\x01\xc2\x9b' in a.db" \
    "quotes the id escaped"
t_run vigil-anomaly -A a.db --kind "k$esc"
t_rc 2 "an unknown --kind"
t_grep "^vigil-anomaly: unknown kind 'k\\\\x1b\\[31m\\\\x01' " err "is quoted escaped"
t_run env VIGIL_CASES=$PWD/cases VIGIL_OFFICER=X vigil-case -A a.db new C-1 --anomaly "Z$esc"
t_rc 1 "vigil-case new --anomaly of no anomaly"
t_err "vigil-case: new: no anomaly 'Z\x1b[31m\x01' in the archive (see vigil anomaly)" \
    "quotes the id escaped"
grep -q "$(printf '\033')" err
t_ok $((!$?)) "and no escape character reaches stderr"

t_done
