//===- ExpandCopies.cpp - kiln-cpu-expand-copies --------------------------===//
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_EXPANDCOPIES
#include "codegen/cpu/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// Copies a static copy whose innermost dimension is contiguous on both
/// sides row by row with vector loads and stores (rows of the whole
/// innermost extent up to `maxVector`, else of a power-of-two divisor of at
/// least 8). Left to the loops, LLVM vectorizes the padding copies of the
/// blocked layout across the strided dimension, with gathers and scatters.
bool copyInRows(OpBuilder &b, memref::CopyOp op, int64_t maxVector) {
  auto src = cast<MemRefType>(op.getSource().getType());
  auto dst = cast<MemRefType>(op.getTarget().getType());
  // i1 is a byte in memory but a bit in a vector.
  if (!src.hasStaticShape() || src.getRank() == 0 || !src.getElementType().isIntOrFloat() ||
      src.getElementTypeBitWidth() % 8 != 0)
    return false;
  SmallVector<int64_t> srcStrides, dstStrides;
  int64_t offset;
  if (failed(src.getStridesAndOffset(srcStrides, offset)) ||
      failed(dst.getStridesAndOffset(dstStrides, offset)) || srcStrides.back() != 1 ||
      dstStrides.back() != 1)
    return false;
  ArrayRef<int64_t> shape = src.getShape();
  int64_t inner = shape.back(), row = 0;
  if (inner <= maxVector)
    row = inner;
  for (int64_t t = maxVector; !row && t >= 8; t /= 2)
    if (inner % t == 0)
      row = t;
  if (!row)
    return false;
  Location loc = op.getLoc();
  auto index = [&](int64_t v) -> Value { return arith::ConstantIndexOp::create(b, loc, v); };
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t size : shape) {
    lbs.push_back(index(0));
    ubs.push_back(index(size));
    steps.push_back(index(1));
  }
  steps.back() = index(row);
  auto vecType = VectorType::get({row}, src.getElementType());
  Value padding = arith::ConstantOp::create(b, loc, src.getElementType(),
                                            b.getZeroAttr(src.getElementType()));
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, [&](OpBuilder &nested, Location l, ValueRange ivs) {
        Value v = vector::TransferReadOp::create(nested, l, vecType, op.getSource(), ivs,
                                                 padding, ArrayRef<bool>{true});
        vector::TransferWriteOp::create(nested, l, v, op.getTarget(), ivs, ArrayRef<bool>{true});
      });
  // Rows are disjoint (copies do not overlap): the outermost loop that
  // repeats may run on several threads (kiln-cpu-parallelize).
  for (size_t i = 0; i < nest.loops.size(); ++i) {
    int64_t trips = i + 1 == shape.size() ? shape[i] / row : shape[i];
    if (trips > 1) {
      nest.loops[i]->setAttr(kiln::kParallelLoopAttr, b.getUnitAttr());
      break;
    }
  }
  return true;
}

struct ExpandCopiesPass : kiln::impl::ExpandCopiesBase<ExpandCopiesPass> {
  using Base::Base;
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    // Only ranked copies: linalg.copy of an unranked memref would lower to nothing.
    getOperation()->walk([&](memref::CopyOp op) {
      if (isa<MemRefType>(op.getSource().getType()) && isa<MemRefType>(op.getTarget().getType()))
        copies.push_back(op);
    });
    for (memref::CopyOp op : copies) {
      OpBuilder b(op);
      if (!vectorize || !copyInRows(b, op, /*maxVector=*/64))
        linalg::CopyOp::create(b, op.getLoc(), op.getSource(), op.getTarget());
      op.erase();
    }
    if (!vectorize)
      return;
    // Fills of whole contiguous buffers (padded inputs, accumulators) fill
    // the flattened buffer: one loop, a memset for zero, instead of a nest
    // that LLVM may vectorize across a short innermost dimension with
    // scatters.
    SmallVector<linalg::FillOp> fills;
    getOperation()->walk([&](linalg::FillOp op) {
      auto type = dyn_cast<MemRefType>(op.getOutputs()[0].getType());
      if (type && type.getRank() > 1 && type.hasStaticShape() && type.getLayout().isIdentity())
        fills.push_back(op);
    });
    for (linalg::FillOp op : fills) {
      OpBuilder b(op);
      Value buffer = op.getOutputs()[0];
      ReassociationIndices all =
          llvm::to_vector(llvm::seq<int64_t>(0, cast<MemRefType>(buffer.getType()).getRank()));
      Value flat = memref::CollapseShapeOp::create(b, op.getLoc(), buffer,
                                                   ArrayRef<ReassociationIndices>{all});
      linalg::FillOp::create(b, op.getLoc(), op.getInputs()[0], flat);
      op.erase();
    }
  }
};
} // namespace
