#!/bin/sh
# t1040-full: an import, an index, a case note and an export that meet a full
# disk fail, naming the file they were writing and what they were reading,
# and leave the archive and the case as they were, and no staging behind.
# The disk is made full for the command alone, as any user can: a file size
# limit (prlimit), with SIGXFSZ ignored, makes a write past it fail with EFBIG
# as a full disk's fails with ENOSPC.
. "$top_srcdir/tests/lib.sh"

if ! command -v prlimit >/dev/null; then
	echo "1..0 # SKIP prlimit is not installed (util-linux)"
	exit 0
fi

# full BYTES CMD...: run CMD as t_run does, on a disk with room for files of
# BYTES bytes at most
full() {
	t_bytes=$1
	shift
	(trap '' XFSZ; exec prlimit --fsize="$t_bytes" "$@") >out 2>err
	rc=$?
}
# the limit holds here: 4096 bytes of 8192 written, the write refused
full 4096 dd if=/dev/zero of=probe bs=8192 count=1
t_ok $([ "$rc" -ne 0 ] && [ "$(wc -c <probe)" -eq 4096 ] &&
    grep -q "File too large" err; echo $?) "a write past the limit fails (EFBIG)"

MKSEG=$top_builddir/tests/mkseg

# an import: the archive's log cannot grow past the archive's size (on a
# server, tests/pg, the archive's writes are the server's, which the
# tool's limit does not bound: the import's and the index's full disk are
# a file's only, the case's and the bundle's are tested on both)
if t_file; then
	vigil-import -q -A a.db "$DEMO/site.xml" "$DEMO/roster.csv" || exit 1
	awk 'BEGIN { print "time,gate,person,credential,card,plate,direction,result"
		for (i = 0; i < 6000; i++)
			printf "2018-11-21T%02d:%02d:%02d+08:00,D-FIN,P0012377,badge,8800111,,in,granted\n",
			    i / 3600, i / 60 % 60, i % 60 }' >big.gate.csv
	sqlite3 a.db .dump >a.sql
	ls a.db* >files
	full "$(wc -c <a.db)" vigil-import -A a.db big.gate.csv
	t_rc 1 "an import on a full disk"
	t_err "vigil-import: 'big.gate.csv': not imported: 'a.db': File too large" \
	    "names what it read and the archive it could not write, and why"
	sqlite3 a.db .dump >now.sql
	t_same now.sql a.sql "the archive is as it was"
	ls a.db* >now
	t_same now files "no journal or log is left beside it"
	t_run vigil-import -A a.db big.gate.csv
	t_err "vigil-import: 'big.gate.csv': imported 6000 gate events" \
	    "with room, the same file imports"
fi

# an index: each recording is indexed whole or not at all; the one that
# met the full disk is named, and is not in the archive
D=r/rec/C017/20181120
mkdir -p $D
for s in 0 1 2 3 4 5; do
	"$MKSEG" $D/21140$s.mp4 C017 2018-11-20T13:14:0${s}Z 1 $((s * 100)) ||
	    exit 1
done
vigil-import -q -A w.db "$DEMO/site.xml" "$DEMO/roster.csv" \
    "$DEMO/edge.sightings.csv" "$DEMO/north.gate.csv" || exit 1
if t_file; then
	sqlite3 w.db "SELECT * FROM sighting" >sightings.before
	full 32768 vigil-index -A w.db -r r -F csv
	t_rc 1 "an index on a full disk"
	t_grep "^vigil-index: '$PWD/$D/21140[0-5].mp4': not indexed: 'w.db': recording: File too large\$" \
	    err "names the recording it read and the archive it could not write, and why"
	t_ok $([ "$(wc -l <err)" -eq 1 ]; echo $?) "and stops there"
	failed=$(sed -n "s|^vigil-index: '$PWD/\($D/[0-9]*.mp4\)'.*|\1|p" err)
	ls $D | sed "s|^|${D#r/}/|" | awk -v f="${failed#r/}" '$0 < f' >want
	sqlite3 w.db "SELECT path FROM recording ORDER BY path" >got
	t_same got want "the recordings before it are indexed, it and the rest are not"
	sqlite3 w.db "SELECT * FROM sighting" >now
	t_same now sightings.before "the rest of the archive is as it was"
	t_run vigil-index -q -A w.db -r r -F csv
	t_rc 0 "with room, the index completes"
	t_ok $([ "$(sqlite3 w.db 'SELECT count(*) FROM recording')" -eq 6 ]; echo $?) \
	    "every recording is indexed"
else
	vigil-index -q -A w.db -r r -F csv >/dev/null || exit 1
fi

# a segment of a minute, for a clip bigger than the archive's shared memory
# (32 kB, which any reader writes)
"$MKSEG" $D/211500.mp4 C017 2018-11-20T13:15:00Z 60 1000 || exit 1
vigil-index -q -A w.db -r r -F csv >/dev/null || exit 1

# a case note: the case's database cannot grow
VIGIL_CASES=$PWD/cases VIGIL_OFFICER='Insp. Wang'
export VIGIL_CASES VIGIL_OFFICER
C=2018-1120-OVP
vigil-case -A w.db new $C --title 'Assault on the north overpass' >/dev/null ||
    exit 1
vigil-case -c $C add-subject --anchor C017:T1569 >/dev/null
vigil-case -c $C add-item clip C017 --from '2018-11-20 21:15:00' \
    --to '2018-11-20 21:15:50' >/dev/null
sqlite3 cases/$C/case.db .dump >case.sql
ls -a cases/$C >case.files
note=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "The witness, again. "; }')
full "$(wc -c <cases/$C/case.db)" vigil-case -c $C note "$note"
t_rc 1 "a note on a full disk"
t_err "vigil-case: '$VIGIL_CASES/$C/case.db': File too large" \
    "names the case's database, and why"
sqlite3 cases/$C/case.db .dump >now.sql
t_same now.sql case.sql "the case is as it was"
ls -a cases/$C >now
t_same now case.files "no journal is left in it"

# an export: the clip cannot be written into the bundle
ls -a >files
full 40960 vigil-export -c $C -o b
t_rc 1 "an export on a full disk"
t_err "vigil-export: $C: clips/item-01-211500-C017.mp4: 'b/data/clips/item-01-211500-C017.mp4': writing: File too large: nothing exported" \
    "names the case, the file of the bundle it could not write, and why"
ls -a >now
t_same now files "no bundle and no staging folder are left"
sqlite3 cases/$C/case.db .dump >now.sql
t_same now.sql case.sql "the case is as it was: no export in its custody log"
t_run vigil-export -c $C -o b
t_rc 0 "with room, the export is made"
t_run vigil-verify b
t_rc 0 "and holds"

t_done
