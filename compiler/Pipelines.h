//===- Pipelines.h - kiln's pass pipelines ----------------------*- C++ -*-===//
#ifndef KILN_COMPILER_PIPELINES_H
#define KILN_COMPILER_PIPELINES_H

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace mlir::kiln {

/// Graph-level cleanup on kiln ops: shape inference, folding, DCE.
void buildGraphPipeline(OpPassManager &pm);

/// kiln ops to the LLVM dialect for the CPU.
void buildCpuPipeline(OpPassManager &pm, bool stopAtLinalg);

} // namespace mlir::kiln

#endif // KILN_COMPILER_PIPELINES_H
