//===- OnnxImporter.h - ONNX ModelProto to kiln IR --------------*- C++ -*-===//
#ifndef KILN_FRONTENDS_ONNX_ONNXIMPORTER_H
#define KILN_FRONTENDS_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace onnx {
class ModelProto;
} // namespace onnx

namespace mlir::kiln::onnx_frontend {

struct ImportOptions {
  /// Shapes that replace the model's declared input shapes (`--shape`),
  /// keyed by input name; -1 marks a dynamic dim. Symbolic dims of the model
  /// stay dynamic unless pinned here.
  llvm::StringMap<std::vector<int64_t>> inputShapes;
  /// Axes made dynamic after the shapes above are settled
  /// (`--dynamic-dim NAME:AXIS`); the key "*" applies to every input.
  llvm::StringMap<std::vector<int64_t>> dynamicDims;
  /// Name of the generated entry function.
  std::string entryName = "main";
};

/// Reads the ONNX model at `path` and returns a module with one public
/// function holding kiln ops. Errors are emitted as diagnostics at locations
/// naming the file and node; returns null on failure.
OwningOpRef<ModuleOp> importOnnxModel(MLIRContext &context,
                                      llvm::StringRef path,
                                      const ImportOptions &options);

/// Imports an ONNX model already in memory (e.g. translated from another
/// format); `path` names it in diagnostics and anchors external data.
OwningOpRef<ModuleOp> importOnnxModelProto(MLIRContext &context,
                                           const onnx::ModelProto &model,
                                           llvm::StringRef path,
                                           const ImportOptions &options);

} // namespace mlir::kiln::onnx_frontend

#endif // KILN_FRONTENDS_ONNX_ONNXIMPORTER_H
