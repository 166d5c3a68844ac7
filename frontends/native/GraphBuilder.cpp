//===- GraphBuilder.cpp - C++ API that writes kiln.graph models -----------===//
#include "frontends/native/GraphBuilder.h"

using namespace mlir::kiln::native_frontend;

kgraph::Attribute *NodeBuilder::add(const std::string &name) {
  kgraph::Attribute *attr = node_->add_attributes();
  attr->set_name(name);
  return attr;
}

NodeBuilder &NodeBuilder::intAttr(const std::string &name, int64_t value) {
  add(name)->set_i(value);
  return *this;
}

NodeBuilder &NodeBuilder::floatAttr(const std::string &name, float value) {
  add(name)->set_f(value);
  return *this;
}

NodeBuilder &NodeBuilder::stringAttr(const std::string &name, const std::string &value) {
  add(name)->set_s(value);
  return *this;
}

NodeBuilder &NodeBuilder::intsAttr(const std::string &name,
                                   const std::vector<int64_t> &values) {
  auto *list = add(name)->mutable_ints();
  for (int64_t v : values)
    list->add_values(v);
  return *this;
}

NodeBuilder &NodeBuilder::floatsAttr(const std::string &name,
                                     const std::vector<float> &values) {
  auto *list = add(name)->mutable_floats();
  for (float v : values)
    list->add_values(v);
  return *this;
}

NodeBuilder &NodeBuilder::stringsAttr(const std::string &name,
                                      const std::vector<std::string> &values) {
  auto *list = add(name)->mutable_strings();
  for (const std::string &v : values)
    list->add_values(v);
  return *this;
}

NodeBuilder &NodeBuilder::tensorAttr(const std::string &name,
                                     const kgraph::Tensor &value) {
  *add(name)->mutable_t() = value;
  return *this;
}

GraphBuilder::GraphBuilder(const std::string &graphName, int64_t opsetVersion) {
  model_.set_format_version(kFormatVersion);
  model_.set_opset_version(opsetVersion);
  model_.set_producer("kiln GraphBuilder");
  model_.mutable_graph()->set_name(graphName);
}

GraphBuilder &GraphBuilder::setProducer(const std::string &producer) {
  model_.set_producer(producer);
  return *this;
}

GraphBuilder &GraphBuilder::addMetadata(const std::string &key,
                                        const std::string &value) {
  kgraph::MetadataEntry *entry = model_.add_metadata();
  entry->set_key(key);
  entry->set_value(value);
  return *this;
}

static void setShape(kgraph::ValueInfo &info, const std::vector<DimSpec> &shape) {
  kgraph::Shape *s = info.mutable_shape();
  for (const DimSpec &dim : shape) {
    if (dim.symbol.empty())
      s->add_dims()->set_size(dim.size);
    else
      s->add_dims()->set_symbol(dim.symbol);
  }
}

std::string GraphBuilder::addInput(const std::string &name, kgraph::DataType dtype,
                                   const std::vector<DimSpec> &shape) {
  kgraph::ValueInfo *info = model_.mutable_graph()->add_inputs();
  info->set_name(name);
  info->set_dtype(dtype);
  setShape(*info, shape);
  return name;
}

std::string GraphBuilder::addInitializer(const std::string &name,
                                         const std::vector<int64_t> &dims,
                                         const std::vector<float> &values) {
  kgraph::Tensor tensor;
  tensor.set_name(name);
  tensor.set_dtype(kgraph::FLOAT32);
  for (int64_t d : dims)
    tensor.add_dims(d);
  for (float v : values)
    tensor.add_float_data(v);
  return addInitializer(tensor);
}

std::string GraphBuilder::addInitializer(const std::string &name, kgraph::DataType dtype,
                                         const std::vector<int64_t> &dims,
                                         const std::vector<int64_t> &values) {
  kgraph::Tensor tensor;
  tensor.set_name(name);
  tensor.set_dtype(dtype);
  for (int64_t d : dims)
    tensor.add_dims(d);
  for (int64_t v : values)
    tensor.add_int_data(v);
  return addInitializer(tensor);
}

std::string GraphBuilder::addInitializer(const kgraph::Tensor &tensor) {
  *model_.mutable_graph()->add_initializers() = tensor;
  return tensor.name();
}

NodeBuilder GraphBuilder::addNode(const std::string &opType,
                                  const std::vector<std::string> &inputs,
                                  const std::vector<std::string> &outputs,
                                  const std::string &name) {
  // Nodes live in a RepeatedPtrField: the pointer stays valid as more are added.
  kgraph::Node *node = model_.mutable_graph()->add_nodes();
  node->set_op_type(opType);
  node->set_name(name.empty() ? opType + "_" + std::to_string(unnamedNodes_++) : name);
  for (const std::string &in : inputs)
    node->add_inputs(in);
  if (outputs.empty())
    node->add_outputs(node->name());
  for (const std::string &out : outputs)
    node->add_outputs(out);
  return NodeBuilder(node);
}

void GraphBuilder::addOutput(const std::string &name, kgraph::DataType dtype,
                             const std::vector<DimSpec> *shape) {
  kgraph::ValueInfo *info = model_.mutable_graph()->add_outputs();
  info->set_name(name);
  info->set_dtype(dtype);
  if (shape)
    setShape(*info, *shape);
}

bool GraphBuilder::validate(Problems &problems, const std::string &path) const {
  return validateModel(model_, path, problems);
}

std::string GraphBuilder::serialize() const {
  std::string bytes;
  model_.SerializeToString(&bytes);
  return bytes;
}

std::string GraphBuilder::toText() const { return printModelText(model_); }

bool GraphBuilder::write(const std::string &path, std::string &error) const {
  return writeModel(model_, path, error);
}
