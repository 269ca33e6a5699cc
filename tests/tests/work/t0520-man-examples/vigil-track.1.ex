export VIGIL_ARCHIVE=~/overpass.db
vigil-track --at C017 --time '2018-11-20 21:13'
vigil-track --from C017:T1569
vigil-track --from C017:T1569 --reject C040:T1585
vigil-track -F csv --hypotheses 3 --reject C040:T1585 --from C017:T1569 >path.csv
vigil-track --person P0012345
vigil-simulate -o sim
vigil-import -A sim.db sim/site.xml sim/roster.csv sim/gates/*.gate.csv sim/cameras/*.sightings.csv
vigil-track -A sim.db --eval sim/truth.json
vigil-track -A sim.db --eval sim/truth.json --greedy
