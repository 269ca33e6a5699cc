#!/bin/sh
# t0940-vendor-real: real device files from public repositories whose
# licence lets them be copied (tests/vendor/README says where each is from)
. "$top_srcdir/tests/lib.sh"

V=$top_srcdir/tests/vendor
R=$V/real
A=a.db
vigil-import -q -A $A "$V/site.xml" || exit 1
# base ARCHIVE: ARCHIVE made again, holding the site only (as $A now)
base() {
	t_rm "$1"
	vigil-import -q -A "$1" "$V/site.xml" || exit 1
}
base base.db
# the planner's statistics (sqlite_stat1) may change when an import
# fails; the archive's content may not (t_dump)
dump() { t_dump $A >"$1"; }
dump pristine

# A worn ZKTeco terminal's USB export, 10,943 lines in Nanjing (+08:00):
# 358 records damaged in flash ('ZZZZZZZZZZ', control bytes, U+FFFD,
# '0.dat', no PIN, 2047-02-30, 2131), every other one a fingerprint punch.
cp "$R/zkteco-caoka/1_attlog.dat" .
t_run vigil-import -A $A --device G-ZK2 1_attlog.dat
t_rc 1 "a worn terminal's real export"
sed 's/this import ([^)]*)/this import (NOW)/' err >got
{ cat "$R/zkteco-caoka/refused"
  echo "vigil-import: '1_attlog.dat': not imported: 358 bad records"; } >want
t_same got want "each damaged record refused with its line and reason"
dump now
t_same now pristine "archive unchanged"
t_run vigil-import -k -A $A --device G-ZK2 1_attlog.dat
t_rc 1 "--keep-going"
sed 's/this import ([^)]*)/this import (NOW)/' err >got
{ sed 's/$/ (skipped)/' "$R/zkteco-caoka/refused"
  echo "vigil-import: '1_attlog.dat': imported 10585 gate events, rejected 358"; } >want
t_same got want "keeps the clean records only"
# what a person reading the file expects of each other line: the PIN
# without its padding, the local time at +08:00, verify 1 a fingerprint,
# punch states as ZKTeco documents them: 0 check-in, 4 overtime in, 5
# overtime out
sed -n 's/.*line \([0-9]*\):.*/\1/p' "$R/zkteco-caoka/refused" >bad.lines
awk -F'\t' -v OFS=, 'NR == FNR { bad[$1] = 1; next }
	{ sub(/\r$/, "") }
	!(FNR in bad) && $0 !~ /^[ \t]*$/ {
		pin = $1; gsub(/ /, "", pin); t = $2; sub(/ /, "T", t)
		c = $5 == 1 ? "finger" : "?"
		d = "?"
		if ($4 == 0 || $4 == 3 || $4 == 4) d = "in"
		if ($4 == 1 || $4 == 2 || $4 == 5) d = "out"
		print t "+08:00", "G-ZK2", pin, c, d, "granted", "1_attlog.dat:" FNR
	}' bad.lines 1_attlog.dat | sort >want
vigil-query -A $A -F csv --kind gate \
    --columns time,device,person,credential,direction,result,source |
    sed 1d | sort >got
t_same got want "10,585 punches, each as its line says"
t_run sh -c "cut -d, -f1 got | cut -c1-10 | sort -u | sed -n '1p;\$p'"
t_out "2020-09-30
2021-10-15" "from the first day of the log to the last"

# A recorded ONVIF metadata stream of Axis cameras: 37 documents, each
# with its XML declaration, 36 holding one notification (motion, PIR,
# I/O ports, PTZ, day and night, storage...), none of them a passage
cp "$R/onvif-axis/stream.xml" axis.xml
t_run vigil-import -A $A axis.xml
t_rc 0 "an Axis camera's metadata stream"
t_err "vigil-import: 'axis.xml': imported 0 events; 36 other events (not passages or sightings) left out" \
    "every notification read and counted, none taken for a passage"
t_run vigil-query -A $A -F csv --kind sighting --columns camera
[ ! -s out ]
t_ok $? "no sighting"
# the same stream cut in its 20th document
head -c 20000 "$R/onvif-axis/stream.xml" >cut.xml
dump pristine
t_refused cut.xml "the stream cut short" \
    "vigil-import: 'cut.xml', line 91: not well-formed XML: AttValue: ' expected"
