//===- ConvertMath.cpp - elementwise, matmul, softmax, reductions ---------===//
#include "frontends/onnx/GraphImporter.h"

#include <limits>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

static Type elementTypeOf(Value v) {
  return cast<ShapedType>(v.getType()).getElementType();
}

/// Before opset 7, `broadcast=1` with `axis` aligns B's dims with A's dims
/// starting at `axis`; trailing unit dims turn that into NumPy broadcasting.
static FailureOr<Value> legacyBroadcastOperand(NodeContext &node, Value a, Value b) {
  auto aType = dyn_cast<RankedTensorType>(a.getType());
  auto bType = dyn_cast<RankedTensorType>(b.getType());
  if (!aType || !bType) {
    node.error() << "legacy broadcasting needs ranked operands";
    return failure();
  }
  std::optional<int64_t> axis = normalizeAxis(node.getInt("axis", 0), aType.getRank());
  if (!axis || *axis + bType.getRank() > aType.getRank()) {
    node.error() << "broadcast axis " << node.getInt("axis", 0) << " does not fit "
                 << bType << " into " << aType;
    return failure();
  }
  SmallVector<int64_t> shape(bType.getShape());
  shape.append(aType.getRank() - *axis - bType.getRank(), 1);
  if (shape.size() == static_cast<size_t>(bType.getRank()))
    return b;
  return node.importer().reshape(node, b, shape);
}

/// Variadic elementwise ops (Add, Max, Sum, ...) fold their inputs left to right.
template <typename OpTy>
static LogicalResult convertBinary(NodeContext &node,
                                   SmallVectorImpl<Value> &results) {
  FailureOr<Value> acc = node.requiredInput(0);
  if (failed(acc))
    return failure();
  for (int i = 1; i < node.numInputs(); ++i) {
    FailureOr<Value> rhs = node.requiredInput(i);
    if (failed(rhs))
      return failure();
    if (node.opset() < 7 && node.getInt("broadcast", 0) != 0 && node.attr("axis")) {
      rhs = legacyBroadcastOperand(node, *acc, *rhs);
      if (failed(rhs))
        return failure();
    }
    if (elementTypeOf(*acc) != elementTypeOf(*rhs)) {
      node.error() << "operands have different element types "
                   << elementTypeOf(*acc) << " and " << elementTypeOf(*rhs);
      return failure();
    }
    acc = node.importer().create<OpTy>(node, elementTypeOf(*acc), *acc, *rhs);
    if (failed(acc))
      return failure();
  }
  results.push_back(*acc);
  return success();
}

static LogicalResult convertMean(NodeContext &node,
                                 SmallVectorImpl<Value> &results) {
  if (failed(convertBinary<AddOp>(node, results)))
    return failure();
  Value sum = results.pop_back_val();
  Value count = node.importer().scalar(node.loc(), elementTypeOf(sum),
                                       node.numInputs());
  FailureOr<Value> mean =
      node.importer().create<DivOp>(node, elementTypeOf(sum), sum, count);
  return pushResult(mean, results);
}

template <typename OpTy>
static LogicalResult convertUnary(NodeContext &node,
                                  SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = node.requiredInput(0);
  if (failed(x))
    return failure();
  FailureOr<Value> y = node.importer().create<OpTy>(node, elementTypeOf(*x), *x);
  return pushResult(y, results);
}

static LogicalResult requireFloat(NodeContext &node, Value v) {
  if (isa<FloatType>(elementTypeOf(v)))
    return success();
  node.error() << "expects a floating-point input, got " << elementTypeOf(v);
  return failure();
}

static LogicalResult convertReciprocal(NodeContext &node,
                                       SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = node.requiredInput(0);
  if (failed(x) || failed(requireFloat(node, *x)))
    return failure();
  Value one = node.importer().scalar(node.loc(), elementTypeOf(*x), 1.0);
  FailureOr<Value> y = node.importer().create<DivOp>(node, elementTypeOf(*x), one, *x);
  return pushResult(y, results);
}

static LogicalResult convertLeakyRelu(NodeContext &node,
                                      SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = node.requiredInput(0);
  if (failed(x) || failed(requireFloat(node, *x)))
    return failure();
  FailureOr<Value> y = node.importer().create<LeakyReluOp>(
      node, elementTypeOf(*x), *x, node.builder().getF32FloatAttr(node.getFloat("alpha", 0.01f)));
  return pushResult(y, results);
}

