#!/bin/sh
# t1220-headcount: vigil-anomaly's tailgating by head count, the people a
# gate's camera sees come through against the gate's reads, on a
# hand-made site and day: a follower behind a read, behind a card no
# roster names, two reads for two people, a refused read, a gate with no
# camera, a camera whose clock is off (learned from the faces, and set by
# vigil-skew)
. "$top_srcdir/tests/lib.sh"

A=a.db
cat >site.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<site xmlns="urn:vigil:site:1" id="s" name="S" timezone="UTC">
  <zone id="z" name="Z" ring="2"/>
  <gate id="G1" name="Gate 1" zone="z" x="0" y="0" kind="pedestrian" credentials="face badge"/>
  <camera id="C1" name="Inside gate 1" zone="z" x="0" y="8" gate="G1" face="true"/>
  <gate id="G2" name="Gate 2" zone="z" x="100" y="0" kind="pedestrian" credentials="badge"/>
  <camera id="C2" name="Near gate 2" zone="z" x="100" y="8" face="true"/>
  <gate id="G3" name="Gate 3" zone="z" x="200" y="0" kind="pedestrian" credentials="badge"/>
  <camera id="C3" name="Inside gate 3" zone="z" x="200" y="8" gate="G3" face="true"/>
  <link from="G1" to="C1" min="2" max="30"/>
  <link from="G2" to="C2" min="2" max="30"/>
  <link from="G3" to="C3" min="2" max="30"/>
  <link from="C1" to="G2" min="40" max="400"/>
  <link from="C2" to="G3" min="40" max="400"/>
</site>
XML
H=camera,track,first,last,kind,person,score,plate,upper,lower,attrs,x,y,w,h,embedding
{
	echo 'time,gate,person,credential,card,plate,direction,result,score'
	# ten people in and out at 09:10-09:19, whose faces place the
	# camera's people against the gate's reads: in 5 s after, out 5 s
	# before
	for m in 10 11 12 13 14 15 16 17 18 19; do
		echo "2018-11-20T09:$m:00Z,G1,P1$m,badge,1$m,,in,granted,"
		echo "2018-11-20T09:$m:30Z,G1,P2$m,badge,2$m,,out,granted,"
	done
	echo '2018-11-20T10:00:00Z,G1,P1,badge,101,,in,granted,'
	echo '2018-11-20T10:01:00Z,G1,P2,badge,102,,in,granted,'
	echo '2018-11-20T10:02:00Z,G1,,badge,900,,in,granted,'
	echo '2018-11-20T10:03:00Z,G1,P3,badge,103,,in,granted,'
	echo '2018-11-20T10:03:02Z,G1,P4,badge,104,,in,granted,'
	echo '2018-11-20T10:05:00Z,G1,,face,,,in,denied,0.41'
	echo '2018-11-20T10:05:03Z,G1,P5,badge,105,,in,granted,'
	echo '2018-11-20T10:06:00Z,G2,P6,badge,106,,in,granted,'
} >day.gate.csv
{
	echo "$H"
	for m in 10 11 12 13 14 15 16 17 18 19; do
		echo "C1,T1$m,2018-11-20T09:$m:01,2018-11-20T09:$m:09,face,P1$m,0.9,,,,,,,,,"
		echo "C1,T2$m,2018-11-20T09:$m:21,2018-11-20T09:$m:29,face,P2$m,0.9,,,,,,,,,"
	done
	echo 'C1,T1,2018-11-20T10:00:01,2018-11-20T10:00:09,face,P1,0.9,,,,,,,,,'
	# P2 and someone close behind, whose face the camera does not know
	echo 'C1,T2,2018-11-20T10:01:01,2018-11-20T10:01:09,face,P2,0.9,,,,,,,,,'
	echo 'C1,T3,2018-11-20T10:01:02,2018-11-20T10:01:11,face,,,,,,,,,,,'
	# a card no roster names, and two people
	echo 'C1,T4,2018-11-20T10:02:01,2018-11-20T10:02:09,face,,,,,,,,,,,'
	echo 'C1,T5,2018-11-20T10:02:04,2018-11-20T10:02:12,face,,,,,,,,,,,'
	# two reads, two people
	echo 'C1,T6,2018-11-20T10:03:01,2018-11-20T10:03:09,face,P3,0.9,,,,,,,,,'
	echo 'C1,T7,2018-11-20T10:03:03,2018-11-20T10:03:11,face,,,,,,,,,,,'
	# a refused face, the badge 3 s later: one person
	echo 'C1,T8,2018-11-20T10:05:01,2018-11-20T10:05:09,face,,,,,,,,,,,'
	# someone walking past alone, with no read at all
	echo 'C1,T9,2018-11-20T10:20:01,2018-11-20T10:20:09,face,,,,,,,,,,,'
	# a vehicle is not a head
	echo 'C1,T10,2018-11-20T10:00:02,2018-11-20T10:00:06,vehicle,,,,,,,,,,,'
	# two people at gate 2, which no camera watches
	echo 'C2,T1,2018-11-20T10:06:01,2018-11-20T10:06:09,face,P6,0.9,,,,,,,,,'
	echo 'C2,T2,2018-11-20T10:06:02,2018-11-20T10:06:10,face,,,,,,,,,,,'
} >day.sightings.csv
vigil-import -q -A $A site.xml day.gate.csv day.sightings.csv || exit 1
an() { t_run vigil-anomaly -A $A "$@"; }

