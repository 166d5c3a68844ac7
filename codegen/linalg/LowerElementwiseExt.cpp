//===- LowerElementwiseExt.cpp - casts, comparisons, logic, math to linalg ===//
//
// Lowers the ops of KilnElementwiseOps.td, and the arithmetic ops of
// LowerElementwise.cpp on unsigned integers, to one linalg.generic each.
//
// Unsigned integers: kiln keeps `ui8`... in tensor types (the model's
// signature reports them), but arith works on signless integers only. Each
// generic body therefore casts its block arguments to signless with
// builtin.unrealized_conversion_cast, computes with the unsigned arith ops
// (divui, cmpi ult, uitofp, ...) where the kiln type says unsigned, and casts
// the result back. In LLVM both sides are the same integer type, and
// reconcile-unrealized-casts removes the pairs.
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// What the body needs to know about a kiln element type.
struct ElementKind {
  Type type;        // the kiln element type (may be unsigned)
  Type plain;       // the type the body computes on (signless)
  bool isFloat = false, isUnsigned = false;
  unsigned width = 0;

  explicit ElementKind(Type t) : type(t), plain(t) {
    isFloat = isa<FloatType>(t);
    width = t.getIntOrFloatBitWidth();
    if (auto i = dyn_cast<IntegerType>(t)) {
      isUnsigned = i.isUnsigned() || width == 1;
      plain = IntegerType::get(t.getContext(), width);
    }
  }
};

Value castValue(OpBuilder &b, Location loc, Value v, Type to) {
  if (v.getType() == to)
    return v;
  return UnrealizedConversionCastOp::create(b, loc, TypeRange{to}, ValueRange{v})
      .getResult(0);
}

Value intConstant(OpBuilder &b, Location loc, Type type, const APInt &value) {
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, value));
}

Value cmpi(OpBuilder &b, Location loc, arith::CmpIPredicate p, Value x, Value y) {
  return arith::CmpIOp::create(b, loc, p, x, y);
}

Value cmpf(OpBuilder &b, Location loc, arith::CmpFPredicate p, Value x, Value y) {
  return arith::CmpFOp::create(b, loc, p, x, y);
}

Value select(OpBuilder &b, Location loc, Value c, Value x, Value y) {
  return arith::SelectOp::create(b, loc, c, x, y);
}

//===----------------------------------------------------------------------===//
// Cast
//===----------------------------------------------------------------------===//

/// Float to float; f32 to bf16 keeps the top 16 bits (ONNX <= 17 reference).
Value castFloat(OpBuilder &b, Location loc, Value x, FloatType to) {
  auto from = cast<FloatType>(x.getType());
  if (from == to)
    return x;
  if (to.isBF16()) {
    Type f32 = b.getF32Type(), i32 = b.getI32Type(), i16 = b.getI16Type();
    Value wide = castFloat(b, loc, x, cast<FloatType>(f32));
    Value bits = arith::BitcastOp::create(b, loc, i32, wide);
    Value high = arith::ShRUIOp::create(b, loc, bits, intConstant(b, loc, i32, APInt(32, 16)));
    Value top = arith::TruncIOp::create(b, loc, i16, high);
    Value isNan = cmpf(b, loc, arith::CmpFPredicate::UNO, wide, wide);
    Value nan = intConstant(b, loc, i16, APInt(16, 0x7FC0));
    return arith::BitcastOp::create(b, loc, to, select(b, loc, isNan, nan, top));
  }
  if (from.getWidth() == to.getWidth()) // f16 <-> bf16 through f32
    return castFloat(b, loc, castFloat(b, loc, x, b.getF32Type()), to);
  if (from.getWidth() < to.getWidth())
    return arith::ExtFOp::create(b, loc, to, x);
  return arith::TruncFOp::create(b, loc, to, x);
}

