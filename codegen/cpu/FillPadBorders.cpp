//===- FillPadBorders.cpp - kiln-cpu-fill-pad-borders ---------------------===//
//
// A padded kernel input is built as `insert_slice %x into fill(%v, empty)`
// (decomposed tensor.pad). Filling the whole buffer writes every element
// twice, once with the pad value and once with the interior; for a 3x3
// depthwise input that is a memset of the whole activation per layer. The
// border is a thin shell: fill only the slabs around the interior.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_FILLPADBORDERS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

struct FillOnlyPadBorders : OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::InsertSliceOp insert,
                                PatternRewriter &rewriter) const override {
    auto fill = insert.getDest().getDefiningOp<linalg::FillOp>();
    if (!fill || !fill.hasPureTensorSemantics() || !fill->getResult(0).hasOneUse() ||
        !fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>())
      return rewriter.notifyMatchFailure(insert, "destination is not a fill of an empty tensor");
    RankedTensorType destType = insert.getDestType();
    if (!destType.hasStaticShape() || insert.getSourceType().getRank() != destType.getRank() ||
        ShapedType::isDynamicShape(insert.getStaticOffsets()) ||
        ShapedType::isDynamicShape(insert.getStaticSizes()) ||
        llvm::any_of(insert.getStaticStrides(), [](int64_t s) { return s != 1; }))
      return rewriter.notifyMatchFailure(insert, "needs a static, unit-stride interior");
    ArrayRef<int64_t> shape = destType.getShape(), offsets = insert.getStaticOffsets(),
                      sizes = insert.getStaticSizes();
    if (sizes == shape)
      return rewriter.notifyMatchFailure(insert, "the interior is the whole buffer");

    // Slab d covers the interior along dimensions before d, one side of the
    // interior along d, and everything along dimensions after d: together
    // the slabs cover the border exactly once.
    Location loc = insert.getLoc();
    Value value = fill.getInputs()[0];
    Value buffer = fill.getOutputs()[0];
    auto fillSlab = [&](unsigned dim, int64_t begin, int64_t length) {
      SmallVector<OpFoldResult> slabOffsets, slabSizes, strides;
      for (unsigned i = 0; i < shape.size(); ++i) {
        int64_t o = i < dim ? offsets[i] : i == dim ? begin : 0;
        int64_t n = i < dim ? sizes[i] : i == dim ? length : shape[i];
        slabOffsets.push_back(rewriter.getIndexAttr(o));
        slabSizes.push_back(rewriter.getIndexAttr(n));
        strides.push_back(rewriter.getIndexAttr(1));
      }
      Value slab =
          tensor::ExtractSliceOp::create(rewriter, loc, buffer, slabOffsets, slabSizes, strides);
      Value filled = linalg::FillOp::create(rewriter, loc, value, slab).getResult(0);
      buffer = tensor::InsertSliceOp::create(rewriter, loc, filled, buffer, slabOffsets, slabSizes,
                                             strides);
    };
    rewriter.setInsertionPoint(fill);
    for (unsigned d = 0; d < shape.size(); ++d) {
      if (offsets[d] > 0)
        fillSlab(d, 0, offsets[d]);
      if (int64_t high = shape[d] - offsets[d] - sizes[d]; high > 0)
        fillSlab(d, offsets[d] + sizes[d], high);
    }
    rewriter.modifyOpInPlace(insert, [&] { insert.getDestMutable().assign(buffer); });
    rewriter.eraseOp(fill);
    return success();
  }
};

struct FillPadBordersPass : kiln::impl::FillPadBordersBase<FillPadBordersPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    kiln::populateFillPadBordersPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::kiln::populateFillPadBordersPatterns(RewritePatternSet &patterns) {
  patterns.add<FillOnlyPadBorders>(patterns.getContext());
}
