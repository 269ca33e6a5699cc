#!/bin/sh
# t0910-vendor-dahua: Dahua RPC2 event JSON: ANPR and access control, and Dahua's times
. "$top_srcdir/tests/lib.sh"

V=$top_srcdir/tests/vendor
A=a.db
vigil-import -q -A $A "$V/site.xml" || exit 1
cp "$V"/dahua/*.json "$V"/dahua/*.txt .
dump() { t_dump $A >"$1"; }
dump pristine
Q='vigil-query -A a.db -F csv --kind gate --columns time,device,person,credential,card,plate,direction,result,source'


# ANPR: RealUTC is the instant; UTC (local wall time as an epoch) and
# TimeZone 13 (+08:00 in Dahua's table) agree with it
t_run vigil-import -A $A anpr.json
t_rc 0 "a captured event stream, three messages"
t_err "vigil-import: 'anpr.json': imported 2 events; 1 other event (not passages or sightings) left out" \
    "two plate reads; the motion alarm is counted, not stored"
t_run $Q
t_out "time,device,person,credential,card,plate,direction,result,source
2018-11-20T21:14:02.305+08:00,V-DH1,,plate,,粤B12345,unknown,,anpr.json:7
2018-11-20T21:14:20+08:00,V-DH1,,none,,,unknown,,anpr.json:36" \
    "mapped by MachineName, RealUTC with UTCMS, an empty plate read as none"

# access control: no RealUTC, so UTC is wall time read in the site's zone
t_run vigil-import -A $A access.json
t_rc 0 "access control events"
t_run $Q --gate D-DH2
t_out "time,device,person,credential,card,plate,direction,result,source
2018-11-20T21:15:15+08:00,D-DH2,P0012345,badge,8807123,,in,granted,access.json:2
2018-11-20T21:15:30+08:00,D-DH2,,face,,,out,denied,access.json:6" \
    "card and face, entry and exit, granted and denied"
dump pristine

# a device in another zone than the site's: refused, then read with -z
t_refused bangkok.json "a device at +07:00 without RealUTC" \
    "vigil-import: 'bangkok.json', line 1: the device's TimeZone 12 is +07:00, but Asia/Shanghai is +08:00 then: give the device's zone with -z" \
    "vigil-import: 'bangkok.json': not imported: 1 bad record"
t_run vigil-import -A $A -z Asia/Bangkok bangkok.json
t_rc 0 "with -z Asia/Bangkok"
t_run $Q --gate D-DH2 --from 2018-11-20T22:00:00
t_out "time,device,person,credential,card,plate,direction,result,source
2018-11-20T22:15:15+08:00,D-DH2,,badge,8807123,,in,granted,bangkok.json:1" \
    "21:15:15 in Bangkok is 22:15:15 in Shanghai"
dump pristine

t_refused mismatch.json "UTC and RealUTC that disagree with TimeZone" \
    "vigil-import: 'mismatch.json', line 1: UTC 1542748515 is RealUTC 1542723315 at +07:00, but TimeZone 13 is +08:00" \
    "vigil-import: 'mismatch.json': not imported: 1 bad record"
t_refused bad.json "bad events" \
    "vigil-import: 'bad.json', line 2: event 1: unknown dahua device 'DHAC0001' channel '3': no ident in the site names it, and no --device" \
    "vigil-import: 'bad.json', line 5: event 2: unknown Dahua TimeZone 40" \
    "vigil-import: 'bad.json', line 8: event 3: UTC and RealUTC must be whole seconds of years 0 to 9999, and TimeZone a number" \
    "vigil-import: 'bad.json', line 11: event 4: no time (UTC, RealUTC or LocaleTime)" \
    "vigil-import: 'bad.json': not imported: 4 bad records"
# a message of one event (as the samples' TrafficJunction): the event
# named, at its own line, not the message's first
printf '%s\n' '{"id": 1, "method": "client.notifyEventStream",' \
    ' "params": {"SID": 5, "eventList": [' \
    '  {"Code": "AccessControl", "Action": "Pulse",' \
    '   "Data": {"MachineName": "DH-NONE", "UTC": 1542748515}}]}}' >one.json
t_run vigil-import -A $A one.json
t_err "vigil-import: 'one.json', line 3: event 1: unknown dahua device 'DH-NONE': no ident in the site names it, and no --device
vigil-import: 'one.json': not imported: 1 bad record" "a message of one event: the event and its line"

# invalid JSON, as in a pasted capture with a comma lost: the line of the fault
t_run vigil-import -A $A invalid.json
t_rc 1 "invalid JSON"
t_err "vigil-import: 'invalid.json', line 5: invalid JSON: '}' expected near '\"session\"'" "names the line"
head -c 300 anpr.json >cut.json
t_run vigil-import -A $A cut.json
t_rc 1 "a file cut short"
t_grep "^vigil-import: 'cut.json', line 1[0-9]: invalid JSON: " err "is invalid JSON at its end"
printf '{"Code": "AccessControl", "Data": {"UTC": 1542748515, "CardNo": "\377"}}\n' >utf8.json
t_run vigil-import -A $A utf8.json
t_rc 1 "invalid UTF-8"
t_err "vigil-import: 'utf8.json', line 1: invalid JSON: unable to decode byte 0xff near '\"'" "is invalid JSON"
dump now
t_same now pristine "archive unchanged"
# eventManager.cgi?action=attach as captured: text parts between
# --myboundary lines; door and face codes are gate events
t_run vigil-import -A $A -d D-DH2 eventmanager.txt
t_rc 0 "the text form"
t_err "vigil-import: 'eventmanager.txt': imported 2 events; 1 already in the archive, left out; 3 other events (not passages or sightings) left out" \
    "a card at the controller (access.json's, stored once), a face at the door station, a card at it; motion and a heartbeat counted"
vigil-query -A $A -F csv --gate D-DH2 --columns time,device,person,card,credential,direction,result,score,source |
    grep -e '^time,' -e ',eventmanager.txt:' -e '^2018-11-20T21:15:15' >out
t_out "time,device,person,card,credential,direction,result,score,source
2018-11-20T21:15:15+08:00,D-DH2,P0012345,8807123,badge,in,granted,,access.json:2
2018-11-20T22:15:35+08:00,D-DH2,22222,,face,unknown,,0.92,eventmanager.txt:34
2018-11-20T22:16:02+08:00,D-DH2,,8807124,badge,unknown,,,eventmanager.txt:64" \
    "AccessControl read as in RPC2; _DoorFace_ with its similarity; DoorCard's Number is the card"
dump pristine
t_run vigil-import -A $A -d D-DH2 eventmanager-bad.txt
t_rc 1 "an event whose data is not JSON"
t_err "vigil-import: 'eventmanager-bad.txt', line 25: AccessControl event: invalid JSON in data: '}' expected near '\"UTC\"'
vigil-import: 'eventmanager-bad.txt': not imported: 1 bad record" "is rejected at the line of the fault"
dump now
t_same now pristine "archive unchanged"
t_run vigil-import -k -A $A -d D-DH2 eventmanager-bad.txt
t_err "vigil-import: 'eventmanager-bad.txt', line 25: AccessControl event: invalid JSON in data: '}' expected near '\"UTC\"' (skipped)
vigil-import: 'eventmanager-bad.txt': imported 0 events, rejected 1; 1 already in the archive, left out" \
    "with -k the clean event is read: the card event stored before"
# the same events in RPC2 form: _DoorFace_ and DoorCard are door events there too
printf '%s\n' '{"method": "client.notifyEventStream", "params": {"SID": 9, "eventList": [' \
    '{"Code": "_DoorFace_", "Action": "Pulse", "Index": 0, "Data": {"RealUTC": 1542723400, "UserID": "22222", "Similarity": 88, "Door": 0}},' \
    '{"Code": "DoorCard", "Action": "Pulse", "Index": 0, "Data": {"UTC": 1542752230, "Number": "8807126"}}]}}' >doors.json
t_run vigil-import -A $A -d D-DH2 doors.json
t_err "vigil-import: 'doors.json': imported 2 events" "door codes in RPC2"
t_run vigil-query -A $A -F csv --gate D-DH2 --from 2018-11-20T22:16:30 --to 2018-11-20T22:18:00 --columns time,person,card,credential,score
t_out "time,person,card,credential,score
2018-11-20T22:16:40+08:00,22222,,face,0.88
2018-11-20T22:17:10+08:00,,8807126,badge," "a face and a card"
dump pristine

# the one rule of plausible time holds for numbers as for text
printf '{"Code": "AccessControl", "Index": 0, "Data": {"MachineName": "DHAC0001",\n "RealUTC": 86400, "UserID": "P0012345", "Door": 0}}\n' >y1970.json
t_refused y1970.json "a RealUTC of 1970" \
    "vigil-import: 'y1970.json', line 1: time 1970-01-02T08:00:00+08:00 is before 2000: not a time a device recorded (a clock reset?)" \
    "vigil-import: 'y1970.json': not imported: 1 bad record"
printf '{"Code": "AccessControl", "Index": 0, "Data": {"MachineName": "DHAC0001",\n "LocaleTime": "2100-01-01 00:00:00", "UserID": "P0012345", "Door": 0}}\n' >y2100.json
t_run vigil-import -A $A y2100.json
t_rc 1 "a LocaleTime of 2100"
t_grep "^vigil-import: 'y2100.json', line 1: LocaleTime 2100-01-01T00:00:00+08:00 is more than a day after this import (20[0-9-]*T[0-9:]*+08:00): a clock set ahead?\$" err "is refused"

# seconds read exactly, not through a double: the int64 limit is refused
printf '{"Code": "AccessControl", "Index": 0, "Data": {"MachineName": "DHAC0001",\n "RealUTC": 9223372036854775807, "UserID": "P0012345", "Door": 0}}\n' >max.json
t_refused max.json "a RealUTC of 2^63-1" \
    "vigil-import: 'max.json', line 1: UTC and RealUTC must be whole seconds of years 0 to 9999, and TimeZone a number" \
    "vigil-import: 'max.json': not imported: 1 bad record"
printf '{"Code": "AccessControl", "Index": 0, "Data": {"MachineName": "DHAC0001",\n "RealUTC": 1542723315, "UTC": 253402300799, "TimeZone": 13, "Door": 0}}\n' >far.json
t_refused far.json "a UTC far from RealUTC" \
    "vigil-import: 'far.json', line 1: UTC 253402300799 is more than a day from RealUTC 1542723315" \
    "vigil-import: 'far.json': not imported: 1 bad record"

# a key given twice: the last would win silently (another person, 1969)
printf '{"Code": "AccessControl", "Index": 0, "Data": {"MachineName": "DHAC0001",\n "UTC": 1542748515, "TimeZone": 13, "UserID": "P0012345",\n "UserID": "P0099999", "UTC": -1, "Door": 0}}\n' >dup.json
t_run vigil-import -A $A dup.json
t_rc 1 "a key given twice in an event"
t_err "vigil-import: 'dup.json', line 3: invalid JSON: duplicate object key near '\"UserID\"'" "is refused, by line"
dump now
t_same now pristine "archive unchanged"

# a stream too large to read whole is read an event at a time: 100,000
# events (23 MB) within 120 MB, and an error in one named by its line
awk 'BEGIN { printf "{\"method\": \"client.notifyEventStream\", \"params\": {\"SID\": 77, \"eventList\": [\n"
    for (i = 0; i < 100000; i++)
	printf "%s  {\"Code\": \"AccessControl\", \"Index\": 0, \"Data\": {\"MachineName\": \"DHAC0001\", \"UTC\": %d, \"TimeZone\": 13, \"CardNo\": \"8807123\", \"UserID\": \"P%07d\", \"Method\": 1, \"Type\": \"Entry\", \"Status\": 1, \"Door\": 0, \"Padding\": \"................................................................\"}}\n",
	    i ? "," : "", 1542748515 + i, i
    printf "]}}\n" }' >big.json
sed '50001s/"UTC": [0-9]*/"UTC": "x"/' big.json >bad-big.json
t_run vigil-import -A $A bad-big.json
t_rc 1 "a large stream with one bad event"
t_err "vigil-import: 'bad-big.json', line 50001: event 50000: UTC and RealUTC must be whole seconds of years 0 to 9999, and TimeZone a number
vigil-import: 'bad-big.json': not imported: 1 bad record" "names its line and place"
sed '70001s/"Index": 0,/"Index": 0/' big.json >broken-big.json
t_run vigil-import -A $A broken-big.json
t_rc 1 "a large stream with a comma lost"
t_err "vigil-import: 'broken-big.json', line 70001: invalid JSON: '}' expected near '\"Data\"'" "names its line"
sed '1s/"SID": 77,/"SID": 77, "SID": 78,/' big.json >dup-big.json
t_run vigil-import -A $A dup-big.json
t_rc 1 "a large stream with a key twice"
t_err "vigil-import: 'dup-big.json', line 1: invalid JSON: duplicate object key" "is refused"
dump now
t_same now pristine "archive unchanged"
# out of memory, said as such: 2.3 million empty arrays (7 MB, under
# the 8 MB read whole) take jansson about 300 MB; the same as one event
# of a stream too large to read whole, where events are loaded one by one
dump pristine
awk 'BEGIN { printf "{\"SID\": 77, \"params\": {\"eventList\": ["
    for (i = 0; i < 2300000; i++)
	printf "%s[]", i ? "," : ""
    printf "]}}\n" }' >oom.json
