//===- KilnOpsDetail.h - helpers shared by op definitions -------*- C++ -*-===//
//
// Shared implementations that ODS op classes call from their generated
// methods (see extraClassDefinition in KilnOps.td). Internal to the dialect.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_KILN_KILNOPSDETAIL_H
#define KILN_DIALECTS_KILN_KILNOPSDETAIL_H

#include "mlir/IR/OpDefinition.h"

namespace mlir::kiln::detail {

/// NumPy-broadcast type of a two-operand op.
FailureOr<Type> inferBroadcastType(Operation *op);
/// The first operand's type.
FailureOr<Type> inferSameType(Operation *op);
/// Element types agree, shapes broadcast, result agrees with inference.
LogicalResult verifyBroadcastOp(Operation *op);
/// A ranked result agrees with the inferred type.
LogicalResult verifyResultType(Operation *op);
/// Evaluates an elementwise op whose operands are all constants.
OpFoldResult foldElementwise(Operation *op, ArrayRef<Attribute> operands);

// Casts, comparisons, logic and further math (KilnElementwiseOps.cpp).
/// Element type predicates for verifyElementKind.
bool isIntegerKind(Type type);
bool isFloatKind(Type type);
bool isNumberKind(Type type);
/// Every operand's element type satisfies `check`; `what` names the kind.
LogicalResult verifyElementKind(Operation *op, bool (*check)(Type), StringRef what);
/// Evaluates one of those ops whose operands are all constants.
OpFoldResult foldElementwiseExt(Operation *op, ArrayRef<Attribute> operands);

} // namespace mlir::kiln::detail

#endif // KILN_DIALECTS_KILN_KILNOPSDETAIL_H
