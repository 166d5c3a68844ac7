//===- LoweringUtils.cpp - building blocks of the kiln to linalg lowering -===//
#include "codegen/linalg/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

bool mlir::kiln::isSupportedElementType(Type type) {
  return isa<FloatType>(type) || type.isSignlessInteger();
}

bool mlir::kiln::hasStaticShapes(Operation *op) {
  auto isStatic = [](Type t) {
    auto ranked = dyn_cast<RankedTensorType>(t);
    return ranked && ranked.hasStaticShape();
  };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

Value mlir::kiln::scalarConstant(OpBuilder &b, Location loc, Type type,
                                 double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value mlir::kiln::extremeConstant(OpBuilder &b, Location loc, Type type,
                                  bool highest) {
  if (auto floatType = dyn_cast<FloatType>(type)) {
    APFloat inf = APFloat::getInf(floatType.getFloatSemantics(), !highest);
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, inf));
  }
  unsigned width = type.getIntOrFloatBitWidth();
  APInt v = width == 1 ? APInt(1, highest ? 1 : 0)
                       : (highest ? APInt::getSignedMaxValue(width)
                                  : APInt::getSignedMinValue(width));
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, v));
}

bool mlir::kiln::hasRankedTypes(Operation *op) {
  auto ranked = [](Type t) { return isa<RankedTensorType>(t); };
  return llvm::all_of(op->getOperandTypes(), ranked) &&
         llvm::all_of(op->getResultTypes(), ranked);
}

SmallVector<OpFoldResult> mlir::kiln::mixedSizes(OpBuilder &b, Location loc,
                                                 RankedTensorType type,
                                                 function_ref<Value(int64_t)> dynamicDim) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (type.isDynamicDim(d))
      sizes.push_back(dynamicDim(d));
    else
      sizes.push_back(b.getIndexAttr(type.getDimSize(d)));
  }
  return sizes;
}

SmallVector<OpFoldResult> mlir::kiln::broadcastSizes(OpBuilder &b, Location loc,
                                                     RankedTensorType type,
                                                     ValueRange inputs) {
  int64_t rank = type.getRank();
  // Each input's dim is 1 or the result's: the result is their maximum.
  return mixedSizes(b, loc, type, [&](int64_t d) -> Value {
    Value size;
    for (Value v : inputs) {
      auto t = cast<RankedTensorType>(v.getType());
      int64_t id = d - (rank - t.getRank());
      if (id < 0 || !t.isDynamicDim(id))
        continue;
      Value dim = tensor::DimOp::create(b, loc, v, id);
      size = size ? arith::MaxUIOp::create(b, loc, size, dim).getResult() : dim;
    }
    // Inference only leaves a dim dynamic when some input's dim is.
    assert(size && "dynamic broadcast dim without a dynamic input dim");
    return size;
  });
}

Value mlir::kiln::emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                              ArrayRef<OpFoldResult> sizes) {
  if (type.hasStaticShape())
    return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  SmallVector<Value> dynamic;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamic.push_back(getValueOrCreateConstantIndexOp(b, loc, sizes[d]));
  return tensor::EmptyOp::create(b, loc, type, dynamic);
}

Value mlir::kiln::filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                               Value value, ArrayRef<OpFoldResult> sizes) {
  Value empty = emptyTensor(b, loc, type, sizes);
  return linalg::FillOp::create(b, loc, ValueRange{value}, ValueRange{empty})
      .getResult(0);
}

Value mlir::kiln::elementCount(OpBuilder &b, Location loc, Value v,
                               ArrayRef<int64_t> dims) {
  Value count = arith::ConstantIndexOp::create(b, loc, 1);
  for (int64_t d : dims)
    count = arith::MulIOp::create(b, loc, count, tensor::DimOp::create(b, loc, v, d));
  return count;
}

AffineMap mlir::kiln::broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                                   ArrayRef<int64_t> outShape) {
  SmallVector<AffineExpr> exprs;
  size_t offset = outShape.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 1 && outShape[i + offset] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(i + offset, ctx));
  }
  return AffineMap::get(outShape.size(), 0, exprs, ctx);
}

/// Number of `inputs` whose dim aligned with result dim `d` is dynamic.
static int64_t dynamicInputsAt(ValueRange inputs, int64_t resultRank, int64_t d) {
  int64_t n = 0;
  for (Value v : inputs) {
    auto t = cast<RankedTensorType>(v.getType());
    int64_t id = d - (resultRank - t.getRank());
    n += id >= 0 && t.isDynamicDim(id);
  }
  return n;
}

