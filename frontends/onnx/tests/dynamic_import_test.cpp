//===- dynamic_import_test.cpp - importing with dynamic input dims --------===//
//
// Shape computations over a tensor with a dynamic dim no longer fold to
// constants; consumers use the entries known at compile time.
//
//===----------------------------------------------------------------------===//
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

using namespace mlir;

namespace {

std::string writeModel(const onnx::ModelProto &model) {
  const char *base = std::getenv("TEST_TMPDIR");
  std::string tmpl = std::string(base ? base : "/tmp") + "/dynamic_import_XXXXXX";
  std::string file = std::string(mkdtemp(tmpl.data())) + "/model.onnx";
  std::ofstream out(file, std::ios::binary);
  model.SerializeToOstream(&out);
  return file;
}

void addInput(onnx::GraphProto *graph, const std::string &name, std::vector<int64_t> dims,
              int elemType = onnx::TensorProto::FLOAT) {
  auto *tensor = graph->add_input()->mutable_type()->mutable_tensor_type();
  graph->mutable_input(graph->input_size() - 1)->set_name(name);
  tensor->set_elem_type(elemType);
  for (int64_t d : dims)
    tensor->mutable_shape()->add_dim()->set_dim_value(d);
}

void addNode(onnx::GraphProto *graph, const std::string &op, std::vector<std::string> inputs,
             std::vector<std::string> outputs) {
  auto *node = graph->add_node();
  node->set_op_type(op);
  for (auto &i : inputs)
    node->add_input(i);
  for (auto &o : outputs)
    node->add_output(o);
}

struct Imported {
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  std::string errors;
};

/// Imports with the first dim of every input dynamic.
void importDynamic(Imported &result, const onnx::ModelProto &model) {
  ScopedDiagnosticHandler handler(&result.context, [&](Diagnostic &d) {
    result.errors += d.str() + "\n";
    return success();
  });
  kiln::onnx_frontend::ImportOptions options;
  options.dynamicDims["*"] = {0};
  result.module = kiln::onnx_frontend::importOnnxModel(result.context, writeModel(model), options);
}

onnx::ModelProto reshapeToShapeOf(std::vector<int64_t> xDims) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(13);
  auto *graph = model.mutable_graph();
  graph->set_name("g");
  addInput(graph, "t", {3, 5, 1});
  addInput(graph, "x", xDims);
  addNode(graph, "Shape", {"x"}, {"s"});
  addNode(graph, "Reshape", {"t", "s"}, {"y"});
  graph->add_output()->set_name("y");
  return model;
}

} // namespace

TEST_CASE("Reshape to the shape of a tensor with one dynamic dim infers that dim") {
  Imported r;
  importDynamic(r, reshapeToShapeOf({3, 5}));
  REQUIRE(r.module);
  SmallVector<int64_t> target;
  r.module->walk([&](kiln::ReshapeOp op) { target.assign(op.getShape().begin(), op.getShape().end()); });
  CHECK(target == SmallVector<int64_t>{-1, 5});
  auto func = r.module->lookupSymbol<func::FuncOp>("main");
  REQUIRE(func);
  CHECK(cast<RankedTensorType>(func.getFunctionType().getResult(0)).getShape() ==
        ArrayRef<int64_t>{ShapedType::kDynamic, 5});
}

TEST_CASE("Reshape to a run-time shape with two unknown entries is a clear error") {
  // x is ?x?: the first dim is made dynamic and the second is symbolic.
  onnx::ModelProto model = reshapeToShapeOf({3, 5});
  auto *dim = model.mutable_graph()->mutable_input(1)->mutable_type()->mutable_tensor_type()
                  ->mutable_shape()->mutable_dim(1);
  dim->set_dim_param("n");
  Imported r;
  importDynamic(r, model);
  CHECK_FALSE(r.module);
  CHECK(r.errors.find("shape (input 1) must be a constant") != std::string::npos);
}
