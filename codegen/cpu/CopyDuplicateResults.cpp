//===- CopyDuplicateResults.cpp - kiln-cpu-copy-duplicate-results ---------===//
//
// A graph may return one value as several outputs (Split into empty parts,
// Identity chains). After bufferization the function then returns one
// buffer twice, which upstream buffer-results-to-out-params
// {hoist-static-allocs=1} cannot handle: it replaces and erases the alloc
// for the first result and then dereferences it again for the next one
// (a crash in LLVM 22). Giving every repeated result its own buffer and a
// copy makes each result a distinct value.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_COPYDUPLICATERESULTS
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
struct CopyDuplicateResultsPass
    : kiln::impl::CopyDuplicateResultsBase<CopyDuplicateResultsPass> {
  void runOnOperation() override {
    getOperation()->walk([](func::ReturnOp ret) {
      llvm::SmallDenseSet<Value> seen;
      OpBuilder b(ret);
      Location loc = ret.getLoc();
      for (OpOperand &operand : ret->getOpOperands()) {
        Value v = operand.get();
        auto type = dyn_cast<MemRefType>(v.getType());
        // Only identity layouts can be allocated as they are; the
        // bufferization options kiln uses give every result one.
        if (!type || !type.getLayout().isIdentity() || seen.insert(v).second)
          continue;
        SmallVector<Value> dynamicSizes;
        for (auto [i, dim] : llvm::enumerate(type.getShape()))
          if (ShapedType::isDynamic(dim))
            dynamicSizes.push_back(memref::DimOp::create(b, loc, v, i));
        Value copy = memref::AllocOp::create(b, loc, type, dynamicSizes,
                                             b.getI64IntegerAttr(64));
        memref::CopyOp::create(b, loc, v, copy);
        operand.set(copy);
      }
    });
  }
};
} // namespace