/// `input` read with NumPy broadcasting resolved at run time along the
/// dims where it is dynamic but may still be 1: against a static result dim
/// > 1, or against other dynamic dims. There the index is clamped to 0 when
/// the input's dim is 1; other inputs keep the plain indexing maps.
static Value resolveDynamicBroadcast(OpBuilder &b, Location loc, Value input,
                                     RankedTensorType resultType, ValueRange inputs,
                                     ArrayRef<OpFoldResult> outSizes) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank(), offset = resultType.getRank() - rank;
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<bool> clamp(rank, false);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t out = resultType.getDimSize(d + offset);
    clamp[d] = type.isDynamicDim(d) &&
               (ShapedType::isDynamic(out) ? dynamicInputsAt(inputs, resultType.getRank(),
                                                             d + offset) > 1
                                           : out != 1);
    if (clamp[d])
      shape[d] = out;
  }
  if (llvm::none_of(clamp, [](bool c) { return c; }))
    return input;
  auto fullType = RankedTensorType::get(shape, type.getElementType());
  SmallVector<OpFoldResult> sizes = kiln::mixedSizes(b, loc, fullType, [&](int64_t d) -> Value {
    return clamp[d] ? getValueOrCreateConstantIndexOp(b, loc, outSizes[d + offset])
                    : tensor::DimOp::create(b, loc, input, d).getResult();
  });
  Value init = kiln::emptyTensor(b, loc, fullType, sizes);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{fullType}, ValueRange{}, ValueRange{init},
      SmallVector<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, b.getContext())},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location nloc, ValueRange) {
        SmallVector<Value> indices;
        Value zero = arith::ConstantIndexOp::create(nb, nloc, 0);
        Value one = arith::ConstantIndexOp::create(nb, nloc, 1);
        for (int64_t d = 0; d < rank; ++d) {
          Value i = linalg::IndexOp::create(nb, nloc, d);
          if (clamp[d]) {
            Value size = tensor::DimOp::create(nb, nloc, input, d);
            Value isOne = arith::CmpIOp::create(nb, nloc, arith::CmpIPredicate::eq, size, one);
            i = arith::SelectOp::create(nb, nloc, isOne, zero, i);
          }
          indices.push_back(i);
        }
        linalg::YieldOp::create(nb, nloc,
                                tensor::ExtractOp::create(nb, nloc, input, indices).getResult());
      });
  return generic.getResult(0);
}

Value mlir::kiln::buildElementwise(OpBuilder &b, Location loc,
                                   RankedTensorType resultType,
                                   ValueRange rawInputs, BodyFn body) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<OpFoldResult> outSizes = broadcastSizes(b, loc, resultType, rawInputs);
  SmallVector<Value> inputs;
  for (Value v : rawInputs)
    inputs.push_back(resolveDynamicBroadcast(b, loc, v, resultType, rawInputs, outSizes));
  SmallVector<AffineMap> maps;
  for (Value v : inputs)
    maps.push_back(broadcastMap(ctx, cast<RankedTensorType>(v.getType()).getShape(), shape));
  maps.push_back(AffineMap::getMultiDimIdentityMap(shape.size(), ctx));
  Value init = emptyTensor(b, loc, resultType, outSizes);
  SmallVector<utils::IteratorType> iterators(shape.size(), utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value result = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, result);
      });
  return generic.getResult(0);
}

/// `FloatOp` for float operands, `IntOp` for (signless) integers.
template <typename FloatOp, typename IntOp>
static Value floatOrInt(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return FloatOp::create(b, loc, x, y);
  return IntOp::create(b, loc, x, y);
}

Value mlir::kiln::addValues(OpBuilder &b, Location loc, Value x, Value y) {
  return floatOrInt<arith::AddFOp, arith::AddIOp>(b, loc, x, y);
}

Value mlir::kiln::mulValues(OpBuilder &b, Location loc, Value x, Value y) {
  return floatOrInt<arith::MulFOp, arith::MulIOp>(b, loc, x, y);
}

Value mlir::kiln::maxValues(OpBuilder &b, Location loc, Value x, Value y) {
  return floatOrInt<arith::MaximumFOp, arith::MaxSIOp>(b, loc, x, y);
}

Value mlir::kiln::minValues(OpBuilder &b, Location loc, Value x, Value y) {
  return floatOrInt<arith::MinimumFOp, arith::MinSIOp>(b, loc, x, y);
}

