#!/bin/sh
# t0316-look-index: the index of a span's vectors (faiss) for --like: built
# by vigil-import -L, private; --index gives the exact scan's first rows,
# also where colours and attributes lift a sighting whose vector is far
# (the index's colours' lists) or that has none; a missing, damaged,
# stale or linked index is not used, with a warning; the browser's l
# searches the same way (--index, --exact)
. "$top_srcdir/tests/lib.sh"

if ! grep -q '^#define HAVE_FAISS 1' "${top_builddir:-../../..}/config.h"; then
	echo "1..0 # SKIP built without faiss"
	exit 0
fi

# a crowd of 3000 (34,000 sightings in the day's span), noisy vectors
vigil-simulate -q --seed 23 --dial crowd=3000 --dial noise=0.9 -o w ||
    exit 1
anchor=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1:\2/p' w/truth.json | head -1)
cam=${anchor%%:*} trk=${anchor#*:}
# and three sightings with his colours and attributes and no vector
{ head -1 w/cameras/$cam.sightings.csv
  for i in 1 2 3; do
	grep "^$cam,$trk," w/cameras/$cam.sightings.csv | head -1 |
	    awk -F, -v OFS=, -v i=$i '{ $2 = "NV" i
		$3 = $4 = "2018-11-20T1" i ":00:00.000"; $16 = ""; print }'
  done; } >novec.sightings.csv
A=w.db
vigil-import -q -A $A w/site.xml w/roster.csv w/gates/* w/cameras/* \
    novec.sightings.csv || exit 1
IX=$A-look-2018-11-20.ix
t_ok $([ ! -e $IX ]; echo $?) "an import builds no index of a span under a million sightings"
sum0=$(sha256sum <$A)

t_run vigil-import -A $A -L
t_rc 0 "vigil-import -L"
t_err "vigil-import: 'w.db': every span has its vector file
vigil-import: 'w.db': span 2018-11-20: index of 33942 vectors built" \
    "builds the index of the span with vectors enough"
t_ok $([ "$(stat -c %a $IX)" = 600 ]; echo $?) "the index is its owner's only"
t_ok $([ ! -e $A-look-2018-11-19.ix ]; echo $?) "none for the evening before (a few vectors)"
t_run vigil-import -A $A -L
t_err "vigil-import: 'w.db': every span has its vector file" \
    "a second -L builds nothing"
t_ok $([ "$(sha256sum <$A)" = "$sum0" ]; echo $?) "the archive is unchanged"

like() {	# like ARGS...: the first rows of --like
	t_run vigil-query -A $A -F tsv --like "$anchor" \
	    --columns device,track,similarity "$@"
}
for n in 1 10 50; do
	like -n $n --exact
	mv out exact.$n
	like -n $n --index
	[ $n = 50 ] && cp err err.50
	t_ok $(grep -c . err | grep -qx 0; echo $?) "-n $n: --index without a warning"
	t_same out exact.$n "-n $n: the index gives the exact scan's first rows"
done
# the exact answer ranks colours and attributes too: its tail holds
# sightings whose vectors are too unlike to be among the index's first
# 1,000 nearest, and (further down) the three with none
like -n 100 --exact
mv out exact.100
like -n 100 --index
t_same out exact.100 "-n 100: the index gives the exact scan's 100 rows (colours lift far vectors)"
t_ok $([ ! -s err ]; echo $?) "(without a warning)"
like -n 300 --exact
mv out exact.300
t_ok $([ "$(grep -c "	NV[123]	" exact.300)" = 3 ]; echo $?) \
    "(the exact first 300 hold the three sightings with no vector)"
like -n 300 --index
t_same out exact.300 "-n 300: the index gives the exact scan's rows, the three with no vector among them"
# the search's budget: without further rounds (--budget 0) the first
# round cannot rule out every sighting left out at -n 50, and says so,
# on stderr and in a case's custody entry; the default budget settles it
# on a span this small (every list within it): the exact answer, unsaid
like -n 50 --index --budget 0
t_rc 0 "--budget 0: the first round alone"
t_ok $([ "$(sed 1d out | wc -l)" = 50 ]; echo $?) "(50 rows)"
t_err "vigil-query: warning: approximate answer: the search of 1 of 1 spans' indexes spent its budget before it could rule out every sighting left out (--exact scans them)" \
    "an answer the budget bound is said to be approximate"
# the colours' lists: the first round alone finds the sightings in his
# colours whose vectors are too far to be among the index's nearest
# (without the lists, a third of the exact first 100 were missed here)
like -n 100 --index --budget 0
t_same out exact.100 "--budget 0: the colours' lists give the exact first 100 rows"
like -n 50 --index --budget 2
t_same out exact.50 "--budget 2 (the default): the exact scan's rows"
t_ok $([ ! -s err ]; echo $?) "(without a warning)"
VIGIL_CASES=$PWD/cases VIGIL_OFFICER='Insp. Wang'
export VIGIL_CASES VIGIL_OFFICER
vigil-case -A $A new 2018-1120-BU --title 'A budget spent' \
    --incident-time '2018-11-20 12:00' >/dev/null || exit 1
like -n 50 --index --budget 0 -c 2018-1120-BU
like -n 50 --index -c 2018-1120-BU
vigil-case -c 2018-1120-BU log -F tsv | awk -F'\t' '$4 == "vigil-query" { print $6 }' >log
printf '%s\n' "archive $A queried: 50 sightings ranked by look (approximate: an index's search budget spent)" \
    "archive $A queried: 50 sightings ranked by look" >log.want
t_same log log.want "the custody entry says which answer was approximate"
t_run vigil-query -A $A --like "$anchor" -n 5 --exact --budget 1
t_rc 2 "--budget with --exact is refused"
t_grep "^vigil-query: --budget goes with --like, not with --exact\$" err "and said so"
t_run vigil-query -A $A --like "$anchor" -n 5 --budget 9
t_rc 2 "--budget 9 is refused"
t_grep "^vigil-query: budget '9' is too large (0 to 8)\$" err "and said so"
like -n 10 --index --from '2018-11-21 03:00' --to '2018-11-21 04:00'
t_rc 0 "--index over an empty span"
t_out "device	track	similarity" "gives the header only"
t_err "vigil-query: warning: the archive holds nothing in the time asked: its logs run from 2018-11-19T23:59:18 to 2018-11-20T21:33:16" \
    "(with the warning of any empty answer, none of the index)"
t_run vigil-query -A $A -F tsv --like $cam:NV1 --columns device,track,similarity \
    -n 100 --exact
mv out nv.exact
t_run vigil-query -A $A -F tsv --like $cam:NV1 --columns device,track,similarity \
    -n 100 --index
t_rc 0 "--index, the look a sighting with no vector"
t_same out nv.exact "ranked as by the exact scan"
t_err "vigil-query: warning: $cam:NV1 has no appearance vector: ranked by colours and attributes alone" \
    "with the warning that it has no vector"
like -n 100
t_same out exact.100 "a span this small is scanned by default"
t_ok $([ ! -s err ]; echo $?) "(without a warning)"
second=$(sed -n '2s/\t/:/; 2s/\t.*//p' exact.10)
like -n 20 --index --like "$second" --from '2018-11-20 00:00' \
    --to '2018-11-20 23:59:59'
