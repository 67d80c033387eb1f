#!/usr/bin/env bash
# Every benchmark, built once in release, ending with one table: stage,
# measured, the floor or baseline measured beside it in the same run, their
# ratio, the goal and `met` or `MISSED`. Takes several minutes; not part of
# scripts/test.sh (which only checks that the benches compile). Machines
# with few, shared cores are noisy: compare the ratios, which are measured
# within one run, more than the times.
#   bash scripts/bench.sh              every bench
#   bash scripts/bench.sh apply plan   some of them (the binary size row is always printed)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
target=${CARGO_TARGET_DIR:-target}
benches=("$@")
[ ${#benches[@]} -gt 0 ] || benches=(fetch mapping plan apply history provision window)

printf '\033[1m==> %s\033[0m\n' "Building the UI, the release binary and the benches"
(cd ui && npm run --silent build)
cargo build --release -p roster --bin roster
cargo bench -p roster --no-run

# The history bench keeps its 1,000-import database between runs; rebuilt
# here so its size and timings are those of the current schema and code.
rm -rf target/bench-history

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for bench in "${benches[@]}"; do
  printf '\n\033[1m==> %s\033[0m\n' "cargo bench --bench $bench"
  # Inside a private keyring session: the window bench keeps the sandbox's
  # secret in the OS keyring, as the window does.
  bash scripts/with-keyring.sh cargo bench -q -p roster --bench "$bench" | tee -a "$log"
done

# The binary an admin installs (scripts/package.sh ships this build).
size=$(stat -c %s "$target/release/roster")
awk -v b="$size" 'BEGIN {
  mb = b / 1e6
  printf "BENCH\trelease binary (stripped)\t%.1f MB\t-\t-\t< 20 MB\t%s\n", mb, (mb < 20 ? "met" : "MISSED")
}' >>"$log"

printf '\n\033[1m==> %s\033[0m\n' "Summary ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
{
  printf 'stage\tmeasured\tfloor/baseline\tratio\tgoal\tverdict\n'
  grep '^BENCH' "$log" | cut -f2-
} | column -t -s $'\t'
