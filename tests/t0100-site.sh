#!/bin/sh
# t0100-site.sh: vigil-site loads, checks and prints site descriptions
. "${top_srcdir:-../..}/tests/lib.sh"

USAGE='usage: vigil-site [-hqV] [-F format] [-s section] file
       vigil-site [-hqV] [-A archive] [-F format] [-s section]'
HEAD='<?xml version="1.0" encoding="UTF-8"?>'
SITE='<site xmlns="urn:vigil:site:1" id="s" name="S" timezone="UTC">'
ZONE='<zone id="z" name="Z" ring="1"/>'
GATE='<gate id="g" name="G" zone="z" x="1" y="2" kind="door"/>'
CAMERA='<camera id="c" name="C" zone="z" x="0" y="0"/>'

# site NAME LINE...: write the lines to NAME
site() {
	f=$1
	shift
	printf '%s\n' "$@" >"$f"
}

# the demo site
t_run vigil-site -s zones -F csv "$DEMO/site.xml"
t_rc 0 "demo zones as csv"
t_golden site-zones-csv.txt "demo zones as csv"
t_run vigil-site -s devices -F csv "$DEMO/site.xml"
t_rc 0 "demo devices as csv"
t_golden site-devices-csv.txt "demo devices as csv"
t_run vigil-site -s links -F tsv "$DEMO/site.xml"
t_rc 0 "demo links as tsv"
t_golden site-links-tsv.txt "demo links as tsv"
t_run vigil-site -F box "$DEMO/site.xml"
t_rc 0 "demo summary in boxes"
t_golden site-all-box.txt "demo summary in boxes"
t_run vigil-site "$DEMO/site.xml"
t_rc 0 "demo summary in a pipe"
t_golden site-all-table.txt "demo summary in a pipe is an ASCII table"
t_run vigil-site -s site -F jsonl "$DEMO/site.xml"
t_out '{"id":"longhua-north","name":"龙华北厂区","timezone":"Asia/Shanghai"}' \
    "the site as jsonl"
t_run vigil-site --section=places --format=json "$DEMO/site.xml"
t_rc 0 "long options"
t_grep '"id":"CHEM-1","name":"Hazardous chemicals store","zone":"core","kind":"chemicals","x":520,"y":30' \
    out "places as json, numbers bare"
t_run vigil-site -q "$DEMO/site.xml"
t_rc 0 "-q on a good file"
[ ! -s out ]
t_ok $? "-q prints nothing"
[ ! -s err ]
t_ok $? "-q warns of nothing"

# bad files: the first error, with file and line
site tz.xml "$HEAD" \
    '<site xmlns="urn:vigil:site:1" id="s" name="S"' \
    '      timezone="Mars/Olympus">' '</site>'
t_run vigil-site tz.xml
t_rc 1 "unknown time zone"
t_err "vigil-site: 'tz.xml', line 2: unknown time zone 'Mars/Olympus'" \
    "unknown time zone reported"
[ ! -s out ]
t_ok $? "nothing printed for a bad file"

site zone.xml "$HEAD" "$SITE" "$ZONE" \
    '<place id="p" name="P" zone="z" kind="shop" x="0" y="0"/>' \
    '<gate id="g" name="G" zone="gate-area" x="1" y="2"' \
    '      kind="door"/>' '</site>'
t_run vigil-site -q zone.xml
t_rc 1 "unknown zone"
t_err "vigil-site: 'zone.xml', line 5: unknown zone 'gate-area'" \
    "unknown zone reported at the start of the element"

site place.xml "$HEAD" "$SITE" "$ZONE" \
    '<camera id="c" name="C" zone="z" x="0" y="0" place="B12"/>' '</site>'
t_run vigil-site place.xml
t_rc 1 "unknown place"
t_err "vigil-site: 'place.xml', line 4: unknown place 'B12'" \
    "unknown place reported"

# the gate a camera watches: a gate of the site, kept through an archive
site watch.xml "$HEAD" "$SITE" "$ZONE" \
    '<camera id="c" name="C" zone="z" x="0" y="0" gate="G9"/>' '</site>'
t_run vigil-site watch.xml
t_rc 1 "a camera watching an unknown gate"
t_err "vigil-site: 'watch.xml', line 4: camera 'c' watches 'G9', which is not a gate of the site" \
    "the unknown gate named"
