#!/bin/bash
# demo_oci_image.sh: runj-demo oci-image writes an OCI layout tar that
# skopeo, umoci and containerd accept, the same bytes for the same input.
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"

make_tree() {
	mkdir -p "$1/bin" "$1/etc" "$1/var/empty"
	head -c 100000 /dev/urandom >"$1/bin/prog"
	chmod 755 "$1/bin/prog"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$1/etc/passwd"
	ln -s prog "$1/bin/alias"
	ln "$1/bin/prog" "$1/bin/hard"
	# a name too long for plain ustar
	long=$(printf 'x%.0s' $(seq 120))
	echo long >"$1/etc/$long"
}

teardown() {
	if [ -f "$T_TMP/dockerd.pid" ]; then
		pid=$(cat "$T_TMP/dockerd.pid")
		kill "$pid" 2>/dev/null
		for _ in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
		grep " $T_TMP/" /proc/mounts | awk '{print $2}' | sort -r |
			xargs -r -n1 umount -l 2>/dev/null
	fi
	if [ -f "$T_TMP/containerd.pid" ]; then
		kill "$(cat "$T_TMP/containerd.pid")" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$(cat "$T_TMP/containerd.pid")" 2>/dev/null || break
			sleep 0.1
		done
		grep " $T_TMP/" /proc/mounts | awk '{print $2}' | sort -r |
			xargs -r -n1 umount -l 2>/dev/null
	fi
	return 0
}

test_image_layout() {
	make_tree tree
	"$DEMO" oci-image -i tree -o image.tar --name demo:1.0 --arch arm64 --os linux
	mkdir l && tar -C l -xf image.tar
	python3 - l <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
def blob(desc):
    alg, hexd = desc["digest"].split(":")
    data = open(os.path.join(d, "blobs", alg, hexd), "rb").read()
    assert hashlib.sha256(data).hexdigest() == hexd
    assert len(data) == desc["size"]
    return data
assert json.load(open(os.path.join(d, "oci-layout")))["imageLayoutVersion"] == "1.0.0"
idx = json.load(open(os.path.join(d, "index.json")))
assert idx["schemaVersion"] == 2
m = idx["manifests"][0]
assert m["annotations"]["org.opencontainers.image.ref.name"] == "demo:1.0", m
assert m["platform"] == {"architecture": "arm64", "os": "linux"}, m
man = json.loads(blob(m))
assert man["mediaType"] == "application/vnd.oci.image.manifest.v1+json"
cfg = json.loads(blob(man["config"]))
assert cfg["architecture"] == "arm64" and cfg["os"] == "linux"
layer = man["layers"][0]
assert layer["mediaType"] == "application/vnd.oci.image.layer.v1.tar+gzip"
import gzip
tar = gzip.decompress(blob(layer))
assert cfg["rootfs"]["diff_ids"] == ["sha256:" + hashlib.sha256(tar).hexdigest()]
PY
}

test_image_is_reproducible() {
	make_tree tree
	"$DEMO" oci-image -i tree -o a.tar
	"$DEMO" oci-image -i tree -o b.tar
	cmp a.tar b.tar
	# from an archive, too, and from a copy of the tree
	tar -C tree -cJf tree.txz .
	"$DEMO" oci-image -i tree.txz -o c.tar
	"$DEMO" oci-image -i tree.txz -o d.tar
	cmp c.tar d.tar
	cp -a tree copy
	"$DEMO" oci-image -i copy -o e.tar
	cmp a.tar e.tar
	# a different input gives a different image
	echo more >tree/etc/more
	"$DEMO" oci-image -i tree -o f.tar
	! cmp -s a.tar f.tar || fail "the image did not change"
}

test_image_source_date_epoch() {
	make_tree tree
	SOURCE_DATE_EPOCH=1700000000 "$DEMO" oci-image -i tree -o a.tar
	touch tree/bin/prog
	SOURCE_DATE_EPOCH=1700000000 "$DEMO" oci-image -i tree -o b.tar
	cmp a.tar b.tar
	tar -xOf a.tar index.json >/dev/null
	skopeo inspect oci-archive:a.tar | grep -q '"Created": "2023-11-14T22:13:20Z"'
}

