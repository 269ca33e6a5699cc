#!/bin/sh
# t0236-pg-archive: the archive on a PostgreSQL server (a private one,
# tests/pg-server) imports the demo's files by COPY into day partitions,
# again as a no-op, and answers vigil-query exactly as the SQLite file of
# the same files does; a role that may only read reads and fails clearly
# on a write; a lookup under a case is audited with the officer's role;
# credentials stay out of -A; vigil-anomaly finds what it finds on the
# file; closed days merged into weeks (-M) as on the file
. "$top_srcdir/tests/lib.sh"

pg_server
cp "$DEMO/site.xml" "$DEMO/roster.csv" "$DEMO/edge.sightings.csv" \
    "$DEMO/north.gate.csv" . || exit 1
files="site.xml roster.csv edge.sightings.csv north.gate.csv"

# shellcheck disable=SC2086
vigil-import -A w.db $files 2>want.import || exit 1
# shellcheck disable=SC2086
t_run vigil-import -A $PG $files
t_rc 0 "the demo's files into the server"
t_same err want.import "each file's count as into a file"
t_run pg_sql "SELECT count(*) FROM gate_event UNION ALL SELECT count(*) FROM sighting UNION ALL SELECT max(version) FROM vigil_schema UNION ALL SELECT count(*) FROM pg_indexes WHERE indexname = 'person_id_name' UNION ALL SELECT sum(n) FROM span_count, unnest(bn) n"
t_out "168
126
7
1
168" "the rows are in the server's tables (schema version 7: the roster's names indexed beside its ids, the rows not granted by gate and time, vigil-anomaly's store, the gate events counted by ten seconds, packed a row an hour)"
t_run pg_sql "SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relkind = 'r' ORDER BY 1"
t_out "gate_event_20181120 FOR VALUES FROM ('1542643200000000') TO ('1542729600000000')
gate_event_20181121 FOR VALUES FROM ('1542729600000000') TO ('1542816000000000')
sighting_20181120 FOR VALUES FROM ('1542643200000000') TO ('1542729600000000')
sighting_20181121 FOR VALUES FROM ('1542729600000000') TO ('1542816000000000')" \
    "a range partition a local day (Asia/Shanghai) of each kind, attached"
t_run pg_sql "SELECT count(*) FROM pg_indexes WHERE tablename = 'gate_event_20181120'"
t_out "5" "each partition with the indexes of the SQLite archive's spans"
t_run pg_sql "SELECT i.inhparent::regclass || ' ' || coalesce(array_to_string(c.reloptions, ','), '-') FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relkind = 'i' AND c.relname LIKE '%20181120%' ORDER BY 1"
t_out "gate_event_card_t fillfactor=100
gate_event_gate_t fillfactor=100
gate_event_person_t fillfactor=100
gate_event_plate_t fillfactor=100
gate_event_refused fillfactor=100
sighting_camera_first fillfactor=100
sighting_person_first fillfactor=100
sighting_plate_first fillfactor=100" \
    "a new day's indexes built packed full before it is attached, the parent's"
t_run pg_sql "SELECT count(*) FILTER (WHERE back) || ' of ' || count(*) FROM (SELECT row(gate, t) < lag(row(gate, t)) OVER (PARTITION BY tableoid ORDER BY ctid) AS back FROM gate_event) x UNION ALL SELECT count(*) FILTER (WHERE back) || ' of ' || count(*) FROM (SELECT row(camera, first) < lag(row(camera, first)) OVER (PARTITION BY tableoid ORDER BY ctid) AS back FROM sighting) x"
t_out "0 of 168
0 of 126" "a new day's rows stored in the order of its device's index: (gate, t), (camera, first)"
# the rows ordered by a sort (enable_indexscan off for the CLUSTER), then
# the session's own setting again for the rest of the import: the
# setting each later statement of the import saw, by an event trigger
"$PGBIN/createdb" ix || exit 1
pg_in ix "CREATE SCHEMA probe; CREATE TABLE probe.seen (setting text); CREATE FUNCTION probe.seen() RETURNS event_trigger LANGUAGE plpgsql AS \$\$BEGIN INSERT INTO probe.seen VALUES (current_setting('enable_indexscan')); END\$\$; CREATE EVENT TRIGGER seen ON ddl_command_end WHEN TAG IN ('ALTER TABLE', 'CREATE INDEX') EXECUTE FUNCTION probe.seen()" || exit 1
PGOPTIONS='-c enable_indexscan=off' vigil-import -q -A postgresql:///ix \
    $files || exit 1
t_run pg_in ix "SELECT DISTINCT setting FROM probe.seen WHERE setting IS NOT NULL"
t_out "off" "after the CLUSTER the import's statements keep the session's enable_indexscan (off), not on"

