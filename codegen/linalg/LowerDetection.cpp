//===- LowerDetection.cpp - kiln.non_max_suppression to scf loops ---------===//
//
// Greedy selection per batch and class, as ONNX Runtime does it: up to
// max_output rounds, each picking the highest-scoring box (score above the
// threshold, lowest index on ties) that is not yet suppressed, writing its
// row and suppressing it and every box overlapping it by IoU above the
// threshold. The state is a [boxes] i1 tensor of suppressed flags; the
// result rows are written in order up to the static result size (rows
// beyond the selection stay 0). O(max_output * boxes) per class.
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

#include <limits>

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// A box as min/max corners.
struct Corners {
  Value yMin, xMin, yMax, xMax;
};

struct NmsBuilder {
  OpBuilder &b;
  Location loc;
  Value boxes;
  bool centerPointBox;

  Value f(double v) { return scalarConstant(b, loc, b.getF32Type(), v); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value min(Value x, Value y) { return arith::MinimumFOp::create(b, loc, x, y); }
  Value max(Value x, Value y) { return arith::MaximumFOp::create(b, loc, x, y); }
  Value gt(Value x, Value y) {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, y);
  }
  Value both(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }

  Corners corners(Value batch, Value box) {
    Value c[4];
    for (int64_t k = 0; k < 4; ++k)
      c[k] = tensor::ExtractOp::create(b, loc, boxes,
                                       ValueRange{batch, box, constIndex(b, loc, k)});
    if (centerPointBox) {
      // [x_center, y_center, width, height]
      Value halfW = mul(c[2], f(0.5)), halfH = mul(c[3], f(0.5));
      return {sub(c[1], halfH), sub(c[0], halfW), add(c[1], halfH), add(c[0], halfW)};
    }
    // [y1, x1, y2, x2], any diagonal pair of corners.
    return {min(c[0], c[2]), min(c[1], c[3]), max(c[0], c[2]), max(c[1], c[3])};
  }

  /// Whether IoU(a, b) > threshold; empty intersections or degenerate
  /// boxes never suppress.
  Value overlaps(const Corners &p, const Corners &q, Value threshold) {
    Value ixMin = max(p.xMin, q.xMin), ixMax = min(p.xMax, q.xMax);
    Value iyMin = max(p.yMin, q.yMin), iyMax = min(p.yMax, q.yMax);
    Value iw = sub(ixMax, ixMin), ih = sub(iyMax, iyMin);
    Value inter = mul(iw, ih);
    Value areaP = mul(sub(p.xMax, p.xMin), sub(p.yMax, p.yMin));
    Value areaQ = mul(sub(q.xMax, q.xMin), sub(q.yMax, q.yMin));
    Value uni = sub(add(areaP, areaQ), inter);
    Value valid = both(both(gt(iw, f(0)), gt(ih, f(0))),
                       both(both(gt(areaP, f(0)), gt(areaQ, f(0))), gt(uni, f(0))));
    // Divide by a positive value only: the result matters only when valid.
    Value safeUnion = arith::SelectOp::create(b, loc, valid, uni, f(1));
    Value iou = arith::DivFOp::create(b, loc, inter, safeUnion);
    return both(valid, gt(iou, threshold));
  }
};

