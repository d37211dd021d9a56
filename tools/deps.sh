#!/bin/sh
# deps.sh [build]: installs what building and testing runj needs and is
# missing, with the system's package manager, and nothing else.  "build":
# only what building it and make demo need (no engines to test against).
set -eu

debian_build="make gcc pkg-config libjansson-dev libseccomp-dev
libarchive-dev libcurl4-openssl-dev libncurses-dev libssl-dev zlib1g-dev
busybox-static"
debian_pkgs="$debian_build clang clang-format libcmocka-dev tmux mandoc
crun runc containerd skopeo umoci python3 podman buildah catatonit
docker.io criu python3-grpcio python3-grpc-tools iproute2 procps file
xz-utils zstd bzip2 zip bsdutils"
freebsd_build="gmake pkgconf jansson curl"
freebsd_pkgs="$freebsd_build cmocka tmux python3"
if [ "${1:-}" = build ]; then
	debian_pkgs=$debian_build
	freebsd_pkgs=$freebsd_build
fi

if command -v apt-get >/dev/null 2>&1; then
	missing=
	for p in $debian_pkgs; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing="$missing $p"
	done
	if [ -z "$missing" ]; then
		echo "deps: all installed"
		exit 0
	fi
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
elif command -v pkg >/dev/null 2>&1 && [ "$(uname -s)" = FreeBSD ]; then
	missing=
	for p in $freebsd_pkgs; do
		pkg info -e "$p" || missing="$missing $p"
	done
	[ -z "$missing" ] && { echo "deps: all installed"; exit 0; }
	# shellcheck disable=SC2086
	pkg install -y $missing
else
	echo "deps: no apt-get or pkg here; install by hand: $debian_pkgs" >&2
	exit 1
fi
