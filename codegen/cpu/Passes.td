//===- Passes.td - kiln CPU codegen passes -----------------*- tablegen -*-===//
#ifndef KILN_CODEGEN_CPU_PASSES_TD
#define KILN_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def ApproximateMath : Pass<"kiln-cpu-approximate-math"> {
  let summary = "Replace f32 transcendental math ops by inline polynomials";
  let description = [{
    Rewrites f32 `math.exp`, `math.log`, `math.tanh`, `math.erf` (and their
    relatives) into polynomial approximations made of arith ops, accurate to
    a few ulp. Unlike libm calls they inline and vectorize, and the artifact
    needs no libm symbol for them.
  }];
  let dependentDialects = ["arith::ArithDialect", "math::MathDialect",
                           "vector::VectorDialect"];
}

def ExpandCopies : Pass<"kiln-cpu-expand-copies"> {
  let summary = "Turn memref.copy into linalg.copy so it lowers to loops";
  let description = [{
    Bufferization copies into strided views (padding, concatenation) with
    `memref.copy`, whose LLVM lowering calls `memrefCopy` from MLIR's runner
    utilities, a library artifacts must not depend on. As `linalg.copy` the
    copy becomes plain loops (which LLVM turns into memcpy where contiguous).
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

def ExpandBF16 : Pass<"kiln-cpu-expand-bf16"> {
  let summary = "Turn bf16 extf/truncf into integer bit manipulation";
  let description = [{
    Without AVX512-BF16, LLVM lowers `fptrunc float to bfloat` to a call
    into compiler-rt (`__truncsfbf2`), which artifacts do not link. This
    rewrites `arith.extf`/`arith.truncf` from/to bf16 into shifts and
    rounding arithmetic on i32 (round to nearest even), leaving the rest of
    arith alone (unlike `arith-expand`).
  }];
  let dependentDialects = ["arith::ArithDialect"];
}

#endif // KILN_CODEGEN_CPU_PASSES_TD
