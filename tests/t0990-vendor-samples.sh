#!/bin/sh
# t0990-vendor-samples: every real sample of ../shared/samples, with the counts a person expects
. "$top_srcdir/tests/lib.sh"

S=${VIGIL_SAMPLES:-$top_srcdir/../shared/samples}
if [ ! -d "$S" ]; then
	echo "1..0 # SKIP no samples: $S is absent (they are not part of vigil)"
	exit 0
fi
W=$PWD
A=$W/a.db
vigil-import -q -A $A "$top_srcdir/tests/vendor/samples-site.xml" || exit 1

# imp ARGS...: import from inside the samples, so messages name relative paths
imp() { (cd "$S" && vigil-import -A "$A" "$@") >"$W/out" 2>"$W/err"; rc=$?; }

# ZKTeco: the files name machine 1, so each terminal is given
imp -d ZK-HR zkteco-attlog/Aurelius91-hr_1_attlog.dat
t_rc 0 "ZKTeco, 4,506 lines"
t_err "vigil-import: 'zkteco-attlog/Aurelius91-hr_1_attlog.dat': imported 4506 gate events" "every punch"
imp -d ZK-BELL zkteco-attlog/r1cko23-addbell_1_attlog.dat
t_err "vigil-import: 'zkteco-attlog/r1cko23-addbell_1_attlog.dat': imported 2 gate events" "two punches"
imp -d ZK-SCA zkteco-attlog/rayedgard-sca_1_attlog.dat
t_err "vigil-import: 'zkteco-attlog/rayedgard-sca_1_attlog.dat': imported 7 gate events" \
    "seven punches; the last line, one space, is not a record"
t_run vigil-query -A $A -F csv --gate ZK-BELL --columns time,person,credential,direction
t_out "time,person,credential,direction
2026-04-13T19:50:36+02:00,66,finger,in
2026-04-13T19:51:31+02:00,66,finger,out" "in then out, PIN unpadded, local time"
t_run t_sql $A "SELECT count(DISTINCT person), min(t), max(t) FROM gate_event g JOIN device d ON d.id = g.gate WHERE d.code = 'ZK-HR'"
t_out "26|1511546775000000|1532333062000000" \
    "26 PINs, from 2017-11-24 19:06:15 to 2018-07-23 10:04:22 in Paris (summer time)"

# Dahua: the stored capture lost a comma
imp dahua/rpc2_notifyEventStream_TrafficJunction_ANPR.json
t_rc 1 "the Dahua capture"
t_err "vigil-import: 'dahua/rpc2_notifyEventStream_TrafficJunction_ANPR.json', line 232: invalid JSON: '}' expected near '\"session\"'" \
    "is refused at the line of the missing comma"
sed '231s/}$/},/' "$S/dahua/rpc2_notifyEventStream_TrafficJunction_ANPR.json" >anpr.json
t_run vigil-import -A $A anpr.json
t_err "vigil-import: 'anpr.json': imported 1 event" "repaired, one ANPR event"
t_run vigil-query -A $A -F csv --gate DH-ANPR --columns time,credential,plate
t_out "time,credential,plate
2024-01-30T08:34:55.305+01:00,none," "at RealUTC 07:34:55.305Z, a tricycle with no plate read"

# Hikvision: three detections are sightings; motion, PIR, I/O and duration alarms are not
for f in fielddetection_human fielddetection_vehicle nvr_2_fielddetection; do
	imp hikvision-isapi/$f.xml
	t_err "vigil-import: 'hikvision-isapi/$f.xml': imported 1 event" "$f: one sighting"
done
for f in cam1_DS-2CD2T46G2-ISU_io_notification ipc_1_fielddetection ipc_thermometry_motiondetection pir; do
	imp hikvision-isapi/$f.xml
	t_err "vigil-import: 'hikvision-isapi/$f.xml': imported 0 events; 1 other event (not passages or sightings) left out" \
	    "$f: an alarm, counted"
done
imp -d HK-ACS hikvision-isapi/handwritten/idstein_acs_event_page.json
t_err "vigil-import: 'hikvision-isapi/handwritten/idstein_acs_event_page.json': imported 2 gate events" \
    "AcsEvent: Alice's and Bob's cards"
t_run vigil-query -A $A -F csv --kind sighting --columns time,device,kind,track
t_out "time,device,kind,track
2022-01-19T07:51:17+01:00,HK-COUR,vehicle,fielddetection:1
2022-01-31T13:53:05+01:00,HK-COUR,person,fielddetection:1
2023-01-13T19:16:39+01:00,HK-NVR34,,fielddetection:174" "the sightings"

# the rest are no vendor's events: schemas and annotations are refused
n=0
for f in $(cd "$S" && find motchallenge onvif-xsd ua-detrac-xml -type f ! -name SOURCE.txt | sort); do
	imp "$f"
	[ "$rc" -eq 1 ] && grep -q "^vigil-import: '$f': not a format vigil knows" err || {
		echo "# $f: $(cat err)"; n=$((n + 1)); }
done
t_ok $n "schemas, annotations and tracker output are not taken for events"
t_run t_sql $A "SELECT format, sum(rows) FROM source WHERE format <> 'site' GROUP BY format ORDER BY format"
t_out "dahua|1
hikvision|3
hikvision-acs|2
zkteco|4515" "counts by format"
t_done
