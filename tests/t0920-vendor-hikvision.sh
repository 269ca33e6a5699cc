#!/bin/sh
# t0920-vendor-hikvision: Hikvision ISAPI alerts (XML) and AcsEvent answers (JSON)
. "$top_srcdir/tests/lib.sh"

V=$top_srcdir/tests/vendor
A=a.db
vigil-import -q -A $A "$V/site.xml" || exit 1
t_file && cp $A base.db
fresh() {	# fresh DB: the site alone
	t_rm "$1"
	if t_file; then
		cp base.db "$1"
	else
		vigil-import -q -A "$1" "$V/site.xml"
	fi
}
cp "$V"/hikvision/* .
dump() { t_dump $A >"$1"; }
dump pristine
Q='vigil-query -A a.db -F csv --columns time,device,kind,track,card,plate,person,credential,direction,result,attrs,source'


t_run vigil-import -A $A face_terminal.xml anpr.xml facecapture.xml vmd.xml
t_rc 0 "four alerts"
t_err "vigil-import: 'face_terminal.xml': imported 1 event
vigil-import: 'anpr.xml': imported 1 event
vigil-import: 'facecapture.xml': imported 1 event
vigil-import: 'vmd.xml': imported 0 events; 1 other event (not passages or sightings) left out" \
    "isapi.org, no namespace, a prefixed hikvision.com; motion is not a sighting"
t_run $Q
t_out "time,device,kind,track,card,plate,person,credential,direction,result,attrs,source
2018-11-20T21:15:10+08:00,G-HK2,,,,,P0012345,face,in,granted,,face_terminal.xml:2
2018-11-20T21:16:00+08:00,C-HK1,vehicle,ANPR:1,,粤B12345,,,,,,anpr.xml:1
2018-11-20T21:16:30+08:00,C-HK1,face,faceCapture:88,,,,,,,gender=male,facecapture.xml:3" \
    "a face pass at the terminal (its MAC written with dashes), a plate at a camera, a face"
t_run t_sql $A "SELECT track, x, y, w, h FROM sighting ORDER BY track"
t_out "ANPR:1||||
faceCapture:88|0.41|0.2|0.08|0.12" "the face's box"

t_run vigil-import -A $A -d G-HK2 acs.json
t_rc 0 "an AcsEvent answer, placed with --device"
t_err "vigil-import: 'acs.json': imported 2 gate events; 1 other event (not passages or sightings) left out" \
    "a card pass, a face failure; a door event is not a passage"
t_run $Q --gate G-HK2 --from 2018-11-20T21:15:10 --to 2018-11-20T21:15:59
t_out "time,device,kind,track,card,plate,person,credential,direction,result,attrs,source
2018-11-20T21:15:10+08:00,G-HK2,,,8807123,,P0012345,badge,in,granted,,acs.json:3
2018-11-20T21:15:10+08:00,G-HK2,,,,,P0012345,face,in,granted,,face_terminal.xml:2
2018-11-20T21:15:20+08:00,G-HK2,,,,,,face,unknown,denied,,acs.json:7" "major 5, minors 1 and 76"
dump pristine

t_refused wrongns.xml "an alert in another namespace" \
    "vigil-import: 'wrongns.xml', line 1: EventNotificationAlert in namespace 'http://www.onvif.org/ver10/schema', not Hikvision's (hikvision.com, isapi.org, std-cgi.com, psialliance-org or none)"
t_refused truncated.xml "a truncated alert" \
    "vigil-import: 'truncated.xml', line 11: not well-formed XML: Couldn't find end of Start Tag event"
t_refused bomb.xml "an entity bomb" \
    "vigil-import: 'bomb.xml', line 2: document type declarations are not allowed (no DTD is read and no entity expanded)"
t_refused xxe.xml "an external entity" \
    "vigil-import: 'xxe.xml', line 2: document type declarations are not allowed (no DTD is read and no entity expanded)"
t_refused badtime.xml "a day that does not exist" \
    "vigil-import: 'badtime.xml', line 1: bad dateTime '2018-11-31T21:16:00+08:00': day out of range" \
    "vigil-import: 'badtime.xml': not imported: 1 bad record"
t_refused unknown.xml "a camera the site does not know" \
    "vigil-import: 'unknown.xml', line 1: unknown hikvision device '44:19:b6:6d:24:99' channel '1': no ident in the site names it, and no --device" \
    "vigil-import: 'unknown.xml': not imported: 1 bad record"
t_refused acs-invalid.json "invalid JSON" \
    "vigil-import: 'acs-invalid.json', line 2: invalid JSON: ']' expected near '{'"
cp acs.json acs2.json && printf '\n' >>acs2.json
t_refused acs2.json "an AcsEvent answer whose door no ident names" \
    "vigil-import: 'acs2.json', line 3: InfoList[0]: unknown hikvision channel '1': no ident in the site names it, and no --device" \
    "vigil-import: 'acs2.json', line 7: InfoList[1]: unknown hikvision channel '1': no ident in the site names it, and no --device" \
    "vigil-import: 'acs2.json', line 9: InfoList[2]: unknown hikvision channel '1': no ident in the site names it, and no --device" \
    "vigil-import: 'acs2.json': not imported: 3 bad records"
# an access terminal's alertStream, as capture tools save it: MIME parts
# of JSON alerts, a heartbeat, and the pictures sent with them (skipped,
# one holding bytes that look like a boundary without being one)
dump pristine
t_run vigil-import -A $A acs-alertstream.txt acs-alert.json
t_rc 0 "JSON alerts of an access terminal, multipart and alone"
t_err "vigil-import: 'acs-alertstream.txt': imported 3 events; 1 other event (not passages or sightings) left out
vigil-import: 'acs-alert.json': imported 1 event" "three passages and a heartbeat; one posted alone"
t_run $Q --from 2018-11-20T21:20:00 --to 2018-11-20T21:22:00
t_out "time,device,kind,track,card,plate,person,credential,direction,result,attrs,source
2018-11-20T21:20:01+08:00,G-HK2,,,,,P0012345,face,in,granted,,acs-alertstream.txt:5
2018-11-20T21:20:09+08:00,G-HK2,,,3907118250,,,badge,unknown,denied,,acs-alertstream.txt:52
2018-11-20T21:20:30+08:00,G-HK2,,,3907118250,,P0099817,badge,out,granted,,acs-alertstream.txt:102
2018-11-20T21:21:00+08:00,G-HK2,,,,,P0012345,finger,in,granted,,acs-alert.json:1" \
    "face, card denied, card granted, fingerprint: each at the line its JSON starts"

# a camera's alertStream of XML parts, and a saved log of several documents
fresh b.db
t_run vigil-import -A b.db alertstream.txt several.xml
t_rc 0 "XML parts and XML documents one after another"
t_err "vigil-import: 'alertstream.txt': imported 2 events; 1 other event (not passages or sightings) left out
vigil-import: 'several.xml': imported 1 event; 2 already in the archive, left out; 1 other event (not passages or sightings) left out" \
    "every alert is read, each at its own line; the log's face and plate are the stream's"
t_run t_sql b.db "SELECT g.line FROM gate_event g JOIN source s ON s.id = g.source WHERE s.path = 'several.xml' UNION ALL SELECT x.line FROM sighting x JOIN source s ON s.id = x.source WHERE s.path IN ('several.xml', 'alertstream.txt') ORDER BY 1"
t_out "2
20
53" "the lines of the alerts' roots"
# the same alerts in another archive, that holds them from the files of
# one alert each: every one is a duplicate, stored once
t_run vigil-import -A $A alertstream.txt several.xml
t_rc 0 "alerts already imported from other files"
t_err "vigil-import: 'alertstream.txt': imported 0 events; 2 already in the archive, left out; 1 other event (not passages or sightings) left out
vigil-import: 'several.xml': imported 0 events; 3 already in the archive, left out; 1 other event (not passages or sightings) left out" \
    "a plate, a face and a face pass: the same device, instant and object"
t_run t_sql $A "SELECT s.path, count(*) FROM gate_event g JOIN source s ON s.id = g.source GROUP BY 1 UNION ALL SELECT s.path, count(*) FROM sighting x JOIN source s ON s.id = x.source GROUP BY 1 ORDER BY 1"
t_out "acs-alert.json|1
acs-alertstream.txt|3
acs.json|2
anpr.xml|1
face_terminal.xml|1
facecapture.xml|1" "each event once, from the first file that gave it"
dump pristine

# a part that is not JSON refuses the capture, at its line
sed '52s/{/{,/' acs-alertstream.txt >acs-bad.txt
t_refused acs-bad.txt "a JSON part that is not JSON" \
    "vigil-import: 'acs-bad.txt', line 52: invalid JSON: string or '}' expected near ','"
# a key or element given twice: the first (XML) or the last (jansson)
# would win silently, another person or another time; refused with its
# line and why, as Dahua's (t0910), in each of Hikvision's forms
sed '3s/"time": "2018-11-20T21:15:10+08:00",/"time": "2018-11-20T21:15:10+08:00", "time": "1969-12-31T23:59:59+08:00",/' acs.json >acs-dup.json
t_refused acs-dup.json "an AcsEvent record with its time twice" \
    "vigil-import: 'acs-dup.json', line 3: invalid JSON: duplicate object key near '\"time\"'"
sed 's/"employeeNoString": "P0012345",/"employeeNoString": "P0012345", "employeeNoString": "P0099999",/' acs-alert.json >acs-alert-dup.json
t_refused acs-alert-dup.json "a JSON alert naming two people" \
    "vigil-import: 'acs-alert-dup.json', line 27: invalid JSON: duplicate object key near '\"employeeNoString\"'"
sed '/"employeeNoString": "P0012345",/a\
        "employeeNoString": "P0099999",' acs-alertstream.txt >acs-stream-dup.txt
t_refused acs-stream-dup.txt "a JSON part of an alertStream naming two people" \
    "vigil-import: 'acs-stream-dup.txt', line 32: invalid JSON: duplicate object key near '\"employeeNoString\"'"
sed '/<dateTime>/a\
<dateTime>1969-12-31T23:59:59</dateTime>' face_terminal.xml >dup-time.xml
t_refused dup-time.xml "an XML alert with two dateTime" \
    "vigil-import: 'dup-time.xml', line 2: dateTime given twice (lines 8 and 9): which is meant cannot be told" \
    "vigil-import: 'dup-time.xml': not imported: 1 bad record"
sed '/<employeeNoString>/a\
<employeeNoString>P0099999</employeeNoString>' face_terminal.xml >dup-person.xml
t_refused dup-person.xml "an XML alert naming two people" \
    "vigil-import: 'dup-person.xml', line 2: employeeNoString given twice (lines 20 and 21): which is meant cannot be told" \
    "vigil-import: 'dup-person.xml': not imported: 1 bad record"
sed '/<licensePlate>/p' anpr.xml >dup-plate.xml
t_refused dup-plate.xml "an ANPR alert with two plates" \
    "vigil-import: 'dup-plate.xml', line 1: licensePlate given twice (lines $(grep -n licensePlate anpr.xml | cut -d: -f1) and $(($(grep -n licensePlate anpr.xml | cut -d: -f1) + 1))): which is meant cannot be told" \
    "vigil-import: 'dup-plate.xml': not imported: 1 bad record"
sed 's|xmlns="http://www.hikvision.com/ver20/XMLSchema"|xmlns="http://example.com/other"|' several.xml >several-ns.xml
t_refused several-ns.xml "a document of the log in another namespace" \
    "vigil-import: 'several-ns.xml', line 29: EventNotificationAlert in namespace 'http://example.com/other', not Hikvision's (hikvision.com, isapi.org, std-cgi.com, psialliance-org or none)"
head -c 1200 several.xml >several-cut.xml	# ends in its second document, at a '<' 
t_refused several-cut.xml "a log cut short" \
    "vigil-import: 'several-cut.xml', line 33: not well-formed XML: the document ends inside <EventNotificationAlert> (cut short?)"
# a byte order mark at the start is ignored by every vendor's reader
# (ZKTeco's: t0900; CSV: t0200)
for f in hikvision/face_terminal.xml hikvision/several.xml hikvision/alertstream.txt \
    hikvision/acs-alertstream.txt hikvision/acs-alert.json hikvision/acs.json \
    dahua/eventmanager.txt dahua/access.json onvif/stream.xml onvif/metadata.xml; do
	{ printf '\357\273\277'; cat "$V/$f"; } >"bom-${f#*/}"
	fresh b.db
	vigil-import -A b.db -d D-DH2 "bom-${f#*/}"