test_image_skopeo_inspect() {
	command -v skopeo >/dev/null || skip "skopeo is not installed"
	make_tree tree
	"$DEMO" oci-image -i tree -o image.tar --name demo:2
	out=$(skopeo inspect oci-archive:image.tar:demo:2)
	expect_match "$out" '"Os": "'"$(uname -s | tr A-Z a-z)"'"'
	expect_match "$out" '"Layers": \['
}

test_image_umoci_unpack() {
	command -v umoci >/dev/null || skip "umoci is not installed"
	make_tree tree
	"$DEMO" oci-image -i tree -o image.tar --name demo:3
	mkdir l && tar -C l -xf image.tar
	umoci unpack --image l:demo:3 bundle
	diff -r --no-dereference tree bundle/rootfs
	expect_eq "$(stat -c %i bundle/rootfs/bin/prog)" \
		"$(stat -c %i bundle/rootfs/bin/hard)" "hard link"
}

test_image_ctr_import() {
	command -v containerd >/dev/null || skip "containerd is not installed"
	make_tree tree
	"$DEMO" oci-image -i tree -o image.tar --name docker.io/library/demo:4
	mkdir ctd
	cat >ctd/config.toml <<TOML
version = 2
root = "$T_TMP/ctd/root"
state = "$T_TMP/ctd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.internal.v1.opt",
  "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs",
  "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
[grpc]
  address = "$T_TMP/ctd/sock"
[ttrpc]
  address = "$T_TMP/ctd/sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
TOML
	containerd --config ctd/config.toml >ctd/log 2>&1 &
	echo $! >"$T_TMP/containerd.pid"
	for _ in $(seq 100); do
		ctr --address "$T_TMP/ctd/sock" version >/dev/null 2>&1 && break
		sleep 0.1
	done
	ctr --address "$T_TMP/ctd/sock" image import image.tar
	ctr --address "$T_TMP/ctd/sock" image ls | grep -q 'docker.io/library/demo:4' ||
		fail "not imported: $(ctr --address "$T_TMP/ctd/sock" image ls)"
	# the import unpacked the layer, which checks its diff_id
	ctr --address "$T_TMP/ctd/sock" image check | grep -q 'complete'
}

# docker_archive_check TAR REPOTAGS: manifest.json is Docker's list of one
# image whose Config and Layers are the OCI manifest's blobs, tagged
# REPOTAGS (a JSON list).
docker_archive_check() {
	rm -rf l && mkdir l && tar -C l -xf "$1"
	python3 - l "$2" <<'PY'
import json, os, sys
d, tags = sys.argv[1], json.loads(sys.argv[2])
idx = json.load(open(os.path.join(d, "index.json")))
blob = lambda desc: os.path.join("blobs", "sha256", desc["digest"][7:])
man = json.load(open(os.path.join(d, blob(idx["manifests"][0]))))
dm = json.load(open(os.path.join(d, "manifest.json")))
assert isinstance(dm, list) and len(dm) == 1, dm
want = {"Config": blob(man["config"]), "Layers": [blob(l) for l in man["layers"]]}
if tags:
    want["RepoTags"] = tags
assert dm[0] == want, (dm[0], want)
for p in [dm[0]["Config"]] + dm[0]["Layers"]:
    assert os.path.isfile(os.path.join(d, p)), p
PY
}

test_image_docker_archive_manifest() {
	make_tree tree
	"$DEMO" oci-image -i tree -o image.tar --name demo:1.0
	docker_archive_check image.tar '["demo:1.0"]'
	"$DEMO" oci-image -i tree -o image.tar -f
	docker_archive_check image.tar '["runj-demo:latest"]'
	"$DEMO" oci-image -i tree -o image.tar -f --name registry.example:5000/a/b
	docker_archive_check image.tar '["registry.example:5000/a/b:latest"]'
	# Names Docker cannot tag load untagged, rather than not at all.
	for n in Demo:1 demo@sha256:0000 'demo:-x' 'a//b'; do
		"$DEMO" oci-image -i tree -o image.tar -f --name "$n"
		docker_archive_check image.tar '[]'
	done
	# Still the same bytes for the same input.
	"$DEMO" oci-image -i tree -o a.tar --name demo:1.0
	"$DEMO" oci-image -i tree -o b.tar --name demo:1.0
	cmp a.tar b.tar
}

