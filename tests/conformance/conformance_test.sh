#!/usr/bin/env bash
# Runs the ONNX backend conformance suite; see runner.cpp.
#   conformance_test.sh RUNNER EXPECTED_FAILURES [runner flags...]
set -euo pipefail
runner="$1"
expected="$2"
shift 2
exec "$runner" --expected "$expected" --jobs "${KILN_CONFORMANCE_JOBS:-2}" "$@"
