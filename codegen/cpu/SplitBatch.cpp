//===- SplitBatch.cpp - compile a batched model for one image -------------===//
//
// When every image of a batch is computed independently of the others, the
// function is rewritten to compute one image (the batch dimension of every
// value derived from the inputs becomes 1) and the module records the batch
// size in `kiln.batch_split`. The runtime then calls the function once per
// image: one image's activations stay in L2 where the whole batch's do not,
// and with several threads whole images run side by side, with no
// synchronization inside a run.
//
// The proof is a walk over the function in order. Arguments carry the batch
// in dimension 0; a value computed from batched values carries it in the
// dimension its op maps the batch to:
//   - a linalg op: every batched operand indexes its batch dimension by the
//     same parallel loop `d`, no other operand depends on `d`, no body reads
//     `linalg.index d` or a batched value from above, and each init indexes
//     `d` as a plain dimension (an init that is a tensor.empty, or a fill of
//     one, is the same for every image and gets batched too);
//   - expand_shape/collapse_shape whose batch group is otherwise unit dims,
//     pads and slices that leave the batch dimension whole, tensor.cast;
//   - every result batched in dimension 0.
// Any other use of a batched value (a reduction over the batch, a reshape
// mixing it, a gather from it) leaves the function unchanged. So does a
// function whose contractions have fewer than `min-rows` output rows per
// image (an MLP at batch 8: one row per image is a matrix-vector product
// that loses the batch's reuse of the weights).
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_SPLITBATCH
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// Batched values and the dimension that holds their batch.
class BatchAnalysis {
public:
  explicit BatchAnalysis(int64_t batch) : batch(batch) {}

  /// Runs the walk to a fixed point (a lazily batched init can make an op
  /// seen before it batched); the reason on failure.
  LogicalResult run(func::FuncOp func, std::string &reason);

  const DenseMap<Value, unsigned> &positions() const { return pos; }
  const DenseMap<Value, unsigned> &outerPositions() const { return outer; }

private:
  LogicalResult mark(Value v, unsigned dim);
  LogicalResult markOuter(Value v, unsigned dim);
  LogicalResult record(DenseMap<Value, unsigned> &into, Value v, unsigned dim);
  LogicalResult visitReshape(Operation *op, Value src, Value result,
                             ArrayRef<ReassociationIndices> groups, bool expanding);
  bool isBatched(Value v) const { return pos.contains(v) || outer.contains(v); }
  LogicalResult markUniform(Value v, unsigned dim);
  LogicalResult visit(Operation *op);
  LogicalResult visitLinalg(linalg::LinalgOp op);
  std::optional<unsigned> batchOf(Value v) const {
    auto it = pos.find(v);
    return it == pos.end() ? std::nullopt : std::optional<unsigned>(it->second);
  }
  LogicalResult fail(Operation *op, const Twine &why) {
    reason = (op->getName().getStringRef() + ": " + why).str();
    return failure();
  }

  int64_t batch;
  DenseMap<Value, unsigned> pos;
  /// Values whose dimension holds the batch as its outermost factor, with
  /// the image's own dims inside (a flattened batch): a reshape restores it.
  DenseMap<Value, unsigned> outer;
  bool changed = false;
  std::string reason;
};

LogicalResult BatchAnalysis::record(DenseMap<Value, unsigned> &into, Value v, unsigned dim) {
  DenseMap<Value, unsigned> &other = &into == &pos ? outer : pos;
  auto [it, inserted] = into.try_emplace(v, dim);
  if ((!inserted && it->second != dim) || other.contains(v)) {
    reason = "a value carries the batch in two ways";
    return failure();
  }
  changed |= inserted;
  return success();
}

LogicalResult BatchAnalysis::mark(Value v, unsigned dim) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || dim >= type.getRank() || type.getDimSize(dim) != batch) {
    reason = "a value's batch dimension is not the static batch size";
    return failure();
  }
  return record(pos, v, dim);
}

LogicalResult BatchAnalysis::markOuter(Value v, unsigned dim) {
  int64_t size = cast<RankedTensorType>(v.getType()).getDimSize(dim);
  if (ShapedType::isDynamic(size) || size % batch != 0) {
    reason = "a flattened batch dimension is not a static multiple of the batch";
    return failure();
  }
  return record(outer, v, dim);
}