# a notification whose topic is an access event names its access point
sed 's|tns1:Device/tnsaxis:Sensor/PIR|tns1:AccessControl/AccessGranted/Credential|' \
    "$R/onvif-axis/stream.xml" >granted.xml
t_refused granted.xml "an access topic on a camera's notifications" \
    "vigil-import: 'granted.xml', line 58: the record does not name its device: name the gate with --device" \
    "vigil-import: 'granted.xml', line 61: the record does not name its device: name the gate with --device" \
    "vigil-import: 'granted.xml': not imported: 2 bad records"

# Dahua RPC2 as its DHIP port (TCP 5000) sends it to a client that asked
# for client.notifyEventStream, as two VTO integrations logged it: each
# message a 32-byte binary header (" \0\0\0DHIP", session, request, the
# JSON's length twice) and the JSON with its newline.  An IVS crossing of
# a region by a person (an Amcrest/Dahua camera, 2023-09-18) and an AD410
# doorbell's motion state.  Neither message names its device.
cp "$R/dahua-baudneo/crossregion.dhip" "$R/dahua-rroller/videomotioninfo.dhip" .
t_run vigil-import -A $A -d C-DH3 crossregion.dhip
t_rc 0 "an RPC2 message behind its DHIP header"
t_err "vigil-import: 'crossregion.dhip': imported 1 event" \
    "read past its binary header: a region crossed by a person"
t_run vigil-query -A $A -F csv --camera C-DH3 --columns time,last,device,kind,track,source
t_out "time,last,device,kind,track,source
2023-09-18T12:48:48.010+08:00,2023-09-18T12:48:48.010+08:00,C-DH3,person,CrossRegionDetection:4812,crossregion.dhip:1" \
    "UTC the same second as LocaleTime: the wall time, at the site's +08:00; UTCMS; ObjectType Human; the rule and ObjectID"
t_run t_sql $A "SELECT x, y, w, h FROM sighting WHERE track = 'CrossRegionDetection:4812'"
t_out "0.36328125|0.328125|0.349609375|0.66796875" "BoundingBox 2976,2688 to 5840,8160 of 8192"
t_run vigil-import -A $A videomotioninfo.dhip
t_rc 0 "another device's"
t_err "vigil-import: 'videomotioninfo.dhip': imported 0 events; 1 other event (not passages or sightings) left out" \
    "a doorbell's motion state is not a passage"
# a Dahua camera's eventManager.cgi?action=attach&codes=[All]&heartbeat=5
# as a user's curl printed it in rroller/dahua#166: heartbeats, motion
# states, a smart motion's start and stop; none a passage or a sighting,
# each counted, at no device (no --device: nothing is stored)
cp "$R/dahua-rroller/eventmanager-166.txt" .
t_run vigil-import -A $A eventmanager-166.txt
t_rc 0 "a camera's eventManager stream"
t_err "vigil-import: 'eventmanager-166.txt': imported 0 events; 11 other events (not passages or sightings) left out" \
    "3 heartbeats, 6 VideoMotionInfo states, VideoMotion Start and Stop"
t_run t_sql $A "SELECT (SELECT count(*) FROM sighting WHERE source = o.id) + (SELECT count(*) FROM gate_event WHERE source = o.id) FROM source o WHERE o.path LIKE '%eventmanager-166.txt'"
t_out "0" "nothing stored from it"
# an access controller's face event (an Intelbras SS 3540 MF FACE EX, a
# Dahua ASI6213J-MW) as its eventManager.cgi text gave it, line by line,
# in rroller/dahua#296: user 1 let through door 0 by face, similarity 98;
# the event holds no time (no UTC, RealUTC, LocaleTime or CurrentTime), so
# it is refused with its line, as pasted (LF) and with CRLF, and -k keeps
# nothing of it
cp "$R/dahua-rroller/doorface-296.txt" .
sed 's/$/\r/' doorface-296.txt >doorface-crlf.txt
base f.db
for f in doorface-296.txt doorface-crlf.txt; do
	t_run vigil-import -A f.db -d D-DH2 $f
	t_rc 1 "$f: a face event without a time"
	t_err "vigil-import: '$f', line 1: no time (UTC, RealUTC or LocaleTime)
