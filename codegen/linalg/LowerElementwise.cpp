//===- LowerElementwise.cpp - kiln elementwise ops to linalg --------------===//
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

struct LowerConstant : OpRewritePattern<ConstantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConstantOp op, PatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value)
      return rewriter.notifyMatchFailure(op, "constant value is not a typed attribute");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

/// Scalar body of each elementwise op; null when the element type is unsupported.
static Value buildScalar(Operation *op, OpBuilder &b, Location loc, ValueRange x) {
  Type type = x[0].getType();
  bool isFloat = isa<FloatType>(type);
  auto zero = [&] { return scalarConstant(b, loc, type, 0.0); };
  if (isa<AddOp>(op))
    return addValues(b, loc, x[0], x[1]);
  if (isa<MulOp>(op))
    return mulValues(b, loc, x[0], x[1]);
  if (isa<MaxOp>(op))
    return maxValues(b, loc, x[0], x[1]);
  if (isa<MinOp>(op))
    return minValues(b, loc, x[0], x[1]);
  if (isa<SubOp>(op))
    return isFloat ? Value(arith::SubFOp::create(b, loc, x[0], x[1]))
                   : Value(arith::SubIOp::create(b, loc, x[0], x[1]));
  if (isa<DivOp>(op))
    return isFloat ? Value(arith::DivFOp::create(b, loc, x[0], x[1]))
                   : Value(arith::DivSIOp::create(b, loc, x[0], x[1]));
  if (isa<ReluOp>(op))
    return maxValues(b, loc, x[0], zero());
  if (isa<NegOp>(op))
    return isFloat ? Value(arith::NegFOp::create(b, loc, x[0]))
                   : Value(arith::SubIOp::create(b, loc, zero(), x[0]));
  if (isa<AbsOp>(op))
    return isFloat ? Value(math::AbsFOp::create(b, loc, x[0]))
                   : Value(math::AbsIOp::create(b, loc, x[0]));
  if (isa<ClipOp>(op))
    return minValues(b, loc, maxValues(b, loc, x[0], x[1]), x[2]);
  if (!isFloat)
    return Value();
  if (isa<PowOp>(op))
    return math::PowFOp::create(b, loc, x[0], x[1]);
  if (isa<SigmoidOp>(op)) {
    Value one = scalarConstant(b, loc, type, 1.0);
    Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x[0]));
    return arith::DivFOp::create(b, loc, one, arith::AddFOp::create(b, loc, one, e));
  }
  if (isa<TanhOp>(op))
    return math::TanhOp::create(b, loc, x[0]);
  if (isa<ExpOp>(op))
    return math::ExpOp::create(b, loc, x[0]);
  if (isa<LogOp>(op))
    return math::LogOp::create(b, loc, x[0]);
  if (isa<SqrtOp>(op))
    return math::SqrtOp::create(b, loc, x[0]);
  if (auto leaky = dyn_cast<LeakyReluOp>(op)) {
    Value alpha = scalarConstant(b, loc, type, leaky.getAlpha().convertToDouble());
    Value negative = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x[0], zero());
    return arith::SelectOp::create(b, loc, negative,
                                   arith::MulFOp::create(b, loc, x[0], alpha), x[0]);
  }
  return Value();
}

/// Any elementwise kiln op: one linalg.generic with broadcasting.
template <typename OpTy>
struct LowerElementwise : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    if (!hasRankedTypes(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types (run kiln-infer-shapes)");
    auto type = cast<RankedTensorType>(op.getType());
    if (!isSupportedElementType(type.getElementType()))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    // Transcendental ops exist for floats only.
    if (!isa<FloatType>(type.getElementType()) &&
        isa<PowOp, SigmoidOp, TanhOp, ExpOp, LogOp, SqrtOp, LeakyReluOp>(op.getOperation()))
      return rewriter.notifyMatchFailure(op, "needs a floating-point element type");
    Value result = buildElementwise(
        rewriter, op.getLoc(), type, op->getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return buildScalar(op, b, loc, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerElementwisePatterns(RewritePatternSet &patterns) {
  patterns.add<LowerConstant, LowerElementwise<AddOp>, LowerElementwise<SubOp>,
               LowerElementwise<MulOp>, LowerElementwise<DivOp>,
               LowerElementwise<PowOp>, LowerElementwise<MaxOp>,
               LowerElementwise<MinOp>, LowerElementwise<ReluOp>,
               LowerElementwise<SigmoidOp>, LowerElementwise<TanhOp>,
               LowerElementwise<ExpOp>, LowerElementwise<LogOp>,
               LowerElementwise<SqrtOp>, LowerElementwise<NegOp>,
               LowerElementwise<AbsOp>, LowerElementwise<LeakyReluOp>,
               LowerElementwise<ClipOp>>(patterns.getContext());
}
