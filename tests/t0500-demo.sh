#!/bin/sh
# t0500-demo: the demo the quick start runs tells the overpass story
. "$top_srcdir/tests/lib.sh"

# the demo's world made once a run (tests/lib.sh, demo_world_once): some
# 85 s of CPU saved a run (tests/pg/t0500-demo.sh: 94.7 s of client CPU,
# then 12.4)
demo_world_once

t_run vigil demo "$PWD/work"
t_rc 0 "vigil demo runs"
# paths, and the hashes that change with the time of each custody entry
sed -i -e "s|$PWD/work|WORK|g" -e 's/[0-9a-f]\{64\}/HASH/g' out err
t_golden demo.out "the demo's output"
t_grep "^150 files: 400 people, " out "it imports a simulated day"
t_grep "The face gate named the right man." out "the face gate names the man the truth names"
# the look search's finds that no path holds are all the suspect's
suspect=$(sed -n 's/.*"suspect": "\(P[0-9]*\)".*/\1/p' work/world/truth.json | head -1)
sed -n '/^== [0-9]* sightings at least a hundred to one his/,/^$/p' out |
    sed -n 's/^   \(C[0-9]*\):\(T[0-9]*\) at .*/\1,\2/p' >found
awk -F, -v s="$suspect" 'NR == FNR { his[$1 "," $2] = ($3 == s); next }
    { n++; if (!his[$0]) bad++ } END { exit !(n >= 3 && !bad) }' \
    work/world/truth-sightings.csv found
t_ok $? "search by look finds $(wc -l <found | tr -d ' ') sightings of the suspect no path holds, and no one else's"
n=$(ls work/hops/*.mp4 | wc -l)
t_ok $([ "$n" -ge 5 ] && [ "$(ls work/hops/*.png | wc -l)" -eq $((n + 1)) ]; echo $?) \
    "a clip and a frame for every camera hop, and a contact sheet ($n hops)"
if command -v ffmpeg >/dev/null; then
	bad=0
	for c in work/hops/*.mp4; do
		ffmpeg -v error -i "$c" -f null - >decode.out 2>&1 && ! [ -s decode.out ] ||
		    { bad=$((bad + 1)); echo "# $c: $(head -1 decode.out)"; }
	done
	t_ok $bad "ffmpeg decodes every clip without an error"
fi
# the demo indexed its recordings with a relative -r (vigil index -r
# world): its case is exported from any other directory all the same
mkdir -p elsewhere
t_run sh -c "cd elsewhere && VIGIL_ARCHIVE=$PWD/work/overpass.db VIGIL_CASES=$PWD/work/cases VIGIL_OFFICER=demo vigil export -q -c 2018-1120-OVP -o ../bundle2"
t_rc 0 "the demo's case exported from another directory"
t_ok $([ "$(ls bundle2/data/clips/*.mp4 | wc -l)" -eq "$(ls work/bundle/data/clips/*.mp4 | wc -l)" ]; echo $?) \
    "with every clip the demo's own export has"
t_done
