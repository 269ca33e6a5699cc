#!/bin/sh
# t0410-completion: bash completion of commands, options, cases and the
# archive's devices, places and zones
. "$top_srcdir/tests/lib.sh"

if ! command -v bash >/dev/null; then
	echo "1..0 # SKIP no bash"
	exit 0
fi
vigil-import -q -A a.db "$DEMO/site.xml" "$DEMO/roster.csv" 2>/dev/null
mkdir -m 700 cases
VIGIL_CASES=$PWD/cases VIGIL_OFFICER=tester vigil-case -A a.db new T-1 \
    --title 'a test' >/dev/null 2>&1

# complete WORD...: what bash offers for the last word
complete_words() {
	VIGIL_CASES=$PWD/cases bash -c '
		. "$1/share/completion/vigil"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _vigil
		printf "%s\n" "${COMPREPLY[@]}"' sh "$top_srcdir" "$@"
}
t_run complete_words vigil qu
t_out query "a command"
t_run complete_words vigil help sit
t_out site "vigil help: commands"
t_run complete_words vigil query --per
t_out --person "a long option, from vigil-query -h"
t_run complete_words vigil-track --ev
t_out --eval "vigil-track's options, when run as vigil-track"
t_run complete_words vigil skew -
t_grep '^-a$' out "vigil-skew's -a (-l's: the clocks confirmed right too), from its usage"
t_run complete_words vigil query -F js
t_out "json
jsonl" "output formats"
t_run complete_words vigil query -c ''
t_out T-1 "case numbers"
t_run complete_words vigil case -c T-1 dec
t_out decide "vigil-case's subcommands"
t_run complete_words vigil query -A a.db --gate G-
t_out "G-N3
G-L1
G-P2" "the archive's gates, from -A"
vigil-site -A a.db -s devices -F tsv | awk -F '\t' 'NR > 1 && $2 == "camera" { print $1 }' >cams
t_run complete_words vigil query -A a.db --camera ''
t_same out cams "the archive's cameras, and only cameras"
VIGIL_ARCHIVE=a.db
export VIGIL_ARCHIVE
t_run complete_words vigil query --near OVP
t_out OVP-N "places, from VIGIL_ARCHIVE"
t_run complete_words vigil query --person P001234
t_out "$(sed -n 's/^\(P001234[0-9]*\),.*/\1/p' "$DEMO/roster.csv" | sort)" "people: the roster's ids"
t_run complete_words vigil case add-subject --person 陈伟
t_out P0012307 "a name typed is completed to its id"
t_run complete_words vigil-track --person P99
t_out "" "no one: nothing"
unset VIGIL_ARCHIVE
t_run complete_words vigil query --near OVP
t_out "" "no archive: no places"

# zsh: _vigil (as installed) loads the same rules through bashcompinit;
# zsh filters the words by what was typed itself
if command -v zsh >/dev/null; then
	mkdir fpath
	sed "s|@datadir@|$PWD/nowhere|" "$top_srcdir/share/completion/_vigil.in" >fpath/_vigil
	t_run env VIGIL_BASH_COMPLETION="$top_srcdir/share/completion/vigil" zsh -fc '
		fpath=(./fpath $fpath)
		autoload -U compinit && compinit -u -D
		print -r -- ${_comps[vigil]} ${_comps[vigil-query]}
		source ./fpath/_vigil 2>/dev/null
		setopt ksharrays
		COMP_WORDS=(vigil query --per); COMP_CWORD=2; _vigil
		print -rl -- "${COMPREPLY[@]}" | grep -x -- --person'
	t_out "_vigil _vigil
--person" "zsh: _vigil is the completion of every command, and offers vigil-query's options"
else
	t_ok 0 "# SKIP zsh is not installed"
fi
t_done
