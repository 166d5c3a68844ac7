//===- LowerGatherScatter.cpp - kiln gathers and scatters -----------------===//
//
// Gathers are one linalg.generic over the result that reads the index
// operand through its indexing map and loads the data with tensor.extract.
// Scatters apply their updates one at a time in row-major order (ONNX
// semantics for duplicates): an scf.for nest carrying the result tensor,
// updated with tensor.insert, which bufferizes in place.
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/IndexingLowering.h"
#include "codegen/linalg/LoweringUtils.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

static bool allRanked(Operation *op) {
  auto ranked = [](Type t) { return isa<RankedTensorType>(t); };
  return llvm::all_of(op->getOperandTypes(), ranked) &&
         llvm::all_of(op->getResultTypes(), ranked);
}

/// An index read from an index tensor, wrapped against `size` (an index
/// value) and converted to index.
static Value normalizedIndex(OpBuilder &b, Location loc, Value raw, Value size) {
  return i64ToIndex(b, loc, wrapIndex(b, loc, toI64(b, loc, raw), indexToI64(b, loc, size)));
}

namespace {

struct LowerGather : OpRewritePattern<GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GatherOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    Location loc = op.getLoc();
    auto &b = rewriter;
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis(), outRank = outType.getRank();
    int64_t q = cast<RankedTensorType>(op.getIndices().getType()).getRank();
    SmallVector<Value> sizes;
    SmallVector<AffineExpr> indexExprs;
    for (int64_t d = 0; d < outRank; ++d) {
      if (d < axis) {
        sizes.push_back(dimOf(b, loc, op.getInput(), d));
      } else if (d < axis + q) {
        sizes.push_back(dimOf(b, loc, op.getIndices(), d - axis));
        indexExprs.push_back(b.getAffineDimExpr(d));
      } else {
        sizes.push_back(dimOf(b, loc, op.getInput(), d - q + 1));
      }
    }
    Value axisSize = dimOf(b, loc, op.getInput(), axis);
    auto map = AffineMap::get(outRank, 0, indexExprs, b.getContext());
    Value result = buildIndexGeneric(
        b, loc, outType, dynamicSizesOf(outType, sizes), op.getIndices(), map,
        [&](OpBuilder &nb, Location nloc, ArrayRef<Value> coords, ValueRange in) -> Value {
          SmallVector<Value> src(coords.take_front(axis));
          src.push_back(normalizedIndex(nb, nloc, in[0], axisSize));
          llvm::append_range(src, coords.drop_front(axis + q));
          return tensor::ExtractOp::create(nb, nloc, op.getInput(), src);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LowerGatherElements : OpRewritePattern<GatherElementsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GatherElementsOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    Location loc = op.getLoc();
    auto &b = rewriter;
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis(), rank = outType.getRank();
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(dimOf(b, loc, op.getIndices(), d));
    Value axisSize = dimOf(b, loc, op.getInput(), axis);
    Value result = buildIndexGeneric(
        b, loc, outType, dynamicSizesOf(outType, sizes), op.getIndices(),
        AffineMap::getMultiDimIdentityMap(rank, b.getContext()),
        [&](OpBuilder &nb, Location nloc, ArrayRef<Value> coords, ValueRange in) -> Value {
          SmallVector<Value> src(coords);
          src[axis] = normalizedIndex(nb, nloc, in[0], axisSize);
          return tensor::ExtractOp::create(nb, nloc, op.getInput(), src);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LowerGatherND : OpRewritePattern<GatherNDOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GatherNDOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    if (indicesType.isDynamicDim(indicesType.getRank() - 1))
      return rewriter.notifyMatchFailure(op, "needs a static index tuple length");
    Location loc = op.getLoc();
    auto &b = rewriter;
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t batch = op.getBatchDims(), outer = indicesType.getRank() - 1,
            q = indicesType.getShape().back();
    SmallVector<Value> sizes, tupleSizes;
    for (int64_t d = 0; d < outType.getRank(); ++d)
      sizes.push_back(d < outer ? dimOf(b, loc, op.getIndices(), d)
                                : dimOf(b, loc, op.getInput(), batch + q + d - outer));
    for (int64_t k = 0; k < q; ++k)
      tupleSizes.push_back(dimOf(b, loc, op.getInput(), batch + k));
    Value result = buildIndexGeneric(
        b, loc, outType, dynamicSizesOf(outType, sizes), {}, {},
        [&](OpBuilder &nb, Location nloc, ArrayRef<Value> coords, ValueRange) -> Value {
          SmallVector<Value> src(coords.take_front(batch));
          SmallVector<Value> at(coords.take_front(outer));
          at.push_back(Value());
          for (int64_t k = 0; k < q; ++k) {
            at.back() = constIndex(nb, nloc, k);
            Value raw = tensor::ExtractOp::create(nb, nloc, op.getIndices(), at);
            src.push_back(normalizedIndex(nb, nloc, raw, tupleSizes[k]));
          }
          llvm::append_range(src, coords.drop_front(outer));
          return tensor::ExtractOp::create(nb, nloc, op.getInput(), src);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Loop nest over `bounds` carrying `init`; `update` returns the next value
/// of the carried tensor for one iteration.
static Value scatterLoops(OpBuilder &b, Location loc, ArrayRef<Value> bounds, Value init,
                          function_ref<Value(OpBuilder &, Location, ValueRange, Value)> update) {
  SmallVector<Value> lbs(bounds.size(), constIndex(b, loc, 0)),
      steps(bounds.size(), constIndex(b, loc, 1));
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, bounds, steps, ValueRange{init},
      [&](OpBuilder &nb, Location nloc, ValueRange ivs, ValueRange carried) {
        return scf::ValueVector{update(nb, nloc, ivs, carried[0])};
      });
  return nest.results.front();
}

/// `v` as `type` (a static/dynamic refinement), without a cast when equal.
static Value castTo(OpBuilder &b, Location loc, Value v, Type type) {
  return v.getType() == type ? v : Value(tensor::CastOp::create(b, loc, type, v));
}

/// Writes `update` at `dst` of `current`, combined by `reduction`.
static Value scatterOne(OpBuilder &b, Location loc, StringRef reduction, Value current,
                        ArrayRef<Value> dst, Value update) {
  if (reduction != "none")
    update = combineScatter(b, loc, reduction,
                            tensor::ExtractOp::create(b, loc, current, dst), update);
  return tensor::InsertOp::create(b, loc, update, current, dst);
}

struct LowerScatterElements : OpRewritePattern<ScatterElementsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScatterElementsOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    Location loc = op.getLoc();
    int64_t axis = op.getAxis();
    int64_t rank = cast<RankedTensorType>(op.getIndices().getType()).getRank();
    SmallVector<Value> bounds;
    for (int64_t d = 0; d < rank; ++d)
      bounds.push_back(dimOf(rewriter, loc, op.getIndices(), d));
    Value axisSize = dimOf(rewriter, loc, op.getInput(), axis);
    Value result = scatterLoops(
        rewriter, loc, bounds, op.getInput(),
        [&](OpBuilder &nb, Location nloc, ValueRange ivs, Value current) {
          SmallVector<Value> dst(ivs);
          dst[axis] = normalizedIndex(
              nb, nloc, tensor::ExtractOp::create(nb, nloc, op.getIndices(), ivs), axisSize);
          Value update = tensor::ExtractOp::create(nb, nloc, op.getUpdates(), ivs);
          return scatterOne(nb, nloc, op.getReduction(), current, dst, update);
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct LowerScatterND : OpRewritePattern<ScatterNDOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScatterNDOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    if (indicesType.isDynamicDim(indicesType.getRank() - 1))
      return rewriter.notifyMatchFailure(op, "needs a static index tuple length");
    Location loc = op.getLoc();
    int64_t outer = indicesType.getRank() - 1, q = indicesType.getShape().back();
    int64_t rank = cast<RankedTensorType>(op.getInput().getType()).getRank();
    // Loops over the index tuples, then over the slice each one addresses.
    SmallVector<Value> bounds, tupleSizes;
    for (int64_t d = 0; d < outer; ++d)
      bounds.push_back(dimOf(rewriter, loc, op.getIndices(), d));
    for (int64_t d = q; d < rank; ++d)
      bounds.push_back(dimOf(rewriter, loc, op.getInput(), d));
    for (int64_t k = 0; k < q; ++k)
      tupleSizes.push_back(dimOf(rewriter, loc, op.getInput(), k));
    Value result = scatterLoops(
        rewriter, loc, bounds, op.getInput(),
        [&](OpBuilder &nb, Location nloc, ValueRange ivs, Value current) {
          SmallVector<Value> at(ivs.take_front(outer)), dst;
          at.push_back(Value());
          for (int64_t k = 0; k < q; ++k) {
            at.back() = constIndex(nb, nloc, k);
            Value raw = tensor::ExtractOp::create(nb, nloc, op.getIndices(), at);
            dst.push_back(normalizedIndex(nb, nloc, raw, tupleSizes[k]));
          }
          llvm::append_range(dst, ivs.drop_front(outer));
          Value update = tensor::ExtractOp::create(nb, nloc, op.getUpdates(), ivs);
          return scatterOne(nb, nloc, op.getReduction(), current, dst, update);
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerGatherScatterPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerGather, LowerGatherElements, LowerGatherND, LowerScatterElements,
               LowerScatterND>(patterns.getContext());
}