awk 'BEGIN { printf "{\"SID\": 77, \"params\": {\"eventList\": [\n["
    for (i = 0; i < 2300000; i++)
	printf "%s[]", i ? "," : ""
    printf "],\n\"%09000000d\"]}}\n", 0 }' >oom-stream.json
if [ -n "${ASAN_OPTIONS:-}" ]; then
	for i in 1 2 3 4 5 6; do
		t_ok 0 "# SKIP no memory bound under AddressSanitizer"
	done
else
	(t_vlimit 120000; vigil-import -A $A oom.json >out 2>err)
	rc=$?
	t_rc 1 "a 7 MB document that takes more than 120 MB"
	t_err "vigil-import: 'oom.json', line 1: out of memory" \
	    "is refused as out of memory, not as invalid JSON"
	dump now
	t_same now pristine "archive unchanged"
	(t_vlimit 120000; vigil-import -A $A oom-stream.json >out 2>err)
	rc=$?
	t_rc 1 "an event of a 16 MB stream that takes more than 120 MB"
	t_err "vigil-import: 'oom-stream.json', line 2: out of memory" \
	    "is refused as out of memory, by its line"
	dump now
	t_same now pristine "archive unchanged"
fi
(t_vlimit 120000; vigil-import -A $A big.json >out 2>err)
rc=$?
t_rc 0 "a 23 MB stream, within 120 MB"
t_err "vigil-import: 'big.json': imported 100000 events" "every event"
t_run $Q --gate D-DH2 --from 2018-11-22T00:00:00 -n 1 --columns time,person,source
t_out "time,person,source
2018-11-22T00:00:00+08:00,P0096285,big.json:96287" "each event with its own line"
# a stream between 8 and 16 MB was read whole (the buffer doubles from
# 8 to 16 MB and held its end): 55,000 of those events, 16 MB
{ sed -n '1,55001p' big.json | sed '$s/,$//'; echo ']}}'; } >mid.json
(t_vlimit 120000; vigil-import -A $A mid.json >out 2>err)
rc=$?
t_rc 0 "a 16 MB stream, within 120 MB"
t_err "vigil-import: 'mid.json': imported 0 events; 55000 already in the archive, left out" \
    "read an event at a time"
