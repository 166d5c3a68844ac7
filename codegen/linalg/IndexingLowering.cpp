//===- IndexingLowering.cpp - shared pieces of the indexing lowerings -----===//
#include "codegen/linalg/IndexingLowering.h"
#include "codegen/linalg/LoweringUtils.h"
#include "codegen/linalg/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

Value mlir::kiln::buildIndexGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                                    ValueRange dynamicSizes, ValueRange inputs,
                                    ArrayRef<AffineMap> inputMaps, IndexBodyFn body) {
  int64_t rank = resultType.getRank();
  Value init = tensor::EmptyOp::create(b, loc, resultType, dynamicSizes);
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, b.getContext()));
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        SmallVector<Value> coords;
        for (int64_t d = 0; d < rank; ++d)
          coords.push_back(linalg::IndexOp::create(nb, nloc, d));
        Value result = body(nb, nloc, coords, args.drop_back());
        linalg::YieldOp::create(nb, nloc, result);
      });
  return generic.getResult(0);
}

SmallVector<Value> mlir::kiln::dynamicSizesOf(RankedTensorType type, ArrayRef<Value> sizes) {
  SmallVector<Value> out;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      out.push_back(sizes[d]);
  return out;
}

Value mlir::kiln::dimOf(OpBuilder &b, Location loc, Value v, int64_t d) {
  auto type = cast<RankedTensorType>(v.getType());
  if (!type.isDynamicDim(d))
    return constIndex(b, loc, type.getDimSize(d));
  return tensor::DimOp::create(b, loc, v, d);
}

Value mlir::kiln::toI64(OpBuilder &b, Location loc, Value v) {
  Type type = v.getType(), i64 = b.getI64Type();
  if (type.isIndex())
    return arith::IndexCastOp::create(b, loc, i64, v);
  if (isa<FloatType>(type))
    return arith::FPToSIOp::create(b, loc, i64, v);
  unsigned width = type.getIntOrFloatBitWidth();
  if (width == 64)
    return v;
  if (width > 64)
    return arith::TruncIOp::create(b, loc, i64, v);
  if (type.isUnsignedInteger() || width == 1)
    return arith::ExtUIOp::create(b, loc, i64, v);
  return arith::ExtSIOp::create(b, loc, i64, v);
}

Value mlir::kiln::i64ToIndex(OpBuilder &b, Location loc, Value v) {
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
}

Value mlir::kiln::indexToI64(OpBuilder &b, Location loc, Value v) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), v);
}

Value mlir::kiln::constI64(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
}

Value mlir::kiln::constIndex(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

Value mlir::kiln::extractAt(OpBuilder &b, Location loc, Value tensor, int64_t i) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> indices;
  for (int64_t d = 0; d < type.getRank(); ++d)
    indices.push_back(constIndex(b, loc, d + 1 == type.getRank() ? i : 0));
  return tensor::ExtractOp::create(b, loc, tensor, indices);
}

Value mlir::kiln::wrapIndex(OpBuilder &b, Location loc, Value idx, Value size) {
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, idx, constI64(b, loc, 0));
  Value wrapped = arith::AddIOp::create(b, loc, idx, size);
  return arith::SelectOp::create(b, loc, negative, wrapped, idx);
}

Value mlir::kiln::clampI64(OpBuilder &b, Location loc, Value v, Value lo, Value hi) {
  return arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, v, lo), hi);
}

Value mlir::kiln::combineScatter(OpBuilder &b, Location loc, StringRef reduction, Value old,
                                 Value update) {
  if (reduction == "add")
    return addValues(b, loc, old, update);
  if (reduction == "mul")
    return mulValues(b, loc, old, update);
  if (reduction == "max")
    return maxValues(b, loc, old, update);
  if (reduction == "min")
    return minValues(b, loc, old, update);
  return update;
}

void mlir::kiln::populateLowerIndexingPatterns(RewritePatternSet &patterns) {
  populateLowerShapeSlicePatterns(patterns);
  populateLowerGatherScatterPatterns(patterns);
  populateLowerScanSelectPatterns(patterns);
  populateLowerResizePatterns(patterns);
  populateLowerGridSamplePatterns(patterns);
}
