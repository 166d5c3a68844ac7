//===- ConvertElementwise.cpp - casts, comparisons, logic, math, activations ===//
//
// ONNX elementwise ops beyond plain arithmetic. Activations (Elu, Selu,
// Softplus, PRelu, ...) decompose into kiln compare/select/exp/...; the
// linalg elementwise fusion merges the pieces back into one loop.
//
//===----------------------------------------------------------------------===//
#include "frontends/onnx/GraphImporter.h"

#include <limits>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

static Type elementTypeOf(Value v) {
  return cast<ShapedType>(v.getType()).getElementType();
}

namespace {
/// Builds kiln ops for one node; after the first failure (already reported
/// at the node) every builder returns null and `ok` is false.
struct Emitter {
  NodeContext &node;
  Type element;
  bool ok = true;

  Emitter(NodeContext &node, Type element) : node(node), element(element) {}

  template <typename OpTy, typename... Args>
  Value make(Type resultElement, Args... args) {
    if (!ok || !llvm::all_of(ValueRange{args...}, [](Value v) { return bool(v); })) {
      ok = false;
      return Value();
    }
    FailureOr<Value> v = node.importer().create<OpTy>(node, resultElement, args...);
    ok = succeeded(v);
    return ok ? *v : Value();
  }
  template <typename OpTy, typename... Args>
  Value make(Args... args) {
    return make<OpTy>(element, args...);
  }

  Value constant(double v) { return node.importer().scalar(node.loc(), element, v); }
  Value add(Value a, Value b) { return make<AddOp>(a, b); }
  Value sub(Value a, Value b) { return make<SubOp>(a, b); }
  Value mul(Value a, Value b) { return make<MulOp>(a, b); }
  Value div(Value a, Value b) { return make<DivOp>(a, b); }
  Value max(Value a, Value b) { return make<MaxOp>(a, b); }
  Value min(Value a, Value b) { return make<MinOp>(a, b); }
  Value exp(Value a) { return make<ExpOp>(a); }
  Value cmp(StringRef predicate, Value a, Value b) {
    if (!ok || !a || !b)
      return ok = false, Value();
    FailureOr<Value> v = node.importer().create<CompareOp>(
        node, node.builder().getI1Type(), node.builder().getStringAttr(predicate), a, b);
    ok = succeeded(v);
    return ok ? *v : Value();
  }
  Value select(Value c, Value a, Value b) { return make<SelectOp>(c, a, b); }
  Value castTo(Type to, Value v) {
    if (v && elementTypeOf(v) == to)
      return v;
    return make<CastOp>(to, v);
  }

  LogicalResult push(Value v, SmallVectorImpl<Value> &results) {
    if (!ok || !v)
      return failure();
    results.push_back(v);
    return success();
  }
};
} // namespace

/// Input `i` of a node that needs a float input.
static FailureOr<Value> floatInput(NodeContext &node, int i) {
  FailureOr<Value> x = node.requiredInput(i);
  if (failed(x))
    return failure();
  if (!isa<FloatType>(elementTypeOf(*x))) {
    node.error() << "expects a floating-point input, got " << elementTypeOf(*x);
    return failure();
  }
  return x;
}

/// Inputs 0 and 1 of a binary node, which must share their element type.
static LogicalResult binaryInputs(NodeContext &node, Value &lhs, Value &rhs) {
  FailureOr<Value> a = node.requiredInput(0), b = node.requiredInput(1);
  if (failed(a) || failed(b))
    return failure();
  if (elementTypeOf(*a) != elementTypeOf(*b)) {
    node.error() << "operands have different element types " << elementTypeOf(*a)
                 << " and " << elementTypeOf(*b);
    return failure();
  }
  lhs = *a;
  rhs = *b;
  return success();
}

//===----------------------------------------------------------------------===//
// Cast, comparisons, logic, Where
//===----------------------------------------------------------------------===//

static LogicalResult emitCast(NodeContext &node, Value x, Type to,
                              SmallVectorImpl<Value> &results) {
  Emitter e(node, to);
  return e.push(e.castTo(to, x), results);
}

static LogicalResult convertCast(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = node.requiredInput(0);
  if (failed(x))
    return failure();
  int64_t to = node.getInt("to", 0);
  Type target = convertElementType(node.builder().getContext(), static_cast<int32_t>(to));
  if (!target) {
    node.error() << "cannot cast to " << onnxTypeName(static_cast<int32_t>(to));
    return failure();
  }
  return emitCast(node, *x, target, results);
}

