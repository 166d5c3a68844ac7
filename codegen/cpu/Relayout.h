//===- Relayout.h - packing and unpacking tensors for kernels ---*- C++ -*-===//
//
// Data tiling moves operands into the layouts the micro-kernels read best
// (weights blocked by the vector width, activations channels-last). Each move
// is one index map from the new layout to the old; constant operands are
// moved at compile time, the others by a linalg.generic copy.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_CPU_RELAYOUT_H
#define KILN_CODEGEN_CPU_RELAYOUT_H

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpDefinition.h"

namespace mlir::kiln {

/// The constant value of `v`, looking through reshapes, or null.
DenseElementsAttr getConstantElements(Value v);

/// A tensor with sizes `dstSizes` whose element at index `d` is
/// `src[dstToSrc(d)]`, or zero where `dstToSrc(d)` falls past the end of
/// `src` (padding). `dstToSrc` has one dimension per destination dimension and
/// one result per source dimension. Padding is only supported where the
/// results are sums of dimensions times non-negative constants; results with
/// floordiv/mod must stay in bounds (unpacking).
Value relayout(OpBuilder &b, Location loc, Value src,
               ArrayRef<OpFoldResult> dstSizes, AffineMap dstToSrc);

/// The value every element of `v` is set to when `v` is produced by a
/// linalg.fill or an input-less linalg.generic yielding one outside value;
/// null otherwise.
Value getFillValue(Value v);

/// Replaces every linalg.pack and linalg.unpack with static tiles (and zero
/// or no padding value) under `root` by its relayout.
LogicalResult lowerPacksToRelayouts(Operation *root);

} // namespace mlir::kiln

#endif // KILN_CODEGEN_CPU_RELAYOUT_H
