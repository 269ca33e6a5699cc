#!/bin/sh
# t1020-verify: vigil-verify checks bags, their tar archives and custody logs,
# and names every tamper exactly; sha256sum, sha512sum, openssl and tar check
# the same bags from the outside
. "$top_srcdir/tests/lib.sh"

MKBAG=$top_builddir/tests/mkbag
TMPDIR=$PWD/tmp; export TMPDIR
mkdir tmp

# mkbag DIR: a signed bag laid out as vigil-export writes one
mkbag() {
	rm -rf "$1"
	mkdir -p "$1/data/clips" "$1/data/frames"
	printf 'clip one\n' >"$1/data/clips/01.mp4"
	awk 'BEGIN { for (i = 0; i < 50000; i++) printf "%d\n", i }' \
	    >"$1/data/clips/02.mp4"
	printf 'not really a png\n' >"$1/data/frames/01.png"
	printf 'hop,camera\n1,C017\n2,C018\n' >"$1/data/path.csv"
	"$MKBAG" custody "$1/data/custody.tsv" 6
	"$MKBAG" write "$1" "Source-Organization: North Precinct" \
	    "External-Identifier: 2018-1120-017" "Bagging-Date: 2018-11-21"
	"$MKBAG" sign "$1" k.key
}
# the octets and files of a bag's payload, as Payload-Oxum gives them
oxum() {
	find "$1/data" -type f -exec cat {} + | wc -c | tr -d ' \n'
	printf '.%s' "$(find "$1/data" -type f | wc -l | tr -d ' ')"
}
# edit FILE LINE: change the first character of a line
edit() {
	awk -v n="$2" 'NR == n { c = substr($0, 1, 1) == "0" ? "1" : "0"
	    $0 = c substr($0, 2) } { print }' "$1" >edited && cat edited >"$1"
}
# flip FILE BYTE: change one byte in place
flip() {
	printf 'Z' | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

"$MKBAG" keygen k
"$MKBAG" keygen w
mkbag b

t_run vigil-verify b
t_rc 0 "a bag verifies"
t_grep '^ok   bagit.txt: BagIt 1.0$' out "bagit.txt is checked"
t_grep '^ok   data/clips/02.mp4: sha256, sha512 match$' out "every payload file, in both manifests"
t_grep "^ok   bag-info.txt line 4: Payload-Oxum $(oxum b) matches the payload\$" out "Payload-Oxum"
t_grep '^ok   manifest-sha512.txt: sha256, sha512 match$' out "every tag file"
t_grep '^ok   data/custody.tsv: 6 entries, every hash and link holds; last [0-9a-f]\{64\}$' out "the custody log inside"
t_grep '^ok   tagmanifest-sha256.txt.sig: signature present, not checked (no --key)$' out "a signature is seen"
t_grep '^b: 17 checks, 0 failures$' out "a summary"
t_ok $(! grep -v '^ok   ' out | grep -qv '^b: '; echo $?) "one line a check"

t_run vigil-verify -p k.pub b
t_rc 0 "with its key"
t_grep "^ok   tagmanifest-sha256.txt.sig: Ed25519 signature of tagmanifest-sha256.txt verifies with 'k.pub'\$" out "the signature verifies"
t_run vigil-verify -q --key k.pub b
t_out "b: 17 checks, 0 failures" "-q: only the summary"

# from the outside
(cd b && sha256sum --quiet -c manifest-sha256.txt) >out 2>&1
t_ok $? "sha256sum -c manifest-sha256.txt passes inside the bag"
(cd b && sha512sum --quiet -c manifest-sha512.txt) >out 2>&1
t_ok $? "sha512sum -c manifest-sha512.txt passes"
(cd b && sha256sum --quiet -c tagmanifest-sha256.txt &&
    sha512sum --quiet -c tagmanifest-sha512.txt) >out 2>&1
t_ok $? "so do the tag manifests"
if openssl version >/dev/null 2>&1; then
	openssl base64 -d -in b/tagmanifest-sha256.txt.sig -out sig.bin &&
	openssl pkeyutl -verify -pubin -inkey k.pub -rawin \
	    -in b/tagmanifest-sha256.txt -sigfile sig.bin >out 2>&1
	t_ok $? "openssl verifies the signature"
fi

# tampering, each named
mkbag b
flip b/data/clips/02.mp4 1000
t_run vigil-verify b
t_rc 1 "a flipped byte in a clip"
t_grep '^FAIL data/clips/02.mp4: sha256 does not match manifest-sha256.txt line 2$' out "is named, in the sha256 manifest"
t_grep '^FAIL data/clips/02.mp4: sha512 does not match manifest-sha512.txt line 2$' out "and the sha512 one"
t_grep '^b: 18 checks, 2 failures$' out "two failures"
(cd b && sha256sum --quiet -c manifest-sha256.txt) >out 2>&1
t_ok $([ $? -ne 0 ]; echo $?) "sha256sum -c sees it too"

mkbag b
want=$(oxum b)
rm b/data/frames/01.png
t_run vigil-verify b
t_rc 1 "a file deleted"
t_grep '^FAIL manifest-sha256.txt line 4: data/frames/01.png: no such file$' out "is named"
t_grep "^FAIL bag-info.txt line 4: Payload-Oxum $want, but the payload is $(oxum b)\$" out "and the payload is short"

mkbag b
echo planted >b/data/frames/02.png
t_run vigil-verify b
t_rc 1 "a file added"
t_grep '^FAIL data/frames/02.png: not in manifest-sha256.txt$' out "is named"
t_grep '^FAIL data/frames/02.png: not in manifest-sha512.txt$' out "in both manifests"

mkbag b
edit b/manifest-sha256.txt 3
t_run vigil-verify b
t_rc 1 "a manifest line edited"
t_grep '^FAIL data/custody.tsv: sha256 does not match manifest-sha256.txt line 3$' out "names the file"
t_grep '^FAIL manifest-sha256.txt: sha256 does not match tagmanifest-sha256.txt line 3$' out "and the tag manifest sees it"

mkbag b
sed 's/^Payload-Oxum: .*/Payload-Oxum: 1.6/' b/bag-info.txt >m && cat m >b/bag-info.txt
t_run vigil-verify b
t_rc 1 "Payload-Oxum edited"
t_grep "^FAIL bag-info.txt line 4: Payload-Oxum 1.6, but the payload is $(oxum b)\$" out "is named"

mkbag b
printf 'BagIt-Version: 2.0\nTag-File-Character-Encoding: UTF-8\n' >b/bagit.txt
t_run vigil-verify b
t_rc 1 "bagit.txt edited"
t_grep '^FAIL bagit.txt line 1: BagIt-Version 2.0 is not 1.0 or 0.97$' out "is named"

mkbag b
sed '3s/Officer Li/Officer Lu/' b/data/custody.tsv >m && cat m >b/data/custody.tsv
t_run vigil-verify b
t_rc 1 "a custody entry edited"
t_grep '^FAIL data/custody.tsv line 3: entry 2: hash does not match its fields (edited?)$' out "is named"
mkbag b
sed '4d' b/data/custody.tsv >m && cat m >b/data/custody.tsv
t_run vigil-verify b
t_rc 1 "a custody entry deleted"
t_grep '^FAIL data/custody.tsv line 4: entry 4 follows entry 2 (one deleted?)$' out "is named"
mkbag b
awk 'NR == 5 { keep = $0; next } { print } NR == 6 { print keep }' \
    b/data/custody.tsv >m && cat m >b/data/custody.tsv
t_run vigil-verify b
t_rc 1 "custody entries reordered"
t_grep '^FAIL data/custody.tsv line 5: entry 5 follows entry 3 (reordered? entry 4 is on line 6)$' out "are named"

mkbag b
t_run vigil-verify -p w.pub b
t_rc 1 "the wrong key"
t_grep "^FAIL tagmanifest-sha256.txt.sig: does not verify with 'w.pub' (another key, or the tag manifest changed)\$" out "is named"
t_grep '^b: 17 checks, 1 failure$' out "and only it"
t_run vigil-verify -q -p w.pub b
t_out "FAIL tagmanifest-sha256.txt.sig: does not verify with 'w.pub' (another key, or the tag manifest changed)
b: 17 checks, 1 failure" "-q still prints failures"
edit b/tagmanifest-sha256.txt.sig 1
t_run vigil-verify -p k.pub b
t_rc 1 "a signature altered"
t_grep "^FAIL tagmanifest-sha256.txt.sig: does not verify with 'k.pub'" out "is named"
rm b/tagmanifest-sha256.txt.sig
t_run vigil-verify -p k.pub b
t_rc 1 "a signature removed, with a key given"
t_grep '^FAIL tagmanifest-sha256.txt.sig: no such file: the bag is not signed$' out "is named"

mkbag b
printf '%064d  ../../etc/passwd\n' 0 >>b/manifest-sha256.txt
t_run vigil-verify b
t_rc 1 "a manifest line naming ../../etc/passwd"
t_grep '^FAIL manifest-sha256.txt line 6: ../../etc/passwd: outside data/ (not opened)$' out "is refused unopened"

mkbag b
printf '<notareport/>\n' >b/data/report.xml
"$MKBAG" write b "Bagging-Date: 2018-11-21"
t_run vigil-verify b
t_rc 1 "a report.xml that is not valid"
t_grep '^FAIL data/report.xml[:,] ' out "is named"

# a tar archive of a bag
mkbag b
"$MKBAG" tar b b.tar 1542718800
t_run vigil-verify b.tar
t_rc 0 "a tar archive verifies"
t_grep '^ok   b.tar: sha256 matches b.tar.sha256$' out "its .sha256 is checked"
t_grep '^ok   data/clips/01.mp4: sha256, sha512 match$' out "and the bag inside"
t_grep '^b.tar: 18 checks, 0 failures$' out "a summary"
t_ok $(ls tmp | wc -l) "the bag extracted is removed"
sha256sum --quiet -c b.tar.sha256 >out 2>&1
t_ok $? "sha256sum -c b.tar.sha256 passes"
tar tvf b.tar >out 2>&1
t_grep '^-rw------- 0/0 *9 2018-11-20 13:00 b/data/clips/01.mp4$' out "tar lists it: 0/0, mode 0600, the time given"
mkdir x && tar -C x -xf b.tar && t_run vigil-verify -p k.pub x/b
t_rc 0 "tar extracts a bag that verifies"
cp b.tar c.tar
"$MKBAG" tar b c.tar 1542718800 force
t_ok $(cmp -s b.tar c.tar; echo $?) "the same bag gives the same bytes"

off=$(grep -abo 'clip one' b.tar | cut -d: -f1)
flip b.tar $((off + 2))
t_run vigil-verify b.tar
t_rc 1 "a flipped byte in the archive"
t_grep '^FAIL b.tar: sha256 does not match b.tar.sha256$' out "is named by its .sha256"
t_grep '^FAIL data/clips/01.mp4: sha256 does not match manifest-sha256.txt line 1$' out "and in the bag"
"$MKBAG" tar b b.tar 1542718800 force
size=$(wc -c <b.tar)
flip b.tar $((size - 10))
t_run vigil-verify b.tar
t_rc 1 "a flipped byte in the archive's padding"
t_grep '^FAIL b.tar: sha256 does not match b.tar.sha256$' out "is named by its .sha256"
"$MKBAG" tar b b.tar 1542718800 force
rm b.tar.sha256
t_run vigil-verify b.tar
t_rc 0 "an archive without its .sha256"
t_grep '^ok   b.tar: no .sha256 beside it: the archive as a whole is not checked$' out "says so"
size=$(wc -c <b.tar)
echo garbage >>b.tar
t_run vigil-verify b.tar
t_rc 1 "an archive with junk after its end, without its .sha256"
t_grep "^FAIL 'b.tar': data after the end of the archive, at byte $size\$" out "is refused, the junk's place named"

mkdir -p e/b/data && ln -s /etc/passwd e/b/data/passwd
tar --format=ustar -C e -cf link.tar b
t_run vigil-verify link.tar
t_rc 1 "an archive holding a symbolic link"
t_grep "^FAIL 'link.tar': 'b/data/passwd': a link: not extracted\$" out "is refused"
tar --format=ustar -cPf dots.tar b/../b/bagit.txt
t_run vigil-verify dots.tar
t_rc 1 "an archive with '..' in a name"
t_grep "^FAIL 'dots.tar': 'b/../b/bagit.txt': a name with '..': not extracted\$" out "is refused"
t_ok $(ls tmp | wc -l) "nothing is left behind"

# crafted bags: no crash, every problem named
mkbag b
rm b/manifest-sha256.txt b/manifest-sha512.txt
t_run vigil-verify b
t_rc 1 "a bag with payload files and no payload manifest"
t_grep '^FAIL no payload manifest (manifest-sha256.txt or another)$' out "says so"
t_grep '^FAIL data/clips/01.mp4: in no payload manifest that could be read$' out "and names each file nothing vouches for"
mkbag b
rm b/manifest-sha512.txt && mv b/manifest-sha256.txt m && mkdir b/manifest-sha256.txt
t_run vigil-verify b
t_rc 1 "a payload manifest that is a folder"
t_grep '^FAIL data/clips/01.mp4: in no payload manifest that could be read$' out "names each file"
mkbag b
{ printf '%064d  data/' 0; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "a" }'
    printf '\n'; } >>b/manifest-sha256.txt
