//===- MicroKernel.cpp - register-blocked contraction loop nests ----------===//
#include "codegen/cpu/MicroKernel.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::kiln;

static bool usesDim(AffineMap map, unsigned dim) {
  return llvm::any_of(map.getResults(),
                      [&](AffineExpr e) { return e.isFunctionOfDim(dim); });
}

/// The vector dimension may only appear in the last result, with unit
/// coefficient (`dim` or `dim + <other dims>`): vectors are contiguous.
static bool vectorDimIsInnermost(AffineMap map, unsigned dim) {
  if (!usesDim(map, dim))
    return true;
  ArrayRef<AffineExpr> results = map.getResults();
  MLIRContext *ctx = map.getContext();
  AffineExpr last = results.back();
  AffineExpr rest = last.replace(getAffineDimExpr(dim, ctx), getAffineConstantExpr(0, ctx));
  if (simplifyAffineExpr(last - rest, map.getNumDims(), map.getNumSymbols()) !=
      getAffineDimExpr(dim, ctx))
    return false;
  return llvm::none_of(results.drop_back(),
                       [&](AffineExpr e) { return e.isFunctionOfDim(dim); });
}

LogicalResult mlir::kiln::verifyContractionKernel(const ContractionKernel &k,
                                                  std::string &reason) {
  auto fail = [&](const char *why) {
    reason = why;
    return failure();
  };
  if (!usesDim(k.outMap, k.rowDim) || !vectorDimIsInnermost(k.outMap, k.vectorDim) ||
      !usesDim(k.outMap, k.vectorDim))
    return fail("output must use the row dimension and end with the vector dimension");
  if (!vectorDimIsInnermost(k.lhsMap, k.vectorDim) ||
      !vectorDimIsInnermost(k.rhsMap, k.vectorDim))
    return fail("an operand uses the vector dimension other than as its last index");
  if (!usesDim(k.lhsMap, k.vectorDim) && !usesDim(k.rhsMap, k.vectorDim))
    return fail("no operand varies along the vector dimension");
  if (k.rows < 1 || k.width < 1)
    return fail("empty register tile");
  if (k.isReduction[k.vectorDim] || k.isReduction[k.rowDim])
    return fail("the row and vector dimensions must be parallel");
  // Every other dimension needs a loop: parallel ones around the kernel,
  // reductions inside it.
  for (unsigned d = 0; d < k.extents.size(); ++d) {
    if (d == k.vectorDim)
      continue;
    bool inLoops = llvm::any_of(k.loops, [&](KernelLoop l) { return l.dim == d && !l.block; });
    bool inKernel = llvm::is_contained(k.reductionOrder, d);
    if (k.isReduction[d] ? !inKernel || inLoops : !inLoops || inKernel)
      return fail("a dimension has no loop, or a loop of the wrong kind");
  }
  return success();
}

namespace {

class Emitter {
public:
  Emitter(OpBuilder &b, Location loc, const ContractionKernel &k)
      : b(b), loc(loc), k(k) {
    Type element = cast<ShapedType>(k.init.getType()).getElementType();
    vecType = VectorType::get({k.width}, element);
    size_t numDims = k.extents.size();
    zero = constant(0);
    lower.assign(numDims, zero);
    upper.assign(k.extents.begin(), k.extents.end());
    point.assign(numDims, Value());
    padding = arith::ConstantOp::create(b, loc, element, b.getZeroAttr(element));
  }

  Value emit() { return emitLoops(0, k.init, k.rows); }

private:
  Value constant(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  /// scf.for carrying `carried`; `body` gets the induction variable and the
  /// loop-carried values and returns the values to yield.
  SmallVector<Value>
  forLoop(Value lb, Value ub, Value step, ValueRange carried,
          function_ref<SmallVector<Value>(Value, ValueRange)> body) {
    auto loop = scf::ForOp::create(
        b, loc, lb, ub, step, carried,
        [&](OpBuilder &nested, Location nestedLoc, Value iv, ValueRange args) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nested.getInsertionBlock(), nested.getInsertionPoint());
          scf::YieldOp::create(b, nestedLoc, body(iv, args));
        });
    return SmallVector<Value>(loop.getResults());
  }