# shellcheck disable=SC2086
vigil-import -A w.db $files 2>want.again
# shellcheck disable=SC2086
t_run vigil-import -A $PG $files
t_rc 0 "the same files again"
t_same err want.again "already imported, nothing changed (by their digests)"
t_run pg_sql "SELECT count(*) FROM gate_event UNION ALL SELECT count(*) FROM source"
t_out "168
4" "no row and no source added"

# vigil-query: the same answers from both archives, messages too
cat >queries <<'EOF'
-F csv --camera C017 --from '2018-11-20 21:05' --to '2018-11-20 21:20'
-F csv --person P0012345 --from 2018-11-20 --to 2018-11-21
-F jsonl --gate G-N3 --camera C031 --from '2018-11-20 21:15' --to '2018-11-20 21:16'
-F json --card 8807123
-F line --plate 粤B12345
-F csv --plate '粤B1234?'
-F tsv --strangers --from '2018-11-20 18:00' --to '2018-11-21 06:00'
-F csv --zone 5 --columns time,device,zone,person
-F csv --zone core --columns time,device,zone,person
-F csv --near OVP-N --radius 60 --from '2018-11-20 21:10' --to '2018-11-20 21:20'
-F csv -z UTC --gate D-B12 --from '2018-11-20T21:21:00+08:00' --to '2018-11-20T21:22:00+08:00'
-F csv -n 3 --kind gate --columns time
-F csv --kind sighting --camera C060 --columns device,upper,lower
-F csv --person P0012345 --kind face
-F csv --attr gender=male --camera C017
-F csv --lower blue --upper black
-F csv --camera C017 --from '2018-11-20 23:30..00:30'
-F csv
-F csv --person P0012345 --from 2030-01-01
-F tsv --like C017:T1569 -n 6
-F csv --like C017:T1569 --upper black --from '2018-11-20 21:00' --to '2018-11-20 21:30'
-F csv --like C017:T1569 --min-similarity 1 --columns device,track,similarity
-F csv --like C017:T1569 --attr gender=male -n 4
-F csv --like C017:T1569 --camera C031 -n 4
--like C017:T9999
--gate G-X9
--camera G-N3
--zone moon
--near nowhere
--person P9999999
--card 0000000
--plate XX000
EOF
while read -r args; do
	eval "vigil-query -A w.db $args" >want.out 2>want.err
	want=$?
	eval "t_run vigil-query -A $PG $args"
	t_ok $([ "$rc" -eq "$want" ] && cmp -s out want.out &&
	    cmp -s err want.err; echo $?) "vigil-query $args: as from the file"
	[ "$rc" -eq "$want" ] || echo "#   exit $rc, not $want"
	diff want.out out | head -5 | sed 's/^/#   /'
	diff want.err err | head -5 | sed 's/^/#   /'
done <queries

# a role that may only read (as the manual sets one up)
pg_sql "CREATE ROLE officer LOGIN;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO officer;
    GRANT INSERT ON audit TO officer;
    GRANT USAGE ON SEQUENCE audit_id_seq TO officer" || exit 1
RO="postgresql:///campus?user=officer"
vigil-query -A w.db -F csv --person P0012345 >want.person
t_run vigil-query -A "$RO" -F csv --person P0012345
t_rc 0 "a reader's query"
t_same out want.person "reads all the officer's tool reads"
mkdir gen
"$top_builddir/bench/gengates" gen 20 1 1542700000 86400 >/dev/null
sed 's/G0[0-9][0-9]/G-N1/' gen/1.gate.csv >extra.gate.csv
cp extra.gate.csv extra2.gate.csv && cp extra.gate.csv extra3.gate.csv || exit 1
t_run vigil-import -A "$RO" extra.gate.csv extra2.gate.csv extra3.gate.csv
t_rc 1 "a reader's import"
t_err "vigil-import: 'extra.gate.csv': not imported: '$RO': recording source: permission denied for table source (the role 'officer' may only read this archive)
vigil-import: 2 more files not imported, for the same reason ('extra2.gate.csv', 'extra3.gate.csv')" \
    "fails, saying the role may only read, once for the files"
t_run vigil-skew -A "$RO" --set C017=+5s
t_rc 1 "a reader's clock correction"
t_err "vigil-skew: '$RO': clock correction: permission denied for table clock_correction (the role 'officer' may only read this archive)" \
    "fails so too"
# (the span was said dropped before the first partition refused)
for drop in "-D 2018-11-20" "-K 1d"; do
	t_run vigil-import -A "$RO" $drop
	t_rc 1 "a reader's vigil-import $drop"
	t_err "vigil-import: '$RO': dropping a span: must be owner of table gate_event (the role 'officer' may only read this archive)" \
	    "fails so too, saying no span dropped"
