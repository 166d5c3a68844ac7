//===- KilnIndexingOps.cpp - verifiers and shape inference of indexing ops ===//
//
// Ops of KilnIndexingOps.td. Index-like operands are tensors; shape
// inference reads them only when they are constants and otherwise leaves
// the dimensions they decide dynamic.
//
//===----------------------------------------------------------------------===//
#include "dialects/kiln/KilnOps.h"
#include "dialects/kiln/KilnOpsDetail.h"
#include "dialects/kiln/ShapeUtils.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::kiln;

static RankedTensorType rankedOrNull(Value v) {
  return dyn_cast<RankedTensorType>(v.getType());
}

static Type elementTypeOf(Value v) {
  return cast<ShapedType>(v.getType()).getElementType();
}

/// The values of a constant integer tensor operand, if it is one.
static std::optional<SmallVector<int64_t>> constantInts(Value v) {
  DenseIntElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const APInt &x : attr.getValues<APInt>())
    out.push_back(x.getSExtValue());
  return out;
}

static Type dynamicOfRank(int64_t rank, Type element) {
  return RankedTensorType::get(SmallVector<int64_t>(rank, ShapedType::kDynamic), element);
}

/// A ranked result agrees with the inferred type (element type included).
static LogicalResult verifyInferred(Operation *op) {
  FailureOr<Type> inferred = cast<ShapeInferenceOpInterface>(op).inferResultType();
  if (failed(inferred))
    return op->emitOpError("has operands whose shapes are inconsistent");
  auto expected = dyn_cast_or_null<RankedTensorType>(*inferred);
  if (!expected)
    return success();
  auto resultType = cast<ShapedType>(op->getResult(0).getType());
  if (resultType.getElementType() != expected.getElementType())
    return op->emitOpError("result element type ")
           << resultType.getElementType() << " differs from the expected "
           << expected.getElementType();
  auto result = dyn_cast<RankedTensorType>(resultType);
  if (!result)
    return success();
  bool compatible = result.getRank() == expected.getRank();
  for (int64_t d = 0; compatible && d < result.getRank(); ++d) {
    int64_t got = result.getDimSize(d), want = expected.getDimSize(d);
    compatible = ShapedType::isDynamic(got) || ShapedType::isDynamic(want) || got == want;
  }
  if (!compatible)
    return op->emitOpError("result type ")
           << result << " does not match the inferred type " << expected;
  return success();
}

/// `v` is a 1-D integer tensor (when ranked); `what` names it in errors.
static LogicalResult checkIndexVector(Operation *op, Value v, StringRef what) {
  if (!isa<IntegerType>(elementTypeOf(v)))
    return op->emitOpError() << "expects integer " << what << ", got "
                             << elementTypeOf(v);
  if (auto type = rankedOrNull(v); type && type.getRank() != 1)
    return op->emitOpError() << "expects 1-D " << what << ", got " << type;
  return success();
}

/// `v` is an integer tensor holding one element (rank 0, or rank 1 of size 1).
static LogicalResult checkIndexScalar(Operation *op, Value v, StringRef what) {
  if (!isa<IntegerType>(elementTypeOf(v)))
    return op->emitOpError() << "expects an integer " << what << ", got "
                             << elementTypeOf(v);
  if (auto type = rankedOrNull(v);
      type && !(type.getRank() == 0 ||
                (type.getRank() == 1 && type.getDimSize(0) == 1)))
    return op->emitOpError() << "expects a one-element " << what << ", got " << type;
  return success();
}

static LogicalResult checkAxis(Operation *op, int64_t axis, Value v,
                               StringRef name = "axis", int64_t extra = 0) {
  if (axis < 0)
    return op->emitOpError() << "expects a non-negative " << name << ", got " << axis;
  if (auto type = rankedOrNull(v); type && axis >= type.getRank() + extra)
    return op->emitOpError() << name << " " << axis << " out of range for rank "
                             << type.getRank();
  return success();
}

static bool isValidReduction(StringRef r) {
  return r == "none" || r == "add" || r == "mul" || r == "max" || r == "min";
}

