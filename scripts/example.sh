#!/usr/bin/env bash
# Quick start: builds kiln, compiles the small CNN shipped in tests/models to
# a shared object, runs it on its sample input and prints outputs and latency.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
bazel build --noshow_progress //tools/kiln 2>&1 | grep -vE '^(INFO|Loading|Analyzing|Target|  bazel-bin)' || true
kiln=bazel-bin/tools/kiln/kiln
[[ -x "$kiln" ]] || { echo "example: the build failed" >&2; exit 1; }
mkdir -p out
echo "== kiln compile tests/models/small_cnn.onnx -o out/small_cnn.so"
start_ns=$(date +%s%N)
"$kiln" compile tests/models/small_cnn.onnx -o out/small_cnn.so
echo "compiled in $(( ($(date +%s%N) - start_ns) / 1000000 )) ms, $(stat -c %s out/small_cnn.so) bytes"
echo "== kiln inspect out/small_cnn.so"
"$kiln" inspect out/small_cnn.so
echo "== kiln run out/small_cnn.so --input input=tests/models/small_cnn.input.npy"
"$kiln" run out/small_cnn.so --input input=tests/models/small_cnn.input.npy
echo "== kiln bench out/small_cnn.so --runs 200"
"$kiln" bench out/small_cnn.so --runs 200 --input input=tests/models/small_cnn.input.npy