/// Float to integer: truncation toward zero, saturating, NaN to 0.
Value castFloatToInt(OpBuilder &b, Location loc, Value x, const ElementKind &to) {
  if (cast<FloatType>(x.getType()).getWidth() < 32)
    x = castFloat(b, loc, x, b.getF32Type());
  Type f = x.getType(), i = to.plain;
  unsigned w = to.width;
  Value converted, limit, tooLarge;
  if (to.isUnsigned) {
    Value clamped = arith::MaximumFOp::create(b, loc, x, scalarConstant(b, loc, f, 0.0));
    converted = arith::FPToUIOp::create(b, loc, i, clamped);
    tooLarge = cmpf(b, loc, arith::CmpFPredicate::OGE, x,
                    scalarConstant(b, loc, f, std::ldexp(1.0, w)));
    limit = intConstant(b, loc, i, APInt::getMaxValue(w));
  } else {
    Value lowest = scalarConstant(b, loc, f, -std::ldexp(1.0, w - 1));
    Value clamped = arith::MaximumFOp::create(b, loc, x, lowest);
    converted = arith::FPToSIOp::create(b, loc, i, clamped);
    tooLarge = cmpf(b, loc, arith::CmpFPredicate::OGE, x,
                    scalarConstant(b, loc, f, std::ldexp(1.0, w - 1)));
    limit = intConstant(b, loc, i, APInt::getSignedMaxValue(w));
  }
  // The unselected fptosi/fptoui result may be poison; select drops it.
  Value r = select(b, loc, tooLarge, limit, converted);
  Value isNan = cmpf(b, loc, arith::CmpFPredicate::UNO, x, x);
  return select(b, loc, isNan, intConstant(b, loc, i, APInt(w, 0)), r);
}

Value buildCast(OpBuilder &b, Location loc, Value x, const ElementKind &from,
                const ElementKind &to) {
  if (from.plain == to.plain && from.isFloat == to.isFloat &&
      (from.isFloat || from.width > 1))
    return x; // same bits, at most the signedness differs
  if (!to.isFloat && to.width == 1) {
    if (from.isFloat)
      return cmpf(b, loc, arith::CmpFPredicate::UNE, x, scalarConstant(b, loc, x.getType(), 0.0));
    return cmpi(b, loc, arith::CmpIPredicate::ne, x, intConstant(b, loc, x.getType(), APInt(from.width, 0)));
  }
  if (from.isFloat && to.isFloat)
    return castFloat(b, loc, x, cast<FloatType>(to.plain));
  if (from.isFloat)
    return castFloatToInt(b, loc, x, to);
  if (to.isFloat) {
    // Narrow float targets go through f32, like float-to-float casts.
    auto target = cast<FloatType>(to.plain);
    Type via = target.getWidth() < 32 ? b.getF32Type() : target;
    Value r = from.isUnsigned ? Value(arith::UIToFPOp::create(b, loc, via, x))
                              : Value(arith::SIToFPOp::create(b, loc, via, x));
    return castFloat(b, loc, r, target);
  }
  if (from.width < to.width)
    return from.isUnsigned ? Value(arith::ExtUIOp::create(b, loc, to.plain, x))
                           : Value(arith::ExtSIOp::create(b, loc, to.plain, x));
  if (from.width > to.width)
    return arith::TruncIOp::create(b, loc, to.plain, x);
  return x;
}

//===----------------------------------------------------------------------===//
// Scalar bodies
//===----------------------------------------------------------------------===//

Value buildCompare(OpBuilder &b, Location loc, StringRef p, Value x, Value y,
                   const ElementKind &k) {
  if (k.isFloat) {
    using P = arith::CmpFPredicate;
    P pred = p == "eq" ? P::OEQ : p == "ne" ? P::UNE : p == "lt" ? P::OLT
           : p == "le" ? P::OLE : p == "gt" ? P::OGT : P::OGE;
    return cmpf(b, loc, pred, x, y);
  }
  using P = arith::CmpIPredicate;
  bool u = k.isUnsigned;
  P pred = p == "eq" ? P::eq : p == "ne" ? P::ne
         : p == "lt" ? (u ? P::ult : P::slt) : p == "le" ? (u ? P::ule : P::sle)
         : p == "gt" ? (u ? P::ugt : P::sgt) : (u ? P::uge : P::sge);
  return cmpi(b, loc, pred, x, y);
}

