# bench/lib.sh: what the benchmark scripts share (sourced; $work must be set)

# seconds a command takes, and its peak memory in MiB and the processor
# seconds it used (user and system, $cpu) when GNU time is here
run() {
	s=$(date +%s.%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M %U %S' -o "$work/rss" "$@"
		read -r rss u sy <"$work/rss"
		rss=$((rss / 1024))
		cpu=$(echo "$u + $sy" | bc)
	else
		"$@"
		rss=- cpu=-
	fi
	e=$(date +%s.%N)
	secs=$(echo "$e - $s" | bc)
}
