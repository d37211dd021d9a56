#!/bin/bash
# tui_bundles.sh: bundles from the TUI: from an archive (checksum
# checked), from a URL on a plain web server (python3 -m http.server: no
# MANIFEST), file://, a FreeBSD release picked from a list (MANIFEST
# checked), a server that never answers or stalls (progress and Esc at
# every stage), a parent directory still to make, offline from the host;
# replacing a bundle in use; forms that keep what was typed; editing
# args of any length.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/tmux.lib"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy \
	no_proxy NO_PROXY

test_bundle_from_archive() {
	tui_need
	rootfs_archive "$T_TMP/rootfs.tar.gz"
	sum=$(sha256sum "$T_TMP/rootfs.tar.gz" | cut -d' ' -f1)
	tui_open
	# A wrong checksum: refused, nothing made.
	new_bundle_form "$T_TMP/rootfs.tar.gz" \
		0000000000000000000000000000000000000000000000000000000000000000 \
		"$T_TMP/nb" "sh -c 'echo made-from-archive'"
	tui_wait "SHA-256 is "
	tui_keys h
	tui_wait "$sum"
	tui_keys q
	[ ! -e "$T_TMP/nb" ] || fail "a bundle was made despite the checksum"
	new_bundle_form "$T_TMP/rootfs.tar.gz" "$sum" "$T_TMP/nb" \
		"sh -c 'echo made-from-archive'"
	tui_wait "ready: press c" 30
	[ -x "$T_TMP/nb/rootfs/bin/busybox" ] || fail "rootfs not extracted"
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["process"]["args"]; sys.exit(a != ["sh","-c","echo made-from-archive"])' \
		"$T_TMP/nb/config.json" || fail "args not written"
	# And it runs (no terminal: untick it in the form next time).
	python3 - "$T_TMP/nb/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["process"]["terminal"] = False
json.dump(c, open(sys.argv[1], "w"))
PY
	tui_keys c
	tui_wait "Create a container"
	tui_keys C-u; tui_type "${fromtar}"; tui_keys Enter
	tui_wait "created ${fromtar}"
	tui_keys s
	tui_wait "exited (0)"
	tui_keys l
	tui_wait "made-from-archive"
}

# Issue 12 item 1: a plain archive URL, no MANIFEST anywhere; the
# SHA-256 is optional and checked when given.
test_bundle_from_plain_http_url() {
	tui_need
	mkdir -p "$T_TMP/www/pub"
	rootfs_archive "$T_TMP/www/pub/rootfs.tar.gz"
	sum=$(sha256sum "$T_TMP/www/pub/rootfs.tar.gz" | cut -d' ' -f1)
	start_http "$T_TMP/www"
	url="http://127.0.0.1:$PORT/pub/rootfs.tar.gz"
	tui_open
	new_bundle_form "$url" "" "$T_TMP/u1" "sh"
	tui_wait "bundle $T_TMP/u1 ready: press c" 30
	[ -x "$T_TMP/u1/rootfs/bin/busybox" ] || fail "rootfs not extracted"
	grep -q "MANIFEST" "$T_TMP/http.out" && fail "asked for a MANIFEST"
	# With its SHA-256, in capitals as some sites print it.
	up=$(printf '%s' "$sum" | tr a-f A-F)
	new_bundle_form "$url" "$up" "$T_TMP/u2" "sh"
	tui_wait "bundle $T_TMP/u2 ready" 30
	# A wrong one: said once, about the URL, no temporary file named.
	new_bundle_form "$url" "$(printf '%064d' 0)" "$T_TMP/u3" "sh"
	tui_wait "checksum mismatch"
	tui_keys h
	tui_wait "messages"
	line=$(tui_screen | tr -d '\n' | grep -o "new bundle $T_TMP/u3.*")
	case $line in
	*download*download* | *".download."* | *".part"*)
		fail "the error repeats itself or names temporary files: $line" ;;
	esac
	tui_keys q
	[ ! -e "$T_TMP/u3" ] || fail "made u3"
	ls -A "$T_TMP" | grep -q download && fail "a download was left"
	return 0
}

test_bundle_from_file_url() {
	tui_need
	rootfs_archive "$T_TMP/rootfs.tar.gz"
	tui_open
	new_bundle_form "file://$T_TMP/rootfs.tar.gz" "" "$T_TMP/f1" "sh"
	tui_wait "bundle $T_TMP/f1 ready" 30
}

# Issue 12 item 8: the bundle's parents are made, for a URL as for a path.
test_url_into_a_parent_still_to_make() {
	tui_need
	mkdir -p "$T_TMP/www"
	rootfs_archive "$T_TMP/www/r.tgz"
	start_http "$T_TMP/www"
	tui_open
	new_bundle_form "http://127.0.0.1:$PORT/r.tgz" "" "$T_TMP/a/b/c/bundle" "sh"
	tui_wait "bundle $T_TMP/a/b/c/bundle ready" 30
}

