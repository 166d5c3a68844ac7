//===- Passes.td - kiln to linalg lowering -----------------*- tablegen -*-===//
#ifndef KILN_CODEGEN_LINALG_PASSES_TD
#define KILN_CODEGEN_LINALG_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerToLinalg : Pass<"kiln-lower-to-linalg", "func::FuncOp"> {
  let summary = "Lower kiln ops to linalg, tensor, arith and math";
  let description = [{
    Rewrites every kiln op into upstream ops on tensors: elementwise ops and
    reductions into linalg.generic with broadcasting maps, convolutions and
    pools into padded window loops, reshapes into collapse/expand_shape.
    Fails, naming the op, when any kiln op remains.
  }];
  let dependentDialects = ["arith::ArithDialect", "linalg::LinalgDialect",
                           "math::MathDialect", "tensor::TensorDialect",
                           "scf::SCFDialect", "bufferization::BufferizationDialect"];
}

#endif // KILN_CODEGEN_LINALG_PASSES_TD