# a door station's eventManager stream writes the true UTC and its wall
# clock (LocaleTime) beside it, here at +02:00; a traffic camera writes
# the wall clock as UTC.  LocaleTime tells which: the true UTC is the
# instant when the site's zone (or -z) makes it LocaleTime
dump pristine
t_run vigil-import -A $A -d D-DH2 vto-utc.txt
t_rc 1 "true UTC two hours from LocaleTime, the site at +08:00"
t_err "vigil-import: 'vto-utc.txt', line 5: LocaleTime '2020-03-02 20:24:08' is UTC 1583173448 at +02:00, but Asia/Shanghai is +08:00 then: give the device's zone with -z
vigil-import: 'vto-utc.txt', line 30: LocaleTime '2020-03-02 20:24:31' is UTC 1583173471 at +02:00, but Asia/Shanghai is +08:00 then: give the device's zone with -z
vigil-import: 'vto-utc.txt': not imported: 2 bad records" "each refused with the offset it shows"
dump now
t_same now pristine "archive unchanged"
t_run vigil-import -A $A -z Asia/Jerusalem -d D-DH2 vto-utc.txt
t_rc 0 "with the device's zone"
t_err "vigil-import: 'vto-utc.txt': imported 2 events; 1 other event (not passages or sightings) left out" \
    "two doors opened, a heartbeat"
