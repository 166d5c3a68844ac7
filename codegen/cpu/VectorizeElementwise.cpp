//===- VectorizeElementwise.cpp - kiln-cpu-vectorize-elementwise ----------===//
//
// Elementwise, broadcast, pooling and row-reduction linalg.generic ops with
// static shapes are tiled into rows along their innermost loop (a multiple
// of the vector width, or the whole extent when short) and each row is
// vectorized with linalg::vectorize. The loop lowering alone leaves them to
// LLVM's loop vectorizer, which keeps NaN-propagating min/max (ReLU, max
// pooling) scalar, picks 256-bit vectors and never reassociates a sum
// (softmax, LayerNorm and mean reductions stay scalar).
//
// The outermost tiling loop over a parallel dimension that repeats is
// marked kiln.parallel: rows write disjoint slices of the output.
// A reduction row's horizontal sum is reassociated (a tree over vector
// registers); its order is fixed at compile time, so results do not depend
// on the thread count.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_VECTORIZEELEMENTWISE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// The row length for an innermost extent: the whole extent up to
/// `maxVector`, else the largest power-of-two divisor of at least 8.
std::optional<int64_t> rowLength(int64_t extent, int64_t maxVector) {
  if (extent <= maxVector)
    return extent;
  for (int64_t t = maxVector; t >= 8; t /= 2)
    if (extent % t == 0)
      return t;
  return std::nullopt;
}

/// Math ops that reach LLVM as vector intrinsics or as polynomials
/// (kiln-cpu-approximate-math) when their operands are vectors.
bool hasVectorLowering(Operation *op) {
  return isa<math::AbsFOp, math::AbsIOp, math::CeilOp, math::CopySignOp, math::FloorOp,
             math::FmaOp, math::PowFOp, math::RoundEvenOp, math::RoundOp, math::RsqrtOp,
             math::SqrtOp, math::TruncOp, math::ExpOp, math::Exp2Op, math::ExpM1Op,
             math::LogOp, math::Log1pOp, math::Log2Op, math::Log10Op, math::TanhOp,
             math::ErfOp, math::ErfcOp, math::AtanOp, math::Atan2Op, math::SinOp,
             math::CosOp>(op);
}

/// Longest row of a reduction: one horizontal reduction per row, so rows are
/// longer than elementwise ones.
constexpr int64_t kMaxReductionRow = 256;

/// The innermost loop is a reduction into the single output whose combiner
/// is a float add, mul, min or max.
bool hasInnermostFloatReduction(linalg::GenericOp op) {
  unsigned inner = op.getNumLoops() - 1;
  SmallVector<unsigned> reductions;
  op.getReductionDims(reductions);
  if (!llvm::is_contained(reductions, inner) || op.getNumDpsInits() != 1 ||
      !isa<FloatType>(op.getRegionOutputArgs()[0].getType()))
    return false;
  SmallVector<Operation *> combiners;
  return matchReduction(op.getRegionOutputArgs(), 0, combiners) && combiners.size() == 1 &&
         isa<arith::AddFOp, arith::MulFOp, arith::MaximumFOp, arith::MinimumFOp,
             arith::MaxNumFOp, arith::MinNumFOp>(combiners.front());
}