t_run vigil-verify b
t_rc 1 "a manifest line of 100 kB"
t_grep "^FAIL manifest-sha256.txt line 6: data/aaaaaaaaaaaaa*\.\.\.: no such file\$" out "is named, its path cut"
t_ok $([ "$(wc -L <out)" -lt 400 ]; echo $?) "no line of the report is longer than 400 bytes"
mkbag b
sed 's/$/\r/' b/manifest-sha256.txt >m && cat m >b/manifest-sha256.txt
t_run vigil-verify b
t_rc 1 "a manifest with CRLF line ends"
t_grep '^ok   data/clips/01.mp4: sha256, sha512 match$' out "is read line by line"
t_grep '^FAIL manifest-sha256.txt: sha256 does not match tagmanifest-sha256.txt line 3$' out "and seen as changed"
mkbag b
sed -n 2p b/manifest-sha256.txt >>b/manifest-sha256.txt
t_run vigil-verify b
t_rc 1 "a manifest line twice"
t_grep '^FAIL manifest-sha256.txt line 6: data/clips/02.mp4: listed again (first on line 2)$' out "is named"
mkbag b
printf '%064d  /etc/passwd\n' 0 >>b/manifest-sha256.txt
t_run vigil-verify b
t_rc 1 "an absolute path in a manifest"
t_grep '^FAIL manifest-sha256.txt line 6: /etc/passwd: an absolute path (not opened)$' out "is refused unopened"
mkbag b
awk 'BEGIN { printf "BagIt-Version: "; for (i = 0; i < 5000; i++) printf "9"
    printf "\nTag-File-Character-Encoding: UTF-8\n" }' >b/bagit.txt