site watchcam.xml "$HEAD" "$SITE" "$ZONE" \
    '<camera id="c" name="C" zone="z" x="0" y="0" gate="d"/>' \
    '<camera id="d" name="D" zone="z" x="1" y="0"/>' '</site>'
t_run vigil-site watchcam.xml
t_rc 1 "a camera watching a camera"
t_err "vigil-site: 'watchcam.xml', line 4: camera 'c' watches 'd', which is not a gate of the site" \
    "a camera is not a gate"
site watchok.xml "$HEAD" "$SITE" "$ZONE" \
    '<camera id="c" name="C" zone="z" x="0" y="0" gate="g"/>' \
    '<gate id="g" name="G" zone="z" x="1" y="2" kind="door"/>' \
    '<gate id="h" name="H" zone="z" x="5" y="2" kind="door"/>' '</site>'
t_run vigil-site -s devices -F csv watchok.xml
t_rc 0 "a camera watching a gate (named before it), a gate with no camera"
t_out "id,type,name,zone,kind,credentials,face,x,y,place,gate
c,camera,C,z,,,false,0,0,,g
g,gate,G,z,door,\"\",,1,2,,
h,gate,H,z,door,\"\",,5,2,," "the gate it watches, in the devices' gate column"
vigil-import -q -A watch.db watchok.xml || exit 1
t_run vigil-site -A watch.db -s devices -F csv
t_out "id,type,name,zone,kind,credentials,face,x,y,place,gate
c,camera,C,z,,,false,0,0,,g
g,gate,G,z,door,\"\",,1,2,,
h,gate,H,z,door,\"\",,5,2,," "kept by the archive"

site device.xml "$HEAD" "$SITE" "$ZONE" "$GATE" "$CAMERA" \
    '<link from="c" to="X" min="1" max="2"/>' '</site>'
t_run vigil-site device.xml
t_rc 1 "link to an unknown device"
t_err "vigil-site: 'device.xml', line 6: link from 'c' to 'X': unknown device 'X'" \
    "unknown device reported"

site minmax.xml "$HEAD" "$SITE" "$ZONE" "$GATE" "$CAMERA" \
    '<link from="c" to="g" min="30" max="20"/>' '</site>'
t_run vigil-site minmax.xml
t_rc 1 "min greater than max"
t_err "vigil-site: 'minmax.xml', line 6: link c-g: min 30 is greater than max 20" \
    "min greater than max reported"

site twice.xml "$HEAD" "$SITE" "$ZONE" "$GATE" "$CAMERA" \
    '<link from="c" to="g" min="1" max="20"/>' \
    '<link from="g" to="c" min="1" max="20"/>' '</site>'
t_run vigil-site twice.xml
t_rc 1 "two links between the same devices"
t_err "vigil-site: 'twice.xml', line 7: link g-c: the link on line 6 already joins these devices" \
    "duplicate link reported"

site dupid.xml "$HEAD" "$SITE" "$ZONE" \
    '<gate id="z" name="G" zone="z" x="1" y="2" kind="door"/>' '</site>'
t_run vigil-site dupid.xml
t_rc 1 "duplicate id"
t_err "vigil-site: 'dupid.xml', line 4: duplicate id 'z' (also on line 3)" \
    "duplicate id reported"

site ring.xml "$HEAD" "$SITE" '<zone id="z" name="Z" ring="6"/>' '</site>'
t_run vigil-site ring.xml
t_rc 1 "ring 6"
t_grep "^vigil-site: 'ring.xml', line 3: Element 'zone', attribute 'ring': " \
    err "schema error with file and line"

site lol.xml "$HEAD" '<!DOCTYPE site [' \
    ' <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">' \
    ' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' \
    ' <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">' \
    ']>' "$SITE" '<zone id="z" name="&c;" ring="1"/>' '</site>'
t_run vigil-site lol.xml
t_rc 1 "entities refused"
t_err "vigil-site: 'lol.xml', line 3: entity declarations are not allowed" \
    "entities refused where declared"

site xxe.xml "$HEAD" \
    '<!DOCTYPE site [<!ENTITY x SYSTEM "file:///etc/passwd">]>' \
    "$SITE" '<zone id="z" name="&x;" ring="1"/>' '</site>'
t_run vigil-site xxe.xml
t_rc 1 "external entity refused"
t_err "vigil-site: 'xxe.xml', line 2: entity declarations are not allowed" \
    "external entity refused where declared"

