//===- LowerRecurrent.cpp - kiln.recurrent to an scf.for over the sequence ===//
//
// Per direction: the input projection X * W^T + Wb of every step is one
// contraction before the loop; each iteration contracts the hidden state
// with R, then one elementwise generic over [B, H] applies the cell's gate
// equations (gate slices are affine offsets into the [B, G*H] products).
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/NNLoweringUtils.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// One activation function of a cell with its parameters.
struct Activation {
  std::string name;
  double alpha, beta;
};

/// What one direction of the layer reads.
struct DirectionInputs {
  Value w, r, bias, peepholes;  // [GH, I], [GH, H], [2GH] or null, [3H] or null
  Value h0, c0;                 // [B, H]
  SmallVector<Activation> acts;
  bool reverse;
};

} // namespace

static Value applyActivation(OpBuilder &b, Location l, const Activation &act, Value x) {
  Type t = x.getType();
  auto c = [&](double v) { return scalarConstant(b, l, t, v); };
  auto lt0 = [&] { return arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, x, c(0)); };
  const std::string &n = act.name;
  if (n == "Sigmoid")
    return arith::DivFOp::create(
        b, l, c(1),
        arith::AddFOp::create(b, l, c(1),
                              math::ExpOp::create(b, l, arith::NegFOp::create(b, l, x))));
  if (n == "Tanh")
    return math::TanhOp::create(b, l, x);
  if (n == "Relu")
    return arith::MaximumFOp::create(b, l, x, c(0));
  if (n == "LeakyRelu")
    return arith::SelectOp::create(b, l, lt0(), arith::MulFOp::create(b, l, x, c(act.alpha)), x);
  if (n == "ThresholdedRelu")
    return arith::SelectOp::create(
        b, l, arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x, c(act.alpha)), x, c(0));
  if (n == "ScaledTanh")
    return arith::MulFOp::create(
        b, l, c(act.alpha), math::TanhOp::create(b, l, arith::MulFOp::create(b, l, x, c(act.beta))));
  if (n == "HardSigmoid") {
    Value v = arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, x, c(act.alpha)),
                                    c(act.beta));
    return arith::MaximumFOp::create(b, l, c(0), arith::MinimumFOp::create(b, l, v, c(1)));
  }
  if (n == "Elu")
    return arith::SelectOp::create(
        b, l, lt0(),
        arith::MulFOp::create(b, l, c(act.alpha),
                              arith::SubFOp::create(b, l, math::ExpOp::create(b, l, x), c(1))),
        x);
  if (n == "Softsign")
    return arith::DivFOp::create(
        b, l, x, arith::AddFOp::create(b, l, c(1), math::AbsFOp::create(b, l, x)));
  if (n == "Softplus")
    return math::LogOp::create(b, l,
                               arith::AddFOp::create(b, l, c(1), math::ExpOp::create(b, l, x)));
  if (n == "Affine")
    return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, x, c(act.alpha)),
                                 c(act.beta));
  return Value();
}

static bool isKnownActivation(StringRef n) {
  return llvm::is_contained({"Sigmoid", "Tanh", "Relu", "LeakyRelu", "ThresholdedRelu",
                             "ScaledTanh", "HardSigmoid", "Elu", "Softsign", "Softplus",
                             "Affine"},
                            n);
}

