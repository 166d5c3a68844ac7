//===- OnnxImporter.cpp - ONNX ModelProto to kiln IR ----------------------===//
#include "frontends/onnx/OnnxImporter.h"

#include "frontends/onnx/GraphImporter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <fstream>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

NodeContext::NodeContext(GraphImporter &importer, const onnx::NodeProto &node,
                         Location loc, int64_t opset)
    : importer_(importer), node_(node), loc_(loc), opset_(opset) {}

OpBuilder &NodeContext::builder() { return importer_.builder; }

Value NodeContext::input(int i) const {
  if (i >= node_.input_size() || node_.input(i).empty())
    return Value();
  return importer_.values.lookup(node_.input(i));
}

FailureOr<Value> NodeContext::requiredInput(int i) {
  if (Value v = input(i))
    return v;
  error() << "missing required input " << i;
  return failure();
}

FailureOr<RankedTensorType> NodeContext::rankedInput(int i) {
  FailureOr<Value> v = requiredInput(i);
  if (failed(v))
    return failure();
  if (auto type = dyn_cast<RankedTensorType>(v->getType()))
    return type;
  error() << "input " << i << " has an unknown rank";
  return failure();
}

DenseElementsAttr NodeContext::constantInput(int i) const {
  Value v = input(i);
  if (!v)
    return {};
  if (auto constant = v.getDefiningOp<ConstantOp>())
    return dyn_cast<DenseElementsAttr>(constant.getValue());
  return {};
}

FailureOr<SmallVector<int64_t>> NodeContext::constantInts(int i,
                                                          llvm::StringRef what) {
  DenseElementsAttr attr = constantInput(i);
  if (!attr || !isa<IntegerType>(attr.getElementType())) {
    error() << what << " (input " << i
            << ") must be a constant integer tensor known at compile time";
    return failure();
  }
  SmallVector<int64_t> out;
  for (const APInt &v : attr.getValues<APInt>())
    out.push_back(v.getSExtValue());
  return out;
}

