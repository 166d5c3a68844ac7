//===- ConvKernels.cpp - convolutions as blocked-layout micro-kernels -----===//
//
// A convolution computes in the blocked activation layout NC/cHWc (channels
// split into blocks of `activationBlock(C)`, the block innermost):
//
//   Xb = linalg.pack X  [n, ic1, h, w, ic0]
//   Wp = weights        [g, oc1, ic1, kh, kw, ic0, oc0]   (constant-folded)
//   Yb[n, oc1, oh, ow, oc0] += Xb[n, ic1, oh*s+kh, ow*s+kw, ic0]
//                              * Wp[.., oc1, ic1, kh, kw, ic0, oc0]
//   Y  = linalg.unpack Yb
//
// with `rows` output columns times `oc0` channels in registers. Because the
// output block of one convolution is the input block of the next, the
// unpack/pack pairs between them cancel once data-layout propagation has
// moved them through the elementwise ops and pads in between.
//
// Depthwise convolutions (one input channel per group) use the same layout
// with the groups as channels; the vector runs over the group block and both
// operands are vector reads.
//
// The unit group dimension kiln-lower-to-linalg inserts (an expand_shape on
// the input, a collapse_shape on the result) is looked through, so the
// blocked tensors are the plain N-C-spatial activations the neighbouring
// ops use.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/KernelRewrites.h"
#include "codegen/cpu/MicroKernel.h"
#include "codegen/cpu/Relayout.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

unsigned dimPos(AffineExpr e) { return cast<AffineDimExpr>(e).getPosition(); }

/// The convolution's loop dimensions, spatial ones in output order.
struct ConvStructure {
  unsigned input, filter; // operand numbers
  unsigned batch, outChannel;
  std::optional<unsigned> group, inChannel;
  SmallVector<unsigned> outImage, window;
};

FailureOr<ConvStructure> analyzeConv(linalg::LinalgOp op) {
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
  for (unsigned o : s.outImage) {
    auto it = llvm::find_if(in.getResults(), [&](AffineExpr e) { return e.isFunctionOfDim(o); });
    if (it == in.getResults().end())
      return failure();
    auto window = llvm::find_if(dims->filterLoop,
                                [&](unsigned f) { return it->isFunctionOfDim(f); });
    if (window == dims->filterLoop.end())
      return failure();
    s.window.push_back(*window);
  }
  return s;
}

/// One loop expression per dimension of `shape` merged by `reassociation`,
/// keeping the single non-unit dimension of each group; failure when a group
/// has two (a real reshape rather than unit dimensions).
FailureOr<SmallVector<AffineExpr>> dropUnitDims(ArrayRef<AffineExpr> exprs,
                                                ArrayRef<int64_t> shape,
                                                ArrayRef<ReassociationIndices> reassociation) {
  SmallVector<AffineExpr> kept;
  for (const ReassociationIndices &group : reassociation) {
    std::optional<AffineExpr> keep;
    for (int64_t d : group) {
      if (shape[d] == 1)
        continue;
      if (keep)
        return failure();
      keep = exprs[d];
    }
    kept.push_back(keep ? *keep : exprs[group.front()]);
  }
  return kept;
}

/// How the kernel indexes an activation tensor, seen through unit-dimension
/// reshapes: `exprs` per dimension of `tensor`, and the reassociation back
/// to the op's operand (empty when there is no reshape).
struct ActivationView {
  Value tensor;
  SmallVector<AffineExpr> exprs;
  SmallVector<ReassociationIndices> reassociation;
};

ActivationView inputView(Value operand, AffineMap map) {
  ActivationView view{operand, llvm::to_vector(map.getResults()), {}};
  if (auto expand = operand.getDefiningOp<tensor::ExpandShapeOp>()) {
    SmallVector<ReassociationIndices> reassociation = expand.getReassociationIndices();
    FailureOr<SmallVector<AffineExpr>> kept =
        dropUnitDims(view.exprs, expand.getResultType().getShape(), reassociation);
    if (succeeded(kept))
      view = {expand.getSrc(), *kept, reassociation};
  }
  return view;
}

