#!/usr/bin/env bash
# Model-level benchmark, kiln against ONNX Runtime (see bench.py for what it
# measures and how). One command:
#   tests/bench/run.sh                      # the full set: 5 models x batch 1, 8 x 1, 2 threads
#   tests/bench/run.sh --models mlp,resnet50 --batches 1 --rounds 3
#   tests/bench/run.sh --smoke              # tiny version (what scripts/test.sh runs)
# Installs the reference runtimes, builds kiln, exports models into
# ~/.cache/kiln/bench (cached) and prints the table on stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/setup.sh >&2
scripts/reference/install.sh >&2
bazel build --noshow_progress //tools/kiln >&2
exec /usr/bin/python3 tests/bench/bench.py --kiln bazel-bin/tools/kiln/kiln "$@"
