#!/usr/bin/env bash
# End-to-end numeric test: each configuration in configs.txt (exported by
# tests/e2e/prepare.sh into KILN_E2E_DIR) is compiled by kiln, run once on its
# seeded input, and compared with ONNX Runtime and PyTorch within 1e-4 of the
# output's scale.
#   e2e_test.sh KILN COMPARE_PY CONFIGS EXPECTED_FAILURES
# Configurations listed in EXPECTED_FAILURES ("NAME  # reason") are expected
# to fail; the test fails when a listed one passes (remove it from the list)
# or an unlisted one fails. Environment:
#   KILN_E2E_DIR             the reference set (required)
#   KILN_E2E_FILTER          extended regex: run only matching configurations
#   KILN_E2E_WRITE_EXPECTED  file to write the expected-failure list observed
#                            in this run to (entries of configurations not run
#                            are kept); see update_expected_failures.sh
set -uo pipefail
kiln="$PWD/$1"
compare="$PWD/$2"
configs_file="$3"
expected_file="$4"
dir="${KILN_E2E_DIR:-}"
filter="${KILN_E2E_FILTER:-}"
mapfile -t configs < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$configs_file")
if [[ -n "$filter" ]]; then
  mapfile -t configs < <(printf '%s\n' "${configs[@]}" | grep -E -- "$filter")
fi
missing=()
for m in "${configs[@]}"; do
  for f in "$m.onnx" "$m.json" "$m.input.npy" "$m.ort_output.npy" "$m.torch_output.npy"; do
    [[ -f "$dir/$f" ]] || { missing+=("$m"); break; }
  done
done
if [[ -z "$dir" || ${#missing[@]} -gt 0 ]]; then
  echo "e2e: KILN_E2E_DIR='$dir' lacks the reference set for: ${missing[*]:-all}; run scripts/test.sh" \
       "or tests/e2e/prepare.sh DIR" >&2
  exit 1
fi

declare -A expected=()
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  name="${line%%[[:space:]#]*}"
  reason=""
  [[ "$line" == *#* ]] && reason="${line#*#}" && reason="${reason# }"
  expected["$name"]="$reason"
done < "$expected_file"

work="${TEST_TMPDIR:-$(mktemp -d)}"
declare -A observed=()  # name -> failure reason, for configurations that failed
passed=0 failed=0 unexpected_fail=0 unexpected_pass=0
start_all=$(date +%s)

# Runs one configuration; prints progress; on failure sets $reason.
run_config() {
  local m="$1" input_name log="$work/$1.log" t0 t1 t2
  reason=""
  input_name=$(tr -d '\n' < "$dir/$m.json" | sed -n 's/.*"inputs": *\[ *{ *"name": *"\([^"]*\)".*/\1/p')
  t0=$(date +%s%N)
  if ! timeout 900 "$kiln" compile "$dir/$m.onnx" -o "$work/$m.so" 2> "$log"; then
    # One line, without the reference folder's path, so reasons are stable.
    reason="compile: $(grep -m1 . "$log" | sed -e "s|^$dir/||" -e 's/^[^ ]*\.onnx: error: //')"
    [[ -s "$log" ]] || reason="compile: exit status without a message (crash or timeout?)"
    return
  fi
  t1=$(date +%s%N)
  if ! timeout 900 "$kiln" run "$work/$m.so" --input "$input_name=$dir/$m.input.npy" \
      --output-dir "$work/$m.out" > /dev/null 2> "$log"; then
    reason="run: $(grep -m1 . "$log" || echo 'exit status without a message (crash or timeout?)')"
    return
  fi
  t2=$(date +%s%N)
  echo "  compiled in $(( (t1 - t0) / 1000000 )) ms ($(stat -c %s "$work/$m.so") bytes), ran in $(( (t2 - t1) / 1000000 )) ms"
  local ref res
  for ref in ort torch; do
    res=$(/usr/bin/python3 "$compare" "$work/$m.out/output.npy" "$dir/$m.${ref}_output.npy" --rtol 1e-4)
    printf '  vs %-5s %s\n' "$ref:" "$res"
    [[ "$res" == *" OK" ]] || { [[ -z "$reason" ]] && reason="numerics vs $ref: $res"; }
  done
  rm -f "$work/$m.so"
}

for m in "${configs[@]}"; do
  echo "$m:"
  run_config "$m"
  listed=0
  [[ -v "expected[$m]" ]] && listed=1
  if [[ -z "$reason" ]]; then
    passed=$((passed + 1))
    if (( listed )); then
      unexpected_pass=$((unexpected_pass + 1))
      echo "  UNEXPECTED PASS (remove $m from tests/e2e/expected_failures.txt)"
    else
      echo "  PASS"
    fi
  else
    failed=$((failed + 1))
    observed["$m"]="$reason"
    if (( listed )); then
      echo "  expected failure: $reason"
    else
      unexpected_fail=$((unexpected_fail + 1))
      echo "  UNEXPECTED FAILURE: $reason"
    fi
  fi
done

if [[ -n "${KILN_E2E_WRITE_EXPECTED:-}" ]]; then
  declare -A ran=()
  for m in "${configs[@]}"; do ran["$m"]=1; done
  {
    echo "# End-to-end configurations (configs.txt) kiln is expected to fail, with the reason."
    echo "# Regenerate with tests/e2e/update_expected_failures.sh."
    mapfile -t all < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$configs_file")
    for m in "${all[@]}"; do
      if [[ -v "ran[$m]" ]]; then
        [[ -v "observed[$m]" ]] && echo "$m  # ${observed[$m]}"
      elif [[ -v "expected[$m]" ]]; then
        echo "$m  # ${expected[$m]}"
      fi
    done
  } > "$KILN_E2E_WRITE_EXPECTED.tmp" && mv "$KILN_E2E_WRITE_EXPECTED.tmp" "$KILN_E2E_WRITE_EXPECTED"
fi

echo "e2e: $passed passed, $failed failed (of ${#configs[@]} configurations; $unexpected_fail unexpected" \
     "failures, $unexpected_pass unexpected passes) in $(( $(date +%s) - start_all )) s"
(( unexpected_fail == 0 && unexpected_pass == 0 ))