t_rc 0 "--index with two sightings over the day"
mv out two.index
like -n 20 --exact --like "$second" --from '2018-11-20 00:00' \
    --to '2018-11-20 23:59:59'
t_same two.index out "the same as the exact scan"

t_run vigil-query -A $A --index
t_rc 2 "--index without --like"
t_grep "^vigil-query: --exact and --index go with --like\$" err "is refused"
t_run vigil-query -A $A --like "$anchor" --index --exact
t_rc 2 "--index with --exact is refused"

# damaged: a byte of its header, its lists, its length
cp $IX good.ix
printf 'X' | dd of=$IX bs=1 seek=3 conv=notrunc 2>/dev/null
like -n 100 --index
t_same out exact.100 "a damaged index: the exact scan's answer"
t_err "vigil-query: warning: '$IX': damaged: scanned its vectors instead" \
    "with a warning naming the file"
cp good.ix $IX
truncate -s -8 $IX
like -n 100 --index
t_same out exact.100 "an index cut short: the exact scan's answer"
t_err "vigil-query: warning: '$IX': damaged (not the length its header says): scanned its vectors instead" \
    "with a warning naming the file"
cp good.ix $IX
dd if=/dev/zero of=$IX bs=1 count=64 seek=120 conv=notrunc 2>/dev/null
like -n 100 --index
t_same out exact.100 "an index whose faiss part is damaged: the exact scan's answer"
t_grep "^vigil-query: warning: '$IX': .*: scanned its vectors instead\$" err \
    "with a warning naming the file"