  Value emitLoops(size_t index, Value out, int64_t rows) {
    if (index == k.loops.size())
      return emitKernel(out, rows);
    KernelLoop loop = k.loops[index];
    unsigned d = loop.dim;
    Value lo = lower[d], hi = upper[d];
    if (loop.block > 0) {
      Value step = constant(loop.block);
      return forLoop(lo, hi, step, out, [&](Value iv, ValueRange args) {
        Value savedLo = lower[d], savedHi = upper[d];
        lower[d] = iv;
        Value end = arith::AddIOp::create(b, loc, iv, step);
        upper[d] = arith::MinSIOp::create(b, loc, end, savedHi);
        Value r = emitLoops(index + 1, args[0], rows);
        lower[d] = savedLo;
        upper[d] = savedHi;
        return SmallVector<Value>{r};
      })[0];
    }
    if (d != k.rowDim) {
      return forLoop(lo, hi, constant(1), out, [&](Value iv, ValueRange args) {
        point[d] = iv;
        return SmallVector<Value>{emitLoops(index + 1, args[0], rows)};
      })[0];
    }
    // The row dimension: full tiles of `rows`, then the remainder.
    std::optional<int64_t> staticLo = getConstantIntValue(lo);
    std::optional<int64_t> staticHi = getConstantIntValue(hi);
    Value step = constant(rows);
    if (staticLo && staticHi) {
      int64_t count = *staticHi - *staticLo, full = count / rows * rows;
      if (full > 0)
        out = forLoop(lo, constant(*staticLo + full), step, out,
                      [&](Value iv, ValueRange args) {
                        point[d] = iv;
                        return SmallVector<Value>{emitLoops(index + 1, args[0], rows)};
                      })[0];
      if (count > full) {
        point[d] = constant(*staticLo + full);
        out = emitLoops(index + 1, out, count - full);
      }
      return out;
    }
    Value count = arith::SubIOp::create(b, loc, hi, lo);
    Value full = arith::MulIOp::create(
        b, loc, arith::DivUIOp::create(b, loc, count, step), step);
    Value fullEnd = arith::AddIOp::create(b, loc, lo, full);
    out = forLoop(lo, fullEnd, step, out, [&](Value iv, ValueRange args) {
      point[d] = iv;
      return SmallVector<Value>{emitLoops(index + 1, args[0], rows)};
    })[0];
    return forLoop(fullEnd, hi, constant(1), out, [&](Value iv, ValueRange args) {
      point[d] = iv;
      return SmallVector<Value>{emitLoops(index + 1, args[0], 1)};
    })[0];
  }

  /// Dimension values for row `row` of the tile (vector dimension at 0).
  SmallVector<Value> dimValues(int64_t row) {
    SmallVector<Value> values(point);
    values[k.vectorDim] = zero;
    if (row > 0)
      values[k.rowDim] = arith::AddIOp::create(b, loc, point[k.rowDim], constant(row));
    return values;
  }

  SmallVector<Value> indices(AffineMap map, ArrayRef<Value> dims) {
    SmallVector<Value> result;
    for (AffineExpr e : map.getResults())
      result.push_back(affine::expandAffineExpr(b, loc, e, dims, {}));
    return result;
  }

  /// One operand's value as a vector: a vector read or a broadcast scalar.
  Value read(Value tensor, AffineMap map, ArrayRef<Value> dims) {
    SmallVector<Value> idx = indices(map, dims);
    if (usesDim(map, k.vectorDim))
      return vector::TransferReadOp::create(b, loc, vecType, tensor, idx, padding,
                                            ArrayRef<bool>{true});
    Value scalar = tensor::ExtractOp::create(b, loc, tensor, idx);
    return vector::BroadcastOp::create(b, loc, vecType, scalar);
  }

  Value emitKernel(Value out, int64_t rows) {
    SmallVector<Value> accs;
    for (int64_t r = 0; r < rows; ++r)
      accs.push_back(vector::TransferReadOp::create(
          b, loc, vecType, out, indices(k.outMap, dimValues(r)), padding,
          ArrayRef<bool>{k.outputInBounds}));
    accs = emitReductions(0, accs, rows);
    for (int64_t r = 0; r < rows; ++r)
      out = vector::TransferWriteOp::create(b, loc, accs[r], out,
                                            indices(k.outMap, dimValues(r)),
                                            ArrayRef<bool>{k.outputInBounds})
                .getResult();
    return out;
  }

  SmallVector<Value> emitReductions(size_t index, ValueRange accs, int64_t rows) {
    if (index < k.reductionOrder.size()) {
      unsigned d = k.reductionOrder[index];
      return forLoop(lower[d], upper[d], constant(1), accs,
                     [&](Value iv, ValueRange args) {
                       point[d] = iv;
                       return emitReductions(index + 1, args, rows);
                     });
    }
    // Operands that do not vary along rows are read once per step.
    bool lhsRows = usesDim(k.lhsMap, k.rowDim), rhsRows = usesDim(k.rhsMap, k.rowDim);
    SmallVector<Value> base = dimValues(0);
    Value lhsShared = lhsRows ? Value() : read(k.lhs, k.lhsMap, base);
    Value rhsShared = rhsRows ? Value() : read(k.rhs, k.rhsMap, base);
    SmallVector<Value> result;
    for (int64_t r = 0; r < rows; ++r) {
      SmallVector<Value> dims = r == 0 ? base : dimValues(r);
      Value lhs = lhsRows ? read(k.lhs, k.lhsMap, dims) : lhsShared;
      Value rhs = rhsRows ? read(k.rhs, k.rhsMap, dims) : rhsShared;
      result.push_back(vector::FMAOp::create(b, loc, lhs, rhs, accs[r]));
    }
    return result;
  }

  OpBuilder &b;
  Location loc;
  const ContractionKernel &k;
  VectorType vecType;
  Value zero, padding;
  /// Current range of every dimension, and the current point of the
  /// dimensions whose loops are open.
  SmallVector<Value> lower, upper, point;
};

} // namespace

Value mlir::kiln::emitContractionKernel(OpBuilder &b, Location loc,
                                        const ContractionKernel &kernel) {
  return Emitter(b, loc, kernel).emit();
}
