# shellcheck shell=bash
# freebsd.sh: sourced by tests/integration/freebsd_*.sh after harness.sh.
# The same tests judge the jail driver on a FreeBSD host (real jails, as
# root) and on Linux against the jail model (tests/jailmodel, as root):
# this file hides the difference.  On Linux the test file re-runs itself
# under `jmctl ns` (a mount namespace of its own, reaped like init) and
# every test boots a fresh model kernel.
#
#   fb_boot [racct]             a kernel for this test: the model's, or the
#                               host's (racct: skip unless it has racct)
#   fb_bundle DIR ARGS_JSON [MEMBERS]   DIR/rootfs (/rescue: FreeBSD's, or
#                               busybox) and a config.json running ARGS
#   rj ARGS...                  runj with the test's --root
#   fb_id [TAG]                 a container ID unique to this test
#   fb_jls NAME PARAM...        jls -j NAME PARAM... (fails if none)
#   fb_jls_dying NAME PARAM...  the same, dying jails included
#   fb_jail ARGS...             jail(8): -c/-m PARAM=VALUE..., -r NAME
#   fb_jexec NAME CMD...        jexec(8)
#   fb_epair                    a new epair; prints its a side
#   fb_if_where IF              "host", or the jail whose vnet holds IF
#   fb_if_inet IF               IF's IPv4 addresses, one a line
#   fb_hold FILE CMD...         CMD in the background under a reaper that
#                               holds the zombies it inherits (a slow
#                               init) until fb_release; CMD's status goes
#                               to FILE (model only: elsewhere a plain
#                               background CMD)
#   fb_mounts PREFIX            the mounts under PREFIX, "TYPE PATH" lines
#   fb_mount_tmpfs PATH         a tmpfs the "host admin" mounts
#   fb_rctl FILTER              rctl(8)'s rules matching FILTER
#   fb_devfs_rulesets           the ruleset numbers in use
#   fb_jail_pids JID            the pids in a jail, zombies marked " Z"
#   fb_nonewprivs PID           1 when PID has no_new_privs, else 0
#   fb_wait_gone NAME           polls ~5 s until jail NAME (dying too) is gone
#   fb_in_tty CMD               sh -c CMD with a terminal, via script(1)

if [ "$(uname -s)" = FreeBSD ]; then
	FB_MODEL=
else
	FB_MODEL=1
	RUNJ="$TOP/$B/jailmodel/runj"
	JMCTL="$TOP/$B/jailmodel/jmctl"
	if [ -z "${RUNJ_JAILMODEL_NS:-}" ] && [ "$(id -u)" -eq 0 ] &&
		[ -x "$JMCTL" ]; then
		exec "$JMCTL" ns -- bash "$0" "$@"
	fi
fi
exec </dev/null
PY=${PY:-$(test -x /usr/bin/python3 && echo /usr/bin/python3 || command -v python3)}
BUSYBOX=${BUSYBOX:-$(command -v busybox 2>/dev/null || echo /bin/busybox)}

fb_require() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	if [ -n "$FB_MODEL" ]; then
		[ -x "$RUNJ" ] || fail "$RUNJ is not built (make $B/jailmodel/runj)"
		[ -x "$JMCTL" ] || fail "$JMCTL is not built"
		[ -n "${RUNJ_JAILMODEL_NS:-}" ] || fail "not under jmctl ns"
		[ -x "$BUSYBOX" ] || fail "busybox is needed for the rootfs"
	fi
	[ -x "$RUNJ" ] || fail "$RUNJ is not built"
	return 0
}

fb_boot() {
	fb_require
	if [ -n "$FB_MODEL" ]; then
		RUNJ_JAILMODEL=$T_TMP/kernel
		export RUNJ_JAILMODEL
		"$JMCTL" boot "$RUNJ_JAILMODEL" "${1:-}"
	elif [ "${1:-}" = racct ]; then
		[ "$(sysctl -n kern.racct.enable 2>/dev/null)" = 1 ] ||
			skip "racct disabled (kern.racct.enable=0)"
	fi
	return 0
}

