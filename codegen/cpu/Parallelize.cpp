//===- Parallelize.cpp - outer parallel loops through the runtime ---------===//
//
// Turns the outermost parallel loop of each heavy loop nest of a public
// function into a call of the runtime's parallel_for (model ABI 3, see
// runtime/kiln_internal.h):
//
//   ctx->parallel_for(ctx, @task, closure, n)
//
// `@task(closure, begin, end)` is an outlined llvm.func that runs
// iterations [begin, end) of the loop; `closure` is a stack struct holding
// the values the loop uses (memref descriptors, scalars). The context is a
// new trailing `!llvm.ptr` argument of every public function (marked
// `kiln.context`), which the artifact's entry point fills from the slot
// after the tensors.
//
// Candidates, on buffers, not nested in another parallel construct:
//   - scf.forall / scf.parallel without results or reductions, and scf.for
//     marked `kiln.parallel` (a tiling pass's promise that its iterations
//     are independent): the whole iteration space, linearized, is split;
//   - linalg ops: split along one parallel loop dimension that indexes every
//     output directly (so chunks write disjoint elements) and whose inputs
//     do not alias the outputs through another indexing map.
// A candidate stays serial when its estimated work (loop trips times body
// ops) is below `min-work`: dispatching to threads costs microseconds.
//
// Splitting never changes what one iteration computes or the order of any
// reduction, so results are bit-identical for every thread count. Split
// points along an innermost dimension are multiples of 16 elements so that
// threads do not share cache lines of the output.
//
// Values are carried in the closure in their LLVM form: memrefs as
// descriptors through unrealized casts (reconciled once the memref
// conversion runs), index as i64. Constants and globals are re-created in
// the task instead, so that later folding still sees them.
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Iterators.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_PARALLELIZE
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// `<func>_parallel`, plus the name of the model node the loop comes from
/// when its location has one (as identifier characters), so that profiles
/// of a compiled model say which node each task runs.
std::string taskName(StringRef func, Location loc) {
  std::string name = (func + "_parallel").str();
  std::optional<StringRef> node;
  loc->walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner)) {
      node = named.getName().getValue();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (!node || node->empty())
    return name;
  name += '_';
  // The end of a path-like name is the specific part (".../block.0/Conv").
  for (char c : node->take_back(48))
    name += llvm::isAlnum(c) ? c : '_';
  return name;
}

/// `kiln.parallel` (kParallelLoopAttr, Passes.h) on an scf.for says its
/// iterations are independent; `kiln.context` marks a function whose last
/// argument is the execution context.
constexpr llvm::StringLiteral kParallelAttr = mlir::kiln::kParallelLoopAttr;
constexpr llvm::StringLiteral kContextArgAttr = "kiln.context";

/// Trip count assumed for dynamic extents when estimating work.
constexpr int64_t kUnknownExtent = 64;
/// Split points along an innermost dimension are multiples of this.
constexpr int64_t kInnermostGrain = 16;
/// A linalg op is split along its largest parallel dimension that is not
/// innermost when that one has at least this many iterations.
constexpr int64_t kPreferOuterExtent = 16;

//===----------------------------------------------------------------------===//
// Work estimate
//===----------------------------------------------------------------------===//

double estimateWork(Operation *op);

double estimateRegionWork(Region &region) {
  double work = 0;
  for (Operation &op : region.getOps())
    work += estimateWork(&op);
  return work;
}

double tripCount(OpFoldResult lb, OpFoldResult ub, OpFoldResult step) {
  std::optional<int64_t> l = getConstantIntValue(lb), u = getConstantIntValue(ub),
                         s = getConstantIntValue(step);
  if (l && u && s && *s > 0)
    return *u > *l ? static_cast<double>((*u - *l + *s - 1) / *s) : 0.0;
  return kUnknownExtent;
}