done 2>err
t_err "vigil-import: 'bom-face_terminal.xml': imported 1 event
vigil-import: 'bom-several.xml': imported 3 events; 1 other event (not passages or sightings) left out
vigil-import: 'bom-alertstream.txt': imported 2 events; 1 other event (not passages or sightings) left out
vigil-import: 'bom-acs-alertstream.txt': imported 3 events; 1 other event (not passages or sightings) left out
vigil-import: 'bom-acs-alert.json': imported 1 event
vigil-import: 'bom-acs.json': imported 2 gate events; 1 other event (not passages or sightings) left out
vigil-import: 'bom-eventmanager.txt': imported 3 events; 3 other events (not passages or sightings) left out
vigil-import: 'bom-access.json': imported 2 events
vigil-import: 'bom-stream.xml': imported 2 events
vigil-import: 'bom-metadata.xml': imported 3 events" "the same records as without it"
# a capture that kept the HTTP response's headers: the boundary is theirs
{ printf 'HTTP/1.1 200 OK\r\nContent-Type: multipart/mixed; boundary=boundary\r\nConnection: close\r\n\r\n'
  cat alertstream.txt; } >http-alertstream.txt
fresh b.db
t_run vigil-import -A b.db http-alertstream.txt
t_err "vigil-import: 'http-alertstream.txt': imported 2 events; 1 other event (not passages or sightings) left out" \
    "the parts after the response's headers"
