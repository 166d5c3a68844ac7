//===- ConvertShape.cpp - reshapes, transposes, concat, constants ---------===//
#include "frontends/onnx/GraphImporter.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

static LogicalResult convertReshape(NodeContext &node,
                                    SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  SmallVector<int64_t> shape;
  if (node.opset() < 5) {
    shape = node.getInts("shape").value_or(SmallVector<int64_t>());
  } else {
    FailureOr<SmallVector<int64_t>> values = node.constantInts(1, "shape");
    if (failed(values))
      return failure();
    shape = *values;
  }
  bool allowZero = node.getInt("allowzero", 0) != 0;
  // Entries copying an input dim (0) take the dim; a copied dynamic dim is
  // marked kDynamic and resolved below.
  SmallVector<bool> copied(shape.size(), false);
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d == 0 && !allowZero) {
      if (static_cast<int64_t>(i) >= type->getRank()) {
        node.error() << "shape entry " << i << " is 0 but the input has rank "
                     << type->getRank();
        return failure();
      }
      d = type->getDimSize(i);
      copied[i] = true;
    } else if (d < -1) {
      node.error() << "invalid shape entry " << d;
      return failure();
    }
  }
  // When every dynamic input dim is copied to the same position, they cancel
  // out of the element count: the -1 entry is static.
  auto inferred = llvm::find(shape, -1);
  bool dynamicCopiesOnly = llvm::all_of(llvm::seq<int64_t>(0, type->getRank()), [&](int64_t i) {
    return !type->isDynamicDim(i) || (i < static_cast<int64_t>(shape.size()) && copied[i]);
  });
  if (inferred != shape.end() && !type->hasStaticShape() && dynamicCopiesOnly) {
    int64_t in = productOfDims(llvm::to_vector(llvm::make_filter_range(
        type->getShape(), [](int64_t d) { return !ShapedType::isDynamic(d); })));
    int64_t out = 1;
    for (int64_t d : shape)
      if (d != -1 && !ShapedType::isDynamic(d))
        out *= d;
    if (out != 0 && in % out == 0)
      *inferred = in / out;
  }
  return pushResult(node.importer().reshape(node, node.input(0), shape), results);
}

static LogicalResult convertFlatten(NodeContext &node,
                                    SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  int64_t rank = type->getRank();
  int64_t axis = node.getInt("axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis > rank) {
    node.error() << "axis out of range for rank " << rank;
    return failure();
  }
  int64_t outer = productOfDims(type->getShape().take_front(axis));
  int64_t inner = productOfDims(type->getShape().drop_front(axis));
  return pushResult(node.importer().reshape(node, node.input(0), {outer, inner}), results);
}

static LogicalResult convertTranspose(NodeContext &node,
                                      SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  SmallVector<int64_t> perm;
  if (auto attr = node.getInts("perm")) {
    perm = *attr;
  } else {
    for (int64_t d = type->getRank() - 1; d >= 0; --d)
      perm.push_back(d);
  }
  return pushResult(node.importer().create<TransposeOp>(
                        node, type->getElementType(), node.input(0),
                        node.builder().getDenseI64ArrayAttr(perm)),
                    results);
}

