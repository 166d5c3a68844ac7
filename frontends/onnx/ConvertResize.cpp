//===- ConvertResize.cpp - Resize, Upsample and GridSample ----------------===//
//
// Both become kiln.resize with a per-axis scale tensor; the output shape is
// decided here: ONNX sizes, floor(input * scale), or, when those are only
// known at run time, the model's declared output shape.
//
//===----------------------------------------------------------------------===//
#include "frontends/onnx/GraphImporter.h"
#include "frontends/onnx/IndexingHelpers.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

namespace {
/// Inputs of one Resize/Upsample node, by role.
struct ResizeInputs {
  Value roi, scales;
  SmallVector<int64_t> outShape;
};
} // namespace

static Value floatVector(NodeContext &node, Type element, ArrayRef<double> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())}, element);
  SmallVector<Attribute> attrs;
  for (double v : values)
    attrs.push_back(FloatAttr::get(element, v));
  return node.importer().constant(node.loc(), DenseElementsAttr::get(type, attrs));
}

/// Output shape and scales from a `sizes` input.
static LogicalResult fromSizes(NodeContext &node, int sizesInput, RankedTensorType in,
                               ResizeInputs &r) {
  if (node.constantInput(sizesInput)) {
    FailureOr<SmallVector<int64_t>> sizes = node.constantInts(sizesInput, "sizes");
    if (failed(sizes))
      return failure();
    r.outShape = *sizes;
  } else if (auto declared = declaredStaticShape(node, 0)) {
    r.outShape = *declared;
  } else {
    (void)node.constantInts(sizesInput, "sizes"); // Reports the error.
    return failure();
  }
  if (static_cast<int64_t>(r.outShape.size()) != in.getRank()) {
    node.error() << "expects one size per axis of the input";
    return failure();
  }
  if (!in.hasStaticShape()) {
    // Scales sizes / input dims at run time (in f64, like the reference).
    GraphImporter &g = node.importer();
    OpBuilder &b = node.builder();
    Type f64 = b.getF64Type();
    FailureOr<Value> sizes = g.create<CastOp>(node, f64, node.input(sizesInput));
    FailureOr<Value> dims = g.create<ShapeOp>(node, b.getI64Type(), node.input(0),
                                              b.getI64IntegerAttr(0),
                                              b.getI64IntegerAttr(in.getRank()));
    if (failed(sizes) || failed(dims))
      return failure();
    FailureOr<Value> dimsF = g.create<CastOp>(node, f64, *dims);
    if (failed(dimsF))
      return failure();
    FailureOr<Value> scales = g.create<DivOp>(node, f64, *sizes, *dimsF);
    if (failed(scales))
      return failure();
    r.scales = *scales;
    return success();
  }
  // The reference computes the scales in double precision from the sizes.
  SmallVector<double> scales;
  for (auto [out, d] : llvm::zip(r.outShape, in.getShape()))
    scales.push_back(static_cast<double>(out) / static_cast<double>(d));
  r.scales = floatVector(node, node.builder().getF64Type(), scales);
  return success();
}

/// Output shape from scales: constant ones give floor(in * scale).
static LogicalResult fromScales(NodeContext &node, Value scales, RankedTensorType in,
                                ResizeInputs &r) {
  r.scales = scales;
  DenseFPElementsAttr values;
  if (matchPattern(scales, m_Constant(&values))) {
    if (values.getNumElements() != in.getRank()) {
      node.error() << "expects one scale per input axis";
      return failure();
    }
    for (auto [scale, d] : llvm::zip(values.getValues<APFloat>(), in.getShape()))
      r.outShape.push_back(ShapedType::isDynamic(d)
                               ? ShapedType::kDynamic
                               : static_cast<int64_t>(std::floor(scale.convertToDouble() *
                                                                 static_cast<double>(d))));
    return success();
  }
  if (auto declared = declaredStaticShape(node, 0)) {
    r.outShape = *declared;
    return success();
  }
  node.error() << "scales must be constant, or the output shape declared";
  return failure();
}

static LogicalResult convertResizeLike(NodeContext &node, SmallVectorImpl<Value> &results,
                                       bool upsample) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  OpBuilder &b = node.builder();
  bool modern = !upsample && node.opset() >= 11;
  std::string mode = node.getString("mode", "nearest");
  if (mode == "bilinear" || mode == "trilinear")
    mode = "linear";
  // Upsample and Resize-10 map coordinates asymmetrically and floor.
  std::string coord =
      modern ? node.getString("coordinate_transformation_mode", "half_pixel") : "asymmetric";
  std::string nearest = modern ? node.getString("nearest_mode", "round_prefer_floor") : "floor";

  ResizeInputs r;
  if (upsample && node.opset() < 9) {
    auto attr = node.attr("scales");
    if (!attr) {
      node.error() << "requires 'scales'";
      return failure();
    }
    SmallVector<double> scales(attr->floats().begin(), attr->floats().end());
    if (failed(fromScales(node, floatVector(node, b.getF32Type(), scales), *type, r)))
      return failure();
  } else if (!modern) {
    FailureOr<Value> scales = node.requiredInput(1);
    if (failed(scales) || failed(fromScales(node, *scales, *type, r)))
      return failure();
  } else if (!isAbsentOrEmpty(node, 3)) {
    if (failed(fromSizes(node, 3, *type, r)))
      return failure();
  } else if (!isAbsentOrEmpty(node, 2)) {
    if (failed(fromScales(node, node.input(2), *type, r)))
      return failure();
  } else {
    node.error() << "needs scales or sizes";
    return failure();
  }
  if (coord == "tf_crop_and_resize") {
    if (isAbsentOrEmpty(node, 1)) {
      node.error() << "tf_crop_and_resize needs a roi";
      return failure();
    }
    r.roi = node.input(1);
  } else {
    r.roi = floatVector(node, b.getF32Type(), {});
  }
  FailureOr<Value> y = node.importer().create<ResizeOp>(
      node, type->getElementType(), node.input(0), r.roi, r.scales, b.getStringAttr(mode),
      b.getStringAttr(coord), b.getStringAttr(nearest),
      b.getF32FloatAttr(node.getFloat("cubic_coeff_a", -0.75f)),
      b.getBoolAttr(node.getInt("exclude_outside", 0) != 0),
      b.getF32FloatAttr(node.getFloat("extrapolation_value", 0.0f)));
  if (failed(y))
    return failure();
  y->setType(RankedTensorType::get(r.outShape, type->getElementType()));
  return pushResult(y, results);
}

static LogicalResult convertResize(NodeContext &node, SmallVectorImpl<Value> &results) {
  return convertResizeLike(node, results, /*upsample=*/false);
}

static LogicalResult convertUpsample(NodeContext &node, SmallVectorImpl<Value> &results) {
  return convertResizeLike(node, results, /*upsample=*/true);
}

static LogicalResult convertGridSample(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  FailureOr<Value> grid = node.requiredInput(1);
  if (failed(type) || failed(grid))
    return failure();
  OpBuilder &b = node.builder();
  return pushResult(node.importer().create<GridSampleOp>(
                        node, type->getElementType(), node.input(0), *grid,
                        b.getStringAttr(node.getString("mode", "bilinear")),
                        b.getStringAttr(node.getString("padding_mode", "zeros")),
                        b.getBoolAttr(node.getInt("align_corners", 0) != 0)),
                    results);
}

void mlir::kiln::onnx_frontend::registerResizeConverters(llvm::StringMap<OpConverter> &table) {
  table["Resize"] = convertResize;
  table["Upsample"] = convertUpsample;
  table["GridSample"] = convertGridSample;
}
