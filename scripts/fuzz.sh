#!/usr/bin/env bash
# Fuzzing on the stable toolchain: every `fuzz_` test target (proptest; see
# src-tauri/src/fuzzing.rs) with a million generated inputs each, one target
# after another, in release mode with overflow checks and debug assertions
# on (so an arithmetic overflow is a crash too). Prints each target's case
# count and time, and exits non-zero if any target found a failure.
#
#   bash scripts/fuzz.sh                       # every target, 1,000,000 cases each
#   FUZZ_CASES=20000 bash scripts/fuzz.sh      # fewer cases
#   bash scripts/fuzz.sh mapping::             # only targets whose name contains mapping::
#
# Each run draws a new seed and prints it; PROPTEST_RNG_SEED=<seed> replays
# a run. Not part of scripts/test.sh: `cargo test` runs a short pass of every
# target (a few hundred to a few thousand cases each, fixed seed).
set -euo pipefail
cd "$(dirname "$0")/.."

cases=${FUZZ_CASES:-1000000}
seed=${PROPTEST_RNG_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
filter=${1:-fuzz_}
export CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true
export CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS=true
export CARGO_PROFILE_RELEASE_LTO=false

# Built once; the targets then run from this binary, so editing the code
# meanwhile changes nothing in the run.
bin=$(cargo test --release -p roster --lib --no-run --message-format=json |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
[ -x "$bin" ] || { echo "no test binary was built" >&2; exit 1; }
cd src-tauri
mapfile -t targets < <("$bin" --list "$filter" 2>/dev/null |
    sed -n 's/: test$//p' | grep -E '(^|::)fuzz_[a-z0-9_]*$')
if [ "${#targets[@]}" -eq 0 ]; then
    echo "no fuzz target matches $filter" >&2
    exit 1
fi

echo "fuzzing ${#targets[@]} targets, $cases cases each, seed $seed"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=()
start=$(date +%s)
for target in "${targets[@]}"; do
    t0=$(date +%s)
    if PROPTEST_CASES=$cases PROPTEST_RNG_SEED=$seed \
        "$bin" --exact "$target" --nocapture >"$log" 2>&1; then
        line=$(grep -m1 '^fuzz target' "$log" || echo "$target: passed")
        echo "$line [$(($(date +%s) - t0)) s wall]"
    else
        echo "FAILED $target after $(($(date +%s) - t0)) s:"
        grep -v '^\s*$' "$log" | tail -n 40
        failed+=("$target")
    fi
done
echo "total $(($(date +%s) - start)) s for ${#targets[@]} targets"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "failed (replay with PROPTEST_RNG_SEED=$seed): ${failed[*]}" >&2
    exit 1
fi