done
# a read that fails in an import's transaction (a role that may write
# but not read span_device, read to look for twins): said as it failed,
# not as what the transaction's abort made of the next statement ('the
# partition gate_event_20181120 of span 2018-11-20 is missing')
pg_sql "CREATE ROLE loader LOGIN;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO loader;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO loader;
    REVOKE SELECT ON span_device FROM loader" || exit 1
awk 'NR % 2' north.gate.csv >half.gate.csv
t_run vigil-import -A "postgresql:///campus?user=loader" half.gate.csv
t_rc 1 "an import whose lookup of twins fails"
t_err "vigil-import: 'half.gate.csv': not imported: 'postgresql:///campus?user=loader': looking for twins: permission denied for table span_device (the role 'loader' may not read this archive: grant it SELECT on the archive's tables, as vigil(7) sets the officers' role up)" \
    "says the lookup's failure"
# the site's time zone, read in the import's transaction: not every gate
# 'unknown' for the device map the aborted transaction could not read
pg_sql "GRANT SELECT ON span_device TO loader; REVOKE SELECT ON site FROM loader" ||
    exit 1
t_run vigil-import -A "postgresql:///campus?user=loader" half.gate.csv
t_rc 1 "an import whose read of the time zone fails"
t_err "vigil-import: 'half.gate.csv': not imported: 'postgresql:///campus?user=loader': reading the site's time zone: permission denied for table site (the role 'loader' may not read this archive: grant it SELECT on the archive's tables, as vigil(7) sets the officers' role up)" \
    "says the read's failure, no record rejected"
t_run pg_sql "SELECT count(*) FROM source UNION ALL SELECT count(*) FROM clock_correction UNION ALL SELECT count(*) FROM span"
t_out "4
0
2" "the archive unchanged"

# a role granted nothing is told it may not read, not that it may only
pg_sql "CREATE ROLE stranger LOGIN" || exit 1
t_run vigil-query -A "postgresql:///campus?user=stranger" --person P0012345
t_rc 1 "a role with no grants"
t_err "vigil-query: 'postgresql:///campus?user=stranger': reading the schema's version: permission denied for table vigil_schema (the role 'stranger' may not read this archive: grant it SELECT on the archive's tables, as vigil(7) sets the officers' role up)" \
    "is told it may not read, and what to grant"
# a part the role may not read is not taken for one never imported (the
# archive's check of it failed: 'no recordings indexed: run vigil index')
pg_sql "REVOKE SELECT ON recording FROM officer" || exit 1
t_run vigil-clip -A "$RO" --camera C017 --frame '2018-11-20 21:13:05' -o f.png
t_rc 1 "a clip by a role that may not read the recordings"
t_err "vigil-clip: '$RO': recordings: permission denied for table recording (the role 'officer' may not read this archive: grant it SELECT on the archive's tables, as vigil(7) sets the officers' role up)" \
    "says so"
pg_sql "REVOKE SELECT ON site FROM officer" || exit 1
t_run vigil-query -A "$RO" --person P0012345
t_rc 1 "a query by a role that may not read the site"
t_err "vigil-query: '$RO': reading site: permission denied for table site (the role 'officer' may not read this archive: grant it SELECT on the archive's tables, as vigil(7) sets the officers' role up)" \
    "says so, not 'no site description imported'"
t_run vigil-browse -A "$RO" </dev/null
t_rc 1 "the browser by that role"
t_err "vigil-browse: '$RO': reading site: permission denied for table site (the role 'officer' may not read this archive: grant it SELECT on the archive's tables, as vigil(7) sets the officers' role up)" \
    "says so too"
pg_sql "GRANT SELECT ON recording, site TO officer" || exit 1

# --why under a case: the archive's audit table, with the server's role
VIGIL_CASES=$PWD/cases VIGIL_OFFICER='Insp. Wang'
export VIGIL_CASES VIGIL_OFFICER
t_run vigil-case -A "$RO" new 2018-1120-OVP --title 'Assault on the north overpass' \
    --incident-time '2018-11-20 21:13' --incident-place OVP-N
t_rc 0 "a case on the server's archive"
t_run vigil-query -c 2018-1120-OVP -F csv --person P0012345 \
    --why 'ran down the stair at 21:13'
t_rc 0 "a lookup under the case"
t_same out want.person "answers as without the case"
t_run pg_sql "SELECT role, tool, subject, why, case_id FROM audit"
t_out "officer|vigil-query|P0012345|ran down the stair at 21:13|2018-1120-OVP" \
    "recorded in the archive with the officer's database role"
# a reader not granted the audit table: told what to grant, not that it
# may only read
pg_sql "REVOKE INSERT ON audit FROM officer" || exit 1
t_run vigil-query -c 2018-1120-OVP -F csv --person P0012345 --why 'again'
t_rc 1 "a lookup by a role that may not record it"
t_err "vigil-query: '$RO': recording the lookup: permission denied for table audit (the role 'officer' may not record its lookups: grant it INSERT on audit and USAGE on audit_id_seq, as vigil(7) sets the officers' role up)" \
    "says what to grant"