t_run $Q --gate D-DH2 --from 2020-03-02T00:00:00 --to 2020-03-04T00:00:00 --columns time,person,credential,direction,result,source
t_out "time,person,credential,direction,result,source
2020-03-03T02:24:08+08:00,9901,none,in,granted,vto-utc.txt:5
2020-03-03T02:24:31+08:00,9902,finger,in,granted,vto-utc.txt:30" \
    "UTC 1583173448 is 18:24:08Z, 20:24:08 at +02:00, shown at the site's +08:00"
# IVS rules' events in the text form: a line crossed by an object is a
# sighting; one without its Object, and the rule's Stop, are not
dump pristine
ivs() {		# ivs BODY: one text part, as eventManager.cgi writes it
	printf -- '--myboundary\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s\r\n' \
	    "$(printf '%s' "$1" | wc -c)" "$1"
}
{ ivs 'Code=CrossLineDetection;action=Start;index=0;data={
   "Class" : "Normal",
   "Direction" : "RightToLeft",
   "LocaleTime" : "2021-05-08 20:40:56",
   "Name" : "Rule1",
   "Object" : { "Action" : "Appear", "BoundingBox" : [ 4816, 4552, 5248, 5272 ], "ObjectID" : 542, "ObjectType" : "Unknown" },
   "UTC" : 1620477656,
   "UTCMS" : 180
}'
  ivs 'Code=CrossLineDetection;action=Stop;index=0;data={ "UTC" : 1620477660 }'
  ivs 'Code=CrossRegionDetection;action=Start;index=0;data={ "LocaleTime" : "2021-05-08 20:41:00", "UTC" : 1620477660 }'
  ivs 'Code=CrossRegionDetection;action=Start;index=0;data={
   "LocaleTime" : "2021-05-08 20:41:02",
   "Object" : { "BoundingBox" : [ 100, 200, 50, 300 ], "ObjectID" : 543, "ObjectType" : "Vehicle" },
   "UTC" : 1620477662
}'
} >ivs.txt
t_run vigil-import -A $A -d C-DH3 ivs.txt
t_rc 0 "IVS events in the text form"
t_err "vigil-import: 'ivs.txt': imported 2 events; 2 other events (not passages or sightings) left out" \
    "two crossings with their objects; a Stop and a rule's state without one counted"
