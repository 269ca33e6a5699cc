#!/bin/sh
# t0510-readme: the README's sessions, run as they are written there
. "$top_srcdir/tests/lib.sh"

# readme_block HEADING: the indented lines after the paragraph that starts
# with HEADING, up to the next unindented text
readme_block() {
	awk -v h="$1" '
		index($0, h) == 1 { on = 1; next }
		on && /^    / { sub(/^    /, ""); print; seen = 1; next }
		on && seen && !/^$/ { exit }
	' "$top_srcdir/README.md"
}

unset VIGIL_ARCHIVE VIGIL_CASES VIGIL_OFFICER
readme_block 'A session, by hand' >session.sh
readme_block 'Working a case' >case.sh
readme_block 'Looking for anomalies' >anomaly.sh
t_ok $([ "$(wc -l <session.sh)" -ge 6 ] && [ "$(wc -l <case.sh)" -ge 6 ];
    echo $?) "the README has both sessions"

# each command of a session, one by one, so that a failure names its line
run_session() {	# run_session FILE: runs in this shell; stops at a failure
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		eval "$line" >"$1.$n.out" 2>"$1.$n.err" ||
		    { echo "# $1 line $n failed: $line"; sed 's/^/#   /' "$1.$n.err"; return 1; }
	done <"$1"
}
run_session session.sh
t_ok $? "every command of 'A session, by hand' succeeds"
tab=$(printf '\t')
t_grep "^2018-11-20T21:13:03.625033+08:00${tab}.*${tab}C0099${tab}perimeter${tab}T000003${tab}" \
    session.sh.5.out "the overpass camera saw T000003 at 21:13:03"
t_grep "${tab}T000003${tab}.*${tab}black${tab}blue${tab}gender=male;running=yes${tab}" \
    session.sh.5.out "in a black top and blue trousers, running"
t_grep 'P0000115' session.sh.6.out "the track forward reaches the man the gate names"
t_ok $(awk -F, 'NR > 1 && $0 ~ /P0000115/ { n++ } END { exit !(n >= 5) }' \
    session.sh.7.out; echo $?) "his day, as CSV, has his gate passages"

run_session case.sh
t_ok $? "every command of 'Working a case' succeeds"
t_ok $([ -d cases/OVP-1 ] && [ -s OVP-1-bundle/data/report.html ]; echo $?) \
    "the case and its bundle exist where the README says"
vigil case -c OVP-1 log -F tsv >log.tsv 2>&1
t_grep 'decide.*C0088:T000060.*confirm' log.tsv "the decision is in the custody log"
t_ok $(ls hops/*.mp4 2>/dev/null | wc -l | awk '{ exit !($1 >= 5) }'; echo $?) \
    "the path's clips are cut"

t_ok $([ "$(wc -l <anomaly.sh)" -ge 4 ]; echo $?) "the README has its anomaly session"
run_session anomaly.sh
t_ok $? "every command of 'Looking for anomalies' succeeds"
t_grep "^TT-d68d0ff3${tab}impossible-travel${tab}2018-11-20T15:48:46.925934+08:00${tab}G048${tab}.*${tab}10001066${tab}.*card 10001066 at G004 15:47:24 and at G048 15:48:46: " \
    anomaly.sh.1.out "the cloned badge is found, with the id the README gives"
t_ok $([ "$(grep -c "${tab}gate${tab}G0\(04\|48\)${tab}.*${tab}10001066${tab}" anomaly.sh.2.out)" -eq 2 ]; echo $?) \
    "--explain shows the two passages"
t_grep "^$PWD/cases/TT-1\$" anomaly.sh.3.out "the case is made"
t_grep "^1${tab}person${tab}P0000556${tab}" anomaly.sh.4.out "with the badge's holder as its subject"
t_done
