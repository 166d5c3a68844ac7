//===- LowerNN.cpp - kiln arg_reduce, hardmax, layer_norm, nll_loss, einsum ===//
//
// Each op becomes one or a few linalg.generic ops; dynamic sizes are read
// from the operands.
//
//===----------------------------------------------------------------------===//
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/NNLoweringUtils.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

static AffineExpr dim(MLIRContext *ctx, int64_t i) { return getAffineDimExpr(i, ctx); }
static AffineExpr zero(MLIRContext *ctx) { return getAffineConstantExpr(0, ctx); }

static SmallVector<utils::IteratorType> parallelIterators(int64_t n) {
  return SmallVector<utils::IteratorType>(n, utils::IteratorType::parallel);
}

/// Map of a tensor whose dimensions `reduced` are size 1 (kept) in a loop
/// nest over the full rank.
static AffineMap keptDimsMap(MLIRContext *ctx, int64_t rank, ArrayRef<int64_t> reduced) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    exprs.push_back(llvm::is_contained(reduced, d) ? zero(ctx) : dim(ctx, d));
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// Type of `input` with dimensions `dims` set to 1.
static RankedTensorType keptDimsType(RankedTensorType input, ArrayRef<int64_t> dims,
                                     Type element) {
  SmallVector<int64_t> shape(input.getShape());
  for (int64_t d : dims)
    shape[d] = 1;
  return RankedTensorType::get(shape, element);
}

//===----------------------------------------------------------------------===//
// arg_reduce and hardmax
//===----------------------------------------------------------------------===//

/// i64 index of the max (min) along `axis`; the axis is kept as size 1
/// with `keepdims`, dropped otherwise.
static Value buildArgReduce(OpBuilder &b, Location loc, Value input, int64_t axis,
                            bool keepdims, bool isMax, bool last) {
  MLIRContext *ctx = b.getContext();
  auto inType = cast<RankedTensorType>(input.getType());
  Type element = inType.getElementType();
  int64_t rank = inType.getRank();
  SmallVector<int64_t> shape, sourceDims;
  SmallVector<AffineExpr> outExprs;
  for (int64_t d = 0; d < rank; ++d) {
    if (d == axis && !keepdims)
      continue;
    shape.push_back(d == axis ? 1 : inType.getDimSize(d));
    sourceDims.push_back(d);
    outExprs.push_back(d == axis ? zero(ctx) : dim(ctx, d));
  }
  auto valueType = RankedTensorType::get(shape, element);
  auto indexType = RankedTensorType::get(shape, b.getI64Type());
  Value values = filledTensorLike(b, loc, valueType, input, sourceDims,
                                  extremeConstant(b, loc, element, /*highest=*/!isMax));
  Value indices = filledTensorLike(b, loc, indexType, input, sourceDims,
                                   arith::ConstantIntOp::create(b, loc, 0, 64));
  AffineMap outMap = AffineMap::get(rank, 0, outExprs, ctx);
  SmallVector<utils::IteratorType> iterators = parallelIterators(rank);
  iterators[axis] = utils::IteratorType::reduction;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{valueType, indexType}, ValueRange{input}, ValueRange{values, indices},
      SmallVector<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, ctx), outMap, outMap},
      iterators, [&](OpBuilder &nb, Location l, ValueRange args) {
        Value better;
        if (isa<FloatType>(element)) {
          auto pred = isMax ? (last ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OGT)
                            : (last ? arith::CmpFPredicate::OLE : arith::CmpFPredicate::OLT);
          better = arith::CmpFOp::create(nb, l, pred, args[0], args[1]);
        } else {
          auto pred = isMax ? (last ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sgt)
                            : (last ? arith::CmpIPredicate::sle : arith::CmpIPredicate::slt);
          better = arith::CmpIOp::create(nb, l, pred, args[0], args[1]);
        }
        Value index = arith::IndexCastOp::create(nb, l, nb.getI64Type(),
                                                 linalg::IndexOp::create(nb, l, axis));
        linalg::YieldOp::create(
            nb, l,
            ValueRange{arith::SelectOp::create(nb, l, better, args[0], args[1]),
                       arith::SelectOp::create(nb, l, better, index, args[2])});
      });
  return generic.getResult(1);
}