# older NVRs name one boundary in the response's header and write
# another, always "--boundary" (as an integration that reads them notes):
# the parts' own boundary line is the one
{ printf 'HTTP/1.1 200 OK\r\nContent-Type: multipart/mixed; boundary=<boundary>\r\nConnection: close\r\n\r\n'
  cat alertstream.txt; } >nvr-alertstream.txt
fresh b.db
t_run vigil-import -A b.db nvr-alertstream.txt
t_err "vigil-import: 'nvr-alertstream.txt': imported 2 events; 1 other event (not passages or sightings) left out" \
    "the parts read by the boundary they are written with"
# a capture begun within a stream (as users paste curl's output of
# alertStream): a document, then --boundary parts, LF line ends
fresh b.db
t_run vigil-import -A b.db midstream.txt
t_rc 0 "a document, then parts"
t_err "vigil-import: 'midstream.txt': imported 1 event; 2 other events (not passages or sightings) left out" \
    "two motion alarms and a line crossing"
t_run vigil-query -A b.db -F csv --camera C-HK1 --columns time,kind,track,source
t_out "time,kind,track,source
2018-11-20T21:30:03+08:00,,linedetection:1,midstream.txt:33" "the crossing at its line, in the third document"
# the same of an access terminal's JSON alerts: an alert, then parts
cat acs-alert.json acs-alertstream.txt >midstream-acs.txt
fresh b.db
t_run vigil-import -A b.db midstream-acs.txt
t_rc 0 "a JSON alert, then parts"
t_err "vigil-import: 'midstream-acs.txt': imported 4 events; 1 other event (not passages or sightings) left out" \
    "the fingerprint of the first, three passages and a heartbeat of the parts"
