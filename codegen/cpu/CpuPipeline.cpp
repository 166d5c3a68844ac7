//===- CpuPipeline.cpp - linalg on tensors to the LLVM dialect ------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

// Upstream passes by textual name: their options are spelled the same way in
// kiln-opt pipelines and lit tests.
static constexpr const char *kBufferize =
    "func.func(kiln-cpu-vectorize-elementwise,canonicalize,cse),"
    "kiln-cpu-split-empty-tensors,"
    // Producers whose result is inserted into a larger buffer (the
    // interior of a padded input) write there directly.
    "eliminate-empty-tensors,"
    "one-shot-bufferize{bufferize-function-boundaries=1 "
    "function-boundary-type-conversion=identity-layout-map},"
    // Loops that update a buffer in place yield it back; folding those
    // results lets a returned buffer become the caller's output buffer
    // instead of a copy.
    "canonicalize,"
    "buffer-results-to-out-params{hoist-static-allocs=1 modify-public-functions=1},"
    "buffer-deallocation-pipeline";

static constexpr const char *kToLLVM =
    "kiln-cpu-expand-copies{vectorize=1},convert-linalg-to-loops,kiln-cpu-approximate-math,convert-scf-to-cf,"
    "expand-strided-metadata,lower-affine,convert-vector-to-llvm,"
    "finalize-memref-to-llvm{use-generic-functions=1},"
    "convert-arith-to-llvm,convert-math-to-llvm,convert-math-to-libm,"
    "convert-cf-to-llvm,convert-func-to-llvm,convert-arith-to-llvm,convert-ub-to-llvm,"
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
