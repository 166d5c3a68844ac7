//===- SplitEmptyTensors.cpp - kiln-cpu-split-empty-tensors ---------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/IR/IRMapping.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_SPLITEMPTYTENSORS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
struct SplitEmptyTensorsPass : kiln::impl::SplitEmptyTensorsBase<SplitEmptyTensorsPass> {
  void runOnOperation() override {
    // A fill of an empty tensor shared by several users (CSE merges the
    // padded buffers of same-shaped layers) likewise gets one per user, so
    // that each padded interior can be written in place.
    SmallVector<linalg::FillOp> sharedFills;
    getOperation()->walk([&](linalg::FillOp op) {
      if (op.hasPureTensorSemantics() && op->getNumResults() == 1 &&
          op.getOutputs()[0].getDefiningOp<tensor::EmptyOp>() && !op->getResult(0).hasOneUse() &&
          !op->getResult(0).use_empty())
        sharedFills.push_back(op);
    });
    for (linalg::FillOp op : sharedFills) {
      for (OpOperand &use : llvm::make_early_inc_range(llvm::drop_begin(op->getResult(0).getUses()))) {
        OpBuilder b(use.getOwner());
        Operation *empty = b.clone(*op.getOutputs()[0].getDefiningOp());
        IRMapping mapping;
        mapping.map(op.getOutputs()[0], empty->getResult(0));
        use.set(b.clone(*op, mapping)->getResult(0));
      }
    }
    SmallVector<tensor::EmptyOp> shared;
    getOperation()->walk([&](tensor::EmptyOp op) {
      if (!op->hasOneUse() && !op->use_empty())
        shared.push_back(op);
    });
    for (tensor::EmptyOp op : shared) {
      // Every use but the first gets its own copy of the op, right before
      // the user (its operands, dynamic sizes, dominate the original).
      for (OpOperand &use : llvm::make_early_inc_range(llvm::drop_begin(op->getUses()))) {
        OpBuilder b(use.getOwner());
        use.set(b.clone(*op)->getResult(0));
      }
    }
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
