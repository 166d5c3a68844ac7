#!/usr/bin/env bash
# End-to-end numeric test: each reference model (tests/e2e/prepare.sh) is
# compiled by kiln, run on its seeded input, and compared with ONNX Runtime
# and PyTorch within 1e-4 of the output's scale.
set -euo pipefail
kiln="$PWD/$1"
compare="$PWD/$2"
dir="${KILN_E2E_DIR:-}"
if [[ -z "$dir" || ! -f "$dir/resnet18.ort_output.npy" ]]; then
  echo "e2e: KILN_E2E_DIR does not hold the reference models; run scripts/test.sh" >&2
  exit 1
fi
work="${TEST_TMPDIR:-$(mktemp -d)}"
status=0
for m in resnet18 mlp mlp_b8 cnn_small; do
  start=$(date +%s%N)
  "$kiln" compile "$dir/$m.onnx" -o "$work/$m.so"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  "$kiln" run "$work/$m.so" --input "input=$dir/$m.input.npy" --output-dir "$work/$m.out" >/dev/null
  echo "$m: compiled in ${ms} ms, $(stat -c %s "$work/$m.so") bytes"
  echo -n "  vs ONNX Runtime: "
  /usr/bin/python3 "$compare" "$work/$m.out/output.npy" "$dir/$m.ort_output.npy" --rtol 1e-4 || status=1
  echo -n "  vs PyTorch:      "
  /usr/bin/python3 "$compare" "$work/$m.out/output.npy" "$dir/$m.torch_output.npy" --rtol 1e-4 || status=1
done
exit $status
