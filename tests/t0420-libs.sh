#!/bin/sh
# t0420-libs: each tool records only the shared libraries it uses, and
# vigil-query loads nothing but SQLite, jansson (the site model --like
# ranks by) and the C library (libpq comes with the module vigil-pg.so,
# loaded only for a server's archive)
. "$top_srcdir/tests/lib.sh"

if ! command -v readelf >/dev/null; then
	echo "1..0 # SKIP no readelf"
	exit 0
fi
bin=$top_builddir/src

# uses TOOL: the libraries among vigil's dependencies that TOOL records
uses() {
	readelf -d "$bin/$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
	    sed -n 's/^lib\(sqlite3\|xml2\|jansson\|crypto\|avformat\|avcodec\|avutil\|swscale\|ncursesw\|pq\)\.so.*/\1/p' |
	    sort | tr '\n' ' '
}

# the tool, then what it uses, in sorted order
while read -r tool want; do
	got=$(uses "$tool")
	[ "$got" = "$want " ] || [ "$got" = "$want" ]
	t_ok $? "$tool records: ${want:-none of them}"
	[ "$got" = "$want " ] || [ "$got" = "$want" ] ||
	    echo "#   got: $got"
done <<EOF
vigil
vigil-browse avcodec avformat avutil crypto jansson ncursesw sqlite3 swscale
vigil-anomaly jansson sqlite3
vigil-case jansson sqlite3
vigil-clip avcodec avformat avutil crypto sqlite3 swscale
vigil-export avcodec avformat avutil crypto sqlite3 swscale xml2
vigil-import crypto jansson sqlite3 xml2
vigil-index avcodec avformat avutil crypto sqlite3
vigil-query jansson sqlite3
vigil-simulate avcodec avformat avutil crypto sqlite3
vigil-site sqlite3 xml2
vigil-skew jansson sqlite3
vigil-track jansson sqlite3
vigil-verify crypto sqlite3 xml2
EOF

# what the dynamic loader maps for vigil-query, beside the C library's own
LD_TRACE_LOADED_OBJECTS=1 "$bin/vigil-query" >out 2>err
sed -n 's/^[[:space:]]*\(lib[^ .]*\)\.so.*/\1/p' out |
    grep -v '^lib\(c\|m\|asan\|ubsan\|gcc_s\|stdc++\|dl\|pthread\|rt\)$' \
    >loaded
if [ -s out ]; then
	printf 'libjansson\nlibsqlite3\n' >want
	t_same loaded want "vigil-query loads SQLite, jansson and no other library"
fi
t_done
