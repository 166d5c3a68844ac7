//===- ConvertAlgorithms.cpp - Det, NonMaxSuppression, Unique --------------===//
//
// ONNX ops that map onto the loop-lowered ops of KilnAlgorithmOps.td. Their
// data-dependent result sizes come from the model's declared output types
// (see refineToDeclared).
//
//===----------------------------------------------------------------------===//
#include "frontends/onnx/GraphImporter.h"
#include "frontends/onnx/IndexingHelpers.h"

#include <limits>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

static LogicalResult convertDet(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = node.requiredInput(0);
  if (failed(x))
    return failure();
  return pushResult(
      node.importer().create<DetOp>(node, cast<ShapedType>(x->getType()).getElementType(), *x),
      results);
}

/// Optional input `i`, or a one-element constant `dflt` of `type` when absent.
static Value inputOr(NodeContext &node, int i, Type type, double dflt) {
  if (Value v = node.input(i))
    return v;
  return node.importer().scalar(node.loc(), type, dflt, {1});
}

static LogicalResult convertNonMaxSuppression(NodeContext &node,
                                              SmallVectorImpl<Value> &results) {
  FailureOr<Value> boxes = node.requiredInput(0), scores = node.requiredInput(1);
  if (failed(boxes) || failed(scores))
    return failure();
  OpBuilder &b = node.builder();
  int64_t centerPointBox = node.getInt("center_point_box", 0);
  if (centerPointBox != 0 && centerPointBox != 1) {
    node.error() << "center_point_box must be 0 or 1, got " << centerPointBox;
    return failure();
  }
  // No score threshold keeps every box: -inf < any score.
  Value maxOutput = inputOr(node, 2, b.getI64Type(), 0);
  Value iou = inputOr(node, 3, b.getF32Type(), 0.0);
  Value score = inputOr(node, 4, b.getF32Type(), -std::numeric_limits<double>::infinity());
  FailureOr<Value> y = node.importer().create<NonMaxSuppressionOp>(
      node, b.getI64Type(), *boxes, *scores, maxOutput, iou, score,
      b.getBoolAttr(centerPointBox != 0));
  return pushResult(refineToDeclared(node, y, 0), results);
}

/// The number of distinct slices, when the model declares it.
static int64_t declaredUniqueCount(NodeContext &node, std::optional<int64_t> axis) {
  for (int i : {1, 3}) {
    if (RankedTensorType t = declaredOutputType(node, i);
        t && t.getRank() == 1 && !t.isDynamicDim(0))
      return t.getDimSize(0);
  }
  if (RankedTensorType t = declaredOutputType(node, 0)) {
    int64_t d = axis ? *axis : 0;
    if (d < t.getRank() && (axis || t.getRank() == 1))
      return t.getDimSize(d);
  }
  return ShapedType::kDynamic;
}

/// Unique: the axis moves to the front and the other dimensions flatten,
/// so kiln.unique compares rows of a 2-D tensor.
static LogicalResult convertUnique(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  GraphImporter &imp = node.importer();
  OpBuilder &b = node.builder();
  Type element = type->getElementType();
  int64_t rank = type->getRank();
  std::optional<int64_t> axis;
  if (node.attr("axis")) {
    axis = normalizeAxis(node.getInt("axis", 0), rank);
    if (!axis) {
      node.error() << "axis " << node.getInt("axis", 0) << " out of range for rank " << rank;
      return failure();
    }
  }
  Value x = node.input(0);
  SmallVector<int64_t> perm, rest;
  if (axis) {
    perm.push_back(*axis);
    for (int64_t d = 0; d < rank; ++d)
      if (d != *axis) {
        perm.push_back(d);
        rest.push_back(type->getDimSize(d));
      }
    FailureOr<Value> moved = imp.create<TransposeOp>(node, element, x, b.getDenseI64ArrayAttr(perm));
    if (failed(moved))
      return failure();
    // One of the two may be dynamic (reshape infers it).
    FailureOr<Value> rows =
        imp.reshape(node, *moved, {type->getDimSize(*axis), productOfDims(rest)});
    if (failed(rows))
      return failure();
    x = *rows;
  } else {
    FailureOr<Value> rows = imp.reshape(node, x, {productOfDims(type->getShape()), 1});
    if (failed(rows))
      return failure();
    x = *rows;
  }
  int64_t count = declaredUniqueCount(node, axis);
  bool sorted = node.getInt("sorted", 1) != 0;

  auto part = [&](StringRef name, Type resultElement) -> FailureOr<Value> {
    FailureOr<Value> v = imp.create<UniqueOp>(node, resultElement, x, b.getStringAttr(name),
                                              b.getBoolAttr(sorted));
    if (failed(v) || name == "inverse" || ShapedType::isDynamic(count))
      return v;
    // Pin the distinct-row count (a fresh result, so its type may change).
    auto t = cast<RankedTensorType>(v->getType());
    SmallVector<int64_t> shape(t.getShape());
    shape[0] = count;
    v->setType(RankedTensorType::get(shape, t.getElementType()));
    return v;
  };

  // Output 0: the distinct slices, back in the input's layout.
  FailureOr<Value> values = part("values", element);
  if (failed(values))
    return failure();
  if (axis) {
    SmallVector<int64_t> shape = {count};
    llvm::append_range(shape, rest);
    FailureOr<Value> slices = imp.reshape(node, *values, shape);
    if (failed(slices))
      return failure();
    SmallVector<int64_t> inverse(rank);
    for (int64_t d = 0; d < rank; ++d)
      inverse[perm[d]] = d;
    values = imp.create<TransposeOp>(node, element, *slices, b.getDenseI64ArrayAttr(inverse));
  } else {
    values = imp.reshape(node, *values, {count});
  }
  if (failed(values))
    return failure();
  results.push_back(*values);
  const char *parts[] = {"indices", "inverse", "counts"};
  for (int i = 1; i < node.node().output_size(); ++i) {
    FailureOr<Value> v = part(parts[i - 1], b.getI64Type());
    if (failed(v))
      return failure();
    results.push_back(*v);
  }
  return success();
}

void mlir::kiln::onnx_frontend::registerAlgorithmConverters(
    llvm::StringMap<OpConverter> &table) {
  table["Det"] = convertDet;
  table["NonMaxSuppression"] = convertNonMaxSuppression;
  table["Unique"] = convertUnique;
}
