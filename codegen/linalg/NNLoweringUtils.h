//===- NNLoweringUtils.h - helpers of the NN op lowerings -------*- C++ -*-===//
//
// Builders shared by the lowerings of the neural-network op family
// (LowerNN.cpp, LowerConvTranspose.cpp, LowerQuantization.cpp,
// LowerRecurrent.cpp): result tensors whose dynamic sizes come from an
// operand, and scalar casts for unsigned integer element types (arith only
// takes signless integers).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_LINALG_NNLOWERINGUTILS_H
#define KILN_CODEGEN_LINALG_NNLOWERINGUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::kiln {

/// tensor.empty of `type`; dynamic dimension i has the size of dimension
/// `sourceDims[i]` of `source`.
Value emptyTensorLike(OpBuilder &b, Location loc, RankedTensorType type, Value source,
                      ArrayRef<int64_t> sourceDims);
/// The same, filled with `value`.
Value filledTensorLike(OpBuilder &b, Location loc, RankedTensorType type, Value source,
                       ArrayRef<int64_t> sourceDims, Value value);
/// 0, 1, ..., n-1.
SmallVector<int64_t> iota(int64_t n);

/// The signless integer of the same width for an unsigned/signed integer
/// scalar (an unrealized cast that the LLVM lowering erases); others as is.
Value toSignless(OpBuilder &b, Location loc, Value v);
/// Casts a signless scalar back to the (possibly unsigned) integer `type`.
Value fromSignless(OpBuilder &b, Location loc, Value v, Type type);
/// Extends or converts an integer scalar of `sourceType` (signedness from
/// the type; signless counts as signed) to the integer or float `target`.
Value convertInteger(OpBuilder &b, Location loc, Value v, Type sourceType, Type target);

/// The number of elements of `v`'s dimensions `dims` as a `type` scalar.
Value elementCount(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> dims, Type type);

} // namespace mlir::kiln

#endif // KILN_CODEGEN_LINALG_NNLOWERINGUTILS_H
