//===- LowerMatmulReduce.cpp - kiln matmul, reduce, softmax to linalg -----===//
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Batched matmul as one generic over (batch..., m, k, n): n innermost keeps
/// the B and C rows contiguous in the innermost loop.
struct LowerMatMul : OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatMulOp op, PatternRewriter &rewriter) const override {
    if (!hasRankedTypes(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types (run kiln-infer-shapes)");
    auto outType = cast<RankedTensorType>(op.getType());
    Type element = outType.getElementType();
    if (!isSupportedElementType(element))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    MLIRContext *ctx = rewriter.getContext();
    Location loc = op.getLoc();
    int64_t rank = outType.getRank(), batch = rank - 2;
    ArrayRef<int64_t> out = outType.getShape();
    int64_t m = batch, k = batch + 1, n = batch + 2, total = rank + 1;
    auto operandMap = [&](Value v, int64_t row, int64_t col) {
      ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
      SmallVector<AffineExpr> exprs;
      int64_t vb = shape.size() - 2;
      for (int64_t i = 0; i < vb; ++i) {
        int64_t dim = batch - vb + i;
        exprs.push_back(shape[i] == 1 && out[dim] != 1 ? getAffineConstantExpr(0, ctx)
                                                       : getAffineDimExpr(dim, ctx));
      }
      exprs.push_back(getAffineDimExpr(row, ctx));
      exprs.push_back(getAffineDimExpr(col, ctx));
      return AffineMap::get(total, 0, exprs, ctx);
    };
    SmallVector<AffineExpr> outExprs;
    for (int64_t i = 0; i < batch; ++i)
      outExprs.push_back(getAffineDimExpr(i, ctx));
    outExprs.push_back(getAffineDimExpr(m, ctx));
    outExprs.push_back(getAffineDimExpr(n, ctx));
    SmallVector<AffineMap> maps = {operandMap(op.getLhs(), m, k),
                                   operandMap(op.getRhs(), k, n),
                                   AffineMap::get(total, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(total, utils::IteratorType::parallel);
    iterators[k] = utils::IteratorType::reduction;
    // Dynamic dims: m from lhs, n from rhs, batch dims from either.
    SmallVector<OpFoldResult> sizes = mixedSizes(rewriter, loc, outType, [&](int64_t d) -> Value {
      auto lhsType = cast<RankedTensorType>(op.getLhs().getType());
      auto rhsType = cast<RankedTensorType>(op.getRhs().getType());
      if (d == batch)
        return tensor::DimOp::create(rewriter, loc, op.getLhs(), lhsType.getRank() - 2);
      if (d == batch + 1)
        return tensor::DimOp::create(rewriter, loc, op.getRhs(), rhsType.getRank() - 1);
      for (Value v : {op.getLhs(), op.getRhs()}) {
        auto t = cast<RankedTensorType>(v.getType());
        int64_t vd = d - (rank - t.getRank());
        if (vd >= 0 && t.isDynamicDim(vd))
          return tensor::DimOp::create(rewriter, loc, v, vd);
      }
      llvm_unreachable("dynamic batch dim without a dynamic operand dim");
    });
    Value init = filledTensor(rewriter, loc, outType,
                              scalarConstant(rewriter, loc, element, 0.0), sizes);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType}, ValueRange{op.getLhs(), op.getRhs()},
        ValueRange{init}, maps, iterators, [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l, addValues(b, l, args[2], mulValues(b, l, args[0], args[1])));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct LowerReduce : OpRewritePattern<ReduceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceOp op, PatternRewriter &rewriter) const override {
    if (!hasRankedTypes(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types (run kiln-infer-shapes)");
    if (!isSupportedElementType(cast<RankedTensorType>(op.getType()).getElementType()))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    rewriter.replaceOp(op, buildReduction(rewriter, op.getLoc(), op.getInput(),
                                          op.getAxes(), op.getKeepdims(), op.getKind()));
    return success();
  }
};

/// softmax(x) = exp(x - max) / sum(exp(x - max)) along the axis.
struct LowerSoftmax : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxOp op, PatternRewriter &rewriter) const override {
    if (!hasRankedTypes(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types (run kiln-infer-shapes)");
    auto type = cast<RankedTensorType>(op.getType());
    if (!isa<FloatType>(type.getElementType()))
      return rewriter.notifyMatchFailure(op, "needs a floating-point element type");
    Location loc = op.getLoc();
    int64_t axis = op.getAxis();
    Value max = buildReduction(rewriter, loc, op.getInput(), {axis}, true, "max");
    Value exp = buildElementwise(rewriter, loc, type, ValueRange{op.getInput(), max},
                                 [](OpBuilder &b, Location l, ValueRange a) -> Value {
                                   Value shifted = arith::SubFOp::create(b, l, a[0], a[1]);
                                   return math::ExpOp::create(b, l, shifted);
                                 });
    Value sum = buildReduction(rewriter, loc, exp, {axis}, true, "sum");
    rewriter.replaceOp(op, buildElementwise(rewriter, loc, type, ValueRange{exp, sum},
                                            [](OpBuilder &b, Location l, ValueRange a) {
                                              return arith::DivFOp::create(b, l, a[0], a[1]);
                                            }));
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerMatmulReducePatterns(RewritePatternSet &patterns) {
  patterns.add<LowerMatMul, LowerReduce, LowerSoftmax>(patterns.getContext());
}
