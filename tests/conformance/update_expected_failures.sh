#!/usr/bin/env bash
# Regenerates expected_failures.txt (static shapes) and
# expected_failures_dynamic.txt (first dim of every input dynamic) from fresh
# runs of the whole suite, and docs/onnx-ops.md (the per-op support table)
# from them.
set -euo pipefail
cd "$(dirname "$0")/../.."
bazel build //tests/conformance:runner
jobs="${KILN_CONFORMANCE_JOBS:-2}"
./bazel-bin/tests/conformance/runner --write-expected tests/conformance/expected_failures.txt \
  --jobs "$jobs" || true
./bazel-bin/tests/conformance/runner --dynamic-first-dim \
  --write-expected tests/conformance/expected_failures_dynamic.txt --jobs "$jobs" || true
for f in expected_failures expected_failures_dynamic; do
  grep -c -v '^#' "tests/conformance/$f.txt" | xargs echo "$f:"
done
/usr/bin/python3 tests/conformance/gen_ops_table.py
