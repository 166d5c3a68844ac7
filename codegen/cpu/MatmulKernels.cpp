//===- MatmulKernels.cpp - matmuls as packed-panel micro-kernels ----------===//
//
// C[.., m, n] += A[.., m, k] * B[.., k, n] computes as
//
//   Bp = B packed into column panels [.., n1, k, n0]   (constant-folded)
//   Cb = C viewed as [.., m, n1, n0]                    (padded if needed)
//   Cb[.., m, n1, n0] += A[.., m, k] * Bp[.., n1, k, n0]
//
// with `rows` rows of A broadcast against one n0-wide panel row per k step.
// Column panels are processed in cache blocks of `columnBlock` panels (the
// panels of a block stay in L2 while all rows stream by) and very long
// reductions in blocks of about `reductionBlock`.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/KernelRewrites.h"
#include "codegen/cpu/MicroKernel.h"
#include "codegen/cpu/Relayout.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Utils/Utils.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

unsigned dimPos(AffineExpr e) { return cast<AffineDimExpr>(e).getPosition(); }

/// `init` with its last dimension split into [blocks, width] (padded first
/// where needed); the reassociation merges them back.
Value blockLastDim(OpBuilder &b, Location loc, Value init, int64_t blocks, int64_t width,
                   SmallVectorImpl<ReassociationIndices> &reassociation) {
  auto type = cast<RankedTensorType>(init.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape(type.getShape());
  if (shape.back() != blocks * width) {
    shape.back() = blocks * width;
    SmallVector<Value> dynamicSizes;
    for (int64_t i = 0; i < rank; ++i)
      if (type.isDynamicDim(i))
        dynamicSizes.push_back(tensor::DimOp::create(b, loc, init, i));
    Value zero = arith::ConstantOp::create(b, loc, type.getElementType(),
                                           b.getZeroAttr(type.getElementType()));
    init = tensor::createPadHighOp(RankedTensorType::get(shape, type.getElementType()), init,
                                   zero, /*nofold=*/false, loc, b, dynamicSizes);
  }
  for (int64_t i = 0; i + 1 < rank; ++i)
    reassociation.push_back({i});
  reassociation.push_back({rank - 1, rank});
  shape.back() = blocks;
  shape.push_back(width);
  return tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), init, reassociation);
}

} // namespace

LogicalResult mlir::kiln::rewriteMatmul(RewriterBase &rewriter, linalg::LinalgOp op,
                                        const KernelTileSizes &tiles) {
  if (!linalg::isaContractionOpInterface(op))
    return failure();
  FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 || dims->k.size() != 1)
    return rewriter.notifyMatchFailure(op, "needs one m, n and k dimension");
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  unsigned m = dims->m[0], n = dims->n[0], k = dims->k[0];
  AffineMap outMap = maps[2];
  // The vector runs along the output's contiguous dimension.
  if (outMap.getResults().back() == d(m))
    std::swap(m, n);
  if (outMap.getResults().back() != d(n))
    return rewriter.notifyMatchFailure(op, "output's innermost dimension is not m or n");
  unsigned lhs = maps[0].isFunctionOfDim(m) ? 0 : 1, rhs = 1 - lhs;
  if (!maps[lhs].isFunctionOfDim(m) || maps[lhs].isFunctionOfDim(n) ||
      !maps[rhs].isFunctionOfDim(n) || maps[rhs].isFunctionOfDim(m))
    return rewriter.notifyMatchFailure(op, "operands do not split into m-by-k and k-by-n");
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t columns = ranges[n];
  if (ShapedType::isDynamic(columns) || columns < 8)
    return rewriter.notifyMatchFailure(op, "needs a static n of at least 8");
  int64_t width = kernelVectorWidth(columns), blocks = ceilDiv(columns, width);
  unsigned numLoops = op.getNumLoops(), vec = numLoops;

  ContractionKernel kernel;
  kernel.lhsMap = AffineMap::get(numLoops + 1, 0, maps[lhs].getResults(), ctx);
  // Packed rhs dimensions: its batch dimensions, then n1, k (and n0).
  SmallVector<unsigned> packedDims;
  for (AffineExpr e : maps[rhs].getResults())
    if (dimPos(e) != n && dimPos(e) != k)
      packedDims.push_back(dimPos(e));
  packedDims.append({n, k});
  SmallVector<AffineExpr> packedExprs;
  for (unsigned p : packedDims)
    packedExprs.push_back(d(p));
  packedExprs.push_back(d(vec));
  kernel.rhsMap = AffineMap::get(numLoops + 1, 0, packedExprs, ctx);
  SmallVector<AffineExpr> outExprs(outMap.getResults());
  outExprs.push_back(d(vec));
  kernel.outMap = AffineMap::get(numLoops + 1, 0, outExprs, ctx);
  kernel.isReduction = reductionFlagsWithVector(op);
  kernel.rowDim = m;
  kernel.vectorDim = vec;
  kernel.rows = tiles.matmulRows;
  kernel.width = width;
  for (AffineExpr e : outMap.getResults())
    if (dimPos(e) != m && dimPos(e) != n)
      kernel.loops.push_back({dimPos(e)});
  if (blocks > tiles.columnBlock)
    kernel.loops.push_back({n, tiles.columnBlock});
  int64_t depth = ranges[k];
  if (!ShapedType::isDynamic(depth) && depth > tiles.reductionBlock)
    kernel.loops.push_back({k, ceilDiv(depth, ceilDiv(depth, tiles.reductionBlock))});
  kernel.loops.push_back({m});
  kernel.loops.push_back({n});
  kernel.reductionOrder = {k};
  kernel.extents.resize(numLoops + 1);
  std::string reason;
  if (failed(verifyContractionKernel(kernel, reason)))
    return rewriter.notifyMatchFailure(op, reason);

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  kernel.extents = loopExtents(rewriter, loc, op);
  kernel.extents[n] = arith::ConstantIndexOp::create(rewriter, loc, blocks);
  kernel.extents.push_back(arith::ConstantIndexOp::create(rewriter, loc, width));
  kernel.lhs = op.getDpsInputs()[lhs];

  SmallVector<OpFoldResult> packedSizes;
  for (unsigned p : packedDims)
    packedSizes.push_back(getAsOpFoldResult(kernel.extents[p]));
  packedSizes.push_back(rewriter.getIndexAttr(width));
  SmallVector<AffineExpr> toSource;
  for (AffineExpr e : maps[rhs].getResults()) {
    unsigned pos = llvm::find(packedDims, dimPos(e)) - packedDims.begin();
    toSource.push_back(dimPos(e) == n ? d(pos) * width + d(packedDims.size()) : d(pos));
  }
  kernel.rhs = relayout(rewriter, loc, op.getDpsInputs()[rhs], packedSizes,
                        AffineMap::get(packedDims.size() + 1, 0, toSource, ctx));

  Value init = op.getDpsInits()[0];
  SmallVector<ReassociationIndices> reassociation;
  kernel.init = blockLastDim(rewriter, loc, init, blocks, width, reassociation);
  Value result = emitContractionKernel(rewriter, loc, kernel);
  result = tensor::CollapseShapeOp::create(rewriter, loc, result, reassociation);
  if (blocks * width != columns) {
    auto initType = cast<RankedTensorType>(init.getType());
    SmallVector<OpFoldResult> offsets(initType.getRank(), rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(initType.getRank(), rewriter.getIndexAttr(1));
    result = tensor::ExtractSliceOp::create(rewriter, loc, initType, result, offsets,
                                            tensor::getMixedSizes(rewriter, loc, init),
                                            strides);
  }
  rewriter.replaceOp(op, result);
  return success();
}

