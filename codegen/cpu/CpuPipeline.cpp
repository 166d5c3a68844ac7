//===- CpuPipeline.cpp - linalg on tensors to the LLVM dialect ------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

// Upstream passes by textual name: their options are spelled the same way in
// kiln-opt pipelines and lit tests.
static constexpr const char *kBufferize =
    "one-shot-bufferize{bufferize-function-boundaries=1 "
    "function-boundary-type-conversion=identity-layout-map},"
    "kiln-cpu-copy-duplicate-results,"
    "buffer-results-to-out-params{add-result-attr=1 hoist-static-allocs=1 modify-public-functions=1},"
    "kiln-cpu-check-output-shapes,"
    "buffer-deallocation-pipeline";

// f16/bf16 math and arithmetic run in f32 (libm has no f16 functions, and
// LLVM would call compiler-rt for bf16 arithmetic); bf16 conversions become
// integer code (kiln-cpu-expand-bf16), which needs no runtime library either.
static constexpr const char *kToLLVM =
    "kiln-cpu-flatten-globals,kiln-cpu-expand-copies,"
    // Parallel outer loops become runtime calls. Keep it after every pass
    // that tiles or vectorizes (insert those above) and before loops lower.
    "kiln-cpu-parallelize,"
    "convert-linalg-to-loops,"
    "math-extend-to-supported-types{target-type=f32},"
    "arith-emulate-unsupported-floats{source-types=bf16,f16 target-type=f32},"
    "kiln-cpu-approximate-math,convert-scf-to-cf,"
    "expand-strided-metadata,lower-affine,finalize-memref-to-llvm,kiln-cpu-expand-bf16,"
    "convert-arith-to-llvm,convert-math-to-llvm,convert-math-to-libm,"
    "convert-cf-to-llvm,convert-func-to-llvm,convert-arith-to-llvm,"
    "reconcile-unrealized-casts";

void mlir::kiln::buildCpuLoweringPipeline(OpPassManager &pm) {
  for (const char *stage : {kBufferize, kToLLVM}) {
    std::string error;
    llvm::raw_string_ostream os(error);
    // The pipeline text is fixed; a parse failure is a kiln bug.
    if (failed(parsePassPipeline(stage, pm, os)))
      llvm::report_fatal_error(llvm::Twine("invalid CPU pipeline: ") + error);
  }
}