/// Whether `op`'s body uses the index of loop `dim`.
static bool readsLoopIndex(linalg::LinalgOp op, unsigned dim) {
  bool reads = false;
  op->walk([&](linalg::IndexOp index) { reads |= index.getDim() == dim && !index->use_empty(); });
  return reads;
}

/// `v` holds the same data for every image (an empty tensor, a fill, a
/// broadcast bias): batched along `dim` it stays correct.
LogicalResult BatchAnalysis::markUniform(Value v, unsigned dim) {
  if (batchOf(v) == dim)
    return success();
  Operation *def = v.getDefiningOp();
  if (isa_and_nonnull<tensor::EmptyOp>(def))
    return mark(v, dim);
  auto op = dyn_cast_or_null<linalg::LinalgOp>(def);
  if (!op || !op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
      llvm::any_of(op->getOperands(), [&](Value operand) { return isBatched(operand); })) {
    reason = "an init of a batched op is computed for the whole batch";
    if (def)
      reason += " (by " + def->getName().getStringRef().str() + ")";
    return failure();
  }
  // The result's `dim` runs along a loop that no input reads.
  auto loop = dyn_cast<AffineDimExpr>(op.getIndexingMapMatchingResult(cast<OpResult>(v)).getResult(dim));
  bool readsLoop = false;
  if (loop) {
    for (OpOperand *input : op.getDpsInputOperands())
      readsLoop |= op.getMatchingIndexingMap(input).isFunctionOfDim(loop.getPosition());
    readsLoop |= readsLoopIndex(op, loop.getPosition());
  }
  if (!loop || readsLoop) {
    reason = "an init of a batched op varies along the batch";
    return failure();
  }
  if (failed(markUniform(op.getDpsInits()[0], dim)))
    return failure();
  return mark(v, dim);
}

/// Whether a region of `op` reads a batched value defined outside it.
static bool capturesBatched(Operation *op, function_ref<bool(Value)> isBatched) {
  bool found = false;
  for (Region &region : op->getRegions())
    region.walk([&](Operation *inner) {
      for (Value operand : inner->getOperands())
        if (isBatched(operand) && !op->isAncestor(operand.getParentBlock()->getParentOp()))
          found = true;
    });
  return found;
}

LogicalResult BatchAnalysis::visitLinalg(linalg::LinalgOp op) {
  std::optional<unsigned> loop;
  for (OpOperand &operand : op->getOpOperands()) {
    if (outer.contains(operand.get()))
      return fail(op, "reads a flattened batch");
    std::optional<unsigned> at = batchOf(operand.get());
    if (!at)
      continue;
    AffineMap map = op.getMatchingIndexingMap(&operand);
    auto dim = dyn_cast<AffineDimExpr>(map.getResult(*at));
    if (!dim)
      return fail(op, "the batch dimension is indexed by an expression");
    if (loop && *loop != dim.getPosition())
      return fail(op, "operands carry the batch in different loops");
    loop = dim.getPosition();
  }
  if (!loop)
    return success();
  if (!op.hasPureTensorSemantics())
    return fail(op, "writes a buffer");
  if (op.getIteratorTypesArray()[*loop] != utils::IteratorType::parallel)
    return fail(op, "reduces over the batch");
  if (readsLoopIndex(op, *loop))
    return fail(op, "reads the batch index");
  AffineExpr d = getAffineDimExpr(*loop, op.getContext());
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    std::optional<unsigned> at = batchOf(input->get());
    unsigned uses = llvm::count_if(map.getResults(),
                                   [&](AffineExpr e) { return e.isFunctionOfDim(*loop); });
    if (at ? uses != 1 : uses != 0)
      return fail(op, at ? "indexes the batch loop twice"
                         : "reads a tensor along the batch that is not per image");
  }
  for (OpOperand &init : op.getDpsInitsMutable()) {
    std::optional<unsigned> at = op.getMatchingIndexingMap(&init).getResultPosition(d);
    if (!at)
      return fail(op, "an init does not index the batch loop");
    if (failed(markUniform(init.get(), *at)))
      return failure();
    if (failed(mark(op->getResult(init.getOperandNumber() - op.getNumDpsInputs()), *at)))
      return failure();
  }
  return success();
}

