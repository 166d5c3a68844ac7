//===- KilnElementwiseOps.cpp - casts, comparisons, logic and further math -===//
//
// Verifiers, shape inference and folders of the ops in KilnElementwiseOps.td.
// Folding matters beyond speed: shape subgraphs (Shape -> Cast -> Mul ->
// Reshape) must become constants at import time.
//
//===----------------------------------------------------------------------===//
#include "dialects/kiln/KilnOps.h"
#include "dialects/kiln/KilnOpsDetail.h"
#include "dialects/kiln/ShapeUtils.h"

#include "llvm/ADT/TypeSwitch.h"
#include <cmath>
#include <cstring>
#include <limits>

using namespace mlir;
using namespace mlir::kiln;

// Folding materializes every element; shape computations are tiny.
static constexpr int64_t kMaxFoldedElements = int64_t(1) << 20;

static Type elementTypeOf(Value v) {
  return cast<ShapedType>(v.getType()).getElementType();
}

static RankedTensorType rankedOrNull(Value v) {
  return dyn_cast<RankedTensorType>(v.getType());
}

//===----------------------------------------------------------------------===//
// Shared checks
//===----------------------------------------------------------------------===//

bool kiln::detail::isIntegerKind(Type type) { return isa<IntegerType>(type); }
bool kiln::detail::isFloatKind(Type type) { return isa<FloatType>(type); }
bool kiln::detail::isNumberKind(Type type) {
  return isa<FloatType>(type) ||
         (isa<IntegerType>(type) && type.getIntOrFloatBitWidth() > 1);
}

LogicalResult kiln::detail::verifyElementKind(Operation *op, bool (*check)(Type),
                                              StringRef what) {
  for (Value v : op->getOperands())
    if (!check(elementTypeOf(v)))
      return op->emitOpError("expects ") << what << " element type, got "
                                         << elementTypeOf(v);
  return success();
}

/// A ranked result agrees with the inferred type (element type included).
static LogicalResult verifyInferred(Operation *op) {
  FailureOr<Type> inferred = cast<ShapeInferenceOpInterface>(op).inferResultType();
  if (failed(inferred))
    return op->emitOpError("has operands whose shapes are inconsistent");
  auto result = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  auto expected = dyn_cast_or_null<RankedTensorType>(*inferred);
  if (!result || !expected)
    return success();
  bool same = result.getElementType() == expected.getElementType() &&
              result.getRank() == expected.getRank();
  for (auto [got, want] : llvm::zip(result.getShape(), expected.getShape()))
    same &= ShapedType::isDynamic(got) || ShapedType::isDynamic(want) || got == want;
  if (!same)
    return op->emitOpError("result type ")
           << result << " does not match the inferred type " << expected;
  return success();
}

/// Broadcast shape of all `values`; null type when one is unranked.
static FailureOr<Type> inferBroadcastOf(ValueRange values, Type element) {
  SmallVector<int64_t> shape;
  for (Value v : values) {
    auto type = rankedOrNull(v);
    if (!type)
      return Type();
    auto next = broadcastShapes(shape, type.getShape());
    if (!next)
      return failure();
    shape = *next;
  }
  return Type(RankedTensorType::get(shape, element));
}

//===----------------------------------------------------------------------===//
// CastOp, CompareOp, SelectOp
//===----------------------------------------------------------------------===//

static bool isIntOrFloat(Type type) { return isa<IntegerType, FloatType>(type); }

FailureOr<Type> CastOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  return Type(RankedTensorType::get(input.getShape(), elementTypeOf(getResult())));
}

LogicalResult CastOp::verify() {
  for (Type t : {elementTypeOf(getInput()), elementTypeOf(getResult())})
    if (!isIntOrFloat(t))
      return emitOpError("expects integer or float element types, got ") << t;
  return verifyInferred(*this);
}

static bool isValidPredicate(StringRef p) {
  return llvm::is_contained({"eq", "ne", "lt", "le", "gt", "ge"}, p);
}

FailureOr<Type> CompareOp::inferResultType() {
  return inferBroadcastOf({getLhs(), getRhs()}, IntegerType::get(getContext(), 1));
}

