#!/bin/sh
# t0820-pg-recordings: on a PostgreSQL server's archive, vigil-index indexes,
# re-indexes, renames and misses recordings, vigil-query --recordings lists
# them and vigil-clip cuts clips and frames from them, each as on the
# SQLite file of the same site: the same output, messages, status and bytes
. "$top_srcdir/tests/lib.sh"

pg_server
MKSEG=$top_builddir/tests/mkseg
D=r/rec/C017/20181120
cp "$DEMO/site.xml" "$DEMO/roster.csv" "$DEMO/edge.sightings.csv" . || exit 1
vigil-import -q -A w.db site.xml roster.csv edge.sightings.csv || exit 1
vigil-import -q -A $PG site.xml roster.csv edge.sightings.csv || exit 1
mkdir -p $D r/other
for m in 0 1 2 3; do
	"$MKSEG" $D/211${m}00.mp4 C017 2018-11-20T13:1$m:00Z 60 ${m}000
done
head -c 30000 $D/211300.mp4 >$D/211400.mp4
echo 'not a film' >$D/211500.mp4
"$MKSEG" r/other/late.mp4 C018 2018-11-20T14:00:00Z 10
printf 'camera,path,start\nC018,other/late.mp4,2018-11-20T22:00:00\n' \
    >r/recordings.csv

t_run vigil-query -A $PG --recordings -F csv
t_out "camera,start,end,duration,codec,resolution,path,status" \
    "no recordings before vigil-index"
pg_same w.db vigil-index -r r -F csv
t_rc 1 "(a truncated file and one that is not video fail the run)"
t_run pg_sql "SELECT count(*), sum(length(keyframes) / 8), sum(length(sha256)) FROM recording WHERE status = 'ok' AND fps = 10"
t_out "5|125|320" "keyframes every 2 s and digests are recorded"
t_run pg_sql "SELECT value FROM meta WHERE key = 'recordings_root'"
t_out "$PWD/r" "the recordings root is recorded, absolute"
pg_same w.db vigil-index -r r -F csv
touch -d '2020-01-01' $D/211000.mp4
pg_same w.db vigil-index -F csv
mv $D/211100.mp4 $D/211100.mp4.old
pg_same w.db vigil-index -F csv --gaps
mv $D/211100.mp4.old $D/211100.mp4
"$MKSEG" $D/211200.mp4 C017 2018-11-20T13:12:00Z 30 2000
pg_same w.db vigil-index -F csv
pg_same w.db vigil-index --verify -F csv
mkdir moved
mv r moved/
pg_same w.db vigil-index -r moved/r -F csv
pg_same w.db vigil-query --recordings -F csv
pg_same w.db vigil-query --recordings --camera C017 -F csv --from 2018-11-20T21:10:30 --to 2018-11-20T21:12:10
pg_same w.db vigil-query --recordings --camera C999
pg_same w.db vigil-clip --camera C017 --from '2018-11-20 21:10:50' --to '2018-11-20 21:11:10' -o a.mp4 -F csv -f
vigil-clip -q -A w.db --camera C017 --from '2018-11-20 21:10:50' --to '2018-11-20 21:11:10' -o want.mp4
t_ok $(cmp -s a.mp4 want.mp4; echo $?) "the clip's bytes as from the file"
pg_same w.db vigil-clip --camera C017 --frame '2018-11-20 21:11:59.5' -o f.png -F csv -f
pg_same w.db vigil-clip --sighting C017:T1569 --pad 2s -o s.mp4 -F csv -f
pg_same w.db vigil-clip --camera C017 --from '2018-11-20 23:00' --to '2018-11-20 23:01' -o n.mp4

# the recordings are written in batches (a transaction each): one the
# server refuses is named, those before it stay, it and the rest do not
pg_sql "DELETE FROM recording; CREATE FUNCTION no_1112() RETURNS trigger
    LANGUAGE plpgsql AS \$\$ BEGIN IF NEW.path LIKE '%/211200.mp4' THEN
    RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END \$\$;
    CREATE TRIGGER no_1112 BEFORE INSERT ON recording FOR EACH ROW
    EXECUTE FUNCTION no_1112()" || exit 1
t_run vigil-index -q -A $PG -F csv
t_rc 1 "a recording the server refuses"
t_grep "^vigil-index: '$PWD/moved/$D/211200.mp4': not indexed: .*refused" err \
    "is named, and why"
t_run pg_sql "SELECT path FROM recording ORDER BY path"
t_out "rec/C017/20181120/211000.mp4
rec/C017/20181120/211100.mp4" "those before it are indexed, it and the rest are not"
t_done