double estimateWork(Operation *op) {
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
    double trips = 1;
    for (int64_t extent : linalgOp.getStaticLoopRanges())
      trips *= ShapedType::isDynamic(extent) ? kUnknownExtent : extent;
    double body = 0;
    for (Operation &inner : linalgOp.getBlock()->without_terminator())
      body += estimateWork(&inner);
    return trips * std::max(body, 1.0);
  }
  if (auto forOp = dyn_cast<scf::ForOp>(op))
    return tripCount(forOp.getLowerBound(), forOp.getUpperBound(), forOp.getStep()) *
           estimateRegionWork(forOp.getRegion());
  if (auto forall = dyn_cast<scf::ForallOp>(op)) {
    double trips = 1;
    for (auto [lb, ub, step] : llvm::zip(forall.getMixedLowerBound(),
                                         forall.getMixedUpperBound(), forall.getMixedStep()))
      trips *= tripCount(lb, ub, step);
    return trips * estimateRegionWork(forall.getRegion());
  }
  if (auto parallel = dyn_cast<scf::ParallelOp>(op)) {
    double trips = 1;
    for (auto [lb, ub, step] : llvm::zip(parallel.getLowerBound(), parallel.getUpperBound(),
                                         parallel.getStep()))
      trips *= tripCount(lb, ub, step);
    return trips * estimateRegionWork(parallel.getRegion());
  }
  double work = 1;
  for (Type type : op->getResultTypes())
    if (auto vector = dyn_cast<VectorType>(type))
      work = std::max(work, static_cast<double>(vector.getNumElements()));
  for (Region &region : op->getRegions())
    work += estimateRegionWork(region);
  return work;
}

//===----------------------------------------------------------------------===//
// Candidates
//===----------------------------------------------------------------------===//

/// The buffer a view is taken of.
Value rootBuffer(Value v) {
  while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
    v = view.getViewSource();
  return v;
}

/// The loop dimension to split `op` along, if one is safe and worth it.
std::optional<unsigned> chooseSplitDim(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || !isa<TilingInterface>(op.getOperation()))
    return std::nullopt;
  // Inputs that alias an output must be read at the element being written;
  // the body must not reach an output's buffer some other way (a load from
  // a captured memref, as gathers do).
  SetVector<Value> usedInBody;
  getUsedValuesDefinedAbove(op->getRegions(), usedInBody);
  for (OpOperand &init : op.getDpsInitsMutable()) {
    Value root = rootBuffer(init.get());
    for (OpOperand *input : op.getDpsInputOperands())
      if (isa<MemRefType>(input->get().getType()) && rootBuffer(input->get()) == root &&
          op.getMatchingIndexingMap(input) != op.getMatchingIndexingMap(&init))
        return std::nullopt;
    for (Value v : usedInBody)
      if (isa<BaseMemRefType>(v.getType()) && rootBuffer(v) == root)
        return std::nullopt;
  }
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned numLoops = op.getNumLoops();
  auto writesDisjoint = [&](unsigned dim) {
    for (OpOperand &init : op.getDpsInitsMutable()) {
      AffineMap map = op.getMatchingIndexingMap(&init);
      if (!llvm::any_of(map.getResults(), [&](AffineExpr e) {
            auto d = dyn_cast<AffineDimExpr>(e);
            return d && d.getPosition() == dim;
          }))
        return false;
    }
    return true;
  };
  auto score = [&](unsigned dim) {
    return ShapedType::isDynamic(extents[dim]) ? kPreferOuterExtent : extents[dim];
  };
  std::optional<unsigned> bestOuter, bestAny;
  for (unsigned dim = 0; dim < numLoops; ++dim) {
    if (iterators[dim] != utils::IteratorType::parallel || score(dim) < 2 ||
        !writesDisjoint(dim))
      continue;
    if (!bestAny || score(dim) > score(*bestAny))
      bestAny = dim;
    if (dim + 1 < numLoops && (!bestOuter || score(dim) > score(*bestOuter)))
      bestOuter = dim;
  }
  if (bestOuter && score(*bestOuter) >= kPreferOuterExtent)
    return bestOuter;
  return bestAny;
}

