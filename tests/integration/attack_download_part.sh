#!/bin/bash
# attack_download_part.sh: issue 9 item 10.  A download run by root in a
# directory others can write must not follow, take over or truncate a
# "<out>.part" someone planted there: a symbolic link or a hard link to a
# file of root's, or a part file of another user's.
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"
HTTPD="$TOP/tests/lib/httpd.py"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy \
	no_proxy NO_PROXY

need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root (the victim is root's file)"
	[ -x "$DEMO" ] || fail "$DEMO not built"
}

# A release on a local server: base.txz and its MANIFEST.
serve_release() {
	mkdir -p "$T_TMP/tree/bin" "$T_TMP/srv/rel"
	head -c 200000 /dev/urandom >"$T_TMP/tree/bin/blob"
	tar -C "$T_TMP/tree" -cJf "$T_TMP/srv/rel/base.txz" .
	sum=$(sha256sum "$T_TMP/srv/rel/base.txz" | cut -d' ' -f1)
	printf 'base.txz\t%s\t3\tbase\t"Base"\ton\n' "$sum" >"$T_TMP/srv/rel/MANIFEST"
	python3 "$HTTPD" --root "$T_TMP/srv" --port-file "$T_TMP/port" \
		>/dev/null 2>&1 &
	echo $! >"$T_TMP/httpd.pid"
	for _ in $(seq 100); do
		[ -s "$T_TMP/port" ] && break
		sleep 0.05
	done
	PORT=$(cat "$T_TMP/port")
	[ -n "$PORT" ] || fail "httpd did not start"
	URL="http://127.0.0.1:$PORT/rel/base.txz"
}

teardown() {
	[ -f "$T_TMP/httpd.pid" ] && kill "$(cat "$T_TMP/httpd.pid")" 2>/dev/null
	return 0
}

# A world-writable, sticky directory (like /tmp) and root's precious file.
setup_victim() {
	mkdir -p "$T_TMP/pub" "$T_TMP/etc"
	chmod 1777 "$T_TMP/pub"
	printf 'root:precious:0:0\n' >"$T_TMP/etc/shadow"
	chmod 600 "$T_TMP/etc/shadow"
	cp "$T_TMP/etc/shadow" "$T_TMP/shadow.orig"
}

victim_intact() {
	cmp -s "$T_TMP/etc/shadow" "$T_TMP/shadow.orig" ||
		fail "root's file was written through the planted part file: $(od -c "$T_TMP/etc/shadow" | head -3)"
}

test_symlink_part_is_not_followed() {
	need_root
	serve_release
	setup_victim
	ln -s "$T_TMP/etc/shadow" "$T_TMP/pub/base.txz.part"
	rc=0
	"$DEMO" download --url "$URL" -o "$T_TMP/pub/base.txz" 2>"$T_TMP/err" || rc=$?
	victim_intact
	[ "$rc" -eq 1 ] || fail "download did not refuse (status $rc)"
	grep -q 'symbolic link' "$T_TMP/err" || fail "error: $(cat "$T_TMP/err")"
	[ ! -e "$T_TMP/pub/base.txz" ] || fail "an output was made"
}

test_hardlink_part_is_not_taken_over() {
	need_root
	serve_release
	setup_victim
	ln "$T_TMP/etc/shadow" "$T_TMP/pub/base.txz.part"
	rc=0
	"$DEMO" download --url "$URL" -o "$T_TMP/pub/base.txz" 2>"$T_TMP/err" || rc=$?
	victim_intact
	[ "$rc" -eq 1 ] || fail "download did not refuse (status $rc)"
	grep -q 'not a partial download of ours' "$T_TMP/err" ||
		fail "error: $(cat "$T_TMP/err")"
}

test_someone_elses_part_is_not_resumed() {
	need_root
	serve_release
	setup_victim
	head -c 1000 "$T_TMP/srv/rel/base.txz" >"$T_TMP/pub/base.txz.part"
	chown 65534 "$T_TMP/pub/base.txz.part"
	expect_fail_with 'not a partial download of ours' \
		"$DEMO" download --url "$URL" -o "$T_TMP/pub/base.txz"
	[ ! -e "$T_TMP/pub/base.txz" ] || fail "an output was made"
}

test_own_part_is_still_resumed() {
	need_root
	serve_release
	head -c 1000 "$T_TMP/srv/rel/base.txz" >"$T_TMP/base.txz.part"
	"$DEMO" download --url "$URL" -o "$T_TMP/base.txz"
	cmp "$T_TMP/base.txz" "$T_TMP/srv/rel/base.txz"
}

run_tests