pg_sql "GRANT INSERT ON audit TO officer" || exit 1

# credentials: libpq's files, never -A
t_run vigil-query -A "postgresql://vigil:secret@localhost/campus" --person P0012345
t_rc 1 "a password in -A"
t_err "vigil-query: cannot open 'postgresql://vigil@localhost/campus': a password in -A shows in the process list; keep it in ~/.pgpass (PGPASSFILE) or a service file (PGSERVICEFILE)" \
    "is refused, and not repeated"
# (with a password file others may read, which it needs not: nothing
# said of it)
echo '*:*:campus:keyed:k' >pgpass && chmod 644 pgpass
printf '[campus]\nhost=%s\ndbname=campus\nuser=officer\n' "$PGHOST" >services
t_run env -u PGHOST -u PGUSER -u PGDATABASE PGSERVICEFILE="$PWD/services" \
    PGPASSFILE="$PWD/pgpass" vigil-query -A service=campus -F csv \
    --person P0012345
t_rc 0 "a service named in libpq's service file"
t_same out want.person "reaches the same archive"
t_ok $([ ! -s err ]; echo $?) "nothing said of a password file not needed"
# a password file others may read: libpq skips it; vigil says so, in its
# words, when the server then asks for a password (libpq's own warning
# on stderr is not said)
pg_sql "CREATE ROLE keyed LOGIN PASSWORD 'k' IN ROLE officer" || exit 1
{ echo "local campus keyed scram-sha-256"; cat "$PGDIR/data/pg_hba.conf"; } >hba
cat hba >"$PGDIR/data/pg_hba.conf" && pg_sql "SELECT pg_reload_conf()" >/dev/null
i=0
while [ $i -lt 100 ] && PGPASSFILE=/dev/null/none "$PGBIN/psql" -X -w \
    -U keyed -c '' 2>/dev/null; do	# until the reload takes
	sleep 0.05
	i=$((i + 1))
done
KA="postgresql:///campus?user=keyed"
t_run env PGPASSFILE="$PWD/pgpass" vigil-query -A "$KA" --person P0012345
t_rc 1 "a password file others may read, a password needed"
t_err "vigil-query: cannot open '$KA': connection to server on socket \"$PGHOST/.s.PGSQL.5432\" failed: fe_sendauth: no password supplied (the password file '$PWD/pgpass' is not read while others may read it: chmod 600 it)" \
    "says the file is not read, and what to do, once"
# (the file named by a service's entry in the service file, as libpq
# reads it: the entry after another's, a comment, blanks about a line)
printf '# keyed\n[keyed]\n  passfile=%s  \nuser=keyed\ndbname=campus\n[x]\npassfile=/dev/null\n' \
    "$PWD/pgpass" >>services
t_run env PGSERVICEFILE="$PWD/services" vigil-query -A service=keyed \
    --person P0012345
t_rc 1 "a service whose passfile= others may read"
t_err "vigil-query: cannot open 'service=keyed': connection to server on socket \"$PGHOST/.s.PGSQL.5432\" failed: fe_sendauth: no password supplied (the password file '$PWD/pgpass' is not read while others may read it: chmod 600 it)" \
    "says the service's file is not read, and what to do"
# (no PGPASSFILE: libpq 15 reads the .pgpass in $HOME, not the password
# database's home, and the check looks there too)
mkdir home && cp pgpass home/.pgpass && chmod 644 home/.pgpass || exit 1
t_run env -u PGPASSFILE HOME="$PWD/home" vigil-query -A "$KA" \
    --person P0012345
t_rc 1 "\$HOME's .pgpass others may read"
t_err "vigil-query: cannot open '$KA': connection to server on socket \"$PGHOST/.s.PGSQL.5432\" failed: fe_sendauth: no password supplied (the password file '$PWD/home/.pgpass' is not read while others may read it: chmod 600 it)" \
    "is the file named"
chmod 600 home/.pgpass
t_run env -u PGPASSFILE HOME="$PWD/home" vigil-query -A "$KA" -F csv \
    --person P0012345
t_rc 0 "\$HOME's .pgpass made u=rw"
t_same out want.person "is the one libpq reads"
# (the service's entry in \$PGSYSCONFDIR/pg_service.conf, no
# PGSERVICEFILE and no ~/.pg_service.conf)
cp services pg_service.conf || exit 1
t_run env -u PGPASSFILE -u PGSERVICEFILE HOME="$PWD/home" \
    PGSYSCONFDIR="$PWD" vigil-query -A service=keyed --person P0012345
