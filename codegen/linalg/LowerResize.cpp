//===- LowerResize.cpp - kiln.resize to linalg ----------------------------===//
//
// One linalg.generic over the output. Per resized axis the body maps the
// output coordinate to the input (the coordinate transformation, in f64 as
// the ONNX reference does), picks 1 (nearest), 2 (linear) or 4 (cubic)
// input taps with weights, and sums the weighted taps over all axes.
// Axes that are not resampled (size-1 input, or scale 1 with an identity
// mapping) read their coordinate directly, so NCHW resizes of H and W
// cost 4 or 16 taps, not 4^4.
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/IndexingLowering.h"
#include "codegen/linalg/LoweringUtils.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// f64 scalar arithmetic on one builder.
struct F64 {
  OpBuilder &b;
  Location loc;
  Value c(double v) { return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(v)); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value cmp(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value sel(Value cond, Value x, Value y) { return arith::SelectOp::create(b, loc, cond, x, y); }
  Value ext(Value v) {
    if (v.getType().isF64())
      return v;
    return arith::ExtFOp::create(b, loc, b.getF64Type(), v);
  }
};

/// One input position and its weight.
struct Tap {
  Value index;  // index type, clamped into the input
  Value weight; // f64; null means 1
};

/// What the body needs about one axis, computed before the generic.
struct AxisInfo {
  bool trivial = false;
  int64_t inSize = 0;                          // kDynamic when known at run time only
  Value inLast;                                // i64: input size - 1
  Value inLastF, scale, outLength, roiStart, roiEnd; // f64
};

/// Cubic convolution weights of the taps at floor(x) - 1 .. floor(x) + 2.
static SmallVector<Value> cubicWeights(F64 &f, Value r, double a) {
  Value A = f.c(a), one = f.c(1.0);
  auto outer = [&](Value t) { // |t| in [1, 2]
    return f.sub(f.mul(f.add(f.mul(f.sub(f.mul(A, t), f.mul(f.c(5.0), A)), t), f.mul(f.c(8.0), A)), t),
                 f.mul(f.c(4.0), A));
  };
  auto inner = [&](Value t) { // |t| in [0, 1]
    return f.add(f.mul(f.mul(f.sub(f.mul(f.add(A, f.c(2.0)), t), f.add(A, f.c(3.0))), t), t), one);
  };
  return {outer(f.add(r, one)), inner(r), inner(f.sub(one, r)), outer(f.sub(f.c(2.0), r))};
}

struct LowerResize : OpRewritePattern<ResizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ResizeOp op, PatternRewriter &rewriter) const override {
    auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto outType = dyn_cast<RankedTensorType>(op.getType());
    if (!inType || !outType)
      return rewriter.notifyMatchFailure(op, "needs ranked input and output types");
    Type element = outType.getElementType();
    if (!isa<FloatType>(element))
      return rewriter.notifyMatchFailure(op, "needs a float element type");
    Location loc = op.getLoc();
    auto &b = rewriter;
    F64 f{b, loc};
    int64_t rank = inType.getRank();
    StringRef coord = op.getCoordinateTransformationMode();
    DenseFPElementsAttr constScales;
    bool scalesKnown = matchPattern(op.getScales(), m_Constant(&constScales));

    SmallVector<AxisInfo> axes(rank);
    for (int64_t d = 0; d < rank; ++d) {
      AxisInfo &axis = axes[d];
      axis.inSize = inType.getDimSize(d);
      bool unitScale = scalesKnown &&
                       constScales.getValues<APFloat>()[d].convertToDouble() == 1.0;
      axis.trivial = axis.inSize == 1 ||
                     (axis.inSize == outType.getDimSize(d) && unitScale &&
                      coord != "tf_crop_and_resize" && coord != "tf_half_pixel_for_nn");
      if (axis.trivial)
        continue;
      axis.scale = f.ext(extractAt(b, loc, op.getScales(), d));
      // A dynamic axis may turn out to be of size 1 or scale 1: the general
      // mapping covers both (the extra taps get weight 0).
      Value inSize = indexToI64(b, loc, dimOf(b, loc, op.getInput(), d));
      axis.inLast = arith::SubIOp::create(b, loc, inSize, constI64(b, loc, 1));
      axis.inLastF = arith::SIToFPOp::create(b, loc, b.getF64Type(), axis.inLast);
      // The reference uses scale * input length, unrounded, as the output length.
      axis.outLength =
          f.mul(axis.scale, arith::SIToFPOp::create(b, loc, b.getF64Type(), inSize));
      if (coord == "tf_crop_and_resize") {
        axis.roiStart = f.ext(extractAt(b, loc, op.getRoi(), d));
        axis.roiEnd = f.ext(extractAt(b, loc, op.getRoi(), d + rank));
      }
    }
    Value extrapolation = arith::ConstantOp::create(
        b, loc, FloatAttr::get(element, op.getExtrapolationValue().convertToDouble()));

