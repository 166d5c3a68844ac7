//===- EntryPoints.cpp - the symbols every artifact exports ---------------===//
#include "compiler/EntryPoints.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

static constexpr const char *kEntrySymbol = "kiln_model_entry";
static constexpr const char *kMetadataSymbol = "kiln_model_metadata";

bool mlir::kiln::addModelEntryPoints(llvm::Module &module,
                                     llvm::StringRef cifaceName,
                                     llvm::StringRef metadata,
                                     std::string &error) {
  llvm::Function *ciface = module.getFunction(cifaceName);
  if (!ciface || ciface->isDeclaration()) {
    error = ("missing C interface function '" + cifaceName + "'").str();
    return false;
  }
  // Everything generated so far is private to the artifact.
  for (llvm::Function &f : module.functions())
    if (!f.isDeclaration())
      f.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &g : module.globals())
    if (!g.isDeclaration())
      g.setLinkage(llvm::GlobalValue::InternalLinkage);

  llvm::LLVMContext &ctx = module.getContext();
  auto *ptrType = llvm::PointerType::getUnqual(ctx);
  auto *entryType = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {ptrType}, false);
  auto *entry = llvm::Function::Create(entryType, llvm::GlobalValue::ExternalLinkage,
                                       kEntrySymbol, module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", entry));
  llvm::SmallVector<llvm::Value *> args;
  for (unsigned i = 0; i < ciface->arg_size(); ++i) {
    llvm::Value *slot = b.CreateConstGEP1_64(ptrType, entry->getArg(0), i);
    args.push_back(b.CreateLoad(ptrType, slot));
  }
  b.CreateCall(ciface, args);
  b.CreateRetVoid();

  llvm::Constant *text = llvm::ConstantDataArray::getString(ctx, metadata, /*AddNull=*/true);
  auto *global = new llvm::GlobalVariable(module, text->getType(), /*isConstant=*/true,
                                          llvm::GlobalValue::ExternalLinkage, text,
                                          kMetadataSymbol);
  global->setAlignment(llvm::Align(8));
  return true;
}
