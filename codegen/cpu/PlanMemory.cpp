//===- PlanMemory.cpp - kiln-cpu-plan-memory ------------------------------===//
//
// Static memory plan: a function's temporary buffers become views of one
// arena, buffers whose live ranges do not overlap sharing bytes (see
// Passes.td for the rules).
//===----------------------------------------------------------------------===//
#include "codegen/cpu/Passes.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_PLANMEMORY
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;

int64_t alignUp(int64_t bytes) { return (bytes + kAlignment - 1) / kAlignment * kAlignment; }

/// Bytes of one element, or nullopt for types without a fixed byte size.
std::optional<int64_t> elementBytes(Type type) {
  if (type.isIndex())
    return 8;
  if (type.isIntOrFloat())
    return (type.getIntOrFloatBitWidth() + 7) / 8;
  return std::nullopt;
}

std::optional<int64_t> bufferBytes(MemRefType type) {
  std::optional<int64_t> element = elementBytes(type.getElementType());
  if (!element || !type.hasStaticShape())
    return std::nullopt;
  return type.getNumElements() * *element;
}

/// A buffer to place: [start, end] are positions in the entry block.
struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0, start = 0, end = 0, offset = 0;
};

/// Position in `block` of the op of `block` that is or contains `op`.
std::optional<int64_t> positionIn(Block &block, Operation *op,
                                  const DenseMap<Operation *, int64_t> &positions) {
  Operation *ancestor = block.findAncestorOpInBlock(*op);
  if (!ancestor)
    return std::nullopt;
  return positions.lookup(ancestor);
}

/// Last position where `alloc`'s memory may be used, following every value
/// an op derives from it (any memref result of a user may alias it). None
/// when the buffer escapes the function or is freed explicitly.
std::optional<int64_t> lastUse(memref::AllocOp alloc, Block &block,
                               const DenseMap<Operation *, int64_t> &positions) {
  int64_t end = positions.lookup(alloc);
  SmallVector<Value> worklist{alloc.getResult()};
  DenseSet<Value> seen{alloc.getResult()};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (isa<func::ReturnOp, memref::DeallocOp, func::CallOp>(user) ||
          (isa<memref::StoreOp>(user) && use.getOperandNumber() == 0))
        return std::nullopt;
      // Values yielded out of a region alias the region op's results, and
      // block arguments of loops alias their inits: the user's ancestor in
      // the entry block covers all of them.
      std::optional<int64_t> at = positionIn(block, user, positions);
      if (!at)
        return std::nullopt;
      end = std::max(end, *at);
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType()) && seen.insert(result).second)
          worklist.push_back(result);
      if (user->hasTrait<OpTrait::ReturnLike>())
        for (Value result : user->getParentOp()->getResults())
          if (isa<BaseMemRefType>(result.getType()) && seen.insert(result).second)
            worklist.push_back(result);
    }
  }
  return end;
}

/// Largest first, each at the lowest aligned offset free of every placed
/// buffer live at the same time. Returns the arena size.
int64_t assignOffsets(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &b : buffers)
    order.push_back(&b);
  llvm::stable_sort(order, [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
  SmallVector<Buffer *> placed;
  int64_t arena = 0;
  for (Buffer *buffer : order) {
    SmallVector<std::pair<int64_t, int64_t>> taken;
    for (Buffer *other : placed)
      if (other->start <= buffer->end && buffer->start <= other->end)
        taken.push_back({other->offset, other->offset + alignUp(other->bytes)});
    llvm::sort(taken);
    int64_t offset = 0;
    for (auto [lo, hi] : taken) {
      if (offset + buffer->bytes <= lo)
        break;
      offset = std::max(offset, hi);
    }
    buffer->offset = offset;
    arena = std::max(arena, offset + alignUp(buffer->bytes));
    placed.push_back(buffer);
  }
  return arena;
}

int64_t planFunction(func::FuncOp func) {
  if (func.isExternal())
    return 0;
  Block &block = func.getBody().front();
  DenseMap<Operation *, int64_t> positions;
  int64_t position = 0;
  for (Operation &op : block)
    positions[&op] = position++;
  SmallVector<Buffer> buffers;
  for (auto alloc : block.getOps<memref::AllocOp>()) {
    MemRefType type = alloc.getType();
    std::optional<int64_t> bytes = bufferBytes(type);
    if (!bytes || !type.getLayout().isIdentity() || type.getMemorySpace())
      continue;
    std::optional<int64_t> end = lastUse(alloc, block, positions);
    if (!end)
      continue;
    buffers.push_back({alloc, *bytes, positions.lookup(alloc), *end, 0});
  }
  if (buffers.size() < 2)
    return 0;
  int64_t arenaBytes = assignOffsets(buffers);
  OpBuilder b(&block, block.begin());
  Location loc = func.getLoc();
  auto arenaType = MemRefType::get({arenaBytes}, b.getI8Type());
  Value arena = memref::AllocOp::create(b, loc, arenaType, ValueRange{},
                                        b.getI64IntegerAttr(kAlignment));
  for (Buffer &buffer : buffers) {
    b.setInsertionPoint(buffer.alloc);
    Value offset = arith::ConstantIndexOp::create(b, buffer.alloc.getLoc(), buffer.offset);
    Value view = memref::ViewOp::create(b, buffer.alloc.getLoc(), buffer.alloc.getType(),
                                        arena, offset, ValueRange{});
    buffer.alloc.replaceAllUsesWith(view);
    buffer.alloc.erase();
  }
  return arenaBytes;
}

int64_t constantGlobalBytes(ModuleOp module) {
  int64_t total = 0;
  module.walk([&](memref::GlobalOp global) {
    if (!global.getInitialValue() || global.isExternal())
      return;
    if (std::optional<int64_t> bytes = bufferBytes(global.getType()))
      total += *bytes;
  });
  return total;
}

struct PlanMemoryPass : kiln::impl::PlanMemoryBase<PlanMemoryPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    int64_t arena = 0;
    for (auto func : module.getOps<func::FuncOp>())
      arena = std::max(arena, planFunction(func));
    Builder b(module.getContext());
    module->setAttr("kiln.arena_bytes", b.getI64IntegerAttr(arena));
    module->setAttr("kiln.weight_bytes", b.getI64IntegerAttr(constantGlobalBytes(module)));
  }
};

} // namespace
