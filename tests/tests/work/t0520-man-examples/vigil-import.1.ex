cd /usr/local/share/vigil/demo
vigil-import -A ~/overpass.db site.xml roster.csv north.gate.csv edge.sightings.csv
export VIGIL_ARCHIVE=~/overpass.db
vigil-import -k logs/*.gate.csv 2>skipped.txt
vigil-import -t sightings -z UTC export-0412.csv
vigil-import -l -F csv
