# tests/lib.sh: a tiny TAP library for vigil's shell tests
# Each test script sources this file, calls the helpers, and ends with t_done.
# It runs in a fresh directory of its own; the tools are on PATH.

t_n=0
t_fail=0
t_name=$(basename "$0" .sh)
[ -n "${VIGIL_TEST_PG:-}" ] && t_name=$t_name-pg
t_dir=${top_builddir:-.}/tests/work/$t_name
rm -rf "$t_dir" && mkdir -p "$t_dir" && cd "$t_dir" || exit 1
GOLD=${top_srcdir:-../..}/tests/golden
DEMO=${top_srcdir:-../..}/share/vigil/demo

t_ok() {	# t_ok STATUS DESCRIPTION
	t_n=$((t_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $t_n - $2"
	else
		echo "not ok $t_n - $2"
		t_fail=$((t_fail + 1))
	fi
}

# t_run CMD...: run, keeping stdout in out, stderr in err, status in rc
t_run() {
	"$@" >out 2>err
	rc=$?
}

t_rc() {	# t_rc WANT DESCRIPTION
	[ "$rc" -eq "$1" ]
	t_ok $? "$2 (exit $1)"
	[ "$rc" -eq "$1" ] || { echo "#   got exit $rc"; sed 's/^/#   err: /' err; }
}

t_same() {	# t_same GOT WANT DESCRIPTION: files must be identical
	if cmp -s "$1" "$2"; then
		t_ok 0 "$3"
	else
		t_ok 1 "$3"
		diff -u "$2" "$1" | sed 's/^/#   /' | head -40
	fi
}

t_out() {	# t_out WANT DESCRIPTION: stdout must be exactly WANT
	printf '%s\n' "$1" >want
	t_same out want "$2"
}

t_err() {	# t_err WANT DESCRIPTION: stderr must be exactly WANT
	printf '%s\n' "$1" >want
	t_same err want "$2"
}

t_golden() {	# t_golden NAME DESCRIPTION: stdout must match golden/NAME
	if [ -n "${VIGIL_REGOLD:-}" ]; then cp out "$GOLD/$1"; fi
	t_same out "$GOLD/$1" "$2"
}

t_grep() {	# t_grep PATTERN FILE DESCRIPTION
	grep -q -- "$1" "$2"
	t_ok $? "$3"
}

t_refused() {	# t_refused FILE DESCRIPTION MESSAGE...: vigil-import -A $A FILE
	# fails with exactly these lines, and $A is as ./pristine dumps it
	# (but for the planner's statistics, which closing an archive updates)
	t_f=$1 t_d=$2
	shift 2
	t_run vigil-import -A "$A" "$t_f"
	t_rc 1 "$t_d"
	printf '%s\n' "$@" >want
	t_same err want "$t_d: message"
	t_dump "$A" >now
	grep -v '^INSERT INTO sqlite_stat1 ' pristine >pristine.content
	t_same now pristine.content "$t_d: archive unchanged"
}

# t_dump FILE: what the archive FILE holds, as text: sqlite3's .dump (but
# the planner's statistics, which closing an archive updates), or on a
# server (VIGIL_TEST_PG) pg_dump of FILE's database (but the sequences'
# positions, which a transaction rolled back keeps, and the random key of
# psql's \restrict each dump opens with)
t_dump() {
	if t_file; then
		sqlite3 "$1" .dump | grep -v '^INSERT INTO sqlite_stat1 '
	else
		"$PGBIN/pg_dump" --no-owner -d "$(sh "$top_srcdir/tests/pg-as-file" \
		    --database "$1")" | grep -v -e '^SELECT pg_catalog.setval(' \
		    -e '^\\restrict ' -e '^\\unrestrict '
	fi
}

# t_digest FILE: a digest of what the archive FILE holds: of its bytes, or
# on a server (VIGIL_TEST_PG) of its rows as vigil-query gives them
t_digest() {
	if t_file; then
		sha256sum <"$1"
	else
		vigil-query -A "$1" -F csv | sha256sum
	fi
}

# t_sql FILE SQL: SQL's answer from the archive FILE, a row a line, its
# columns joined by |: sqlite3's, or psql's on a server (VIGIL_TEST_PG)
t_sql() {
	if t_file; then
		sqlite3 "$1" "$2"
	else
		"$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$(sh \
		    "$top_srcdir/tests/pg-as-file" --database "$1")" -c "$2"
	fi
}

# t_dest FILE: what names the archive FILE where a tool takes it as is
# (vigil-import -O): FILE, or on a server (VIGIL_TEST_PG) its database's URI
t_dest() {
	if t_file; then
		echo "$1"
	else
		sh "$top_srcdir/tests/pg-as-file" --database "$1"
	fi
}

# t_rm FILE: the archive FILE no more: the file removed, or on a server
# (VIGIL_TEST_PG) its database made again, empty
t_rm() {
	if t_file; then
		rm -f "$1"
	else
		_db=$(sh "$top_srcdir/tests/pg-as-file" --database "$1")
		"$PGBIN/dropdb" "${_db#postgresql:///}" &&
		    "$PGBIN/createdb" "${_db#postgresql:///}"
	fi
}

# t_file: whether the test's archives are SQLite files, not a server's
# databases (VIGIL_TEST_PG): for what only a file has (its bytes, its
# absence)
t_file() {
	[ -z "${VIGIL_TEST_PG:-}" ]
}

# t_counts FILE [sum]: an archive's gate events by ten seconds
# (span_count; a file's days' and a server's hours' buckets decoded), as
# span|gate|bucket|n,
# or with sum as gate|bucket|n over all spans
t_counts() {
	if ! t_file && [ -n "${2:-}" ]; then
		t_sql "$1" "SELECT device, h * 360 + o, sum(n) FROM span_count,
		    unnest(bo, bn) u(o, n) GROUP BY 1, 2 ORDER BY 1, 2"
		return
	elif ! t_file; then
		t_sql "$1" "SELECT span, device, h * 360 + o, n FROM span_count,
		    unnest(bo, bn) u(o, n) ORDER BY 1, 2, 3"
		return
	fi
	sqlite3 -readonly "$1" "SELECT span, device, day, hex(c) FROM span_count ORDER BY
	    1, 2, 3" | awk -F'|' -v sum="${2:-}" '
	BEGIN { for (i = 0; i < 16; i++) h[substr("0123456789ABCDEF", i + 1, 1)] = i }
	function byte() { v = h[substr(x, p, 1)] * 16 + h[substr(x, p + 1, 1)]; p += 2; return v }
	function varint(	r, m, c) { r = 0; m = 1
		do { c = byte(); r += (c % 128) * m; m *= 128 } while (c >= 128)
		return r }
	{ x = $4; p = 1; b = $3 * 8640 - 1
	  while (p < length(x)) { b += varint() + 1; n = varint()
		if (sum != "") s[$2 "|" b] += n; else print $1 "|" $2 "|" b "|" n } }
	END { for (k in s) print k "|" s[k] }' | { [ -z "${2:-}" ] && cat ||
	    sort -t'|' -k1,1n -k2,2n; }
}

t_done() {
	echo "1..$t_n"
	[ "$t_fail" -eq 0 ]
}

# t_read_past PID BYTES DESCRIPTION: wait until process PID has read BYTES,
# as /proc counts them (a tool part way through its file): ok once it has;
# not ok, and said why, when it ends first or has not after 120 s
t_read_past() {
	_i=0
	while _r=$(sed -n 's/^rchar: //p' /proc/$1/io 2>/dev/null) &&
	    [ -n "$_r" ] && [ "$_r" -lt "$2" ] && [ $_i -lt 2400 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	if [ -n "$_r" ] && [ "$_r" -ge "$2" ]; then
		t_ok 0 "$3"
		return 0
	fi
	t_ok 1 "$3"
	if [ -z "$_r" ]; then
		echo "#   process $1 ended before it had read $2 bytes"
	else
		echo "#   process $1 had read $_r of $2 bytes after 120 s"
	fi
	return 1
}

# t_held PID DESCRIPTION: wait until process PID has stopped itself where
# VIGIL_TEST_STOP names (SIGSTOP: its state T), for the test to act beside
# it at that known point: ok once it has; not ok, and said why, when it
# ends first or is not stopped after 300 s (a long import, a loaded machine)
t_held() {
	_i=0
	while _s=$(sed 's/^.*) //' /proc/$1/stat 2>/dev/null | cut -d' ' -f1) &&
	    case $_s in '' | Z | X | T) false ;; *) true ;; esac &&
	    [ $_i -lt 6000 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	if [ "$_s" = T ]; then
		t_ok 0 "$2"
		return 0
	fi
	t_ok 1 "$2"
	case $_s in
	'' | Z | X) echo "#   process $1 ended before it was held" ;;
	*) echo "#   process $1 not held after 300 s (state $_s)" ;;
	esac
	return 1
}

