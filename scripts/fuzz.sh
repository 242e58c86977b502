#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (no LibTorch: they compile the torch-free sources directly)
# and runs each for a bounded time. Usage: scripts/fuzz.sh [seconds per target, default 60]
# New inputs go to build-fuzz/corpus-*/, crashes to build-fuzz/crash-*; fuzz/corpus/ holds the seeds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${MANIFOLDLAB_FUZZ_DIR:-$root/build-fuzz}"
seconds="${1:-${MANIFOLDLAB_FUZZ_SECONDS:-60}}"
mkdir -p "$out"
flags=(-std=c++17 -g -O1 -Wall -Wextra -Werror -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I"$root")
# Space-separated; the CSV reader uses the text helpers; the config room reads the problem registry
# (its stub: the plug-ins need LibTorch).
config_room="core/config/parameter_table.cpp core/config/problem_text.cpp core/config/presets.cpp core/config/config_json.cpp core/config/validate.cpp"
declare -A sources=([csv_table]="core/problems/csv/csv_table.cpp core/platform/text.cpp"
                    [config]="$config_room core/platform/text.cpp core/problems/registry_lookup.cpp fuzz/registry_stub.cpp"
                    [target_file]="core/api/target.cpp core/platform/text.cpp")
declare -A corpus=([csv_table]=csv [config]=config [target_file]=target)
for target in csv_table config target_file; do
  exe="$out/fuzz_$target"
  files=()
  for source in ${sources[$target]}; do files+=("$root/$source"); done
  clang++ "${flags[@]}" "$root/fuzz/fuzz_$target.cpp" "${files[@]}" -o "$exe"
  mkdir -p "$out/corpus-$target"
  echo "fuzz: $target for ${seconds}s"
  # The first folder receives new inputs; the committed seeds are only read.
  "$exe" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/" \
    "$out/corpus-$target" "$root/fuzz/corpus/${corpus[$target]}" > "$out/fuzz_$target.log" 2>&1 || {
    tail -n 40 "$out/fuzz_$target.log"
    echo "fuzz: $target found a problem; the input is in $out/crash-* (see $out/fuzz_$target.log)"
    exit 1
  }
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)" "$out/fuzz_$target.log" || true
done
