//===- LowerUnique.cpp - kiln.unique to scf loops -------------------------===//
//
// Rows are compared pairwise, O(n^2 m): for each row the first equal row
// (`first`), and for each first occurrence its position among the distinct
// rows (`pos`: the number of earlier distinct rows, or with `sorted` the
// number of lexicographically smaller ones). Every part is then a scatter
// by `pos`; positions beyond the static result size are dropped. Each
// kiln.unique of one input recomputes first/pos (ONNX Unique models are
// small; a shared analysis is not worth an op with four results).
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/IndexingLowering.h"
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {


static Value cmpIndex(OpBuilder &b, Location l, arith::CmpIPredicate p, Value x, Value y) {
  return arith::CmpIOp::create(b, l, p, x, y);
}

/// Row comparisons of the [n, m] input.
struct Rows {
  Value input, m;

  Value element(OpBuilder &b, Location l, Value row, Value col) const {
    return tensor::ExtractOp::create(b, l, input, ValueRange{row, col});
  }
  /// -1, 0 or 1 (i32) as x is below, equal to or above y.
  Value order(OpBuilder &b, Location l, Value x, Value y) const {
    Value below, above;
    if (isa<FloatType>(x.getType())) {
      below = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, x, y);
      above = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x, y);
    } else {
      below = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, x, y);
      above = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt, x, y);
    }
    Value i32 = arith::SelectOp::create(b, l, above, constI32(b, l, 1), constI32(b, l, 0));
    return arith::SelectOp::create(b, l, below, constI32(b, l, -1), i32);
  }
  /// Lexicographic comparison of rows i and j: the first non-zero order.
  Value compare(OpBuilder &b, Location l, Value i, Value j) const {
    return forLoop(b, l, constIndex(b, l, 0), m, ValueRange{constI32(b, l, 0)},
                   [&](OpBuilder &b, Location l, Value c, ValueRange s) -> SmallVector<Value> {
                     Value o = order(b, l, element(b, l, i, c), element(b, l, j, c));
                     Value undecided = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                                             s[0], constI32(b, l, 0));
                     return {arith::SelectOp::create(b, l, undecided, o, s[0])};
                   })[0];
  }
  static Value constI32(OpBuilder &b, Location l, int32_t v) {
    return arith::ConstantOp::create(b, l, b.getI32IntegerAttr(v));
  }
};

struct LowerUnique : OpRewritePattern<UniqueOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(UniqueOp op, PatternRewriter &rewriter) const override {
    auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto outType = dyn_cast<RankedTensorType>(op.getType());
    if (!inType || !outType)
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    if (!isSupportedElementType(inType.getElementType()))
      return rewriter.notifyMatchFailure(op, "needs a float or signless integer element type");
    StringRef part = op.getPart();
    if (part != "inverse" && outType.isDynamicDim(0))
      return rewriter.notifyMatchFailure(
          op, "needs a static number of distinct rows (declare the output shapes in the model)");
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value zero = constIndex(b, loc, 0), one = constIndex(b, loc, 1);
    Value n = dimOf(b, loc, op.getInput(), 0);
    Rows rows{op.getInput(), dimOf(b, loc, op.getInput(), 1)};
    auto indexVector = RankedTensorType::get({ShapedType::kDynamic}, b.getIndexType());

    // first[i]: the first row equal to row i.
    Value first = forLoop(
        b, loc, zero, n, ValueRange{emptyTensor(b, loc, indexVector, {OpFoldResult(n)})},
        [&](OpBuilder &b, Location l, Value i, ValueRange s) -> SmallVector<Value> {
          Value found = forLoop(
              b, l, zero, i, ValueRange{i},
              [&](OpBuilder &b, Location l, Value j, ValueRange f) -> SmallVector<Value> {
                Value unset = cmpIndex(b, l, arith::CmpIPredicate::eq, f[0], i);
                Value equal = cmpIndex(b, l, arith::CmpIPredicate::eq,
                                       indexCast(b, l, rows.compare(b, l, i, j)), zero);
                Value take = arith::AndIOp::create(b, l, unset, equal);
                return {arith::SelectOp::create(b, l, take, j, f[0])};
              })[0];
          return {tensor::InsertOp::create(b, l, found, s[0], ValueRange{i})};
        })[0];