/// Rank-reducing slice of `src` with unit strides.
static Value slice(OpBuilder &b, Location loc, Value src, ArrayRef<OpFoldResult> offsets,
                   ArrayRef<OpFoldResult> sizes, RankedTensorType resultType) {
  SmallVector<OpFoldResult> strides(offsets.size(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, resultType, src, offsets, sizes, strides);
}

/// out[..., j] = bias[biasOffset + j] + sum_k a[..., k] * w[wOffset + j, k]
/// for j in [0, n); `bias` may be null.
static Value contract(OpBuilder &b, Location loc, Value a, Value w, int64_t wOffset,
                      Value bias, int64_t biasOffset, int64_t n) {
  MLIRContext *ctx = b.getContext();
  auto aType = cast<RankedTensorType>(a.getType());
  Type element = aType.getElementType();
  int64_t rank = aType.getRank(), loops = rank + 1;
  SmallVector<int64_t> shape(aType.getShape());
  shape.back() = n;
  auto outType = RankedTensorType::get(shape, element);
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> outExprs, aExprs;
  for (int64_t i = 0; i < rank; ++i)
    outExprs.push_back(d(i));
  for (int64_t i = 0; i + 1 < rank; ++i)
    aExprs.push_back(d(i));
  aExprs.push_back(d(rank));
  AffineExpr j = d(rank - 1);
  Value init;
  if (bias) {
    // An exactly-sized slice: linalg infers loop bounds from the first
    // operand that indexes a loop directly.
    Value part = slice(b, loc, bias, {b.getIndexAttr(biasOffset)}, {b.getIndexAttr(n)},
                       RankedTensorType::get({n}, element));
    AffineMap outIdentity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    init = linalg::GenericOp::create(
               b, loc, TypeRange{outType}, ValueRange{part},
               ValueRange{emptyTensorLike(b, loc, outType, a, iota(rank))},
               SmallVector<AffineMap>{AffineMap::get(rank, 0, {j}, ctx), outIdentity},
               SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
               [](OpBuilder &nb, Location l, ValueRange args) {
                 linalg::YieldOp::create(nb, l, args[0]);
               })
               .getResult(0);
  } else {
    init = filledTensorLike(b, loc, outType, a, iota(rank), scalarConstant(b, loc, element, 0.0));
  }
  SmallVector<utils::IteratorType> iterators(loops, utils::IteratorType::parallel);
  iterators[rank] = utils::IteratorType::reduction;
  return linalg::GenericOp::create(
             b, loc, TypeRange{outType}, ValueRange{a, w}, ValueRange{init},
             SmallVector<AffineMap>{AffineMap::get(loops, 0, aExprs, ctx),
                                    AffineMap::get(loops, 0, {j + wOffset, d(rank)}, ctx),
                                    AffineMap::get(loops, 0, outExprs, ctx)},
             iterators,
             [](OpBuilder &nb, Location l, ValueRange args) {
               Value p = arith::MulFOp::create(nb, l, args[0], args[1]);
               linalg::YieldOp::create(nb, l, ValueRange{arith::AddFOp::create(nb, l, args[2], p)});
             })
      .getResult(0);
}

namespace {

/// Builds the per-step cell update of one direction.
class CellBuilder {
public:
  CellBuilder(RecurrentOp op, const DirectionInputs &dir, Value seqLens)
      : op(op), dir(dir), seqLens(seqLens), cell(op.getCell()), h(op.getHiddenSize()),
        clip(op.getClip().convertToDouble()) {}

  /// One step: (xw_t [B, GH], state) -> (new h, new c or null, output row).
  /// The new state is written over the old one and the row into `yRow`, so
  /// that the loop bufferizes in place.
  SmallVector<Value> step(OpBuilder &b, Location loc, Value xw, Value hPrev, Value cPrev,
                          Value yRow, Value time);

private:
  Value gate(OpBuilder &b, Location l, const Activation &act, Value x) {
    if (clip > 0) {
      Type t = x.getType();
      x = arith::MaximumFOp::create(b, l, x, scalarConstant(b, l, t, -clip));
      x = arith::MinimumFOp::create(b, l, x, scalarConstant(b, l, t, clip));
    }
    return applyActivation(b, l, act, x);
  }

  RecurrentOp op;
  const DirectionInputs &dir;
  Value seqLens;
  StringRef cell;
  int64_t h;
  double clip;
};

} // namespace

SmallVector<Value> CellBuilder::step(OpBuilder &b, Location loc, Value xw, Value hPrev,
                                     Value cPrev, Value yRow, Value time) {
  MLIRContext *ctx = b.getContext();
  auto stateType = cast<RankedTensorType>(hPrev.getType());
  Type element = stateType.getElementType();
  int64_t gates = cell == "lstm" ? 4 : cell == "gru" ? 3 : 1;
  bool isLstm = cell == "lstm", isGru = cell == "gru";
  bool lbr = op.getLinearBeforeReset();
  // hr = h * R^T + Rb over every gate (for GRU without linear_before_reset
  // the h gate's part is replaced below).
  Value hr = contract(b, loc, hPrev, dir.r, 0, dir.bias, gates * h, gates * h);
  auto d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx);
  AffineMap identity = AffineMap::getMultiDimIdentityMap(2, ctx);
  OpFoldResult batch = tensor::getMixedSize(b, loc, hPrev, 0);
  // Gate g of a [B, G*H] product as a [B, H] view.
  auto gateSlice = [&](Value v, int64_t g) {
    return slice(b, loc, v, {b.getIndexAttr(0), b.getIndexAttr(g * h)},
                 {batch, b.getIndexAttr(h)}, stateType);
  };
  auto elementwise = [&](SmallVector<Value> ins, SmallVector<AffineMap> maps,
                         SmallVector<Value> inits,
                         function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> body) {
    SmallVector<Type> types;
    for (size_t i = 0; i < inits.size(); ++i) {
      types.push_back(stateType);
      maps.push_back(identity);
    }
    return linalg::GenericOp::create(
               b, loc, types, ins, inits, maps,
               SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
               [&](OpBuilder &nb, Location l, ValueRange args) {
                 linalg::YieldOp::create(nb, l, body(nb, l, args));
               })
        .getResults();
  };

  // GRU without linear_before_reset: (r . h) * Rh^T + Rbh first.
  Value resetHidden;
  if (isGru && !lbr) {
    Value rh = elementwise({hPrev, gateSlice(xw, 1), gateSlice(hr, 1)},
                           {identity, identity, identity},
                           {emptyTensorLike(b, loc, stateType, hPrev, {0, 1})},
                           [&](OpBuilder &nb, Location l, ValueRange a) -> SmallVector<Value> {
                             Value r = gate(nb, l, dir.acts[0],
                                            arith::AddFOp::create(nb, l, a[1], a[2]));
                             return {arith::MulFOp::create(nb, l, r, a[0])};
                           })[0];
    resetHidden = contract(b, loc, rh, dir.r, 2 * h, dir.bias, 5 * h, h);
  }

  SmallVector<Value> ins;
  SmallVector<AffineMap> maps;
  auto add = [&](Value v, AffineMap m) {
    ins.push_back(v);
    maps.push_back(m);
    return ins.size() - 1;
  };
  SmallVector<size_t> xwAt, hrAt;
  for (int64_t g = 0; g < gates; ++g) {
    xwAt.push_back(add(gateSlice(xw, g), identity));
    hrAt.push_back(add(gateSlice(hr, g), identity));
  }
  size_t resetAt = resetHidden ? add(resetHidden, identity) : 0;
  SmallVector<size_t> peepAt;
  if (dir.peepholes)
    for (int64_t p = 0; p < 3; ++p)
      peepAt.push_back(add(slice(b, loc, dir.peepholes, {b.getIndexAttr(p * h)},
                                 {b.getIndexAttr(h)}, RankedTensorType::get({h}, element)),
                           AffineMap::get(2, 0, {d1}, ctx)));
  size_t lensAt = seqLens ? add(seqLens, AffineMap::get(2, 0, {d0}, ctx)) : 0;
  // The previous state is read through the outputs it is overwritten in:
  // the canonicalizer would replace unread outputs with fresh tensors, and
  // the loop would no longer bufferize in place.
  SmallVector<Value> inits = {hPrev};
  if (isLstm)
    inits.push_back(cPrev);
  inits.push_back(yRow);
  size_t hAt = ins.size(), cAt = ins.size() + 1;

  SmallVector<Value> results = elementwise(
      ins, maps, inits, [&](OpBuilder &nb, Location l, ValueRange a) -> SmallVector<Value> {
        auto pre = [&](int64_t g) { return arith::AddFOp::create(nb, l, a[xwAt[g]], a[hrAt[g]]); };
        auto one = [&] { return scalarConstant(nb, l, element, 1.0); };
        Value hNew, cNew;
        if (isLstm) {
          // Gate order i, o, f, c; peepholes i, o, f.
          Value gi = pre(0), gf = pre(2);
          if (dir.peepholes) {
            gi = arith::AddFOp::create(nb, l, gi, arith::MulFOp::create(nb, l, a[peepAt[0]], a[cAt]));
            gf = arith::AddFOp::create(nb, l, gf, arith::MulFOp::create(nb, l, a[peepAt[2]], a[cAt]));
          }
          Value i = gate(nb, l, dir.acts[0], gi);
          Value f = op.getInputForget() ? Value(arith::SubFOp::create(nb, l, one(), i))
                                        : gate(nb, l, dir.acts[0], gf);
          Value cc = gate(nb, l, dir.acts[1], pre(3));
          cNew = arith::AddFOp::create(nb, l, arith::MulFOp::create(nb, l, f, a[cAt]),
                                       arith::MulFOp::create(nb, l, i, cc));
          Value go = pre(1);
          if (dir.peepholes)
            go = arith::AddFOp::create(nb, l, go, arith::MulFOp::create(nb, l, a[peepAt[1]], cNew));
          Value o = gate(nb, l, dir.acts[0], go);
          hNew = arith::MulFOp::create(nb, l, o, applyActivation(nb, l, dir.acts[2], cNew));
        } else if (isGru) {
          Value z = gate(nb, l, dir.acts[0], pre(0));
          Value hh;
          if (lbr) {
            Value r = gate(nb, l, dir.acts[0], pre(1));
            hh = arith::AddFOp::create(nb, l, a[xwAt[2]], arith::MulFOp::create(nb, l, r, a[hrAt[2]]));
          } else {
            hh = arith::AddFOp::create(nb, l, a[xwAt[2]], a[resetAt]);
          }
          hh = gate(nb, l, dir.acts[1], hh);
          // (1 - z) * hh + z * h
          hNew = arith::AddFOp::create(
              nb, l, arith::MulFOp::create(nb, l, arith::SubFOp::create(nb, l, one(), z), hh),
              arith::MulFOp::create(nb, l, z, a[hAt]));
        } else {
          hNew = gate(nb, l, dir.acts[0], pre(0));
        }
        Value row = hNew;
        if (seqLens) {
          // Past its length a batch entry keeps its state and outputs 0.
          Value len = arith::IndexCastOp::create(nb, l, nb.getIndexType(),
                                                 toSignless(nb, l, a[lensAt]));
          Value valid = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, time, len);
          hNew = arith::SelectOp::create(nb, l, valid, hNew, a[hAt]);
          if (isLstm)
            cNew = arith::SelectOp::create(nb, l, valid, cNew, a[cAt]);
          row = arith::SelectOp::create(nb, l, valid, row, scalarConstant(nb, l, element, 0.0));
        }
        SmallVector<Value> out = {hNew};
        if (isLstm)
          out.push_back(cNew);
        out.push_back(row);
        return out;
      });
  if (!isLstm)
    results.insert(results.begin() + 1, Value());
  return results;
}

