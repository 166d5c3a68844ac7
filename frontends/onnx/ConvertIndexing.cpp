//===- ConvertIndexing.cpp - gathers, scatters, padding, generators -------===//
#include "frontends/onnx/GraphImporter.h"
#include "frontends/onnx/IndexingHelpers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

static Type elementOf(Value v) { return cast<ShapedType>(v.getType()).getElementType(); }

/// The `axis` attribute normalized against `rank`; reports an error.
static FailureOr<int64_t> axisAttr(NodeContext &node, int64_t dflt, int64_t rank) {
  int64_t axis = node.getInt("axis", dflt);
  std::optional<int64_t> n = normalizeAxis(axis, rank);
  if (!n) {
    node.error() << "axis " << axis << " out of range for rank " << rank;
    return failure();
  }
  return *n;
}

/// Reductions of Scatter*: "none" and, from opset 16 on, the attribute.
static std::string reductionAttr(NodeContext &node) {
  return node.getString("reduction", "none");
}

//===----------------------------------------------------------------------===//
// Gathers and scatters
//===----------------------------------------------------------------------===//

static LogicalResult convertGather(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  FailureOr<Value> indices = node.requiredInput(1);
  if (failed(type) || failed(indices))
    return failure();
  FailureOr<int64_t> axis = axisAttr(node, 0, type->getRank());
  if (failed(axis))
    return failure();
  return pushResult(node.importer().create<GatherOp>(node, type->getElementType(),
                                                     node.input(0), *indices,
                                                     node.builder().getI64IntegerAttr(*axis)),
                    results);
}

static LogicalResult convertGatherElements(NodeContext &node,
                                           SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  FailureOr<Value> indices = node.requiredInput(1);
  if (failed(type) || failed(indices))
    return failure();
  FailureOr<int64_t> axis = axisAttr(node, 0, type->getRank());
  if (failed(axis))
    return failure();
  return pushResult(node.importer().create<GatherElementsOp>(
                        node, type->getElementType(), node.input(0), *indices,
                        node.builder().getI64IntegerAttr(*axis)),
                    results);
}

static LogicalResult convertGatherND(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  FailureOr<Value> indices = node.requiredInput(1);
  if (failed(type) || failed(indices))
    return failure();
  return pushResult(node.importer().create<GatherNDOp>(
                        node, type->getElementType(), node.input(0), *indices,
                        node.builder().getI64IntegerAttr(node.getInt("batch_dims", 0))),
                    results);
}

/// ScatterElements, and Scatter (its deprecated opset-9 name).
static LogicalResult convertScatterElements(NodeContext &node,
                                            SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  FailureOr<Value> indices = node.requiredInput(1), updates = node.requiredInput(2);
  if (failed(type) || failed(indices) || failed(updates))
    return failure();
  FailureOr<int64_t> axis = axisAttr(node, 0, type->getRank());
  if (failed(axis))
    return failure();
  OpBuilder &b = node.builder();
  return pushResult(node.importer().create<ScatterElementsOp>(
                        node, type->getElementType(), node.input(0), *indices, *updates,
                        b.getI64IntegerAttr(*axis), b.getStringAttr(reductionAttr(node))),
                    results);
}

static LogicalResult convertScatterND(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  FailureOr<Value> indices = node.requiredInput(1), updates = node.requiredInput(2);
  if (failed(type) || failed(indices) || failed(updates))
    return failure();
  return pushResult(node.importer().create<ScatterNDOp>(
                        node, type->getElementType(), node.input(0), *indices, *updates,
                        node.builder().getStringAttr(reductionAttr(node))),
                    results);
}

//===----------------------------------------------------------------------===//
// Pad, ReverseSequence
//===----------------------------------------------------------------------===//

