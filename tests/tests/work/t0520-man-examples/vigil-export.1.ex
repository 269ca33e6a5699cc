vigil-export --keygen unit7
vigil-export -c 2018-1120-OVP --sign unit7.key -o OVP-bundle
vigil-verify -k unit7.pub OVP-bundle
(cd OVP-bundle && sha256sum -c manifest-sha256.txt)
vigil-case list -F tsv | awk -F'\t' 'NR > 1 && $4 == "open" { print $1 }' | vigil-export --tar -o /srv/exports/$(date +%F) -
