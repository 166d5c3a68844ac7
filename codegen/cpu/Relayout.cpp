//===- Relayout.cpp - packing and unpacking tensors for kernels -----------===//
#include "codegen/cpu/Relayout.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <vector>

using namespace mlir;
using namespace mlir::kiln;

DenseElementsAttr mlir::kiln::getConstantElements(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || !type.hasStaticShape())
    return {};
  for (Value current = v;;) {
    if (auto constant = current.getDefiningOp<arith::ConstantOp>()) {
      auto attr = dyn_cast<DenseElementsAttr>(constant.getValue());
      return attr ? attr.reshape(type) : DenseElementsAttr();
    }
    if (auto expand = current.getDefiningOp<tensor::ExpandShapeOp>())
      current = expand.getSrc();
    else if (auto collapse = current.getDefiningOp<tensor::CollapseShapeOp>())
      current = collapse.getSrc();
    else
      return {};
  }
}

Value mlir::kiln::getFillValue(Value v) {
  if (auto fill = v.getDefiningOp<linalg::FillOp>())
    return fill.getInputs()[0];
  auto generic = v.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic.getNumDpsInputs() != 0 || generic->getNumResults() != 1 ||
      generic.getNumReductionLoops() != 0)
    return {};
  Value yielded = generic.getBody()->getTerminator()->getOperand(0);
  // A value from outside the body; block arguments and body ops do not count.
  if (generic.getRegion().isAncestor(yielded.getParentRegion()))
    return {};
  return yielded;
}

/// Sums of dimensions times non-negative constants, plus constants.
static bool isMonotoneLinear(AffineExpr e) {
  switch (e.getKind()) {
  case AffineExprKind::DimId:
    return true;
  case AffineExprKind::Constant:
    return cast<AffineConstantExpr>(e).getValue() >= 0;
  case AffineExprKind::Add: {
    auto bin = cast<AffineBinaryOpExpr>(e);
    return isMonotoneLinear(bin.getLHS()) && isMonotoneLinear(bin.getRHS());
  }
  case AffineExprKind::Mul: {
    auto bin = cast<AffineBinaryOpExpr>(e);
    auto factor = dyn_cast<AffineConstantExpr>(bin.getRHS());
    return factor && factor.getValue() >= 0 && isMonotoneLinear(bin.getLHS());
  }
  default:
    return false;
  }
}

namespace {
/// result_j(d) = base[j] + sum_i coef[i][j] * d[i] for a monotone linear map.
struct LinearMap {
  SmallVector<int64_t> base;
  SmallVector<SmallVector<int64_t>> coef;

  explicit LinearMap(AffineMap map) {
    SmallVector<int64_t> point(map.getNumDims(), 0);
    base = llvm::to_vector(map.compose(point));
    for (unsigned i = 0; i < map.getNumDims(); ++i) {
      point[i] = 1;
      SmallVector<int64_t> at = llvm::to_vector(map.compose(point));
      point[i] = 0;
      for (size_t j = 0; j < at.size(); ++j)
        at[j] -= base[j];
      coef.push_back(at);
    }
  }
};
} // namespace

