//===- OnnxConversion.cpp - kiln.graph <-> ONNX ModelProto ----------------===//
#include "frontends/native/OnnxConversion.h"

#include <cstring>
#include <set>

using namespace mlir::kiln::native_frontend;
using onnx::TensorProto;

/// Pairs of (kiln.graph dtype, ONNX data type).
static const std::pair<int, int32_t> kDataTypes[] = {
    {kgraph::FLOAT32, TensorProto::FLOAT},   {kgraph::FLOAT64, TensorProto::DOUBLE},
    {kgraph::FLOAT16, TensorProto::FLOAT16}, {kgraph::BFLOAT16, TensorProto::BFLOAT16},
    {kgraph::INT8, TensorProto::INT8},       {kgraph::INT16, TensorProto::INT16},
    {kgraph::INT32, TensorProto::INT32},     {kgraph::INT64, TensorProto::INT64},
    {kgraph::UINT8, TensorProto::UINT8},     {kgraph::UINT16, TensorProto::UINT16},
    {kgraph::UINT32, TensorProto::UINT32},   {kgraph::UINT64, TensorProto::UINT64},
    {kgraph::BOOL, TensorProto::BOOL},
};

int32_t mlir::kiln::native_frontend::toOnnxDataType(int dtype) {
  for (auto [native, onnxType] : kDataTypes)
    if (native == dtype)
      return onnxType;
  return 0;
}

kgraph::DataType mlir::kiln::native_frontend::fromOnnxDataType(int32_t onnxType) {
  for (auto [native, type] : kDataTypes)
    if (type == onnxType)
      return static_cast<kgraph::DataType>(native);
  return kgraph::DTYPE_UNSPECIFIED;
}

static std::string onnxTypeName(int32_t onnxType) {
  if (TensorProto::DataType_IsValid(onnxType))
    return TensorProto::DataType_Name(static_cast<TensorProto::DataType>(onnxType));
  return "type " + std::to_string(onnxType);
}

//===----------------------------------------------------------------------===//
// kiln.graph -> ONNX
//===----------------------------------------------------------------------===//

static void toOnnxTensor(const kgraph::Tensor &tensor, TensorProto &out) {
  out.set_name(tensor.name());
  out.set_data_type(toOnnxDataType(tensor.dtype()));
  for (int64_t d : tensor.dims())
    out.add_dims(d);
  std::string bytes, error;
  // Validated models always have well-formed payloads.
  if (tensorBytes(tensor, bytes, error))
    out.set_raw_data(bytes);
}

static void toOnnxValueInfo(const kgraph::ValueInfo &info, onnx::ValueInfoProto &out) {
  out.set_name(info.name());
  if (!info.doc().empty())
    out.set_doc_string(info.doc());
  if (info.dtype() == kgraph::DTYPE_UNSPECIFIED && !info.has_shape())
    return;
  onnx::TypeProto_Tensor *tensor = out.mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(toOnnxDataType(info.dtype()));
  if (!info.has_shape())
    return;
  onnx::TensorShapeProto *shape = tensor->mutable_shape();
  for (const kgraph::Dim &dim : info.shape().dims()) {
    onnx::TensorShapeProto_Dimension *d = shape->add_dim();
    if (dim.value_case() == kgraph::Dim::kSymbol)
      d->set_dim_param(dim.symbol());
    else
      d->set_dim_value(dim.size());
  }
}

static void toOnnxAttribute(const kgraph::Attribute &attr, onnx::AttributeProto &out) {
  using A = onnx::AttributeProto;
  out.set_name(attr.name());
  switch (attr.value_case()) {
  case kgraph::Attribute::kI:
    out.set_type(A::INT);
    out.set_i(attr.i());
    break;
  case kgraph::Attribute::kF:
    out.set_type(A::FLOAT);
    out.set_f(attr.f());
    break;
  case kgraph::Attribute::kS:
    out.set_type(A::STRING);
    out.set_s(attr.s());
    break;
  case kgraph::Attribute::kT:
    out.set_type(A::TENSOR);
    toOnnxTensor(attr.t(), *out.mutable_t());
    break;
  case kgraph::Attribute::kInts:
    out.set_type(A::INTS);
    out.mutable_ints()->CopyFrom(attr.ints().values());
    break;
  case kgraph::Attribute::kFloats:
    out.set_type(A::FLOATS);
    out.mutable_floats()->CopyFrom(attr.floats().values());
    break;
  case kgraph::Attribute::kStrings:
    out.set_type(A::STRINGS);
    out.mutable_strings()->CopyFrom(attr.strings().values());
    break;
  case kgraph::Attribute::VALUE_NOT_SET:
    break;
  }
}

