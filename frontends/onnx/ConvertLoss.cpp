//===- ConvertLoss.cpp - NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss ===//
#include "frontends/onnx/GraphImporter.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

/// kiln.nll_loss of log-probabilities `logProb` with the node's target
/// (input 1), optional weight (input 2) and attributes.
static FailureOr<Value> buildNllLoss(NodeContext &node, Value logProb) {
  FailureOr<RankedTensorType> target = node.rankedInput(1);
  if (failed(target))
    return failure();
  if (!isa<IntegerType>(target->getElementType())) {
    node.error() << "expects integer targets, got " << target->getElementType();
    return failure();
  }
  std::string reduction = node.getString("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean") {
    node.error() << "unknown reduction '" << reduction << "'";
    return failure();
  }
  OpBuilder &b = node.builder();
  IntegerAttr ignoreIndex;
  if (node.attr("ignore_index"))
    ignoreIndex = b.getI64IntegerAttr(node.getInt("ignore_index", 0));
  return node.importer().create<NllLossOp>(
      node, cast<ShapedType>(logProb.getType()).getElementType(), logProb, node.input(1),
      node.input(2), ignoreIndex, b.getStringAttr(reduction));
}

static LogicalResult requireFloatScores(NodeContext &node, RankedTensorType type) {
  if (type.getRank() < 2) {
    node.error() << "expects an input of rank >= 2 (N, C, d...)";
    return failure();
  }
  if (isa<FloatType>(type.getElementType()))
    return success();
  node.error() << "expects floating-point scores, got " << type.getElementType();
  return failure();
}

static LogicalResult convertNllLoss(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type) || failed(requireFloatScores(node, *type)))
    return failure();
  return pushResult(buildNllLoss(node, node.input(0)), results);
}

/// SoftmaxCrossEntropyLoss: nll_loss of log_softmax over the class axis; the
/// optional second output is the log-probabilities.
static LogicalResult convertSoftmaxCrossEntropy(NodeContext &node,
                                                SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type) || failed(requireFloatScores(node, *type)))
    return failure();
  GraphImporter &g = node.importer();
  Type element = type->getElementType();
  FailureOr<Value> logProb =
      g.create<SoftmaxOp>(node, element, node.input(0), node.builder().getI64IntegerAttr(1));
  if (succeeded(logProb))
    logProb = g.create<LogOp>(node, element, *logProb);
  if (failed(logProb))
    return failure();
  if (failed(pushResult(buildNllLoss(node, *logProb), results)))
    return failure();
  results.push_back(*logProb);
  return success();
}

void mlir::kiln::onnx_frontend::registerLossConverters(llvm::StringMap<OpConverter> &table) {
  table["NegativeLogLikelihoodLoss"] = convertNllLoss;
  table["SoftmaxCrossEntropyLoss"] = convertSoftmaxCrossEntropy;
}