    // A dynamic output dim (a dynamic input with constant scales) is
    // floor(scale * input size), as the frontend computes static ones.
    SmallVector<Value> outSizes;
    for (int64_t d = 0; d < rank; ++d) {
      if (!outType.isDynamicDim(d)) {
        outSizes.push_back(Value());
        continue;
      }
      if (axes[d].trivial) {
        // Not resampled: the output dim is the input's.
        outSizes.push_back(dimOf(b, loc, op.getInput(), d));
        continue;
      }
      if (!scalesKnown)
        return rewriter.notifyMatchFailure(op, "dynamic output dim with run-time scales");
      Value length = axes[d].outLength;
      Value size = arith::FPToSIOp::create(b, loc, b.getI64Type(), math::FloorOp::create(b, loc, length));
      outSizes.push_back(i64ToIndex(b, loc, size));
    }
    Value result = buildIndexGeneric(
        b, loc, outType, dynamicSizesOf(outType, outSizes), {}, {},
        [&](OpBuilder &nb, Location nloc, ArrayRef<Value> coords, ValueRange) -> Value {
          F64 g{nb, nloc};
          SmallVector<SmallVector<Tap>> taps(rank);
          Value outside;
          for (int64_t d = 0; d < rank; ++d) {
            const AxisInfo &axis = axes[d];
            if (axis.trivial) {
              taps[d].push_back({axis.inSize == 1 ? constIndex(nb, nloc, 0) : coords[d], {}});
              continue;
            }
            Value isOutside;
            Value x = mapCoordinate(g, op, axis, coords[d], isOutside);
            if (isOutside)
              outside = outside ? arith::OrIOp::create(nb, nloc, outside, isOutside) : isOutside;
            taps[d] = pickTaps(g, op, axis, x);
          }
          Value value = sumTaps(nb, nloc, op.getInput(), taps, element);
          return outside ? arith::SelectOp::create(nb, nloc, outside, extrapolation, value)
                         : value;
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  /// The input coordinate of output coordinate `index` (f64); sets
  /// `outside` for tf_crop_and_resize positions beyond the input.
  static Value mapCoordinate(F64 &f, ResizeOp op, const AxisInfo &axis, Value index,
                             Value &outside) {
    StringRef coord = op.getCoordinateTransformationMode();
    Value x = arith::SIToFPOp::create(f.b, f.loc, f.b.getF64Type(),
                                      indexToI64(f.b, f.loc, index));
    Value half = f.c(0.5), one = f.c(1.0), inLast = axis.inLastF;
    Value unitOut = f.cmp(arith::CmpFPredicate::OEQ, axis.outLength, one);
    Value outLast = f.sub(axis.outLength, one);
    if (coord == "asymmetric")
      return f.div(x, axis.scale);
    if (coord == "tf_half_pixel_for_nn")
      return f.div(f.add(x, half), axis.scale);
    if (coord == "align_corners")
      return f.sel(unitOut, f.c(0.0), f.div(f.mul(x, inLast), outLast));
    if (coord == "tf_crop_and_resize") {
      Value span = f.mul(f.sub(axis.roiEnd, axis.roiStart), inLast);
      Value mapped = f.sel(unitOut, f.div(span, f.c(2.0)), f.div(f.mul(x, span), outLast));
      mapped = f.add(mapped, f.mul(axis.roiStart, inLast));
      outside = arith::OrIOp::create(f.b, f.loc,
                                     f.cmp(arith::CmpFPredicate::OLT, mapped, f.c(0.0)),
                                     f.cmp(arith::CmpFPredicate::OGT, mapped, inLast));
      return mapped;
    }
    Value halfPixel = f.sub(f.div(f.add(x, half), axis.scale), half);
    if (coord == "pytorch_half_pixel")
      return f.sel(unitOut, f.c(-0.5), halfPixel);
    return halfPixel; // half_pixel
  }

  /// The taps of one axis at input coordinate `x`.
  static SmallVector<Tap> pickTaps(F64 &f, ResizeOp op, const AxisInfo &axis, Value x) {
    OpBuilder &b = f.b;
    Location loc = f.loc;
    Value floorX = math::FloorOp::create(b, loc, x);
    Value ratio = f.sub(x, floorX);
    Value base = arith::FPToSIOp::create(b, loc, b.getI64Type(), floorX);
    Value last = axis.inLast, zero = constI64(b, loc, 0);
    auto at = [&](int64_t offset) {
      return arith::AddIOp::create(b, loc, base, constI64(b, loc, offset)).getResult();
    };
    auto clamped = [&](Value i) { return i64ToIndex(b, loc, clampI64(b, loc, i, zero, last)); };
    StringRef mode = op.getMode();
    if (mode == "nearest") {
      StringRef nearest = op.getNearestMode();
      Value up;
      if (nearest == "floor")
        up = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
      else if (nearest == "ceil")
        up = f.cmp(arith::CmpFPredicate::OGT, ratio, f.c(0.0));
      else if (nearest == "round_prefer_ceil")
        up = f.cmp(arith::CmpFPredicate::OGE, ratio, f.c(0.5));
      else // round_prefer_floor
        up = f.cmp(arith::CmpFPredicate::OGT, ratio, f.c(0.5));
      return {{clamped(arith::SelectOp::create(b, loc, up, at(1), base)), {}}};
    }
    SmallVector<int64_t> offsets;
    SmallVector<Value> weights;
    if (mode == "linear") {
      offsets = {0, 1};
      weights = {f.sub(f.c(1.0), ratio), ratio};
    } else {
      offsets = {-1, 0, 1, 2};
      weights = cubicWeights(f, ratio, op.getCubicCoeffA().convertToDouble());
    }
    SmallVector<Tap> taps;
    Value total = f.c(0.0);
    for (auto [offset, weight] : llvm::zip(offsets, weights)) {
      Value i = at(offset);
      if (op.getExcludeOutside()) {
        Value inside = arith::AndIOp::create(
            b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, i, zero),
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, i, last));
        weight = f.sel(inside, weight, f.c(0.0));
        total = f.add(total, weight);
      }
      taps.push_back({clamped(i), weight});
    }
    if (op.getExcludeOutside())
      for (Tap &tap : taps)
        tap.weight = f.div(tap.weight, total);
    return taps;
  }

