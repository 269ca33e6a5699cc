vigil-index -A case.db -r /mnt/footage
vigil-query -A case.db --recordings --camera C0099 --from 2018-11-20T21:00 --to 2018-11-20T22:00
vigil-index -A case.db --verify
