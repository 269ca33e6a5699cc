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
. "$top_srcdir/tests/tmux.sh"

# the mouse: clk COL ROW (from 0) presses and releases button 1 there,
# as an xterm in X10 mode writes it
clk() {
	tm send-keys -t $S -l "$(printf '\033[M %b%b\033[M#%b%b' \
	    "\\0$(printf %o $((33 + $1)))" "\\0$(printf %o $((33 + $2)))" \
	    "\\0$(printf %o $((33 + $1)))" "\\0$(printf %o $((33 + $2)))")"
	settle
}
demo_world
mkdir -p $D
"$MKSEG" $D/211300.mp4 C017 2018-11-20T13:13:00Z 60 1000
vigil-index -q -A w.db -r r -F csv >/dev/null 2>&1
overpass_case
vigil-case -c $C note '目击者: 高个子男人, 跑下东侧楼梯' >/dev/null

start vigil-browse -A w.db -c $C
screen
t_grep "| $C: Assault on the nort…$" out "opens the case, its title on the first line, cut with …"
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
t_grep "vigil-browse case $C opened in" out "records that the case was opened"
keys BTab BTab BTab BTab
screen
t_grep "\[timeline\]" out "BackTab walks the panes back: the timeline"
t_golden browse-timeline "the timeline around the incident"
t_grep "^timeline 79/161  skew not computed " out "the archive's clocks were never estimated: said under the timeline"

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
keys : "camera C0I7" Enter
screen
t_grep "^':camera C0I7': unknown camera 'C0I7' (vigil site -s devices lists the site's) *$" out \
    "a camera the site does not have is named, as vigil-query names it"
t_grep "^:camera C017 21:12..21:14 " out "and the timeline stays as it was"

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
cp out map0
keys J
screen
t_ok $(! cmp -s out map0; echo $?) "J pans the map down (south)"
keys K
screen
t_same out map0 "K pans it back up"
# a click on a hop's number on the map selects it, a second opens it
# (the first hop number 2-8 on the map, followed by its device's label)
row=$(sed -n '2,22{/[2-8]\(C[0-9][0-9][0-9]\|G-\)/=}' out | head -n 1)
hop=$(sed -n "${row}s/^.*\([2-8]\)\(C[0-9][0-9][0-9]\|G-\).*/\1/p" out)
pre=$(sed -n "${row}s/[2-8]\(C[0-9][0-9][0-9]\|G-\).*//p" out)
col=$(printf %s "$pre" | LC_ALL=C.UTF-8 wc -m)
clk $col $((row - 1))
screen
t_grep "^hop $hop/8 " out "a click on hop $hop's number on the map selects it"
clk 0 3
screen
t_grep "^hop $hop/8 " out "a click where no hop is changes nothing"
clk $col $((row - 1))
screen
t_grep "^hop *$hop of 8" out "a second click opens the hop's detail"
keys q
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
t_ok $(! sed -n '3,22p' out | awk '$1 ~ /^[0-9]+$/ { print $3 ":" $5 }' | grep -qx "$hop2"; echo $?) \
    "r rejects hop 2 ($hop2) and the new path goes around it"
t_ok $(sed -n '3,22p' out | awk '$1 == "-" && /x rejected/ { print $3 ":" $5 }' | grep -qx "$hop2"; echo $?) \
    "the rejected hop stays in sight, marked 'x rejected', below the path"
t_grep "^1 .*= confirmed" out "the confirmed hop is marked '= confirmed'"
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
screen
t_grep "export the case to the folder: ~/$C-[0-9]\{8\}" out "E offers a folder by default, under ~"
keys C-u bundle-b Enter
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

# the case's items: a screen of their own, in time order, read again on
# entering (one added by vigil-case meanwhile); Enter: the whole timeline
# (the query dropped) at the item, the window moved to it, its row selected
vigil-case -c $C add-item event D-CHEM --at '2018-11-21 02:10:44' \
    --remark '夜里 swipe at the lab' >/dev/null
keys e
screen
t_grep "^vigil-browse  $C: the case's items, in time order *$" out \
    "e: the case's items"
