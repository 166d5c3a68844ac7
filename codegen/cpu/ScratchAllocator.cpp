//===- ScratchAllocator.cpp - recycled buffers for generated code ---------===//
//
// Generated code allocates every intermediate tensor through
// _mlir_memref_to_llvm_alloc and frees it after its last use. glibc's malloc
// gives large blocks back to the kernel on free (mmap'd chunks, heap trim),
// so each run page-faults all its buffers in again, about a quarter of
// ResNet-18's time. The definitions below keep freed blocks of 64 KiB or
// more in a small lock-free cache shared by all threads and hand them out
// again (first fit, at most twice the requested size). Blocks carry their
// size in a 64-byte header, so alignment is as malloc's.
//
//   void *alloc(size_t n) {
//     if (n >= kMin)
//       for (slot : slots)
//         if (void *p = xchg(slot, null)) {
//           if (n <= size(p) && size(p) <= 2 * n) return p;
//           release(p);              // back into a free slot or to free()
//         }
//     raw = malloc(n + 64); size(raw + 64) = n; return raw + 64;
//   }
//   void release(void *p) {
//     if (size(p) >= kMin)
//       for (slot : slots) if (cmpxchg(slot, null, p)) return;
//     free(p - 64);
//   }
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/ObjectEmitter.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace llvm;

static constexpr unsigned kSlots = 64;
static constexpr uint64_t kMinCached = 64 * 1024;
static constexpr int64_t kHeader = 64;

namespace {
struct Builder {
  Module &module;
  LLVMContext &ctx = module.getContext();
  Type *i64 = Type::getInt64Ty(ctx);
  Type *i8 = Type::getInt8Ty(ctx);
  PointerType *ptr = PointerType::getUnqual(ctx);
  ArrayType *slotsType = ArrayType::get(ptr, kSlots);
  GlobalVariable *slots;

  explicit Builder(Module &m) : module(m) {
    slots = new GlobalVariable(module, slotsType, /*isConstant=*/false,
                               GlobalValue::InternalLinkage,
                               ConstantAggregateZero::get(slotsType), "kiln.scratch.slots");
    slots->setAlignment(Align(64));
  }

  Function *define(StringRef name, FunctionType *type) {
    Function *f = module.getFunction(name);
    if (!f)
      f = Function::Create(type, GlobalValue::InternalLinkage, name, module);
    f->setLinkage(GlobalValue::InternalLinkage);
    f->addFnAttr(Attribute::NoUnwind);
    return f;
  }

  Value *sizeOf(IRBuilder<> &b, Value *p) {
    return b.CreateAlignedLoad(i64, b.CreateGEP(i8, p, b.getInt64(-kHeader)), Align(8));
  }

  /// A loop over the slots: `body` gets the slot address and the block to
  /// branch to for the next slot; the loop exits to `done`.
  void forEachSlot(IRBuilder<> &b, Function *f, BasicBlock *done,
                   function_ref<void(IRBuilder<> &, Value *, BasicBlock *)> body) {
    BasicBlock *entry = b.GetInsertBlock();
    BasicBlock *head = BasicBlock::Create(ctx, "slot", f);
    BasicBlock *next = BasicBlock::Create(ctx, "next", f);
    b.CreateBr(head);
    b.SetInsertPoint(head);
    PHINode *index = b.CreatePHI(i64, 2);
    index->addIncoming(b.getInt64(0), entry);
    Value *slot = b.CreateInBoundsGEP(slotsType, slots, {b.getInt64(0), index});
    body(b, slot, next);
    b.SetInsertPoint(next);
    Value *following = b.CreateAdd(index, b.getInt64(1));
    index->addIncoming(following, next);
    b.CreateCondBr(b.CreateICmpULT(following, b.getInt64(kSlots)), head, done);
  }

