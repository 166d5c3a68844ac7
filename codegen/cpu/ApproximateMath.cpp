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

/// The logistic function's reciprocal, 1 / (1 + exp(y)) in f32, without a
/// division: a divide has a fraction of the throughput of a multiply-add
/// (vdivps on zmm: one per 8-10 cycles), and SiLU/sigmoid compute it for
/// every element of an activation. The denominator lies in [1, inf]:
/// clamped to 2^126 its reciprocal stays a normal number, and an initial
/// guess from the exponent bits (relative error below 1/8) refined by three
/// Newton steps r += r * (1 - d * r) is within about an ulp. NaN stays NaN.
struct LogisticReciprocal : OpRewritePattern<arith::DivFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::DivFOp div, PatternRewriter &rewriter) const override {
    Type type = div.getType();
    if (!getElementTypeOrSelf(type).isF32() || !isOne(div.getLhs()))
      return rewriter.notifyMatchFailure(div, "not an f32 reciprocal");
    auto add = div.getRhs().getDefiningOp<arith::AddFOp>();
    if (!add || !((add.getLhs().getDefiningOp<math::ExpOp>() && isOne(add.getRhs())) ||
                  (add.getRhs().getDefiningOp<math::ExpOp>() && isOne(add.getLhs()))))
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
    Value d = arith::MinimumFOp::create(
        rewriter, loc, add, splat(type, rewriter.getF32FloatAttr(0x1p126f)));
    // 0x7EF311C3 - bits(d): the exponent negated, the mantissa linearly
    // approximated.
    Type i32 = intType(type);
    Value bits = arith::BitcastOp::create(rewriter, loc, i32, d);
    Value guessBits = arith::SubIOp::create(
        rewriter, loc, splat(i32, rewriter.getI32IntegerAttr(0x7EF311C3)), bits);
    Value r = arith::BitcastOp::create(rewriter, loc, type, guessBits);
    Value one = splat(type, rewriter.getF32FloatAttr(1.0f));
    Value negD = arith::NegFOp::create(rewriter, loc, d);
    for (int step = 0; step < 3; ++step) {
      Value error = math::FmaOp::create(rewriter, loc, negD, r, one);
      r = math::FmaOp::create(rewriter, loc, r, error, r);
    }
    rewriter.replaceOp(div, r);
    return success();
  }
};

struct ApproximateMathPass
    : kiln::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    // Before exp becomes a polynomial, which hides the logistic pattern.
    RewritePatternSet logistic(&getContext());
    logistic.add<LogisticReciprocal>(&getContext());
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
