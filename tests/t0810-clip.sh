#!/bin/sh
# t0810-clip: vigil-clip cuts spans, sightings and paths by stream copy with
# the camera's clock correction, grabs the exact frame, writes contact sheets,
# refuses to overwrite, and reports bad footage clearly; ffprobe and ffmpeg
# check what it wrote from the outside
. "$top_srcdir/tests/lib.sh"

if ! command -v ffprobe >/dev/null || ! command -v ffmpeg >/dev/null; then
	echo "1..0 # SKIP ffprobe and ffmpeg are not installed (apt-get install ffmpeg)"
	exit 0
fi

MKSEG=$top_builddir/tests/mkseg
D=r/rec/C017/20181120
vigil-import -q -A w.db "$DEMO/site.xml" "$DEMO/roster.csv" \
    "$DEMO/edge.sightings.csv"
mkdir -p $D
# three one-minute segments from 21:12 local (UTC+8), frames numbered in
# bars: 0.. in the first, 1000.. in the second, 2000.. in the third
"$MKSEG" $D/211200.mp4 C017 2018-11-20T13:12:00Z 60 0
"$MKSEG" $D/211300.mp4 C017 2018-11-20T13:13:00Z 60 1000
"$MKSEG" $D/211400.mp4 C017 2018-11-20T13:14:00Z 60 2000
head -c 20000 $D/211400.mp4 >$D/211500.mp4
vigil-index -q -A w.db -r r -F csv >/dev/null 2>&1
t_dump w.db >before.sql

# the number a frame carries in its bars, read by ffmpeg
mark() {
	ffmpeg -v error -i "$1" -vf 'crop=320:8:0:172,scale=16:1:flags=area' \
	    -frames:v 1 -f rawvideo -pix_fmt gray - | od -An -v -tu1 |
	    awk '{ for (i = 1; i <= NF; i++) n = n * 2 + ($i > 128) } END { print n }'
}
# the pts of every packet, and whether they step evenly
steps() {
	ffprobe -v error -select_streams v -show_entries packet=pts_time \
	    -of csv=p=0 "$1" | awk 'NR > 1 { d = $1 - p; if (NR == 2) s = d;
	    if (d - s > 1e-6 || s - d > 1e-6) bad++ } { p = $1; n++ }
	    END { printf "%d packets, %s\n", n, bad ? "uneven" : "even" }'
}
tag() {
	ffprobe -v error -show_entries format_tags="$2" -of default=nw=1:nk=1 "$1"
}

t_run vigil-clip -A w.db --camera C017 --from '2018-11-20 21:12:10.5' \
    --to '2018-11-20 21:12:20' -o a.mp4 -F csv
t_rc 0 "a span inside one segment"
t_out "hop,camera,kind,file,first,end,frames,offset,segments
,C017,clip,a.mp4,2018-11-20T21:12:10+08:00,2018-11-20T21:12:20.100+08:00,101,+0.000,1" \
    "from the keyframe at or before the start to the frame showing at the end"
t_run steps a.mp4
t_out "101 packets, even" "ffprobe: 101 frames, evenly spaced"
t_run mark a.mp4
t_out 100 "its first frame is frame 100 (21:12:10)"
t_run tag a.mp4 com.vigil.camera
t_out C017 "the clip names its camera"
t_run tag a.mp4 com.vigil.utc_start
t_out 2018-11-20T13:12:10Z "and the UTC time of its first frame"
t_run tag a.mp4 com.vigil.source.1
t_grep "^sha256:[0-9a-f]\{64\} 2018-11-20T13:12:00Z rec/C017/20181120/211200.mp4$" out \
    "and its source segment with its hash"
t_ok $([ "$(stat -c %a a.mp4)" = 600 ]; echo $?) "the clip is private (0600)"

t_run vigil-clip -A w.db --camera C017 --from '2018-11-20 21:12:55' \
    --to '2018-11-20 21:13:05' -o b.mkv -F csv
t_rc 0 "a span across a segment boundary, into Matroska"
t_grep ',C017,clip,b.mkv,2018-11-20T21:12:54+08:00,2018-11-20T21:13:05.100+08:00,111,+0.000,2$' out \
    "111 frames from two segments"
t_run steps b.mkv
t_out "111 packets, even" "timestamps continuous through the boundary"
t_run tag b.mkv COM.VIGIL.SOURCE.2
t_grep "211300.mp4$" out "both segments are named"

vigil-skew -A w.db --set C017=+30s --note 'checked against the NTP log' >/dev/null
t_run vigil-clip -A w.db --camera C017 --from '2018-11-20 21:12:00' \
    --to '2018-11-20 21:12:05' -o skew.mp4 -F csv