/// Integer remainder; `floored` takes the divisor's sign. A zero divisor
/// gives 0 (never a trap); so does -1, which also avoids INT_MIN % -1.
Value buildIntRemainder(OpBuilder &b, Location loc, Value x, Value y,
                        const ElementKind &k, bool floored) {
  Type t = x.getType();
  Value zero = intConstant(b, loc, t, APInt(k.width, 0));
  Value one = intConstant(b, loc, t, APInt(k.width, 1));
  Value unsafe = cmpi(b, loc, arith::CmpIPredicate::eq, y, zero);
  if (k.isUnsigned)
    return arith::RemUIOp::create(b, loc, x, select(b, loc, unsafe, one, y));
  Value minusOne = intConstant(b, loc, t, APInt::getAllOnes(k.width));
  unsafe = arith::OrIOp::create(b, loc, unsafe,
                                cmpi(b, loc, arith::CmpIPredicate::eq, y, minusOne));
  Value r = arith::RemSIOp::create(b, loc, x, select(b, loc, unsafe, one, y));
  if (!floored)
    return r;
  Value signsDiffer = arith::XOrIOp::create(
      b, loc, cmpi(b, loc, arith::CmpIPredicate::slt, r, zero),
      cmpi(b, loc, arith::CmpIPredicate::slt, y, zero));
  Value adjust = arith::AndIOp::create(
      b, loc, cmpi(b, loc, arith::CmpIPredicate::ne, r, zero), signsDiffer);
  return select(b, loc, adjust, arith::AddIOp::create(b, loc, r, y), r);
}

Value buildFloatRemainder(OpBuilder &b, Location loc, Value x, Value y, bool floored) {
  Value r = arith::RemFOp::create(b, loc, x, y);
  if (!floored)
    return r;
  Value zero = scalarConstant(b, loc, x.getType(), 0.0);
  Value signsDiffer = arith::XOrIOp::create(
      b, loc, cmpf(b, loc, arith::CmpFPredicate::OLT, r, zero),
      cmpf(b, loc, arith::CmpFPredicate::OLT, y, zero));
  Value adjust = arith::AndIOp::create(
      b, loc, cmpf(b, loc, arith::CmpFPredicate::ONE, r, zero), signsDiffer);
  return select(b, loc, adjust, arith::AddFOp::create(b, loc, r, y), r);
}

/// Shifts; amounts of the bit width or more give 0 (or the sign for shr).
Value buildShift(OpBuilder &b, Location loc, Value x, Value n, const ElementKind &k,
                 bool left) {
  Type t = x.getType();
  Value width = intConstant(b, loc, t, APInt(k.width, k.width));
  Value zero = intConstant(b, loc, t, APInt(k.width, 0));
  if (!left && !k.isUnsigned) {
    Value last = intConstant(b, loc, t, APInt(k.width, k.width - 1));
    return arith::ShRSIOp::create(b, loc, x, arith::MinUIOp::create(b, loc, n, last));
  }
  Value shifted = left ? Value(arith::ShLIOp::create(b, loc, x, n))
                       : Value(arith::ShRUIOp::create(b, loc, x, n));
  Value tooFar = cmpi(b, loc, arith::CmpIPredicate::uge, n, width);
  return select(b, loc, tooFar, zero, shifted);
}

