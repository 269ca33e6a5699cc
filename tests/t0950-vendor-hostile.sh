#!/bin/sh
# t0950-vendor-hostile: vendors' files made to mislead: NUL bytes, lines
# and headers past their limits, fields longer than a device writes
. "$top_srcdir/tests/lib.sh"

V=$top_srcdir/tests/vendor
A=a.db
vigil-import -q -A $A "$V/site.xml" || exit 1
t_dump $A >pristine
Z='	2018-11-20 08:01:15	1	0	1	0'

# ZKTeco: a NUL byte does not hide the rest of its line
printf '   13%s\n   14\000 9\t2018-11-20 08:02:00\t1\t0\t1\t0\n' "$Z" \
    >CKJU201960123_attlog.dat
t_refused CKJU201960123_attlog.dat "a ZKTeco record with a NUL byte" \
    "vigil-import: 'CKJU201960123_attlog.dat', line 2: a NUL byte in the line: a damaged record" \
    "vigil-import: 'CKJU201960123_attlog.dat': not imported: 1 bad record"
# nor makes the tail of a line too long a record of its own, on the
# wrong line: the 4,097th byte of line 2 would have been read as line 3
{ printf '   13%s\n\000' "$Z"; head -c 4096 /dev/zero | tr '\0' x
  printf '   15\t2018-11-20 08:03:00\t1\t0\t1\t0\n   16\t2018-11-20 08:04:00\t1\t0\t1\t0\n'
} >2_attlog.dat
t_run vigil-import -k -A $A --device G-ZK2 2_attlog.dat
t_rc 1 "a line of 4,126 bytes that starts with a NUL byte"
t_err "vigil-import: '2_attlog.dat', line 2: line longer than 4096 bytes (skipped)
vigil-import: '2_attlog.dat': imported 2 gate events, rejected 1" "is one line, refused"
t_run vigil-query -A $A -F csv --kind gate --columns person,source --gate G-ZK2
t_out "person,source
13,2_attlog.dat:1
16,2_attlog.dat:3" "the lines around it keep their numbers"
t_dump $A >pristine

# a log cut short in its last record (a copy interrupted): PIN and time
# are there, the rest of the record is not
printf '   13%s\n   14\t2018-11-20 08:02:00\t' "$Z" >CKJU201960123_attlog.dat
t_refused CKJU201960123_attlog.dat "a ZKTeco log cut short inside its last record" \
    "vigil-import: 'CKJU201960123_attlog.dat', line 2: the file ends inside a record (3 fields, the line before 6): cut short?" \
    "vigil-import: 'CKJU201960123_attlog.dat': not imported: 1 bad record"

# Dahua text: a NUL byte in an event's data, where it would end the JSON
E='--myboundary\r\nContent-Type: text/plain\r\n\r\n'
printf -- "${E}Code=AccessControl;action=Pulse;index=0;data={\r\n   \"CardNo\" : \"8807123\",\000\r\n   \"UTC\" : 1542748515\r\n}\r\n--myboundary--\r\n" >nul.txt
t_refused nul.txt "a Dahua event with a NUL byte" \
    "vigil-import: 'nul.txt', line 5: a NUL byte in an event: a damaged record" \
    "vigil-import: 'nul.txt': not imported: 1 bad record"
# an index longer than its field, which cut short would be channel 0
printf -- "${E}Code=AccessControl;action=Pulse;index=0000000000000000000000000000000001;data={\r\n   \"CardNo\" : \"8807123\",\r\n   \"UTC\" : 1542748515\r\n}\r\n--myboundary--\r\n" >idx.txt
t_refused idx.txt "an index of 34 digits" \
    "vigil-import: 'idx.txt', line 4: a Code, action or index longer than a device writes" \
    "vigil-import: 'idx.txt': not imported: 1 bad record"
# a header line past 4,095 bytes, whose tail would have been read as a
# header of its own saying the part is a picture (its event skipped)
{ printf -- "${E}Code=VideoMotion;action=Start;index=0\r\n--myboundary\r\nContent-Type: text/plain\r\nX-Pad: "
  head -c 4088 /dev/zero | tr '\0' a
  printf -- 'Content-Type: image/jpeg\r\n\r\nCode=AccessControl;action=Pulse;index=0;data={\r\n   "CardNo" : "8807123",\r\n   "UTC" : 1542748515\r\n}\r\n--myboundary--\r\n'
} >hdr.txt
t_refused hdr.txt "a part's header of 4,120 bytes" \
    "vigil-import: 'hdr.txt', line 7: a part's header longer than 4095 bytes"
