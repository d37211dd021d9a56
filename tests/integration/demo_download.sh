#!/bin/bash
# demo_download.sh: runj-demo download and bundle-by-URL against a local
# HTTP server (never the internet): a plain URL with or without a SHA-256,
# a release (MANIFEST checked), resume, proxies, timeouts, a server that
# never answers, errors.
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"
HTTPD="$TOP/tests/lib/httpd.py"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy \
	no_proxy NO_PROXY

# make_release DIR: a small base.txz and its MANIFEST under DIR/rel.
make_release() {
	mkdir -p "$1/tree/bin" "$1/rel"
	head -c 300000 /dev/urandom >"$1/tree/bin/blob"
	echo hello >"$1/tree/bin/hello"
	tar -C "$1/tree" -cJf "$1/rel/base.txz" .
	sum=$(sha256sum "$1/rel/base.txz" | cut -d' ' -f1)
	printf 'base.txz\t%s\t3\tbase\t"Base system"\ton\n' "$sum" >"$1/rel/MANIFEST"
	printf 'missing.txz\t%s\t3\tmissing\t"Gone"\toff\n' "$sum" >>"$1/rel/MANIFEST"
}

# start_httpd [ARGS...]: serves $T_TMP/srv/rel; sets PORT and HTTPD_PID.
start_httpd() {
	python3 "$HTTPD" --root "$T_TMP/srv" --port-file "$T_TMP/port" \
		--log "$T_TMP/httpd.log" "$@" >/dev/null 2>&1 &
	HTTPD_PID=$!
	echo "$HTTPD_PID" >"$T_TMP/httpd.pid"
	for _ in $(seq 100); do
		[ -s "$T_TMP/port" ] && break
		sleep 0.05
	done
	PORT=$(cat "$T_TMP/port")
	[ -n "$PORT" ] || fail "httpd did not start"
}

teardown() {
	[ -f "$T_TMP/httpd.pid" ] && kill "$(cat "$T_TMP/httpd.pid")" 2>/dev/null
	return 0
}

# no_output FILE: neither FILE nor its .part nor temporaries exist.
no_output() {
	[ ! -e "$1" ] || fail "$1 was left behind"
	[ ! -e "$1.part" ] || fail "$1.part was left behind"
}

test_download_http() {
	make_release "$T_TMP/srv"
	start_httpd
	"$DEMO" download --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz \
		2>err
	cmp out.txz "$T_TMP/srv/rel/base.txz"
	[ ! -e out.txz.part ] || fail "part file left"
	# Not a terminal: no progress output at all.
	[ ! -s err ] || fail "stderr not quiet: $(cat err)"
	# A plain URL is fetched as it is: no MANIFEST is asked for.
	! grep -q 'MANIFEST' "$T_TMP/httpd.log" || fail "asked for a MANIFEST"
}

test_download_plain_url_without_manifest() {
	make_release "$T_TMP/srv"
	rm "$T_TMP/srv/rel/MANIFEST"
	start_httpd
	"$DEMO" download --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz
	cmp out.txz "$T_TMP/srv/rel/base.txz"
}

test_download_sha256() {
	make_release "$T_TMP/srv"
	rm "$T_TMP/srv/rel/MANIFEST"
	start_httpd
	sum=$(sha256sum "$T_TMP/srv/rel/base.txz" | cut -d' ' -f1)
	# Either case, as people paste it.
	up=$(printf '%s' "$sum" | tr a-f A-F)
	"$DEMO" download --url "http://127.0.0.1:$PORT/rel/base.txz" \
		--sha256 "$up" -o out.txz
	cmp out.txz "$T_TMP/srv/rel/base.txz"
	expect_fail_with 'checksum mismatch \(expected 000000000000' \
		"$DEMO" download --url "http://127.0.0.1:$PORT/rel/base.txz" \
		--sha256 "$(printf '%064d' 0)" -o out2.txz
	no_output out2.txz
	expect_fail_with 'SHA-256 "abc": expected 64 hexadecimal digits' \
		"$DEMO" download --url "http://127.0.0.1:$PORT/rel/base.txz" \
		--sha256 abc -o out3.txz
	no_output out3.txz
}

# A release by version and architecture: the MANIFEST always applies.
test_download_release_checks_manifest() {
	mkdir -p "$T_TMP/site/amd64"
	make_release "$T_TMP/site/amd64"
	mv "$T_TMP/site/amd64/rel" "$T_TMP/site/amd64/14.3-RELEASE"
	mkdir -p "$T_TMP/srv"
	mv "$T_TMP/site" "$T_TMP/srv/releases"
	start_httpd
	RUNJ_FREEBSD_SITE="http://127.0.0.1:$PORT/releases" "$DEMO" download \
		--arch amd64 --version 14.3-RELEASE -o out.txz
	cmp out.txz "$T_TMP/srv/releases/amd64/14.3-RELEASE/base.txz"
	grep -q 'GET /releases/amd64/14.3-RELEASE/MANIFEST' "$T_TMP/httpd.log"
	rm "$T_TMP/srv/releases/amd64/14.3-RELEASE/MANIFEST"
	expect_fail_with 'MANIFEST: HTTP 404' env \
		RUNJ_FREEBSD_SITE="http://127.0.0.1:$PORT/releases" "$DEMO" \
		download --arch amd64 --version 14.3-RELEASE -o out2.txz
	no_output out2.txz
}