sed -n '2,5p' out | sed 's/ *$//' >items
cat >items.want <<'END'
item time                    kind     device     until    remark
2    2018-11-20 21:12:45     event    G-N3
1    2018-11-20 21:13:05.120 sighting C017:T1569 21:13:31
3    2018-11-21 02:10:44     event    D-CHEM              夜里 swipe at the lab
END
t_same items items.want "its items in time order: time, kind, device, until, remark"
t_grep "^items 1/3  Enter timeline  / search  f filter  ? help  q back *$" out \
    "with where one is and its keys"
keys / D-CHEM Enter Enter
screen
t_grep "^item 3: event D-CHEM *$" out "/ finds an item, Enter: the timeline at it"
t_grep "^timeline 1/3 " out "the window moved to the item (3 rows), its row selected"
t_grep "^  2018-11-21 device " out "its day heads the time column (at 80 columns no detail beside names it)"
t_grep "^+ 02:10:44 *D-CHEM" out "the row marked as an item"
keys e q
screen
t_grep "^timeline 1/3 " out "q: back where e was pressed"
keys I

keys '?'
screen
t_grep "^vigil-browse  keys" out "? lists the keys"
t_grep "^j, Down *down *move down" out "from the table that dispatches them"
keys j j j j j j j j j j j j
screen
t_ok $([ "$(sed -n '/^help /,$p' out | sed 1d | sed 's/ *$//' | paste -sd' ')" = "the next match (the anomalies: a new case from the one selected, vigil-case new --anomaly)" ]; echo $?) \
    "a key's help wider than the screen: whole, wrapped below the bar"
keys g
# every action the help names can be bound, so the manual names it in
# the keys file's list (all of them on one screen of 50 lines: the rows
# less the two heading and two closing lines)
tm resize-window -t $S -x 80 -y 50 2>/dev/null
settle
screen
sed '1,2d' out | head -n -2 | cut -c18- | cut -d' ' -f1 | grep . | sort -u >acts
t_ok $([ "$(wc -l <acts)" -ge 40 ]; echo $?) "the help's actions, at 50 lines"
sed -n '/^The actions are named/,/^A line that/p' "$top_srcdir/man/vigil-browse.1" |
    tr -s ' ,.\n' '\n' | sort -u >man-acts
comm -23 acts man-acts >unnamed
t_same unnamed /dev/null "the manual names every action of the help"
tm resize-window -t $S -x 80 -y 24 2>/dev/null
settle
keys q

W=100 H=30
tm resize-window -t $S -x 100 -y 30 2>/dev/null
settle
screen
t_ok $([ "$(wc -l <out)" -eq 30 ]; echo $?) "after a resize, 30 lines"
t_grep "Enter detail" out "the status line is redrawn at the new bottom"

# a case with no incident time and no path says why its timeline is
# empty and what to do; with items, its timeline is at the first
vigil-case -A w.db new EMPTY-1 --title x >/dev/null
# a long title (a case from an anomaly has one) is cut, not the columns
# after it pushed off the screen
vigil-case -A w.db new LONG-1 --incident-time '2018-11-20 21:13' --title \
    'impossible-travel at G-N3, 2018-11-20T21:14:31.453333+08:00, and more' >/dev/null
keys q
screen
t_grep "^number *title *incident *status *entries" out \
    "the cases at 100 columns: the columns after a long title shown"
t_grep "^LONG-1 *impossible-travel at G-N3, 2018-11-20T[0-9:]*… *2018-11-20T21:13:00+08:00 open *1" out \
    "the long title cut with …"
keys / EMPTY-1 Enter Enter
screen
t_grep "^no incident time, no path: 0 rows at the case's making; t goes to a time *$" out \
    "a case with no incident time nor path: why the timeline is empty, what to do"
keys e
screen
t_grep "^no item yet: i on a row of the timeline or a hop adds one *$" out \
    "e: no item yet, and how one is added"
vigil-case -c EMPTY-1 add-item sighting C060:T1598 >/dev/null
vigil-case -c EMPTY-1 add-item event D-CHEM --at '2018-11-21 02:31:02' >/dev/null
keys q q / EMPTY-1 Enter Enter
screen
t_grep "^no incident time, no path: the timeline at the first item; e: all 2 items *$" out \
    "with items: the timeline at the first, said"
t_grep "^timeline 2/3 " out "its row selected (2 of 3)"
t_grep "^+ 02:15:03 *C060 *face *T1598" out "and marked"

keys q q
t_ok $([ "$(cat rc 2>/dev/null)" = 0 ]; echo $?) "q goes back, then quits, exit 0"

