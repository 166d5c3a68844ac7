//===- TileAndVectorize.cpp - kiln-cpu-tile-and-vectorize -----------------===//
//
// Matmul-like and convolution linalg.generic ops on tensors become
// register-blocked vector loop nests (MicroKernel.h) over data-tiled operands
// (Relayout.h):
//
//  - matmul C[.., m, n] += A[.., m, k] * B[.., k, n]: B is packed into
//    column panels Bp[.., n1, k, n0] (at compile time when constant), C is
//    viewed as Cb[.., m, n1, n0] (padded when n0 does not divide n), A is
//    read in place, one broadcast element per output row and k step;
//  - convolution (the grouped NCHW generic of kiln-lower-to-linalg): the
//    input moves channels-last, Xn[n, h, w, g, c], the weights to
//    Wp[g, oc1, kh, kw, ic, oc0], and the output is computed as
//    Yb[n, g, oc1, oh, ow, oc0] with `rows` output columns by `oc0` channels
//    in registers, then moved back to NCHW;
//  - depthwise convolution (one input channel per group) vectorizes over the
//    groups instead: Xn[n, h, w, g1, g0] and Wp[g1, m, kh, kw, 1, g0] are
//    both read as vectors.
//
// Everything else is left alone for the loop lowering.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/MicroKernel.h"
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/Relayout.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_TILEANDVECTORIZE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

struct TileSizes {
  int64_t matmulRows, columnBlock, reductionBlock, convRows;
};

/// True when the body is `out + lhs * rhs` (either operand order).
bool isMulAddBody(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (body.getOperations().size() != 3 || body.getNumArguments() != 3)
    return false;
  auto add = body.getTerminator()->getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value out = body.getArgument(2);
  Value product = add.getLhs() == out ? add.getRhs() : add.getRhs() == out ? add.getLhs() : Value();
  auto mul = product ? product.getDefiningOp<arith::MulFOp>() : nullptr;
  if (!mul)
    return false;
  Value a = body.getArgument(0), b = body.getArgument(1);
  return (mul.getLhs() == a && mul.getRhs() == b) || (mul.getLhs() == b && mul.getRhs() == a);
}

bool isCandidate(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1)
    return false;
  auto isF32 = [](Value v) { return getElementTypeOrSelf(v.getType()).isF32(); };
  return llvm::all_of(op->getOperands(), isF32) && isMulAddBody(op);
}

/// 32 lanes (two zmm registers per row) unless 16 avoids padding a small extent.
int64_t vectorWidth(int64_t extent) { return extent % 32 == 0 || extent > 64 ? 32 : 16; }

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

unsigned dimPos(AffineExpr e) { return cast<AffineDimExpr>(e).getPosition(); }

SmallVector<Value> loopExtents(OpBuilder &b, Location loc, linalg::GenericOp op) {
  SmallVector<Value> extents;
  for (Range range : cast<linalg::LinalgOp>(op.getOperation()).createLoopRanges(b, loc))
    extents.push_back(getValueOrCreateConstantIndexOp(b, loc, range.size));
  return extents;
}

SmallVector<bool> reductionFlags(linalg::GenericOp op) {
  SmallVector<bool> flags;
  for (utils::IteratorType t : op.getIteratorTypesArray())
    flags.push_back(t == utils::IteratorType::reduction);
  flags.push_back(false); // the vector dimension
  return flags;
}

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

