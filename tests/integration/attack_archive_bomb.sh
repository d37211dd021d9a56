#!/bin/bash
# attack_archive_bomb.sh: hostile archives against extraction (issue 9,
# item 12).  A gzip bomb stops at the size budget with an error naming its
# entry; a full disk is an error naming the entry, not config.json; a
# libarchive warning (an archive that is not what it says) is an error; a
# failed extraction of a tree deeper than the descriptor limit leaves no
# staging directory.
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"

teardown() {
	if mountpoint -q "$T_TMP/small" 2>/dev/null; then
		umount "$T_TMP/small"
	fi
	return 0
}

# nothing_left [KEEP...]: only the test's own files (and KEEP) are here.
nothing_left() {
	left=
	for f in $(ls -A); do
		case " .log .skip err out $* " in *" $f "*) continue ;; esac
		case $f in in.*) continue ;; esac
		left="$left $f"
	done
	[ -z "$left" ] || fail "left behind:$left"
}

# bomb OUT MIB: a tar.gz holding one file "zeros" of MIB MiB of zeros (about
# a thousandth of that compressed).
bomb() {
	python3 - "$1" "$2" <<'PY'
import sys, tarfile, zlib
out, mib = sys.argv[1], int(sys.argv[2])
ti = tarfile.TarInfo("zeros"); ti.size = mib << 20; ti.mode = 0o644
hdr = ti.tobuf(format=tarfile.USTAR_FORMAT)
z = zlib.compressobj(9, zlib.DEFLATED, 31)
with open(out, "wb") as f:
    f.write(z.compress(hdr))
    chunk = bytes(1 << 20)
    for _ in range(mib):
        f.write(z.compress(chunk))
    f.write(z.compress(bytes(1024)))
    f.write(z.flush())
PY
}

test_gzip_bomb_stops_at_the_default_budget() {
	bomb in.tgz 600
	size=$(stat -c %s in.tgz)
	[ "$size" -lt $((1 << 20)) ] || fail "the bomb is $size bytes"
	expect_fail_with '^runj-demo: bundle: in\.tgz: zeros: over the size budget of 256 MiB \(--max-size\)$' \
		"$DEMO" bundle -i in.tgz -o b
	nothing_left
}

test_budget_is_overridable() {
	bomb in.tgz 40
	expect_fail_with 'in\.tgz: zeros: over the size budget of 16 MiB \(--max-size\)$' \
		"$DEMO" bundle -i in.tgz -o b --max-size 16M
	nothing_left
	"$DEMO" bundle -i in.tgz -o b --max-size 41m
	expect_eq "$(stat -c %s b/rootfs/zeros)" $((40 << 20)) "size of zeros"
	rm -rf b
	"$DEMO" bundle -i in.tgz -o b --max-size 0
	rm -rf b
	expect_fail_with 'in\.tgz: zeros: over the size budget of 16 MiB' \
		"$DEMO" oci-image -i in.tgz -o image.tar --max-size 16M
	expect_fail_with 'max-size: "12Q" is not a size' \
		"$DEMO" bundle -i in.tgz -o b --max-size 12Q
	nothing_left
}

test_unpack_budget() {
	mkdir tree
	head -c $((3 << 20)) /dev/urandom >tree/random
	"$DEMO" oci-image -i tree -o image.tar
	expect_fail_with '^runj-demo: unpack image\.tar: .*over the size budget of 2 MiB \(--max-size\)$' \
		"$DEMO" unpack image.tar -o b --max-size 2M
	nothing_left tree image.tar
	mkdir l && tar -C l -xf image.tar
	expect_fail_with '^runj-demo: unpack l: layer 0: random: over the size budget of 2 MiB' \
		"$DEMO" unpack l -o b --max-size 2M
	nothing_left tree image.tar l
	"$DEMO" unpack image.tar -o b --max-size 4M
	cmp tree/random b/rootfs/random
}

# small: a 8 MiB tmpfs, the disk to fill.
small() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to mount a small tmpfs"
	mkdir small
	mount -t tmpfs -o size=8m,mode=0755 runj-test-small small ||
		skip "cannot mount a tmpfs"
}