//===----------------------------------------------------------------------===//
// ShapeOp, ExpandOp
//===----------------------------------------------------------------------===//

FailureOr<Type> ShapeOp::inferResultType() {
  auto i64 = IntegerType::get(getContext(), 64);
  if (!rankedOrNull(getInput()))
    return Type(RankedTensorType::get({ShapedType::kDynamic}, i64));
  if (getEnd() > rankedOrNull(getInput()).getRank() || getStart() > getEnd())
    return failure();
  return Type(RankedTensorType::get({getEnd() - getStart()}, i64));
}

LogicalResult ShapeOp::verify() {
  if (getStart() < 0 || getStart() > getEnd())
    return emitOpError("expects 0 <= start <= end, got [")
           << getStart() << ", " << getEnd() << ")";
  if (auto type = rankedOrNull(getInput()); type && getEnd() > type.getRank())
    return emitOpError("end ") << getEnd() << " exceeds the input rank " << type.getRank();
  return verifyInferred(*this);
}

FailureOr<Type> ExpandOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  auto shape = broadcastShapes(input.getShape(), getShape());
  if (!shape)
    return failure();
  return Type(RankedTensorType::get(*shape, input.getElementType()));
}

LogicalResult ExpandOp::verify() {
  for (int64_t d : getShape())
    if (d < 0)
      return emitOpError("expects non-negative 'shape' entries, got ") << d;
  if (auto input = rankedOrNull(getInput());
      input && !broadcastShapes(input.getShape(), getShape()))
    return emitOpError("cannot broadcast ") << input << " to the shape ["
                                            << getShape() << "]";
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// SliceOp, PadOp, ReverseSequenceOp
//===----------------------------------------------------------------------===//

FailureOr<Type> SliceOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  int64_t rank = input.getRank();
  std::optional<SmallVector<int64_t>> axes = constantInts(getAxes());
  if (!axes)
    return dynamicOfRank(rank, input.getElementType());
  auto starts = constantInts(getStarts()), ends = constantInts(getEnds()),
       steps = constantInts(getSteps());
  SmallVector<int64_t> shape(input.getShape());
  for (auto [i, a] : llvm::enumerate(*axes)) {
    int64_t axis = a < 0 ? a + rank : a;
    if (axis < 0 || axis >= rank)
      return failure();
    int64_t dim = input.getDimSize(axis);
    if (!starts || !ends || !steps || ShapedType::isDynamic(dim)) {
      shape[axis] = ShapedType::kDynamic;
      continue;
    }
    if (i >= starts->size() || i >= ends->size() || i >= steps->size() || (*steps)[i] == 0)
      return failure();
    int64_t first;
    shape[axis] = sliceBounds((*starts)[i], (*ends)[i], (*steps)[i], dim, first);
  }
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

LogicalResult SliceOp::verify() {
  for (auto [v, name] : {std::pair(getStarts(), "starts"), std::pair(getEnds(), "ends"),
                         std::pair(getAxes(), "axes"), std::pair(getSteps(), "steps")})
    if (failed(checkIndexVector(*this, v, name)))
      return failure();
  int64_t length = ShapedType::kDynamic;
  for (Value v : {getStarts(), getEnds(), getAxes(), getSteps()}) {
    auto type = rankedOrNull(v);
    if (!type || type.isDynamicDim(0))
      continue;
    if (!ShapedType::isDynamic(length) && type.getDimSize(0) != length)
      return emitOpError("expects starts, ends, axes and steps of one length");
    length = type.getDimSize(0);
  }
  if (auto steps = constantInts(getSteps()); steps && llvm::is_contained(*steps, 0))
    return emitOpError("expects non-zero steps");
  auto axes = constantInts(getAxes());
  if (auto input = rankedOrNull(getInput()); input && axes) {
    SmallVector<bool> seen(input.getRank(), false);
    for (int64_t a : *axes) {
      int64_t axis = a < 0 ? a + input.getRank() : a;
      if (axis < 0 || axis >= input.getRank())
        return emitOpError("axis ") << a << " out of range for rank " << input.getRank();
      if (seen[axis])
        return emitOpError("repeats axis ") << a;
      seen[axis] = true;
    }
  }
  return kiln::detail::verifyResultType(*this);
}

FailureOr<Type> PadOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  int64_t rank = input.getRank();
  std::optional<SmallVector<int64_t>> pads = constantInts(getPads());
  if (!pads)
    return dynamicOfRank(rank, input.getElementType());
  if (static_cast<int64_t>(pads->size()) != 2 * rank)
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = input.getDimSize(d);
    if (ShapedType::isDynamic(size)) {
      shape.push_back(size);
      continue;
    }
    size += (*pads)[d] + (*pads)[d + rank];
    if (size < 0)
      return failure();
    shape.push_back(size);
  }
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

