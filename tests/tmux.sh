# tests/tmux.sh: the browser in a real terminal, for the tests that walk it:
# tmux at a fixed size (W x H, 80x24 by default), keys sent, the screen
# captured.  Sourced after tests/lib.sh, in the test's directory.
S=vigil-$t_name-$$
SOCK=$PWD/tmux.sock
tm() { tmux -S "$SOCK" "$@"; }
# (and, run again on a server, its stop: this trap replaces lib.sh's)
trap 'tm kill-server 2>/dev/null; t_file ||
    sh "$top_srcdir/tests/pg-server" stop "$PGDIR"' EXIT

# start CMD: a fresh session of 80x24 running the command, then its exit
# status in the file rc
start() {
	# a session of its own keeps the server up between one start and the
	# next: killing the only session makes the server exit, and a new
	# session asked of a server on its way out fails ("server exited
	# unexpectedly"), a race a loaded machine loses
	tm has-session -t hold 2>/dev/null ||
	    tm new-session -d -s hold -x 10 -y 2 "sleep 3600"
	tm kill-session -t $S 2>/dev/null
	rm -f rc
	tm new-session -d -s $S -x "${W:-80}" -y "${H:-24}" \
	    "cd '$PWD' && env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 PATH='$PATH' VIGIL_SHARE='$VIGIL_SHARE' VIGIL_CASES='$VIGIL_CASES' VIGIL_OFFICER='$VIGIL_OFFICER' $*; echo \$? >rc; sleep 30"
	settle
}
# settle: wait until the screen stops changing
settle() {
	prev= i=0
	while [ $i -lt 50 ]; do
		sleep 0.1
		# a session that is gone (the browser died) will not change
		cur=$(tm capture-pane -p -t $S 2>/dev/null) || break
		[ -n "$cur" ] && [ "$cur" = "$prev" ] && break
		prev=$cur
		i=$((i + 1))
	done
}
# keys KEY...: send each, wait for the screen to change (at most 3 s: a
# busy machine is slow to answer), then for it to settle
keys() {
	for k in "$@"; do
		before=$(tm capture-pane -p -t $S 2>/dev/null)
		tm send-keys -t $S "$k" 2>/dev/null || continue
		i=0
		while [ $i -lt 60 ]; do
			sleep 0.05
			[ "$(tm capture-pane -p -t $S 2>/dev/null)" != "$before" ] &&
			    break
			i=$((i + 1))
		done
		settle
	done
}
# screen: the pane as text, in the file out
screen() { tm capture-pane -p -t $S >out; }
line() { sed -n "$1p" out; }

