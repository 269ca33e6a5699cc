# bench/lib.sh: what the benchmark scripts share (sourced; $work must be set)

# seconds a command takes, and its peak memory in MiB when GNU time is here
run() {
	s=$(date +%s.%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$work/rss" "$@"
		rss=$(( $(cat "$work/rss") / 1024 ))
	else
		"$@"
		rss=-
	fi
	e=$(date +%s.%N)
	secs=$(echo "$e - $s" | bc)
}