namespace {

struct LowerRecurrent : OpRewritePattern<RecurrentOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RecurrentOp op, PatternRewriter &rewriter) const override {
    auto xType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto yType = dyn_cast<RankedTensorType>(op.getY().getType());
    auto stateType = dyn_cast<RankedTensorType>(op.getYH().getType());
    if (!xType || !yType || !stateType)
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    for (Value v : op->getOperands())
      if (!isa<RankedTensorType>(v.getType()))
        return rewriter.notifyMatchFailure(op, "needs ranked operands");
    for (Attribute a : op.getActivations())
      if (!isKnownActivation(cast<StringAttr>(a).getValue()))
        return rewriter.notifyMatchFailure(op, "unknown activation");
    bool bidirectional = op.getDirection() == "bidirectional";
    if (op.getSequenceLens() && op.getDirection() != "forward")
      return rewriter.notifyMatchFailure(op, "sequence_lens are supported for forward only");
    Location loc = op.getLoc();
    Type element = xType.getElementType();
    int64_t h = op.getHiddenSize(), dirs = bidirectional ? 2 : 1;
    int64_t perDir = op.getCell() == "lstm" ? 3 : op.getCell() == "gru" ? 2 : 1;
    int64_t gates = op.getCell() == "lstm" ? 4 : op.getCell() == "gru" ? 3 : 1;
    Value x = op.getInput();
    OpFoldResult steps = tensor::getMixedSize(rewriter, loc, x, 0);
    OpFoldResult batch = tensor::getMixedSize(rewriter, loc, x, 1);
    int64_t batchStatic = xType.getDimSize(1);
    auto cst = [&](int64_t v) { return rewriter.getIndexAttr(v); };
    auto matrixType = [&](int64_t rows, int64_t cols) {
      return RankedTensorType::get({rows, cols}, element);
    };
    auto bhType = RankedTensorType::get({batchStatic, h}, element);
    auto perDirection = [&](Value v, int64_t d, RankedTensorType type) -> Value {
      if (!v)
        return Value();
      SmallVector<OpFoldResult> offsets = {cst(d)}, sizes = {cst(1)};
      for (int64_t i = 0; i < type.getRank(); ++i) {
        offsets.push_back(cst(0));
        sizes.push_back(type.isDynamicDim(i) ? batch : cst(type.getDimSize(i)));
      }
      return slice(rewriter, loc, v, offsets, sizes, type);
    };
    int64_t inSize = cast<RankedTensorType>(op.getWeights().getType()).getDimSize(2);
    if (ShapedType::isDynamic(inSize))
      inSize = xType.getDimSize(2);
    if (ShapedType::isDynamic(inSize))
      return rewriter.notifyMatchFailure(op, "needs a static input size");

