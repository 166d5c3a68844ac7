//===- ConvertOptimizers.cpp - Adagrad, Momentum, Adam (training domain) --===//
//
// The ai.onnx.preview.training optimizers are elementwise formulas over
// the tensors they update, written here with kiln's elementwise ops. The
// step count T is an integer scalar: kiln.dequantize turns it into a float
// and min(T, 1) stands for the spec's "T > 0" (T counts steps, T >= 0).
//
//===----------------------------------------------------------------------===//
#include "frontends/onnx/GraphImporter.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

namespace {
/// Elementwise kiln ops of one node; a null operand or a failed op makes
/// every later result null (the failure is already reported at the node).
class Formula {
public:
  Formula(NodeContext &node, Type element) : node(node), element(element) {}

  Value c(double v) { return node.importer().scalar(node.loc(), element, v); }
  Value add(Value a, Value b) { return make<AddOp>(a, b); }
  Value sub(Value a, Value b) { return make<SubOp>(a, b); }
  Value mul(Value a, Value b) { return make<MulOp>(a, b); }
  Value div(Value a, Value b) { return make<DivOp>(a, b); }
  Value pow(Value a, Value b) { return make<PowOp>(a, b); }
  Value min(Value a, Value b) { return make<MinOp>(a, b); }
  Value max(Value a, Value b) { return make<MaxOp>(a, b); }
  Value sqrt(Value a) {
    if (!a)
      return {};
    FailureOr<Value> r = node.importer().create<SqrtOp>(node, element, a);
    return succeeded(r) ? *r : Value();
  }
  /// The integer scalar input `i` as a float.
  Value toFloat(int i) {
    FailureOr<Value> r = node.importer().create<DequantizeOp>(
        node, element, node.input(i), c(1.0), Value(), node.builder().getI64IntegerAttr(0));
    return succeeded(r) ? *r : Value();
  }

private:
  template <typename OpTy>
  Value make(Value a, Value b) {
    if (!a || !b)
      return {};
    FailureOr<Value> r = node.importer().create<OpTy>(node, element, a, b);
    return succeeded(r) ? *r : Value();
  }

  NodeContext &node;
  Type element;
};

enum class Optimizer { Adagrad, Momentum, Adam };
} // namespace

template <Optimizer kind>
static LogicalResult convertOptimizer(NodeContext &node, SmallVectorImpl<Value> &results) {
  int64_t perTensor = kind == Optimizer::Adam ? 4 : 3;
  int64_t n = (node.numInputs() - 2) / perTensor;
  if (n < 1 || node.numInputs() != 2 + perTensor * n) {
    node.error() << "expects R, T and " << perTensor << " inputs per optimized tensor";
    return failure();
  }
  for (int i = 0; i < node.numInputs(); ++i)
    if (failed(node.requiredInput(i)))
      return failure();
  Type element = cast<ShapedType>(node.input(0).getType()).getElementType();
  auto tType = dyn_cast<RankedTensorType>(node.input(1).getType());
  if (!isa<FloatType>(element) || !tType || !isa<IntegerType>(tType.getElementType())) {
    node.error() << "expects a floating-point R and an integer T";
    return failure();
  }
  Formula f(node, element);
  Value r = node.input(0), t = f.toFloat(1);
  Value stepped = f.min(t, f.c(1.0));  // 1 when T > 0, else 0
  float norm = node.getFloat("norm_coefficient", 0.0f);
  // Outputs are grouped by kind: all X_new, then all V_new / H_new, ...
  SmallVector<SmallVector<Value>> outputs(kind == Optimizer::Adam ? 3 : 2);
  for (int64_t k = 0; k < n; ++k) {
    auto in = [&](int64_t group) { return node.input(2 + group * n + k); };
    Value x = in(0), g = f.add(f.mul(f.c(norm), x), in(1));
    if (kind == Optimizer::Adagrad) {
      Value h = in(2);
      Value rate = f.div(r, f.add(f.c(1.0), f.mul(t, f.c(node.getFloat("decay_factor", 0)))));
      Value hNew = f.add(h, f.mul(g, g));
      Value adaptive = f.add(f.sqrt(hNew), f.c(node.getFloat("epsilon", 0)));
      outputs[0].push_back(f.sub(x, f.div(f.mul(rate, g), adaptive)));
      outputs[1].push_back(hNew);
    } else if (kind == Optimizer::Momentum) {
      std::string mode = node.getString("mode", "standard");
      if (mode != "standard" && mode != "nesterov") {
        node.error() << "unknown momentum mode '" << mode << "'";
        return failure();
      }
      double alpha = node.getFloat("alpha", 0), beta = node.getFloat("beta", 0);
      Value betaAdjusted = f.add(f.c(1.0), f.mul(f.c(beta - 1.0), stepped));
      Value vNew = f.add(f.mul(f.c(alpha), in(2)), f.mul(betaAdjusted, g));
      Value step = mode == "standard" ? vNew : f.add(g, f.mul(f.c(alpha), vNew));
      outputs[0].push_back(f.sub(x, f.mul(r, step)));
      outputs[1].push_back(vNew);
    } else {
      double alpha = node.getFloat("alpha", 0.9f), beta = node.getFloat("beta", 0.999f);
      Value vNew = f.add(f.mul(f.c(alpha), in(2)), f.mul(f.c(1.0 - alpha), g));
      Value hNew = f.add(f.mul(f.c(beta), in(3)), f.mul(f.c(1.0 - beta), f.mul(g, g)));
      Value hSqrt = f.add(f.sqrt(hNew), f.c(node.getFloat("epsilon", 1e-6f)));
      // R * sqrt(1 - beta^T) / (1 - alpha^T) when T > 0, else R; T >= 1
      // inside keeps the unused branch finite.
      Value tp = f.max(t, f.c(1.0));
      Value correction = f.div(f.sqrt(f.sub(f.c(1.0), f.pow(f.c(beta), tp))),
                               f.sub(f.c(1.0), f.pow(f.c(alpha), tp)));
      Value rate = f.mul(r, f.add(f.c(1.0), f.mul(stepped, f.sub(correction, f.c(1.0)))));
      Value xNew = f.sub(x, f.div(f.mul(rate, vNew), hSqrt));
      double post = node.getFloat("norm_coefficient_post", 0);
      outputs[0].push_back(post == 0 ? xNew : f.mul(f.c(1.0 - post), xNew));
      outputs[1].push_back(vNew);
      outputs[2].push_back(hNew);
    }
  }
  for (const SmallVector<Value> &group : outputs) {
    for (Value v : group) {
      if (!v)
        return failure();
      results.push_back(v);
    }
  }
  return success();
}

void mlir::kiln::onnx_frontend::registerOptimizerConverters(
    llvm::StringMap<OpConverter> &table) {
  std::string prefix = std::string(kTrainingDomain) + ".";
  table[prefix + "Adagrad"] = convertOptimizer<Optimizer::Adagrad>;
  table[prefix + "Momentum"] = convertOptimizer<Optimizer::Momentum>;
  table[prefix + "Adam"] = convertOptimizer<Optimizer::Adam>;
}