t_run vigil-query -A $A -F csv --camera C-DH3 --from 2021-05-08T00:00:00 --to 2021-05-09T00:00:00 --columns time,device,kind,track,source
t_out "time,device,kind,track,source
2021-05-08T20:40:56.180+08:00,C-DH3,,CrossLineDetection:542,ivs.txt:5
2021-05-08T20:41:02+08:00,C-DH3,vehicle,CrossRegionDetection:543,ivs.txt:28" \
    "ObjectType Unknown is no kind, Vehicle a vehicle; the line of each event"
t_run t_sql $A "SELECT track, x, y, w, h FROM sighting WHERE track LIKE 'Cross%:54_' ORDER BY track"
t_out "CrossLineDetection:542|0.587890625|0.5556640625|0.052734375|0.087890625
CrossRegionDetection:543||||" "the box from 8192ths; corners in the wrong order give none"
# a camera set to +12:00 without summer time, in New Zealand's summer
# (+13:00), as a real capture shows one: UTC written as a float (".0"),
# LocaleTime twelve hours ahead of it.  Neither the site's zone nor
# Pacific/Auckland is that offset: refused, with the offset; the
# device's fixed zone imports the true instant
dump pristine
t_run vigil-import -A $A -d C-DH3 nz-noDST.txt
t_rc 1 "a LocaleTime at +12:00, the site at +08:00"
t_err "vigil-import: 'nz-noDST.txt', line 5: LocaleTime '2019-02-03 07:42:18' is UTC 1549136538 at +12:00, but Asia/Shanghai is +08:00 then: give the device's zone with -z
vigil-import: 'nz-noDST.txt': not imported: 1 bad record" "refused with its offset"
dump now
t_same now pristine "archive unchanged"
t_run vigil-import -A $A -d C-DH3 -z Pacific/Auckland nz-noDST.txt
t_rc 1 "the zone of the place, in its summer time"
t_err "vigil-import: 'nz-noDST.txt', line 5: LocaleTime '2019-02-03 07:42:18' is UTC 1549136538 at +12:00, but Pacific/Auckland is +13:00 then: give the device's zone with -z
vigil-import: 'nz-noDST.txt': not imported: 1 bad record" "names both offsets"
t_run vigil-import -A $A -d C-DH3 -z Etc/GMT-12 nz-noDST.txt
t_err "vigil-import: 'nz-noDST.txt': imported 1 event; 1 other event (not passages or sightings) left out" \
    "the device's own zone (Etc/GMT-12 is +12:00)"
