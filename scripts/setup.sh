#!/usr/bin/env bash
# Installs the Debian packages kiln builds with (Bazel, LLVM/MLIR 22, lld,
# protobuf, ONNX, Catch2). Idempotent; silent when everything is present.
set -euo pipefail

packages=(bazel-bootstrap llvm-22-dev libmlir-22-dev mlir-22-tools clang-22 lld-22
          liblld-22-dev protobuf-compiler libprotobuf-dev libonnx-dev libonnx-testdata
          catch2 zlib1g-dev libzstd-dev python3)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if (( ${#missing[@]} )); then
  sudo_cmd=()
  [[ "$(id -u)" != 0 ]] && command -v sudo >/dev/null && sudo_cmd=(sudo)
  echo "setup: installing ${missing[*]} (LLVM/MLIR is a ~1.6 GB download)" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ ! -x /usr/local/cuda/bin/ptxas ]]; then
  echo "setup: note: /usr/local/cuda not found; GPU codegen checks will be skipped" >&2
fi
