#!/usr/bin/env bash
# Prepares the end-to-end reference set in DIR (default ~/.cache/kiln/e2e):
# PyTorch exports of the models with seeded inputs and torch outputs, plus
# ONNX Runtime's outputs for the same inputs. Reuses what is already there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:-$HOME/.cache/kiln/e2e}"
models=(resnet18 mlp mlp_b8 cnn_small)
mkdir -p "$dir"
need=()
for m in "${models[@]}"; do
  [[ -f "$dir/$m.onnx" && -f "$dir/$m.input.npy" && -f "$dir/$m.torch_output.npy" ]] || need+=("$m")
done
if (( ${#need[@]} )); then
  echo "e2e: exporting ${need[*]} with PyTorch" >&2
  /usr/bin/python3 "$here/export_models.py" "$dir" "${need[@]}" >/dev/null
fi
for m in "${models[@]}"; do
  if [[ ! -f "$dir/$m.ort_output.npy" ]]; then
    out=$(mktemp -d)
    node "$here/ort_run.js" "$dir/$m.onnx" "$dir/$m.input.npy" --out-dir "$out" >/dev/null
    mv "$out/output_0.npy" "$dir/$m.ort_output.npy"
    rm -rf "$out"
  fi
done
