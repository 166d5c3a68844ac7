//===- IndexingLowering.h - shared pieces of the indexing lowerings -------===//
//
// Internal to codegen/linalg: the indexing ops (gathers, scatters, slices,
// resize, ...) compute source coordinates per output element, so most of
// them lower to one linalg.generic over the result whose body reads its
// position with linalg.index and loads with tensor.extract. Sizes may be
// dynamic: helpers take the result's dynamic sizes explicitly.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_LINALG_INDEXINGLOWERING_H
#define KILN_CODEGEN_LINALG_INDEXINGLOWERING_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// Body of an index-driven generic: the output coordinates and the
/// elements of the extra inputs at them; returns the output element.
using IndexBodyFn =
    function_ref<Value(OpBuilder &, Location, ArrayRef<Value> coords, ValueRange inputs)>;

/// linalg.generic producing a tensor of `resultType` (dynamic dimensions
/// sized by `dynamicSizes`, in order). `inputs` are read through `inputMaps`
/// (over the result's loop dimensions).
Value buildIndexGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                        ValueRange dynamicSizes, ValueRange inputs,
                        ArrayRef<AffineMap> inputMaps, IndexBodyFn body);

/// The dynamic sizes of `type` picked from `sizes` (one index value per dim).
SmallVector<Value> dynamicSizesOf(RankedTensorType type, ArrayRef<Value> sizes);

/// tensor.dim of `v` along `d` (an index value; a constant when static).
Value dimOf(OpBuilder &b, Location loc, Value v, int64_t d);

/// An integer (any width) or float scalar converted to i64 (floats truncate).
Value toI64(OpBuilder &b, Location loc, Value v);
/// i64 or index to index / i64.
Value i64ToIndex(OpBuilder &b, Location loc, Value v);
Value indexToI64(OpBuilder &b, Location loc, Value v);
Value constI64(OpBuilder &b, Location loc, int64_t v);
Value constIndex(OpBuilder &b, Location loc, int64_t v);

/// Element `i` of a 1-D tensor, or the single element of a rank-0 or
/// one-element tensor when `i` is omitted.
Value extractAt(OpBuilder &b, Location loc, Value tensor, int64_t i = 0);

/// Wraps a negative index (ONNX style): idx < 0 ? idx + size : idx (i64).
Value wrapIndex(OpBuilder &b, Location loc, Value idx, Value size);
/// Clamps an i64 to [lo, hi].
Value clampI64(OpBuilder &b, Location loc, Value v, Value lo, Value hi);

/// Combines an old and a new element by a scatter reduction.
Value combineScatter(OpBuilder &b, Location loc, StringRef reduction, Value old, Value update);

void populateLowerShapeSlicePatterns(RewritePatternSet &patterns);
void populateLowerGatherScatterPatterns(RewritePatternSet &patterns);
void populateLowerScanSelectPatterns(RewritePatternSet &patterns);
void populateLowerResizePatterns(RewritePatternSet &patterns);
void populateLowerGridSamplePatterns(RewritePatternSet &patterns);

} // namespace mlir::kiln

#endif // KILN_CODEGEN_LINALG_INDEXINGLOWERING_H