/// Rows along the innermost loop must be contiguous in every operand that
/// uses it, and the body must not gather. The innermost loop is parallel,
/// or a reduction with a recognized float combiner.
bool isRowVectorizable(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op->getNumResults() != 1 || op.getNumLoops() == 0)
    return false;
  // Inside loops (Scan, Loop bodies) the rows' in-place writes can conflict
  // with loop-carried tensors during bufferization.
  if (!isa<FunctionOpInterface>(op->getParentOp()))
    return false;
  if (ShapedType::isDynamicShape(op.getStaticLoopRanges()))
    return false;
  unsigned inner = op.getNumLoops() - 1;
  if (op.getIteratorTypesArray()[inner] != utils::IteratorType::parallel &&
      !hasInnermostFloatReduction(op))
    return false;
  MLIRContext *ctx = op.getContext();
  AffineExpr innerExpr = getAffineDimExpr(inner, ctx);
  // The innermost loop may only move the last index, by one per step
  // (`d` or `d + <other loops>`, as in packing copies); other results may be
  // any expressions (pooling windows): rows fix them.
  for (AffineMap map : op.getIndexingMapsArray()) {
    ArrayRef<AffineExpr> results = map.getResults();
    if (!map.isFunctionOfDim(inner))
      continue;
    AffineExpr last = results.back();
    AffineExpr rest = last.replace(innerExpr, getAffineConstantExpr(0, ctx));
    if (simplifyAffineExpr(last - rest, map.getNumDims(), 0) != innerExpr ||
        llvm::any_of(results.drop_back(), [&](AffineExpr e) { return e.isFunctionOfDim(inner); }))
      return false;
  }
  // Booleans are bytes in memory but bits in vectors of i1.
  for (Value operand : op->getOperands())
    if (auto shaped = dyn_cast<ShapedType>(operand.getType());
        shaped && shaped.getElementTypeBitWidth() % 8 != 0)
      return false;
  // Gathers (tensor.extract in the body) would vectorize into gathers; math
  // ops without a vector lowering (libm only) would stay vector ops.
  WalkResult walk = op.getBody()->walk([](Operation *inner) {
    if (isa<tensor::ExtractOp>(inner) ||
        (isa<math::MathDialect>(inner->getDialect()) && !hasVectorLowering(inner)))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return !walk.wasInterrupted();
}

/// A reduction row reads its accumulator as vector<1> through a map that
/// picks an outer dimension, which the transfer lowerings leave alone. With
/// one in-bounds element any map reads the same element: use the minor
/// identity.
struct SingleElementReadMap : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    VectorType type = read.getVectorType();
    AffineMap map = read.getPermutationMap();
    if (type.getRank() != 1 || type.getNumElements() != 1 || read.getMask() ||
        map.isMinorIdentity() || !read.isDimInBounds(0) || map.isConstant())
      return rewriter.notifyMatchFailure(read, "not a one-element read through a permutation");
    AffineMap minor = AffineMap::getMinorIdentityMap(map.getNumDims(), 1, rewriter.getContext());
    rewriter.modifyOpInPlace(read, [&] { read.setPermutationMapAttr(AffineMapAttr::get(minor)); });
    return success();
  }
};

/// Marks the outermost tiling loop over a parallel dimension that repeats
/// kiln.parallel; a repeating reduction loop outside it keeps all serial.
void markParallelLoop(ArrayRef<utils::IteratorType> iterators,
                      ArrayRef<LoopLikeOpInterface> loops) {
  // Every loop is tiled (sizes are never 0), so loops[i] is loop dim i.
  if (loops.size() != iterators.size())
    return;
  for (auto [i, loop] : llvm::enumerate(loops)) {
    auto forOp = dyn_cast<scf::ForOp>(LoopLikeOpInterface(loop).getOperation());
    std::optional<llvm::APInt> trips = forOp ? forOp.getStaticTripCount() : std::nullopt;
    if (!trips || trips->ule(1))
      continue;
    if (iterators[i] == utils::IteratorType::parallel)
      forOp->setAttr(kiln::kParallelLoopAttr, UnitAttr::get(forOp.getContext()));
    return;
  }
}