/// Row-major reshapes keep each image's elements contiguous when the batch
/// stays the outermost factor of its group: a collapse merging it with the
/// dims inside it flattens the batch, an expand whose group starts with the
/// batch size restores it; unit dims may come and go around it.
LogicalResult BatchAnalysis::visitReshape(Operation *op, Value src, Value result,
                                          ArrayRef<ReassociationIndices> groups,
                                          bool expanding) {
  auto srcShape = cast<RankedTensorType>(src.getType()).getShape();
  auto resultShape = cast<RankedTensorType>(result.getType()).getShape();
  bool flat = outer.contains(src);
  unsigned at = flat ? outer.lookup(src) : pos.lookup(src);
  for (auto [index, group] : llvm::enumerate(groups)) {
    if (expanding ? index != at : !llvm::is_contained(group, (int64_t)at))
      continue;
    ArrayRef<int64_t> shape = expanding ? resultShape : srcShape;
    auto nonUnit = llvm::make_filter_range(group, [&](int64_t g) { return shape[g] != 1; });
    if (!expanding) {
      // The batch must come first among the group's non-unit dims.
      if (nonUnit.empty() || *nonUnit.begin() != at)
        return fail(op, "moves the batch inside other dimensions");
      bool alone = std::next(nonUnit.begin()) == nonUnit.end();
      return alone && !flat ? mark(result, index) : markOuter(result, index);
    }
    if (nonUnit.empty())
      return fail(op, "drops the batch dimension");
    int64_t first = *nonUnit.begin();
    bool alone = std::next(nonUnit.begin()) == nonUnit.end();
    if (flat && shape[first] == batch)
      return mark(result, first);
    if (flat)
      return markOuter(result, first);
    if (!alone || shape[first] != batch)
      return fail(op, "mixes the batch dimension with others");
    return mark(result, first);
  }
  return fail(op, "has no group for the batch dimension");
}

LogicalResult BatchAnalysis::visit(Operation *op) {
  if (capturesBatched(op, [&](Value v) { return isBatched(v); }))
    return fail(op, "a region reads a batched value");
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
    return visitLinalg(linalgOp);
  if (auto ret = dyn_cast<func::ReturnOp>(op)) {
    for (Value v : ret.getOperands())
      if (batchOf(v) != 0u)
        return fail(op, "a result is not computed per image in dimension 0");
    return success();
  }
  bool batchedOperand = llvm::any_of(op->getOperands(), [&](Value v) { return isBatched(v); });
  if (!batchedOperand)
    return success();
  if (auto cast = dyn_cast<tensor::CastOp>(op); cast && batchOf(cast.getSource()))
    return mark(cast.getResult(), *batchOf(cast.getSource()));
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op))
    return visitReshape(op, expand.getSrc(), expand.getResult(),
                        expand.getReassociationIndices(), /*expanding=*/true);
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op))
    return visitReshape(op, collapse.getSrc(), collapse.getResult(),
                        collapse.getReassociationIndices(), /*expanding=*/false);
  if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    std::optional<unsigned> at = batchOf(pad.getSource());
    if (!at || pad.getStaticLow()[*at] != 0 || pad.getStaticHigh()[*at] != 0)
      return fail(op, "pads the batch dimension");
    return mark(pad.getResult(), *at);
  }
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
    std::optional<unsigned> at = batchOf(slice.getSource());
    if (!at || slice.getSourceType().getRank() != slice.getResultType().getRank() ||
        slice.getStaticOffsets()[*at] != 0 || slice.getStaticSizes()[*at] != batch ||
        slice.getStaticStrides()[*at] != 1)
      return fail(op, "slices the batch dimension");
    return mark(slice.getResult(), *at);
  }
  return fail(op, "is not known to compute images independently");
}

