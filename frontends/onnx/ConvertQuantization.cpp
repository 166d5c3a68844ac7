//===- ConvertQuantization.cpp - QuantizeLinear, integer matmul/conv ------===//
//
// Quantized ops become kiln.quantize / kiln.dequantize around integer
// arithmetic on zero-point-centered i32 values (kiln.sub_zero_point), so the
// matmul and convolution themselves are ordinary kiln ops on i32.
//
//===----------------------------------------------------------------------===//
#include "frontends/onnx/ConvertNN.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

static Type elementTypeOf(Value v) {
  return cast<ShapedType>(v.getType()).getElementType();
}

/// The axis a per-axis (rank-1, several elements) scale at input `scaleIdx`
/// runs along, normalized; 0 for per-tensor scales, where it is unused.
static FailureOr<int64_t> quantAxis(NodeContext &node, int scaleIdx, int64_t rank) {
  auto scale = dyn_cast<RankedTensorType>(node.input(scaleIdx).getType());
  if (!scale || scale.getRank() == 0 || scale.getDimSize(0) == 1)
    return int64_t(0);
  int64_t axis = node.getInt("axis", 1);
  std::optional<int64_t> n = normalizeAxis(axis, rank);
  // A scale of unknown length may be a single element (per tensor).
  if (!n && scale.isDynamicDim(0))
    return int64_t(0);
  if (!n) {
    node.error() << "axis " << axis << " out of range for rank " << rank;
    return failure();
  }
  return *n;
}

static FailureOr<int64_t> rankOf(NodeContext &node, int i) {
  FailureOr<RankedTensorType> type = node.rankedInput(i);
  if (failed(type))
    return failure();
  return type->getRank();
}

static LogicalResult convertQuantizeLinear(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<int64_t> rank = rankOf(node, 0);
  if (failed(rank) || failed(node.requiredInput(1)))
    return failure();
  FailureOr<int64_t> axis = quantAxis(node, 1, *rank);
  if (failed(axis))
    return failure();
  Value zp = node.input(2);
  Type qType = zp ? elementTypeOf(zp)
                  : IntegerType::get(node.builder().getContext(), 8, IntegerType::Unsigned);
  FailureOr<Value> y = node.importer().create<QuantizeOp>(
      node, qType, node.input(0), node.input(1), zp, node.builder().getI64IntegerAttr(*axis));
  return pushResult(y, results);
}

static LogicalResult convertDequantizeLinear(NodeContext &node,
                                             SmallVectorImpl<Value> &results) {
  FailureOr<int64_t> rank = rankOf(node, 0);
  if (failed(rank) || failed(node.requiredInput(1)))
    return failure();
  FailureOr<int64_t> axis = quantAxis(node, 1, *rank);
  if (failed(axis))
    return failure();
  FailureOr<Value> y = node.importer().create<DequantizeOp>(
      node, elementTypeOf(node.input(1)), node.input(0), node.input(1), node.input(2),
      node.builder().getI64IntegerAttr(*axis));
  return pushResult(y, results);
}

/// DynamicQuantizeLinear: uint8 scale and zero point from the data range
/// (extended to include 0), then QuantizeLinear.
static LogicalResult convertDynamicQuantizeLinear(NodeContext &node,
                                                  SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  Type element = type->getElementType();
  if (!isa<FloatType>(element)) {
    node.error() << "expects a floating-point input";
    return failure();
  }
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  SmallVector<int64_t> all;
  for (int64_t d = 0; d < type->getRank(); ++d)
    all.push_back(d);
  auto reduce = [&](StringRef kind) {
    return g.create<ReduceOp>(node, element, node.input(0), b.getDenseI64ArrayAttr(all),
                              b.getBoolAttr(false), b.getStringAttr(kind));
  };
  Value zero = g.scalar(node.loc(), element, 0.0);
  FailureOr<Value> lo = reduce("min"), hi = reduce("max");
  if (succeeded(lo))
    lo = g.create<MinOp>(node, element, *lo, zero);
  if (succeeded(hi))
    hi = g.create<MaxOp>(node, element, *hi, zero);
  if (failed(lo) || failed(hi))
    return failure();
  FailureOr<Value> scale = g.create<SubOp>(node, element, *hi, *lo);
  if (succeeded(scale))
    scale = g.create<DivOp>(node, element, *scale, g.scalar(node.loc(), element, 255.0));
  FailureOr<Value> negLo = g.create<NegOp>(node, element, *lo);
  if (failed(scale) || failed(negLo))
    return failure();
  Type u8 = IntegerType::get(b.getContext(), 8, IntegerType::Unsigned);
  FailureOr<Value> zp =
      g.create<QuantizeOp>(node, u8, *negLo, *scale, Value(), b.getI64IntegerAttr(0));
  if (failed(zp))
    return failure();
  FailureOr<Value> y =
      g.create<QuantizeOp>(node, u8, node.input(0), *scale, *zp, b.getI64IntegerAttr(0));
  if (failed(y))
    return failure();
  results.append({*y, *scale, *zp});
  return success();
}

/// ext(v) - ext(zp) in i32 (zp may be absent); a rank-1 zero point runs
/// along `axis`.
static FailureOr<Value> centered(NodeContext &node, Value v, Value zp, int64_t axis) {
  auto zpType = zp ? dyn_cast<RankedTensorType>(zp.getType()) : RankedTensorType();
  if (!zpType || zpType.getRank() == 0 || zpType.getDimSize(0) == 1)
    axis = 0;
  return node.importer().create<SubZeroPointOp>(node, node.builder().getI32Type(), v, zp,
                                                node.builder().getI64IntegerAttr(axis));
}

