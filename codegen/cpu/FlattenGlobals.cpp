//===- FlattenGlobals.cpp - kiln-cpu-flatten-globals ----------------------===//
//
// Multi-dimensional constant globals become nested LLVM arrays, which cost
// LLVM time per innermost row; flat globals read through a view cost none.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_FLATTENGLOBALS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
struct FlattenGlobalsPass : kiln::impl::FlattenGlobalsBase<FlattenGlobalsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::StringMap<MemRefType> flattened; // global name -> original type
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      auto init = dyn_cast_or_null<DenseElementsAttr>(global.getInitialValueAttr());
      if (type.getRank() < 2 || !type.hasStaticShape() || !init ||
          !type.getLayout().isIdentity())
        continue;
      auto flatType = MemRefType::get({type.getNumElements()}, type.getElementType(),
                                      MemRefLayoutAttrInterface(), type.getMemorySpace());
      auto flatInit = init.reshape(RankedTensorType::get({type.getNumElements()},
                                                         init.getElementType()));
      global.setType(flatType);
      global.setInitialValueAttr(flatInit);
      flattened[global.getSymName()] = type;
    }
    if (flattened.empty())
      return;
    module.walk([&](memref::GetGlobalOp get) {
      auto it = flattened.find(get.getName());
      if (it == flattened.end())
        return;
      MemRefType type = it->second;
      OpBuilder b(get);
      auto flatType = MemRefType::get({type.getNumElements()}, type.getElementType(),
                                      MemRefLayoutAttrInterface(), type.getMemorySpace());
      Value flat = memref::GetGlobalOp::create(b, get.getLoc(), flatType, get.getName());
      SmallVector<ReassociationIndices> all = {
          llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()))};
      Value view = memref::ExpandShapeOp::create(b, get.getLoc(), type, flat, all);
      get.replaceAllUsesWith(view);
      get.erase();
    });
  }
};
} // namespace
