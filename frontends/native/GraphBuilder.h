//===- GraphBuilder.h - C++ API that writes kiln.graph models ---*- C++ -*-===//
//
// Builds a kiln.graph model in code and emits it serialized (`.kgraph`) or
// as text (`.kgraph.txt`):
//
//   GraphBuilder b("mlp");
//   std::string x = b.addInput("x", kgraph::FLOAT32, {"batch", 4});
//   std::string w = b.addInitializer("w", {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
//   std::string y = b.addNode("MatMul", {x, w}).output();
//   b.addNode("Relu", {y}, {"out"});
//   b.addOutput("out");
//   std::string text = b.toText();
//
// Node op types and attributes are ONNX operators at the builder's opset.
// The builder never fails: validate() (or any reader) reports mistakes.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_NATIVE_GRAPHBUILDER_H
#define KILN_FRONTENDS_NATIVE_GRAPHBUILDER_H

#include "frontends/native/NativeFormat.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::kiln::native_frontend {

/// A dimension of an input or output shape: a size or a symbol name.
struct DimSpec {
  DimSpec(int64_t size) : size(size) {}
  DimSpec(int size) : size(size) {}
  DimSpec(const char *symbol) : symbol(symbol) {}
  DimSpec(std::string symbol) : symbol(std::move(symbol)) {}
  int64_t size = 0;
  std::string symbol; // non-empty: symbolic
};

/// A node just added; sets its attributes and names its outputs.
class NodeBuilder {
public:
  explicit NodeBuilder(kgraph::Node *node) : node_(node) {}

  NodeBuilder &intAttr(const std::string &name, int64_t value);
  NodeBuilder &floatAttr(const std::string &name, float value);
  NodeBuilder &stringAttr(const std::string &name, const std::string &value);
  NodeBuilder &intsAttr(const std::string &name, const std::vector<int64_t> &values);
  NodeBuilder &floatsAttr(const std::string &name, const std::vector<float> &values);
  NodeBuilder &stringsAttr(const std::string &name,
                           const std::vector<std::string> &values);
  NodeBuilder &tensorAttr(const std::string &name, const kgraph::Tensor &value);

  /// Name of output `i`.
  const std::string &output(int i = 0) const { return node_->outputs(i); }
  const std::string &name() const { return node_->name(); }
  kgraph::Node &node() { return *node_; }

private:
  kgraph::Attribute *add(const std::string &name);
  kgraph::Node *node_;
};

class GraphBuilder {
public:
  explicit GraphBuilder(const std::string &graphName, int64_t opsetVersion = 17);

  GraphBuilder &setProducer(const std::string &producer);
  GraphBuilder &addMetadata(const std::string &key, const std::string &value);

  /// Declares a graph input; returns its name.
  std::string addInput(const std::string &name, kgraph::DataType dtype,
                       const std::vector<DimSpec> &shape);
  /// A FLOAT32 initializer; returns its name.
  std::string addInitializer(const std::string &name, const std::vector<int64_t> &dims,
                             const std::vector<float> &values);
  /// An initializer of an integer or BOOL dtype; returns its name.
  std::string addInitializer(const std::string &name, kgraph::DataType dtype,
                             const std::vector<int64_t> &dims,
                             const std::vector<int64_t> &values);
  /// Any tensor (e.g. with raw_data); returns its name.
  std::string addInitializer(const kgraph::Tensor &tensor);

  /// Adds an `opType` node. Without `outputs` it has one output named like
  /// the node; without `name` the node is named "<opType>_<n>".
  NodeBuilder addNode(const std::string &opType, const std::vector<std::string> &inputs,
                      const std::vector<std::string> &outputs = {},
                      const std::string &name = "");

  /// Declares `name` a graph output; dtype and shape are optional.
  void addOutput(const std::string &name,
                 kgraph::DataType dtype = kgraph::DTYPE_UNSPECIFIED,
                 const std::vector<DimSpec> *shape = nullptr);

  const kgraph::Model &model() const { return model_; }
  /// Runs the reader's checks; `path` only names the model in problems.
  bool validate(Problems &problems, const std::string &path = "<builder>") const;
  /// The binary form (`.kgraph`).
  std::string serialize() const;
  /// The text form (`.kgraph.txt`).
  std::string toText() const;
  /// Writes the binary or text form, chosen by the path's extension.
  bool write(const std::string &path, std::string &error) const;

private:
  kgraph::Model model_;
  int unnamedNodes_ = 0;
};

} // namespace mlir::kiln::native_frontend

#endif // KILN_FRONTENDS_NATIVE_GRAPHBUILDER_H
