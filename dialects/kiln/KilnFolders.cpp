//===- KilnFolders.cpp - compile-time evaluation of kiln ops --------------===//
//
// Folders evaluate ops whose operands are all constants, so initializer-only
// subgraphs (folded BatchNormalization, transposed Gemm weights, ...) turn
// into constants at compile time.
//
//===----------------------------------------------------------------------===//
#include "dialects/kiln/KilnOps.h"
#include "dialects/kiln/KilnOpsDetail.h"
#include "dialects/kiln/ShapeUtils.h"

#include "llvm/ADT/TypeSwitch.h"
#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

// Folding materializes every element; cap it to keep compile time bounded.
static constexpr int64_t kMaxFoldedElements = int64_t(1) << 24;

namespace {
/// Constant values widened to double (floats) or int64 (integers).
struct Values {
  std::vector<double> f;
  std::vector<int64_t> i;
  bool isFloat = true;
};
} // namespace

static std::optional<Values> readValues(DenseElementsAttr attr) {
  Values v;
  Type element = attr.getElementType();
  if (isa<FloatType>(element)) {
    for (const APFloat &x : attr.getValues<APFloat>()) {
      bool lost;
      APFloat d = x;
      d.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
      v.f.push_back(d.convertToDouble());
    }
    return v;
  }
  if (auto intType = dyn_cast<IntegerType>(element)) {
    v.isFloat = false;
    for (const APInt &x : attr.getValues<APInt>())
      v.i.push_back(intType.isUnsigned() || intType.getWidth() == 1
                        ? static_cast<int64_t>(x.getZExtValue())
                        : x.getSExtValue());
    return v;
  }
  return std::nullopt;
}

/// Reads every operand; false unless all are dense numeric constants.
static bool readConstants(ArrayRef<Attribute> operands,
                          SmallVectorImpl<DenseElementsAttr> &attrs,
                          SmallVectorImpl<Values> &values) {
  for (Attribute a : operands) {
    auto dense = dyn_cast_or_null<DenseElementsAttr>(a);
    std::optional<Values> v = dense ? readValues(dense) : std::nullopt;
    if (!v)
      return false;
    attrs.push_back(dense);
    values.push_back(std::move(*v));
  }
  return true;
}

static DenseElementsAttr writeValues(ShapedType type, const Values &v) {
  Type element = type.getElementType();
  if (auto floatType = dyn_cast<FloatType>(element)) {
    SmallVector<APFloat> out;
    out.reserve(v.f.size());
    for (double d : v.f) {
      APFloat x(d);
      bool lost;
      x.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      out.push_back(x);
    }
    return DenseElementsAttr::get(type, out);
  }
  unsigned width = cast<IntegerType>(element).getWidth();
  SmallVector<APInt> out;
  out.reserve(v.i.size());
  for (int64_t x : v.i)
    out.push_back(APInt(width, static_cast<uint64_t>(x), /*isSigned=*/true,
                        /*implicitTrunc=*/true));
  return DenseElementsAttr::get(type, out);
}

/// Maps a linear index of the broadcast `result` shape to one of `operand`.
static int64_t broadcastSourceIndex(int64_t linear, ArrayRef<int64_t> result,
                                    ArrayRef<int64_t> resultStrides,
                                    ArrayRef<int64_t> operand,
                                    ArrayRef<int64_t> operandStrides) {
  int64_t offset = result.size() - operand.size(), index = 0;
  for (size_t d = 0; d < result.size(); ++d) {
    int64_t coord = (linear / resultStrides[d]) % result[d];
    if (static_cast<int64_t>(d) >= offset && operand[d - offset] != 1)
      index += coord * operandStrides[d - offset];
  }
  return index;
}

static std::optional<double> applyFloat(Operation *op, ArrayRef<double> x) {
  return llvm::TypeSwitch<Operation *, std::optional<double>>(op)
      .Case([&](AddOp) { return x[0] + x[1]; })
      .Case([&](SubOp) { return x[0] - x[1]; })
      .Case([&](MulOp) { return x[0] * x[1]; })
      .Case([&](DivOp) { return x[0] / x[1]; })
      .Case([&](PowOp) { return std::pow(x[0], x[1]); })
      // NaN propagates, as arith.maximumf/minimumf do in the lowered code.
      .Case([&](MaxOp) { return std::isnan(x[0]) || std::isnan(x[1]) ? NAN : std::fmax(x[0], x[1]); })
      .Case([&](MinOp) { return std::isnan(x[0]) || std::isnan(x[1]) ? NAN : std::fmin(x[0], x[1]); })
      .Case([&](ReluOp) { return std::isnan(x[0]) || x[0] > 0 ? x[0] : 0.0; })
      .Case([&](SigmoidOp) { return 1.0 / (1.0 + std::exp(-x[0])); })
      .Case([&](TanhOp) { return std::tanh(x[0]); })
      .Case([&](ExpOp) { return std::exp(x[0]); })
      .Case([&](LogOp) { return std::log(x[0]); })
      .Case([&](SqrtOp) { return std::sqrt(x[0]); })
      .Case([&](NegOp) { return -x[0]; })
      .Case([&](AbsOp) { return std::fabs(x[0]); })
      .Default([](Operation *) { return std::nullopt; });
}