site cut.xml "$HEAD" "$SITE" "$ZONE" '<gate id="g" name="G"'
t_run vigil-site cut.xml
t_rc 1 "truncated file"
t_grep "^vigil-site: 'cut.xml', line 5: " err "truncated file with its line"

t_run vigil-site missing.xml
t_rc 1 "missing file"
t_err "vigil-site: cannot open 'missing.xml': No such file or directory" \
    "missing file named"

t_run env VIGIL_SHARE=/nonexistent vigil-site "$DEMO/site.xml"
t_rc 1 "missing schema"
t_err "vigil-site: cannot open '/nonexistent/site.xsd': No such file or directory" \
    "missing schema named"

# a copy of the program in some bin/ reads share/vigil beside it
mkdir -p reloc/bin reloc/share/vigil
cp "$top_builddir/src/vigil-site" reloc/bin/
cp "$top_srcdir/share/vigil/site.xsd" reloc/share/vigil/
t_run env -u VIGIL_SHARE reloc/bin/vigil-site -s site -F csv "$DEMO/site.xml"
t_rc 0 "without VIGIL_SHARE, the schema beside the program"
printf 'not a schema\n' >reloc/share/vigil/site.xsd
t_run env -u VIGIL_SHARE reloc/bin/vigil-site -s site -F csv "$DEMO/site.xml"
t_rc 1 "a broken schema beside the program"
t_grep "^vigil-site: '.*reloc/bin/\.\./share/vigil/site\.xsd'" err "is the one read, named"

# usage
t_run vigil-site
t_rc 2 "no file"
t_err "$USAGE" "no file: usage on stderr"
t_run vigil-site "$DEMO/site.xml" "$DEMO/site.xml"
t_rc 2 "two files"
t_run vigil-site -A a.db "$DEMO/site.xml"
t_rc 2 "an archive and a file"

# the site an archive holds, as the file printed it
vigil-import -q -A a.db "$DEMO/site.xml" 2>/dev/null
for sec in zones places devices links; do
	vigil-site -s $sec -F csv "$DEMO/site.xml" >want.$sec
	t_run vigil-site -A a.db -s $sec -F csv
	t_same out want.$sec "-A prints the archive's $sec as the file's"
done
t_run env VIGIL_ARCHIVE=a.db vigil-site -s zones -F csv
t_same out want.zones "VIGIL_ARCHIVE names the archive"
t_run vigil-site -A nosuch.db
t_rc 1 "a missing archive"
if t_file; then
	t_err "vigil-site: cannot open 'nosuch.db': No such file or directory (vigil import site.xml makes an archive)" "is named"
else	# a server's database is made when a test first names it
	t_err "vigil-site: 'nosuch.db': empty archive: run vigil import site.xml" "is named"
fi
t_run vigil-site -h
t_rc 0 "-h"
t_out "$USAGE" "-h: usage on stdout"
t_run vigil-site --help
t_rc 0 "--help"
t_run vigil-site -V
t_rc 0 "-V"
t_grep '^vigil-site (vigil) ' out "-V prints the version"
t_run vigil-site -x "$DEMO/site.xml"
t_rc 2 "unknown option"
t_err "vigil-site: invalid option -- 'x'
$USAGE" "unknown option: usage on stderr"
t_run vigil-site -F csv "$DEMO/site.xml"
t_rc 2 "csv without a section"
t_err "vigil-site: choose a section with -s for machine-readable output" \
    "csv without a section refused"
t_run vigil-site -s rooms "$DEMO/site.xml"
t_rc 2 "unknown section"
t_err "vigil-site: unknown section 'rooms' (use one of: site, zones, places, devices, links, people)" \
    "unknown section refused"
vigil-import -q -A people.db "$DEMO/site.xml" "$DEMO/roster.csv" || exit 1
t_run vigil-site -A people.db -s people -F csv
t_rc 0 "-s people: the archive's roster"
t_grep '^id,name,employer,dorm,status$' out "its columns"
t_grep '^P0012345,刘建军,人力资源派遣甲,B12,active$' out "a person, by id"
t_ok $([ "$(wc -l <out)" = "$(($(wc -l <"$DEMO/roster.csv")))" ]; echo $?) "everyone on the roster, once"
t_run vigil-site -s people "$DEMO/site.xml"
t_rc 2 "-s people of a site file"
t_grep "^vigil-site: -s people: the roster is in an archive, not in a site description$" err "says where the roster is"
t_run vigil-site -s zones -F xml "$DEMO/site.xml"
t_rc 2 "unknown format"

t_done