t_rc 1 "a service of the system's file whose passfile= others may read"
t_err "vigil-query: cannot open 'service=keyed': connection to server on socket \"$PGHOST/.s.PGSQL.5432\" failed: fe_sendauth: no password supplied (the password file '$PWD/pgpass' is not read while others may read it: chmod 600 it)" \
    "is the file named"

# vigil-anomaly: every kind, its evidence and its spans as on the file
pg_same w.db vigil-anomaly -F csv
for k in impossible-travel tailgating passback never-left face-mismatch \
    after-hours denied-burst stranger; do
	pg_same w.db vigil-anomaly -F tsv --kind $k --columns id,kind,time,device,zone,person,card,plate,score,reason
done
pg_same w.db vigil-anomaly -F csv --from '2018-11-20 21:00' --to '2018-11-20 22:00'
pg_same w.db vigil-anomaly -F csv --from '2001-01-01' --to '2001-01-02'
pg_same w.db vigil-anomaly -F csv --kind passback,never-left -n 3 --stay 1h
for id in $(vigil-anomaly -A w.db -F csv --columns id | sed 1d | sed -n '1p;3p;$p'); do
	pg_same w.db vigil-anomaly -F csv --explain "$id"
done
pg_same w.db vigil-anomaly --explain XX-00000000

# migration 7: an archive of version 6 (span_count a row a span, gate and
# bucket, counted as migration 6 counts them; and a span's buckets before
# 1970, out of order) upgraded by the next writer, its counts packed a row
# an hour, the same counts and vigil-anomaly's answers as before
# (in a database of its own, mg)
"$PGBIN/createdb" mg || exit 1
# shellcheck disable=SC2086
vigil-import -q -A mg.db $files && vigil-import -q -A postgresql:///mg $files ||
    exit 1
PG0=$PG PG=postgresql:///mg
counts() {	# span|gate|bucket|n (tests/lib.sh's t_counts, on mg)
	pg_in mg "SELECT span, device, h * 360 + o, n FROM span_count,
	    unnest(bo, bn) u(o, n) ORDER BY 1, 2, 3"
}
counts >counts.7
vigil-anomaly -A $PG -F csv >anomaly.7 2>&1
pg_in mg "BEGIN; DROP TABLE span_count; CREATE TABLE span_count (span bigint
    NOT NULL, device bigint NOT NULL, b bigint NOT NULL, n bigint NOT NULL,
    PRIMARY KEY (device, b, span)); INSERT INTO span_count (span, device, b,
    n) SELECT s.id, g.gate, (g.t - (g.t < 0)::int * 9999999) / 10000000,
    count(*) FROM gate_event g JOIN span s ON g.t >= s.start AND g.t <
    s.stop GROUP BY 1, 2, 3; INSERT INTO span_count VALUES (99, 1, -1, 3),
    (99, 1, -361, 2), (99, 1, -360, 1), (99, 1, 359, 5); DELETE FROM
    vigil_schema WHERE version = 7; GRANT SELECT ON span_count TO stranger;
    COMMIT" || exit 1
t_run vigil-anomaly -A $PG -F csv
t_err "vigil-anomaly: '$PG': archive needs an upgrade: run vigil import on it" \
    "(an archive of version 6)"
t_run vigil-import -q -A $PG
t_rc 0 "a writer upgrades the archive of version 6"
t_run pg_in mg "SELECT max(version) FROM vigil_schema; SELECT has_table_privilege('stranger', 'span_count', 'SELECT'); SELECT h || ' ' || bo::text || ' ' || bn::text FROM span_count WHERE span = 99 ORDER BY h; DELETE FROM span_count WHERE span = 99"
t_out "7
t
-2 {359} {2}
-1 {0,359} {1,3}
0 {359} {5}" "to version 7, a span's buckets a row an hour (floored), ascending; the table's grants kept (altered, not made again)"
counts >out
t_same out counts.7 "the counts of version 6 converted: the same as an import's"
t_run vigil-anomaly -A $PG -F csv
t_same out anomaly.7 "vigil-anomaly's answers as before the upgrade"
# an import adding to a gate's hour of a span already counted: the hour's
# row's buckets summed with the file's (a bucket of both, and new ones)
printf 'time,gate,person,credential,card,plate,direction,result,score\n2018-11-20T20:00:05+08:00,D-FIN,P0012419,badge,8800117,,in,denied,\n2018-11-20T20:00:59+08:00,D-FIN,P0012419,badge,8800117,,in,denied,\n2018-11-20T20:00:01+08:00,D-FIN,P0012419,badge,8800117,,in,denied,\n' >more.gate.csv
vigil-import -q -A mg.db more.gate.csv || exit 1
t_run vigil-import -q -A $PG more.gate.csv
t_rc 0 "a file adding to an hour already counted"
pg_in mg "SELECT s.id, gate, t / 10000000, count(*) FROM gate_event g
    JOIN span s ON g.t >= s.start AND g.t < s.stop GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3" >counts-want