static std::optional<int64_t> applyInt(Operation *op, ArrayRef<int64_t> x) {
  return llvm::TypeSwitch<Operation *, std::optional<int64_t>>(op)
      .Case([&](AddOp) { return x[0] + x[1]; })
      .Case([&](SubOp) { return x[0] - x[1]; })
      .Case([&](MulOp) { return x[0] * x[1]; })
      .Case([&](DivOp) -> std::optional<int64_t> {
        if (x[1] == 0)
          return std::nullopt;
        return x[0] / x[1];
      })
      .Case([&](MaxOp) { return std::max(x[0], x[1]); })
      .Case([&](MinOp) { return std::min(x[0], x[1]); })
      .Case([&](ReluOp) { return std::max<int64_t>(x[0], 0); })
      .Case([&](NegOp) { return -x[0]; })
      .Case([&](AbsOp) { return x[0] < 0 ? -x[0] : x[0]; })
      .Default([](Operation *) { return std::nullopt; });
}

OpFoldResult mlir::kiln::detail::foldElementwise(Operation *op,
                                                 ArrayRef<Attribute> operands) {
  auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType || !resultType.hasStaticShape() ||
      resultType.getNumElements() > kMaxFoldedElements)
    return {};
  SmallVector<DenseElementsAttr> attrs;
  SmallVector<Values> values;
  if (!readConstants(operands, attrs, values))
    return {};
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<int64_t> strides = rowMajorStrides(shape);
  SmallVector<SmallVector<int64_t>> operandStrides;
  for (DenseElementsAttr a : attrs)
    operandStrides.push_back(rowMajorStrides(a.getType().getShape()));

  Values out;
  out.isFloat = values.front().isFloat;
  int64_t count = resultType.getNumElements();
  SmallVector<double> fargs(values.size());
  SmallVector<int64_t> iargs(values.size());
  for (int64_t linear = 0; linear < count; ++linear) {
    for (size_t k = 0; k < values.size(); ++k) {
      int64_t src = attrs[k].isSplat()
                        ? 0
                        : broadcastSourceIndex(linear, shape, strides,
                                               attrs[k].getType().getShape(),
                                               operandStrides[k]);
      if (out.isFloat)
        fargs[k] = values[k].f[src];
      else
        iargs[k] = values[k].i[src];
    }
    if (out.isFloat) {
      std::optional<double> r = applyFloat(op, fargs);
      if (!r)
        return {};
      out.f.push_back(*r);
    } else {
      std::optional<int64_t> r = applyInt(op, iargs);
      if (!r)
        return {};
      out.i.push_back(*r);
    }
  }
  return writeValues(resultType, out);
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  auto resultType = dyn_cast<RankedTensorType>(getType());
  if (!resultType || !resultType.hasStaticShape())
    return {};
  if (getInput().getType() == resultType)
    return getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    return dense.reshape(resultType);
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  auto resultType = dyn_cast<RankedTensorType>(getType());
  if (!resultType || !resultType.hasStaticShape())
    return {};
  if (llvm::equal(getPerm(), llvm::seq<int64_t>(0, getPerm().size())))
    return getInput().getType() == resultType ? getInput() : Value();
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (!dense || resultType.getNumElements() > kMaxFoldedElements)
    return {};
  if (dense.isSplat())
    return dense.reshape(resultType);
  std::optional<Values> in = readValues(dense);
  if (!in)
    return {};
  ArrayRef<int64_t> inShape = dense.getType().getShape();
  SmallVector<int64_t> inStrides = rowMajorStrides(inShape);
  SmallVector<int64_t> outStrides = rowMajorStrides(resultType.getShape());
  Values out;
  out.isFloat = in->isFloat;
  for (int64_t linear = 0; linear < resultType.getNumElements(); ++linear) {
    int64_t src = 0;
    for (size_t d = 0; d < outStrides.size(); ++d)
      src += ((linear / outStrides[d]) % resultType.getShape()[d]) *
             inStrides[getPerm()[d]];
    if (out.isFloat)
      out.f.push_back(in->f[src]);
    else
      out.i.push_back(in->i[src]);
  }
  return writeValues(resultType, out);
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  auto resultType = dyn_cast<RankedTensorType>(getType());
  if (!resultType || !resultType.hasStaticShape() ||
      resultType.getNumElements() > kMaxFoldedElements)
    return {};
  SmallVector<DenseElementsAttr> parts;
  SmallVector<Values> values;
  if (!readConstants(adaptor.getInputs(), parts, values))
    return {};
  // Row-major: the result is, for each outer index, the parts' inner blocks in order.
  ArrayRef<int64_t> shape = resultType.getShape();
  int64_t axis = getAxis(), outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  Values out;
  out.isFloat = values.front().isFloat;
  for (int64_t o = 0; o < outer; ++o) {
    for (size_t k = 0; k < parts.size(); ++k) {
      int64_t block = parts[k].getType().getNumElements() / std::max<int64_t>(outer, 1);
      for (int64_t j = 0; j < block; ++j) {
        int64_t src = parts[k].isSplat() ? 0 : o * block + j;
        if (out.isFloat)
          out.f.push_back(values[k].f[src]);
        else
          out.i.push_back(values[k].i[src]);
      }
    }
  }
  return writeValues(resultType, out);
}
