#!/bin/bash
# demo_unpack.sh: runj-demo unpack applies an image's layers in order with
# whiteouts, checks every digest, and turns the image config into the
# process.
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"

# make_image OUT.tar [CORRUPTION]: two gzip layers and a config with
# Entrypoint, Cmd, Env, WorkingDir and User.  CORRUPTION: "blob" changes a
# layer's bytes, "diffid" lies about a diff_id, "evil" adds a hostile name.
make_image() {
	python3 - "$1" "${2:-}" <<'PY'
import gzip, hashlib, io, json, sys, tarfile
out, bad = sys.argv[1], sys.argv[2]
blobs = {}
def add_blob(data):
    h = hashlib.sha256(data).hexdigest()
    blobs[h] = data
    return {"digest": "sha256:" + h, "size": len(data)}
def layer(entries):
    buf = io.BytesIO()
    t = tarfile.open(fileobj=buf, mode="w")
    for name, kind, data in entries:
        ti = tarfile.TarInfo(name)
        ti.mtime = 1000
        if kind == "dir":
            ti.type, ti.mode = tarfile.DIRTYPE, 0o755
            t.addfile(ti)
        elif kind == "link":
            ti.type, ti.linkname = tarfile.SYMTYPE, data
            t.addfile(ti)
        else:
            ti.size, ti.mode = len(data), 0o644
            t.addfile(ti, io.BytesIO(data))
    t.close()
    tar = buf.getvalue()
    return tar, gzip.compress(tar, mtime=0)
l1 = [("etc", "dir", None),
      ("etc/passwd", "file", b"root:x:0:0::/root:/bin/sh\nworker:x:1234:99::/home:/bin/sh\n"),
      ("etc/group", "file", b"root:x:0:\nstaff:x:50:\n"),
      ("a", "dir", None), ("a/keep", "file", b"keep\n"), ("a/gone", "file", b"gone\n"),
      ("b", "dir", None), ("b/old1", "file", b"1\n"), ("b/old2", "file", b"2\n"),
      ("work", "dir", None)]
l2 = [("a", "dir", None), ("a/.wh.gone", "file", b""),
      ("b", "dir", None), ("b/new", "file", b"new\n"), ("b/.wh..wh..opq", "file", b""),
      ("c", "link", "a/keep")]
if bad == "evil":
    l2.append(("c/../../escape", "file", b"x"))
tars = [layer(l1), layer(l2)]
descs = []
for tar, gz in tars:
    d = add_blob(gz)
    d["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip"
    descs.append(d)
diff_ids = ["sha256:" + hashlib.sha256(t).hexdigest() for t, _ in tars]
if bad == "diffid":
    diff_ids[1] = "sha256:" + "0" * 64
cfg = {"architecture": "amd64", "os": "linux",
       "config": {"Entrypoint": ["/bin/echo"], "Cmd": ["hello", "world"],
                  "Env": ["FOO=bar", "PATH=/opt/bin:/bin"],
                  "WorkingDir": "/work", "User": "worker:staff"},
       "rootfs": {"type": "layers", "diff_ids": diff_ids}}
c = add_blob(json.dumps(cfg).encode())
c["mediaType"] = "application/vnd.oci.image.config.v1+json"
man = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
       "config": c, "layers": descs}
m = add_blob(json.dumps(man).encode())
m["mediaType"] = "application/vnd.oci.image.manifest.v1+json"
index = {"schemaVersion": 2, "manifests": [m]}
if bad == "blob":
    h = descs[1]["digest"][7:]
    blobs[h] = blobs[h][:-8] + b"\0" * 8
t = tarfile.open(out, "w")
def put(name, data):
    ti = tarfile.TarInfo(name); ti.size = len(data)
    t.addfile(ti, io.BytesIO(data))
put("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
put("index.json", json.dumps(index).encode())
for h, data in blobs.items():
    put("blobs/sha256/" + h, data)
t.close()
PY
}

left_behind() {
	ls -A | grep -v -e '^\.log$' -e '^err$' -e '^out$' -e '^image.tar$' || true
}

test_unpack_layers_and_whiteouts() {
	make_image image.tar
	"$DEMO" unpack image.tar -o b
	expect_eq "$(cat b/rootfs/a/keep)" keep
	[ ! -e b/rootfs/a/gone ] || fail "whiteout a/.wh.gone ignored"
	[ ! -e b/rootfs/a/.wh.gone ] || fail "whiteout file extracted"
	expect_eq "$(ls b/rootfs/b)" new "opaque directory b"
	expect_eq "$(readlink b/rootfs/c)" a/keep symlink
	[ ! -e b/.layout ] || fail "layout temporary kept"
}

test_unpack_process_from_image_config() {
	make_image image.tar
	"$DEMO" unpack image.tar -o b
	python3 - b/config.json <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
p = c["process"]
assert p["args"] == ["/bin/echo", "hello", "world"], p["args"]
assert "FOO=bar" in p["env"] and "PATH=/opt/bin:/bin" in p["env"], p["env"]
assert len([e for e in p["env"] if e.startswith("PATH=")]) == 1, p["env"]
assert p["cwd"] == "/work", p["cwd"]
assert p["user"]["uid"] == 1234 and p["user"]["gid"] == 50, p["user"]
assert c["root"]["path"] == "rootfs"
PY
}

test_unpack_round_trip_with_oci_image() {
	mkdir -p tree/bin tree/etc
	echo hi >tree/etc/hi
	ln -s ../etc/hi tree/bin/hi
	"$DEMO" oci-image -i tree -o image.tar
	"$DEMO" unpack image.tar -o b
	diff -r --no-dereference tree b/rootfs
	# and from a layout directory
	mkdir l && tar -C l -xf image.tar
	"$DEMO" unpack l -o b2
	diff -r --no-dereference tree b2/rootfs
}

test_unpack_runs_in_a_container() {
	[ -x "$RUNJ" ] || skip "runj is not built yet ($RUNJ)"
	"$DEMO" rootfs -o r
	"$DEMO" oci-image -i r -o image.tar
	"$DEMO" unpack image.tar -o b
	python3 -c 'import json; c=json.load(open("b/config.json")); assert c["process"]["args"]==["/bin/sh"]'
	# the image's Cmd is /bin/sh: with no input it exits 0
	rc=0
	"$RUNJ" --root "$T_TMP/state" run --bundle b demo-unpack </dev/null || rc=$?
	"$RUNJ" --root "$T_TMP/state" delete --force demo-unpack >/dev/null 2>&1 || true
	expect_eq "$rc" 0 "exit status"
}

test_unpack_blob_digest_mismatch() {
	make_image image.tar blob
	expect_fail_with 'blob sha256:[0-9a-f]{12}\.\.\.: digest mismatch' \
		"$DEMO" unpack image.tar -o b
	expect_eq "$(left_behind)" "" "left behind"
}

test_unpack_diff_id_mismatch() {
	make_image image.tar diffid
	expect_fail_with 'layer 1: diff_id mismatch' "$DEMO" unpack image.tar -o b
	expect_eq "$(left_behind)" "" "left behind"
}

test_unpack_hostile_layer() {
	make_image image.tar evil
	expect_fail_with 'layer 1: c/\.\./\.\./escape: path with' \
		"$DEMO" unpack image.tar -o b
	expect_eq "$(left_behind)" "" "left behind"
	[ ! -e ../escape ] || fail "escaped"
}

test_unpack_truncated_image() {
	make_image full.tar
	head -c $(($(stat -c %s full.tar) / 2)) full.tar >image.tar
	rm full.tar
	expect_fail_with 'image.tar' "$DEMO" unpack image.tar -o b
	expect_eq "$(left_behind)" "" "left behind"
}

test_unpack_existing_output_needs_force() {
	make_image image.tar
	mkdir b && echo keep >b/x
	expect_fail_with 'b: exists and is not empty' "$DEMO" unpack image.tar -o b
	"$DEMO" unpack image.tar -o b --force
	[ ! -e b/x ] || fail "old content kept"
}

test_unpack_usage() {
	expect_fail_with 'unpack: missing operand' "$DEMO" unpack -o b
	expect_fail_with 'unpack: nope: No such file' "$DEMO" unpack nope -o b
	[ ! -e b ] || fail "made b"
}

run_tests
