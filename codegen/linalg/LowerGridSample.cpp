//===- LowerGridSample.cpp - kiln.grid_sample to linalg -------------------===//
//
// One linalg.generic over the output [N, C, H_out, W_out]. The body reads
// the grid point, maps it into input pixel coordinates (PyTorch's
// grid_sample arithmetic in the element type, which the ONNX test data
// comes from), applies the padding mode, and sums 1, 4 or 16 weighted taps;
// taps outside the input contribute zero.
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/IndexingLowering.h"
#include "codegen/linalg/LoweringUtils.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Scalar float arithmetic in the element type.
struct Float {
  OpBuilder &b;
  Location loc;
  Type type;
  Value c(double v) { return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, v)); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value floor(Value x) { return math::FloorOp::create(b, loc, x); }
  Value clip(Value x, Value hi) {
    return arith::MinimumFOp::create(b, loc, arith::MaximumFOp::create(b, loc, x, c(0.0)), hi);
  }
  Value sel(Value cond, Value x, Value y) { return arith::SelectOp::create(b, loc, cond, x, y); }
  Value toI64(Value x) { return arith::FPToSIOp::create(b, loc, b.getI64Type(), x); }
};

/// One input position along an axis and its weight (null means 1).
struct Tap {
  Value index; // i64, may lie outside the input
  Value weight;
};

struct LowerGridSample : OpRewritePattern<GridSampleOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GridSampleOp op, PatternRewriter &rewriter) const override {
    auto outType = dyn_cast<RankedTensorType>(op.getType());
    if (!outType || !isa<RankedTensorType>(op.getInput().getType()) ||
        !isa<RankedTensorType>(op.getGrid().getType()))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    Location loc = op.getLoc();
    auto &b = rewriter;
    Type element = outType.getElementType();
    Float f{b, loc, element};
    SmallVector<Value> sizes = {dimOf(b, loc, op.getInput(), 0), dimOf(b, loc, op.getInput(), 1),
                                dimOf(b, loc, op.getGrid(), 1), dimOf(b, loc, op.getGrid(), 2)};
    // Input height and width, as integers and in the element type.
    Value heightI = indexToI64(b, loc, dimOf(b, loc, op.getInput(), 2));
    Value widthI = indexToI64(b, loc, dimOf(b, loc, op.getInput(), 3));
    Value height = arith::SIToFPOp::create(b, loc, element, heightI);
    Value width = arith::SIToFPOp::create(b, loc, element, widthI);

    Value result = buildIndexGeneric(
        b, loc, outType, dynamicSizesOf(outType, sizes), {}, {},
        [&](OpBuilder &nb, Location nloc, ArrayRef<Value> coords, ValueRange) -> Value {
          Float g{nb, nloc, element};
          Value n = coords[0], c = coords[1];
          auto gridAt = [&](int64_t k) {
            return tensor::ExtractOp::create(
                nb, nloc, op.getGrid(), ValueRange{n, coords[2], coords[3], constIndex(nb, nloc, k)});
          };
          SmallVector<Tap> xs = axisTaps(g, op, gridAt(0), width);
          SmallVector<Tap> ys = axisTaps(g, op, gridAt(1), height);
          Value zero = g.c(0.0), sum;
          Value zeroI = constI64(nb, nloc, 0);
          Value lastX = arith::SubIOp::create(nb, nloc, widthI, constI64(nb, nloc, 1));
          Value lastY = arith::SubIOp::create(nb, nloc, heightI, constI64(nb, nloc, 1));
          for (const Tap &y : ys) {
            for (const Tap &x : xs) {
              Value inside = arith::AndIOp::create(
                  nb, nloc, inRange(nb, nloc, x.index, widthI), inRange(nb, nloc, y.index, heightI));
              Value xi = i64ToIndex(nb, nloc, clampI64(nb, nloc, x.index, zeroI, lastX));
              Value yi = i64ToIndex(nb, nloc, clampI64(nb, nloc, y.index, zeroI, lastY));
              Value v = tensor::ExtractOp::create(nb, nloc, op.getInput(), ValueRange{n, c, yi, xi});
              v = g.sel(inside, v, zero);
              Value weight = x.weight && y.weight ? g.mul(x.weight, y.weight) : Value();
              Value term = weight ? g.mul(weight, v) : v;
              sum = sum ? g.add(sum, term) : term;
            }
          }
          return sum;
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  static Value inRange(OpBuilder &b, Location loc, Value i, Value size) {
    return arith::AndIOp::create(
        b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, i, constI64(b, loc, 0)),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i, size));
  }

