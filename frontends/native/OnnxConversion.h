//===- OnnxConversion.h - kiln.graph <-> ONNX ModelProto --------*- C++ -*-===//
//
// kiln.graph nodes are ONNX operators, so both directions are a change of
// container: values, tensors, dtypes, dims and metadata are translated; node
// op types and attributes carry over unchanged.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_NATIVE_ONNXCONVERSION_H
#define KILN_FRONTENDS_NATIVE_ONNXCONVERSION_H

#include "frontends/native/NativeFormat.h"

#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

namespace mlir::kiln::native_frontend {

/// ONNX TensorProto data type of a kiln.graph dtype (0 when none).
int32_t toOnnxDataType(int dtype);
/// kiln.graph dtype of an ONNX TensorProto data type (DTYPE_UNSPECIFIED when
/// kiln.graph has none).
kgraph::DataType fromOnnxDataType(int32_t onnxType);

/// Translates a model that passed validateModel; `order` is the topological
/// node order it produced (ONNX requires nodes in that order). Tensors are
/// written as raw_data.
onnx::ModelProto nativeToOnnx(const kgraph::Model &model,
                              const std::vector<int> &order);

/// Translates an ONNX model. Fails, with one message per problem in
/// `errors`, on what kiln.graph cannot hold: subgraph or sparse attributes,
/// non-default operator domains, non-tensor or string values, external data.
/// Graph inputs that are also initializers (pre-IR-4 style) become plain
/// initializers; ONNX dims with neither value nor name get a fresh symbol.
bool onnxToNative(const onnx::ModelProto &onnxModel, kgraph::Model &model,
                  std::vector<std::string> &errors);

} // namespace mlir::kiln::native_frontend

#endif // KILN_FRONTENDS_NATIVE_ONNXCONVERSION_H
