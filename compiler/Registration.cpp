//===- Registration.cpp - dialects and passes kiln uses -------------------===//
#include "compiler/Registration.h"

#include "codegen/cpu/Passes.h"
#include "codegen/linalg/Passes.h"
#include "dialects/kiln/KilnDialect.h"
#include "passes/Passes.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

void mlir::kiln::registerCompilerDialects(DialectRegistry &registry) {
  registry.insert<KilnDialect>();
  registerAllDialects(registry);
  registerAllExtensions(registry);
}

void mlir::kiln::registerCompilerPasses() {
  registerAllPasses();
  registerKilnPasses();
  registerKilnLinalgPasses();
  registerKilnCpuPasses();
}
