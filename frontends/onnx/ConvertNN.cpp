//===- ConvertNN.cpp - convolution, pooling, dropout ----------------------===//
#include "frontends/onnx/ConvertNN.h"

#include "dialects/kiln/ShapeUtils.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

namespace {
/// Window attributes common to Conv and the pools, after defaults.
struct Window {
  SmallVector<int64_t> kernel, strides, pads, dilations;
  std::string padMode = "explicit";
};
} // namespace

/// Reads kernel_shape/strides/pads/dilations/auto_pad for `spatial` axes.
static FailureOr<Window> readWindow(NodeContext &node, int64_t spatial,
                                    ArrayRef<int64_t> kernelFallback) {
  Window w;
  w.kernel = node.getInts("kernel_shape").value_or(SmallVector<int64_t>(kernelFallback));
  w.strides = node.getInts("strides").value_or(SmallVector<int64_t>(spatial, 1));
  w.dilations = node.getInts("dilations").value_or(SmallVector<int64_t>(spatial, 1));
  w.pads = node.getInts("pads").value_or(SmallVector<int64_t>(2 * spatial, 0));
  auto check = [&](StringRef name, ArrayRef<int64_t> v, size_t n) {
    if (v.size() == n)
      return true;
    node.error() << "attribute '" << name << "' has " << v.size()
                 << " entries, expected " << n;
    return false;
  };
  if (!check("kernel_shape", w.kernel, spatial) || !check("strides", w.strides, spatial) ||
      !check("dilations", w.dilations, spatial) || !check("pads", w.pads, 2 * spatial))
    return failure();
  std::string autoPad = node.getString("auto_pad", "NOTSET");
  if (autoPad == "SAME_UPPER") {
    w.padMode = "same_upper";
  } else if (autoPad == "SAME_LOWER") {
    w.padMode = "same_lower";
  } else if (autoPad == "VALID") {
    w.pads.assign(2 * spatial, 0);
  } else if (autoPad != "NOTSET") {
    node.error() << "unknown auto_pad '" << autoPad << "'";
    return failure();
  }
  return w;
}

FailureOr<Value> mlir::kiln::onnx_frontend::buildConvFromNode(NodeContext &node, Value x,
                                                              Value w, Value bias) {
  auto xType = dyn_cast<RankedTensorType>(x.getType());
  auto wType = dyn_cast<RankedTensorType>(w.getType());
  if (!xType || !wType || xType.getRank() < 3 || xType.getRank() != wType.getRank()) {
    node.error() << "expects input and weight of equal rank >= 3, got " << x.getType()
                 << " and " << w.getType();
    return failure();
  }
  int64_t spatial = xType.getRank() - 2;
  FailureOr<Window> win = readWindow(node, spatial, wType.getShape().drop_front(2));
  if (failed(win))
    return failure();
  if (!llvm::equal(win->kernel, wType.getShape().drop_front(2))) {
    node.error() << "kernel_shape does not match the weight's spatial dimensions";
    return failure();
  }
  OpBuilder &b = node.builder();
  return node.importer().create<ConvOp>(
      node, xType.getElementType(), x, w, bias, b.getDenseI64ArrayAttr(win->strides),
      b.getDenseI64ArrayAttr(win->pads), b.getDenseI64ArrayAttr(win->dilations),
      b.getI64IntegerAttr(node.getInt("group", 1)), b.getStringAttr(win->padMode));
}

static LogicalResult convertConv(NodeContext &node,
                                 SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> xType = node.rankedInput(0), wType = node.rankedInput(1);
  if (failed(xType) || failed(wType))
    return failure();
  return pushResult(buildConvFromNode(node, node.input(0), node.input(1), node.input(2)),
                    results);
}

/// The window of a pool, which must name its kernel_shape.
static FailureOr<Window> readPoolWindow(NodeContext &node, RankedTensorType xType) {
  int64_t spatial = xType.getRank() - 2;
  if (spatial < 1 || !node.attr("kernel_shape")) {
    node.error() << "expects an input of rank >= 3 and a kernel_shape";
    return failure();
  }
  return readWindow(node, spatial, {});
}