t_run vigil-verify b
t_rc 1 "a BagIt-Version of 5000 digits"
t_grep '^FAIL bagit.txt line 1: BagIt-Version 9999999999*\.\.\. is not 1.0 or 0.97$' out "is named, cut"

# crafted archives: bounded, refused clearly, nothing left behind
mkbag b
"$MKBAG" tar b b.tar 1542718800 force
head -c 2048 b.tar >short.tar
t_run vigil-verify short.tar
t_rc 1 "an archive cut short"
t_grep "^FAIL 'short.tar': 'b/bagit.txt' claims 54 bytes, more than the archive holds\$" out "is refused before extracting"
d=b; i=0
while [ $i -lt 33 ]; do d=$d/d; i=$((i + 1)); done
mkdir -p "e/$d" && echo x >"e/$d/f"
tar --format=ustar -C e -cf deep.tar "$d/f"
t_run vigil-verify deep.tar
t_rc 1 "an archive 35 folders deep"
t_grep "^FAIL 'deep.tar': 'b/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/f': more than 32 folders deep: not extracted\$" out "is refused"
t_ok $(ls tmp | wc -l) "nothing is left behind"

# killed while a bag extracted from an archive is checked: nothing left
mkdir -p many/data
i=0
while [ $i -lt 3000 ]; do echo $i >many/data/$i.txt; i=$((i + 1)); done
"$MKBAG" write many "Bagging-Date: 2018-11-21"
"$MKBAG" tar many many.tar 1542718800
for sig in TERM HUP PIPE KILL; do
	rm -f fifo && mkfifo fifo
	exec 3<>fifo		# a reader that reads nothing: the report blocks
	# a signal ignored when the runner started (nohup, some CI) stays
	# ignored in vigil-verify: reset them, so that this tests what one does
	env --default-signal=TERM,HUP,PIPE vigil-verify many.tar >fifo 2>err &
	pid=$!
	i=0
	while [ $i -lt 100 ] && [ "$(find tmp -name 2999.txt | wc -l)" -eq 0 ]; do
		sleep 0.1; i=$((i + 1))
	done
	t_ok $([ "$(ls tmp | wc -l)" -eq 1 ]; echo $?) "SIG$sig: the bag is being checked"
	kill -$sig $pid
	wait $pid
	exec 3<&-
	i=0
	while [ $i -lt 100 ] && [ "$(ls tmp | wc -l)" -ne 0 ]; do
		sleep 0.1; i=$((i + 1))
	done
	t_ok $(ls tmp | wc -l) "SIG$sig: killed, its extracted bag is removed"