/// A scf.forall / scf.parallel / marked scf.for whose iterations may run in
/// any order at once.
bool isParallelLoop(Operation *op) {
  if (auto forall = dyn_cast<scf::ForallOp>(op))
    return forall->getNumResults() == 0 && forall.getOutputs().empty();
  if (auto parallel = dyn_cast<scf::ParallelOp>(op))
    return parallel->getNumResults() == 0 && parallel.getInitVals().empty();
  if (auto forOp = dyn_cast<scf::ForOp>(op))
    return forOp->hasAttr(kParallelAttr) && forOp->getNumResults() == 0;
  return false;
}

//===----------------------------------------------------------------------===//
// Outlining
//===----------------------------------------------------------------------===//

class Outliner {
public:
  Outliner(func::FuncOp func, Value context, SymbolTable &symbols)
      : func(func), context(context), symbols(symbols),
        converter(func.getContext()) {}

  /// Replaces `op` (a candidate) by a parallel_for call; false if some
  /// value it uses cannot be carried in a closure.
  bool outlineLoop(Operation *op);
  bool outlineLinalg(linalg::LinalgOp op, unsigned dim);
  /// The task functions created so far.
  ArrayRef<Operation *> tasks() const { return taskFns; }

private:
  struct Task {
    LLVM::LLVMFuncOp fn;
    Value begin, end; // index values inside the task
    IRMapping mapping;
    OpBuilder builder;
  };

  /// Values `regions` and `extra` use from outside, minus constants (those
  /// are cloned into the task). Fails if one has no LLVM form.
  bool collectCaptures(Operation *op, ValueRange extra, SetVector<Value> &captures,
                       SmallVectorImpl<Operation *> &clonedDefs);
  /// Adds `v` to the captures, or to the definitions to clone if it is a
  /// constant. Fails if it has no LLVM form.
  bool addCapture(Value v, SetVector<Value> &captures,
                  SmallVectorImpl<Operation *> &clonedDefs);
  /// Creates the task function; its builder inserts before the return.
  Task createTask(Operation *op, ArrayRef<Value> captures,
                  ArrayRef<Operation *> clonedDefs);
  /// Fills the closure and calls parallel_for(ctx, task, closure, n) in
  /// place of `op`.
  void emitCall(Operation *op, const Task &task, ArrayRef<Value> captures, Value tripCount);
  Type storageType(Type type);
  Type closureType(ArrayRef<Value> captures);

  func::FuncOp func;
  Value context;
  SymbolTable &symbols;
  LLVMTypeConverter converter;
  SmallVector<Operation *> taskFns;
};

Type Outliner::storageType(Type type) {
  if (isa<IndexType>(type))
    return IntegerType::get(type.getContext(), 64);
  if (LLVM::isCompatibleType(type))
    return type;
  Type converted = converter.convertType(type);
  return converted && LLVM::isCompatibleType(converted) ? converted : Type();
}

bool Outliner::addCapture(Value v, SetVector<Value> &captures,
                          SmallVectorImpl<Operation *> &clonedDefs) {
  Operation *def = v.getDefiningOp();
  bool cloneable = def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
                   (def->hasTrait<OpTrait::ConstantLike>() || isa<memref::GetGlobalOp>(def));
  if (cloneable) {
    if (!llvm::is_contained(clonedDefs, def))
      clonedDefs.push_back(def);
    return true;
  }
  if (!storageType(v.getType()))
    return false;
  captures.insert(v);
  return true;
}

bool Outliner::collectCaptures(Operation *op, ValueRange extra, SetVector<Value> &captures,
                               SmallVectorImpl<Operation *> &clonedDefs) {
  SetVector<Value> used;
  getUsedValuesDefinedAbove(op->getRegions(), used);
  used.insert(extra.begin(), extra.end());
  return llvm::all_of(used, [&](Value v) { return addCapture(v, captures, clonedDefs); });
}

Type Outliner::closureType(ArrayRef<Value> captures) {
  SmallVector<Type> fields;
  for (Value v : captures)
    fields.push_back(storageType(v.getType()));
  return LLVM::LLVMStructType::getLiteral(func.getContext(), fields);
}