rj() {
	"$RUNJ" --root "$T_TMP/state" "$@"
}

fb_id() {
	_id="fb${1:-c}$$$RANDOM"
	echo "$_id" >>"$T_TMP/.ids"
	echo "$_id"
}

fb_rootfs() { # fb_rootfs DIR: DIR/rescue with sh, sleep, cat...
	mkdir -p "$1/tmp" "$1/dev" "$1/etc"
	chmod 1777 "$1/tmp"
	if [ -n "$FB_MODEL" ]; then
		mkdir -p "$1/rescue"
		cp "$BUSYBOX" "$1/rescue/busybox"
		# One process, not an ln(1) per applet.
		"$BUSYBOX" --list | "$PY" -c '
import os, sys
for n in sys.stdin.read().split():
    if n != "busybox":
        os.symlink("busybox", os.path.join(sys.argv[1], n))' "$1/rescue"
	else
		cp -a /rescue "$1/rescue"
	fi
	printf 'root:x:0:0:root:/:/rescue/sh\n' >"$1/etc/passwd"
	printf 'wheel:x:0:root\n' >"$1/etc/group"
}

# A devfs on /dev with the stock jail ruleset, as jail(8) gives one.
fb_bundle() { # fb_bundle DIR ARGS_JSON [MEMBERS]
	fb_rootfs "$1/rootfs"
	cat >"$1/config.json" <<JSON
{"ociVersion":"1.3.0","root":{"path":"rootfs"},"hostname":"jt",
 "process":{"cwd":"/","args":$2,"env":["PATH=/rescue"],"user":{"uid":0,"gid":0}},
 "mounts":[{"destination":"/dev","type":"devfs","source":"devfs","options":["ruleset=devfsrules_jail"]}]
 ${3:+,$3}}
JSON
	BUNDLE=$1
}

# set_config PY [DIR]: edit DIR/config.json ($BUNDLE) with Python, the
# parsed config being `c`.
set_config() {
	"$PY" - "${2:-$BUNDLE}/config.json" "$1" <<'EOF'
import json, sys
path, code = sys.argv[1], sys.argv[2]
with open(path) as f:
    c = json.load(f)
exec(code)
with open(path, "w") as f:
    json.dump(c, f, indent=1)
EOF
}

# json_get JSON PY-EXPR
json_get() {
	"$PY" -c 'import json,sys; j=json.loads(sys.argv[1]); v=eval(sys.argv[2]); print(v if not isinstance(v,(dict,list,bool)) or v is None else json.dumps(v))' "$1" "$2"
}

status_of() { json_get "$(rj state "$1")" 'j["status"]'; }
pid_of() { json_get "$(rj state "$1")" 'j["pid"]'; }

