#!/bin/sh
# t0940-vendor-real: real device files from public repositories whose
# licence lets them be copied (tests/vendor/README says where each is from)
. "$top_srcdir/tests/lib.sh"

V=$top_srcdir/tests/vendor
R=$V/real
A=a.db
vigil-import -q -A $A "$V/site.xml" || exit 1
# the planner's statistics (sqlite_stat1) may change when an import
# fails; the archive's content may not
dump() { sqlite3 $A .dump | grep -v '^INSERT INTO sqlite_stat1 ' >"$1"; }
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
sqlite3 $A .dump >pristine
t_refused cut.xml "the stream cut short" \
    "vigil-import: 'cut.xml', line 91: not well-formed XML: AttValue: ' expected"
# a notification whose topic is an access event names its access point
sed 's|tns1:Device/tnsaxis:Sensor/PIR|tns1:AccessControl/AccessGranted/Credential|' \
    "$R/onvif-axis/stream.xml" >granted.xml
t_refused granted.xml "an access topic on a camera's notifications" \
    "vigil-import: 'granted.xml', line 58: the record does not name its device: name the gate with --device" \
    "vigil-import: 'granted.xml', line 61: the record does not name its device: name the gate with --device" \
    "vigil-import: 'granted.xml': not imported: 2 bad records"

t_done