static LogicalResult convertCastLike(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = node.requiredInput(0), like = node.requiredInput(1);
  if (failed(x) || failed(like))
    return failure();
  return emitCast(node, *x, elementTypeOf(*like), results);
}

template <const char *predicate>
static LogicalResult convertCompare(NodeContext &node, SmallVectorImpl<Value> &results) {
  Value a, b;
  if (failed(binaryInputs(node, a, b)))
    return failure();
  Emitter e(node, elementTypeOf(a));
  return e.push(e.cmp(predicate, a, b), results);
}
static const char kEq[] = "eq", kLt[] = "lt", kLe[] = "le", kGt[] = "gt", kGe[] = "ge";

template <typename OpTy>
static LogicalResult convertSameTypeBinary(NodeContext &node,
                                           SmallVectorImpl<Value> &results) {
  Value a, b;
  if (failed(binaryInputs(node, a, b)))
    return failure();
  Emitter e(node, elementTypeOf(a));
  return e.push(e.make<OpTy>(a, b), results);
}

template <typename OpTy>
static LogicalResult convertUnaryOp(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = node.requiredInput(0);
  if (failed(x))
    return failure();
  Emitter e(node, elementTypeOf(*x));
  return e.push(e.make<OpTy>(*x), results);
}

static LogicalResult convertBitShift(NodeContext &node, SmallVectorImpl<Value> &results) {
  Value a, b;
  if (failed(binaryInputs(node, a, b)))
    return failure();
  std::string direction = node.getString("direction", "");
  Emitter e(node, elementTypeOf(a));
  if (direction == "LEFT")
    return e.push(e.make<ShlOp>(a, b), results);
  if (direction == "RIGHT")
    return e.push(e.make<ShrOp>(a, b), results);
  node.error() << "direction must be LEFT or RIGHT, got '" << direction << "'";
  return failure();
}

static LogicalResult convertMod(NodeContext &node, SmallVectorImpl<Value> &results) {
  Value a, b;
  if (failed(binaryInputs(node, a, b)))
    return failure();
  Emitter e(node, elementTypeOf(a));
  if (node.getInt("fmod", 0))
    return e.push(e.make<FModOp>(a, b), results);
  return e.push(e.make<ModOp>(a, b), results);
}

static LogicalResult convertWhere(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> c = node.requiredInput(0), a = node.requiredInput(1),
                   b = node.requiredInput(2);
  if (failed(c) || failed(a) || failed(b))
    return failure();
  Emitter e(node, elementTypeOf(*a));
  return e.push(e.select(*c, *a, *b), results);
}

static LogicalResult convertIsNaN(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = floatInput(node, 0);
  if (failed(x))
    return failure();
  Emitter e(node, elementTypeOf(*x));
  return e.push(e.cmp("ne", *x, *x), results);
}

static LogicalResult convertIsInf(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = floatInput(node, 0);
  if (failed(x))
    return failure();
  Emitter e(node, elementTypeOf(*x));
  double inf = std::numeric_limits<double>::infinity();
  bool positive = node.getInt("detect_positive", 1), negative = node.getInt("detect_negative", 1);
  if (positive && negative)
    return e.push(e.cmp("eq", e.make<AbsOp>(*x), e.constant(inf)), results);
  if (positive || negative)
    return e.push(e.cmp("eq", *x, e.constant(positive ? inf : -inf)), results);
  // Detecting nothing: x < -inf is false everywhere, NaN included.
  return e.push(e.cmp("lt", *x, e.constant(-inf)), results);
}

//===----------------------------------------------------------------------===//
// Pow with mixed element types
//===----------------------------------------------------------------------===//

