//===- ConvertNN.h - helpers shared by the NN converters --------*- C++ -*-===//
//
// Internal to frontends/onnx: pieces of Conv import that the quantized
// convolutions (ConvInteger, QLinearConv) reuse.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_ONNX_CONVERTNN_H
#define KILN_FRONTENDS_ONNX_CONVERTNN_H

#include "frontends/onnx/GraphImporter.h"

namespace mlir::kiln::onnx_frontend {

/// kiln.conv of `x` and `w` (and optional `bias`) with the node's window
/// attributes (kernel_shape, strides, pads, dilations, auto_pad, group).
FailureOr<Value> buildConvFromNode(NodeContext &node, Value x, Value w, Value bias);

} // namespace mlir::kiln::onnx_frontend

#endif // KILN_FRONTENDS_ONNX_CONVERTNN_H
