#!/usr/bin/env bash
# Baseline latency, kiln next to ONNX Runtime on the same machine, same
# inputs, one caller thread: the rounds alternate kiln and ORT so other load
# hits both alike; medians of the per-round medians are reported.
#   tests/bench/baseline.sh [MODEL...]   (default: resnet18 mlp cnn_small)
# Needs the reference set from tests/e2e/prepare.sh (run by scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${KILN_E2E_DIR:-$HOME/.cache/kiln/e2e}"
rounds="${ROUNDS:-5}"
models=("$@")
(( ${#models[@]} )) || models=(resnet18 mlp cnn_small)
scripts/setup.sh
scripts/reference/install.sh
tests/e2e/prepare.sh "$dir"
bazel build --noshow_progress //tools/kiln 2>/dev/null
kiln=bazel-bin/tools/kiln/kiln
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
printf '%-10s %12s %12s %8s %10s %10s\n' model kiln_ms ort_ms ratio compile_s so_MB
for m in "${models[@]}"; do
  start=$(date +%s%N)
  "$kiln" compile "$dir/$m.onnx" -o "$work/$m.so"
  compile_s=$(awk "BEGIN {print ($(date +%s%N) - $start) / 1e9}")
  runs=$([[ $m == resnet18 ]] && echo 10 || echo 200)
  : > "$work/k"; : > "$work/o"
  for ((r = 0; r < rounds; r++)); do
    "$kiln" bench "$work/$m.so" --runs "$runs" --input "input=$dir/$m.input.npy" \
      | awk '/^median/ {print $2}' >> "$work/k"
    node tests/e2e/ort_run.js "$dir/$m.onnx" "$dir/$m.input.npy" --bench "$runs" --threads 1 \
      | sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p' >> "$work/o"
  done
  k=$(median < "$work/k"); o=$(median < "$work/o")
  printf '%-10s %12.3f %12.3f %8.2f %10.2f %10.1f\n' "$m" "$k" "$o" \
    "$(awk "BEGIN {print $o / $k}")" "$compile_s" "$(awk "BEGIN {print $(stat -c %s "$work/$m.so") / 1e6}")"
done
echo "ratio = ORT / kiln (above 1: kiln faster); ${rounds} alternating rounds, 1 thread"
