//===- Registration.h - dialects and passes kiln uses -----------*- C++ -*-===//
#ifndef KILN_COMPILER_REGISTRATION_H
#define KILN_COMPILER_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::kiln {

/// The kiln dialect plus every upstream dialect, extension and interface
/// model the pipelines need (bufferization, LLVM translation, ...).
void registerCompilerDialects(DialectRegistry &registry);

/// kiln's passes plus upstream passes, so pipelines can name them.
void registerCompilerPasses();

} // namespace mlir::kiln

#endif // KILN_COMPILER_REGISTRATION_H
