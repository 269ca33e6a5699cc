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

# each command of a session, one by one, so that a failure names its line;
# the simulation on a terminal (a pty, where script(1) can make one), as
# the officer sees it
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
	pty=1
else
	pty=0
fi
run_session() {	# run_session FILE: runs in this shell; stops at a failure
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		case $pty$line in
		"1vigil simulate "*)
			script -qec "$line" /dev/null >"$1.$n.out" 2>"$1.$n.err" </dev/null ;;
		*)
			eval "$line" >"$1.$n.out" 2>"$1.$n.err" ;;
		esac ||
		    { echo "# $1 line $n failed: $line"; sed 's/^/#   /' "$1.$n.err"; return 1; }
	done <"$1"
}
# the session's world is the demo's, made once a run (its video some 85 s
# of CPU): tests/lib.sh, demo_world_once
demo_world_once
run_session session.sh
t_ok $? "every command of 'A session, by hand' succeeds"
tab=$(printf '\t')
if [ $pty = 1 ]; then
	# its progress on a terminal, as the officer sees it: a simulation of
	# its own, stopped once it has recorded a camera
	script -qec "vigil-simulate --seed 1 --recordings -o progress" \
	    /dev/null >progress.out 2>&1 </dev/null &
	spid=$!
	i=0
	while ! grep -q 'recording cameras [0-9]*/100 ' progress.out &&
	    [ $i -lt 1200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	below() {	# below PID: its processes, the deepest first
		for _c in $(pgrep -P "$1"); do
			below "$_c"
			echo "$_c"
		done
	}
	kill $(below $spid) $spid 2>/dev/null
	wait $spid 2>/dev/null
	t_grep "vigil-simulate: recording cameras [0-9]*/100 ([0-9]*%)" \
	    progress.out "the simulation shows its progress on a terminal"
fi
# line 4: the clocks corrected, then listed: the six cameras the
# simulator skewed, C0090 by +159.6 s, and no other row (the clocks
# confirmed right are listed by -a)
t_ok $([ "$(sed 1d session.sh.4.out | awk -F "$tab" '$3 == "estimated" { print $1 }' | tr '\n' ' ')" = \
    "C0044 C0063 C0066 C0087 C0090 C0092 " ]; echo $?) "skew corrects six cameras' clocks"
t_ok $([ "$(sed 1d session.sh.4.out | wc -l)" -eq 6 ]; echo $?) \
    "and lists them alone, not the clocks confirmed right"
t_grep "^C0090${tab}+159\.[0-9]*${tab}estimated${tab}" session.sh.4.out \
    "C0090's by some 160 s"
t_ok $([ ! -s session.sh.5.out ] && [ ! -s session.sh.5.err ]; echo $?) \
    "index -q says nothing"
t_ok $([ "$(sqlite3 campus.db "SELECT count(*) FROM recording WHERE status = 'ok'")" = 1100 ]; echo $?) \
    "and indexes the 1100 recordings the README says"
t_ok $([ ! -s session.sh.6.err ]; echo $?) \
    "and the query after it has no step to ask for"
t_grep "^2018-11-20T21:13:03.625033+08:00${tab}.*${tab}C0099${tab}perimeter${tab}T000003${tab}" \
    session.sh.6.out "the overpass camera saw T000003 at 21:13:03"
t_grep "${tab}T000003${tab}.*${tab}black${tab}blue${tab}gender=male;running=yes${tab}" \
    session.sh.6.out "in a black top and blue trousers, running"
t_grep 'P0000115' session.sh.7.out "the track forward reaches the man the gate names"
t_grep "^1${tab}2${tab}C0087${tab}camera${tab}T000060${tab}" session.sh.7.out \
    "through C0087, whose clock was 47 s slow"
t_ok $(awk -F, 'NR > 1 && $0 ~ /P0000115/ { n++ } END { exit !(n >= 5) }' \
    session.sh.8.out; echo $?) "his day, as CSV, has his gate passages"

run_session case.sh
t_ok $? "every command of 'Working a case' succeeds"
t_ok $([ -d cases/OVP-1 ] && [ -s OVP-1-bundle/data/report.html ]; echo $?) \
    "the case and its bundle exist where the README says"
t_grep "^1${tab}3${tab}C0088${tab}camera${tab}T000060${tab}" case.sh.5.out \
    "the hop decided on, C0088:T000060, is on the path the case saved"
t_grep "^5${tab}C0090${tab}clip${tab}hops/05-21141[5-9]-C0090\.mp4${tab}.*${tab}+159\.[0-9]*${tab}" \
    case.sh.6.out "its clips are cut in true time (C0090's by its clock's offset)"
printf 'decision 1: C0088:T000060 confirmed\n' >want
t_same case.sh.7.out want "the decision says what it made"
vigil case -c OVP-1 log -F tsv >log.tsv 2>&1
t_grep 'decide.*C0088:T000060.*confirm' log.tsv "the decision is in the custody log"
t_ok $(ls hops/*.mp4 2>/dev/null | wc -l | awk '{ exit !($1 >= 5) }'; echo $?) \
    "the path's clips are cut"
t_grep "OVP-1-bundle: 22 checks, 0 failures" case.sh.8.out "the bundle verifies"

# vigil-case(1)'s examples tell the same story on the same world: run
# them here, where the README made it
man_examples "$top_srcdir/man/vigil-case.1" >case-man.sh
t_ok $([ "$(wc -l <case-man.sh)" -ge 6 ]; echo $?) "vigil-case(1) has its examples"
(run_session case-man.sh)
t_ok $? "the examples of vigil-case(1) run as written on the README's world"
t_grep "^1${tab}[0-9]*${tab}C0087${tab}camera${tab}T000060${tab}" case-man.sh.4.out \
    "the hop they confirm, C0087:T000060, is on the path they save"
t_grep "decide.*C0087:T000060.*confirm" case-man.sh.6.out \
    "and its log holds the decision"

# "Then walk the case in the browser", as written
browse=$(sed -n 's/^Then walk the case in the browser: `\(.*\)` (.*$/\1/p' \
    "$top_srcdir/README.md")
t_ok $([ "$browse" = "vigil browse -c OVP-1" ]; echo $?) "the README names the browser's command"
if command -v tmux >/dev/null; then
	VIGIL_OFFICER='Insp. Wang' VIGIL_CASES=$PWD/cases
	VIGIL_SHARE=${VIGIL_SHARE:-$top_srcdir/share/vigil}
	W=200 H=60
	. "$top_srcdir/tests/tmux.sh"
	start $browse
	screen
	t_grep "| OVP-1: Assault on the north overpass *$" out "it opens the case"
	t_grep "^3   21:13:42.908463 C0088  camera T000060 .* = confirmed" out \
	    "on its path, the hop the officer confirmed"
	keys Q
fi

t_ok $([ "$(wc -l <anomaly.sh)" -ge 4 ]; echo $?) "the README has its anomaly session"
run_session anomaly.sh
t_ok $? "every command of 'Looking for anomalies' succeeds"
t_grep "^TT-dcbe375e${tab}impossible-travel${tab}2018-11-20T15:48:46.925934+08:00${tab}G048${tab}.*${tab}10001066${tab}.*card 10001066 at G004 15:47:24 and at G048 15:48:46: " \
    anomaly.sh.1.out "the cloned badge is found, with the id the README gives"
t_ok $([ "$(grep -c "${tab}gate${tab}G0\(04\|48\)${tab}.*${tab}10001066${tab}" anomaly.sh.2.out)" -eq 2 ]; echo $?) \
    "--explain shows the two passages"
t_grep "^$PWD/cases/TT-1\$" anomaly.sh.3.out "the case is made"
t_grep "^1${tab}person${tab}P0000556${tab}" anomaly.sh.4.out "with the badge's holder as its subject"
t_done
