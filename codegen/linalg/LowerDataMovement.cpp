//===- LowerDataMovement.cpp - kiln reshape/transpose/concat to tensor ----===//
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Reshape as collapse-to-1-D then expand: both are views after bufferization.
struct LowerReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op, PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    auto outType = cast<RankedTensorType>(op.getType());
    Location loc = op.getLoc();
    // Rank 0 <-> all-ones shapes: one reshape with an empty reassociation.
    if (inType.getRank() == 0 && outType.getRank() > 0) {
      rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
          op, outType, op.getInput(), SmallVector<ReassociationIndices>{});
      return success();
    }
    auto flatType = RankedTensorType::get({inType.getNumElements()}, inType.getElementType());
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
    if (outType.getRank() == 1) {
      rewriter.replaceOp(op, flat);
      return success();
    }
    if (outType.getRank() == 0) {
      rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
          op, outType, flat, SmallVector<ReassociationIndices>{});
      return success();
    }
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, outType, flat,
                                                       allInOne(outType.getRank()));
    return success();
  }
};

struct LowerTranspose : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op, PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    auto outType = cast<RankedTensorType>(op.getType());
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), outType.getShape(),
                                         outType.getElementType());
    auto transpose = linalg::TransposeOp::create(rewriter, op.getLoc(), op.getInput(),
                                                 init, op.getPerm());
    rewriter.replaceOp(op, transpose->getResult(0));
    return success();
  }
};

struct LowerConcat : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op, PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    auto outType = cast<RankedTensorType>(op.getType());
    Location loc = op.getLoc();
    int64_t rank = outType.getRank(), axis = op.getAxis();
    Value result = tensor::EmptyOp::create(rewriter, loc, outType.getShape(),
                                           outType.getElementType());
    int64_t offset = 0;
    for (Value input : op.getInputs()) {
      auto type = cast<RankedTensorType>(input.getType());
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t d : type.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      offsets[axis] = rewriter.getIndexAttr(offset);
      offset += type.getDimSize(axis);
      if (type.getNumElements() == 0)
        continue;
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result, offsets,
                                             sizes, strides);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerDataMovementPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerReshape, LowerTranspose, LowerConcat>(patterns.getContext());
}
