#!/bin/sh
# t0930-vendor-onvif: ONVIF metadata streams as sightings, access-control events as gate events
. "$top_srcdir/tests/lib.sh"

V=$top_srcdir/tests/vendor
A=a.db
vigil-import -q -A $A "$V/site.xml" || exit 1
cp "$V"/onvif/*.xml .
t_dump $A >pristine
Q='vigil-query -A a.db -F csv --columns time,last,device,kind,track,card,plate,credential,result,upper,lower,attrs,source'

t_run vigil-import -A $A metadata.xml
t_rc 0 "a metadata stream with frames and an event"
t_err "vigil-import: 'metadata.xml': imported 3 events" "two tracks and a granted access"
t_run $Q
t_out "time,last,device,kind,track,card,plate,credential,result,upper,lower,attrs,source
2018-11-20T21:13:05.120+08:00,2018-11-20T21:13:31+08:00,C-ON1,person,17,,,,,black,blue,gender=male;likelihood=0.90,metadata.xml:7
2018-11-20T21:13:06+08:00,2018-11-20T21:13:06+08:00,C-ON1,vehicle,18,,粤B12345,,,,,likelihood=0.80,metadata.xml:30
2018-11-20T21:15:10+08:00,,G-ON1,,,8807123,,badge,granted,,,,metadata.xml:60" \
    "one sighting per object, first and last from UtcTime (no Z is UTC), class, colours, gender, a plate on its parent"
t_run t_sql $A "SELECT track, x, y, w, h FROM sighting ORDER BY track"
t_out "17|0.25|0.25|0.5|0.5
18||||" "the largest box, the frame's Transformation applied, normalised from the top left"

t_run vigil-import -A $A pull.xml
t_rc 0 "a PullMessagesResponse"
t_err "vigil-import: 'pull.xml': imported 2 events; 2 other events (not passages or sightings) left out" \
    "a topic in another namespace and a motion topic are not access events"
t_run $Q --gate G-ON2
t_out "time,last,device,kind,track,card,plate,credential,result,upper,lower,attrs,source
2018-11-20T21:16:00+08:00,,G-ON2,,,0xDEADBEEF,,badge,denied,,,,pull.xml:11
2018-11-20T21:17:00+08:00,,G-ON2,,,,,finger,granted,,,,pull.xml:18" \
    "tns1 resolved by its namespace; denied by card, granted by fingerprint"
t_dump $A >pristine

# the Analytics specification's example: tt:HumanFace and tt:HumanBody hold
# children of the fc: and bd: schemas, read by namespace whatever the prefix
t_run vigil-import -A $A -d C-ON1 appearance.xml
t_rc 0 "the specification's appearance example"
t_err "vigil-import: 'appearance.xml': imported 2 events" "two objects"
t_run $Q --from 2021-10-05T00:00:00 --to 2021-10-06T00:00:00
t_out "time,last,device,kind,track,card,plate,credential,result,upper,lower,attrs,source
2021-10-05T23:13:27.321+08:00,2021-10-05T23:13:27.321+08:00,C-ON1,person,16,,,,,,,gender=female;likelihood=0.70,appearance.xml:7
2021-10-05T23:13:27.321+08:00,2021-10-05T23:13:27.321+08:00,C-ON1,person,15,,,,,red,blue,gender=male;likelihood=0.80,appearance.xml:7" \
    "fc:Gender and bd:Clothing/bd:Tops/bd:Color read; a Gender outside the fc: namespace is not"
t_run t_sql $A "SELECT CAST(x AS real), CAST(y AS real), CAST(w AS real),
    CAST(h AS real) FROM sighting WHERE track = '15'"
t_out "0.03125|0.8333332|0.125|0.10416675" "the box through the frame's Transformation: x 20 to 100 of 640, y 30 to 80 of 480, y up"
t_dump $A >pristine

t_refused wrongns.xml "a stream in another namespace" \
    "vigil-import: 'wrongns.xml', line 4: MetadataStream in namespace 'http://www.onvif.org/ver20/schema' is not an ONVIF metadata stream or notification"
t_refused truncated.xml "a truncated stream" \
    "vigil-import: 'truncated.xml', line 30: not well-formed XML: Couldn't find end of Start Tag tt"
t_refused badtime.xml "bad times" \
    "vigil-import: 'badtime.xml', line 53: bad UtcTime '2018-11-20T25:13:31Z': hour out of range" \
    "vigil-import: 'badtime.xml', line 60: bad UtcTime 'yesterday': not an ISO 8601 time" \
    "vigil-import: 'badtime.xml': not imported: 2 bad records"
t_refused unknown.xml "sources the site does not know" \
    "vigil-import: 'unknown.xml', line 7: unknown onvif channel 'VideoSourceToken_9': no ident in the site names it, and no --device" \
    "vigil-import: 'unknown.xml', line 60: unknown onvif channel 'AccessPoint_7': no ident in the site names it, and no --device" \
    "vigil-import: 'unknown.xml': not imported: 2 bad records"
t_refused bomb.xml "an entity bomb" \
    "vigil-import: 'bomb.xml', line 2: document type declarations are not allowed (no DTD is read and no entity expanded)"

# an item or element given twice: the first would win silently (another
# card, another box); refused with its line and why, as Dahua's keys
sed 's|<o:SimpleItem Name="Card" Value="0xDEADBEEF"/>|&\
            <o:SimpleItem Name="Card" Value="0x00C0FFEE"/>|' pull.xml >pull-dup.xml
t_refused pull-dup.xml "an access event naming two cards" \
    "vigil-import: 'pull-dup.xml', line 11: SimpleItem 'Card' given twice in Data (lines 15 and 16): which is meant cannot be told" \
    "vigil-import: 'pull-dup.xml': not imported: 1 bad record"
sed 's|AccessPointToken" Value="AccessPoint_2"/>|&<o:SimpleItem Name="AccessPointToken" Value="AccessPoint_1"/>|' pull.xml >pull-dup2.xml
t_refused pull-dup2.xml "access events naming two doors" \
    "vigil-import: 'pull-dup2.xml', line 11: SimpleItem 'AccessPointToken' given twice in Source (lines 14 and 14): which is meant cannot be told" \
    "vigil-import: 'pull-dup2.xml', line 18: SimpleItem 'AccessPointToken' given twice in Source (lines 21 and 21): which is meant cannot be told" \
    "vigil-import: 'pull-dup2.xml': not imported: 2 bad records"
sed '14s|.*|&\
            <tt:BoundingBox left="0" top="0" right="640" bottom="480"/>|' metadata.xml >box-dup.xml
t_refused box-dup.xml "an object with two boxes" \
    "vigil-import: 'box-dup.xml', line 7: BoundingBox given twice (lines 15 and 16): which is meant cannot be told" \
    "vigil-import: 'box-dup.xml': not imported: 1 bad record"

# a stream whose frames name no source: placed with --device
sed 's| Source="VideoSourceToken_1"||' metadata.xml | sed '/<tt:Event>/,/<\/tt:Event>/d' >nosource.xml
vigil-import -q -A b.db "$V/site.xml" || exit 1	# its frames are metadata.xml's:
						# not duplicates here
t_run vigil-import -A b.db -d C-ON1 nosource.xml
t_rc 0 "frames without Source, with --device"
t_err "vigil-import: 'nosource.xml': imported 2 events" "go to that camera"
# a recorded metadata stream: documents one after another, each with its
# XML declaration (as the Streaming specification shows); an object's
# track runs across documents, each record at its own line
t_run vigil-import -A $A stream.xml
t_rc 0 "several documents in one file"
t_err "vigil-import: 'stream.xml': imported 2 events" "one track over three documents, one access event"
t_run $Q --from 2018-11-20T21:19:00 --to 2018-11-20T21:25:00
t_out "time,last,device,kind,track,card,plate,credential,result,upper,lower,attrs,source
2018-11-20T21:20:00.100+08:00,2018-11-20T21:20:02.900+08:00,C-ON1,person,41,,,,,,,likelihood=0.90,stream.xml:4
2018-11-20T21:20:01.628+08:00,,G-ON1,,,Credential_77,,badge,granted,,,,stream.xml:25" \
    "first and last over the documents; the event at its line in the second"
t_run vigil-query -A $A -F csv --gate G-ON1 --from 2018-11-20T21:20:00 --columns person,card
t_out "person,card
Zhang Wei,Credential_77" "CredentialHolderName is the person when the roster does not know the name"

# with a roster, a name one person has is that person's id; a name two
# people share stays the name, never one of them guessed
printf 'person,name,status\nP0077,Zhang Wei,active\nP0081,Li Na,active\nP0082,Li Na,visitor\n' >roster.csv
vigil-import -q -A $A roster.csv || exit 1
sed -e 's/13:20:01.628Z/13:22:01Z/' stream.xml >stream2.xml
sed -e 's/13:20:01.628Z/13:23:01Z/' -e 's/Zhang Wei/Li Na/' stream.xml >stream3.xml
t_run vigil-import -A $A -d C-ON1 stream2.xml stream3.xml
t_rc 0 "the same stream, twice more"
t_run vigil-query -A $A -F csv --gate G-ON1 --from 2018-11-20T21:22:00 --columns time,person,card
t_out "time,person,card
2018-11-20T21:22:01+08:00,P0077,Credential_77
2018-11-20T21:23:01+08:00,Li Na,Credential_77" "a unique name mapped by the roster; a shared one kept as written"
t_dump $A >pristine
head -c 1500 stream.xml >stream-cut.xml
t_refused stream-cut.xml "a stream cut in its second document" \
    "vigil-import: 'stream-cut.xml', line 32: not well-formed XML: AttValue: ' expected"
sed '39s/^<?xml version="1.0" encoding="UTF-8"?>$/<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>/' stream.xml >stream-dtd.xml
t_refused stream-dtd.xml "a document type declaration in a later document" \
    "vigil-import: 'stream-dtd.xml', line 39: document type declarations are not allowed (no DTD is read and no entity expanded)"
t_done
