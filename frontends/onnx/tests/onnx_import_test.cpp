//===- onnx_import_test.cpp - ONNX importer behaviour and errors ----------===//
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "dialects/kiln/KilnOps.h"
#include "frontends/onnx/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <onnx/onnx_pb.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/stat.h>

using namespace mlir;

namespace {

/// A temporary folder that holds one model (and its external data).
struct ModelDir {
  std::string path;
  ModelDir() {
    const char *base = std::getenv("TEST_TMPDIR");
    std::string tmpl = std::string(base ? base : "/tmp") + "/onnx_import_XXXXXX";
    path = mkdtemp(tmpl.data());
  }
  std::string write(const onnx::ModelProto &model, const std::string &name = "model.onnx") {
    std::string file = path + "/" + name;
    std::ofstream out(file, std::ios::binary);
    model.SerializeToOstream(&out);
    return file;
  }
};

onnx::ModelProto baseModel(int opset = 13) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(opset);
  model.mutable_graph()->set_name("g");
  return model;
}

void addInput(onnx::GraphProto *graph, const std::string &name,
              std::vector<int64_t> dims, const std::string &symbolic = "") {
  auto *input = graph->add_input();
  input->set_name(name);
  auto *tensor = input->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims)
    tensor->mutable_shape()->add_dim()->set_dim_value(d);
  if (!symbolic.empty())
    tensor->mutable_shape()->add_dim()->set_dim_param(symbolic);
}

onnx::NodeProto *addNode(onnx::GraphProto *graph, const std::string &op,
                         const std::string &name, std::vector<std::string> inputs,
                         std::vector<std::string> outputs) {
  auto *node = graph->add_node();
  node->set_op_type(op);
  node->set_name(name);
  for (auto &i : inputs)
    node->add_input(i);
  for (auto &o : outputs)
    node->add_output(o);
  return node;
}

/// Imports `file`; returns the module (or null) and the diagnostics text.
struct Imported {
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  std::string errors;
};

void import(Imported &result, const std::string &file,
            kiln::onnx_frontend::ImportOptions options = {}) {
  ScopedDiagnosticHandler handler(&result.context, [&](Diagnostic &d) {
    result.errors += d.str() + "\n";
    return success();
  });
  result.module = kiln::onnx_frontend::importOnnxModel(result.context, file, options);
}

} // namespace

TEST_CASE("an unsupported op names the node, op type and opset") {
  ModelDir dir;
  onnx::ModelProto model = baseModel(13);
  addInput(model.mutable_graph(), "x", {2, 2});
  addNode(model.mutable_graph(), "Frobnicate", "frob1", {"x"}, {"y"});
  model.mutable_graph()->add_output()->set_name("y");
  Imported r;
  import(r, dir.write(model));
  CHECK_FALSE(r.module);
  CHECK(r.errors.find("node 'frob1' (Frobnicate, opset 13): unsupported operator 'Frobnicate'") !=
        std::string::npos);
}

TEST_CASE("a supported graph imports with shapes inferred and constants folded") {
  ModelDir dir;
  onnx::ModelProto model = baseModel(13);
  auto *graph = model.mutable_graph();
  addInput(graph, "x", {2, 3});
  auto *init = graph->add_initializer();
  init->set_name("b");
  init->set_data_type(onnx::TensorProto::FLOAT);
  init->add_dims(3);
  for (float v : {1.f, 2.f, 3.f})
    init->add_float_data(v);
  addNode(graph, "Neg", "neg_b", {"b"}, {"nb"});
  addNode(graph, "Add", "add1", {"x", "nb"}, {"y"});
  graph->add_output()->set_name("y");
  Imported r;
  import(r, dir.write(model));
  REQUIRE(r.module);
  auto func = r.module->lookupSymbol<func::FuncOp>("main");
  REQUIRE(func);
  auto resultType = cast<RankedTensorType>(func.getFunctionType().getResult(0));
  CHECK(resultType.getShape() == ArrayRef<int64_t>{2, 3});
  int negs = 0, adds = 0;
  func.walk([&](kiln::NegOp) { ++negs; });
  func.walk([&](kiln::AddOp) { ++adds; });
  CHECK(negs == 0); // folded at import: Neg of an initializer
  CHECK(adds == 1);
}

