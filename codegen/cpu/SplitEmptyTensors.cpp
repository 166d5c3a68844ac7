//===- SplitEmptyTensors.cpp - kiln-cpu-split-empty-tensors ---------------===//
#include "codegen/cpu/Passes.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_SPLITEMPTYTENSORS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// Every use of `op`'s result but the first gets its own copy of `op`,
/// right before the user (its operands dominate the original, so they
/// dominate the copy).
void cloneForEveryOtherUse(Operation *op) {
  for (OpOperand &use : llvm::make_early_inc_range(llvm::drop_begin(op->getResult(0).getUses()))) {
    OpBuilder b(use.getOwner());
    use.set(b.clone(*op)->getResult(0));
  }
}

struct SplitEmptyTensorsPass : kiln::impl::SplitEmptyTensorsBase<SplitEmptyTensorsPass> {
  void runOnOperation() override {
    // A fill of an empty tensor shared by several users (CSE merges the
    // padded buffers of same-shaped layers) likewise gets one per user, so
    // that each padded interior can be written in place. The copies share
    // the empty tensor, which the split below then gives to each.
    SmallVector<Operation *> shared;
    getOperation()->walk([&](linalg::FillOp op) {
      if (op.hasPureTensorSemantics() && op->getNumResults() == 1 &&
          op.getOutputs()[0].getDefiningOp<tensor::EmptyOp>() && !op->getResult(0).hasOneUse() &&
          !op->getResult(0).use_empty())
        shared.push_back(op);
    });
    for (Operation *op : shared)
      cloneForEveryOtherUse(op);
    shared.clear();
    getOperation()->walk([&](tensor::EmptyOp op) {
      if (!op->hasOneUse() && !op->use_empty())
        shared.push_back(op);
    });
    for (Operation *op : shared)
      cloneForEveryOtherUse(op);
    // A loop state updated in place from itself (`materialize %f(%s) in
    // %s`): empty-tensor elimination would make %f write the buffer it
    // reads, which bufferization rejects. The new value goes through a copy.
    getOperation()->walk([&](bufferization::MaterializeInDestinationOp op) {
      Operation *producer = op.getSource().getDefiningOp();
      if (!producer || !llvm::is_contained(producer->getOperands(), op.getDest()))
        return;
      OpBuilder b(op);
      auto type = cast<RankedTensorType>(op.getSource().getType());
      Value init = tensor::EmptyOp::create(
          b, op.getLoc(), tensor::getMixedSizes(b, op.getLoc(), op.getSource()),
          type.getElementType());
      Value copy = linalg::CopyOp::create(b, op.getLoc(), op.getSource(), init).getResult(0);
      op.getSourceMutable().assign(copy);
    });
  }
};
} // namespace
