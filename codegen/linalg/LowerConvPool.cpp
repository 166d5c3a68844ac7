//===- LowerConvPool.cpp - kiln convolution and pooling to linalg ---------===//
//
// Windowed ops become a padded input plus one linalg.generic whose loop
// order keeps the innermost output axis last, so the innermost loop walks
// contiguous memory and LLVM can vectorize it.
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"
#include "dialects/kiln/ShapeUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Loop positions of a window nest: [outer..., out_0..out_{s-2},
/// inner-reductions..., kernel_0..kernel_{s-1}, out_{s-1}].
struct WindowLoops {
  int64_t numOuter, numInner, spatial;
  int64_t out(int64_t i) const {
    return i + 1 < spatial ? numOuter + i : numOuter + spatial - 1 + numInner + spatial;
  }
  int64_t inner(int64_t i) const { return numOuter + spatial - 1 + i; }
  int64_t kernel(int64_t i) const { return numOuter + spatial - 1 + numInner + i; }
  int64_t total() const { return numOuter + numInner + 2 * spatial; }
};

/// End padding that makes the padded extent hold every window (ceil_mode).
static SmallVector<int64_t> effectiveHighPads(ArrayRef<int64_t> in, ArrayRef<int64_t> out,
                                              ArrayRef<int64_t> kernel,
                                              ArrayRef<int64_t> strides,
                                              ArrayRef<int64_t> dilations,
                                              ArrayRef<int64_t> pads) {
  size_t s = in.size();
  SmallVector<int64_t> high;
  for (size_t i = 0; i < s; ++i) {
    int64_t needed = (out[i] - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1;
    high.push_back(std::max<int64_t>(pads[s + i], needed - in[i] - pads[i]));
  }
  return high;
}

/// Window ops take a dynamic batch (dim 0 of input and result); every
/// other dim must be static.
static bool staticExceptBatch(Operation *op) {
  auto check = [](Type t) {
    auto ranked = dyn_cast<RankedTensorType>(t);
    return ranked && ranked.getRank() > 0 &&
           llvm::none_of(ranked.getShape().drop_front(), ShapedType::isDynamic);
  };
  return check(op->getOperand(0).getType()) && check(op->getResult(0).getType()) &&
         llvm::all_of(op->getOperands().drop_front(), [](Value v) {
           auto ranked = dyn_cast<RankedTensorType>(v.getType());
           return ranked && ranked.hasStaticShape();
         });
}

/// Sizes of `type`, whose only possibly dynamic dim is the batch of `input`.
static SmallVector<OpFoldResult> batchSizes(OpBuilder &b, Location loc, RankedTensorType type,
                                            Value input) {
  return mixedSizes(b, loc, type, [&](int64_t) -> Value {
    return tensor::DimOp::create(b, loc, input, 0);
  });
}

/// Conv takes a dynamic batch and a dynamic number of output channels
/// (dim 0 of the weight, dim 1 of the result, and the bias); the rest is
/// static.
static bool convShapesSupported(ConvOp op) {
  auto staticFrom = [](Value v, int64_t first) {
    auto ranked = dyn_cast<RankedTensorType>(v.getType());
    return ranked && ranked.getRank() >= first &&
           llvm::none_of(ranked.getShape().drop_front(first), ShapedType::isDynamic);
  };
  return staticFrom(op.getInput(), 1) && staticFrom(op.getWeight(), 1) &&
         staticFrom(op.getResult(), 2) &&
         (!op.getBias() || isa<RankedTensorType>(op.getBias().getType()));
}

struct LowerConv : OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvOp op, PatternRewriter &rewriter) const override {
    if (!convShapesSupported(op))
      return rewriter.notifyMatchFailure(
          op, "needs static shapes but for the batch and the output channels");
    if (op.getPadMode() != "explicit")
      return rewriter.notifyMatchFailure(op, "pads are not resolved (run kiln-infer-shapes)");
    auto xType = cast<RankedTensorType>(op.getInput().getType());
    auto wType = cast<RankedTensorType>(op.getWeight().getType());
    auto yType = cast<RankedTensorType>(op.getType());
    Type element = yType.getElementType();
    if (!isSupportedElementType(element))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t s = xType.getRank() - 2, groups = op.getGroups();
    ArrayRef<int64_t> x = xType.getShape(), w = wType.getShape(), y = yType.getShape();
    int64_t n = x[0], c = x[1], oc = w[0];

