#!/bin/sh
# demo.sh: the overpass case on a freshly simulated campus, worked as an
# officer would work it, then checked against the simulator's truth
# usage: demo.sh [directory]   (written there; default a temporary one)
set -eu
case ${1:-} in
-h | --help) echo "usage: vigil demo [directory]"; exit 0 ;;
-*) echo "usage: vigil demo [directory]" >&2; exit 2 ;;
esac
if [ $# -gt 1 ]; then
	echo "usage: vigil demo [directory]" >&2
	exit 2
fi
work=${1:-${TMPDIR:-/tmp}/vigil-demo.$$}
mkdir -p "$work"
work=$(cd "$work" && pwd)
# each run starts afresh, removing what the run before wrote; a directory
# that holds what the demo did not write (a README session's world and
# cases) is not the demo's to empty
if [ ! -f "$work/.vigil-demo" ] && [ -n "$(ls -A "$work")" ]; then
	echo "vigil demo: '$work' holds files the demo did not write: give a new or empty directory" >&2
	exit 1
fi
: >"$work/.vigil-demo"
cd "$work"
VIGIL_ARCHIVE=$work/overpass.db
VIGIL_CASES=$work/cases
VIGIL_OFFICER='Insp. Wang (demo)'
export VIGIL_ARCHIVE VIGIL_CASES VIGIL_OFFICER
case=2018-1120-OVP
rm -rf world hops cases bundle decided "$VIGIL_ARCHIVE" "$VIGIL_ARCHIVE-wal" \
    "$VIGIL_ARCHIVE-shm"

# step TITLE COMMAND: say what the officer asks, show the command, run it
step() {
	printf '\n== %s\n$ %s\n' "$1" "$2"
	eval "$2"
}
day=2018-11-20

step "A small campus and one day of its logs, simulated (seed 1), with the video its cameras recorded in the ten minutes around the incident (encoding it takes a minute)" \
    'vigil simulate --seed 1 --recordings -o world'

step "Import the site, the roster, and the log of every gate and camera" \
    'vigil import -q world/site.xml world/roster.csv world/gates/*.gate.csv world/cameras/*.sightings.csv'
vigil import -l -F csv | awk -F, 'NR > 1 { n++; r[$3] += $4 }
    END { printf "%d files: %d people, %d gate events, %d sightings\n",
    n, r["roster"], r["gate"], r["sightings"] }'

step "The report: a woman assaulted on the north overpass at about 21:13. What did the cameras by the overpass see?" \
    "vigil query -F box --near OVP-N --radius 20 --kind sighting --from '$day 21:05' --to '$day 21:20' --columns time,device,track,upper,lower,attrs"

step "Some cameras' clocks are wrong. Estimate every device's offset from the logs themselves (gates are the reference) and record the corrections:" \
    "vigil skew --apply -F box | grep -E '─|device|skewed'"

printf "(the simulator's true offsets, from world/truth.json: %s)\n" \
    "$(tr -d '\n ' <world/truth.json | sed 's/.*"clock_offsets":\[\(.*\)\],"counts".*/\1/; s/{"camera":"\([^"]*\)","seconds":\([^}]*\)}/\1 \2/g; s/,/, /g')"

anchor=$(vigil query -F csv --near OVP-N --radius 20 --kind sighting \
    --from "$day 21:12" --to "$day 21:14" --columns device,track,attrs |
    awk -F, '$3 ~ /running=yes/ { print $1 ":" $2; exit }')
step "A man in black and blue ran down the stair: $anchor. Where did he come from, where did he go? (score: how sure each hop is)" \
    "vigil track -F box --from $anchor --columns hop,camera,type,track,first,transit,bounds,appearance,person,score"

step "The recorders' footage: find every camera's segments, hash them, and index them" \
    'vigil index -r world -F csv >/dev/null'

step "Open a case for the assault, with the man on the stair as its anchor (cases are private folders; every action on one goes into its hash-chained custody log)" \
    "vigil case new $case --title 'Assault on the north overpass' --incident-time '$day 21:13' --incident-place OVP-N >/dev/null && vigil case -c $case add-subject --anchor $anchor"

step "Track him for the case, five minutes each way (the recorders kept those ten minutes), and save the path in it" \
    "vigil track -c $case --window 5 --save -F box --columns hop,camera,type,track,first,person,score"

vigil track -c "$case" --window 5 -F csv |
    awk -F, 'NR > 1 && $4 == "camera" { print $3 ":" $5 }' >onpath
step "Was he about earlier, before the path begins? Search by look: the sightings of the hour before most like him, ranked by the site's own model of how alike one man looks from camera to camera (similarity: log10 of the likelihood ratio)" \
    "vigil query -c $case --like $anchor --from '$day 20:00' --to '$day 21:00' -n 10 -F box --columns similarity,time,device,track,person,upper,lower,attrs"
vigil query --like "$anchor" --from "$day 20:00" --to "$day 21:00" \
    --min-similarity 2 -F csv --columns device,track,time |
    awk -F, 'NR == FNR { on[$0] = 1; next }
    FNR > 1 && !(($1 ":" $2) in on) { printf "   %s:%s at %s\n", $1, $2,
    substr($3, 12, 8) }' onpath - >offpath
if [ -s offpath ]; then
	printf '\n== %s sightings at least a hundred to one his that no path holds: a walk an hour before, to check on video:\n' \
	    "$(wc -l <offpath | tr -d ' ')"
	sort -k3 offpath
fi

step "Cut a clip and grab a frame of every hop, in true time (the clock corrections apply), and one contact sheet of them all, for the officer to check" \
    "vigil clip -c $case --path -o hops --contact-sheet hops/sheet.png -F box --columns hop,camera,kind,file,first,frames,offset"

if command -v ffprobe >/dev/null 2>&1; then
	clip=$(ls hops/*.mp4 | head -1)
	step "Each clip says what it is, for any player or tool (ffprobe here):" \
	    "ffprobe -v error -show_entries format_tags -of default=nw=1 $clip | grep vigil"
fi

# the officer has watched the clips: every hop is the man
vigil track -c "$case" --window 5 -F csv | awk -F, 'NR > 1 {
    if ($4 == "gate") print $3 "@" $6; else print $3 ":" $5 }' >decided
while read -r hop; do
	vigil case -c "$case" decide "$hop" confirm \
	    --why 'checked the clip: same clothes, same gait' >/dev/null
done <decided
printf '\n== The officer watched every clip and confirmed the %s hops:\n$ vigil case -c %s decide HOP confirm --why ...\n' \
    "$(wc -l <decided | tr -d ' ')" "$case"

suspect=$(vigil track -F csv --from "$anchor" --forward |
    awk -F, '$4 == "gate" && $12 != "" { print $12; exit }')
step "A face gate on his way named him. His day (asked under the case, so the custody log says who looked him up, and why):" \
    "vigil query -c $case --why 'named by the face gate on the path' -F box --person '$suspect' --from '$day' --to '$day 23:59:59' --columns time,device,zone,credential,direction,upper,lower"

truth=$(sed -n 's/.*"suspect": "\(P[0-9]*\)".*/\1/p' world/truth.json | head -1)
printf '\n== The simulator knows who did it (world/truth.json): %s\n' "$truth"
if [ "$suspect" = "$truth" ]; then
	echo "   The face gate named the right man."
else
	echo "   The gate named '$suspect': not the man."
fi
vigil case -c "$case" add-subject --person "$suspect" >/dev/null

step "Export the evidence: a BagIt bag with the clip and frame of every confirmed hop, the report, the path and events as data, the site and the custody log, hashed with SHA-256 and SHA-512" \
    "vigil export -c $case -o bundle | cut -f1-3 && ls bundle bundle/data"

step "Anyone can verify it, with vigil or without:" \
    "vigil verify bundle | tail -4 && (cd bundle && sha256sum -c --quiet manifest-sha256.txt && sha512sum -c --quiet manifest-sha512.txt && echo 'sha256sum -c and sha512sum -c: every file holds')"

step "The case's custody log: every action, by whom, each entry chained to the one before" \
    "vigil case -c $case log -F tsv | awk -F'\\t' '{ gsub(\"archive \" ENVIRON[\"VIGIL_ARCHIVE\"], \"the archive\", \$6); printf \"%-4s %-18s %-13s %s\\n\", \$1, \$3, \$4, \$6 }' | cut -c1-110"

step "Other questions of the day: what should not have happened? vigil anomaly reads every gate event once and lists, most serious first, a cloned badge, a tailgater, a badge handed back, a car that never left, a borrowed badge, a night entry to the core, a day worker in production at three in the morning, never there at that hour, and a card tried again and again:" \
    "vigil anomaly -F tsv --columns id,kind,reason"

clone=$(vigil anomaly -F csv --kind impossible-travel --columns id | sed -n 2p)
step "The cloned badge becomes a case in one step, its evidence and reason in it:" \
    "vigil case new 2018-1120-CLONE --anomaly $clone >/dev/null && vigil case -c 2018-1120-CLONE show -F tsv | sed -n '/^item/,/^time/p' | sed '\$d' | cut -f1-5 && vigil case -c 2018-1120-CLONE show -F tsv | sed -n '/^time.officer.note$/{n;p;}' | cut -f3"

printf '\nThe world is in %s/world, the archive in %s, the case in %s/cases/%s,\nits bundle in %s/bundle (open data/report.html); try: vigil query -A %s --person %s\n' \
    "$work" "$VIGIL_ARCHIVE" "$work" "$case" "$work" "$VIGIL_ARCHIVE" "$suspect"

# the end: the case in the browser, when there is a terminal to show it in
if [ -t 0 ] && [ -t 1 ]; then
	printf '\n== Walk the case in the browser: Tab between panes, m the map, Enter a\n   hop and its frame, c or r to decide, E to export, ? every key, q to quit.\n$ vigil browse -c %s\n' "$case"
	sleep 3
	vigil browse -c "$case"
else
	printf '\n== Walk the case in the browser, from a terminal:\n$ cd %s && VIGIL_CASES=%s/cases VIGIL_OFFICER='"'"'Insp. Wang (demo)'"'"' vigil browse -c %s\n' \
	    "$work" "$work" "$case"
fi