  /// Normalized [-1, 1] to pixel coordinates.
  static Value unnormalize(Float &f, bool alignCorners, Value g, Value size) {
    Value one = f.c(1.0);
    if (alignCorners)
      return f.mul(f.div(f.add(g, one), f.c(2.0)), f.sub(size, one));
    return f.div(f.sub(f.mul(f.add(g, one), size), one), f.c(2.0));
  }

  /// The padding mode applied to a pixel coordinate: border clips,
  /// reflection mirrors at the borders (the corner centers with
  /// align_corners, else the outer edges) and then clips.
  static Value applyPadding(Float &f, GridSampleOp op, Value x, Value size) {
    StringRef padding = op.getPaddingMode();
    Value last = f.sub(size, f.c(1.0));
    if (padding == "border")
      return f.clip(x, last);
    if (padding != "reflection")
      return x;
    bool align = op.getAlignCorners();
    Value low = f.c(align ? 0.0 : -0.5);
    Value span = align ? last : size;
    Value distance = math::AbsFOp::create(f.b, f.loc, f.sub(x, low));
    Value safeSpan = arith::MaximumFOp::create(f.b, f.loc, span, f.c(1.0));
    Value extra = arith::RemFOp::create(f.b, f.loc, distance, safeSpan);
    Value flips = f.toI64(f.floor(f.div(distance, safeSpan)));
    Value even = arith::CmpIOp::create(
        f.b, f.loc, arith::CmpIPredicate::eq,
        arith::AndIOp::create(f.b, f.loc, flips, constI64(f.b, f.loc, 1)), constI64(f.b, f.loc, 0));
    Value reflected = f.sel(even, f.add(extra, low), f.add(f.sub(span, extra), low));
    // A span of zero (one pixel with align_corners) reflects everything to 0.
    Value degenerate = arith::CmpFOp::create(f.b, f.loc, arith::CmpFPredicate::OLE, span, f.c(0.0));
    return f.clip(f.sel(degenerate, f.c(0.0), reflected), last);
  }

  /// Taps of one axis for grid value `g` over an input of `size` pixels.
  static SmallVector<Tap> axisTaps(Float &f, GridSampleOp op, Value g, Value size) {
    StringRef mode = op.getMode();
    Value x = unnormalize(f, op.getAlignCorners(), g, size);
    if (mode == "nearest") {
      Value rounded = math::RoundEvenOp::create(f.b, f.loc, applyPadding(f, op, x, size));
      return {{f.toI64(rounded), {}}};
    }
    if (mode == "bilinear") {
      x = applyPadding(f, op, x, size);
      Value x0 = f.floor(x), t = f.sub(x, x0);
      Value i0 = f.toI64(x0);
      Value i1 = arith::AddIOp::create(f.b, f.loc, i0, constI64(f.b, f.loc, 1));
      return {{i0, f.sub(f.c(1.0), t)}, {i1, t}};
    }
    // Bicubic: weights from the unpadded coordinate; each tap position is
    // padded on its own.
    Value x0 = f.floor(x), t = f.sub(x, x0);
    Value A = f.c(-0.75), one = f.c(1.0);
    auto near = [&](Value d) { // |d| <= 1
      return f.add(f.mul(f.mul(f.sub(f.mul(f.add(A, f.c(2.0)), d), f.add(A, f.c(3.0))), d), d), one);
    };
    auto far = [&](Value d) { // 1 < |d| < 2
      return f.sub(f.mul(f.add(f.mul(f.sub(f.mul(A, d), f.mul(f.c(5.0), A)), d), f.mul(f.c(8.0), A)), d),
                   f.mul(f.c(4.0), A));
    };
    Value u = f.sub(one, t);
    SmallVector<Value> weights = {far(f.add(t, one)), near(t), near(u), far(f.add(u, one))};
    SmallVector<Tap> taps;
    for (int64_t k = 0; k < 4; ++k) {
      Value position = applyPadding(f, op, f.add(x0, f.c(static_cast<double>(k - 1))), size);
      taps.push_back({f.toI64(position), weights[k]});
    }
    return taps;
  }
};

} // namespace

void mlir::kiln::populateLowerGridSamplePatterns(RewritePatternSet &patterns) {
  patterns.add<LowerGridSample>(patterns.getContext());
}