# On a server (tests/pg), what reads the archive only: the keys file,
# NO_COLOR, the terminal restored, the mouse, colours, the player, an
# export's folder, the map's labels, the detail beside and bookmarks draw
# and keep what the path and the timeline read: a file's only
if t_file; then

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

start vigil-browse -A w.db -c $C
clk 3 5
screen
t_grep "^path 4/" out "a click on a row of the path selects it"
clk 3 5
screen
t_grep "^hop *4 of" out "a second click on it opens its detail"
keys q
clk 2 0
screen
t_grep "^\[timeline\]" out "a click on a pane's name shows the pane"
keys Q

fi

# a lookup of a person under a case asks why and logs it as vigil-query does
start vigil-browse -A w.db -c $C
keys : "person P0012345" Enter
screen
t_grep "why look up P0012345? (goes into the custody log):" out ":person asks why"
keys Escape
screen
t_grep "not looked up: looking up a person under a case needs a reason" out \
    "Escape: not looked up"
t_ok $(! vigil-case -c $C log -F tsv | grep -q "queried about P0012345"; echo $?) \
    "and nothing logged"
keys : "person P0012345" Enter
keys Enter
screen
t_grep "not looked up" out "an empty reason: not looked up"
keys : "person P0012345" Enter
keys "named by gate G-N3" Enter
screen
t_grep "^\[timeline\]" out "with a reason: the person's timeline"
t_grep "P0012345" out "of the person"
vigil-case -c $C log -F tsv | awk -F'\t' '$4 == "vigil-browse" && $6 ~ /queried about P0012345/' >b.log
t_ok $([ "$(wc -l <b.log)" -eq 1 ]; echo $?) "one custody entry for the lookup"
bargs=$(cut -f5 b.log)
t_ok $(echo "$bargs" | grep -q "^-c $C --person P0012345 --from [^ ]* --to [^ ]* --why 'named by gate G-N3'\$"; echo $?) \
    "its arguments are vigil-query's, with the reason ($bargs)"
eval "set -- $bargs"
vigil-query "$@" >/dev/null
vigil-case -c $C log -F tsv | awk -F'\t' '$4 == "vigil-query"' | tail -n 1 >q.log
t_ok $([ "$(cut -f5,6 b.log)" = "$(cut -f5,6 q.log)" ]; echo $?) \
    "the same arguments and the same record as vigil-query -c --why ($(cut -f6 b.log))"
keys Q

# the timeline counts its whole window, searches all of it, and says the day
start vigil-browse -A w.db -c $C
keys BTab
screen
total=$(sed -n 's/^timeline [0-9]*\/\([0-9]*\) .*/\1/p' out | head -n 1)
n=$(vigil-query -A w.db --from '2018-11-20 20:13' --to '2018-11-20 22:13' -F csv | awk -F, 'NR > 1 && $1 >= "2018-11-20T20:13"' | wc -l)
t_ok $([ -n "$total" ] && [ "$total" -eq "$n" ]; echo $?) \
    "the timeline's count is of its whole window ($total of $n rows)"
t_grep "^timeline 79/$n " out "and the position is absolute: the incident is row 79"
keys G
screen
t_grep "^timeline $n/$n " out "G: the last row is row $n of $n"
keys /
keys P0012503 Enter
screen
t_grep "^search wrapped: P0012503" out "/ searches rows not loaded: wraps to 20:48"
t_ok $(awk '/P0012503/ && /20:48:35/' out | grep -q .; echo $?) "and shows the row"
t_ok $(grep -q "^timeline [0-9]*/$n " out && ! grep -q "^timeline 1/$n\|^timeline $n/$n" out; echo $?) \
    "selected in the middle of the window ($(sed -n '23p' out | cut -c1-20))"
keys I
screen
t_grep "^timeline 79/$n " out "I: back to the incident's timeline"
keys t
keys "21:40" Enter
screen
t_ok $(sed -n '3p' out | cut -c3-10 | awk '{ exit !($1 >= "21:40" && $1 < "21:42") }'; echo $?) \
    "t: the timeline at a time ($(sed -n '3p' out | cut -c1-30))"
