vigil-simulate --seed 7 -o sim
export VIGIL_ARCHIVE=~/sim.db
vigil-import sim/site.xml sim/roster.csv sim/gates/*.gate.csv sim/cameras/*.sightings.csv
vigil-query --near OVP-N --radius 30 --from '2018-11-20 21:10' --to '2018-11-20 21:15' --columns time,device,track,upper,lower,attrs
jq -r '.incidents[0] | .gate, .suspect' sim/truth.json
vigil-query --gate G049 --from '2018-11-20 21:13' --to '2018-11-20 21:20'
vigil-simulate --scale district --start 18 --hours 6 --recordings -o district
vigil-simulate --preset field --dial skew-utc=0.02 -o field