vigil-import: '$f': not imported: 1 bad record" "refused with its line"
done
t_run vigil-import -k -A f.db -d D-DH2 doorface-296.txt
t_err "vigil-import: 'doorface-296.txt', line 1: no time (UTC, RealUTC or LocaleTime) (skipped)
vigil-import: 'doorface-296.txt': imported 0 events, rejected 1" "-k: nothing of it"
t_run t_sql f.db "SELECT count(*) FROM gate_event"
t_out "$(t_sql base.db "SELECT count(*) FROM gate_event")" "no passage stored"
cat crossregion.dhip videomotioninfo.dhip crossregion.dhip >three.dhip
base b.db
t_run vigil-import -A b.db -d C-DH3 three.dhip
t_rc 0 "three messages one after another, the first and third the same"
t_err "vigil-import: 'three.dhip': imported 1 event; 1 already in the archive, left out; 1 other event (not passages or sightings) left out" \
    "each header read as it comes; the crossing sent twice is stored once"
t_run vigil-import -A $A -d C-DH3 three.dhip
t_err "vigil-import: 'three.dhip': imported 0 events; 2 already in the archive, left out; 1 other event (not passages or sightings) left out" \
    "in an archive that holds crossregion.dhip, both are its crossing"
# the same object of the rule at another instant: a second crossing
# (another EventID), which the track cannot tell from the first
{ cat crossregion.dhip; sed 's/"UTCMS":10}/"UTCMS":11}/; s/"EventID":10065/"EventID":10067/' crossregion.dhip; } >again.dhip
base b.db
t_run vigil-import -A b.db -d C-DH3 again.dhip
t_rc 1 "the same ObjectID a millisecond later"
t_err "vigil-import: 'again.dhip', line 2: event 1: duplicate track 'CrossRegionDetection:4812' (first on line 1)
vigil-import: 'again.dhip': not imported: 1 bad record" \
    "is refused with its line"
# the device's own number decides where both files give one: the same
# EventID in the same second is the same event, whatever else differs
# (the milliseconds here); another EventID at the same instant, with
# all else the same, is another event, not a repeat
sed 's/"UTCMS":10}/"UTCMS":11}/' crossregion.dhip >renumbered.dhip
base b.db
vigil-import -q -A b.db -d C-DH3 crossregion.dhip
t_run vigil-import -A b.db -d C-DH3 renumbered.dhip
t_rc 0 "the same EventID a millisecond later, from another file"
t_err "vigil-import: 'renumbered.dhip': imported 0 events; 1 already in the archive, left out" \
    "is the event the archive holds"
sed 's/"EventID":10065/"EventID":10068/' crossregion.dhip >other-no.dhip
t_run vigil-import -A b.db -d C-DH3 other-no.dhip
t_rc 0 "the same sighting numbered apart"
t_err "vigil-import: 'other-no.dhip': imported 1 event" \
    "is another event: both kept"
r=row
t_file || r=row_id	# on a server (ROW is a word of its SQL)
t_run t_sql b.db "SELECT e.number, s.track, src.path FROM event_no e JOIN sighting s ON s.id = e.$r AND e.kind = 1 JOIN source src ON src.id = s.source ORDER BY e.number"
t_out "10065|CrossRegionDetection:4812|crossregion.dhip
10068|CrossRegionDetection:4812|other-no.dhip" "each sighting's EventID kept"
# the same crossing as eventManager.cgi writes it (its data the message's,
# indented), with a second one: the one the archive holds is skipped
cp "$V/dahua/crossregion-attach.txt" .
t_run vigil-import -A $A -d C-DH3 crossregion-attach.txt
t_rc 0 "the crossing again, in the text form, and a new one"
t_err "vigil-import: 'crossregion-attach.txt': imported 1 event; 1 already in the archive, left out; 1 other event (not passages or sightings) left out" \
    "the same camera, instant, kind and track: stored once"
t_run vigil-query -A $A -F csv --camera C-DH3 --columns time,kind,track,source
t_out "time,kind,track,source
2023-09-18T12:48:48.010+08:00,person,CrossRegionDetection:4812,crossregion.dhip:1
2023-09-18T12:48:51.520+08:00,person,CrossRegionDetection:4813,crossregion-attach.txt:133" \
    "the first from the RPC2 capture, the second from the text"