static LogicalResult convertClip(NodeContext &node,
                                 SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = node.requiredInput(0);
  if (failed(x))
    return failure();
  Type element = elementTypeOf(*x);
  double lowest, highest;
  if (isa<FloatType>(element)) {
    lowest = -std::numeric_limits<double>::infinity();
    highest = std::numeric_limits<double>::infinity();
  } else {
    auto intType = cast<IntegerType>(element);
    unsigned w = intType.getWidth();
    bool isUnsigned = intType.isUnsigned();
    lowest = isUnsigned ? 0.0 : -std::ldexp(1.0, w - 1);
    highest = std::ldexp(1.0, isUnsigned ? w : w - 1) - 1;
  }
  Value lo, hi;
  if (node.opset() < 11) {
    lo = node.importer().scalar(node.loc(), element, node.getFloat("min", lowest));
    hi = node.importer().scalar(node.loc(), element, node.getFloat("max", highest));
  } else {
    lo = node.input(1) ? node.input(1) : node.importer().scalar(node.loc(), element, lowest);
    hi = node.input(2) ? node.input(2) : node.importer().scalar(node.loc(), element, highest);
  }
  FailureOr<Value> y = node.importer().create<ClipOp>(node, element, *x, lo, hi);
  return pushResult(y, results);
}

static LogicalResult convertMatMul(NodeContext &node,
                                   SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> lhsType = node.rankedInput(0), rhsType = node.rankedInput(1);
  if (failed(lhsType) || failed(rhsType))
    return failure();
  Value lhs = node.input(0), rhs = node.input(1);
  if (lhsType->getRank() == 0 || rhsType->getRank() == 0) {
    node.error() << "MatMul operands must have rank >= 1";
    return failure();
  }
  // NumPy semantics: a 1-D operand gains a unit dimension that the result drops.
  bool lhsVector = lhsType->getRank() == 1, rhsVector = rhsType->getRank() == 1;
  if (lhsVector) {
    FailureOr<Value> r = node.importer().reshape(node, lhs, {1, lhsType->getDimSize(0)});
    if (failed(r))
      return failure();
    lhs = *r;
  }
  if (rhsVector) {
    FailureOr<Value> r = node.importer().reshape(node, rhs, {rhsType->getDimSize(0), 1});
    if (failed(r))
      return failure();
    rhs = *r;
  }
  FailureOr<Value> y = node.importer().create<MatMulOp>(node, elementTypeOf(lhs), lhs, rhs);
  if (failed(y))
    return failure();
  if (lhsVector || rhsVector) {
    SmallVector<int64_t> shape(cast<RankedTensorType>(y->getType()).getShape());
    if (rhsVector)
      shape.pop_back();
    if (lhsVector)
      shape.erase(shape.end() - (rhsVector ? 1 : 2));
    y = node.importer().reshape(node, *y, shape);
    if (failed(y))
      return failure();
  }
  results.push_back(*y);
  return success();
}

/// Gemm: alpha * op(A) op(B) + beta * C, normalized to transpose/matmul/mul/add.
static LogicalResult convertGemm(NodeContext &node,
                                 SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> aType = node.rankedInput(0), bType = node.rankedInput(1);
  if (failed(aType) || failed(bType))
    return failure();
  if (aType->getRank() != 2 || bType->getRank() != 2) {
    node.error() << "Gemm expects rank-2 A and B";
    return failure();
  }
  GraphImporter &g = node.importer();
  Type element = aType->getElementType();
  auto transpose = [&](Value v) {
    return g.create<TransposeOp>(node, element, v,
                                 node.builder().getDenseI64ArrayAttr({1, 0}));
  };
  FailureOr<Value> a = node.input(0), b = node.input(1);
  if (node.getInt("transA", 0))
    a = transpose(*a);
  if (succeeded(a) && node.getInt("transB", 0))
    b = transpose(*b);
  if (failed(a) || failed(b))
    return failure();
  FailureOr<Value> y = g.create<MatMulOp>(node, element, *a, *b);
  float alpha = node.getFloat("alpha", 1.0f), beta = node.getFloat("beta", 1.0f);
  if (succeeded(y) && alpha != 1.0f)
    y = g.create<MulOp>(node, element, *y, g.scalar(node.loc(), element, alpha));
  if (succeeded(y) && node.input(2)) {
    FailureOr<Value> c = node.input(2);
    if (beta != 1.0f)
      c = g.create<MulOp>(node, element, *c, g.scalar(node.loc(), element, beta));
    if (failed(c))
      return failure();
    y = g.create<AddOp>(node, element, *y, *c);
  }
  return pushResult(y, results);
}

/// Softmax and LogSoftmax; before opset 13 the input is coerced to 2-D at `axis`.
template <bool isLog>
static LogicalResult convertSoftmax(NodeContext &node,
                                    SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type) || failed(requireFloat(node, node.input(0))))
    return failure();
  int64_t rank = type->getRank();
  std::optional<int64_t> axis =
      normalizeAxis(node.getInt("axis", node.opset() < 13 ? 1 : -1), rank);
  if (!axis) {
    node.error() << "axis out of range for rank " << rank;
    return failure();
  }
  GraphImporter &g = node.importer();
  Type element = type->getElementType();
  FailureOr<Value> x = node.input(0);
  bool coerce = node.opset() < 13 && *axis != rank - 1;
  if (coerce) {
    int64_t outer = productOfDims(type->getShape().take_front(*axis));
    int64_t inner = productOfDims(type->getShape().drop_front(*axis));
    x = node.importer().reshape(node, *x, {outer, inner});
    axis = 1;
  }
  if (failed(x))
    return failure();
  FailureOr<Value> y = g.create<SoftmaxOp>(node, element, *x,
                                           node.builder().getI64IntegerAttr(*axis));
  if (isLog && succeeded(y))
    y = g.create<LogOp>(node, element, *y);
  if (coerce && succeeded(y)) {
    if (type->getNumDynamicDims() > 1) {
      node.error() << "needs at most one dynamic input dim";
      return failure();
    }
    y = node.importer().reshape(node, *y, type->getShape());
  }
  return pushResult(y, results);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

