//===- Pipelines.cpp - kiln's pass pipelines ------------------------------===//
#include "compiler/Pipelines.h"

#include "codegen/cpu/Passes.h"
#include "codegen/linalg/Passes.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

void mlir::kiln::buildGraphPipeline(OpPassManager &pm) {
  pm.addPass(createInferShapes());
  OpPassManager &func = pm.nest<func::FuncOp>();
  func.addPass(createFoldConstants());
  func.addPass(createDeadCodeElimination());
  pm.addPass(createInferShapes());
}

void mlir::kiln::buildCpuPipeline(OpPassManager &pm, bool stopAtLinalg,
                                   const CpuOptimizations &opts) {
  pm.nest<func::FuncOp>().addPass(createLowerToLinalg());
  if (opts.batchSplit)
    pm.addPass(createSplitBatch());
  OpPassManager &func = pm.nest<func::FuncOp>();
  // Before elementwise fusion, which would fold producers into the bodies.
  if (opts.kernels) {
    TileAndVectorizeOptions kernels;
    kernels.propagateLayouts = opts.layout;
    kernels.fuseEpilogues = opts.fusion;
    kernels.winograd = opts.winograd;
    func.addPass(createTileAndVectorize(kernels));
  }
  if (opts.fusion)
    func.addPass(createFuseElementwise());
  func.addPass(createCanonicalizerPass());
  func.addPass(createCSEPass());
  if (stopAtLinalg)
    return;
  buildCpuLoweringPipeline(pm, opts);
}
