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

step() {
	printf '\n== %s\n$ %s\n' "$1" "$2"
	shift 2
	"$@"
}
short=time,device,track,person,name,credential,direction,upper,lower,source

step "Import the site, the roster, the north gate log and the edge cameras" \
    "vigil import site.xml roster.csv north.gate.csv edge.sightings.csv" \
    vigil import site.xml roster.csv north.gate.csv edge.sightings.csv

step "The report: an assault on the north overpass at about 21:13. What did its camera see?" \
    "vigil query --camera C017 --from '2018-11-20 21:05' --to '2018-11-20 21:20'" \
    vigil query -F table --columns time,last,track,upper,lower,source \
    --camera C017 --from '2018-11-20 21:05' --to '2018-11-20 21:20'

step "A man in black and blue ran east. The next camera on the perimeter road:" \
    "vigil query --camera C018 --from '2018-11-20 21:13' --to '2018-11-20 21:16'" \
    vigil query -F table --columns time,last,track,upper,lower,source \
    --camera C018 --from '2018-11-20 21:13' --to '2018-11-20 21:16'

step "North gate 3 is a minute's walk from C018. Who passed it then?" \
    "vigil query --gate G-N3 --from '2018-11-20 21:14' --to '2018-11-20 21:17'" \
    vigil query -F table --columns time,device,person,name,credential,direction,score \
    --gate G-N3 --from '2018-11-20 21:14' --to '2018-11-20 21:17'

step "The face gate names him. His whole evening:" \
    "vigil query --person P0012345 --from 2018-11-20 --to 2018-11-21" \
    vigil query -F table --columns "$short" \
    --person P0012345 --from 2018-11-20 --to 2018-11-21

step "Strangers (faces matching no one on the roster) that night:" \
    "vigil query --strangers --from '2018-11-20 18:00' --to '2018-11-21 06:00'" \
    vigil query -F table --columns time,device,zone,credential,result,upper,lower,source \
    --strangers --from '2018-11-20 18:00' --to '2018-11-21 06:00'

step "Who entered the hazardous chemicals store during the night?" \
    "vigil query --gate D-CHEM --from '2018-11-21 00:00' --to '2018-11-21 06:00'" \
    vigil query -F table --columns time,device,person,name,card,direction \
    --gate D-CHEM --from '2018-11-21 00:00' --to '2018-11-21 06:00'

step "Every device within 60 m of the overpass, 21:10 to 21:20, as JSON lines:" \
    "vigil query --near OVP-N --radius 60 --from '2018-11-20 21:10' --to '2018-11-20 21:20' -F jsonl" \
    vigil query -F jsonl --columns time,type,device,track,person,upper,lower \
    --near OVP-N --radius 60 --from '2018-11-20 21:10' --to '2018-11-20 21:20'

printf '\nThe archive is %s; try: vigil query -A %s --person P0012345\n' \
    "$VIGIL_ARCHIVE" "$VIGIL_ARCHIVE"