keys : "camera C017 2018-11-20T20:00..2018-11-21T09:00" Enter
screen
t_grep "^  2018-11-20 20:01:42 C017" out "a query over two days dates its rows"
# one time grammar with the command line's: a date and a time, words and
# all; a span of bare times on the incident's day; a time alone, the
# timeline around it, at it
n=$(vigil-query -A w.db --camera C017 --from '2018-11-20 21:12..21:14' -F csv | sed 1d | wc -l)
keys : "camera C017 2018-11-20 21:12..21:14" Enter
screen
t_grep "^:camera C017 2018-11-20 21:12\.\.21:14 1/$n " out \
    "':' takes '2018-11-20 21:12..21:14' as --from does ($n rows)"
keys : "camera C017 21:12..21:14" Enter
screen
t_grep "^:camera C017 21:12\.\.21:14 1/$n " out "a span of bare times: on the incident's day"
nbefore=$(vigil-query -A w.db --camera C017 --from '2018-11-20 20:13:05' --to '2018-11-20 21:13:05' -F csv | sed 1d | wc -l)
n=$(vigil-query -A w.db --camera C017 --from '2018-11-20 20:13:05' --to '2018-11-20 22:13:05' -F csv | sed 1d | wc -l)
keys : "camera C017 21:13:05" Enter
screen
t_grep "^:camera C017 21:13:05 $((nbefore + 1))/$n " out \
    "a time alone: the hour each way of it, at its first row ($((nbefore + 1)) of $n)"
keys : "camera C017 last tuesday" Enter
screen
t_grep "^':camera C017 last tuesday': 'last tuesday' is not a filter nor a time (filters: person, camera, " out \
    "a time it cannot read: said, with what it takes"
keys Q

# one detail for a hop and for its row in the timeline, with the box
start env NO_COLOR=1 vigil-browse -A w.db -c $C
keys Enter
screen
t_grep "^hop *1 of [0-9]*  = confirmed" out "the hop's detail, with its decision"
sed -n '/^time /,/^source /p' out | cut -c1-48 | sed 's/ *$//' >hop.detail
t_grep "^clothes *upper black, lower blue" hop.detail "with the clothes"
t_ok $(awk '/^attributes/ { a = $0; getline; sub(/^ +/, ""); print a $0 }' hop.detail | grep -qx "attributes gender=male;hat=no;bag=none;running=yes"; echo $?) \
    "and the attributes, wrapped beside the frame"
t_ok $(cut -c50- out | grep -q '+-*+'; echo $?) "the sighting's box drawn on the frame"
t_ok $(cut -c50- out | grep -q '|'; echo $?) "with its sides"
keys q
keys BTab
keys /
keys T1569 Enter
keys Enter
screen
t_grep "^row *[0-9]* of [0-9]*  (on the path)" out "the timeline row's detail"
sed -n '/^time /,/^source /p' out | cut -c1-48 | sed 's/ *$//' >row.detail
t_same hop.detail row.detail "the same fields, in the same layout, as the hop's"
keys q
keys : "gate G-N3" Enter
keys G Enter
screen
t_grep "^credential " out "a gate's detail: its credential"
t_grep "^direction *\(in\|out\)" out "its direction"
t_grep "^result *granted\|^result *denied" out "its result"
t_grep "^gate *G-N3  ." out "and the gate's name"
keys Q

if t_file; then	# (colours, the player, the export's folder: as above)
# the path at 200x60: colour and marks
W=200 H=60
start vigil-browse -A w.db -c $C
screen
t_ok $([ "$(wc -l <out)" -eq 60 ]; echo $?) "200x60: 60 lines"
t_grep "^1 .*= confirmed" out "200x60: the confirmed hop marked"
t_grep "^- .*x rejected" out "200x60: the rejected hop in sight"
t_grep "100% #####" out "a confidence of 100% as a full bar"
tm capture-pane -e -p -t $S >outc
t_ok $(grep -q '= confirmed' outc && grep '= confirmed' outc | grep -q "$(printf '\033')\[[0-9;]*1[;m]"; echo $?) \
    "the confirmed hop is bold"
t_ok $(grep 'x rejected' outc | grep -q "$(printf '\033')\[[0-9;]*\(38;5;\|38:5:\|3[0-7]\)"; echo $?) \
    "the rejected hop has a colour"