/// The result's view when its only user collapses unit dimensions away;
/// `tensor` is the value the rest of the function uses (the collapsed one).
ActivationView resultView(Value result, AffineMap map) {
  ActivationView view{result, llvm::to_vector(map.getResults()), {}};
  if (!result.hasOneUse())
    return view;
  auto collapse = dyn_cast<tensor::CollapseShapeOp>(*result.getUsers().begin());
  if (!collapse)
    return view;
  SmallVector<ReassociationIndices> reassociation = collapse.getReassociationIndices();
  FailureOr<SmallVector<AffineExpr>> kept = dropUnitDims(
      view.exprs, cast<RankedTensorType>(result.getType()).getShape(), reassociation);
  if (succeeded(kept))
    view = {collapse.getResult(), *kept, reassociation};
  return view;
}

std::optional<unsigned> positionOf(ArrayRef<AffineExpr> exprs, AffineExpr e) {
  auto it = llvm::find(exprs, e);
  if (it == exprs.end())
    return std::nullopt;
  return it - exprs.begin();
}

Value zeroOf(OpBuilder &b, Location loc, Type element) {
  return arith::ConstantOp::create(b, loc, element, b.getZeroAttr(element));
}

/// `source` packed along dimension `dim` into blocks of `block` (zero padded).
Value packChannels(OpBuilder &b, Location loc, Value source, unsigned dim, int64_t block) {
  auto type = cast<RankedTensorType>(source.getType());
  SmallVector<OpFoldResult> tiles = {b.getIndexAttr(block)};
  SmallVector<int64_t> innerDims = {dim};
  Value dest = linalg::PackOp::createDestinationTensor(b, loc, source, tiles, innerDims, {});
  std::optional<Value> padding;
  if (type.isDynamicDim(dim) || type.getDimSize(dim) % block != 0)
    padding = zeroOf(b, loc, type.getElementType());
  return linalg::PackOp::create(b, loc, source, dest, innerDims, tiles, padding).getResult();
}