static LogicalResult convertMaxPool(NodeContext &node,
                                    SmallVectorImpl<Value> &results) {
  bool wantsIndices = node.node().output_size() > 1 && !node.node().output(1).empty();
  int64_t storageOrder = node.getInt("storage_order", 0);
  if (!wantsIndices && storageOrder != 0) {
    node.error() << "storage_order=1 is not supported";
    return failure();
  }
  FailureOr<RankedTensorType> xType = node.rankedInput(0);
  FailureOr<Window> w =
      failed(xType) ? FailureOr<Window>(failure()) : readPoolWindow(node, *xType);
  if (failed(w))
    return failure();
  OpBuilder &b = node.builder();
  FailureOr<Value> y = node.importer().create<MaxPoolOp>(
      node, xType->getElementType(), node.input(0), b.getDenseI64ArrayAttr(w->kernel),
      b.getDenseI64ArrayAttr(w->strides), b.getDenseI64ArrayAttr(w->pads),
      b.getDenseI64ArrayAttr(w->dilations), b.getBoolAttr(node.getInt("ceil_mode", 0)),
      b.getStringAttr(w->padMode));
  if (failed(pushResult(y, results)))
    return failure();
  if (!wantsIndices)
    return success();
  if (w->padMode != "explicit") {
    if (!xType->hasStaticShape()) {
      node.error() << "the Indices output with auto_pad needs a static input shape";
      return failure();
    }
    w->pads = samePads(xType->getShape().drop_front(2), w->kernel, w->strides, w->dilations,
                       w->padMode);
  }
  FailureOr<Value> indices = node.importer().create<MaxPoolIndicesOp>(
      node, b.getI64Type(), node.input(0), b.getDenseI64ArrayAttr(w->kernel),
      b.getDenseI64ArrayAttr(w->strides), b.getDenseI64ArrayAttr(w->pads),
      b.getDenseI64ArrayAttr(w->dilations), b.getBoolAttr(node.getInt("ceil_mode", 0)),
      b.getBoolAttr(storageOrder != 0));
  return pushResult(indices, results);
}

static LogicalResult convertAveragePool(NodeContext &node,
                                        SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> xType = node.rankedInput(0);
  FailureOr<Window> w =
      failed(xType) ? FailureOr<Window>(failure()) : readPoolWindow(node, *xType);
  if (failed(w))
    return failure();
  if (llvm::any_of(w->dilations, [](int64_t d) { return d != 1; })) {
    node.error() << "dilations other than 1 are not supported for AveragePool";
    return failure();
  }
  OpBuilder &b = node.builder();
  FailureOr<Value> y = node.importer().create<AvgPoolOp>(
      node, xType->getElementType(), node.input(0), b.getDenseI64ArrayAttr(w->kernel),
      b.getDenseI64ArrayAttr(w->strides), b.getDenseI64ArrayAttr(w->pads),
      b.getBoolAttr(node.getInt("ceil_mode", 0)),
      b.getBoolAttr(node.getInt("count_include_pad", 0)), b.getStringAttr(w->padMode));
  return pushResult(y, results);
}

/// GlobalAveragePool / GlobalMaxPool: a reduction over the spatial axes.
template <bool isMax>
static LogicalResult convertGlobalPool(NodeContext &node,
                                       SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> xType = node.rankedInput(0);
  if (failed(xType))
    return failure();
  if (xType->getRank() < 3) {
    node.error() << "expects an input of rank >= 3";
    return failure();
  }
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < xType->getRank(); ++d)
    axes.push_back(d);
  OpBuilder &b = node.builder();
  FailureOr<Value> y = node.importer().create<ReduceOp>(
      node, xType->getElementType(), node.input(0), b.getDenseI64ArrayAttr(axes),
      b.getBoolAttr(true), b.getStringAttr(isMax ? "max" : "mean"));
  return pushResult(y, results);
}