# the same with an access event: its line is the message's
dhip() {	# dhip JSON: the message behind its header, as the port sends it
	_n=$(($(printf '%s\n' "$1" | wc -c)))
	_l=$(printf '\\%03o\\%03o\\000\\000' $((_n % 256)) $((_n / 256)))
	printf " \\000\\000\\000DHIP\\001\\000\\000\\000\\010\\000\\000\\000$_l\\000\\000\\000\\000$_l\\000\\000\\000\\000"
	printf '%s\n' "$1"
}
{ cat videomotioninfo.dhip
  dhip '{"id":8,"method":"client.notifyEventStream","params":{"SID":513,"eventList":[{"Action":"Pulse","Code":"AccessControl","Data":{"CardNo":"7A0E1B2C","Door":0,"Status":1,"Type":"Entry","UTC":1542719642}}]}}'
} >access.dhip
t_run vigil-import -A $A -d D-DH2 access.dhip
t_rc 0 "a door's event after a doorbell's"
t_err "vigil-import: 'access.dhip': imported 1 event; 1 other event (not passages or sightings) left out" \
    "the access event imported, the motion state counted"
t_run vigil-query -A $A -F csv --gate D-DH2 --columns time,card,direction,result,source
t_out "time,card,direction,result,source
2018-11-20T13:14:02+08:00,7A0E1B2C,in,granted,access.dhip:2" \
    "UTC read as the wall time of the site's zone (+08:00, no TimeZone or RealUTC), the card, Entry, the message's line"
dump pristine
head -c 1000 crossregion.dhip >cut.dhip
t_refused cut.dhip "a message cut short" \
    "vigil-import: 'cut.dhip', line 1: invalid JSON: premature end of input near '\"UpperBody'"
head -c 1190 three.dhip >cuthead.dhip
t_refused cuthead.dhip "a header cut short" \
    "vigil-import: 'cuthead.dhip', line 1: event 1: unknown dahua channel '0': no ident in the site names it, and no --device" \
    "vigil-import: 'cuthead.dhip', line 2: a DHIP header cut short by the end of the file"
{ cat crossregion.dhip; tail -c +33 videomotioninfo.dhip; } >nohead.dhip
t_refused nohead.dhip "a message without its header" \
    "vigil-import: 'nohead.dhip', line 1: event 1: unknown dahua channel '0': no ident in the site names it, and no --device" \
    "vigil-import: 'nohead.dhip', line 2: no DHIP header at byte 1179, where the message before it ends"
# a header whose length is 100 bytes short: the JSON runs past it
{ head -c 16 crossregion.dhip; printf '\027\004\000\000'; tail -c +21 crossregion.dhip; } >short.dhip
t_refused short.dhip "a header that says less than its message holds" \
    "vigil-import: 'short.dhip', line 1: event 1: unknown dahua channel '0': no ident in the site names it, and no --device" \
    "vigil-import: 'short.dhip', line 1: the JSON runs on past byte 1079, where its DHIP header says the message ends"
{ head -c 16 crossregion.dhip; printf '\337\004\000\000'; tail -c +21 crossregion.dhip; } >long.dhip
t_refused long.dhip "a header that says more" \
    "vigil-import: 'long.dhip', line 1: event 1: unknown dahua channel '0': no ident in the site names it, and no --device" \
    "vigil-import: 'long.dhip', line 2: the file ends at byte 1179, inside a DHIP message its header says ends at byte 1279"

# A Hikvision camera's alertStream as users' curl printed it in
# mezz64/pyHik#62 (MIT): an ACUSENSE DS-2CD2386G2-I's two videoloss
# "inactive" heartbeats (its keep-alive), and another camera's "duration"
# alarm (an intrusion that goes on); the paste turned CRLF into LF, so
# each Content-Length (516, 613) counts 13 and 18 bytes more than the
# body holds: the parts are found by their boundaries.  None is a
# passage or a sighting; each is counted, nothing stored.
H=$R/hikvision-pyhik
cp "$H/alertstream-62-wraggzeh.txt" "$H/alertstream-62-chrisnite.txt" .
base b.db
t_run vigil-import -A b.db alertstream-62-wraggzeh.txt
t_rc 0 "a camera's alertStream as pasted"
t_err "vigil-import: 'alertstream-62-wraggzeh.txt': imported 0 events; 2 other events (not passages or sightings) left out" \
    "two heartbeats, read past Content-Lengths that count the CRLF the paste lost"
sed 's/$/\r/' alertstream-62-wraggzeh.txt >wire.txt
t_run vigil-import -A b.db wire.txt
t_err "vigil-import: 'wire.txt': imported 0 events; 2 other events (not passages or sightings) left out" \
    "the same with CRLF put back, as the device sent it (Content-Length exact)"