const onnx::AttributeProto *NodeContext::attr(llvm::StringRef name) const {
  for (const onnx::AttributeProto &a : node_.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t NodeContext::getInt(llvm::StringRef name, int64_t dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : dflt;
}

float NodeContext::getFloat(llvm::StringRef name, float dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : dflt;
}

std::string NodeContext::getString(llvm::StringRef name,
                                   llvm::StringRef dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : dflt.str();
}

std::optional<SmallVector<int64_t>>
NodeContext::getInts(llvm::StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

InFlightDiagnostic NodeContext::error() {
  InFlightDiagnostic diag = mlir::emitError(loc_);
  diag << "node '" << node_.name() << "' (" << node_.op_type() << ", opset "
       << opset_ << "): ";
  return diag;
}

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

bool mlir::kiln::onnx_frontend::isSupportedDomain(llvm::StringRef domain) {
  return domain.empty() || domain == "ai.onnx" || domain == kTrainingDomain;
}

std::string mlir::kiln::onnx_frontend::converterKey(const onnx::NodeProto &node) {
  if (node.domain().empty() || node.domain() == "ai.onnx")
    return node.op_type();
  return node.domain() + "." + node.op_type();
}

std::optional<int64_t> mlir::kiln::onnx_frontend::normalizeAxis(int64_t axis,
                                                                 int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

Value GraphImporter::scalar(Location loc, Type elementType, double value,
                            ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, elementType);
  Attribute element;
  if (isa<FloatType>(elementType))
    element = builder.getFloatAttr(elementType, value);
  else
    element = builder.getIntegerAttr(elementType, static_cast<int64_t>(value));
  return constant(loc, DenseElementsAttr::get(type, element));
}

Value GraphImporter::constant(Location loc, DenseElementsAttr value) {
  return ConstantOp::create(builder, loc, value.getType(), value);
}

FailureOr<Value> GraphImporter::reshape(NodeContext &node, Value v,
                                        ArrayRef<int64_t> shape) {
  // A dynamic target dim becomes the one inferred (-1) entry.
  SmallVector<int64_t> target(shape);
  int64_t unknown = 0;
  for (int64_t &d : target) {
    if (ShapedType::isDynamic(d))
      d = -1;
    unknown += d == -1;
  }
  if (unknown > 1) {
    node.error() << "needs a reshape with " << unknown
                 << " unknown dims; pin the input shapes with --shape";
    return failure();
  }
  return create<ReshapeOp>(node, cast<ShapedType>(v.getType()).getElementType(), v,
                           builder.getDenseI64ArrayAttr(target));
}

int64_t mlir::kiln::onnx_frontend::productOfDims(ArrayRef<int64_t> dims) {
  int64_t product = 1;
  for (int64_t d : dims) {
    if (ShapedType::isDynamic(d))
      return ShapedType::kDynamic;
    product *= d;
  }
  return product;
}

LogicalResult mlir::kiln::onnx_frontend::pushResult(FailureOr<Value> v,
                                                    SmallVectorImpl<Value> &results) {
  if (failed(v))
    return failure();
  results.push_back(*v);
  return success();
}

FailureOr<Value> GraphImporter::finish(NodeContext &node, Operation *op) {
  if (failed(inferAndSetResultType(op))) {
    node.error() << "operand shapes are inconsistent for '"
                 << op->getName().getStringRef() << "': " << op->getOperandTypes();
    op->erase();
    return failure();
  }
  if (failed(mlir::verify(op))) {
    node.error() << "produced an invalid '" << op->getName().getStringRef() << "'";
    op->erase();
    return failure();
  }
  SmallVector<OpFoldResult> folded;
  if (succeeded(op->fold(folded)) && folded.size() == 1) {
    Value result;
    if (auto attr = dyn_cast<Attribute>(folded[0]))
      result = constant(op->getLoc(), cast<DenseElementsAttr>(attr));
    else
      result = cast<Value>(folded[0]);
    op->erase();
    return result;
  }
  return op->getResult(0);
}

//===----------------------------------------------------------------------===//
// Model import
//===----------------------------------------------------------------------===//

namespace {
struct ModelImporter {
  MLIRContext &ctx;
  llvm::StringRef path;
  const ImportOptions &options;
  std::string modelDir;
  int64_t opset = 0;

  InFlightDiagnostic error() {
    return mlir::emitError(FileLineColLoc::get(&ctx, path, 0, 0));
  }

  FailureOr<RankedTensorType> inputType(const onnx::ValueInfoProto &info);
  OwningOpRef<ModuleOp> run(const onnx::ModelProto &model);
};
} // namespace

FailureOr<RankedTensorType>
ModelImporter::inputType(const onnx::ValueInfoProto &info) {
  if (!info.type().has_tensor_type()) {
    error() << "graph input '" << info.name() << "' is not a tensor";
    return failure();
  }
  const onnx::TypeProto_Tensor &tensor = info.type().tensor_type();
  Type element = convertElementType(&ctx, tensor.elem_type());
  if (!element) {
    error() << "graph input '" << info.name() << "' has unsupported dtype "
            << onnxTypeName(tensor.elem_type());
    return failure();
  }
  SmallVector<int64_t> shape;
  auto pinned = options.inputShapes.find(info.name());
  if (pinned != options.inputShapes.end()) {
    for (int64_t d : pinned->second)
      shape.push_back(d < 0 ? ShapedType::kDynamic : d);
    if (tensor.has_shape() && tensor.shape().dim_size() != static_cast<int>(shape.size())) {
      error() << "--shape for input '" << info.name() << "' has rank "
              << shape.size() << " but the model declares rank "
              << tensor.shape().dim_size();
      return failure();
    }
  } else if (!tensor.has_shape()) {
    error() << "graph input '" << info.name()
            << "' has no shape (not even a rank); give one with --shape "
            << info.name() << "=D0xD1...";
    return failure();
  } else {
    // Symbolic (dim_param) and unknown dims stay dynamic.
    for (const auto &dim : tensor.shape().dim())
      shape.push_back(dim.has_dim_value() && dim.dim_value() >= 0 ? dim.dim_value()
                                                                  : ShapedType::kDynamic);
  }
  for (llvm::StringRef key : {llvm::StringRef(info.name()), llvm::StringRef("*")}) {
    auto dynamic = options.dynamicDims.find(key);
    if (dynamic == options.dynamicDims.end())
      continue;
    for (int64_t axis : dynamic->second) {
      if (axis < 0 || axis >= static_cast<int64_t>(shape.size())) {
        if (key == "*")
          continue; // "every input": rank-0 inputs have no first dim
        error() << "--dynamic-dim " << info.name() << ":" << axis
                << " is out of range for rank " << shape.size();
        return failure();
      }
      shape[axis] = ShapedType::kDynamic;
    }
  }
  return RankedTensorType::get(shape, element);
}

OwningOpRef<ModuleOp> ModelImporter::run(const onnx::ModelProto &model) {
  bool importsTraining = false;
  for (const auto &o : model.opset_import()) {
    if (o.domain().empty() || o.domain() == "ai.onnx")
      opset = o.version();
    importsTraining |= o.domain() == kTrainingDomain;
  }
  // Models of training ops alone (optimizers) import no default domain.
  if (opset == 0 && importsTraining)
    opset = 1;
  if (opset == 0) {
    error() << "model imports no default-domain opset";
    return nullptr;
  }
  if (opset > 17) {
    error() << "model uses opset " << opset << "; kiln supports opsets up to 17";
    return nullptr;
  }
  const onnx::GraphProto &graph = model.graph();
  OwningOpRef<ModuleOp> module = ModuleOp::create(FileLineColLoc::get(&ctx, path, 0, 0));
  GraphImporter importer(&ctx, modelDir);
  for (const onnx::ValueInfoProto &info : graph.value_info())
    importer.declaredTypes[info.name()] = &info.type();
  for (const onnx::ValueInfoProto &info : graph.output())
    importer.declaredTypes[info.name()] = &info.type();
  OpBuilder &b = importer.builder;
  b.setInsertionPointToEnd(module->getBody());

  // Initializers become constants; a graph input named like one is not a
  // model input (pre-IR-4 models list initializers among the inputs).
  llvm::StringMap<const onnx::TensorProto *> initializers;
  for (const onnx::TensorProto &init : graph.initializer())
    initializers[init.name()] = &init;
  if (graph.sparse_initializer_size() > 0) {
    error() << "sparse initializers are not supported";
    return nullptr;
  }

  SmallVector<const onnx::ValueInfoProto *> inputs;
  SmallVector<Type> inputTypes;
  for (const onnx::ValueInfoProto &info : graph.input()) {
    if (initializers.count(info.name()))
      continue;
    FailureOr<RankedTensorType> type = inputType(info);
    if (failed(type))
      return nullptr;
    inputs.push_back(&info);
    inputTypes.push_back(*type);
  }
  auto func = func::FuncOp::create(b, module->getLoc(), options.entryName,
                                   b.getFunctionType(inputTypes, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  SmallVector<Attribute> argNames;
  for (auto [i, info] : llvm::enumerate(inputs)) {
    importer.values[info->name()] = entry->getArgument(i);
    func.setArgAttr(i, "kiln.name", b.getStringAttr(info->name()));
  }

  for (const onnx::TensorProto &init : graph.initializer()) {
    std::string err;
    DenseElementsAttr attr = convertTensor(&ctx, init, modelDir, err);
    if (!attr) {
      error() << "initializer '" << init.name() << "': " << err;
      return nullptr;
    }
    importer.values[init.name()] = importer.constant(
        NameLoc::get(b.getStringAttr(init.name()), module->getLoc()), attr);
  }

  llvm::StringMap<OpConverter> converters;
  registerMathConverters(converters);
  registerNNConverters(converters);
  registerShapeConverters(converters);
  registerElementwiseConverters(converters);
  registerIndexingConverters(converters);
  registerResizeConverters(converters);

  for (const onnx::NodeProto &node : graph.node()) {
    Location loc = NameLoc::get(
        b.getStringAttr(node.name().empty() ? node.op_type() : node.name()),
        FileLineColLoc::get(&ctx, path, 0, 0));
    NodeContext nc(importer, node, loc, opset);
    if (!isSupportedDomain(node.domain())) {
      nc.error() << "operator domain '" << node.domain() << "' is not supported";
      return nullptr;
    }
    for (int i = 0; i < node.input_size(); ++i) {
      if (!node.input(i).empty() && !importer.values.count(node.input(i))) {
        nc.error() << "input '" << node.input(i)
                   << "' is not produced by any earlier node, input or initializer";
        return nullptr;
      }
    }
    auto it = converters.find(converterKey(node));
    if (it == converters.end()) {
      nc.error() << "unsupported operator '" << node.op_type() << "'";
      return nullptr;
    }
    SmallVector<Value> results;
    if (failed(it->second(nc, results)))
      return nullptr;
    for (int i = 0; i < node.output_size(); ++i) {
      if (node.output(i).empty())
        continue;
      if (i >= static_cast<int>(results.size()) || !results[i]) {
        nc.error() << "output " << i << " ('" << node.output(i)
                   << "') is not supported";
        return nullptr;
      }
      importer.values[node.output(i)] = results[i];
    }
  }

  SmallVector<Value> outputs;
  for (const onnx::ValueInfoProto &info : graph.output()) {
    Value v = importer.values.lookup(info.name());
    if (!v) {
      error() << "graph output '" << info.name() << "' is never produced";
      return nullptr;
    }
    outputs.push_back(v);
  }
  func::ReturnOp::create(b, func.getLoc(), outputs);
  func.setType(b.getFunctionType(inputTypes, ValueRange(outputs).getTypes()));
  for (auto [i, info] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "kiln.name", b.getStringAttr(info.name()));
  if (!graph.name().empty())
    (*module)->setAttr("kiln.model_name", b.getStringAttr(graph.name()));
  return module;
}

OwningOpRef<ModuleOp>
mlir::kiln::onnx_frontend::importOnnxModel(MLIRContext &context,
                                           llvm::StringRef path,
                                           const ImportOptions &options) {
  context.loadDialect<KilnDialect, func::FuncDialect>();
  ModelImporter importer{context, path, options, {}};
  llvm::SmallString<256> dir(path);
  llvm::sys::path::remove_filename(dir);
  importer.modelDir = dir.empty() ? "." : std::string(dir);

  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    importer.error() << "cannot read model: " << buffer.getError().message();
    return nullptr;
  }
  onnx::ModelProto model;
  if (!model.ParseFromArray((*buffer)->getBufferStart(),
                            static_cast<int>((*buffer)->getBufferSize()))) {
    importer.error() << "not a valid ONNX ModelProto (protobuf parse failed)";
    return nullptr;
  }
  return importer.run(model);
}

OwningOpRef<ModuleOp> mlir::kiln::onnx_frontend::importOnnxModelProto(
    MLIRContext &context, const onnx::ModelProto &model, llvm::StringRef path,
    const ImportOptions &options) {
  context.loadDialect<KilnDialect, func::FuncDialect>();
  ModelImporter importer{context, path, options, {}};
  llvm::SmallString<256> dir(path);
  llvm::sys::path::remove_filename(dir);
  importer.modelDir = dir.empty() ? "." : std::string(dir);
  return importer.run(model);
}
