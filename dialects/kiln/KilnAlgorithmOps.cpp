//===- KilnAlgorithmOps.cpp - verifiers and shape inference of det, nms, unique ===//
//
// The ops of KilnAlgorithmOps.td.
//
//===----------------------------------------------------------------------===//
#include "dialects/kiln/KilnOps.h"

#include "dialects/kiln/KilnOpsDetail.h"

using namespace mlir;
using namespace mlir::kiln;

static RankedTensorType rankedOrNull(Value v) {
  return dyn_cast<RankedTensorType>(v.getType());
}

static Type elementTypeOf(Value v) { return cast<ShapedType>(v.getType()).getElementType(); }

static bool sameOrDynamic(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

/// A ranked result agrees with the inferred type, element type included.
static LogicalResult verifyAgainstInferred(Operation *op) {
  FailureOr<Type> inferred = cast<ShapeInferenceOpInterface>(op).inferResultType();
  if (failed(inferred))
    return op->emitOpError("has operands whose shapes are inconsistent");
  auto expected = dyn_cast_or_null<RankedTensorType>(*inferred);
  if (!expected)
    return success();
  Type resultElement = elementTypeOf(op->getResult(0));
  if (resultElement != expected.getElementType())
    return op->emitOpError("result element type ")
           << resultElement << " should be " << expected.getElementType();
  auto result = rankedOrNull(op->getResult(0));
  if (!result)
    return success();
  bool mismatch = result.getRank() != expected.getRank();
  for (auto [got, want] : llvm::zip(result.getShape(), expected.getShape()))
    mismatch |= !sameOrDynamic(got, want);
  if (mismatch)
    return op->emitOpError("result type ")
           << result << " does not match the inferred type " << expected;
  return success();
}

/// A tensor operand holding one element (rank 0 or a single-element shape).
static LogicalResult checkOneElement(Operation *op, Value v, StringRef what) {
  auto type = rankedOrNull(v);
  if (!type)
    return success();
  for (int64_t d : type.getShape())
    if (!sameOrDynamic(d, 1))
      return op->emitOpError("expects a one-element ") << what << ", got " << type;
  return success();
}

//===----------------------------------------------------------------------===//
// DetOp
//===----------------------------------------------------------------------===//

FailureOr<Type> DetOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  if (input.getRank() < 2)
    return failure();
  ArrayRef<int64_t> shape = input.getShape();
  if (!sameOrDynamic(shape[shape.size() - 1], shape[shape.size() - 2]))
    return failure();
  return Type(RankedTensorType::get(shape.drop_back(2), input.getElementType()));
}

LogicalResult DetOp::verify() {
  if (!isa<FloatType>(elementTypeOf(getInput())))
    return emitOpError("expects a floating-point input, got ") << getInput().getType();
  if (auto input = rankedOrNull(getInput())) {
    if (input.getRank() < 2)
      return emitOpError("expects at least 2 dimensions, got ") << input;
    ArrayRef<int64_t> shape = input.getShape();
    if (!sameOrDynamic(shape[shape.size() - 1], shape[shape.size() - 2]))
      return emitOpError("expects square matrices, got ") << input;
  }
  return verifyAgainstInferred(*this);
}

//===----------------------------------------------------------------------===//
// NonMaxSuppressionOp
//===----------------------------------------------------------------------===//

FailureOr<Type> NonMaxSuppressionOp::inferResultType() {
  return Type(RankedTensorType::get({ShapedType::kDynamic, 3},
                                    IntegerType::get(getContext(), 64)));
}

LogicalResult NonMaxSuppressionOp::verify() {
  auto boxes = rankedOrNull(getBoxes()), scores = rankedOrNull(getScores());
  if (!elementTypeOf(getBoxes()).isF32() || !elementTypeOf(getScores()).isF32())
    return emitOpError("expects f32 boxes and scores");
  if (boxes && (boxes.getRank() != 3 || !sameOrDynamic(boxes.getDimSize(2), 4)))
    return emitOpError("expects boxes of shape [batches, boxes, 4], got ") << boxes;
  if (scores && scores.getRank() != 3)
    return emitOpError("expects scores of shape [batches, classes, boxes], got ") << scores;
  if (boxes && scores &&
      (!sameOrDynamic(boxes.getDimSize(0), scores.getDimSize(0)) ||
       !sameOrDynamic(boxes.getDimSize(1), scores.getDimSize(2))))
    return emitOpError("has boxes ") << boxes << " and scores " << scores
                                     << " that disagree on batches or boxes";
  if (!elementTypeOf(getMaxOutput()).isInteger(64))
    return emitOpError("expects an i64 max_output");
  if (!elementTypeOf(getIouThreshold()).isF32() || !elementTypeOf(getScoreThreshold()).isF32())
    return emitOpError("expects f32 thresholds");
  if (failed(checkOneElement(*this, getMaxOutput(), "max_output")) ||
      failed(checkOneElement(*this, getIouThreshold(), "iou_threshold")) ||
      failed(checkOneElement(*this, getScoreThreshold(), "score_threshold")))
    return failure();
  return verifyAgainstInferred(*this);
}

//===----------------------------------------------------------------------===//
// UniqueOp
//===----------------------------------------------------------------------===//

FailureOr<Type> UniqueOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  if (input.getRank() != 2)
    return failure();
  auto i64 = IntegerType::get(getContext(), 64);
  StringRef part = getPart();
  if (part == "values")
    return Type(RankedTensorType::get({ShapedType::kDynamic, input.getDimSize(1)},
                                      input.getElementType()));
  if (part == "inverse")
    return Type(RankedTensorType::get({input.getDimSize(0)}, i64));
  if (part == "indices" || part == "counts")
    return Type(RankedTensorType::get({ShapedType::kDynamic}, i64));
  return failure();
}

LogicalResult UniqueOp::verify() {
  StringRef part = getPart();
  if (part != "values" && part != "indices" && part != "inverse" && part != "counts")
    return emitOpError("has unknown part '") << part << "'";
  if (auto input = rankedOrNull(getInput()); input && input.getRank() != 2)
    return emitOpError("expects a 2-D input, got ") << input;
  return verifyAgainstInferred(*this);
}
