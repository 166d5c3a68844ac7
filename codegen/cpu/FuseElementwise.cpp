//===- FuseElementwise.cpp - kiln-cpu-fuse-elementwise --------------------===//
//
// Upstream elementwise fusion with a cost rule: a producer is folded into
// its consumer only when that does not repeat its work. Folded into a
// consumer that broadcasts it, the producer's body runs once per consumer
// element: the sigmoid of a squeeze-excite gate (one value per channel)
// would run once per pixel, an exp and a division for every element of the
// activation. Such producers are fused only when their bodies are cheap.
// Transposes are generalized first, so that they fold into their users.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// Ops that cost about as much as the load they would save: adds,
/// multiplies, compares, selects, casts.
bool isCheapBody(linalg::GenericOp op) {
  return llvm::all_of(op.getBody()->without_terminator(), [](Operation &inner) {
    return isa<arith::ArithDialect>(inner.getDialect()) &&
           !isa<arith::DivFOp, arith::RemFOp, arith::DivSIOp, arith::DivUIOp, arith::RemSIOp,
                arith::RemUIOp, arith::CeilDivSIOp, arith::FloorDivSIOp>(inner);
  });
}

} // namespace

bool mlir::kiln::isProfitableElementwiseFusion(OpOperand *fused) {
  auto producer = fused->get().getDefiningOp<linalg::GenericOp>();
  auto consumer = dyn_cast<linalg::GenericOp>(fused->getOwner());
  if (!producer || !consumer)
    return false;
  // Every use in the consumer: the producer dies instead of being computed
  // twice.
  if (!llvm::all_of(producer->getUsers(), [&](Operation *user) { return user == consumer; }))
    return false;
  AffineMap map = consumer.getMatchingIndexingMap(fused);
  bool broadcast = map.getNumResults() < consumer.getNumLoops() || !map.isPermutation();
  return !broadcast || isCheapBody(producer);
}

void mlir::kiln::populateElementwiseFusionPatterns(RewritePatternSet &patterns,
                                                   const linalg::ControlFusionFn &restrict) {
  linalg::populateElementwiseOpsFusionPatterns(patterns, [restrict](OpOperand *fused) {
    return isProfitableElementwiseFusion(fused) && (!restrict || restrict(fused));
  });
  // Fusion leaves duplicate operands (x * sigmoid(x) reads x twice).
  linalg::GenericOp::getCanonicalizationPatterns(patterns, patterns.getContext());
}

namespace {

struct FuseElementwisePass : kiln::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // Transposes (attention's head split and merge) as generics: they fold
    // into the copies that pack their users' operands, and the rest run as
    // vector rows (the head dimension stays innermost) instead of scalar
    // loops.
    SmallVector<linalg::TransposeOp> transposes;
    getOperation()->walk([&](linalg::TransposeOp op) {
      if (op.hasPureTensorSemantics())
        transposes.push_back(op);
    });
    IRRewriter rewriter(ctx);
    for (linalg::TransposeOp op : transposes) {
      rewriter.setInsertionPoint(op);
      (void)linalg::generalizeNamedOp(rewriter, op);
    }
    RewritePatternSet patterns(ctx);
    kiln::populateElementwiseFusionPatterns(patterns);
    // As upstream's linalg-fuse-elementwise-ops: reshapes move out of the
    // way of fusion, and constant operands fold.
    linalg::ControlFusionFn singleUse = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      return producer && producer->hasOneUse();
    };
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, singleUse);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    ctx->getLoadedDialect<linalg::LinalgDialect>()->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, singleUse);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     GreedyRewriteConfig().setUseTopDownTraversal())))
      signalPassFailure();
  }
};

} // namespace
