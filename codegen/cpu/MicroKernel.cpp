//===- MicroKernel.cpp - register-blocked contraction loop nests ----------===//
#include "codegen/cpu/MicroKernel.h"
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/Support/MathExtras.h"

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
  if (k.outerRowDim && (*k.outerRowDim == k.rowDim || *k.outerRowDim == k.vectorDim ||
                        k.isReduction[*k.outerRowDim] || !usesDim(k.outMap, *k.outerRowDim) ||
                        k.outerRows < 1))
    return fail("the outer row dimension must be another parallel output dimension");
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

  Value emit() {
    if (k.prefetchDim) {
      // A view of the rhs as a buffer to prefetch from; a fully dynamic
      // layout matches whatever bufferization gives it without a copy.
      auto type = cast<RankedTensorType>(k.rhs.getType());
      SmallVector<int64_t> strides(type.getRank(), ShapedType::kDynamic);
      auto layout = StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, strides);
      rhsBuffer = bufferization::ToBufferOp::create(
          b, loc, MemRefType::get(type.getShape(), type.getElementType(), layout), k.rhs,
          /*read_only=*/true);
    }
    return emitLoops(0, k.init, {k.outerRows, k.rows});
  }

private:
  /// Rows of the register tile along the outer and the inner row dimension.
  struct Tile {
    int64_t outer, inner;
  };

  Value constant(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  /// scf.for carrying `carried`; `body` gets the induction variable and the
  /// loop-carried values and returns the values to yield. A `parallel` loop
  /// is marked for kiln-cpu-parallelize: its iterations write disjoint
  /// output tiles.
  SmallVector<Value>
  forLoop(Value lb, Value ub, Value step, ValueRange carried, bool parallel,
          function_ref<SmallVector<Value>(Value, ValueRange)> body) {
    auto loop = scf::ForOp::create(
        b, loc, lb, ub, step, carried,
        [&](OpBuilder &nested, Location nestedLoc, Value iv, ValueRange args) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nested.getInsertionBlock(), nested.getInsertionPoint());
          scf::YieldOp::create(b, nestedLoc, body(iv, args));
        });
    if (parallel)
      loop->setAttr(kParallelLoopAttr, b.getUnitAttr());
    return SmallVector<Value>(loop.getResults());
  }

  /// True when a loop over [lo, hi) by `step` may run more than once.
  static bool mayRepeat(Value lo, Value hi, int64_t step) {
    std::optional<int64_t> l = getConstantIntValue(lo), h = getConstantIntValue(hi);
    return !l || !h || *h - *l > step;
  }

  /// Trips of loops[index] over the current ranges, when static (row
  /// loops count full tiles).
  std::optional<int64_t> staticTrips(size_t index, Tile tile) {
    KernelLoop loop = k.loops[index];
    std::optional<int64_t> l = getConstantIntValue(lower[loop.dim]);
    std::optional<int64_t> h = getConstantIntValue(upper[loop.dim]);
    if (!l || !h)
      return std::nullopt;
    int64_t count = *h - *l;
    if (loop.block)
      return llvm::divideCeil(count, loop.block);
    if (loop.dim == k.rowDim)
      return count / tile.inner;
    if (k.outerRowDim && loop.dim == *k.outerRowDim)
      return count / tile.outer;
    return count;
  }

  /// A loop of few trips splits unevenly over threads (3 trips on 2 threads
  /// leave one idle a third of the time): it stays serial when a parallel
  /// loop inside it has enough trips to split instead.
  bool innerLoopSplitsBetter(size_t index, Tile tile) {
    constexpr int64_t kMinParallelTrips = 8;
    std::optional<int64_t> own = staticTrips(index, tile);
    if (!own || *own >= kMinParallelTrips)
      return false;
    for (size_t j = index + 1; j < k.loops.size(); ++j) {
      std::optional<int64_t> trips = staticTrips(j, tile);
      if (!k.isReduction[k.loops[j].dim] && trips && *trips >= kMinParallelTrips)
        return true;
    }
    return false;
  }

  /// Emits loops[index...] and the kernel. The outermost loop over a
  /// parallel dimension that repeats (and splits well, see
  /// innerLoopSplitsBetter) is marked parallel (`inParallel`: one enclosing
  /// loop already is); loops nested in it stay serial.
  Value emitLoops(size_t index, Value out, Tile tile, bool inParallel = false) {
    if (index == k.loops.size())
      return emitKernel(out, tile);
    KernelLoop loop = k.loops[index];
    unsigned d = loop.dim;
    Value lo = lower[d], hi = upper[d];
    bool splitInside = innerLoopSplitsBetter(index, tile);
    auto markIf = [&](int64_t step) {
      return !inParallel && !k.isReduction[d] && mayRepeat(lo, hi, step) && !splitInside;
    };
    if (loop.block > 0) {
      Value step = constant(loop.block);
      bool mark = markIf(loop.block);
      return forLoop(lo, hi, step, out, mark, [&](Value iv, ValueRange args) {
        Value savedLo = lower[d], savedHi = upper[d];
        lower[d] = iv;
        Value end = arith::AddIOp::create(b, loc, iv, step);
        upper[d] = arith::MinSIOp::create(b, loc, end, savedHi);
        Value r = emitLoops(index + 1, args[0], tile, inParallel || mark);
        lower[d] = savedLo;
        upper[d] = savedHi;
        return SmallVector<Value>{r};
      })[0];
    }
    bool inner = d == k.rowDim, outer = k.outerRowDim && d == *k.outerRowDim;
    if (!inner && !outer) {
      bool mark = markIf(1);
      return forLoop(lo, hi, constant(1), out, mark, [&](Value iv, ValueRange args) {
        point[d] = iv;
        return SmallVector<Value>{emitLoops(index + 1, args[0], tile, inParallel || mark)};
      })[0];
    }
    // A row dimension: full tiles, then the remainder as a narrower tile.
    int64_t rows = inner ? tile.inner : tile.outer;
    auto withRows = [&](int64_t count) {
      Tile t = tile;
      (inner ? t.inner : t.outer) = count;
      return t;
    };
    std::optional<int64_t> staticLo = getConstantIntValue(lo);
    std::optional<int64_t> staticHi = getConstantIntValue(hi);
    Value step = constant(rows);
    if (staticLo && staticHi) {
      int64_t count = *staticHi - *staticLo, full = count / rows * rows;
      bool mark = !inParallel && full > rows && !splitInside;
      if (full > 0)
        out = forLoop(lo, constant(*staticLo + full), step, out, mark,
                      [&](Value iv, ValueRange args) {
                        point[d] = iv;
                        return SmallVector<Value>{
                            emitLoops(index + 1, args[0], tile, inParallel || mark)};
                      })[0];
      if (count > full) {
        point[d] = constant(*staticLo + full);
        out = emitLoops(index + 1, out, withRows(count - full), inParallel);
      }
      return out;
    }
    Value count = arith::SubIOp::create(b, loc, hi, lo);
    Value full = arith::MulIOp::create(
        b, loc, arith::DivUIOp::create(b, loc, count, step), step);
    Value fullEnd = arith::AddIOp::create(b, loc, lo, full);
    bool mark = !inParallel;
    out = forLoop(lo, fullEnd, step, out, mark, [&](Value iv, ValueRange args) {
      point[d] = iv;
      return SmallVector<Value>{emitLoops(index + 1, args[0], tile, inParallel || mark)};
    })[0];
    return forLoop(fullEnd, hi, constant(1), out, mark, [&](Value iv, ValueRange args) {
      point[d] = iv;
      return SmallVector<Value>{
          emitLoops(index + 1, args[0], withRows(1), inParallel || mark)};
    })[0];
  }

  /// Dimension values at row (outer, inner) of the tile (vector dimension
  /// at 0).
  SmallVector<Value> dimValues(int64_t outer, int64_t inner) {
    SmallVector<Value> values(point);
    values[k.vectorDim] = zero;
    if (inner > 0)
      values[k.rowDim] = arith::AddIOp::create(b, loc, point[k.rowDim], constant(inner));
    if (outer > 0)
      values[*k.outerRowDim] =
          arith::AddIOp::create(b, loc, point[*k.outerRowDim], constant(outer));
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

  /// The accumulators as stored in `out`.
  SmallVector<Value> readAccumulators(Value out, Tile tile) {
    SmallVector<Value> accs;
    for (int64_t j = 0; j < tile.outer; ++j)
      for (int64_t i = 0; i < tile.inner; ++i)
        accs.push_back(vector::TransferReadOp::create(
            b, loc, vecType, out, indices(k.outMap, dimValues(j, i)), padding,
            ArrayRef<bool>{k.outputInBounds}));
    return accs;
  }

  /// Starting accumulators: the fill value on the first reduction block
  /// (no memory traffic), what earlier blocks stored otherwise.
  SmallVector<Value> initialAccumulators(Value out, Tile tile) {
    if (!k.initValue && !k.prologue)
      return readAccumulators(out, tile);
    SmallVector<Value> splat;
    for (int64_t j = 0; j < tile.outer; ++j)
      for (int64_t i = 0; i < tile.inner; ++i)
        splat.push_back(k.prologue
                            ? applyEpilogue(*k.prologue, Value(), indices(k.outMap, dimValues(j, i)))
                            : vector::BroadcastOp::create(b, loc, vecType, k.initValue));
    Value first;
    for (KernelLoop loop : k.loops) {
      if (!loop.block || !k.isReduction[loop.dim])
        continue;
      Value isFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                            lower[loop.dim], zero);
      first = first ? arith::AndIOp::create(b, loc, first, isFirst).getResult() : isFirst;
    }
    if (!first)
      return splat;
    auto ifOp = scf::IfOp::create(
        b, loc, first,
        [&](OpBuilder &nested, Location l) { scf::YieldOp::create(nested, l, splat); },
        [&](OpBuilder &nested, Location l) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nested.getInsertionBlock(), nested.getInsertionPoint());
          scf::YieldOp::create(b, l, readAccumulators(out, tile));
        });
    return SmallVector<Value>(ifOp.getResults());
  }

  Value applyEpilogue(const Epilogue &e, Value acc, ArrayRef<Value> outIdx) {
    return applyElementwiseOps(b, loc, e, acc, outIdx, k.width, k.outputInBounds);
  }

  /// True on the last block of every blocked reduction (null: no blocks).
  Value lastReductionBlock() {
    Value last;
    for (KernelLoop loop : k.loops) {
      if (!loop.block || !k.isReduction[loop.dim])
        continue;
      Value isLast = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, upper[loop.dim],
                                           k.extents[loop.dim]);
      last = last ? arith::AndIOp::create(b, loc, last, isLast).getResult() : isLast;
    }
    return last;
  }

  /// Stores the accumulators, through the epilogue when `finished`. Each
  /// row is stored right after its epilogue, so that only one row's
  /// temporaries are live at a time: computing every row first kept all of
  /// them live next to the accumulators, and spilled.
  Value storeAccumulators(Value out, ValueRange accs, Tile tile, bool finished) {
    for (int64_t j = 0, r = 0; j < tile.outer; ++j)
      for (int64_t i = 0; i < tile.inner; ++i, ++r) {
        SmallVector<Value> idx = indices(k.outMap, dimValues(j, i));
        Value value = finished ? applyEpilogue(*k.epilogue, accs[r], idx) : accs[r];
        out = vector::TransferWriteOp::create(b, loc, value, out, idx,
                                              ArrayRef<bool>{k.outputInBounds})
                  .getResult();
      }
    return out;
  }

  Value emitKernel(Value out, Tile tile) {
    SmallVector<Value> accs = initialAccumulators(out, tile);
    accs = emitReductions(0, accs, tile);
    if (!k.epilogue)
      return storeAccumulators(out, accs, tile, false);
    // The epilogue runs once the reduction is complete.
    Value last = lastReductionBlock();
    if (!last)
      return storeAccumulators(out, accs, tile, true);
    auto branch = [&](bool finished) {
      return [&, finished](OpBuilder &nested, Location l) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nested.getInsertionBlock(), nested.getInsertionPoint());
        scf::YieldOp::create(b, l, storeAccumulators(out, accs, tile, finished));
      };
    };
    return scf::IfOp::create(b, loc, last, branch(true), branch(false)).getResult(0);
  }

  SmallVector<Value> emitReductions(size_t index, ValueRange accs, Tile tile) {
    if (index < k.reductionOrder.size()) {
      unsigned d = k.reductionOrder[index];
      return forLoop(lower[d], upper[d], constant(1), accs, /*parallel=*/false,
                     [&](Value iv, ValueRange args) {
                       point[d] = iv;
                       return emitReductions(index + 1, args, tile);
                     });
    }
    // Each operand is read once per distinct index it sees in the tile: a
    // filter vector once per step, an input element once per row.
    auto operandReads = [&](Value tensor, AffineMap map) {
      bool byInner = usesDim(map, k.rowDim);
      bool byOuter = k.outerRowDim && usesDim(map, *k.outerRowDim);
      DenseMap<std::pair<int64_t, int64_t>, Value> cache;
      return [this, tensor, map, byInner, byOuter, cache](int64_t j, int64_t i) mutable {
        std::pair<int64_t, int64_t> key{byOuter ? j : 0, byInner ? i : 0};
        Value &v = cache[key];
        if (!v)
          v = read(tensor, map, dimValues(key.first, key.second));
        return v;
      };
    };
    auto lhs = operandReads(k.lhs, k.lhsMap);
    auto rhs = operandReads(k.rhs, k.rhsMap);
    if (rhsBuffer) {
      SmallVector<Value> ahead = dimValues(0, 0);
      ahead[*k.prefetchDim] =
          arith::AddIOp::create(b, loc, ahead[*k.prefetchDim], constant(k.prefetchDistance));
      SmallVector<Value> idx = indices(k.rhsMap, ahead);
      int64_t bits = vecType.getElementTypeBitWidth();
      // One prefetch per 64-byte line of the vector.
      for (int64_t lane = 0; lane < k.width; lane += std::max<int64_t>(1, 512 / bits)) {
        SmallVector<Value> at(idx);
        if (lane > 0)
          at.back() = arith::AddIOp::create(b, loc, at.back(), constant(lane));
        memref::PrefetchOp::create(b, loc, rhsBuffer, at, b.getBoolAttr(false),
                                   b.getI32IntegerAttr(2), b.getBoolAttr(true));
      }
    }
    // Inner rows outermost: a value read once for all outer rows (the input
    // element of a tile spanning two channel blocks) is used right away
    // instead of staying live across the tile, which would spill.
    SmallVector<Value> result(accs.size());
    for (int64_t i = 0; i < tile.inner; ++i)
      for (int64_t j = 0; j < tile.outer; ++j) {
        int64_t r = j * tile.inner + i;
        result[r] = vector::FMAOp::create(b, loc, lhs(j, i), rhs(j, i), accs[r]);
      }
    return result;
  }

  OpBuilder &b;
  Location loc;
  const ContractionKernel &k;
  VectorType vecType;
  Value zero, padding, rhsBuffer;
  /// Current range of every dimension, and the current point of the
  /// dimensions whose loops are open.
  SmallVector<Value> lower, upper, point;
};

} // namespace