static LogicalResult convertPad(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  GraphImporter &g = node.importer();
  Type element = type->getElementType();
  Value pads, value;
  if (node.opset() < 11) {
    auto attr = node.getInts("pads");
    if (!attr) {
      node.error() << "requires 'pads'";
      return failure();
    }
    pads = i64Vector(node, *attr);
    value = g.scalar(node.loc(), element, node.getFloat("value", 0.0f));
  } else {
    FailureOr<Value> p = node.requiredInput(1);
    if (failed(p))
      return failure();
    pads = *p;
    value = node.input(2);
    if (!value) {
      value = g.scalar(node.loc(), element, 0.0);
    } else if (auto t = dyn_cast<RankedTensorType>(value.getType()); t && t.getRank() != 0) {
      FailureOr<Value> v = g.reshape(node, value, {});
      if (failed(v))
        return failure();
      value = *v;
    }
  }
  std::string mode = node.getString("mode", "constant");
  FailureOr<Value> y = g.create<PadOp>(node, element, node.input(0), pads, value,
                                       node.builder().getStringAttr(mode));
  return pushResult(refineToDeclared(node, y, 0), results);
}

static LogicalResult convertReverseSequence(NodeContext &node,
                                            SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  FailureOr<Value> lengths = node.requiredInput(1);
  if (failed(type) || failed(lengths))
    return failure();
  OpBuilder &b = node.builder();
  return pushResult(node.importer().create<ReverseSequenceOp>(
                        node, type->getElementType(), node.input(0), *lengths,
                        b.getI64IntegerAttr(node.getInt("batch_axis", 1)),
                        b.getI64IntegerAttr(node.getInt("time_axis", 0))),
                    results);
}

//===----------------------------------------------------------------------===//
// Range, OneHot, Trilu
//===----------------------------------------------------------------------===//

/// Range with constant operands, evaluated here.
static DenseElementsAttr foldRange(NodeContext &node, Type element) {
  DenseElementsAttr start = node.constantInput(0), limit = node.constantInput(1),
                    delta = node.constantInput(2);
  if (!start || !limit || !delta)
    return {};
  auto scalarOf = [](DenseElementsAttr a) -> double {
    Attribute x = *a.getValues<Attribute>().begin();
    if (auto f = dyn_cast<FloatAttr>(x))
      return f.getValueAsDouble();
    return static_cast<double>(cast<IntegerAttr>(x).getValue().getSExtValue());
  };
  double s = scalarOf(start), l = scalarOf(limit), d = scalarOf(delta);
  if (d == 0)
    return {};
  int64_t count = std::max<int64_t>(0, static_cast<int64_t>(std::ceil((l - s) / d)));
  auto type = RankedTensorType::get({count}, element);
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < count; ++i) {
    if (isa<FloatType>(element))
      values.push_back(FloatAttr::get(element, s + i * d));
    else
      values.push_back(IntegerAttr::get(element, static_cast<int64_t>(s) +
                                                     i * static_cast<int64_t>(d)));
  }
  return DenseElementsAttr::get(type, values);
}

static LogicalResult convertRange(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> start = node.requiredInput(0), limit = node.requiredInput(1),
                   delta = node.requiredInput(2);
  if (failed(start) || failed(limit) || failed(delta))
    return failure();
  Type element = elementOf(*start);
  if (DenseElementsAttr folded = foldRange(node, element)) {
    results.push_back(node.importer().constant(node.loc(), folded));
    return success();
  }
  FailureOr<Value> y = node.importer().create<RangeOp>(node, element, *start, *limit, *delta);
  return pushResult(refineToDeclared(node, y, 0), results);
}

static LogicalResult convertOneHot(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  FailureOr<Value> depth = node.requiredInput(1), values = node.requiredInput(2);
  if (failed(type) || failed(depth) || failed(values))
    return failure();
  FailureOr<int64_t> axis = axisAttr(node, -1, type->getRank() + 1);
  if (failed(axis))
    return failure();
  FailureOr<Value> y = node.importer().create<OneHotOp>(
      node, elementOf(*values), node.input(0), *depth, *values,
      node.builder().getI64IntegerAttr(*axis));
  return pushResult(refineToDeclared(node, y, 0), results);
}