counts >out
t_same out counts-want "the hour's counts summed with the file's, each bucket once"
pg_same mg.db vigil-anomaly -F csv --kind denied-burst --from '2018-11-20 19:00' --to '2018-11-20 21:00'
pg_same mg.db vigil-anomaly -F csv
PG=$PG0

# what the server's archive does not do (yet), each named
t_run vigil-import -A $PG -L
t_rc 1 "vigil-import -L"
t_err "vigil-import: PostgreSQL archives do not support appearance-vector files and their index (vigil import -L) yet: search by look reads the vectors from the server" \
    "says a server has no vector files, and where a look reads"

# checking spans (-C): as on the file, then on a server's damage
pg_same w.db vigil-import -C
pg_same w.db vigil-import -C 2018-11-20
pg_same w.db vigil-import -C -q
pg_same w.db vigil-import -C 2018-12-01
sqlite3 w.db "VACUUM INTO 'c.db'"
for f in w.db-look-*; do cp "$f" "c${f#w}"; done
damage="DELETE FROM gate_event_20181120 WHERE id IN (SELECT id FROM gate_event_20181120 ORDER BY id LIMIT 2);
    DELETE FROM sighting_20181120 WHERE id IN (SELECT id FROM sighting_20181120 ORDER BY id LIMIT 1)"
sqlite3 c.db "$damage"
# (a problem in a span's sightings had the file's check them again, and
# again)
t_run timeout 60 vigil-import -A c.db -C
t_rc 1 "-C on the file's rows deleted behind the archive's back"
t_err "vigil-import: 'c.db': span '2018-11-20': table gate_event_20181120 holds 164 rows, 166 counted
vigil-import: 'c.db': span '2018-11-20': table sighting_20181120 holds 124 rows, 125 counted
vigil-import: 'c.db': 2 problems found" "names each problem once"
cp err want.err
pg_sql "$damage" || exit 1
t_run timeout 60 vigil-import -A $PG -C
t_rc 1 "-C on the server's rows deleted behind the archive's back"
sed "s|$PG|c.db|g" err >err.c
t_same err.c want.err "names them as on the file"
pg_sql "ALTER TABLE sighting DETACH PARTITION sighting_20181120;
    CREATE INDEX stray ON gate_event_20181121 (line)" || exit 1
t_run vigil-import -A $PG -C
t_rc 1 "-C on a partition detached and an index added"
t_err "vigil-import: '$PG': span '2018-11-20': table gate_event_20181120 holds 164 rows, 166 counted
vigil-import: '$PG': span '2018-11-20': table sighting_20181120 is not attached to sighting
vigil-import: '$PG': span '2018-11-21': table gate_event_20181121 has 6 of its 5 indexes
vigil-import: '$PG': 3 problems found" "names each problem"
pg_sql "DROP INDEX stray; ALTER TABLE sighting ATTACH PARTITION sighting_20181120 FOR VALUES FROM (1542643200000000) TO (1542729600000000)" || exit 1

# merging closed spans (-M): the days of a closed week into one span, one
# transaction, as on the file; the tools answer as on the days
# (on ix, the demo's files imported above: a database and an import
# fewer)
# shellcheck disable=SC2086
vigil-import -q -A m.db $files || exit 1
# (and a file that gave a camera one track on two days of the next week:
# that week is left as it was)
printf 'camera,track,first\nC017,T9,2018-11-27T10:00:00\nC017,T9,2018-11-28T10:00:00\n' >t9.sightings.csv
vigil-import -q -A m.db t9.sightings.csv &&
    vigil-import -q -A postgresql:///ix t9.sightings.csv || exit 1
PG0=$PG PG=postgresql:///ix
asked() {	# what the tools answer of the demo's days
	vigil-query -A "$1" -F csv --person P0012377
	vigil-query -A "$1" -F csv --gate D-FIN --from 2018-11-20T20:00 --to 2018-11-21T01:00
	vigil-query -A "$1" -F csv --from 2018-11-20T23:30 --to 2018-11-21T00:30
	vigil-anomaly -A "$1" -F csv
}
vigil-import -q -A $PG || exit 1	# (vigil-anomaly's store made)
asked $PG >asked.days 2>&1
t_run pg_in ix "SELECT string_agg(s.name, ' ' ORDER BY s.name) FROM pass_span p JOIN span s ON s.id = p.span"
t_out "2018-11-20 2018-11-21 2018-11-27 2018-11-28" "(vigil-anomaly's store of the days)"
# a merge held (VIGIL_TEST_STOP, SIGSTOP) with the week's table copied and
# indexed: readers answer from the days; killed there or inside its last
# statement (the days swapped for the week, not committed): the days
vigil-import -S -A $PG -F csv >spans.days
for at in merge-copied merge-commit; do
	held $at $PG
	[ $at = merge-copied ] && vigil-query -A $PG -F csv --person P0012377 >asked.during 2>&1
	kill -9 $pid
	wait $pid 2>/dev/null
	pg_quiet ix
	[ $at = merge-copied ] && head -n "$(wc -l <asked.during)" asked.days >want &&
	    t_same asked.during want "a reader beside a merge held after its copies: the days' answer"
	t_run vigil-import -S -A $PG -F csv
	t_same out spans.days "a merge killed at $at: the days' spans"
	t_run pg_in ix "SELECT count(*) FROM pg_class WHERE relname LIKE '%2018w47%'"
	t_out 0 "and no table of the week left"
