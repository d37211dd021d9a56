#!/bin/bash
# attack_image_blobs.sh: an image layout whose index, manifest or layer is
# not a regular file (/dev/zero, a FIFO) is refused at once with one line,
# and a long unpack stops on SIGTERM or SIGINT, leaving nothing (issue 9,
# item 11).  The old code read /dev/zero until malloc failed (abort, its
# temporary left) and looped forever on a layer, deaf to SIGTERM; so every
# run here is bounded by memory and time.
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"

# A layout directory from a small tree; LAYER, MANIFEST and CONFIG name
# its blobs (by path).
make_layout() {
	mkdir -p tree/etc
	echo hi >tree/etc/hi
	"$DEMO" oci-image -i tree -o image.tar
	mkdir l && tar -C l -xf image.tar
	rm -rf tree image.tar
	eval "$(python3 - l <<'PY'
import json, os, sys
d = sys.argv[1]
blob = lambda desc: os.path.join(d, "blobs", "sha256", desc["digest"][7:])
idx = json.load(open(os.path.join(d, "index.json")))
m = idx["manifests"][0]
man = json.load(open(blob(m)))
print("MANIFEST=%s CONFIG=%s LAYER=%s" % (blob(m), blob(man["config"]), blob(man["layers"][0])))
PY
)"
}

# drop_sizes: the index's descriptors without sizes (the attack's form).
drop_sizes() {
	python3 - l/index.json <<'PY'
import json, sys
p = sys.argv[1]
idx = json.load(open(p))
for m in idx["manifests"]:
    m.pop("size", None)
json.dump(idx, open(p, "w"))
PY
}

# plain_layer: the manifest says its layer is an uncompressed tar (so that
# /dev/zero reads as a tar's end followed by endless padding).
plain_layer() {
	python3 - l "$MANIFEST" <<'PY'
import hashlib, json, os, sys
d, mpath = sys.argv[1:]
man = json.load(open(mpath))
man["layers"][0]["mediaType"] = "application/vnd.oci.image.layer.v1.tar"
data = json.dumps(man).encode()
h = hashlib.sha256(data).hexdigest()
os.remove(mpath)
open(os.path.join(d, "blobs", "sha256", h), "wb").write(data)
idx = json.load(open(os.path.join(d, "index.json")))
idx["manifests"][0]["digest"] = "sha256:" + h
idx["manifests"][0]["size"] = len(data)
json.dump(idx, open(os.path.join(d, "index.json"), "w"))
PY
}

left_behind() {
	ls -A | grep -v -e '^\.log$' -e '^err$' -e '^out$' -e '^l$' -e '^fifo$' || true
}

# refused REGEX: unpack l fails at once (bounded in memory and time, and a
# SIGTERM ignored is a SIGKILL later) with one line, leaving nothing.
refused() {
	rc=0
	(ulimit -v 2000000; exec timeout -k 5 20 "$DEMO" unpack l -o b) \
		>out 2>err </dev/null || rc=$?
	[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] ||
		fail "unpack did not stop in 20 s, nor on SIGTERM (status $rc)"
	expect_eq "$rc" 1 "exit status (stderr: $(cat err))"
	expect_eq "$(wc -l <err)" 1 "lines on stderr: $(cat err)"
	grep -Eq -- "$1" err || fail "stderr '$(cat err)' does not match /$1/"
	expect_eq "$(left_behind)" "" "left behind"
}

test_index_json_is_dev_zero() {
	make_layout
	rm l/index.json && ln -s /dev/zero l/index.json
	refused 'index\.json: not a regular file'
}

test_manifest_is_dev_zero() {
	make_layout
	drop_sizes
	rm "$MANIFEST" && ln -s /dev/zero "$MANIFEST"
	refused 'blob sha256:[0-9a-f]{12}\.\.\.: not a regular file'
}

test_config_is_a_fifo() {
	make_layout
	rm "$CONFIG" && mkfifo "$CONFIG"
	refused 'blob sha256:[0-9a-f]{12}\.\.\.: not a regular file'
}

test_layer_is_dev_zero() {
	make_layout
	rm "$LAYER" && ln -s /dev/zero "$LAYER"
	refused 'layer 0: blob sha256:[0-9a-f]{12}\.\.\.: not a regular file'
}

test_plain_layer_is_dev_zero() {
	make_layout
	plain_layer
	rm "$LAYER" && ln -s /dev/zero "$LAYER"
	refused 'layer 0: blob sha256:[0-9a-f]{12}\.\.\.: not a regular file'
}

test_layer_is_a_fifo() {
	make_layout
	rm "$LAYER" && mkfifo "$LAYER"
	# A writer that never stops, as an attacker would hold it open.
	(exec 3<>"$LAYER"; sleep 30) &
	holder=$!
	refused 'layer 0: blob sha256:[0-9a-f]{12}\.\.\.: not a regular file'
	kill "$holder" 2>/dev/null || true
}

test_json_blob_too_large() {
	make_layout
	# A manifest of 5 MiB: over the 4 MiB limit for JSON blobs.
	python3 - "$MANIFEST" <<'PY'
import json, sys
p = sys.argv[1]
m = json.load(open(p))
m["annotations"] = {"pad": "x" * (5 << 20)}
open(p, "w").write(json.dumps(m))
PY
	refused 'blob sha256:[0-9a-f]{12}\.\.\.: larger than 4 MiB'
}

test_image_is_a_fifo() {
	mkfifo fifo
	(exec 3<>fifo; sleep 30) &
	holder=$!
	rc=0
	timeout -k 5 20 "$DEMO" unpack fifo -o b >out 2>err </dev/null || rc=$?
	kill "$holder" 2>/dev/null || true
	expect_eq "$rc" 1 "exit status (stderr: $(cat err))"
	expect_match "$(cat err)" 'fifo: not a directory nor a regular file'
	expect_eq "$(left_behind)" "" "left behind"
}

# stops SIGNAL: an unpack stops on SIGNAL, sent while it writes its layer's
# big file, with one line and no leftover.
stops() {
	mkdir -p tree
	head -c 200M /dev/zero >tree/big
	"$DEMO" oci-image -i tree -o image.tar
	rm -rf tree
	"$DEMO" unpack image.tar -o b 2>err &
	pid=$!
	for _ in $(seq 500); do
		[ -z "$(find . -maxdepth 3 -path './.b.tmp.*/rootfs/big')" ] || break
		sleep 0.01
	done
	kill -"$1" "$pid"
	rc=0
	for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; fail "deaf to SIG$1"; }
	wait "$pid" || rc=$?
	expect_eq "$rc" 1 "exit status"
	expect_eq "$(cat err)" "runj-demo: unpack image.tar: cancelled"
	expect_eq "$(ls -A | grep -v -e '^\.log$' -e '^err$' -e '^image.tar$' || true)" "" "left behind"
}

test_unpack_stops_on_sigterm() {
	stops TERM
}

test_unpack_stops_on_sigint() {
	stops INT
}

run_tests