/// The convolution as a WinogradConv (its input still to be set) when it is
/// a 3x3, stride-1, undilated, ungrouped NCHW convolution with a constant
/// f32 filter, static shapes, outputs of at least 2x2 and enough channels that
/// the transforms pay off.
std::optional<WinogradConv> winogradForm(linalg::LinalgOp op, const ConvStructure &s,
                                         ArrayRef<int64_t> ranges, const ActivationView &x,
                                         const ActivationView &y, int64_t width,
                                         int64_t maxFilterBytes) {
  if (!s.inChannel || s.window.size() != 2 || (s.group && ranges[*s.group] != 1) ||
      width != 32 || ShapedType::isDynamicShape(ranges))
    return std::nullopt;
  int64_t inChannels = ranges[*s.inChannel], rows = ranges[s.outImage[0]],
          cols = ranges[s.outImage[1]];
  if (ranges[s.window[0]] != 3 || ranges[s.window[1]] != 3 || inChannels < 32 ||
      inChannels % 16 != 0 || rows < 2 || cols < 2)
    return std::nullopt;
  // The transformed filter (16 points per channel pair against 9) streams
  // from memory once per image; past a few MiB (ResNet-50's 512-channel
  // layers: 16 MiB against 9) that stream costs about what the saved
  // multiplications do.
  if (16 * inChannels * ranges[s.outChannel] * 4 > maxFilterBytes)
    return std::nullopt;
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  auto isSum = [&](AffineExpr e, unsigned out, unsigned window) {
    AffineExpr rest = simplifyAffineExpr(e - (d(out) + d(window)), op.getNumLoops(), 0);
    auto constant = dyn_cast<AffineConstantExpr>(rest);
    return constant && constant.getValue() == 0;
  };
  auto inType = dyn_cast<RankedTensorType>(x.tensor.getType());
  if (!inType || !inType.hasStaticShape() || inType.getRank() != 4 || x.exprs.size() != 4 ||
      x.exprs[0] != d(s.batch) || x.exprs[1] != d(*s.inChannel) ||
      !isSum(x.exprs[2], s.outImage[0], s.window[0]) ||
      !isSum(x.exprs[3], s.outImage[1], s.window[1]) || inType.getDimSize(2) != rows + 2 ||
      inType.getDimSize(3) != cols + 2)
    return std::nullopt;
  if (y.exprs.size() != 4 || y.exprs[0] != d(s.batch) || y.exprs[1] != d(s.outChannel) ||
      y.exprs[2] != d(s.outImage[0]) || y.exprs[3] != d(s.outImage[1]))
    return std::nullopt;
  DenseElementsAttr filter = getConstantElements(op.getDpsInputs()[s.filter]);
  if (!filter || !filter.getElementType().isF32())
    return std::nullopt;
  // Row-major strides of the filter, by loop dimension.
  AffineMap filterMap = op.getIndexingMapsArray()[s.filter];
  ArrayRef<int64_t> shape = filter.getType().getShape();
  if (shape.size() != filterMap.getNumResults())
    return std::nullopt;
  DenseMap<unsigned, int64_t> strideOf;
  int64_t stride = 1;
  for (int64_t r = shape.size() - 1; r >= 0; --r) {
    strideOf[dimPos(filterMap.getResult(r))] = stride;
    stride *= shape[r];
  }
  int64_t so = strideOf.lookup(s.outChannel), si = strideOf.lookup(*s.inChannel),
          sh = strideOf.lookup(s.window[0]), sw = strideOf.lookup(s.window[1]);
  auto values = std::make_shared<std::vector<float>>(filter.getValues<float>().begin(),
                                                     filter.getValues<float>().end());
  WinogradConv conv;
  conv.filter = [values, so, si, sh, sw](int64_t oc, int64_t ic, int64_t kh, int64_t kw) {
    return (*values)[oc * so + ic * si + kh * sh + kw * sw];
  };
  conv.outChannels = ranges[s.outChannel];
  conv.inChannels = inChannels;
  conv.outRows = rows;
  conv.outCols = cols;
  conv.width = width;
  return conv;
}

} // namespace

int64_t mlir::kiln::activationBlock(int64_t channels) {
  if (channels % 32 == 0)
    return 32;
  if (channels % 16 == 0 || channels > 16)
    return 16;
  return channels;
}