namespace {

struct LowerArgReduce : OpRewritePattern<ArgReduceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ArgReduceOp op, PatternRewriter &rewriter) const override {
    auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
    if (!inType || !isa<RankedTensorType>(op.getType()))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    if (!isSupportedElementType(inType.getElementType()))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    rewriter.replaceOp(op, buildArgReduce(rewriter, op.getLoc(), op.getInput(), op.getAxis(),
                                          op.getKeepdims(), op.getKind() == "max",
                                          op.getSelectLastIndex()));
    return success();
  }
};

struct LowerHardmax : OpRewritePattern<HardmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(HardmaxOp op, PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !isSupportedElementType(type.getElementType()))
      return rewriter.notifyMatchFailure(op, "needs a ranked result of a supported type");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = type.getRank(), axis = op.getAxis();
    Value argmax = buildArgReduce(rewriter, loc, op.getInput(), axis, /*keepdims=*/true,
                                  /*isMax=*/true, /*last=*/false);
    Value init = emptyTensorLike(rewriter, loc, type, op.getInput(), iota(rank));
    Type element = type.getElementType();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{argmax}, ValueRange{init},
        SmallVector<AffineMap>{keptDimsMap(ctx, rank, {axis}),
                               AffineMap::getMultiDimIdentityMap(rank, ctx)},
        parallelIterators(rank), [&](OpBuilder &b, Location l, ValueRange args) {
          Value index = arith::IndexCastOp::create(b, l, b.getI64Type(),
                                                   linalg::IndexOp::create(b, l, axis));
          Value hit = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, index, args[0]);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, hit, scalarConstant(b, l, element, 1.0),
                                                 scalarConstant(b, l, element, 0.0))});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// layer_norm
//===----------------------------------------------------------------------===//