LogicalResult PadOp::verify() {
  StringRef mode = getMode();
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return emitOpError("has unknown mode '") << mode << "'";
  if (failed(checkIndexVector(*this, getPads(), "pads")))
    return failure();
  auto input = rankedOrNull(getInput());
  if (auto pads = rankedOrNull(getPads());
      input && pads && !pads.isDynamicDim(0) && pads.getDimSize(0) != 2 * input.getRank())
    return emitOpError("expects ") << 2 * input.getRank() << " pads for rank "
                                   << input.getRank() << ", got " << pads.getDimSize(0);
  if (elementTypeOf(getValue()) != elementTypeOf(getInput()))
    return emitOpError("expects a padding value of the input's element type");
  if (auto value = rankedOrNull(getValue()); value && value.getRank() != 0)
    return emitOpError("expects a rank-0 padding value, got ") << value;
  return kiln::detail::verifyResultType(*this);
}

FailureOr<Type> ReverseSequenceOp::inferResultType() {
  return kiln::detail::inferSameType(getOperation());
}

LogicalResult ReverseSequenceOp::verify() {
  if (failed(checkIndexVector(*this, getLengths(), "lengths")) ||
      failed(checkAxis(*this, getBatchAxis(), getInput(), "batch_axis")) ||
      failed(checkAxis(*this, getTimeAxis(), getInput(), "time_axis")))
    return failure();
  if (getBatchAxis() == getTimeAxis())
    return emitOpError("expects different batch and time axes");
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// Gathers and scatters
//===----------------------------------------------------------------------===//

FailureOr<Type> GatherOp::inferResultType() {
  auto input = rankedOrNull(getInput()), indices = rankedOrNull(getIndices());
  if (!input || !indices)
    return Type();
  if (getAxis() >= input.getRank())
    return failure();
  SmallVector<int64_t> shape(input.getShape().take_front(getAxis()));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, input.getShape().drop_front(getAxis() + 1));
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

LogicalResult GatherOp::verify() {
  if (!isa<IntegerType>(elementTypeOf(getIndices())))
    return emitOpError("expects integer indices");
  if (failed(checkAxis(*this, getAxis(), getInput())))
    return failure();
  return kiln::detail::verifyResultType(*this);
}

FailureOr<Type> GatherElementsOp::inferResultType() {
  auto input = rankedOrNull(getInput()), indices = rankedOrNull(getIndices());
  if (!indices)
    return Type();
  if (input && input.getRank() != indices.getRank())
    return failure();
  return Type(RankedTensorType::get(indices.getShape(), elementTypeOf(getInput())));
}

LogicalResult GatherElementsOp::verify() {
  if (!isa<IntegerType>(elementTypeOf(getIndices())))
    return emitOpError("expects integer indices");
  auto input = rankedOrNull(getInput()), indices = rankedOrNull(getIndices());
  if (input && indices && input.getRank() != indices.getRank())
    return emitOpError("expects indices of the input's rank");
  if (failed(checkAxis(*this, getAxis(), getInput())))
    return failure();
  return kiln::detail::verifyResultType(*this);
}

FailureOr<Type> GatherNDOp::inferResultType() {
  auto input = rankedOrNull(getInput()), indices = rankedOrNull(getIndices());
  if (!input || !indices)
    return Type();
  int64_t b = getBatchDims(), q = indices.getShape().back();
  if (ShapedType::isDynamic(q))
    return Type();
  if (b + q > input.getRank())
    return failure();
  SmallVector<int64_t> shape(indices.getShape().drop_back());
  llvm::append_range(shape, input.getShape().drop_front(b + q));
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

LogicalResult GatherNDOp::verify() {
  if (!isa<IntegerType>(elementTypeOf(getIndices())))
    return emitOpError("expects integer indices");
  auto input = rankedOrNull(getInput()), indices = rankedOrNull(getIndices());
  int64_t b = getBatchDims();
  if (b < 0)
    return emitOpError("expects non-negative batch_dims");
  if (indices && indices.getRank() < b + 1)
    return emitOpError("expects indices of rank > batch_dims");
  if (input && input.getRank() < b + 1)
    return emitOpError("expects an input of rank > batch_dims");
  if (input && indices && !indices.isDynamicDim(indices.getRank() - 1) &&
      b + indices.getShape().back() > input.getRank())
    return emitOpError("index tuples of ") << indices.getShape().back()
                                           << " entries exceed the input rank";
  return kiln::detail::verifyResultType(*this);
}

/// Shared checks of the scatters: element types and the reduction.
template <typename ScatterOp>
static LogicalResult verifyScatter(ScatterOp op) {
  if (!isValidReduction(op.getReduction()))
    return op.emitOpError("has unknown reduction '") << op.getReduction() << "'";
  if (!isa<IntegerType>(elementTypeOf(op.getIndices())))
    return op.emitOpError("expects integer indices");
  if (elementTypeOf(op.getUpdates()) != elementTypeOf(op.getInput()))
    return op.emitOpError("expects updates of the input's element type");
  return success();
}

FailureOr<Type> ScatterElementsOp::inferResultType() {
  return kiln::detail::inferSameType(getOperation());
}

LogicalResult ScatterElementsOp::verify() {
  if (failed(verifyScatter(*this)) || failed(checkAxis(*this, getAxis(), getInput())))
    return failure();
  auto input = rankedOrNull(getInput()), indices = rankedOrNull(getIndices()),
       updates = rankedOrNull(getUpdates());
  if (indices && updates) {
    if (indices.getRank() != updates.getRank())
      return emitOpError("expects indices and updates of one shape");
    for (auto [a, b] : llvm::zip(indices.getShape(), updates.getShape()))
      if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b)
        return emitOpError("expects indices and updates of one shape");
  }
  if (input && indices && input.getRank() != indices.getRank())
    return emitOpError("expects indices of the input's rank");
  return kiln::detail::verifyResultType(*this);
}

FailureOr<Type> ScatterNDOp::inferResultType() {
  return kiln::detail::inferSameType(getOperation());
}

LogicalResult ScatterNDOp::verify() {
  if (failed(verifyScatter(*this)))
    return failure();
  auto input = rankedOrNull(getInput()), indices = rankedOrNull(getIndices()),
       updates = rankedOrNull(getUpdates());
  if (indices && indices.getRank() < 1)
    return emitOpError("expects indices of rank >= 1");
  if (input && indices && updates && !indices.isDynamicDim(indices.getRank() - 1)) {
    int64_t q = indices.getShape().back();
    if (q > input.getRank())
      return emitOpError("index tuples of ") << q << " entries exceed the input rank";
    if (updates.getRank() != indices.getRank() - 1 + input.getRank() - q)
      return emitOpError("expects updates of rank ")
             << indices.getRank() - 1 + input.getRank() - q;
  }
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// Generators and masks
//===----------------------------------------------------------------------===//

FailureOr<Type> RangeOp::inferResultType() {
  return Type(RankedTensorType::get({ShapedType::kDynamic}, elementTypeOf(getStart())));
}

LogicalResult RangeOp::verify() {
  for (Value v : {getStart(), getLimit(), getDelta()}) {
    if (elementTypeOf(v) != elementTypeOf(getStart()))
      return emitOpError("expects start, limit and delta of one element type");
    if (auto type = rankedOrNull(v); type && type.getRank() != 0)
      return emitOpError("expects rank-0 start, limit and delta, got ") << type;
  }
  if (auto result = rankedOrNull(getResult()); result && result.getRank() != 1)
    return emitOpError("expects a 1-D result");
  return kiln::detail::verifyResultType(*this);
}

FailureOr<Type> OneHotOp::inferResultType() {
  auto indices = rankedOrNull(getIndices());
  if (!indices)
    return Type();
  if (getAxis() > indices.getRank())
    return failure();
  int64_t depth = ShapedType::kDynamic;
  if (auto values = constantInts(getDepth()); values && values->size() == 1)
    depth = (*values)[0];
  DenseFPElementsAttr floatDepth;
  if (matchPattern(getDepth(), m_Constant(&floatDepth)) && floatDepth.getNumElements() == 1)
    depth = static_cast<int64_t>((*floatDepth.getValues<APFloat>().begin()).convertToDouble());
  if (!ShapedType::isDynamic(depth) && depth < 1)
    return failure();
  SmallVector<int64_t> shape(indices.getShape());
  shape.insert(shape.begin() + getAxis(), depth);
  return Type(RankedTensorType::get(shape, elementTypeOf(getValues())));
}

LogicalResult OneHotOp::verify() {
  if (getAxis() < 0)
    return emitOpError("expects a non-negative axis");
  if (auto indices = rankedOrNull(getIndices()); indices && getAxis() > indices.getRank())
    return emitOpError("axis ") << getAxis() << " out of range for indices of rank "
                                << indices.getRank();
  if (auto values = rankedOrNull(getValues());
      values && (values.getRank() != 1 ||
                 (!values.isDynamicDim(0) && values.getDimSize(0) != 2)))
    return emitOpError("expects 2 values (off, on), got ") << values;
  if (auto depth = rankedOrNull(getDepth());
      depth && depth.hasStaticShape() && depth.getNumElements() != 1)
    return emitOpError("expects a one-element depth, got ") << depth;
  return verifyInferred(*this);
}

FailureOr<Type> TriluOp::inferResultType() {
  return kiln::detail::inferSameType(getOperation());
}

LogicalResult TriluOp::verify() {
  if (auto input = rankedOrNull(getInput()); input && input.getRank() < 2)
    return emitOpError("expects an input of rank >= 2");
  if (failed(checkIndexScalar(*this, getK(), "k")))
    return failure();
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// Scans and selection
//===----------------------------------------------------------------------===//

FailureOr<Type> CumSumOp::inferResultType() {
  return kiln::detail::inferSameType(getOperation());
}

LogicalResult CumSumOp::verify() {
  if (failed(checkIndexScalar(*this, getAxis(), "axis")))
    return failure();
  if (auto input = rankedOrNull(getInput()); input && input.getRank() < 1)
    return emitOpError("expects an input of rank >= 1");
  return kiln::detail::verifyResultType(*this);
}

FailureOr<Type> TopKIndicesOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  if (getAxis() >= input.getRank())
    return failure();
  SmallVector<int64_t> shape(input.getShape());
  int64_t dim = shape[getAxis()];
  if (!ShapedType::isDynamic(dim) && getK() > dim)
    return failure();
  shape[getAxis()] = getK();
  return Type(RankedTensorType::get(shape, IntegerType::get(getContext(), 64)));
}

LogicalResult TopKIndicesOp::verify() {
  if (failed(checkAxis(*this, getAxis(), getInput())))
    return failure();
  if (getK() < 0)
    return emitOpError("expects k >= 0, got ") << getK();
  if (auto input = rankedOrNull(getInput());
      input && !input.isDynamicDim(getAxis()) && getK() > input.getDimSize(getAxis()))
    return emitOpError("k = ") << getK() << " exceeds the axis size "
                               << input.getDimSize(getAxis());
  return verifyInferred(*this);
}

//===----------------------------------------------------------------------===//
// CompressOp, NonZeroOp
//===----------------------------------------------------------------------===//

FailureOr<Type> CompressOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  if (getAxis() >= input.getRank())
    return failure();
  SmallVector<int64_t> shape(input.getShape());
  shape[getAxis()] = ShapedType::kDynamic;
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

LogicalResult CompressOp::verify() {
  if (failed(checkAxis(*this, getAxis(), getInput())))
    return failure();
  if (auto condition = rankedOrNull(getCondition()); condition && condition.getRank() != 1)
    return emitOpError("expects a 1-D condition, got ") << condition;
  return kiln::detail::verifyResultType(*this);
}

FailureOr<Type> NonZeroOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  auto i64 = IntegerType::get(getContext(), 64);
  if (!input)
    return Type(RankedTensorType::get({ShapedType::kDynamic, ShapedType::kDynamic}, i64));
  return Type(RankedTensorType::get({input.getRank(), ShapedType::kDynamic}, i64));
}

LogicalResult NonZeroOp::verify() { return verifyInferred(*this); }

//===----------------------------------------------------------------------===//
// ResizeOp
//===----------------------------------------------------------------------===//

FailureOr<Type> ResizeOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  // Output sizes are decided by the frontend (ONNX sizes or floor(scale * in)).
  return dynamicOfRank(input.getRank(), input.getElementType());
}

