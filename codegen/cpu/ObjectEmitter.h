//===- ObjectEmitter.h - LLVM IR to native object code ----------*- C++ -*-===//
#ifndef KILN_CODEGEN_CPU_OBJECTEMITTER_H
#define KILN_CODEGEN_CPU_OBJECTEMITTER_H

#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
} // namespace llvm

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace mlir::kiln {

struct CpuTarget {
  /// CPU name for `-mcpu`; empty or "native" means the host CPU and features.
  std::string cpu;
  /// 0..3, as -O0..-O3.
  int optLevel = 3;
};

/// A TargetMachine for x86-64 Linux, position independent (for a .so).
std::unique_ptr<llvm::TargetMachine> createTargetMachine(const CpuTarget &target,
                                                         std::string &error);

/// Translates a module in the LLVM dialect to LLVM IR.
std::unique_ptr<llvm::Module> translateToLLVMIR(ModuleOp module,
                                                llvm::LLVMContext &context);

/// Defines the allocation functions generated code calls (see
/// ScratchAllocator.cpp) when the module declares them.
void defineScratchAllocator(llvm::Module &module);

/// Runs LLVM's default optimization pipeline for `optLevel`.
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                    int optLevel);

/// Emits an ELF object file into `out`.
bool emitObject(llvm::Module &module, llvm::TargetMachine &machine,
                llvm::SmallVectorImpl<char> &out, std::string &error);

} // namespace mlir::kiln

#endif // KILN_CODEGEN_CPU_OBJECTEMITTER_H