static DenseElementsAttr relayoutConstant(DenseElementsAttr src, ArrayRef<int64_t> dstShape,
                                          AffineMap map) {
  auto srcType = cast<RankedTensorType>(src.getType());
  ArrayRef<int64_t> srcShape = srcType.getShape();
  size_t srcRank = srcShape.size(), dstRank = dstShape.size();
  LinearMap linear(map);
  SmallVector<int64_t> srcStrides(srcRank, 1);
  for (int64_t j = static_cast<int64_t>(srcRank) - 2; j >= 0; --j)
    srcStrides[j] = srcStrides[j + 1] * srcShape[j + 1];
  int64_t total = 1;
  for (int64_t s : dstShape)
    total *= s;
  std::vector<float> out(total, 0.0f);
  const float *data =
      src.isSplat() ? nullptr : reinterpret_cast<const float *>(src.getRawData().data());
  float splat = src.isSplat() ? src.getSplatValue<float>() : 0.0f;
  SmallVector<int64_t> index(dstRank, 0), srcIndex(linear.base);
  for (int64_t n = 0; n < total; ++n) {
    int64_t offset = 0;
    bool inBounds = true;
    for (size_t j = 0; j < srcRank && inBounds; ++j) {
      inBounds = srcIndex[j] >= 0 && srcIndex[j] < srcShape[j];
      offset += srcIndex[j] * srcStrides[j];
    }
    if (inBounds)
      out[n] = data ? data[offset] : splat;
    // Odometer step, keeping the source index in sync.
    for (int64_t i = static_cast<int64_t>(dstRank) - 1; i >= 0; --i) {
      ++index[i];
      for (size_t j = 0; j < srcRank; ++j)
        srcIndex[j] += linear.coef[i][j];
      if (index[i] < dstShape[i])
        break;
      for (size_t j = 0; j < srcRank; ++j)
        srcIndex[j] -= linear.coef[i][j] * dstShape[i];
      index[i] = 0;
    }
  }
  return DenseElementsAttr::get(RankedTensorType::get(dstShape, srcType.getElementType()),
                                ArrayRef<float>(out));
}

Value mlir::kiln::relayout(OpBuilder &b, Location loc, Value src,
                           ArrayRef<OpFoldResult> dstSizes, AffineMap dstToSrc) {
  auto srcType = cast<RankedTensorType>(src.getType());
  Type element = srcType.getElementType();
  SmallVector<int64_t> staticDst;
  for (OpFoldResult size : dstSizes)
    staticDst.push_back(getConstantIntValue(size).value_or(ShapedType::kDynamic));
  bool linear = llvm::all_of(dstToSrc.getResults(), isMonotoneLinear);
  bool allStatic = !ShapedType::isDynamicShape(staticDst);

  if (linear && allStatic && element.isF32())
    if (DenseElementsAttr constant = getConstantElements(src)) {
      DenseElementsAttr moved = relayoutConstant(constant, staticDst, dstToSrc);
      return arith::ConstantOp::create(b, loc, moved);
    }

  // Pad the source's end where the largest index reaches past it.
  if (linear) {
    LinearMap lin(dstToSrc);
    SmallVector<int64_t> paddedShape(srcType.getShape());
    bool pad = false;
    for (size_t j = 0; j < paddedShape.size(); ++j) {
      int64_t last = lin.base[j];
      bool known = true;
      for (size_t i = 0; i < staticDst.size(); ++i) {
        if (lin.coef[i][j] == 0)
          continue;
        known &= !ShapedType::isDynamic(staticDst[i]);
        last += lin.coef[i][j] * (staticDst[i] - 1);
      }
      if (known && !ShapedType::isDynamic(paddedShape[j]) && last >= paddedShape[j]) {
        paddedShape[j] = last + 1;
        pad = true;
      }
    }
    if (pad) {
      SmallVector<Value> dynamicSizes;
      for (int64_t j = 0; j < srcType.getRank(); ++j)
        if (srcType.isDynamicDim(j))
          dynamicSizes.push_back(tensor::DimOp::create(b, loc, src, j));
      Value zero = arith::ConstantOp::create(b, loc, element, b.getZeroAttr(element));
      src = tensor::createPadHighOp(RankedTensorType::get(paddedShape, element), src, zero,
                                    /*nofold=*/false, loc, b, dynamicSizes);
    }
  }

  Value empty = tensor::EmptyOp::create(b, loc, dstSizes, element);
  AffineMap identity = b.getMultiDimIdentityMap(dstSizes.size());
  SmallVector<utils::IteratorType> iterators(dstSizes.size(), utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{empty.getType()}, ValueRange{src}, ValueRange{empty},
             ArrayRef<AffineMap>{dstToSrc, identity}, iterators,
             [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(nested, nestedLoc, args[0]);
             })
      .getResult(0);
}

