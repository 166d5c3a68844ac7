//===- LowerScanSelect.cpp - kiln cumsum, top-k, compress and non-zero ----===//
//
// CumSum is a linalg.generic with an extra reduction loop over the scanned
// axis (each output sums the prefix it covers). TopK selects one position
// per pass: pass j takes, per slice, the best element that ranks after the
// one pass j-1 took (order: value, then lower index first), so k passes of
// one linalg reduction each give the sorted top k. Compress and NonZero
// walk their input in order with scf loops that count what they kept.
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/IndexingLowering.h"
#include "codegen/linalg/LoweringUtils.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::kiln;

using arith::CmpIPredicate;

static bool allRanked(Operation *op) {
  auto ranked = [](Type t) { return isa<RankedTensorType>(t); };
  return llvm::all_of(op->getOperandTypes(), ranked) &&
         llvm::all_of(op->getResultTypes(), ranked);
}

static Value select(OpBuilder &b, Location loc, Value c, Value x, Value y) {
  return arith::SelectOp::create(b, loc, c, x, y);
}

static Value cmpI(OpBuilder &b, Location loc, CmpIPredicate p, Value x, Value y) {
  return arith::CmpIOp::create(b, loc, p, x, y);
}

namespace {

struct LowerCumSum : OpRewritePattern<CumSumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CumSumOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    auto outType = cast<RankedTensorType>(op.getType());
    Type element = outType.getElementType();
    if (!isSupportedElementType(element))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    Location loc = op.getLoc();
    auto &b = rewriter;
    MLIRContext *ctx = b.getContext();
    int64_t rank = outType.getRank();
    std::optional<int64_t> constAxis;
    DenseIntElementsAttr axisAttr;
    if (matchPattern(op.getAxis(), m_Constant(&axisAttr))) {
      int64_t a = (*axisAttr.getValues<APInt>().begin()).getSExtValue();
      constAxis = a < 0 ? a + rank : a;
      if (*constAxis < 0 || *constAxis >= rank)
        return rewriter.notifyMatchFailure(op, "axis out of range");
    } else if (rank == 1) {
      constAxis = 0; // The only valid axis of a 1-D input.
    }

    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(dimOf(b, loc, op.getInput(), d));
    Value zero = scalarConstant(b, loc, element, 0.0);
    Value init = tensor::EmptyOp::create(b, loc, outType, dynamicSizesOf(outType, sizes));
    init = linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{init}).getResult(0);

    // Loops: the output dimensions, then k, the scanned position.
    SmallVector<AffineExpr> outExprs, inExprs;
    for (int64_t d = 0; d < rank; ++d) {
      outExprs.push_back(b.getAffineDimExpr(d));
      inExprs.push_back(constAxis && d == *constAxis ? b.getAffineDimExpr(rank)
                                                     : b.getAffineDimExpr(d));
    }
    Value input = op.getInput(), axis;
    SmallVector<AffineMap> maps;
    if (constAxis) {
      maps.push_back(AffineMap::get(rank + 1, 0, inExprs, ctx));
    } else {
      // Run-time axis: k spans the largest dimension (a placeholder operand
      // gives the loop its bound) and the body reads with tensor.extract.
      Value longest = sizes[0];
      for (int64_t d = 1; d < rank; ++d)
        longest = arith::MaxUIOp::create(b, loc, longest, sizes[d]);
      input = tensor::EmptyOp::create(b, loc, ArrayRef<OpFoldResult>{longest}, b.getI1Type());
      maps.push_back(AffineMap::get(rank + 1, 0, b.getAffineDimExpr(rank)));
      axis = wrapIndex(b, loc, toI64(b, loc, extractAt(b, loc, op.getAxis())),
                       constI64(b, loc, rank));
    }
    maps.push_back(AffineMap::get(rank + 1, 0, outExprs, ctx));
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    bool exclusive = op.getExclusive(), reverse = op.getReverse();
    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange{outType}, ValueRange{input}, ValueRange{init}, maps, iterators,
        [&](OpBuilder &nb, Location nloc, ValueRange args) {
          Value k = linalg::IndexOp::create(nb, nloc, rank);
          Value x = args[0], position, valid;
          if (constAxis) {
            position = linalg::IndexOp::create(nb, nloc, *constAxis);
          } else {
            // Select the scanned dimension's coordinate and size by `axis`.
            SmallVector<Value> src;
            Value size = constIndex(nb, nloc, 0);
            position = constIndex(nb, nloc, 0);
            for (int64_t d = 0; d < rank; ++d) {
              Value isAxis = cmpI(nb, nloc, CmpIPredicate::eq, axis, constI64(nb, nloc, d));
              Value coord = linalg::IndexOp::create(nb, nloc, d);
              position = select(nb, nloc, isAxis, coord, position);
              size = select(nb, nloc, isAxis, sizes[d], size);
              src.push_back(coord);
            }
            valid = arith::CmpIOp::create(nb, nloc, CmpIPredicate::ult, k, size);
            Value safeK = select(nb, nloc, valid, k, constIndex(nb, nloc, 0));
            for (int64_t d = 0; d < rank; ++d) {
              Value isAxis = cmpI(nb, nloc, CmpIPredicate::eq, axis, constI64(nb, nloc, d));
              src[d] = select(nb, nloc, isAxis, safeK, src[d]);
            }
            x = tensor::ExtractOp::create(nb, nloc, op.getInput(), src);
          }
          CmpIPredicate p = reverse ? (exclusive ? CmpIPredicate::ugt : CmpIPredicate::uge)
                                    : (exclusive ? CmpIPredicate::ult : CmpIPredicate::ule);
          Value include = arith::CmpIOp::create(nb, nloc, p, k, position);
          if (valid)
            include = arith::AndIOp::create(nb, nloc, include, valid);
          Value sum = addValues(nb, nloc, args[1], select(nb, nloc, include, x, zero));
          linalg::YieldOp::create(nb, nloc, sum);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// (x, i) ranks before (y, j): a better value, or an equal one at a lower index.
static Value ranksBefore(OpBuilder &b, Location loc, bool largest, Value x, Value i, Value y,
                         Value j) {
  Value better, equal;
  if (isa<FloatType>(x.getType())) {
    better = arith::CmpFOp::create(
        b, loc, largest ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT, x, y);
    equal = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x, y);
  } else {
    better = cmpI(b, loc, largest ? CmpIPredicate::sgt : CmpIPredicate::slt, x, y);
    equal = cmpI(b, loc, CmpIPredicate::eq, x, y);
  }
  Value earlier = arith::AndIOp::create(b, loc, equal, cmpI(b, loc, CmpIPredicate::slt, i, j));
  return arith::OrIOp::create(b, loc, better, earlier);
}

