export VIGIL_ARCHIVE=~/case.db
vigil-skew -F csv | grep ',skewed,'
vigil-skew --apply --device C0044
vigil-skew -l
vigil-skew --set C0044=+73s --note "checked against NTP on site"
vigil-skew --remove C0044
vigil-query --camera C0044 --columns time,track,offset