LogicalResult rewriteMatmul(RewriterBase &rewriter, linalg::GenericOp op, const TileSizes &tiles) {
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
  int64_t width = vectorWidth(columns), blocks = ceilDiv(columns, width);
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
  kernel.isReduction = reductionFlags(op);
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

/// The convolution's dimensions, in the spatial order of the output.
struct ConvStructure {
  unsigned input, filter; // operand numbers
  unsigned batch, outChannel;
  std::optional<unsigned> group, inChannel;
  SmallVector<unsigned> outImage, window; // per spatial axis
  // Positions in the input operand.
  unsigned inBatchPos;
  std::optional<unsigned> inGroupPos, inChannelPos;
  SmallVector<unsigned> inSpatialPos;
};

FailureOr<ConvStructure> analyzeConv(linalg::GenericOp op) {
  if (!linalg::isaConvolutionOpInterface(op))
    return failure();
  FailureOr<linalg::ConvolutionDimensions> dims = linalg::inferConvolutionDims(op);
  if (failed(dims) || dims->batch.size() != 1 || dims->outputChannel.size() != 1 ||
      dims->inputChannel.size() > 1 || dims->depth.size() > 1 || dims->outputImage.empty() ||
      dims->outputImage.size() != dims->filterLoop.size())
    return failure();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  ConvStructure s;
  s.input = llvm::all_of(maps[0].getResults(), llvm::IsaPred<AffineDimExpr>) ? 1 : 0;
  s.filter = 1 - s.input;
  if (!maps[s.filter].isProjectedPermutation() || !maps[2].isProjectedPermutation())
    return failure();
  s.batch = dims->batch[0];
  s.outChannel = dims->outputChannel[0];
  if (!dims->depth.empty())
    s.group = dims->depth[0];
  if (!dims->inputChannel.empty())
    s.inChannel = dims->inputChannel[0];
  for (AffineExpr e : maps[2].getResults())
    if (llvm::is_contained(dims->outputImage, dimPos(e)))
      s.outImage.push_back(dimPos(e));
  AffineMap in = maps[s.input];
  MLIRContext *ctx = op.getContext();
  std::optional<unsigned> batchPos;
  for (unsigned o : s.outImage) {
    auto uses = [&](AffineExpr e) { return e.isFunctionOfDim(o); };
    auto it = llvm::find_if(in.getResults(), uses);
    if (it == in.getResults().end())
      return failure();
    auto window = llvm::find_if(dims->filterLoop, [&](unsigned f) { return it->isFunctionOfDim(f); });
    if (window == dims->filterLoop.end())
      return failure();
    s.window.push_back(*window);
    s.inSpatialPos.push_back(it - in.getResults().begin());
  }
  for (unsigned j = 0; j < in.getNumResults(); ++j) {
    AffineExpr e = in.getResult(j);
    if (e == getAffineDimExpr(s.batch, ctx))
      batchPos = j;
    else if (s.group && e == getAffineDimExpr(*s.group, ctx))
      s.inGroupPos = j;
    else if (s.inChannel && e == getAffineDimExpr(*s.inChannel, ctx))
      s.inChannelPos = j;
    else if (!llvm::is_contained(s.inSpatialPos, j))
      return failure();
  }
  if (!batchPos || s.inGroupPos.has_value() != s.group.has_value() ||
      s.inChannelPos.has_value() != s.inChannel.has_value())
    return failure();
  s.inBatchPos = *batchPos;
  return s;
}

LogicalResult rewriteConv(RewriterBase &rewriter, linalg::GenericOp op, const TileSizes &tiles) {
  FailureOr<ConvStructure> analysis = analyzeConv(op);
  if (failed(analysis))
    return failure();
  const ConvStructure &s = *analysis;
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  for (unsigned i = 0; i < ranges.size(); ++i)
    if (i != s.batch && ShapedType::isDynamic(ranges[i]))
      return rewriter.notifyMatchFailure(op, "needs static shapes but for the batch");
  bool depthwise = s.group && ranges[*s.group] > 1 && (!s.inChannel || ranges[*s.inChannel] == 1);
  unsigned blocked = depthwise ? *s.group : s.outChannel;
  int64_t channels = ranges[blocked];
  if (channels < 8)
    return rewriter.notifyMatchFailure(op, "fewer than 8 channels to vectorize");
  int64_t width = vectorWidth(channels), blocks = ceilDiv(channels, width);
  unsigned numLoops = op.getNumLoops(), vec = numLoops;
  AffineMap inMap = maps[s.input], outMap = maps[2];

  // Kernel maps first, so a mismatch leaves the IR untouched.
  ContractionKernel kernel;
  SmallVector<AffineExpr> inExprs = {inMap.getResult(s.inBatchPos)};
  for (unsigned j : s.inSpatialPos)
    inExprs.push_back(inMap.getResult(j));
  if (depthwise) {
    inExprs.append({d(*s.group), d(vec)});
  } else {
    if (s.inGroupPos)
      inExprs.push_back(inMap.getResult(*s.inGroupPos));
    if (s.inChannelPos)
      inExprs.push_back(inMap.getResult(*s.inChannelPos));
  }
  kernel.lhsMap = AffineMap::get(numLoops + 1, 0, inExprs, ctx);
  SmallVector<unsigned> filterDims;
  if (s.group)
    filterDims.push_back(*s.group);
  filterDims.push_back(s.outChannel);
  llvm::append_range(filterDims, s.window);
  if (s.inChannel)
    filterDims.push_back(*s.inChannel);
  SmallVector<AffineExpr> filterExprs;
  for (unsigned p : filterDims)
    filterExprs.push_back(d(p));
  filterExprs.push_back(d(vec));
  kernel.rhsMap = AffineMap::get(numLoops + 1, 0, filterExprs, ctx);
  SmallVector<AffineExpr> outExprs(outMap.getResults());
  outExprs.push_back(d(vec));
  kernel.outMap = AffineMap::get(numLoops + 1, 0, outExprs, ctx);
  kernel.isReduction = reductionFlags(op);
  kernel.rowDim = s.outImage.back();
  kernel.vectorDim = vec;
  kernel.rows = tiles.convRows;
  kernel.width = width;
  for (AffineExpr e : outMap.getResults())
    kernel.loops.push_back({dimPos(e)});
  kernel.reductionOrder = s.window;
  if (s.inChannel)
    kernel.reductionOrder.push_back(*s.inChannel);
  kernel.extents.resize(numLoops + 1);
  std::string reason;
  if (failed(verifyContractionKernel(kernel, reason)))
    return rewriter.notifyMatchFailure(op, reason);

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  kernel.extents = loopExtents(rewriter, loc, op);
  kernel.extents[blocked] = arith::ConstantIndexOp::create(rewriter, loc, blocks);
  kernel.extents.push_back(arith::ConstantIndexOp::create(rewriter, loc, width));
  auto size = [&](unsigned dim) { return getAsOpFoldResult(kernel.extents[dim]); };

  // Input, channels-last: [n, spatial..., g, c] or, depthwise, [n, spatial..., g1, g0].
  Value input = op.getDpsInputs()[s.input];
  SmallVector<OpFoldResult> inSizes = tensor::getMixedSizes(rewriter, loc, input);
  SmallVector<unsigned> order = {s.inBatchPos};
  llvm::append_range(order, s.inSpatialPos);
  unsigned inRank = inMap.getNumResults();
  SmallVector<OpFoldResult> movedSizes;
  SmallVector<AffineExpr> toInput(inRank, getAffineConstantExpr(0, ctx));
  for (unsigned j : order) {
    toInput[j] = d(movedSizes.size());
    movedSizes.push_back(inSizes[j]);
  }
  if (depthwise) {
    toInput[*s.inGroupPos] = d(movedSizes.size()) * width + d(movedSizes.size() + 1);
    movedSizes.append({rewriter.getIndexAttr(blocks), rewriter.getIndexAttr(width)});
  } else {
    for (std::optional<unsigned> j : {s.inGroupPos, s.inChannelPos})
      if (j) {
        toInput[*j] = d(movedSizes.size());
        movedSizes.push_back(inSizes[*j]);
      }
  }
  kernel.lhs = relayout(rewriter, loc, input, movedSizes,
                        AffineMap::get(movedSizes.size(), 0, toInput, ctx));

  // Filter: [g, oc, window..., ic, vector] with the blocked channel split.
  AffineMap filterMap = maps[s.filter];
  SmallVector<OpFoldResult> packedSizes;
  for (unsigned p : filterDims)
    packedSizes.push_back(size(p));
  packedSizes.push_back(rewriter.getIndexAttr(width));
  SmallVector<AffineExpr> toFilter;
  for (AffineExpr e : filterMap.getResults()) {
    unsigned pos = llvm::find(filterDims, dimPos(e)) - filterDims.begin();
    toFilter.push_back(dimPos(e) == blocked ? d(pos) * width + d(filterDims.size()) : d(pos));
  }
  kernel.rhs = relayout(rewriter, loc, op.getDpsInputs()[s.filter], packedSizes,
                        AffineMap::get(filterDims.size() + 1, 0, toFilter, ctx));

  // Output: the original order with the blocked channel split, lanes last.
  Value init = op.getDpsInits()[0];
  unsigned outRank = outMap.getNumResults();
  unsigned blockedPos = llvm::find(outMap.getResults(), d(blocked)) - outMap.getResults().begin();
  SmallVector<OpFoldResult> blockedSizes = tensor::getMixedSizes(rewriter, loc, init);
  blockedSizes[blockedPos] = rewriter.getIndexAttr(blocks);
  blockedSizes.push_back(rewriter.getIndexAttr(width));
  if (Value fill = getFillValue(init)) {
    Value empty = tensor::EmptyOp::create(rewriter, loc, blockedSizes,
                                          getElementTypeOrSelf(init.getType()));
    kernel.init = linalg::FillOp::create(rewriter, loc, fill, empty).getResult(0);
  } else {
    SmallVector<AffineExpr> toInit;
    for (unsigned j = 0; j < outRank; ++j)
      toInit.push_back(j == blockedPos ? d(j) * width + d(outRank) : d(j));
    kernel.init = relayout(rewriter, loc, init, blockedSizes,
                           AffineMap::get(outRank + 1, 0, toInit, ctx));
  }
  Value result = emitContractionKernel(rewriter, loc, kernel);

  SmallVector<AffineExpr> toBlocked;
  for (unsigned j = 0; j < outRank; ++j)
    toBlocked.push_back(j == blockedPos ? d(j).floorDiv(width) : d(j));
  toBlocked.push_back(d(blockedPos) % width);
  result = relayout(rewriter, loc, result, tensor::getMixedSizes(rewriter, loc, init),
                    AffineMap::get(outRank, 0, toBlocked, ctx));
  rewriter.replaceOp(op, result);
  return success();
}

struct TileAndVectorizePass : kiln::impl::TileAndVectorizeBase<TileAndVectorizePass> {
  using Base::Base;
  void runOnOperation() override {
    TileSizes tiles{matmulRows, matmulColumnBlock, matmulReductionBlock, convRows};
    if (tiles.matmulRows < 1 || tiles.convRows < 1 || tiles.columnBlock < 1 ||
        tiles.reductionBlock < 1) {
      getOperation()->emitError("kiln-cpu-tile-and-vectorize: tile sizes must be positive");
      return signalPassFailure();
    }
    SmallVector<linalg::GenericOp> candidates;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (isCandidate(op))
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : candidates)
      if (failed(rewriteConv(rewriter, op, tiles)))
        (void)rewriteMatmul(rewriter, op, tiles);
  }
};

} // namespace
