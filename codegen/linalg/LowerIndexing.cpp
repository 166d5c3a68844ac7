//===- LowerIndexing.cpp - kiln shape, expand, slice, pad and generators --===//
//
// Index-like operands (slice starts, pads, k, ...) are read at run time with
// tensor.extract; when they are constants the canonicalizer folds the
// arithmetic away.
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/IndexingLowering.h"
#include "codegen/linalg/LoweringUtils.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::kiln;

using arith::CmpIPredicate;

static RankedTensorType rankedType(Value v) { return dyn_cast<RankedTensorType>(v.getType()); }

/// Whether every operand and the result are ranked tensors.
static bool allRanked(Operation *op) {
  auto ranked = [](Type t) { return isa<RankedTensorType>(t); };
  return llvm::all_of(op->getOperandTypes(), ranked) &&
         llvm::all_of(op->getResultTypes(), ranked);
}

static Value cmpI(OpBuilder &b, Location loc, CmpIPredicate p, Value x, Value y) {
  return arith::CmpIOp::create(b, loc, p, x, y);
}

static Value select(OpBuilder &b, Location loc, Value c, Value x, Value y) {
  return arith::SelectOp::create(b, loc, c, x, y);
}

namespace {

//===----------------------------------------------------------------------===//
// Shape, Expand
//===----------------------------------------------------------------------===//

struct LowerShape : OpRewritePattern<ShapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ShapeOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs a ranked input");
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    if (op.getStart() == op.getEnd()) {
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(
          op, DenseElementsAttr::get(resultType, ArrayRef<int64_t>{}));
      return success();
    }
    SmallVector<Value> dims;
    for (int64_t d = op.getStart(); d < op.getEnd(); ++d)
      dims.push_back(indexToI64(rewriter, loc, dimOf(rewriter, loc, op.getInput(), d)));
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, resultType, dims);
    return success();
  }
};

struct LowerExpand : OpRewritePattern<ExpandOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ExpandOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    auto outType = cast<RankedTensorType>(op.getType());
    Location loc = op.getLoc();
    // NumPy broadcasting of one operand: a dynamic input dim that meets a
    // static result dim > 1 may be 1 at run time and is resolved then.
    rewriter.replaceOp(op, buildElementwise(rewriter, loc, outType, ValueRange{op.getInput()},
                                            [](OpBuilder &, Location, ValueRange in) {
                                              return in[0];
                                            }));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Slice
//===----------------------------------------------------------------------===//