Value buildSign(OpBuilder &b, Location loc, Value x, const ElementKind &k) {
  Type t = x.getType();
  if (k.isFloat) {
    Value zero = scalarConstant(b, loc, t, 0.0);
    Value r = select(b, loc, cmpf(b, loc, arith::CmpFPredicate::OLT, x, zero),
                     scalarConstant(b, loc, t, -1.0), x);
    return select(b, loc, cmpf(b, loc, arith::CmpFPredicate::OGT, x, zero),
                  scalarConstant(b, loc, t, 1.0), r);
  }
  Value zero = intConstant(b, loc, t, APInt(k.width, 0));
  Value positive = arith::ExtUIOp::create(
      b, loc, t, cmpi(b, loc, arith::CmpIPredicate::ne, x, zero));
  if (k.isUnsigned)
    return positive;
  Value minusOne = intConstant(b, loc, t, APInt::getAllOnes(k.width));
  return select(b, loc, cmpi(b, loc, arith::CmpIPredicate::slt, x, zero), minusOne,
                positive);
}

/// Float math without a dedicated arith op.
template <typename MathOp>
Value unaryMath(OpBuilder &b, Location loc, Value x) {
  return MathOp::create(b, loc, x);
}

/// Scalar body of one of the ops this file lowers, on signless values.
Value buildScalar(Operation *op, OpBuilder &b, Location loc, ValueRange x,
                  ArrayRef<ElementKind> in, const ElementKind &out) {
  const ElementKind &k = in.front();
  if (isa<CastOp>(op))
    return buildCast(b, loc, x[0], k, out);
  if (auto cmp = dyn_cast<CompareOp>(op))
    return buildCompare(b, loc, cmp.getPredicate(), x[0], x[1], k);
  if (isa<SelectOp>(op))
    return select(b, loc, x[0], x[1], x[2]);
  if (isa<AndOp>(op))
    return arith::AndIOp::create(b, loc, x[0], x[1]);
  if (isa<OrOp>(op))
    return arith::OrIOp::create(b, loc, x[0], x[1]);
  if (isa<XorOp>(op))
    return arith::XOrIOp::create(b, loc, x[0], x[1]);
  if (isa<NotOp>(op))
    return arith::XOrIOp::create(b, loc, x[0],
                                 intConstant(b, loc, k.plain, APInt::getAllOnes(k.width)));
  if (isa<ShlOp, ShrOp>(op))
    return buildShift(b, loc, x[0], x[1], k, isa<ShlOp>(op));
  if (isa<ModOp, FModOp>(op))
    return k.isFloat ? buildFloatRemainder(b, loc, x[0], x[1], isa<ModOp>(op))
                     : buildIntRemainder(b, loc, x[0], x[1], k, isa<ModOp>(op));
  if (isa<SignOp>(op))
    return buildSign(b, loc, x[0], k);
  if (isa<FloorOp>(op)) return unaryMath<math::FloorOp>(b, loc, x[0]);
  if (isa<CeilOp>(op)) return unaryMath<math::CeilOp>(b, loc, x[0]);
  if (isa<RoundOp>(op)) return unaryMath<math::RoundEvenOp>(b, loc, x[0]);
  if (isa<SinOp>(op)) return unaryMath<math::SinOp>(b, loc, x[0]);
  if (isa<CosOp>(op)) return unaryMath<math::CosOp>(b, loc, x[0]);
  if (isa<TanOp>(op)) return unaryMath<math::TanOp>(b, loc, x[0]);
  if (isa<AsinOp>(op)) return unaryMath<math::AsinOp>(b, loc, x[0]);
  if (isa<AcosOp>(op)) return unaryMath<math::AcosOp>(b, loc, x[0]);
  if (isa<AtanOp>(op)) return unaryMath<math::AtanOp>(b, loc, x[0]);
  if (isa<SinhOp>(op)) return unaryMath<math::SinhOp>(b, loc, x[0]);
  if (isa<CoshOp>(op)) return unaryMath<math::CoshOp>(b, loc, x[0]);
  if (isa<AsinhOp>(op)) return unaryMath<math::AsinhOp>(b, loc, x[0]);
  if (isa<AcoshOp>(op)) return unaryMath<math::AcoshOp>(b, loc, x[0]);
  if (isa<AtanhOp>(op)) return unaryMath<math::AtanhOp>(b, loc, x[0]);
  if (isa<ErfOp>(op)) return unaryMath<math::ErfOp>(b, loc, x[0]);
  return Value();
}

