export VIGIL_ARCHIVE=~/overpass.db
cd /usr/local/share/vigil/demo
vigil import site.xml roster.csv north.gate.csv edge.sightings.csv
vigil query --camera C017 --from '2018-11-20 21:05' --to '2018-11-20 21:20'
vigil query --camera C018 --from '2018-11-20 21:13' --to '2018-11-20 21:16'
vigil query --gate G-N3 --from '2018-11-20 21:14' --to '2018-11-20 21:17'
vigil query --person P0012345 --from 2018-11-20 --to 2018-11-21
vigil query --strangers --from '2018-11-20 18:00' --to '2018-11-21 06:00'
vigil query --gate D-CHEM --from '2018-11-21 00:00' --to '2018-11-21 06:00'
vigil query --near OVP-N --radius 60 --from '2018-11-20 21:10' --to '2018-11-20 21:20' -F jsonl