# t_tools PID: the tool a test ran under strace or env (PID), for a
# signal meant for it: PID's children, or run again on a server
# (VIGIL_TEST_PG) theirs, the tools under tests/pg-as-file's shells (which
# then reap them and end as the tools did)
t_tools() {
	for _p in $(pgrep -P "$1"); do
		_c=$(pgrep -P "$_p")
		echo "${_c:-$_p}"
	done
}

# t_tool PID NAME: the tool NAME a test started in the background as PID,
# for a signal or /proc's counts meant for it: PID, or on a server
# (VIGIL_TEST_PG) the tool under tests/pg-as-file's shell PID, once it
# runs (20 s at most)
t_tool() {
	if t_file; then
		echo "$1"
		return
	fi
	_c= _i=0
	while [ -z "$_c" ] && [ $_i -lt 400 ]; do
		_c=$(pgrep -P "$1" -x "$2") || sleep 0.05
		_i=$((_i + 1))
	done
	[ -n "$_c" ] || echo "t_tool: no $2 under process $1 after 20 s" >&2
	echo "${_c:-$1}"
}

# t_vlimit KB: a virtual-memory limit for the rest of this (sub)shell;
# none under AddressSanitizer, whose shadow memory needs terabytes of
# address space (the bound is then checked by the normal build only)
t_vlimit() {
	[ -n "${ASAN_OPTIONS:-}" ] || ulimit -v "$1"
}