# an access terminal's door event in JSON (DS-K1T502 firmware: major 5,
# minor 21, door unlocked, no person, card or verify mode) is not a passage
fresh b.db
t_run vigil-import -A b.db door-alert.json
t_rc 0 "a door unlocked"
t_err "vigil-import: 'door-alert.json': imported 0 events; 1 other event (not passages or sightings) left out" \
    "counted, not stored"
# a preamble before the first boundary line is allowed (MIME); a
# boundary that no line matches is a capture that cannot be read, not
# one without events
{ printf 'HTTP/1.1 200 OK\r\nContent-Type: multipart/mixed; boundary=boundary\r\n\r\nThis is a multi-part message in MIME format.\r\n'
  cat alertstream.txt; } >preamble.txt
fresh b.db
t_run vigil-import -A b.db preamble.txt
t_err "vigil-import: 'preamble.txt': imported 2 events; 1 other event (not passages or sightings) left out" \
    "a preamble skipped"
dump pristine
sed 's/boundary=boundary/boundary=MIME_boundary/' preamble.txt >mismatch.txt
t_refused mismatch.txt "a boundary no line matches" \
    "vigil-import: 'mismatch.txt', line 4: no line of the file is the boundary '--MIME_boundary' that the HTTP header names (line 2): no part to read"
sed '/^--boundary/d' preamble.txt >noparts.txt
t_refused noparts.txt "parts without their boundary lines" \
    "vigil-import: 'noparts.txt', line 4: no line of the file is the boundary '--boundary' that the HTTP header names (line 2): no part to read"
