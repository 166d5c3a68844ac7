//===- ApproximateMath.cpp - kiln-cpu-approximate-math --------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// True for a constant 1.0 (scalar or splat).
bool isOne(Value v) {
  FloatAttr attr;
  if (matchPattern(v, m_Constant(&attr)))
    return attr.getValue().isExactlyValue(1.0);
  SplatElementsAttr splat;
  return matchPattern(v, m_Constant(&splat)) && splat.getElementType().isF32() &&
         splat.getSplatValue<APFloat>().isExactlyValue(1.0);
}

/// The logistic function's reciprocal, 1 / (1 + exp(y)) in f32 (sigmoid,
/// SiLU), which activations compute for every element, in about 25 vector
/// instructions instead of the generic exp (with its overflow and NaN
/// selects) plus a division (vdivps on zmm: one per 8-10 cycles):
///   - y is clamped to [-88, 87]: beyond, the result is 1 or below 2e-38
///     either way, 2^n stays a normal number (or 0), and so does the
///     result (no denormals, which cost microcode assists downstream);
///   - n = round(y log2 e) by adding 1.5 * 2^23, which leaves n in the low
///     mantissa bits, so 2^n is those bits shifted into the exponent (no
///     float-to-int conversion, which would be poison for NaN);
///   - exp(f), f = y - n ln 2 in [-ln2/2, ln2/2] (two-step ln 2), is a
///     degree-7 polynomial (Cephes' expf coefficients);
///   - the reciprocal is Newton steps from an exponent-bit guess. Not a
///     division marked `arcp`: LLVM would estimate it (vrcp14ps) in vector
///     code but divide exactly in scalar code, so elements would round
///     differently depending on whether they fall in a vectorized loop's
///     body or its remainder, which moves with the thread split.
/// About 3 ulp of the float64 reference; NaN stays NaN; every instruction
/// is exactly rounded, so scalar and vector code agree bit for bit.
struct FastLogistic : OpRewritePattern<arith::DivFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::DivFOp div, PatternRewriter &rewriter) const override {
    Type type = div.getType();
    if (!getElementTypeOrSelf(type).isF32() || !isOne(div.getLhs()))
      return rewriter.notifyMatchFailure(div, "not an f32 reciprocal");
    auto add = div.getRhs().getDefiningOp<arith::AddFOp>();
    math::ExpOp exp;
    if (add && isOne(add.getRhs()))
      exp = add.getLhs().getDefiningOp<math::ExpOp>();
    if (add && !exp && isOne(add.getLhs()))
      exp = add.getRhs().getDefiningOp<math::ExpOp>();
    if (!exp)
      return rewriter.notifyMatchFailure(div, "denominator is not 1 + exp(y)");
    Location loc = div.getLoc();
    auto intType = [&](Type t) -> Type {
      if (auto vector = dyn_cast<VectorType>(t))
        return vector.clone(rewriter.getI32Type());
      return rewriter.getI32Type();
    };
    auto splat = [&](Type t, TypedAttr scalar) -> Value {
      if (auto vector = dyn_cast<VectorType>(t))
        return arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(vector, scalar));
      return arith::ConstantOp::create(rewriter, loc, scalar);
    };
    Type i32 = intType(type);
    auto f32 = [&](float v) { return splat(type, rewriter.getF32FloatAttr(v)); };
    auto i32Splat = [&](int32_t v) { return splat(i32, rewriter.getI32IntegerAttr(v)); };
    auto fma = [&](Value a, Value b, Value c) {
      return math::FmaOp::create(rewriter, loc, a, b, c).getResult();
    };
    // Compare-and-select clamps keep NaN (x86 min/max semantics, one
    // instruction each), unlike arith.minimumf's NaN-propagating lowering.
    auto clamp = [&](Value v, arith::CmpFPredicate pred, float bound) {
      Value limit = f32(bound);
      Value beyond = arith::CmpFOp::create(rewriter, loc, pred, v, limit);
      return arith::SelectOp::create(rewriter, loc, beyond, limit, v).getResult();
    };
    Value y = clamp(exp.getOperand(), arith::CmpFPredicate::OLT, -88.0f);
    y = clamp(y, arith::CmpFPredicate::OGT, 87.0f);
    Value shifter = f32(0x1.8p23f);
    Value t = fma(y, f32(1.44269504088896341f), shifter);
    Value n = arith::SubFOp::create(rewriter, loc, t, shifter);
    Value f = fma(n, f32(-0.693359375f), y);
    f = fma(n, f32(2.12194440e-4f), f);
    Value p = f32(1.9875691500e-4f);
    for (float c : {1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f,
                    5.0000001201e-1f, 1.0f, 1.0f})
      p = fma(p, f, f32(c));
    // bits(t) = bits(1.5 * 2^23) + n, whose low 9 bits are 0: shifted left
    // by 23 only n remains, and the bias makes it 2^n.
    Value bits = arith::BitcastOp::create(rewriter, loc, i32, t);
    Value exponent = arith::ShLIOp::create(rewriter, loc, bits, i32Splat(23));
    exponent = arith::AddIOp::create(rewriter, loc, exponent, i32Splat(127 << 23));
    Value scale = arith::BitcastOp::create(rewriter, loc, type, exponent);
    Value e = arith::MulFOp::create(rewriter, loc, p, scale);
    Value d = arith::AddFOp::create(rewriter, loc, e, f32(1.0f));
    // 1 / d for d in [1, 7e37]: 0x7EF311C3 - bits(d) negates the exponent
    // and approximates the mantissa linearly (relative error below 1/8);
    // three Newton steps r += r * (1 - d * r) bring it within about an ulp.
    Value guessBits = arith::SubIOp::create(rewriter, loc, i32Splat(0x7EF311C3),
                                            arith::BitcastOp::create(rewriter, loc, i32, d));
    Value r = arith::BitcastOp::create(rewriter, loc, type, guessBits);
    Value negD = arith::NegFOp::create(rewriter, loc, d);
    for (int step = 0; step < 3; ++step)
      r = fma(r, fma(negD, r, f32(1.0f)), r);
    rewriter.replaceOp(div, r);
    return success();
  }
};

struct ApproximateMathPass
    : kiln::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    // Before exp becomes a polynomial, which hides the logistic pattern.
    RewritePatternSet logistic(&getContext());
    logistic.add<FastLogistic>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(logistic))))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    // The predicate sees full op names ("math.exp").
    populateMathPolynomialApproximationPatterns(patterns, [](StringRef name) {
      return llvm::is_contained({"math.exp", "math.expm1", "math.log", "math.log1p",
                                 "math.log2", "math.tanh", "math.erf", "math.erfc",
                                 "math.atan", "math.atan2", "math.sin", "math.cos"},
                                name);
    });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
