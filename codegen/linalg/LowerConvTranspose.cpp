//===- LowerConvTranspose.cpp - conv_transpose and pooling extras ---------===//
//
// Transposed convolution becomes an ordinary kiln.conv (lowered by its own
// pattern) over the input spread out by the strides and padded, with the
// kernel flipped and its channel axes swapped. The pooling extras are a
// windowed argmax generic, an scf.for scatter and RoiAlign's sampling loops.
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/NNLoweringUtils.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

struct LowerConvTranspose : OpRewritePattern<ConvTransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvTransposeOp op, PatternRewriter &rewriter) const override {
    auto xType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto wType = dyn_cast<RankedTensorType>(op.getWeight().getType());
    auto yType = dyn_cast<RankedTensorType>(op.getType());
    if (!xType || !wType || !yType)
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    // The weight's first dim is the input's channel count: a weight given
    // at run time (dynamic there) takes it from the input.
    Value weight = op.getWeight();
    if (wType.getRank() == xType.getRank() && wType.isDynamicDim(0) && !xType.isDynamicDim(1)) {
      SmallVector<int64_t> shape(wType.getShape());
      shape[0] = xType.getDimSize(1);
      wType = RankedTensorType::get(shape, wType.getElementType());
      weight = tensor::CastOp::create(rewriter, op.getLoc(), wType, weight);
    }
    if (!wType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static weight shape");
    int64_t rank = xType.getRank(), s = rank - 2;
    for (int64_t i = 0; i < s; ++i)
      if (xType.isDynamicDim(2 + i) || yType.isDynamicDim(2 + i))
        return rewriter.notifyMatchFailure(op, "needs static spatial sizes");
    Type element = xType.getElementType();
    if (!isSupportedElementType(element))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t groups = op.getGroups(), c = wType.getDimSize(0), ocg = wType.getDimSize(1);
    int64_t cg = c / groups;
    ArrayRef<int64_t> kernel = wType.getShape().drop_front(2);

    // Weight [C, OC/g, k...] -> [OC, C/g, k...] with every spatial axis reversed.
    SmallVector<ReassociationIndices> splitFirst = {{0, 1}};
    SmallVector<ReassociationIndices> mergeFirst = {{0, 1}, {2}};
    for (int64_t i = 0; i < s + 1; ++i)
      splitFirst.push_back({2 + i});
    for (int64_t i = 0; i < s; ++i)
      mergeFirst.push_back({3 + i});
    SmallVector<int64_t> grouped = {groups, cg, ocg};
    llvm::append_range(grouped, kernel);
    Value wg = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(grouped, element), weight, splitFirst);
    SmallVector<int64_t> flippedShape = {groups, ocg, cg};
    llvm::append_range(flippedShape, kernel);
    auto flippedType = RankedTensorType::get(flippedShape, element);
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> readExprs = {d(0), d(2), d(1)};
    for (int64_t i = 0; i < s; ++i)
      readExprs.push_back(getAffineConstantExpr(kernel[i] - 1, ctx) - d(3 + i));
    int64_t wRank = s + 3;
    Value flipped =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{flippedType}, ValueRange{wg},
            ValueRange{tensor::EmptyOp::create(rewriter, loc, flippedShape, element)},
            SmallVector<AffineMap>{AffineMap::get(wRank, 0, readExprs, ctx),
                                   AffineMap::getMultiDimIdentityMap(wRank, ctx)},
            SmallVector<utils::IteratorType>(wRank, utils::IteratorType::parallel),
            [](OpBuilder &b, Location l, ValueRange a) { linalg::YieldOp::create(b, l, a[0]); })
            .getResult(0);
    SmallVector<int64_t> convWShape = {groups * ocg, cg};
    llvm::append_range(convWShape, kernel);
    Value convW = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get(convWShape, element), flipped, mergeFirst);

    // Input spread by the strides into a zero tensor sized for a stride-1
    // convolution; negative implicit padding crops instead.
    SmallVector<int64_t> spreadShape = {xType.getDimSize(0), xType.getDimSize(1)};
    SmallVector<OpFoldResult> srcOffsets(2, rewriter.getIndexAttr(0)),
        dstOffsets(2, rewriter.getIndexAttr(0)), strides(2, rewriter.getIndexAttr(1)),
        unit(2, rewriter.getIndexAttr(1));
    SmallVector<OpFoldResult> sizes = {tensor::getMixedSize(rewriter, loc, op.getInput(), 0),
                                       tensor::getMixedSize(rewriter, loc, op.getInput(), 1)};
    bool empty = false;
    for (int64_t i = 0; i < s; ++i) {
      int64_t in = xType.getDimSize(2 + i), stride = op.getStrides()[i];
      int64_t span = (kernel[i] - 1) * op.getDilations()[i];
      int64_t padded = yType.getDimSize(2 + i) + span;
      int64_t low = span - op.getPads()[i];
      int64_t first = low < 0 ? (-low + stride - 1) / stride : 0;
      int64_t last = std::min(in - 1, (padded - 1 - low) / stride);
      empty |= last < first;
      spreadShape.push_back(padded);
      srcOffsets.push_back(rewriter.getIndexAttr(first));
      sizes.push_back(rewriter.getIndexAttr(std::max<int64_t>(0, last - first + 1)));
      dstOffsets.push_back(rewriter.getIndexAttr(low + first * stride));
      strides.push_back(rewriter.getIndexAttr(stride));
      unit.push_back(rewriter.getIndexAttr(1));
    }
    auto spreadType = RankedTensorType::get(spreadShape, element);
    SmallVector<int64_t> sourceDims = iota(rank);
    Value spread = filledTensorLike(rewriter, loc, spreadType, op.getInput(), sourceDims,
                                    scalarConstant(rewriter, loc, element, 0.0));
    if (!empty) {
      Value slice = tensor::ExtractSliceOp::create(rewriter, loc, op.getInput(), srcOffsets,
                                                   sizes, unit);
      spread = tensor::InsertSliceOp::create(rewriter, loc, slice, spread, dstOffsets, sizes,
                                             strides);
    }
    rewriter.replaceOpWithNewOp<ConvOp>(
        op, yType, spread, convW, op.getBias(),
        rewriter.getDenseI64ArrayAttr(SmallVector<int64_t>(s, 1)),
        rewriter.getDenseI64ArrayAttr(SmallVector<int64_t>(2 * s, 0)), op.getDilationsAttr(),
        rewriter.getI64IntegerAttr(groups), rewriter.getStringAttr("explicit"));
    return success();
  }
};