t_rc 0 "a camera 30 s fast"
t_grep ',C017,clip,skew.mp4,2018-11-20T21:12:00+08:00,2018-11-20T21:12:05.100+08:00,51,+30.000,1$' out \
    "the span is taken from its clock: true times in, true times out"
t_run mark skew.mp4
t_out 300 "true 21:12:00 is its frame 300 (its clock's 21:12:30)"
t_run tag skew.mp4 com.vigil.clock_offset
t_out +30.000000 "the clip records the correction"
t_run tag skew.mp4 com.vigil.clock_method
t_out manual "and how it was set"
t_run vigil-clip -A w.db --camera C017 --frame '2018-11-20 21:12:00.25' \
    -o skew.png -F csv
t_rc 0 "a frame of the fast camera"
t_grep ',C017,frame,skew.png,2018-11-20T21:12:00.200+08:00,,1,+30.000,1$' out \
    "shows the frame's own true time"
t_run mark skew.png
t_out 302 "the frame showing then"
vigil-skew -A w.db --remove C017 >/dev/null

t_run vigil-clip -A w.db --camera C017 --frame '2018-11-20 21:13:01.39' \
    -o f.jpg -F csv
t_rc 0 "a frame as JPEG"
t_grep ',C017,frame,f.jpg,2018-11-20T21:13:01.300+08:00,,1,+0.000,1$' out "at its own time"
t_run mark f.jpg
t_out 1013 "is the frame showing at that instant"
t_run ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 f.jpg
t_out "mjpeg,320,180" "ffprobe: a 320x180 JPEG"

t_run vigil-clip -A w.db --sighting C017:T1569 --pad 2s -o s.mp4 -F csv
t_rc 0 "a sighting, padded"
t_grep ',C017,clip,s.mp4,2018-11-20T21:13:02+08:00,2018-11-20T21:13:33.100+08:00,' out \
    "from 2 s before its first to 2 s after its last"
t_run vigil-clip -A w.db --sighting C017:T1569 --pad 99999h -o s2.mp4
t_rc 2 "an absurd --pad"
t_err "vigil-clip: --pad: '99999h' is out of range: give 0 to 1h" "is refused with the range"

t_run vigil-clip -A w.db --camera C017 --from '2018-11-20 21:13:05.05' \
    --to '2018-11-20 21:13:06' --reencode -o re.mp4 -F csv
t_rc 0 "--reencode"
t_grep ',C017,clip,re.mp4,2018-11-20T21:13:05+08:00,2018-11-20T21:13:06.100+08:00,11,+0.000,1$' out \
    "exactly the frames of the span"
t_run tag re.mp4 com.vigil.reencoded
t_out yes "says it was re-encoded"

cat >path.csv <<'EOF'
path,hop,camera,type,track,first,last,transit,bounds,unseen,appearance,person,identity,score,source
1,1,C017,camera,T1569,2018-11-20T21:13:05.120+08:00,2018-11-20T21:13:31+08:00,,,,,,,,x
1,2,G001,gate,,2018-11-20T21:13:40+08:00,,9.0,,,,,,,x
1,3,C017,camera,T9,2018-11-20T21:14:10+08:00,2018-11-20T21:14:20+08:00,30.0,,,,,,,x
2,1,C018,camera,T7,2018-11-20T21:13:05+08:00,2018-11-20T21:13:06+08:00,,,,,,,,x
EOF
t_run vigil-clip -A w.db --path --pad 1s -o hops --contact-sheet sheet.png -F csv <path.csv
t_rc 0 "--path: every camera hop of the first path"
t_out "hop,camera,kind,file,first,end,frames,offset,segments
1,C017,clip,hops/01-211305-C017.mp4,2018-11-20T21:13:04+08:00,2018-11-20T21:13:32.100+08:00,281,+0.000,1
1,C017,frame,hops/01-211305-C017.png,2018-11-20T21:13:18+08:00,,1,+0.000,1
3,C017,clip,hops/03-211410-C017.mp4,2018-11-20T21:14:08+08:00,2018-11-20T21:14:21.100+08:00,131,+0.000,1
3,C017,frame,hops/03-211410-C017.png,2018-11-20T21:14:15+08:00,,1,+0.000,1
,,sheet,sheet.png,,,2,," \
    "a clip and a frame per hop, named by hop, time and camera; gates and other paths left out"
t_ok $([ "$(stat -c %a hops)" = 700 ]; echo $?) "the folder is private (0700)"
t_run ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 sheet.png
t_out "png,664,240" "the contact sheet: two tiles with their labels"

