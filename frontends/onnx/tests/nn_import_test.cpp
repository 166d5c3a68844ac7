//===- nn_import_test.cpp - import of the neural-network op converters ----===//
//
// What the NN converters build (attributes resolved at import, subgraphs,
// layouts) and how they report what they cannot compile. Numerics are
// covered by the conformance suite.
//
//===----------------------------------------------------------------------===//
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "dialects/kiln/KilnOps.h"
#include "frontends/onnx/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <onnx/onnx_pb.h>

#include <cstdlib>
#include <fstream>
#include <string>

using namespace mlir;

namespace {

std::string writeModel(const onnx::ModelProto &model) {
  const char *base = std::getenv("TEST_TMPDIR");
  std::string tmpl = std::string(base ? base : "/tmp") + "/nn_import_XXXXXX";
  std::string file = std::string(mkdtemp(tmpl.data())) + "/model.onnx";
  std::ofstream out(file, std::ios::binary);
  model.SerializeToOstream(&out);
  return file;
}

onnx::ModelProto baseModel(int opset) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(opset);
  model.mutable_graph()->set_name("g");
  return model;
}

void addValue(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> *list,
              const std::string &name, std::vector<int64_t> dims,
              int elemType = onnx::TensorProto::FLOAT) {
  auto *info = list->Add();
  info->set_name(name);
  auto *tensor = info->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(elemType);
  tensor->mutable_shape();  // rank 0 still has a (empty) shape
  for (int64_t d : dims)
    tensor->mutable_shape()->add_dim()->set_dim_value(d);
}

onnx::NodeProto *addNode(onnx::GraphProto *graph, const std::string &op,
                         std::vector<std::string> inputs, std::vector<std::string> outputs) {
  auto *node = graph->add_node();
  node->set_op_type(op);
  node->set_name(op + "_node");
  for (auto &i : inputs)
    node->add_input(i);
  for (auto &o : outputs)
    node->add_output(o);
  return node;
}

void setInts(onnx::NodeProto *node, const std::string &name, std::vector<int64_t> values) {
  auto *a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t v : values)
    a->add_ints(v);
}

void setInt(onnx::NodeProto *node, const std::string &name, int64_t value) {
  auto *a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(value);
}

void setString(onnx::NodeProto *node, const std::string &name, const std::string &value) {
  auto *a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(value);
}

/// A branch subgraph returning the constant `value` (4 floats).
onnx::GraphProto constantBranch(const std::string &name, float value) {
  onnx::GraphProto g;
  g.set_name(name);
  auto *node = addNode(&g, "Constant", {}, {name + "_out"});
  auto *a = node->add_attribute();
  a->set_name("value");
  a->set_type(onnx::AttributeProto::TENSOR);
  a->mutable_t()->set_data_type(onnx::TensorProto::FLOAT);
  a->mutable_t()->add_dims(4);
  for (int i = 0; i < 4; ++i)
    a->mutable_t()->add_float_data(value);
  addValue(g.mutable_output(), name + "_out", {4});
  return g;
}

struct Imported {
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  std::string errors;
  func::FuncOp func() { return module->lookupSymbol<func::FuncOp>("main"); }
};

void import(Imported &result, const onnx::ModelProto &model) {
  ScopedDiagnosticHandler handler(&result.context, [&](Diagnostic &d) {
    result.errors += d.str() + "\n";
    return success();
  });
  result.module = kiln::onnx_frontend::importOnnxModel(result.context, writeModel(model), {});
}

template <typename OpTy>
int count(func::FuncOp func) {
  int n = 0;
  func.walk([&](OpTy) { ++n; });
  return n;
}

} // namespace

TEST_CASE("ConvTranspose resolves output_shape into pads and output_padding") {
  onnx::ModelProto model = baseModel(11);
  auto *graph = model.mutable_graph();
  addValue(graph->mutable_input(), "x", {1, 1, 3, 3});
  addValue(graph->mutable_input(), "w", {1, 2, 3, 3});
  auto *node = addNode(graph, "ConvTranspose", {"x", "w"}, {"y"});
  setInts(node, "strides", {3, 2});
  setInts(node, "output_shape", {10, 8});
  addValue(graph->mutable_output(), "y", {});
  Imported r;
  import(r, model);
  REQUIRE(r.module);
  kiln::ConvTransposeOp op;
  r.func().walk([&](kiln::ConvTransposeOp o) { op = o; });
  REQUIRE(op);
  // Natural size 9 x 7: one extra row and column at the end.
  CHECK(op.getPads() == ArrayRef<int64_t>{0, 0, 0, 0});
  CHECK(op.getOutputPadding() == ArrayRef<int64_t>{1, 1});
  CHECK(cast<RankedTensorType>(op.getType()).getShape() == ArrayRef<int64_t>{1, 2, 10, 8});
}