/// Windowed argmax: loops (n, c, out..., kernel...) over the input padded
/// with the lowest value, tracking the best value and its flat index.
struct LowerMaxPoolIndices : OpRewritePattern<MaxPoolIndicesOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MaxPoolIndicesOp op, PatternRewriter &rewriter) const override {
    auto xType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto yType = dyn_cast<RankedTensorType>(op.getType());
    // The flat index needs every size but the batch.
    if (!xType || !yType ||
        llvm::any_of(xType.getShape().drop_front(), ShapedType::isDynamic) ||
        llvm::any_of(yType.getShape().drop_front(), ShapedType::isDynamic))
      return rewriter.notifyMatchFailure(op, "needs static sizes except the batch");
    Type element = xType.getElementType();
    if (!isSupportedElementType(element))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t s = op.getKernel().size(), total = 2 + 2 * s;
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      dilations = op.getDilations(), pads = op.getPads();
    ArrayRef<int64_t> in = xType.getShape(), out = yType.getShape();
    SmallVector<int64_t> low(2, 0), high(2, 0);
    for (int64_t i = 0; i < s; ++i) {
      int64_t needed = (out[2 + i] - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1;
      low.push_back(pads[i]);
      high.push_back(std::max<int64_t>(0, needed - in[2 + i] - pads[i]));
    }
    Value lowest = extremeConstant(rewriter, loc, element, /*highest=*/false);
    Value padded = padTensor(rewriter, loc, op.getInput(), low, high, lowest);
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> xExprs = {d(0), d(1)}, kExprs, yExprs = {d(0), d(1)};
    for (int64_t i = 0; i < s; ++i) {
      xExprs.push_back(d(2 + i) * strides[i] + d(2 + s + i) * dilations[i]);
      kExprs.push_back(d(2 + s + i));
      yExprs.push_back(d(2 + i));
    }
    SmallVector<utils::IteratorType> iterators(total, utils::IteratorType::parallel);
    for (int64_t i = 0; i < s; ++i)
      iterators[2 + s + i] = utils::IteratorType::reduction;
    auto valueType = RankedTensorType::get(out, element);
    Value window = tensor::EmptyOp::create(rewriter, loc, kernel, element);
    SmallVector<int64_t> sourceDims = iota(yType.getRank());
    Value values = filledTensorLike(rewriter, loc, valueType, op.getInput(), sourceDims, lowest);
    Value indices = filledTensorLike(rewriter, loc, yType, op.getInput(), sourceDims,
                                     arith::ConstantIntOp::create(rewriter, loc, 0, 64));
    // Strides of the flat index over the spatial axes.
    SmallVector<int64_t> spatialStrides(s, 1);
    if (op.getColumnMajor()) {
      for (int64_t i = 1; i < s; ++i)
        spatialStrides[i] = spatialStrides[i - 1] * in[1 + i];
    } else {
      for (int64_t i = s - 2; i >= 0; --i)
        spatialStrides[i] = spatialStrides[i + 1] * in[3 + i];
    }
    int64_t plane = 1;
    for (int64_t i = 0; i < s; ++i)
      plane *= in[2 + i];
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valueType, yType}, ValueRange{padded, window},
        ValueRange{values, indices},
        SmallVector<AffineMap>{AffineMap::get(total, 0, xExprs, ctx),
                               AffineMap::get(total, 0, kExprs, ctx),
                               AffineMap::get(total, 0, yExprs, ctx),
                               AffineMap::get(total, 0, yExprs, ctx)},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value better = isa<FloatType>(element)
                             ? Value(arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT,
                                                           args[0], args[2]))
                             : Value(arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt,
                                                           args[0], args[2]));
          auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(b, l, v); };
          auto index = [&](int64_t i) { return linalg::IndexOp::create(b, l, i); };
          // ((n * C + c) * plane) + sum(position_i * stride_i)
          Value flat = arith::AddIOp::create(
              b, l, arith::MulIOp::create(b, l, index(0), cst(in[1])), index(1));
          flat = arith::MulIOp::create(b, l, flat, cst(plane));
          for (int64_t i = 0; i < s; ++i) {
            Value pos = arith::AddIOp::create(
                b, l, arith::MulIOp::create(b, l, index(2 + i), cst(strides[i])),
                arith::MulIOp::create(b, l, index(2 + s + i), cst(dilations[i])));
            pos = arith::SubIOp::create(b, l, pos, cst(pads[i]));
            flat = arith::AddIOp::create(b, l, flat,
                                         arith::MulIOp::create(b, l, pos, cst(spatialStrides[i])));
          }
          Value flat64 = arith::IndexCastOp::create(b, l, b.getI64Type(), flat);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, better, args[0], args[2]),
                         arith::SelectOp::create(b, l, better, flat64, args[3])});
        });
    rewriter.replaceOp(op, generic.getResult(1));
    return success();
  }
};