# demo_world_once: the demo's world (vigil simulate --seed 1 --recordings
# -o world: its video some 85 s of CPU to encode) made once a run for the
# tests that make it (t0500 on a file and on a server, t0510's README
# session): a vigil before the tools on PATH (./shim) answers that command
# from tests/work/demo-world.DIGEST (DIGEST: vigil-simulate's, so a changed
# simulator makes it again), kept by the first run to finish making it, its
# output replayed; every other command goes to the vigil after it
demo_world_once() {
	sim=${VIGIL_REAL_BIN:-$(dirname "$(command -v vigil-simulate)")}/vigil-simulate
	VIGIL_NEXT=$(command -v vigil) || exit 1
	DEMO_WORLD=$(cd "${top_builddir:-../..}" && pwd)/tests/work/demo-world.$(cksum \
	    <"$sim" | cut -d' ' -f1)
	export VIGIL_NEXT DEMO_WORLD
	mkdir shim || exit 1
	cat >shim/vigil <<'EOF'
#!/bin/sh
[ "$*" = "simulate --seed 1 --recordings -o world" ] ||
    exec "$VIGIL_NEXT" "$@"
d=$DEMO_WORLD
if [ ! -f "$d/rc" ]; then
	d=$DEMO_WORLD.$$
	rm -rf "$d" && mkdir -p "$d" || exit 1
	(cd "$d" && "$VIGIL_NEXT" "$@" >out 2>err; echo $? >rc)
	[ "$(cat "$d/rc")" -eq 0 ] && mv -T "$d" "$DEMO_WORLD" 2>/dev/null &&
	    d=$DEMO_WORLD
	# (and the worlds of simulators before it dropped)
	for o in "${DEMO_WORLD%.*}".*; do
		case $o in "$DEMO_WORLD" | "$DEMO_WORLD".*) ;; *) rm -rf "$o" ;; esac
	done
fi
[ ! -d "$d/world" ] || cp -R "$d/world" world || exit 1
cat "$d/out"
cat "$d/err" >&2
rc=$(cat "$d/rc")
[ "$d" = "$DEMO_WORLD" ] || rm -rf "$d"
exit "$rc"
EOF
	chmod +x shim/vigil
	PATH=$PWD/shim:$PATH
}

# demo_world: the demo's site, roster, sightings and gate events in w.db,
# imported by names relative to the test's folder, so that a screen showing
# a row's source shows the same wherever the tree is
demo_world() {
	cp "$DEMO/site.xml" "$DEMO/roster.csv" "$DEMO/edge.sightings.csv" \
	    "$DEMO/north.gate.csv" . || exit 1
	vigil-import -q -A w.db site.xml roster.csv edge.sightings.csv \
	    north.gate.csv || exit 1
}
# overpass_case: case $C of w.db, its incident at 21:13 on the overpass,
# anchored on the man who ran down the stair, cases in ./cases
overpass_case() {
	VIGIL_CASES=$PWD/cases VIGIL_OFFICER='Insp. Wang'
	export VIGIL_CASES VIGIL_OFFICER
	C=2018-1120-OVP
	vigil-case -A w.db new $C --title 'Assault on the north overpass' \
	    --incident-time '2018-11-20 21:13' --incident-place OVP-N >/dev/null
	vigil-case -c $C add-subject --anchor C017:T1569 >/dev/null
}