# wait_status ID STATUS: polls up to ~5 s.
wait_status() {
	for _i in $(seq 100); do
		[ "$(status_of "$1" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.05
	done
	fail "$1 did not become $2 (is $(status_of "$1" 2>&1))"
}

wait_file() {
	for _i in $(seq 100); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	fail "$1 did not appear"
}

# The jail name of a container ID (jail_name.c): "_" and "." escaped.
fb_jname() {
	printf '%s' "$1" | sed -e 's/_/_5f/g' -e 's/\./_2e/g'
}

fb_jls() {
	_n=$1; shift
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" jls -j "$_n" "$@"
	else
		jls -j "$_n" "$@"
	fi
}

fb_jls_dying() {
	_n=$1; shift
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" jls -d -j "$_n" "$@"
	else
		jls -d -j "$_n" "$@"
	fi
}

fb_jail() {
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" jail "$@"
	else
		jail "$@"
	fi
}

fb_jexec() {
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" jexec "$@"
	else
		jexec "$@"
	fi
}

fb_epair() {
	if [ -n "$FB_MODEL" ]; then
		_e=$("$JMCTL" ifconfig epair create)
	else
		kldload -n if_epair 2>/dev/null || true
		_e=$(ifconfig epair create)
	fi
	echo "$_e" >>"$T_TMP/.epairs"
	echo "$_e"
}

fb_if_where() {
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" ifconfig "$1"
		return
	fi
	if ifconfig "$1" >/dev/null 2>&1; then
		echo host
		return
	fi
	for _j in $(jls name); do
		jexec "$_j" ifconfig "$1" >/dev/null 2>&1 && { echo "$_j"; return; }
	done
	return 1
}

fb_if_inet() {
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" ifconfig "$1" inet
	else
		ifconfig "$1" inet | awk '$1 == "inet" { print $2 }'
	fi
}

fb_hold() {
	_f=$1; shift
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" hold "$_f" -- "$@" &
	else
		("$@"; echo $? >"$_f") &
	fi
	FB_HOLDER=$!
	wait_file "$_f"
}

fb_release() {
	[ -n "${FB_HOLDER:-}" ] || return 0
	kill "$FB_HOLDER" 2>/dev/null || true
	wait "$FB_HOLDER" 2>/dev/null || true
	FB_HOLDER=
}

fb_mounts() {
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" mount | awk -v p="$1" 'index($3, p) == 1 { print $1, $3 }'
	else
		mount -p | awk -v p="$1" 'index($2, p) == 1 { print $3, $2 }'
	fi
}

fb_mount_tmpfs() {
	mkdir -p "$1"
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" mount -t tmpfs tmpfs "$1"
	else
		mount -t tmpfs tmpfs "$1"
	fi
	echo "$1" >>"$T_TMP/.mounts"
}

fb_rctl() {
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" rctl "$1"
	else
		rctl "$1"
	fi
}

fb_devfs_rulesets() {
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" devfs rulesets
	else
		devfs rule showsets
	fi
}

fb_jail_pids() {
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" ps -j "$1" | awk '{ print $1 ($2 == "Z" ? " Z" : "") }'
	else
		ps -ax -J "$1" -o pid=,state= |
			awk '{ print $1 ($2 ~ /^Z/ ? " Z" : "") }'
	fi
}

fb_nonewprivs() {
	if [ -n "$FB_MODEL" ]; then
		awk '/^NoNewPrivs:/ { print $2 }' "/proc/$1/status"
	else
		proccontrol -m nonewprivs -q -p "$1" && echo 1 || echo 0
	fi
}

fb_wait_gone() {
	for _i in $(seq 100); do
		fb_jls_dying "$1" jid >/dev/null 2>&1 || return 0
		sleep 0.05
	done
	fail "jail $1 is still there: $(fb_jls_dying "$1" jid dying 2>&1)"
}

fb_in_tty() {
	if [ -n "$FB_MODEL" ]; then
		script -qec "$1" /dev/null
	else
		script -q /dev/null sh -c "$1"
	fi
}

# The teardown every FreeBSD test file uses: delete what the test made.
fb_teardown() {
	[ -n "${T_TMP:-}" ] || return 0
	if [ -n "$FB_MODEL" ]; then
		[ -d "$T_TMP/kernel" ] || return 0
		RUNJ_JAILMODEL=$T_TMP/kernel
		export RUNJ_JAILMODEL
	fi
	if [ -f "$T_TMP/.ids" ]; then
		while read -r _id; do
			rj delete --force "$_id" >/dev/null 2>&1 || true
		done <"$T_TMP/.ids"
	fi
	if [ -n "$FB_MODEL" ]; then
		"$JMCTL" shutdown
	else
		if [ -f "$T_TMP/.epairs" ]; then
			while read -r _e; do
				ifconfig "$_e" destroy 2>/dev/null || true
			done <"$T_TMP/.epairs"
		fi
		if [ -f "$T_TMP/.mounts" ]; then
			while read -r _m; do umount "$_m" 2>/dev/null || true; done \
				<"$T_TMP/.mounts"
		fi
	fi
	return 0
}