# refusals
t_run vigil-clip -A w.db --camera C017 --from '2018-11-20 21:12:10' \
    --to '2018-11-20 21:12:20' -o a.mp4
t_rc 1 "an existing clip"
t_err "vigil-clip: 'a.mp4' exists: not overwritten" "is not overwritten"
t_run vigil-clip -A w.db -f -q --camera C017 --from '2018-11-20 21:12:10' \
    --to '2018-11-20 21:12:20' -o a.mp4
t_rc 0 "unless -f"
t_ok $(ls -a | grep -c '^\.a\.mp4\.'; true) "no temporary file is left"
t_run vigil-clip -A w.db --camera C017 --from '2018-11-20 23:00' \
    --to '2018-11-20 23:01' -o late.mp4
t_rc 1 "a span with no footage"
t_err "vigil-clip: no recording of camera C017 from 2018-11-20T23:00:00+08:00 to 2018-11-20T23:01:00+08:00" \
    "says so"
t_run vigil-clip -A w.db --camera C017 --from '2018-11-20 21:15:10' \
    --to '2018-11-20 21:15:20' -o cut.mp4
t_rc 1 "a span only a truncated segment covers"
t_grep "^vigil-clip: warning: 'rec/C017/20181120/211500.mp4' not used: truncated" err \
    "names the truncated segment"
t_grep "^vigil-clip: no recording of camera C017 from" err "and finds no footage"
t_run vigil-clip -A w.db --camera C999 --frame '2018-11-20 21:12:00' -o x.png
t_rc 1 "an unknown camera"
t_err "vigil-clip: no camera 'C999' in the site" "is named"
t_run vigil-clip -A w.db --camera C017 --from '2018-11-20 21:12:20' \
    --to '2018-11-20 21:12:10' -o x.mp4
t_rc 2 "--to before --from"
t_err "vigil-clip: --to must be after --from" "is refused"
t_run vigil-clip -A w.db --camera C017 --from '2018-11-20 21:12:10' \
    --to '2018-11-20 21:12:20' -o x.avi
t_rc 1 "an unknown container"
t_err "vigil-clip: 'x.avi': name the clip .mp4, .mov or .mkv" "is refused"
t_run vigil-clip -A w.db --camera C017 --frame '2018-11-20 21:12:10' -o x.gif
t_rc 1 "an unknown image type"
t_err "vigil-clip: 'x.gif': name the image .png or .jpg" "is refused"
t_run vigil-clip -A w.db --sighting C017 -o x.mp4
t_rc 2 "a sighting without a track"
t_run vigil-clip -A w.db --camera C017 -o x.mp4
t_rc 2 "no span"
t_grep "give one of --from and --to, --sighting, --frame or --path" err "says what is missing"
t_run vigil-clip -A w.db --path -o hops2 </dev/null
t_rc 1 "--path with nothing on stdin"
t_err "vigil-clip: stdin: no path (pipe vigil-track -F csv into vigil-clip --path)" "says what to do"
t_ok $(ls x.* 2>/dev/null | wc -l) "no file was written by a refusal"

# the recordings root is the archive's: a clip from another directory
mkdir -p elsewhere
t_run sh -c "cd elsewhere && vigil-clip -A ../w.db --camera C017 --from '2018-11-20 21:12:10' --to '2018-11-20 21:12:12' -o there.mp4 -F csv --columns file,frames"
t_rc 0 "a clip cut in another directory"
t_out "file,frames
there.mp4,21" "finds the recordings indexed from here with -r r"
mv r moved
t_run vigil-clip -A w.db -r moved --camera C017 --from '2018-11-20 21:12:10' \
    --to '2018-11-20 21:12:12' -o moved.mp4 -F csv --columns file,frames
t_rc 0 "-r says where the recordings lie now"
t_out "file,frames
moved.mp4,21" "the same clip"
mv moved r

# a case, to see what reaches its custody log and its bundle
VIGIL_CASES=$PWD/cases VIGIL_OFFICER='Insp. Wang'
export VIGIL_CASES VIGIL_OFFICER
C=2018-1120-OVP
vigil-case -A w.db new $C --title 'Assault on the north overpass' \
    --incident-time '2018-11-20 21:13' --incident-place OVP-N >/dev/null
vigil-case -c $C add-item clip C017 --from '2018-11-20 21:13:10' \
    --to '2018-11-20 21:13:20' >/dev/null
