//===- ConvertSignal.cpp - ONNX signal-processing ops ----------------------===//
//
// Window functions (HannWindow, HammingWindow, BlackmanWindow) decompose into
// a kiln.range over the window length and a cosine series: the length is a
// run-time scalar, so the range's length comes from the model's declared
// output shape when it has one (see refineToDeclared) and stays dynamic
// otherwise.
//
//===----------------------------------------------------------------------===//
#include "frontends/onnx/GraphImporter.h"
#include "frontends/onnx/IndexingHelpers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

namespace {
/// Coefficients of a generalized cosine window
/// w[n] = a0 - a1 cos(2 pi n / D) + a2 cos(4 pi n / D), with D = N when
/// periodic and N - 1 when symmetric.
struct CosineWindow {
  double a0, a1, a2;
};
} // namespace

/// Builds a cosine-sum window of the length given by input 0.
static LogicalResult convertCosineWindow(NodeContext &node, SmallVectorImpl<Value> &results,
                                         CosineWindow coeffs) {
  FailureOr<Value> size = node.requiredInput(0);
  if (failed(size))
    return failure();
  auto sizeType = dyn_cast<RankedTensorType>(size->getType());
  if (!sizeType || !isa<IntegerType>(sizeType.getElementType())) {
    node.error() << "expects an integer size tensor, got " << size->getType();
    return failure();
  }
  Value length = *size;
  if (sizeType.getRank() != 0) {
    if (sizeType.getNumElements() != 1) {
      node.error() << "size must be a scalar, got " << sizeType;
      return failure();
    }
    FailureOr<Value> scalar = node.importer().reshape(node, length, {});
    if (failed(scalar))
      return failure();
    length = *scalar;
  }
  Type outElement = convertElementType(node.builder().getContext(),
                                       static_cast<int32_t>(node.getInt("output_datatype", 1)));
  if (!outElement) {
    node.error() << "unsupported output_datatype " << node.getInt("output_datatype", 1);
    return failure();
  }
  bool periodic = node.getInt("periodic", 1) != 0;

  GraphImporter &imp = node.importer();
  Location loc = node.loc();
  Type intType = sizeType.getElementType();
  // Compute in f64 for a double output, f32 otherwise (as the reference does).
  Type f = outElement.isF64() ? Type(node.builder().getF64Type())
                              : Type(node.builder().getF32Type());

  FailureOr<Value> indices = refineToDeclared(
      node,
      imp.create<RangeOp>(node, intType, imp.scalar(loc, intType, 0), length,
                          imp.scalar(loc, intType, 1)),
      0);
  if (failed(indices))
    return failure();
  FailureOr<Value> n = imp.create<CastOp>(node, f, *indices);
  FailureOr<Value> count = imp.create<CastOp>(node, f, length);
  if (failed(n) || failed(count))
    return failure();
  Value denominator = *count;
  if (!periodic) {
    FailureOr<Value> minusOne = imp.create<SubOp>(node, f, *count, imp.scalar(loc, f, 1.0));
    if (failed(minusOne))
      return failure();
    denominator = *minusOne;
  }
  // phase = 2 pi n / D
  FailureOr<Value> scaled = imp.create<MulOp>(node, f, *n, imp.scalar(loc, f, 2.0 * M_PI));
  if (failed(scaled))
    return failure();
  FailureOr<Value> phase = imp.create<DivOp>(node, f, *scaled, denominator);
  if (failed(phase))
    return failure();

  auto term = [&](Value angle, double coeff) -> FailureOr<Value> {
    FailureOr<Value> c = imp.create<CosOp>(node, f, angle);
    if (failed(c))
      return failure();
    return imp.create<MulOp>(node, f, *c, imp.scalar(loc, f, coeff));
  };
  FailureOr<Value> first = term(*phase, coeffs.a1);
  if (failed(first))
    return failure();
  FailureOr<Value> window = imp.create<SubOp>(node, f, imp.scalar(loc, f, coeffs.a0), *first);
  if (failed(window))
    return failure();
  if (coeffs.a2 != 0.0) {
    FailureOr<Value> doubled = imp.create<MulOp>(node, f, *phase, imp.scalar(loc, f, 2.0));
    if (failed(doubled))
      return failure();
    FailureOr<Value> second = term(*doubled, coeffs.a2);
    if (failed(second))
      return failure();
    window = imp.create<AddOp>(node, f, *window, *second);
    if (failed(window))
      return failure();
  }
  if (outElement != f)
    window = imp.create<CastOp>(node, outElement, *window);
  return pushResult(window, results);
}

static LogicalResult convertHannWindow(NodeContext &node, SmallVectorImpl<Value> &results) {
  return convertCosineWindow(node, results, {0.5, 0.5, 0.0});
}

static LogicalResult convertHammingWindow(NodeContext &node, SmallVectorImpl<Value> &results) {
  return convertCosineWindow(node, results, {25.0 / 46.0, 21.0 / 46.0, 0.0});
}

static LogicalResult convertBlackmanWindow(NodeContext &node, SmallVectorImpl<Value> &results) {
  return convertCosineWindow(node, results, {0.42, 0.5, 0.08});
}

void mlir::kiln::onnx_frontend::registerSignalConverters(llvm::StringMap<OpConverter> &table) {
  table["HannWindow"] = convertHannWindow;
  table["HammingWindow"] = convertHammingWindow;
  table["BlackmanWindow"] = convertBlackmanWindow;
}
