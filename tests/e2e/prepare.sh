#!/usr/bin/env bash
# Prepares the end-to-end reference set in DIR (default ~/.cache/kiln/e2e):
# for every configuration in configs.txt (or the NAMEs given), the PyTorch
# export with its seeded input and torch output (export_models.py), plus
# ONNX Runtime's output for the same input (NAME.ort_output.npy).
#   tests/e2e/prepare.sh [DIR [NAME...]]
# Reuses what is already there; a configuration whose NAME.json was written
# by another version of export_models.py is exported again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:-$HOME/.cache/kiln/e2e}"
shift || true
if (( $# )); then
  configs=("$@")
else
  mapfile -t configs < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$here/configs.txt")
fi
generator=$(sha256sum "$here/export_models.py" | cut -c1-16)
mkdir -p "$dir"

need=()
for m in "${configs[@]}"; do
  fresh=1
  for f in "$m.onnx" "$m.input.npy" "$m.torch_output.npy" "$m.json"; do
    [[ -f "$dir/$f" ]] || fresh=0
  done
  (( fresh )) && grep -q "\"generator\": \"$generator\"" "$dir/$m.json" || need+=("$m")
done
if (( ${#need[@]} )); then
  echo "e2e: exporting ${need[*]} with PyTorch" >&2
  for m in "${need[@]}"; do rm -f "$dir/$m.ort_output.npy"; done
  # torch's exporter warns on stderr about every traced shape; keep errors only.
  /usr/bin/python3 -W ignore "$here/export_models.py" "$dir" "${need[@]}" >/dev/null
fi

for m in "${configs[@]}"; do
  if [[ ! -f "$dir/$m.ort_output.npy" ]]; then
    out=$(mktemp -d)
    node "$here/ort_run.js" "$dir/$m.onnx" "$dir/$m.input.npy" --out-dir "$out" >/dev/null
    mv "$out/output_0.npy" "$dir/$m.ort_output.npy"
    rm -rf "$out"
  fi
done
