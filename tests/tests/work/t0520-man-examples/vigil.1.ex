vigil
export VIGIL_ARCHIVE=~/overpass.db
cd /usr/local/share/vigil/demo
vigil import site.xml roster.csv north.gate.csv edge.sightings.csv
vigil query --gate G-N3 --from '2018-11-20 21:14' --to '2018-11-20 21:17'
