#!/bin/bash
# engine_security.sh: seccomp, capabilities, user namespaces, devices,
# masked and read-only paths, sysctl, and the cgroup path check.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

MKDIR_TRY='if mkdir /dev/shm/d 2>/dev/shm/err; then echo MADE; else cat /dev/shm/err; fi'

test_seccomp_errno_denies_mkdir() {
	make_bundle "$T_TMP/b" sh -c "$MKDIR_TRY"
	expect_eq "$(run_ctr)" MADE "mkdir without a filter"
	set_config 'c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_AARCH64"], "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}'
	expect_match "$(run_ctr)" 'Operation not permitted' "mkdir under the filter"
	# errnoRet is honoured
	set_config 'c["linux"]["seccomp"]["syscalls"][0]["errnoRet"] = 28'
	expect_match "$(run_ctr)" 'No space left' "mkdir with errnoRet 28"
}

test_seccomp_bad_action_and_syscall() {
	make_bundle "$T_TMP/b" true
	id=$(new_id)
	set_config 'c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_FROB"}]}'
	expect_fail_with 'SCMP_ACT_FROB' rj create --bundle "$T_TMP/b" "$id"
	expect_gone "$id"
	set_config 'c["linux"]["seccomp"]["syscalls"] = [{"names": ["no_such_syscall_x"], "action": "SCMP_ACT_ERRNO"}]'
	expect_fail_with 'no_such_syscall_x' rj create --bundle "$T_TMP/b" "$id"
	expect_gone "$id"
	set_config 'c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_NOPE"}'
	expect_fail_with 'SCMP_ACT_NOPE' rj create --bundle "$T_TMP/b" "$id"
	expect_gone "$id"
	expect_eq "$(ls -A "$T_TMP/state" 2>/dev/null)" "" "state root"
}

test_capabilities_chown() {
	make_bundle "$T_TMP/b" sh -c 'touch /dev/shm/f; if chown 1000 /dev/shm/f 2>/dev/null; then echo CHOWNED; else echo DENIED; fi; grep CapEff /proc/self/status'
	# runj spec's default set has no CAP_CHOWN
	out=$(run_ctr)
	expect_match "$out" DENIED "chown without CAP_CHOWN"
	set_config 'for s in ("bounding", "effective", "permitted"): c["process"]["capabilities"][s].append("CAP_CHOWN")'
	out=$(run_ctr)
	expect_match "$out" CHOWNED "chown with CAP_CHOWN"
	expect_eq "$(printf '%s' "$out" | awk '/CapEff/ { print $2 }')" 0000000020000421 "CapEff (CHOWN KILL NET_BIND_SERVICE AUDIT_WRITE)"
	set_config 'c["process"]["capabilities"]["bounding"].append("CAP_NOT_A_CAP")'
	expect_fail_with 'CAP_NOT_A_CAP' rj create --bundle "$T_TMP/b" "$(new_id)"
}

userns_ok() {
	[ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)" -gt 0 ] ||
		skip "user namespaces are disabled on this host"
	unshare -U true 2>/dev/null || skip "this host cannot make a user namespace"
}

test_user_namespace_mappings() {
	userns_ok
	# the mapped root is "others" to the host's files: let it reach the rootfs
	chmod 755 "$T_TMP"
	id=$(new_id)
	make_bundle "$T_TMP/$id" sh -c 'id -u; id -g; cat /proc/self/uid_map; sleep 1000'
	set_config '
c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 200000, "size": 65536}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 300000, "size": 65536}]
'
	"$RUNJ" --root "$T_TMP/state" run --bundle "$T_TMP/$id" "$id" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null &
	for _i in $(seq 100); do
		[ "$(status_of "$id" 2>/dev/null)" = running ] && break
		sleep 0.05
	done
	[ "$(status_of "$id" 2>/dev/null)" = running ] || fail "not running: $(cat "$T_TMP/err")"
	pid=$(pid_of "$id")
	wait_file "$T_TMP/out"
	for _i in $(seq 50); do [ "$(wc -l <"$T_TMP/out")" -ge 3 ] && break; sleep 0.05; done
	expect_eq "$(sed -n 1,2p "$T_TMP/out" | tr '\n' ' ')" "0 0 " "id inside the user namespace"
	expect_match "$(sed -n 3p "$T_TMP/out")" '^ *0 +200000 +65536$' "uid_map"
	uids=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' /proc/"$pid"/status)
	gids=$(awk '/^Gid:/ { print $2, $3, $4, $5 }' /proc/"$pid"/status)
	expect_eq "$uids" "200000 200000 200000 200000" "uid seen from the host"
	expect_eq "$gids" "300000 300000 300000 300000" "gid seen from the host"
	rj delete --force "$id"
	wait || true
	expect_gone "$id" "$pid"
}

