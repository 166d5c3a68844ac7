//===- ModelSignature.h - inputs and outputs of a compiled model *- C++ -*-===//
//
// The signature travels inside every artifact as the `kiln_model_metadata`
// text that runtime/kiln_runtime.c parses (format documented there and in
// runtime/include/kiln/kiln.h).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_MODELSIGNATURE_H
#define KILN_COMPILER_MODELSIGNATURE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>
#include <vector>

namespace mlir::kiln {

/// The compiled-model ABI written as "kiln-model N"; the runtime's
/// KILN_MODEL_ABI_VERSION must match. Version 2: kiln_model_entry receives
/// the input descriptors, the output descriptors, then the run status;
/// version 3 adds the execution context (kiln-cpu-parallelize) after it.
constexpr int kModelAbiVersion = 3;
/// Models whose entry runs one image per call declare this version, which
/// runtimes that would call it with the whole batch refuse.
constexpr int kBatchSplitModelAbiVersion = 4;

struct TensorSpec {
  std::string name;
  std::string dtype; // "f32", "i64", ... as in the runtime ABI
  std::vector<int64_t> shape; // -1 for a dynamic dimension
};

struct ModelSignature {
  std::string name;
  std::vector<TensorSpec> inputs, outputs;
  /// Bytes of the per-run arena (kiln-cpu-plan-memory) and of the constant
  /// weights; -1 when unknown (not written).
  int64_t arenaBytes = -1, weightBytes = -1;
  /// The batch size when the entry computes one image per call
  /// (kiln-cpu-split-batch); 0 when it computes the whole batch.
  int64_t batchSplit = 0;
};

/// Reads names (`kiln.name` argument/result attributes) and types of `func`.
FailureOr<ModelSignature> extractSignature(func::FuncOp func);

/// The metadata text: ABI version, compiler version, target, tensors.
std::string renderMetadata(const ModelSignature &signature,
                           llvm::StringRef target);

/// kiln's version string.
llvm::StringRef compilerVersion();

} // namespace mlir::kiln

#endif // KILN_COMPILER_MODELSIGNATURE_H
