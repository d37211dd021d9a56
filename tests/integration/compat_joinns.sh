#!/bin/bash
# compat_joinns.sh: a user namespace joined by path owns the container's
# new namespaces, as with runc: the init joins it first and makes them
# after, so its root may set the hostname, mount, and so on.  runc is the
# control.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"
. "$(dirname "$0")/../lib/runc.sh"

MAPS='
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 200000, "size": 65536}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 200000, "size": 65536}]'

# owner_bundle: a running container in a user namespace of its own; its
# pid is $OWNER.
owner_bundle() {
	[ -e /proc/self/ns/user ] || skip "no user namespaces in this kernel"
	chmod 755 "$T_TMP"
	make_bundle "$T_TMP/owner" sleep 1000
	chown -R 200000:200000 "$T_TMP/owner/rootfs"
	set_config 'c["linux"]["namespaces"].append({"type": "user"})'"$MAPS" \
	    "$T_TMP/owner"
	OWNER_ID=$(new_id owner)
	rj create --bundle "$T_TMP/owner" "$OWNER_ID"
	rj start "$OWNER_ID"
	wait_status "$OWNER_ID" running
	OWNER=$(pid_of "$OWNER_ID")
}

test_joined_user_namespace_owns_the_new_ones() {
	owner_bundle
	make_bundle "$T_TMP/b" sh -c 'id -u; hostname; cat /proc/self/uid_map
		mount -t tmpfs none /mnt && echo MOUNTED'
	chown -R 200000:200000 "$T_TMP/b/rootfs"
	# runc 1.1 wants the mappings beside the path; runj reads none
	set_config 'c["linux"]["namespaces"].append({"type": "user", "path": "/proc/'"$OWNER"'/ns/user"})
c["process"]["capabilities"]["bounding"].append("CAP_SYS_ADMIN")
c["process"]["capabilities"]["effective"].append("CAP_SYS_ADMIN")
c["process"]["capabilities"]["permitted"].append("CAP_SYS_ADMIN")'"$MAPS"
	id=$(new_id)
	out=$(run_ctr "$id" 2>&1)
	echo "$out"
	expect_eq "$out" "0
runj
         0     200000      65536
MOUNTED" "the container's view"
	same=$(readlink /proc/"$OWNER"/ns/user)
	expect_match "$same" '^user:' "the owner's user namespace"
	need_runc
	rout=$(runc_ctr 2>&1) || true
	expect_eq "$rout" "$out" "runj and runc"
	rj delete --force "$OWNER_ID"
	expect_gone "$id"
}

# The container is in the joined user namespace, with new namespaces of
# its own beside it.
test_joined_user_namespace_is_the_containers() {
	owner_bundle
	make_bundle "$T_TMP/b" sleep 1000
	chown -R 200000:200000 "$T_TMP/b/rootfs"
	set_config 'c["linux"]["namespaces"].append({"type": "user", "path": "/proc/'"$OWNER"'/ns/user"})'
	id=$(new_id)
	rj create --bundle "$BUNDLE" "$id"
	pid=$(pid_of "$id")
	expect_eq "$(readlink /proc/"$pid"/ns/user)" \
	    "$(readlink /proc/"$OWNER"/ns/user)" "the container's user namespace"
	[ "$(readlink /proc/"$pid"/ns/uts)" != "$(readlink /proc/"$OWNER"/ns/uts)" ] ||
		fail "the uts namespace is the owner's, not a new one"
	rj delete --force "$id"
	rj delete --force "$OWNER_ID"
	expect_gone "$id"
}

run_tests