done

# a case's custody log
mkdir case
"$MKBAG" custody case/custody.tsv 9
t_run vigil-verify --case ./case
t_rc 0 "a case's custody log"
t_grep '^ok   ./case/custody.tsv: 9 entries, every hash and link holds; last [0-9a-f]\{64\}$' out "is walked"
t_grep '^./case: 1 check, 0 failures$' out "a summary"
sed '8s/vigil-case/vigil-cas3/' case/custody.tsv >m && cat m >case/custody.tsv
t_run vigil-verify -c ./case
t_rc 1 "an entry edited"
t_grep '^FAIL ./case/custody.tsv line 8: entry 7: hash does not match its fields (edited?)$' out "is named"
t_run vigil-verify -c ./nocase
t_rc 1 "a case that is not there"
t_grep "^FAIL './nocase': not a case (no such folder; vigil case list names the cases)\$" out "is named"
mkdir empty
t_run vigil-verify -c ./empty
t_grep "^FAIL './empty': not a case (no case.db, nor a custody.tsv)\$" out "a folder with neither a case.db nor a custody.tsv"

t_run vigil-verify nosuch
t_rc 1 "a bundle that is not there"
t_out "FAIL cannot read 'nosuch': No such file or directory
nosuch: 1 check, 1 failure" "is named"
# a folder that is no bag (no bagit.txt, no data/) is said to be one and
# not walked: the symbolic link below it is never reached
mkdir -p notabag/deep && ln -s /nowhere notabag/deep/link
t_run vigil-verify notabag
t_rc 1 "a folder that is not a bag"
t_out "FAIL not a bag: no bagit.txt and no data/
notabag: 1 check, 1 failure" "is said to be none, and nothing below it checked"
t_run vigil-verify
t_rc 2 "no bundle"
t_run vigil-verify -p k.pub
t_rc 2 "a key and no bundle"
t_run vigil-verify -k k.pub b
t_rc 0 "-k, the old letter of --key, still checks the signature"
t_grep "^vigil-verify: warning: -k is an old spelling: say -p (--key), as every vigil tool does\$" err \
    "with a warning"
t_done
