//===- KilnOps.h - kiln graph ops -------------------------------*- C++ -*-===//
#ifndef KILN_DIALECTS_KILN_KILNOPS_H
#define KILN_DIALECTS_KILN_KILNOPS_H

#include "dialects/kiln/KilnDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/kiln/KilnInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/kiln/KilnOps.h.inc"

namespace mlir::kiln {

/// Sets the result type of `op` from its operands when they allow it.
/// Returns failure when the operands are inconsistent.
LogicalResult inferAndSetResultType(Operation *op);

} // namespace mlir::kiln

#endif // KILN_DIALECTS_KILN_KILNOPS_H
