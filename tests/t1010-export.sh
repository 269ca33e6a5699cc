#!/bin/sh
# t1010-export: vigil-export writes a case's BagIt bundle, the same bytes twice,
# never over another; vigil-verify and the standard tools check it, and every
# kind of tampering is found and named
. "$top_srcdir/tests/lib.sh"

if ! command -v sha512sum >/dev/null; then
	echo "1..0 # SKIP sha512sum is not installed (coreutils)"
	exit 0
fi

MKSEG=$top_builddir/tests/mkseg
D=r/rec/C017/20181120
vigil-import -q -A w.db "$DEMO/site.xml" "$DEMO/roster.csv" \
    "$DEMO/edge.sightings.csv" "$DEMO/north.gate.csv" || exit 1
mkdir -p $D
"$MKSEG" $D/211200.mp4 C017 2018-11-20T13:12:00Z 60 0
"$MKSEG" $D/211300.mp4 C017 2018-11-20T13:13:00Z 60 1000
vigil-index -q -A w.db -r r -F csv >/dev/null 2>&1
t_dump w.db >archive-before.sql
overpass_case
vigil-track -c $C --save -F csv >/dev/null
vigil-case -c $C decide C017:T1569 reject --why 'too dark to tell' >/dev/null
vigil-case -c $C decide C017:T1569 confirm --why 'the man on the stair' >/dev/null
vigil-case -c $C add-item clip C017 --from '2018-11-20 21:12:50' \
    --to '2018-11-20 21:13:10' --remark 'across the minute' >/dev/null
vigil-case -c $C add-item frame C017 --at '2018-11-20 21:13:05' >/dev/null
vigil-case -c $C note 'Witness: tall man, ran down the east stair' >/dev/null

t_run vigil-export -c $C --pad 99999h -o b1
t_rc 2 "an absurd --pad"
t_err "vigil-export: --pad: '99999h' is out of range: give 0 to 1h" "is refused with the range"
t_run vigil-export -c $C -o b1
t_rc 0 "an export"
t_grep "^$C	b1	8 entries	sha256:[0-9a-f]\{64\} tagmanifest-sha256.txt\$" out \
    "names the case, the bundle, what it carries and its digest"
ls b1 >top
printf 'bag-info.txt\nbagit.txt\ndata\nmanifest-sha256.txt\nmanifest-sha512.txt\ntagmanifest-sha256.txt\ntagmanifest-sha512.txt\n' >want
t_same top want "a BagIt bag"
(cd b1/data && find . -type f | sort) >payload
cat >want <<'EOF'
./clips/01-211305-C017.mp4
./clips/item-01-211250-C017.mp4
./custody.tsv
./decisions.csv
./events.csv
./frames/01-211305-C017.png
./frames/contact-sheet.png
./frames/item-02-211305-C017.png
./path.csv
./report.html
./report.xml
./site.xml
EOF
t_same payload want "the clip and frame of the confirmed hop, the items, the report, the data"
t_run cat b1/bagit.txt
t_out "BagIt-Version: 1.0
Tag-File-Character-Encoding: UTF-8" "bagit.txt"
t_grep "^External-Identifier: $C\$" b1/bag-info.txt "bag-info names the case"
t_grep "^Contact-Name: Insp. Wang\$" b1/bag-info.txt "and the officer"
t_grep "^Source-Organization: " b1/bag-info.txt "and the organization"
t_grep "^Bagging-Date: [0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\$" b1/bag-info.txt "and the date"
octets=$(find b1/data -type f -exec cat {} + | wc -c)
t_grep "^Payload-Oxum: $octets.12\$" b1/bag-info.txt "Payload-Oxum counts the payload"
t_run sh -c 'cd b1 && sha256sum -c --quiet manifest-sha256.txt && sha512sum -c --quiet manifest-sha512.txt && sha256sum -c --quiet tagmanifest-sha256.txt'
t_rc 0 "sha256sum -c and sha512sum -c pass inside the bag"
t_run ffprobe -v error -show_entries format_tags=com.vigil.camera,com.vigil.reencoded -of csv=p=0 b1/data/clips/item-01-211250-C017.mp4
t_out "C017,no" "the clip item is cut by stream copy, and says so"
t_run xmllint --noout --nonet --schema "$top_srcdir/share/vigil/report.xsd" b1/data/report.xml
t_rc 0 "xmllint: report.xml is valid against report.xsd"
t_ok $(grep -c '<script\|src="http\|href="http' b1/data/report.html) "report.html loads nothing from outside"
t_grep 'data:image/png;base64,' b1/data/report.html "and carries its frames"
t_grep "^1,C017,camera,T1569," b1/data/path.csv "path.csv has the confirmed hop"
# every decision, the rejected one too, with its reason, officer and time
t_run cut -d, -f1,3- b1/data/decisions.csv
t_out "decision,hop,path_hop,verdict,why,officer,superseded_by
1,C017:T1569,1,reject,too dark to tell,Insp. Wang,2
2,C017:T1569,1,confirm,the man on the stair,Insp. Wang," "decisions.csv holds every decision, in order"
t_grep "^[0-9],20[0-9-]*T[0-9:.]*+08:00,C017" b1/data/decisions.csv "with its time"
t_grep '<decision id="1" verdict="reject">' b1/data/report.xml "report.xml has the rejected decision"
t_grep "<why>too dark to tell</why>" b1/data/report.xml "and its reason"
t_grep "<superseded-by>2</superseded-by>" b1/data/report.xml "and what superseded it"
t_grep "<touched>hop C017:T1569 rejected</touched>" b1/data/report.xml \
    "the custody entries say what happened"
