//===- Pipelines.h - kiln's pass pipelines ----------------------*- C++ -*-===//
#ifndef KILN_COMPILER_PIPELINES_H
#define KILN_COMPILER_PIPELINES_H

#include "codegen/cpu/Passes.h"

namespace mlir::kiln {

/// Graph-level cleanup on kiln ops: shape inference, folding, DCE.
void buildGraphPipeline(OpPassManager &pm);

/// kiln ops to the LLVM dialect for the CPU.
void buildCpuPipeline(OpPassManager &pm, bool stopAtLinalg,
                      const CpuOptimizations &opts = {});

} // namespace mlir::kiln

#endif // KILN_COMPILER_PIPELINES_H