/// Scatter as an scf.for over the flattened input, inserting each value at
/// its flat index into a flattened zero output.
struct LowerMaxUnpool : OpRewritePattern<MaxUnpoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MaxUnpoolOp op, PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    auto xType = cast<RankedTensorType>(op.getInput().getType());
    auto iType = cast<RankedTensorType>(op.getIndices().getType());
    auto yType = cast<RankedTensorType>(op.getType());
    Type element = xType.getElementType();
    if (!isSupportedElementType(element) || !iType.getElementType().isSignlessInteger())
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    Location loc = op.getLoc();
    auto flatten = [&](Value v, RankedTensorType type) -> Value {
      if (type.getRank() == 1)
        return v;
      auto flatType = RankedTensorType::get({type.getNumElements()}, type.getElementType());
      SmallVector<ReassociationIndices> all = {ReassociationIndices(iota(type.getRank()))};
      if (type.getRank() == 0)
        all.clear();
      return tensor::CollapseShapeOp::create(rewriter, loc, flatType, v, all);
    };
    Value x = flatten(op.getInput(), xType), indices = flatten(op.getIndices(), iType);
    auto flatOut = RankedTensorType::get({yType.getNumElements()}, element);
    Value init = filledTensor(rewriter, loc, flatOut, scalarConstant(rewriter, loc, element, 0.0));
    Value lb = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value ub = arith::ConstantIndexOp::create(rewriter, loc, xType.getNumElements());
    Value step = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value maxIndex = arith::ConstantIndexOp::create(rewriter, loc, yType.getNumElements() - 1);
    auto loop = scf::ForOp::create(
        rewriter, loc, lb, ub, step, ValueRange{init},
        [&](OpBuilder &b, Location l, Value iv, ValueRange iter) {
          Value v = tensor::ExtractOp::create(b, l, x, ValueRange{iv});
          Value at = arith::IndexCastOp::create(
              b, l, b.getIndexType(), tensor::ExtractOp::create(b, l, indices, ValueRange{iv}));
          // Out-of-range indices are clamped rather than written out of bounds.
          at = arith::MinSIOp::create(
              b, l, arith::MaxSIOp::create(b, l, at, arith::ConstantIndexOp::create(b, l, 0)),
              maxIndex);
          Value next = tensor::InsertOp::create(b, l, v, iter[0], ValueRange{at});
          scf::YieldOp::create(b, l, next);
        });
    Value result = loop.getResult(0);
    if (yType.getRank() != 1) {
      SmallVector<ReassociationIndices> all = {ReassociationIndices(iota(yType.getRank()))};
      if (yType.getRank() == 0)
        all.clear();
      result = tensor::ExpandShapeOp::create(rewriter, loc, yType, result, all);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};


