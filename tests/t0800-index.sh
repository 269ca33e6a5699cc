#!/bin/sh
# t0800-index: vigil-index finds and probes a camera's recordings, reports the
# bad ones without stopping, re-indexes only what changed, reports gaps, and
# vigil-query --recordings lists what exists
. "$top_srcdir/tests/lib.sh"

MKSEG=$top_builddir/tests/mkseg
D=r/rec/C017/20181120
vigil-import -q -A w.db "$DEMO/site.xml"
mkdir -p $D r/other
# four one-minute segments from 21:00 in the site's zone (UTC+8)
for m in 0 1 2 3; do
	"$MKSEG" $D/210${m}00.mp4 C017 2018-11-20T13:0$m:00Z 60
done
head -c 30000 $D/210300.mp4 >$D/210400.mp4
echo 'not a film' >$D/210500.mp4
echo 'ignored' >$D/notes.txt
"$MKSEG" r/other/late.mp4 C018 2018-11-20T14:00:00Z 10
printf 'camera,path,start\nC018,other/late.mp4,2018-11-20T22:00:00\n' \
    >r/recordings.csv
vigil-import -q -A q.db "$DEMO/site.xml"	# as w.db

t_run vigil-index -A w.db -r r -F csv
t_rc 1 "a truncated file and one that is not video fail the run"
t_grep '^camera,path,start,duration,codec,resolution,status,problem$' out "a header"
n=$(grep -c '^C017,rec/C017/20181120/210[0-3]00\.mp4,2018-11-20T21:0[0-3]:00+08:00,60\.000,h264,320x180,ok,$' out)
t_ok $([ "$n" -eq 4 ]; echo $?) "four segments of 60 s, h264, 320x180, started by their names ($n)"
t_grep '^C017,rec/C017/20181120/210400\.mp4,2018-11-20T21:04:00+08:00,.*,\(truncated\|corrupt\),' out "the cut copy is truncated"
t_grep '^C017,rec/C017/20181120/210500\.mp4,.*,not video,' out "the text file is not video"
t_grep '^C018,other/late\.mp4,2018-11-20T22:00:00+08:00,10\.000,h264,' out "recordings.csv adds a segment"
t_ok $(! grep -q notes.txt out; echo $?) "a file the pattern does not name is left alone"
t_grep "210400.mp4': truncated: " err "the truncated file is reported"
t_grep "210500.mp4': not video: " err "so is the text file"
t_grep "'w.db': 7 recordings indexed, 0 unchanged, 2 with problems, 0 missing" err "counts"
t_ok $(! grep -q ',gap,\|,overlap,' out; echo $?) "no gaps between back-to-back segments"
t_ok $([ "$(grep -c '^camera,' out)" = 1 ]; echo $?) "one table, one header, on stdout"
t_run t_sql w.db "SELECT count(*), sum(length(keyframes) / 8), sum(length(sha256)) FROM recording WHERE status = 'ok' AND fps = 10"
t_out "5|125|320" "keyframes every 2 s and digests are recorded"
# -q: only what is wrong, on stderr; the same index
t_run vigil-index -q -A q.db -r r -F csv
t_rc 1 "-q: the same failure"
t_ok $([ ! -s out ]; echo $?) "-q: no table"
sed 's/: truncated: .*/: truncated/; s/: corrupt: .*/: truncated/' err >got
printf '%s\n' "vigil-index: '$PWD/r/rec/C017/20181120/210400.mp4': truncated" \
    "vigil-index: '$PWD/r/rec/C017/20181120/210500.mp4': not video: not a recognised container" >want
t_same got want "-q: the two bad files, and no line of counts"
for db in w q; do
	t_sql $db.db "SELECT camera, path, start, duration, status FROM recording ORDER BY path" >$db.rec
done
t_same q.rec w.rec "-q indexes the same recordings"

# indexing again: the bad files, unchanged, are still bad, and said so
t_run vigil-index -A q.db -F csv
t_rc 1 "indexing again: the bad files still fail the run"
sed 's/: truncated: .*/: truncated/; s/: corrupt: .*/: truncated/' err >got
printf '%s\n' "vigil-index: '$PWD/r/rec/C017/20181120/210400.mp4': truncated" \
    "vigil-index: '$PWD/r/rec/C017/20181120/210500.mp4': not video: not a recognised container (unchanged since indexed)" \
    "vigil-index: 'q.db': 0 recordings indexed, 7 unchanged, 2 with problems, 0 missing" >got2