struct VectorizeElementwisePass
    : kiln::impl::VectorizeElementwiseBase<VectorizeElementwisePass> {
  using Base::Base;
  void runOnOperation() override {
    if (maxVectorSize < 1) {
      getOperation()->emitError("kiln-cpu-vectorize-elementwise: max-vector-size must be positive");
      return signalPassFailure();
    }
    SmallVector<linalg::GenericOp> candidates;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (isRowVectorizable(op))
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : candidates) {
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
      bool reduction = iterators.back() == utils::IteratorType::reduction;
      std::optional<int64_t> row =
          rowLength(ranges.back(), reduction ? std::max<int64_t>(maxVectorSize, kMaxReductionRow)
                                             : maxVectorSize);
      if (!row)
        continue;
      rewriter.setInsertionPoint(op);
      SmallVector<OpFoldResult> sizes(op.getNumLoops(), rewriter.getIndexAttr(1));
      sizes.back() = rewriter.getIndexAttr(*row);
      scf::SCFTilingOptions options;
      options.setTileSizes(sizes);
      SmallVector<unsigned> reductions;
      op.getReductionDims(reductions);
      options.setReductionDims(reductions);
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled))
        continue;
      rewriter.replaceOp(op, tiled->replacements);
      markParallelLoop(iterators, tiled->loops);
      for (Operation *tile : tiled->tiledOps) {
        // In a row every loop but the innermost has extent 1 (index 0), so
        // in compound results the other loops drop out (pooling windows
        // become 0, packing offsets `n1 * 16 + lane` the lane): the maps
        // become projected permutations with zeros, which linalg::vectorize
        // needs.
        auto row = cast<linalg::GenericOp>(tile);
        unsigned numDims = row.getNumLoops();
        SmallVector<AffineExpr> zeroOthers;
        for (unsigned d = 0; d < numDims; ++d)
          zeroOthers.push_back(d + 1 == numDims ? getAffineDimExpr(d, &getContext())
                                                : getAffineConstantExpr(0, &getContext()));
        SmallVector<Attribute> maps;
        for (AffineMap map : row.getIndexingMapsArray()) {
          SmallVector<AffineExpr> results;
          for (AffineExpr e : map.getResults())
            results.push_back(isa<AffineDimExpr>(e)
                                  ? e
                                  : simplifyAffineExpr(e.replaceDims(zeroOthers), numDims, 0));
          maps.push_back(AffineMapAttr::get(
              AffineMap::get(map.getNumDims(), 0, results, &getContext())));
        }
        rewriter.modifyOpInPlace(row, [&] {
          row.setIndexingMapsAttr(ArrayAttr::get(&getContext(), maps));
        });
        rewriter.setInsertionPoint(tile);
        FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(rewriter, tile);
        if (succeeded(vectorized))
          rewriter.replaceOp(tile, vectorized->replacements);
      }
    }
    // Rows come out as vector<1x..x1xN>: drop the unit dimensions so the
    // transfers lower to plain vector loads and stores; broadcast reads
    // become a scalar read and a broadcast.
    RewritePatternSet patterns(&getContext());
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::populateVectorTransferDropUnitDimsPatterns(patterns);
    vector::populateDropUnitDimWithShapeCastPatterns(patterns);
    patterns.add<SingleElementReadMap>(&getContext());
    vector::MultiDimReductionOp::getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // What is left of the multi-reductions once unit dimensions are gone
    // (reductions over window loops become elementwise) reduces rows.
    RewritePatternSet reductions(&getContext());
    vector::populateVectorMultiReductionLoweringPatterns(
        reductions, vector::VectorMultiReductionLowering::InnerReduction);
    if (failed(applyPatternsGreedily(getOperation(), std::move(reductions))))
      return signalPassFailure();
    // Row reductions sum as a tree over registers, not element by element.
    // (The function's only vector.reduction ops are these rows': the
    // kernels before this pass accumulate with FMAs.)
    getOperation()->walk([](vector::ReductionOp reduce) {
      if (isa<FloatType>(reduce.getType()) &&
          llvm::is_contained({vector::CombiningKind::ADD, vector::CombiningKind::MUL},
                             reduce.getKind()))
        reduce.setFastmath(reduce.getFastmath() | arith::FastMathFlags::reassoc);
    });
  }
};

} // namespace
