//===- Compiler.h - model in, artifact out ----------------------*- C++ -*-===//
#ifndef KILN_COMPILER_COMPILER_H
#define KILN_COMPILER_COMPILER_H

#include "codegen/cpu/CpuOptimizations.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace mlir::kiln {

enum class EmitKind { SharedObject, Object, Mlir, LinalgMlir, LlvmIr };

struct CompileOptions {
  std::string inputPath;
  std::string outputPath; // "-" prints text outputs to stdout
  EmitKind emit = EmitKind::SharedObject;
  int optLevel = 3;
  std::string targetCpu; // empty: the host CPU
  llvm::StringMap<std::vector<int64_t>> inputShapes;
  /// `--dynamic-dim NAME:AXIS`: axes made dynamic, by input name ("*" = all).
  llvm::StringMap<std::vector<int64_t>> dynamicDims;
  /// `--disable fusion,layout,kernels,threads` (for ablation studies).
  CpuOptimizations optimizations;
};

/// Compiles a model. Diagnostics go to `errs` as one line each, naming the
/// file, node and op; returns false on any error.
bool compileModel(const CompileOptions &options, llvm::raw_ostream &errs);

} // namespace mlir::kiln

#endif // KILN_COMPILER_COMPILER_H