struct LowerTopKIndices : OpRewritePattern<TopKIndicesOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TopKIndicesOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    Type element = inType.getElementType();
    if (!isSupportedElementType(element))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    Location loc = op.getLoc();
    auto &b = rewriter;
    MLIRContext *ctx = b.getContext();
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis(), rank = inType.getRank();
    bool largest = op.getLargest();

    // Per-slice tensors: the input shape without the axis.
    SmallVector<int64_t> sliceShape;
    SmallVector<Value> sliceSizes, outSizes;
    SmallVector<OpFoldResult> insertSizes;
    for (int64_t d = 0; d < rank; ++d) {
      Value size = dimOf(b, loc, op.getInput(), d);
      outSizes.push_back(d == axis ? constIndex(b, loc, op.getK()) : size);
      insertSizes.push_back(d == axis               ? OpFoldResult(b.getIndexAttr(1))
                            : inType.isDynamicDim(d) ? OpFoldResult(size)
                                                     : OpFoldResult(b.getIndexAttr(inType.getDimSize(d))));
      if (d == axis)
        continue;
      sliceShape.push_back(inType.getDimSize(d));
      if (inType.isDynamicDim(d))
        sliceSizes.push_back(size);
    }
    auto valType = RankedTensorType::get(sliceShape, element);
    auto idxType = RankedTensorType::get(sliceShape, b.getI64Type());
    auto filled = [&](OpBuilder &fb, RankedTensorType type, Value v) -> Value {
      Value empty = tensor::EmptyOp::create(fb, loc, type, sliceSizes);
      return linalg::FillOp::create(fb, loc, ValueRange{v}, ValueRange{empty}).getResult(0);
    };
    Value result = tensor::EmptyOp::create(b, loc, outType, dynamicSizesOf(outType, outSizes));
    // Loops of one pass: the slice dimensions, then i along the axis.
    SmallVector<AffineExpr> inExprs, sliceExprs;
    for (int64_t d = 0, s = 0; d < rank; ++d)
      inExprs.push_back(b.getAffineDimExpr(d == axis ? rank - 1 : s++));
    for (int64_t s = 0; s + 1 < rank; ++s)
      sliceExprs.push_back(b.getAffineDimExpr(s));
    AffineMap inMap = AffineMap::get(rank, 0, inExprs, ctx);
    AffineMap sliceMap = AffineMap::get(rank, 0, sliceExprs, ctx);
    SmallVector<utils::IteratorType> iterators(rank - 1, utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);

    // Only the result is loop-carried (updated in place); the previous
    // pick of each slice is read back from it.
    auto loop = scf::ForOp::create(
        b, loc, constIndex(b, loc, 0), constIndex(b, loc, op.getK()), constIndex(b, loc, 1),
        ValueRange{result},
        [&](OpBuilder &lb, Location lloc, Value j, ValueRange carried) {
          Value worst = extremeConstant(lb, lloc, element, /*highest=*/!largest);
          Value bestVal = filled(lb, valType, worst);
          Value bestIdx = filled(lb, idxType, constI64(lb, lloc, -1));
          Value zeroIndex = constIndex(lb, lloc, 0);
          Value first = arith::CmpIOp::create(lb, lloc, CmpIPredicate::eq, j, zeroIndex);
          Value prevPos = arith::SubIOp::create(
              lb, lloc, arith::MaxSIOp::create(lb, lloc, j, constIndex(lb, lloc, 1)),
              constIndex(lb, lloc, 1));
          auto pass = linalg::GenericOp::create(
              lb, lloc, TypeRange{valType, idxType}, ValueRange{op.getInput()},
              ValueRange{bestVal, bestIdx}, SmallVector<AffineMap>{inMap, sliceMap, sliceMap},
              iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
                Value x = args[0], bv = args[1], bi = args[2];
                Value i = indexToI64(nb, nloc, linalg::IndexOp::create(nb, nloc, rank - 1));
                // The previous pick (index and value) of this slice.
                SmallVector<Value> at;
                for (int64_t d = 0, s = 0; d < rank; ++d)
                  at.push_back(d == axis ? prevPos : linalg::IndexOp::create(nb, nloc, s++));
                Value pi = tensor::ExtractOp::create(nb, nloc, carried[0], at);
                at[axis] = i64ToIndex(nb, nloc, arith::SelectOp::create(
                                                    nb, nloc, first, constI64(nb, nloc, 0), pi));
                Value pv = tensor::ExtractOp::create(nb, nloc, op.getInput(), at);
                Value eligible = arith::OrIOp::create(nb, nloc, first,
                                                      ranksBefore(nb, nloc, largest, pv, pi, x, i));
                Value better = arith::OrIOp::create(
                    nb, nloc, cmpI(nb, nloc, CmpIPredicate::slt, bi, constI64(nb, nloc, 0)),
                    ranksBefore(nb, nloc, largest, x, i, bv, bi));
                Value take = arith::AndIOp::create(nb, nloc, eligible, better);
                linalg::YieldOp::create(nb, nloc,
                                        ValueRange{select(nb, nloc, take, x, bv),
                                                   select(nb, nloc, take, i, bi)});
              });
          SmallVector<OpFoldResult> offsets(rank, lb.getIndexAttr(0)),
              strides(rank, lb.getIndexAttr(1));
          offsets[axis] = j;
          Value next = tensor::InsertSliceOp::create(lb, lloc, pass.getResult(1), carried[0],
                                                     offsets, insertSizes, strides);
          scf::YieldOp::create(lb, lloc, ValueRange{next});
        });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};

