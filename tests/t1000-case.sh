#!/bin/sh
# t1000-case: vigil-case keeps a private case with an append-only custody log;
# vigil-track, vigil-query and vigil-clip work for it and log what they did;
# the archive is never changed
. "$top_srcdir/tests/lib.sh"

vigil-simulate -q --seed 1 -o w || exit 1
vigil-import -q -A a.db w/site.xml w/roster.csv w/gates/*.gate.csv \
    w/cameras/*.sightings.csv || exit 1
anchor=$(sed -n 's/.*"anchor": {"camera":"\([^"]*\)","track":"\([^"]*\)"}.*/\1:\2/p' w/truth.json)
suspect=$(sed -n 's/.*"suspect": "\(P[0-9]*\)".*/\1/p' w/truth.json | head -1)
t_dump a.db >archive-before.sql
VIGIL_CASES=$PWD/cases
VIGIL_ARCHIVE=$PWD/a.db
export VIGIL_CASES VIGIL_ARCHIVE
unset VIGIL_OFFICER VIGIL_CASE
C=2018-1120-OVP

t_run vigil-case new $C --title 'Assault on the north overpass'
t_rc 1 "no officer"
t_err "vigil-case: no officer: a case is only touched by a named officer (give --officer NAME or set VIGIL_OFFICER)" \
    "is refused"
t_ok $([ ! -e cases/$C ]; echo $?) "and nothing is made"

umask 022
t_run vigil-case --officer 'Insp. Wang' new $C --title 'Assault on the north overpass' \
    --incident-time '2018-11-20 21:13' --incident-place OVP-N
t_rc 0 "a new case"
t_out "$PWD/cases/$C" "prints its directory"
t_ok $([ "$(stat -c %a cases/$C)" = 700 ]; echo $?) "the case's directory is 0700 whatever the umask"
t_ok $([ "$(stat -c %a cases/$C/case.db)" = 600 ]; echo $?) "its database is 0600"
t_run vigil-case --officer 'Insp. Wang' new $C --title again
t_rc 1 "the same number again"
t_err "vigil-case: '$PWD/cases/$C' exists: a case is never made over another" "is refused"
t_run vigil-case --officer 'Insp. Wang' new ../evil --title x
t_rc 2 "a number that is a path"
t_err "vigil-case: new: '../evil' cannot be a case number (letters, digits, '-', '_' and '.', not first; at most 64)" \
    "is refused"
t_run vigil-case --officer 'Insp. Wang' new X1 --title x --incident-place NOWHERE
t_rc 1 "an incident place the site does not have"
t_err "vigil-case: --incident-place: no place or device 'NOWHERE' in the site" "is named"
# a bare 21:13 is today's, which may be still to come: an incident has
# happened by the time a case is opened
t_run vigil-case --officer 'Insp. Wang' new X2 --title x --incident-time '2999-01-01 21:13'
t_rc 2 "an incident time still to come"
t_err "vigil-case: --incident-time: 2999-01-01T21:13:00+08:00 is still to come: give the incident's day ('2018-11-20 21:13')" \
    "is refused, asking for the day"
t_ok $([ ! -e cases/X2 ]; echo $?) "and nothing is made"

VIGIL_OFFICER='Insp. Wang'
export VIGIL_OFFICER
t_run vigil-clip -A a.db --camera C0099 --from '2018-11-20 21:13' \
    --to '2018-11-20 21:13:10' -o x.mp4
t_rc 1 "a clip from an archive that indexed no recordings"
t_err "vigil-clip: 'a.db': no recordings indexed: run vigil index -r DIR" \
    "names the step missing"
t_ok $([ ! -e x.mp4 ]; echo $?) "and writes nothing"
t_run vigil-case -c OVP-9 show
t_rc 1 "a case that is not there"
t_err "vigil-case: '$PWD/cases/OVP-9': not a case (no such folder; vigil case list names the cases)" \
    "says where the cases are named"
