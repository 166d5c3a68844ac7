#!/usr/bin/env bash
# sgemm micro-benchmark: Y = A @ B (fp32) as an ONNX MatMul compiled by
# kiln, for 1024^3 and 2048^3 (or the sizes given), on 1 and 2 threads, with
# B a constant weight (packed at compile time) and, as a second row, B a
# model input (packed at run time, checked against a double-precision
# reference).
#
#   tests/bench/sgemm.sh [SIZE...]        (default: 1024 2048)
#   RUNS=N     timed runs per measurement (default 20; 5 for sizes >= 2048)
#   THREADS="1 2"  thread counts (default both)
#
# Timing: `kiln bench --threads T` (wall clock, median and min) and, on one
# thread, the calling thread's CPU time from model_cpu_bench. On a shared
# machine other processes stretch the wall clock; the CPU-time figure is
# what the kernel itself achieves; the smaller of the two minimums is
# quoted. With 2 threads the work runs on the
# model's pool, so the figure is the wall-clock minimum. GFLOP/s =
# 2*M*N*K / time, against the measured AVX-512 FMA peak of this machine kind
# (184 GFLOP/s per core, 368 on both; /work/shared/TOOLCHAIN.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
peak=184
sizes=("$@")
(( ${#sizes[@]} )) || sizes=(1024 2048)
bazel build --noshow_progress //tools/kiln //tests/bench:model_cpu_bench 2>/dev/null
kiln=bazel-bin/tools/kiln/kiln
cpu_bench=bazel-bin/tests/bench/model_cpu_bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gflops() { awk -v n="$1" -v ms="$2" 'BEGIN {printf "%.1f", 2 * n * n * n / (ms * 1e6)}'; }
printf '%-6s %-8s %7s %10s %10s %10s %10s %10s %8s\n' size B threads wall_med wall_min cpu_med cpu_min GFLOP/s %peak
for n in "${sizes[@]}"; do
  runs=${RUNS:-$(( n >= 2048 ? 5 : 20 ))}
  for kind in const input; do
    model="$work/sgemm_${n}_${kind}.onnx"
    if [[ $kind == const ]]; then
      /usr/bin/python3 tests/bench/make_matmul.py "$model" "$n" "$n" "$n"
    else
      /usr/bin/python3 tests/bench/make_matmul.py "$model" "$n" "$n" "$n" --b-input
    fi
    "$kiln" compile "$model" -o "${model%.onnx}.so"
    for threads in ${THREADS:-1 2}; do
      bench=$("$kiln" bench "${model%.onnx}.so" --runs "$runs" --warmup 2 --threads "$threads")
      wall_med=$(awk '/^median/ {print $2}' <<<"$bench")
      wall_min=$(awk '/^min/ {print $2}' <<<"$bench")
      cpu_med=- cpu_min=-
      best_ms=$wall_min
      if (( threads == 1 )); then
        check=()
        [[ $kind == input ]] && check=(--check)
        cpu=$("$cpu_bench" "${model%.onnx}.so" --runs "$runs" "${check[@]}")
        if grep -q FAILED <<<"$cpu"; then
          echo "sgemm: $n ($kind B) gives wrong results" >&2
          exit 1
        fi
        cpu_med=$(sed -n 's/.*cpu_ms median=\([0-9.]*\).*/\1/p' <<<"$cpu")
        cpu_min=$(sed -n 's/.*cpu_ms median=[0-9.]* min=\([0-9.]*\).*/\1/p' <<<"$cpu")
        # The best run seen: CPU time excludes preemption, but the two
        # figures come from separate runs.
        best_ms=$(awk -v a="$cpu_min" -v b="$wall_min" 'BEGIN {print (a < b ? a : b)}')
      fi
      best=$(gflops "$n" "$best_ms")
      printf '%-6s %-8s %7s %10.3f %10.3f %10s %10s %10s %7.0f%%\n' "$n" "$kind" "$threads" "$wall_med" \
        "$wall_min" "$cpu_med" "$cpu_min" "$best" \
        "$(awk -v g="$best" -v p=$((peak * threads)) 'BEGIN {print 100 * g / p}')"
    done
  done
done
echo "times in ms; GFLOP/s from the fastest run: on 1 thread the smaller of the minimum CPU and wall"
echo "times, on 2 the minimum wall time"
echo "(peak ${peak} GFLOP/s per core, AVX-512 FMA). Input-B rows include packing B at run time."
