#!/usr/bin/env bash
# Installs the Debian packages kiln builds with (Bazel, LLVM/MLIR 22, lld,
# protobuf, ONNX, Catch2). Idempotent; silent when everything is present.
set -euo pipefail

packages=(bazel-bootstrap llvm-22-dev libmlir-22-dev mlir-22-tools clang-22 lld-22
          liblld-22-dev protobuf-compiler libprotobuf-dev libonnx-dev libonnx-testdata
          catch2 zlib1g-dev libzstd-dev python3)

source "$(dirname "$0")/install_debs.sh"
install_debs setup "${packages[@]}"
if [[ ! -x /usr/local/cuda/bin/ptxas ]]; then
  echo "setup: note: /usr/local/cuda not found; GPU codegen checks will be skipped" >&2
fi