rm $IX
like -n 100 --index
t_same out exact.100 "no index: the exact scan's answer"
t_err "vigil-query: warning: '$IX': no index (vigil-import -L builds it): scanned its vectors instead" \
    "--index says it is missing"
like -n 100
t_ok $([ ! -s err ]; echo $?) "without --index, nothing to say"
ln -s good.ix $IX
like -n 100 --index
t_same out exact.100 "an index that is a symbolic link is not opened"
t_err "vigil-query: warning: '$IX': a symbolic link, not opened: scanned its vectors instead" \
    "and said so"
rm $IX

# the older forms' lengths: the ninth session's without its lists' radii
# (128 of them here), the eleventh's without the colours' lists
hdr() {	# hdr I: the header's I-th int64
	od -An -t d8 -j $((8 * $1)) -N 8 good.ix | tr -d ' '
}
x1=$((80 + ($(hdr 8) + 7) / 8 * 8 + ($(hdr 6) + 1) * 8 + $(hdr 4) * 8 +
    $(hdr 4) * $(hdr 7)))
x2=$(((x1 + $(hdr 6) * 4 + 7) / 8 * 8))
t_ok $([ $x2 -lt $(stat -c %s good.ix) ]; echo $?) "the index holds its colours' lists"

# the twelfth session's, without the blocks of time: the same less them
x3=$((x2 + 8 + $(od -An -t d8 -j $x2 -N 8 good.ix | tr -d ' ') * 16 + 8 +
    ($(hdr 4) * 4 + 7) / 8 * 8 + ($(hdr 4) * $(hdr 5) + 7) / 8 * 8 +
    ($(hdr 4) * 4 + 7) / 8 * 8))
t_ok $([ $x3 -lt $(stat -c %s good.ix) ]; echo $?) "the index holds its blocks of time"
# the thirteenth's, without the directory of the vector file's segments
x4=$(od -An -t d8 -j $(($(stat -c %s good.ix) - 8)) -N 8 good.ix | tr -d ' ')
t_ok $([ "$(head -c 8 good.ix)" = VGLOOKX5 ] && [ $x4 -gt $x3 ] &&
    [ $x4 -lt $(stat -c %s good.ix) ]; echo $?) \
    "the index holds the directory of the vector file's segments"

# the segments are taken from the index's directory while the vector
# file is as it was when the index was built (its inode, size, time of
# change): its own headers are not read (a byte of one changed in place,
# its time kept, goes unseen); once its time changes it is read again
V=$A-look-2018-11-20
cp good.ix $IX
touch -r $V v.time
printf 'X' | dd of=$V bs=1 seek=0 conv=notrunc 2>/dev/null
touch -r v.time $V
like -n 100 --exact
t_same out exact.100 "a vector file unchanged since its index: its segments from the index's directory"
t_ok $([ ! -s err ]; echo $?) "(its headers not read: nothing said)"
like -n 100 --index
t_same out exact.100 "(the same by the index)"
touch $V
like -n 100 --exact
t_grep "^vigil-query: warning: '$V': a damaged segment: searched every sighting instead\$" err \
    "once its time of change moves, the file's own headers are read"
printf 'V' | dd of=$V bs=1 seek=0 conv=notrunc 2>/dev/null
like -n 100 --index
t_same out exact.100 "(the file as it was: the exact scan's answer)"
t_ok $([ ! -s err ]; echo $?) "(without a warning: the index used, the file read)"
touch -r v.time $V

# an hour, or less, or more, searched by the index's blocks of time: the
# exact scan's rows (the hour's rows are in no other block)
hours() {	# hours LABEL: each window's rows by --index against --exact
	for h in "08:00 08:59:59" "12:00 12:59:59" "12:30 13:10" \
	    "20:00 20:59:59" "21:00 21:59:59" "20:30 22:30"; do
		like -n 50 --exact --from "2018-11-20 ${h% *}" \
		    --to "2018-11-20 ${h#* }"
		mv out hour.exact
		t_ok $([ $(grep -c . hour.exact) -gt 40 ]; echo $?) \
		    "${h% *}..${h#* }: the exact scan ranks $(($(grep -c . hour.exact) - 1)) rows"
		like -n 50 --index --from "2018-11-20 ${h% *}" \
		    --to "2018-11-20 ${h#* }"
		t_same out hour.exact "$1: ${h% *}..${h#* } by the index, the exact scan's rows"
		t_ok $([ ! -s err ]; echo $?) "(without a warning)"
	done
}
cp good.ix $IX
hours "the blocks of time"
# a vehicle (no vector): ranked from the index's lists of the window
veh=$(vigil-query -A $A --kind vehicle -F tsv --columns device,track \
    --from '2018-11-20 12:00' | sed -n 2p | tr '\t' :)
