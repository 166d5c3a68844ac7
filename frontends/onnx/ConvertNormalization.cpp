//===- ConvertNormalization.cpp - layer/instance norm, LRN, MVN -----------===//
#include "frontends/onnx/GraphImporter.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

static bool wantsOutput(NodeContext &node, int i) {
  return node.node().output_size() > i && !node.node().output(i).empty();
}

static LogicalResult requireFloatInput(NodeContext &node, RankedTensorType type) {
  if (isa<FloatType>(type.getElementType()))
    return success();
  node.error() << "expects a floating-point input, got " << type.getElementType();
  return failure();
}

/// Mean and 1/sqrt(var + eps) over `axes` (kept as size 1), for the optional
/// statistics outputs of LayerNormalization.
static LogicalResult pushStatistics(NodeContext &node, Value x, ArrayRef<int64_t> axes,
                                    float epsilon, SmallVectorImpl<Value> &results) {
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Type element = cast<ShapedType>(x.getType()).getElementType();
  auto mean = [&](Value v) {
    return g.create<ReduceOp>(node, element, v, b.getDenseI64ArrayAttr(axes),
                              b.getBoolAttr(true), b.getStringAttr("mean"));
  };
  FailureOr<Value> mu = mean(x);
  if (failed(mu))
    return failure();
  FailureOr<Value> centered = g.create<SubOp>(node, element, x, *mu);
  FailureOr<Value> var =
      failed(centered) ? centered : g.create<MulOp>(node, element, *centered, *centered);
  if (succeeded(var))
    var = mean(*var);
  if (succeeded(var))
    var = g.create<AddOp>(node, element, *var, g.scalar(node.loc(), element, epsilon));
  if (succeeded(var))
    var = g.create<SqrtOp>(node, element, *var);
  if (succeeded(var))
    var = g.create<DivOp>(node, element, g.scalar(node.loc(), element, 1.0), *var);
  if (failed(var))
    return failure();
  results.push_back(*mu);
  results.push_back(*var);
  return success();
}

static LogicalResult convertLayerNorm(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type) || failed(requireFloatInput(node, *type)) ||
      failed(node.requiredInput(1)))
    return failure();
  int64_t rank = type->getRank();
  std::optional<int64_t> axis = normalizeAxis(node.getInt("axis", -1), rank);
  if (!axis) {
    node.error() << "axis out of range for rank " << rank;
    return failure();
  }
  float epsilon = node.getFloat("epsilon", 1e-5f);
  OpBuilder &b = node.builder();
  FailureOr<Value> y = node.importer().create<LayerNormOp>(
      node, type->getElementType(), node.input(0), node.input(1), node.input(2),
      b.getI64IntegerAttr(*axis), b.getF32FloatAttr(epsilon));
  if (failed(pushResult(y, results)))
    return failure();
  if (!wantsOutput(node, 1) && !wantsOutput(node, 2))
    return success();
  SmallVector<int64_t> axes;
  for (int64_t d = *axis; d < rank; ++d)
    axes.push_back(d);
  return pushStatistics(node, node.input(0), axes, epsilon, results);
}

/// Per-channel vector [C] as [C, 1, ..., 1] against an [N, C, ...] tensor.
static FailureOr<Value> channelVector(NodeContext &node, Value v, int64_t rank) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || type.getRank() != 1) {
    node.error() << "expects rank-1 per-channel scale and bias";
    return failure();
  }
  SmallVector<int64_t> shape(rank - 1, 1);
  shape[0] = type.getDimSize(0);
  return node.importer().reshape(node, v, shape);
}

/// InstanceNormalization: layer_norm over the spatial axes with unit scale,
/// then the per-channel scale and bias.
static LogicalResult convertInstanceNorm(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type) || failed(requireFloatInput(node, *type)) ||
      failed(node.requiredInput(1)) || failed(node.requiredInput(2)))
    return failure();
  int64_t rank = type->getRank();
  if (rank < 3) {
    node.error() << "expects an input of rank >= 3 (N, C, spatial...)";
    return failure();
  }
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Type element = type->getElementType();
  FailureOr<Value> y = g.create<LayerNormOp>(
      node, element, node.input(0), g.scalar(node.loc(), element, 1.0), Value(),
      b.getI64IntegerAttr(2), b.getF32FloatAttr(node.getFloat("epsilon", 1e-5f)));
  FailureOr<Value> scale = channelVector(node, node.input(1), rank);
  FailureOr<Value> bias = channelVector(node, node.input(2), rank);
  if (failed(y) || failed(scale) || failed(bias))
    return failure();
  y = g.create<MulOp>(node, element, *y, *scale);
  if (succeeded(y))
    y = g.create<AddOp>(node, element, *y, *bias);
  return pushResult(y, results);
}

