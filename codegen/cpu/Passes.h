//===- Passes.h - kiln CPU codegen passes -----------------------*- C++ -*-===//
#ifndef KILN_CODEGEN_CPU_PASSES_H
#define KILN_CODEGEN_CPU_PASSES_H

#include "codegen/cpu/CpuOptimizations.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace mlir::kiln {

#define GEN_PASS_DECL
#include "codegen/cpu/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "codegen/cpu/Passes.h.inc"

/// Unit attribute on an scf.for whose iterations are independent (none
/// reads or writes memory another iteration writes): kiln-cpu-parallelize
/// may run them on several threads. Tiling passes set it on the outermost
/// parallel loop they emit; it survives bufferization.
inline constexpr llvm::StringLiteral kParallelLoopAttr = "kiln.parallel";

/// Module attribute kiln-cpu-split-batch sets to the batch size B when it
/// rewrote the entry function to compute one image of B: the runtime calls
/// it once per image.
inline constexpr llvm::StringLiteral kBatchSplitAttr = "kiln.batch_split";

/// Whether folding the producer of `fused` into its consumer (both
/// elementwise generics) saves work: the producer has no other user, and a
/// producer the consumer broadcasts has a cheap body (no math, no division).
bool isProfitableElementwiseFusion(OpOperand *fused);

/// Elementwise fusion under isProfitableElementwiseFusion (and `restrict`,
/// when given), plus the generic canonicalizations that drop the duplicate
/// operands fusion leaves.
void populateElementwiseFusionPatterns(RewritePatternSet &patterns,
                                       const linalg::ControlFusionFn &restrict = nullptr);

/// Padded buffers built as `insert_slice %x into fill(%v, empty)` fill
/// only the border around the interior (kiln-cpu-fill-pad-borders).
void populateFillPadBordersPatterns(RewritePatternSet &patterns);

/// Adds the passes that take linalg-on-tensors to the LLVM dialect:
/// bufferization with caller-provided outputs, loops, and LLVM conversion.
/// The public entry function gets a C interface (`_mlir_ciface_<name>`).
void buildCpuLoweringPipeline(OpPassManager &pm, const CpuOptimizations &opts = {});

} // namespace mlir::kiln

#endif // KILN_CODEGEN_CPU_PASSES_H