t_run vigil-case -c $C add-subject --anchor "$anchor"
t_rc 0 "the anchor sighting as a subject"
t_out "subject 1" "is subject 1"
t_run vigil-case -c $C add-subject --person P9999999
t_rc 1 "a person the roster does not have"
t_err "vigil-case: add-subject: unknown person 'P9999999': not on the roster nor in any log (vigil site -s people lists the roster)" "is refused"
t_run vigil-case -c $C add-subject --unknown 'tall man, black jacket, blue trousers'
t_out "subject 2" "a person not yet named"
t_run vigil-case -c $C add-item sighting C0099:T999999
t_rc 1 "a sighting the archive does not have"
t_err "vigil-case: add-item: no sighting 'C0099:T999999' in the archive" "is refused"
t_run vigil-case -c $C add-item clip C0099 --from '2018-11-20 21:13:00' \
    --to '2018-11-20 21:13:10' --remark 'the assault'
t_out "item 1" "a clip item"
t_run vigil-case -c $C note 'Witness: he ran down the east stair'
t_out "note 1" "a note"
t_run vigil-case -c $C decide C0099:T000002 reject
t_rc 2 "a decision without a reason"
t_err "vigil-case: decide: say why (--why)" "is refused"

# vigil-track plans for the case, saves its path, and the log says so
t_run vigil-track -c $C --save -F csv --columns hop,camera,track,person
t_rc 0 "vigil-track from the case's anchor"
t_grep "^[0-9]*,${anchor%:*},${anchor#*:}," out "starts from the anchor subject"
t_grep ",$suspect\$" out "and reaches the face gate that names him"
hop2=$(awk -F, 'NR == 3 { print $2 ":" $3 }' out)
t_run vigil-case -c $C decide "$hop2" reject --why 'different shoes'
t_rc 0 "the officer rejects hop 2"
t_out "decision 1: $hop2 rejected" "and is told what was recorded"
t_ok $([ ! -s err ]; echo $?) "without a warning: it is a hop of the saved path"

t_run vigil-track -c $C -F csv --columns hop,camera,track
t_ok $(! grep -q "^[0-9]*,${hop2%:*},${hop2#*:}\$" out; echo $?) \
    "vigil-track -c plans around the rejected hop"

# queries about a person under a case say why
t_run vigil-query -c $C --person "$suspect" -F csv
t_rc 2 "a person looked up under a case without a reason"
t_err "vigil-query: looking up a person under a case: say why (--why)" "is refused"
t_run vigil-query -c $C --person "$suspect" --why 'named by gate G048' -F csv -n 3
t_rc 0 "with a reason"

t_run vigil-case -c $C log -F tsv
t_rc 0 "the custody log"
cut -f1,3,4 out >log3
printf 'seq\tofficer\ttool\n1\tInsp. Wang\tvigil-case\n2\tInsp. Wang\tvigil-case\n3\tInsp. Wang\tvigil-case\n4\tInsp. Wang\tvigil-case\n5\tInsp. Wang\tvigil-case\n6\tInsp. Wang\tvigil-track\n7\tInsp. Wang\tvigil-case\n8\tInsp. Wang\tvigil-track\n9\tInsp. Wang\tvigil-query\n10\tInsp. Wang\tvigil-case\n' >want
t_same log3 want "every action is an entry, in order, its own last"
t_grep "; path 1 saved: [0-9]* hops from $anchor	" out "the saved path is on record"
t_grep "	vigil-query	-c $C --person $suspect --why 'named by gate G048' -F csv -n 3	archive $PWD/a.db queried about $suspect: 3 events	" out \
    "who looked up whom, and why"
t_ok $(awk -F'\t' 'NR > 1 && (length($8) != 64 || $8 !~ /^[0-9a-f]+$/) { bad++ } END { exit bad > 0 }' out; echo $?) \
    "every entry has its SHA-256"
