//===- KilnOps.cpp - kiln op verifiers and shape inference ----------------===//
#include "dialects/kiln/KilnOps.h"

#include "dialects/kiln/KilnOpsDetail.h"
#include "dialects/kiln/ShapeUtils.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::kiln;

#include "dialects/kiln/KilnInterfaces.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

static RankedTensorType rankedOrNull(Value v) {
  return dyn_cast<RankedTensorType>(v.getType());
}

static Type elementTypeOf(Value v) {
  return cast<ShapedType>(v.getType()).getElementType();
}

namespace mlir::kiln::detail {

FailureOr<Type> inferBroadcastType(Operation *op) {
  auto lhs = rankedOrNull(op->getOperand(0));
  auto rhs = rankedOrNull(op->getOperand(1));
  if (!lhs || !rhs)
    return Type();
  auto shape = broadcastShapes(lhs.getShape(), rhs.getShape());
  if (!shape)
    return failure();
  return Type(RankedTensorType::get(*shape, lhs.getElementType()));
}

FailureOr<Type> inferSameType(Operation *op) {
  if (!rankedOrNull(op->getOperand(0)))
    return Type();
  return op->getOperand(0).getType();
}

LogicalResult verifyResultType(Operation *op) {
  // Every kiln op keeps its first operand's element type.
  Type resultElement = elementTypeOf(op->getResult(0));
  if (op->getNumOperands() > 0 && resultElement != elementTypeOf(op->getOperand(0)))
    return op->emitOpError("result element type ")
           << resultElement << " differs from the operand element type "
           << elementTypeOf(op->getOperand(0));
  auto iface = cast<ShapeInferenceOpInterface>(op);
  FailureOr<Type> inferred = iface.inferResultType();
  if (failed(inferred))
    return op->emitOpError("has operands whose shapes are inconsistent");
  auto result = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  auto expected = dyn_cast_or_null<RankedTensorType>(*inferred);
  if (!result || !expected)
    return success();
  if (result.getElementType() != expected.getElementType() ||
      result.getRank() != expected.getRank())
    return op->emitOpError("result type ")
           << result << " does not match the inferred type " << expected;
  for (auto [got, want] : llvm::zip(result.getShape(), expected.getShape()))
    if (!ShapedType::isDynamic(got) && !ShapedType::isDynamic(want) && got != want)
      return op->emitOpError("result type ")
             << result << " does not match the inferred type " << expected;
  return success();
}

LogicalResult verifyBroadcastOp(Operation *op) {
  if (elementTypeOf(op->getOperand(0)) != elementTypeOf(op->getOperand(1)))
    return op->emitOpError("operands have different element types: ")
           << elementTypeOf(op->getOperand(0)) << " vs "
           << elementTypeOf(op->getOperand(1));
  auto lhs = rankedOrNull(op->getOperand(0));
  auto rhs = rankedOrNull(op->getOperand(1));
  if (lhs && rhs && !broadcastShapes(lhs.getShape(), rhs.getShape()))
    return op->emitOpError("operand shapes ")
           << lhs << " and " << rhs << " do not broadcast";
  return verifyResultType(op);
}

} // namespace mlir::kiln::detail

using kiln::detail::verifyResultType;

LogicalResult mlir::kiln::inferAndSetResultType(Operation *op) {
  auto iface = dyn_cast<ShapeInferenceOpInterface>(op);
  if (!iface)
    return success();
  FailureOr<Type> inferred = iface.inferResultType();
  if (failed(inferred))
    return failure();
  if (!*inferred)
    return success();
  // Keep static dimensions the result already declares where inference has
  // only a dynamic one (the verifier has checked they agree).
  auto refined = cast<RankedTensorType>(*inferred);
  if (auto current = dyn_cast<RankedTensorType>(op->getResult(0).getType());
      current && current.getRank() == refined.getRank()) {
    SmallVector<int64_t> shape(refined.getShape());
    for (auto [i, d] : llvm::enumerate(current.getShape()))
      if (ShapedType::isDynamic(shape[i]))
        shape[i] = d;
    refined = RankedTensorType::get(shape, refined.getElementType());
  }
  op->getResult(0).setType(refined);
  return success();
}

