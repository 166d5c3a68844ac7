//===- NativeImporter.cpp - kiln.graph model to kiln IR -------------------===//
//
// A checked kiln.graph model is translated to an in-memory ONNX ModelProto
// and converted by the ONNX importer: the node semantics are ONNX's, so both
// formats share one path into the kiln dialect.
//
//===----------------------------------------------------------------------===//
#include "frontends/native/NativeImporter.h"

#include "frontends/native/NativeFormat.h"
#include "frontends/native/OnnxConversion.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace mlir::kiln::native_frontend;

static void emitProblems(MLIRContext &context, const Problems &problems) {
  for (const Problem &problem : problems)
    mlir::emitError(FileLineColLoc::get(&context, problem.file, problem.line,
                                        problem.column))
        << problem.message;
}

OwningOpRef<ModuleOp>
mlir::kiln::native_frontend::importNativeModel(MLIRContext &context,
                                               llvm::StringRef path,
                                               const onnx_frontend::ImportOptions &options) {
  kgraph::Model model;
  SourceMap sourceMap;
  Problems problems;
  std::vector<int> order;
  if (!readModel(path.str(), model, problems, &sourceMap) ||
      !validateModel(model, path.str(), problems, &sourceMap, &order)) {
    emitProblems(context, problems);
    return nullptr;
  }
  onnx::ModelProto onnxModel = nativeToOnnx(model, order);
  // Unnamed nodes are called "#index" (their place in the file), as in the
  // checks above, so that importer errors point at them too.
  for (size_t i = 0; i < order.size(); ++i) {
    onnx::NodeProto *node = onnxModel.mutable_graph()->mutable_node(i);
    if (node->name().empty())
      node->set_name("#" + std::to_string(order[i]));
  }

  // The ONNX importer names nodes but knows no lines: re-emit its node
  // diagnostics at the node's line in a text-form model.
  llvm::StringMap<std::pair<int, int>> nodeLines;
  for (size_t i = 0; i < order.size(); ++i) {
    std::pair<int, int> at = sourceMap.locate(Section::Node, order[i]);
    if (at.first > 0)
      nodeLines.try_emplace(onnxModel.graph().node(i).name(), at);
  }
  bool reemitting = false;
  ScopedDiagnosticHandler relocate(&context, [&](Diagnostic &diag) -> LogicalResult {
    auto named = dyn_cast<NameLoc>(diag.getLocation());
    if (reemitting || !named)
      return failure(); // not ours to move: the next handler prints it
    auto it = nodeLines.find(named.getName().getValue());
    if (it == nodeLines.end())
      return failure();
    Location at = NameLoc::get(named.getName(),
                               FileLineColLoc::get(&context, path, it->second.first,
                                                   it->second.second));
    reemitting = true;
    context.getDiagEngine().emit(at, diag.getSeverity()) << diag.str();
    reemitting = false;
    return success();
  });
  return onnx_frontend::importOnnxModelProto(context, onnxModel, path, options);
}
