#!/bin/sh
# t1030-batch: scripted exports: several cases in one run, a list on standard
# input, and examples/export-open-cases exporting every open case, signed,
# then verified; a case that fails does not stop the others
. "$top_srcdir/tests/lib.sh"

vigil-import -q -A w.db "$DEMO/site.xml" "$DEMO/roster.csv" \
    "$DEMO/edge.sightings.csv" || exit 1
VIGIL_CASES=$PWD/cases VIGIL_OFFICER='Sgt. Chen' VIGIL_ARCHIVE=$PWD/w.db
export VIGIL_CASES VIGIL_OFFICER VIGIL_ARCHIVE
for n in A-1 A-2 A-3; do
	vigil-case new $n --title "case $n" >/dev/null
	vigil-case -c $n note "first note of $n" >/dev/null
done
vigil-case -c A-2 close

t_run vigil-export -o two A-1 A-3
t_rc 0 "two cases in one run"
t_ok $([ -f two/A-1/bagit.txt ] && [ -f two/A-3/bagit.txt ]; echo $?) \
    "a bag each, named by its number"
t_run sh -c 'printf "# the open ones\nA-1\n\nA-3\n" | vigil-export --tar -o list -'
t_rc 0 "a list on standard input"
t_ok $([ -f list/A-1.tar ] && [ -f list/A-3.tar ] && [ -f list/A-1.tar.sha256 ]; echo $?) \
    "a tar each, with its digest"
t_run sh -c 'printf "A-1\nNO-SUCH\nA-3\n" | vigil-export -o failing -'
t_rc 1 "a list with a case that is not there"
t_grep "NO-SUCH" err "names it"
t_ok $([ -d failing/A-1 ] && [ -d failing/A-3 ]; echo $?) "and exports the others"
t_ok $(find . -name '.vigil-export*' | wc -l) "no staging folder is left behind"

vigil-export --keygen k >/dev/null
t_run "$top_srcdir/examples/export-open-cases" nightly k.key 'Campus Security'
t_rc 0 "examples/export-open-cases"
day=$(date -u +%Y-%m-%d)
ls nightly/$day >got
printf 'A-1.tar\nA-1.tar.sha256\nA-3.tar\nA-3.tar.sha256\n' >want
t_same got want "exports the open cases, not the closed one"
t_run vigil-verify --key k.pub nightly/$day/A-3.tar
t_rc 0 "signed bundles that verify"
mkdir x && (cd x && tar -xf ../nightly/$day/A-1.tar)
t_grep "^Source-Organization: Campus Security\$" x/A-1/bag-info.txt "with the organization given"
t_done