test_full_disk_names_the_entry() {
	small
	mkdir tree
	head -c $((16 << 20)) /dev/urandom >tree/big
	tar -C tree -cf in.tar .
	rm -rf tree
	expect_fail_with '^runj-demo: bundle: in\.tar: big: over the size budget of [0-9.]+ MiB \(95% of the space free where it goes; --max-size\)$' \
		"$DEMO" bundle -i in.tar -o small/b
	expect_eq "$(ls -A small)" "" "left in the small disk"
	# Without a budget the disk fills: the error still names the entry.
	expect_fail_with '^runj-demo: bundle: in\.tar: big: .*(No space|Write failed)' \
		"$DEMO" bundle -i in.tar -o small/b --max-size 0
	expect_eq "$(ls -A small)" "" "left in the small disk"
}

test_archive_warning_is_an_error() {
	# The pax header says the entry is real/name, but malformed: libarchive
	# warns and would extract it as "innocent".
	python3 - <<'PY'
import io, tarfile
buf = io.BytesIO()
t = tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT)
ti = tarfile.TarInfo("innocent"); ti.size = 4
ti.pax_headers = {"path": "real/name"}
t.addfile(ti, io.BytesIO(b"data"))
t.close()
data = bytearray(buf.getvalue())
i = data.find(b"18 path=real/name\n")
data[i:i + 2] = b"99"
open("in.tar", "wb").write(bytes(data))
PY
	expect_fail_with '^runj-demo: bundle: in\.tar: innocent: Ignoring malformed pax extended attribute$' \
		"$DEMO" bundle -i in.tar -o b
	nothing_left
}

test_non_ascii_names_are_not_warnings() {
	python3 - <<'PY'
import io, tarfile
t = tarfile.open("in.tar", "w", format=tarfile.PAX_FORMAT)
for n in ["caf\u00e9", "\u65e5\u672c"]:
    ti = tarfile.TarInfo(n); ti.size = 1
    t.addfile(ti, io.BytesIO(b"x"))
t.close()
PY
	LC_ALL=C "$DEMO" bundle -i in.tar -o b
	expect_eq "$(ls b/rootfs | LC_ALL=C sort | tr '\n' ' ')" "café 日本 " names
	LC_ALL=C "$DEMO" oci-image -i in.tar -o image.tar
	LC_ALL=C "$DEMO" unpack image.tar -o b2
	diff -r b/rootfs b2/rootfs
}

test_deep_tree_failure_leaves_no_staging() {
	# 400 levels, then a hostile name: the failure must remove a staging
	# tree deeper than the descriptors allowed (64 here).
	python3 - <<'PY'
import io, tarfile
t = tarfile.open("in.tar", "w", format=tarfile.PAX_FORMAT)
name = ""
for i in range(400):
    name = name + ("/" if name else "") + "d"
    ti = tarfile.TarInfo(name); ti.type = tarfile.DIRTYPE; ti.mode = 0o555
    t.addfile(ti)
ti = tarfile.TarInfo("../escape"); ti.size = 1
t.addfile(ti, io.BytesIO(b"x"))
t.close()
PY
	(
		ulimit -n 64
		expect_fail_with '\.\./escape: path with' "$DEMO" bundle -i in.tar -o b
	)
	nothing_left
	[ ! -e ../escape ] || fail "escaped"
}

test_deep_tree_replaced_with_force() {
	python3 - <<'PY'
import tarfile
t = tarfile.open("in.tar", "w", format=tarfile.PAX_FORMAT)
name = ""
for i in range(300):
    name = name + ("/" if name else "") + "d"
    ti = tarfile.TarInfo(name); ti.type = tarfile.DIRTYPE; ti.mode = 0o755
    t.addfile(ti)
t.close()
PY
	"$DEMO" bundle -i in.tar -o b
	mkdir tree && echo x >tree/x
	(
		ulimit -n 64
		"$DEMO" bundle -i tree -o b --force
	)
	expect_eq "$(ls b/rootfs)" x "the new bundle"
	nothing_left b tree
}

run_tests