LogicalResult CompareOp::verify() {
  if (!isValidPredicate(getPredicate()))
    return emitOpError("has unknown predicate '") << getPredicate() << "'";
  if (elementTypeOf(getLhs()) != elementTypeOf(getRhs()))
    return emitOpError("operands have different element types: ")
           << elementTypeOf(getLhs()) << " vs " << elementTypeOf(getRhs());
  if (!isIntOrFloat(elementTypeOf(getLhs())))
    return emitOpError("expects integer or float operands");
  if (!elementTypeOf(getResult()).isInteger(1))
    return emitOpError("expects an i1 result, got ") << elementTypeOf(getResult());
  return verifyInferred(*this);
}

FailureOr<Type> SelectOp::inferResultType() {
  return inferBroadcastOf({getCondition(), getTrueValue(), getFalseValue()},
                          elementTypeOf(getTrueValue()));
}

LogicalResult SelectOp::verify() {
  if (!elementTypeOf(getCondition()).isInteger(1))
    return emitOpError("expects an i1 condition, got ") << elementTypeOf(getCondition());
  if (elementTypeOf(getTrueValue()) != elementTypeOf(getFalseValue()))
    return emitOpError("values have different element types: ")
           << elementTypeOf(getTrueValue()) << " vs " << elementTypeOf(getFalseValue());
  return verifyInferred(*this);
}

//===----------------------------------------------------------------------===//
// Folding
//===----------------------------------------------------------------------===//

namespace {
/// One constant element: a double for floats, the bits (extended by the
/// type's signedness to 64) for integers.
struct Element {
  double f = 0;
  uint64_t bits = 0;
};

/// How an element type reads and writes.
struct Kind {
  bool isFloat = false, isUnsigned = false;
  unsigned width = 0;
  static Kind of(Type t) {
    Kind k;
    k.isFloat = isa<FloatType>(t);
    k.width = t.getIntOrFloatBitWidth();
    if (auto i = dyn_cast<IntegerType>(t))
      k.isUnsigned = i.isUnsigned() || k.width == 1;
    return k;
  }
  int64_t s(const Element &e) const { return static_cast<int64_t>(e.bits); }
  /// The value as a double (integers too).
  double real(const Element &e) const {
    if (isFloat)
      return e.f;
    return isUnsigned ? static_cast<double>(e.bits) : static_cast<double>(s(e));
  }
};
} // namespace

static std::vector<Element> readElements(DenseElementsAttr attr) {
  std::vector<Element> out;
  Type t = attr.getElementType();
  if (isa<FloatType>(t)) {
    for (const APFloat &x : attr.getValues<APFloat>()) {
      bool lost;
      APFloat d = x;
      d.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
      out.push_back({d.convertToDouble(), 0});
    }
    return out;
  }
  Kind k = Kind::of(t);
  for (const APInt &x : attr.getValues<APInt>())
    out.push_back({0, k.isUnsigned ? x.getZExtValue() : static_cast<uint64_t>(x.getSExtValue())});
  return out;
}

/// f32 to bf16 by dropping the low mantissa bits (ONNX <= 17 reference).
static APFloat truncateToBF16(double value) {
  float f = static_cast<float>(value);
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  uint16_t top = std::isnan(f) ? 0x7FC0 : static_cast<uint16_t>(bits >> 16);
  return APFloat(APFloat::BFloat(), APInt(16, top));
}

static DenseElementsAttr writeElements(ShapedType type, ArrayRef<Element> values,
                                       bool truncateBF16) {
  Type element = type.getElementType();
  if (auto floatType = dyn_cast<FloatType>(element)) {
    SmallVector<APFloat> out;
    for (const Element &e : values) {
      if (truncateBF16 && element.isBF16()) {
        out.push_back(truncateToBF16(e.f));
        continue;
      }
      APFloat x(e.f);
      bool lost;
      x.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      out.push_back(x);
    }
    return DenseElementsAttr::get(type, out);
  }
  unsigned width = element.getIntOrFloatBitWidth();
  SmallVector<APInt> out;
  for (const Element &e : values)
    out.push_back(APInt(64, e.bits).trunc(width));
  return DenseElementsAttr::get(type, out);
}

/// Float to integer: truncation toward zero, saturating, NaN to 0.
static uint64_t floatToInt(double x, const Kind &to) {
  if (std::isnan(x))
    return 0;
  x = std::trunc(x);
  if (to.width == 1)
    return x != 0;
  if (to.isUnsigned) {
    double hi = std::ldexp(1.0, to.width);
    if (x <= 0)
      return 0;
    return x >= hi ? (to.width == 64 ? ~uint64_t(0) : (uint64_t(1) << to.width) - 1)
                   : static_cast<uint64_t>(x);
  }
  double lo = -std::ldexp(1.0, to.width - 1);
  if (x <= lo)
    return static_cast<uint64_t>(static_cast<int64_t>(lo));
  if (x >= -lo)
    return static_cast<uint64_t>(to.width == 64 ? std::numeric_limits<int64_t>::max()
                                                : (int64_t(1) << (to.width - 1)) - 1);
  return static_cast<uint64_t>(static_cast<int64_t>(x));
}