/// LpPool / GlobalLpPool: (sum of |x|^p over the window)^(1/p). The window
/// sum is an average pool that counts the (zero) padding, times the kernel
/// size.
template <bool isGlobal>
static LogicalResult convertLpPool(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> xType = node.rankedInput(0);
  if (failed(xType))
    return failure();
  Type element = xType->getElementType();
  if (!isa<FloatType>(element) || xType->getRank() < 3) {
    node.error() << "expects a floating-point input of rank >= 3";
    return failure();
  }
  int64_t p = node.getInt("p", 2);
  if (p < 1) {
    node.error() << "expects p >= 1, got " << p;
    return failure();
  }
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Value x = node.input(0);
  FailureOr<Value> powed = p == 2 ? g.create<MulOp>(node, element, x, x)
                                  : g.create<AbsOp>(node, element, x);
  if (succeeded(powed) && p > 2)
    powed = g.create<PowOp>(node, element, *powed, g.scalar(node.loc(), element, double(p)));
  if (failed(powed))
    return failure();
  FailureOr<Value> sum;
  if (isGlobal) {
    SmallVector<int64_t> axes;
    for (int64_t d = 2; d < xType->getRank(); ++d)
      axes.push_back(d);
    sum = g.create<ReduceOp>(node, element, *powed, b.getDenseI64ArrayAttr(axes),
                             b.getBoolAttr(true), b.getStringAttr("sum"));
  } else {
    FailureOr<Window> w = readPoolWindow(node, *xType);
    if (failed(w))
      return failure();
    if (llvm::any_of(w->dilations, [](int64_t d) { return d != 1; }) ||
        node.getInt("ceil_mode", 0) != 0) {
      node.error() << "dilations and ceil_mode are not supported for LpPool";
      return failure();
    }
    int64_t window = 1;
    for (int64_t k : w->kernel)
      window *= k;
    sum = g.create<AvgPoolOp>(node, element, *powed, b.getDenseI64ArrayAttr(w->kernel),
                              b.getDenseI64ArrayAttr(w->strides), b.getDenseI64ArrayAttr(w->pads),
                              b.getBoolAttr(false), b.getBoolAttr(true),
                              b.getStringAttr(w->padMode));
    if (succeeded(sum))
      sum = g.create<MulOp>(node, element, *sum, g.scalar(node.loc(), element, double(window)));
  }
  if (failed(sum))
    return failure();
  if (p == 1)
    return pushResult(sum, results);
  if (p == 2)
    return pushResult(g.create<SqrtOp>(node, element, *sum), results);
  return pushResult(
      g.create<PowOp>(node, element, *sum, g.scalar(node.loc(), element, 1.0 / double(p))),
      results);
}

/// RoiAlign; opset 16 defaults to half_pixel boxes, opset 10 had only the
/// output_half_pixel behaviour.
static LogicalResult convertRoiAlign(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> xType = node.rankedInput(0);
  if (failed(xType) || failed(node.requiredInput(1)) || failed(node.requiredInput(2)))
    return failure();
  std::string mode = node.getString("mode", "avg");
  std::string transform =
      node.getString("coordinate_transformation_mode",
                     node.opset() >= 16 ? "half_pixel" : "output_half_pixel");
  if (transform != "half_pixel" && transform != "output_half_pixel") {
    node.error() << "unknown coordinate_transformation_mode '" << transform << "'";
    return failure();
  }
  OpBuilder &b = node.builder();
  FailureOr<Value> y = node.importer().create<RoiAlignOp>(
      node, xType->getElementType(), node.input(0), node.input(1), node.input(2),
      b.getStringAttr(mode), b.getI64IntegerAttr(node.getInt("output_height", 1)),
      b.getI64IntegerAttr(node.getInt("output_width", 1)),
      b.getI64IntegerAttr(node.getInt("sampling_ratio", 0)),
      b.getF32FloatAttr(node.getFloat("spatial_scale", 1.0f)),
      b.getBoolAttr(transform == "half_pixel"));
  return pushResult(y, results);
}

