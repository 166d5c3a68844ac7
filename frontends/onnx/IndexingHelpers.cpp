//===- IndexingHelpers.cpp - helpers of the shape and indexing converters -===//
#include "frontends/onnx/IndexingHelpers.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

RankedTensorType mlir::kiln::onnx_frontend::declaredOutputType(NodeContext &node, int i) {
  if (i >= node.node().output_size())
    return {};
  const onnx::TypeProto *type =
      node.importer().declaredTypes.lookup(node.node().output(i));
  if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape())
    return {};
  const onnx::TypeProto_Tensor &tensor = type->tensor_type();
  Type element = convertElementType(node.builder().getContext(), tensor.elem_type());
  if (!element)
    return {};
  SmallVector<int64_t> shape;
  for (const auto &dim : tensor.shape().dim())
    shape.push_back(dim.has_dim_value() && dim.dim_value() >= 0 ? dim.dim_value()
                                                                : ShapedType::kDynamic);
  return RankedTensorType::get(shape, element);
}

std::optional<SmallVector<int64_t>>
mlir::kiln::onnx_frontend::declaredStaticShape(NodeContext &node, int i) {
  RankedTensorType type = declaredOutputType(node, i);
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  return SmallVector<int64_t>(type.getShape());
}

FailureOr<Value> mlir::kiln::onnx_frontend::refineToDeclared(NodeContext &node,
                                                            FailureOr<Value> v, int i) {
  if (failed(v))
    return failure();
  auto current = dyn_cast<RankedTensorType>(v->getType());
  RankedTensorType declared = declaredOutputType(node, i);
  Operation *op = v->getDefiningOp();
  // Only a fresh, unused kiln op result may change type in place.
  if (!current || current.hasStaticShape() || !declared || !op || isa<ConstantOp>(op) ||
      !v->use_empty() ||
      !isa<KilnDialect>(op->getDialect()) || declared.getRank() != current.getRank())
    return v;
  SmallVector<int64_t> shape(current.getShape());
  for (auto [d, want] : llvm::enumerate(declared.getShape())) {
    if (ShapedType::isDynamic(want))
      continue;
    if (!ShapedType::isDynamic(shape[d]) && shape[d] != want) {
      node.error() << "output " << i << " is declared as " << declared
                   << " but kiln infers " << current;
      return failure();
    }
    shape[d] = want;
  }
  v->setType(RankedTensorType::get(shape, current.getElementType()));
  return v;
}

Value mlir::kiln::onnx_frontend::i64Vector(NodeContext &node, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    node.builder().getI64Type());
  return node.importer().constant(node.loc(), DenseElementsAttr::get(type, values));
}

bool mlir::kiln::onnx_frontend::isAbsentOrEmpty(NodeContext &node, int i) {
  if (!node.input(i))
    return true;
  DenseElementsAttr attr = node.constantInput(i);
  return attr && attr.getNumElements() == 0;
}
