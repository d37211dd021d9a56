#!/bin/bash
# demo_bundle.sh: runj-demo bundle from every archive kind libarchive
# reads and from a directory; hostile and broken archives refused whole.
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"

# make_tree DIR: files, a symlink, a hard link, an empty dir, odd modes.
make_tree() {
	mkdir -p "$1/bin" "$1/etc/deep/er" "$1/empty"
	printf '#!/bin/sh\necho hi\n' >"$1/bin/tool"
	chmod 0755 "$1/bin/tool"
	head -c 200000 /dev/urandom >"$1/etc/deep/er/data"
	echo secret >"$1/etc/shadowish"
	chmod 0600 "$1/etc/shadowish"
	ln -s ../bin/tool "$1/etc/link"
	ln "$1/bin/tool" "$1/bin/tool2"
	chmod 1777 "$1/empty"
}

# evil_tar OUT KIND: an archive with one hostile entry (python's tarfile
# writes whatever it is told to).
evil_tar() {
	python3 - "$1" "$2" "$T_TMP/outside" <<'PY'
import io, sys, tarfile
out, kind, outside = sys.argv[1:]
t = tarfile.open(out, "w")
def add(name, data=b"x", **kw):
    ti = tarfile.TarInfo(name)
    for k, v in kw.items():
        setattr(ti, k, v)
    if ti.type == tarfile.REGTYPE:
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
    else:
        t.addfile(ti)
add("ok")
if kind == "dotdot":
    add("a/../../escaped")
elif kind == "absolute":
    add(outside + "/abs")
elif kind == "symlink":
    add("sub", type=tarfile.DIRTYPE, mode=0o755)
    add("sub/evil", type=tarfile.SYMTYPE, linkname="../../outside")
    add("sub/evil/file")
elif kind == "abs-symlink":
    add("evil", type=tarfile.SYMTYPE, linkname=outside)
    add("evil/file")
elif kind == "hardlink":
    add("hl", type=tarfile.LNKTYPE, linkname="../outside/victim")
elif kind == "abs-hardlink":
    add("hl", type=tarfile.LNKTYPE, linkname=outside + "/victim")
t.close()
PY
}

# nothing_left: no bundle and no temporary beside it; outside untouched.
nothing_left() {
	[ ! -e "$T_TMP/b" ] || fail "the bundle was left behind"
	left=$(ls -A "$T_TMP" | grep -v -e '^\.log$' -e '^\.skip$' \
		-e '^err$' -e '^out$' -e '^in' -e '^outside$' -e '^tree$' || true)
	[ -z "$left" ] || fail "left behind: $left"
	[ -z "$(ls -A "$T_TMP/outside" | grep -v '^victim$')" ] ||
		fail "wrote outside: $(ls -A "$T_TMP/outside")"
	expect_eq "$(cat "$T_TMP/outside/victim")" untouched "outside/victim"
}

setup_outside() {
	mkdir -p "$T_TMP/outside"
	echo untouched >"$T_TMP/outside/victim"
}

check_bundle() {
	[ -f "$T_TMP/b/config.json" ] || fail "no config.json"
	python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); assert c["root"]["path"]=="rootfs", c["root"]' "$T_TMP/b/config.json"
	diff -r --no-dereference tree "$T_TMP/b/rootfs"
	expect_eq "$(stat -c %a "$T_TMP/b/rootfs/etc/shadowish")" 600 mode
	expect_eq "$(stat -c %a "$T_TMP/b/rootfs/empty")" 1777 "sticky mode"
	expect_eq "$(stat -c %i "$T_TMP/b/rootfs/bin/tool")" \
		"$(stat -c %i "$T_TMP/b/rootfs/bin/tool2")" "hard link"
	expect_eq "$(readlink "$T_TMP/b/rootfs/etc/link")" ../bin/tool symlink
}

test_bundle_from_directory() {
	make_tree tree
	"$DEMO" bundle --input tree -o b
	check_bundle
}

test_bundle_from_each_archive_format() {
	make_tree tree
	tar -C tree -cf in.tar .
	tar -C tree -czf in.tar.gz .
	tar -C tree -cJf in.txz .
	tar -C tree --zstd -cf in.tar.zst .
	tar -C tree -cjf in.tar.bz2 .
	for a in in.tar in.tar.gz in.txz in.tar.zst in.tar.bz2; do
		"$DEMO" bundle -i "$a" -o b || fail "$a"
		check_bundle
		rm -rf b
	done
}

test_bundle_from_zip() {
	mkdir -p tree/d
	echo one >tree/d/one
	(cd tree && zip -qr ../in.zip d) || skip "zip failed"
	"$DEMO" bundle -i in.zip -o b
	diff -r tree b/rootfs
}

test_bundle_refuses_empty_file() {
	setup_outside
	: >in.tar
	expect_fail_with 'in.tar: empty file, not an archive' \
		"$DEMO" bundle -i in.tar -o b
	nothing_left
}

