#!/bin/bash
# tui_bundles.sh: bundles from the TUI: from a root filesystem archive
# (checksum checked), offline from the host, and editing process args.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/tmux.lib"

# new_bundle_form ARCHIVE SHA BUNDLE ARGS
new_bundle_form() {
	tui_keys n
	tui_wait "New bundle from a root filesystem archive"
	tui_type "$1"; tui_keys Tab
	tui_type "$2"; tui_keys Tab
	tui_keys C-u; tui_type "$3"; tui_keys Tab
	tui_keys C-u; tui_type "$4"; tui_keys Enter
}

test_bundle_from_archive() {
	tui_need
	make_rootfs "$T_TMP/rfs"
	tar czf "$T_TMP/rootfs.tar.gz" -C "$T_TMP/rfs" .
	sum=$(sha256sum "$T_TMP/rootfs.tar.gz" | cut -d' ' -f1)
	tui_open
	# A wrong checksum: refused, nothing made.
	new_bundle_form "$T_TMP/rootfs.tar.gz" \
		0000000000000000000000000000000000000000000000000000000000000000 \
		"$T_TMP/nb" "sh -c 'echo made-from-archive'"
	tui_wait "SHA-256 is $sum"
	[ ! -e "$T_TMP/nb" ] || fail "a bundle was made despite the checksum"
	new_bundle_form "$T_TMP/rootfs.tar.gz" "$sum" "$T_TMP/nb" \
		"sh -c 'echo made-from-archive'"
	tui_wait "ready: press c" 30
	[ -x "$T_TMP/nb/rootfs/bin/busybox" ] || fail "rootfs not extracted"
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["process"]["args"]; sys.exit(a != ["sh","-c","echo made-from-archive"])' \
		"$T_TMP/nb/config.json" || fail "args not written"
	# And it runs.
	tui_keys c
	tui_wait "Create a container"
	tui_keys C-u; tui_type "fromtar"; tui_keys Enter
	tui_wait "created fromtar"
	tui_keys s
	tui_wait "started fromtar"
	tui_keys l
	tui_wait "made-from-archive"
}

test_new_bundle_form_validates() {
	tui_need
	tui_open
	new_bundle_form "$T_TMP/missing.tar" "" "$T_TMP/nb" "sh"
	tui_wait "archive $T_TMP/missing.tar: No such file"
	tui_keys Escape
	[ ! -e "$T_TMP/nb" ] || fail "made something"
}

test_offline_rootfs_bundle() {
	tui_need
	tui_open
	tui_keys r
	tui_wait "root filesystem from the host"
	tui_keys C-u; tui_type "$T_TMP/off"; tui_keys Tab
	tui_keys C-u; tui_type "echo offline-ok"; tui_keys Enter
	tui_wait "ready: press c" 30
	[ -f "$T_TMP/off/config.json" ] || fail "no config.json"
	[ -d "$T_TMP/off/rootfs" ] || fail "no rootfs"
	ls -a "$T_TMP" | grep -q runj-rootfs && fail "scratch directory left"
	return 0
}

test_edit_args_keeps_other_fields() {
	tui_need
	make_bundle "$T_TMP/eb" '["sh"]'
	python3 - "$T_TMP/eb/config.json" <<'PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["x-custom"] = {"kept": [1, 2, 3]}
c["process"]["x-extra"] = "also kept"
json.dump(c, open(p, "w"), indent=2)
PY
	cp "$T_TMP/eb/config.json" "$T_TMP/before.json"
	tui_open
	tui_keys E
	tui_wait "Edit a bundle: which one?"
	tui_keys C-u; tui_type "$T_TMP/eb"; tui_keys Enter
	tui_wait "Process args"
	# A root path that does not exist is refused in the form.
	tui_keys C-u; tui_type "echo 'edited args'"; tui_keys Tab
	tui_keys C-u; tui_type "nowhere"; tui_keys Enter
	tui_wait "root path"
	cmp -s "$T_TMP/eb/config.json" "$T_TMP/before.json" ||
		fail "config.json changed by a refused edit"
	tui_keys C-u; tui_type "rootfs"; tui_keys Enter
	tui_wait "saved $T_TMP/eb/config.json"
	python3 - "$T_TMP/before.json" "$T_TMP/eb/config.json" <<'PY' || fail "fields changed"
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
assert b["process"]["args"] == ["echo", "edited args"], b["process"]["args"]
b["process"]["args"] = a["process"]["args"]
assert a == b
PY
}

run_tests