    Value y = emptyTensorLike(rewriter, loc, yType, x, {0, 0, 1, 0});
    Value yH = emptyTensorLike(rewriter, loc, stateType, x, {0, 1, 0});
    Value yC = yH;
    Value zeroState = filledTensorLike(rewriter, loc, bhType, x, {1, 1},
                                       scalarConstant(rewriter, loc, element, 0.0));
    for (int64_t d = 0; d < dirs; ++d) {
      DirectionInputs dir;
      dir.reverse = op.getDirection() == "reverse" || d == 1;
      dir.w = perDirection(op.getWeights(), d, matrixType(gates * h, inSize));
      dir.r = perDirection(op.getRecurrence(), d, matrixType(gates * h, h));
      dir.bias = perDirection(op.getBias(), d, RankedTensorType::get({2 * gates * h}, element));
      dir.peepholes = perDirection(op.getPeepholes(), d, RankedTensorType::get({3 * h}, element));
      dir.h0 = op.getInitialH() ? perDirection(op.getInitialH(), d, bhType) : zeroState;
      dir.c0 = op.getInitialC() ? perDirection(op.getInitialC(), d, bhType) : zeroState;
      for (int64_t i = 0; i < perDir; ++i) {
        int64_t k = d * perDir + i;
        dir.acts.push_back({cast<StringAttr>(op.getActivations()[k]).getValue().str(),
                            op.getActivationAlpha()[k], op.getActivationBeta()[k]});
      }
      CellBuilder cell(op, dir, op.getSequenceLens());
      // X * W^T + Wb for every step at once: [T, B, GH].
      Value xw = contract(rewriter, loc, x, dir.w, 0, dir.bias, 0, gates * h);
      Value lb = arith::ConstantIndexOp::create(rewriter, loc, 0);
      Value ub = getValueOrCreateConstantIndexOp(rewriter, loc, steps);
      Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
      auto xwStepType = RankedTensorType::get({batchStatic, gates * h}, element);
      auto loop = scf::ForOp::create(
          rewriter, loc, lb, ub, one, ValueRange{y, dir.h0, dir.c0},
          [&](OpBuilder &b, Location l, Value t, ValueRange iter) {
            Value time = t;
            if (dir.reverse)
              time = arith::SubIOp::create(b, l, arith::SubIOp::create(b, l, ub, one), t);
            Value xwT = slice(b, l, xw, {time, cst(0), cst(0)}, {cst(1), batch, cst(gates * h)},
                              xwStepType);
            SmallVector<OpFoldResult> offsets = {time, cst(d), cst(0), cst(0)};
            SmallVector<OpFoldResult> sizes = {cst(1), cst(1), batch, cst(h)};
            SmallVector<OpFoldResult> strides(4, cst(1));
            Value yRow = slice(b, l, iter[0], offsets, sizes, bhType);
            SmallVector<Value> next = cell.step(b, l, xwT, iter[1], iter[2], yRow, time);
            Value yNext =
                tensor::InsertSliceOp::create(b, l, next[2], iter[0], offsets, sizes, strides);
            // The state must live in the loop-carried buffers (a cell that
            // does not read its old state would otherwise yield a fresh one).
            auto inPlace = [&](Value v, Value dest) -> Value {
              return bufferization::MaterializeInDestinationOp::create(b, l, dest.getType(), v,
                                                                       dest)
                  .getResult();
            };
            Value hNext = inPlace(next[0], iter[1]);
            Value cNext = next[1] ? inPlace(next[1], iter[2]) : iter[2];
            scf::YieldOp::create(b, l, ValueRange{yNext, hNext, cNext});
          });
      y = loop.getResult(0);
      SmallVector<OpFoldResult> offsets = {cst(d), cst(0), cst(0)};
      SmallVector<OpFoldResult> sizes = {cst(1), batch, cst(h)};
      SmallVector<OpFoldResult> strides(3, cst(1));
      yH = tensor::InsertSliceOp::create(rewriter, loc, loop.getResult(1), yH, offsets, sizes,
                                         strides);
      if (op.getCell() == "lstm")
        yC = tensor::InsertSliceOp::create(rewriter, loc, loop.getResult(2), yC, offsets, sizes,
                                           strides);
    }
    if (op.getCell() != "lstm")
      yC = yH;
    rewriter.replaceOp(op, ValueRange{y, yH, yC});
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerRecurrentPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerRecurrent>(patterns.getContext());
}
