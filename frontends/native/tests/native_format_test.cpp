//===- native_format_test.cpp - kiln.graph builder, round trips, import ---===//
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "frontends/native/GraphBuilder.h"
#include "frontends/native/NativeFormat.h"
#include "frontends/native/NativeImporter.h"
#include "frontends/native/OnnxConversion.h"

#include "dialects/kiln/KilnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <google/protobuf/util/message_differencer.h>
#include <onnx/onnx_pb.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <sys/stat.h>

using namespace mlir::kiln::native_frontend;
using google::protobuf::util::MessageDifferencer;

namespace {

std::string tempDir() {
  const char *base = std::getenv("TEST_TMPDIR");
  std::string tmpl = std::string(base ? base : "/tmp") + "/native_format_XXXXXX";
  return mkdtemp(tmpl.data());
}

std::string joined(const Problems &problems) {
  std::string out;
  for (const Problem &p : problems)
    out += p.str() + "\n";
  return out;
}

onnx::ModelProto readOnnx(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  onnx::ModelProto model;
  REQUIRE(model.ParseFromIstream(&in));
  return model;
}

/// The elements of an ONNX tensor as packed little-endian bytes, decoded
/// independently of the code under test.
std::string onnxBytes(const onnx::TensorProto &t) {
  if (t.has_raw_data())
    return t.raw_data();
  std::string out;
  auto put = [&](const void *p, size_t n) { out.append(static_cast<const char *>(p), n); };
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    for (float v : t.float_data()) put(&v, 4);
    break;
  case onnx::TensorProto::DOUBLE:
    for (double v : t.double_data()) put(&v, 8);
    break;
  case onnx::TensorProto::INT64:
    for (int64_t v : t.int64_data()) put(&v, 8);
    break;
  case onnx::TensorProto::UINT64:
    for (uint64_t v : t.uint64_data()) put(&v, 8);
    break;
  case onnx::TensorProto::UINT32:
    for (uint64_t v : t.uint64_data()) put(&v, 4);
    break;
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    for (int32_t v : t.int32_data()) put(&v, 2);
    break;
  case onnx::TensorProto::INT32:
    for (int32_t v : t.int32_data()) put(&v, 4);
    break;
  default: // INT8, UINT8, BOOL
    for (int32_t v : t.int32_data()) put(&v, 1);
  }
  return out;
}

void checkSameTensor(const onnx::TensorProto &a, const onnx::TensorProto &b) {
  INFO("tensor " << a.name());
  CHECK(a.name() == b.name());
  CHECK(a.data_type() == b.data_type());
  CHECK(std::vector<int64_t>(a.dims().begin(), a.dims().end()) ==
        std::vector<int64_t>(b.dims().begin(), b.dims().end()));
  CHECK(onnxBytes(a) == onnxBytes(b));
}

void checkSameValueInfo(const onnx::ValueInfoProto &a, const onnx::ValueInfoProto &b) {
  INFO("value " << a.name());
  CHECK(a.name() == b.name());
  const auto &ta = a.type().tensor_type(), &tb = b.type().tensor_type();
  CHECK(ta.elem_type() == tb.elem_type());
  REQUIRE(ta.shape().dim_size() == tb.shape().dim_size());
  for (int i = 0; i < ta.shape().dim_size(); ++i) {
    CHECK(ta.shape().dim(i).dim_value() == tb.shape().dim(i).dim_value());
    CHECK(ta.shape().dim(i).dim_param() == tb.shape().dim(i).dim_param());
  }
}

