export VIGIL_OFFICER='Insp. Wang' VIGIL_CASE=2018-1120-OVP
vigil-case -A campus.db new 2018-1120-OVP --title 'Assault on the north overpass' --incident-time '2018-11-20 21:13' --incident-place OVP-N
vigil-case add-subject --anchor C0099:T000003
vigil-track -c 2018-1120-OVP --save
vigil-case decide C0087:T000060 confirm --why 'same clothes, same gait'
vigil-case log