Outliner::Task Outliner::createTask(Operation *op, ArrayRef<Value> captures,
                                    ArrayRef<Operation *> clonedDefs) {
  MLIRContext *ctx = op->getContext();
  Location loc = op->getLoc();
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  auto i64 = IntegerType::get(ctx, 64);
  Type structType = closureType(captures);

  // The task: void @<func>_parallel[_N](ptr closure, i64 begin, i64 end).
  OpBuilder moduleBuilder(func);
  moduleBuilder.setInsertionPointAfter(func);
  auto fnType = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                            {ptrType, i64, i64});
  auto fn = LLVM::LLVMFuncOp::create(moduleBuilder, loc, taskName(func.getName(), loc),
                                     fnType, LLVM::Linkage::Internal);
  symbols.insert(fn); // renames on collision
  taskFns.push_back(fn);
  Block *entry = fn.addEntryBlock(moduleBuilder);
  Task task{fn, Value(), Value(), IRMapping(), OpBuilder::atBlockBegin(entry)};
  OpBuilder &b = task.builder;
  for (Operation *def : clonedDefs)
    b.clone(*def, task.mapping);
  Value closure = entry->getArgument(0);
  for (auto [i, v] : llvm::enumerate(captures)) {
    Type field = storageType(v.getType());
    Value slot = LLVM::GEPOp::create(b, loc, ptrType, structType, closure,
                                     ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
    Value loaded = LLVM::LoadOp::create(b, loc, field, slot);
    Type type = v.getType();
    if (isa<IndexType>(type))
      loaded = arith::IndexCastOp::create(b, loc, type, loaded);
    else if (type != field)
      loaded = UnrealizedConversionCastOp::create(b, loc, type, loaded).getResult(0);
    task.mapping.map(v, loaded);
  }
  task.begin = arith::IndexCastOp::create(b, loc, b.getIndexType(), entry->getArgument(1));
  task.end = arith::IndexCastOp::create(b, loc, b.getIndexType(), entry->getArgument(2));
  LLVM::ReturnOp::create(b, loc, ValueRange());
  b.setInsertionPoint(entry->getTerminator());
  return task;
}

void Outliner::emitCall(Operation *op, const Task &task, ArrayRef<Value> captures,
                        Value tripCount) {
  MLIRContext *ctx = op->getContext();
  Location loc = op->getLoc();
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  auto i64 = IntegerType::get(ctx, 64);
  Type structType = closureType(captures);
  // The closure lives in a stack slot of the function's entry block, so a
  // call inside a serial loop does not grow the stack.
  OpBuilder entryBuilder = OpBuilder::atBlockBegin(&func.getBody().front());
  Value one = LLVM::ConstantOp::create(entryBuilder, loc, i64, entryBuilder.getI64IntegerAttr(1));
  Value closureSlot = LLVM::AllocaOp::create(entryBuilder, loc, ptrType, structType, one);
  OpBuilder call(op);
  for (auto [i, v] : llvm::enumerate(captures)) {
    Type field = storageType(v.getType());
    Value stored = v;
    if (isa<IndexType>(v.getType()))
      stored = arith::IndexCastOp::create(call, loc, i64, v);
    else if (v.getType() != field)
      stored = UnrealizedConversionCastOp::create(call, loc, field, v).getResult(0);
    Value slot = LLVM::GEPOp::create(call, loc, ptrType, structType, closureSlot,
                                     ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
    LLVM::StoreOp::create(call, loc, stored, slot);
  }
  Value n = arith::IndexCastOp::create(call, loc, i64, tripCount);
  Value parallelFor = LLVM::LoadOp::create(call, loc, ptrType, context);
  Value taskAddress = LLVM::AddressOfOp::create(call, loc, task.fn);
  auto calleeType = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                                {ptrType, ptrType, ptrType, i64});
  LLVM::CallOp::create(call, loc, calleeType,
                       ValueRange{parallelFor, context, taskAddress, closureSlot, n});
}