t_run vigil-query -A $A -F csv --camera C-DH3 --from 2019-02-03 --to 2019-02-04 --columns time,kind,track,source
t_out "time,kind,track,source
2019-02-03T03:42:18.415+08:00,person,CrossLineDetection:131,nz-noDST.txt:5" \
    "UTC 1549136538.0 with UTCMS: 19:42:18.415Z"
# the Events[N].key=value form of door stations and controllers: each
# N one event, its keys nested as the JSON form's Data, digits numbers
# but for ids and card numbers
dump pristine
t_run vigil-import -A $A -d D-DH2 events-kv.txt
t_rc 0 "the Events[N] form"
t_err "vigil-import: 'events-kv.txt': imported 2 events; 3 other events (not passages or sightings) left out" \
    "a card, a face refused; motion and two heartbeats counted"
vigil-query -A $A -F csv --gate D-DH2 --columns time,person,card,credential,direction,result,score,source |
    grep -e '^time,' -e ',events-kv.txt:' >out
t_out "time,person,card,credential,direction,result,score,source
2018-11-20T22:30:00+08:00,7001,0088071,badge,in,granted,,events-kv.txt:10
2018-11-20T22:31:02+08:00,7002,,face,out,denied,0.93,events-kv.txt:47" \
    "the card number keeps its leading zeros; Events[1] read at its first key"
dump pristine
printf -- '--myboundary\r\nContent-Type: text/plain\r\n\r\n%s\r\n--myboundary\r\nContent-Type: text/plain\r\n\r\n%s\r\n--myboundary--\r\n' \
    "$(printf '%s\r\n' 'Events[0].EventBaseInfo.Code=AccessControl' \
    'Events[0].UTC=1542753100' 'Events[0].UserID=7003' 'Events[0].UserID=7004' \
    'Events[1].EventBaseInfo.Code=AccessControl' 'Events[1].UTC=1542753101' \
    'Events[1].ImageInfo[5000].Height=1' 'Events[2.UserID=7005' \
    'Events[2].EventBaseInfo.Code=AccessControl' 'Events[2].Object=' \
    'Events[2].Object.ObjectID=4' 'Events[3].UTC=1542753103' \
    'Events[3].UserID=7006')" \
    "$(printf '%s\r\n' 'Events[0].EventBaseInfo.Code=AccessControl' \
    'Events[0].UTC=1542753104' 'Events[0].UserID=7007' 'Events[0].Status=1')" >kvbad.txt
