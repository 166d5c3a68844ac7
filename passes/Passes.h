//===- Passes.h - kiln graph passes -----------------------------*- C++ -*-===//
#ifndef KILN_PASSES_PASSES_H
#define KILN_PASSES_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace mlir::kiln {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

/// Patterns that simplify kiln ops (beyond their folders).
void populateKilnSimplifyPatterns(RewritePatternSet &patterns);

/// Infers and sets every kiln op's result type in `func`. With
/// `updateSignature` the function's result types follow; otherwise results
/// whose type changed are cast back to the declared types.
LogicalResult inferShapes(func::FuncOp func, bool updateSignature);

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace mlir::kiln

#endif // KILN_PASSES_PASSES_H