TEST_CASE("batch-major LSTM becomes transposes around one kiln.recurrent") {
  onnx::ModelProto model = baseModel(14);
  auto *graph = model.mutable_graph();
  addValue(graph->mutable_input(), "x", {2, 5, 3});  // [B, T, I]
  addValue(graph->mutable_input(), "w", {1, 16, 3});
  addValue(graph->mutable_input(), "r", {1, 16, 4});
  auto *node = addNode(graph, "LSTM", {"x", "w", "r"}, {"y", "y_h"});
  setInt(node, "hidden_size", 4);
  setInt(node, "layout", 1);
  addValue(graph->mutable_output(), "y", {});
  addValue(graph->mutable_output(), "y_h", {});
  Imported r;
  import(r, model);
  REQUIRE(r.module);
  kiln::RecurrentOp op;
  r.func().walk([&](kiln::RecurrentOp o) { op = o; });
  REQUIRE(op);
  CHECK(op.getCell() == "lstm");
  CHECK(op.getActivations().size() == 3);
  CHECK(cast<RankedTensorType>(op.getInput().getType()).getShape() ==
        ArrayRef<int64_t>{5, 2, 3});
  auto results = r.func().getFunctionType().getResults();
  CHECK(cast<RankedTensorType>(results[0]).getShape() == ArrayRef<int64_t>{2, 5, 1, 4});
  CHECK(cast<RankedTensorType>(results[1]).getShape() == ArrayRef<int64_t>{2, 1, 4});
}

TEST_CASE("an unknown recurrent activation is reported") {
  onnx::ModelProto model = baseModel(14);
  auto *graph = model.mutable_graph();
  addValue(graph->mutable_input(), "x", {5, 2, 3});
  addValue(graph->mutable_input(), "w", {1, 4, 3});
  addValue(graph->mutable_input(), "r", {1, 4, 4});
  auto *node = addNode(graph, "RNN", {"x", "w", "r"}, {"", "y_h"});
  setInt(node, "hidden_size", 4);
  auto *a = node->add_attribute();
  a->set_name("activations");
  a->set_type(onnx::AttributeProto::STRINGS);
  a->add_strings("Swish");
  addValue(graph->mutable_output(), "y_h", {});
  Imported r;
  import(r, model);
  CHECK_FALSE(r.module);
  CHECK(r.errors.find("unsupported activation 'Swish'") != std::string::npos);
}

TEST_CASE("Einsum equations are normalized: ellipsis labels and implicit output") {
  onnx::ModelProto model = baseModel(12);
  auto *graph = model.mutable_graph();
  addValue(graph->mutable_input(), "a", {2, 3, 4});
  addValue(graph->mutable_input(), "b", {4, 5});
  auto *node = addNode(graph, "Einsum", {"a", "b"}, {"y"});
  setString(node, "equation", "...ij,jk");
  addValue(graph->mutable_output(), "y", {});
  Imported r;
  import(r, model);
  REQUIRE(r.module);
  kiln::EinsumOp op;
  r.func().walk([&](kiln::EinsumOp o) { op = o; });
  REQUIRE(op);
  CHECK(op.getEquation() == "abc,cd->abd");
  CHECK(cast<RankedTensorType>(op.getType()).getShape() == ArrayRef<int64_t>{2, 3, 5});
}

TEST_CASE("If imports both branches into scf.if, or inlines a constant condition") {
  for (bool constant : {false, true}) {
    onnx::ModelProto model = baseModel(11);
    auto *graph = model.mutable_graph();
    if (constant) {
      auto *c = graph->add_initializer();
      c->set_name("cond");
      c->set_data_type(onnx::TensorProto::BOOL);
      c->add_int32_data(1);
    } else {
      addValue(graph->mutable_input(), "cond", {}, onnx::TensorProto::BOOL);
    }
    auto *node = addNode(graph, "If", {"cond"}, {"y"});
    for (auto [name, value] : {std::pair("then_branch", 1.f), std::pair("else_branch", 2.f)}) {
      auto *a = node->add_attribute();
      a->set_name(name);
      a->set_type(onnx::AttributeProto::GRAPH);
      *a->mutable_g() = constantBranch(name, value);
    }
    addValue(graph->mutable_output(), "y", {});
    Imported r;
    import(r, model);
    INFO(r.errors);
    REQUIRE(r.module);
    CHECK(count<scf::IfOp>(r.func()) == (constant ? 0 : 1));
    if (constant) {
      // The taken branch's value is returned directly.
      Value y = r.func().getBody().front().getTerminator()->getOperand(0);
      auto c = y.getDefiningOp<kiln::ConstantOp>();
      REQUIRE(c);
      CHECK(cast<DenseElementsAttr>(c.getValue()).getSplatValue<float>() == 1.f);
    }
  }
}

