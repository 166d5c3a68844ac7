#!/usr/bin/python3
"""Compare two .npy arrays (numpy only).

Usage: /usr/bin/python3 tests/e2e/compare.py A.npy B.npy [--rtol 1e-4]

B is the reference. Prints one line
  max_abs=<max|A-B|> max_rel_to_scale=<max|A-B| / max(max|B|, 1e-6)> OK|FAIL
and exits 1 (FAIL) when max_rel_to_scale > rtol, or when the shapes differ or
A has NaN/Inf where B does not. Exit 2 on usage errors.
"""
import argparse
import sys

import numpy as np


def main(argv=None):
    ap = argparse.ArgumentParser(description="Compare A.npy against reference B.npy.")
    ap.add_argument("a")
    ap.add_argument("b", help="reference")
    ap.add_argument("--rtol", type=float, default=1e-4,
                    help="tolerance on max|A-B| / max(max|B|, 1e-6) (default 1e-4)")
    args = ap.parse_args(argv)

    a = np.load(args.a, allow_pickle=False)
    b = np.load(args.b, allow_pickle=False)
    if a.shape != b.shape:
        print(f"shape mismatch: {args.a} {a.shape} vs {args.b} {b.shape} FAIL")
        return 1
    a64 = a.astype(np.float64)
    b64 = b.astype(np.float64)
    if a.size == 0:
        print("max_abs=0 max_rel_to_scale=0 OK")
        return 0
    # NaN/Inf must appear in the same places with the same values.
    fa, fb = np.isfinite(a64), np.isfinite(b64)
    nonfinite_bad = bool(np.any(fa != fb) or np.any((~fb) & ~((a64 == b64) | (np.isnan(a64) & np.isnan(b64)))))
    both = fa & fb
    diff = np.abs(a64[both] - b64[both])
    max_abs = float(diff.max()) if diff.size else 0.0
    scale = float(np.abs(b64[fb]).max()) if fb.any() else 0.0
    rel = max_abs / max(scale, 1e-6)
    ok = (rel <= args.rtol) and not nonfinite_bad
    extra = " (non-finite mismatch)" if nonfinite_bad else ""
    print(f"max_abs={max_abs:.6g} max_rel_to_scale={rel:.6g}{extra} {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
