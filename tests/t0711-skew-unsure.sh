#!/bin/sh
# t0711-skew-unsure: vigil-skew on clocks hours off by a zone or summer
# time and seconds besides, and on cameras that see few people: what it
# calls skewed is right within 5 s, and what the evidence cannot pin it
# leaves unapplied, saying why
. "$top_srcdir/tests/lib.sh"

# score WORLD EST: "busy hit hours hourhit false" against truth.json (busy:
# wrong clocks of cameras with 20 sightings or more; false: cameras called
# skewed more than 5 s from the truth, right clocks or wrong)
score() {
	sed -n 's/.*"\(C[0-9]*\)":{"offset":\([-0-9.]*\),"sightings":\([0-9]*\).*/\1 \2 \3/p' \
	    "$1/truth.json" | sort >"$1.truth"
	awk -F, 'NR > 1 { print $1, $3, $6 }' "$2" | sort >"$2.cols"
	join "$1.truth" "$2.cols" | awk '
	    { d = $4 - $2; if (d < 0) d = -d; sk = $5 == "skewed" }
	    sk && d > 5 { false++; print "# false: " $0 >"/dev/stderr" }
	    $2 != 0 && $3 >= 20 { busy++; h = $2 >= 3000 || $2 <= -3000
		hours += h; if (sk && d <= 5) { hit++; hhit += h } }
	    END { print busy + 0, hit + 0, hours + 0, hhit + 0, false + 0 }'
}

