//===- KilnDialect.td - the kiln graph dialect -------------*- tablegen -*-===//
#ifndef KILN_DIALECT_TD
#define KILN_DIALECT_TD

include "mlir/IR/OpBase.td"

def Kiln_Dialect : Dialect {
  let name = "kiln";
  let cppNamespace = "::mlir::kiln";
  let summary = "Graph-level ops of deep-learning models on value-semantic tensors.";
  let description = [{
    The `kiln` dialect is the compiler's graph IR. Every op takes and returns
    ranked (or, before shape inference, unranked) tensors and has no side
    effects. Ops are normalized rather than copied from ONNX: Gemm becomes
    transpose + matmul + add, BatchNormalization a multiply-add with folded
    constants, Flatten/Squeeze/Unsqueeze a reshape.
  }];
  let hasConstantMaterializer = 1;
}

#endif // KILN_DIALECT_TD