# the chain, recomputed from the database by sqlite3 and sha256sum alone:
# each line is the canonical line of an entry, a tab, and its hash
sqlite3 cases/$C/case.db "SELECT seq || char(9) || strftime('%Y-%m-%dT%H:%M:%S', at / 1000000, 'unixepoch') || printf('.%06dZ', at % 1000000) || char(9) || officer || char(9) || tool || char(9) || args || char(9) || touched || char(9) || digests || char(9) || prev || char(9) || hash FROM custody ORDER BY seq" >chain
bad=0 prev=0000000000000000000000000000000000000000000000000000000000000000
while IFS= read -r line; do
	h=${line##*	}
	body=${line%	*}
	p=${body##*	}
	got=$(printf '%s\n' "$body" | sha256sum | cut -c1-64)
	[ "$got" = "$h" ] && [ "$p" = "$prev" ] || bad=$((bad + 1))
	prev=$h
done <chain
t_ok $bad "each entry's hash is the SHA-256 of its canonical line and chains to the one before"

t_run sqlite3 cases/$C/case.db "UPDATE custody SET officer = 'Mallory' WHERE seq = 3"
t_grep "the custody log is append-only" err "the database refuses to edit an entry"
t_run sqlite3 cases/$C/case.db "DELETE FROM note"
t_grep "notes are append-only" err "or to delete a note"

# an entry edited behind the database's back: vigil-verify names it
t_run vigil-verify --case $C
t_rc 0 "vigil-verify --case: the chain holds"
t_grep "^ok   custody log: [0-9]* entries, chain whole\$" out "says so"
cp cases/$C/case.db intact.db
sqlite3 cases/$C/case.db "DROP TRIGGER custody_update; UPDATE custody SET officer = 'Mallory' WHERE seq = 3"
t_run vigil-verify --case $C
t_rc 1 "an entry edited"
t_grep "^FAIL custody entry 3: its hash does not match its fields (edited?)\$" out "is named"
cp intact.db cases/$C/case.db
sqlite3 cases/$C/case.db "DROP TRIGGER custody_delete; DELETE FROM custody WHERE seq = 4"
t_run vigil-verify --case $C
t_rc 1 "an entry deleted"
t_grep "^FAIL custody entry 5 follows entry 3 (one deleted?)\$" out "is named"
cp intact.db cases/$C/case.db
chmod 600 cases/$C/case.db

t_run vigil-case list -F csv
t_rc 0 "the list of cases"
t_grep "^$C,Assault on the north overpass,2018-11-20T21:13:00+08:00,open,1[0-9]," out \
    "names the case, its incident in the site's zone, status and entries"
t_run vigil-case --zone UTC list -F csv
t_rc 0 "--zone, the old long name of -z"
t_grep ",2018-11-20T13:13:00+00:00,open," out "is still the zone times are shown in"
t_err "vigil-case: warning: --zone is an old spelling: say --tz, as every vigil tool does" "with a warning"
t_run vigil-case --tz UTC list -F csv
t_grep ",2018-11-20T13:13:00+00:00,open," out "--tz, its name in every tool"

# decide checks the archive as add-item does, and nothing wrong is recorded
gatehop=$(vigil-track -c $C -F csv --columns camera,type,first | awk -F, '$2 == "gate" { print $1 "@" $3; exit }')
ndec() { sqlite3 cases/$C/case.db 'SELECT count(*) || char(47) || (SELECT count(*) FROM custody) FROM decision'; }
before=$(ndec)
t_run vigil-case -c $C decide C0099:T999999 reject --why 'a typo'
t_rc 1 "a decision on a sighting the archive does not have"
t_err "vigil-case: decide: no sighting 'C0099:T999999' in the archive" "is refused"
t_run vigil-case -c $C decide NOPE:T1 confirm --why 'an unknown camera'
t_rc 1 "a decision on a camera the site does not have"
t_err "vigil-case: decide: no camera 'NOPE' in the site" "is refused"
t_run vigil-case -c $C decide "${gatehop%@*}@2001-01-01 00:00:00" confirm --why 'no event then'
t_rc 1 "a gate at a time it logged nothing"
t_err "vigil-case: decide: gate ${gatehop%@*} logged nothing within a second of 2001-01-01 00:00:00" "is refused"
t_run vigil-case -c $C decide "${hop2%:*}@2018-11-20 21:13" confirm --why 'a camera as a gate'
t_rc 1 "a camera named as a gate"
t_err "vigil-case: decide: no gate '${hop2%:*}' in the site" "is refused"
t_ok $([ "$(ndec)" = "$before" ]; echo $?) "no decision and no custody entry was recorded"
t_run vigil-case -c $C decide "$gatehop" confirm --why 'the face gate names him'
t_rc 0 "a gate hop of the path, as GATE@TIME"
t_out "decision 2: $gatehop confirmed" "is recorded"
t_ok $([ ! -s err ]; echo $?) "without a warning"
other=$(t_sql a.db "SELECT d.code || ':' || s.track FROM sighting s JOIN device d ON d.id = s.camera ORDER BY s.id LIMIT 1")
t_run vigil-case -c $C decide "$other" reject --why 'not him'
t_rc 0 "a sighting the archive has, off the saved path"
t_err "vigil-case: warning: decide: $other is not a hop of the path saved last" "is recorded with a warning"
t_out "decision 3: $other rejected" "and says so"

# undo: a new decision, never an erasure; a hop's first decision undone
# withdraws it (the hop is proposed again)
t_run vigil-case -c $C undo
t_rc 2 "an undo without a reason"
t_err "vigil-case: undo: say why (--why)" "is refused"
t_run env VIGIL_OFFICER='Sgt. Li' vigil-case -c $C undo --why 'not mine'
t_rc 1 "an undo of another officer's decision"
t_err "vigil-case: undo: the last decision (3, $other rejected) is Insp. Wang's: only one's own is undone" \
    "is refused, naming the decision and its officer"
t_run vigil-case -c $C undo --why 'the wrong row'
t_rc 0 "the officer undoes decision 3, the hop's first"
t_out "decision 4: $other withdrawn (undoes 3)" "the hop is withdrawn"
t_run sqlite3 cases/$C/case.db "SELECT id, verdict, why FROM decision WHERE hop = '$other' ORDER BY id"
t_out "3|reject|not him
4|withdraw|undo of decision 3: the wrong row" "decision 3 is kept, the withdrawal follows it"
t_run vigil-case -c $C log -F tsv
t_grep "	decision 3 on hop $other undone: proposed again	" out "the custody log says what was undone"
t_run vigil-case -c $C show -F tsv
t_ok $(! grep -q "^$other	" out; echo $?) "a withdrawn hop has no decision in force"
t_run vigil-case -c $C undo --why 'it was him after all'
t_out "decision 5: $other rejected (undoes 4)" "undoing the withdrawal rejects the hop again"
t_run vigil-case -c $C decide "$hop2" withdraw --why 'shoes change in the dark'
t_out "decision 6: $hop2 withdrawn" "a decision withdrawn outright"
t_run vigil-track -c $C -F csv --columns hop,camera,track
t_grep "^[0-9]*,${hop2%:*},${hop2#*:}\$" out "vigil-track -c plans with the withdrawn hop again"
t_run vigil-case -c $C decide "$hop2" maybe --why x
t_rc 2 "a verdict that is none of the three"
t_grep "^vigil-case: decide: give a hop and confirm, reject or withdraw\$" err "is refused"

# a case made before withdraw existed (schema 1) learns it with its first
# withdrawal, in the same transaction, every decision kept
vigil-case new OLD-1 --title 'schema 1' >/dev/null
sqlite3 cases/OLD-1/case.db "DROP TABLE decision;
CREATE TABLE decision (id INTEGER PRIMARY KEY, hop TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('confirm', 'reject')),
  why TEXT NOT NULL, at INTEGER NOT NULL, officer TEXT NOT NULL);
CREATE TRIGGER decision_update BEFORE UPDATE ON decision
  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decision_delete BEFORE DELETE ON decision
  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
PRAGMA user_version = 1;"
vigil-case -c OLD-1 decide "$hop2" confirm --why 'in the old case' >/dev/null 2>&1
t_run vigil-case -c OLD-1 undo --why 'too soon'
t_rc 0 "an undo in a schema 1 case"
t_out "decision 2: $hop2 withdrawn (undoes 1)" "withdraws"
t_run sqlite3 cases/OLD-1/case.db "PRAGMA user_version; SELECT id, verdict FROM decision"
t_out "2
1|confirm
2|withdraw" "the case is schema 2 with both decisions"
t_run sqlite3 cases/OLD-1/case.db "DELETE FROM decision"
t_grep "decisions are append-only" err "and its decisions are still append-only"
t_run vigil-verify --case OLD-1
t_rc 0 "its custody chain holds"

# kill -9 while a case is made: no half-made case under its number, the
# number stays free, and the list still works; each fsync is held a second
# (strace's fault injection) so that the kill falls in the middle
if strace -o /dev/null true 2>/dev/null && command -v pgrep >/dev/null; then
	strace -f -o /dev/null -e trace=fsync,fdatasync \
	    -e inject=fsync,fdatasync:delay_enter=1000000 \
	    vigil-case new K-1 --title 'killed while made' >/dev/null 2>&1 &
	spid=$!
	i=0
	while ! ls -a cases | grep -q '^\.vigil-new\.\|^K-1$' && [ $i -lt 400 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	sleep 0.5
	kill -9 $(t_tools $spid) 2>/dev/null
	wait $spid 2>/dev/null
	t_ok $([ ! -e cases/K-1 ]; echo $?) "a case killed while it is made is not there"
	t_run vigil-case list -F csv
	t_rc 0 "vigil-case list after the kill"
	t_ok $([ ! -s err ]; echo $?) "finds nothing wrong"
	t_run vigil-case new K-1 --title 'made again'
	t_rc 0 "the number is free"
	t_ok $(ls -a cases | grep -c '^\.vigil-new'; true) \
	    "and the folder the killed one was made in is swept"
else
	for i in 1 2 3 4 5; do
		echo "ok # SKIP strace cannot trace here"
		t_n=$((t_n + 1))
	done
fi
# a broken folder among the cases (an older vigil killed half-way) is named
mkdir cases/B-1
: >cases/B-1/case.db
t_run vigil-case list -F csv
t_rc 0 "vigil-case list with a broken folder among the cases"
t_err "vigil-case: warning: '$PWD/cases/B-1': case.db is not a vigil case database: skipped" \
    "names it in a warning"
t_grep "^$C," out "and lists the others"

# symbolic links: a case folder replaced by one is refused, not used
mv cases/$C real-case
ln -s "$PWD/real-case" cases/$C
t_run vigil-case -c $C show
t_rc 1 "a case folder replaced by a symbolic link"
t_err "vigil-case: '$PWD/cases/$C': a symbolic link: a case is opened only through its own folder" \
    "is refused"
t_run vigil-verify --case $C
t_rc 1 "vigil-verify --case on it"
t_grep "^FAIL '$PWD/cases/$C': a symbolic link" out "fails, naming the link"
rm cases/$C
mv real-case cases/$C
mv cases/$C/case.db real.db
ln -s "$PWD/real.db" cases/$C/case.db
t_run vigil-case -c $C note 'through a link'
t_rc 1 "a case database replaced by a symbolic link"
t_err "vigil-case: '$PWD/cases/$C/case.db': a symbolic link: a case's files are never reached through one" \
    "is refused"
rm cases/$C/case.db
mv real.db cases/$C/case.db
mkdir elsewhere
ln -s "$PWD/elsewhere" cases/$C/clips
t_run vigil-verify --case $C
t_rc 1 "a symbolic link inside a case"
t_grep "^FAIL $PWD/cases/$C/clips: a symbolic link: a case's files are never reached through one\$" out \
    "is named by vigil-verify --case"
rm cases/$C/clips
# the folder of cases reached through a link (as /home often is): the
# cases are opened, made and listed; a case folder named with a slash
# after it is still refused when it is a link
ln -s "$PWD/cases" cases-link
t_run env VIGIL_CASES=$PWD/cases-link vigil-case -c $C note 'through the folder of cases'
t_rc 0 "a case whose folder of cases is reached through a link"
t_run env VIGIL_CASES=$PWD/cases-link vigil-case new L-1 --title 'a case made through it'
t_out "$PWD/cases-link/L-1" "a case made through it"
t_run env VIGIL_CASES=$PWD/cases-link vigil-case list -F csv
t_grep "^L-1,a case made through it," out "and listed"
ln -s "$PWD/cases/$C" cases/L-2
t_run vigil-case -c cases/L-2/ show
t_rc 1 "a case folder that is a link, named with a slash after it"
t_err "vigil-case: 'cases/L-2': a symbolic link: a case is opened only through its own folder" \
    "is refused, naming the link"
mkdir cases/L-3
ln -s "$PWD/cases/$C/case.db" cases/L-3/case.db
t_run vigil-case list -F csv
t_grep "^vigil-case: warning: '$PWD/cases/L-3/case.db': a symbolic link: a case's files are never reached through one: skipped\$" err \
    "vigil-case list names a case database that is a link"
rm -r cases-link cases/L-1 cases/L-2 cases/L-3
# a folder of cases others can write to, without the sticky bit
chmod o+w cases
t_run vigil-case -c $C note 'others can write here'
t_rc 0 "a case in a folder others can write to"
t_err "vigil-case: warning: '$PWD/cases' is writable by others without the sticky bit: anyone could put something else in place of the case '$PWD/cases/$C'" \
    "is used, with a warning"
t_run vigil-case list -F csv
t_grep "^vigil-case: warning: '$PWD/cases' is writable by others without the sticky bit" err \
    "vigil-case list warns too"
chmod +t cases
t_run vigil-case -c $C note 'sticky now'
t_ok $([ ! -s err ]; echo $?) "with the sticky bit (as /tmp has) there is no warning"
chmod o-w,-t cases

# under a case, a time of day alone is on the incident's day, not today
t_run vigil-query -A a.db -F csv --camera C0099 --from '2018-11-20 21:13' \
    --to '2018-11-20 21:14' --columns time,track
cp out dated
t_run vigil-query -c $C --why 'the stair' -F csv --camera C0099 --from 21:13 \
    --to 21:14 --columns time,track
t_rc 0 "a query under the case with bare times"
t_same out dated "21:13 is the incident's day's 21:13"
t_grep '^time,track$' dated "(the dated query has a header)"
t_ok $([ "$(wc -l <dated)" -gt 1 ]; echo $?) "(and rows)"
t_run vigil-query -c $C --from 25:00
t_rc 2 "a bad bare time under a case"
t_grep "21:13 for the incident's day" err "the message says whose day a bare time is"
t_run vigil-case -c $C -F csv add-item frame C0099 --at 21:13:05
t_rc 0 "vigil-case add-item with a bare time"
item=$(cat out)
t_run vigil-case -c $C -F csv show
t_grep "${item#item },frame,C0099,,2018-11-20T21:13:05+08:00" out "is on the incident's day"
bare=$(echo "$gatehop" | sed 's/.*T\([0-9:]*\)\..*/\1/')
t_run vigil-case -c $C decide "${gatehop%@*}@$bare" reject --why 'the badge was lent'
t_rc 0 "a gate hop decided with a bare time of day"
t_out "decision 7: $gatehop rejected" "is kept as the gate's event, on the incident's day"
t_ok $([ ! -s err ]; echo $?) "a hop of the path saved last: no warning"

# the case's archive moved away: said so, and how to go on
if t_file; then
	mv a.db a-moved.db
	t_run vigil-track -c $C
	t_rc 1 "a case whose archive file is gone"
	t_err "vigil-track: the case's archive '$PWD/a.db' is not there (moved?): give -A with where it is now" \
	    "is said, with how to go on"
	t_run vigil-case -c $C -A a-moved.db show -F csv
	t_rc 0 "-A reads it where it is now"
	mv a-moved.db a.db
fi

t_dump a.db >archive-after.sql
if t_file; then
	t_same archive-after.sql archive-before.sql "the archive was never changed"
else
	# a server's archive records the lookups under a case (its audit
	# table), and nothing else
	for f in before after; do
		awk '/^COPY public.audit / { skip = 1; print; next }
		    skip && /^\\\.$/ { skip = 0 } !skip' archive-$f.sql >$f.noaudit
	done
	t_same after.noaudit before.noaudit "the archive was never changed, but for its audit table"
	t_run t_sql a.db "SELECT tool, coalesce(subject, '-'), why, case_id FROM audit ORDER BY id"
	t_out "vigil-query|$suspect|named by gate G048|$C
vigil-query|-|the stair|$C" "which holds the two lookups under the case"
fi

# a track's number used again by another file (a Hikvision alert's
# fielddetection:1): the sighting named by --at
(sed -n 1,2p "$DEMO"/edge.sightings.csv) >s1.sightings.csv
(sed -n 1p "$DEMO"/edge.sightings.csv; sed -n 2p "$DEMO"/edge.sightings.csv |
    sed 's/2018-11-20T20:0/2018-11-20T21:0/g') >s2.sightings.csv
sed -n 1,2p "$DEMO"/north.gate.csv >g.gate.csv
vigil-import -q -A b.db "$DEMO"/site.xml s1.sightings.csv s2.sightings.csv \
    g.gate.csv || exit 1
vigil-case -A b.db new T2 --title 'a track twice' >/dev/null || exit 1
t_run vigil-case -c T2 add-item sighting C017:T1351
t_err "vigil-case: add-item: C017:T1351 names 2 sightings (the track number was used again in another file): give --at TIME, when the one you mean was seen" \
    "a track's number used twice is refused, saying how to name one"
t_run vigil-case -c T2 add-item sighting C017:T1351 --at '2018-11-20 21:01:50'
t_out "item 1" "--at names the one seen then"
t_run vigil-case -c T2 -F csv show
t_grep "^1,sighting,C017,T1351,2018-11-20T21:01:42+08:00,2018-11-20T21:02:11+08:00," out \
    "its own times"
t_run vigil-export -q -c T2 -o t2
t_grep "<ref>C017:T1351@2018-11-20T21:01:42+08:00</ref>" t2/data/report.xml \
    "the bundle's report names the sighting by its time too"
t_run vigil-case -c T2 add-item sighting C017:T1351 --at '2018-11-20 20:30'
t_rc 1 "a time neither was seen at"
t_err "vigil-case: add-item: no sighting 'C017:T1351' within a second of 2018-11-20 20:30" \
    "is refused"
# where a case names a sighting by its number alone, what the user can do
t_run vigil-case -c T2 add-subject --anchor C017:T1351
t_err "vigil-case: --anchor: C017:T1351 names 2 sightings (the track number was used again in another file): an anchor names one; add the subject with --person or --unknown, and the sighting with add-item sighting CAMERA:TRACK --at TIME" \
    "an anchor, not '--at' (add-subject takes none)"
t_run vigil-case -c T2 decide C017:T1351 reject --why 'not her'
t_err "vigil-case: decide: C017:T1351 names 2 sightings (the track number was used again in another file): a decision on it would be on all of them; decide the gate hops (GATE@TIME) beside the one you mean" \
    "a decision, not '--at' (decide takes none)"
t_run vigil-track -A b.db --from C017:T1351
t_err "vigil-track: --from: C017:T1351 names 2 sightings (the track number was used again in another file): give --time TIME, when the one you mean was seen" \
    "vigil-track --from"
t_run vigil-track -A b.db -F csv --columns hop,camera,track,first --from C017:T1351 --time '2018-11-20 21:01:50'
t_grep "^1,C017,T1351,2018-11-20T21:01:42+08:00$" out "takes --time"
# a vendor's track with a colon in it (Hikvision's fielddetection:1): the
# camera is what comes before the first (a site's ids hold none)
(sed -n 1p "$DEMO"/edge.sightings.csv; sed -n 2p "$DEMO"/edge.sightings.csv |
    sed 's/,T1351,/,fielddetection:1,/; s/2018-11-20T20:0/2018-11-20T22:0/g') >s3.sightings.csv
vigil-import -q -A b.db s3.sightings.csv || exit 1
t_run vigil-track -A b.db -F csv --columns hop,camera,track --from C017:fielddetection:1
t_grep "^1,C017,fielddetection:1$" out "vigil-track --from CAMERA:fielddetection:1"
# a person no roster has, named by the gates (a terminal's PIN): a subject
t_run vigil-case -c T2 add-subject --person P0012377
t_out "subject 1" "a person the gates name, with no roster"
t_run vigil-case -c T2 add-subject --person P9999999
t_err "vigil-case: add-subject: unknown person 'P9999999': not on the roster nor in any log (vigil site -s people lists the roster)" \
    "one named nowhere is refused"
t_done