# and an HTTP response's (past what recognises a format: named by -t)
{ printf 'HTTP/1.1 200 OK\r\nX-Pad: '; head -c 5000 /dev/zero | tr '\0' a
  printf -- "\r\nContent-Type: multipart/x-mixed-replace; boundary=myboundary\r\n\r\n${E}Code=VideoMotion;action=Start;index=0\r\n"
} >http.txt
t_run vigil-import -A $A -t dahua http.txt
t_rc 1 "an HTTP header of 5,009 bytes"
t_err "vigil-import: 'http.txt', line 2: an HTTP header longer than 4095 bytes" \
    "is refused"

# ONVIF: records past line 65,535, where libxml2 keeps an element's line
# only in the text beside it
awk 'NR == 3 { for (i = 0; i < 70000; i++) print "" } { print }' \
    "$V/onvif/metadata.xml" >long.xml
t_run vigil-import -A $A long.xml
t_rc 0 "a metadata stream of 70,073 lines"
t_run vigil-query -A $A -F csv --columns device,track,source --from 2018-11-20T21:00+08:00
t_out "device,track,source
C-ON1,17,long.xml:70008
C-ON1,18,long.xml:70031
G-ON1,,long.xml:70061" "each record at its own line"
t_dump $A >pristine

# a spreadsheet's "Unicode text" is UTF-16: said so, not a format vigil
# does not know (nor a NUL byte in every line of a log named by -t)
printf '\377\376{\000}\000' >u16.json
t_refused u16.json "a file in UTF-16" \
    "vigil-import: 'u16.json': UTF-16 text (it begins with its byte-order mark): vigil reads UTF-8; convert it first (iconv -f UTF-16 -t UTF-8)"
# and an empty file is empty, whatever its name
: >empty.json
t_refused empty.json "an empty file" \
    "vigil-import: 'empty.json': empty file, nothing to import"
# a file in another encoding is said once, not on every line (one damaged
# byte spoils one record: t0200)
printf 'person,name,employer,dorm,card,plate,status\nP1,Jos\351,Caf\351,D1,1,,active\nP2,Ren\351e,Caf\351,D1,2,,active\nP3,No\353l,Caf\351,D1,3,,active\n' >latin1.roster.csv
t_refused latin1.roster.csv "a roster in Latin-1" \
    "vigil-import: 'latin1.roster.csv', line 2: not UTF-8 text (3 of its first 4 lines are not): vigil reads UTF-8; convert it first (iconv -f ENCODING -t UTF-8, ENCODING the one it was written in: GB18030, LATIN1, ...)"
# a byte flipped in an alert: libxml2's message of two lines is one
sed '3s/44:19/44\xc3/' "$V/hikvision/anpr.xml" >flip.xml
t_refused flip.xml "a Hikvision alert with a byte that is not UTF-8" \
    "vigil-import: 'flip.xml', line 3: not well-formed XML: Input is not proper UTF-8, indicate encoding ! Bytes: 0xC3 0x3A 0x62 0x36"
# an alert cut short after a '<': libxml2 says there is more at the end
{ sed -n 1,4p "$V/hikvision/anpr.xml"; printf '  <'; } >cut.xml
t_refused cut.xml "a Hikvision alert cut short" \
    "vigil-import: 'cut.xml', line 5: not well-formed XML: the document ends inside <EventNotificationAlert> (cut short?)"
# a pipe with no writer is refused, not waited on forever; a directory
# is named as one
mkfifo fifo_attlog.dat
t_refused fifo_attlog.dat "a FIFO" \
    "vigil-import: 'fifo_attlog.dat': a pipe, not a file: copy what it gives into a file first"
mkdir dir.gate.csv
t_refused dir.gate.csv "a directory" \
    "vigil-import: 'dir.gate.csv': a directory: name the files in it"

t_done
