#!/bin/sh
# oci_image.sh: the median time of `runj-demo oci-image` against
# `tar -c DIR | gzip | sha256sum` on the same generated tree, and their
# ratio (the target is at most 1.2).  Env: B (build dir), RUNS (default
# 5), BENCH_MB (tree size, default 64).
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${B:=build}"
: "${RUNS:=5}"
: "${BENCH_MB:=64}"
DEMO="$TOP/$B/runj-demo"
[ -x "$DEMO" ] || { echo "oci_image: $DEMO is not built" >&2; exit 1; }

W=$(mktemp -d /tmp/runj-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT INT TERM

# A tree like a root filesystem: many small text-like files, some larger
# ones, a little incompressible data.  Seeded, so runs compare.
python3 - "$W/tree" "$BENCH_MB" <<'PY'
import os, random, sys
root, mb = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
words = [bytes(rnd.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 10)))
         for _ in range(5000)]
total, i = 0, 0
while total < mb << 20:
    d = os.path.join(root, "d%02d" % (i % 40), "s%d" % (i % 7))
    os.makedirs(d, exist_ok=True)
    size = rnd.choice([512, 2048, 8192, 65536, 262144])
    if i % 10 == 0:
        data = rnd.randbytes(size)
    else:
        out = bytearray()
        while len(out) < size:
            out += b" ".join(rnd.choices(words, k=16)) + b"\n"
        data = bytes(out[:size])
    with open(os.path.join(d, "f%05d" % i), "wb") as f:
        f.write(data)
    total += size
    i += 1
PY

# median of the wall-clock seconds of RUNS runs of "$@"
median() {
	for _ in $(seq "$RUNS"); do
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		python3 -c "print($e - $s)"
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

run_demo() {
	"$DEMO" oci-image -i "$W/tree" -o "$W/image.tar" --force
}
run_tar() {
	tar -C "$W/tree" -c . | gzip | sha256sum
}

demo=$(median run_demo)
base=$(median run_tar)
ratio=$(python3 -c "print('%.2f' % ($demo / $base))")
printf 'oci-image: %.3fs  tar|gzip|sha256sum: %.3fs  ratio %s (target <= 1.2) [%s MiB, median of %s]\n' \
	"$demo" "$base" "$ratio" "$BENCH_MB" "$RUNS"