for h in "00:00 23:59:59" "20:00 20:59:59"; do
	for m in exact index; do
		vigil-query -A $A -F tsv --like "$veh" --columns \
		    device,track,similarity -n 20 --$m --from \
		    "2018-11-20 ${h% *}" --to "2018-11-20 ${h#* }" >veh.$m \
		    2>/dev/null
	done
	t_ok $([ $(grep -c . veh.exact) -gt 1 ]; echo $?) "a vehicle, ${h% *}..${h#* }: the exact scan ranks $(($(grep -c . veh.exact) - 1)) rows"
	t_same veh.index veh.exact "(the same rows by the index's lists)"
done
# which needs no faiss: not loaded, its part of the index not read (here
# damaged, unseen)
dd if=/dev/zero of=$IX bs=1 count=64 seek=120 conv=notrunc 2>/dev/null
t_run vigil-query -A $A -F tsv --like "$veh" --columns \
    device,track,similarity -n 20 --index --from "2018-11-20 20:00" \
    --to "2018-11-20 20:59:59"
t_same out veh.exact "a vehicle's look by the lists, the index's faiss part damaged: the same rows"
t_err "vigil-query: warning: $veh has no appearance vector: ranked by colours and attributes alone" \
    "(the index used: faiss not loaded)"
# nor does a person's window whose blocks hold few vectors (every one of
# them bounded from the colours' lists), nor a window far narrower than
# its blocks (its rows scanned): by default and with --index, the exact
# scan's rows, faiss not loaded
for h in "12:00 12:59:59" "20:00:00 20:00:01" "12:30 12:31"; do
	like -n 50 --exact --from "2018-11-20 ${h% *}" --to "2018-11-20 ${h#* }"
	mv out win.exact
	for m in "" --index; do
		like -n 50 $m --from "2018-11-20 ${h% *}" \
		    --to "2018-11-20 ${h#* }"
		t_same out win.exact "${h% *}..${h#* }${m:+ $m}, the index's faiss part damaged: the exact scan's rows"
		t_ok $([ ! -s err ]; echo $?) "(without a warning: faiss not loaded)"
	done
done
cp good.ix $IX

# the older forms: the thirteenth session's, without the directory, the
# twelfth's, without the blocks of time, the
# eleventh's, without the colours' lists, and the ninth's, without the
# lists' radii either: searched (the ninth's cannot show that nothing
# was left out: scanned), an hour scanned, without a warning, and -L
# builds each again
for f in "4 the directory" "3 its blocks of time" "2 its colours' lists" \
    "1 its lists' radii"; do
	eval len=\$x${f%% *}
	cp good.ix $IX
	truncate -s $len $IX
	printf "VGLOOKX${f%% *}" | dd of=$IX bs=1 conv=notrunc 2>/dev/null
	like -n 100 --index
	t_same out exact.100 "an index without ${f#* }: the exact scan's answer"
	t_ok $([ ! -s err ]; echo $?) "(without a warning)"
	[ ${f%% *} = 3 ] && hours "an index without ${f#* }"
	t_run vigil-import -A $A -L
	t_err "vigil-import: 'w.db': every span has its vector file
vigil-import: 'w.db': span 2018-11-20: index of 33942 vectors built" \
	    "vigil-import -L builds it again"
	t_ok $(cmp -s $IX good.ix; echo $?) "(as it was built before)"
done
rm $IX

