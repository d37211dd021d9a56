#!/bin/bash
# safety_masked.sh: the masked /proc paths cannot be read, and the
# container cannot take the mask off.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

READ_MASKED='for f in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug /proc/latency_stats; do
	[ -e $f ] || { echo "$f absent"; continue; }
	echo "$f $(head -c 4096 $f 2>/dev/null | wc -c)"
done'

# masked_ok OUT: every present path read 0 bytes.
masked_ok() {
	printf '%s\n' "$1" | awk '$2 != "absent" && $2 != 0 { print; bad = 1 } END { exit bad }' ||
		fail "a masked path is readable: $1"
}

test_masked_proc_paths_are_empty() {
	[ -e /proc/keys ] || [ -e /proc/kcore ] || skip "this kernel has neither /proc/keys nor /proc/kcore"
	make_bundle "$T_TMP/b" sh -c "$READ_MASKED"
	out=$(run_ctr)
	masked_ok "$out"
	# the same paths are readable when not masked: the test can tell
	if [ -s /proc/keys ] || [ "$(head -c 10 /proc/keys | wc -c)" -gt 0 ]; then
		set_config 'c["linux"]["maskedPaths"] = []'
		expect_match "$(run_ctr)" '^/proc/keys [1-9]' "/proc/keys without a mask"
	fi
}

test_masked_paths_in_exec() {
	id=$(new_id)
	start_sleeper "$id"
	masked_ok "$(rj exec "$id" sh -c "$READ_MASKED" </dev/null)"
	rj delete --force "$id"
	expect_gone "$id"
}

test_mask_cannot_be_removed() {
	make_bundle "$T_TMP/b" sh -c 'umount /proc/keys 2>/dev/null; umount -l /proc/kcore 2>/dev/null
		mount -t proc proc /mnt 2>/dev/null && echo MOUNTED-PROC
		'"$READ_MASKED"
	out=$(run_ctr)
	expect_eq "$(printf '%s\n' "$out" | grep -c MOUNTED-PROC)" 0 "a fresh proc mount"
	masked_ok "$(printf '%s\n' "$out" | grep -v MOUNTED)"
}

run_tests