# Issue 12 item 5: a server that accepts and never answers: the box
# shows the wait, the list keeps refreshing under it, Esc cancels.
test_silent_server_shows_progress_and_cancels() {
	tui_need
	start_blackhole
	make_bundle "$T_TMP/b1" '["sleep","30"]'
	tui_open
	new_bundle_form "http://127.0.0.1:$BPORT/base.txz" "" "$T_TMP/s1" "sh"
	tui_wait "waiting for 127.0.0.1:$BPORT"
	tui_wait "Esc cancel"
	# Never frozen: a container made elsewhere shows up under the box.
	rj --root "$ROOT" create --bundle "$T_TMP/b1" ${under1} </dev/null \
		>/dev/null 2>&1 || fail "runj create"
	tui_wait "${under1}" 3
	start=$(date +%s)
	tui_keys Escape
	tui_wait "cancelled" 5
	[ $(($(date +%s) - start)) -le 4 ] || fail "the cancel took too long"
	[ ! -e "$T_TMP/s1" ] || fail "made s1"
	ls -A "$T_TMP" | grep -q download && fail "a download was left"
	return 0
}

# ... and one that sends half and stalls: bytes shown, Esc cancels.
test_stalled_download_shows_bytes_and_cancels() {
	tui_need
	mkdir -p "$T_TMP/srv"
	head -c 4000000 /dev/urandom >"$T_TMP/srv/big.tar"
	python3 "$TOP/tests/lib/httpd.py" --root "$T_TMP/srv" \
		--port-file "$T_TMP/port" --stall big.tar >/dev/null 2>&1 &
	echo $! >>"$T_TMP/servers.pid"
	wait_for "httpd" test -s "$T_TMP/port"
	port=$(cat "$T_TMP/port")
	tui_open
	new_bundle_form "http://127.0.0.1:$port/big.tar" "" "$T_TMP/s2" "sh"
	tui_wait "download: "
	tui_wait "of 3.8 MiB"
	tui_keys Escape
	tui_wait "cancelled" 5
	ls -A "$T_TMP" | grep -q download && fail "a download was left"
	return 0
}

# b sends it to the background: the title says how it goes, Esc in the
# list cancels it.
test_download_in_the_background() {
	tui_need
	start_blackhole
	tui_open
	new_bundle_form "http://127.0.0.1:$BPORT/base.txz" "" "$T_TMP/bg1" "sh"
	tui_wait "waiting for 127.0.0.1"
	tui_keys b
	tui_wait "goes on in the background"
	tui_screen | head -n 1 | grep -q "waiting for 127.0.0.1" ||
		fail "title: $(tui_screen | head -n 1)"
	tui_keys Escape
	tui_wait "Cancel the 1 job"
	tui_keys y
	tui_wait "cancelled" 5
}

# Issue 12 item 1: a release is a choice, from a list; its MANIFEST
# applies then.
test_release_picked_from_a_list() {
	tui_need
	rel=$T_TMP/www/releases/amd64/14.3-RELEASE
	mkdir -p "$rel" "$T_TMP/www/releases/amd64/13.5-RELEASE"
	rootfs_archive "$rel/base.txz"
	sum=$(sha256sum "$rel/base.txz" | cut -d' ' -f1)
	printf 'base.txz\t%s\t3\tbase\t"Base system"\ton\n' "$sum" >"$rel/MANIFEST"
	start_http "$T_TMP/www"
	TUI_ENV="RUNJ_FREEBSD_SITE=http://127.0.0.1:$PORT/releases" tui_open
	tui_keys n
	tui_wait "New bundle from..."
	tui_keys Down
	tui_keys Enter
	tui_wait "FreeBSD release for amd64"
	tui_wait "14.3-RELEASE"
	tui_wait "13.5-RELEASE"
	tui_keys Enter
	tui_wait "FreeBSD 14.3-RELEASE for amd64 (checked against its MANIFEST)"
	tui_keys C-u; tui_type "$T_TMP/fb"; tui_keys Enter
	tui_wait "bundle $T_TMP/fb ready: press c" 30
	tui_keys h
	tui_wait "(from FreeBSD 14.3-RELEASE"
	tui_keys q
	grep -q "GET /releases/amd64/14.3-RELEASE/MANIFEST" "$T_TMP/http.out" ||
		fail "the MANIFEST was not read"
	grep -q '"freebsd"' "$T_TMP/fb/config.json" || fail "not a FreeBSD config"
}

