#!/usr/bin/env bash
# The test command: installs what the tests need, prepares the end-to-end
# reference models (PyTorch export + ONNX Runtime outputs), runs every test
# with `bazel test //...` and the benchmark's smoke version, and ends with one
# line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
scripts/reference/install.sh || exit 1
e2e_dir="${KILN_E2E_DIR:-$HOME/.cache/kiln/e2e}"
tests/e2e/prepare.sh "$e2e_dir" || { echo "test: preparing reference models failed" >&2; exit 1; }

flags=(--test_env=KILN_E2E_DIR="$e2e_dir")
[[ "${CI:-}" == "true" ]] && flags+=(--config=ci)
log=$(mktemp)
bazel test //... "${flags[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

for t in conformance_test conformance_dynamic_test; do
  conformance_log=bazel-testlogs/tests/conformance/$t/test.log
  [[ -f "$conformance_log" ]] && grep -h '^conformance' "$conformance_log" || true
done
passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log")
failed=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|NO STATUS|INCOMPLETE|FLAKY)' "$log")
rm -f "$log"
if (( rc != 0 && failed == 0 )); then
  failed=1 # the build itself failed
fi

# The model benchmark's smoke version (MLP, one round): the harness works,
# kiln agrees with ONNX Runtime and with itself at 1 and 2 threads.
if [[ -x bazel-bin/tools/kiln/kiln ]]; then
  if /usr/bin/python3 tests/bench/bench.py --kiln bazel-bin/tools/kiln/kiln --smoke; then
    echo "//tests/bench:smoke PASSED"; passed=$((passed + 1))
  else
    echo "//tests/bench:smoke FAILED"; failed=$((failed + 1)); (( rc == 0 )) && rc=3
  fi
fi
echo "$passed passed, $failed failed"
exit "$rc"
