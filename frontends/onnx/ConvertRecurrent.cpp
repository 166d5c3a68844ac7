//===- ConvertRecurrent.cpp - RNN, GRU, LSTM ------------------------------===//
//
// All three become one kiln.recurrent op (sequence-major); batch-major
// layout (layout = 1) is transposes around it. Activation parameters are
// resolved here to one alpha/beta per activation with ONNX's defaults.
//
//===----------------------------------------------------------------------===//
#include "frontends/onnx/GraphImporter.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

namespace {
/// How an activation consumes activation_alpha / activation_beta, and its
/// defaults (NaN: unused).
struct ActivationParams {
  StringRef name;
  bool takesAlpha, takesBeta;
  float alpha, beta;
};
} // namespace

static std::optional<ActivationParams> activationParams(StringRef onnxName) {
  constexpr float none = std::numeric_limits<float>::quiet_NaN();
  std::string lower = onnxName.lower();
  return llvm::StringSwitch<std::optional<ActivationParams>>(lower)
      .Case("sigmoid", ActivationParams{"Sigmoid", false, false, none, none})
      .Case("tanh", ActivationParams{"Tanh", false, false, none, none})
      .Case("relu", ActivationParams{"Relu", false, false, none, none})
      .Case("softsign", ActivationParams{"Softsign", false, false, none, none})
      .Case("softplus", ActivationParams{"Softplus", false, false, none, none})
      .Case("leakyrelu", ActivationParams{"LeakyRelu", true, false, 0.01f, none})
      .Case("thresholdedrelu", ActivationParams{"ThresholdedRelu", true, false, 1.0f, none})
      .Case("elu", ActivationParams{"Elu", true, false, 1.0f, none})
      .Case("affine", ActivationParams{"Affine", true, true, 1.0f, 0.0f})
      .Case("scaledtanh", ActivationParams{"ScaledTanh", true, true, 1.0f, 1.0f})
      .Case("hardsigmoid", ActivationParams{"HardSigmoid", true, true, 0.2f, 0.5f})
      .Default(std::nullopt);
}

template <int cellKind>
static LogicalResult convertRecurrent(NodeContext &node, SmallVectorImpl<Value> &results) {
  constexpr StringRef cells[] = {"rnn", "gru", "lstm"};
  StringRef cell = cells[cellKind];
  bool isLstm = cellKind == 2;
  FailureOr<RankedTensorType> xType = node.rankedInput(0);
  if (failed(xType) || failed(node.requiredInput(1)) || failed(node.requiredInput(2)))
    return failure();
  if (xType->getRank() != 3 || !isa<FloatType>(xType->getElementType())) {
    node.error() << "expects a floating-point input of rank 3, got " << *xType;
    return failure();
  }
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Type element = xType->getElementType();
  std::string direction = StringRef(node.getString("direction", "forward")).lower();
  int64_t dirs = direction == "bidirectional" ? 2 : 1;
  int64_t hidden = node.getInt("hidden_size", 0);
  if (hidden < 1) {
    node.error() << "expects a positive hidden_size";
    return failure();
  }
  bool batchMajor = node.getInt("layout", 0) != 0;
  if (node.input(4) && direction != "forward") {
    node.error() << "sequence_lens are supported for the forward direction only";
    return failure();
  }

  // Activations with one alpha/beta each.
  SmallVector<std::string> names;
  if (const onnx::AttributeProto *a = node.attr("activations")) {
    for (const std::string &s : a->strings())
      names.push_back(s);
  } else {
    SmallVector<StringRef> defaults = cellKind == 0   ? SmallVector<StringRef>{"Tanh"}
                                      : cellKind == 1 ? SmallVector<StringRef>{"Sigmoid", "Tanh"}
                                                      : SmallVector<StringRef>{"Sigmoid", "Tanh",
                                                                               "Tanh"};
    for (int64_t d = 0; d < dirs; ++d)
      for (StringRef n : defaults)
        names.push_back(n.str());
  }
  SmallVector<float> alphas, betas;
  if (const onnx::AttributeProto *a = node.attr("activation_alpha"))
    alphas.assign(a->floats().begin(), a->floats().end());
  if (const onnx::AttributeProto *a = node.attr("activation_beta"))
    betas.assign(a->floats().begin(), a->floats().end());
  SmallVector<Attribute> actNames;
  SmallVector<float> actAlpha, actBeta;
  size_t nextAlpha = 0, nextBeta = 0;
  for (const std::string &n : names) {
    std::optional<ActivationParams> p = activationParams(n);
    if (!p) {
      node.error() << "unsupported activation '" << n << "'";
      return failure();
    }
    actNames.push_back(b.getStringAttr(p->name));
    actAlpha.push_back(p->takesAlpha && nextAlpha < alphas.size() ? alphas[nextAlpha++]
                                                                  : p->alpha);
    actBeta.push_back(p->takesBeta && nextBeta < betas.size() ? betas[nextBeta++] : p->beta);
  }

  // Batch-major operands to sequence-major.
  auto transpose = [&](Value v, ArrayRef<int64_t> perm) -> FailureOr<Value> {
    if (!v || !batchMajor)
      return v;
    return g.create<TransposeOp>(node, element, v, b.getDenseI64ArrayAttr(perm));
  };
  FailureOr<Value> x = transpose(node.input(0), {1, 0, 2});
  FailureOr<Value> initH = transpose(node.input(5), {1, 0, 2});
  FailureOr<Value> initC = transpose(isLstm ? node.input(6) : Value(), {1, 0, 2});
  if (failed(x) || failed(initH) || failed(initC))
    return failure();
  auto seqType = cast<RankedTensorType>(x->getType());
  int64_t steps = seqType.getDimSize(0), batch = seqType.getDimSize(1);
  auto yType = RankedTensorType::get({steps, dirs, batch, hidden}, element);
  auto stateType = RankedTensorType::get({dirs, batch, hidden}, element);
  float clip = node.attr("clip") ? node.getFloat("clip", 0.0f) : 0.0f;
  auto op = RecurrentOp::create(
      b, node.loc(), TypeRange{yType, stateType, stateType}, *x, node.input(1), node.input(2),
      node.input(3), node.input(4), *initH, *initC, isLstm ? node.input(7) : Value(),
      b.getStringAttr(cell), b.getStringAttr(direction), b.getI64IntegerAttr(hidden),
      b.getArrayAttr(actNames), b.getDenseF32ArrayAttr(actAlpha),
      b.getDenseF32ArrayAttr(actBeta), b.getF32FloatAttr(clip),
      b.getBoolAttr(node.getInt("linear_before_reset", 0) != 0),
      b.getBoolAttr(node.getInt("input_forget", 0) != 0));
  if (failed(mlir::verify(op))) {
    node.error() << "produced an invalid 'kiln.recurrent'";
    op->erase();
    return failure();
  }
  FailureOr<Value> y = transpose(op.getY(), {2, 0, 1, 3});
  FailureOr<Value> yH = transpose(op.getYH(), {1, 0, 2});
  FailureOr<Value> yC = transpose(op.getYC(), {1, 0, 2});
  if (failed(y) || failed(yH) || failed(yC))
    return failure();
  results.append({*y, *yH});
  if (isLstm)
    results.push_back(*yC);
  return success();
}

void mlir::kiln::onnx_frontend::registerRecurrentConverters(
    llvm::StringMap<OpConverter> &table) {
  table["RNN"] = convertRecurrent<0>;
  table["GRU"] = convertRecurrent<1>;
  table["LSTM"] = convertRecurrent<2>;
}