an -F tsv --kind tailgating --columns kind,time,device,person,card,score,reason
t_rc 0 "head count"
t_out "kind	time	device	person	card	score	reason
tailgating	2018-11-20T10:01:01.500+00:00	G1		102	0.39	G1 granted card 102 in at 10:01:00; its camera C1 saw someone else come through 2 s from them (track T3, no face named) on no read of the gate
tailgating	2018-11-20T10:02:03+00:00	G1		900	0.33	G1 granted card 900 in at 10:02:00; its camera C1 saw someone else come through 3 s from them (track T5, no face named) on no read of the gate" \
    "a follower behind P2, another behind a card no one holds; nothing for two reads and two people, a refused face and its badge, someone alone, a vehicle, a gate no camera watches"

id=$(vigil-anomaly -A $A -F csv --kind tailgating --columns id | sed -n 2p)
an --explain "$id" -F csv --columns time,device,track,person,card,direction,result
t_rc 0 "--explain a head count"
t_out "time,device,track,person,card,direction,result
2018-11-20T10:01:00+00:00,G1,,P2,102,in,granted
2018-11-20T10:01:01+00:00,C1,T2,P2,,,
2018-11-20T10:01:02+00:00,C1,T3,,,," "its evidence: the read, the head it accounts for, the head no read accounts for"

# a span that starts and ends within the day: the head count reads the
# minutes it holds around it (the faces of 09:12-09:19 place the camera's
# heads; reads and heads past its ends account for those within), and
# reports only what falls within it
an -F tsv --kind tailgating --from 2018-11-20T09:25Z --to 2018-11-20T10:01:30Z --columns time,card
t_out "time	card
2018-11-20T10:01:01.500+00:00	102" "a span from 09:25: the faces before it place the heads, the day's row within it"
# the 10:00 hour asked from 10:00 and from 09:00: the same rows, the
# day's (the faces of 09:10-09:19, within the hour before, place the
# heads either way; a span's offsets are not what it happened to read)
an -F tsv --kind tailgating --from 2018-11-20T10:00Z --to 2018-11-20T10:59:59Z --columns time,card
cp out hour.1
an -F tsv --kind tailgating --from 2018-11-20T09:00Z --to 2018-11-20T10:59:59Z --columns time,card
t_out "$(cat hour.1)" "the 10:00 hour from 09:00 as from 10:00"
t_out "time	card
2018-11-20T10:01:01.500+00:00	102
2018-11-20T10:02:03+00:00	900" "the 10:00 hour: the day's two rows"
an -F tsv --kind tailgating --from 2018-11-20T10:03:01.5Z --to 2018-11-20T10:03:02.5Z --columns time,card
t_out "time	card" "a span between P3's read and P4's: each head's read found past its ends, no row"
# the import's store (an import of no file): the gates where the whole
# day's head count found followers, whatever the looks; a scan counts
# heads at those gates only
if t_file; then
	cp $A st.db
else
	vigil-import -q -A $A -O "$(t_dest st.db)" || exit 1
fi
vigil-import -q -A st.db || exit 1
t_run vigil-anomaly -A st.db -F tsv --kind tailgating --from 2018-11-20T10:00Z --to 2018-11-20T10:59:59Z --columns time,card
t_out "$(cat hour.1)" "the 10:00 hour by the import's store: the day's two rows"
t_run t_sql st.db "SELECT DISTINCT d.code FROM tail_stored t JOIN device d ON d.id = t.gate"
t_out "G1" "the store: the gate of the day's followers"
t_sql st.db "DELETE FROM tail_stored"
t_run vigil-anomaly -A st.db -F csv --kind tailgating --columns time
t_out "time" "a scan counts heads only where the store found followers"

