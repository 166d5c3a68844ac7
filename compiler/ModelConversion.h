//===- ModelConversion.h - between ONNX and kiln.graph ----------*- C++ -*-===//
#ifndef KILN_COMPILER_MODELCONVERSION_H
#define KILN_COMPILER_MODELCONVERSION_H

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::kiln {

/// Converts the model at `inputPath` to `outputPath`, the formats named by
/// the extensions: `.onnx` to `.kgraph`/`.kgraph.txt`, `.kgraph`/`.kgraph.txt`
/// to `.onnx`, and `.kgraph` <-> `.kgraph.txt`. The input is checked as a
/// compile would check it. Errors go to `errs`, one line each, naming the
/// file (and line:col for text models) and the node; returns false on any.
bool convertModel(const std::string &inputPath, const std::string &outputPath,
                  llvm::raw_ostream &errs);

} // namespace mlir::kiln

#endif // KILN_COMPILER_MODELCONVERSION_H