/// Arithmetic of LowerElementwise.cpp's ops on unsigned integers.
Value buildUnsignedScalar(Operation *op, OpBuilder &b, Location loc, ValueRange x,
                          const ElementKind &k) {
  if (isa<AddOp>(op))
    return arith::AddIOp::create(b, loc, x[0], x[1]);
  if (isa<SubOp>(op))
    return arith::SubIOp::create(b, loc, x[0], x[1]);
  if (isa<MulOp>(op))
    return arith::MulIOp::create(b, loc, x[0], x[1]);
  if (isa<DivOp>(op)) {
    // A zero divisor gives 0 rather than a SIGFPE in the host process.
    Value zero = intConstant(b, loc, k.plain, APInt(k.width, 0));
    Value one = intConstant(b, loc, k.plain, APInt(k.width, 1));
    Value isZero = cmpi(b, loc, arith::CmpIPredicate::eq, x[1], zero);
    Value q = arith::DivUIOp::create(b, loc, x[0], select(b, loc, isZero, one, x[1]));
    return select(b, loc, isZero, zero, q);
  }
  if (isa<MaxOp>(op))
    return arith::MaxUIOp::create(b, loc, x[0], x[1]);
  if (isa<MinOp>(op))
    return arith::MinUIOp::create(b, loc, x[0], x[1]);
  if (isa<ClipOp>(op))
    return arith::MinUIOp::create(b, loc, arith::MaxUIOp::create(b, loc, x[0], x[1]), x[2]);
  if (isa<ReluOp, AbsOp>(op))
    return x[0];
  if (isa<NegOp>(op))
    return arith::SubIOp::create(b, loc, intConstant(b, loc, k.plain, APInt(k.width, 0)), x[0]);
  return Value();
}

bool isIntOrFloatTensor(Type t) {
  return isa<IntegerType, FloatType>(cast<ShapedType>(t).getElementType());
}

/// One linalg.generic whose body sees signless values; `body` gets the
/// operands' kinds and returns a value of the result's plain type.
LogicalResult lowerToGeneric(
    Operation *op, PatternRewriter &rewriter,
    function_ref<Value(OpBuilder &, Location, ValueRange, ArrayRef<ElementKind>,
                       const ElementKind &)> body) {
  if (!hasRankedTypes(op))
    return rewriter.notifyMatchFailure(op, "needs ranked types (run kiln-infer-shapes)");
  if (!llvm::all_of(op->getOperandTypes(), isIntOrFloatTensor) ||
      !isIntOrFloatTensor(op->getResult(0).getType()))
    return rewriter.notifyMatchFailure(op, "needs integer or float element types");
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  SmallVector<ElementKind> in;
  for (Type t : op->getOperandTypes())
    in.emplace_back(cast<ShapedType>(t).getElementType());
  ElementKind out(type.getElementType());
  Value result = buildElementwise(
      rewriter, op->getLoc(), type, op->getOperands(),
      [&](OpBuilder &b, Location loc, ValueRange args) {
        SmallVector<Value> plain;
        for (auto [arg, kind] : llvm::zip(args, in))
          plain.push_back(castValue(b, loc, arg, kind.plain));
        return castValue(b, loc, body(b, loc, plain, in, out), out.type);
      });
  rewriter.replaceOp(op, result);
  return success();
}

template <typename OpTy>
struct LowerElementwiseExt : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    return lowerToGeneric(op, rewriter,
                          [&](OpBuilder &b, Location loc, ValueRange x,
                              ArrayRef<ElementKind> in, const ElementKind &out) {
                            return buildScalar(op, b, loc, x, in, out);
                          });
  }
};