/// ceil((ub - lb) / step) for index values.
Value buildTripCount(OpBuilder &b, Location loc, Value lb, Value ub, Value step) {
  Value span = b.createOrFold<arith::SubIOp>(loc, ub, lb);
  Value count = b.createOrFold<arith::CeilDivSIOp>(loc, span, step);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  return b.createOrFold<arith::MaxSIOp>(loc, count, zero);
}

bool Outliner::outlineLoop(Operation *op) {
  Location loc = op->getLoc();
  OpBuilder b(op);
  SmallVector<Value> lbs, ubs, steps;
  Block *body = &op->getRegion(0).front();
  if (auto forall = dyn_cast<scf::ForallOp>(op)) {
    lbs = forall.getLowerBound(b);
    ubs = forall.getUpperBound(b);
    steps = forall.getStep(b);
  } else if (auto parallel = dyn_cast<scf::ParallelOp>(op)) {
    lbs = parallel.getLowerBound();
    ubs = parallel.getUpperBound();
    steps = parallel.getStep();
  } else {
    auto forOp = cast<scf::ForOp>(op);
    lbs = {forOp.getLowerBound()};
    ubs = {forOp.getUpperBound()};
    steps = {forOp.getStep()};
  }
  SmallVector<Value> bounds = llvm::to_vector(llvm::concat<Value>(lbs, steps));
  SetVector<Value> captures;
  SmallVector<Operation *> clonedDefs;
  if (!collectCaptures(op, bounds, captures, clonedDefs))
    return false;

  // Trip counts per dimension (the task delinearizes with them) and their
  // product, the parallel_for range.
  SmallVector<Value> counts;
  Value total = arith::ConstantIndexOp::create(b, loc, 1);
  for (auto [lb, ub, step] : llvm::zip(lbs, ubs, steps)) {
    counts.push_back(buildTripCount(b, loc, lb, ub, step));
    total = b.createOrFold<arith::MulIOp>(loc, total, counts.back());
    if (!addCapture(counts.back(), captures, clonedDefs))
      return false;
  }
  Task task = createTask(op, captures.getArrayRef(), clonedDefs);
  OpBuilder &tb = task.builder;
  Value one = arith::ConstantIndexOp::create(tb, loc, 1);
  auto loop = scf::ForOp::create(tb, loc, task.begin, task.end, one);
  tb.setInsertionPointToStart(loop.getBody());
  // Row-major delinearization of the linear index into the loop's ivs.
  Value rest = loop.getInductionVar();
  SmallVector<Value> ivs(lbs.size());
  for (int d = static_cast<int>(lbs.size()) - 1; d >= 0; --d) {
    Value count = task.mapping.lookup(counts[d]);
    Value index = d == 0 ? rest : tb.createOrFold<arith::RemUIOp>(loc, rest, count);
    if (d > 0)
      rest = tb.createOrFold<arith::DivUIOp>(loc, rest, count);
    Value scaled =
        tb.createOrFold<arith::MulIOp>(loc, index, task.mapping.lookupOrDefault(steps[d]));
    ivs[d] = tb.createOrFold<arith::AddIOp>(loc, task.mapping.lookupOrDefault(lbs[d]), scaled);
  }
  for (auto [arg, iv] : llvm::zip(body->getArguments(), ivs))
    task.mapping.map(arg, iv);
  for (Operation &inner : body->without_terminator())
    tb.clone(inner, task.mapping);
  emitCall(op, task, captures.getArrayRef(), total);
  op->erase();
  return true;
}