# dockerd_start: a private dockerd (its own roots, socket and pid file, no
# bridge, no iptables); sets DOCKER to a docker client talking to it.
dockerd_start() {
	command -v dockerd >/dev/null || skip "dockerd is not installed (docker.io)"
	command -v docker >/dev/null || skip "the docker client is not installed"
	[ "$(id -u)" -eq 0 ] || skip "dockerd needs root"
	d=$T_TMP/dk
	mkdir -p "$d"
	echo '{}' >"$d/daemon.json"
	dockerd --config-file "$d/daemon.json" --data-root "$d/root" \
		--exec-root "$d/exec" --pidfile "$d/pid" -H "unix://$d/sock" \
		--bridge=none --iptables=false --ip6tables=false \
		>"$d/log" 2>&1 &
	echo $! >"$T_TMP/dockerd.pid"
	DOCKER="docker -H unix://$d/sock"
	for _ in $(seq 150); do
		$DOCKER version >/dev/null 2>&1 && return 0
		kill -0 "$(cat "$T_TMP/dockerd.pid")" 2>/dev/null ||
			fail "dockerd exited: $(tail -n 5 "$d/log")"
		sleep 0.2
	done
	fail "dockerd did not answer in 30 s: $(tail -n 5 "$d/log")"
}

test_image_docker_load() {
	dockerd_start
	make_tree tree
	"$DEMO" oci-image -i tree -o image.tar --name demo:5
	out=$($DOCKER load -i image.tar)
	expect_eq "$out" "Loaded image: demo:5" "docker load"
	diff_id=$(tar -xOf image.tar manifest.json | python3 -c '
import json, sys, tarfile
dm = json.load(sys.stdin)[0]
t = tarfile.open("image.tar")
cfg = json.load(t.extractfile(dm["Config"]))
print(cfg["rootfs"]["diff_ids"][0])')
	expect_eq "$($DOCKER image inspect demo:5 --format '{{.Os}} {{index .RootFS.Layers 0}}')" \
		"$(uname -s | tr A-Z a-z) $diff_id" "the loaded image"
	# Docker's own export of it holds the same layer.
	$DOCKER save demo:5 -o saved.tar
	tar -tf saved.tar | grep -q manifest.json
}

test_image_bad_input() {
	head -c 5000 /dev/urandom >junk.tgz
	expect_fail_with 'junk.tgz: ' "$DEMO" oci-image -i junk.tgz -o image.tar
	[ -z "$(ls -A | grep -v -e '^\.log$' -e '^err$' -e '^out$' -e '^junk.tgz$')" ] ||
		fail "left behind: $(ls -A)"
	python3 -c '
import io, tarfile
t = tarfile.open("evil.tar", "w")
ti = tarfile.TarInfo("../evil"); ti.size = 1
t.addfile(ti, io.BytesIO(b"x")); t.close()'
	expect_fail_with '\.\./evil: path with' "$DEMO" oci-image -i evil.tar -o image.tar
	[ ! -e image.tar ] || fail "image.tar made"
	expect_fail_with 'unknown architecture "z80"' \
		"$DEMO" oci-image -i evil.tar -o image.tar --arch z80
	echo x >image.tar
	mkdir t && echo y >t/y
	expect_fail_with 'image.tar: exists and is not empty' \
		"$DEMO" oci-image -i t -o image.tar
	"$DEMO" oci-image -i t -o image.tar --force
	tar -tf image.tar | grep -q index.json
	[ -z "$(ls -A | grep '^\.image')" ] || fail "temporaries left: $(ls -A)"
}

test_image_interrupt_leaves_nothing() {
	mkdir t
	head -c 200M /dev/urandom >t/big
	"$DEMO" oci-image -i t -o image.tar 2>err &
	pid=$!
	sleep 1
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	expect_eq "$rc" 1 "exit status"
	expect_eq "$(cat err)" "runj-demo: oci-image: cancelled"
	expect_eq "$(ls -A | grep -v -e '^\.log$' -e '^err$' -e '^t$')" "" "left behind"
}

run_tests
