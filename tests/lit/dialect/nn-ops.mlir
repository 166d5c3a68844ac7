// RUN: kiln-opt %s -split-input-file | kiln-opt -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file -mlir-print-op-generic | kiln-opt -split-input-file | FileCheck %s

// Round trip of the neural-network op family (KilnNNOps.td) through the
// custom assembly format, and through the generic form back to the custom one.

// CHECK-LABEL: func.func @arg_reduce_hardmax
func.func @arg_reduce_hardmax(%x: tensor<2x3xf32>) -> (tensor<2x1xi64>, tensor<3xi64>, tensor<2x3xf32>) {
  // CHECK: kiln.arg_reduce %{{.*}} {axis = 1 : i64, keepdims = true, kind = "max", select_last_index = false} : tensor<2x3xf32> -> tensor<2x1xi64>
  %0 = kiln.arg_reduce %x {axis = 1 : i64, keepdims = true, kind = "max", select_last_index = false} : tensor<2x3xf32> -> tensor<2x1xi64>
  // CHECK: kiln.arg_reduce %{{.*}} {axis = 0 : i64, keepdims = false, kind = "min", select_last_index = true} : tensor<2x3xf32> -> tensor<3xi64>
  %1 = kiln.arg_reduce %x {axis = 0 : i64, keepdims = false, kind = "min", select_last_index = true} : tensor<2x3xf32> -> tensor<3xi64>
  // CHECK: kiln.hardmax %{{.*}} {axis = 1 : i64} : tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = kiln.hardmax %x {axis = 1 : i64} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x1xi64>, tensor<3xi64>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @layer_norm
func.func @layer_norm(%x: tensor<2x4x8xf32>, %s: tensor<8xf32>, %b: tensor<4x8xf32>) -> (tensor<2x4x8xf32>, tensor<2x4x8xf32>) {
  // CHECK: kiln.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<2x4x8xf32>, tensor<8xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>
  %0 = kiln.layer_norm %x, %s, %b {axis = 1 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x4x8xf32>, tensor<8xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>
  // CHECK: kiln.layer_norm %{{.*}}, %{{.*}} {axis = 2 : i64, epsilon = 1.000000e-01 : f32} : (tensor<2x4x8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32>
  %1 = kiln.layer_norm %x, %s {axis = 2 : i64, epsilon = 0.1 : f32} : (tensor<2x4x8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32>
  return %0, %1 : tensor<2x4x8xf32>, tensor<2x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @nll_loss
func.func @nll_loss(%x: tensor<3x5x2xf32>, %t: tensor<3x2xi64>, %w: tensor<5xf32>) -> (tensor<f32>, tensor<3x2xf32>) {
  // CHECK: kiln.nll_loss %{{.*}}, %{{.*}}, %{{.*}} {ignore_index = -1 : i64, reduction = "mean"} : (tensor<3x5x2xf32>, tensor<3x2xi64>, tensor<5xf32>) -> tensor<f32>
  %0 = kiln.nll_loss %x, %t, %w {ignore_index = -1 : i64, reduction = "mean"} : (tensor<3x5x2xf32>, tensor<3x2xi64>, tensor<5xf32>) -> tensor<f32>
  // CHECK: kiln.nll_loss %{{.*}}, %{{.*}} {reduction = "none"} : (tensor<3x5x2xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  %1 = kiln.nll_loss %x, %t {reduction = "none"} : (tensor<3x5x2xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  return %0, %1 : tensor<f32>, tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @einsum
func.func @einsum(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<5x5xf32>) -> (tensor<2x4xf32>, tensor<5xf32>) {
  // CHECK: kiln.einsum %{{.*}}, %{{.*}} {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %0 = kiln.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  // CHECK: kiln.einsum %{{.*}} {equation = "ii->i"} : (tensor<5x5xf32>) -> tensor<5xf32>
  %1 = kiln.einsum %c {equation = "ii->i"} : (tensor<5x5xf32>) -> tensor<5xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<5xf32>
}

// -----

// CHECK-LABEL: func.func @conv_transpose
func.func @conv_transpose(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x7x7xf32> {
  // CHECK: kiln.conv_transpose %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, groups = 2 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x7x7xf32>
  %0 = kiln.conv_transpose %x, %w, %b {dilations = array<i64: 1, 1>, groups = 2 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x7x7xf32>
  return %0 : tensor<1x6x7x7xf32>
}

// -----

// CHECK-LABEL: func.func @quantization
func.func @quantization(%x: tensor<2x3xf32>, %s: tensor<3xf32>, %zp: tensor<3xui8>, %q: tensor<2x3xi8>) -> (tensor<2x3xui8>, tensor<2x3xi8>, tensor<2x3xf32>, tensor<2x3xi32>) {
  // CHECK: kiln.quantize %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xui8>) -> tensor<2x3xui8>
  %0 = kiln.quantize %x, %s, %zp {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xui8>) -> tensor<2x3xui8>
  // CHECK: kiln.quantize %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi8>
  %1 = kiln.quantize %x, %s {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi8>
  // CHECK: kiln.dequantize %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3xui8>, tensor<3xf32>, tensor<3xui8>) -> tensor<2x3xf32>
  %2 = kiln.dequantize %0, %s, %zp {axis = 1 : i64} : (tensor<2x3xui8>, tensor<3xf32>, tensor<3xui8>) -> tensor<2x3xf32>
  // CHECK: kiln.sub_zero_point %{{.*}} {axis = 0 : i64} : (tensor<2x3xi8>) -> tensor<2x3xi32>
  %3 = kiln.sub_zero_point %q {axis = 0 : i64} : (tensor<2x3xi8>) -> tensor<2x3xi32>
  return %0, %1, %2, %3 : tensor<2x3xui8>, tensor<2x3xi8>, tensor<2x3xf32>, tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @recurrent
func.func @recurrent(%x: tensor<5x2x3xf32>, %w: tensor<2x16x3xf32>, %r: tensor<2x16x4xf32>, %b: tensor<2x32xf32>, %h: tensor<2x2x4xf32>) -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>) {
  // CHECK: kiln.recurrent %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} initial_h %{{.*}} {{{.*}}cell = "lstm"{{.*}}direction = "bidirectional"{{.*}}} : (tensor<5x2x3xf32>, tensor<2x16x3xf32>, tensor<2x16x4xf32>, tensor<2x32xf32>, tensor<2x2x4xf32>) -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>)
  %y, %yh, %yc = kiln.recurrent %x, %w, %r bias %b initial_h %h {activation_alpha = array<f32: 0x7FC00000, 0x7FC00000, 0x7FC00000, 0x7FC00000, 0x7FC00000, 0x7FC00000>, activation_beta = array<f32: 0x7FC00000, 0x7FC00000, 0x7FC00000, 0x7FC00000, 0x7FC00000, 0x7FC00000>, activations = ["Sigmoid", "Tanh", "Tanh", "Sigmoid", "Tanh", "Tanh"], cell = "lstm", clip = 0.0 : f32, direction = "bidirectional", hidden_size = 4 : i64, input_forget = false, linear_before_reset = false} : (tensor<5x2x3xf32>, tensor<2x16x3xf32>, tensor<2x16x4xf32>, tensor<2x32xf32>, tensor<2x2x4xf32>) -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>)
  return %y, %yh, %yc : tensor<5x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @pooling_extras
func.func @pooling_extras(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xi64>, tensor<1x1x4x4xf32>) {
  // CHECK: kiln.max_pool_indices %{{.*}} {ceil_mode = false, column_major = true, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xi64>
  %0 = kiln.max_pool_indices %x {ceil_mode = false, column_major = true, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xi64>
  %v = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  // CHECK: kiln.max_unpool %{{.*}}, %{{.*}} {output_shape = array<i64: 1, 1, 4, 4>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  %1 = kiln.max_unpool %v, %0 {output_shape = array<i64: 1, 1, 4, 4>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  return %0, %1 : tensor<1x1x2x2xi64>, tensor<1x1x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @dropout
func.func @dropout(%x: tensor<3x4xf32>, %r: tensor<f32>, %t: tensor<i1>) -> (tensor<3x4xf32>, tensor<3x4xi1>) {
  // CHECK: kiln.dropout %{{.*}}, %{{.*}}, %{{.*}} {seed = 7 : i64} : (tensor<3x4xf32>, tensor<f32>, tensor<i1>) -> tensor<3x4xf32>
  %0 = kiln.dropout %x, %r, %t {seed = 7 : i64} : (tensor<3x4xf32>, tensor<f32>, tensor<i1>) -> tensor<3x4xf32>
  // CHECK: kiln.dropout_mask %{{.*}}, %{{.*}}, %{{.*}} {seed = 7 : i64} : (tensor<3x4xf32>, tensor<f32>, tensor<i1>) -> tensor<3x4xi1>
  %1 = kiln.dropout_mask %x, %r, %t {seed = 7 : i64} : (tensor<3x4xf32>, tensor<f32>, tensor<i1>) -> tensor<3x4xi1>
  return %0, %1 : tensor<3x4xf32>, tensor<3x4xi1>
}

// -----

// CHECK-LABEL: func.func @roi_align
func.func @roi_align(%x: tensor<1x2x10x10xf32>, %rois: tensor<3x4xf32>, %idx: tensor<3xi64>) -> tensor<3x2x5x5xf32> {
  // CHECK: kiln.roi_align %{{.*}}, %{{.*}}, %{{.*}} {half_pixel = true, mode = "avg", output_height = 5 : i64, output_width = 5 : i64, sampling_ratio = 0 : i64, spatial_scale = 5.000000e-01 : f32} : (tensor<1x2x10x10xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x2x5x5xf32>
  %0 = kiln.roi_align %x, %rois, %idx {half_pixel = true, mode = "avg", output_height = 5 : i64, output_width = 5 : i64, sampling_ratio = 0 : i64, spatial_scale = 0.5 : f32} : (tensor<1x2x10x10xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x2x5x5xf32>
  return %0 : tensor<3x2x5x5xf32>
}