/// Batch mean and (biased) variance per channel, and the updated running
/// statistics `running * momentum + batch * (1 - momentum)`.
static LogicalResult batchStatistics(NodeContext &node, RankedTensorType xType,
                                     Value &mean, Value &var,
                                     SmallVectorImpl<Value> &running) {
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Type element = xType.getElementType();
  SmallVector<int64_t> axes = {0};
  SmallVector<int64_t> channelShape(xType.getRank() - 1, 1);
  channelShape[0] = xType.getDimSize(1);
  for (int64_t d = 2; d < xType.getRank(); ++d)
    axes.push_back(d);
  auto channelMean = [&](Value v) {
    return g.create<ReduceOp>(node, element, v, b.getDenseI64ArrayAttr(axes),
                              b.getBoolAttr(false), b.getStringAttr("mean"));
  };
  FailureOr<Value> batchMean = channelMean(node.input(0));
  FailureOr<Value> centered =
      failed(batchMean) ? batchMean : g.reshape(node, *batchMean, channelShape);
  if (succeeded(centered))
    centered = g.create<SubOp>(node, element, node.input(0), *centered);
  FailureOr<Value> batchVar =
      failed(centered) ? centered : g.create<MulOp>(node, element, *centered, *centered);
  if (succeeded(batchVar))
    batchVar = channelMean(*batchVar);
  if (failed(batchVar))
    return failure();
  float momentum = node.getFloat("momentum", 0.9f);
  Value keep = g.scalar(node.loc(), element, momentum);
  Value take = g.scalar(node.loc(), element, 1.0 - momentum);
  for (auto [stored, batch] : {std::pair(mean, *batchMean), std::pair(var, *batchVar)}) {
    FailureOr<Value> a = g.create<MulOp>(node, element, stored, keep);
    FailureOr<Value> c = g.create<MulOp>(node, element, batch, take);
    if (failed(a) || failed(c))
      return failure();
    FailureOr<Value> updated = g.create<AddOp>(node, element, *a, *c);
    if (failed(updated))
      return failure();
    running.push_back(*updated);
  }
  mean = *batchMean;
  var = *batchVar;
  return success();
}

/// BatchNormalization as y = x * s + t with s = scale / sqrt(var + eps) and
/// t = bias - mean * s; s and t fold when the statistics are constant. In
/// training mode the statistics are the batch's, and the running ones are
/// updated as extra outputs.
static LogicalResult convertBatchNorm(NodeContext &node,
                                      SmallVectorImpl<Value> &results) {
  bool training = node.getInt("training_mode", 0) != 0;
  for (int i = 1; i < node.node().output_size() && !training; ++i) {
    if (!node.node().output(i).empty()) {
      node.error() << "running mean/variance outputs need training_mode=1";
      return failure();
    }
  }
  FailureOr<RankedTensorType> xType = node.rankedInput(0);
  if (failed(xType))
    return failure();
  for (int i = 1; i < 5; ++i)
    if (failed(node.requiredInput(i)))
      return failure();
  if (xType->getRank() < 2) {
    node.error() << "expects an input of rank >= 2";
    return failure();
  }
  GraphImporter &g = node.importer();
  Type element = xType->getElementType();
  Value scale = node.input(1), bias = node.input(2), mean = node.input(3), var = node.input(4);
  SmallVector<Value> running;
  if (training && failed(batchStatistics(node, *xType, mean, var, running)))
    return failure();
  Value eps = g.scalar(node.loc(), element, node.getFloat("epsilon", 1e-5f));
  FailureOr<Value> s = g.create<AddOp>(node, element, var, eps);
  if (succeeded(s))
    s = g.create<SqrtOp>(node, element, *s);
  if (succeeded(s))
    s = g.create<DivOp>(node, element, scale, *s);
  if (failed(s))
    return failure();
  FailureOr<Value> t = g.create<MulOp>(node, element, mean, *s);
  if (succeeded(t))
    t = g.create<SubOp>(node, element, bias, *t);
  if (failed(t))
    return failure();
  // Per-channel vectors broadcast as [C, 1, ..., 1] against [N, C, ...].
  SmallVector<int64_t> shape(xType->getRank() - 1, 1);
  shape[0] = xType->getDimSize(1);
  auto toChannel = [&](Value v) {
    return g.create<ReshapeOp>(node, element, v, node.builder().getDenseI64ArrayAttr(shape));
  };
  s = toChannel(*s);
  if (succeeded(s))
    t = toChannel(*t);
  if (failed(s) || failed(t))
    return failure();
  FailureOr<Value> y = g.create<MulOp>(node, element, node.input(0), *s);
  if (succeeded(y))
    y = g.create<AddOp>(node, element, *y, *t);
  if (failed(pushResult(y, results)))
    return failure();
  results.append(running.begin(), running.end());
  return success();
}

