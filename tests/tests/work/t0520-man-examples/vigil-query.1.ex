export VIGIL_ARCHIVE=~/overpass.db
vigil-query --camera C017 --from '2018-11-20 21:05' --to '2018-11-20 21:20' --columns time,last,track,upper,lower,source
vigil-query --gate G-N3 --from '2018-11-20 21:14' --to '2018-11-20 21:17' --columns time,device,person,name,credential,direction,score
vigil-query -F csv --person P0012345 --from 2018-11-20 --to 2018-11-21 >P0012345.csv
vigil-query --strangers --zone living --from '2018-11-20 18:00' --to '2018-11-21 06:00'
vigil-query --gate D-CHEM --from '2018-11-21 00:00' --to '2018-11-21 06:00' --columns time,person,name,card,direction
vigil-query -F jsonl -z UTC --near OVP-N --radius 60 --from '2018-11-20 13:10' --to '2018-11-20 13:20'
vigil-query --card 8807123 --columns time,device,person,name