/// Checks that a list attribute has `expected` entries, all >= `minValue`.
static LogicalResult checkList(Operation *op, StringRef name,
                               ArrayRef<int64_t> values, size_t expected,
                               int64_t minValue) {
  if (values.size() != expected)
    return op->emitOpError() << "expects " << expected << " entries in '"
                             << name << "', got " << values.size();
  for (int64_t v : values)
    if (v < minValue)
      return op->emitOpError() << "expects every '" << name << "' entry >= "
                               << minValue << ", got " << v;
  return success();
}

/// Verifies the window attributes shared by convolution and pooling.
static LogicalResult verifyWindow(Operation *op, Value input,
                                  size_t spatialRank, ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> pads,
                                  ArrayRef<int64_t> dilations,
                                  StringRef padMode) {
  if (auto type = rankedOrNull(input))
    if (type.getRank() < 3)
      return op->emitOpError("expects an input of rank >= 3 (N, C, spatial...)");
  if (failed(checkList(op, "strides", strides, spatialRank, 1)) ||
      failed(checkList(op, "pads", pads, 2 * spatialRank, 0)) ||
      failed(checkList(op, "dilations", dilations, spatialRank, 1)))
    return failure();
  if (!isValidPadMode(padMode))
    return op->emitOpError("has unknown pad_mode '") << padMode << "'";
  return success();
}

/// Output spatial sizes of a window op; resolves same_* padding on the fly.
static SmallVector<int64_t> windowOutputShape(ArrayRef<int64_t> inSpatial,
                                              ArrayRef<int64_t> kernel,
                                              ArrayRef<int64_t> strides,
                                              ArrayRef<int64_t> pads,
                                              ArrayRef<int64_t> dilations,
                                              StringRef padMode, bool ceil) {
  size_t n = inSpatial.size();
  SmallVector<int64_t> out;
  for (size_t i = 0; i < n; ++i) {
    if (padMode != "explicit") {
      out.push_back(ShapedType::isDynamic(inSpatial[i])
                        ? ShapedType::kDynamic
                        : (inSpatial[i] + strides[i] - 1) / strides[i]);
      continue;
    }
    out.push_back(windowOutputSize(inSpatial[i], kernel[i], strides[i],
                                   dilations[i], pads[i], pads[i + n], ceil));
  }
  return out;
}