test_user_namespace_overlapping_mappings_rejected() {
	make_bundle "$T_TMP/b" true
	id=$(new_id)
	set_config '
c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 200000, "size": 1000}, {"containerID": 500, "hostID": 400000, "size": 10}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 200000, "size": 1000}]
'
	expect_fail_with 'uidMappings.*overlap' rj create --bundle "$T_TMP/b" "$id"
	expect_gone "$id"
	set_config '
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 200000, "size": 1000}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 200000, "size": 1000}, {"containerID": 2000, "hostID": 200500, "size": 10}]
'
	expect_fail_with 'gidMappings.*overlap' rj create --bundle "$T_TMP/b" "$id"
	expect_gone "$id"
}

test_devices() {
	make_bundle "$T_TMP/b" sh -c 'stat -c "%t:%T %F %a" /dev/mynull; echo data >/dev/mynull && echo WRITTEN; ls /dev/fuse 2>/dev/null'
	set_config '
c["linux"]["devices"] = [{"path": "/dev/mynull", "type": "c", "major": 1, "minor": 3, "fileMode": 438, "uid": 0, "gid": 0}]
c["linux"]["resources"]["devices"] = [{"allow": False, "access": "rwm"}, {"allow": True, "type": "c", "major": 1, "minor": 3, "access": "rwm"}]
'
	if [ -c /dev/fuse ]; then
		set_config 'c["linux"]["devices"].append({"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438})'
	fi
	out=$(run_ctr)
	expect_match "$out" '^1:3 character special file 666$' "/dev/mynull"
	expect_match "$out" '^WRITTEN$' "write to /dev/mynull"
	if [ -c /dev/fuse ]; then
		expect_match "$out" '^/dev/fuse$' "/dev/fuse"
	fi
}

test_device_cgroup_denies_unlisted() {
	[ -d /sys/fs/cgroup/devices ] || [ -f /sys/fs/cgroup/cgroup.controllers ] ||
		skip "no device cgroup"
	make_bundle "$T_TMP/b" sh -c 'mknod /dev/shm/mem c 1 1 2>/dev/null; head -c1 /dev/shm/mem >/dev/null 2>&1 && echo READ || echo DENIED'
	set_config 'for s in ("bounding", "effective", "permitted"): c["process"]["capabilities"][s].append("CAP_MKNOD")
c["mounts"] = [m for m in c["mounts"] if m["destination"] != "/dev/shm"] + [{"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid"]}]'
	expect_eq "$(run_ctr)" DENIED "reading /dev/mem made by mknod under deny-all"
}

