#!/usr/bin/env bash
# Runs lit over tests/lit with kiln-opt from Bazel's runfiles.
# Usage (from `bazel test //tests/lit:lit_test`): lit_test.sh <path to kiln-opt>
# The path is relative to the runfiles root; under `bazel test` the working
# directory is $TEST_SRCDIR/kiln. Fails when any test fails, and also when an
# XFAIL test (a known bug) unexpectedly passes: Debian's lit does not count
# XPASS as a failure, but a fixed bug should lose its XFAIL line.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <kiln-opt>" >&2
  exit 2
fi

# The runfiles root of this workspace: from TEST_SRCDIR under `bazel test`,
# else from this script's runfiles tree (`bazel run`), else the cwd.
if [[ -n "${TEST_SRCDIR:-}" && -d "$TEST_SRCDIR/kiln" ]]; then
  root="$TEST_SRCDIR/kiln"
elif [[ -d "$0.runfiles/kiln" ]]; then
  root="$0.runfiles/kiln"
else
  root="$PWD"
fi
root="$(cd "$root" && pwd)"

kiln_opt="$1"
[[ "$kiln_opt" == /* ]] || kiln_opt="$root/$kiln_opt"
if [[ ! -x "$kiln_opt" ]]; then
  echo "lit_test: kiln-opt not found or not executable at $kiln_opt" >&2
  exit 1
fi
test_dir="$root/tests/lit"
if [[ ! -f "$test_dir/lit.cfg.py" ]]; then
  echo "lit_test: no lit.cfg.py under $test_dir" >&2
  exit 1
fi

export KILN_OPT="$kiln_opt"
lit=/usr/lib/llvm-22/bin/lit
scratch="${TEST_TMPDIR:-$(mktemp -d)}"
log="$scratch/lit.log"

# lit is a python script; run it with the system python it was written for.
set +e
/usr/bin/python3 "$lit" -v "$test_dir" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

if grep -q '^XPASS: ' "$log"; then
  echo "lit_test: XFAIL tests passed; the bug each describes looks fixed," \
       "so remove its 'XFAIL: *' line:" >&2
  grep '^XPASS: ' "$log" >&2
  [[ $rc -ne 0 ]] || rc=1
fi
exit "$rc"
