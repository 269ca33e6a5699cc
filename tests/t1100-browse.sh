#!/bin/sh
# t1100-browse: vigil-browse in a real terminal: tmux at a fixed size, keys
# sent, screens captured and compared; every view, resize, CJK, search, the
# query prompt, confirm and reject re-planning the path, help, the keys file,
# NO_COLOR, and the terminal restored however it ends
. "$top_srcdir/tests/lib.sh"

if ! command -v tmux >/dev/null; then
	echo "1..0 # SKIP tmux is not installed (apt-get install tmux)"
	exit 0
fi

MKSEG=$top_builddir/tests/mkseg
D=r/rec/C017/20181120
vigil-import -q -A w.db "$DEMO/site.xml" "$DEMO/roster.csv" \
    "$DEMO/edge.sightings.csv" "$DEMO/north.gate.csv" || exit 1
mkdir -p $D
"$MKSEG" $D/211300.mp4 C017 2018-11-20T13:13:00Z 60 1000
vigil-index -q -A w.db -r r -F csv >/dev/null 2>&1
VIGIL_CASES=$PWD/cases VIGIL_OFFICER='Insp. Wang'
export VIGIL_CASES VIGIL_OFFICER
C=2018-1120-OVP
vigil-case -A w.db new $C --title 'Assault on the north overpass' \
    --incident-time '2018-11-20 21:13' --incident-place OVP-N >/dev/null
vigil-case -c $C add-subject --anchor C017:T1569 >/dev/null
vigil-case -c $C note '目击者: 高个子男人, 跑下东侧楼梯' >/dev/null

S=vigil-t1100-$$
SOCK=$PWD/tmux.sock
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT

# start CMD: a fresh session of 80x24 running the command, then its exit
# status in the file rc
start() {
	tm kill-session -t $S 2>/dev/null
	rm -f rc
	tm new-session -d -s $S -x "${W:-80}" -y "${H:-24}" \
	    "cd '$PWD' && env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 PATH='$PATH' VIGIL_SHARE='$VIGIL_SHARE' VIGIL_CASES='$VIGIL_CASES' VIGIL_OFFICER='$VIGIL_OFFICER' $*; echo \$? >rc; sleep 30"
	settle
}
# settle: wait until the screen stops changing
settle() {
	prev= i=0
	while [ $i -lt 50 ]; do
		sleep 0.1
		# a session that is gone (the browser died) will not change
		cur=$(tm capture-pane -p -t $S 2>/dev/null) || break
		[ -n "$cur" ] && [ "$cur" = "$prev" ] && break
		prev=$cur
		i=$((i + 1))
	done
}
# keys KEY...: send each, wait for the screen to change (at most 3 s: a
# busy machine is slow to answer), then for it to settle
keys() {
	for k in "$@"; do
		before=$(tm capture-pane -p -t $S 2>/dev/null)
		tm send-keys -t $S "$k" 2>/dev/null || continue
		i=0
		while [ $i -lt 60 ]; do
			sleep 0.05
			[ "$(tm capture-pane -p -t $S 2>/dev/null)" != "$before" ] &&
			    break
			i=$((i + 1))
		done
		settle
	done
}
# screen: the pane as text, in the file out
screen() { tm capture-pane -p -t $S >out; }
line() { sed -n "$1p" out; }

start vigil-browse -A w.db -c $C
screen
t_grep "| $C: Assault on the north" out "opens the case, its title on the first line"
t_grep "\[path\]" out "on the path pane, marked in the tab bar"
t_golden browse-path "the path pane at 80x24"
t_ok $([ "$(wc -l <out)" -eq 24 ]; echo $?) "24 lines"

keys Tab
screen
t_grep "\[subjects\]" out "Tab: the subjects"
t_grep "anchor *C017:T1569" out "the anchor subject"
keys Tab
screen
t_grep "\[notes\]" out "the notes"
t_grep "目击者: 高个子男人, 跑下东侧楼梯" out "a CJK note drawn whole"
keys Tab
screen
t_grep "\[log\]" out "the custody log"
t_grep "vigil-browse case $C opened in the" out "records that the case was opened"
keys BTab BTab BTab BTab
screen
t_grep "\[timeline\]" out "BackTab walks the panes back: the timeline"
t_golden browse-timeline "the timeline around the incident"

keys /
keys C018 Enter
screen
t_grep "\[timeline\]" out "a search"
t_grep "/C018" out "says what it looked for"
cur=$(awk '/timeline [0-9.]+\/[0-9]/ { print }' out)
t_ok $(echo "$cur" | grep -q 'timeline \(\.\.\.\)\{0,1\}[2-9]'; echo $?) "and moves to a match ($cur)"

keys : "camera C017 21:12..21:14" Enter
screen
t_grep ":camera C017 21:12..21:14" out "the query prompt makes a timeline of its filter"
t_ok $(awk 'NR > 2 && NR < 23 && NF > 0 && $2 != "C017" && $3 != "C017" { bad++ } END { exit bad > 0 }' out; echo $?) \
    "with only camera C017's rows"