onnx::ModelProto mlir::kiln::native_frontend::nativeToOnnx(const kgraph::Model &model,
                                                           const std::vector<int> &order) {
  onnx::ModelProto out;
  out.set_ir_version(8);
  out.set_producer_name(model.producer().empty() ? "kiln" : model.producer());
  out.add_opset_import()->set_version(model.opset_version());
  for (const kgraph::MetadataEntry &entry : model.metadata()) {
    onnx::StringStringEntryProto *prop = out.add_metadata_props();
    prop->set_key(entry.key());
    prop->set_value(entry.value());
  }
  const kgraph::Graph &graph = model.graph();
  onnx::GraphProto *g = out.mutable_graph();
  g->set_name(graph.name());
  for (const kgraph::ValueInfo &in : graph.inputs())
    toOnnxValueInfo(in, *g->add_input());
  for (const kgraph::ValueInfo &o : graph.outputs())
    toOnnxValueInfo(o, *g->add_output());
  for (const kgraph::Tensor &init : graph.initializers())
    toOnnxTensor(init, *g->add_initializer());
  for (int index : order) {
    const kgraph::Node &node = graph.nodes(index);
    onnx::NodeProto *n = g->add_node();
    n->set_name(node.name());
    n->set_op_type(node.op_type());
    for (const std::string &in : node.inputs())
      n->add_input(in);
    for (const std::string &o : node.outputs())
      n->add_output(o);
    for (const kgraph::Attribute &attr : node.attributes())
      toOnnxAttribute(attr, *n->add_attribute());
    if (!node.doc().empty())
      n->set_doc_string(node.doc());
  }
  return out;
}

//===----------------------------------------------------------------------===//
// ONNX -> kiln.graph
//===----------------------------------------------------------------------===//

namespace {
template <typename T>
void appendLittleEndian(std::string &bytes, T value, int width) {
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(T) < 8 ? sizeof(T) : 8);
  for (int i = 0; i < width; ++i)
    bytes.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

struct OnnxReader {
  std::vector<std::string> &errors;
  int freshSymbols = 0;

  bool tensor(const TensorProto &in, const std::string &what, kgraph::Tensor &out);
  bool valueInfo(const onnx::ValueInfoProto &in, bool isInput, kgraph::ValueInfo &out);
  bool attribute(const onnx::AttributeProto &in, const std::string &what,
                 kgraph::Attribute &out);
};
} // namespace

bool OnnxReader::tensor(const TensorProto &in, const std::string &what,
                        kgraph::Tensor &out) {
  kgraph::DataType dtype = fromOnnxDataType(in.data_type());
  if (dtype == kgraph::DTYPE_UNSPECIFIED) {
    errors.push_back(what + " has dtype " + onnxTypeName(in.data_type()) +
                     ", which kiln.graph cannot hold");
    return false;
  }
  if (in.data_location() == TensorProto::EXTERNAL) {
    errors.push_back(what + " keeps its data in an external file; kiln convert "
                            "reads only models with embedded data");
    return false;
  }
  out.set_name(in.name());
  out.set_dtype(dtype);
  int64_t count = 1;
  for (int64_t d : in.dims()) {
    out.add_dims(d);
    count *= d < 0 ? 0 : d;
  }
  int width = elementSize(dtype);
  std::string bytes;
  if (in.has_raw_data()) {
    bytes = in.raw_data();
  } else {
    switch (in.data_type()) {
    case TensorProto::FLOAT:
      for (float v : in.float_data())
        appendLittleEndian(bytes, v, 4);
      break;
    case TensorProto::DOUBLE:
      for (double v : in.double_data())
        appendLittleEndian(bytes, v, 8);
      break;
    case TensorProto::INT64:
      for (int64_t v : in.int64_data())
        appendLittleEndian(bytes, v, 8);
      break;
    case TensorProto::UINT32:
    case TensorProto::UINT64:
      for (uint64_t v : in.uint64_data())
        appendLittleEndian(bytes, v, width);
      break;
    default: // INT8/16/32, UINT8/16, BOOL, FLOAT16, BFLOAT16 (as bit patterns)
      for (int32_t v : in.int32_data())
        appendLittleEndian(bytes, v, width);
    }
  }
  if (static_cast<int64_t>(bytes.size()) != count * width) {
    errors.push_back(what + " holds " + std::to_string(bytes.size()) +
                     " bytes of data but its dims need " + std::to_string(count * width));
    return false;
  }
  setTensorPayload(out, bytes);
  return true;
}

bool OnnxReader::valueInfo(const onnx::ValueInfoProto &in, bool isInput,
                           kgraph::ValueInfo &out) {
  std::string what = (isInput ? "graph input '" : "graph output '") + in.name() + "'";
  out.set_name(in.name());
  if (!in.doc_string().empty())
    out.set_doc(in.doc_string());
  if (!in.has_type()) {
    if (isInput)
      errors.push_back(what + " has no type");
    return !isInput;
  }
  if (!in.type().has_tensor_type()) {
    errors.push_back(what + " is not a tensor");
    return false;
  }
  const onnx::TypeProto_Tensor &tensor = in.type().tensor_type();
  kgraph::DataType dtype = fromOnnxDataType(tensor.elem_type());
  if (dtype == kgraph::DTYPE_UNSPECIFIED && (isInput || tensor.elem_type() != 0)) {
    errors.push_back(what + " has dtype " + onnxTypeName(tensor.elem_type()) +
                     ", which kiln.graph cannot hold");
    return false;
  }
  out.set_dtype(dtype);
  if (!tensor.has_shape()) {
    if (isInput)
      errors.push_back(what + " has no shape; kiln.graph inputs need one "
                              "(dims may be symbolic)");
    return !isInput;
  }
  kgraph::Shape *shape = out.mutable_shape();
  for (const auto &dim : tensor.shape().dim()) {
    kgraph::Dim *d = shape->add_dims();
    if (dim.has_dim_value())
      d->set_size(dim.dim_value());
    else if (dim.has_dim_param() && !dim.dim_param().empty())
      d->set_symbol(dim.dim_param());
    else
      d->set_symbol("unk__" + std::to_string(freshSymbols++));
  }
  return true;
}