LogicalResult mlir::kiln::rewriteConv(RewriterBase &rewriter, linalg::LinalgOp op,
                                      const KernelTileSizes &tiles) {
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
  // The output channel the vector runs over, and the input channel blocked
  // the same way in the activation layout.
  unsigned outCh = depthwise ? *s.group : s.outChannel;
  std::optional<unsigned> inCh = depthwise ? s.group : s.inChannel;
  int64_t width = activationBlock(ranges[outCh]);
  if (width < 8)
    return rewriter.notifyMatchFailure(op, "fewer than 8 output channels to vectorize");
  int64_t blocks = ceilDiv(ranges[outCh], width);
  int64_t inBlock = inCh ? activationBlock(ranges[*inCh]) : 1;
  unsigned numLoops = op.getNumLoops(), vec = numLoops;
  // Normal convolutions split the input channel into (ic1, ic0) loops.
  bool splitIn = !depthwise && inCh;
  unsigned inLane = splitIn ? numLoops + 1 : vec;
  unsigned numKernelLoops = numLoops + (splitIn ? 2 : 1);

  ActivationView x = inputView(op.getDpsInputs()[s.input], maps[s.input]);
  ActivationView y = resultView(op->getResult(0), maps[2]);
  std::optional<unsigned> xChannel = inCh ? positionOf(x.exprs, d(*inCh)) : std::nullopt;
  std::optional<unsigned> yChannel = positionOf(y.exprs, d(outCh));
  if ((inCh && !xChannel) || !yChannel)
    return rewriter.notifyMatchFailure(op, "channels are not plain dimensions");

  // The window's innermost dimension and the input channel block are
  // adjacent in memory (w-major, channels minor) when the window does not
  // dilate along w: they merge into one reduction loop over kw * ic0, which
  // keeps the innermost loop long even for few input channels.
  unsigned kw = s.window.back();
  bool mergeWindow = false;
  AffineExpr xInnerBase;
  if (splitIn && !x.exprs.empty() && x.exprs.back().isFunctionOfDim(kw) &&
      *xChannel + 1 != x.exprs.size()) {
    AffineExpr inner = x.exprs.back();
    xInnerBase = inner.replace(d(kw), getAffineConstantExpr(0, ctx));
    mergeWindow = simplifyAffineExpr(inner - xInnerBase, numKernelLoops, 0) == d(kw);
  }
  int64_t laneExtent = mergeWindow ? ranges[kw] * inBlock : inBlock;

  // Kernel maps first, so that a mismatch leaves the IR untouched.
  ContractionKernel kernel;
  SmallVector<AffineExpr> xExprs(x.exprs);
  if (mergeWindow)
    xExprs.back() = xInnerBase * inBlock + d(inLane);
  else if (inCh)
    xExprs.push_back(d(inLane));
  kernel.lhsMap = AffineMap::get(numKernelLoops, 0, xExprs, ctx);
  SmallVector<unsigned> filterDims;
  for (std::optional<unsigned> dim : {s.group, std::optional<unsigned>(s.outChannel), s.inChannel})
    if (dim)
      filterDims.push_back(*dim);
  llvm::append_range(filterDims, s.window);
  SmallVector<AffineExpr> filterExprs;
  for (unsigned p : filterDims)
    if (!mergeWindow || p != kw)
      filterExprs.push_back(d(p));
  if (splitIn)
    filterExprs.push_back(d(inLane));
  filterExprs.push_back(d(vec));
  kernel.rhsMap = AffineMap::get(numKernelLoops, 0, filterExprs, ctx);
  SmallVector<AffineExpr> yExprs(y.exprs);
  yExprs.push_back(d(vec));
  kernel.outMap = AffineMap::get(numKernelLoops, 0, yExprs, ctx);
  kernel.isReduction = reductionFlagsWithVector(op);
  if (splitIn)
    kernel.isReduction.push_back(true);
  kernel.rowDim = s.outImage.back();
  kernel.vectorDim = vec;
  kernel.width = width;
  kernel.rows = depthwise ? tiles.convRows
                          : std::clamp<int64_t>(tiles.convRows * 32 / width, 1, 16);
  // Two zmm per output: up to 14 outputs (28 accumulators) in registers.
  // Rows of 7 columns that divide the width, two output rows at a time,
  // halve the filter reads per FMA of 8-column tiles and avoid remainders
  // (7x7, 14x14, 28x28, 56x56 maps); narrow maps stack more rows.
  if (!depthwise && width == 32 && s.outImage.size() >= 2 && tiles.convRows == 8) {
    int64_t cols = ranges[s.outImage.back()], lines = ranges[s.outImage.end()[-2]];
    int64_t inner = cols <= 7 ? cols : cols % 7 == 0 ? 7 : 0;
    if (inner > 0 && lines > 1) {
      kernel.rows = inner;
      kernel.outerRowDim = s.outImage.end()[-2];
      kernel.outerRows = std::min<int64_t>(lines, 14 / inner);
    }
  }
  // A 16-lane block is one zmm per output: tiles of two output-channel
  // blocks by up to 14 columns keep 28 accumulators in registers, as 32-lane
  // blocks do, and read each input element once for both blocks (16 rows of
  // one block would need a broadcast per FMA).
  if (!depthwise && width == 16 && blocks > 1 && tiles.convRows == 8) {
    kernel.rows = std::min<int64_t>(ranges[s.outImage.back()], 14);
    kernel.outerRowDim = outCh;
    kernel.outerRows = 2;
  }
  // Parallel loops: unit dimensions the views dropped, then the output order.
  for (unsigned i = 0; i < numLoops; ++i)
    if (!kernel.isReduction[i] && !llvm::is_contained(y.exprs, d(i)))
      kernel.loops.push_back({i});
  // Loop order by what stays in cache. Activations bigger than L2 and
  // bigger than the filters (early layers): output positions outermost and
  // all output-channel blocks for a tile of positions, so the input tile
  // stays in L1 and the filters in L2. Otherwise (deep layers, filters
  // larger than activations) output channels outermost, with input-channel
  // blocks just inside so that the filter panel of a block (about
  // `filterBlockBytes`) stays in L1 while every output position uses it;
  // accumulators go back to memory between blocks, little next to a block's
  // reduction, and the next block's panel is prefetched meanwhile.
  auto bytesPerImage = [](Value v, std::optional<unsigned> batchDim) {
    int64_t bytes = 4;
    ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
    for (auto [i, size] : llvm::enumerate(shape))
      if (!batchDim || i != *batchDim)
        bytes *= ShapedType::isDynamic(size) ? 1 : size;
    return bytes;
  };
  int64_t inputBytes = bytesPerImage(x.tensor, positionOf(x.exprs, d(s.batch)));
  int64_t filterBytes = bytesPerImage(op.getDpsInputs()[s.filter], std::nullopt);
  bool positionsOuter = inputBytes > tiles.l2Bytes && inputBytes > filterBytes;
  int64_t panelBytes = laneExtent * width * 4;
  for (unsigned w : s.window)
    if (!mergeWindow || w != kw)
      panelBytes *= ranges[w];
  int64_t inBlocks = splitIn ? ceilDiv(ranges[*inCh], inBlock) : 1;
  int64_t blocksPerPass = std::max<int64_t>(1, tiles.filterBlockBytes / panelBytes);
  if (positionsOuter)
    blocksPerPass = inBlocks;
  SmallVector<unsigned> order = llvm::map_to_vector(y.exprs, dimPos);
  if (positionsOuter) {
    llvm::erase(order, outCh);
    order.push_back(outCh);
  }
  for (unsigned dim : order) {
    kernel.loops.push_back({dim});
    if (dim == outCh && blocksPerPass < inBlocks)
      kernel.loops.push_back({*inCh, blocksPerPass});
  }
  // Filter panels follow each other in memory; fetching the next one while
  // this one is in use hides the weight stream (weights of the deep layers
  // are read once per inference, from memory).
  if (blocksPerPass < inBlocks) {
    kernel.prefetchDim = *inCh;
    kernel.prefetchDistance = blocksPerPass;
  }
  if (depthwise && s.inChannel)
    kernel.reductionOrder.push_back(*s.inChannel);
  if (splitIn)
    kernel.reductionOrder.push_back(*s.inChannel);
  llvm::append_range(kernel.reductionOrder, s.window);
  if (splitIn)
    kernel.reductionOrder.push_back(inLane);
  kernel.extents.resize(numKernelLoops);
  std::string reason;
  if (failed(verifyContractionKernel(kernel, reason)))
    return rewriter.notifyMatchFailure(op, reason);

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<Value> extents = loopExtents(rewriter, loc, op);
  auto index = [&](int64_t v) { return arith::ConstantIndexOp::create(rewriter, loc, v); };
  extents[outCh] = index(blocks);
  extents.push_back(index(width));
  if (splitIn) {
    extents[*inCh] = index(ceilDiv(ranges[*inCh], inBlock));
    extents.push_back(index(laneExtent));
  }
  if (mergeWindow)
    extents[kw] = index(1);
  kernel.extents = extents;

  std::optional<WinogradConv> winograd;
  if (tiles.winograd && splitIn)
    winograd = winogradForm(op, s, ranges, x, y, width, 4 * tiles.l2Bytes);
  if (winograd)
    winograd->filterBlockBytes = tiles.filterBlockBytes;
  kernel.lhs = x.tensor;
  if (inCh)
    kernel.lhs = packChannels(rewriter, loc, x.tensor, *xChannel, depthwise ? width : inBlock);
  if (winograd)
    winograd->input = kernel.lhs;
  if (mergeWindow && !winograd) {
    int64_t rank = x.exprs.size();
    SmallVector<ReassociationIndices> lastTwo;
    for (int64_t i = 0; i + 1 < rank; ++i)
      lastTwo.push_back({i});
    lastTwo.push_back({rank - 1, rank});
    kernel.lhs = tensor::CollapseShapeOp::create(rewriter, loc, kernel.lhs, lastTwo);
  }

  // Filter panels: [g, oc1, ic1, window..., ic0, oc0], kw and ic0 merged
  // when the window merges (Winograd transforms the filter itself).
  if (!winograd) {
    SmallVector<OpFoldResult> packedSizes;
    for (unsigned p : filterDims)
      packedSizes.push_back(rewriter.getIndexAttr(p == outCh                ? blocks
                                                  : splitIn && p == *inCh ? ceilDiv(ranges[p], inBlock)
                                                                          : ranges[p]));
    if (splitIn)
      packedSizes.push_back(rewriter.getIndexAttr(inBlock));
    packedSizes.push_back(rewriter.getIndexAttr(width));
    unsigned vecPos = packedSizes.size() - 1;
    SmallVector<AffineExpr> toFilter;
    for (AffineExpr e : maps[s.filter].getResults()) {
      unsigned p = dimPos(e);
      unsigned pos = llvm::find(filterDims, p) - filterDims.begin();
      if (p == outCh)
        toFilter.push_back(d(pos) * width + d(vecPos));
      else if (splitIn && p == *inCh)
        toFilter.push_back(d(pos) * inBlock + d(vecPos - 1));
      else
        toFilter.push_back(d(pos));
    }
    kernel.rhs = relayout(rewriter, loc, op.getDpsInputs()[s.filter], packedSizes,
                          AffineMap::get(packedSizes.size(), 0, toFilter, ctx));
    if (mergeWindow) {
      SmallVector<ReassociationIndices> merged;
      for (int64_t i = 0; i < vecPos - 2; ++i)
        merged.push_back({i});
      merged.push_back({vecPos - 2, vecPos - 1});
      merged.push_back({vecPos});
      kernel.rhs = tensor::CollapseShapeOp::create(rewriter, loc, kernel.rhs, merged);
    }
  }

  // Output accumulators start from the (blocked) init.
  Value init = op.getDpsInits()[0];
  Type element = getElementTypeOrSelf(init.getType());
  // Before the collapse below adds a use of the init.
  linalg::GenericOp initProducer =
      tiles.fuseEpilogues ? getInitProducer(init) : linalg::GenericOp();
  if (!y.reassociation.empty())
    init = tensor::CollapseShapeOp::create(rewriter, loc, init, y.reassociation);
  Epilogue prologue;
  unsigned viewRank = y.exprs.size();
  // Operands of fused elementwise ops, indexed over the output view: in the
  // blocked layout when they vary along the channel.
  auto blockedOperand = [&](Value tensor, ArrayRef<AffineExpr> viewExprs) -> Epilogue::Operand {
    SmallVector<AffineExpr> exprs(viewExprs);
    if (std::optional<unsigned> p = positionOf(exprs, d(*yChannel))) {
      tensor = packChannels(rewriter, loc, tensor, *p, width);
      exprs.push_back(d(viewRank));
    }
    return {tensor, AffineMap::get(viewRank + 1, 0, exprs, ctx)};
  };
  if (Value fill = getFillValue(op.getDpsInits()[0])) {
    kernel.init = linalg::PackOp::createDestinationTensor(
        rewriter, loc, init, {rewriter.getIndexAttr(width)}, {*yChannel}, {});
    kernel.initValue = fill;
  } else if (linalg::GenericOp producer = initProducer) {
    // The init (a broadcast bias) is computed into the first accumulators:
    // its dimensions are the op's output dimensions, which the view may
    // collapse (unit dimensions index 0).
    auto outShape = cast<RankedTensorType>(op->getResult(0).getType()).getShape();
    SmallVector<AffineExpr> toView(outShape.size(), getAffineConstantExpr(0, ctx));
    if (y.reassociation.empty()) {
      for (unsigned t = 0; t < outShape.size(); ++t)
        toView[t] = d(t);
    } else {
      for (auto [v, group] : llvm::enumerate(y.reassociation)) {
        auto kept = llvm::find_if(group, [&](int64_t t) { return outShape[t] != 1; });
        toView[kept == group.end() ? group.front() : *kept] = d(v);
      }
    }
    prologue.ops.push_back(producer);
    SmallVector<int> inputs;
    for (OpOperand *input : producer.getDpsInputOperands()) {
      SmallVector<AffineExpr> exprs;
      for (AffineExpr e : producer.getMatchingIndexingMap(input).getResults())
        exprs.push_back(e.replaceDims(toView));
      inputs.push_back(prologue.operands.size());
      prologue.operands.push_back(blockedOperand(input->get(), exprs));
    }
    prologue.inputs.push_back(inputs);
    kernel.prologue = &prologue;
    kernel.init = linalg::PackOp::createDestinationTensor(
        rewriter, loc, init, {rewriter.getIndexAttr(width)}, {*yChannel}, {});
  } else {
    kernel.init = packChannels(rewriter, loc, init, *yChannel, width);
  }
  // Elementwise consumers (bias, residual add, ReLU) run on the finished
  // accumulators; their other operands move to the blocked layout (packs
  // that cancel against their producers' unpacks). The kernel then goes
  // where the last of them was, after everything they read.
  SmallVector<linalg::GenericOp> chain;
  if (tiles.fuseEpilogues)
    chain = collectEpilogueChain(y.tensor);
  Epilogue epilogue;
  if (!chain.empty()) {
    rewriter.setInsertionPoint(chain.back());
    epilogue = buildEpilogue(chain, y.tensor, [&](OpOperand *input) {
      auto consumer = cast<linalg::GenericOp>(input->getOwner());
      return blockedOperand(input->get(), consumer.getMatchingIndexingMap(input).getResults());
    });
    kernel.epilogue = &epilogue;
  }
  Value result = winograd ? emitWinogradConv(rewriter, loc, *winograd, kernel)
                          : emitContractionKernel(rewriter, loc, kernel);

  Value unpacked = tensor::EmptyOp::create(rewriter, loc,
                                           tensor::getMixedSizes(rewriter, loc, init), element);
  result = linalg::UnPackOp::create(rewriter, loc, result, unpacked, {*yChannel},
                                    {rewriter.getIndexAttr(width)})
               .getResult();
  if (!chain.empty()) {
    rewriter.replaceOp(chain.back(), result);
    for (linalg::GenericOp consumer : llvm::reverse(ArrayRef(chain).drop_back()))
      rewriter.eraseOp(consumer);
    if (Operation *collapse = y.tensor.getDefiningOp(); collapse && collapse != op)
      rewriter.eraseOp(collapse);
    rewriter.eraseOp(op);
    return success();
  }
  if (!y.reassociation.empty())
    result = tensor::ExpandShapeOp::create(rewriter, loc, op->getResult(0).getType(), result,
                                           y.reassociation);
  rewriter.replaceOp(op, result);
  return success();
}