/// Whether a condition element is true (non-zero).
static Value isNonZero(OpBuilder &b, Location loc, Value x) {
  if (isa<FloatType>(x.getType()))
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x,
                                 scalarConstant(b, loc, x.getType(), 0.0));
  return cmpI(b, loc, CmpIPredicate::ne, x, scalarConstant(b, loc, x.getType(), 0.0));
}


/// Copies the kept slices in order: a loop over the condition carrying the
/// result and the number of slices written so far.
struct LowerCompress : OpRewritePattern<CompressOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CompressOp op, PatternRewriter &rewriter) const override {
    auto outType = dyn_cast<RankedTensorType>(op.getType());
    if (!allRanked(op) || !outType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static result shape");
    Location loc = op.getLoc();
    auto &b = rewriter;
    int64_t axis = op.getAxis(), rank = outType.getRank();
    Value zero = constIndex(b, loc, 0), one = constIndex(b, loc, 1);
    Value limit = constIndex(b, loc, outType.getDimSize(axis));
    Value count = arith::MinSIOp::create(b, loc, dimOf(b, loc, op.getCondition(), 0),
                                         dimOf(b, loc, op.getInput(), axis));
    SmallVector<OpFoldResult> sizes, strides(rank, b.getIndexAttr(1));
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(d == axis ? OpFoldResult(b.getIndexAttr(1))
                                : OpFoldResult(b.getIndexAttr(outType.getDimSize(d))));
    Value init = tensor::EmptyOp::create(b, loc, outType, ValueRange{});
    auto loop = scf::ForOp::create(
        b, loc, zero, count, one, ValueRange{init, zero},
        [&](OpBuilder &lb, Location lloc, Value i, ValueRange carried) {
          Value keep = isNonZero(lb, lloc, tensor::ExtractOp::create(lb, lloc, op.getCondition(), i));
          keep = arith::AndIOp::create(
              lb, lloc, keep, cmpI(lb, lloc, CmpIPredicate::ult, carried[1], limit));
          ValueRange next = ifThen(lb, lloc, keep, carried, [&](OpBuilder &tb, Location tloc) {
            SmallVector<OpFoldResult> from(rank, tb.getIndexAttr(0)), to(from);
            from[axis] = i;
            to[axis] = carried[1];
            auto sliceType = RankedTensorType::get(
                llvm::to_vector(llvm::map_range(sizes, [](OpFoldResult s) {
                  return cast<IntegerAttr>(cast<Attribute>(s)).getInt();
                })),
                outType.getElementType());
            Value slice = tensor::ExtractSliceOp::create(tb, tloc, sliceType, op.getInput(), from,
                                                         sizes, strides);
            Value written = tensor::InsertSliceOp::create(tb, tloc, slice, carried[0], to, sizes,
                                                          strides);
            return SmallVector<Value>{written, arith::AddIOp::create(tb, tloc, carried[1], one)};
          });
          scf::YieldOp::create(lb, lloc, next);
        });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};

/// A loop nest over the input carrying the result and the count so far;
/// each non-zero element writes its coordinates as the next column.
struct LowerNonZero : OpRewritePattern<NonZeroOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(NonZeroOp op, PatternRewriter &rewriter) const override {
    auto outType = dyn_cast<RankedTensorType>(op.getType());
    if (!allRanked(op) || !outType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static result shape");
    Location loc = op.getLoc();
    auto &b = rewriter;
    int64_t rank = cast<RankedTensorType>(op.getInput().getType()).getRank();
    Value zero = constIndex(b, loc, 0), one = constIndex(b, loc, 1);
    Value limit = constIndex(b, loc, outType.getDimSize(1));
    SmallVector<Value> lbs(rank, zero), ubs, steps(rank, one);
    for (int64_t d = 0; d < rank; ++d)
      ubs.push_back(dimOf(b, loc, op.getInput(), d));
    Value init = tensor::EmptyOp::create(b, loc, outType, ValueRange{});
    scf::LoopNest nest = scf::buildLoopNest(
        b, loc, lbs, ubs, steps, ValueRange{init, zero},
        [&](OpBuilder &nb, Location nloc, ValueRange ivs, ValueRange carried) {
          Value keep = isNonZero(nb, nloc, tensor::ExtractOp::create(nb, nloc, op.getInput(), ivs));
          keep = arith::AndIOp::create(
              nb, nloc, keep, cmpI(nb, nloc, CmpIPredicate::ult, carried[1], limit));
          ValueRange next = ifThen(nb, nloc, keep, carried, [&](OpBuilder &tb, Location tloc) {
            Value result = carried[0];
            for (int64_t d = 0; d < rank; ++d)
              result = tensor::InsertOp::create(tb, tloc, indexToI64(tb, tloc, ivs[d]), result,
                                                ValueRange{constIndex(tb, tloc, d), carried[1]});
            return SmallVector<Value>{result, arith::AddIOp::create(tb, tloc, carried[1], one)};
          });
          return scf::ValueVector(next.begin(), next.end());
        });
    rewriter.replaceOp(op, nest.results.front());
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerScanSelectPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerCumSum, LowerTopKIndices, LowerCompress, LowerNonZero>(
      patterns.getContext());
}