TEST_CASE("inconsistent shapes are reported at the node") {
  ModelDir dir;
  onnx::ModelProto model = baseModel(13);
  addInput(model.mutable_graph(), "a", {2, 3});
  addInput(model.mutable_graph(), "b", {4});
  addNode(model.mutable_graph(), "Add", "bad_add", {"a", "b"}, {"y"});
  model.mutable_graph()->add_output()->set_name("y");
  Imported r;
  import(r, dir.write(model));
  CHECK_FALSE(r.module);
  CHECK(r.errors.find("node 'bad_add' (Add, opset 13)") != std::string::npos);
}

/// The type of the entry function's first argument, printed.
static std::string firstArgType(Imported &r) {
  std::string text;
  llvm::raw_string_ostream os(text);
  r.module->walk([&](func::FuncOp f) { f.getArgument(0).getType().print(os); });
  return text;
}

TEST_CASE("symbolic input dimensions stay dynamic unless pinned") {
  ModelDir dir;
  onnx::ModelProto model = baseModel(13);
  addInput(model.mutable_graph(), "x", {}, "N");
  addNode(model.mutable_graph(), "Relu", "r", {"x"}, {"y"});
  model.mutable_graph()->add_output()->set_name("y");
  std::string file = dir.write(model);
  Imported r1;
  import(r1, file);
  REQUIRE(r1.module);
  CHECK(firstArgType(r1) == "tensor<?xf32>");

  Imported r2;
  kiln::onnx_frontend::ImportOptions pinned;
  pinned.inputShapes["x"] = {5};
  import(r2, file, pinned);
  REQUIRE(r2.module);
  CHECK(firstArgType(r2) == "tensor<5xf32>");

  Imported r3;
  kiln::onnx_frontend::ImportOptions freed;
  freed.inputShapes["x"] = {5};
  freed.dynamicDims["x"] = {0};
  import(r3, file, freed);
  REQUIRE(r3.module);
  CHECK(firstArgType(r3) == "tensor<?xf32>");

  Imported r4;
  kiln::onnx_frontend::ImportOptions bad;
  bad.dynamicDims["x"] = {3};
  import(r4, file, bad);
  CHECK_FALSE(r4.module);
  CHECK(r4.errors.find("--dynamic-dim x:3 is out of range for rank 1") != std::string::npos);
}

TEST_CASE("garbage and missing files are clear errors") {
  ModelDir dir;
  std::string file = dir.path + "/garbage.onnx";
  std::ofstream(file) << "this is not a protobuf \x01\x02\x03\xff\xff\xff\xff";
  Imported r1;
  import(r1, file);
  CHECK_FALSE(r1.module);
  CHECK(r1.errors.find("not a valid ONNX ModelProto") != std::string::npos);
  Imported r2;
  import(r2, dir.path + "/missing.onnx");
  CHECK_FALSE(r2.module);
  CHECK(r2.errors.find("cannot read model") != std::string::npos);
}

TEST_CASE("a dangling input name is an error, not a crash") {
  ModelDir dir;
  onnx::ModelProto model = baseModel(13);
  addInput(model.mutable_graph(), "x", {2});
  addNode(model.mutable_graph(), "Add", "add_ghost", {"x", "ghost"}, {"y"});
  model.mutable_graph()->add_output()->set_name("y");
  Imported r;
  import(r, dir.write(model));
  CHECK_FALSE(r.module);
  CHECK(r.errors.find("input 'ghost' is not produced") != std::string::npos);
}