/// Re-extends `bits` after truncation to `k`'s width.
static uint64_t normalizeBits(uint64_t bits, const Kind &k) {
  if (k.width >= 64)
    return bits;
  APInt v = APInt(64, bits).trunc(k.width);
  return k.isUnsigned ? v.getZExtValue() : static_cast<uint64_t>(v.getSExtValue());
}

static Element castElement(const Element &e, const Kind &from, const Kind &to) {
  Element r;
  if (to.width == 1 && !to.isFloat) {
    r.bits = from.isFloat ? (e.f != 0 || std::isnan(e.f)) : (e.bits != 0);
    return r;
  }
  if (to.isFloat)
    r.f = from.real(e);
  else if (from.isFloat)
    r.bits = floatToInt(e.f, to);
  else
    r.bits = normalizeBits(e.bits, to);
  return r;
}

static bool compareElements(StringRef p, const Element &a, const Element &b,
                            const Kind &k) {
  if (k.isFloat) {
    if (p == "ne")
      return !(a.f == b.f);
    return p == "eq" ? a.f == b.f : p == "lt" ? a.f < b.f : p == "le" ? a.f <= b.f
                                  : p == "gt" ? a.f > b.f : a.f >= b.f;
  }
  auto cmp = [&](auto x, auto y) {
    return p == "eq" ? x == y : p == "ne" ? x != y : p == "lt" ? x < y
         : p == "le" ? x <= y : p == "gt" ? x > y : x >= y;
  };
  return k.isUnsigned ? cmp(a.bits, b.bits) : cmp(k.s(a), k.s(b));
}

/// Integer remainder; `floored` gives the divisor's sign. x % 0 is 0.
static uint64_t intRemainder(const Element &a, const Element &b, const Kind &k,
                             bool floored) {
  if (b.bits == 0)
    return 0;
  if (k.isUnsigned)
    return a.bits % b.bits;
  int64_t x = k.s(a), y = k.s(b);
  if (y == -1)
    return 0;
  int64_t r = x % y;
  if (floored && r != 0 && ((r < 0) != (y < 0)))
    r += y;
  return static_cast<uint64_t>(r);
}

static double floatRemainder(double x, double y, bool floored) {
  double r = std::fmod(x, y);
  if (floored && r != 0 && ((r < 0) != (y < 0)))
    r += y;
  return r;
}

/// Applies a float-only unary op.
static std::optional<double> applyFloatUnary(Operation *op, double x) {
  return llvm::TypeSwitch<Operation *, std::optional<double>>(op)
      .Case([&](FloorOp) { return std::floor(x); })
      .Case([&](CeilOp) { return std::ceil(x); })
      .Case([&](RoundOp) { return std::nearbyint(x); })
      .Case([&](SinOp) { return std::sin(x); })
      .Case([&](CosOp) { return std::cos(x); })
      .Case([&](TanOp) { return std::tan(x); })
      .Case([&](AsinOp) { return std::asin(x); })
      .Case([&](AcosOp) { return std::acos(x); })
      .Case([&](AtanOp) { return std::atan(x); })
      .Case([&](SinhOp) { return std::sinh(x); })
      .Case([&](CoshOp) { return std::cosh(x); })
      .Case([&](AsinhOp) { return std::asinh(x); })
      .Case([&](AcoshOp) { return std::acosh(x); })
      .Case([&](AtanhOp) { return std::atanh(x); })
      .Case([&](ErfOp) { return std::erf(x); })
      .Default([](Operation *) { return std::nullopt; });
}