# made taller, the timeline (on the incident, 83 rows before the window's
# end) shows the rows before it rather than blank lines
tm resize-window -t $S -x 200 -y 100 2>/dev/null
keys BTab
screen
t_grep "^\[timeline\]" out "(the timeline, at 200x100)"
t_ok $(sed -n 98p out | grep -q '^[ *+=x-] 2[0-3]:'; echo $?) \
    "no blank lines below the last row while earlier rows are held back"
keys Q
W=80 H=24

# play: no display, the clip's path; with one, in the background
start env -u DISPLAY -u WAYLAND_DISPLAY vigil-browse -A w.db -c $C
keys p
screen
t_grep "^no display to play on: cases/$C/clips/01-211305-C017.mp4" out \
    "p without a display says so, and where the clip is"
keys Q
# the player runs until told to stop, so that nothing here hangs on timing
printf '#!/bin/sh\necho $$ >player.pid\necho "$@" >played\nwhile [ ! -f stop ]; do sleep 0.1; done\n' >fakeplay
chmod +x fakeplay
start env DISPLAY=:99 VIGIL_PLAYER=$PWD/fakeplay vigil-browse -A w.db -c $C
keys p
screen
t_grep "^playing clips/01-211305-C017.mp4 in fakeplay, in the background" out \
    "p plays the clip in the background"
keys j
screen
t_ok $(grep -q "^path 2/" out && [ -s player.pid ] &&
    kill -0 "$(cat player.pid)" 2>/dev/null; echo $?) \
    "the browser answers keys while the player runs"
t_grep "01-211305-C017.mp4" played "the player was given the clip"
touch stop
# the player's end, however loaded the machine
player=$(cat player.pid)
i=0
while ps -o stat= -p "$player" | grep -q '^[^Z]' && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
# the browser (the pane's shell's child) has no zombie child: the player was
# not its child, and the one between was reaped at once; the player, an
# orphan, is init's (or a subreaper's) to reap, however slowly it does
pane=$(tm display -p -t $S '#{pane_pid}')
browser=$(ps -o pid= --ppid "$pane" | tr -d ' ')
ps -eo pid=,ppid=,stat=,args= >ps.out
t_ok $(! ps -o stat= -p "$player" | grep -q '^[^Z]' &&
    [ -n "$browser" ] && ! awk -v b="$browser" '$2 == b && $3 ~ /^Z/' ps.out |
    grep -q . && ! awk -v p="$player" -v b="$browser" '$1 == p && $2 == b' ps.out |
    grep -q .; echo $?) \
    "after the clip the player is gone, no zombie of the browser's left"
awk -v pane="$pane" -v p="$player" '$1 == pane || $2 == pane || $1 == p ||
    $2 == '"${browser:-0}"'' ps.out | sed 's/^/# /'
keys Q

# export: ~ expanded; errors name the folder typed, not the staging one
mkdir -p home
start env HOME=$PWD/home vigil-browse -A w.db -c $C
keys E
screen
t_grep "export the case to the folder: ~/$C-[0-9]\{8\}" out "the default folder"
keys C-u "~/nosuch/b" Enter
screen
t_grep "^not exported: there is no folder '~/nosuch'" out \
    "a folder that is not there: said plainly"
t_ok $(! grep -q "vigil-export\." out; echo $?) "no staging folder named"
keys E
keys Enter
sleep 2
settle
screen
t_grep "exported: ~/$C-[0-9]\{8\} " out "Enter takes the default"
t_ok $(ls -d home/$C-* >/dev/null 2>&1; echo $?) "made under ~ (HOME)"
keys Q

fi

# the views added: a second case with a fresh path; bookmarks in ./state
C2=2018-1120-OVQ
vigil-case -A w.db new $C2 --title 'Second look at the overpass' \
    --incident-time '2018-11-20 21:13' --incident-place OVP-N >/dev/null
vigil-case -c $C2 add-subject --anchor C017:T1569 >/dev/null
ST=$PWD/state
B2="env XDG_STATE_HOME=$ST vigil-browse -A w.db -c $C2"

if t_file; then	# (the map and the detail beside: as above)
# the map: at 80x24 only the zones, the path and the incident labelled
start $B2
keys m
screen
t_golden browse-map "the map at 80x24: no tangle, a legend, the incident"
t_grep "✕" out "80x24: the incident's place marked with a cross"
t_grep "OVP-N" out "and labelled"
t_grep "● camera ■ gate ◇ place ✕ incident *$" out "a legend of the glyphs"
t_grep "hops: proposed confirmed rejected *$" out "and of the hops' colours"
t_ok $(! grep -q "D-FIN\|CAN-1\|C019\|WS-3" out; echo $?) \
    "80x24: no labels of devices and places off the path"