/// RoiAlign: one generic over the output; each element loops (scf.for)
/// over its sampling grid and reads the four bilinear neighbours with
/// tensor.extract.
struct LowerRoiAlign : OpRewritePattern<RoiAlignOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RoiAlignOp op, PatternRewriter &rewriter) const override {
    auto xType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!xType || !type || !isa<RankedTensorType>(op.getRois().getType()) ||
        !isa<RankedTensorType>(op.getBatchIndices().getType()))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    if (!cast<ShapedType>(op.getBatchIndices().getType()).getElementType().isSignlessInteger())
      return rewriter.notifyMatchFailure(op, "needs signless integer batch indices");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Type f = type.getElementType();
    Value x = op.getInput(), rois = op.getRois(), batchIndices = op.getBatchIndices();
    SmallVector<OpFoldResult> sizes = {tensor::getMixedSize(rewriter, loc, rois, 0),
                                       tensor::getMixedSize(rewriter, loc, x, 1),
                                       rewriter.getIndexAttr(op.getOutputHeight()),
                                       rewriter.getIndexAttr(op.getOutputWidth())};
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes, f);
    Value height = getValueOrCreateConstantIndexOp(rewriter, loc,
                                                   tensor::getMixedSize(rewriter, loc, x, 2));
    Value width = getValueOrCreateConstantIndexOp(rewriter, loc,
                                                  tensor::getMixedSize(rewriter, loc, x, 3));
    bool isAvg = op.getMode() == "avg", halfPixel = op.getHalfPixel();
    int64_t ratio = op.getSamplingRatio();
    double scale = op.getSpatialScale().convertToDouble();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{init},
        SmallVector<AffineMap>{AffineMap::getMultiDimIdentityMap(4, ctx)},
        SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          auto cf = [&](double v) { return scalarConstant(b, l, f, v); };
          auto ci = [&](int64_t v) { return arith::ConstantIndexOp::create(b, l, v); };
          auto toFloat = [&](Value index) -> Value {
            return arith::SIToFPOp::create(
                b, l, f, arith::IndexCastOp::create(b, l, b.getI64Type(), index));
          };
          auto toIndex = [&](Value v) -> Value {
            return arith::IndexCastOp::create(b, l, b.getIndexType(),
                                              arith::FPToSIOp::create(b, l, b.getI64Type(), v));
          };
          auto add = [&](Value a, Value c) -> Value { return arith::AddFOp::create(b, l, a, c); };
          auto sub = [&](Value a, Value c) -> Value { return arith::SubFOp::create(b, l, a, c); };
          auto mul = [&](Value a, Value c) -> Value { return arith::MulFOp::create(b, l, a, c); };
          auto div = [&](Value a, Value c) -> Value { return arith::DivFOp::create(b, l, a, c); };
          Value r = linalg::IndexOp::create(b, l, 0), c = linalg::IndexOp::create(b, l, 1);
          Value ph = linalg::IndexOp::create(b, l, 2), pw = linalg::IndexOp::create(b, l, 3);
          auto coord = [&](int64_t k) {
            Value v = tensor::ExtractOp::create(b, l, rois, ValueRange{r, ci(k)});
            return sub(mul(v, cf(scale)), cf(halfPixel ? 0.5 : 0.0));
          };
          Value startW = coord(0), startH = coord(1);
          Value roiW = sub(coord(2), startW), roiH = sub(coord(3), startH);
          if (!halfPixel) {
            roiW = arith::MaximumFOp::create(b, l, roiW, cf(1.0));
            roiH = arith::MaximumFOp::create(b, l, roiH, cf(1.0));
          }
          Value binH = div(roiH, cf(op.getOutputHeight()));
          Value binW = div(roiW, cf(op.getOutputWidth()));
          Value gridH = ratio > 0 ? Value(ci(ratio)) : toIndex(math::CeilOp::create(b, l, binH));
          Value gridW = ratio > 0 ? Value(ci(ratio)) : toIndex(math::CeilOp::create(b, l, binW));
          Value gridHf = toFloat(gridH), gridWf = toFloat(gridW);
          Value batch = arith::IndexCastOp::create(
              b, l, b.getIndexType(),
              tensor::ExtractOp::create(b, l, batchIndices, ValueRange{r}));
          Value heightF = toFloat(height), widthF = toFloat(width);
          Value lastY = arith::SubIOp::create(b, l, height, ci(1));
          Value lastX = arith::SubIOp::create(b, l, width, ci(1));
          // Bilinear sample at (y, x); 0 outside [-1, size].
          auto sample = [&](OpBuilder &nb, Value y, Value xx) -> Value {
            auto cmp = [&](arith::CmpFPredicate p, Value a, Value c2) -> Value {
              return arith::CmpFOp::create(nb, l, p, a, c2);
            };
            Value outside = arith::OrIOp::create(
                nb, l,
                arith::OrIOp::create(nb, l, cmp(arith::CmpFPredicate::OLT, y, cf(-1.0)),
                                     cmp(arith::CmpFPredicate::OGT, y, heightF)),
                arith::OrIOp::create(nb, l, cmp(arith::CmpFPredicate::OLT, xx, cf(-1.0)),
                                     cmp(arith::CmpFPredicate::OGT, xx, widthF)));
            // Low/high neighbours and the fractional part along one axis.
            auto axis = [&](Value v, Value last) {
              v = arith::MaximumFOp::create(nb, l, v, cf(0.0));
              Value low = toIndex(math::FloorOp::create(nb, l, v));
              Value atEdge = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, low, last);
              low = arith::SelectOp::create(nb, l, atEdge, last, low);
              Value high = arith::SelectOp::create(
                  nb, l, atEdge, last, arith::AddIOp::create(nb, l, low, ci(1)));
              v = arith::SelectOp::create(nb, l, atEdge, toFloat(last), v);
              Value frac = sub(v, toFloat(low));
              return std::make_tuple(low, high, frac);
            };
            auto [yLow, yHigh, ly] = axis(y, lastY);
            auto [xLow, xHigh, lx] = axis(xx, lastX);
            Value hy = sub(cf(1.0), ly), hx = sub(cf(1.0), lx);
            auto at = [&](Value yi, Value xi) -> Value {
              return tensor::ExtractOp::create(nb, l, x, ValueRange{batch, c, yi, xi});
            };
            Value t1 = mul(mul(hy, hx), at(yLow, xLow)), t2 = mul(mul(hy, lx), at(yLow, xHigh));
            Value t3 = mul(mul(ly, hx), at(yHigh, xLow)), t4 = mul(mul(ly, lx), at(yHigh, xHigh));
            Value v = isAvg ? add(add(t1, t2), add(t3, t4))
                            : Value(arith::MaximumFOp::create(
                                  nb, l, arith::MaximumFOp::create(nb, l, t1, t2),
                                  arith::MaximumFOp::create(nb, l, t3, t4)));
            return arith::SelectOp::create(nb, l, outside, cf(0.0), v);
          };
          Value baseY = add(startH, mul(toFloat(ph), binH));
          Value baseX = add(startW, mul(toFloat(pw), binW));
          Value accInit = isAvg ? cf(0.0) : extremeConstant(b, l, f, /*highest=*/false);
          auto outer = scf::ForOp::create(
              b, l, ci(0), gridH, ci(1), ValueRange{accInit},
              [&](OpBuilder &ob, Location, Value iy, ValueRange accY) {
                Value y = add(baseY, div(mul(add(toFloat(iy), cf(0.5)), binH), gridHf));
                auto inner = scf::ForOp::create(
                    ob, l, ci(0), gridW, ci(1), ValueRange{accY[0]},
                    [&](OpBuilder &ib, Location, Value ix, ValueRange accX) {
                      Value xx = add(baseX, div(mul(add(toFloat(ix), cf(0.5)), binW), gridWf));
                      Value v = sample(ib, y, xx);
                      Value next = isAvg ? add(accX[0], v)
                                         : Value(arith::MaximumFOp::create(ib, l, accX[0], v));
                      scf::YieldOp::create(ib, l, next);
                    });
                scf::YieldOp::create(ob, l, inner.getResult(0));
              });
          Value count = arith::MaximumFOp::create(b, l, mul(gridHf, gridWf), cf(1.0));
          Value result = outer.getResult(0);
          result = isAvg ? div(result, count)
                         : Value(arith::SelectOp::create(
                               b, l,
                               arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ,
                                                     mul(gridHf, gridWf), cf(0.0)),
                               cf(0.0), result));
          linalg::YieldOp::create(b, l, ValueRange{result});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerConvTransposePatterns(RewritePatternSet &patterns) {
  patterns.add<LowerConvTranspose, LowerMaxPoolIndices, LowerMaxUnpool, LowerRoiAlign>(
      patterns.getContext());
}
