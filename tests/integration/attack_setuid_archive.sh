#!/bin/bash
# attack_setuid_archive.sh: an untrusted archive or image made into a bundle
# by root must not hand its setuid-root files and open device nodes to the
# host's users.  The bundle directory is 0700, so the root filesystem is
# reachable only through the container (issue 9, item 5).
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"

need_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (owners are kept only for root)"
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	# The test's own directory is 0700; open it so that only the bundle
	# stands between the host's users and the root filesystem.
	chmod 0755 "$T_TMP"
}

# evil_tar OUT: a copy of id(1), setuid root, and a 0666 device node.
evil_tar() {
	python3 - "$1" "$(command -v id)" <<'PY'
import io, os, sys, tarfile
out, idbin = sys.argv[1:]
t = tarfile.open(out, "w")
for d in ("bin", "dev"):
    ti = tarfile.TarInfo(d); ti.type = tarfile.DIRTYPE; ti.mode = 0o755
    t.addfile(ti)
data = open(idbin, "rb").read()
ti = tarfile.TarInfo("bin/id"); ti.size = len(data); ti.mode = 0o4755
ti.uid = ti.gid = 0
t.addfile(ti, io.BytesIO(data))
ti = tarfile.TarInfo("dev/null"); ti.type = tarfile.CHRTYPE
ti.devmajor, ti.devminor, ti.mode = 1, 3, 0o666
t.addfile(ti)
t.close()
PY
}

# as_nobody CMD...: CMD as uid and gid 65534 with no groups.  Through sh:
# setpriv itself still holds root's capabilities at its own execve.
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		sh -c 'exec "$0" "$@"' "$@"
}

# check_closed BUNDLE: the host's users cannot reach the root filesystem,
# and the container still gets the files as the archive made them.
check_closed() {
	euid=$(as_nobody "$1/rootfs/bin/id" -u 2>/dev/null || true)
	[ "$euid" != 0 ] || fail "nobody ran $1/rootfs/bin/id as euid 0"
	[ -z "$euid" ] || fail "nobody ran $1/rootfs/bin/id (euid $euid)"
	! as_nobody sh -c ': >"$1"' sh "$1/rootfs/dev/null" 2>/dev/null ||
		fail "nobody opened the device node $1/rootfs/dev/null"
	expect_eq "$(stat -c %a "$1")" 700 "mode of the bundle $1"
	expect_eq "$(stat -c %a "$1/rootfs")" 755 "mode of $1/rootfs"
	expect_eq "$(stat -c %a:%u "$1/rootfs/bin/id")" 4755:0 "bin/id in the rootfs"
}

test_bundle_from_archive_is_closed() {
	need_root
	evil_tar evil.tar
	"$DEMO" bundle -i evil.tar -o b
	check_closed b
}

test_bundle_from_directory_is_closed() {
	need_root
	evil_tar evil.tar
	mkdir tree && tar -C tree -xpf evil.tar
	"$DEMO" bundle -i tree -o b
	check_closed b
}

test_bundle_replaced_with_force_is_closed() {
	need_root
	evil_tar evil.tar
	mkdir b && chmod 0755 b && echo old >b/old
	"$DEMO" bundle -i evil.tar -o b --force
	check_closed b
}

test_unpack_is_closed() {
	need_root
	evil_tar evil.tar
	"$DEMO" oci-image -i evil.tar -o image.tar
	"$DEMO" unpack image.tar -o b
	check_closed b
}

run_tests
