// RUN: kiln-opt %s -split-input-file -kiln-infer-shapes | FileCheck %s

// Shape inference of the neural-network op family from unranked results.

// CHECK-LABEL: func.func @selection
// CHECK-SAME: -> (tensor<?x1xi64>, tensor<4xi64>, tensor<?x4xf32>)
// CHECK: kiln.arg_reduce {{.*}} -> tensor<?x1xi64>
// CHECK: kiln.arg_reduce {{.*}} -> tensor<4xi64>
// CHECK: kiln.einsum {{.*}} -> tensor<?x4xf32>
func.func @selection(%x: tensor<?x4xf32>, %w: tensor<4x4xf32>) -> (tensor<*xi64>, tensor<*xi64>, tensor<*xf32>) {
  %0 = kiln.arg_reduce %x {axis = 1 : i64, keepdims = true, kind = "max", select_last_index = false} : tensor<?x4xf32> -> tensor<*xi64>
  %1 = kiln.arg_reduce %x {axis = 0 : i64, keepdims = false, kind = "min", select_last_index = false} : tensor<?x4xf32> -> tensor<*xi64>
  %2 = kiln.einsum %x, %w {equation = "bi,ij->bj"} : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xi64>, tensor<*xi64>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @losses
// CHECK-SAME: -> (tensor<f32>, tensor<3x2xf32>)
func.func @losses(%x: tensor<3x5x2xf32>, %t: tensor<3x2xi64>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0 = kiln.nll_loss %x, %t {reduction = "mean"} : (tensor<3x5x2xf32>, tensor<3x2xi64>) -> tensor<*xf32>
  %1 = kiln.nll_loss %x, %t {reduction = "none"} : (tensor<3x5x2xf32>, tensor<3x2xi64>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// Output size: strides * (in - 1) + output_padding + (k - 1) * dilations + 1 - pads.
// CHECK-LABEL: func.func @conv_transpose
// CHECK-SAME: -> tensor<2x6x10x8xf32>
func.func @conv_transpose(%x: tensor<2x4x3x3xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  %0 = kiln.conv_transpose %x, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, output_padding = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 3, 2>} : (tensor<2x4x3x3xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @quantization
// CHECK-SAME: -> (tensor<?x3xui8>, tensor<?x3xf32>, tensor<?x3xi32>)
func.func @quantization(%x: tensor<?x3xf32>, %s: tensor<f32>, %zp: tensor<ui8>) -> (tensor<*xui8>, tensor<*xf32>, tensor<*xi32>) {
  %0 = kiln.quantize %x, %s, %zp {axis = 0 : i64} : (tensor<?x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<*xui8>
  %1 = kiln.dequantize %0, %s, %zp {axis = 0 : i64} : (tensor<*xui8>, tensor<f32>, tensor<ui8>) -> tensor<*xf32>
  %2 = kiln.sub_zero_point %0, %zp {axis = 0 : i64} : (tensor<*xui8>, tensor<ui8>) -> tensor<*xi32>
  return %0, %1, %2 : tensor<*xui8>, tensor<*xf32>, tensor<*xi32>
}

// -----

// CHECK-LABEL: func.func @pooling_extras
// CHECK-SAME: -> tensor<1x1x3x3xi64>
func.func @pooling_extras(%x: tensor<1x1x5x5xf32>) -> tensor<*xi64> {
  %0 = kiln.max_pool_indices %x {ceil_mode = true, column_major = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<*xi64>
  return %0 : tensor<*xi64>
}