# called NAME CAMERA TRUE LABEL: CAMERA of NAME.csv is called skewed
# within 5 s of TRUE, with under 5 s of uncertainty
called() {
	n=$(awk -F, -v c="$2" -v t="$3" '$1 == c && $6 == "skewed" &&
	    $3 - t <= 5 && t - $3 <= 5 && $4 < 5' "$1.csv" | grep -c .)
	t_ok $([ "$n" -eq 1 ]; echo $?) "$4, called skewed within 5 s ($(grep "^$2," "$1.csv"))"
}

# none_false NAME LABEL: no offset of NAME.csv called skewed is more than
# 5 s wrong
none_false() {
	set -- $(score "$1" "$1.csv" 2>false) "$2"
	t_ok $([ "$5" -eq 0 ]; echo $?) "$6: no offset called skewed is more than 5 s wrong: $5 ($(grep -c . false))"
}

# world NAME WHAT SEED DIAL...: a field world, imported, its estimate
# in NAME.csv
world() {
	name=$1 what=$2 seed=$3
	shift 3
	vigil-simulate -q --preset field "$@" --seed "$seed" -o "$name"
	vigil-import -q -A "$name.db" "$name/site.xml" "$name/roster.csv" \
	    "$name"/gates/*.gate.csv "$name"/cameras/*.sightings.csv
	t_run vigil-skew -A "$name.db" -F csv
	t_rc 0 "an estimate of the $what world"
	cp out "$name.csv"
}

# Hours off: a third of the cameras skewed by 40-240 s, a sixth by an
# hour, a twentieth left on UTC (8 hours), some by both.  Measured when
# written: 14 of 17 hour-off cameras with traffic within 5 s, 26 of 29
# wrong clocks in all, none called skewed wrongly.  (A prior that an
# hour-off camera's seconds are right, tried, called two of them skewed
# at the hour, 45 and 78 s wrong, with 1 s of uncertainty.)  With the
# fewest clocks wrong sought group by group and links past blind cameras
# (branch skew): 17 of 17 and 29 of 29.
world h hours-off 7 --dial skewed=0.3 --dial skew-dst=0.15 \
    --dial skew-utc=0.05
set -- $(score h h.csv 2>false)
t_ok $([ "$3" -ge 17 ] && [ "$4" -ge 17 ]; echo $?) \
    "hour-off clocks of cameras with traffic within 5 s: $4 of $3"
t_ok $([ "$1" -ge 29 ] && [ "$2" -ge 29 ]; echo $?) \
    "wrong clocks of cameras with traffic within 5 s: $2 of $1"
t_ok $([ "$5" -eq 0 ]; echo $?) "no offset called skewed is more than 5 s wrong: $5 ($(grep -c . false))"
# a coarse offset within 240 s of a whole number of half hours is that
# many half hours exactly; the fine fit finds the seconds
awk -F, 'NR > 1 && $8 != "" { c = $8 < 0 ? -$8 : $8; h = int(c / 1800 + 0.5) * 1800
    d = c - h; if (d < 0) d = -d; if (h > 0 && d <= 240 && d > 0) print }' \
    h.csv >bad
t_ok $([ ! -s bad ]; echo $?) "a coarse offset hours off is whole half hours ($(cut -d, -f1,8 bad | tr '\n' ' '))"
awk -F, '$6 == "skewed" && ($8 >= 1560 || $8 <= -1560)' h.csv >found
t_ok $([ "$(grep -c . found)" -ge 12 ]; echo $?) "and such cameras are found: $(grep -c . found)"

# --apply records the skewed ones only, and names the rest with why
t_run vigil-skew -A h.db -F csv --apply
t_rc 0 "--apply"
n=$(grep -c ',skewed,' h.csv)
m=$(grep -c ',camera,.*,ok,' h.csv)
t_grep "^vigil-skew: 'h.db': $n clock corrections recorded, $m clocks confirmed right, 0 removed$" err "records the $n skewed and confirms the $m ok"
awk -F, '$6 == "uncertain" { print $1 }' h.csv >want
sed -n 's/^vigil-skew: \([^:]*\): [-+][0-9.]* s not applied: .*/\1/p' err >got
t_same got want "names each uncertain offset as not applied"
awk -F, '$6 == "no evidence" && $8 != "" && $8 != "+0.000" { print $1 ": not applied: the coarse search puts it at " $8 " s, which no pair confirms" }' \
    h.csv | sed 's/^/vigil-skew: /' >want
grep 'the coarse search puts it' err >got
t_same got want "and each coarse offset no pair confirms"
t_run vigil-skew -A h.db -F csv -l -a
sed 1d out | grep -v ',confirmed,' | cut -d, -f1 >got
grep ',skewed,' h.csv | cut -d, -f1 >want
t_same got want "only the skewed are recorded as offsets"
sed 1d out | grep ',confirmed,' | cut -d, -f1 >got
grep ',camera,.*,ok,' h.csv | cut -d, -f1 >want
t_same got want "the ok confirmed, no uncertain one"

# Few people: no crowd near the incident and a quarter of the cameras
# nearly blind.  Before the test alone, a camera tied by one equation to a
# neighbour that nothing else ties was called +340 s off (its neighbour
# was -167 s off); then it was uncertain, with the chance it is right.
# Now the neighbours of the blind cameras are linked past them, and the
# fewest clocks wrong are sought group by group: C0048 is right and
# C0049, -166.6 s off, is found so.
world s sparse 26 --dial crowd=0 --dial empty=0.25
set -- $(score s s.csv 2>false)
t_ok $([ "$5" -eq 0 ]; echo $?) "sparse: no offset called skewed is more than 5 s wrong: $5 ($(grep -c . false))"
t_ok $([ "$1" -ge 4 ] && [ "$2" -ge 4 ]; echo $?) \
    "sparse: wrong clocks of cameras with traffic within 5 s: $2 of $1"
t_run vigil-skew -A s.db -F csv --apply
t_run vigil-skew -A s.db -F csv -l --device C0048
t_grep '^C0048,+0\.000,confirmed,' out \
    "the camera one equation tied to a lone neighbour has no offset: it is confirmed right"
t_run vigil-skew -A s.db -F csv -l --device C0049
sed 1d out | awk -F, '{ d = $2 + 166.572; print ($1 == "C0049" && d < 5 && d > -5) ? "near" : $0 }' >got
echo near >want
t_same got want "and the neighbour is corrected within 5 s of its -166.6 s"

# On a server (VIGIL_TEST_PG) the two worlds above only: their reads of
# the archive (every device's first row and its slots' windows, clocks
# hours off recorded and read back, devices with nearly no rows) are every
# read vigil-skew makes; the worlds below are the estimator's own
# arithmetic, the same whatever answers the reads, and the district's day
# cost more than any other test on a server
t_file || { t_done; exit $?; }

# Everything harsh at once (bench/skew-grid's harsh-all): noisy looks, few
# faces named, walkers near their links' minimums, a quarter of the
# clocks off, some by hours, an hour's span.  A few equations far off
# used to loosen every camera's uncertainty past the 10 s applied, and a
# link walked both ways carried half its transits' spread as doubt
# whatever the site showed: 1 of 13 wrong clocks with traffic within 5 s
# before.  Measured when written: 6 of 13, none called skewed wrongly;
# 8 of 13 with the fewest clocks wrong sought and links past blind cameras.
# With the pairs sought again around the fine solution, C0054 (-162.6 s)
# was applied at -120.5 s with 7.6 s of uncertainty, tied only to C0048
# (-40.3 s, held right by its prior, its own equations 22 s wide); with
# the uncertainty taken without the clocks only assumed right it is left
# uncertain, and so is C0036 (-28800 s, 22 sightings, within 1.1 s, tied
# the same way): 7 of 13.
world x harsh-all 91 --dial noise=0.6 --dial noise-tail=1.0 --dial face=0.3 \
    --dial colour-error=0.3 --dial walk=1.5-2.5 --dial crowd=1500 \
    --dial skewed=0.25 --dial skew-utc=0.05 --dial skew-dst=0.05 \
    --dial empty=0.25 --dial gates=20 --dial span=1
set -- $(score x x.csv 2>false)
t_ok $([ "$5" -eq 0 ]; echo $?) "harsh-all: no offset called skewed is more than 5 s wrong: $5 ($(grep -c . false))"
t_ok $([ "$1" -ge 13 ] && [ "$2" -ge 7 ]; echo $?) \
    "harsh-all: wrong clocks of cameras with traffic within 5 s: $2 of $1"

# A district of 344 cameras, 180,000 rows.  The coarse search settles each
# camera against the neighbours settled before it, so one false peak used
# to move a block of right cameras together (46 coarse offsets more than
# 4 minutes from the truth here, most of them right clocks put 20 to 60
# minutes off, in linked groups): the sample's slots crowd pairs at some
# offsets, and the votes there made a peak of their own.  Measured when
# written: 7 such, 30 of 32 wrong clocks with 10 sightings or more within
# 5 s (27 before), 8 of 10 hours off, none called skewed wrongly; 31 of
# 32 with the fewest clocks wrong sought and links past blind cameras.
world d district 7 --scale district --dial skew-dst=0.02 \
    --dial skew-utc=0.01
set -- $(score d d.csv 2>false)
t_ok $([ "$5" -eq 0 ]; echo $?) "district: no offset called skewed is more than 5 s wrong: $5 ($(grep -c . false))"
join d.truth d.csv.cols | awk '$2 != 0 && $3 >= 10 { busy++
    d = $4 - $2; if (d < 0) d = -d; if ($5 == "skewed" && d <= 5) hit++ }
    END { print busy + 0, hit + 0 }' >got
set -- $(cat got)
t_ok $([ "$1" -ge 30 ] && [ "$2" -ge 31 ]; echo $?) \
    "district: wrong clocks of cameras with 10 sightings or more within 5 s: $2 of $1"
awk -F, 'NR > 1 && $8 != "" { print $1, $8 }' d.csv | sort >d.coarse
join d.truth d.coarse | awk '{ d = $4 - $2; if (d < 0) d = -d }
    d > 240 { print $1 }' >far
t_ok $([ "$(grep -c . far)" -le 10 ]; echo $?) \
    "district: coarse offsets more than 4 minutes wrong: $(grep -c . far) ($(head -12 far | tr '\n' ' '))"
# A tree of streets (vigil-simulate --dial loops=0) with twice the
# cameras along each (chain=2), walked one way in the evening: three
# skewed cameras side by side (C0102 -84.2 s, C0111 -109.4 s, C0112
# -47.3 s) that no equation ties to a gate.  The mixture's rounds moved
# their right neighbours C0097, C0098 and C0110 by +47 s with them and
# left the three uncertain or without evidence (4 of 7 wrong clocks with
# traffic within 5 s); the fewest clocks wrong, sought group by group,
# find all 7 and move no right clock.
world t tree 202 --dial loops=0 --dial chain=2
set -- $(score t t.csv 2>false)
t_ok $([ "$5" -eq 0 ]; echo $?) "tree: no offset called skewed is more than 5 s wrong: $5 ($(grep -c . false))"
t_ok $([ "$1" -eq 7 ] && [ "$2" -eq 7 ]; echo $?) \
    "tree: wrong clocks of cameras with traffic within 5 s: $2 of $1"
grep -E '^C0(097|098|110),' t.csv | cut -d, -f1,6 >got
printf '%s\n' C0097,ok C0098,ok C0110,ok >want
t_same got want "tree: the right neighbours of the three are right"
# and where walkers change pace at each camera (hop=1): 6 of 7, as above
world u tree-hop 202 --dial loops=0 --dial chain=2 --dial hop=1
set -- $(score u u.csv 2>false)
t_ok $([ "$5" -eq 0 ]; echo $?) "tree, hop: no offset called skewed is more than 5 s wrong: $5 ($(grep -c . false))"
t_ok $([ "$1" -eq 7 ] && [ "$2" -ge 6 ]; echo $?) \
    "tree, hop: wrong clocks of cameras with traffic within 5 s: $2 of $1"
# Walkers who change pace at each camera (hop=1) walk some links one way
# with transits in two bumps; split where two medians fit best, such a
# link was taken for one walked both ways, its midpoint half a transit
# off: right clocks C0043, C0050 and C0051 called +43, +37 and +89 s off
# (101, 69 and 103 pairs, 3 to 7 s of uncertainty).  The medians of the
# two ways must each be a link minimum or more from their midpoint.
world v hop 703 --dial hop=1
n=$(grep -cE '^C00(43|50|51),([^,]*,){4}skewed,' v.csv)
t_ok $([ "$n" -eq 0 ]; echo $?) "hop: no right clock called skewed for a link walked one way ($n of C0043, C0050, C0051)"
set -- $(score v v.csv 2>false)
t_ok $([ "$5" -eq 0 ]; echo $?) "hop: no offset called skewed is more than 5 s wrong: $5 ($(grep -c . false))"
# People who wander the walkways (wander=1, as on the held-out campuses:
# seen again and again, on ways round as well as across each link) and
# change pace from camera to camera (hop=0.5).  Each link's pairs were
# sought within its longest transit and 240 s either side of the coarse
# offset, and people who went round filled that window: right clocks
# C0027, C0030 and C0052 were called -31, -35 and -101 s off with 6 to 7
# s of uncertainty.  The pairs are now sought again around the fine
# solution, within twice the site's pace: 10 of 14 within 5 s, one
# offset called skewed more than 5 s wrong and no right clock.  Then
# pairs that went round by a neighbour seen between were dropped (the
# lead, from the held-out campuses: 72-73% to 78-80% of skewed cameras
# within 5 s, false offsets 24-30 to 17-28; on seeds 1701-1703's wander,
# hop-1, crowd-0 and harsh-all settings 148 to 156 of 196, false 0.74 to
# 0.88 a hundred): here still 10 of 14, but C0058 and C0067, right, are
# called -18.9 and +17.3 s off through triples of a few people, and
# C0070 is 14 s off.  The floors are what this world gives now.
world w wander 1601 --dial wander=1 --dial hop=0.5
set -- $(score w w.csv 2>false)
t_ok $([ "$1" -ge 14 ] && [ "$2" -ge 10 ]; echo $?) \
    "wander: wrong clocks of cameras with traffic within 5 s: $2 of $1"
t_ok $([ "$5" -le 3 ]; echo $?) "wander: offsets called skewed more than 5 s wrong: $5 ($(grep -c . false))"
join w.truth w.csv.cols | awk '$2 == 0 && $5 == "skewed" { print $1 }' >got
t_ok $([ "$(grep -c . got)" -le 2 ]; echo $?) "wander: at most two right clocks called skewed ($(tr '\n' ' ' <got))"

# A clock a few seconds off that the mixture's rounds left at zero: the
# first round, its neighbours barely held, moved them with it, it looked
# right, and its prior then held it so, though its equations said +8.9
# (skew=5-40, seed 2301: C0031 +8.87 s was +4.5 s, "ok", before each
# device was also tried started wrong where its equations put it).
world k small-skews 2301 --dial skew=5-40
n=$(grep -cE '^C0031,camera,\+(8|9|10|11|12|13)\.[0-9]*,[0-9.]*,[0-9]*,skewed,' k.csv)
t_ok $([ "$n" -eq 1 ]; echo $?) "small skews: C0031, +8.9 s, called skewed ($(grep '^C0031,' k.csv))"
set -- $(score k k.csv 2>false)
t_ok $([ "$5" -eq 0 ]; echo $?) "small skews: no offset called skewed is more than 5 s wrong: $5 ($(grep -c . false))"

# A camera tied by its two links' many pairs, loosened by equations of
# two or three people a hundred seconds off (long-links, seed 1902:
# C0094, -47.25 s, estimated -48.0 with 15.8 s of uncertainty,
# "uncertain", when each residual counted whole in its disagreement; now
# one counts at most OUTLIER sigmas).  C0070, 17 s wrong, stays
# uncertain.
world l long-links 1902 --dial detour=1.5-11 --dial link-max=7.6 \
    --dial hop=0.5
n=$(grep -cE '^C0094,camera,-(4[3-9]|5[0-2])\.[0-9]*,[0-4]\.[0-9]*,[0-9]*,skewed,' l.csv)
t_ok $([ "$n" -eq 1 ]; echo $?) "long links: C0094, -47.25 s, called skewed within 5 s ($(grep '^C0094,' l.csv))"
n=$(grep -cE '^C0070,([^,]*,){4}skewed,' l.csv)
t_ok $([ "$n" -eq 0 ]; echo $?) "long links: C0070, 17 s wrong, not called skewed ($(grep '^C0070,' l.csv))"
t_run vigil-skew -A l.db -F csv --apply
t_grep "^vigil-skew: C0070: [-+][0-9.]* s not applied: known only within [0-9.]* s (10 s at most is applied)$" \
    err "long links: --apply says why C0070 is not applied"
set -- $(score l l.csv 2>false)
t_ok $([ "$5" -eq 0 ]; echo $?) "long links: no offset called skewed is more than 5 s wrong: $5 ($(grep -c . false))"

# Clocks an hour off whose neighbours the coarse search never settled (it
# stops at the first device without a clear peak; harsh-clock, seed 2302:
# C0068 +3600 s and C0071 -3600 s, 61 and 80 sightings, "no evidence"
# when only the coarse search's own settled devices voted).  Now the
# devices the fine fit's first round found no evidence for are searched
# again against every clock it knows within SURE.
world c harsh-clock 2302 --dial skewed=0.25 --dial skew-utc=0.05 \
    --dial skew-dst=0.05 --dial empty=0.25 --dial gates=20 --dial span=1
called c C0068 3600 "hours, searched again: C0068, +3600 s"
called c C0071 -3600 "hours, searched again: C0071, -3600 s"
none_false c "hours, searched again"

# An island: C0029 (-28,754 s), C0079 (right) and C0080 (+218.8 s),
# linked to each other and to the rest only through a blind camera and
# one of 3 sightings (harsh-clock, seed 2901).  No settled neighbour
# could vote for them, and all three were "no evidence".  Now the coarse
# search seeds such a part at its busiest device and moves it so that
# the most of its clocks are at 0.
world i island 2901 --dial skewed=0.25 --dial skew-utc=0.05 \
    --dial skew-dst=0.05 --dial empty=0.25 --dial gates=20 --dial span=1
called i C0029 -28754.364 "island: C0029, -28,754 s"
called i C0080 218.828 "island: C0080, +218.8 s"
none_false i island

# A group sent back, and the lone clocks settled against it: a block of
# right cameras put 1.5 h off by one false far peak goes back to 0 by
# the group test, but the cameras settled alone against it kept its
# shift (track-grid's skew-many-hours, seed 3002: C0029, -1 h, at +1800
# s; C0094, -8 h, at -23,400 s; both "no evidence").  Now each is
# settled again against where its neighbours stand.
world g group-back 3002 --dial skewed=0.25 --dial skew-utc=0.05 \
    --dial skew-dst=0.05
called g C0029 -3600 "group sent back: C0029, -3600 s"
called g C0094 -28800 "group sent back: C0094, -28,800 s"
none_false g "group sent back"

# shifts NAME WHAT LABEL ARG...: the district of seed 517 as
# vigil-simulate ARG... makes it (no field preset), imported, its estimate
# in NAME.csv: no offset called skewed more than 5 s wrong, the 30 wrong
# clocks with traffic within 5 s, and no right clock put hours off by the
# coarse search
shifts() {
	name=$1 what=$2 label=$3
	shift 3
	vigil-simulate -q --scale district "$@" --seed 517 -o "$name"
	vigil-import -q -A "$name.db" "$name/site.xml" "$name/roster.csv" \
	    "$name"/gates/*.gate.csv "$name"/cameras/*.sightings.csv
	t_run vigil-skew -A "$name.db" -F csv
	t_rc 0 "an estimate of the district's $what"
	cp out "$name.csv"
	set -- $(score "$name" "$name.csv" 2>false)
	t_ok $([ "$5" -eq 0 ]; echo $?) "$label: no offset called skewed is more than 5 s wrong: $5 ($(tr '\n' ' ' <false))"
	t_ok $([ "$1" -ge 30 ] && [ "$2" -ge 30 ]; echo $?) \
	    "$label: wrong clocks of cameras with traffic within 5 s: $2 of $1"
	awk -F, 'NR > 1 && $8 != "" { print $1, $8 }' "$name.csv" |
	    sort >"$name.coarse"
	join "$name.truth" "$name.coarse" |
	    awk '$2 == 0 && ($4 > 3000 || $4 < -3000) { print $1 }' >far
	t_ok $([ "$(grep -c . far)" -eq 0 ]; echo $?) \
	    "$label: no right clock put hours off by the coarse search ($(tr '\n' ' ' <far))"
}

# A district's whole day (seed 517, no field preset): the day shift walks
# in about seven and out after eight, and people go home the way they
# came, so the cameras on a way in see in the morning the people their
# neighbours on the way out see 12.5 hours later.  Each camera reads its
# busiest slots: C0350-C0352 read their mornings, their neighbours their
# evenings, and the same people made a peak at -46,100 s that led the one
# near 0, though that one was there too.  C0352 was called skewed by
# -46,146 s with 4.9 s of uncertainty (C0350 and C0351 uncertain, coarse
# offsets as far).  A group of cameras moved together must now show no
# peak near 0 besides (a right clock shows both, the passage and the
# return).  The campus day of the same seed: seven such cameras called
# 12.5 hours off before, none now.
shifts y "whole day" "a day of shifts" --hours 24
# The same district from 06:00 to 21:00: a single camera, not a group.
# C0352 read its busy mornings (07:20, 07:30) and its neighbours C0354 and
# G128 their busy evenings (20:00, 20:10), and the slots they shared held
# one or two of C0352's people each: the passage near 0 was never tested,
# the return 12.8 hours later made a peak of z 114, and C0352 was called
# skewed by -45,998 s with 4.9 s of uncertainty (C0354 pulled to +26.8 s
# with it).  A device is now moved half an hour or more only when the
# passage near 0, read afresh where it and its neighbours are busy
# together, is missing or under half the far peak (C0352's: z 82).
shifts m "day from 06:00 to 21:00" "from 06:00" --start 6 --hours 15
# A clock held at 0 is right only as surely as one off is skewed: known
# within 10 s.  wander-1 of seed 3001 had C0054, -64.5 s off, ok at +0.4 s
# within 13.7 s; looser than 10 s it is uncertain (these worlds had 54
# clocks called ok with 10 to 60 s of uncertainty).
for f in *.csv; do
	head -1 "$f" | grep -q '^device,type,offset,uncertainty,support,status,' &&
	    awk -F, -v f="${f%.csv}" '$6 == "ok" && $4 > 10.0005 { print f ":" $1 }' "$f"
done >bad
t_ok $([ ! -s bad ]; echo $?) "nothing known more loosely than 10 s is called ok ($(tr '\n' ' ' <bad))"
t_done