/// A window op's output needs every spatial size >= 1.
static bool hasEmptyWindow(ArrayRef<int64_t> spatial) {
  return llvm::is_contained(spatial, 0);
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  if (getValue().getType() != getType())
    return emitOpError("value type ")
           << getValue().getType() << " differs from result type " << getType();
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Elementwise ops with attributes or extra operands
//===----------------------------------------------------------------------===//

FailureOr<Type> LeakyReluOp::inferResultType() {
  return kiln::detail::inferSameType(getOperation());
}
LogicalResult LeakyReluOp::verify() { return verifyResultType(*this); }

FailureOr<Type> ClipOp::inferResultType() {
  return kiln::detail::inferSameType(getOperation());
}
LogicalResult ClipOp::verify() {
  Type element = elementTypeOf(getInput());
  for (Value bound : {getMin(), getMax()}) {
    if (elementTypeOf(bound) != element)
      return emitOpError("bounds must have the input's element type ") << element;
    if (auto type = rankedOrNull(bound); type && type.getRank() != 0)
      return emitOpError("bounds must be rank-0 tensors, got ") << type;
  }
  return verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

FailureOr<Type> MatMulOp::inferResultType() {
  auto lhs = rankedOrNull(getLhs()), rhs = rankedOrNull(getRhs());
  if (!lhs || !rhs)
    return Type();
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return failure();
  auto batch = broadcastShapes(lhs.getShape().drop_back(2),
                               rhs.getShape().drop_back(2));
  if (!batch)
    return failure();
  int64_t k1 = lhs.getShape().back(), k2 = rhs.getShape()[rhs.getRank() - 2];
  if (!ShapedType::isDynamic(k1) && !ShapedType::isDynamic(k2) && k1 != k2)
    return failure();
  SmallVector<int64_t> shape = *batch;
  shape.push_back(lhs.getShape()[lhs.getRank() - 2]);
  shape.push_back(rhs.getShape().back());
  return Type(RankedTensorType::get(shape, lhs.getElementType()));
}

LogicalResult MatMulOp::verify() {
  if (elementTypeOf(getLhs()) != elementTypeOf(getRhs()))
    return emitOpError("operands have different element types");
  auto lhs = rankedOrNull(getLhs()), rhs = rankedOrNull(getRhs());
  if ((lhs && lhs.getRank() < 2) || (rhs && rhs.getRank() < 2))
    return emitOpError("expects operands of rank >= 2");
  if (lhs && rhs) {
    int64_t k1 = lhs.getShape().back(), k2 = rhs.getShape()[rhs.getRank() - 2];
    if (!ShapedType::isDynamic(k1) && !ShapedType::isDynamic(k2) && k1 != k2)
      return emitOpError("contraction dimensions differ: ") << k1 << " vs " << k2;
  }
  return verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// ConvOp
//===----------------------------------------------------------------------===//

FailureOr<Type> ConvOp::inferResultType() {
  auto input = rankedOrNull(getInput()), weight = rankedOrNull(getWeight());
  if (!input || !weight)
    return Type();
  ArrayRef<int64_t> in = input.getShape(), w = weight.getShape();
  if (in.size() != w.size() || in.size() < 3)
    return failure();
  if (getStrides().size() != in.size() - 2 || getPads().size() != 2 * (in.size() - 2) ||
      getDilations().size() != in.size() - 2)
    return failure();
  SmallVector<int64_t> spatial = windowOutputShape(
      in.drop_front(2), w.drop_front(2), getStrides(), getPads(), getDilations(),
      getPadMode(), /*ceil=*/false);
  if (hasEmptyWindow(spatial))
    return failure();
  SmallVector<int64_t> shape = {in[0], w[0]};
  llvm::append_range(shape, spatial);
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

LogicalResult ConvOp::verify() {
  auto input = rankedOrNull(getInput()), weight = rankedOrNull(getWeight());
  if (elementTypeOf(getInput()) != elementTypeOf(getWeight()))
    return emitOpError("input and weight have different element types");
  if (input && weight && input.getRank() != weight.getRank())
    return emitOpError("input rank ") << input.getRank()
                                      << " differs from weight rank " << weight.getRank();
  int64_t rank = input ? input.getRank() : weight ? weight.getRank() : -1;
  if (rank >= 0 && rank < 3)
    return emitOpError("expects input and weight of rank >= 3, got rank ") << rank;
  if (getGroups() < 1)
    return emitOpError("expects groups >= 1");
  if (rank >= 0 && failed(verifyWindow(*this, getInput(), rank - 2, getStrides(),
                                       getPads(), getDilations(), getPadMode())))
    return failure();
  if (input && weight) {
    int64_t c = input.getShape()[1], wc = weight.getShape()[1], oc = weight.getShape()[0];
    if (!ShapedType::isDynamic(c) && !ShapedType::isDynamic(wc) &&
        c != wc * getGroups())
      return emitOpError("input channels ")
             << c << " != weight channels " << wc << " x groups " << getGroups();
    if (!ShapedType::isDynamic(oc) && oc % getGroups() != 0)
      return emitOpError("output channels ") << oc << " not divisible by groups "
                                             << getGroups();
  }
  if (getBias()) {
    auto bias = rankedOrNull(getBias());
    if (bias && bias.getRank() != 1)
      return emitOpError("expects a rank-1 bias");
    if (bias && weight && !ShapedType::isDynamic(bias.getShape()[0]) &&
        bias.getShape()[0] != weight.getShape()[0])
      return emitOpError("bias length differs from output channels");
  }
  return verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <typename PoolOp>
static FailureOr<Type> inferPoolType(PoolOp op, ArrayRef<int64_t> dilations) {
  auto input = rankedOrNull(op.getInput());
  if (!input)
    return Type();
  ArrayRef<int64_t> in = input.getShape();
  size_t s = op.getKernel().size();
  if (in.size() != s + 2 || op.getStrides().size() != s || op.getPads().size() != 2 * s ||
      dilations.size() != s)
    return failure();
  SmallVector<int64_t> spatial =
      windowOutputShape(in.drop_front(2), op.getKernel(), op.getStrides(), op.getPads(),
                        dilations, op.getPadMode(), op.getCeilMode());
  if (hasEmptyWindow(spatial))
    return failure();
  SmallVector<int64_t> shape(in.take_front(2));
  llvm::append_range(shape, spatial);
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

template <typename PoolOp>
static LogicalResult verifyPool(PoolOp op, ArrayRef<int64_t> dilations) {
  size_t spatial = op.getKernel().size();
  if (failed(checkList(op, "kernel", op.getKernel(), spatial, 1)))
    return failure();
  if (auto input = rankedOrNull(op.getInput());
      input && input.getRank() != static_cast<int64_t>(spatial) + 2)
    return op.emitOpError("kernel has ")
           << spatial << " entries but the input has rank " << input.getRank();
  if (failed(verifyWindow(op, op.getInput(), spatial, op.getStrides(),
                          op.getPads(), dilations, op.getPadMode())))
    return failure();
  return verifyResultType(op);
}

FailureOr<Type> MaxPoolOp::inferResultType() {
  return inferPoolType(*this, getDilations());
}
LogicalResult MaxPoolOp::verify() { return verifyPool(*this, getDilations()); }

static SmallVector<int64_t> unitDilations(size_t n) {
  return SmallVector<int64_t>(n, 1);
}

FailureOr<Type> AvgPoolOp::inferResultType() {
  return inferPoolType(*this, unitDilations(getKernel().size()));
}
LogicalResult AvgPoolOp::verify() {
  return verifyPool(*this, unitDilations(getKernel().size()));
}

//===----------------------------------------------------------------------===//
// ReduceOp and SoftmaxOp
//===----------------------------------------------------------------------===//

FailureOr<Type> ReduceOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  SmallVector<int64_t> shape;
  for (auto [i, d] : llvm::enumerate(input.getShape())) {
    if (!llvm::is_contained(getAxes(), static_cast<int64_t>(i)))
      shape.push_back(d);
    else if (getKeepdims())
      shape.push_back(1);
  }
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

LogicalResult ReduceOp::verify() {
  StringRef kind = getKind();
  if (kind != "sum" && kind != "mean" && kind != "max" && kind != "min" &&
      kind != "prod")
    return emitOpError("has unknown kind '") << kind << "'";
  ArrayRef<int64_t> axes = getAxes();
  for (size_t i = 0; i < axes.size(); ++i) {
    if (axes[i] < 0 || (i > 0 && axes[i] <= axes[i - 1]))
      return emitOpError("expects sorted, unique, non-negative axes");
  }
  if (auto input = rankedOrNull(getInput()))
    if (!axes.empty() && axes.back() >= input.getRank())
      return emitOpError("axis ") << axes.back() << " out of range for rank "
                                  << input.getRank();
  return verifyResultType(*this);
}

FailureOr<Type> SoftmaxOp::inferResultType() {
  return kiln::detail::inferSameType(getOperation());
}

LogicalResult SoftmaxOp::verify() {
  if (auto input = rankedOrNull(getInput()))
    if (getAxis() < 0 || getAxis() >= input.getRank())
      return emitOpError("axis ") << getAxis() << " out of range for rank "
                                  << input.getRank();
  return verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

FailureOr<Type> ReshapeOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  SmallVector<int64_t> shape(getShape());
  auto inferred = llvm::find(shape, -1);
  if (inferred != shape.end()) {
    int64_t known = 1;
    for (int64_t d : shape)
      if (d != -1)
        known *= d;
    if (!input.hasStaticShape())
      *inferred = ShapedType::kDynamic;
    else if (known == 0 || input.getNumElements() % known != 0)
      return failure();
    else
      *inferred = input.getNumElements() / known;
  } else if (input.hasStaticShape()) {
    int64_t count = 1;
    for (int64_t d : shape)
      count *= d;
    if (count != input.getNumElements())
      return failure();
  }
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

LogicalResult ReshapeOp::verify() {
  if (llvm::count(getShape(), -1) > 1)
    return emitOpError("expects at most one -1 in 'shape'");
  for (int64_t d : getShape())
    if (d < -1)
      return emitOpError("has invalid target dimension ") << d;
  if (failed(inferResultType()))
    return emitOpError("cannot reshape ")
           << getInput().getType() << " to " << getResult().getType();
  if (auto result = dyn_cast<RankedTensorType>(getType())) {
    if (result.getRank() != static_cast<int64_t>(getShape().size()))
      return emitOpError("result rank ") << result.getRank() << " differs from 'shape' size "
                                         << getShape().size();
    for (auto [d, want] : llvm::zip(result.getShape(), getShape()))
      if (want != -1 && !ShapedType::isDynamic(d) && d != want)
        return emitOpError("result type ") << result << " does not match 'shape'";
  }
  return verifyResultType(*this);
}

FailureOr<Type> TransposeOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  if (static_cast<int64_t>(getPerm().size()) != input.getRank())
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t p : getPerm())
    shape.push_back(input.getShape()[p]);
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

LogicalResult TransposeOp::verify() {
  SmallVector<bool> seen(getPerm().size(), false);
  for (int64_t p : getPerm()) {
    if (p < 0 || p >= static_cast<int64_t>(seen.size()) || seen[p])
      return emitOpError("'perm' is not a permutation");
    seen[p] = true;
  }
  if (auto input = rankedOrNull(getInput());
      input && input.getRank() != static_cast<int64_t>(getPerm().size()))
    return emitOpError("'perm' has ") << getPerm().size()
                                      << " entries for an input of rank " << input.getRank();
  if (auto result = dyn_cast<RankedTensorType>(getType());
      result && result.getRank() != static_cast<int64_t>(getPerm().size()))
    return emitOpError("result rank ") << result.getRank() << " differs from 'perm' size "
                                       << getPerm().size();
  return verifyResultType(*this);
}

FailureOr<Type> ConcatOp::inferResultType() {
  if (getAxis() < 0)
    return failure();
  SmallVector<int64_t> shape;
  Type element;
  for (Value v : getInputs()) {
    auto type = rankedOrNull(v);
    if (!type)
      return Type();
    if (shape.empty()) {
      shape.assign(type.getShape().begin(), type.getShape().end());
      element = type.getElementType();
      if (getAxis() >= type.getRank())
        return failure();
      continue;
    }
    if (type.getRank() != static_cast<int64_t>(shape.size()))
      return failure();
    for (auto [i, d] : llvm::enumerate(type.getShape())) {
      if (static_cast<int64_t>(i) == getAxis()) {
        shape[i] = ShapedType::isDynamic(d) || ShapedType::isDynamic(shape[i])
                       ? ShapedType::kDynamic
                       : shape[i] + d;
      } else if (!ShapedType::isDynamic(d) && !ShapedType::isDynamic(shape[i]) &&
                 d != shape[i]) {
        return failure();
      }
    }
  }
  if (!element)
    return failure();
  return Type(RankedTensorType::get(shape, element));
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("expects at least one input");
  if (getAxis() < 0)
    return emitOpError("expects a non-negative axis");
  Type element = elementTypeOf(getInputs().front());
  auto result = dyn_cast<RankedTensorType>(getType());
  for (Value v : getInputs()) {
    if (elementTypeOf(v) != element)
      return emitOpError("inputs have different element types");
    auto type = rankedOrNull(v);
    if (!type || !result)
      continue;
    if (type.getRank() != result.getRank())
      return emitOpError("input rank ") << type.getRank() << " differs from result rank "
                                        << result.getRank();
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (d != getAxis() && !ShapedType::isDynamic(type.getDimSize(d)) &&
          !ShapedType::isDynamic(result.getDimSize(d)) &&
          type.getDimSize(d) != result.getDimSize(d))
        return emitOpError("input ") << type << " does not match result " << result
                                     << " outside the concatenation axis";
  }
  if (result && getAxis() >= result.getRank())
    return emitOpError("axis ") << getAxis() << " out of range for rank " << result.getRank();
  return verifyResultType(*this);
}

#define GET_OP_CLASSES
#include "dialects/kiln/KilnOps.cpp.inc"
