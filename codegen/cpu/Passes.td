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

#endif // KILN_CODEGEN_CPU_PASSES_TD
