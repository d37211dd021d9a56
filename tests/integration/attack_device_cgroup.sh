#!/bin/bash
# attack_device_cgroup.sh: issue 9.2 and 10.4 (and 10.1).  Without
# linux.resources.devices the container's device cgroup was wide open
# (a *:* rwm): with CAP_MKNOD it made and opened any host device.  A
# linux.devices entry also added an allow-rwm rule the config never gave.
# Now every container starts from deny-all, then the config's rules in
# order, then the devices every container needs (runc's list).  Each test
# runs twice: on this host's layout (v1 devices plus the cgroup2 tree,
# which gets the device program too) and in a pure-v2 layout (cgroup2
# mounted over /sys/fs/cgroup in a private mount namespace), where only
# the BPF device program can enforce anything.  Devices are only opened.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# The host device the probes try: loop-control (c 10 237), which any
# process with the node may open (and with CAP_SYS_ADMIN make loop devices
# of the host's files); never in runc's default list.  Probes only open it.
host_device() {
	echo c 10 237
}

# probe: the container's script: makes the host device as /dev/hostdev
# (unless linux.devices made it) and says whether it opens.
PROBE='[ -e /dev/hostdev ] || mknod /dev/hostdev $T $MA $MI || { echo MKNOD-DENIED; exit 0; }
if (exec 3</dev/hostdev) 2>/dev/shm/err; then echo OPENED; else echo DENIED; cat /dev/shm/err; fi'

probe_bundle() {
	read -r T MA MI <<<"$(host_device)"
	make_bundle "$T_TMP/b" sh -c "T=$T MA=$MA MI=$MI; $PROBE"
	set_config 'for s in ("bounding", "effective", "permitted"): c["process"]["capabilities"][s].append("CAP_MKNOD")'
}

# layout_run LAYOUT: `runj run` of $BUNDLE in the host's layout or in a
# pure-v2 one; prints the container's output.  The v2 one is rooted at a
# private cgroup (a cgroup namespace made there), so the controllers runj
# enables in its parents are enabled in that cgroup, never in the host's
# cgroup2 root.
layout_run() {
	if [ "$1" = host ]; then
		run_ctr
		return
	fi
	cat >"$T_TMP/v2.sh" <<'EOS'
#!/bin/sh
mount -t cgroup2 cgroup2 /sys/fs/cgroup || exit 99
exec "$@"
EOS
	chmod +x "$T_TMP/v2.sh"
	v2root=$UNIFIED/rjt-v2root-$$-$RANDOM
	mkdir "$v2root"
	echo "$v2root" >>"$T_TMP/.v2roots"
	rc=0
	V2ROOT=$v2root sh -c 'echo $$ >"$V2ROOT/cgroup.procs" && exec "$@"' sh \
	    unshare -m -C --propagation private "$T_TMP/v2.sh" \
	    "$RUNJ" --root "$T_TMP/state" run --bundle "$BUNDLE" "$(new_id v2)" || rc=$?
	find "$v2root" -depth -type d -exec rmdir {} + 2>/dev/null || true
	[ "$rc" -ne 99 ] || skip "cannot mount cgroup2 in a mount namespace here"
	return "$rc"
}

eval "engine_teardown() $(declare -f teardown | tail -n +2)"
teardown() {
	engine_teardown
	for d in $(cat "$T_TMP/.v2roots" 2>/dev/null); do
		find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
	done
	return 0
}

UNIFIED=
layout_require() {
	[ "$1" = host ] && return 0
	UNIFIED=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	[ -n "$UNIFIED" ] || skip "this host has no cgroup2 mount"
	[ "$UNIFIED" != /sys/fs/cgroup ] || skip "this host is pure v2: the host runs cover it"
	command -v unshare >/dev/null || skip "unshare is not installed"
	unshare -C true 2>/dev/null || skip "this kernel has no cgroup namespaces"
}

# 9.2: no devices section at all.
no_devices_section() {
	layout_require "$1"
	probe_bundle
	set_config 'c["linux"]["resources"].pop("devices", None)'
	out=$(layout_run "$1")
	expect_match "$out" '^DENIED' "the host's loop-control from a container without linux.resources.devices ($1)"
}
test_no_devices_section_host() { no_devices_section host; }
test_no_devices_section_v2() { no_devices_section v2; }

