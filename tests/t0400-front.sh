#!/bin/sh
# t0400-front: the vigil front end, -h and -V of every tool, and manuals whose
# SYNOPSIS matches -h
. "$top_srcdir/tests/lib.sh"

TOOLS="vigil-anomaly vigil-browse vigil-case vigil-clip vigil-export vigil-import vigil-index vigil-query vigil-simulate vigil-site vigil-skew vigil-track vigil-verify"

t_run vigil
t_rc 0 "vigil alone"
t_grep '^   import     import site, roster, gate logs and camera logs$' out "lists import"
t_grep '^   query ' out "lists query"
t_grep '^   site ' out "lists site"
t_grep '^   simulate ' out "lists simulate"
t_grep '^   demo ' out "lists demo"
t_run vigil query -h
t_rc 0 "vigil query -h runs vigil-query"
t_grep '^usage: vigil-query ' out "with its usage"
t_run vigil nosuch
t_rc 2 "an unknown command"
t_err "vigil: 'nosuch' is not a vigil command; run vigil for the list" "says so"
t_run vigil ../bin/sh
t_rc 2 "a path is not a command"
t_run vigil -V
t_out "vigil (vigil) 0.1.0" "vigil -V"
t_run vigil --version
t_out "vigil (vigil) 0.1.0" "vigil --version"
t_run vigil --help
t_rc 0 "vigil --help"
t_grep '^usage: vigil \[-hV\] command \[argument \.\.\.\]$' out "prints the usage on stdout"
t_grep '^   query      ' out "and the commands, as vigil alone does"
cp out help.out
t_run vigil
t_same out help.out "vigil --help and vigil print the same list"
t_run vigil help
t_grep '^   help       the manual of a command, or this list$' out "vigil help lists the commands, help among them"
t_run vigil help nosuch
t_rc 2 "vigil help of an unknown command"
t_err "vigil: 'nosuch' is not a vigil command; run vigil for the list" "says so"
# the demo starts afresh in its directory, never in one that holds what
# it did not write (it removed cases/ and world/ there, a README
# session's)
t_run vigil demo -h
t_rc 0 "vigil demo -h"
t_out "usage: vigil demo [directory]" "its usage"
mkdir -p mine/cases && : >mine/cases/keep
t_run vigil demo "$PWD/mine"
t_rc 1 "the demo in a directory of someone's cases"
t_err "vigil demo: '$PWD/mine' holds files the demo did not write: give a new or empty directory" \
    "is refused"
t_ok $([ -f mine/cases/keep ]; echo $?) "and the cases are kept"
t_run vigil help query extra
t_rc 2 "vigil help takes one command"
# with no man(1) on PATH, the command's own usage
mkdir nobin && ln -s "$(command -v vigil-query)" nobin/vigil-query
t_run env PATH="$PWD/nobin" "$(command -v vigil)" help query
t_grep '^usage: vigil-query ' out "vigil help query without man(1) prints vigil-query's usage"
if command -v man >/dev/null; then
	t_run env VIGIL_SHARE="$top_srcdir/share/vigil" MANPAGER=cat MANWIDTH=80 vigil help query
	t_grep 'vigil-query .* ask the archive' out "vigil help query shows its manual from the source tree"
fi

# options in a usage text or a SYNOPSIS, one per line, sorted
opts() {
	tr ' []|' '\n\n\n\n' | sed -n 's/^\(-[A-Za-z]*\)$/\1/p; s/^\(--[a-z-]*\)$/\1/p' |
	    awk '/^--/ { print; next } { for (i = 2; i <= length($0); i++) print "-" substr($0, i, 1) }' |
	    sort -u
}
for tool in vigil $TOOLS; do
	t_run $tool -V
	t_out "$tool (vigil) 0.1.0" "$tool -V"
	t_run $tool -h
	t_rc 0 "$tool -h"
	# the usage is the text before a blank line (vigil -h goes on with
	# the list of commands)
	sed '/^$/,$d' out >usage
	opts <usage >from-usage
	t_run $tool --no-such-option
	t_rc 2 "$tool with an unknown option"
	t_grep "^usage: $tool" err "$tool prints its usage on stderr"
	man=$top_srcdir/man/$tool.1
	t_ok $([ -f "$man" ]; echo $?) "$tool has a manual"
	# the SYNOPSIS of the manual, as the options it names
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh/p' "$man" |
	    grep -o 'Fl \\-[a-z-]*\|Fl [A-Za-z][A-Za-z]*' |
	    sed 's/^Fl \\-/--/; s/^Fl /-/' | opts >from-man
	t_same from-man from-usage "$tool: SYNOPSIS names the options of -h"
	# and says it in the same words, form by form (a closing note of -h
	# in brackets is not part of it)
	if command -v man >/dev/null && command -v col >/dev/null; then
		sed '/^       (.*)$/d; s/^usage: //' usage | tr -s ' \n' '  ' |
		    sed 's/ *$//; $a\\' >usage-words
		MANWIDTH=2000 man -l "$man" 2>/dev/null | col -b |
		    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
		    tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//; $a\\' >man-words
		t_same man-words usage-words "$tool: SYNOPSIS reads as -h does"
	fi
	t_grep '^\.Sh EXIT STATUS' "$man" "$tool: the manual documents the exit status"
done
# a letter means the same in every tool (vigil(7)): each short option the
# manuals give with its long name has one long name across them all (-o is
# the output everywhere, the officer is --officer)
grep -h '^\.It Fl [A-Za-z] .*Fl \\-' "$top_srcdir"/man/*.1 |
    sed 's/^\.It Fl \([A-Za-z]\) .*Fl \\-\([a-z-]*\).*/\1 \2/' | sort -u >letters
t_ok $([ "$(wc -l <letters)" -ge 15 ]; echo $?) "the manuals name their letters' long options"
cut -d' ' -f1 letters | uniq -d >twice
t_same twice /dev/null "no letter with two meanings"
t_grep '^o output$' letters "-o is the output"
t_ok $(! grep -q '^\.It Fl o .*officer' "$top_srcdir"/man/*.1; echo $?) "and never the officer"
for page in vigil.7 vigil-formats.5; do
	t_ok $([ -s "$top_srcdir/man/$page" ]; echo $?) "$page is there"
done
t_done