/// Dropout: the identity (mask all true) when training_mode is absent or a
/// constant false; otherwise kiln.dropout / kiln.dropout_mask decide at run
/// time.
static LogicalResult convertDropout(NodeContext &node,
                                    SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = node.requiredInput(0);
  if (failed(x))
    return failure();
  bool wantsMask = node.node().output_size() > 1 && !node.node().output(1).empty();
  bool inference = node.opset() < 12 || !node.input(2);
  if (!inference) {
    DenseElementsAttr training = node.constantInput(2);
    inference = training && training.getElementType().isInteger(1) && training.isSplat() &&
                !training.getSplatValue<bool>();
  }
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  if (inference) {
    results.push_back(*x);
    if (!wantsMask)
      return success();
    auto type = dyn_cast<RankedTensorType>(x->getType());
    if (type && type.hasStaticShape()) {
      results.push_back(g.scalar(node.loc(), b.getI1Type(), 1.0, type.getShape()));
      return success();
    }
    // Dynamic shapes: a dropout mask that is never in training mode.
    if (!type || !isa<FloatType>(type.getElementType())) {
      node.error() << "the mask output needs a ranked floating-point input";
      return failure();
    }
    return pushResult(
        g.create<DropoutMaskOp>(node, b.getI1Type(), *x,
                                g.scalar(node.loc(), type.getElementType(), 0.0),
                                g.scalar(node.loc(), b.getI1Type(), 0.0), b.getI64IntegerAttr(0)),
        results);
  }
  Type element = cast<ShapedType>(x->getType()).getElementType();
  if (!isa<FloatType>(element)) {
    node.error() << "training-mode dropout expects a floating-point input";
    return failure();
  }
  Value ratio = node.input(1) ? node.input(1) : g.scalar(node.loc(), element, 0.5);
  Value training = node.input(2);
  for (Value v : {ratio, training}) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || type.getRank() != 0) {
      node.error() << "expects rank-0 ratio and training_mode";
      return failure();
    }
  }
  IntegerAttr seed = b.getI64IntegerAttr(node.getInt("seed", 0));
  FailureOr<Value> y = g.create<DropoutOp>(node, element, *x, ratio, training, seed);
  if (failed(pushResult(y, results)))
    return failure();
  if (wantsMask)
    return pushResult(g.create<DropoutMaskOp>(node, b.getI1Type(), *x, ratio, training, seed),
                      results);
  return success();
}

/// ConvTranspose with output_shape and auto_pad resolved to explicit pads and
/// output_padding (a negative total padding grows the output at the end).
static LogicalResult convertConvTranspose(NodeContext &node,
                                          SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> xType = node.rankedInput(0), wType = node.rankedInput(1);
  if (failed(xType) || failed(wType))
    return failure();
  int64_t rank = xType->getRank(), s = rank - 2;
  if (rank < 3 || wType->getRank() != rank) {
    node.error() << "expects input and weight of equal rank >= 3, got " << *xType << " and "
                 << *wType;
    return failure();
  }
  ArrayRef<int64_t> kernel = wType->getShape().drop_front(2);
  if (auto k = node.getInts("kernel_shape"); k && !llvm::equal(*k, kernel)) {
    node.error() << "kernel_shape does not match the weight's spatial dimensions";
    return failure();
  }
  SmallVector<int64_t> strides = node.getInts("strides").value_or(SmallVector<int64_t>(s, 1));
  SmallVector<int64_t> dilations =
      node.getInts("dilations").value_or(SmallVector<int64_t>(s, 1));
  SmallVector<int64_t> pads = node.getInts("pads").value_or(SmallVector<int64_t>(2 * s, 0));
  SmallVector<int64_t> outPad =
      node.getInts("output_padding").value_or(SmallVector<int64_t>(s, 0));
  std::optional<SmallVector<int64_t>> outShape = node.getInts("output_shape");
  std::string autoPad = node.getString("auto_pad", "NOTSET");
  if (strides.size() != size_t(s) || dilations.size() != size_t(s) ||
      pads.size() != size_t(2 * s) || outPad.size() != size_t(s) ||
      (outShape && outShape->size() != size_t(s) && outShape->size() != size_t(rank))) {
    node.error() << "window attributes do not match " << s << " spatial axes";
    return failure();
  }
  if (outShape && outShape->size() == size_t(rank))
    outShape->erase(outShape->begin(), outShape->begin() + 2);
  if (autoPad == "VALID") {
    pads.assign(2 * s, 0);
  } else if ((autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") && !outShape) {
    outShape.emplace();
    for (int64_t i = 0; i < s; ++i)
      outShape->push_back(ShapedType::isDynamic(xType->getDimSize(2 + i))
                              ? ShapedType::kDynamic
                              : xType->getDimSize(2 + i) * strides[i]);
  } else if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER") {
    node.error() << "unknown auto_pad '" << autoPad << "'";
    return failure();
  }
  if (outShape) {
    for (int64_t i = 0; i < s; ++i) {
      int64_t in = xType->getDimSize(2 + i);
      if (ShapedType::isDynamic(in) || ShapedType::isDynamic((*outShape)[i])) {
        node.error() << "output_shape/auto_pad need static spatial input sizes";
        return failure();
      }
      int64_t total = strides[i] * (in - 1) + outPad[i] + (kernel[i] - 1) * dilations[i] + 1 -
                      (*outShape)[i];
      if (total < 0) {
        pads[i] = pads[s + i] = 0;
        outPad[i] -= total;
      } else if (autoPad == "SAME_UPPER") {
        pads[i] = total / 2;
        pads[s + i] = total - total / 2;
      } else {
        pads[i] = total - total / 2;
        pads[s + i] = total / 2;
      }
    }
  }
  OpBuilder &b = node.builder();
  FailureOr<Value> y = node.importer().create<ConvTransposeOp>(
      node, xType->getElementType(), node.input(0), node.input(1), node.input(2),
      b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(pads),
      b.getDenseI64ArrayAttr(dilations), b.getDenseI64ArrayAttr(outPad),
      b.getI64IntegerAttr(node.getInt("group", 1)));
  return pushResult(y, results);
}