Value mlir::kiln::buildReduction(OpBuilder &b, Location loc, Value input,
                                 ArrayRef<int64_t> axes, bool keepdims,
                                 StringRef kind) {
  MLIRContext *ctx = b.getContext();
  auto inType = cast<RankedTensorType>(input.getType());
  Type element = inType.getElementType();
  int64_t rank = inType.getRank();
  SmallVector<int64_t> outShape;
  SmallVector<OpFoldResult> outSizes;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    bool reduced = llvm::is_contained(axes, d);
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
    if (!reduced) {
      outShape.push_back(inType.getDimSize(d));
      outSizes.push_back(tensor::getMixedSize(b, loc, input, d));
      outExprs.push_back(getAffineDimExpr(d, ctx));
    } else if (keepdims) {
      outShape.push_back(1);
      outSizes.push_back(b.getIndexAttr(1));
      outExprs.push_back(getAffineConstantExpr(0, ctx));
    }
  }
  auto outType = RankedTensorType::get(outShape, element);
  Value init;
  if (kind == "max" || kind == "min")
    init = extremeConstant(b, loc, element, /*highest=*/kind == "min");
  else
    init = scalarConstant(b, loc, element, kind == "prod" ? 1.0 : 0.0);
  Value out = filledTensor(b, loc, outType, init, outSizes);
  SmallVector<AffineMap> maps = {AffineMap::getMultiDimIdentityMap(rank, ctx),
                                 AffineMap::get(rank, 0, outExprs, ctx)};
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{outType}, ValueRange{input}, ValueRange{out}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value r;
        if (kind == "max")
          r = maxValues(nb, nloc, args[1], args[0]);
        else if (kind == "min")
          r = minValues(nb, nloc, args[1], args[0]);
        else if (kind == "prod")
          r = mulValues(nb, nloc, args[1], args[0]);
        else
          r = addValues(nb, nloc, args[1], args[0]);
        linalg::YieldOp::create(nb, nloc, r);
      });
  Value result = generic.getResult(0);
  if (kind != "mean")
    return result;
  Value divisor;
  int64_t count = 1;
  for (int64_t d : axes)
    count = inType.isDynamicDim(d) || count == ShapedType::kDynamic
                ? ShapedType::kDynamic
                : count * inType.getDimSize(d);
  if (count != ShapedType::kDynamic) {
    divisor = scalarConstant(b, loc, element, static_cast<double>(count));
  } else {
    Value n = arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                         elementCount(b, loc, input, axes));
    if (isa<FloatType>(element))
      divisor = arith::SIToFPOp::create(b, loc, element, n);
    else if (element.getIntOrFloatBitWidth() < 64)
      divisor = arith::TruncIOp::create(b, loc, element, n);
    else
      divisor = n;
  }
  return buildElementwise(b, loc, outType, ValueRange{result},
                          [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
                            if (isa<FloatType>(element))
                              return arith::DivFOp::create(nb, nloc, args[0], divisor);
                            return arith::DivSIOp::create(nb, nloc, args[0], divisor);
                          });
}

Value mlir::kiln::padTensor(OpBuilder &b, Location loc, Value input,
                            ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                            Value value) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> lowAttrs, highAttrs;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    shape.push_back(type.isDynamicDim(d) ? ShapedType::kDynamic
                                         : type.getDimSize(d) + low[d] + high[d]);
    lowAttrs.push_back(b.getIndexAttr(low[d]));
    highAttrs.push_back(b.getIndexAttr(high[d]));
  }
  auto padded = RankedTensorType::get(shape, type.getElementType());
  return tensor::PadOp::create(b, loc, padded, input, lowAttrs, highAttrs, value);
}

ValueRange mlir::kiln::forLoop(OpBuilder &b, Location loc, Value lb, Value ub, ValueRange init,
                               LoopBody body) {
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  return scf::ForOp::create(b, loc, lb, ub, one, init,
                            [&](OpBuilder &nb, Location l, Value iv, ValueRange carried) {
                              scf::YieldOp::create(nb, l, body(nb, l, iv, carried));
                            })
      .getResults();
}

ValueRange mlir::kiln::ifThen(OpBuilder &b, Location loc, Value cond, ValueRange current,
                              function_ref<SmallVector<Value>(OpBuilder &, Location)> then) {
  return scf::IfOp::create(
             b, loc, cond,
             [&](OpBuilder &tb, Location l) { scf::YieldOp::create(tb, l, then(tb, l)); },
             [&](OpBuilder &eb, Location l) { scf::YieldOp::create(eb, l, current); })
      .getResults();
}