keys Tab
screen
t_grep "\[path\]" out "back on the path"
keys Enter
screen
t_grep "^hop *1 of" out "Enter: the detail of a hop"
t_grep "▀" out "with its frame drawn in half blocks"
keys q
keys m
screen
t_grep "map of" out "m: the map"
t_grep "●" out "cameras on it"
t_grep "N↑\|N ↑" out "north marked"
keys +
keys q

# confirm the first hop, reject the second: the path is planned again
keys g c
keys "same clothes" Enter
screen
t_grep "confirmed" out "c asks why and confirms the hop"
t_grep "the path is re-planned" out "and says the path is re-planned"
hop2=$(sed -n '4p' out | awk '{ print $3 ":" $5 }')
keys j r
keys "different shoes" Enter
screen
t_ok $(! sed -n '3,22p' out | awk '{ print $3 ":" $5 }' | grep -qx "$hop2"; echo $?) \
    "r rejects hop 2 ($hop2) and the new path goes around it"
keys Tab Tab Tab
screen
t_grep "vigil-browse *hop .* confirmed" out "the custody log has the confirmation"
t_grep "vigil-browse *path re-planned and saved" out "and the new path"

# a note, an item, a clip, an export: each done through the library
keys a
keys "他跑向宿舍" Enter
screen
t_grep "note [0-9]* added" out "a adds a note"
keys BTab
screen
t_grep "他跑向宿舍" out "the note is in the notes, in CJK"
keys Tab
keys Tab Tab		# from the log to the path
keys g i
screen
t_grep "item [0-9]* added (sighting C017:T1569)" out "i adds the hop as an item"
keys x
screen
t_grep "clip written into the case: clips/01-211305-C017.mp4" out "x cuts the hop's clip into the case"
t_ok $([ -s cases/$C/clips/01-211305-C017.mp4 ]; echo $?) "and it is there"
# a link planted at the case's clips/ does not receive the clip
mv cases/$C/clips clips-made
mkdir elsewhere
ln -s "$PWD/elsewhere" cases/$C/clips
keys x
screen
t_grep "no clip: 'clips': a symbolic link: never written through" out \
    "x refuses a symbolic link planted at clips/"
t_ok $(ls elsewhere | wc -l) "and writes nothing where it points"
rm cases/$C/clips
mv clips-made cases/$C/clips
keys E
keys bundle-b Enter
sleep 2
settle
screen
t_grep "exported: bundle-b" out "E exports the case"
t_run vigil-verify bundle-b
t_rc 0 "and the bundle verifies"

keys : "gate G-N3" Enter	# the timeline of one gate
keys G i
screen
t_grep "^\[timeline\]" out "on the timeline"
t_grep "item [0-9]* added" out "i adds a timeline row as an item"
t_grep "^+ " out "and the row is marked as an item of the case"

keys '?'
screen
t_grep "^vigil-browse  keys" out "? lists the keys"
t_grep "^j, Down *down *move down" out "from the table that dispatches them"
keys q

W=100 H=30
tm resize-window -t $S -x 100 -y 30 2>/dev/null
settle
screen
t_ok $([ "$(wc -l <out)" -eq 30 ]; echo $?) "after a resize, 30 lines"
t_grep "Enter detail" out "the status line is redrawn at the new bottom"

keys q q
t_ok $([ "$(cat rc 2>/dev/null)" = 0 ]; echo $?) "q goes back, then quits, exit 0"

# the keys file
printf '# mine\nbind J down\nunbind j\nbind X nosuchaction\n' >keys
start env VIGIL_KEYS=keys vigil-browse -A w.db -c $C
screen
t_grep "keys, line 4: not 'bind KEY ACTION'" out "a bad line of the keys file is reported"
keys '?'
screen
t_grep "^Down, J *down" out "a key bound in the keys file"
t_ok $(! grep -q "^j, " out; echo $?) "and one unbound"
keys q Q

# NO_COLOR: frames as characters
start env NO_COLOR=1 vigil-browse -A w.db -c $C
keys Enter
screen
t_ok $(! grep -q "▀" out; echo $?) "NO_COLOR: no half blocks"
t_grep "[@%#*+=]" out "the frame as a ramp of characters"
keys Q

# killed: the terminal is restored
start sh -c "vigil-browse -A w.db -c $C & sleep 1; kill -TERM \$!; wait; stty -a | tr ' ' '\n' | grep -x 'icanon\|-icanon'"
sleep 1
screen
t_grep "^icanon$" out "SIGTERM: the terminal is restored (canonical mode)"

t_run vigil-browse -A w.db -c $C </dev/null
t_rc 2 "no terminal"
t_err "vigil-browse: the browser needs a terminal" "says so"
t_run env -u VIGIL_OFFICER vigil-browse -A w.db -c $C
t_rc 1 "no officer"
t_done
