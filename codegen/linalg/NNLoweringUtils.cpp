//===- NNLoweringUtils.cpp - helpers of the NN op lowerings ---------------===//
#include "codegen/linalg/NNLoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

Value mlir::kiln::emptyTensorLike(OpBuilder &b, Location loc, RankedTensorType type,
                                  Value source, ArrayRef<int64_t> sourceDims) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (!type.isDynamicDim(i))
      sizes.push_back(b.getIndexAttr(type.getDimSize(i)));
    else
      sizes.push_back(tensor::getMixedSize(b, loc, source, sourceDims[i]));
  }
  return tensor::EmptyOp::create(b, loc, sizes, type.getElementType());
}

Value mlir::kiln::filledTensorLike(OpBuilder &b, Location loc, RankedTensorType type,
                                   Value source, ArrayRef<int64_t> sourceDims, Value value) {
  Value empty = emptyTensorLike(b, loc, type, source, sourceDims);
  return linalg::FillOp::create(b, loc, ValueRange{value}, ValueRange{empty}).getResult(0);
}

SmallVector<int64_t> mlir::kiln::iota(int64_t n) {
  SmallVector<int64_t> v;
  for (int64_t i = 0; i < n; ++i)
    v.push_back(i);
  return v;
}

Value mlir::kiln::toSignless(OpBuilder &b, Location loc, Value v) {
  auto type = dyn_cast<IntegerType>(v.getType());
  if (!type || type.isSignless())
    return v;
  Type signless = b.getIntegerType(type.getWidth());
  return UnrealizedConversionCastOp::create(b, loc, signless, v).getResult(0);
}

Value mlir::kiln::fromSignless(OpBuilder &b, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return UnrealizedConversionCastOp::create(b, loc, type, v).getResult(0);
}

Value mlir::kiln::convertInteger(OpBuilder &b, Location loc, Value v, Type sourceType,
                                 Type target) {
  bool isUnsigned = cast<IntegerType>(sourceType).isUnsigned();
  v = toSignless(b, loc, v);
  if (isa<FloatType>(target))
    return isUnsigned ? Value(arith::UIToFPOp::create(b, loc, target, v))
                      : Value(arith::SIToFPOp::create(b, loc, target, v));
  unsigned from = v.getType().getIntOrFloatBitWidth(), to = target.getIntOrFloatBitWidth();
  if (from == to)
    return v;
  if (from > to)
    return arith::TruncIOp::create(b, loc, target, v);
  return isUnsigned ? Value(arith::ExtUIOp::create(b, loc, target, v))
                    : Value(arith::ExtSIOp::create(b, loc, target, v));
}

Value mlir::kiln::elementCount(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> dims,
                               Type type) {
  auto shaped = cast<RankedTensorType>(v.getType());
  int64_t known = 1;
  Value dynamic;
  for (int64_t d : dims) {
    if (!shaped.isDynamicDim(d)) {
      known *= shaped.getDimSize(d);
      continue;
    }
    Value size = tensor::DimOp::create(b, loc, v, d);
    dynamic = dynamic ? arith::MulIOp::create(b, loc, dynamic, size) : size;
  }
  if (!dynamic) {
    if (isa<FloatType>(type))
      return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, double(known)));
    return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, known));
  }
  Value total = arith::MulIOp::create(b, loc, dynamic,
                                      arith::ConstantIndexOp::create(b, loc, known));
  Value asInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), total);
  if (isa<FloatType>(type))
    return arith::SIToFPOp::create(b, loc, type, asInt);
  if (type.getIntOrFloatBitWidth() == 64)
    return asInt;
  return arith::TruncIOp::create(b, loc, type, asInt);
}