test_bundle_args_and_os() {
	make_tree tree
	"$DEMO" bundle -i tree -o b --os freebsd --args /bin/tool one two
	python3 - b/config.json <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
assert c["process"]["args"] == ["/bin/tool", "one", "two"], c["process"]["args"]
assert "jail" in c["freebsd"], c.get("freebsd")
PY
}

test_bundle_existing_output_needs_force() {
	make_tree tree
	mkdir b && echo keep >b/file
	expect_fail_with 'b: exists and is not empty \(use --force' \
		"$DEMO" bundle -i tree -o b
	expect_eq "$(cat b/file)" keep
	"$DEMO" bundle -i tree -o b --force
	[ ! -e b/file ] || fail "old bundle content kept"
	check_bundle
	# An empty directory is fine without --force.
	rm -rf b && mkdir b
	"$DEMO" bundle -i tree -o b
}

test_bundle_refuses_dotdot() {
	setup_outside
	evil_tar in.tar dotdot
	expect_fail_with 'a/\.\./\.\./escaped: path with "\.\."' \
		"$DEMO" bundle -i in.tar -o b
	nothing_left
	[ ! -e "$T_TMP/escaped" ] || fail "escaped"
}

test_bundle_refuses_absolute_path() {
	setup_outside
	evil_tar in.tar absolute
	expect_fail_with 'abs: absolute path' "$DEMO" bundle -i in.tar -o b
	nothing_left
}

test_bundle_refuses_symlink_out_of_root() {
	setup_outside
	evil_tar in.tar symlink
	expect_fail_with 'sub/evil/file: path through a symlink that points out of the root' \
		"$DEMO" bundle -i in.tar -o b
	nothing_left
}

test_bundle_refuses_absolute_symlink() {
	setup_outside
	evil_tar in.tar abs-symlink
	expect_fail_with 'evil/file: path through symlink evil, which points out of the root' \
		"$DEMO" bundle -i in.tar -o b
	nothing_left
}

test_bundle_refuses_hard_link_out_of_root() {
	setup_outside
	evil_tar in.tar hardlink
	expect_fail_with 'hard link hl: .*path with "\.\."' \
		"$DEMO" bundle -i in.tar -o b
	nothing_left
	evil_tar in.tar abs-hardlink
	expect_fail_with 'hard link hl: .*absolute path' \
		"$DEMO" bundle -i in.tar -o b
	nothing_left
	expect_eq "$(stat -c %h "$T_TMP/outside/victim")" 1 "victim's links"
}

test_bundle_refuses_corrupt_archive() {
	setup_outside
	head -c 100000 /dev/urandom >in.tar.gz
	expect_fail_with 'in.tar.gz: ' "$DEMO" bundle -i in.tar.gz -o b
	nothing_left
}

test_bundle_refuses_truncated_archive() {
	setup_outside
	make_tree tree
	tar -C tree -czf full.tgz .
	head -c $(($(stat -c %s full.tgz) / 2)) full.tgz >in.tgz
	rm full.tgz
	expect_fail_with 'in.tgz: .*(runcat|ruth|amaged|EOF|nexpected)' \
		"$DEMO" bundle -i in.tgz -o b
	nothing_left
}

test_bundle_output_inside_input() {
	mkdir -p tree/x
	expect_fail_with 'tree/b: the output would be inside the input' \
		"$DEMO" bundle -i tree -o tree/b
	expect_fail_with 'the output would be inside the input' \
		"$DEMO" oci-image -i tree -o tree/x/i.tar
	expect_eq "$(ls -A tree)" x "tree"
	expect_eq "$(ls -A tree/x)" "" "tree/x"
}

test_failure_removes_the_parents_it_made() {
	setup_outside
	head -c 100000 /dev/urandom >in.tgz
	mkdir -p kept
	for cmd in "bundle -i in.tgz -o new/deeper/b" \
		"oci-image -i in.tgz -o new/deeper/image.tar" \
		"unpack in.tgz -o new/deeper/b" "bundle -i in.tgz -o kept/new/b"; do
		# shellcheck disable=SC2086
		expect_fail_with 'in\.tgz' "$DEMO" $cmd
		[ ! -e new ] || fail "$cmd: left new/"
		expect_eq "$(ls -A kept)" "" "$cmd: kept/"
	done
	# A parent that was there stays; one made stays when the output is made.
	"$DEMO" bundle -i "$T_TMP/outside" -o new/deeper/b
	[ -d new/deeper/b/rootfs ] || fail "no bundle"
}

test_bundle_missing_input() {
	setup_outside
	expect_fail_with 'bundle: nope: No such file' "$DEMO" bundle -i nope -o b
	nothing_left
	expect_fail_with 'unknown OS "plan9"' "$DEMO" bundle -i . -o b --os plan9
	nothing_left
	expect_fail_with '--input and -o are required' "$DEMO" bundle -o b
}

run_tests