struct LowerSlice : OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SliceOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    auto starts = cast<RankedTensorType>(op.getStarts().getType());
    if (starts.getRank() != 1)
      return rewriter.notifyMatchFailure(op, "needs 1-D starts");
    Location loc = op.getLoc();
    auto &b = rewriter;
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t rank = inType.getRank(), count = starts.getDimSize(0);
    bool runtimeCount = starts.isDynamicDim(0);
    Value zero = constI64(b, loc, 0), one = constI64(b, loc, 1), minusOne = constI64(b, loc, -1);

    // Per axis: the ONNX parameters that name it (the last one wins), then
    // normalized to the first index read and the element count.
    SmallVector<Value> first(rank), step(rank), sizes(rank);
    SmallVector<Value> dims;
    for (int64_t d = 0; d < rank; ++d)
      dims.push_back(indexToI64(b, loc, dimOf(b, loc, op.getInput(), d)));
    SmallVector<Value> s(rank, zero), e(dims), st(rank, one);
    // Folds entry j (an index value) of the parameters into s, e, st.
    auto take = [&](OpBuilder &nb, Location nloc, Value j, MutableArrayRef<Value> s,
                    MutableArrayRef<Value> e, MutableArrayRef<Value> st) {
      auto at = [&](Value t) {
        return toI64(nb, nloc, tensor::ExtractOp::create(nb, nloc, t, ValueRange{j}));
      };
      Value axis = wrapIndex(nb, nloc, at(op.getAxes()), constI64(nb, nloc, rank));
      Value sj = at(op.getStarts()), ej = at(op.getEnds()), stj = at(op.getSteps());
      for (int64_t d = 0; d < rank; ++d) {
        Value here = cmpI(nb, nloc, CmpIPredicate::eq, axis, constI64(nb, nloc, d));
        s[d] = select(nb, nloc, here, sj, s[d]);
        e[d] = select(nb, nloc, here, ej, e[d]);
        st[d] = select(nb, nloc, here, stj, st[d]);
      }
    };
    if (!runtimeCount) {
      for (int64_t j = 0; j < count; ++j)
        take(b, loc, constIndex(b, loc, j), s, e, st);
    } else {
      // Parameters of run-time length: a loop carrying s, e, st.
      SmallVector<Value> carried(s);
      llvm::append_range(carried, e);
      llvm::append_range(carried, st);
      Value n = tensor::DimOp::create(b, loc, op.getStarts(), 0);
      auto loop = scf::ForOp::create(
          b, loc, constIndex(b, loc, 0), n, constIndex(b, loc, 1), carried,
          [&](OpBuilder &nb, Location nloc, Value j, ValueRange args) {
            SmallVector<Value> v(args);
            MutableArrayRef<Value> all(v);
            take(nb, nloc, j, all.slice(0, rank), all.slice(rank, rank),
                 all.slice(2 * rank, rank));
            scf::YieldOp::create(nb, nloc, v);
          });
      for (int64_t d = 0; d < rank; ++d) {
        s[d] = loop.getResult(d);
        e[d] = loop.getResult(rank + d);
        st[d] = loop.getResult(2 * rank + d);
      }
    }
    for (int64_t d = 0; d < rank; ++d) {
      Value dim = dims[d], dimMinusOne = arith::SubIOp::create(b, loc, dim, one);
      Value start = wrapIndex(b, loc, s[d], dim), end = wrapIndex(b, loc, e[d], dim);
      Value forward = cmpI(b, loc, CmpIPredicate::sgt, st[d], zero);
      start = select(b, loc, forward, clampI64(b, loc, start, zero, dim),
                     clampI64(b, loc, start, zero, dimMinusOne));
      end = select(b, loc, forward, clampI64(b, loc, end, zero, dim),
                   clampI64(b, loc, end, minusOne, dimMinusOne));
      // count = max(0, (|end - start| - 1) / |step| + 1) in the step's direction.
      Value span = select(b, loc, forward, arith::SubIOp::create(b, loc, end, start),
                          arith::SubIOp::create(b, loc, start, end));
      Value absStep = select(b, loc, forward, st[d], arith::SubIOp::create(b, loc, zero, st[d]));
      Value n = arith::AddIOp::create(
          b, loc, arith::DivSIOp::create(b, loc, arith::SubIOp::create(b, loc, span, one), absStep),
          one);
      n = select(b, loc, cmpI(b, loc, CmpIPredicate::sgt, span, zero), n, zero);
      first[d] = start;
      step[d] = st[d];
      sizes[d] = i64ToIndex(b, loc, n);
    }
    Value result = buildIndexGeneric(
        b, loc, outType, dynamicSizesOf(outType, sizes), {}, {},
        [&](OpBuilder &nb, Location nloc, ArrayRef<Value> coords, ValueRange) {
          SmallVector<Value> src;
          for (int64_t d = 0; d < rank; ++d) {
            Value offset = arith::MulIOp::create(nb, nloc, indexToI64(nb, nloc, coords[d]), step[d]);
            src.push_back(i64ToIndex(nb, nloc, arith::AddIOp::create(nb, nloc, first[d], offset)));
          }
          return tensor::ExtractOp::create(nb, nloc, op.getInput(), src);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pad, ReverseSequence
//===----------------------------------------------------------------------===//

struct LowerPad : OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PadOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    Location loc = op.getLoc();
    auto &b = rewriter;
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t rank = outType.getRank();
    StringRef mode = op.getMode();
    Value value = tensor::ExtractOp::create(b, loc, op.getValue(), ValueRange{});

    // Constant, non-negative pads in constant mode: tensor.pad.
    DenseIntElementsAttr constPads;
    if (mode == "constant" && matchPattern(op.getPads(), m_Constant(&constPads)) &&
        hasStaticShapes(op)) {
      SmallVector<int64_t> pads;
      for (const APInt &p : constPads.getValues<APInt>())
        pads.push_back(p.getSExtValue());
      if (llvm::all_of(pads, [](int64_t p) { return p >= 0; })) {
        ArrayRef<int64_t> all(pads);
        rewriter.replaceOp(op, padTensor(b, loc, op.getInput(), all.take_front(rank),
                                         all.drop_front(rank), value));
        return success();
      }
    }

    Value zero = constI64(b, loc, 0), one = constI64(b, loc, 1);
    SmallVector<Value> low, dims, sizes;
    for (int64_t d = 0; d < rank; ++d) {
      Value lo = toI64(b, loc, extractAt(b, loc, op.getPads(), d));
      Value hi = toI64(b, loc, extractAt(b, loc, op.getPads(), d + rank));
      Value dim = indexToI64(b, loc, dimOf(b, loc, op.getInput(), d));
      low.push_back(lo);
      dims.push_back(dim);
      Value size = arith::AddIOp::create(b, loc, arith::AddIOp::create(b, loc, dim, lo), hi);
      sizes.push_back(i64ToIndex(b, loc, size));
    }
    Value result = buildIndexGeneric(
        b, loc, outType, dynamicSizesOf(outType, sizes), {}, {},
        [&](OpBuilder &nb, Location nloc, ArrayRef<Value> coords, ValueRange) -> Value {
          Value inside = arith::ConstantOp::create(nb, nloc, nb.getBoolAttr(true));
          SmallVector<Value> src;
          for (int64_t d = 0; d < rank; ++d) {
            Value dim = dims[d], last = arith::SubIOp::create(nb, nloc, dim, one);
            Value i = arith::SubIOp::create(nb, nloc, indexToI64(nb, nloc, coords[d]), low[d]);
            if (mode == "reflect") {
              // Mirror with period 2 * (dim - 1), border elements not repeated.
              Value period = arith::MaxSIOp::create(
                  nb, nloc, arith::AddIOp::create(nb, nloc, last, last), one);
              Value m = arith::RemSIOp::create(nb, nloc, i, period);
              m = select(nb, nloc, cmpI(nb, nloc, CmpIPredicate::slt, m, zero),
                         arith::AddIOp::create(nb, nloc, m, period), m);
              i = select(nb, nloc, cmpI(nb, nloc, CmpIPredicate::sgt, m, last),
                         arith::SubIOp::create(nb, nloc, period, m), m);
            } else if (mode == "constant") {
              Value in = arith::AndIOp::create(nb, nloc,
                                               cmpI(nb, nloc, CmpIPredicate::sge, i, zero),
                                               cmpI(nb, nloc, CmpIPredicate::sle, i, last));
              inside = arith::AndIOp::create(nb, nloc, inside, in);
            }
            src.push_back(i64ToIndex(nb, nloc, clampI64(nb, nloc, i, zero, last)));
          }
          Value x = tensor::ExtractOp::create(nb, nloc, op.getInput(), src);
          return mode == "constant" ? select(nb, nloc, inside, x, value) : x;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LowerReverseSequence : OpRewritePattern<ReverseSequenceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReverseSequenceOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t batch = op.getBatchAxis(), time = op.getTimeAxis();
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < outType.getRank(); ++d)
      sizes.push_back(dimOf(rewriter, loc, op.getInput(), d));
    Value result = buildIndexGeneric(
        rewriter, loc, outType, dynamicSizesOf(outType, sizes), {}, {},
        [&](OpBuilder &nb, Location nloc, ArrayRef<Value> coords, ValueRange) -> Value {
          Value length = toI64(nb, nloc, tensor::ExtractOp::create(nb, nloc, op.getLengths(),
                                                                   coords[batch]));
          Value t = indexToI64(nb, nloc, coords[time]);
          Value reversed = arith::SubIOp::create(
              nb, nloc, arith::SubIOp::create(nb, nloc, length, constI64(nb, nloc, 1)), t);
          Value inside = cmpI(nb, nloc, CmpIPredicate::slt, t, length);
          SmallVector<Value> src(coords);
          src[time] = i64ToIndex(nb, nloc, select(nb, nloc, inside, reversed, t));
          return tensor::ExtractOp::create(nb, nloc, op.getInput(), src);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Trilu, Range, OneHot
//===----------------------------------------------------------------------===//

struct LowerTrilu : OpRewritePattern<TriluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TriluOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t rank = outType.getRank();
    Value k = toI64(rewriter, loc, extractAt(rewriter, loc, op.getK()));
    Value zero = scalarConstant(rewriter, loc, outType.getElementType(), 0.0);
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(dimOf(rewriter, loc, op.getInput(), d));
    auto identity = AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext());
    Value result = buildIndexGeneric(
        rewriter, loc, outType, dynamicSizesOf(outType, sizes), op.getInput(), identity,
        [&](OpBuilder &nb, Location nloc, ArrayRef<Value> coords, ValueRange in) -> Value {
          Value diag = arith::SubIOp::create(nb, nloc, indexToI64(nb, nloc, coords[rank - 1]),
                                             indexToI64(nb, nloc, coords[rank - 2]));
          Value keep = cmpI(nb, nloc, op.getUpper() ? CmpIPredicate::sge : CmpIPredicate::sle,
                            diag, k);
          return select(nb, nloc, keep, in[0], zero);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LowerRange : OpRewritePattern<RangeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RangeOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    Location loc = op.getLoc();
    auto &b = rewriter;
    auto outType = cast<RankedTensorType>(op.getType());
    Type element = outType.getElementType();
    bool isFloat = isa<FloatType>(element);
    Value start = extractAt(b, loc, op.getStart()), delta = extractAt(b, loc, op.getDelta());
    SmallVector<Value> sizes = {Value()};
    if (outType.isDynamicDim(0)) {
      // max(ceil((limit - start) / delta), 0)
      Value limit = extractAt(b, loc, op.getLimit()), count;
      if (isFloat)
        count = toI64(b, loc, math::CeilOp::create(b, loc, arith::DivFOp::create(
                                                           b, loc, arith::SubFOp::create(b, loc, limit, start),
                                                           delta)));
      else
        count = toI64(b, loc, arith::CeilDivSIOp::create(
                                  b, loc, arith::SubIOp::create(b, loc, limit, start), delta));
      sizes[0] = i64ToIndex(b, loc, arith::MaxSIOp::create(b, loc, count, constI64(b, loc, 0)));
    }
    Value result = buildIndexGeneric(
        b, loc, outType, dynamicSizesOf(outType, sizes), {}, {},
        [&](OpBuilder &nb, Location nloc, ArrayRef<Value> coords, ValueRange) -> Value {
          Value i = indexToI64(nb, nloc, coords[0]);
          if (isFloat)
            return arith::AddFOp::create(
                nb, nloc, start,
                arith::MulFOp::create(nb, nloc, arith::SIToFPOp::create(nb, nloc, element, i),
                                      delta));
          Value n = element.getIntOrFloatBitWidth() == 64
                        ? i
                        : Value(arith::TruncIOp::create(nb, nloc, element, i));
          return arith::AddIOp::create(nb, nloc, start, arith::MulIOp::create(nb, nloc, n, delta));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LowerOneHot : OpRewritePattern<OneHotOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(OneHotOp op, PatternRewriter &rewriter) const override {
    if (!allRanked(op))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    Location loc = op.getLoc();
    auto &b = rewriter;
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis(), rank = outType.getRank();
    Value depth = toI64(b, loc, extractAt(b, loc, op.getDepth()));
    Value off = extractAt(b, loc, op.getValues(), 0), on = extractAt(b, loc, op.getValues(), 1);
    SmallVector<Value> sizes;
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis) {
        sizes.push_back(i64ToIndex(b, loc, depth));
        continue;
      }
      int64_t src = d < axis ? d : d - 1;
      sizes.push_back(dimOf(b, loc, op.getIndices(), src));
      exprs.push_back(b.getAffineDimExpr(d));
    }
    auto map = AffineMap::get(rank, 0, exprs, b.getContext());
    Value result = buildIndexGeneric(
        b, loc, outType, dynamicSizesOf(outType, sizes), op.getIndices(), map,
        [&](OpBuilder &nb, Location nloc, ArrayRef<Value> coords, ValueRange in) -> Value {
          Value index = wrapIndex(nb, nloc, toI64(nb, nloc, in[0]), depth);
          Value hot = cmpI(nb, nloc, CmpIPredicate::eq, index, indexToI64(nb, nloc, coords[axis]));
          return select(nb, nloc, hot, on, off);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerShapeSlicePatterns(RewritePatternSet &patterns) {
  patterns.add<LowerShape, LowerExpand, LowerSlice, LowerPad, LowerReverseSequence, LowerTrilu,
               LowerRange, LowerOneHot>(patterns.getContext());
}