# a camera that names faces is not counted before they place its heads
{
	echo 'time,gate,person,credential,card,plate,direction,result,score'
	echo '2018-11-20T10:01:00Z,G1,P2,badge,102,,in,granted,'
} >early.gate.csv
{
	echo "$H"
	echo 'C1,T2,2018-11-20T10:01:01,2018-11-20T10:01:09,face,P2,0.9,,,,,,,,,'
	echo 'C1,T3,2018-11-20T10:01:02,2018-11-20T10:01:11,face,,,,,,,,,,,'
} >early.sightings.csv
vigil-import -q -A early.db site.xml early.gate.csv early.sightings.csv || exit 1
t_run vigil-anomaly -A early.db -F csv --kind tailgating --columns kind
t_out "kind" "the follower at a face camera with too few faces to place its heads: no row"
# the same without faces named: a head is placed within its time in view
sed 's/face="true"/face="false"/' site.xml >noface.xml
sed 's/,face,P2,0.9,/,person,,,/; s/,face,,/,person,,/' early.sightings.csv >noface.sightings.csv
vigil-import -q -A noface.db noface.xml early.gate.csv noface.sightings.csv || exit 1
t_run vigil-anomaly -A noface.db -F csv --kind tailgating --columns device,card,score
t_out "device,card,score
G1,102,0.39" "at a camera that names no faces, the follower within the heads' time in view"
t_run vigil-anomaly -A noface.db -F csv --kind tailgating --columns time,card --from 2018-11-20T10:01:01.4Z
t_out "time,card
2018-11-20T10:01:01.500+00:00,102" "a span from just before the follower: the read and the head of P2 before it read, the row"
t_run vigil-anomaly -A noface.db -F csv --kind tailgating --columns time,card --from 2018-11-20T10:01:01.6Z
t_out "time,card" "a span from just after: the row, before it, left out"

# the same day with no camera named as the gate's: no head count
sed 's/ gate="G1"//; s/ gate="G3"//' site.xml >nocam.xml
vigil-import -q -A nocam.db nocam.xml day.gate.csv day.sightings.csv || exit 1
t_run vigil-anomaly -A nocam.db -F csv --kind tailgating --columns kind
t_rc 0 "a site whose cameras watch no gate"
t_out "kind" "no head count where no camera watches the gate"

# gate 3's camera runs 40 s slow: where it puts the people the gate reads
# going in and going out is learned from the faces both name, and its
# follower found; the clock named in the reason
{
	echo 'time,gate,person,credential,card,plate,direction,result,score'
	for m in 10 11 12 13 14 15 16 17 18 19; do
		echo "2018-11-20T11:$m:00Z,G3,P3$m,badge,3$m,,in,granted,"
		echo "2018-11-20T11:$m:30Z,G3,P4$m,badge,4$m,,out,granted,"
	done
} >skew.gate.csv
{
	echo "$H"
	for m in 10 11 12 13 14 15 16 17 18 19; do
		# in: through the gate, then in view 1-9 s later; out: in view
		# 9-1 s before the gate; all 40 s early by the camera's clock
		p=$(printf %02d $((m - 1)))
		echo "C3,T3$m,2018-11-20T11:$p:21,2018-11-20T11:$p:29,face,P3$m,0.9,,,,,,,,,"
		echo "C3,T4$m,2018-11-20T11:$p:41,2018-11-20T11:$p:49,face,P4$m,0.9,,,,,,,,,"
	done
	echo "C3,T9,2018-11-20T11:18:23,2018-11-20T11:18:31,face,,,,,,,,,,,"
} >skew.sightings.csv
vigil-import -q -A $A skew.gate.csv skew.sightings.csv || exit 1
an -F tsv --kind tailgating --from 2018-11-20T11:00Z --columns device,card,reason
t_out "device	card	reason
G3	319	G3 granted card 319 in at 11:19:00; its camera C3 saw someone else come through 2 s from them (track T9, no face named) on no read of the gate (C3's clock taken as 40 s behind G3's, from 20 faces seen at both)" \
    "a camera 40 s slow: the follower found, the clock learned"
vigil-skew -q -A $A --set C3=-40 || exit 1
an -F tsv --kind tailgating --from 2018-11-20T11:00Z --columns device,card,reason
t_out "device	card	reason
G3	319	G3 granted card 319 in at 11:19:00; its camera C3 saw someone else come through 2 s from them (track T9, no face named) on no read of the gate" \
    "the clock corrected by vigil-skew: the same row, nothing left to learn"

t_done