namespace {
onnx::ModelProto externalDataModel(const std::string &location) {
  onnx::ModelProto model = baseModel(13);
  auto *graph = model.mutable_graph();
  addInput(graph, "x", {4});
  auto *init = graph->add_initializer();
  init->set_name("w");
  init->set_data_type(onnx::TensorProto::FLOAT);
  init->add_dims(4);
  init->set_data_location(onnx::TensorProto::EXTERNAL);
  auto *entry = init->add_external_data();
  entry->set_key("location");
  entry->set_value(location);
  addNode(graph, "Mul", "scale", {"x", "w"}, {"y"});
  graph->add_output()->set_name("y");
  return model;
}
} // namespace

TEST_CASE("external data loads relative to the model's folder") {
  ModelDir dir;
  float weights[4] = {1.5f, -2.f, 0.25f, 8.f};
  std::ofstream(dir.path + "/weights.bin", std::ios::binary)
      .write(reinterpret_cast<const char *>(weights), sizeof weights);
  Imported r;
  import(r, dir.write(externalDataModel("weights.bin")));
  REQUIRE(r.module);
  std::vector<float> values;
  r.module->walk([&](kiln::ConstantOp c) {
    for (float v : cast<DenseElementsAttr>(c.getValue()).getValues<float>())
      values.push_back(v);
  });
  CHECK(values == std::vector<float>{1.5f, -2.f, 0.25f, 8.f});
}

TEST_CASE("external data may not leave the model's folder") {
  ModelDir dir;
  Imported r1;
  import(r1, dir.write(externalDataModel("../weights.bin")));
  CHECK_FALSE(r1.module);
  CHECK(r1.errors.find("escapes the model's directory") != std::string::npos);
  Imported r2;
  import(r2, dir.write(externalDataModel("/etc/passwd")));
  CHECK_FALSE(r2.module);
  CHECK(r2.errors.find("is absolute") != std::string::npos);
  Imported r3;
  import(r3, dir.write(externalDataModel("absent.bin")));
  CHECK_FALSE(r3.module);
  CHECK(r3.errors.find("cannot read external data") != std::string::npos);
}

TEST_CASE("opsets above 17 are rejected") {
  ModelDir dir;
  onnx::ModelProto model = baseModel(18);
  addInput(model.mutable_graph(), "x", {2});
  addNode(model.mutable_graph(), "Relu", "r", {"x"}, {"y"});
  model.mutable_graph()->add_output()->set_name("y");
  Imported r;
  import(r, dir.write(model));
  CHECK_FALSE(r.module);
  CHECK(r.errors.find("opset 18") != std::string::npos);
}

//===----------------------------------------------------------------------===//
// Shape and indexing ops: run-time shape operands and declared output types
//===----------------------------------------------------------------------===//

namespace {

void addTypedInput(onnx::GraphProto *graph, const std::string &name, std::vector<int64_t> dims,
                   int32_t elemType) {
  addInput(graph, name, dims);
  graph->mutable_input(graph->input_size() - 1)
      ->mutable_type()
      ->mutable_tensor_type()
      ->set_elem_type(elemType);
}

void addDeclaredOutput(onnx::GraphProto *graph, const std::string &name,
                       std::vector<int64_t> dims) {
  auto *output = graph->add_output();
  output->set_name(name);
  auto *tensor = output->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims)
    tensor->mutable_shape()->add_dim()->set_dim_value(d);
}

void addInt64Initializer(onnx::GraphProto *graph, const std::string &name,
                         std::vector<int64_t> values) {
  auto *init = graph->add_initializer();
  init->set_name(name);
  init->set_data_type(onnx::TensorProto::INT64);
  init->add_dims(values.size());
  for (int64_t v : values)
    init->add_int64_data(v);
}

