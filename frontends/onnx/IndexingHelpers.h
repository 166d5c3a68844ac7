//===- IndexingHelpers.h - helpers of the shape and indexing converters ---===//
//
// Internal to frontends/onnx (ConvertShape.cpp, ConvertIndexing.cpp,
// ConvertResize.cpp): declared output types and small constants.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_ONNX_INDEXINGHELPERS_H
#define KILN_FRONTENDS_ONNX_INDEXINGHELPERS_H

#include "frontends/onnx/GraphImporter.h"

namespace mlir::kiln::onnx_frontend {

/// The type the model declares for output `i` of `node` (graph outputs and
/// value_info; unknown dimensions dynamic), or null when it declares none.
RankedTensorType declaredOutputType(NodeContext &node, int i);

/// The declared shape of output `i` when it is fully static.
std::optional<SmallVector<int64_t>> declaredStaticShape(NodeContext &node, int i);

/// Makes the dynamic dimensions of `v`, the fresh result of a kiln op for
/// output `i`, static where the model declares them: ops whose result shape
/// depends on operand values known only at run time (Slice with input
/// starts, Range, ...) get it from there. Fails when the declaration
/// contradicts a dimension kiln inferred.
FailureOr<Value> refineToDeclared(NodeContext &node, FailureOr<Value> v, int i);

/// A 1-D i64 constant.
Value i64Vector(NodeContext &node, ArrayRef<int64_t> values);

/// Whether optional input `i` is absent or an empty constant tensor (ONNX
/// Resize passes unused roi/scales that way).
bool isAbsentOrEmpty(NodeContext &node, int i);

} // namespace mlir::kiln::onnx_frontend

#endif // KILN_FRONTENDS_ONNX_INDEXINGHELPERS_H