/// Evaluates `op` on one set of (broadcast) operand elements.
static std::optional<Element> applyExt(Operation *op, ArrayRef<Element> x,
                                       const Kind &in, const Kind &out) {
  Element r;
  if (auto cast = dyn_cast<CastOp>(op))
    return castElement(x[0], in, out);
  if (auto cmp = dyn_cast<CompareOp>(op)) {
    r.bits = compareElements(cmp.getPredicate(), x[0], x[1], in);
    return r;
  }
  if (isa<SelectOp>(op))
    return x[0].bits ? x[1] : x[2];
  if (isa<SignOp>(op)) {
    if (in.isFloat)
      r.f = x[0].f > 0 ? 1.0 : x[0].f < 0 ? -1.0 : x[0].f;
    else
      r.bits = in.isUnsigned ? (x[0].bits != 0)
                             : static_cast<uint64_t>((in.s(x[0]) > 0) - (in.s(x[0]) < 0));
    return r;
  }
  if (isa<ModOp, FModOp>(op)) {
    bool floored = isa<ModOp>(op);
    if (in.isFloat)
      r.f = floatRemainder(x[0].f, x[1].f, floored);
    else
      r.bits = intRemainder(x[0], x[1], in, floored);
    return r;
  }
  if (in.isFloat) {
    std::optional<double> v = applyFloatUnary(op, x[0].f);
    if (!v)
      return std::nullopt;
    r.f = *v;
    return r;
  }
  uint64_t a = x[0].bits, b = x.size() > 1 ? x[1].bits : 0;
  if (isa<AndOp>(op))
    r.bits = a & b;
  else if (isa<OrOp>(op))
    r.bits = a | b;
  else if (isa<XorOp>(op))
    r.bits = a ^ b;
  else if (isa<NotOp>(op))
    r.bits = ~a;
  else if (isa<ShlOp>(op))
    r.bits = b >= in.width ? 0 : a << b;
  else if (isa<ShrOp>(op))
    r.bits = in.isUnsigned ? (b >= in.width ? 0 : a >> b)
                           : static_cast<uint64_t>(in.s(x[0]) >> std::min<uint64_t>(b, 63));
  else
    return std::nullopt;
  r.bits = normalizeBits(r.bits, out);
  return r;
}

OpFoldResult kiln::detail::foldElementwiseExt(Operation *op,
                                              ArrayRef<Attribute> operands) {
  auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType || !resultType.hasStaticShape() ||
      resultType.getNumElements() > kMaxFoldedElements)
    return {};
  SmallVector<DenseElementsAttr> attrs;
  SmallVector<std::vector<Element>> values;
  for (Attribute a : operands) {
    auto dense = dyn_cast_or_null<DenseElementsAttr>(a);
    if (!dense || !isIntOrFloat(dense.getElementType()))
      return {};
    attrs.push_back(dense);
    values.push_back(dense.isSplat() ? std::vector<Element>{readElements(dense)[0]}
                                     : readElements(dense));
  }
  // The select condition is i1; its values decide, the others' type counts.
  Kind in = Kind::of(attrs[isa<SelectOp>(op) ? 1 : 0].getElementType());
  Kind out = Kind::of(resultType.getElementType());
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<int64_t> strides = rowMajorStrides(shape);
  SmallVector<SmallVector<int64_t>> operandStrides;
  for (DenseElementsAttr a : attrs)
    operandStrides.push_back(rowMajorStrides(a.getType().getShape()));

  std::vector<Element> result;
  SmallVector<Element> args(attrs.size());
  for (int64_t linear = 0; linear < resultType.getNumElements(); ++linear) {
    for (size_t k = 0; k < attrs.size(); ++k) {
      int64_t src = 0;
      if (!attrs[k].isSplat()) {
        ArrayRef<int64_t> opShape = attrs[k].getType().getShape();
        size_t offset = shape.size() - opShape.size();
        for (size_t d = offset; d < shape.size(); ++d)
          if (opShape[d - offset] != 1)
            src += ((linear / strides[d]) % shape[d]) * operandStrides[k][d - offset];
      }
      args[k] = values[k][src];
    }
    std::optional<Element> r = applyExt(op, args, in, out);
    if (!r)
      return {};
    result.push_back(*r);
  }
  return writeElements(resultType, result, /*truncateBF16=*/isa<CastOp>(op));
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return kiln::detail::foldElementwiseExt(*this, adaptor.getOperands());
}

OpFoldResult CompareOp::fold(FoldAdaptor adaptor) {
  return kiln::detail::foldElementwiseExt(*this, adaptor.getOperands());
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  // A splat condition picks one side when that side already has the result type.
  if (auto cond = dyn_cast_or_null<DenseElementsAttr>(adaptor.getCondition());
      cond && cond.isSplat()) {
    Value picked = cond.getSplatValue<bool>() ? getTrueValue() : getFalseValue();
    if (picked.getType() == getType())
      return picked;
  }
  return kiln::detail::foldElementwiseExt(*this, adaptor.getOperands());
}
