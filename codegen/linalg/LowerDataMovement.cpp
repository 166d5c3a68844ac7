//===- LowerDataMovement.cpp - kiln reshape/transpose/concat to tensor ----===//
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Reshape as collapse-to-1-D then expand: both are views after
/// bufferization. A dynamic result dim (the -1 entry) is the element count
/// divided by the product of the other dims.
struct LowerReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op, PatternRewriter &rewriter) const override {
    if (!hasRankedTypes(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types (run kiln-infer-shapes)");
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    auto outType = cast<RankedTensorType>(op.getType());
    if (outType.getNumDynamicDims() > 1)
      return rewriter.notifyMatchFailure(op, "more than one dynamic result dim");
    Location loc = op.getLoc();
    // Rank 0 <-> all-ones shapes: one reshape with an empty reassociation.
    if (inType.getRank() == 0 && outType.getRank() > 0) {
      rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
          op, outType, op.getInput(), SmallVector<ReassociationIndices>{});
      return success();
    }
    int64_t count = inType.hasStaticShape() ? inType.getNumElements() : ShapedType::kDynamic;
    auto flatType = RankedTensorType::get({count}, inType.getElementType());
    auto allInOne = [](int64_t rank) {
      SmallVector<ReassociationIndices> r;
      if (rank > 0)
        r.push_back(llvm::to_vector(llvm::seq<int64_t>(0, rank)));
      return r;
    };
    Value flat = op.getInput();
    if (inType.getRank() != 1)
      flat = tensor::CollapseShapeOp::create(rewriter, loc, flatType, flat,
                                             allInOne(inType.getRank()));
    // A dynamic input reshaped to a static shape: the count is known.
    if (outType.hasStaticShape() && count == ShapedType::kDynamic)
      flat = tensor::CastOp::create(
          rewriter, loc, RankedTensorType::get({outType.getNumElements()}, inType.getElementType()),
          flat);
    if (outType.getRank() == 1) {
      if (flat.getType() != outType)
        flat = tensor::CastOp::create(rewriter, loc, outType, flat);
      rewriter.replaceOp(op, flat);
      return success();
    }
    if (outType.getRank() == 0) {
      rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
          op, outType, flat, SmallVector<ReassociationIndices>{});
      return success();
    }
    int64_t known = 1;
    for (int64_t d : outType.getShape())
      if (!ShapedType::isDynamic(d))
        known *= d;
    SmallVector<OpFoldResult> sizes = mixedSizes(rewriter, loc, outType, [&](int64_t) {
      Value total = tensor::DimOp::create(rewriter, loc, flat, 0);
      Value rest = arith::ConstantIndexOp::create(rewriter, loc, std::max<int64_t>(known, 1));
      return arith::DivUIOp::create(rewriter, loc, total, rest).getResult();
    });
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, outType, flat,
                                                       allInOne(outType.getRank()), sizes);
    return success();
  }
};

struct LowerTranspose : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op, PatternRewriter &rewriter) const override {
    if (!hasRankedTypes(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types (run kiln-infer-shapes)");
    auto outType = cast<RankedTensorType>(op.getType());
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    Location loc = op.getLoc();
    // linalg.transpose wants the permuted input type exactly; a result type
    // that knows more (static where the input is dynamic) is a cast away.
    SmallVector<int64_t> permuted;
    for (int64_t p : op.getPerm())
      permuted.push_back(inType.getDimSize(p));
    auto permutedType = RankedTensorType::get(permuted, outType.getElementType());
    SmallVector<OpFoldResult> sizes =
        mixedSizes(rewriter, loc, permutedType, [&](int64_t d) -> Value {
          return tensor::DimOp::create(rewriter, loc, op.getInput(), op.getPerm()[d]);
        });
    Value init = emptyTensor(rewriter, loc, permutedType, sizes);
    Value result = linalg::TransposeOp::create(rewriter, loc, op.getInput(), init,
                                               op.getPerm())->getResult(0);
    if (permutedType != outType)
      result = tensor::CastOp::create(rewriter, loc, outType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// a + b, folded when both are constants.
static OpFoldResult addIndices(OpBuilder &b, Location loc, OpFoldResult x, OpFoldResult y) {
  std::optional<int64_t> cx = getConstantIntValue(x), cy = getConstantIntValue(y);
  if (cx && cy)
    return b.getIndexAttr(*cx + *cy);
  return arith::AddIOp::create(b, loc, getValueOrCreateConstantIndexOp(b, loc, x),
                               getValueOrCreateConstantIndexOp(b, loc, y))
      .getResult();
}

struct LowerConcat : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op, PatternRewriter &rewriter) const override {
    if (!hasRankedTypes(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types (run kiln-infer-shapes)");
    auto outType = cast<RankedTensorType>(op.getType());
    Location loc = op.getLoc();
    int64_t rank = outType.getRank(), axis = op.getAxis();
    // Dynamic dims: off the axis, any input's dim; along it, the sum.
    SmallVector<OpFoldResult> sizes = mixedSizes(rewriter, loc, outType, [&](int64_t d) -> Value {
      if (d != axis)
        return tensor::DimOp::create(rewriter, loc, op.getInputs()[0], d).getResult();
      Value sum = arith::ConstantIndexOp::create(rewriter, loc, 0);
      for (Value input : op.getInputs())
        sum = arith::AddIOp::create(rewriter, loc, sum,
                                    tensor::DimOp::create(rewriter, loc, input, axis));
      return sum;
    });
    Value result = emptyTensor(rewriter, loc, outType, sizes);
    OpFoldResult offset = rewriter.getIndexAttr(0);
    for (Value input : op.getInputs()) {
      auto type = cast<RankedTensorType>(input.getType());
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      SmallVector<OpFoldResult> inSizes = tensor::getMixedSizes(rewriter, loc, input);
      offsets[axis] = offset;
      offset = addIndices(rewriter, loc, offset, inSizes[axis]);
      if (type.hasStaticShape() && type.getNumElements() == 0)
        continue;
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result, offsets,
                                             inSizes, strides);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerDataMovementPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerReshape, LowerTranspose, LowerConcat>(patterns.getContext());
}