static LogicalResult convertTrilu(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  Value k = node.input(1);
  if (!k)
    k = node.importer().scalar(node.loc(), node.builder().getI64Type(), 0.0);
  return pushResult(node.importer().create<TriluOp>(
                        node, type->getElementType(), node.input(0), k,
                        node.builder().getBoolAttr(node.getInt("upper", 1) != 0)),
                    results);
}

/// EyeLike of a dynamically shaped input: (col - row == k) over iotas of
/// the run-time dims, cast to `element`.
static FailureOr<Value> eyeAtRunTime(NodeContext &node, Type element, int64_t k) {
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Type i64 = b.getI64Type();
  auto iota = [&](int64_t dim, ArrayRef<int64_t> shape) -> FailureOr<Value> {
    FailureOr<Value> length = g.create<ShapeOp>(node, i64, node.input(0),
                                                b.getI64IntegerAttr(dim),
                                                b.getI64IntegerAttr(dim + 1));
    if (failed(length))
      return failure();
    FailureOr<Value> limit = g.reshape(node, *length, {});
    if (failed(limit))
      return failure();
    FailureOr<Value> range = g.create<RangeOp>(node, i64, g.scalar(node.loc(), i64, 0),
                                               *limit, g.scalar(node.loc(), i64, 1));
    return failed(range) ? range : g.reshape(node, *range, shape);
  };
  FailureOr<Value> rows = iota(0, {ShapedType::kDynamic, 1});
  FailureOr<Value> cols = iota(1, {1, ShapedType::kDynamic});
  if (failed(rows) || failed(cols))
    return failure();
  FailureOr<Value> diff = g.create<SubOp>(node, i64, *cols, *rows);
  FailureOr<Value> eq = failed(diff) ? diff
                                     : g.create<CompareOp>(node, b.getI1Type(),
                                                           b.getStringAttr("eq"), *diff,
                                                           g.scalar(node.loc(), i64, k));
  return failed(eq) ? eq : g.create<CastOp>(node, element, *eq);
}

/// EyeLike: ones where col - row == k; only the input's shape matters, so
/// with a static shape it is a constant.
static LogicalResult convertEyeLike(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  if (type->getRank() != 2) {
    node.error() << "expects a 2-D input, got " << *type;
    return failure();
  }
  Type element = type->getElementType();
  if (const onnx::AttributeProto *dtype = node.attr("dtype")) {
    element = convertElementType(node.builder().getContext(), dtype->i());
    if (!element) {
      node.error() << "unsupported dtype " << onnxTypeName(dtype->i());
      return failure();
    }
  }
  int64_t rows = type->getDimSize(0), cols = type->getDimSize(1), k = node.getInt("k", 0);
  OpBuilder &b = node.builder();
  if (!type->hasStaticShape())
    return pushResult(eyeAtRunTime(node, element, k), results);
  auto makeAttr = [&](double v) -> Attribute {
    if (isa<FloatType>(element))
      return b.getFloatAttr(element, v);
    return b.getIntegerAttr(element, static_cast<int64_t>(v));
  };
  Attribute zero = makeAttr(0.0), one = makeAttr(1.0);
  SmallVector<Attribute> values;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      values.push_back(c - r == k ? one : zero);
  auto resultType = RankedTensorType::get(type->getShape(), element);
  results.push_back(
      node.importer().constant(node.loc(), DenseElementsAttr::get(resultType, values)));
  return success();
}

//===----------------------------------------------------------------------===//
// CumSum, TopK
//===----------------------------------------------------------------------===//

static LogicalResult convertCumSum(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  FailureOr<Value> axis = node.requiredInput(1);
  if (failed(type) || failed(axis))
    return failure();
  OpBuilder &b = node.builder();
  return pushResult(node.importer().create<CumSumOp>(
                        node, type->getElementType(), node.input(0), *axis,
                        b.getBoolAttr(node.getInt("exclusive", 0) != 0),
                        b.getBoolAttr(node.getInt("reverse", 0) != 0)),
                    results);
}

