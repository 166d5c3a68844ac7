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

/// The entries of `v`, a 0-D or 1-D integer tensor of static length (a
/// shape, starts, repeats, ...), as far as they are known at compile time:
/// unknown entries are ShapedType::kDynamic. Looks through constants,
/// kiln.shape (static dims of a partly dynamic tensor), integer casts,
/// concat, reshape, and gather/slice with constant indices. nullopt when
/// `v` is not such a tensor.
std::optional<SmallVector<int64_t>> knownIntEntries(Value v);

} // namespace mlir::kiln

#endif // KILN_DIALECTS_KILN_KILNOPS_H