LogicalResult ResizeOp::verify() {
  StringRef mode = getMode(), coord = getCoordinateTransformationMode(),
            nearest = getNearestMode();
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return emitOpError("has unknown mode '") << mode << "'";
  if (!llvm::is_contained({"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric",
                           "tf_half_pixel_for_nn", "tf_crop_and_resize"},
                          coord))
    return emitOpError("has unknown coordinate_transformation_mode '") << coord << "'";
  if (!llvm::is_contained({"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"}, nearest))
    return emitOpError("has unknown nearest_mode '") << nearest << "'";
  for (auto [v, name] : {std::pair(getScales(), "scales"), std::pair(getRoi(), "roi")}) {
    if (!isa<FloatType>(elementTypeOf(v)))
      return emitOpError("expects float ") << name;
    if (auto type = rankedOrNull(v); type && type.getRank() != 1)
      return emitOpError("expects 1-D ") << name << ", got " << type;
  }
  auto input = rankedOrNull(getInput());
  if (auto scales = rankedOrNull(getScales());
      input && scales && !scales.isDynamicDim(0) && scales.getDimSize(0) != input.getRank())
    return emitOpError("expects one scale per input axis");
  if (auto roi = rankedOrNull(getRoi()); coord == "tf_crop_and_resize" && input && roi &&
                                         !roi.isDynamicDim(0) &&
                                         roi.getDimSize(0) != 2 * input.getRank())
    return emitOpError("expects a roi of 2 x rank entries for tf_crop_and_resize");
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// GridSampleOp
//===----------------------------------------------------------------------===//

FailureOr<Type> GridSampleOp::inferResultType() {
  auto input = rankedOrNull(getInput()), grid = rankedOrNull(getGrid());
  if (!input || !grid)
    return Type();
  if (input.getRank() != 4 || grid.getRank() != 4)
    return failure();
  int64_t n = input.getDimSize(0);
  if (ShapedType::isDynamic(n))
    n = grid.getDimSize(0);
  return Type(RankedTensorType::get({n, input.getDimSize(1), grid.getDimSize(1), grid.getDimSize(2)},
                                    input.getElementType()));
}

LogicalResult GridSampleOp::verify() {
  StringRef mode = getMode(), padding = getPaddingMode();
  if (mode != "bilinear" && mode != "nearest" && mode != "bicubic")
    return emitOpError("has unknown mode '") << mode << "'";
  if (padding != "zeros" && padding != "border" && padding != "reflection")
    return emitOpError("has unknown padding_mode '") << padding << "'";
  if (!isa<FloatType>(elementTypeOf(getInput())) || elementTypeOf(getGrid()) != elementTypeOf(getInput()))
    return emitOpError("expects float input and grid of one element type");
  auto input = rankedOrNull(getInput()), grid = rankedOrNull(getGrid());
  if (input && input.getRank() != 4)
    return emitOpError("expects a 4-D input (N, C, H, W), got ") << input;
  if (grid && (grid.getRank() != 4 || (!grid.isDynamicDim(3) && grid.getDimSize(3) != 2)))
    return emitOpError("expects a grid of shape [N, H_out, W_out, 2], got ") << grid;
  return kiln::detail::verifyResultType(*this);
}
