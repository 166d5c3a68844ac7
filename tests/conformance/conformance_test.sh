#!/usr/bin/env bash
# Runs the ONNX backend conformance suite; see runner.cpp.
set -euo pipefail
runner="$1"
expected="$2"
exec "$runner" --expected "$expected" --jobs "${KILN_CONFORMANCE_JOBS:-2}"