  void build(Function *alloc, Function *release) {
    FunctionCallee malloc = module.getOrInsertFunction("malloc", ptr, i64);
    FunctionCallee free = module.getOrInsertFunction("free", Type::getVoidTy(ctx), ptr);
    Constant *null = ConstantPointerNull::get(ptr);

    { // release(p)
      IRBuilder<> b(BasicBlock::Create(ctx, "entry", release));
      Value *p = release->getArg(0);
      BasicBlock *ret = BasicBlock::Create(ctx, "ret", release);
      BasicBlock *check = BasicBlock::Create(ctx, "check", release);
      BasicBlock *search = BasicBlock::Create(ctx, "search", release);
      BasicBlock *toFree = BasicBlock::Create(ctx, "free", release);
      b.CreateCondBr(b.CreateICmpEQ(p, null), ret, check);
      b.SetInsertPoint(check);
      b.CreateCondBr(b.CreateICmpUGE(sizeOf(b, p), b.getInt64(kMinCached)), search, toFree);
      b.SetInsertPoint(search);
      forEachSlot(b, release, toFree, [&](IRBuilder<> &lb, Value *slot, BasicBlock *next) {
        Value *pair = lb.CreateAtomicCmpXchg(slot, null, p, MaybeAlign(8),
                                             AtomicOrdering::AcquireRelease,
                                             AtomicOrdering::Monotonic);
        lb.CreateCondBr(lb.CreateExtractValue(pair, 1), ret, next);
      });
      b.SetInsertPoint(toFree);
      b.CreateCall(free, {b.CreateGEP(i8, p, b.getInt64(-kHeader))});
      b.CreateBr(ret);
      b.SetInsertPoint(ret);
      b.CreateRetVoid();
    }

    { // alloc(n)
      IRBuilder<> b(BasicBlock::Create(ctx, "entry", alloc));
      Value *n = alloc->getArg(0);
      BasicBlock *search = BasicBlock::Create(ctx, "search", alloc);
      BasicBlock *fresh = BasicBlock::Create(ctx, "fresh", alloc);
      b.CreateCondBr(b.CreateICmpUGE(n, b.getInt64(kMinCached)), search, fresh);
      b.SetInsertPoint(search);
      forEachSlot(b, alloc, fresh, [&](IRBuilder<> &lb, Value *slot, BasicBlock *next) {
        BasicBlock *taken = BasicBlock::Create(ctx, "taken", alloc);
        BasicBlock *hit = BasicBlock::Create(ctx, "hit", alloc);
        BasicBlock *giveBack = BasicBlock::Create(ctx, "give_back", alloc);
        Value *p = lb.CreateAtomicRMW(AtomicRMWInst::Xchg, slot, null, MaybeAlign(8),
                                      AtomicOrdering::AcquireRelease);
        lb.CreateCondBr(lb.CreateICmpEQ(p, null), next, taken);
        lb.SetInsertPoint(taken);
        Value *size = sizeOf(lb, p);
        Value *fits = lb.CreateAnd(lb.CreateICmpUGE(size, n),
                                   lb.CreateICmpULE(size, lb.CreateShl(n, 1)));
        lb.CreateCondBr(fits, hit, giveBack);
        lb.SetInsertPoint(hit);
        lb.CreateRet(p);
        lb.SetInsertPoint(giveBack);
        lb.CreateCall(release, {p});
        lb.CreateBr(next);
      });
      b.SetInsertPoint(fresh);
      Value *raw = b.CreateCall(malloc, {b.CreateAdd(n, b.getInt64(kHeader))});
      BasicBlock *ok = BasicBlock::Create(ctx, "ok", alloc);
      BasicBlock *failed = BasicBlock::Create(ctx, "failed", alloc);
      b.CreateCondBr(b.CreateICmpEQ(raw, null), failed, ok);
      b.SetInsertPoint(failed);
      b.CreateRet(null);
      b.SetInsertPoint(ok);
      b.CreateAlignedStore(n, raw, Align(8));
      b.CreateRet(b.CreateGEP(i8, raw, b.getInt64(kHeader)));
    }
  }
};
} // namespace

void mlir::kiln::defineScratchAllocator(Module &module) {
  Function *alloc = module.getFunction("_mlir_memref_to_llvm_alloc");
  Function *release = module.getFunction("_mlir_memref_to_llvm_free");
  if ((!alloc || !alloc->isDeclaration()) && (!release || !release->isDeclaration()))
    return;
  Builder builder(module);
  alloc = builder.define("_mlir_memref_to_llvm_alloc",
                         FunctionType::get(builder.ptr, {builder.i64}, false));
  release = builder.define("_mlir_memref_to_llvm_free",
                           FunctionType::get(Type::getVoidTy(builder.ctx), {builder.ptr}, false));
  builder.build(alloc, release);
}