/// Pow: a float base takes the exponent in its own type; an integer base is
/// raised in f64 and truncated back (exact while results stay below 2^53).
static LogicalResult convertPow(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> base = node.requiredInput(0), exponent = node.requiredInput(1);
  if (failed(base) || failed(exponent))
    return failure();
  Type element = elementTypeOf(*base);
  if (isa<FloatType>(element)) {
    Emitter e(node, element);
    return e.push(e.make<PowOp>(*base, e.castTo(element, *exponent)), results);
  }
  Type f64 = node.builder().getF64Type();
  Emitter e(node, f64);
  Value y = e.make<PowOp>(e.castTo(f64, *base), e.castTo(f64, *exponent));
  return e.push(e.castTo(element, y), results);
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

/// Activations of one float input `x`: `body(emitter, x)` builds the result.
template <typename Body>
static LogicalResult convertActivation(NodeContext &node, SmallVectorImpl<Value> &results,
                                       Body body) {
  FailureOr<Value> x = floatInput(node, 0);
  if (failed(x))
    return failure();
  Emitter e(node, elementTypeOf(*x));
  return e.push(body(e, *x), results);
}

static LogicalResult convertElu(NodeContext &node, SmallVectorImpl<Value> &results) {
  double alpha = node.getFloat("alpha", 1.0f);
  return convertActivation(node, results, [&](Emitter &e, Value x) {
    Value negative = e.mul(e.constant(alpha), e.sub(e.exp(x), e.constant(1.0)));
    return e.select(e.cmp("lt", x, e.constant(0.0)), negative, x);
  });
}

static LogicalResult convertSelu(NodeContext &node, SmallVectorImpl<Value> &results) {
  double alpha = node.getFloat("alpha", 1.67326319217681884765625f);
  double gamma = node.getFloat("gamma", 1.05070102214813232421875f);
  return convertActivation(node, results, [&](Emitter &e, Value x) {
    Value negative = e.sub(e.mul(e.constant(alpha), e.exp(x)), e.constant(alpha));
    Value y = e.select(e.cmp("le", x, e.constant(0.0)), negative, x);
    return e.mul(e.constant(gamma), y);
  });
}

static LogicalResult convertCelu(NodeContext &node, SmallVectorImpl<Value> &results) {
  double alpha = node.getFloat("alpha", 1.0f);
  return convertActivation(node, results, [&](Emitter &e, Value x) {
    Value zero = e.constant(0.0);
    Value scaled = e.exp(e.div(x, e.constant(alpha)));
    Value negative = e.mul(e.constant(alpha), e.sub(scaled, e.constant(1.0)));
    return e.add(e.max(zero, x), e.min(zero, negative));
  });
}

/// max(0, min(1, alpha * x + beta)).
static Value hardSigmoid(Emitter &e, Value x, double alpha, double beta) {
  Value y = e.add(e.mul(e.constant(alpha), x), e.constant(beta));
  return e.make<ClipOp>(y, e.constant(0.0), e.constant(1.0));
}

static LogicalResult convertHardSigmoid(NodeContext &node, SmallVectorImpl<Value> &results) {
  double alpha = node.getFloat("alpha", 0.2f), beta = node.getFloat("beta", 0.5f);
  return convertActivation(node, results, [&](Emitter &e, Value x) {
    return hardSigmoid(e, x, alpha, beta);
  });
}

static LogicalResult convertHardSwish(NodeContext &node, SmallVectorImpl<Value> &results) {
  return convertActivation(node, results, [&](Emitter &e, Value x) {
    return e.mul(x, hardSigmoid(e, x, 1.0 / 6.0, 0.5));
  });
}

/// log(1 + exp(x)) as max(x, 0) + log(1 + exp(-|x|)), which cannot overflow.
static Value softplus(Emitter &e, Value x) {
  Value tail = e.make<LogOp>(
      e.add(e.constant(1.0), e.exp(e.make<NegOp>(e.make<AbsOp>(x)))));
  return e.add(e.make<ReluOp>(x), tail);
}

static LogicalResult convertSoftplus(NodeContext &node, SmallVectorImpl<Value> &results) {
  return convertActivation(node, results, [&](Emitter &e, Value x) { return softplus(e, x); });
}

static LogicalResult convertMish(NodeContext &node, SmallVectorImpl<Value> &results) {
  return convertActivation(node, results, [&](Emitter &e, Value x) {
    return e.mul(x, e.make<TanhOp>(softplus(e, x)));
  });
}

static LogicalResult convertSoftsign(NodeContext &node, SmallVectorImpl<Value> &results) {
  return convertActivation(node, results, [&](Emitter &e, Value x) {
    return e.div(x, e.add(e.constant(1.0), e.make<AbsOp>(x)));
  });
}

static LogicalResult convertThresholdedRelu(NodeContext &node,
                                            SmallVectorImpl<Value> &results) {
  double alpha = node.getFloat("alpha", 1.0f);
  return convertActivation(node, results, [&](Emitter &e, Value x) {
    return e.select(e.cmp("gt", x, e.constant(alpha)), x, e.constant(0.0));
  });
}

static LogicalResult convertShrink(NodeContext &node, SmallVectorImpl<Value> &results) {
  double lambd = node.getFloat("lambd", 0.5f), bias = node.getFloat("bias", 0.0f);
  FailureOr<Value> x = node.requiredInput(0);
  if (failed(x))
    return failure();
  Emitter e(node, elementTypeOf(*x));
  Value above = e.select(e.cmp("gt", *x, e.constant(lambd)), e.sub(*x, e.constant(bias)),
                         e.constant(0.0));
  return e.push(e.select(e.cmp("lt", *x, e.constant(-lambd)), e.add(*x, e.constant(bias)),
                         above),
                results);
}

/// PRelu: x < 0 ? slope * x : x, slope broadcast to x. Before opset 7 a
/// rank-1 slope of length C applies per channel (axis 1).
static LogicalResult convertPRelu(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> x = floatInput(node, 0), slope = node.requiredInput(1);
  if (failed(x) || failed(slope))
    return failure();
  auto xType = dyn_cast<RankedTensorType>(x->getType());
  auto slopeType = dyn_cast<RankedTensorType>(slope->getType());
  if (xType && slopeType && slopeType.getRank() == 1 && xType.getRank() > 2 &&
      slopeType.getDimSize(0) != 1 && slopeType.getDimSize(0) == xType.getDimSize(1) &&
      slopeType.getDimSize(0) != xType.getShape().back()) {
    SmallVector<int64_t> shape(xType.getRank() - 1, 1);
    shape[0] = slopeType.getDimSize(0);
    FailureOr<Value> reshaped = node.importer().reshape(node, *slope, shape);
    if (failed(reshaped))
      return failure();
    slope = reshaped;
  }
  Emitter e(node, elementTypeOf(*x));
  Value negative = e.mul(e.castTo(e.element, *slope), *x);
  return e.push(e.select(e.cmp("lt", *x, e.constant(0.0)), negative, *x), results);
}

void mlir::kiln::onnx_frontend::registerElementwiseConverters(
    llvm::StringMap<OpConverter> &table) {
  table["Cast"] = convertCast;
  table["CastLike"] = convertCastLike;
  table["Equal"] = convertCompare<kEq>;
  table["Less"] = convertCompare<kLt>;
  table["LessOrEqual"] = convertCompare<kLe>;
  table["Greater"] = convertCompare<kGt>;
  table["GreaterOrEqual"] = convertCompare<kGe>;
  table["And"] = convertSameTypeBinary<AndOp>;
  table["Or"] = convertSameTypeBinary<OrOp>;
  table["Xor"] = convertSameTypeBinary<XorOp>;
  table["Not"] = convertUnaryOp<NotOp>;
  table["BitShift"] = convertBitShift;
  table["Mod"] = convertMod;
  table["Where"] = convertWhere;
  table["IsNaN"] = convertIsNaN;
  table["IsInf"] = convertIsInf;
  table["Pow"] = convertPow;
  table["Sign"] = convertUnaryOp<SignOp>;
  table["Floor"] = convertUnaryOp<FloorOp>;
  table["Ceil"] = convertUnaryOp<CeilOp>;
  table["Round"] = convertUnaryOp<RoundOp>;
  table["Sin"] = convertUnaryOp<SinOp>;
  table["Cos"] = convertUnaryOp<CosOp>;
  table["Tan"] = convertUnaryOp<TanOp>;
  table["Asin"] = convertUnaryOp<AsinOp>;
  table["Acos"] = convertUnaryOp<AcosOp>;
  table["Atan"] = convertUnaryOp<AtanOp>;
  table["Sinh"] = convertUnaryOp<SinhOp>;
  table["Cosh"] = convertUnaryOp<CoshOp>;
  table["Asinh"] = convertUnaryOp<AsinhOp>;
  table["Acosh"] = convertUnaryOp<AcoshOp>;
  table["Atanh"] = convertUnaryOp<AtanhOp>;
  table["Erf"] = convertUnaryOp<ErfOp>;
  table["Elu"] = convertElu;
  table["Selu"] = convertSelu;
  table["Celu"] = convertCelu;
  table["HardSigmoid"] = convertHardSigmoid;
  table["HardSwish"] = convertHardSwish;
  table["Softplus"] = convertSoftplus;
  table["Mish"] = convertMish;
  table["Softsign"] = convertSoftsign;
  table["ThresholdedRelu"] = convertThresholdedRelu;
  table["Shrink"] = convertShrink;
  table["PRelu"] = convertPRelu;
}
