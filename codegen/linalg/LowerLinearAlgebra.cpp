//===- LowerLinearAlgebra.cpp - kiln.det to scf loops ---------------------===//
//
// Each matrix is factored by Gaussian elimination with partial pivoting on
// a private [n, n] copy carried through scf.for loops; the determinant is
// the product of the pivots, negated once per row swap. A zero pivot column
// makes the determinant 0 and skips that column's elimination, so singular
// matrices give 0 rather than NaN.
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/IndexingLowering.h"
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {


/// The determinant of the [n, n] tensor `a`.
static Value determinant(OpBuilder &b, Location loc, Value a, Value n, FloatType f) {
  Value zero = constIndex(b, loc, 0), one = constIndex(b, loc, 1);
  Value fZero = scalarConstant(b, loc, f, 0.0), fOne = scalarConstant(b, loc, f, 1.0);
  auto at = [](OpBuilder &b, Location l, Value m, Value i, Value j) {
    return tensor::ExtractOp::create(b, l, m, ValueRange{i, j}).getResult();
  };
  ValueRange out = forLoop(
      b, loc, zero, n, ValueRange{a, fOne},
      [&](OpBuilder &b, Location l, Value k, ValueRange st) -> SmallVector<Value> {
        Value m = st[0], det = st[1];
        // Pivot: the row at or below k with the largest |m[i, k]|.
        Value k1 = arith::AddIOp::create(b, l, k, one);
        ValueRange pivot = forLoop(
            b, l, k1, n, ValueRange{math::AbsFOp::create(b, l, at(b, l, m, k, k)), k},
            [&](OpBuilder &b, Location l, Value i, ValueRange best) -> SmallVector<Value> {
              Value v = math::AbsFOp::create(b, l, at(b, l, m, i, k));
              Value better = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, v, best[0]);
              return {arith::SelectOp::create(b, l, better, v, best[0]),
                      arith::SelectOp::create(b, l, better, i, best[1])};
            });
        Value p = pivot[1];
        // Swap rows k and p (a no-op when equal).
        m = forLoop(b, l, zero, n, ValueRange{m},
                    [&](OpBuilder &b, Location l, Value j, ValueRange s) -> SmallVector<Value> {
                      Value rowK = at(b, l, s[0], k, j), rowP = at(b, l, s[0], p, j);
                      Value t = tensor::InsertOp::create(b, l, rowP, s[0], ValueRange{k, j});
                      return {tensor::InsertOp::create(b, l, rowK, t, ValueRange{p, j})};
                    })[0];
        Value swapped = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne, p, k);
        det = arith::SelectOp::create(b, l, swapped, arith::NegFOp::create(b, l, det), det);
        Value diag = at(b, l, m, k, k);
        det = arith::MulFOp::create(b, l, det, diag);
        Value singular = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, diag, fZero);
        // Eliminate below the pivot: row_i -= (m[i, k] / pivot) * row_k.
        m = forLoop(
            b, l, k1, n, ValueRange{m},
            [&](OpBuilder &b, Location l, Value i, ValueRange s) -> SmallVector<Value> {
              Value ratio = arith::DivFOp::create(b, l, at(b, l, s[0], i, k), diag);
              ratio = arith::SelectOp::create(b, l, singular, fZero, ratio);
              return {forLoop(b, l, k1, n, s,
                              [&](OpBuilder &b, Location l, Value j,
                                  ValueRange r) -> SmallVector<Value> {
                                Value prod =
                                    arith::MulFOp::create(b, l, ratio, at(b, l, r[0], k, j));
                                Value v =
                                    arith::SubFOp::create(b, l, at(b, l, r[0], i, j), prod);
                                return {tensor::InsertOp::create(b, l, v, r[0],
                                                                 ValueRange{i, j})};
                              })[0]};
            })[0];
        return {m, det};
      });
  return out[1];
}

struct LowerDet : OpRewritePattern<DetOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DetOp op, PatternRewriter &rewriter) const override {
    auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto outType = dyn_cast<RankedTensorType>(op.getType());
    auto f = inType ? dyn_cast<FloatType>(inType.getElementType()) : FloatType();
    if (!inType || !outType || !f)
      return rewriter.notifyMatchFailure(op, "needs ranked floating-point types");
    Location loc = op.getLoc();
    auto &b = rewriter;
    int64_t batchRank = outType.getRank();
    SmallVector<Value> lbs(batchRank, constIndex(b, loc, 0)), ubs,
        steps(batchRank, constIndex(b, loc, 1)), outSizes;
    for (int64_t d = 0; d < batchRank; ++d) {
      ubs.push_back(dimOf(b, loc, op.getInput(), d));
      if (outType.isDynamicDim(d))
        outSizes.push_back(ubs.back());
    }
    Value init = tensor::EmptyOp::create(b, loc, outType, outSizes);
    // Square: a dimension known on either side is known on both.
    int64_t staticN = inType.getDimSize(batchRank);
    if (ShapedType::isDynamic(staticN))
      staticN = inType.getDimSize(batchRank + 1);
    auto matrixType = RankedTensorType::get({staticN, staticN}, f);
    Value n = ShapedType::isDynamic(staticN) ? dimOf(b, loc, op.getInput(), batchRank)
                                             : constIndex(b, loc, staticN);
    scf::LoopNest nest = scf::buildLoopNest(
        b, loc, lbs, ubs, steps, ValueRange{init},
        [&](OpBuilder &nb, Location l, ValueRange ivs, ValueRange carried) {
          SmallVector<OpFoldResult> offsets(ivs.begin(), ivs.end()), sizes(batchRank,
                                                                           nb.getIndexAttr(1)),
              strides(batchRank + 2, nb.getIndexAttr(1));
          offsets.append({nb.getIndexAttr(0), nb.getIndexAttr(0)});
          OpFoldResult size = ShapedType::isDynamic(staticN) ? OpFoldResult(n)
                                                              : nb.getIndexAttr(staticN);
          sizes.append({size, size});
          Value matrix = tensor::ExtractSliceOp::create(nb, l, matrixType, op.getInput(),
                                                        offsets, sizes, strides);
          Value det = determinant(nb, l, matrix, n, f);
          return scf::ValueVector{
              tensor::InsertOp::create(nb, l, det, carried[0], ivs).getResult()};
        });
    rewriter.replaceOp(op, nest.results.front());
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerLinearAlgebraPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerDet>(patterns.getContext());
}
