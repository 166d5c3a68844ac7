#!/usr/bin/env bash
# Installs the reference runtimes the end-to-end tests compare kiln against:
#   - Debian: PyTorch/torchvision (model export + torch reference outputs),
#     OpenBLAS (otherwise torch matmul falls back to slow netlib BLAS),
#     numpy, onnx (python bindings, for inspecting exported models).
#   - npm: onnxruntime-node (ONNX Runtime CPU) into tests/e2e/node_modules.
# Idempotent and quiet when everything is already installed. Run as root
# (or with sudo available) on Debian bookworm.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
e2e_dir="${repo_root}/tests/e2e"

debs=(python3-torch python3-torchvision libopenblas0-pthread python3-numpy python3-onnx)

source "${repo_root}/scripts/install_debs.sh"
install_debs reference/install.sh "${debs[@]}"

if [[ ! -d "${e2e_dir}/node_modules/onnxruntime-node" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "reference/install.sh: npm not found (install Debian 'npm' or Node.js >= 18)" >&2
    exit 1
  fi
  echo "reference/install.sh: installing onnxruntime-node into tests/e2e/node_modules" >&2
  # package.json pins onnxruntime-node; .npmrc sets ignore-scripts=true (its
  # install script would try to download CUDA binaries).
  (cd "${e2e_dir}" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi

# Sanity check: both runtimes load.
/usr/bin/python3 -c 'import torch, torchvision, numpy, onnx' \
  || { echo "reference/install.sh: torch/torchvision/numpy/onnx fail to import under /usr/bin/python3" >&2; exit 1; }
(cd "${e2e_dir}" && node -e 'require("onnxruntime-node")') \
  || { echo "reference/install.sh: onnxruntime-node fails to load" >&2; exit 1; }
