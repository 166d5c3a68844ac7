//===- Linker.h - link an object into a shared object with lld --*- C++ -*-===//
#ifndef KILN_COMPILER_LINKER_H
#define KILN_COMPILER_LINKER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace mlir::kiln {

/// Links `object` (ELF, x86-64) into the shared object `outputPath` with
/// in-process lld: -Bsymbolic, undefined symbols only from libc/libm.
bool linkSharedObject(llvm::ArrayRef<char> object, llvm::StringRef outputPath,
                      std::string &error);

} // namespace mlir::kiln

#endif // KILN_COMPILER_LINKER_H