# The default list: null, zero, full, random, urandom, tty, ptmx work;
# mknod of any node is allowed (c *:* m, b *:* m), opening it is not.
default_list() {
	layout_require "$1"
	make_bundle "$T_TMP/b" sh -c '
for d in null zero full random urandom; do head -c 1 /dev/$d >/dev/null 2>&1 || echo "NO $d"; done
echo x >/dev/null || echo "NO null write"
mknod /dev/fuse2 c 10 229 && echo MKNOD-C || echo NO-MKNOD-C
mknod /dev/blk2 b 7 0 && echo MKNOD-B || echo NO-MKNOD-B
(exec 3</dev/fuse2) 2>/dev/null && echo FUSE-OPENED || echo FUSE-DENIED
echo done'
	set_config 'for s in ("bounding", "effective", "permitted"): c["process"]["capabilities"][s].append("CAP_MKNOD")'
	out=$(layout_run "$1")
	expect_eq "$(printf '%s' "$out" | tr '\n' ' ')" "MKNOD-C MKNOD-B FUSE-DENIED done" "default devices ($1)"
}
test_default_list_host() { default_list host; }
test_default_list_v2() { default_list v2; }

# 10.4: a linux.devices entry is a node to make, not a rule: after a
# deny-all its open is denied.
linux_devices_entry_adds_no_rule() {
	layout_require "$1"
	probe_bundle
	set_config "c['linux']['devices'] = [{'path': '/dev/hostdev', 'type': '$T', 'major': $MA, 'minor': $MI, 'fileMode': 0o600}]"
	out=$(layout_run "$1")
	expect_match "$out" '^DENIED' "a linux.devices entry after deny-all ($1)"
}
test_linux_devices_entry_adds_no_rule_host() { linux_devices_entry_adds_no_rule host; }
test_linux_devices_entry_adds_no_rule_v2() { linux_devices_entry_adds_no_rule v2; }

# Rules apply in the order listed: the last one that matches decides.
rules_in_order() {
	layout_require "$1"
	probe_bundle
	set_config "c['linux']['resources']['devices'] = [{'allow': False, 'access': 'rwm'}, {'allow': True, 'type': '$T', 'major': $MA, 'minor': $MI, 'access': 'r'}]"
	expect_match "$(layout_run "$1")" '^OPENED' "allowed by the last rule ($1)"
	set_config "c['linux']['resources']['devices'] = [{'allow': True, 'type': '$T', 'major': $MA, 'minor': $MI, 'access': 'rw'}, {'allow': False, 'type': '$T', 'major': $MA, 'minor': $MI, 'access': 'r'}]"
	expect_match "$(layout_run "$1")" '^DENIED' "denied by the last rule ($1)"
	set_config "c['linux']['resources']['devices'] = [{'allow': True, 'type': '$T', 'major': $MA, 'access': 'rm'}]"
	expect_match "$(layout_run "$1")" '^OPENED' "a wildcard minor ($1)"
	set_config "c['linux']['resources']['devices'] = [{'allow': True, 'type': '$T', 'major': $MA, 'minor': $MI, 'access': 'w'}]"
	expect_match "$(layout_run "$1")" '^DENIED' "write allowed, read not ($1)"
}
test_rules_in_order_host() { rules_in_order host; }
test_rules_in_order_v2() { rules_in_order v2; }

# 10.1: Podman passes fileMode with the file-type bits (0o20644); runc
# masks it with 07777.
test_file_mode_with_type_bits() {
	make_bundle "$T_TMP/b" sh -c 'stat -c "%a %F" /dev/mynull; echo x >/dev/mynull && echo WROTE'
	set_config 'c["linux"]["devices"] = [{"path": "/dev/mynull", "type": "c", "major": 1, "minor": 3, "fileMode": 0o20644}]
c["linux"]["resources"]["devices"].append({"allow": True, "type": "c", "major": 1, "minor": 3, "access": "rwm"})'
	out=$(run_ctr 2>&1)
	expect_eq "$(printf '%s' "$out" | tr '\n' ' ')" "644 character special file WROTE" "the node and its mode"
}

run_tests