test_new_bundle_form_validates() {
	tui_need
	tui_open
	new_bundle_form "$T_TMP/missing.tar" "" "$T_TMP/nb" "sh"
	tui_wait "archive $T_TMP/missing.tar: No such file"
	tui_keys Escape
	[ ! -e "$T_TMP/nb" ] || fail "made something"
}

# Issue 12 item 10: what was typed survives a failure; a ${taken} ID is said
# in the form.
test_forms_keep_what_was_typed() {
	tui_need
	mkdir -p "$T_TMP/www"
	start_http "$T_TMP/www"
	make_bundle "$T_TMP/b1" '["sleep","30"]'
	tui_open --create ${taken} --bundle "$T_TMP/b1"
	tui_wait "created ${taken}"
	new_bundle_form "http://127.0.0.1:$PORT/nothing-here.tgz" "" \
		"$T_TMP/k1" "sh -c 'echo kept'"
	tui_wait "nothing-here.tgz: HTTP 404"
	tui_keys n
	tui_wait "New bundle from..."
	tui_keys Enter
	tui_wait "http://127.0.0.1:$PORT/nothing-here.tgz"
	tui_wait "sh -c 'echo kept'"
	tui_keys Escape
	tui_keys c
	tui_wait "Create a container"
	tui_keys C-u; tui_type "${taken}"; tui_keys Tab
	tui_keys C-u; tui_type "$T_TMP/b1"; tui_keys Enter
	tui_wait "ID ${taken} is taken: choose another one"
	tui_screen | grep -q "Create a container" || fail "the form closed"
	tui_keys Escape
}

# Issue 12 item 2: a bundle that a created or running container uses is
# not replaced; the form says which container.
test_replacing_a_bundle_in_use_is_refused() {
	tui_need
	rootfs_archive "$T_TMP/rootfs.tar.gz"
	make_bundle "$T_TMP/used" '["sleep","30"]'
	cp "$T_TMP/used/config.json" "$T_TMP/before.json"
	tui_open --create ${user1} --bundle "$T_TMP/used"
	tui_wait "created ${user1}"
	tui_keys s
	tui_wait "running"
	tui_keys n
	tui_wait "New bundle from..."
	tui_keys Enter
	tui_keys C-u; tui_type "$T_TMP/rootfs.tar.gz"; tui_keys Tab Tab
	tui_keys C-u; tui_type "$T_TMP/used"; tui_keys Tab Tab Tab
	tui_keys Space # Replace existing
	tui_keys Enter
	tui_wait "bundle $T_TMP/used is in use by ${user1}"
	cmp -s "$T_TMP/used/config.json" "$T_TMP/before.json" ||
		fail "the bundle was replaced"
	tui_keys Escape
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
	tui_keys C-u; tui_type "echo 'edited args'"; tui_keys Tab Tab
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

# Issue 12 item 3: no limit on a field, nothing saved cut: 601 args come
# back whole, and a long line typed in goes in whole.
test_edit_long_args_are_never_cut() {
	tui_need
	make_bundle "$T_TMP/eb" '["sh"]'
	python3 - "$T_TMP/eb/config.json" <<'PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["process"]["args"] = ["echo"] + ["word%d" % i for i in range(600)]
json.dump(c, open(p, "w"), indent=2)
PY
	tui_open
	tui_keys E
	tui_wait "Edit a bundle: which one?"
	tui_keys C-u; tui_type "$T_TMP/eb"; tui_keys Enter
	tui_wait "Process args"
	tui_keys Enter
	tui_wait "saved $T_TMP/eb/config.json"
	python3 - "$T_TMP/eb/config.json" <<'PY' || fail "args were cut"
import json, sys
a = json.load(open(sys.argv[1]))["process"]["args"]
assert a == ["echo"] + ["word%d" % i for i in range(600)], len(a)
PY
	# Typed in: 3,000 characters in quotes.
	long=$(python3 -c 'print("x" * 3000)')
	tui_keys E
	tui_wait "Edit a bundle: which one?"
	tui_keys Enter
	tui_wait "Process args"
	tui_keys C-u; tui_type "echo '$long' end"; tui_keys Enter
	for _ in $(seq 300); do
		python3 - "$T_TMP/eb/config.json" <<'PY' && break
import json, sys
a = json.load(open(sys.argv[1]))["process"]["args"]
sys.exit(a[0:1] != ["echo"] or len(a) != 3)
PY
		sleep 0.1
	done
	python3 - "$T_TMP/eb/config.json" <<'PY' || fail "the long arg was cut"
import json, sys
a = json.load(open(sys.argv[1]))["process"]["args"]
assert a == ["echo", "x" * 3000, "end"], [len(x) for x in a]
PY
}

run_tests
