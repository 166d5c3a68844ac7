//===- MatmulKernels.cpp - matmuls as packed-panel micro-kernels ----------===//
//
// C[.., m, n] += A[.., m, k] * B[.., k, n] computes as
//
//   Bp = B packed into column panels [.., n1, k, n0]   (constant-folded,
//                                                        zero padded)
//   C[.., m, n1 * n0 + lane] += A[.., m, k] * Bp[.., n1, k, lane]
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

using namespace mlir;
using namespace mlir::kiln;

namespace {

unsigned dimPos(AffineExpr e) { return cast<AffineDimExpr>(e).getPosition(); }

} // namespace

LogicalResult mlir::kiln::rewriteMatmul(RewriterBase &rewriter, linalg::LinalgOp op,
                                        const KernelTileSizes &tiles) {
  if (!linalg::isaContractionOpInterface(op))
    return failure();
  FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.empty() || dims->n.empty() || dims->k.size() != 1)
    return rewriter.notifyMatchFailure(op, "needs m and n dimensions and one k dimension");
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  AffineMap outMap = maps[2];
  // With several m (or n) dimensions, as in [b, s, k] x [k, n] where b and
  // s both index only the lhs, the one nearest the output's innermost
  // dimension is m (or n) and the others loop around the kernel like batch
  // dimensions.
  auto innermost = [&](ArrayRef<unsigned> candidates) {
    std::optional<unsigned> pos;
    unsigned best = candidates.front();
    for (unsigned c : candidates) {
      std::optional<unsigned> at = outMap.getResultPosition(d(c));
      if (at && (!pos || *at > *pos)) {
        pos = at;
        best = c;
      }
    }
    return best;
  };
  if (dims->n.size() > 1 && dims->m.size() > 1)
    return rewriter.notifyMatchFailure(op, "several m and several n dimensions");
  unsigned m = innermost(dims->m), n = innermost(dims->n), k = dims->k[0];
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
  // The output is written in place, column panel n1 at n1 * width; the
  // last panel's accesses are masked when the width does not divide n.
  SmallVector<AffineExpr> outExprs(outMap.getResults());
  outExprs.back() = d(n) * width + d(vec);
  kernel.outMap = AffineMap::get(numLoops + 1, 0, outExprs, ctx);
  kernel.outputInBounds = blocks * width == columns;
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

  kernel.init = op.getDpsInits()[0];
  if (Value fill = getFillValue(kernel.init)) {
    // Accumulators start from the fill value; the output needs no memset.
    kernel.initValue = fill;
    kernel.init = tensor::EmptyOp::create(rewriter, loc,
                                          tensor::getMixedSizes(rewriter, loc, kernel.init),
                                          getElementTypeOrSelf(kernel.init.getType()));
  }

  // Elementwise consumers (bias, activation) run on the finished
  // accumulators, reading their other operands in the output's layout: a
  // vector where they run along n (contiguously), a broadcast scalar where
  // they do not use n. The kernel goes where the last of them was.
  SmallVector<linalg::GenericOp> chain;
  if (tiles.fuseEpilogues)
    chain = collectEpilogueChain(op->getResult(0));
  unsigned outRank = outMap.getNumResults();
  AffineExpr lanes = d(outRank - 1);
  auto fitsLanes = [&](linalg::GenericOp consumer) {
    return llvm::all_of(consumer.getDpsInputOperands(), [&](OpOperand *input) {
      ArrayRef<AffineExpr> results = consumer.getMatchingIndexingMap(input).getResults();
      return !llvm::is_contained(results, lanes) || results.back() == lanes;
    });
  };
  chain.erase(llvm::find_if(chain, [&](linalg::GenericOp c) { return !fitsLanes(c); }),
              chain.end());
  Epilogue epilogue;
  if (!chain.empty()) {
    epilogue = buildEpilogue(chain, op->getResult(0), [&](OpOperand *input) {
      auto consumer = cast<linalg::GenericOp>(input->getOwner());
      return Epilogue::Operand{input->get(), consumer.getMatchingIndexingMap(input)};
    });
    kernel.epilogue = &epilogue;
    rewriter.setInsertionPoint(chain.back());
  }
  Value result = emitContractionKernel(rewriter, loc, kernel);
  if (chain.empty()) {
    rewriter.replaceOp(op, result);
    return success();
  }
  rewriter.replaceOp(chain.back(), result);
  for (linalg::GenericOp consumer : llvm::reverse(ArrayRef(chain).drop_back()))
    rewriter.eraseOp(consumer);
  rewriter.eraseOp(op);
  return success();
}

