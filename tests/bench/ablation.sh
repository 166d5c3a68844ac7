#!/usr/bin/env bash
# Ablation: the model benchmark (tests/bench/run.sh) once with every kiln
# optimization on and once with each of fusion, layout, kernels, threads,
# batch-split and winograd switched off in turn (kiln compile --disable X), then the geometric-mean
# ratios (ORT / kiln) side by side. Each variant is timed against ORT in its
# own run, so every ratio is a same-run comparison.
#   tests/bench/ablation.sh                        # full model set
#   tests/bench/ablation.sh --rounds 3 --seconds 1 # options go to bench.py
#   ABLATION_VARIANTS="none batch-split" tests/bench/ablation.sh --batches 8
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/setup.sh >&2
scripts/reference/install.sh >&2
bazel build --noshow_progress //tools/kiln >&2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
read -r -a variants <<< "${ABLATION_VARIANTS:-none fusion layout kernels threads batch-split winograd}"
for v in "${variants[@]}"; do
  flags=()
  [[ $v != none ]] && flags=(--disable "$v")
  echo "== ablation: ${v/none/all optimizations on}${flags:+ (--disable $v)}" >&2
  /usr/bin/python3 tests/bench/bench.py --kiln bazel-bin/tools/kiln/kiln "${flags[@]}" "$@" \
    | tee "$out/$v.txt" >&2
done
echo
printf '%-28s %14s %14s\n' "kiln variant" "geomean 1 thr" "geomean 2 thr"
for v in "${variants[@]}"; do
  g1=$(sed -n 's/^geometric mean ratio, 1 thread(s): \([0-9.]*\).*/\1/p' "$out/$v.txt")
  g2=$(sed -n 's/^geometric mean ratio, 2 thread(s): \([0-9.]*\).*/\1/p' "$out/$v.txt")
  label=$([[ $v == none ]] && echo "all on" || echo "without $v")
  printf '%-28s %14s %14s\n' "$label" "${g1:--}" "${g2:--}"
done
echo "geomean = geometric mean over models of ORT ms / kiln ms (above 1: kiln faster)"