/// Graph structure equality: values, nodes, attributes and tensor contents
/// (not how ONNX happened to store the tensor bytes).
void checkSameGraph(const onnx::ModelProto &a, const onnx::ModelProto &b) {
  const onnx::GraphProto &ga = a.graph(), &gb = b.graph();
  CHECK(ga.name() == gb.name());
  REQUIRE(ga.input_size() == gb.input_size());
  for (int i = 0; i < ga.input_size(); ++i)
    checkSameValueInfo(ga.input(i), gb.input(i));
  REQUIRE(ga.output_size() == gb.output_size());
  for (int i = 0; i < ga.output_size(); ++i)
    checkSameValueInfo(ga.output(i), gb.output(i));
  REQUIRE(ga.initializer_size() == gb.initializer_size());
  for (int i = 0; i < ga.initializer_size(); ++i)
    checkSameTensor(ga.initializer(i), gb.initializer(i));
  REQUIRE(ga.node_size() == gb.node_size());
  for (int i = 0; i < ga.node_size(); ++i) {
    const onnx::NodeProto &na = ga.node(i), &nb = gb.node(i);
    INFO("node " << na.name());
    CHECK(na.name() == nb.name());
    CHECK(na.op_type() == nb.op_type());
    CHECK(std::vector<std::string>(na.input().begin(), na.input().end()) ==
          std::vector<std::string>(nb.input().begin(), nb.input().end()));
    CHECK(std::vector<std::string>(na.output().begin(), na.output().end()) ==
          std::vector<std::string>(nb.output().begin(), nb.output().end()));
    REQUIRE(na.attribute_size() == nb.attribute_size());
    for (int k = 0; k < na.attribute_size(); ++k) {
      onnx::AttributeProto x = na.attribute(k), y = nb.attribute(k);
      INFO("attribute " << x.name());
      if (x.has_t()) {
        checkSameTensor(x.t(), y.t());
        x.clear_t();
        y.clear_t();
      }
      CHECK(MessageDifferencer::Equals(x, y));
    }
  }
  int64_t opsetA = 0, opsetB = 0;
  for (const auto &o : a.opset_import()) if (o.domain().empty()) opsetA = o.version();
  for (const auto &o : b.opset_import()) if (o.domain().empty()) opsetB = o.version();
  CHECK(opsetA == opsetB);
  REQUIRE(a.metadata_props_size() == b.metadata_props_size());
  for (int i = 0; i < a.metadata_props_size(); ++i)
    CHECK(MessageDifferencer::Equals(a.metadata_props(i), b.metadata_props(i)));
}

/// ONNX -> kiln.graph (through a file in `form`) -> ONNX.
onnx::ModelProto roundTrip(const onnx::ModelProto &original, const std::string &file) {
  kgraph::Model native;
  std::vector<std::string> errors;
  REQUIRE(onnxToNative(original, native, errors));
  std::string error;
  REQUIRE(writeModel(native, file, error));
  kgraph::Model reread;
  Problems problems;
  std::vector<int> order;
  REQUIRE(readModel(file, reread, problems));
  INFO(joined(problems));
  REQUIRE(validateModel(reread, file, problems, nullptr, &order));
  CHECK(MessageDifferencer::Equals(native, reread));
  return nativeToOnnx(reread, order);
}

onnx::AttributeProto *addAttr(onnx::NodeProto *node, const std::string &name,
                              onnx::AttributeProto::AttributeType type) {
  onnx::AttributeProto *a = node->add_attribute();
  a->set_name(name);
  a->set_type(type);
  return a;
}