namespace {
/// What a Reduce* op computes: pre-map, reduction kind, post-map.
enum class PreMap { None, Abs, Square, Exp };
enum class PostMap { None, Sqrt, Log };
} // namespace

template <PreMap pre, PostMap post>
static LogicalResult convertReduce(NodeContext &node, StringRef kind,
                                   SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  int64_t rank = type->getRank();
  SmallVector<int64_t> axes;
  // ReduceSum takes axes as an input from opset 13 (the others from 18).
  bool axesAsInput = (node.node().op_type() == "ReduceSum" && node.opset() >= 13) ||
                     node.opset() >= 18;
  if (axesAsInput && node.input(1)) {
    FailureOr<SmallVector<int64_t>> values = node.constantInts(1, "axes");
    if (failed(values))
      return failure();
    axes = *values;
  } else if (auto attr = node.getInts("axes")) {
    axes = *attr;
  }
  if (axes.empty() && axesAsInput && node.getInt("noop_with_empty_axes", 0)) {
    results.push_back(node.input(0));
    return success();
  }
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
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
  Type element = type->getElementType();
  FailureOr<Value> x = node.input(0);
  if constexpr (pre == PreMap::Abs)
    x = g.create<AbsOp>(node, element, *x);
  if constexpr (pre == PreMap::Square)
    x = g.create<MulOp>(node, element, *x, *x);
  if constexpr (pre == PreMap::Exp)
    x = g.create<ExpOp>(node, element, *x);
  if (failed(x))
    return failure();
  FailureOr<Value> y = g.create<ReduceOp>(
      node, element, *x, node.builder().getDenseI64ArrayAttr(axes),
      node.builder().getBoolAttr(node.getInt("keepdims", 1) != 0),
      node.builder().getStringAttr(kind));
  if constexpr (post == PostMap::Sqrt)
    if (succeeded(y))
      y = g.create<SqrtOp>(node, element, *y);
  if constexpr (post == PostMap::Log)
    if (succeeded(y))
      y = g.create<LogOp>(node, element, *y);
  return pushResult(y, results);
}

#define KILN_REDUCE(NAME, PRE, KIND, POST)                                      \
  table[NAME] = [](NodeContext &node, SmallVectorImpl<Value> &results) {        \
    return convertReduce<PreMap::PRE, PostMap::POST>(node, KIND, results);      \
  }

void mlir::kiln::onnx_frontend::registerMathConverters(
    llvm::StringMap<OpConverter> &table) {
  table["Add"] = convertBinary<AddOp>;
  table["Sum"] = convertBinary<AddOp>;
  table["Sub"] = convertBinary<SubOp>;
  table["Mul"] = convertBinary<MulOp>;
  table["Div"] = convertBinary<DivOp>;
  table["Max"] = convertBinary<MaxOp>;
  table["Min"] = convertBinary<MinOp>;
  table["Mean"] = convertMean;
  table["Relu"] = convertUnary<ReluOp>;
  table["Sigmoid"] = convertUnary<SigmoidOp>;
  table["Tanh"] = convertUnary<TanhOp>;
  table["Exp"] = convertUnary<ExpOp>;
  table["Log"] = convertUnary<LogOp>;
  table["Sqrt"] = convertUnary<SqrtOp>;
  table["Neg"] = convertUnary<NegOp>;
  table["Abs"] = convertUnary<AbsOp>;
  table["Reciprocal"] = convertReciprocal;
  table["LeakyRelu"] = convertLeakyRelu;
  table["Clip"] = convertClip;
  table["MatMul"] = convertMatMul;
  table["Gemm"] = convertGemm;
  table["Softmax"] = convertSoftmax<false>;
  table["LogSoftmax"] = convertSoftmax<true>;
  KILN_REDUCE("ReduceSum", None, "sum", None);
  KILN_REDUCE("ReduceMean", None, "mean", None);
  KILN_REDUCE("ReduceMax", None, "max", None);
  KILN_REDUCE("ReduceMin", None, "min", None);
  KILN_REDUCE("ReduceProd", None, "prod", None);
  KILN_REDUCE("ReduceL1", Abs, "sum", None);
  KILN_REDUCE("ReduceL2", Square, "sum", Sqrt);
  KILN_REDUCE("ReduceSumSquare", Square, "sum", None);
  KILN_REDUCE("ReduceLogSum", None, "sum", Log);
  KILN_REDUCE("ReduceLogSumExp", Exp, "sum", Log);
}