/// MeanVarianceNormalization (the ONNX function body): (x - E[x]) /
/// (sqrt(E[x^2] - E[x]^2) + 1e-9) over `axes`.
static LogicalResult convertMVN(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type) || failed(requireFloatInput(node, *type)))
    return failure();
  int64_t rank = type->getRank();
  SmallVector<int64_t> axes = node.getInts("axes").value_or(SmallVector<int64_t>{0, 2, 3});
  for (int64_t &a : axes) {
    std::optional<int64_t> n = normalizeAxis(a, rank);
    if (!n) {
      node.error() << "axis " << a << " out of range for rank " << rank;
      return failure();
    }
    a = *n;
  }
  llvm::sort(axes);
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Type element = type->getElementType();
  Value x = node.input(0);
  auto mean = [&](Value v) {
    return g.create<ReduceOp>(node, element, v, b.getDenseI64ArrayAttr(axes),
                              b.getBoolAttr(true), b.getStringAttr("mean"));
  };
  FailureOr<Value> mu = mean(x);
  FailureOr<Value> sq = g.create<MulOp>(node, element, x, x);
  if (failed(mu) || failed(sq))
    return failure();
  FailureOr<Value> meanSq = mean(*sq);
  FailureOr<Value> muSq = g.create<MulOp>(node, element, *mu, *mu);
  if (failed(meanSq) || failed(muSq))
    return failure();
  FailureOr<Value> stdDev = g.create<SubOp>(node, element, *meanSq, *muSq);
  if (succeeded(stdDev))
    stdDev = g.create<SqrtOp>(node, element, *stdDev);
  if (succeeded(stdDev))
    stdDev = g.create<AddOp>(node, element, *stdDev, g.scalar(node.loc(), element, 1e-9));
  FailureOr<Value> centered = g.create<SubOp>(node, element, x, *mu);
  if (failed(stdDev) || failed(centered))
    return failure();
  return pushResult(g.create<DivOp>(node, element, *centered, *stdDev), results);
}

/// LRN: x / (bias + alpha / size * sum of squares over a channel window)^beta.
/// The window sum is an average pool (count_include_pad) over the channel
/// axis after swapping it with the first spatial axis.
static LogicalResult convertLRN(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type) || failed(requireFloatInput(node, *type)))
    return failure();
  int64_t rank = type->getRank();
  int64_t size = node.getInt("size", 0);
  if (rank < 3 || size < 1) {
    node.error() << "expects an input of rank >= 3 and size >= 1";
    return failure();
  }
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Type element = type->getElementType();
  Value x = node.input(0);
  SmallVector<int64_t> perm;
  for (int64_t d = 0; d < rank; ++d)
    perm.push_back(d);
  std::swap(perm[1], perm[2]);
  int64_t spatial = rank - 2;
  SmallVector<int64_t> kernel(spatial, 1), strides(spatial, 1), pads(2 * spatial, 0);
  kernel[0] = size;
  pads[0] = (size - 1) / 2;
  pads[spatial] = size - 1 - pads[0];
  FailureOr<Value> sq = g.create<MulOp>(node, element, x, x);
  if (succeeded(sq))
    sq = g.create<TransposeOp>(node, element, *sq, b.getDenseI64ArrayAttr(perm));
  if (succeeded(sq))
    sq = g.create<AvgPoolOp>(node, element, *sq, b.getDenseI64ArrayAttr(kernel),
                             b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(pads),
                             b.getBoolAttr(false), b.getBoolAttr(true),
                             b.getStringAttr("explicit"));
  if (succeeded(sq))
    sq = g.create<TransposeOp>(node, element, *sq, b.getDenseI64ArrayAttr(perm));
  if (failed(sq))
    return failure();
  Value alpha = g.scalar(node.loc(), element, node.getFloat("alpha", 1e-4f));
  Value bias = g.scalar(node.loc(), element, node.getFloat("bias", 1.0f));
  Value beta = g.scalar(node.loc(), element, node.getFloat("beta", 0.75f));
  FailureOr<Value> denom = g.create<MulOp>(node, element, *sq, alpha);
  if (succeeded(denom))
    denom = g.create<AddOp>(node, element, *denom, bias);
  if (succeeded(denom))
    denom = g.create<PowOp>(node, element, *denom, beta);
  if (failed(denom))
    return failure();
  return pushResult(g.create<DivOp>(node, element, x, *denom), results);
}

void mlir::kiln::onnx_frontend::registerNormalizationConverters(
    llvm::StringMap<OpConverter> &table) {
  table["LayerNormalization"] = convertLayerNorm;
  table["InstanceNormalization"] = convertInstanceNorm;
  table["MeanVarianceNormalization"] = convertMVN;
  table["LRN"] = convertLRN;
}