/// MaxUnpool with a compile-time output shape (the default one, or a
/// constant output_shape input).
static LogicalResult convertMaxUnpool(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> xType = node.rankedInput(0);
  if (failed(xType) || failed(node.requiredInput(1)))
    return failure();
  SmallVector<int64_t> shape;
  if (node.input(2)) {
    FailureOr<SmallVector<int64_t>> values = node.constantInts(2, "output_shape");
    if (failed(values))
      return failure();
    shape = *values;
  } else {
    FailureOr<Window> w = readPoolWindow(node, *xType);
    if (failed(w))
      return failure();
    if (!xType->hasStaticShape()) {
      node.error() << "needs a static input shape";
      return failure();
    }
    int64_t s = xType->getRank() - 2;
    shape.assign(xType->getShape().begin(), xType->getShape().begin() + 2);
    for (int64_t i = 0; i < s; ++i)
      shape.push_back((xType->getDimSize(2 + i) - 1) * w->strides[i] + w->kernel[i] -
                      w->pads[i] - w->pads[s + i]);
  }
  FailureOr<Value> y = node.importer().create<MaxUnpoolOp>(
      node, xType->getElementType(), node.input(0), node.input(1),
      node.builder().getDenseI64ArrayAttr(shape));
  return pushResult(y, results);
}

void mlir::kiln::onnx_frontend::registerNNConverters(
    llvm::StringMap<OpConverter> &table) {
  table["Conv"] = convertConv;
  table["MaxPool"] = convertMaxPool;
  table["AveragePool"] = convertAveragePool;
  table["GlobalAveragePool"] = convertGlobalPool<false>;
  table["GlobalMaxPool"] = convertGlobalPool<true>;
  table["LpPool"] = convertLpPool<false>;
  table["GlobalLpPool"] = convertLpPool<true>;
  table["BatchNormalization"] = convertBatchNorm;
  table["Dropout"] = convertDropout;
  table["ConvTranspose"] = convertConvTranspose;
  table["MaxUnpool"] = convertMaxUnpool;
  table["RoiAlign"] = convertRoiAlign;
  registerNormalizationConverters(table);
  registerLossConverters(table);
  registerSelectionConverters(table);
  registerQuantizationConverters(table);
  registerRecurrentConverters(table);
  registerControlFlowConverters(table);
  registerOptimizerConverters(table);
  registerSignalConverters(table);
  registerAlgorithmConverters(table);
}