/// Three passes over the input: sum, sum of squared deviations, update.
struct LowerLayerNorm : OpRewritePattern<LayerNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LayerNormOp op, PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !isa<RankedTensorType>(op.getInput().getType()) ||
        !isa<RankedTensorType>(op.getScale().getType()) ||
        (op.getBias() && !isa<RankedTensorType>(op.getBias().getType())))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = op.getInput();
    Type element = type.getElementType();
    int64_t rank = type.getRank(), axis = op.getAxis();
    SmallVector<int64_t> normalized;
    for (int64_t d = axis; d < rank; ++d)
      normalized.push_back(d);
    auto statType = keptDimsType(type, normalized, element);
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap statMap = keptDimsMap(ctx, rank, normalized);
    SmallVector<utils::IteratorType> reduceIters = parallelIterators(rank);
    for (int64_t d : normalized)
      reduceIters[d] = utils::IteratorType::reduction;
    Value zeroValue = scalarConstant(rewriter, loc, element, 0.0);
    Value count = elementCount(rewriter, loc, x, normalized, element);

    // mean = sum(x) / count
    Value sum = linalg::GenericOp::create(
                    rewriter, loc, TypeRange{statType}, ValueRange{x},
                    ValueRange{filledTensorLike(rewriter, loc, statType, x, iota(rank),
                                                zeroValue)},
                    SmallVector<AffineMap>{identity, statMap}, reduceIters,
                    [](OpBuilder &b, Location l, ValueRange a) {
                      linalg::YieldOp::create(b, l, ValueRange{arith::AddFOp::create(b, l, a[1], a[0])});
                    })
                    .getResult(0);
    AffineMap statIdentity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    auto mapStat = [&](Value in, function_ref<Value(OpBuilder &, Location, Value)> fn) {
      return linalg::GenericOp::create(
                 rewriter, loc, TypeRange{statType}, ValueRange{in},
                 ValueRange{emptyTensorLike(rewriter, loc, statType, x, iota(rank))},
                 SmallVector<AffineMap>{statIdentity, statIdentity}, parallelIterators(rank),
                 [&](OpBuilder &b, Location l, ValueRange a) {
                   linalg::YieldOp::create(b, l, ValueRange{fn(b, l, a[0])});
                 })
          .getResult(0);
    };
    Value mean = mapStat(sum, [&](OpBuilder &b, Location l, Value s) -> Value {
      return arith::DivFOp::create(b, l, s, count);
    });
    // rstd = 1 / sqrt(sum((x - mean)^2) / count + eps)
    Value sq = linalg::GenericOp::create(
                   rewriter, loc, TypeRange{statType}, ValueRange{x, mean},
                   ValueRange{filledTensorLike(rewriter, loc, statType, x, iota(rank),
                                               zeroValue)},
                   SmallVector<AffineMap>{identity, statMap, statMap}, reduceIters,
                   [](OpBuilder &b, Location l, ValueRange a) {
                     Value d = arith::SubFOp::create(b, l, a[0], a[1]);
                     Value dd = arith::MulFOp::create(b, l, d, d);
                     linalg::YieldOp::create(b, l, ValueRange{arith::AddFOp::create(b, l, a[2], dd)});
                   })
                   .getResult(0);
    Value eps = scalarConstant(rewriter, loc, element, op.getEpsilon().convertToDouble());
    Value rstd = mapStat(sq, [&](OpBuilder &b, Location l, Value s) -> Value {
      Value var = arith::DivFOp::create(b, l, s, count);
      return math::RsqrtOp::create(b, l, arith::AddFOp::create(b, l, var, eps));
    });
    // y = (x - mean) * rstd * scale + bias
    SmallVector<Value> inputs = {x, mean, rstd, op.getScale()};
    SmallVector<AffineMap> maps = {identity, statMap, statMap};
    auto paramMap = [&](Value v) {
      return broadcastMap(ctx, cast<RankedTensorType>(v.getType()).getShape(), type.getShape());
    };
    maps.push_back(paramMap(op.getScale()));
    if (Value bias = op.getBias()) {
      inputs.push_back(bias);
      maps.push_back(paramMap(bias));
    }
    maps.push_back(identity);
    bool hasBias = static_cast<bool>(op.getBias());
    Value y = linalg::GenericOp::create(
                  rewriter, loc, TypeRange{type}, inputs,
                  ValueRange{emptyTensorLike(rewriter, loc, type, x, iota(rank))}, maps,
                  parallelIterators(rank),
                  [&](OpBuilder &b, Location l, ValueRange a) {
                    Value v = arith::MulFOp::create(
                        b, l, arith::SubFOp::create(b, l, a[0], a[1]), a[2]);
                    v = arith::MulFOp::create(b, l, v, a[3]);
                    if (hasBias)
                      v = arith::AddFOp::create(b, l, v, a[4]);
                    linalg::YieldOp::create(b, l, ValueRange{v});
                  })
                  .getResult(0);
    rewriter.replaceOp(op, y);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nll_loss
//===----------------------------------------------------------------------===//