LogicalResult BatchAnalysis::run(func::FuncOp func, std::string &why) {
  for (BlockArgument arg : func.getArguments())
    if (failed(mark(arg, 0))) {
      why = "an input does not have the batch as its first dimension";
      return failure();
    }
  for (Type result : func.getResultTypes()) {
    auto type = dyn_cast<RankedTensorType>(result);
    if (!type || type.getRank() == 0 || type.getDimSize(0) != batch) {
      why = "an output does not have the batch as its first dimension";
      return failure();
    }
  }
  do {
    changed = false;
    for (Operation &op : func.getBody().front())
      if (failed(visit(&op))) {
        why = reason;
        return failure();
      }
  } while (changed);
  return success();
}

/// Whether contractions keep at least `minRows` output rows per image:
/// weighted by per-image work, at least 90% of it.
bool keepsRowsPerImage(func::FuncOp func, const DenseMap<Value, unsigned> &pos,
                       int64_t minRows) {
  double rich = 0, total = 0;
  func.walk([&](linalg::LinalgOp op) {
    if (op.getNumReductionLoops() == 0 || op->getNumResults() != 1 ||
        !pos.contains(op->getResult(0)))
      return;
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (llvm::any_of(ranges, ShapedType::isDynamic))
      return;
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    unsigned batchDim = pos.lookup(op->getResult(0));
    double work = 1;
    for (int64_t r : ranges)
      work *= r;
    work /= type.getDimSize(batchDim);
    int64_t rows = 1;
    for (int64_t i = 0; i + 1 < type.getRank(); ++i)
      if (i != batchDim)
        rows *= type.getDimSize(i);
    total += work;
    if (rows >= minRows)
      rich += work;
  });
  return total > 0 && rich >= 0.9 * total;
}

/// Sets the batch dimension of every batched value (and the static sizes
/// ops keep as attributes) to 1.
void rewriteToOneImage(func::FuncOp func, int64_t batch, const DenseMap<Value, unsigned> &pos,
                       const DenseMap<Value, unsigned> &outer) {
  // A batch dimension holds B images, a flattened one B times an image's
  // elements: either way one image is 1/B of it.
  for (const DenseMap<Value, unsigned> *values : {&pos, &outer})
    for (auto [value, dim] : *values) {
      auto type = cast<RankedTensorType>(value.getType());
      SmallVector<int64_t> shape(type.getShape());
      shape[dim] /= batch;
      value.setType(type.clone(shape));
    }
  func.walk([&](Operation *op) {
    if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op)) {
      if (pos.contains(expand.getResult()) || outer.contains(expand.getResult()))
        expand.setStaticOutputShape(expand.getResultType().getShape());
    } else if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
      if (auto it = pos.find(slice.getResult()); it != pos.end()) {
        SmallVector<int64_t> sizes(slice.getStaticSizes());
        sizes[it->second] = 1;
        slice.setStaticSizes(sizes);
      }
    }
  });
  func.setType(FunctionType::get(func.getContext(), func.getBody().getArgumentTypes(),
                                 func.front().getTerminator()->getOperandTypes()));
}

struct SplitBatchPass : kiln::impl::SplitBatchBase<SplitBatchPass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> entries;
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        entries.push_back(func);
    if (entries.size() != 1 || entries[0].getNumArguments() == 0 ||
        !entries[0].getBody().hasOneBlock())
      return;
    func::FuncOp func = entries[0];
    auto first = dyn_cast<RankedTensorType>(func.getArgumentTypes()[0]);
    if (!first || first.getRank() == 0 || first.isDynamicDim(0) || first.getDimSize(0) < 2)
      return;
    BatchAnalysis analysis(first.getDimSize(0));
    std::string reason;
    if (failed(analysis.run(func, reason))) {
      if (remarks)
        func.emitRemark("batch not split: ") << reason;
      return;
    }
    if (!keepsRowsPerImage(func, analysis.positions(), minRows)) {
      if (remarks)
        func.emitRemark("batch not split: contractions have fewer than ")
            << static_cast<int64_t>(minRows) << " rows per image";
      return;
    }
    rewriteToOneImage(func, first.getDimSize(0), analysis.positions(),
                      analysis.outerPositions());
    module->setAttr(kiln::kBatchSplitAttr,
                    Builder(module.getContext()).getI64IntegerAttr(first.getDimSize(0)));
  }
};

} // namespace