    // pos[i]: the position of row i's distinct row.
    Value pos = forLoop(
        b, loc, zero, n, ValueRange{emptyTensor(b, loc, indexVector, {OpFoldResult(n)})},
        [&](OpBuilder &b, Location l, Value i, ValueRange s) -> SmallVector<Value> {
          Value fi = tensor::ExtractOp::create(b, l, first, ValueRange{i});
          Value isFirst = cmpIndex(b, l, arith::CmpIPredicate::eq, fi, i);
          auto counted = scf::IfOp::create(
              b, l, isFirst,
              [&](OpBuilder &b, Location l) {
                Value ub = op.getSorted() ? n : i;
                Value count = forLoop(
                    b, l, zero, ub, ValueRange{zero},
                    [&](OpBuilder &b, Location l, Value j, ValueRange c) -> SmallVector<Value> {
                      Value fj = tensor::ExtractOp::create(b, l, first, ValueRange{j});
                      Value before = cmpIndex(b, l, arith::CmpIPredicate::eq, fj, j);
                      if (op.getSorted()) {
                        Value less = arith::CmpIOp::create(
                            b, l, arith::CmpIPredicate::eq, rows.compare(b, l, j, i),
                            Rows::constI32(b, l, -1));
                        before = arith::AndIOp::create(b, l, before, less);
                      }
                      Value next = arith::AddIOp::create(b, l, c[0], one);
                      return {arith::SelectOp::create(b, l, before, next, c[0])};
                    })[0];
                scf::YieldOp::create(b, l, count);
              },
              [&](OpBuilder &b, Location l) {
                scf::YieldOp::create(b, l,
                                     tensor::ExtractOp::create(b, l, s[0], ValueRange{fi})
                                         .getResult());
              });
          return {tensor::InsertOp::create(b, l, counted.getResult(0), s[0], ValueRange{i})};
        })[0];

    Value k = part == "inverse" ? Value() : constIndex(b, loc, outType.getDimSize(0));
    Type element = outType.getElementType();
    SmallVector<OpFoldResult> sizes;
    for (int64_t d = 0; d < outType.getRank(); ++d)
      sizes.push_back(outType.isDynamicDim(d) ? OpFoldResult(n)
                                              : OpFoldResult(b.getIndexAttr(outType.getDimSize(d))));
    Value init = part == "inverse" ? emptyTensor(b, loc, outType, sizes)
                                   : filledTensor(b, loc, outType,
                                                  scalarConstant(b, loc, element, 0.0), sizes);
    Value result = forLoop(
        b, loc, zero, n, ValueRange{init},
        [&](OpBuilder &b, Location l, Value i, ValueRange s) -> SmallVector<Value> {
          Value p = tensor::ExtractOp::create(b, l, pos, ValueRange{i});
          if (part == "inverse")
            return {tensor::InsertOp::create(b, l, indexToI64(b, l, p), s[0], ValueRange{i})};
          Value fits = cmpIndex(b, l, arith::CmpIPredicate::ult, p, k);
          if (part != "counts") {
            Value fi = tensor::ExtractOp::create(b, l, first, ValueRange{i});
            fits = arith::AndIOp::create(b, l, fits,
                                         cmpIndex(b, l, arith::CmpIPredicate::eq, fi, i));
          }
          return llvm::to_vector(ifThen(
              b, l, fits, s, [&](OpBuilder &b, Location l) -> SmallVector<Value> {
                if (part == "indices")
                  return {tensor::InsertOp::create(b, l, indexToI64(b, l, i), s[0],
                                                   ValueRange{p})};
                if (part == "counts") {
                  Value old = tensor::ExtractOp::create(b, l, s[0], ValueRange{p});
                  Value inc = arith::AddIOp::create(b, l, old, constI64(b, l, 1));
                  return {tensor::InsertOp::create(b, l, inc, s[0], ValueRange{p})};
                }
                return {forLoop(b, l, zero, rows.m, s,
                                [&](OpBuilder &b, Location l, Value c,
                                    ValueRange r) -> SmallVector<Value> {
                                  return {tensor::InsertOp::create(
                                      b, l, rows.element(b, l, i, c), r[0], ValueRange{p, c})};
                                })[0]};
              }));
        })[0];
    rewriter.replaceOp(op, result);
    return success();
  }

  static Value indexCast(OpBuilder &b, Location l, Value i32) {
    return arith::IndexCastOp::create(b, l, b.getIndexType(), i32);
  }
};

} // namespace

void mlir::kiln::populateLowerUniquePatterns(RewritePatternSet &patterns) {
  patterns.add<LowerUnique>(patterns.getContext());
}
