//===- ConvertSignal.cpp - ONNX signal-processing ops ----------------------===//
//
// Window functions (HannWindow, HammingWindow, BlackmanWindow) decompose into
// a kiln.range over the window length and a cosine series: the length is a
// run-time scalar, so the range's length comes from the model's declared
// output shape when it has one (see refineToDeclared) and stays dynamic
// otherwise. DFT becomes matmuls with constant cosine/sine matrices.
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

/// DFT (opset 17) along a static axis, as two real matmuls with constant
/// cosine/sine matrices: with x = xr + i xi and angle 2 pi n k / N,
///   yr = xr C - xi S,  yi = xr S + xi C
/// where C = scale cos, S = sign scale sin (sign -1 and scale 1 forward,
/// +1 and 1/N inverse). The axis is swapped with the trailing real/imaginary
/// dimension around the matmuls. O(N^2) per signal, fine for the window
/// sizes ONNX models use.
static LogicalResult convertDFT(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  auto f = dyn_cast<FloatType>(type->getElementType());
  int64_t rank = type->getRank();
  if (!f || rank < 3 || type->isDynamicDim(rank - 1) || type->getDimSize(rank - 1) > 2) {
    node.error() << "expects a float [batch, ..., 1 or 2] input, got " << *type;
    return failure();
  }
  std::optional<int64_t> axis = normalizeAxis(node.getInt("axis", 1), rank);
  if (!axis || *axis == 0 || *axis == rank - 1) {
    node.error() << "axis " << node.getInt("axis", 1) << " must be a signal axis of " << *type;
    return failure();
  }
  int64_t n = type->getDimSize(*axis);
  if (ShapedType::isDynamic(n)) {
    node.error() << "needs a static signal length along axis " << *axis;
    return failure();
  }
  if (node.input(1)) {
    FailureOr<SmallVector<int64_t>> length = node.constantInts(1, "dft_length");
    if (failed(length))
      return failure();
    if (length->size() != 1 || (*length)[0] != n) {
      node.error() << "dft_length different from the signal length is not supported";
      return failure();
    }
  }
  bool inverse = node.getInt("inverse", 0) != 0, onesided = node.getInt("onesided", 0) != 0;
  if (inverse && onesided) {
    node.error() << "inverse and onesided cannot both be set";
    return failure();
  }
  int64_t bins = onesided ? n / 2 + 1 : n;
  GraphImporter &imp = node.importer();
  OpBuilder &b = node.builder();
  Location loc = node.loc();

  // Constant [N, bins] matrices.
  double sign = inverse ? 1.0 : -1.0, scale = inverse ? 1.0 / n : 1.0;
  SmallVector<APFloat> cosines, sines;
  for (int64_t t = 0; t < n; ++t)
    for (int64_t k = 0; k < bins; ++k) {
      // Reduce n k mod N first: the angle stays small and exact.
      double angle = 2.0 * M_PI * static_cast<double>((t * k) % n) / n;
      for (auto [list, v] : {std::pair{&cosines, scale * std::cos(angle)},
                             std::pair{&sines, sign * scale * std::sin(angle)}}) {
        APFloat x(v);
        bool lost;
        x.convert(f.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
        list->push_back(x);
      }
    }
  auto matrixType = RankedTensorType::get({n, bins}, f);
  Value cosMatrix = imp.constant(loc, DenseElementsAttr::get(matrixType, cosines));
  Value sinMatrix = imp.constant(loc, DenseElementsAttr::get(matrixType, sines));

  SmallVector<int64_t> perm;
  for (int64_t d = 0; d < rank; ++d)
    perm.push_back(d == *axis ? rank - 1 : d == rank - 1 ? *axis : d);
  auto part = [&](int64_t index) -> FailureOr<Value> {
    auto one = [&](int64_t v) { return i64Vector(node, {v}); };
    FailureOr<Value> sliced = imp.create<SliceOp>(node, f, node.input(0), one(index),
                                                  one(index + 1), one(rank - 1), one(1));
    if (failed(sliced))
      return failure();
    return imp.create<TransposeOp>(node, f, *sliced, b.getDenseI64ArrayAttr(perm));
  };
  FailureOr<Value> re = part(0);
  if (failed(re))
    return failure();
  FailureOr<Value> im = type->getDimSize(rank - 1) == 2 ? part(1) : FailureOr<Value>(Value());
  if (failed(im))
    return failure();

  auto matmul = [&](Value x, Value m) { return imp.create<MatMulOp>(node, f, x, m); };
  FailureOr<Value> yr = matmul(*re, cosMatrix), yi = matmul(*re, sinMatrix);
  if (failed(yr) || failed(yi))
    return failure();
  if (*im) {
    FailureOr<Value> imSin = matmul(*im, sinMatrix), imCos = matmul(*im, cosMatrix);
    if (failed(imSin) || failed(imCos))
      return failure();
    yr = imp.create<SubOp>(node, f, *yr, *imSin);
    yi = imp.create<AddOp>(node, f, *yi, *imCos);
    if (failed(yr) || failed(yi))
      return failure();
  }
  FailureOr<Value> joined = imp.create<ConcatOp>(node, f, ValueRange{*yr, *yi},
                                                 b.getI64IntegerAttr(*axis));
  if (failed(joined))
    return failure();
  return pushResult(imp.create<TransposeOp>(node, f, *joined, b.getDenseI64ArrayAttr(perm)),
                    results);
}

void mlir::kiln::onnx_frontend::registerSignalConverters(llvm::StringMap<OpConverter> &table) {
  table["HannWindow"] = convertHannWindow;
  table["HammingWindow"] = convertHammingWindow;
  table["BlackmanWindow"] = convertBlackmanWindow;
  table["DFT"] = convertDFT;
}