t_same got got2 "finds nothing changed, and says the two problems again"
# the bad files taken out of the root and the index
rm $D/210400.mp4 $D/210500.mp4
t_sql w.db "DELETE FROM recording WHERE status <> 'ok'"
t_run vigil-index -A w.db -r r -F csv
t_rc 0 "indexing again"
t_err "vigil-index: 'w.db': 0 recordings indexed, 5 unchanged, 0 with problems, 0 missing" "finds nothing changed"
touch -d '2020-01-01' $D/210000.mp4
t_run vigil-index -A w.db -r r -F csv
t_err "vigil-index: 'w.db': 0 recordings indexed, 5 unchanged, 0 with problems, 0 missing" "a new time with the same bytes is unchanged"

rm $D/210200.mp4
t_run vigil-index -A w.db -r r -F csv
t_rc 0 "a segment removed"
t_grep "210200.mp4': missing: " err "is reported missing"
t_grep "^vigil-index: 'w.db': 0 recordings indexed, 4 unchanged, 0 with problems, 1 missing; 1 gap and 0 overlaps between segments (--gaps lists them)\$" err \
    "the count says there is a gap, and where to see it"
t_ok $(! grep -q ',gap,' out; echo $?) "the files table has no gap rows"
t_run vigil-index -A w.db -r r -F csv --gaps
t_rc 0 "--gaps"
t_out 'camera,kind,from,to,seconds
C017,gap,2018-11-20T21:02:00+08:00,2018-11-20T21:03:00+08:00,60.000' "the gaps table alone: a gap of 60 s"
t_err "vigil-index: 'w.db': 0 recordings indexed, 4 unchanged, 0 with problems, 0 missing" "(the count without the gaps it lists)"
t_run vigil-index -A w.db --verify --gaps
t_rc 2 "--gaps with --verify"

"$MKSEG" $D/210100.mp4 C017 2018-11-20T13:01:00Z 30
t_run vigil-index -A w.db -r r -F csv
t_grep '^C017,rec/C017/20181120/210100\.mp4,.*,30\.000,h264,320x180,ok,$' out "new content is probed again"
t_grep "'w.db': 1 recording indexed, 3 unchanged" err "and only it"
t_run vigil-index -A w.db -r r -F csv --gaps
t_grep '^C017,gap,2018-11-20T21:01:30+08:00,2018-11-20T21:03:00+08:00,90\.000$' out "the gap grows"

t_run vigil-query -A w.db --recordings --camera C017 -F csv --from 2018-11-20T21:00:30 --to 2018-11-20T21:03:30
t_rc 0 "vigil-query --recordings"
t_out "camera,start,end,duration,codec,resolution,path,status
C017,2018-11-20T21:00:00+08:00,2018-11-20T21:01:00+08:00,60.000,h264,320x180,rec/C017/20181120/210000.mp4,ok
C017,2018-11-20T21:01:00+08:00,2018-11-20T21:01:30+08:00,30.000,h264,320x180,rec/C017/20181120/210100.mp4,ok
C017,2018-11-20T21:02:00+08:00,2018-11-20T21:03:00+08:00,60.000,h264,320x180,rec/C017/20181120/210200.mp4,missing
C017,2018-11-20T21:03:00+08:00,2018-11-20T21:04:00+08:00,60.000,h264,320x180,rec/C017/20181120/210300.mp4,ok" "lists what exists in the window"
t_run vigil-query -A w.db --recordings --person P1
t_rc 2 "--recordings with another filter"
t_run vigil-query -A w.db -F csv --camera C017 --columns device
t_out "device" "other queries are as before: no sightings imported"
# a recording whose track claims a time scale of 0: its 600 frames, a
# tick a second, would run 614400 s (a week) from 21:00:30
"$MKSEG" -0 $D/210030.mp4 C017 2018-11-20T13:00:30Z 60
t_run vigil-index -A w.db -r r -F csv
t_rc 1 "a recording that lies about its time scale"
t_grep "^C017,rec/C017/20181120/210030\.mp4,2018-11-20T21:00:30+08:00,,h264,320x180,corrupt,the frames' times run 614400\.000 s where the container says 60\.000 s\$" out \
    "is corrupt, and its duration is not taken from its header"