done
cp m.db days.db
pg_same m.db vigil-import -M 0d
t_run pg_in ix "SELECT string_agg(name, ' ' ORDER BY name) FROM span; SELECT name || ' ' || suffix || ' ' || gates || ' ' || sightings FROM span WHERE name = '2018-W47'; SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relkind = 'r' AND c.relname LIKE '%2018w%' ORDER BY 1; SELECT count(*) FROM pg_indexes WHERE tablename IN ('gate_event_2018w47', 'sighting_2018w47'); SELECT string_agg(s.name, ' ' ORDER BY s.name) FROM pass_span p JOIN span s ON s.id = p.span"
t_out "2018-11-27 2018-11-28 2018-W47
2018-W47 _2018w47 168 126
gate_event_2018w47 FOR VALUES FROM ('1542643200000000') TO ('1542816000000000')
sighting_2018w47 FOR VALUES FROM ('1542643200000000') TO ('1542816000000000')
8
2018-11-27 2018-11-28 2018-W47" "the week's span and partitions in the days' place (the next week's days, where a file gave a camera one track on two of them, as they were); vigil-anomaly's store of the days dropped, the week's made again"
asked $PG >asked.week 2>&1
t_same asked.week asked.days "people, a gate's hours, a window over the days' edge, vigil-anomaly: as on the days"
pg_same m.db vigil-import -S -F csv
pg_same m.db vigil-import -C
pg_same m.db vigil-import -M 0d
# copies (-O): the week into a file of its days is the same; into a new
# one its rows read as the days'; the days into a server's week the same
t_run vigil-import -O days.db -A $PG
t_err "vigil-import: 'days.db': holds what '$PG' has already (3 spans), nothing copied" \
    "-O of the server's week into a file of its days: the same already"
vigil-import -q -O c2.db -A $PG || exit 1
vigil-query -A c2.db -F csv >got
vigil-query -A days.db -F csv >want
t_same got want "-O of the server's week into a new file: its rows as the days'"
t_run vigil-import -O $PG -A days.db
t_err "vigil-import: '$PG': holds what 'days.db' has already (4 spans), nothing copied" \
    "the days into the server's week: the same already"
# another file's twins into the week: left out as on the file
head -40 north.gate.csv >twins.gate.csv
pg_same m.db vigil-import twins.gate.csv
# late rows into the week: its table, as on the file
printf 'time,gate,person,credential,card,plate,direction,result,score\n2018-11-21T09:00:00+08:00,D-FIN,P0012377,badge,8800111,,out,granted,\n' >late.gate.csv
pg_same m.db vigil-import late.gate.csv
pg_same m.db vigil-import -S -F csv
pg_same m.db vigil-query -F csv --person P0012377
# a merged week dropped: its rows' event numbers with it
# (a device's event numbers of a row of each day, as a numbering format
# leaves them: the days' ids are the week's)
pg_in ix "INSERT INTO event_no SELECT 0, min(id), min(gate), 'n' || (id >> 40), 0 FROM gate_event GROUP BY id >> 40" || exit 1
t_run pg_in ix "SELECT count(*) FROM event_no WHERE kind IN (0, 1)"
t_out 3 "(a row of each day numbered, and of the late row, numbered by the week's id)"
pg_same m.db vigil-import -D 2018-W47
t_run pg_in ix "SELECT count(*) FROM span UNION ALL SELECT count(*) FROM event_no WHERE kind IN (0, 1)"
t_out "2
0" "the week dropped whole, its event numbers too"
PG=$PG0

# spans dropped as on the file: the day's partitions detached and dropped
for args in "-D 2018-11-30" "-D 2018-11-21" "-S -F csv" "-K 1" "-S -F csv"; do
	eval "vigil-import -A w.db $args" >want.out 2>want.err
	want=$?
	eval "t_run vigil-import -A $PG $args"
	sed "s|$PG|w.db|g" err >err.w
	t_ok $([ "$rc" -eq "$want" ] && cmp -s out want.out &&
	    cmp -s err.w want.err; echo $?) "vigil-import $args: as on the file"
	diff want.out out | head -5 | sed 's/^/#   /'
	diff want.err err.w | head -5 | sed 's/^/#   /'
done
t_run pg_sql "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND (relname LIKE 'gate_event%' OR relname LIKE 'sighting%') UNION ALL SELECT count(*) FROM span UNION ALL SELECT count(*) FROM source"
t_out "0
0
2" "no partition, no span, and only the site's and roster's sources left"

# a query's time bounds prune the day partitions when its statement is
# planned: the corrections' pad is a parameter (as a subquery in the
# bounds it left every partition of the archive to open and plan, then
# pruned them as it ran): a gate's hour of six days plans its day's
# gate events only
mkdir d
"$top_builddir/bench/gengates" d 3000 1 1541030400 518400 >/dev/null
pg_sql "CREATE DATABASE days" || exit 1
vigil-import -q -A postgresql:///days d/site.xml d/1.gate.csv || exit 1
parts=$(pg_in days "SELECT i.inhrelid FROM pg_inherits i JOIN pg_class c ON
    c.oid = i.inhparent WHERE c.relname = 'gate_event'")
at=$(wc -c <"$PGDIR/server.log")
PGOPTIONS='-c debug_print_plan=on' vigil-query -A postgresql:///days \
    --gate G042 --from 2018-11-03T10:00Z --to 2018-11-03T11:00Z >/dev/null
tail -c +$((at + 1)) "$PGDIR/server.log" | grep -o ':relid [0-9]*' |
    sort -u >relids
n=0
for r in $parts; do
	grep -qx ":relid $r" relids && n=$((n + 1))
done
t_ok $([ "$n" -eq 1 ]; echo $?) "a gate's hour planned on its day's partition alone ($n of $(echo $parts | wc -w))"

# the session the server ends in an import of several files (a restart,
# an administrator; here at the second file's record): that file says
# why, and the files after it import on a connection made again
# (into the days' archive above, of the same site: no database made)
mkdir e
for i in 1 2 3; do
	"$top_builddir/bench/gengates" e 20 $((i + 10)) 1541030400 86400 \
	    >/dev/null
done
pg_in days "CREATE FUNCTION die() RETURNS trigger LANGUAGE plpgsql AS \$\$
    BEGIN IF NEW.path = 'e/12.gate.csv' THEN PERFORM
    pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END \$\$;
    CREATE TRIGGER die BEFORE INSERT ON source FOR EACH ROW EXECUTE
    FUNCTION die()" || exit 1
t_run vigil-import -A postgresql:///days e/11.gate.csv e/12.gate.csv \
    e/13.gate.csv
t_rc 1 "an import whose session the server ends"
t_err "vigil-import: 'e/11.gate.csv': imported 20 gate events
vigil-import: 'e/12.gate.csv': not imported: 'postgresql:///days': recording source: FATAL:  terminating connection due to administrator command
vigil-import: 'e/13.gate.csv': imported 20 gate events" \
    "says why of that file, and imports the next"
# the session ended while the import waits to read a day's rows (another
# session holds the day's partition): said as the read failed, not as
# 'the partition gate_event_20181102 of span 2018-11-02 is missing'
"$top_builddir/bench/gengates" e 20 17 1541116800 3600 >/dev/null
(PGDATABASE=days; export PGDATABASE; "$PGBIN/psql" -X -q -c "BEGIN" \
    -c "LOCK TABLE gate_event_20181102" -c "SELECT pg_sleep(60)") \
    >/dev/null 2>&1 &
locker=$!
waited() {	# wait (10 s at most) until SQL's count in days is 1
	_i=0
	while [ $_i -lt 100 ] && [ "$(pg_in days "$1")" != 1 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}
waited "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid =
    l.relation WHERE c.relname = 'gate_event_20181102' AND l.granted AND
    l.mode = 'AccessExclusiveLock'"
vigil-import -A postgresql:///days e/17.gate.csv 2>err.17 &
imp=$!
waited "SELECT count(*) FROM pg_stat_activity WHERE datname = 'days' AND
    wait_event_type = 'Lock'"
pg_in days "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
    WHERE datname = 'days' AND wait_event_type = 'Lock'" >/dev/null
wait $imp
t_ok $([ $? -eq 1 ]; echo $?) "an import whose session ends as it waits to read (exit 1)"
pg_in days "SELECT pg_terminate_backend($(pg_in days "SELECT pid FROM
    pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <>
    pg_backend_pid()"))" >/dev/null
wait $locker
t_run cat err.17
t_out "vigil-import: 'e/17.gate.csv': not imported: 'postgresql:///days': reading a span's rows: no connection to the server" \
    "says its connection is gone"
t_done