# panned so that a zone's bottom edge is the map's last row: the scale
# bar goes top-left, not over the edge and the hop's number
keys K
screen
t_grep "^  └────┼──.*2C018" out "80x24 panned: the zones' bottom edges whole on the last row"
t_grep "^├──── 100 m ─────┤  *N" out "and the scale bar top-left"
keys J
keys Enter
screen
t_grep "^detail  j/k next/previous  c/r confirm/reject  p play  ? help  q back *$" out \
    "80x24: the detail's status line names the help"
keys Q
W=200 H=60
start $B2
keys m
screen
t_grep "D-FIN" out "200x60: the devices off the path labelled too"
t_grep "CHEM-1" out "200x60: and the places"
t_grep "● camera ■ gate ◇ place ✕ incident *$" out "200x60: the legend"
t_grep "✕OVP-N" out "200x60: the incident marked and labelled"
keys Q

# side by side at 200 columns: the detail beside the path or the timeline
start $B2
screen
t_golden browse-side "200x60: the path, and beside it the detail of the hop selected"
t_ok $(sed -n 2p out | sed 's/^.*│//' | grep -q "^hop        1 of 8  ? proposed"; echo $?) \
    "the detail in the right half"
t_grep "▀" out "with its frame"
keys j
screen
t_ok $(sed -n 2p out | sed 's/^.*│//' | grep -q "^hop        2 of 8"; echo $?) \
    "the detail follows the selection"
keys BTab
screen
t_ok $(sed -n 2p out | sed 's/^.*│//' | grep -q "^row        79 of "; echo $?) \
    "beside the timeline, the detail of its row"
keys Q
W=80 H=24
start $B2
screen
t_ok $(! grep -q "│" out; echo $?) "80x24: one pane, no detail beside it"
keys Q

fi

# the live filter: the path narrowed as one types, Escape clears
start $B2
keys f C04
screen
t_grep "^filter (Escape clears): C04" out "f: a filter typed on the last line"
t_ok $(sed -n '3,22p' out | awk '$1 ~ /^[0-9]+$/' | awk '{ print $1 ":" $3 }' | tr '\n' ' ' | grep -qx "6:C040 7:C041 "; echo $?) \
    "the path narrowed as it is typed, before Enter"
keys Enter
screen
t_grep "^path 1/2 filter 'C04'" out "Enter keeps it; the count is of the rows shown"
keys j Enter
screen
t_grep "^hop *7 of 8" out "the detail of a row filtered to is that hop's"
keys q Escape
screen
t_grep "^path 7/8 " out "Escape: every row again, the selection kept"
keys f zzz Enter c
screen
t_grep "^path 0/0 filter 'zzz'" out "a filter no row has: none shown"
t_grep "^select a hop of the path" out "and c decides nothing on a row hidden"
keys Escape
n5=$(vigil-query -A w.db --from '2018-11-20 20:13' --to '2018-11-20 22:13' -F csv | awk -F, 'NR > 1 && $1 >= "2018-11-20T20:13"' | grep -c P0012345)
n=$(vigil-query -A w.db --from '2018-11-20 20:13' --to '2018-11-20 22:13' -F csv | awk -F, 'NR > 1 && $1 >= "2018-11-20T20:13"' | wc -l)
keys BTab f P0012345 Enter
screen
t_grep "^timeline 1/$n5 filter 'P0012345'" out \
    "the timeline's filter is over its whole window ($n5 rows of $n)"
t_ok $(sed -n "3,$((2 + n5))p" out | grep -c P0012345 | grep -qx "$n5"; echo $?) \
    "every row shown has it"
t_ok $(! sed -n "$((3 + n5)),22p" out | grep -q '[^ ]'; echo $?) "and no other row"
keys Escape
screen
t_grep "^timeline [0-9]*/$n " out "Escape: the whole window again"
keys Q