TEST_CASE("Scan carries its state through an scf.for and stacks the outputs") {
  onnx::ModelProto model = baseModel(11);
  auto *graph = model.mutable_graph();
  addValue(graph->mutable_input(), "init", {2});
  addValue(graph->mutable_input(), "x", {3, 2});
  auto *node = addNode(graph, "Scan", {"init", "x"}, {"final", "all"});
  setInt(node, "num_scan_inputs", 1);
  auto *a = node->add_attribute();
  a->set_name("body");
  a->set_type(onnx::AttributeProto::GRAPH);
  onnx::GraphProto *body = a->mutable_g();
  body->set_name("body");
  addValue(body->mutable_input(), "s_in", {2});
  addValue(body->mutable_input(), "row", {2});
  addNode(body, "Add", {"s_in", "row"}, {"s_out"});
  addNode(body, "Identity", {"s_out"}, {"scan_out"});
  addValue(body->mutable_output(), "s_out", {2});
  addValue(body->mutable_output(), "scan_out", {2});
  addValue(graph->mutable_output(), "final", {});
  addValue(graph->mutable_output(), "all", {});
  Imported r;
  import(r, model);
  REQUIRE(r.module);
  CHECK(count<scf::ForOp>(r.func()) == 1);
  auto results = r.func().getFunctionType().getResults();
  CHECK(cast<RankedTensorType>(results[1]).getShape() == ArrayRef<int64_t>{3, 2});
  // Subgraph-local names stay inside the subgraph.
  CHECK(r.errors.empty());
}

TEST_CASE("MaxUnpool needs its output shape at compile time") {
  onnx::ModelProto model = baseModel(11);
  auto *graph = model.mutable_graph();
  addValue(graph->mutable_input(), "x", {1, 1, 2, 2});
  addValue(graph->mutable_input(), "i", {1, 1, 2, 2}, onnx::TensorProto::INT64);
  addValue(graph->mutable_input(), "shape", {4}, onnx::TensorProto::INT64);
  auto *node = addNode(graph, "MaxUnpool", {"x", "i", "shape"}, {"y"});
  setInts(node, "kernel_shape", {2, 2});
  addValue(graph->mutable_output(), "y", {});
  Imported r;
  import(r, model);
  CHECK_FALSE(r.module);
  CHECK(r.errors.find("output_shape (input 2) must be a constant integer tensor") !=
        std::string::npos);
}

TEST_CASE("training-domain optimizers import without a default-domain opset") {
  onnx::ModelProto model;
  model.set_ir_version(8);
  auto *opset = model.add_opset_import();
  opset->set_domain("ai.onnx.preview.training");
  opset->set_version(1);
  auto *graph = model.mutable_graph();
  graph->set_name("g");
  addValue(graph->mutable_input(), "R", {});
  addValue(graph->mutable_input(), "T", {}, onnx::TensorProto::INT64);
  for (const char *name : {"X", "G", "V"})
    addValue(graph->mutable_input(), name, {2});
  auto *node = addNode(graph, "Momentum", {"R", "T", "X", "G", "V"}, {"X_new", "V_new"});
  node->set_domain("ai.onnx.preview.training");
  auto *mode = node->add_attribute();
  mode->set_name("mode");
  mode->set_type(onnx::AttributeProto::STRING);
  mode->set_s("nesterov");
  addValue(graph->mutable_output(), "X_new", {});
  addValue(graph->mutable_output(), "V_new", {});
  Imported r;
  import(r, model);
  INFO(r.errors);
  REQUIRE(r.module);
  CHECK(count<kiln::DequantizeOp>(r.func()) == 1);  // T as a float
  auto results = r.func().getFunctionType().getResults();
  CHECK(cast<RankedTensorType>(results[0]).getShape() == ArrayRef<int64_t>{2});
}
