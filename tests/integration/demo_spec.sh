#!/bin/bash
# demo_spec.sh: runj-demo spec writes the engine's default config.json.
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"

test_spec_linux() {
	"$DEMO" spec --os linux -b b --args /bin/sh -c 'echo ok'
	python3 - b/config.json <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
assert c["ociVersion"].startswith("1."), c["ociVersion"]
assert c["process"]["args"] == ["/bin/sh", "-c", "echo ok"], c["process"]
assert c["root"]["path"] == "rootfs"
assert "linux" in c and "namespaces" in c["linux"]
PY
}

test_spec_freebsd_jail_and_devfs() {
	"$DEMO" spec --os freebsd -b b
	python3 - b/config.json <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
assert isinstance(c["freebsd"]["jail"], dict), c.get("freebsd")
devfs = [m for m in c["mounts"] if m.get("type") == "devfs"]
assert devfs and devfs[0]["destination"] == "/dev", c["mounts"]
assert "ruleset=4" in devfs[0]["options"], devfs
assert "linux" not in c
PY
}

test_spec_default_is_here_and_sh() {
	"$DEMO" spec
	python3 -c 'import json; c=json.load(open("config.json")); assert c["process"]["args"]==["sh"], c["process"]["args"]'
}

test_spec_existing_needs_force() {
	"$DEMO" spec -b b
	expect_fail_with 'config.json: exists and is not empty' "$DEMO" spec -b b
	"$DEMO" spec -b b -f --args true
	grep -q '"true"' b/config.json
}

test_spec_bad_input() {
	expect_fail_with 'unknown OS "windows"' "$DEMO" spec --os windows -b b
	[ ! -e b ] || fail "made b"
	expect_fail_with '--args needs a command' "$DEMO" spec -b b --args
}

test_spec_help_lists_flags() {
	out=$("$DEMO" spec --help)
	expect_match "$out" 'usage: runj-demo spec \[options\] \[--args ARG \.\.\.\]'
	expect_match "$out" '-b, --bundle DIR'
	expect_match "$out" '--os OS'
	expect_match "$out" '-f, --force'
}

run_tests
