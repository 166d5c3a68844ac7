//===- CpuPipeline.cpp - linalg on tensors to the LLVM dialect ------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

// Upstream passes by textual name: their options are spelled the same way in
// kiln-opt pipelines and lit tests.
static constexpr const char *kVectorizeRows =
    "func.func(kiln-cpu-vectorize-elementwise,canonicalize,cse),";
static constexpr const char *kBufferize =
    "kiln-cpu-split-empty-tensors,func.func(kiln-cpu-fill-pad-borders),"
    // Producers whose result is inserted into a larger buffer (the
    // interior of a padded input) write there directly.
    "eliminate-empty-tensors,"
    "one-shot-bufferize{bufferize-function-boundaries=1 "
    "function-boundary-type-conversion=identity-layout-map},"
    // Loops that update a buffer in place yield it back; folding those
    // results lets a returned buffer become the caller's output buffer
    // instead of a copy.
    "canonicalize,"
    "kiln-cpu-copy-duplicate-results,"
    "buffer-results-to-out-params{add-result-attr=1 hoist-static-allocs=1 modify-public-functions=1},"
    "kiln-cpu-check-output-shapes,kiln-cpu-plan-memory,"
    "buffer-deallocation-pipeline";

// f16/bf16 math and arithmetic run in f32 (libm has no f16 functions, and
// LLVM would call compiler-rt for bf16 arithmetic); bf16 conversions become
// integer code (kiln-cpu-expand-bf16), which needs no runtime library either.
static constexpr const char *kPrepareLoops =
    "kiln-cpu-flatten-globals,kiln-cpu-expand-copies{vectorize=1},";
// Parallel outer loops become runtime calls. Keep it after every pass that
// tiles or vectorizes and before loops lower.
static constexpr const char *kParallelize = "kiln-cpu-parallelize,";
static constexpr const char *kToLLVM =
    "convert-linalg-to-loops,"
    "math-extend-to-supported-types{target-type=f32},"
    "arith-emulate-unsupported-floats{source-types=bf16,f16 target-type=f32},"
    "kiln-cpu-approximate-math,convert-scf-to-cf,"
    "expand-strided-metadata,lower-affine,convert-vector-to-llvm,"
    "finalize-memref-to-llvm{use-generic-functions=1},kiln-cpu-expand-bf16,"
    "convert-arith-to-llvm,convert-math-to-llvm,convert-math-to-libm,"
    "convert-cf-to-llvm,convert-func-to-llvm,convert-arith-to-llvm,convert-ub-to-llvm,"
    "reconcile-unrealized-casts";

void mlir::kiln::buildCpuLoweringPipeline(OpPassManager &pm, const CpuOptimizations &opts) {
  std::string pipeline;
  if (opts.kernels)
    pipeline += kVectorizeRows;
  pipeline += kBufferize;
  pipeline += ',';
  pipeline += kPrepareLoops;
  if (opts.threads)
    pipeline += kParallelize;
  pipeline += kToLLVM;
  std::string error;
  llvm::raw_string_ostream os(error);
  // The pipeline text is fixed; a parse failure is a kiln bug.
  if (failed(parsePassPipeline(pipeline, pm, os)))
    llvm::report_fatal_error(llvm::Twine("invalid CPU pipeline: ") + error);
}
