//===- LoweringUtils.h - building blocks of the kiln to linalg lowering ---===//
//
// Small builders shared by the kiln-to-linalg patterns: elementwise generics
// with NumPy broadcasting, reductions, fills and padding. Dynamic dims are
// read from the operands at run time, and a dynamic dim that may be 1 is
// broadcast at run time.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_LINALG_LOWERINGUTILS_H
#define KILN_CODEGEN_LINALG_LOWERINGUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::kiln {

using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// A scalar constant of `type` (float or integer).
Value scalarConstant(OpBuilder &b, Location loc, Type type, double value);
/// The most negative (or, with `highest`, most positive) value of `type`.
Value extremeConstant(OpBuilder &b, Location loc, Type type, bool highest);

/// Sizes of a tensor of `type`: its static dims, and `dynamicDim(d)` (an
/// index value) for each dynamic dim d.
SmallVector<OpFoldResult> mixedSizes(OpBuilder &b, Location loc, RankedTensorType type,
                                     function_ref<Value(int64_t)> dynamicDim);
/// Sizes of the broadcast result `type` of `inputs`: a dynamic result dim is
/// the largest of the inputs' (right-aligned) dynamic dims there.
SmallVector<OpFoldResult> broadcastSizes(OpBuilder &b, Location loc,
                                         RankedTensorType type, ValueRange inputs);
/// tensor.empty of `type`, dynamic dims taken from `sizes`.
Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ArrayRef<OpFoldResult> sizes);
/// tensor.empty of `type` filled with `value`; `sizes` (see mixedSizes) is
/// needed when `type` has dynamic dims.
Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type, Value value,
                   ArrayRef<OpFoldResult> sizes = {});
/// Number of elements of `v` over `dims` as an index value.
Value elementCount(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> dims);

/// Map of an operand of shape `shape` broadcast into a loop nest over `outShape`.
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                       ArrayRef<int64_t> outShape);

/// linalg.generic computing `body(inputs...)` into a new tensor of
/// `resultType`, with NumPy broadcasting of the inputs.
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, BodyFn body);

/// Reduction of `kind` ("sum", "max", "min", "prod", "mean") over sorted
/// `axes` of `input`; `keepdims` keeps them as size 1.
Value buildReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<int64_t> axes, bool keepdims, StringRef kind);

/// Pads `input` with `value`: `low`/`high` per dimension. Returns `input`
/// when all pads are zero.
Value padTensor(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> low,
                ArrayRef<int64_t> high, Value value);

/// Scalar arithmetic for float or signless integer element types.
Value addValues(OpBuilder &b, Location loc, Value x, Value y);
Value mulValues(OpBuilder &b, Location loc, Value x, Value y);
Value maxValues(OpBuilder &b, Location loc, Value x, Value y);
Value minValues(OpBuilder &b, Location loc, Value x, Value y);

/// Whether kiln can lower arithmetic on `type` (floats, signless integers).
bool isSupportedElementType(Type type);

/// Builds the body of a loop: gets the induction variable and the carried
/// values, returns the next carried values.
using LoopBody =
    function_ref<SmallVector<Value>(OpBuilder &, Location, Value iv, ValueRange carried)>;

/// scf.for from `lb` to `ub` by 1 carrying `init`; returns the final values.
ValueRange forLoop(OpBuilder &b, Location loc, Value lb, Value ub, ValueRange init,
                   LoopBody body);

/// scf.if yielding `then()` when `cond`, else `current` unchanged.
ValueRange ifThen(OpBuilder &b, Location loc, Value cond, ValueRange current,
                  function_ref<SmallVector<Value>(OpBuilder &, Location)> then);

/// Whether every operand and the result of `op` have static shapes.
bool hasStaticShapes(Operation *op);
/// Whether every operand and result of `op` is ranked.
bool hasRankedTypes(Operation *op);

} // namespace mlir::kiln

#endif // KILN_CODEGEN_LINALG_LOWERINGUTILS_H