  /// Sum over every combination of one tap per axis of the weight product
  /// times the input element.
  static Value sumTaps(OpBuilder &b, Location loc, Value input,
                       ArrayRef<SmallVector<Tap>> taps, Type element) {
    F64 f{b, loc};
    int64_t rank = taps.size(), combos = 1;
    for (const auto &t : taps)
      combos *= t.size();
    if (combos == 1) {
      SmallVector<Value> src;
      for (const auto &t : taps)
        src.push_back(t[0].index);
      return tensor::ExtractOp::create(b, loc, input, src);
    }
    Value sum;
    for (int64_t n = 0; n < combos; ++n) {
      SmallVector<Value> src;
      Value weight;
      for (int64_t d = rank - 1, rest = n; d >= 0; --d) {
        const Tap &tap = taps[d][rest % taps[d].size()];
        rest /= taps[d].size();
        src.insert(src.begin(), tap.index);
        if (tap.weight)
          weight = weight ? f.mul(weight, tap.weight) : tap.weight;
      }
      Value x = f.ext(tensor::ExtractOp::create(b, loc, input, src));
      Value term = weight ? f.mul(weight, x) : x;
      sum = sum ? f.add(sum, term) : term;
    }
    if (element.isF64())
      return sum;
    return arith::TruncFOp::create(b, loc, element, sum);
  }
};

} // namespace

void mlir::kiln::populateLowerResizePatterns(RewritePatternSet &patterns) {
  patterns.add<LowerResize>(patterns.getContext());
}