bool OnnxReader::attribute(const onnx::AttributeProto &in, const std::string &what,
                           kgraph::Attribute &out) {
  using A = onnx::AttributeProto;
  out.set_name(in.name());
  A::AttributeType type = in.type();
  if (type == A::UNDEFINED) {
    // Old exporters leave `type` unset: the field that is set tells.
    type = in.has_t()            ? A::TENSOR
           : in.has_g()          ? A::GRAPH
           : in.ints_size()      ? A::INTS
           : in.floats_size()    ? A::FLOATS
           : in.strings_size()   ? A::STRINGS
           : in.has_s()          ? A::STRING
           : in.has_f()          ? A::FLOAT
           : in.has_i()          ? A::INT
                                 : A::UNDEFINED;
  }
  switch (type) {
  case A::INT: out.set_i(in.i()); return true;
  case A::FLOAT: out.set_f(in.f()); return true;
  case A::STRING: out.set_s(in.s()); return true;
  case A::TENSOR: return tensor(in.t(), what + " tensor", *out.mutable_t());
  case A::INTS: out.mutable_ints()->mutable_values()->CopyFrom(in.ints()); return true;
  case A::FLOATS: out.mutable_floats()->mutable_values()->CopyFrom(in.floats()); return true;
  case A::STRINGS:
    out.mutable_strings()->mutable_values()->CopyFrom(in.strings());
    return true;
  case A::GRAPH:
  case A::GRAPHS:
    errors.push_back(what + " is a subgraph; kiln.graph has no subgraphs");
    return false;
  default:
    errors.push_back(what + " has attribute type " + A::AttributeType_Name(type) +
                     ", which kiln.graph cannot hold");
    return false;
  }
}

bool mlir::kiln::native_frontend::onnxToNative(const onnx::ModelProto &onnxModel,
                                               kgraph::Model &model,
                                               std::vector<std::string> &errors) {
  size_t before = errors.size();
  OnnxReader reader{errors};
  model.Clear();
  model.set_format_version(kFormatVersion);
  for (const auto &opset : onnxModel.opset_import())
    if (opset.domain().empty() || opset.domain() == "ai.onnx")
      model.set_opset_version(opset.version());
  if (model.opset_version() == 0)
    errors.push_back("model imports no default-domain (ai.onnx) opset");
  model.set_producer(onnxModel.producer_name());
  for (const auto &prop : onnxModel.metadata_props()) {
    kgraph::MetadataEntry *entry = model.add_metadata();
    entry->set_key(prop.key());
    entry->set_value(prop.value());
  }

  const onnx::GraphProto &g = onnxModel.graph();
  kgraph::Graph *graph = model.mutable_graph();
  graph->set_name(g.name());
  if (g.sparse_initializer_size() > 0)
    errors.push_back("the graph has sparse initializers, which kiln.graph cannot hold");
  std::set<std::string> initializerNames;
  for (const TensorProto &init : g.initializer()) {
    initializerNames.insert(init.name());
    reader.tensor(init, "initializer '" + init.name() + "'", *graph->add_initializers());
  }
  for (const onnx::ValueInfoProto &in : g.input())
    if (!initializerNames.count(in.name()))
      reader.valueInfo(in, /*isInput=*/true, *graph->add_inputs());
  for (const onnx::ValueInfoProto &out : g.output())
    reader.valueInfo(out, /*isInput=*/false, *graph->add_outputs());

  for (int i = 0; i < g.node_size(); ++i) {
    const onnx::NodeProto &n = g.node(i);
    kgraph::Node *node = graph->add_nodes();
    node->set_name(n.name());
    node->set_op_type(n.op_type());
    std::string label = nodeLabel(*node, i);
    if (!n.domain().empty() && n.domain() != "ai.onnx")
      errors.push_back(label + " is in operator domain '" + n.domain() +
                       "'; kiln.graph holds default-domain ONNX operators only");
    for (const std::string &in : n.input())
      node->add_inputs(in);
    for (const std::string &out : n.output())
      node->add_outputs(out);
    for (const onnx::AttributeProto &attr : n.attribute())
      reader.attribute(attr, label + ": attribute '" + attr.name() + "'",
                       *node->add_attributes());
    if (!n.doc_string().empty())
      node->set_doc(n.doc_string());
  }
  return errors.size() == before;
}
