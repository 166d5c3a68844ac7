#!/usr/bin/env bash
# Regenerates expected_failures.txt from a fresh run of the whole suite, and
# docs/onnx-ops.md (the per-op support table) from it.
set -euo pipefail
cd "$(dirname "$0")/../.."
bazel build //tests/conformance:runner
./bazel-bin/tests/conformance/runner --write-expected tests/conformance/expected_failures.txt \
  --jobs "${KILN_CONFORMANCE_JOBS:-2}" || true
grep -c -v '^#' tests/conformance/expected_failures.txt | xargs echo "expected failures:"
/usr/bin/python3 tests/conformance/gen_ops_table.py
