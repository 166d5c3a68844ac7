//===- TileAndVectorize.cpp - kiln-cpu-tile-and-vectorize -----------------===//
//
// Rewrites f32 contractions on tensors into register-blocked vector loop
// nests (MicroKernel.h) over data-tiled operands:
//
//  1. matmul-like ops (MatmulKernels.cpp) and convolutions (ConvKernels.cpp)
//     become micro-kernel loops; constant weights are repacked at compile
//     time, convolution activations move to the blocked layout through
//     linalg.pack / linalg.unpack;
//  2. data-layout propagation moves those packs and unpacks through the
//     elementwise ops and pads between convolutions, where unpack/pack pairs
//     cancel, so activations stay blocked from one convolution to the next;
//  3. the remaining packs and unpacks become relayout copies (Relayout.h).
//
// Ops that do not fit are left for the loop lowering.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/KernelRewrites.h"
#include "codegen/cpu/Passes.h"
#include "codegen/cpu/Relayout.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_TILEANDVECTORIZE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

bool mlir::kiln::isMulAddContraction(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op->getNumResults() != 1)
    return false;
  auto isF32 = [](Value v) { return getElementTypeOrSelf(v.getType()).isF32(); };
  if (!llvm::all_of(op->getOperands(), isF32))
    return false;
  Block *body = op.getBlock();
  if (body->getOperations().size() != 3 || body->getNumArguments() != 3)
    return false;
  auto add = body->getTerminator()->getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value out = body->getArgument(2);
  Value product = add.getLhs() == out   ? add.getRhs()
                  : add.getRhs() == out ? add.getLhs()
                                        : Value();
  auto mul = product ? product.getDefiningOp<arith::MulFOp>() : nullptr;
  if (!mul)
    return false;
  Value a = body->getArgument(0), b = body->getArgument(1);
  return (mul.getLhs() == a && mul.getRhs() == b) || (mul.getLhs() == b && mul.getRhs() == a);
}

int64_t mlir::kiln::kernelVectorWidth(int64_t extent) {
  return extent % 32 == 0 || extent > 64 ? 32 : 16;
}

SmallVector<Value> mlir::kiln::loopExtents(OpBuilder &b, Location loc, linalg::LinalgOp op) {
  SmallVector<Value> extents;
  for (Range range : op.createLoopRanges(b, loc))
    extents.push_back(getValueOrCreateConstantIndexOp(b, loc, range.size));
  return extents;
}

SmallVector<bool> mlir::kiln::reductionFlagsWithVector(linalg::LinalgOp op) {
  SmallVector<bool> flags;
  for (utils::IteratorType t : op.getIteratorTypesArray())
    flags.push_back(t == utils::IteratorType::reduction);
  flags.push_back(false);
  return flags;
}

/// Ops whose body vectorizes op by op: arith and math ops, one result each.
static bool hasElementwiseBody(linalg::GenericOp op) {
  return llvm::all_of(op.getBody()->without_terminator(), [](Operation &inner) {
    return inner.getNumRegions() == 0 && inner.getNumResults() == 1 &&
           isa<arith::ArithDialect, math::MathDialect>(inner.getDialect());
  });
}

static bool hasPermutationInputs(linalg::GenericOp op) {
  return llvm::all_of(op.getDpsInputOperands(), [&](OpOperand *input) {
    return op.getMatchingIndexingMap(input).isProjectedPermutation(/*allowZeroInResults=*/true);
  });
}

/// True for an all-parallel generic on tensors with one result whose inputs
/// are read through projected permutations and whose body vectorizes op by
/// op.
static bool isElementwiseGeneric(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  return generic && generic.hasPureTensorSemantics() &&
         generic.getNumParallelLoops() == generic.getNumLoops() && generic->getNumResults() == 1 &&
         hasPermutationInputs(generic) && hasElementwiseBody(generic);
}

/// Its one init is written through the identity map and never read.
static bool writesInitOnly(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1)
    return false;
  OpOperand *init = op.getDpsInitOperand(0);
  return op.getMatchingIndexingMap(init).isIdentity() &&
         op.getMatchingBlockArgument(init).use_empty();
}

linalg::GenericOp mlir::kiln::getInitProducer(Value init) {
  auto producer = init.getDefiningOp<linalg::GenericOp>();
  if (!init.hasOneUse() || !isElementwiseGeneric(producer) || !writesInitOnly(producer))
    return {};
  return producer;
}

