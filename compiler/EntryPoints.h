//===- EntryPoints.h - the symbols every artifact exports -------*- C++ -*-===//
#ifndef KILN_COMPILER_ENTRYPOINTS_H
#define KILN_COMPILER_ENTRYPOINTS_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace llvm {
class Module;
} // namespace llvm

namespace mlir::kiln {

/// Adds `void kiln_model_entry(void **args)`, which unpacks one memref
/// descriptor pointer per input, then output, then the rank-0 i32 run
/// status (see kiln-cpu-check-output-shapes) and calls the C interface
/// `cifaceName`, and the `kiln_model_metadata` string; makes every other
/// definition internal so only these two symbols are exported. A trailing
/// execution-context parameter (kiln-cpu-parallelize) is loaded from the slot
/// after the tensors and the run status, which the runtime fills (model ABI 3).
bool addModelEntryPoints(llvm::Module &module, llvm::StringRef cifaceName,
                         llvm::StringRef metadata, std::string &error);

} // namespace mlir::kiln

#endif // KILN_COMPILER_ENTRYPOINTS_H
