#!/bin/sh
# demo.sh: the overpass case on the demo site, worked as an officer would
# usage: demo.sh [directory]   (the archive is written there; default a temporary one)
set -eu
share=${VIGIL_SHARE:-$(cd "$(dirname "$0")" && pwd)}
demo=$share/demo
work=${1:-${TMPDIR:-/tmp}/vigil-demo.$$}
mkdir -p "$work"
work=$(cd "$work" && pwd)
cd "$demo"		# so that every row names its file briefly
VIGIL_ARCHIVE=$work/overpass.db
export VIGIL_ARCHIVE
rm -f "$VIGIL_ARCHIVE" "$VIGIL_ARCHIVE-wal" "$VIGIL_ARCHIVE-shm"

# step TITLE COMMAND...: say what the officer asks, show the command, run it
step() {
	printf '\n== %s\n$' "$1"
	shift
	for a in "$@"; do
		case $a in
		*[!A-Za-z0-9_.,:/=+-]*) printf " '%s'" "$a" ;;
		*) printf ' %s' "$a" ;;
		esac
	done
	printf '\n'
	"$@"
}

step "Import the site, the roster, the north gate log and the edge cameras" \
    vigil import site.xml roster.csv north.gate.csv edge.sightings.csv

step "The report: an assault on the north overpass at about 21:13. What did its camera see?" \
    vigil query -F box --camera C017 --from '2018-11-20 21:05' --to '2018-11-20 21:20' \
    --columns time,last,track,upper,lower,attrs

step "A man in black and blue ran east. The next camera on the perimeter road:" \
    vigil query -F box --camera C018 --from '2018-11-20 21:13' --to '2018-11-20 21:16' \
    --columns time,last,track,upper,lower,attrs

step "North gate 3 is a minute's walk from C018. Who passed it then?" \
    vigil query -F box --gate G-N3 --from '2018-11-20 21:14' --to '2018-11-20 21:17' \
    --columns time,person,name,credential,direction,score

step "The face gate names him. His whole evening, each row with its source:" \
    vigil query -F box --person P0012345 --from 2018-11-20 --to 2018-11-21 \
    --columns time,device,track,name,credential,direction,upper,lower,source

step "Strangers (faces matching no one on the roster) that night:" \
    vigil query -F box --strangers --from '2018-11-20 18:00' --to '2018-11-21 06:00' \
    --columns time,device,zone,credential,result,upper,lower

step "Who entered the hazardous chemicals store during the night?" \
    vigil query -F box --gate D-CHEM --from '2018-11-21 00:00' --to '2018-11-21 06:00' \
    --columns time,person,name,card,direction

step "Everything within 60 m of the overpass, 21:10 to 21:20, as JSON lines for a script:" \
    vigil query -F jsonl --near OVP-N --radius 60 \
    --from '2018-11-20 21:10' --to '2018-11-20 21:20' \
    --columns time,type,device,track,person,upper,lower

printf '\nThe archive is %s; try: vigil query -A %s --person P0012345\n' \
    "$VIGIL_ARCHIVE" "$VIGIL_ARCHIVE"