t_grep "^vigil-index: '$PWD/r/rec/C017/20181120/210030\.mp4': corrupt: the frames' times run 614400\.000 s where the container says 60\.000 s\$" err \
    "and says why"
t_ok $(! grep -q ',overlap,' out; echo $?) "so it overlaps nothing"
t_run vigil-clip -A w.db --camera C017 --frame '2018-11-20 21:00:45' -o f.png -F csv --columns first
t_rc 0 "a frame at 21:00:45"
t_out "first
2018-11-20T21:00:45+08:00" "comes from the good segment covering it"
t_run vigil-clip -A w.db --camera C017 --frame '2018-11-20 21:30:00' -o late.png
t_rc 1 "a frame at 21:30, a time only the lie covers"
t_grep "^vigil-clip: no recording of camera C017 at 2018-11-20T21:30:00+08:00\$" err "is not made up"
t_ok $([ ! -e late.png ]; echo $?) "and nothing is written"
rm $D/210030.mp4
vigil-index -q -A w.db -r r >/dev/null 2>&1

# the root is recorded: paths are under it, whatever the tools' directory
t_run t_sql w.db "SELECT value FROM meta WHERE key = 'recordings_root'"
t_out "$PWD/r" "the recordings root is recorded, absolute"
mkdir -p elsewhere
t_run sh -c "cd elsewhere && vigil-index -A ../w.db -F csv"
t_rc 0 "indexing again from another directory, without -r"
t_err "vigil-index: '../w.db': 0 recordings indexed, 4 unchanged, 0 with problems, 0 missing; 1 gap and 0 overlaps between segments (--gaps lists them)" \
    "finds the same recordings under the root recorded"

# an archive indexed before the root was recorded, from here with -r r:
# its paths begin r/; the next run takes them over without hashing again
t_sql w.db "UPDATE recording SET path = 'r/' || path; DELETE FROM meta WHERE key = 'recordings_root'"
t_run vigil-index -A w.db -r r -F csv
t_rc 0 "indexing an archive of before"
t_err "vigil-index: 'w.db': 0 recordings indexed, 4 unchanged, 0 with problems, 0 missing; 1 gap and 0 overlaps between segments (--gaps lists them)" \
    "keeps its recordings: nothing is indexed again, nothing missing"
t_run t_sql w.db "SELECT count(*) FROM recording WHERE path LIKE 'r/%'"
t_out 0 "their paths are now under the root"

# --verify: every byte hashed again; a change with size and time kept
t_dump w.db >before.sql
t_run vigil-index -A w.db --verify -F csv
t_rc 0 "--verify with nothing changed"
t_err "vigil-index: 'w.db': 4 recordings verified: 0 changed, 0 missing, 0 unreadable" "says so"
cp -p $D/210000.mp4 ref.mp4
printf 'X' | dd of=$D/210000.mp4 bs=1 seek=5000 conv=notrunc status=none
touch -r ref.mp4 $D/210000.mp4
cp -p $D/210300.mp4 ref3.mp4
ln -sf "$PWD/ref3.mp4" $D/210300.mp4
mv $D/210100.mp4 gone.mp4
new=$(sha256sum $D/210000.mp4 | cut -d' ' -f1)
old=$(sha256sum ref.mp4 | cut -d' ' -f1)
t_run vigil-index -A w.db --verify -F csv
t_rc 1 "--verify finds the changes"
t_out "camera,path,status,problem
C017,rec/C017/20181120/210000.mp4,changed,SHA-256 $new instead of $old
C017,rec/C017/20181120/210100.mp4,missing,
C017,rec/C017/20181120/210300.mp4,changed,a symbolic link" \
    "lists every recording not as indexed, with why"
t_grep "^vigil-index: '$PWD/r/rec/C017/20181120/210000.mp4': changed: SHA-256 $new instead of $old\$" err \
    "names each on stderr"