    // Zero-pad the spatial axes, then split channels into groups.
    SmallVector<int64_t> low(2, 0), high(2, 0);
    llvm::append_range(low, op.getPads().take_front(s));
    llvm::append_range(high, effectiveHighPads(x.drop_front(2), y.drop_front(2),
                                               w.drop_front(2), op.getStrides(),
                                               op.getDilations(), op.getPads()));
    Value padded = padTensor(rewriter, loc, op.getInput(), low, high,
                             scalarConstant(rewriter, loc, element, 0.0));
    auto paddedShape = cast<RankedTensorType>(padded.getType()).getShape();

    SmallVector<ReassociationIndices> splitChannels = {{0}, {1, 2}};
    SmallVector<ReassociationIndices> splitOut = {{0, 1}, {2}};
    for (int64_t i = 0; i < s; ++i) {
      splitChannels.push_back({3 + i});
      splitOut.push_back({3 + i});
    }
    SmallVector<int64_t> xgShape = {n, groups, c / groups};
    llvm::append_range(xgShape, paddedShape.drop_front(2));
    // A dynamic channel count stays dynamic per group.
    int64_t ocPerGroup = ShapedType::isDynamic(oc) ? ShapedType::kDynamic : oc / groups;
    SmallVector<int64_t> wgShape = {groups, ocPerGroup, w[1]};
    llvm::append_range(wgShape, w.drop_front(2));
    SmallVector<int64_t> ygShape = {n, groups, ocPerGroup};
    llvm::append_range(ygShape, y.drop_front(2));
    Value xg = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(xgShape, element), padded, splitChannels);
    Value wg = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(wgShape, element), op.getWeight(), splitOut);
    auto ygType = RankedTensorType::get(ygShape, element);
    // Dynamic sizes of the grouped result: the batch and channels per group.
    SmallVector<OpFoldResult> ygSizes = mixedSizes(rewriter, loc, ygType, [&](int64_t dim) {
      if (dim == 0)
        return tensor::DimOp::create(rewriter, loc, op.getInput(), 0).getResult();
      return tensor::DimOp::create(rewriter, loc, wg, 1).getResult();
    });

    // Loops: n, g, oc, out..., ic, kernel...
    WindowLoops loops{3, 1, s};
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> xExprs = {d(0), d(1), d(loops.inner(0))};
    SmallVector<AffineExpr> wExprs = {d(1), d(2), d(loops.inner(0))};
    SmallVector<AffineExpr> yExprs = {d(0), d(1), d(2)};
    for (int64_t i = 0; i < s; ++i) {
      xExprs.push_back(d(loops.out(i)) * op.getStrides()[i] +
                       d(loops.kernel(i)) * op.getDilations()[i]);
      wExprs.push_back(d(loops.kernel(i)));
      yExprs.push_back(d(loops.out(i)));
    }
    int64_t total = loops.total();
    SmallVector<AffineMap> maps = {AffineMap::get(total, 0, xExprs, ctx),
                                   AffineMap::get(total, 0, wExprs, ctx),
                                   AffineMap::get(total, 0, yExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(total, utils::IteratorType::parallel);
    iterators[loops.inner(0)] = utils::IteratorType::reduction;
    for (int64_t i = 0; i < s; ++i)
      iterators[loops.kernel(i)] = utils::IteratorType::reduction;

    // The accumulator starts as the broadcast bias, or zero.
    Value init;
    if (Value bias = op.getBias()) {
      auto biasType = RankedTensorType::get({oc}, element);
      if (bias.getType() != biasType)
        bias = tensor::CastOp::create(rewriter, loc, biasType, bias);
      Value biasG = tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get({groups, ocPerGroup}, element), bias,
          SmallVector<ReassociationIndices>{{0, 1}});
      SmallVector<AffineExpr> biasExprs = {getAffineDimExpr(1, ctx), getAffineDimExpr(2, ctx)};
      int64_t rank = ygShape.size();
      Value empty = emptyTensor(rewriter, loc, ygType, ygSizes);
      init = linalg::GenericOp::create(
                 rewriter, loc, TypeRange{ygType}, ValueRange{biasG}, ValueRange{empty},
                 SmallVector<AffineMap>{AffineMap::get(rank, 0, biasExprs, ctx),
                                        AffineMap::getMultiDimIdentityMap(rank, ctx)},
                 SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
                 [](OpBuilder &b, Location l, ValueRange args) {
                   linalg::YieldOp::create(b, l, args[0]);
                 })
                 .getResult(0);
    } else {
      init = filledTensor(rewriter, loc, ygType, scalarConstant(rewriter, loc, element, 0.0),
                          ygSizes);
    }
    Value yg = linalg::GenericOp::create(
                   rewriter, loc, TypeRange{ygType}, ValueRange{xg, wg}, ValueRange{init},
                   maps, iterators,
                   [](OpBuilder &b, Location l, ValueRange args) {
                     Value prod = mulValues(b, l, args[0], args[1]);
                     linalg::YieldOp::create(b, l, addValues(b, l, args[2], prod));
                   })
                   .getResult(0);
    Value result = tensor::CollapseShapeOp::create(rewriter, loc, yg, splitChannels);
    if (result.getType() != yType)
      result = tensor::CastOp::create(rewriter, loc, yType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Max or sum over windows of the padded input; returns the [N, C, out...] result.
static Value buildPool(PatternRewriter &rewriter, Location loc, Value input,
                       RankedTensorType outType, ArrayRef<int64_t> kernel,
                       ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                       ArrayRef<int64_t> pads, bool isMax) {
  MLIRContext *ctx = rewriter.getContext();
  auto xType = cast<RankedTensorType>(input.getType());
  Type element = xType.getElementType();
  int64_t s = kernel.size();
  SmallVector<int64_t> low(2, 0), high(2, 0);
  llvm::append_range(low, pads.take_front(s));
  llvm::append_range(high, effectiveHighPads(xType.getShape().drop_front(2),
                                             outType.getShape().drop_front(2), kernel,
                                             strides, dilations, pads));
  Value padValue = isMax ? extremeConstant(rewriter, loc, element, /*highest=*/false)
                         : scalarConstant(rewriter, loc, element, 0.0);
  Value padded = padTensor(rewriter, loc, input, low, high, padValue);

  // Loops: n, c, out..., kernel...; the kernel-shaped operand only sets bounds.
  WindowLoops loops{2, 0, s};
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> xExprs = {d(0), d(1)}, kExprs, yExprs = {d(0), d(1)};
  for (int64_t i = 0; i < s; ++i) {
    xExprs.push_back(d(loops.out(i)) * strides[i] + d(loops.kernel(i)) * dilations[i]);
    kExprs.push_back(d(loops.kernel(i)));
    yExprs.push_back(d(loops.out(i)));
  }
  int64_t total = loops.total();
  SmallVector<utils::IteratorType> iterators(total, utils::IteratorType::parallel);
  for (int64_t i = 0; i < s; ++i)
    iterators[loops.kernel(i)] = utils::IteratorType::reduction;
  Value window = tensor::EmptyOp::create(rewriter, loc, kernel, element);
  Value init = filledTensor(rewriter, loc, outType, padValue, batchSizes(rewriter, loc, outType, input));
  return linalg::GenericOp::create(
             rewriter, loc, TypeRange{outType}, ValueRange{padded, window},
             ValueRange{init},
             SmallVector<AffineMap>{AffineMap::get(total, 0, xExprs, ctx),
                                    AffineMap::get(total, 0, kExprs, ctx),
                                    AffineMap::get(total, 0, yExprs, ctx)},
             iterators,
             [&](OpBuilder &b, Location l, ValueRange args) {
               Value r = isMax ? maxValues(b, l, args[2], args[0])
                               : addValues(b, l, args[2], args[0]);
               linalg::YieldOp::create(b, l, r);
             })
      .getResult(0);
}

struct LowerMaxPool : OpRewritePattern<MaxPoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MaxPoolOp op, PatternRewriter &rewriter) const override {
    if (!staticExceptBatch(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes but for the batch");
    if (op.getPadMode() != "explicit")
      return rewriter.notifyMatchFailure(op, "pads are not resolved (run kiln-infer-shapes)");
    auto outType = cast<RankedTensorType>(op.getType());
    if (!isSupportedElementType(outType.getElementType()))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    rewriter.replaceOp(op, buildPool(rewriter, op.getLoc(), op.getInput(), outType,
                                     op.getKernel(), op.getStrides(), op.getDilations(),
                                     op.getPads(), /*isMax=*/true));
    return success();
  }
};

/// Window element counts per output position along one axis.
static SmallVector<int64_t> windowCounts(int64_t in, int64_t out, int64_t kernel,
                                         int64_t stride, int64_t padBegin,
                                         int64_t padEnd, bool includePad) {
  SmallVector<int64_t> counts;
  int64_t lo = includePad ? -padBegin : 0, hi = includePad ? in + padEnd : in;
  for (int64_t o = 0; o < out; ++o) {
    int64_t start = o * stride - padBegin, end = start + kernel;
    counts.push_back(std::max<int64_t>(0, std::min(end, hi) - std::max(start, lo)));
  }
  return counts;
}

struct LowerAvgPool : OpRewritePattern<AvgPoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AvgPoolOp op, PatternRewriter &rewriter) const override {
    if (!staticExceptBatch(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes but for the batch");
    if (op.getPadMode() != "explicit")
      return rewriter.notifyMatchFailure(op, "pads are not resolved (run kiln-infer-shapes)");
    auto outType = cast<RankedTensorType>(op.getType());
    auto element = dyn_cast<FloatType>(outType.getElementType());
    if (!element)
      return rewriter.notifyMatchFailure(op, "needs a floating-point element type");
    Location loc = op.getLoc();
    int64_t s = op.getKernel().size();
    SmallVector<int64_t> dilations(s, 1);
    Value sum = buildPool(rewriter, loc, op.getInput(), outType, op.getKernel(),
                          op.getStrides(), dilations, op.getPads(), /*isMax=*/false);

    // Divisors depend only on shapes: a compile-time [1, 1, out...] constant.
    auto inShape = cast<RankedTensorType>(op.getInput().getType()).getShape().drop_front(2);
    auto outShape = outType.getShape().drop_front(2);
    SmallVector<SmallVector<int64_t>> perAxis;
    for (int64_t i = 0; i < s; ++i)
      perAxis.push_back(windowCounts(inShape[i], outShape[i], op.getKernel()[i],
                                     op.getStrides()[i], op.getPads()[i],
                                     op.getPads()[s + i], op.getCountIncludePad()));
    int64_t total = 1;
    for (int64_t o : outShape)
      total *= o;
    SmallVector<int64_t> strides = rowMajorStrides(outShape);
    SmallVector<APFloat> divisors;
    for (int64_t linear = 0; linear < total; ++linear) {
      int64_t count = 1;
      for (int64_t i = 0; i < s; ++i)
        count *= perAxis[i][(linear / strides[i]) % outShape[i]];
      APFloat v(static_cast<double>(std::max<int64_t>(count, 1)));
      bool lost;
      v.convert(element.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      divisors.push_back(v);
    }
    SmallVector<int64_t> divShape = {1, 1};
    llvm::append_range(divShape, outShape);
    auto divType = RankedTensorType::get(divShape, element);
    Value div = arith::ConstantOp::create(rewriter, loc,
                                          DenseElementsAttr::get(divType, divisors));
    rewriter.replaceOp(op, buildElementwise(rewriter, loc, outType, ValueRange{sum, div},
                                            [](OpBuilder &b, Location l, ValueRange a) {
                                              return arith::DivFOp::create(b, l, a[0], a[1]);
                                            }));
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerConvPoolPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerConv, LowerMaxPool, LowerAvgPool>(patterns.getContext());
}