/// Position of every unpacked dimension among the outer packed dimensions.
static SmallVector<unsigned> outerPositions(ArrayRef<int64_t> outerDimsPerm, unsigned rank) {
  SmallVector<unsigned> positions(rank);
  for (unsigned i = 0; i < rank; ++i)
    positions[outerDimsPerm.empty() ? i : outerDimsPerm[i]] = i;
  return positions;
}

/// The map from packed to unpacked indices of a pack.
static AffineMap packedToUnpacked(linalg::PackOp pack) {
  MLIRContext *ctx = pack.getContext();
  unsigned rank = pack.getSourceType().getRank();
  SmallVector<unsigned> outer = outerPositions(pack.getOuterDimsPerm(), rank);
  SmallVector<AffineExpr> exprs;
  for (unsigned j = 0; j < rank; ++j)
    exprs.push_back(getAffineDimExpr(outer[j], ctx));
  ArrayRef<int64_t> tiles = pack.getStaticInnerTiles();
  for (auto [t, dim] : llvm::enumerate(pack.getInnerDimsPos()))
    exprs[dim] = exprs[dim] * tiles[t] + getAffineDimExpr(rank + t, ctx);
  return AffineMap::get(rank + tiles.size(), 0, exprs, ctx);
}

/// The map from unpacked to packed indices of an unpack.
static AffineMap unpackedToPacked(linalg::UnPackOp unpack) {
  MLIRContext *ctx = unpack.getContext();
  unsigned rank = unpack.getDestType().getRank();
  ArrayRef<int64_t> perm = unpack.getOuterDimsPerm();
  ArrayRef<int64_t> innerDims = unpack.getInnerDimsPos();
  ArrayRef<int64_t> tiles = unpack.getStaticInnerTiles();
  SmallVector<AffineExpr> exprs;
  for (unsigned i = 0; i < rank; ++i) {
    unsigned dim = perm.empty() ? i : perm[i];
    AffineExpr e = getAffineDimExpr(dim, ctx);
    auto tiled = llvm::find(innerDims, dim);
    exprs.push_back(tiled == innerDims.end() ? e : e.floorDiv(tiles[tiled - innerDims.begin()]));
  }
  for (auto [t, dim] : llvm::enumerate(innerDims))
    exprs.push_back(getAffineDimExpr(dim, ctx) % tiles[t]);
  return AffineMap::get(rank, 0, exprs, ctx);
}

LogicalResult mlir::kiln::lowerPacksToRelayouts(Operation *root) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (isa<linalg::PackOp, linalg::UnPackOp>(op))
      ops.push_back(op);
  });
  IRRewriter rewriter(root->getContext());
  for (Operation *op : ops) {
    rewriter.setInsertionPoint(op);
    Location loc = op->getLoc();
    if (auto pack = dyn_cast<linalg::PackOp>(op)) {
      Value padding = pack.getPaddingValue();
      if (ShapedType::isDynamicShape(pack.getStaticInnerTiles()) ||
          (padding && !matchPattern(padding, m_AnyZeroFloat()) && !matchPattern(padding, m_Zero())))
        continue;
      rewriter.replaceOp(pack, relayout(rewriter, loc, pack.getSource(),
                                        tensor::getMixedSizes(rewriter, loc, pack.getDest()),
                                        packedToUnpacked(pack)));
    } else {
      auto unpack = cast<linalg::UnPackOp>(op);
      if (ShapedType::isDynamicShape(unpack.getStaticInnerTiles()))
        continue;
      rewriter.replaceOp(unpack, relayout(rewriter, loc, unpack.getSource(),
                                          tensor::getMixedSizes(rewriter, loc, unpack.getDest()),
                                          unpackedToPacked(unpack)));
    }
  }
  return success();
}