/// An ONNX model with every attribute kind and every way ONNX stores tensor
/// data; it need not be computable, only well-formed.
onnx::ModelProto everyKindModel() {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.add_opset_import()->set_version(13);
  auto *prop = m.add_metadata_props();
  prop->set_key("author");
  prop->set_value("test");
  onnx::GraphProto *g = m.mutable_graph();
  g->set_name("kinds");
  onnx::ValueInfoProto *x = g->add_input();
  x->set_name("x");
  auto *tt = x->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(onnx::TensorProto::FLOAT);
  tt->mutable_shape()->add_dim()->set_dim_param("batch");
  tt->mutable_shape()->add_dim()->set_dim_value(4);
  auto addInit = [&](const std::string &name, int type, std::vector<int64_t> dims) {
    onnx::TensorProto *t = g->add_initializer();
    t->set_name(name);
    t->set_data_type(type);
    for (int64_t d : dims) t->add_dims(d);
    return t;
  };
  auto *i8 = addInit("i8", onnx::TensorProto::INT8, {3});
  for (int v : {-128, 0, 127}) i8->add_int32_data(v);
  auto *f16 = addInit("f16", onnx::TensorProto::FLOAT16, {2});
  for (int v : {0x3c00, 0xc000}) f16->add_int32_data(v); // 1.0, -2.0
  auto *bf16 = addInit("bf16", onnx::TensorProto::BFLOAT16, {1});
  bf16->add_int32_data(0x3fc0); // 1.5
  auto *i64 = addInit("i64", onnx::TensorProto::INT64, {2});
  i64->add_int64_data(-5);
  i64->add_int64_data(int64_t(1) << 40);
  auto *u64 = addInit("u64", onnx::TensorProto::UINT64, {1});
  u64->add_uint64_data(~uint64_t(0)); // beyond int64: kept as raw_data
  auto *u32 = addInit("u32", onnx::TensorProto::UINT32, {1});
  u32->add_uint64_data(4000000000u);
  auto *b = addInit("b", onnx::TensorProto::BOOL, {2, 1});
  b->add_int32_data(1);
  b->add_int32_data(0);
  auto *d = addInit("d", onnx::TensorProto::DOUBLE, {});
  d->add_double_data(0.1);
  auto *raw = addInit("raw", onnx::TensorProto::FLOAT, {2});
  float rawValues[] = {1.25f, -3.5f};
  raw->set_raw_data(std::string(reinterpret_cast<char *>(rawValues), 8));
  addInit("empty", onnx::TensorProto::FLOAT, {0, 3});

  onnx::NodeProto *n = g->add_node();
  n->set_name("every_attr");
  n->set_op_type("Custom");
  n->add_input("x");
  n->add_input("");
  n->add_input("i8");
  n->add_output("y");
  n->add_output("");
  addAttr(n, "i", onnx::AttributeProto::INT)->set_i(-7);
  addAttr(n, "f", onnx::AttributeProto::FLOAT)->set_f(0.25f);
  addAttr(n, "s", onnx::AttributeProto::STRING)->set_s("constant");
  auto *t = addAttr(n, "t", onnx::AttributeProto::TENSOR)->mutable_t();
  t->set_data_type(onnx::TensorProto::INT32);
  t->add_dims(2);
  t->add_int32_data(3);
  t->add_int32_data(-4);
  auto *ints = addAttr(n, "ints", onnx::AttributeProto::INTS);
  ints->add_ints(1);
  ints->add_ints(-2);
  addAttr(n, "empty_ints", onnx::AttributeProto::INTS);
  auto *floats = addAttr(n, "floats", onnx::AttributeProto::FLOATS);
  floats->add_floats(0.5f);
  auto *strings = addAttr(n, "strings", onnx::AttributeProto::STRINGS);
  strings->add_strings("a");
  strings->add_strings("b");
  onnx::NodeProto *relu = g->add_node();
  relu->set_op_type("Relu"); // unnamed
  relu->add_input("y");
  relu->add_output("z");
  g->add_output()->set_name("z");
  return m;
}

} // namespace

TEST_CASE("ONNX -> kiln.graph -> ONNX keeps the graph of a real CNN") {
  onnx::ModelProto original = readOnnx("tests/models/small_cnn.onnx");
  std::string dir = tempDir();
  SECTION("binary form") { checkSameGraph(original, roundTrip(original, dir + "/cnn.kgraph")); }
  SECTION("text form") { checkSameGraph(original, roundTrip(original, dir + "/cnn.kgraph.txt")); }
}

TEST_CASE("ONNX -> kiln.graph -> ONNX keeps every attribute kind and dtype") {
  onnx::ModelProto original = everyKindModel();
  std::string dir = tempDir();
  checkSameGraph(original, roundTrip(original, dir + "/kinds.kgraph.txt"));
  checkSameGraph(original, roundTrip(original, dir + "/kinds.kgraph"));

  kgraph::Model native;
  std::vector<std::string> errors;
  REQUIRE(onnxToNative(original, native, errors));
  const kgraph::Graph &g = native.graph();
  // Readable payloads: 16-bit floats as floats, integers as int_data.
  CHECK(g.initializers(1).float_data(0) == 1.0f);
  CHECK(g.initializers(1).float_data(1) == -2.0f);
  CHECK(g.initializers(2).float_data(0) == 1.5f);
  CHECK(g.initializers(0).int_data(0) == -128);
  CHECK(g.initializers(4).raw_data().size() == 8);
  CHECK(g.inputs(0).shape().dims(0).symbol() == "batch");
  CHECK(g.nodes(0).attributes(5).name() == "empty_ints");
  CHECK(g.nodes(0).attributes(5).has_ints());
}

TEST_CASE("kiln.graph -> ONNX -> kiln.graph is the identity on the hand-written MLP") {
  kgraph::Model model;
  Problems problems;
  std::vector<int> order;
  REQUIRE(readModel("tests/models/mlp.kgraph.txt", model, problems));
  REQUIRE(validateModel(model, "mlp", problems, nullptr, &order));
  kgraph::Model back;
  std::vector<std::string> errors;
  REQUIRE(onnxToNative(nativeToOnnx(model, order), back, errors));
  std::string diff;
  MessageDifferencer differ;
  differ.ReportDifferencesToString(&diff);
  CHECK(differ.Compare(model, back));
  INFO(diff);
}

