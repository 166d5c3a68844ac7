#!/usr/bin/env bash
# Regenerates tests/e2e/expected_failures.txt from a fresh run of the
# end-to-end configurations (all of them, or those matching KILN_E2E_FILTER,
# an extended regex; the entries of the others are kept).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${KILN_E2E_DIR:-$HOME/.cache/kiln/e2e}"
tests/e2e/prepare.sh "$dir"
bazel build //tools/kiln
KILN_E2E_DIR="$dir" KILN_E2E_WRITE_EXPECTED=tests/e2e/expected_failures.txt \
  tests/e2e/e2e_test.sh bazel-bin/tools/kiln/kiln tests/e2e/compare.py \
  tests/e2e/configs.txt tests/e2e/expected_failures.txt || true
echo "expected failures: $(grep -c -v '^#' tests/e2e/expected_failures.txt || true)"