t_grep "^vigil-index: 'w.db': 4 recordings verified: 2 changed, 1 missing, 0 unreadable\$" err "and counts them"
t_dump w.db >after.sql
t_same after.sql before.sql "and leaves the index as it was"
mv gone.mp4 $D/210100.mp4
t_run vigil-index -A w.db -r r -F csv
t_err "vigil-index: '$PWD/r/rec/C017/20181120/210300.mp4': missing: recorded before, not found now
vigil-index: 'w.db': 0 recordings indexed, 3 unchanged, 0 with problems, 1 missing" \
    "an ordinary run does not take a link for a recording (nor sees bytes changed in place)"
t_run vigil-index -A w.db --update
t_rc 2 "--update alone"
t_run vigil-index -A w.db --verify --update -F csv
t_rc 1 "--verify --update"
t_grep "^vigil-index: 'w.db': 3 recordings verified: 1 changed, 0 missing, 0 unreadable; the index is updated\$" err "says it updates the index"
t_run t_sql w.db "SELECT sha256 FROM recording WHERE path LIKE '%210000.mp4'"
t_out "$new" "with the new digest"
# a "segment" that is a playlist of another file, and a directory linked
# out of the root: neither is a recording under the root
printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:60\n#EXTINF:60.0,\n%s\n#EXT-X-ENDLIST\n' \
    "$PWD/ref.mp4" >$D/210600.mp4
mkdir -p outside/20181121
"$MKSEG" outside/20181121/000000.mp4 C017 2018-11-20T16:00:00Z 5
ln -s "$PWD/outside/20181121" r/rec/C017/20181121
t_run vigil-index -A w.db -r r -F csv
t_rc 1 "a playlist named as a segment"
t_grep "^C017,rec/C017/20181120/210600\.mp4,2018-11-20T21:06:00+08:00,,,,not video,it refers to other files (hls)\$" out \
    "is not video: what it would show is in other files"
t_ok $(! grep -q '20181121' out; echo $?) "a directory linked out of the root is not walked"
# progress on a terminal's stderr (a pty), none with -q or in a pipe
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
	t_run script -qec "vigil-index -A w.db -r r >/dev/null" /dev/null
	t_grep "vigil-index: indexing recordings [0-9]*/[0-9]* (100%)" out "progress on a terminal, up to 100%"
	t_run script -qec "vigil-index -q -A w.db -r r >/dev/null" /dev/null
	t_ok $(! grep -q 'indexing recordings' out; echo $?) "none with -q"
else
	t_ok 0 "# SKIP no script(1) for a pty"
fi
t_run vigil-index -A w.db -r r -F csv
t_ok $(! grep -q 'indexing recordings' err; echo $?) "none when stderr is not a terminal"

# ten seconds with B-frames (their times from composition offsets: read
# packet by packet) and without (read from the demuxer's index): each
# with its frames' extent and the same keyframes, every 2 s
B=bf/rec/C017/20181120
mkdir -p $B
"$MKSEG" -b $B/210000.mp4 C017 2018-11-20T13:00:00Z 10
"$MKSEG" $B/210100.mp4 C017 2018-11-20T13:01:00Z 10
vigil-import -q -A bf.db "$DEMO/site.xml"
t_run vigil-index -A bf.db -r bf -F csv
t_rc 0 "with and without B-frames"
t_grep '^C017,rec/C017/20181120/210000\.mp4,2018-11-20T21:00:00+08:00,9\.900,h264,320x180,ok,$' out \
    "B-frames: 9.9 s, the last frame's time plus its duration"
t_grep '^C017,rec/C017/20181120/210100\.mp4,2018-11-20T21:01:00+08:00,10\.000,h264,320x180,ok,$' out \
    "none: 10 s"
if t_file; then
	first="hex(min(keyframes))"
else	# no min() of bytea on a server
	first="upper(encode((array_agg(keyframes ORDER BY keyframes))[1], 'hex'))"
fi
t_run t_sql bf.db "SELECT count(DISTINCT keyframes), max(length(keyframes) / 8), $first FROM recording"
t_out "1|5|000000000000000080841E000000000000093D0000000000808D5B000000000000127A0000000000" \
    "the same keyframes, at 0, 2, 4, 6 and 8 s"
t_done