# A server that accepts and never answers: SIGINT cancels at once, in the
# wait for an answer, and leaves nothing.
test_download_silent_server_cancels() {
	python3 "$TOP/tests/lib/blackhole.py" --port-file "$T_TMP/bport" &
	echo $! >"$T_TMP/httpd.pid"
	for _ in $(seq 100); do
		[ -s "$T_TMP/bport" ] && break
		sleep 0.05
	done
	bport=$(cat "$T_TMP/bport")
	"$DEMO" download --url "http://127.0.0.1:$bport/base.txz" -o out.txz \
		2>err &
	pid=$!
	sleep 1.5
	start=$(date +%s)
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ $(($(date +%s) - start)) -le 3 ] || fail "the cancel took too long"
	[ "$rc" -eq 1 ] || fail "status $rc after SIGINT"
	grep -q 'cancelled' err || fail "stderr: $(cat err)"
	no_output out.txz
}

test_bundle_from_url() {
	[ "$(id -u)" = 0 ] || skip "bundles keep file owners: needs root"
	make_release "$T_TMP/srv"
	rm "$T_TMP/srv/rel/MANIFEST"
	start_httpd
	sum=$(sha256sum "$T_TMP/srv/rel/base.txz" | cut -d' ' -f1)
	# The bundle's parents do not exist yet: they are made.
	"$DEMO" bundle -i "http://127.0.0.1:$PORT/rel/base.txz" --sha256 "$sum" \
		-o "$T_TMP/new/dir/b"
	[ -f "$T_TMP/new/dir/b/rootfs/bin/hello" ] || fail "rootfs not extracted"
	[ -f "$T_TMP/new/dir/b/config.json" ] || fail "no config.json"
	ls -A "$T_TMP/new/dir" | grep -v '^b$' && fail "temporary files left"
	ls -A "$T_TMP" | grep -q 'download' && fail "a download was left"
	# A bad checksum: nothing extracted, nothing left, parents not made.
	expect_fail_with 'checksum mismatch' "$DEMO" bundle \
		-i "http://127.0.0.1:$PORT/rel/base.txz" \
		--sha256 "$(printf '%064d' 0)" -o "$T_TMP/other/b"
	[ ! -e "$T_TMP/other" ] || fail "made $T_TMP/other"
	ls -A "$T_TMP" | grep -q 'download' && fail "a download was left"
	# A 404 says so once, about the URL given.
	expect_fail_with "^runj-demo: http://127.0.0.1:$PORT/rel/nope.txz: HTTP 404\$" \
		"$DEMO" bundle -i "http://127.0.0.1:$PORT/rel/nope.txz" -o "$T_TMP/b404"
	[ ! -e "$T_TMP/b404" ] || fail "made $T_TMP/b404"
	# A local archive with a SHA-256 is checked too.
	expect_fail_with 'SHA-256 is' "$DEMO" bundle -i "$T_TMP/srv/rel/base.txz" \
		--sha256 "$(printf '%064d' 0)" -o "$T_TMP/blocal"
	[ ! -e "$T_TMP/blocal" ] || fail "made $T_TMP/blocal"
}

test_download_default_name() {
	make_release "$T_TMP/srv"
	start_httpd
	"$DEMO" download --url "http://127.0.0.1:$PORT/rel/base.txz"
	cmp base.txz "$T_TMP/srv/rel/base.txz"
}

test_download_file_url() {
	make_release "$T_TMP/srv"
	"$DEMO" download --url "file://$T_TMP/srv/rel/base.txz" -o out.txz
	cmp out.txz "$T_TMP/srv/rel/base.txz"
}

test_download_resumes_partial_file() {
	make_release "$T_TMP/srv"
	start_httpd
	head -c 100000 "$T_TMP/srv/rel/base.txz" >out.txz.part
	"$DEMO" download --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz
	cmp out.txz "$T_TMP/srv/rel/base.txz"
	grep -q 'GET /rel/base.txz range=bytes=100000-' "$T_TMP/httpd.log" ||
		fail "no ranged request: $(cat "$T_TMP/httpd.log")"
}

test_download_complete_part_file() {
	make_release "$T_TMP/srv"
	start_httpd
	cp "$T_TMP/srv/rel/base.txz" out.txz.part
	"$DEMO" download --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz
	cmp out.txz "$T_TMP/srv/rel/base.txz"
}