if t_file; then	# (bookmarks: the officer's file, as above)
# bookmarks: the officer's, beside the case, not in it
start $B2
keys j j b
screen
t_grep "^3» *21:15:10.400 G-N3" out "b bookmarks the hop: '»' after its number"
t_ok $(grep -q "^hop	G-N3@2018-11-20T21:15:10.400+08:00\$" $ST/vigil/bookmarks/$C2; echo $?) \
    "kept in the officer's state folder (XDG_STATE_HOME)"
t_ok $(! vigil-case -c $C2 log -F tsv | grep -qi bookmark; echo $?) \
    "not in the case's custody log"
t_ok $([ "$(stat -c %a $ST/vigil/bookmarks/$C2)" = 600 ]; echo $?) \
    "the officer's alone (0600), as a case's files"
echo victim >victim
ln -s "$PWD/victim" $ST/vigil/bookmarks/$C2.new
keys g "]"
screen
t_grep "^path 3/8 " out "] goes to the bookmarked hop"
keys BTab b G "]"
screen
t_grep "^timeline 79/$n " out "] from the last row wraps round to the row bookmarked"
t_grep "^*» 21:13:05.120 C017" out "the row marked '»' after its path mark"
keys Q
start $B2
screen
t_grep "^3» " out "the bookmarks are there when the case is opened again"
keys j j b
screen
t_grep "^bookmark taken off" out "b again takes the mark off"
t_ok $(! grep -q "^hop" $ST/vigil/bookmarks/$C2; echo $?) "and out of the file"
t_ok $([ "$(cat victim)" = victim ] && [ ! -L $ST/vigil/bookmarks/$C2 ]; echo $?) \
    "a link planted where the new file is made is not written through"
keys Q

fi

# undo: a new decision that says so, never an erasure; a hop's first
# decision undone withdraws it (proposed again)
start $B2
keys c "seen on the stair" Enter
keys u
screen
t_grep "^undo decision [0-9]* (C017:T1569 confirmed), back to proposed, because:" out \
    "u after a hop's first decision asks why, and says it goes back to proposed"
keys "pressed c too soon" Enter
screen
t_grep "^1 .*? proposed" out "the hop is proposed again"
t_grep "undone: proposed again: the path is re-planned" out "and the path planned again"
keys c "seen on the stair" Enter
keys r "not the man" Enter
keys u
screen
t_grep "^undo decision [0-9]* (C017:T1569 rejected), back to confirmed, because:" out \
    "u asks why, naming the decision and what it goes back to"
keys "pressed r by mistake" Enter
screen
t_grep "^1 .*= confirmed" out "the hop is confirmed again"
t_grep "undone: confirmed again: the path is re-planned" out "and the path planned again"
vigil-case -c $C2 log -F tsv | awk -F'\t' '$4 == "vigil-browse" && $6 ~ /^(hop C017:T1569|decision [0-9]+ on hop C017:T1569)/ { print $6 }' >u.log
t_ok $([ "$(cat u.log | tr '\n' '|')" = "hop C017:T1569 confirmed|decision 1 on hop C017:T1569 undone: proposed again|hop C017:T1569 confirmed|hop C017:T1569 rejected|decision 4 on hop C017:T1569 undone: confirmed again|" ]; echo $?) \
    "the custody log keeps all five ($(cat u.log | tr '\n' '|'))"
t_ok $(vigil-case -c $C2 show | grep -q "^C017:T1569	confirm	undo of decision 4: pressed r by mistake	"; echo $?) \
    "the decision in force names the one undone and why"
keys Q

# the others: what their columns say, and the candidate's picture (its
# camera has no recordings here: the picture is looked for, and why there
# is none said in its place)
start $B2
keys j j o
screen
t_grep "^candidate *seen at *share person" out "o: the others of the hop, with a person column"
t_grep "^C031:T1581 21:15:31 0%  " out "the candidate, when it was seen and its share"
t_grep "share      its chance, weighed as" out "what the share is, beside the list"
t_grep "│no recording of camera C031 at 2018-11-" out \
    "the candidate's picture looked for, at the middle of its sighting"
keys o j j j j o
screen
t_grep "│(a gate: no picture)" out "a gate candidate: no picture, said"
keys Q

t_run vigil-browse -A w.db -c $C </dev/null
t_rc 2 "no terminal"
t_err "vigil-browse: the browser needs a terminal" "says so"
t_run env -u VIGIL_OFFICER vigil-browse -A w.db -c $C
t_rc 1 "no officer"
t_done