/// Integer matmul of the centered operands (inputs aIdx/bIdx with their
/// zero points azIdx/bzIdx): per-row zero points for A, per-column for B.
static FailureOr<Value> integerMatMul(NodeContext &node, int aIdx, int azIdx, int bIdx,
                                      int bzIdx) {
  FailureOr<RankedTensorType> aType = node.rankedInput(aIdx), bType = node.rankedInput(bIdx);
  if (failed(aType) || failed(bType))
    return failure();
  if (aType->getRank() < 2 || bType->getRank() < 2) {
    node.error() << "expects operands of rank >= 2";
    return failure();
  }
  FailureOr<Value> a = centered(node, node.input(aIdx), node.input(azIdx), aType->getRank() - 2);
  FailureOr<Value> b = centered(node, node.input(bIdx), node.input(bzIdx), bType->getRank() - 1);
  if (failed(a) || failed(b))
    return failure();
  return node.importer().create<MatMulOp>(node, node.builder().getI32Type(), *a, *b);
}

static LogicalResult convertMatMulInteger(NodeContext &node, SmallVectorImpl<Value> &results) {
  return pushResult(integerMatMul(node, 0, 2, 1, 3), results);
}

static FailureOr<Value> integerConv(NodeContext &node, int xIdx, int xzIdx, int wIdx,
                                    int wzIdx, Value bias) {
  FailureOr<RankedTensorType> xType = node.rankedInput(xIdx), wType = node.rankedInput(wIdx);
  if (failed(xType) || failed(wType))
    return failure();
  FailureOr<Value> x = centered(node, node.input(xIdx), node.input(xzIdx), 1);
  FailureOr<Value> w = centered(node, node.input(wIdx), node.input(wzIdx), 0);
  if (failed(x) || failed(w))
    return failure();
  return buildConvFromNode(node, *x, *w, bias);
}

static LogicalResult convertConvInteger(NodeContext &node, SmallVectorImpl<Value> &results) {
  return pushResult(integerConv(node, 0, 2, 1, 3, Value()), results);
}

/// A rank-1 (per-axis) scale reshaped to broadcast along `axis` of a
/// rank-`rank` tensor; rank-0 and single-element scales are left alone.
static FailureOr<Value> scaleAlong(NodeContext &node, Value scale, int64_t axis, int64_t rank) {
  auto type = dyn_cast<RankedTensorType>(scale.getType());
  if (!type || type.getRank() == 0 || type.getDimSize(0) == 1)
    return scale;
  SmallVector<int64_t> shape(rank - axis, 1);
  shape[0] = type.getDimSize(0);
  return node.importer().reshape(node, scale, shape);
}

/// Requantizes an i32 accumulator: acc * scaleA * scaleB, quantized with
/// (yScale, yZeroPoint).
static FailureOr<Value> requantize(NodeContext &node, Value acc, Value scaleA, Value scaleB,
                                   Value yScale, Value yZeroPoint) {
  GraphImporter &g = node.importer();
  Type element = elementTypeOf(yScale);
  if (!isa<FloatType>(element) || elementTypeOf(scaleA) != element ||
      elementTypeOf(scaleB) != element) {
    node.error() << "expects floating-point scales of one type";
    return failure();
  }
  FailureOr<Value> y = g.create<DequantizeOp>(node, element, acc,
                                              g.scalar(node.loc(), element, 1.0), Value(),
                                              node.builder().getI64IntegerAttr(0));
  if (succeeded(y))
    y = g.create<MulOp>(node, element, *y, scaleA);
  if (succeeded(y))
    y = g.create<MulOp>(node, element, *y, scaleB);
  if (failed(y))
    return failure();
  return g.create<QuantizeOp>(node, elementTypeOf(yZeroPoint), *y, yScale, yZeroPoint,
                              node.builder().getI64IntegerAttr(0));
}

static LogicalResult convertQLinearMatMul(NodeContext &node, SmallVectorImpl<Value> &results) {
  for (int i = 0; i < 8; ++i)
    if (failed(node.requiredInput(i)))
      return failure();
  FailureOr<Value> acc = integerMatMul(node, 0, 2, 3, 5);
  if (failed(acc))
    return failure();
  int64_t rank = cast<RankedTensorType>(acc->getType()).getRank();
  FailureOr<Value> sa = scaleAlong(node, node.input(1), rank - 2, rank);
  FailureOr<Value> sb = scaleAlong(node, node.input(4), rank - 1, rank);
  if (failed(sa) || failed(sb))
    return failure();
  return pushResult(requantize(node, *acc, *sa, *sb, node.input(6), node.input(7)), results);
}

static LogicalResult convertQLinearConv(NodeContext &node, SmallVectorImpl<Value> &results) {
  for (int i = 0; i < 8; ++i)
    if (failed(node.requiredInput(i)))
      return failure();
  FailureOr<Value> acc = integerConv(node, 0, 2, 3, 5, node.input(8));
  if (failed(acc))
    return failure();
  int64_t rank = cast<RankedTensorType>(acc->getType()).getRank();
  FailureOr<Value> sw = scaleAlong(node, node.input(4), 1, rank);
  if (failed(sw))
    return failure();
  return pushResult(
      requantize(node, *acc, node.input(1), *sw, node.input(6), node.input(7)), results);
}

void mlir::kiln::onnx_frontend::registerQuantizationConverters(
    llvm::StringMap<OpConverter> &table) {
  table["QuantizeLinear"] = convertQuantizeLinear;
  table["DequantizeLinear"] = convertDequantizeLinear;
  table["DynamicQuantizeLinear"] = convertDynamicQuantizeLinear;
  table["MatMulInteger"] = convertMatMulInteger;
  table["ConvInteger"] = convertConvInteger;
  table["QLinearMatMul"] = convertQLinearMatMul;
  table["QLinearConv"] = convertQLinearConv;
}
