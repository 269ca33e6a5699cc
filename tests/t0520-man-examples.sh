#!/bin/sh
# t0520-man-examples: every command in the manuals' EXAMPLES names options
# its tool takes; the examples of the pages on the demo archive run as
# written there
. "$top_srcdir/tests/lib.sh"

# options TOOL: the options vigil-TOOL's usage names, one a line
options() {
	"vigil-$1" -h 2>/dev/null |
	    grep -o -- '--[a-z][a-z-]*\|\[-[A-Za-z][A-Za-z]*\]\|-[A-Za-z] ' |
	    sed 's/^\[-\(.*\)\]$/\1/; s/ $//' |
	    awk '/^--/ || /^-.$/ { print; next }
		{ for (i = 1; i <= length($0); i++) print "-" substr($0, i, 1) }' |
	    sort -u
}

# unknown_options LINE: "tool option" for each option LINE gives a vigil
# tool that its usage does not name
unknown_options() {
	printf '%s\n' "$1" | awk '
		{
			s = $0
			gsub(/\047[^\047]*\047/, "Q", s)
			gsub(/"[^"]*"/, "Q", s)
			n = split(s, seg, /[|;()]|&&/)
			for (k = 1; k <= n; k++) {
				m = split(seg[k], w, " ")
				tool = ""
				for (i = 1; i <= m; i++) {
					if (tool == "" && w[i] ~ /^vigil-[a-z]+$/) {
						tool = substr(w[i], 7); continue
					}
					if (tool == "" && w[i] == "vigil" && i < m &&
					    w[i + 1] ~ /^[a-z]+$/ && w[i + 1] != "help") {
						tool = w[++i]; continue
					}
					if (tool == "" || w[i] ~ /^[0-9]*[<>]/)
						continue
					if (w[i] ~ /^--[a-z]/) {
						o = w[i]; sub(/=.*/, "", o)
						print tool, o
					} else if (w[i] ~ /^-[A-Za-z]+$/)
						for (j = 2; j <= length(w[i]); j++)
							print tool, "-" substr(w[i], j, 1)
				}
			}
		}' | while read -r tool opt; do
		options "$tool" | grep -qx -- "$opt" || echo "vigil-$tool $opt"
	done
}

pages=0
bad=0
for page in "$top_srcdir"/man/*.1 "$top_srcdir"/man/*.7; do
	name=$(basename "$page")
	man_examples "$page" >"$name.ex"
	[ -s "$name.ex" ] && pages=$((pages + 1))
	while IFS= read -r line; do
		u=$(unknown_options "$line")
		if [ -n "$u" ]; then
			echo "# $name: $line"
			echo "$u" | sed 's/^/#   not an option of /'
			bad=$((bad + 1))
		fi
	done <"$name.ex"
done
t_ok $([ "$pages" -ge 13 ]; echo $?) "the EXAMPLES of $pages manuals read"
t_ok $bad "every example names only options its tool takes"

# run_examples PAGE: PAGE's examples, one by one in this shell, in a
# folder of its own that is also HOME, with the demo archive in
# ~/overpass.db and the demo files where an installed vigil has them
run_examples() {
	mkdir "run-$1" && cp -R "$DEMO" "run-$1/demo" && cp "$DEMO/site.xml" "run-$1/" || return 1
	(
		cd "run-$1" || exit 1
		HOME=$PWD
		VIGIL_ARCHIVE=$PWD/overpass.db
		export HOME VIGIL_ARCHIVE
		vigil-import -q demo/site.xml demo/roster.csv \
		    demo/north.gate.csv demo/edge.sightings.csv || exit 1
		sed "s|/usr/local/share/vigil/demo|$PWD/demo|g" "../$1.ex" >ex
		n=0
		while IFS= read -r line; do
			n=$((n + 1))
			eval "$line" >"$n.out" 2>"$n.err" </dev/null || {
				echo "# $1: '$line' failed"
				sed 's/^/#   /' "$n.err"
				exit 1
			}
		done <ex
	)
}
for name in vigil-query.1 vigil-track.1 vigil-site.1; do
	run_examples $name
	t_ok $? "the examples of $name run as written"
done
tab=$(printf '\t')
t_grep "^1${tab}2${tab}C018${tab}camera${tab}T1573${tab}" run-vigil-track.1/3.out \
    "vigil-track --from C017:T1569: the next hop is C018, as the manual says"
t_grep 'P0012345' run-vigil-query.1/8.out "vigil-query --card 8807123 names its holder"
# the runner-ups after the table: a row reached by two ways (seen, or
# past a device unseen) was listed as its own hop's rival (hop 7, the
# gate D-B12 at 21:21:52, "also D-B12@21:21:52 (0.06)")
t_run vigil-track -A run-vigil-track.1/overpass.db --from C017:T1569 --reject C018:T1573 \
    -F table --columns hop,camera,track,first
t_ok $(awk -F'|' '/^\| +[0-9]+ \|/ { h = $2 + 0; c = $3; t = $4; f = $5
	gsub(/ /, "", c); gsub(/ /, "", t); gsub(/ /, "", f)
	ref[h] = t != "" ? c ":" t : c "@" substr(f, 12, 8) }
    /^hop [0-9]+ \(/ { split($0, w, " "); if (index($0, " " ref[w[2]] " (")) bad++ }
    END { exit !(NR > 5 && bad == 0) }' out; echo $?) "no hop is its own runner-up"

t_done
