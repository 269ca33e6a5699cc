#!/bin/sh
# t0315-look-vectors: the spans' vector files beside the archive, written at
# import for --like: the same answers as reading every sighting, imports
# whole or not at all, re-imports, retention, damaged and missing files
. "$top_srcdir/tests/lib.sh"

A=v.db
cp "$DEMO"/site.xml "$DEMO"/*.csv .
vigil-import -q -A $A site.xml roster.csv north.gate.csv edge.sightings.csv ||
    exit 1
t_ok $([ -s $A-look-2018-11-20 ] && [ -s $A-look-2018-11-21 ]; echo $?) \
    "an import writes a vector file for each day's span"

# the answers read through the files, and by every sighting (the archive
# without the files' names: as one imported before them)
looks() {	# looks ARCHIVE: the answers compared
	for a in "-n 6" "-n 1" "-n 40" "-n 12 --min-similarity 0.5" \
	    "-n 5 --from 2018-11-20T21:14 --to 2018-11-20T21:16" \
	    "-n 8 --from 2018-11-20T20:00 --to 2018-11-20T21:00" \
	    "-n 3 --kind face" "-n 200" "-n 10 --upper black" \
	    "-n 5 --lower blue --attr gender=male" "-n 20 --attr GENDER=female" \
	    "-n 4 --upper white --kind person --attr hat=no" "-n 4 --upper white --kind person" \
	    "--min-similarity 1" \
	    "--min-similarity 0 --upper black" \
	    "--min-similarity -3 --from 2018-11-20T20:00 --to 2018-11-20T21:00"; do
		echo "# $a"
		# shellcheck disable=SC2086
		vigil-query -A "$1" -F tsv --like C017:T1569 $a
		# shellcheck disable=SC2086
		vigil-query -A "$1" -F tsv --like C017:T1569 --like C031:T1581 $a
	done 2>&1
}
cp $A plain.db
sqlite3 plain.db "DELETE FROM meta WHERE key GLOB 'look *'"
looks $A >files.out
looks plain.db >plain.out
t_same files.out plain.out "--like through the files answers as by every sighting"
t_ok $(grep -c warning files.out | grep -qx 0; echo $?) "without a warning"
t_ok $([ "$(grep -vc '^#' files.out)" -gt 300 ]; echo $?) "(and answers)"

# filters by look over a time range read the files too, with the same rows
filters() {	# filters ARCHIVE
	for a in "--kind vehicle" "--kind face -n 3" "--upper black" \
	    "--upper black --lower blue -n 4" "--attr gender=male -n 7" \
	    "--attr 'GENDER = female' --kind person" "--lower navy --attr hat=no" \
	    "--upper white --kind person,vehicle -n 2" "--kind gate,vehicle"; do
		for r in "--from 2018-11-20T20:00 --to 2018-11-20T21:30" \
		    "--from 2018-11-20T21:15:30 --to 2018-11-20T21:15:31" \
		    "--from 2018-11-19 --to 2018-11-22"; do
			echo "# $a $r"
			eval vigil-query -A "$1" -F tsv "$a" "$r"
		done
	done 2>&1
}
filters $A >files.out
filters plain.db >plain.out
t_same files.out plain.out "filters by look answer as by every sighting"
t_ok $([ "$(grep -vc "^#" files.out)" -gt 200 ]; echo $?) "(and answer)"

# a re-import changes nothing; a new file of the day adds to it
sum=$(cat $A-look-2018-11-20 | sha256sum)
vigil-import -q -A $A edge.sightings.csv
t_ok $([ "$(cat $A-look-2018-11-20 | sha256sum)" = "$sum" ]; echo $?) \
    "a re-import leaves the file as it was"
awk -F, 'NR == 1 { print; next } NR <= 60 { $2 = "R" $2; $3 = "2018-11-20T21:15:3" NR % 10;
    $4 = "2018-11-20T21:15:5" NR % 10; print }' OFS=, edge.sightings.csv >more.sightings.csv
size=$(wc -c <$A-look-2018-11-20)
vigil-import -q -A $A more.sightings.csv || exit 1
t_ok $([ "$(wc -c <$A-look-2018-11-20)" -gt "$size" ]; echo $?) \
    "a new file's sightings are added to the day's file"
cp $A plain.db
sqlite3 plain.db "DELETE FROM meta WHERE key GLOB 'look *'"
looks $A >files.out
looks plain.db >plain.out
t_same files.out plain.out "and answer as every sighting does"

# a failed import leaves the files as they were
sum=$(cat $A-look-2018-11-20 | sha256sum)
{ cat more.sightings.csv; echo "C017,BAD,2018-11-20T21:00:00,yesterday,person,,,,,,,,,,,"; } |
    sed 's/,R/,S/' >bad.sightings.csv
t_run vigil-import -A $A bad.sightings.csv
t_rc 1 "an import that fails"
t_ok $([ "$(cat $A-look-2018-11-20 | sha256sum)" = "$sum" ]; echo $?) \
    "leaves the day's file as it was"
awk -F, 'NR == 1 { print; next } { $3 = "2018-11-23T10:00:00"; $4 = "2018-11-23T10:00:05" } NR == 30 { $4 = "never" } { print }' \
    OFS=, more.sightings.csv | sed 's/,R/,N/' >newday.sightings.csv
t_run vigil-import -A $A newday.sightings.csv
t_rc 1 "an import of a new day that fails"
t_ok $([ ! -e $A-look-2018-11-23 ]; echo $?) "leaves no file for the day"

# what a killed import leaves (its segment written, its rows not committed)
# is read past, and cut off by the next import
cp $A-look-2018-11-20 before
head -c 5000 /dev/urandom >>$A-look-2018-11-20
looks $A >killed.out
t_same killed.out files.out "a tail the archive does not count is not read"
awk -F, 'NR == 1 { print; next } NR <= 30 { $2 = "K" $2; print }' OFS=, \
    edge.sightings.csv >k.sightings.csv
vigil-import -q -A $A k.sightings.csv || exit 1
t_ok $(cmp -s -n "$(wc -c <before)" before $A-look-2018-11-20; echo $?) \
    "the next import writes over the tail"
t_run vigil-import -C -A $A
t_rc 0 "and the spans check whole"
looks $A >files.out

# an import killed before its commit (its day's vector file written)
# leaves no file counted for the day it made
emb=$(sed -n '2s/.*,//p' edge.sightings.csv)
awk -v emb="$emb" 'BEGIN { print "camera,track,first,last,kind,person,score,plate,upper,lower,attrs,x,y,w,h,embedding"
    for (i = 0; i < 400000; i++) printf "C017,Z%d,2018-11-25T%02d:%02d:%02d,2018-11-25T%02d:%02d:%02d,person,,,,black,blue,,,,,,%s\n", i, i / 3600 % 24, i / 60 % 60, i % 60, i / 3600 % 24, i / 60 % 60, i % 60, emb }' \
    >big.sightings.csv </dev/null
for f in "" -look-2018-11-20 -look-2018-11-21; do
	cp $A$f k.db$f
done
# (held where it would commit, its rows written: VIGIL_TEST_STOP)
VIGIL_TEST_STOP=commit vigil-import -q -A k.db big.sightings.csv &
pid=$!
t_held $pid "the import held before its commit"
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
t_ok $([ $? -ne 0 ]; echo $?) "the import was killed before it finished"
# (the day's file, written before the commit, is left uncounted: the
# day's next import writes it from its start)
t_ok $([ "$(sqlite3 k.db "SELECT count(*) FROM meta WHERE key = 'look 2018-11-25'")" = 0 ]; echo $?) \
    "no file of the day is counted"
looks k.db >k.out
t_same k.out files.out "the answers are as before"
t_run vigil-import -C -A k.db
t_rc 0 "and the spans check whole"

# damaged, missing, unreadable: every sighting is read instead, and said so
cp $A d.db
cp $A-look-2018-11-20 d.db-look-2018-11-20
cp $A-look-2018-11-21 d.db-look-2018-11-21
printf 'XXXXXXXX' | dd of=d.db-look-2018-11-20 conv=notrunc 2>/dev/null
t_run vigil-query -A d.db -F tsv --like C017:T1569 -n 6
t_rc 0 "--like with a damaged vector file"
t_grep "^vigil-query: warning: 'd.db-look-2018-11-20': a damaged segment: searched every sighting instead\$" \
    err "says so"
vigil-query -A $A -F tsv --like C017:T1569 -n 6 >want 2>/dev/null
t_same out want "and answers as every sighting does"
t_run vigil-import -C -A d.db
t_rc 1 "-C finds it"
t_grep "span '2018-11-20': its vectors: 'd.db-look-2018-11-20': a damaged segment" err "and names it"
truncate -s 100 d.db-look-2018-11-20
t_run vigil-query -A d.db -F tsv --like C017:T1569 -n 6
t_grep "^vigil-query: warning: 'd.db-look-2018-11-20': shorter than the archive says: searched every sighting instead\$" \
    err "a file cut short"
t_same out want "answers as every sighting does"
rm d.db-look-2018-11-20
t_run vigil-query -A d.db -F tsv --like C017:T1569 -n 6
t_grep "^vigil-query: warning: 'd.db-look-2018-11-20': No such file or directory: searched every sighting instead\$" \
    err "a missing file"
t_same out want "answers as every sighting does"
# --like with a look filter, or --min-similarity without -n, reads the
# files (a damaged one is said, as above); --like alone lists every
# sighting of the range and reads them all, the files unopened
printf 'XXXXXXXX' | dd of=d.db-look-2018-11-21 conv=notrunc 2>/dev/null
for a in "-n 5 --upper black" "-n 5 --attr gender=male" "--min-similarity 1"; do
	# shellcheck disable=SC2086
	t_run vigil-query -A d.db -F tsv --like C017:T1569 $a
	t_grep "^vigil-query: warning: 'd.db-look-2018-11-20': No such file or directory: searched every sighting instead\$" \
	    err "--like $a reads the files"
	# shellcheck disable=SC2086
	vigil-query -A $A -F tsv --like C017:T1569 $a >want2 2>/dev/null
	t_same out want2 "and answers as every sighting does"
done
t_run vigil-query -A d.db -F tsv --like C017:T1569
t_ok $([ -s out ] && ! [ -s err ]; echo $?) "--like alone: every sighting read, the files unopened"
cp $A-look-2018-11-21 d.db-look-2018-11-21
# a file of the other day's rows: whole, but not this span's
cp $A-look-2018-11-21 d.db-look-2018-11-20
sqlite3 d.db "UPDATE meta SET value = $(wc -c <$A-look-2018-11-21) WHERE key = 'look 2018-11-20'"
t_run vigil-query -A d.db -F tsv --like C017:T1569 -n 6
t_grep "holds another count of sightings than the span: searched every sighting instead\$" \
    err "another span's file"
t_same out want "answers as every sighting does"

# a link where a file would be is not followed, for a search or an import
rm d.db-look-2018-11-20
ln -s "$PWD/before" d.db-look-2018-11-20
t_run vigil-query -A d.db -F tsv --like C017:T1569 -n 6
t_grep "^vigil-query: warning: 'd.db-look-2018-11-20': Too many levels of symbolic links: searched every sighting instead\$" \
    err "a link is not read"
t_same out want "answers as every sighting does"
sum=$(sha256sum <before)
vigil-import -q -A e.db site.xml roster.csv || exit 1
ln -s "$PWD/before" e.db-look-2018-11-20
t_run vigil-import -q -A e.db edge.sightings.csv
t_rc 1 "an import that would write through a link fails"
t_grep "e.db-look-2018-11-20': Too many levels of symbolic links" err \
    "and names the file"
t_run sqlite3 e.db "SELECT count(*) FROM sighting"
t_out 0 "and stores nothing"
t_ok $([ "$(sha256sum <before)" = "$sum" ]; echo $?) \
    "the link's target unchanged"

# retention drops the files with their spans
t_run vigil-import -q -D -A $A 2018-11-21
t_rc 0 "-D drops a span"
t_ok $([ ! -e $A-look-2018-11-21 ] && [ -e $A-look-2018-11-20 ]; echo $?) \
    "and its file, only its"
t_run sqlite3 $A "SELECT key FROM meta WHERE key GLOB 'look *'"
t_out "look 2018-11-20" "and its length recorded"

# -L: the files of an archive imported before them, written in one go,
# the same bytes an import writes; idempotent; all or none
rm -f l.db*
vigil-import -q -A l.db site.xml roster.csv north.gate.csv edge.sightings.csv ||
    exit 1
mv l.db-look-2018-11-20 want.20
mv l.db-look-2018-11-21 want.21
sqlite3 l.db "DELETE FROM meta WHERE key GLOB 'look *'"
cp l.db l0.db
ln -s "$PWD/nowhere" l.db-look-2018-11-21
t_run vigil-import -A l.db -L
t_rc 1 "-L where a span's file cannot be written"
t_err "vigil-import: 'l.db-look-2018-11-21': Too many levels of symbolic links" \
    "names the file"
t_ok $([ ! -e l.db-look-2018-11-20 ] && [ ! -e nowhere ]; echo $?) \
    "and writes no file, not even the other span's"
t_ok $(sqlite3 l.db "SELECT count(*) FROM meta WHERE key GLOB 'look *'" | grep -qx 0; echo $?) \
    "and names none in the archive"
rm l.db-look-2018-11-21
t_run vigil-import -A l.db -L
t_rc 0 "-L"
t_err "vigil-import: 'l.db': 2 spans' vector files written (126 sightings)" "says what it wrote"
t_ok $(cmp -s l.db-look-2018-11-20 want.20 && cmp -s l.db-look-2018-11-21 want.21; echo $?) \
    "the files an import writes, byte for byte"
t_run vigil-import -C -A l.db
t_rc 0 "the spans check whole"
looks l.db >files.out
looks l0.db >plain.out
t_same files.out plain.out "and --like answers through them as by every sighting"
t_ok $(grep -c warning files.out | grep -qx 0; echo $?) "without a warning"
t_run vigil-import -A l.db -L
t_rc 0 "-L again"
t_err "vigil-import: 'l.db': every span has its vector file" "writes nothing"
t_ok $(cmp -s l.db-look-2018-11-20 want.20 && cmp -s l.db-look-2018-11-21 want.21; echo $?) \
    "the files as they were"
# a file lost (the archive copied without it) or cut short: -C names it,
# -L writes it again whole, the other span's as it was
rm l.db-look-2018-11-20
head -c 100 want.21 >l.db-look-2018-11-21
t_run vigil-import -C -A l.db
t_rc 1 "-C: files lost and cut short"
t_err "vigil-import: 'l.db': span '2018-11-20': its vectors: 'l.db-look-2018-11-20': No such file or directory
vigil-import: 'l.db': span '2018-11-21': its vectors: 'l.db-look-2018-11-21': shorter than the archive says
vigil-import: 'l.db': 2 problems found" \
    "are named"
t_run vigil-import -A l.db -L
t_rc 0 "-L: files lost and cut short"
t_err "vigil-import: 'l.db': 2 spans' vector files written (126 sightings)" \
    "are written again"
t_ok $(cmp -s l.db-look-2018-11-20 want.20 && cmp -s l.db-look-2018-11-21 want.21; echo $?) \
    "whole, byte for byte"
cp want.21 l.db-look-2018-11-21
printf x >>l.db-look-2018-11-21
t_run vigil-import -A l.db -L
t_err "vigil-import: 'l.db': every span has its vector file" \
    "a tail past what the archive names is left to the next import"
t_run vigil-import -C -A l.db
t_rc 0 "the spans check whole again"
t_run vigil-import -A l.db -L site.xml
t_rc 2 "-L with a file: usage"
t_run vigil-import -A l.db -L -K 30d
t_rc 2 "-L with -K: usage"

# an import's sightings in time order are written as read, by id; out of
# order, sorted: each file as -L writes it from the rows, byte for byte
# (the reversed file's rows have other ids)
for order in sorted reversed; do
	rm -f o.db*
	{ head -1 edge.sightings.csv; sed 1d edge.sightings.csv |
	    if [ $order = reversed ]; then sort -r -t, -k3,3; else cat; fi; } \
	    >o.sightings.csv
	vigil-import -q -A o.db site.xml o.sightings.csv || exit 1
	mv o.db-look-2018-11-20 o.20
	sqlite3 o.db "DELETE FROM meta WHERE key GLOB 'look *'"
	vigil-import -q -A o.db -L || exit 1
	t_ok $(cmp -s o.db-look-2018-11-20 o.20; echo $?) \
	    "sightings imported $order: the day's vector file in time order"
done

t_done