dump pristine
sed '4{/^\r$/d}' alertstream.txt >noblank.txt
t_refused noblank.txt "a part whose headers do not end in a blank line" \
    "vigil-import: 'noblank.txt', line 4: a part without the blank line that ends its headers"
{ printf 'HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n'; cat several.xml; } >http-xml.txt
t_refused http-xml.txt "an HTTP response that is not multipart" \
    "vigil-import: 'http-xml.txt', line 4: an HTTP response that is not multipart (no boundary)"
# motion with target classification (newer firmware, std-cgi.com
# namespace) stays another event; a line crossing's targetType gives the kind
t_run vigil-import -A $A vmd-human.xml line-human.xml
t_rc 0 "a classified motion alarm and a line crossing"
t_err "vigil-import: 'vmd-human.xml': imported 0 events; 1 other event (not passages or sightings) left out
vigil-import: 'line-human.xml': imported 1 event" "motion is not a sighting, even of a human"
t_run vigil-query -A $A -F csv --kind sighting --camera C-HK1 --from 2018-11-20T21:18:00 --to 2018-11-20T21:19:00 --columns time,kind,track,source
t_out "time,kind,track,source
2018-11-20T21:18:30+08:00,person,linedetection:2,line-human.xml:1" "DetectionTargetList/targetType human is a person"
# the terminal's own record numbers (serialNo) decide where both files
# give one: its AcsEvent answer's record 2743 is the alert posted for it
# (acs-alert.json), though the answer says less (no mode of
# verification, so no credential); a record alike in all else but
# numbered 2744 is another passage
dump pristine
printf '%s\n' '{"AcsEvent": {"searchID": "2", "totalMatches": 2, "InfoList": [' \
    ' {"major": 5, "minor": 0, "time": "2018-11-20T21:21:00+08:00", "doorNo": 1,' \
    '  "employeeNoString": "P0012345", "serialNo": 2743, "attendanceStatus": "checkIn"},' \
    ' {"major": 5, "minor": 38, "time": "2018-11-20T21:21:00+08:00", "doorNo": 1,' \
    '  "employeeNoString": "P0012345", "serialNo": 2744, "attendanceStatus": "checkIn"}]}}' >acs-2743.json
t_run vigil-import -A $A -d G-HK2 acs-2743.json
t_rc 0 "an answer with a record posted before, and one numbered apart"
t_err "vigil-import: 'acs-2743.json': imported 1 gate event; 1 already in the archive, left out" \
    "record 2743 is the alert's; 2744 is kept though its content is the alert's"
t_run $Q --gate G-HK2 --from 2018-11-20T21:21:00 --to 2018-11-20T21:21:01
t_out "time,device,kind,track,card,plate,person,credential,direction,result,attrs,source
2018-11-20T21:21:00+08:00,G-HK2,,,,,P0012345,finger,in,granted,,acs-2743.json:4
2018-11-20T21:21:00+08:00,G-HK2,,,,,P0012345,finger,in,granted,,acs-alert.json:1" \
    "two fingerprint passages in one second, each the terminal numbered"
r=row
t_file || r=row_id	# on a server (ROW is a word of its SQL)
t_run t_sql $A "SELECT e.number, s.path FROM event_no e JOIN gate_event g ON g.id = e.$r AND e.kind = 0 JOIN source s ON s.id = g.source WHERE e.number IN ('2743', '2744') ORDER BY 1"
t_out "2743|acs-alert.json
2744|acs-2743.json" "the numbers kept with the rows"
# a record of that number in another second is another event (a terminal
# whose numbers began again)
sed 's/"serialNo": 2744/"serialNo": 2743/; 4s/21:21:00/21:25:00/' acs-2743.json >acs-again.json
t_run vigil-import -A $A -d G-HK2 acs-again.json
t_err "vigil-import: 'acs-again.json': imported 1 gate event; 1 already in the archive, left out" \
    "record 2743 at 21:25:00 is kept"
# an element's text is all the text in it, whatever splits it: a
# comment, a CDATA section, a character or entity reference, a line end
dump pristine
sed 's|<licensePlate>粤B12345</licensePlate>|<licensePlate>\n  粤<!-- province -->B<![CDATA[12]]>\&#51;4\&amp;5\n  </licensePlate>|; s|21:16:00|21:26:00|' anpr.xml >anpr-split.xml
t_run vigil-import -A $A anpr-split.xml
t_rc 0 "a plate written in pieces"
t_run $Q --camera C-HK1 --from 2018-11-20T21:26:00 --to 2018-11-20T21:26:01
t_out "time,device,kind,track,card,plate,person,credential,direction,result,attrs,source
2018-11-20T21:26:00+08:00,C-HK1,vehicle,ANPR:1,,粤B1234&5,,,,,,anpr-split.xml:1" \
    "the pieces joined, the blank space about them trimmed"
