#!/bin/sh
# t0235-archive-server: -A chooses the archive's back end; a database
# server's name (a PostgreSQL URI or service) goes to the server through
# libpq, with nothing made on disk when none answers, while a file whose
# name looks like one is still a file
. "$top_srcdir/tests/lib.sh"

# no server answers here, and no service file names one
PGHOST=$PWD/no-server PGSERVICEFILE=$PWD/no-services
export PGHOST PGSERVICEFILE
: >"$PGSERVICEFILE"
unset PGSERVICE PGDATABASE
mkdir empty
cd empty || exit 1
sock="connection to server on socket \"$PGHOST/.s.PGSQL.5432\" failed: No such file or directory"
for A in postgresql:///campus postgres://vigil@/campus service=campus; do
	case $A in
	service=*)	why="definition of service \"campus\" not found" ;;
	*)		why=$sock ;;
	esac
	t_run vigil-query -A "$A" --person P0000001
	t_rc 1 "vigil-query -A $A"
	t_err "vigil-query: cannot open '$A': $why" \
	    "vigil-query says libpq's why"
	t_run vigil-import -A "$A" "$DEMO/site.xml"
	t_rc 1 "vigil-import -A $A"
	t_err "vigil-import: cannot open '$A': $why" \
	    "vigil-import says so too, before reading the file"
	t_run env VIGIL_ARCHIVE="$A" vigil-query --person P0000001
	t_rc 1 "VIGIL_ARCHIVE=$A"
	t_err "vigil-query: cannot open '$A': $why" \
	    "the same from the environment"
done
ls -A >../listing
cd .. || exit 1
t_run cat listing
t_out "err
out
want" "nothing made on disk but the test's own files (none named like the server)"

# a string libpq cannot read: its reason on one line; a password, in the
# URI's user part, its parameters or a service's string: refused, and
# left out of the message as out of any other
t_run vigil-query -A 'postgresql:///campus?bogus=1' --person P0000001
t_rc 1 "a URI libpq cannot read"
t_err "vigil-query: cannot open 'postgresql:///campus?bogus=1': invalid URI query parameter: \"bogus\"" \
    "says libpq's reason, its newline left out (not \\x0a)"
pw="a password in -A shows in the process list; keep it in ~/.pgpass (PGPASSFILE) or a service file (PGSERVICEFILE)"
while read -r A plain; do
	t_run vigil-query -A "$A" --person P0000001
	t_rc 1 "-A $A refused"
	t_err "vigil-query: cannot open '$plain': $pw" \
	    "-A $A: the message without the password"
done <<'END'
postgresql:///campus?password=pw postgresql:///campus
postgresql:///campus?password=pw&user=vigil postgresql:///campus?user=vigil
postgresql://vigil:pw@/campus?user=vigil&password=pw postgresql://vigil@/campus?user=vigil
END
t_run vigil-query -A "service=campus password='p w\\' x' user=vigil" \
    --person P0000001
t_rc 1 "a service's string with a quoted password refused"
t_err "vigil-query: cannot open 'service=campus user=vigil': $pw" \
    "the message without the password, quotes and all"

# the server's back end is a module: a program without it beside it, nor
# installed, says so (vigil-query copied away from the build tree)
mkdir bin
cp "$top_builddir/src/vigil-query" bin/
t_run bin/vigil-query -A postgresql:///campus --person P0000001
t_rc 1 "a program that cannot load vigil-pg.so"
t_grep "^vigil-query: cannot open 'postgresql:///campus': PostgreSQL archives need the module vigil-pg.so: .*vigil-pg.so: cannot open shared object file" \
    err "says it needs the module, and why it could not load it"
t_run bin/vigil-query -A 'postgresql://vigil:pw@/campus?password=pw' \
    --person P0000001
t_rc 1 "a password in -A, no vigil-pg.so"
t_grep "^vigil-query: cannot open 'postgresql://vigil@/campus': PostgreSQL archives need the module vigil-pg.so: " \
    err "the message without the password"

# a URI mistyped is refused, not made a file of that name
for A in postgresql:campus postgres:/campus; do
	t_run vigil-import -A $A "$DEMO/site.xml"
	t_rc 1 "-A $A"
	t_err "vigil-import: cannot open '$A': not a connection URI, which begins postgresql:// (a file so named is given as ./$A)" \
	    "is refused, saying what a URI begins with"
done
t_ok $([ ! -e postgresql:campus ]; echo $?) "no file made"
# (one that carries a password does not show it)
t_run vigil-import -A 'postgresql:vigil:pw@/campus?password=pw' \
    "$DEMO/site.xml"
t_rc 1 "a URI mistyped with a password"
t_err "vigil-import: cannot open 'postgresql:vigil@/campus': not a connection URI, which begins postgresql:// (a file so named is given with ./ before it)" \
    "is refused without the password"

# an SQLite archive whose name begins like a service is reached by a path
t_run vigil-import -q -A ./service=campus.db "$DEMO/site.xml"
t_rc 0 "an archive file named service=campus.db made through ./"
t_run vigil-query -A ./service=campus.db -F csv --gate G-NONE
t_rc 1 "and read through ./"
t_err "vigil-query: unknown gate 'G-NONE' (vigil site -s devices lists the site's)" \
    "as a file (its site is read)"
t_run vigil-query -A service=campus.db -F csv --gate G-NONE
t_rc 1 "without ./ the name is a server's"
t_err "vigil-query: cannot open 'service=campus.db': definition of service \"campus.db\" not found" \
    "and looked up as a service"
t_done