Value mlir::kiln::emitContractionKernel(OpBuilder &b, Location loc,
                                        const ContractionKernel &kernel) {
  return Emitter(b, loc, kernel).emit();
}

Value mlir::kiln::applyElementwiseOps(OpBuilder &b, Location loc, const Epilogue &e,
                                      Value acc, ArrayRef<Value> outIdx, int64_t width,
                                      bool inBounds) {
  MLIRContext *ctx = b.getContext();
  AffineExpr lanes = getAffineDimExpr(outIdx.size() - 1, ctx);
  auto vectorOf = [&](Type t) { return VectorType::get({width}, t); };
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  SmallVector<Value> operandValues;
  for (const Epilogue::Operand &operand : e.operands) {
    SmallVector<Value> idx;
    for (AffineExpr r : operand.map.getResults())
      idx.push_back(isa<AffineDimExpr>(r) ? outIdx[cast<AffineDimExpr>(r).getPosition()]
                                          : zero);
    Type element = cast<ShapedType>(operand.tensor.getType()).getElementType();
    if (operand.map.getNumResults() > 0 && operand.map.getResults().back() == lanes) {
      Value pad = arith::ConstantOp::create(b, loc, element, b.getZeroAttr(element));
      operandValues.push_back(vector::TransferReadOp::create(
          b, loc, vectorOf(element), operand.tensor, idx, pad, ArrayRef<bool>{inBounds}));
    } else {
      Value scalar = tensor::ExtractOp::create(b, loc, operand.tensor, idx);
      operandValues.push_back(vector::BroadcastOp::create(b, loc, vectorOf(element), scalar));
    }
  }
  Value current = acc;
  for (auto [op, inputs] : llvm::zip(e.ops, e.inputs)) {
    Block &body = op->getRegion(0).front();
    IRMapping mapping;
    for (auto [i, input] : llvm::enumerate(inputs))
      mapping.map(body.getArgument(i), input < 0 ? current : operandValues[input]);
    auto lookup = [&](Value v) {
      Value m = mapping.lookupOrDefault(v);
      return isa<VectorType>(m.getType())
                 ? m
                 : vector::BroadcastOp::create(b, loc, vectorOf(m.getType()), m).getResult();
    };
    for (Operation &inner : body.without_terminator()) {
      // Ops on scalars only (constants in the body) stay scalar; their
      // uses broadcast them.
      if (llvm::none_of(inner.getOperands(), [&](Value v) {
            return isa<VectorType>(mapping.lookupOrDefault(v).getType());
          })) {
        b.clone(inner, mapping);
        continue;
      }
      OperationState state(loc, inner.getName());
      for (Value v : inner.getOperands())
        state.addOperands(lookup(v));
      for (Type t : inner.getResultTypes())
        state.addTypes(vectorOf(t));
      state.addAttributes(inner.getAttrs());
      mapping.map(inner.getResults(), b.create(state)->getResults());
    }
    current = lookup(body.getTerminator()->getOperand(0));
  }
  return current;
}