t_grep "too dark to tell" b1/data/report.html "report.html shows the rejected decision's reason"
t_grep "<th>what happened</th>" b1/data/report.html "and what each custody entry did"
t_grep "<td>hop C017:T1569 rejected</td>" b1/data/report.html "a reject is told from a confirm"
# what an officer or a court reads in it: the frame an officer added
# shown, a clip's span, why a hop has no frame, tables that scroll on a
# phone rather than the page
t_ok $(grep -q '<figure id="item-2"><img src="data:image/png;base64,' b1/data/report.html; echo $?) \
    "the frame item 2 is shown, not only listed"
t_grep '<td class="mono">C017@2018-11-20T21:12:50+08:00/2018-11-20T21:13:10+08:00</td>' b1/data/report.html \
    "a clip item's span, from and to"
t_grep '<ref>C017@2018-11-20T21:12:50+08:00/2018-11-20T21:13:10+08:00</ref>' b1/data/report.xml \
    "in report.xml too"
t_grep 'no frame: a gate records no footage' b1/data/report.html "a gate hop: why no frame"
t_grep "no frame: only a confirmed hop's footage is exported" b1/data/report.html "a proposed hop: why no frame"
t_grep 'table{display:block;overflow-x:auto}' b1/data/report.html "a narrow screen scrolls a table, not the page"
# the plan's labels overlap no other (boxes at 0.6 em a character), and
# are drawn over the path, not under it
awk '
# the labels of the plan that overlap one another, as "A|B", by their boxes
# at 0.6 em a character (11 px for devices, 12 for places)
match($0, /^<text x="[0-9.]+" y="[0-9.]+" class="[a-z ]+"( text-anchor="end")?>[^<]*<\/text>$/) {
	s = $0
	split(s, q, "\"")
	x = q[2] + 0; y = q[4] + 0; c = q[6]
	f = c == "pl" ? 12 : 11
	t = s; sub(/^.*">/, "", t); sub(/<\/text>$/, "", t)
	w = length(t) * 0.6 * f
	l = s ~ /text-anchor="end"/ ? x - w : x
	n++; L[n] = l; R[n] = l + w; T[n] = y - 0.8 * f; B[n] = y; N[n] = t
}
END {
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (L[i] < R[j] && L[j] < R[i] && T[i] < B[j] && T[j] < B[i])
				print N[i] "|" N[j]
}
' b1/data/report.html >overlap
t_same overlap /dev/null "the plan's labels overlap none of the others"
t_ok $([ "$(grep -n 'class="dev hot"' b1/data/report.html | head -1 | cut -d: -f1)" -gt \
    "$(grep -n 'class="path"' b1/data/report.html | tail -1 | cut -d: -f1)" ]; echo $?) \
    "the path's devices labelled over the path"

t_run vigil-verify b1
t_rc 0 "vigil-verify: the bundle holds"
t_grep "^b1: [0-9]* checks, 0 failures\$" out "with a summary"
t_run vigil-export -c $C -o b2
t_rc 0 "the same case exported again"
t_run diff -r b1 b2
t_rc 0 "gives the same bytes (the same day)"
t_run vigil-export -c $C -o b1
t_rc 1 "an existing bundle"
t_err "vigil-export: 'b1' exists: a bundle is never overwritten" "is never overwritten"
t_ok $(ls -a | grep -c '^\.vigil-export'; true) "and no staging folder is left"

t_run vigil-export --progress -q -c $C -o b5
t_rc 0 "--progress"
t_grep "^progress: cutting clips/01-211305-C017.mp4\$" err "says which clip it cuts"
t_grep "^progress: hashing the bag\$" err "and when it hashes the bag"
t_ok $([ ! -s out ]; echo $?) "-q: nothing on standard output"

# killed: SIGTERM and SIGHUP remove the staging folder; one killed outright
# is swept by the next export; a tar is never put in place before its
# custody entry is committed, nor without its .sha256.  strace's fault
# injection holds the export at a chosen system call while it is killed.
if strace -o /dev/null true 2>/dev/null && command -v pgrep >/dev/null; then
	held() {	# held PATTERN: wait until a name in . matches
		i=0
		while ! ls -a | grep -q "$1" && [ $i -lt 400 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		sleep 0.3
	}
	# a signal ignored when a program starts (nohup, some CI runners)
	# stays ignored, as vigil-export leaves it: reset it to its default
	# for this test, so that it tests what a signal does
	for sig in TERM HUP; do
		strace -f -o /dev/null -e trace=fsync,fdatasync \
		    -e inject=fsync,fdatasync:delay_enter=500000 \
		    env --default-signal=$sig vigil-export -q -c $C -o b-$sig \
		    2>/dev/null &
		spid=$!
		held '^\.vigil-export\.'
		kill -$sig $(t_tools $spid) 2>/dev/null
		wait $spid 2>/dev/null
		t_ok $([ ! -e b-$sig ] && ! ls -a | grep -q '^\.vigil-export'; echo $?) \
		    "SIG$sig during an export leaves no bundle and no staging folder"
	done
	strace -f -o /dev/null -P b7.tar -P b7.tar.sha256 -e trace=link,linkat,rename,renameat2 \
	    -e inject=link,linkat,rename,renameat2:delay_enter=3000000 \
	    vigil-export -q -c $C --tar -o b7 2>/dev/null &
	spid=$!
	held '^b7\.tar'
	kill -9 $(t_tools $spid) 2>/dev/null
	wait $spid 2>/dev/null
	t_ok $(ls -a | grep -q '^\.vigil-export'; echo $?) "kill -9 during a --tar export leaves its staging folder"
	t_ok $([ ! -e b7.tar ] || [ -e b7.tar.sha256 ]; echo $?) \
	    "a tar is never put in place without its .sha256"
	t_ok $([ "$(sqlite3 cases/$C/case.db 'SELECT touched FROM custody ORDER BY seq DESC LIMIT 1')" = \
	    "bundle b7.tar, custody entries 1 to 8" ]; echo $?) \
	    "and only once its custody entry is committed"
	t_run vigil-export -c $C -o b8
	t_rc 0 "the next export beside it"
	t_err "vigil-export: removed 1 staging folder in '.' left by exports that were killed" \
	    "sweeps the staging folder the killed one left"
	t_ok $(ls -a | grep -c '^\.vigil-export'; true) "and leaves none of its own"
	rm -rf b7.tar.sha256 b8
else
	for i in 1 2 3 4 5 6 7 8; do
		echo "ok # SKIP strace cannot trace here"
		t_n=$((t_n + 1))
	done
fi

# signed, and as one tar
t_run vigil-export --keygen unit7
t_rc 0 "a key pair"
t_ok $([ "$(stat -c %a unit7.key)" = 600 ]; echo $?) "the private key is 0600"
vigil-export --keygen other >/dev/null
# -o b3.tar names the tar itself, as -o b3 does (not b3.tar.tar)
t_run vigil-export -c $C --sign unit7.key --tar -o b3.tar
t_rc 0 "a signed export as a tar"
t_ok $([ -f b3.tar ] && [ -f b3.tar.sha256 ] && [ ! -e b3.tar.tar ]; echo $?) \
    "-o b3.tar: b3.tar and b3.tar.sha256"
t_run sha256sum -c b3.tar.sha256
t_rc 0 "sha256sum -c checks the tar"
t_run vigil-verify --key unit7.pub b3.tar
t_rc 0 "vigil-verify checks the tar and its signature"
t_run vigil-verify --key other.pub b3.tar
t_rc 1 "the wrong key"
t_grep "^FAIL tagmanifest-sha256.txt.sig: " out "fails the signature"

# tampering, each found and named
tamper() {	# tamper NAME: a fresh copy of the bundle in NAME
	rm -rf "$1"
	cp -rp b1 "$1"
}
tamper t1
printf '\001' | dd of=t1/data/clips/01-211305-C017.mp4 bs=1 seek=1000 conv=notrunc 2>/dev/null
t_run vigil-verify t1
t_rc 1 "a flipped byte in a clip"
t_grep "^FAIL data/clips/01-211305-C017.mp4: sha256 does not match manifest-sha256.txt" out "is named"
tamper t2
rm t2/data/frames/contact-sheet.png
t_run vigil-verify t2
t_rc 1 "a file deleted"
t_grep "^FAIL manifest-sha256.txt line [0-9]*: data/frames/contact-sheet.png: no such file" out "is named"
tamper t3
echo extra >t3/data/extra.txt
t_run vigil-verify t3
t_rc 1 "a file added"
t_grep "^FAIL data/extra.txt: not in manifest-sha256.txt" out "is named"
tamper t4
sed -i '1s/^./0/' t4/manifest-sha256.txt
t_run vigil-verify t4
t_rc 1 "a manifest line edited"
t_grep "^FAIL manifest-sha256.txt: sha256 does not match tagmanifest-sha256.txt line [0-9]*\$" out \
    "is named by the tag manifest"
tamper t5
sed -i 's/^Payload-Oxum: \([0-9]*\)\./Payload-Oxum: 1\1./' t5/bag-info.txt
t_run vigil-verify t5
t_rc 1 "Payload-Oxum edited"
t_grep "^FAIL bag-info.txt line [0-9]*: Payload-Oxum" out "is named"
tamper t6
sed -i '3s/Insp. Wang/Insp. Li/' t6/data/custody.tsv
t_run vigil-verify t6
t_rc 1 "a custody entry edited"
t_grep "^FAIL data/custody.tsv line 3: entry 2: hash does not match its fields (edited?)" out "is named"
tamper t7
sed -i '4d' t7/data/custody.tsv
t_run vigil-verify t7
t_grep "^FAIL data/custody.tsv line 4: entry 4 follows entry 2 (one deleted?)" out "a custody entry deleted is named"
tamper t8
awk 'NR == 3 { held = $0; next } NR == 4 { print; print held; next } { print }' \
    b1/data/custody.tsv >t8/data/custody.tsv
t_run vigil-verify t8
t_grep "^FAIL data/custody.tsv line 3: " out "custody entries reordered are named"

# hostile text: refused where a case would keep it, carried where it is kept
T=TXT-1
vigil-case -A w.db new $T --title 'Text' >/dev/null
t_run vigil-case -c $T note "$(printf 'bell\001here')"
t_rc 1 "a note with a control character"
t_err "vigil-case: note: control character U+0001 at byte 5: a case keeps only text (and tabs and newlines in notes, reasons and remarks)" \
    "is refused, with the reason"
t_run vigil-case -A w.db new T-2 --title "$(printf 'two\nlines')"
t_rc 1 "a title of two lines"
t_err "vigil-case: title: a newline at byte 4: it is one line" "is refused"
t_ok $([ ! -e cases/T-2 ]; echo $?) "and no case is made"
t_run vigil-case --officer ' 	' -c $T note 'x'
t_rc 1 "a blank officer"
t_err "vigil-case: officer: ' \x09' is blank: a case is only touched by a named officer" "is refused"
t_run vigil-case --officer '' -c $T note 'x'
t_rc 1 "an officer given empty (--officer \"\$UNSET\"), VIGIL_OFFICER set"
t_err "vigil-case: officer: '' is blank: a case is only touched by a named officer" \
    "is refused, not taken from VIGIL_OFFICER"
t_run vigil-case --officer "$(printf 'Wang\033[2J')" -c $T note 'x'
t_rc 1 "an officer with an escape sequence"
t_run vigil-case -c $T decide C017:T1569 reject --why "$(printf 'red\033[31m')"
t_rc 1 "a reason with an escape sequence"
t_err "vigil-case: reason: control character U+001B at byte 4: a case keeps only text (and tabs and newlines in notes, reasons and remarks)" \
    "is refused"
t_run vigil-export -c $T -o bt0 --officer "$(printf 'Li\001')"
t_rc 1 "vigil-export with an officer it could not carry"
t_ok $([ ! -e bt0 ]; echo $?) "writes nothing"
t_run vigil-case -c $T note "$(printf 'line one\n\tline two')"
t_rc 0 "a note of two lines"
t_out "note 1" "is kept"
# a case that took such text before the rule: it still exports
sqlite3 cases/$T/case.db "UPDATE case_info SET title = 'bad' || char(1) || char(10) || 'title';
INSERT INTO note (at, officer, text) VALUES (1542719585000000, 'Insp.' || char(7), 'bell' || char(1) || ' ' || char(27) || '[31m red' || CAST(x'ff' AS TEXT) || '.');"
t_run vigil-export -c $T -o bt
t_rc 0 "a case holding control characters still exports"
t_run xmllint --noout --nonet --schema "$top_srcdir/share/vigil/report.xsd" bt/data/report.xml
t_rc 0 "its report.xml is valid"
t_grep "<text>bell␁ ␛\[31m red�.</text>" bt/data/report.xml \
    "control characters are carried as their control pictures, a stray byte as U+FFFD"
t_grep "<officer>Insp.␇</officer>" bt/data/report.xml "in every field"
t_grep "<title>bad␁" bt/data/report.xml "the title too"
t_ok $(LC_ALL=C grep -c "$(printf '[\001\007\033]')" bt/data/report.xml bt/data/report.html bt/bag-info.txt | grep -vc ':0$'; true) \
    "no control character reaches report.xml, report.html or bag-info.txt"
t_grep "<text>line one\$" bt/data/report.xml "a note's lines are kept"
t_grep "bell␁ ␛\[31m red" bt/data/report.html "report.html carries them too"
t_run sed -n '/^External-Description:/,/^[^ ]/p' bt/bag-info.txt
t_grep "^External-Description: bad␁\$" out "bag-info.txt carries the title"
t_grep "^  title\$" out "folding its second line (RFC 8493)"
t_run vigil-verify bt
t_rc 0 "vigil-verify: the bundle holds"
BAGIT=${VIGIL_BAGIT:-$top_srcdir/../shared/tools/bagit-python}
if [ -d "$BAGIT" ] && command -v python3 >/dev/null; then
	t_run env PYTHONPATH="$BAGIT" python3 -m bagit --validate bt
	t_rc 0 "bagit-python validates it"
fi

# read from an archive that no longer holds the day (its span dropped):
# each hop it cannot find is named, and the export fails (a copy of the
# file: a server's database is not copied by cp)
if t_file; then
	cp w.db gone.db
	vigil-import -q -A gone.db -D 2018-11-20
	t_run vigil-export -c $C -A gone.db -o bg
	t_rc 1 "an export from an archive whose span was dropped"
	t_grep "^vigil-export: $C: hop 1: C017:T1569 is not in the archive 'gone.db': events.csv has no row for it\$" err \
	    "names each hop it does not hold"
	t_grep "^Vigil-Archive: $PWD/gone.db\$" bg/bag-info.txt \
	    "bag-info.txt names the archive read, not the case's"
	t_run vigil-case -c $C log -F tsv
	t_grep "	bundle bg, custody entries 1 to [0-9]*, read from archive $PWD/gone.db, some evidence missing	" out \
	    "and the custody log says which archive was read and that evidence is missing"
fi

# a case altered to name a file outside the bag
sqlite3 cases/$C/case.db "INSERT INTO item (kind, device, t0, added, officer) VALUES ('frame', '../../x', 1542719585000000, 0, 'x')"
t_run vigil-export -c $C -o b4
t_rc 1 "an item whose device would name a file outside the bag"
t_err "vigil-export: $C: item 3: '../../x' cannot name a file in the bag: nothing exported" "is refused"
t_ok $([ ! -e b4 ] && [ ! -e x ] && [ ! -e ../x ]; echo $?) "and nothing is written"

# the case itself
t_run vigil-verify --case $C
t_rc 0 "the case's custody log holds"

# a bundle held against its case, and against another
t_run vigil-verify -c $C b1
t_rc 0 "vigil-verify -c CASE BUNDLE: a bundle of the case"
tm=$(sha256sum b1/tagmanifest-sha256.txt | cut -c1-64)
seq=$(sqlite3 cases/$C/case.db "SELECT seq FROM custody WHERE digests = 'sha256:$tm tagmanifest-sha256.txt' ORDER BY seq LIMIT 1")
t_grep "^ok   bag-info.txt: External-Identifier $C is the case's number\$" out "its number is the case's"
t_grep "^ok   data/custody.tsv: entries 1 to 8 are the case's\$" out "so are the custody entries it carries"
t_grep "^ok   sha256 $tm of tagmanifest-sha256.txt is the one custody entry $seq recorded\$" out \
    "and its digest is the one its export recorded"
t_run vigil-verify -c $T b1
t_rc 1 "a bundle of another case"
t_grep "^FAIL bag-info.txt: External-Identifier $C, not the case's number $T\$" out "its number is named"
t_grep "^FAIL data/custody.tsv: entry 1 is not the case's: its hash [0-9a-f]\{64\}, the case's [0-9a-f]\{64\}\$" out \
    "and its first entry that is not the case's"
cp -rp b1 bd
sed -i 's/^Bagging-Date: .*/Bagging-Date: 2000-01-01/' bd/bag-info.txt
for a in 256 512; do
	(cd bd && sha${a}sum bag-info.txt bagit.txt manifest-sha256.txt \
	    manifest-sha512.txt >tagmanifest-sha$a.txt)
done
tm=$(sha256sum bd/tagmanifest-sha256.txt | cut -c1-64)
t_run vigil-verify -c $C bd
t_rc 1 "a bag of the case remade (its tag manifests too)"
t_grep "^FAIL sha256 $tm of tagmanifest-sha256.txt is not one the case's log recorded for an export of entries 1 to 8\$" out \
    "is not the one its export recorded"
t_ok $([ "$(grep -c '^FAIL' out)" -eq 1 ]; echo $?) "and that is its only failure"
# a bag remade with its custody.tsv cut by sed's $2 (its manifests, Oxum,
# tag manifests made again) as $1, held against the case
remade() {
	cp -rp b1 $1 && sed -i "$2" $1/data/custody.tsv || exit 1
	(cd $1 && for a in 256 512; do
		sed -i "s|^[0-9a-f]*  data/custody.tsv\$|$(sha${a}sum data/custody.tsv)|" manifest-sha$a.txt
	done
	sed -i "s|^Payload-Oxum: .*|Payload-Oxum: $(find data -type f -printf '%s\n' |
	    awk '{ s += $1 } END { print s }').$(find data -type f | wc -l)|" bag-info.txt
	for a in 256 512; do
		sha${a}sum bag-info.txt bagit.txt manifest-sha256.txt \
		    manifest-sha512.txt >tagmanifest-sha$a.txt
	done)
	t_run vigil-verify -c $C $1
}
remade be '2,$d'
t_rc 1 "a bag of the case remade with no custody entries"
t_grep "^FAIL data/custody.tsv: no custody entries, where an export carries the case's from its entry 1: nothing to hold against the case's log\$" out \
    "says so, not 'entries 1 to 0 are the case's'"
t_ok $([ "$(grep -c '^FAIL' out)" -eq 1 ]; echo $?) "and that is its only failure"
remade bf '2,3d'
t_rc 1 "a bag of the case remade with its first two custody entries left out"
t_grep "^ok   data/custody.tsv: its 6 entries, 3 to 8 with some left out, are the case's\$" out \
    "says which it carries, not 'entries 1 to 8'"
chmod 644 cases/$C/case.db
t_run vigil-verify --case $C
t_rc 1 "a case database others can read"
t_grep "case.db: mode 0644, wider than 0600\$" out "is named"
chmod 600 cases/$C/case.db

t_dump w.db >archive-after.sql
t_same archive-after.sql archive-before.sql "the archive was never changed"
t_done