bool Outliner::outlineLinalg(linalg::LinalgOp op, unsigned dim) {
  Location loc = op.getLoc();
  SetVector<Value> captures;
  SmallVector<Operation *> clonedDefs;
  if (!collectCaptures(op, op->getOperands(), captures, clonedDefs))
    return false;
  OpBuilder b(op);
  SmallVector<Range> domain = cast<TilingInterface>(op.getOperation()).getIterationDomain(b);
  bool innermost = dim + 1 == op.getNumLoops();
  int64_t grain = innermost ? kInnermostGrain : 1;
  Value extent = getValueOrCreateConstantIndexOp(b, loc, domain[dim].size);
  Value grainValue = arith::ConstantIndexOp::create(b, loc, grain);
  Value blocks = b.createOrFold<arith::CeilDivSIOp>(loc, extent, grainValue);
  if (!addCapture(extent, captures, clonedDefs))
    return false;
  Task task = createTask(op, captures.getArrayRef(), clonedDefs);
  OpBuilder &tb = task.builder;

  // Iterations [begin * grain, min(end * grain, extent)) of `dim`, all of
  // the other dimensions.
  Operation *clone = tb.clone(*op, task.mapping);
  auto tileable = cast<TilingInterface>(clone);
  SmallVector<Range> taskDomain = tileable.getIterationDomain(tb);
  Value taskExtent = task.mapping.lookup(extent);
  Value g = arith::ConstantIndexOp::create(tb, loc, grain);
  Value first = tb.createOrFold<arith::MulIOp>(loc, task.begin, g);
  Value last = tb.createOrFold<arith::MinSIOp>(
      loc, tb.createOrFold<arith::MulIOp>(loc, task.end, g), taskExtent);
  Value size = tb.createOrFold<arith::SubIOp>(loc, last, first);
  SmallVector<OpFoldResult> offsets, sizes;
  for (auto [d, range] : llvm::enumerate(taskDomain)) {
    offsets.push_back(d == dim ? OpFoldResult(first) : range.offset);
    sizes.push_back(d == dim ? OpFoldResult(size) : range.size);
  }
  FailureOr<TilingResult> tiled = tileable.getTiledImplementation(tb, offsets, sizes);
  clone->erase();
  if (failed(tiled)) {
    taskFns.pop_back();
    task.fn.erase(); // the op stays serial
    return false;
  }
  emitCall(op, task, captures.getArrayRef(), blocks);
  op->erase();
  return true;
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct Parallelize : mlir::kiln::impl::ParallelizeBase<Parallelize> {
  using ParallelizeBase::ParallelizeBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> funcs;
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isDeclaration() && !func->hasAttr(kContextArgAttr))
        funcs.push_back(func);
    for (func::FuncOp func : funcs) {
      Value context = addContextArgument(func);
      parallelizeFunction(func, context, symbols);
    }
  }

  /// Appends the context argument (`!llvm.ptr`) to the signature and marks
  /// the function `kiln.context` (an argument attribute would reach LLVM IR
  /// translation, which warns about it).
  static Value addContextArgument(func::FuncOp func) {
    MLIRContext *ctx = func.getContext();
    unsigned index = func.getNumArguments();
    if (failed(func.insertArgument(index, LLVM::LLVMPointerType::get(ctx), DictionaryAttr(),
                                   func.getLoc())))
      return Value();
    func->setAttr(kContextArgAttr, UnitAttr::get(ctx));
    return func.getArgument(index);
  }

  void parallelizeFunction(func::FuncOp func, Value context, SymbolTable &symbols) {
    if (!context)
      return;
    // Outermost candidates: do not look inside parallel constructs or
    // linalg ops; serial loops and conditionals are searched.
    SmallVector<Operation *> candidates;
    func.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isParallelLoop(op) || isa<linalg::LinalgOp>(op)) {
        candidates.push_back(op);
        return WalkResult::skip();
      }
      return WalkResult::advance();
    });
    Outliner outliner(func, context, symbols);
    for (Operation *op : candidates) {
      double work = estimateWork(op);
      if (work < static_cast<double>(minWork))
        continue;
      if (isParallelLoop(op)) {
        outliner.outlineLoop(op);
      } else if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
        if (std::optional<unsigned> dim = chooseSplitDim(linalgOp))
          outliner.outlineLinalg(linalgOp, *dim);
      }
    }
    // Bounds and sizes built on the way that nothing uses.
    for (Operation *fn : outliner.tasks())
      eraseDeadOps(fn);
    eraseDeadOps(func);
  }

  static void eraseDeadOps(Operation *root) {
    root->walk<WalkOrder::PostOrder, ReverseIterator>([&](Operation *op) {
      if (op != root && isOpTriviallyDead(op))
        op->erase();
    });
  }
};

} // namespace