/// TopK as kiln.top_k_indices plus a gather of the values. `sorted = 0`
/// allows any order, so the sorted result is valid too.
static LogicalResult convertTopK(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  FailureOr<int64_t> axis = axisAttr(node, -1, type->getRank());
  if (failed(axis))
    return failure();
  int64_t k;
  if (node.opset() < 10) {
    k = node.getInt("k", -1);
  } else if (node.constantInput(1)) {
    FailureOr<SmallVector<int64_t>> values = node.constantInts(1, "k");
    if (failed(values) || values->size() != 1) {
      node.error() << "expects a one-element k";
      return failure();
    }
    k = (*values)[0];
  } else if (RankedTensorType declared = declaredOutputType(node, 0);
             declared && declared.getRank() == type->getRank() &&
             !declared.isDynamicDim(*axis)) {
    k = declared.getDimSize(*axis); // Run-time k: the declared output shape has it.
  } else {
    (void)node.constantInts(1, "k"); // Reports the error.
    return failure();
  }
  OpBuilder &b = node.builder();
  GraphImporter &g = node.importer();
  FailureOr<Value> indices = g.create<TopKIndicesOp>(
      node, b.getI64Type(), node.input(0), b.getI64IntegerAttr(*axis), b.getI64IntegerAttr(k),
      b.getBoolAttr(node.getInt("largest", 1) != 0));
  if (failed(indices))
    return failure();
  FailureOr<Value> values = g.create<GatherElementsOp>(node, type->getElementType(),
                                                       node.input(0), *indices,
                                                       b.getI64IntegerAttr(*axis));
  if (failed(pushResult(values, results)))
    return failure();
  results.push_back(*indices);
  return success();
}

//===----------------------------------------------------------------------===//
// Compress, NonZero (result shapes depend on the data)
//===----------------------------------------------------------------------===//

static LogicalResult convertCompress(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  FailureOr<Value> condition = node.requiredInput(1);
  if (failed(type) || failed(condition))
    return failure();
  Value input = node.input(0);
  int64_t axis = 0;
  if (node.attr("axis")) {
    FailureOr<int64_t> a = axisAttr(node, 0, type->getRank());
    if (failed(a))
      return failure();
    axis = *a;
  } else {
    // No axis: compress the flattened input (its length dynamic with the
    // input's shape).
    FailureOr<Value> flat = node.importer().reshape(node, input, {productOfDims(type->getShape())});
    if (failed(flat))
      return failure();
    input = *flat;
  }
  FailureOr<Value> y = node.importer().create<CompressOp>(
      node, type->getElementType(), input, *condition, node.builder().getI64IntegerAttr(axis));
  return pushResult(refineToDeclared(node, y, 0), results);
}

static LogicalResult convertNonZero(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> input = node.requiredInput(0);
  if (failed(input))
    return failure();
  FailureOr<Value> y =
      node.importer().create<NonZeroOp>(node, node.builder().getI64Type(), *input);
  return pushResult(refineToDeclared(node, y, 0), results);
}

void mlir::kiln::onnx_frontend::registerIndexingConverters(
    llvm::StringMap<OpConverter> &table) {
  table["Gather"] = convertGather;
  table["GatherElements"] = convertGatherElements;
  table["GatherND"] = convertGatherND;
  table["ScatterElements"] = convertScatterElements;
  table["Scatter"] = convertScatterElements;
  table["ScatterND"] = convertScatterND;
  table["Pad"] = convertPad;
  table["ReverseSequence"] = convertReverseSequence;
  table["Range"] = convertRange;
  table["OneHot"] = convertOneHot;
  table["Trilu"] = convertTrilu;
  table["EyeLike"] = convertEyeLike;
  table["CumSum"] = convertCumSum;
  table["TopK"] = convertTopK;
  table["Compress"] = convertCompress;
  table["NonZero"] = convertNonZero;
}