t_run sh -c "cd elsewhere && vigil-export -q -c $C -o ../bundle0"
t_rc 0 "the case exported from another directory"
t_ok $([ -s bundle0/data/clips/item-01-211310-C017.mp4 ]; echo $?) "with its clip"
# what the tools logged (reading the log is logged too)
logged() { vigil-case -c $C log -F csv | grep -c ',vigil-\(clip\|export\),'; }
entries=$(logged)

# a segment whose bytes were changed in place, its size and time restored
S=$PWD/r/rec/C017/20181120/211300.mp4
cp -p $S ref.mp4
printf '\125' | dd of=$S bs=1 seek=30000 conv=notrunc status=none
touch -r ref.mp4 $S
new=$(sha256sum $S | cut -d' ' -f1)
old=$(sha256sum ref.mp4 | cut -d' ' -f1)
msg="'$S' is not the recording indexed: its SHA-256 is $new, the index says $old"
t_run vigil-clip -A w.db --camera C017 --from '2018-11-20 21:12:55' \
    --to '2018-11-20 21:13:05' -o t.mp4
t_rc 1 "a clip over a segment changed in place"
t_err "vigil-clip: $msg" "is refused, naming the file and both digests"
t_ok $(ls -a | grep -c '^t\.mp4$\|^\.t\.mp4\.'; true) "and no clip, whole or part, is left"
t_run vigil-clip -A w.db --camera C017 --frame '2018-11-20 21:13:30' -o t.png
t_rc 1 "a frame of it"
t_err "vigil-clip: $msg" "is refused too"
t_ok $([ ! -e t.png ]; echo $?) "and not written"
t_run vigil-clip -c $C --camera C017 --frame '2018-11-20 21:13:30' -o t.png
t_rc 1 "a frame of it for the case"
t_ok $([ "$(logged)" -eq "$entries" ]; echo $?) \
    "writes no custody entry"
t_run vigil-export -c $C -o bundle
t_rc 1 "the case's export"
t_err "vigil-export: $C: clips/item-01-211310-C017.mp4: $msg: nothing exported" \
    "is refused, naming the file"
t_ok $(ls -a | grep -c '^bundle$\|^\.vigil-export\.'; true) "no bundle, and no staging left"
t_ok $([ "$(logged)" -eq "$entries" ]; echo $?) \
    "and no custody entry"
cp -p ref.mp4 $S
t_run vigil-clip -A w.db -q --camera C017 --frame '2018-11-20 21:13:30' -o t.png
t_rc 0 "the recording put back as it was: the frame again"

# a segment replaced by a link to a copy of it
mv $S real.mp4
ln -s "$PWD/real.mp4" $S
t_run vigil-clip -A w.db --camera C017 --frame '2018-11-20 21:13:30' -o l.png
t_rc 1 "a segment that is a symbolic link"
t_err "vigil-clip: '$S' is not a regular file (a symbolic link): not used" "is not followed"
t_run vigil-export -c $C -o bundle
t_rc 1 "nor by an export"
t_err "vigil-export: $C: clips/item-01-211310-C017.mp4: '$S' is not a regular file (a symbolic link): not used: nothing exported" \
    "which exports nothing"
rm $S
mv real.mp4 $S

printf 'x' >>$D/211200.mp4
t_run vigil-clip -A w.db --camera C017 --frame '2018-11-20 21:12:10' -o changed.png
t_rc 1 "a segment changed since it was indexed"
t_err "vigil-clip: '$PWD/r/rec/C017/20181120/211200.mp4' changed since it was indexed: run vigil index again" \
    "is not used"

t_dump w.db >after.sql
t_same after.sql before.sql "the archive is as it was (clock corrections set and removed)"

# a track's number used again by another file (a Hikvision alert's
# fielddetection:1): the sighting named by --at
(sed -n 1p "$DEMO/edge.sightings.csv"; grep '^C017,T1569,' "$DEMO/edge.sightings.csv" |
    sed 's/T21:13:/T21:14:/g') >again.sightings.csv
vigil-import -q -A w.db again.sightings.csv || exit 1
t_run vigil-clip -A w.db --sighting C017:T1569 -o twice.mp4
t_rc 1 "a track's number used twice"
t_err "vigil-clip: --sighting: C017:T1569 names 2 sightings (the track number was used again in another file): give --at TIME, when the one you mean was seen" \
    "is refused, saying how to name one"
t_run vigil-clip -A w.db --sighting C017:T1569 --at '2018-11-20 21:14:20' -o twice.mp4 -F csv
t_rc 0 "--at"
t_grep ',C017,clip,twice.mp4,2018-11-20T21:14:00+08:00,2018-11-20T21:14:36.100+08:00,' out \
    "names the one seen then"
t_done