test_download_server_without_ranges_starts_over() {
	make_release "$T_TMP/srv"
	start_httpd --no-range
	head -c 100000 "$T_TMP/srv/rel/base.txz" >out.txz.part
	"$DEMO" download --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz
	cmp out.txz "$T_TMP/srv/rel/base.txz"
}

test_download_bad_part_file_is_not_kept() {
	make_release "$T_TMP/srv"
	start_httpd
	head -c 100000 /dev/urandom >out.txz.part
	expect_fail_with 'checksum mismatch' \
		"$DEMO" download --manifest --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz
	no_output out.txz
	# and the next run starts afresh and succeeds
	"$DEMO" download --manifest --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz
	cmp out.txz "$T_TMP/srv/rel/base.txz"
}

test_download_through_proxy() {
	make_release "$T_TMP/srv"
	start_httpd
	http_proxy="http://127.0.0.1:$PORT" "$DEMO" download \
		--url "http://freebsd.example.invalid/rel/base.txz" -o out.txz
	cmp out.txz "$T_TMP/srv/rel/base.txz"
	grep -q 'GET http://freebsd.example.invalid/rel/base.txz' \
		"$T_TMP/httpd.log" || fail "the proxy was not used"
}

test_download_404() {
	make_release "$T_TMP/srv"
	start_httpd
	expect_fail_with 'missing.txz: HTTP 404' \
		"$DEMO" download --url "http://127.0.0.1:$PORT/rel/missing.txz" -o out.txz
	no_output out.txz
}

test_download_manifest_404() {
	make_release "$T_TMP/srv"
	rm "$T_TMP/srv/rel/MANIFEST"
	start_httpd
	expect_fail_with 'MANIFEST: HTTP 404' \
		"$DEMO" download --manifest --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz
	no_output out.txz
}

test_download_manifest_without_the_file() {
	make_release "$T_TMP/srv"
	sed -i '/^base.txz/d' "$T_TMP/srv/rel/MANIFEST"
	start_httpd
	expect_fail_with 'MANIFEST has no entry for base.txz' \
		"$DEMO" download --manifest --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz
	no_output out.txz
}

test_download_checksum_mismatch() {
	make_release "$T_TMP/srv"
	printf 'base.txz\t%064d\t3\tbase\t"Base"\ton\n' 0 >"$T_TMP/srv/rel/MANIFEST"
	start_httpd
	expect_fail_with 'checksum mismatch' \
		"$DEMO" download --manifest --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz
	no_output out.txz
}

test_download_unreachable_host() {
	# A port that was free a moment ago: nothing listens there.
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	expect_fail_with "127.0.0.1.*$port" \
		"$DEMO" download --url "http://127.0.0.1:$port/rel/base.txz" \
		--connect-timeout 2 -o out.txz
	no_output out.txz
}

test_download_stall_timeout() {
	make_release "$T_TMP/srv"
	start_httpd --stall base.txz
	start=$(date +%s)
	expect_fail_with 'timed out' \
		"$DEMO" download --url "http://127.0.0.1:$PORT/rel/base.txz" \
		--stall-timeout 2 -o out.txz
	[ $(($(date +%s) - start)) -lt 20 ] || fail "the stall took too long"
	# The half that came is kept for a resume, never as out.txz.
	[ ! -e out.txz ] || fail "out.txz looks complete"
}

test_download_existing_output_needs_force() {
	make_release "$T_TMP/srv"
	start_httpd
	echo old >out.txz
	expect_fail_with 'out.txz: exists and is not empty' \
		"$DEMO" download --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz
	expect_eq "$(cat out.txz)" old
	"$DEMO" download --force --url "http://127.0.0.1:$PORT/rel/base.txz" -o out.txz
	cmp out.txz "$T_TMP/srv/rel/base.txz"
}

test_download_progress_on_a_terminal() {
	command -v script >/dev/null || skip "script(1) is not installed"
	make_release "$T_TMP/srv"
	start_httpd
	TERM=xterm script -qec "'$DEMO' download --url 'http://127.0.0.1:$PORT/rel/base.txz' -o out.txz" \
		/dev/null >tty.out </dev/null
	cmp out.txz "$T_TMP/srv/rel/base.txz"
	grep -q '100%' tty.out || fail "no progress bar: $(cat -v tty.out)"
}

test_download_bad_url_and_flags() {
	expect_fail_with 'not an http, https or file URL' \
		"$DEMO" download --url "ftp://127.0.0.1/base.txz"
	expect_fail_with 'unknown architecture "vax"' \
		"$DEMO" download --arch vax --version 14.3-RELEASE
	expect_fail_with 'stall-timeout' \
		"$DEMO" download --stall-timeout soon --url "http://127.0.0.1/x"
}

run_tests