t_run vigil-import -A b.db -d C-HK1 alertstream-62-chrisnite.txt
t_rc 0 "another camera's"
t_err "vigil-import: 'alertstream-62-chrisnite.txt': imported 0 events; 1 other event (not passages or sightings) left out" \
    "a duration alarm (relationEvent fielddetection) says an intrusion goes on, with no target: not a sighting"
t_run t_sql b.db "SELECT count(*) FROM sighting"
t_out "0" "nothing stored from them"


# A Prama camera's (Hikvision's firmware, std-cgi.com namespace)
# alertStream part: a VMD motion alarm the camera classified human, no
# Content-Length, LF as the protocol notes quote it
P=$R/hikvision-prama
cp "$P/alertstream-vmd-human.txt" prama.txt
sed 's/$/\r/' prama.txt >prama-wire.txt
base p.db
t_run vigil-import -A p.db prama.txt
t_rc 0 "a VMD alarm with targetType human"
t_err "vigil-import: 'prama.txt': imported 0 events; 1 other event (not passages or sightings) left out" \
    "a motion alarm stays another event, its target classified or not (vigil-formats(5))"
t_run vigil-import -A p.db prama-wire.txt
t_err "vigil-import: 'prama-wire.txt': imported 0 events; 1 other event (not passages or sightings) left out" \
    "the same with CRLF, as the device sends it"
cat=group_concat
t_file || cat=string_agg
t_run t_sql p.db "SELECT (SELECT count(*) FROM sighting), (SELECT count(*) FROM gate_event), (SELECT $cat(rows || '/' || rejected, ',') FROM source WHERE path LIKE 'prama%')"
t_out "0|0|0/0,0/0" "nothing stored, nothing refused"

# A DS-K1T344 face terminal's alertStream as a client recorded it, byte
# for byte: --MIME_boundary parts, the framing CRLF and the JSON bodies
# LF with tabs, as the device writes them; each recording stopped after
# the boundary that opens the next part.  Lima (-05:00); the site is at
# +08:00.
N=$R/hikvision-nupsterd
cp "$N/dsk1t344_f4_capture.raw" f4.raw
cp "$N/dsk1t344_alertstream_first.raw" first.raw
base n.db
t_run vigil-import -A n.db -d G-HK2 f4.raw first.raw
t_rc 0 "a face terminal's live alerts and its buffer of past ones"
t_err "vigil-import: 'f4.raw': imported 5 events; 14 other events (not passages or sightings) left out
vigil-import: 'first.raw': imported 3 events; 38 other events (not passages or sightings) left out" \
    "faces and fingers kept; videoloss keep-alives, doors, tamper, boot and remote operations left out"
t_run vigil-query -A n.db -F csv --kind gate --columns time,device,person,credential,card,direction,result,source
t_out "time,device,person,credential,card,direction,result,source
2026-02-26T23:59:20+08:00,G-HK2,6617508710,face,,unknown,granted,first.raw:788
2026-02-27T00:07:34+08:00,G-HK2,1428168725,face,,unknown,granted,first.raw:886
2026-07-11T05:36:49+08:00,G-HK2,,finger,,unknown,denied,first.raw:1150
2026-07-17T08:24:29+08:00,G-HK2,9001,face,,unknown,granted,f4.raw:70
2026-07-17T08:25:00+08:00,G-HK2,9001,face,,unknown,granted,f4.raw:184
2026-07-17T08:25:11+08:00,G-HK2,9001,finger,,unknown,granted,f4.raw:282
2026-07-17T08:25:22+08:00,G-HK2,,finger,,unknown,denied,f4.raw:373
2026-07-17T08:25:54+08:00,G-HK2,,face,,unknown,denied,f4.raw:419" \
    "5/75 and 5/76 a face, 5/38 and 5/39 a finger, at -05:00 shown at the site's +08:00"
cp f4.raw f4-cut.raw
printf 'Content-Disposition: form-data; name="AccessControllerEvent"\r\n' >>f4-cut.raw
base c.db
t_run vigil-import -A c.db -d G-HK2 f4-cut.raw
t_rc 1 "a recording cut within a part's headers"
t_err "vigil-import: 'f4-cut.raw', line 507: a part cut short in its headers" "is refused there"

t_done