TEST_CASE("ONNX features kiln.graph cannot hold are refused by name") {
  onnx::ModelProto m = everyKindModel();
  auto *g = addAttr(m.mutable_graph()->mutable_node(0), "then_branch",
                    onnx::AttributeProto::GRAPH);
  g->mutable_g()->set_name("sub");
  m.mutable_graph()->mutable_node(1)->set_domain("com.example");
  m.mutable_graph()->mutable_initializer(0)->set_data_location(onnx::TensorProto::EXTERNAL);
  kgraph::Model native;
  std::vector<std::string> errors;
  CHECK_FALSE(onnxToNative(m, native, errors));
  std::string all;
  for (const std::string &e : errors)
    all += e + "\n";
  CHECK_THAT(all, Catch::Contains("node 'every_attr' (Custom): attribute 'then_branch' is a subgraph"));
  CHECK_THAT(all, Catch::Contains("node #1 (Relu) is in operator domain 'com.example'"));
  CHECK_THAT(all, Catch::Contains("initializer 'i8' keeps its data in an external file"));
}

TEST_CASE("the builder API writes models that validate and read back") {
  GraphBuilder b("tiny", 17);
  b.addMetadata("purpose", "test");
  std::string x = b.addInput("x", kgraph::FLOAT32, {"batch", 4});
  std::string w = b.addInitializer("w", {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  std::string axes = b.addInitializer("axes", kgraph::INT64, {1}, {1});
  NodeBuilder mm = b.addNode("MatMul", {x, w});
  CHECK(mm.name() == "MatMul_0");
  CHECK(mm.output() == "MatMul_0");
  std::string r = b.addNode("LeakyRelu", {mm.output()}).floatAttr("alpha", 0.1f).output();
  b.addNode("ReduceSum", {r, axes}, {"sum"}, "reduce").intAttr("keepdims", 0);
  b.addNode("Transpose", {r}, {"t"}).intsAttr("perm", {1, 0});
  b.addNode("Pad", {r}, {"p"}).stringAttr("mode", "reflect");
  b.addOutput("sum", kgraph::FLOAT32);
  b.addOutput("t");

  Problems problems;
  REQUIRE(b.validate(problems));
  INFO(joined(problems));
  const kgraph::Model &model = b.model();
  CHECK(model.format_version() == kFormatVersion);
  CHECK(model.graph().nodes(2).name() == "reduce");
  CHECK(model.graph().nodes(2).attributes(0).i() == 0);
  CHECK(model.graph().nodes(3).attributes(0).ints().values_size() == 2);

  kgraph::Model fromBinary, fromText;
  REQUIRE(fromBinary.ParseFromString(b.serialize()));
  CHECK(MessageDifferencer::Equals(model, fromBinary));
  REQUIRE(parseModelText(b.toText(), "builder.kgraph.txt", fromText, problems));
  CHECK(MessageDifferencer::Equals(model, fromText));

  std::string dir = tempDir(), error;
  for (const char *name : {"/b.kgraph", "/b.kgraph.txt"}) {
    REQUIRE(b.write(dir + name, error));
    kgraph::Model reread;
    REQUIRE(readModel(dir + name, reread, problems));
    CHECK(MessageDifferencer::Equals(model, reread));
  }
}

TEST_CASE("builder mistakes surface in validate, naming the node") {
  GraphBuilder b("broken");
  b.addInput("x", kgraph::FLOAT32, {2});
  b.addNode("Relu", {"typo"}, {"y"}, "act");
  b.addInitializer("w", {3}, {1, 2});
  b.addOutput("y");
  Problems problems;
  CHECK_FALSE(b.validate(problems, "built.kgraph"));
  std::string all = joined(problems);
  CHECK_THAT(all, Catch::Contains("built.kgraph: error: node 'act' (Relu): input 'typo' is "
                                  "not a graph input, initializer or node output"));
  CHECK_THAT(all, Catch::Contains("initializer 'w' float_data holds 2 values but dims [3] need 3"));
}

//===----------------------------------------------------------------------===//
// Import into kiln IR
//===----------------------------------------------------------------------===//

namespace {
struct Imported {
  mlir::MLIRContext context;
  std::string diagnostics;
  mlir::OwningOpRef<mlir::ModuleOp> module;

  Imported(const std::string &path, mlir::kiln::onnx_frontend::ImportOptions options = {}) {
    mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
      std::string where;
      diag.getLocation()->walk([&](mlir::Location loc) {
        if (auto f = mlir::dyn_cast<mlir::FileLineColLoc>(loc); f && where.empty())
          where = f.getFilename().str() + ":" + std::to_string(f.getLine());
        return mlir::WalkResult::advance();
      });
      diagnostics += where + ": " + diag.str() + "\n";
      return mlir::success();
    });
    module = importNativeModel(context, path, options);
  }
};

std::string writeText(const std::string &text, const std::string &name) {
  std::string path = tempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

const char *kSymbolicModel = R"(format_version: 1
opset_version: 17
graph {
  inputs { name: "x" dtype: FLOAT32 shape { dims { symbol: "n" } dims { size: 3 } } }
  nodes { name: "neg" op_type: "Neg" inputs: "x" outputs: "y" }
  outputs { name: "y" }
}
)";
} // namespace

