#!/bin/sh
# Run the benchmarks on a snapshot of a commit (default HEAD) with this checkout's bench/,
# so that commits landing during a long run (a schema change, say) cannot change the code
# under it. Generated material stays in this checkout's bench/work/.
#   sh bench/snapshot.sh [COMMIT] -- --size 100k
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
commit=HEAD
if [ "${1:-}" != "--" ] && [ $# -gt 0 ]; then commit=$1; shift; fi
[ "${1:-}" = "--" ] && shift
snap=$(mktemp -d /tmp/bench-snapshot.XXXXXX)
git -C "$here" archive "$commit" | tar -x -C "$snap"
trap 'rm -rf "$snap"' EXIT
rm -rf "$snap/bench"
tar -C "$here" --exclude=bench/work --exclude=bench/results -cf - bench | tar -x -C "$snap"
echo "snapshot of $(git -C "$here" rev-parse --short "$commit") in $snap" >&2
cd "$snap"
BENCH_WORK="$here/bench/work" BENCH_RESULTS="$here/bench/results" \
    BENCH_COMMIT=$(git -C "$here" rev-parse --short "$commit") \
    "$here/.venv/bin/python" -m bench.run "$@"