static LogicalResult convertConcat(NodeContext &node,
                                   SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  std::optional<int64_t> axis = normalizeAxis(node.getInt("axis", 0), type->getRank());
  if (!axis) {
    node.error() << "axis out of range for rank " << type->getRank();
    return failure();
  }
  SmallVector<Value> inputs;
  for (int i = 0; i < node.numInputs(); ++i) {
    FailureOr<Value> v = node.requiredInput(i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  return pushResult(node.importer().create<ConcatOp>(
                        node, type->getElementType(), inputs,
                        node.builder().getI64IntegerAttr(*axis)),
                    results);
}

/// Axes of Squeeze/Unsqueeze: an attribute before opset 13, an input after.
static FailureOr<SmallVector<int64_t>> readAxes(NodeContext &node, bool &present) {
  present = true;
  if (node.opset() < 13) {
    if (auto attr = node.getInts("axes"))
      return *attr;
    present = false;
    return SmallVector<int64_t>();
  }
  if (!node.input(1)) {
    present = false;
    return SmallVector<int64_t>();
  }
  return node.constantInts(1, "axes");
}

static LogicalResult convertSqueeze(NodeContext &node,
                                    SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  bool present;
  FailureOr<SmallVector<int64_t>> axes = readAxes(node, present);
  if (failed(type) || failed(axes))
    return failure();
  int64_t rank = type->getRank();
  SmallVector<bool> drop(rank, false);
  if (!present) {
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = type->getDimSize(d) == 1;
  }
  for (int64_t a : *axes) {
    std::optional<int64_t> n = normalizeAxis(a, rank);
    if (!n || (!type->isDynamicDim(*n) && type->getDimSize(*n) != 1)) {
      node.error() << "cannot squeeze axis " << a << " of " << *type;
      return failure();
    }
    drop[*n] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      shape.push_back(type->getDimSize(d));
  return pushResult(node.importer().reshape(node, node.input(0), shape), results);
}

static LogicalResult convertUnsqueeze(NodeContext &node,
                                      SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  bool present;
  FailureOr<SmallVector<int64_t>> axes = readAxes(node, present);
  if (failed(type) || failed(axes))
    return failure();
  if (!present) {
    node.error() << "requires axes";
    return failure();
  }
  int64_t rank = type->getRank() + axes->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t a : *axes) {
    std::optional<int64_t> n = normalizeAxis(a, rank);
    if (!n || inserted[*n]) {
      node.error() << "invalid or repeated axis " << a;
      return failure();
    }
    inserted[*n] = true;
  }
  SmallVector<int64_t> shape;
  int64_t src = 0;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(inserted[d] ? 1 : type->getDimSize(src++));
  return pushResult(node.importer().reshape(node, node.input(0), shape), results);
}

static LogicalResult convertIdentity(NodeContext &node,
                                     SmallVectorImpl<Value> &results) {
  return pushResult(node.requiredInput(0), results);
}

static LogicalResult convertConstant(NodeContext &node,
                                     SmallVectorImpl<Value> &results) {
  MLIRContext *ctx = node.builder().getContext();
  GraphImporter &g = node.importer();
  auto ints = [&](ArrayRef<int64_t> v, bool scalar) {
    auto type = RankedTensorType::get(scalar ? ArrayRef<int64_t>{}
                                             : ArrayRef<int64_t>{(int64_t)v.size()},
                                      IntegerType::get(ctx, 64));
    return DenseElementsAttr::get(type, v);
  };
  auto floats = [&](ArrayRef<float> v, bool scalar) {
    auto type = RankedTensorType::get(scalar ? ArrayRef<int64_t>{}
                                             : ArrayRef<int64_t>{(int64_t)v.size()},
                                      Float32Type::get(ctx));
    return DenseElementsAttr::get(type, v);
  };
  DenseElementsAttr value;
  if (const onnx::AttributeProto *a = node.attr("value")) {
    std::string err;
    value = convertTensor(ctx, a->t(), g.modelDir, err);
    if (!value) {
      node.error() << "value: " << err;
      return failure();
    }
  } else if (const auto *a = node.attr("value_float")) {
    value = floats({a->f()}, true);
  } else if (const auto *a = node.attr("value_floats")) {
    value = floats(SmallVector<float>(a->floats().begin(), a->floats().end()), false);
  } else if (const auto *a = node.attr("value_int")) {
    value = ints({a->i()}, true);
  } else if (const auto *a = node.attr("value_ints")) {
    value = ints(SmallVector<int64_t>(a->ints().begin(), a->ints().end()), false);
  } else {
    node.error() << "only dense numeric constants are supported";
    return failure();
  }
  results.push_back(g.constant(node.loc(), value));
  return success();
}

void mlir::kiln::onnx_frontend::registerShapeConverters(
    llvm::StringMap<OpConverter> &table) {
  table["Reshape"] = convertReshape;
  table["Flatten"] = convertFlatten;
  table["Transpose"] = convertTranspose;
  table["Concat"] = convertConcat;
  table["Squeeze"] = convertSqueeze;
  table["Unsqueeze"] = convertUnsqueeze;
  table["Identity"] = convertIdentity;
  table["Constant"] = convertConstant;
}
