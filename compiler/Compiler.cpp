//===- Compiler.cpp - model in, artifact out ------------------------------===//
#include "compiler/Compiler.h"

#include "codegen/cpu/ObjectEmitter.h"
#include "codegen/cpu/Passes.h"
#include "compiler/EntryPoints.h"
#include "compiler/Linker.h"
#include "compiler/ModelSignature.h"
#include "compiler/Pipelines.h"
#include "compiler/Registration.h"
#include "frontends/native/NativeFormat.h"
#include "frontends/native/NativeImporter.h"
#include "frontends/onnx/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::kiln;

static constexpr const char *kEntryFunction = "kiln_main";

/// "file: error: [node 'name': ]message" from a diagnostic's location.
static void printDiagnostic(Diagnostic &diag, llvm::raw_ostream &os) {
  std::string file, node;
  diag.getLocation()->walk([&](Location loc) {
    if (auto named = dyn_cast<NameLoc>(loc); named && node.empty())
      node = named.getName().str();
    if (auto fileLoc = dyn_cast<FileLineColLoc>(loc); fileLoc && file.empty()) {
      file = fileLoc.getFilename().str();
      if (fileLoc.getLine() > 0) // text-form models know where in the file
        file += ":" + std::to_string(fileLoc.getLine()) + ":" +
                std::to_string(fileLoc.getColumn());
    }
    return WalkResult::advance();
  });
  std::string message = diag.str();
  os << (file.empty() ? "kiln" : file) << ": "
     << (diag.getSeverity() == DiagnosticSeverity::Error     ? "error"
         : diag.getSeverity() == DiagnosticSeverity::Warning ? "warning"
                                                             : "note") << ": ";
  if (!node.empty() && !llvm::StringRef(message).starts_with("node '"))
    os << "node '" << node << "': ";
  os << message << "\n";
}

static bool writeText(const CompileOptions &options, llvm::function_ref<void(llvm::raw_ostream &)> fn,
                      llvm::raw_ostream &errs) {
  std::error_code ec;
  llvm::ToolOutputFile out(options.outputPath.empty() ? "-" : options.outputPath, ec,
                           llvm::sys::fs::OF_Text);
  if (ec) {
    errs << options.outputPath << ": error: " << ec.message() << "\n";
    return false;
  }
  fn(out.os());
  out.keep();
  return true;
}

bool mlir::kiln::compileModel(const CompileOptions &options, llvm::raw_ostream &errs) {
  DialectRegistry registry;
  registerCompilerDialects(registry);
  registerCompilerPasses();
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    printDiagnostic(diag, errs);
    return success();
  });

  onnx_frontend::ImportOptions importOptions;
  importOptions.entryName = kEntryFunction;
  for (const auto &entry : options.inputShapes)
    importOptions.inputShapes[entry.getKey()] = entry.getValue();
  for (const auto &entry : options.dynamicDims)
    importOptions.dynamicDims[entry.getKey()] = entry.getValue();
  OwningOpRef<ModuleOp> module =
      native_frontend::isNativeModelPath(options.inputPath)
          ? native_frontend::importNativeModel(context, options.inputPath, importOptions)
          : onnx_frontend::importOnnxModel(context, options.inputPath, importOptions);
  if (!module)
    return false;

  PassManager graph(&context);
  buildGraphPipeline(graph);
  if (failed(graph.run(*module)))
    return false;
  if (options.emit == EmitKind::Mlir)
    return writeText(options, [&](llvm::raw_ostream &os) { module->print(os); }, errs);

  auto func = module->lookupSymbol<func::FuncOp>(kEntryFunction);
  FailureOr<ModelSignature> signature = extractSignature(func);
  if (failed(signature))
    return false;
  func->setAttr("llvm.emit_c_interface", UnitAttr::get(&context));
  // Names now live in the signature; LLVM translation has no use for them.
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    func.removeArgAttr(i, "kiln.name");
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    func.removeResultAttr(i, StringAttr::get(&context, "kiln.name"));

  PassManager lower(&context);
  buildCpuPipeline(lower, options.emit == EmitKind::LinalgMlir, options.optimizations);
  if (failed(lower.run(*module)))
    return false;
  // Memory figures recorded by kiln-cpu-plan-memory and the batch split of
  // kiln-cpu-split-batch, for the metadata.
  for (auto [name, field] : {std::pair{"kiln.arena_bytes", &signature->arenaBytes},
                             std::pair{"kiln.weight_bytes", &signature->weightBytes},
                             std::pair{kBatchSplitAttr.data(), &signature->batchSplit}}) {
    if (auto bytes = (*module)->getAttrOfType<IntegerAttr>(name))
      *field = bytes.getInt();
    (*module)->removeAttr(name);
  }
  if (options.emit == EmitKind::LinalgMlir)
    return writeText(options, [&](llvm::raw_ostream &os) { module->print(os); }, errs);

  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine =
      createTargetMachine({options.targetCpu, options.optLevel}, error);
  if (!machine) {
    errs << "kiln: error: " << error << "\n";
    return false;
  }
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule = translateToLLVMIR(*module, llvmContext);
  if (!llvmModule) {
    errs << options.inputPath << ": error: translation to LLVM IR failed\n";
    return false;
  }
  std::string target = (machine->getTargetTriple().str() + " " +
                        machine->getTargetCPU()).str();
  if (!addModelEntryPoints(*llvmModule, std::string("_mlir_ciface_") + kEntryFunction,
                           renderMetadata(*signature, target), error)) {
    errs << options.inputPath << ": error: " << error << "\n";
    return false;
  }
  optimizeModule(*llvmModule, *machine, options.optLevel);
  if (options.emit == EmitKind::LlvmIr)
    return writeText(options, [&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); }, errs);

  llvm::SmallVector<char, 0> object;
  if (!emitObject(*llvmModule, *machine, object, error)) {
    errs << options.inputPath << ": error: " << error << "\n";
    return false;
  }
  if (options.emit == EmitKind::Object) {
    std::error_code ec;
    llvm::ToolOutputFile out(options.outputPath, ec, llvm::sys::fs::OF_None);
    if (ec) {
      errs << options.outputPath << ": error: " << ec.message() << "\n";
      return false;
    }
    out.os().write(object.data(), object.size());
    out.keep();
    return true;
  }
  if (!linkSharedObject(object, options.outputPath, error)) {
    errs << options.outputPath << ": error: " << error << "\n";
    return false;
  }
  return true;
}