/// Slice of x [20, 10] along axis 1 with run-time starts/ends/steps.
onnx::ModelProto runtimeSliceModel(std::vector<int64_t> declared) {
  onnx::ModelProto model = baseModel(13);
  auto *graph = model.mutable_graph();
  addInput(graph, "x", {20, 10});
  for (const char *name : {"starts", "ends", "steps"})
    addTypedInput(graph, name, {1}, onnx::TensorProto::INT64);
  addInt64Initializer(graph, "axes", {1});
  addNode(graph, "Slice", "slice1", {"x", "starts", "ends", "axes", "steps"}, {"y"});
  addDeclaredOutput(graph, "y", declared);
  return model;
}

} // namespace

TEST_CASE("a run-time slice takes its result shape from the declared output") {
  ModelDir dir;
  Imported r;
  import(r, dir.write(runtimeSliceModel({20, 3})));
  REQUIRE(r.module);
  auto func = r.module->lookupSymbol<func::FuncOp>("main");
  REQUIRE(func);
  auto resultType = cast<RankedTensorType>(func.getFunctionType().getResult(0));
  CHECK(resultType.getShape() == ArrayRef<int64_t>{20, 3});
  int slices = 0;
  func.walk([&](kiln::SliceOp) { ++slices; });
  CHECK(slices == 1);
}

TEST_CASE("a declared output shape that contradicts inference is reported") {
  ModelDir dir;
  Imported r;
  import(r, dir.write(runtimeSliceModel({19, 3})));
  CHECK_FALSE(r.module);
  CHECK(r.errors.find("node 'slice1' (Slice, opset 13): output 0 is declared as "
                      "'tensor<19x3xf32>' but kiln infers 'tensor<20x?xf32>'") !=
        std::string::npos);
}

TEST_CASE("shape computations on static inputs fold into the reshape") {
  ModelDir dir;
  onnx::ModelProto model = baseModel(13);
  auto *graph = model.mutable_graph();
  addInput(graph, "x", {2, 3, 4});
  addInt64Initializer(graph, "last", {-1});
  addInt64Initializer(graph, "zero", {0});
  addInt64Initializer(graph, "big", {1000});
  // y = Reshape(x, Concat(Slice(Shape(x), -1, 1000), [-1])) -> [4, 6].
  addNode(graph, "Shape", "shape1", {"x"}, {"s"});
  addNode(graph, "Slice", "slice1", {"s", "last", "big", "zero"}, {"tail"});
  addNode(graph, "Concat", "concat1", {"tail", "last"}, {"target"})->add_attribute()->CopyFrom(
      [] {
        onnx::AttributeProto a;
        a.set_name("axis");
        a.set_type(onnx::AttributeProto::INT);
        a.set_i(0);
        return a;
      }());
  addNode(graph, "Reshape", "reshape1", {"x", "target"}, {"y"});
  graph->add_output()->set_name("y");
  Imported r;
  import(r, dir.write(model));
  REQUIRE(r.module);
  auto func = r.module->lookupSymbol<func::FuncOp>("main");
  REQUIRE(func);
  auto resultType = cast<RankedTensorType>(func.getFunctionType().getResult(0));
  CHECK(resultType.getShape() == ArrayRef<int64_t>{4, 6});
  int indexingOps = 0;
  func.walk([&](Operation *op) {
    if (isa<kiln::ShapeOp, kiln::SliceOp>(op))
      ++indexingOps;
  });
  CHECK(indexingOps == 0);
}

TEST_CASE("a run-time reshape target without a declared output is an error") {
  ModelDir dir;
  onnx::ModelProto model = baseModel(13);
  auto *graph = model.mutable_graph();
  addInput(graph, "x", {2, 3});
  addTypedInput(graph, "shape", {2}, onnx::TensorProto::INT64);
  addNode(graph, "Reshape", "reshape1", {"x", "shape"}, {"y"});
  graph->add_output()->set_name("y");
  Imported r;
  import(r, dir.write(model));
  CHECK_FALSE(r.module);
  CHECK(r.errors.find("shape (input 1) must be a constant integer tensor") != std::string::npos);
}