# man_examples PAGE: the commands of PAGE's EXAMPLES, one a line, with
# continuations (a trailing \ or |) joined and roff escapes undone
man_examples() {
	awk '
		/^\.Sh EXAMPLES/ { ex = 1; next }
		/^\.Sh / { ex = 0 }
		ex && /^\.Bd -literal/ { lit = 1; next }
		ex && /^\.Ed/ { lit = 0; next }
		ex && lit {
			line = $0
			gsub(/\\\(aq/, "\047", line); gsub(/\\\(dq/, "\"", line)
			gsub(/\\-/, "-", line); gsub(/\\&/, "", line)
			gsub(/\\e/, "\\", line)
			if (cont != "") {
				sub(/^ +/, "", line)
				line = cont " " line
				cont = ""
			} else if (line !~ /^\$ /)
				next
			if (line ~ /\\$/) { sub(/ *\\$/, "", line); cont = line; next }
			if (line ~ /\|$/) { cont = line; next }
			sub(/^\$ /, "", line)
			print line
		}' "$1"
}

# pg_server: a private PostgreSQL server for this test (tests/pg-server),
# its socket in a folder of its own, stopped and removed when the test
# ends however it ends; PGHOST, PGUSER and PGDATABASE name it, PGBIN its
# programs, and PG (postgresql:///campus) is the archive's -A.  A server
# that cannot start, its programs missing too, fails the test: the suite
# runs on both back ends, never silently on one.
pg_server() {
	PGDIR=$(mktemp -d /tmp/vigil-pg.XXXXXX) || exit 1
	# one initdb a run, copied by each test's server
	case ${top_builddir:-} in
	/*) VIGIL_PG_TEMPLATE=${VIGIL_PG_TEMPLATE:-$top_builddir/tests/work/pg}
	    export VIGIL_PG_TEMPLATE ;;
	esac
	if ! sh "$top_srcdir/tests/pg-server" start "$PGDIR" \
	    2>pg-server.err; then
		sed 's/^/# /' pg-server.err
		rm -rf "$PGDIR"
		echo "Bail out! no PostgreSQL server for the test"
		exit 1
	fi
	trap 'sh "$top_srcdir/tests/pg-server" stop "$PGDIR"' EXIT
	trap 'exit 1' HUP INT TERM
	PGHOST=$PGDIR PGUSER=vigil PGDATABASE=campus
	PGBIN=$(pg_config --bindir 2>/dev/null)
	[ -x "$PGBIN/psql" ] || PGBIN=$(ls -d /usr/lib/postgresql/*/bin |
	    sort -V | tail -1)
	PG=postgresql:///campus
	export PGHOST PGUSER PGDATABASE
}

# pg_same FILE TOOL ARGS...: TOOL ARGS answers on the test's server ($PG)
# as on the SQLite archive FILE: stdout, stderr (the archive named as
# FILE) and exit status; $rc is the server's status
pg_same() {
	_file=$1 _tool=$2
	shift 2
	"$_tool" -A "$_file" "$@" >want.out 2>want.err
	_want=$?
	t_run "$_tool" -A "$PG" "$@"
	sed "s|$PG|$_file|g" err >err.file
	t_ok $([ "$rc" -eq "$_want" ] && cmp -s out want.out &&
	    cmp -s err.file want.err; echo $?) "$_tool $*: as on the file"
	[ "$rc" -eq "$_want" ] || echo "#   exit $rc, not $_want"
	diff want.out out | head -5 | sed 's/^/#   /'
	diff want.err err.file | head -5 | sed 's/^/#   /'
}

# held POINT ARCHIVE: a merge (vigil-import -M 0d) of ARCHIVE stopped
# at POINT (VIGIL_TEST_STOP: it stops itself there, SIGSTOP), its pid in
# $pid (t0247, t0236); a merge not held there is a failure (t_held)
held() {
	VIGIL_TEST_STOP=$1 vigil-import -q -M 0d -A "$2" 2>/dev/null &
	pid=$!
	t_held $pid "the merge held at $1"
}

# pg_sql SQL: what psql says to SQL in the test's server, unaligned
pg_sql() {
	"$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"
}

# pg_in DB SQL: pg_sql in another database of the server
pg_in() {
	(PGDATABASE=$1; export PGDATABASE; pg_sql "$2")
}

# pg_quiet DB: wait (10 s at most) until no session is left in database
# DB, as after a client killed: the server rolls back what it left open
pg_quiet() {
	_i=0
	while [ $_i -lt 100 ] && [ "$(pg_sql "SELECT count(*) FROM pg_stat_activity WHERE datname = '$1'")" != 0 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

# VIGIL_TEST_PG (tests/pg/*.sh): the test run again with its archives on
# a private server, each file it names a database (tests/pg-as-file)
if [ -n "${VIGIL_TEST_PG:-}" ]; then
	pg_server
	VIGIL_REAL_BIN=$(dirname "$(command -v vigil-query)")
	mkdir "$PGDIR/bin" || exit 1
	for _t in "$VIGIL_REAL_BIN"/vigil "$VIGIL_REAL_BIN"/vigil-*; do
		case $_t in *.so | *.o | *.c) continue ;; esac
		[ -x "$_t" ] && ln -s "$top_srcdir/tests/pg-as-file" \
		    "$PGDIR/bin/${_t##*/}"
	done
	PATH=$PGDIR/bin:$PATH
	export PATH PGBIN VIGIL_REAL_BIN
fi
