//===- CheckOutputShapes.cpp - kiln-cpu-check-output-shapes ---------------===//
//
// A caller sizes the buffers of dynamically shaped outputs before the run;
// the model only learns the real shapes while running. Copying into a buffer
// of the wrong size would write out of bounds, so the copy is guarded and a
// mismatch is reported through the status argument.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_CHECKOUTPUTSHAPES
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
struct CheckOutputShapesPass
    : kiln::impl::CheckOutputShapesBase<CheckOutputShapesPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func.isPublic() || func.isExternal())
        continue;
      unsigned numArgs = func.getNumArguments();
      unsigned firstOut = firstOutput(func);
      auto statusType = MemRefType::get({}, IntegerType::get(&getContext(), 32));
      if (failed(func.insertArgument(numArgs, statusType, {}, func.getLoc())))
        return signalPassFailure();
      Value status = func.getArgument(numArgs);

      SmallVector<memref::CopyOp> copies;
      func.walk([&](memref::CopyOp copy) {
        auto arg = dyn_cast<BlockArgument>(copy.getTarget());
        auto type = dyn_cast<MemRefType>(copy.getTarget().getType());
        if (arg && arg.getOwner()->isEntryBlock() && arg.getArgNumber() >= firstOut &&
            arg.getArgNumber() < numArgs && type && !type.hasStaticShape())
          copies.push_back(copy);
      });
      for (memref::CopyOp copy : copies)
        guard(copy, status, cast<BlockArgument>(copy.getTarget()).getArgNumber() - firstOut);
    }
  }

  /// Index of the first out-param, which buffer-results-to-out-params
  /// (add-result-attr=1) marks with `bufferize.result`.
  static unsigned firstOutput(func::FuncOp func) {
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (func.getArgAttr(i, "bufferize.result"))
        return i;
    return func.getNumArguments();
  }

  static void guard(memref::CopyOp copy, Value status, unsigned outputIndex) {
    OpBuilder b(copy);
    Location loc = copy.getLoc();
    auto type = cast<MemRefType>(copy.getTarget().getType());
    Value same = arith::ConstantIntOp::create(b, loc, 1, 1);
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d))
        continue;
      Value want = memref::DimOp::create(b, loc, copy.getSource(), d);
      Value have = memref::DimOp::create(b, loc, copy.getTarget(), d);
      Value eq = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, want, have);
      same = arith::AndIOp::create(b, loc, same, eq);
    }
    auto ifOp = scf::IfOp::create(b, loc, same, /*withElseRegion=*/true);
    copy->moveBefore(ifOp.thenBlock()->getTerminator());
    OpBuilder e = ifOp.getElseBodyBuilder();
    Value code = arith::ConstantIntOp::create(e, loc, 1 + outputIndex, 32);
    memref::StoreOp::create(e, loc, code, status, ValueRange{});
  }
};
} // namespace