SmallVector<linalg::GenericOp> mlir::kiln::collectEpilogueChain(Value value) {
  SmallVector<linalg::GenericOp> chain;
  while (value.hasOneUse()) {
    OpOperand &use = *value.getUses().begin();
    auto consumer = dyn_cast<linalg::GenericOp>(use.getOwner());
    if (!isElementwiseGeneric(consumer) || !writesInitOnly(consumer) ||
        !consumer.isDpsInput(&use) || consumer->getResult(0).getType() != value.getType() ||
        !consumer.getMatchingIndexingMap(&use).isIdentity())
      break;
    chain.push_back(consumer);
    value = consumer->getResult(0);
  }
  return chain;
}

Epilogue mlir::kiln::buildEpilogue(ArrayRef<linalg::GenericOp> chain, Value previous,
                                   function_ref<Epilogue::Operand(OpOperand *)> operandOf) {
  Epilogue epilogue;
  for (linalg::GenericOp consumer : chain) {
    epilogue.ops.push_back(consumer);
    SmallVector<int> inputs;
    for (OpOperand *input : consumer.getDpsInputOperands()) {
      if (input->get() == previous) {
        inputs.push_back(-1);
        continue;
      }
      inputs.push_back(epilogue.operands.size());
      epilogue.operands.push_back(operandOf(input));
    }
    epilogue.inputs.push_back(inputs);
    previous = consumer->getResult(0);
  }
  return epilogue;
}

namespace {

/// pack(unpack(x)) where the channels do not fill the last block (24 in
/// blocks of 16): the pair does not cancel, since the pack zeroes the
/// padding lanes that x may hold anything in, and it would run as an
/// unpack, a copy into a zeroed buffer and a pack, transposing scalars.
/// x with its padding lanes set to the padding value is the same tensor in
/// one vector pass. A collapse of unit dimensions between the two (the
/// group dimension of a convolution's result) moves onto x.
struct PadLanesOfUnpackPack : OpRewritePattern<linalg::PackOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::PackOp pack, PatternRewriter &rewriter) const override {
    auto collapse = pack.getSource().getDefiningOp<tensor::CollapseShapeOp>();
    auto unpack = (collapse ? collapse.getSrc() : pack.getSource()).getDefiningOp<linalg::UnPackOp>();
    if (!unpack || !pack.getPaddingValue())
      return rewriter.notifyMatchFailure(pack, "not a padded pack of an unpack");
    if (pack.getInnerDimsPos().size() != 1 || unpack.getInnerDimsPos().size() != 1 ||
        !pack.getOuterDimsPerm().empty() || !unpack.getOuterDimsPerm().empty() ||
        pack.getStaticInnerTiles() != unpack.getStaticInnerTiles() ||
        ShapedType::isDynamic(pack.getStaticInnerTiles()[0]))
      return rewriter.notifyMatchFailure(pack, "tiles or layouts differ, or are dynamic");
    int64_t dim = pack.getInnerDimsPos()[0], tile = pack.getStaticInnerTiles()[0];
    int64_t size = pack.getSourceType().getDimSize(dim);
    if (ShapedType::isDynamic(size))
      return rewriter.notifyMatchFailure(pack, "dynamic packed dimension");
    Location loc = pack.getLoc();
    Value x = unpack.getSource();
    if (collapse) {
      // The unpacked dimension's group may only add unit dimensions; the
      // lanes of x stay a group of their own.
      SmallVector<ReassociationIndices> groups = collapse.getReassociationIndices();
      int64_t unpacked = unpack.getInnerDimsPos()[0];
      if (dim >= static_cast<int64_t>(groups.size()) ||
          !llvm::is_contained(groups[dim], unpacked) ||
          llvm::any_of(groups[dim], [&](int64_t d) {
            return d != unpacked && collapse.getSrcType().getDimSize(d) != 1;
          }))
        return rewriter.notifyMatchFailure(pack, "the collapse merges the packed dimension");
      groups.push_back({collapse.getSrcType().getRank()});
      x = tensor::CollapseShapeOp::create(rewriter, loc, x, groups);
    } else if (unpack.getInnerDimsPos()[0] != dim) {
      return rewriter.notifyMatchFailure(pack, "packs another dimension");
    }
    auto type = cast<RankedTensorType>(x.getType());
    if (type != pack.getDestType())
      return rewriter.notifyMatchFailure(pack, "the blocked types differ");
    unsigned rank = type.getRank();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(), type.getElementType());
    Value padding = pack.getPaddingValue();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{x}, ValueRange{empty},
        ArrayRef<AffineMap>{identity, identity},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value block = linalg::IndexOp::create(b, l, dim);
          Value lane = linalg::IndexOp::create(b, l, rank - 1);
          Value channel = arith::AddIOp::create(
              b, l, arith::MulIOp::create(b, l, block, arith::ConstantIndexOp::create(b, l, tile)),
              lane);
          Value inside = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, channel,
                                               arith::ConstantIndexOp::create(b, l, size));
          linalg::YieldOp::create(b, l,
                                  ValueRange{arith::SelectOp::create(b, l, inside, args[0], padding)});
        });
    rewriter.replaceOp(pack, generic->getResults());
    return success();
  }
};