# a document type declaration after more than the reader looks ahead at
# (a comment of 100,000 bytes) is stopped by the parser at its line,
# before any of its declarations is read
dump pristine
{ printf '<?xml version="1.0"?>\n<!-- '; head -c 100000 /dev/zero | tr '\0' x;
  printf ' -->\n<!DOCTYPE EventNotificationAlert [\n<!ENTITY a "aaaaaaaaaa">\n]>\n'; cat anpr.xml; } >late-dtd.xml
t_run vigil-import -A $A -t hikvision late-dtd.xml
t_rc 1 "a late document type declaration"
t_err "vigil-import: 'late-dtd.xml', line 3: document type declarations are not allowed (no DTD is read and no entity expanded)" \
    "refused at its line"
dump now
t_same now pristine "the archive unchanged"
# the XML parts of a stream are read by one parser, one after another;
# a part written otherwise than a bare alert (an XML declaration in
# either quotes, a byte order mark, a comment before or after the root,
# another encoding) is read all the same, each alert at its root's line
p() {	# p TIME PLATE [BEFORE] [AFTER]: a part holding a plate read
	printf -- '--boundary\r\nContent-Type: application/xml\r\n\r\n'
	printf "${3:-}"'<EventNotificationAlert version="2.0">\n<macAddress>44:19:b6:6d:24:85</macAddress>\n<channelID>1</channelID>\n<dateTime>2018-11-20T%s+08:00</dateTime>\n<eventType>ANPR</eventType>\n<eventState>active</eventState>\n<ANPR><licensePlate>%s</licensePlate></ANPR>\n</EventNotificationAlert>'"${4:-}"'\r\n' "$1" "$2"
}
stream() {	# stream [BEFORE] [AFTER]: eight parts, these about the fifth's root
	p 21:30:00 S1
	p 21:30:01 S2 '<?xml version="1.0" encoding="UTF-8"?>\n'
	p 21:30:02 S3 "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n\n"
	p 21:30:03 S4 '\357\273\277'
	p 21:30:05 S5 "${1-<!-- before -->\n}" "${2-}"
	p 21:30:06 S6 '' '\n<!-- after -->'
	p 21:30:07 S7 '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
	p 21:30:08 S8
	printf -- '--boundary--\r\n'
}
stream >session.txt
fresh b.db
t_run vigil-import -A b.db session.txt
t_rc 0 "eight parts written each its own way"
t_err "vigil-import: 'session.txt': imported 8 events" "every plate read"
t_run vigil-query -A b.db -F csv --columns time,plate,source
t_out "time,plate,source
2018-11-20T21:30:00+08:00,S1,session.txt:4
2018-11-20T21:30:01+08:00,S2,session.txt:16
2018-11-20T21:30:02+08:00,S3,session.txt:29
2018-11-20T21:30:03+08:00,S4,session.txt:40
2018-11-20T21:30:05+08:00,S5,session.txt:52
2018-11-20T21:30:06+08:00,S6,session.txt:63
2018-11-20T21:30:07+08:00,S7,session.txt:76
2018-11-20T21:30:08+08:00,S8,session.txt:87" "each at the line of its root's start tag"
# a fifth part that is not one document: refused at the line where it
# stops being one, as a document alone is
dump pristine
stream '<a/>' >two-roots.txt
t_refused two-roots.txt "a part of two elements" \
    "vigil-import: 'two-roots.txt', line 51: not well-formed XML: Extra content at the end of the document"
stream '' 'junk' >after-root.txt
t_refused after-root.txt "a part with text after its element" \
    "vigil-import: 'after-root.txt', line 58: not well-formed XML: Extra content at the end of the document"
stream '' '&amp;' >ref-after.txt
t_refused ref-after.txt "a part with a reference after its element" \
    "vigil-import: 'ref-after.txt', line 58: not well-formed XML: Extra content at the end of the document"
stream '<!-- before -->\n<EventNotificationAlert>' >unclosed.txt
t_refused unclosed.txt "a part whose first element is not closed" \
    "vigil-import: 'unclosed.txt', line 59: not well-formed XML: the document ends inside <EventNotificationAlert> (cut short?)"

t_done