/// Per-position losses and weights with a gather from the input (and
/// weight) in the loop body, then the reduction.
struct LowerNllLoss : OpRewritePattern<NllLossOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(NllLossOp op, PatternRewriter &rewriter) const override {
    auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto targetType = dyn_cast<RankedTensorType>(op.getTarget().getType());
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!inType || !targetType || !type)
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    if (!targetType.getElementType().isSignlessInteger())
      return rewriter.notifyMatchFailure(op, "needs signless integer targets");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Type element = inType.getElementType();
    int64_t rank = targetType.getRank();
    Value input = op.getInput(), weight = op.getWeight();
    std::optional<int64_t> ignoreIndex = op.getIgnoreIndex();
    auto perPosition = RankedTensorType::get(targetType.getShape(), element);
    SmallVector<int64_t> sourceDims = iota(rank);
    Value lossInit = emptyTensorLike(rewriter, loc, perPosition, op.getTarget(), sourceDims);
    Value weightInit = emptyTensorLike(rewriter, loc, perPosition, op.getTarget(), sourceDims);
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    Value classes = tensor::DimOp::create(rewriter, loc, input, 1);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{perPosition, perPosition}, ValueRange{op.getTarget()},
        ValueRange{lossInit, weightInit},
        SmallVector<AffineMap>{identity, identity, identity}, parallelIterators(rank),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value target = args[0];
          Value cls = arith::IndexCastOp::create(b, l, b.getIndexType(), target);
          Value zeroIdx = arith::ConstantIndexOp::create(b, l, 0);
          // Clamp so that ignored (or out-of-range) targets never read out of bounds.
          Value last = arith::SubIOp::create(b, l, classes,
                                             arith::ConstantIndexOp::create(b, l, 1));
          cls = arith::MaxSIOp::create(b, l, arith::MinSIOp::create(b, l, cls, last), zeroIdx);
          SmallVector<Value> indices = {linalg::IndexOp::create(b, l, 0), cls};
          for (int64_t d = 1; d < rank; ++d)
            indices.push_back(linalg::IndexOp::create(b, l, d));
          Value logProb = tensor::ExtractOp::create(b, l, input, indices);
          Value w = weight ? Value(tensor::ExtractOp::create(b, l, weight, ValueRange{cls}))
                           : scalarConstant(b, l, element, 1.0);
          Value loss = arith::NegFOp::create(b, l, arith::MulFOp::create(b, l, logProb, w));
          if (ignoreIndex) {
            // Select rather than multiply by 0: the clamped read may be -inf.
            Value ignored = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::eq, target,
                arith::ConstantOp::create(b, l, b.getIntegerAttr(target.getType(), *ignoreIndex)));
            Value zeroValue = scalarConstant(b, l, element, 0.0);
            w = arith::SelectOp::create(b, l, ignored, zeroValue, w);
            loss = arith::SelectOp::create(b, l, ignored, zeroValue, loss);
          }
          linalg::YieldOp::create(b, l, ValueRange{loss, w});
        });
    Value losses = generic.getResult(0), weights = generic.getResult(1);
    StringRef reduction = op.getReduction();
    if (reduction == "none") {
      rewriter.replaceOp(op, losses);
      return success();
    }
    // Sum both over every position into rank-0 tensors.
    auto scalarType = RankedTensorType::get({}, element);
    Value zeroValue = scalarConstant(rewriter, loc, element, 0.0);
    auto zeroScalar = [&] {
      Value empty = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{}, element);
      return linalg::FillOp::create(rewriter, loc, ValueRange{zeroValue}, ValueRange{empty})
          .getResult(0);
    };
    AffineMap toScalar = AffineMap::get(rank, 0, {}, ctx);
    auto sums = linalg::GenericOp::create(
        rewriter, loc, TypeRange{scalarType, scalarType}, ValueRange{losses, weights},
        ValueRange{zeroScalar(), zeroScalar()},
        SmallVector<AffineMap>{identity, identity, toScalar, toScalar},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::reduction),
        [](OpBuilder &b, Location l, ValueRange a) {
          linalg::YieldOp::create(b, l,
                                  ValueRange{arith::AddFOp::create(b, l, a[2], a[0]),
                                             arith::AddFOp::create(b, l, a[3], a[1])});
        });
    if (reduction == "sum") {
      rewriter.replaceOp(op, sums.getResult(0));
      return success();
    }
    rewriter.replaceOp(op, buildElementwise(rewriter, loc, scalarType,
                                            ValueRange{sums.getResult(0), sums.getResult(1)},
                                            [](OpBuilder &b, Location l, ValueRange a) -> Value {
                                              return arith::DivFOp::create(b, l, a[0], a[1]);
                                            }));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// einsum
//===----------------------------------------------------------------------===//

