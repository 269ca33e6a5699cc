#!/bin/sh
# t0900-vendor-zkteco: ZKTeco attendance logs, mapped to gates by ident or --device
. "$top_srcdir/tests/lib.sh"

V=$top_srcdir/tests/vendor
A=a.db
vigil-import -q -A $A "$V/site.xml" || exit 1
cp "$V"/zkteco/*.dat . && mkdir later && cp "$V"/zkteco/later/*.dat later/
dump() { t_dump $A >"$1"; }
dump pristine
Q='vigil-query -A a.db -F csv --kind gate --columns time,device,person,credential,direction,result,source'

# idents in site.xml: each names one device, and names something
S=$V/site.xml
sed 's|<ident vendor="onvif" channel="AccessPoint_2"/>|<ident vendor="onvif" channel="AccessPoint_1"/>|' "$S" >dup.xml
t_run vigil-site dup.xml
t_err "vigil-site: 'dup.xml', line 45: onvif channel 'AccessPoint_1' is already named on line 41" "an ident given twice"
sed 's|<ident vendor="onvif" channel="AccessPoint_2"/>|<ident vendor="onvif"/>|' "$S" >none.xml
t_run vigil-site none.xml
t_err "vigil-site: 'none.xml', line 45: ident of 'G-ON2' names neither a device nor a channel" "an empty ident"
sed 's|<ident vendor="zkteco" device="CKJU201960123"/>|<ident vendor="zkteco" device="CKJU201960123"/><ident vendor="hikvision" device="A4:14:37:00:00:01"/>|' "$S" >mac.xml
t_run vigil-site mac.xml
t_err "vigil-site: 'mac.xml', line 32: hikvision device 'a4:14:37:00:00:01' is already named on line 11" \
    "MAC addresses compared however they are written"

# the terminal is named by the file: SERIAL_attlog.dat, a serial the site knows
t_run vigil-import -A $A CKJU201960123_attlog.dat
t_rc 0 "an export named by its serial"
t_err "vigil-import: 'CKJU201960123_attlog.dat': imported 4 gate events; 1 already in the archive, left out" \
    "a punch written twice is stored once"
t_run $Q
t_out "time,device,person,credential,direction,result,source
2018-11-20T08:01:15+08:00,G-ZK1,13,finger,in,granted,CKJU201960123_attlog.dat:1
2018-11-20T08:01:17+08:00,G-ZK1,13,finger,in,granted,CKJU201960123_attlog.dat:2
2018-11-20T12:30:00+08:00,G-ZK1,25831029,badge,out,granted,CKJU201960123_attlog.dat:4
2018-11-20T18:00:00+08:00,G-ZK1,66,face,in,granted,CKJU201960123_attlog.dat:5" \
    "padding stripped, local times in the site's zone, verify and punch codes read, CRLF and a last line of spaces"

# a later export holds the earlier one: only the new punch is added
t_run vigil-import -A $A later/CKJU201960123_attlog.dat
t_rc 0 "a later, cumulative export"
t_err "vigil-import: 'later/CKJU201960123_attlog.dat': imported 1 gate event; 5 already in the archive, left out" \
    "adds only what is new"
dump pristine
# vigil-anomaly's passbacks: a terminal's check-in is the key its user
# pressed (most leave it on check-in), no way through: none, though 13
# checked in twice and out never; the same punches from a reader whose
# direction is a fact are one (a finger held to it twice in 2 s is one
# read; the credential named; a day apart, the dates)
t_run vigil-anomaly -A $A -F csv --kind passback --columns time,reason
t_out "time,reason" "an attendance terminal's punches make no passback"
printf '%s\n' time,gate,person,credential,card,plate,direction,result,score \
    2018-11-20T08:01:15+08:00,G-ZK1,13,finger,,,in,granted, \
    2018-11-20T08:01:17+08:00,G-ZK1,13,finger,,,in,granted, \
    2018-11-21T08:00:59+08:00,G-ZK1,13,finger,,,in,granted, >reader.gate.csv
vigil-import -q -A b.db "$V/site.xml" reader.gate.csv || exit 1
t_run vigil-anomaly -A b.db -F csv --kind passback --columns time,reason
t_out "time,reason
2018-11-21T08:00:59+08:00,13 (finger) in at G-ZK1 2018-11-20 08:01:17 and again at G-ZK1 2018-11-21 08:00:59 with no out between (door G-ZK1)" \
    "a reader's are: read twice is no passback; finger, not face; a day apart both dates"

# an empty export is refused, as an empty file of any format is, and
# not recorded as a file of no punches
mkdir -p empty
: >empty/CKJU201960123_attlog.dat
t_run vigil-import -A $A empty/CKJU201960123_attlog.dat
t_rc 1 "an empty export"
t_err "vigil-import: 'empty/CKJU201960123_attlog.dat': empty file, nothing to import" \
    "is refused, as an empty *.gate.csv is"
dump now
t_same now pristine "and leaves the archive as it was"

# 1_attlog.dat names machine 1, which no ident maps: refused, not guessed
t_run vigil-import -A $A 1_attlog.dat
t_rc 1 "an unmapped terminal"
t_err "vigil-import: '1_attlog.dat', line 1: unknown zkteco device '1': no ident in the site names it, and no --device
vigil-import: '1_attlog.dat': not imported: 1 bad record" "is a reject naming the device"
dump now
t_same now pristine "archive unchanged"

t_run vigil-import -A $A -d G-ZK9 1_attlog.dat
t_rc 1 "--device naming no device"
t_err "vigil-import: '1_attlog.dat': unknown device 'G-ZK9' (--device)" "says so"
# checked whatever the call does after: a file imported before, no file
t_run vigil-import -A $A -d G-ZK9 later/CKJU201960123_attlog.dat
t_rc 1 "--device naming no device, a file imported before"
t_err "vigil-import: 'later/CKJU201960123_attlog.dat': unknown device 'G-ZK9' (--device)" \
    "is refused as a new file is, not 'already imported'"
t_run vigil-import -A $A -d G-ZK9
t_rc 1 "--device naming no device, no file"
t_err "vigil-import: unknown device 'G-ZK9' (--device)" "is refused too"
t_run vigil-import -A $A -d G-ZK2 -l
t_rc 2 "--device with --list is a usage error"
t_run vigil-import -A $A -d C-HK1 1_attlog.dat
t_rc 1 "--device naming a camera"
t_err "vigil-import: '1_attlog.dat', line 1: --device 'C-HK1' is a camera, not a gate
vigil-import: '1_attlog.dat': not imported: 1 bad record" "says so"

# the clock reset to 2000-01-01 is reported, never imported as a time
t_run vigil-import -A $A -d G-ZK2 1_attlog.dat
t_rc 1 "a terminal whose clock was reset"
t_err "vigil-import: '1_attlog.dat', line 2: device clock reset: '2000-01-01 00:03:12' is not a real time
vigil-import: '1_attlog.dat', line 3: device clock reset: '2000-01-01 09:15:40' is not a real time
vigil-import: '1_attlog.dat': not imported: 2 bad records" "names each reset time"
dump now
t_same now pristine "archive unchanged"
t_run vigil-import -k -A $A -d G-ZK2 1_attlog.dat
t_rc 1 "--keep-going"
t_err "vigil-import: '1_attlog.dat', line 2: device clock reset: '2000-01-01 00:03:12' is not a real time (skipped)
vigil-import: '1_attlog.dat', line 3: device clock reset: '2000-01-01 09:15:40' is not a real time (skipped)
vigil-import: '1_attlog.dat': imported 1 gate event, rejected 2" "keeps the true time only"
t_run vigil-query -A $A -F csv --gate G-ZK2 --columns time,person,source
t_out "time,person,source
2018-11-21T07:59:00+08:00,7,1_attlog.dat:1" "the one real punch"
dump pristine

# malformed lines
t_run vigil-import -A $A -d G-ZK2 bad_attlog.dat
t_rc 1 "a damaged log"
t_err "vigil-import: 'bad_attlog.dat', line 2: bad time '2018-13-20 08:01:15': month out of range
vigil-import: 'bad_attlog.dat', line 3: expected tab-separated PIN and time, found '       13 2018-11-20 08:02:00'
vigil-import: 'bad_attlog.dat', line 4: missing PIN
vigil-import: 'bad_attlog.dat', line 5: bad time '20181120 080400': want YYYY-MM-DD HH:MM:SS
vigil-import: 'bad_attlog.dat': not imported: 4 bad records" "every bad line is named"
dump now
t_same now pristine "archive unchanged"
{ printf '       13\t2018-11-20 08:01:15\t1\t0\t1\t0\n       13\t'
  head -c 5000 /dev/zero | tr '\0' 9; printf '\n'; } >long_attlog.dat
t_run vigil-import -A $A -d G-ZK2 long_attlog.dat
t_err "vigil-import: 'long_attlog.dat', line 2: line longer than 4096 bytes
vigil-import: 'long_attlog.dat': not imported: 1 bad record" "a line of absurd length"
dump now
t_same now pristine "archive unchanged"

# a worn terminal's export: a byte order mark before the first PIN, and
# records damaged in flash whose PIN is no enrolment number
t_run vigil-import -A $A -d G-ZK2 worn_attlog.dat
t_rc 1 "damaged records"
t_err "vigil-import: 'worn_attlog.dat', line 3: PIN '\\x01\\x01\\x01' is not an enrolment number (1 to 24 digits): a damaged record
vigil-import: 'worn_attlog.dat', line 4: PIN '0.dat' is not an enrolment number (1 to 24 digits): a damaged record
vigil-import: 'worn_attlog.dat', line 5: PIN 'ZZA' is not an enrolment number (1 to 24 digits): a damaged record
vigil-import: 'worn_attlog.dat', line 6: PIN '4�1' is not an enrolment number (1 to 24 digits): a damaged record
vigil-import: 'worn_attlog.dat', line 8: PIN '1234567890123456789012345' is not an enrolment number (1 to 24 digits): a damaged record
vigil-import: 'worn_attlog.dat': not imported: 5 bad records" "each named with its line"
dump now
t_same now pristine "archive unchanged"
t_run vigil-import -k -A $A -d G-ZK2 worn_attlog.dat
t_rc 1 "--keep-going"
t_grep "^vigil-import: 'worn_attlog.dat': imported 4 gate events, rejected 5$" err "keeps the clean records only"
t_run vigil-query -A $A -F csv --gate G-ZK2 --from 2019-03-01T00:00:00 --columns time,person,credential,direction,source
t_out "time,person,credential,direction,source
2019-03-04T07:58:02+08:00,41,finger,in,worn_attlog.dat:1
2019-03-04T07:59:40+08:00,42,finger,in,worn_attlog.dat:2
2019-03-04T17:31:15+08:00,41,face,out,worn_attlog.dat:7
2019-03-04T17:40:09+08:00,43,finger,unknown,worn_attlog.dat:9" \
    "the mark stripped from the first PIN, its padding too; punch state 255 is unknown"
if t_file; then
	digits="person NOT GLOB '[0-9]*' OR person GLOB '*[^0-9]*'"
else
	digits="person !~ '^[0-9]+$'"
fi
t_run t_sql $A "SELECT count(*) FROM gate_event WHERE $digits"
t_out "0" "no damaged PIN became a person"
dump pristine
# flash damage also runs times decades ahead: refused by the one rule of
# plausible time (import.c), with the line; -k keeps the true punch
printf '        41\t2019-03-05 07:58:02\t1\t0\t1\t0\n        41\t2067-11-02 18:44:51\t1\t0\t1\t0\n' >future_attlog.dat
t_run vigil-import -A $A -d G-ZK2 future_attlog.dat
t_rc 1 "a punch decades ahead"
t_grep "^vigil-import: 'future_attlog.dat', line 2: time 2067-11-02T18:44:51+08:00 is more than a day after this import (.*): a clock set ahead?\$" err \
    "is refused with its line"
t_run vigil-import -k -A $A -d G-ZK2 future_attlog.dat
t_grep "^vigil-import: 'future_attlog.dat': imported 1 gate event, rejected 1\$" err "-k keeps the true punch only"
dump pristine
printf '\357\273\277       13\t2018-11-23 08:01:15\t1\t0\t1\t0\n' >bom.txt
t_run vigil-import -A $A -d G-ZK2 bom.txt
t_err "vigil-import: 'bom.txt': imported 1 gate event" "recognised by content behind a byte order mark"

# recognised by content whatever the name
printf '       13\t2018-11-22 08:01:15\t1\t0\t1\t0\n' >export.txt
t_run vigil-import -A $A -d G-ZK2 export.txt
t_err "vigil-import: 'export.txt': imported 1 gate event" "an attendance log by its first line"
t_run vigil-import -l -A $A -F csv
t_grep ',export.txt,zkteco,1,0,' out "listed as zkteco"

# the log is read once, its digest from the bytes its records come from: a
# record changed in place after it was read (its time of change put back,
# so that nothing else can tell) changes neither the rows nor the digest
# (the tool's reads counted by /proc: on a server, the pid would be
# tests/pg-as-file's shell's)
t_file || { t_done; exit; }
rm -f z.db*
vigil-import -q -A z.db "$V/site.xml" || exit 1
awk 'BEGIN { for (i = 0; i < 300000; i++)
	printf "%9d\t2018-11-2%d %02d:%02d:%02d\t1\t0\t1\t0\r\n", i % 997 + 1,
	    i < 150000 ? 4 : 5, i / 3600 % 24, i / 60 % 60, i % 60 }' \
    </dev/null >big.dat
mv big.dat CKJU201960123_attlog.dat
cp -p CKJU201960123_attlog.dat orig.dat
want=$(sha256sum <orig.dat | cut -d' ' -f1)
vigil-import -q -A z.db CKJU201960123_attlog.dat &
pid=$!
t_read_past $pid $(($(wc -c <orig.dat) * 2 / 3)) "two thirds of the log read"
printf 'X' | dd of=CKJU201960123_attlog.dat bs=1 seek=1048600 conv=notrunc \
    2>/dev/null
touch -r orig.dat CKJU201960123_attlog.dat
wait $pid
t_ok $? "a log changed in place while it was read is imported"
t_ok $([ "$(t_sql z.db "SELECT sha256 || ' ' || size || ' ' || rows FROM source
    WHERE format = 'zkteco'")" = "$want $(wc -c <orig.dat) 300000" ]; echo $?) \
    "with the digest, size and rows of the bytes it read"
t_ok $(cmp -s orig.dat CKJU201960123_attlog.dat; [ $? -eq 1 ]; echo $?) \
    "(the file was changed)"
t_done
