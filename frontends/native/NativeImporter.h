//===- NativeImporter.h - kiln.graph model to kiln IR -----------*- C++ -*-===//
#ifndef KILN_FRONTENDS_NATIVE_NATIVEIMPORTER_H
#define KILN_FRONTENDS_NATIVE_NATIVEIMPORTER_H

#include "frontends/onnx/OnnxImporter.h"

namespace mlir::kiln::native_frontend {

/// Reads the kiln.graph model at `path` (`.kgraph` binary or `.kgraph.txt`
/// text), checks it (validateModel), and imports it like an ONNX model. Every
/// problem is emitted as a diagnostic at a location naming the file (with
/// line:col for text models) and the node; returns null on failure.
OwningOpRef<ModuleOp> importNativeModel(MLIRContext &context, llvm::StringRef path,
                                        const onnx_frontend::ImportOptions &options);

} // namespace mlir::kiln::native_frontend

#endif // KILN_FRONTENDS_NATIVE_NATIVEIMPORTER_H