# stale: built from another span's vectors
vigil-simulate -q --seed 24 --dial crowd=3000 -o w2 || exit 1
vigil-import -q -A other.db w2/site.xml w2/roster.csv w2/gates/* \
    w2/cameras/* || exit 1
vigil-import -q -A other.db -L || exit 1
cp other.db-look-2018-11-20.ix $IX
like -n 100 --index
t_same out exact.100 "an index of other vectors: the exact scan's answer"
t_err "vigil-query: warning: '$IX': of other vectors than the span's file: scanned its vectors instead" \
    "with a warning naming the file"

# appended: the sightings imported after the index was built are scanned
cp good.ix $IX
{ head -1 w/cameras/$cam.sightings.csv
  grep "^$cam,$trk," w/cameras/$cam.sightings.csv | head -1 |
    sed 's/^\([^,]*\),[^,]*,/\1,LATE,/'; } >late.sightings.csv
vigil-import -q -A $A late.sightings.csv || exit 1
like -n 5 --exact
mv out late.exact
t_grep "	LATE	" late.exact "(the exact scan ranks the late copy of his look)"
like -n 5 --index
t_same out late.exact "a sighting imported after the index: found as by the exact scan"
t_ok $([ ! -s err ]; echo $?) "(the index used, without a warning)"

# merged into its week (vigil-import -M): the week's index built with
# it, as the day's was, and a look through it the exact scan's rows
cp $A m.db
for f in $A-look-*; do
	cp $f m.db${f#$A}
done
t_run vigil-import -A m.db -M 0d
t_rc 0 "vigil-import -M of the two days"
t_grep "^vigil-import: 'm.db': span 2018-W47: index of [0-9]* vectors built\$" \
    err "builds the merged week's index, since the day had one"
t_ok $([ -s m.db-look-2018-W47.ix ] && [ ! -e m.db-look-2018-11-20.ix ]
    echo $?) "the week's index beside its vector file, the day's gone"
for n in 10 100; do
	vigil-query -A m.db -F tsv --like "$anchor" --columns \
	    device,track,similarity -n $n --exact >m.exact 2>/dev/null
	t_run vigil-query -A m.db -F tsv --like "$anchor" --columns \
	    device,track,similarity -n $n --index
	t_same out m.exact "-n $n after the merge: the index gives the exact scan's rows"
	t_ok $([ ! -s err ]; echo $?) "(the week's index used, without a warning)"
done
t_grep "	LATE	" m.exact "(the late sighting among them)"

# the browser's l: as vigil-query --like, through the index with --index,
# the search logged with it; a missing index said, its vectors scanned
t_run vigil-browse -A $A --index --exact
t_rc 2 "vigil-browse --index with --exact is refused"
t_grep "^vigil-browse: --exact or --index, not both\$" err "and said so"
if ! command -v tmux >/dev/null; then
	echo "# tmux is not installed: the browser's l not walked"
	t_done
	exit 0
fi
. "$top_srcdir/tests/tmux.sh"
VIGIL_CASES=$PWD/cases VIGIL_OFFICER='Insp. Wang'
export VIGIL_CASES VIGIL_OFFICER
C=2018-1120-LK
vigil-case -A $A new $C --title 'Look-alikes by the index' \
    --incident-time '2018-11-20 12:00' >/dev/null || exit 1
# l on the day's second sighting (no one named): its look-alikes, the log's arguments
# as vigil-query's
browse_like() {	# browse_like ARGS...: l on the day's second sighting
	start vigil-browse -A $A -c $C "$@"
	keys : "2018-11-20 00:00..23:59:59 kind person" Enter
	keys j l
	screen
	keys Q
	vigil-case -c $C log -F tsv | awk -F'\t' '$4 == "vigil-browse"' |
	    grep -- "--like" | tail -n 1 >like.log
	sed -n '3,22p' out | awk 'NF > 2 { print $1 "," $3 "," $4 }' >b.rows
}
q_rows() {	# q_rows: the first rows of vigil-query with the log's arguments
	eval "set -- $(cut -f5 like.log)"
	vigil-query "$@" -F csv --columns similarity,device,track 2>q.err |
	    sed 1d | head -n 20 >q.rows
}
browse_like --index
t_grep "^vigil-browse  look-alikes of " out "--index: l lists the look-alikes"
t_ok $(cut -f5 like.log | grep -q -- "^-c $C --like [^ ]* -n 200 --index --kind person --from "; echo $?) \
    "logged with --index ($(cut -f5 like.log))"
q_rows
t_same b.rows q.rows "the rows of vigil-query with the logged arguments"
t_ok $([ ! -s q.err ]; echo $?) "(which used the index: no warning)"
t_grep "^200 sightings, most alike first" out "no warning in the browser"
eval "set -- $(cut -f5 like.log | sed 's/ --index / --exact /')"
vigil-query "$@" -F csv --columns similarity,device,track | sed 1d |
    head -n 20 >exact.rows
mv $IX good.ix
browse_like --index
t_grep "^200 sightings; their vectors scanned, not the index: '$IX':" \
    out "no index: said (the index was looked for)"
t_same b.rows exact.rows "and the exact scan's rows"
mv good.ix $IX
t_done
