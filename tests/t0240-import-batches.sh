#!/bin/sh
# t0240-import-batches: a gate file is read on a thread of its own and
# handed over in batches: every row as the file gave it, the rejections in
# the file's order, a bad file changes nothing, zones apart
. "$top_srcdir/tests/lib.sh"

A=a.db
vigil-import -q -A $A "$DEMO/site.xml" || exit 1
dump() { t_dump $A >"$1"; }
dump pristine

# 3,000 records over three batches of 1,024, five of them bad (at the
# first record and on both sides of the batches' edges); record 1500's
# plate is 100,000 bytes, more than a batch's first room for text
awk 'BEGIN {
	print "time,gate,person,credential,card,plate,direction,result,score"
	for (long = "K"; length(long) < 100000; long = long long)
		;
	long = substr(long, 1, 100000)
	for (i = 2; i <= 3001; i++) {
		t = sprintf("2018-11-20T%02d:%02d:%02d+08:00", 10 + int(i / 3600),
		    int(i / 60) % 60, i % 60)
		if (i == 2 || i == 1025 || i == 1026 || i == 2049 || i == 3001)
			print t ",G-X9,,face,,,in,granted,"
		else
			print t ",G-N3," sprintf("P%07d", i) ",badge," 8000000 + i \
			    "," (i == 1500 ? long : "") ",in,granted,0.5"
	}
}' >big.gate.csv
# what the archive must hold: line, instant (UTC us), person, card, plate
awk -F, 'NR > 1 && $2 == "G-N3" {
	split(substr($1, 12, 8), c, ":")
	t = 1542643200 + (c[1] * 60 + c[2]) * 60 + c[3]	# +08:00 midnight
	printf "%d|%.0f|%s|%s|%s|%s\n", NR, t * 1000000, $3, $5,
	    ($6 == "" ? "" : length($6)), substr($6, 1, 2)
}' big.gate.csv >rows.want
t_ok $([ "$(wc -l <rows.want)" -eq 2995 ]; echo $?) "the expected rows are 2,995"

t_run vigil-import -A $A big.gate.csv
t_rc 1 "a file with bad records across batches"
t_err "vigil-import: 'big.gate.csv', line 2: unknown gate 'G-X9'
vigil-import: 'big.gate.csv', line 1025: unknown gate 'G-X9'
vigil-import: 'big.gate.csv', line 1026: unknown gate 'G-X9'
vigil-import: 'big.gate.csv', line 2049: unknown gate 'G-X9'
vigil-import: 'big.gate.csv', line 3001: unknown gate 'G-X9'
vigil-import: 'big.gate.csv': not imported: 5 bad records" "every bad record named, in the file's order"
dump now
t_same now pristine "is not imported: the archive unchanged"

# (freed memory overwritten: a string left in a batch's old text shows)
MALLOC_PERTURB_=165 t_run vigil-import -k -A $A big.gate.csv
t_err "vigil-import: 'big.gate.csv', line 2: unknown gate 'G-X9' (skipped)
vigil-import: 'big.gate.csv', line 1025: unknown gate 'G-X9' (skipped)
vigil-import: 'big.gate.csv', line 1026: unknown gate 'G-X9' (skipped)
vigil-import: 'big.gate.csv', line 2049: unknown gate 'G-X9' (skipped)
vigil-import: 'big.gate.csv', line 3001: unknown gate 'G-X9' (skipped)
vigil-import: 'big.gate.csv': imported 2995 gate events, rejected 5" "-k stores the rest"
t_sql $A "SELECT line, t, person, card, length(plate), substr(plate, 1, 2)
    FROM gate_event ORDER BY line" >rows.got
t_same rows.got rows.want "every row stored as the file gave it, the long plate too"

# times without an offset read in a zone other than the site's (the
# parser then runs in turn with the inserter) and in the site's own
G='time,gate,person,credential,card,plate,direction,result,score'
printf '%s\n%s\n' "$G" '2018-11-22T10:00:00,G-N3,P9000001,badge,1,,in,granted,' >paris.gate.csv
printf '%s\n%s\n' "$G" '2018-11-22T10:00:01,G-N3,P9000002,badge,2,,in,granted,' >shanghai.gate.csv
printf '%s\n%s\n' "$G" '2018-11-22T10:00:02,G-N3,P9000003,badge,3,,in,granted,' >utc.gate.csv
t_run vigil-import -q -z Europe/Paris -A $A paris.gate.csv
t_rc 0 "-z in another zone than the site's"
t_run vigil-import -q -z Asia/Shanghai -A $A shanghai.gate.csv
t_rc 0 "-z in the site's zone"
t_run vigil-import -q -z UTC -A $A utc.gate.csv
t_rc 0 "-z UTC"
t_run t_sql $A "SELECT person, t FROM gate_event WHERE person IN
    ('P9000001', 'P9000002', 'P9000003') ORDER BY person"
t_out "P9000001|1542877200000000
P9000002|1542852001000000
P9000003|1542880802000000" "each read in its zone (09:00Z, 02:00:01Z, 10:00:02Z)"
t_done
