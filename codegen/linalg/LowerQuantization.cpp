//===- LowerQuantization.cpp - kiln quantize/dequantize/sub_zero_point ----===//
//
// One elementwise linalg.generic each. Unsigned element types stay in the
// tensor types; the scalar body works on signless values (see
// NNLoweringUtils.h) and extends by the type's signedness.
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

/// Map of a rank-0 or rank-1 (along `axis`) scale or zero point.
static AffineMap paramMap(MLIRContext *ctx, Value param, int64_t rank, int64_t axis) {
  auto type = cast<RankedTensorType>(param.getType());
  if (type.getRank() == 0)
    return AffineMap::get(rank, 0, {}, ctx);
  AffineExpr e = type.getDimSize(0) == 1 ? getAffineConstantExpr(0, ctx)
                                         : getAffineDimExpr(axis, ctx);
  return AffineMap::get(rank, 0, {e}, ctx);
}

static Type elementTypeOf(Value v) { return cast<ShapedType>(v.getType()).getElementType(); }

/// Elementwise generic over `input` with per-axis parameters `params`.
static FailureOr<Value> buildQuantElementwise(PatternRewriter &rewriter, Operation *op,
                                              Value input, ValueRange params, int64_t axis,
                                              RankedTensorType resultType, BodyFn body) {
  auto inType = dyn_cast<RankedTensorType>(input.getType());
  if (!inType || !llvm::all_of(params.getTypes(), [](Type t) {
        auto r = dyn_cast<RankedTensorType>(t);
        return r && r.getRank() <= 1;
      }))
    return rewriter.notifyMatchFailure(op, "needs ranked operands and rank <= 1 parameters");
  MLIRContext *ctx = rewriter.getContext();
  Location loc = op->getLoc();
  int64_t rank = inType.getRank();
  SmallVector<Value> inputs = {input};
  SmallVector<AffineMap> maps = {AffineMap::getMultiDimIdentityMap(rank, ctx)};
  // A per-axis parameter of dynamic length may still be a single element
  // broadcast at run time: it is read in the body with the index clamped
  // to 0 when its length is 1.
  SmallVector<Value> clamped;
  for (Value p : params) {
    if (auto t = cast<RankedTensorType>(p.getType()); t.getRank() == 1 && t.isDynamicDim(0)) {
      clamped.push_back(p);
      continue;
    }
    inputs.push_back(p);
    maps.push_back(paramMap(ctx, p, rank, axis));
  }
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
  Value init = emptyTensorLike(rewriter, loc, resultType, input, iota(rank));
  return linalg::GenericOp::create(
             rewriter, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps,
             SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
             [&](OpBuilder &b, Location l, ValueRange args) {
               // Parameters in their original order, direct or clamped reads.
               SmallVector<Value> values = {args[0]};
               size_t direct = 1, read = 0;
               for (Value p : params) {
                 if (read < clamped.size() && p == clamped[read]) {
                   Value zero = arith::ConstantIndexOp::create(b, l, 0);
                   Value one = arith::ConstantIndexOp::create(b, l, 1);
                   Value size = tensor::DimOp::create(b, l, p, 0);
                   Value isOne = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, size, one);
                   Value i = arith::SelectOp::create(b, l, isOne, zero,
                                                     linalg::IndexOp::create(b, l, axis));
                   values.push_back(tensor::ExtractOp::create(b, l, p, ValueRange{i}));
                   ++read;
                 } else {
                   values.push_back(args[direct++]);
                 }
               }
               linalg::YieldOp::create(b, l, ValueRange{body(b, l, values)});
             })
      .getResult(0);
}

namespace {

/// saturate(round_half_even(x / scale) + zero_point), in floating point.
struct LowerQuantize : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp op, PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "needs a ranked result");
    auto qType = cast<IntegerType>(type.getElementType());
    Type floatType = elementTypeOf(op.getInput());
    if (elementTypeOf(op.getScale()) != floatType)
      return rewriter.notifyMatchFailure(op, "input and scale float types differ");
    unsigned width = qType.getWidth();
    bool isUnsigned = qType.isUnsigned();
    double lo = isUnsigned ? 0.0 : -std::ldexp(1.0, width - 1);
    double hi = std::ldexp(1.0, isUnsigned ? width : width - 1) - 1;
    SmallVector<Value> params = {op.getScale()};
    if (op.getZeroPoint())
      params.push_back(op.getZeroPoint());
    bool hasZeroPoint = static_cast<bool>(op.getZeroPoint());
    FailureOr<Value> y = buildQuantElementwise(
        rewriter, op, op.getInput(), params, op.getAxis(), type,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value v = math::RoundEvenOp::create(b, l, arith::DivFOp::create(b, l, a[0], a[1]));
          if (hasZeroPoint)
            v = arith::AddFOp::create(b, l, v, convertInteger(b, l, a[2], qType, floatType));
          v = arith::MaximumFOp::create(b, l, v, scalarConstant(b, l, floatType, lo));
          v = arith::MinimumFOp::create(b, l, v, scalarConstant(b, l, floatType, hi));
          Type signless = b.getIntegerType(width);
          Value q = isUnsigned ? Value(arith::FPToUIOp::create(b, l, signless, v))
                               : Value(arith::FPToSIOp::create(b, l, signless, v));
          return fromSignless(b, l, q, qType);
        });
    if (failed(y))
      return failure();
    rewriter.replaceOp(op, *y);
    return success();
  }
};

/// (ext(x) - ext(zero_point)) * scale.
struct LowerDequantize : OpRewritePattern<DequantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DequantizeOp op, PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "needs a ranked result");
    Type qType = elementTypeOf(op.getInput()), floatType = type.getElementType();
    Type i32 = rewriter.getI32Type(), wide = rewriter.getI64Type();
    SmallVector<Value> params = {op.getScale()};
    if (op.getZeroPoint())
      params.push_back(op.getZeroPoint());
    bool hasZeroPoint = static_cast<bool>(op.getZeroPoint());
    FailureOr<Value> y = buildQuantElementwise(
        rewriter, op, op.getInput(), params, op.getAxis(), type,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Type acc = qType.getIntOrFloatBitWidth() <= 16 ? i32 : wide;
          Value v = convertInteger(b, l, a[0], qType, acc);
          if (hasZeroPoint)
            v = arith::SubIOp::create(b, l, v, convertInteger(b, l, a[2], qType, acc));
          Value f = arith::SIToFPOp::create(b, l, floatType, v);
          return arith::MulFOp::create(b, l, f, a[1]);
        });
    if (failed(y))
      return failure();
    rewriter.replaceOp(op, *y);
    return success();
  }
};

struct LowerSubZeroPoint : OpRewritePattern<SubZeroPointOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SubZeroPointOp op, PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "needs a ranked result");
    Type qType = elementTypeOf(op.getInput()), i32 = rewriter.getI32Type();
    SmallVector<Value> params;
    if (op.getZeroPoint())
      params.push_back(op.getZeroPoint());
    FailureOr<Value> y = buildQuantElementwise(
        rewriter, op, op.getInput(), params, op.getAxis(), type,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value v = convertInteger(b, l, a[0], qType, i32);
          if (a.size() > 1)
            v = arith::SubIOp::create(b, l, v, convertInteger(b, l, a[1], qType, i32));
          return v;
        });
    if (failed(y))
      return failure();
    rewriter.replaceOp(op, *y);
    return success();
  }
};

} // namespace

void mlir::kiln::populateLowerQuantizationPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerQuantize, LowerDequantize, LowerSubZeroPoint>(patterns.getContext());
}
