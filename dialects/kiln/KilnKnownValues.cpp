//===- KilnKnownValues.cpp - partly known shape tensors -------------------===//
//
// With dynamic dims, Shape(x) no longer folds to a constant, yet most of its
// entries are static. Consumers of shape-like operands (Reshape's target
// shape, Expand, Tile repeats, ...) can still use the known entries: this
// walks the small integer computations exported models build shapes with.
//
//===----------------------------------------------------------------------===//
#include "dialects/kiln/KilnOps.h"
#include "dialects/kiln/ShapeUtils.h"

#include "mlir/IR/Matchers.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::kiln;

// Shape tensors are short; longer vectors are not worth tracing.
static constexpr int64_t kMaxEntries = 64;
static constexpr int kMaxDepth = 16;

static std::optional<SmallVector<int64_t>> known(Value v, int depth);

static bool isDyn(int64_t x) { return ShapedType::isDynamic(x); }

/// Like `known`, for an operand that must be fully known (indices, axes).
static std::optional<SmallVector<int64_t>> fullyKnown(Value v, int depth) {
  auto entries = known(v, depth);
  if (!entries || llvm::any_of(*entries, isDyn))
    return std::nullopt;
  return entries;
}

static std::optional<int64_t> binary(Operation *op, int64_t a, int64_t b) {
  if (isa<AddOp>(op))
    return a + b;
  if (isa<SubOp>(op))
    return a - b;
  if (isa<MulOp>(op))
    return a * b;
  if (isa<DivOp>(op) && b != 0 && a % b == 0)
    return a / b; // Exact only: integer division rounding is left alone.
  return std::nullopt;
}

static std::optional<SmallVector<int64_t>> known(Value v, int depth) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || type.getRank() > 1 || !type.hasStaticShape() ||
      type.getNumElements() > kMaxEntries || !type.getElementType().isSignlessInteger() ||
      type.getElementType().isInteger(1) || depth > kMaxDepth)
    return std::nullopt;
  int64_t n = type.getNumElements();
  SmallVector<int64_t> unknown(n, ShapedType::kDynamic);
  DenseIntElementsAttr dense;
  if (matchPattern(v, m_Constant(&dense))) {
    SmallVector<int64_t> out;
    for (const APInt &x : dense.getValues<APInt>())
      out.push_back(x.getSExtValue());
    return out;
  }
  Operation *op = v.getDefiningOp();
  if (!op)
    return unknown;
  if (auto shape = dyn_cast<ShapeOp>(op)) {
    auto input = dyn_cast<RankedTensorType>(shape.getInput().getType());
    if (!input || shape.getEnd() - shape.getStart() != n)
      return unknown;
    return SmallVector<int64_t>(input.getShape().slice(shape.getStart(), n));
  }
  if (isa<CastOp, ReshapeOp>(op)) {
    // Reshapes keep the entries in order; integer casts keep the values
    // that fit the result type (the source is an integer tensor too).
    auto source = known(op->getOperand(0), depth + 1);
    if (!source || static_cast<int64_t>(source->size()) != n)
      return unknown;
    unsigned width = type.getElementType().getIntOrFloatBitWidth();
    for (int64_t &x : *source)
      if (!isDyn(x) && width < 64 && !llvm::isIntN(width, x))
        x = ShapedType::kDynamic;
    return *source;
  }
  if (auto concat = dyn_cast<ConcatOp>(op)) {
    SmallVector<int64_t> out;
    for (Value input : concat.getInputs()) {
      auto part = known(input, depth + 1);
      if (!part)
        return unknown;
      out.append(*part);
    }
    return static_cast<int64_t>(out.size()) == n ? out : unknown;
  }
  if (auto gather = dyn_cast<GatherOp>(op)) {
    auto source = known(gather.getInput(), depth + 1);
    auto indices = fullyKnown(gather.getIndices(), depth + 1);
    if (!source || !indices || static_cast<int64_t>(indices->size()) != n)
      return unknown;
    int64_t dim = source->size();
    SmallVector<int64_t> out;
    for (int64_t i : *indices) {
      if (i < 0)
        i += dim;
      if (i < 0 || i >= dim)
        return unknown;
      out.push_back((*source)[i]);
    }
    return out;
  }
  if (auto slice = dyn_cast<SliceOp>(op)) {
    auto source = known(slice.getInput(), depth + 1);
    auto starts = fullyKnown(slice.getStarts(), depth + 1);
    auto ends = fullyKnown(slice.getEnds(), depth + 1);
    auto steps = fullyKnown(slice.getSteps(), depth + 1);
    if (!source || !starts || !ends || !steps || starts->size() != 1 || ends->size() != 1 ||
        steps->size() != 1 || (*steps)[0] == 0)
      return unknown;
    int64_t first = 0, step = (*steps)[0];
    int64_t count = sliceBounds((*starts)[0], (*ends)[0], step, source->size(), first);
    if (count != n)
      return unknown;
    SmallVector<int64_t> out;
    for (int64_t i = 0; i < count; ++i)
      out.push_back((*source)[first + i * step]);
    return out;
  }
  if (isa<AddOp, SubOp, MulOp, DivOp>(op)) {
    auto a = known(op->getOperand(0), depth + 1), b = known(op->getOperand(1), depth + 1);
    if (!a || !b)
      return unknown;
    auto at = [](const SmallVector<int64_t> &x, int64_t i) {
      return x.size() == 1 ? x[0] : x[i];
    };
    if ((a->size() != 1 && static_cast<int64_t>(a->size()) != n) ||
        (b->size() != 1 && static_cast<int64_t>(b->size()) != n))
      return unknown;
    SmallVector<int64_t> out;
    for (int64_t i = 0; i < n; ++i) {
      int64_t x = at(*a, i), y = at(*b, i);
      std::optional<int64_t> r;
      if (!isDyn(x) && !isDyn(y))
        r = binary(op, x, y);
      out.push_back(r ? *r : ShapedType::kDynamic);
    }
    return out;
  }
  return unknown;
}

std::optional<SmallVector<int64_t>> mlir::kiln::knownIntEntries(Value v) {
  return known(v, 0);
}
