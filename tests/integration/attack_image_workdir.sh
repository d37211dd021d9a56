#!/bin/bash
# attack_image_workdir.sh: an image's WorkingDir reaches config.json's
# process.cwd only as a clean absolute path outside /proc: an image must not
# point the container's first chdir at an inherited descriptor
# (/proc/self/fd/N, the CVE-2024-21626 class) or climb with ".." (issue 9,
# item 1).
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"

# image_with_workdir OUT.tar WORKDIR: a one-layer image whose config says
# WorkingDir WORKDIR (digests recomputed).
image_with_workdir() {
	mkdir -p tree/bin tree/work
	echo x >tree/bin/x
	"$DEMO" oci-image -i tree -o base.tar
	python3 - base.tar "$1" "$2" <<'PY'
import hashlib, io, json, sys, tarfile
src, out, wd = sys.argv[1:]
files = {}
with tarfile.open(src) as t:
    for m in t.getmembers():
        if m.isfile():
            files[m.name] = t.extractfile(m).read()
def put(data):
    h = hashlib.sha256(data).hexdigest()
    files["blobs/sha256/" + h] = data
    return h
idx = json.loads(files["index.json"])
mdesc = idx["manifests"][0]
man = json.loads(files["blobs/sha256/" + mdesc["digest"][7:]])
cfg = json.loads(files["blobs/sha256/" + man["config"]["digest"][7:]])
cfg["config"]["WorkingDir"] = wd
data = json.dumps(cfg).encode()
man["config"]["digest"] = "sha256:" + put(data)
man["config"]["size"] = len(data)
data = json.dumps(man).encode()
mdesc["digest"] = "sha256:" + put(data)
mdesc["size"] = len(data)
files["index.json"] = json.dumps(idx).encode()
with tarfile.open(out, "w") as t:
    for name, data in files.items():
        ti = tarfile.TarInfo(name); ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
PY
	rm -rf base.tar tree
}

left_behind() {
	ls -A | grep -v -e '^\.log$' -e '^err$' -e '^out$' -e '^image.tar$' || true
}

# refused WORKDIR: unpack fails with one line naming it, leaving nothing.
refused() {
	image_with_workdir image.tar "$1"
	expect_fail_with 'WorkingDir' "$DEMO" unpack image.tar -o b
	[ ! -e b ] || fail "WorkingDir '$1': made b (cwd $(grep -o '"cwd": "[^"]*"' b/config.json))"
	expect_eq "$(left_behind)" "" "left behind"
	rm -f image.tar
}

test_workdir_inherited_descriptor() {
	refused /proc/self/fd/7
	refused /proc/thread-self/fd/7
	refused /proc/1/cwd
}

test_workdir_climbing() {
	refused /work/../../proc/self/fd/7
	refused /work/..
	refused /../work
}

test_workdir_not_clean() {
	refused work
	refused ./work
	refused /work/.
	refused //work
	refused /work/
}

test_workdir_clean_is_kept() {
	image_with_workdir image.tar /work
	"$DEMO" unpack image.tar -o b
	python3 -c 'import json; c=json.load(open("b/config.json")); assert c["process"]["cwd"] == "/work", c["process"]["cwd"]'
	rm -rf b image.tar
	image_with_workdir image.tar /
	"$DEMO" unpack image.tar -o b
	python3 -c 'import json; c=json.load(open("b/config.json")); assert c["process"]["cwd"] == "/", c["process"]["cwd"]'
	rm -rf b image.tar
	image_with_workdir image.tar /processes
	"$DEMO" unpack image.tar -o b
	python3 -c 'import json; c=json.load(open("b/config.json")); assert c["process"]["cwd"] == "/processes", c["process"]["cwd"]'
}

run_tests