struct LowerNonMaxSuppression : OpRewritePattern<NonMaxSuppressionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(NonMaxSuppressionOp op,
                                PatternRewriter &rewriter) const override {
    auto outType = dyn_cast<RankedTensorType>(op.getType());
    if (!outType || !outType.hasStaticShape())
      return rewriter.notifyMatchFailure(
          op, "needs a static result shape (declare the output shape in the model)");
    for (Value v : op->getOperands())
      if (!isa<RankedTensorType>(v.getType()))
        return rewriter.notifyMatchFailure(op, "needs ranked operands");
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value zero = constIndex(b, loc, 0), one = constIndex(b, loc, 1);
    Value limit = constIndex(b, loc, outType.getDimSize(0));
    Value batches = dimOf(b, loc, op.getScores(), 0), classes = dimOf(b, loc, op.getScores(), 1),
          numBoxes = dimOf(b, loc, op.getScores(), 2);
    Value maxOutput = extractAt(b, loc, op.getMaxOutput());
    maxOutput = arith::MaxSIOp::create(b, loc, maxOutput, constI64(b, loc, 0));
    Value rounds = arith::MinSIOp::create(b, loc, i64ToIndex(b, loc, maxOutput), numBoxes);
    Value iouThreshold = extractAt(b, loc, op.getIouThreshold());
    Value scoreThreshold = extractAt(b, loc, op.getScoreThreshold());

    Value init = filledTensor(b, loc, outType, constI64(b, loc, 0));
    auto flagsType = RankedTensorType::get({ShapedType::kDynamic}, b.getI1Type());
    Value noFlags = scalarConstant(b, loc, b.getI1Type(), 0.0);

    auto perClass = [&](OpBuilder &b, Location l, Value batch, Value cls,
                        ValueRange st) -> SmallVector<Value> {
      Value flags = filledTensor(b, l, flagsType, noFlags, {OpFoldResult(numBoxes)});
      ValueRange done = forLoop(
          b, l, zero, rounds, ValueRange{st[0], st[1], flags},
          [&](OpBuilder &b, Location l, Value, ValueRange s) -> SmallVector<Value> {
            NmsBuilder at{b, l, op.getBoxes(), op.getCenterPointBox()};
            // The best remaining candidate.
            Value lowest = at.f(-std::numeric_limits<double>::infinity());
            ValueRange best = forLoop(
                b, l, zero, numBoxes,
                ValueRange{lowest, zero, scalarConstant(b, l, b.getI1Type(), 0.0)},
                [&](OpBuilder &b, Location l, Value i, ValueRange cur) -> SmallVector<Value> {
                  NmsBuilder at{b, l, op.getBoxes(), op.getCenterPointBox()};
                  Value score = tensor::ExtractOp::create(b, l, op.getScores(),
                                                          ValueRange{batch, cls, i});
                  Value free = arith::XOrIOp::create(
                      b, l, tensor::ExtractOp::create(b, l, s[2], ValueRange{i}),
                      scalarConstant(b, l, b.getI1Type(), 1.0));
                  Value higher = arith::OrIOp::create(
                      b, l, arith::XOrIOp::create(b, l, cur[2],
                                                  scalarConstant(b, l, b.getI1Type(), 1.0)),
                      at.gt(score, cur[0]));
                  Value take = at.both(at.both(free, at.gt(score, scoreThreshold)), higher);
                  return {arith::SelectOp::create(b, l, take, score, cur[0]),
                          arith::SelectOp::create(b, l, take, i, cur[1]),
                          arith::OrIOp::create(b, l, cur[2], take)};
                });
            return llvm::to_vector(ifThen(
                b, l, best[2], s, [&](OpBuilder &b, Location l) -> SmallVector<Value> {
                  NmsBuilder at{b, l, op.getBoxes(), op.getCenterPointBox()};
                  Value picked = best[1];
                  // Write (batch, class, box) while rows remain.
                  Value fits = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, s[1], limit);
                  Value result = ifThen(b, l, fits, ValueRange{s[0]},
                                        [&](OpBuilder &b, Location l) -> SmallVector<Value> {
                                          Value r = s[0];
                                          Value row[3] = {batch, cls, picked};
                                          for (int64_t k = 0; k < 3; ++k)
                                            r = tensor::InsertOp::create(
                                                b, l, indexToI64(b, l, row[k]), r,
                                                ValueRange{s[1], constIndex(b, l, k)});
                                          return {r};
                                        })[0];
                  Value count = arith::AddIOp::create(b, l, s[1], one);
                  Corners chosen = at.corners(batch, picked);
                  Value flags = forLoop(
                      b, l, zero, numBoxes, ValueRange{s[2]},
                      [&](OpBuilder &b, Location l, Value j,
                          ValueRange f) -> SmallVector<Value> {
                        NmsBuilder at{b, l, op.getBoxes(), op.getCenterPointBox()};
                        Value same =
                            arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, j, picked);
                        Value hit = arith::OrIOp::create(
                            b, l, same,
                            at.overlaps(chosen, at.corners(batch, j), iouThreshold));
                        Value old = tensor::ExtractOp::create(b, l, f[0], ValueRange{j});
                        return {tensor::InsertOp::create(b, l, arith::OrIOp::create(b, l, old, hit),
                                                         f[0], ValueRange{j})};
                      })[0];
                  return {result, count, flags};
                }));
          });
      return {done[0], done[1]};
    };

    ValueRange out = forLoop(
        b, loc, zero, batches, ValueRange{init, zero},
        [&](OpBuilder &b, Location l, Value batch, ValueRange st) -> SmallVector<Value> {
          return llvm::to_vector(forLoop(
              b, l, zero, classes, st,
              [&](OpBuilder &b, Location l, Value cls, ValueRange st2) -> SmallVector<Value> {
                return perClass(b, l, batch, cls, st2);
              }));
        });
    rewriter.replaceOp(op, out[0]);
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerDetectionPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerNonMaxSuppression>(patterns.getContext());
}
