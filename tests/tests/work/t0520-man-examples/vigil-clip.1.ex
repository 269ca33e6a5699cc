vigil-clip -A case.db --camera C0099 --from '2018-11-20 21:13:00' --to '2018-11-20 21:13:10' -o stair.mp4
vigil-clip -A case.db --camera C0099 --frame '2018-11-20 21:13:05' -o assault.png
vigil-track -A case.db -F csv --from C0099:T000003 | vigil-clip -A case.db --path -o hops --contact-sheet hops.png
ffprobe -v error -show_entries format_tags stair.mp4
