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

/// log_softmax over axis 1 as (x - max) - log(sum(exp(x - max))): no
/// underflow to -inf where softmax itself would round to 0.
static FailureOr<Value> logSoftmaxOverClasses(NodeContext &node, Value x) {
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Type element = cast<ShapedType>(x.getType()).getElementType();
  auto reduce = [&](Value v, StringRef kind) {
    return g.create<ReduceOp>(node, element, v, b.getDenseI64ArrayAttr({1}), b.getBoolAttr(true),
                              b.getStringAttr(kind));
  };
  FailureOr<Value> max = reduce(x, "max");
  FailureOr<Value> shifted = failed(max) ? max : g.create<SubOp>(node, element, x, *max);
  FailureOr<Value> lse = failed(shifted) ? shifted : g.create<ExpOp>(node, element, *shifted);
  if (succeeded(lse))
    lse = reduce(*lse, "sum");
  if (succeeded(lse))
    lse = g.create<LogOp>(node, element, *lse);
  if (failed(lse))
    return failure();
  return g.create<SubOp>(node, element, *shifted, *lse);
}

/// SoftmaxCrossEntropyLoss: nll_loss of log_softmax over the class axis; the
/// optional second output is the log-probabilities.
static LogicalResult convertSoftmaxCrossEntropy(NodeContext &node,
                                                SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type) || failed(requireFloatScores(node, *type)))
    return failure();
  FailureOr<Value> logProb = logSoftmaxOverClasses(node, node.input(0));
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