test_masked_and_readonly_paths() {
	make_bundle "$T_TMP/b" sh -c '
		for f in /proc/kcore /proc/keys /proc/timer_list; do
			[ -e $f ] || continue
			n=$(head -c 64 $f 2>/dev/null | wc -c)
			echo "$f $n"
		done
		echo 1 >/proc/sys/kernel/domainname 2>/dev/null && echo SYS-WRITTEN || echo SYS-DENIED
		echo x >/proc/sysrq-trigger 2>/dev/null && echo SYSRQ-WRITTEN || echo SYSRQ-DENIED
		ls /sys/firmware | wc -l'
	out=$(run_ctr)
	printf '%s\n' "$out" | awk 'NF == 2 && $1 ~ /^\/proc/ && $2 != 0 { bad = 1 } END { exit bad }' ||
		fail "a masked path is readable: $out"
	expect_match "$out" '^SYS-DENIED$' "write to /proc/sys"
	expect_match "$out" '^SYSRQ-DENIED$' "write to /proc/sysrq-trigger"
	expect_eq "$(printf '%s\n' "$out" | tail -n1)" 0 "/sys/firmware is empty"
	# a path of our own, masked and made read-only
	set_args sh -c 'cat /etc/secret 2>/dev/null; echo .; echo y >/tmp/ro/f 2>/dev/null && echo RO-WRITTEN || echo RO-DENIED'
	echo top-secret >"$T_TMP/b/rootfs/etc/secret"
	mkdir -p "$T_TMP/b/rootfs/tmp/ro"
	set_config '
c["root"]["readonly"] = False
c["linux"]["maskedPaths"].append("/etc/secret")
c["linux"]["readonlyPaths"].append("/tmp/ro")'
	out=$(run_ctr | tr '\n' ' ')
	expect_eq "$out" ". RO-DENIED " "own masked and read-only paths"
}

test_sysctl_in_new_netns() {
	host=$(cat /proc/sys/net/ipv4/ip_forward)
	make_bundle "$T_TMP/b" cat /proc/sys/net/ipv4/ip_forward
	set_config 'c["linux"]["sysctl"] = {"net.ipv4.ip_forward": "1"}'
	expect_eq "$(run_ctr)" 1 "net.ipv4.ip_forward in the container"
	expect_eq "$(cat /proc/sys/net/ipv4/ip_forward)" "$host" "the host's net.ipv4.ip_forward"
	id=$(new_id)
	set_config 'c["linux"]["sysctl"] = {"kernel.no_such_knob": "1"}'
	expect_fail_with 'kernel\.no_such_knob' rj create --bundle "$T_TMP/b" "$id"
	expect_gone "$id"
	# a net sysctl without a network namespace would change the host
	set_config 'c["linux"]["sysctl"] = {"net.ipv4.ip_forward": "1"}; c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "network"]'
	expect_fail_with 'net\.ipv4\.ip_forward' rj create --bundle "$T_TMP/b" "$id"
	expect_gone "$id"
	expect_eq "$(cat /proc/sys/net/ipv4/ip_forward)" "$host" "the host's net.ipv4.ip_forward"
}

test_cgroup_path_outside_tree_rejected() {
	make_bundle "$T_TMP/b" true
	tag=rjt-escape-$$
	for p in "../../$tag" "/runj/../../$tag" "/a/./$tag"; do
		id=$(new_id)
		set_config "c['linux']['cgroupsPath'] = '$p'"
		expect_fail_with 'cgroupsPath' rj create --bundle "$T_TMP/b" "$id"
		expect_gone "$id"
	done
	found=$(find /sys/fs/cgroup -maxdepth 3 -name "$tag*" 2>/dev/null)
	[ -z "$found" ] || fail "cgroup made outside the tree: $found"
	# an allowed custom path is used, and removed at delete
	id=$(new_id)
	set_config "c['linux']['cgroupsPath'] = '/rjt-own-$$/$id'"
	rj create --bundle "$T_TMP/b" "$id"
	[ -n "$(ls -d /sys/fs/cgroup/*/rjt-own-$$/"$id" /sys/fs/cgroup/rjt-own-$$/"$id" 2>/dev/null)" ] ||
		fail "the custom cgroup path is not used"
	rj delete --force "$id"
	[ -z "$(ls -d /sys/fs/cgroup/*/rjt-own-$$/"$id" /sys/fs/cgroup/rjt-own-$$/"$id" 2>/dev/null)" ] ||
		fail "the custom cgroup remains"
	rmdir /sys/fs/cgroup/*/rjt-own-$$ /sys/fs/cgroup/rjt-own-$$ 2>/dev/null || true
}

run_tests