t_run vigil-import -A $A -d D-DH2 kvbad.txt
t_rc 1 "damaged events of the Events[N] form"
t_err "vigil-import: 'kvbad.txt', line 7: Events[0].UserID: a key given twice
vigil-import: 'kvbad.txt', line 10: Events[1].ImageInfo[5000].Height: an index not a number or past 1024
vigil-import: 'kvbad.txt', line 11: not an Events[N].key=value line: 'Events[2.UserID=7005'
vigil-import: 'kvbad.txt', line 14: Events[2].Object.ObjectID: a key given both a value and members
vigil-import: 'kvbad.txt', line 15: Events[3]: no EventBaseInfo.Code
vigil-import: 'kvbad.txt': not imported: 5 bad records" "each with the line that is wrong"
dump now
t_same now pristine "archive unchanged"
t_run vigil-import -k -A $A -d D-DH2 kvbad.txt
t_rc 1 "with -k (records were rejected)"
t_err "vigil-import: 'kvbad.txt', line 7: Events[0].UserID: a key given twice (skipped)
vigil-import: 'kvbad.txt', line 10: Events[1].ImageInfo[5000].Height: an index not a number or past 1024 (skipped)
vigil-import: 'kvbad.txt', line 11: not an Events[N].key=value line: 'Events[2.UserID=7005' (skipped)
vigil-import: 'kvbad.txt', line 14: Events[2].Object.ObjectID: a key given both a value and members (skipped)
vigil-import: 'kvbad.txt', line 15: Events[3]: no EventBaseInfo.Code (skipped)
vigil-import: 'kvbad.txt': imported 1 event, rejected 5" "the clean event imported"
vigil-query -A $A -F csv --gate D-DH2 --columns time,person,result,source |
    grep -e '^time,' -e ',kvbad.txt:' >out
t_out "time,person,result,source
2018-11-20T22:31:44+08:00,7007,granted,kvbad.txt:20" "only the clean event"
# a key or value not UTF-8 (a damaged record) rejects its event, by line
printf 'Events[0].EventBaseInfo.Code=AccessControl\r\nEvents[0].UTC=1542753100\r\nEvents[0].User\377ID=7003\r\nEvents[1].EventBaseInfo.Code=AccessControl\r\nEvents[1].UTC=1542753101\r\nEvents[1].UserID=70\377\r\n' >kvutf.txt
dump pristine
t_run vigil-import -A $A -d D-DH2 kvutf.txt
t_rc 1 "keys and values not UTF-8"
t_err "vigil-import: 'kvutf.txt', line 3: Events[0].User\\xffID: invalid UTF-8
vigil-import: 'kvutf.txt', line 6: Events[1].UserID: invalid UTF-8
vigil-import: 'kvutf.txt': not imported: 2 bad records" "each event rejected at its line; the Events[N] form without boundaries is recognised"
dump now
t_same now pristine "archive unchanged"
# a Code= event refused for its NUL byte stays refused when a line of
# the Events[N] form with a NUL byte follows (it was read again as the
# event before it: "line 2: AccessControl event without Data")
printf 'Code=AccessControl;action=Pulse;index=0;data={"CardNo":"8807999","Method":1,"Status":1,"Type":"Entry","UTC":1542753110,"UserID":"7008"}\nCode=Other\000;index=0\nEvents[0].x\000\n' >kvnul.txt
t_run vigil-import -k -A $A -d D-DH2 kvnul.txt
t_rc 1 "NUL bytes in a Code= event and an Events[N] line"
t_err "vigil-import: 'kvnul.txt', line 2: a NUL byte in an event: a damaged record (skipped)
vigil-import: 'kvnul.txt', line 3: a NUL byte in an event: a damaged record (skipped)
vigil-import: 'kvnul.txt': imported 1 event, rejected 2" "each line rejected once, the event before them imported once"
t_done
