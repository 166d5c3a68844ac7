//===- LowerUnsignedPool.cpp - max_pool on unsigned integers --------------===//
//
// The pooling lowering computes in signless arith, where integer max and
// the padding value (the lowest value) are signed. For an unsigned element
// type, flipping the sign bit maps unsigned order onto signed order
// (0 -> INT_MIN, UINT_MAX -> INT_MAX), so
//   max_pool_u(x) = flip(max_pool_s(flip(x)))
// with flip(v) = v xor SIGN_BIT on the same-width signless type. The
// rewrite produces kiln ops, which the conversion then lowers as usual.
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {
struct LowerUnsignedMaxPool : OpRewritePattern<MaxPoolOp> {
  LowerUnsignedMaxPool(MLIRContext *ctx) : OpRewritePattern<MaxPoolOp>(ctx, /*benefit=*/2) {}
  LogicalResult matchAndRewrite(MaxPoolOp op, PatternRewriter &rewriter) const override {
    auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto outType = dyn_cast<RankedTensorType>(op.getType());
    auto element = inType ? dyn_cast<IntegerType>(inType.getElementType()) : IntegerType();
    if (!element || !element.isUnsigned() || !outType)
      return rewriter.notifyMatchFailure(op, "not an unsigned integer max_pool");
    Location loc = op.getLoc();
    auto plain = IntegerType::get(getContext(), element.getWidth());
    auto inPlain = RankedTensorType::get(inType.getShape(), plain);
    auto outPlain = RankedTensorType::get(outType.getShape(), plain);
    auto signBitType = RankedTensorType::get({}, plain);
    Value signBit = ConstantOp::create(
        rewriter, loc, signBitType,
        DenseElementsAttr::get(signBitType,
                               APInt::getSignedMinValue(element.getWidth())));

    Value x = CastOp::create(rewriter, loc, inPlain, op.getInput());
    Value flipped = XorOp::create(rewriter, loc, inPlain, x, signBit);
    Operation *pool = rewriter.clone(*op);
    pool->setOperand(0, flipped);
    pool->getResult(0).setType(outPlain);
    Value back = XorOp::create(rewriter, loc, outPlain, pool->getResult(0), signBit);
    rewriter.replaceOpWithNewOp<CastOp>(op, outType, back);
    return success();
  }
};
} // namespace

void mlir::kiln::populateLowerUnsignedPoolPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerUnsignedMaxPool>(patterns.getContext());
}