/// One linalg.generic: a loop per label, output labels first, then the
/// summed ones; a repeated label within an operand reads its diagonal.
struct LowerEinsum : OpRewritePattern<EinsumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(EinsumOp op, PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !llvm::all_of(op.getInputs().getTypes(),
                               [](Type t) { return isa<RankedTensorType>(t); }))
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    if (!isSupportedElementType(type.getElementType()))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    FailureOr<SmallVector<std::string>> labels = op.parseEquation();
    if (failed(labels))
      return rewriter.notifyMatchFailure(op, "malformed equation");
    MLIRContext *ctx = rewriter.getContext();
    Location loc = op.getLoc();
    std::string order = labels->back();
    for (const std::string &operand : ArrayRef(*labels).drop_back())
      for (char c : operand)
        if (order.find(c) == std::string::npos)
          order.push_back(c);
    int64_t loops = order.size(), outRank = labels->back().size();
    // A label broadcasts (size-1 operand axis) unless every operand has it as 1.
    auto labelIsWide = [&](char c) {
      for (auto [operand, v] : llvm::zip(ArrayRef(*labels).drop_back(), op.getInputs()))
        for (auto [l, d] : llvm::zip(operand, cast<RankedTensorType>(v.getType()).getShape()))
          if (l == c && d != 1)
            return true;
      return false;
    };
    SmallVector<AffineMap> maps;
    for (auto [operand, v] : llvm::zip(ArrayRef(*labels).drop_back(), op.getInputs())) {
      SmallVector<AffineExpr> exprs;
      for (auto [l, d] : llvm::zip(operand, cast<RankedTensorType>(v.getType()).getShape()))
        exprs.push_back(d == 1 && labelIsWide(l) ? zero(ctx)
                                                 : dim(ctx, order.find(l)));
      maps.push_back(AffineMap::get(loops, 0, exprs, ctx));
    }
    SmallVector<AffineExpr> outExprs;
    for (int64_t i = 0; i < outRank; ++i)
      outExprs.push_back(dim(ctx, i));
    maps.push_back(AffineMap::get(loops, 0, outExprs, ctx));
    // Dynamic output sizes come from an operand axis with the same label.
    SmallVector<OpFoldResult> sizes;
    for (auto [i, c] : llvm::enumerate(labels->back())) {
      if (!type.isDynamicDim(i)) {
        sizes.push_back(rewriter.getIndexAttr(type.getDimSize(i)));
        continue;
      }
      for (auto [operand, v] : llvm::zip(ArrayRef(*labels).drop_back(), op.getInputs())) {
        size_t pos = operand.find(c);
        if (pos != std::string::npos &&
            cast<RankedTensorType>(v.getType()).getDimSize(pos) != 1) {
          sizes.push_back(tensor::getMixedSize(rewriter, loc, v, pos));
          break;
        }
      }
    }
    Type element = type.getElementType();
    Value empty = tensor::EmptyOp::create(rewriter, loc, sizes, element);
    Value init = linalg::FillOp::create(rewriter, loc,
                                        ValueRange{scalarConstant(rewriter, loc, element, 0.0)},
                                        ValueRange{empty})
                     .getResult(0);
    SmallVector<utils::IteratorType> iterators = parallelIterators(loops);
    for (int64_t i = outRank; i < loops; ++i)
      iterators[i] = utils::IteratorType::reduction;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, op.getInputs(), ValueRange{init}, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          Value product = args[0];
          for (Value v : args.drop_front().drop_back())
            product = mulValues(b, l, product, v);
          linalg::YieldOp::create(b, l, ValueRange{addValues(b, l, args.back(), product)});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};


//===----------------------------------------------------------------------===//
// dropout and dropout_mask
//===----------------------------------------------------------------------===//

