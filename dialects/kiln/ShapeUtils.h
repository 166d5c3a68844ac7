//===- ShapeUtils.h - shape arithmetic shared by kiln ops -------*- C++ -*-===//
//
// Plain shape arithmetic (broadcasting, window sizes, auto padding) used by
// the verifiers, shape inference and the lowerings. Dynamic dimensions are
// ShapedType::kDynamic.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_KILN_SHAPEUTILS_H
#define KILN_DIALECTS_KILN_SHAPEUTILS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>

namespace mlir::kiln {

/// NumPy broadcast of two shapes; nullopt when incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// Output length of a sliding window over `in` (with padding already split
/// into `padBegin` and `padEnd`). Returns kDynamic for a dynamic input.
int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t dilation, int64_t padBegin, int64_t padEnd,
                         bool ceilMode);

/// Explicit pads (begin..., end...) for ONNX auto_pad `mode` ("same_upper" or
/// "same_lower") over static spatial sizes `in`.
llvm::SmallVector<int64_t>
samePads(llvm::ArrayRef<int64_t> in, llvm::ArrayRef<int64_t> kernel,
         llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> dilations,
         llvm::StringRef mode);

/// Whether `mode` is one of "explicit", "same_upper", "same_lower".
bool isValidPadMode(llvm::StringRef mode);

/// Row-major strides of a static shape.
llvm::SmallVector<int64_t> rowMajorStrides(llvm::ArrayRef<int64_t> shape);

/// ONNX Slice bounds of one axis of static size `dim`: the first index
/// read (set in `first`) and the number of elements. `step` is non-zero.
int64_t sliceBounds(int64_t start, int64_t end, int64_t step, int64_t dim,
                    int64_t &first);

} // namespace mlir::kiln

#endif // KILN_DIALECTS_KILN_SHAPEUTILS_H
