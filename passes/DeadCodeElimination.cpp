//===- DeadCodeElimination.cpp - kiln-dce ---------------------------------===//
#include "passes/Passes.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_DEADCODEELIMINATION
#include "passes/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
struct DeadCodeEliminationPass
    : kiln::impl::DeadCodeEliminationBase<DeadCodeEliminationPass> {
  void runOnOperation() override {
    for (Block &block : getOperation().getBody()) {
      // Reverse order: erasing a user first makes its producers dead too.
      for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
        if (op.use_empty() && isPure(&op) && !op.hasTrait<OpTrait::IsTerminator>())
          op.erase();
    }
  }
};
} // namespace