/// A uniform [0, 1) value from (seed, flat index): splitmix64's finalizer
/// over a Weyl sequence, top 24 bits.
static Value uniformHash(OpBuilder &b, Location l, Value index, uint64_t seed, Type floatType) {
  auto c = [&](uint64_t v) {
    return arith::ConstantOp::create(b, l, b.getI64IntegerAttr(static_cast<int64_t>(v)));
  };
  auto mix = [&](Value z, uint64_t shift, uint64_t mul) -> Value {
    Value x = arith::XOrIOp::create(b, l, z, arith::ShRUIOp::create(b, l, z, c(shift)));
    return mul ? Value(arith::MulIOp::create(b, l, x, c(mul))) : x;
  };
  const uint64_t golden = 0x9E3779B97F4A7C15ull;
  Value z = arith::MulIOp::create(
      b, l, arith::AddIOp::create(b, l, index, c(seed * 0x632BE59BD9B4E019ull + 1)), c(golden));
  z = mix(z, 30, 0xBF58476D1CE4E5B9ull);
  z = mix(z, 27, 0x94D049BB133111EBull);
  z = mix(z, 31, 0);
  Value bits = arith::ShRUIOp::create(b, l, z, c(40));
  Value u = arith::UIToFPOp::create(b, l, floatType, bits);
  return arith::MulFOp::create(b, l, u, scalarConstant(b, l, floatType, 1.0 / (1 << 24)));
}

/// Row-major flat index of the current generic iteration as i64.
static Value flatIndex(OpBuilder &b, Location l, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  Value flat = arith::ConstantIndexOp::create(b, l, 0);
  for (int64_t d = 0; d < type.getRank(); ++d) {
    Value size = type.isDynamicDim(d) ? Value(tensor::DimOp::create(b, l, input, d))
                                      : Value(arith::ConstantIndexOp::create(b, l, type.getDimSize(d)));
    flat = arith::AddIOp::create(b, l, arith::MulIOp::create(b, l, flat, size),
                                 linalg::IndexOp::create(b, l, d));
  }
  return arith::IndexCastOp::create(b, l, b.getI64Type(), flat);
}

template <typename OpTy, bool isMask>
struct LowerDropout : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!inType || !type)
      return rewriter.notifyMatchFailure(op, "needs ranked types");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Type element = inType.getElementType();
    int64_t rank = inType.getRank();
    Value ratio = tensor::ExtractOp::create(rewriter, loc, op.getRatio(), ValueRange{});
    Value training = tensor::ExtractOp::create(rewriter, loc, op.getTraining(), ValueRange{});
    Value one = scalarConstant(rewriter, loc, element, 1.0);
    Value scale = arith::SelectOp::create(
        rewriter, loc, training,
        arith::DivFOp::create(rewriter, loc, one, arith::SubFOp::create(rewriter, loc, one, ratio)),
        one);
    Value input = op.getInput();
    uint64_t seed = static_cast<uint64_t>(op.getSeed());
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{input},
        ValueRange{emptyTensorLike(rewriter, loc, type, input, iota(rank))},
        SmallVector<AffineMap>{identity, identity}, parallelIterators(rank),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value u = uniformHash(b, l, flatIndex(b, l, input), seed, element);
          Value drawn = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, u, ratio);
          Value notTraining =
              arith::XOrIOp::create(b, l, training, arith::ConstantIntOp::create(b, l, 1, 1));
          Value keep = arith::OrIOp::create(b, l, drawn, notTraining);
          Value result = keep;
          if (!isMask)
            result = arith::SelectOp::create(b, l, keep,
                                             arith::MulFOp::create(b, l, args[0], scale),
                                             scalarConstant(b, l, element, 0.0));
          linalg::YieldOp::create(b, l, ValueRange{result});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerNNPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerArgReduce, LowerHardmax, LowerLayerNorm, LowerNllLoss, LowerEinsum,
               LowerDropout<DropoutOp, false>, LowerDropout<DropoutMaskOp, true>>(
      patterns.getContext());
  populateLowerConvTransposePatterns(patterns);
  populateLowerQuantizationPatterns(patterns);
  populateLowerRecurrentPatterns(patterns);
}
