//===- KilnIndexingFolders.cpp - compile-time evaluation of indexing ops --===//
//
// Shape computations of exported models (Shape -> Gather -> Concat ->
// Reshape, Slice of constant index tensors, ...) fold to constants here, so
// the ops that consume shapes see constants.
//
//===----------------------------------------------------------------------===//
#include "dialects/kiln/KilnOps.h"
#include "dialects/kiln/ShapeUtils.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::kiln;

// Folding materializes every element; cap it to keep compile time bounded.
static constexpr int64_t kMaxFoldedElements = int64_t(1) << 20;

static RankedTensorType staticResult(Operation *op) {
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || !type.hasStaticShape() || type.getNumElements() > kMaxFoldedElements)
    return {};
  return type;
}

static std::optional<SmallVector<int64_t>> intsOf(Attribute attr) {
  auto dense = dyn_cast_or_null<DenseIntElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const APInt &x : dense.getValues<APInt>())
    out.push_back(x.getSExtValue());
  return out;
}

/// Builds `resultType` from `source`: output element at coordinates `c`
/// is source element `sourceIndex(c)` (a row-major linear index).
static DenseElementsAttr
rearrange(DenseElementsAttr source, RankedTensorType resultType,
          function_ref<int64_t(ArrayRef<int64_t>)> sourceIndex) {
  if (source.isSplat())
    return DenseElementsAttr::get(resultType, source.getSplatValue<Attribute>());
  SmallVector<Attribute> values(source.getValues<Attribute>());
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<int64_t> coord(shape.size(), 0);
  SmallVector<Attribute> out;
  out.reserve(resultType.getNumElements());
  for (int64_t n = 0; n < resultType.getNumElements(); ++n) {
    out.push_back(values[sourceIndex(coord)]);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++coord[d] < shape[d])
        break;
      coord[d] = 0;
    }
  }
  return DenseElementsAttr::get(resultType, out);
}

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  auto input = dyn_cast<RankedTensorType>(getInput().getType());
  auto resultType = dyn_cast<RankedTensorType>(getType());
  if (!input || !resultType || !resultType.hasStaticShape())
    return {};
  SmallVector<int64_t> dims;
  for (int64_t d = getStart(); d < getEnd(); ++d) {
    if (input.isDynamicDim(d))
      return {};
    dims.push_back(input.getDimSize(d));
  }
  return DenseElementsAttr::get(resultType, ArrayRef<int64_t>(dims));
}

OpFoldResult ExpandOp::fold(FoldAdaptor adaptor) {
  RankedTensorType resultType = staticResult(*this);
  if (!resultType)
    return {};
  if (getInput().getType() == resultType)
    return getInput();
  auto source = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (!source)
    return {};
  ArrayRef<int64_t> in = source.getType().getShape(), out = resultType.getShape();
  SmallVector<int64_t> strides = rowMajorStrides(in);
  size_t offset = out.size() - in.size();
  return rearrange(source, resultType, [&](ArrayRef<int64_t> c) {
    int64_t index = 0;
    for (size_t d = 0; d < in.size(); ++d)
      if (in[d] != 1)
        index += c[d + offset] * strides[d];
    return index;
  });
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  RankedTensorType resultType = staticResult(*this);
  auto source = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  auto starts = intsOf(adaptor.getStarts()), ends = intsOf(adaptor.getEnds()),
       axes = intsOf(adaptor.getAxes()), steps = intsOf(adaptor.getSteps());
  if (!resultType || !source || !starts || !ends || !axes || !steps)
    return {};
  ArrayRef<int64_t> in = source.getType().getShape();
  int64_t rank = in.size();
  SmallVector<int64_t> first(rank, 0), step(rank, 1);
  for (size_t i = 0; i < axes->size(); ++i) {
    int64_t axis = (*axes)[i] < 0 ? (*axes)[i] + rank : (*axes)[i];
    sliceBounds((*starts)[i], (*ends)[i], (*steps)[i], in[axis], first[axis]);
    step[axis] = (*steps)[i];
  }
  SmallVector<int64_t> strides = rowMajorStrides(in);
  return rearrange(source, resultType, [&](ArrayRef<int64_t> c) {
    int64_t index = 0;
    for (int64_t d = 0; d < rank; ++d)
      index += (first[d] + c[d] * step[d]) * strides[d];
    return index;
  });
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  RankedTensorType resultType = staticResult(*this);
  auto source = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  auto indices = intsOf(adaptor.getIndices());
  if (!resultType || !source || !indices)
    return {};
  ArrayRef<int64_t> in = source.getType().getShape();
  int64_t axis = getAxis(), dim = in[axis];
  for (int64_t &i : *indices) {
    if (i < 0)
      i += dim;
    if (i < 0 || i >= dim)
      return {}; // Out of range: leave the error to run time.
  }
  int64_t indexRank = cast<ShapedType>(getIndices().getType()).getRank();
  SmallVector<int64_t> indexStrides =
      rowMajorStrides(cast<ShapedType>(getIndices().getType()).getShape());
  SmallVector<int64_t> strides = rowMajorStrides(in);
  return rearrange(source, resultType, [&](ArrayRef<int64_t> c) {
    int64_t index = 0, which = 0;
    for (int64_t d = 0; d < axis; ++d)
      index += c[d] * strides[d];
    for (int64_t d = 0; d < indexRank; ++d)
      which += c[axis + d] * indexStrides[d];
    index += (*indices)[which] * strides[axis];
    for (int64_t d = axis + 1; d < static_cast<int64_t>(in.size()); ++d)
      index += c[d - 1 + indexRank] * strides[d];
    return index;
  });
}
