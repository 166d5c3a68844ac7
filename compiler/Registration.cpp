//===- Registration.cpp - dialects and passes kiln uses -------------------===//
#include "compiler/Registration.h"

#include "codegen/cpu/Passes.h"
#include "codegen/linalg/Passes.h"
#include "dialects/kiln/KilnDialect.h"
#include "passes/Passes.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

#include <mutex>

void mlir::kiln::registerCompilerDialects(DialectRegistry &registry) {
  registry.insert<KilnDialect>();
  registerAllDialects(registry);
  registerAllExtensions(registry);
}

void mlir::kiln::registerCompilerPasses() {
  // The pass registry is process-wide and rejects duplicates.
  static std::once_flag once;
  std::call_once(once, [] {
    registerAllPasses();
    registerKilnPasses();
    registerKilnLinalgPasses();
    registerKilnCpuPasses();
  });
}
