//===- ShapeUtils.cpp - shape arithmetic shared by kiln ops ---------------===//
#include "dialects/kiln/ShapeUtils.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"

#include <algorithm>

namespace mlir::kiln {

std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  llvm::SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da == 1) {
      out[i] = db;
    } else if (db == 1) {
      out[i] = da;
    } else if (ShapedType::isDynamic(da)) {
      out[i] = db;
    } else if (ShapedType::isDynamic(db) || da == db) {
      out[i] = da;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t dilation, int64_t padBegin, int64_t padEnd,
                         bool ceilMode) {
  if (ShapedType::isDynamic(in))
    return ShapedType::kDynamic;
  int64_t span = (kernel - 1) * dilation + 1;
  int64_t room = in + padBegin + padEnd - span;
  if (room < 0)
    return 0;
  int64_t out = ceilMode ? (room + stride - 1) / stride + 1 : room / stride + 1;
  // ONNX/PyTorch: the last window must start inside the input or left pad.
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

llvm::SmallVector<int64_t>
samePads(llvm::ArrayRef<int64_t> in, llvm::ArrayRef<int64_t> kernel,
         llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> dilations,
         llvm::StringRef mode) {
  size_t n = in.size();
  llvm::SmallVector<int64_t> pads(2 * n, 0);
  for (size_t i = 0; i < n; ++i) {
    int64_t out = (in[i] + strides[i] - 1) / strides[i];
    int64_t span = (kernel[i] - 1) * dilations[i] + 1;
    int64_t total = std::max<int64_t>(0, (out - 1) * strides[i] + span - in[i]);
    int64_t small = total / 2, large = total - small;
    pads[i] = mode == "same_upper" ? small : large;
    pads[i + n] = mode == "same_upper" ? large : small;
  }
  return pads;
}

bool isValidPadMode(llvm::StringRef mode) {
  return mode == "explicit" || mode == "same_upper" || mode == "same_lower";
}

llvm::SmallVector<int64_t> rowMajorStrides(llvm::ArrayRef<int64_t> shape) {
  llvm::SmallVector<int64_t> strides(shape.size(), 1);
  for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

int64_t sliceBounds(int64_t start, int64_t end, int64_t step, int64_t dim,
                    int64_t &first) {
  auto wrap = [&](int64_t v) { return v < 0 ? v + dim : v; };
  start = wrap(start);
  end = wrap(end);
  int64_t count;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    count = end > start ? (end - start - 1) / step + 1 : 0;
  } else {
    start = std::clamp<int64_t>(start, 0, dim - 1);
    end = std::clamp<int64_t>(end, -1, dim - 1);
    count = start > end ? (start - end - 1) / -step + 1 : 0;
  }
  first = start;
  return count;
}

} // namespace mlir::kiln
