//===- InferShapes.cpp - kiln-infer-shapes --------------------------------===//
#include "dialects/kiln/KilnOps.h"
#include "dialects/kiln/ShapeUtils.h"
#include "passes/Passes.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_INFERSHAPES
#include "passes/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// Replaces same_* padding by explicit pads once the input's spatial dims
/// are static (the pads do not depend on batch or channels).
template <typename OpTy>
static void resolvePads(OpTy op, ArrayRef<int64_t> kernel,
                        ArrayRef<int64_t> dilations) {
  auto input = dyn_cast<RankedTensorType>(op.getInput().getType());
  if (op.getPadMode() == "explicit" || !input || input.getRank() < 3 ||
      llvm::any_of(input.getShape().drop_front(2), ShapedType::isDynamic))
    return;
  SmallVector<int64_t> pads = samePads(input.getShape().drop_front(2), kernel,
                                       op.getStrides(), dilations, op.getPadMode());
  Builder b(op.getContext());
  op.setPadsAttr(b.getDenseI64ArrayAttr(pads));
  op.setPadModeAttr(b.getStringAttr("explicit"));
}

LogicalResult mlir::kiln::inferShapes(func::FuncOp func, bool updateSignature) {
  WalkResult result = func.walk([](Operation *op) {
    if (auto conv = dyn_cast<ConvOp>(op)) {
      if (auto weight = dyn_cast<RankedTensorType>(conv.getWeight().getType()))
        resolvePads(conv, weight.getShape().drop_front(2), conv.getDilations());
    } else if (auto pool = dyn_cast<MaxPoolOp>(op)) {
      resolvePads(pool, pool.getKernel(), pool.getDilations());
    } else if (auto pool = dyn_cast<AvgPoolOp>(op)) {
      resolvePads(pool, pool.getKernel(),
                  SmallVector<int64_t>(pool.getKernel().size(), 1));
    }
    if (failed(inferAndSetResultType(op))) {
      op->emitOpError("operand types are inconsistent: ") << op->getOperandTypes();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (result.wasInterrupted())
    return failure();
  if (func.isExternal())
    return success();
  Operation *terminator = func.getBody().back().getTerminator();
  if (updateSignature) {
    func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                   terminator->getOperandTypes()));
    return success();
  }
  OpBuilder b(terminator);
  for (auto [operand, declared] :
       llvm::zip(terminator->getOpOperands(), func.getResultTypes())) {
    if (operand.get().getType() != declared)
      operand.set(tensor::CastOp::create(b, terminator->getLoc(), declared, operand.get()));
  }
  return success();
}

namespace {
struct InferShapesPass : kiln::impl::InferShapesBase<InferShapesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : module.getOps<func::FuncOp>()) {
      bool called = !SymbolTable::symbolKnownUseEmpty(func, module);
      if (failed(inferShapes(func, /*updateSignature=*/!called)))
        return signalPassFailure();
    }
  }
};
} // namespace