/// Add, Max, Clip, ... on unsigned integers (LowerElementwise.cpp handles
/// floats and signless integers).
template <typename OpTy>
struct LowerUnsignedArith : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    auto element = dyn_cast<IntegerType>(getElementTypeOrSelf(op.getType()));
    if (!element || !element.isUnsigned())
      return rewriter.notifyMatchFailure(op, "not an unsigned integer op");
    return lowerToGeneric(op, rewriter,
                          [&](OpBuilder &b, Location loc, ValueRange x,
                              ArrayRef<ElementKind> in, const ElementKind &) {
                            return buildUnsignedScalar(op, b, loc, x, in.front());
                          });
  }
};

/// Splat constants of unsigned type: linalg's elementwise fusion would turn
/// an arith.constant splat into a scalar `arith.constant : ui8` in the
/// consumer's body, which arith rejects. A fill of the signless value cast
/// to unsigned carries the same tensor without a foldable constant.
struct LowerUnsignedSplatConstant : OpRewritePattern<ConstantOp> {
  LowerUnsignedSplatConstant(MLIRContext *ctx)
      : OpRewritePattern<ConstantOp>(ctx, /*benefit=*/2) {}
  LogicalResult matchAndRewrite(ConstantOp op, PatternRewriter &rewriter) const override {
    auto value = dyn_cast<DenseElementsAttr>(op.getValue());
    auto element = value ? dyn_cast<IntegerType>(value.getElementType()) : IntegerType();
    if (!element || !element.isUnsigned() || !value.isSplat())
      return rewriter.notifyMatchFailure(op, "not an unsigned splat constant");
    Location loc = op.getLoc();
    ElementKind kind(element);
    Value plain = intConstant(rewriter, loc, kind.plain, value.getSplatValue<APInt>());
    Value scalar = castValue(rewriter, loc, plain, element);
    rewriter.replaceOp(op, filledTensor(rewriter, loc, cast<RankedTensorType>(op.getType()),
                                        scalar));
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerElementwiseExtPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<LowerElementwiseExt<CastOp>, LowerElementwiseExt<CompareOp>,
               LowerElementwiseExt<SelectOp>, LowerElementwiseExt<AndOp>,
               LowerElementwiseExt<OrOp>, LowerElementwiseExt<XorOp>,
               LowerElementwiseExt<NotOp>, LowerElementwiseExt<ShlOp>,
               LowerElementwiseExt<ShrOp>, LowerElementwiseExt<ModOp>,
               LowerElementwiseExt<FModOp>, LowerElementwiseExt<SignOp>,
               LowerElementwiseExt<FloorOp>, LowerElementwiseExt<CeilOp>,
               LowerElementwiseExt<RoundOp>, LowerElementwiseExt<SinOp>,
               LowerElementwiseExt<CosOp>, LowerElementwiseExt<TanOp>,
               LowerElementwiseExt<AsinOp>, LowerElementwiseExt<AcosOp>,
               LowerElementwiseExt<AtanOp>, LowerElementwiseExt<SinhOp>,
               LowerElementwiseExt<CoshOp>, LowerElementwiseExt<AsinhOp>,
               LowerElementwiseExt<AcoshOp>, LowerElementwiseExt<AtanhOp>,
               LowerElementwiseExt<ErfOp>>(ctx);
  patterns.add<LowerUnsignedArith<AddOp>, LowerUnsignedArith<SubOp>,
               LowerUnsignedArith<MulOp>, LowerUnsignedArith<DivOp>,
               LowerUnsignedArith<MaxOp>, LowerUnsignedArith<MinOp>,
               LowerUnsignedArith<ClipOp>, LowerUnsignedArith<ReluOp>,
               LowerUnsignedArith<AbsOp>, LowerUnsignedArith<NegOp>,
               LowerUnsignedSplatConstant>(ctx);
}