TEST_CASE("the hand-written MLP imports to kiln ops") {
  Imported imported("tests/models/mlp.kgraph.txt");
  INFO(imported.diagnostics);
  REQUIRE(imported.module);
  auto func = imported.module->lookupSymbol<mlir::func::FuncOp>("main");
  REQUIRE(func);
  CHECK(func.getFunctionType().getNumInputs() == 1);
  CHECK(func.getFunctionType().getNumResults() == 1);
  int matmuls = 0, relus = 0;
  func.walk([&](mlir::Operation *op) {
    matmuls += op->getName().getStringRef() == "kiln.matmul";
    relus += op->getName().getStringRef() == "kiln.relu";
  });
  CHECK(matmuls == 2);
  CHECK(relus == 1);
}

TEST_CASE("symbolic dims are named and pinned like ONNX dim_params") {
  std::string path = writeText(kSymbolicModel, "sym.kgraph.txt");
  {
    // Unpinned symbolic dims stay dynamic.
    Imported unpinned(path);
    REQUIRE(unpinned.module);
    bool dynamic = false;
    unpinned.module->walk([&](mlir::func::FuncOp f) {
      auto t = mlir::cast<mlir::RankedTensorType>(f.getArgument(0).getType());
      dynamic = t.isDynamicDim(0);
    });
    CHECK(dynamic);
  }
  mlir::kiln::onnx_frontend::ImportOptions options;
  options.inputShapes["x"] = {5, 3};
  Imported pinned(path, options);
  INFO(pinned.diagnostics);
  REQUIRE(pinned.module);
}

TEST_CASE("import errors name the file, the line of the node and the node") {
  std::string text = kSymbolicModel;
  text.replace(text.find("\"Neg\""), 5, "\"Frobnicate\"");
  std::string path = writeText(text, "bad_op.kgraph.txt");
  mlir::kiln::onnx_frontend::ImportOptions options;
  options.inputShapes["x"] = {5, 3};
  Imported imported(path, options);
  CHECK_FALSE(imported.module);
  CHECK_THAT(imported.diagnostics,
             Catch::Contains("bad_op.kgraph.txt:5: node 'neg' (Frobnicate, opset 17): "
                             "unsupported operator 'Frobnicate'"));

  std::string cyclic = kSymbolicModel;
  cyclic.replace(cyclic.find("inputs: \"x\""), 11, "inputs: \"y\"");
  Imported cycle(writeText(cyclic, "cycle.kgraph.txt"));
  CHECK_FALSE(cycle.module);
  CHECK_THAT(cycle.diagnostics,
             Catch::Contains("cycle.kgraph.txt:5: nodes form a cycle: node 'neg' (Neg) -> "
                             "node 'neg' (Neg)"));
}

TEST_CASE("corrupted binary models are refused or imported, never crash") {
  kgraph::Model model;
  Problems problems;
  REQUIRE(readModel("tests/models/mlp.kgraph.txt", model, problems));
  std::string bytes;
  REQUIRE(model.SerializeToString(&bytes));
  std::string path = tempDir() + "/mutant.kgraph";
  std::mt19937 rng(1234);
  int parsed = 0, valid = 0, imported = 0;
  for (int round = 0; round < 300; ++round) {
    std::string mutant = bytes;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f)
      mutant[rng() % mutant.size()] = static_cast<char>(rng() & 0xff);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << mutant;
    kgraph::Model m;
    Problems p;
    if (!readModel(path, m, p)) {
      CHECK(!p.empty());
      continue;
    }
    ++parsed;
    std::vector<int> order;
    if (!validateModel(m, path, p, nullptr, &order)) {
      CHECK(!p.empty());
      continue;
    }
    ++valid;
    Imported result(path);
    if (result.module)
      ++imported;
    else
      CHECK(!result.diagnostics.empty());
  }
  // The mutations exercise all three stages.
  CHECK(parsed > 0);
  CHECK(valid > 0);
  CHECK(imported > 0);
}