/// Moves packs up and unpacks down through the ops between kernels and
/// folds the unpack/pack pairs that meet.
LogicalResult propagateDataLayouts(Operation *root) {
  MLIRContext *ctx = root->getContext();
  RewritePatternSet patterns(ctx);
  linalg::populateDataLayoutPropagationPatterns(patterns, [](OpOperand *) { return true; });
  linalg::PackOp::getCanonicalizationPatterns(patterns, ctx);
  linalg::UnPackOp::getCanonicalizationPatterns(patterns, ctx);
  linalg::FillOp::getCanonicalizationPatterns(patterns, ctx);
  tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
  tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
  tensor::EmptyOp::getCanonicalizationPatterns(patterns, ctx);
  tensor::PadOp::getCanonicalizationPatterns(patterns, ctx);
  patterns.add<PadLanesOfUnpackPack>(ctx);
  return applyPatternsGreedily(root, std::move(patterns));
}

/// Fuses chains of elementwise generics into one (SiLU's sigmoid and
/// multiply, GELU's five ops), so that a kernel's epilogue chain sees one
/// consumer with one use of the kernel's result instead of a fork.
/// Contractions are left alone: an elementwise producer folded into one
/// would no longer be a multiply-add.
LogicalResult fuseElementwiseChains(Operation *root) {
  RewritePatternSet patterns(root->getContext());
  populateElementwiseFusionPatterns(patterns, [](OpOperand *fused) {
    return isElementwiseGeneric(fused->get().getDefiningOp()) &&
           isElementwiseGeneric(fused->getOwner());
  });
  return applyPatternsGreedily(root, std::move(patterns));
}

struct TileAndVectorizePass : kiln::impl::TileAndVectorizeBase<TileAndVectorizePass> {
  using Base::Base;
  void runOnOperation() override {
    KernelTileSizes tiles{matmulRows, matmulColumnBlock,    matmulReductionBlock,
                          convRows,   convFilterBlockBytes, l2CacheBytes,
                          fuseEpilogues, winograd};
    if (tiles.matmulRows < 1 || tiles.convRows < 1 || tiles.columnBlock < 1 ||
        tiles.reductionBlock < 1 || tiles.filterBlockBytes < 1 || tiles.l2Bytes < 1) {
      getOperation()->emitError("kiln-cpu-tile-and-vectorize: tile sizes must be positive");
      return signalPassFailure();
    }
    if (fuseEpilogues && failed(fuseElementwiseChains(getOperation())))
      return signalPassFailure();
    SmallVector<linalg::LinalgOp> candidates;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (isMulAddContraction(op))
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    bool packed = false;
    for (linalg::LinalgOp op : candidates) {
      if (succeeded(rewriteConv(rewriter, op, tiles)))
        packed = true;
      else
        (void)rewriteMatmul(rewriter, op, tiles);
    }
    if (!packed)
      return;
    if (propagateLayouts && failed(propagateDataLayouts(getOperation())))
      return signalPassFailure();
    if (failed(lowerPacksToRelayouts(getOperation())))
      return signalPassFailure();
    // Padded kernel inputs: a fill of the padded buffer plus an insert of
    // the interior, so that empty-tensor elimination can let the producing
    // kernel write the interior in place instead of a copy.
    RewritePatternSet pads(&getContext());
    linalg::populateDecomposePadPatterns(pads);
    if (failed(applyPatternsGreedily(getOperation(), std::move(pads))))
      return signalPassFailure();
  }
};

} // namespace
