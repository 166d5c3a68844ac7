// RUN: kiln-opt %s -split-input-file -kiln-infer-shapes -kiln-lower-to-linalg -canonicalize -mlir-print-local-scope | FileCheck %s

// Lowerings with dynamic dims (the first dim of every model input `?`, as
// with --dynamic-dim '*:0'): sizes come from tensor.dim, run-time index
// operands of run-time length are read in loops.

// A weight given at run time: output channels are dynamic per group, the
// result is sized from the input's batch and the weight's channels.
// CHECK-LABEL: func.func @conv_dynamic_out_channels
// CHECK: %[[OC:.*]] = tensor.dim %arg1, %{{.*}} : tensor<?x3x3x3xf32>
// CHECK: %[[WG:.*]] = tensor.expand_shape %arg1 {{\[\[}}0, 1], [2], [3], [4]] output_shape [1, %[[OC]], 3, 3, 3] : tensor<?x3x3x3xf32> into tensor<1x?x3x3x3xf32>
// CHECK: tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x1x?x6x6xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] : tensor<?x1x?x6x6xf32> into tensor<?x?x6x6xf32>
func.func @conv_dynamic_out_channels(%x: tensor<?x3x8x8xf32>, %w: tensor<?x3x3x3xf32>, %b: tensor<?xf32>) -> tensor<?x?x6x6xf32> {
  %0 = kiln.conv %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<?x3x8x8xf32>, tensor<?x3x3x3xf32>, tensor<?xf32>) -> tensor<?x?x6x6xf32>
  return %0 : tensor<?x?x6x6xf32>
}

// -----

// A dynamic input dim broadcast to a static one may be 1 at run time: the
// read index is clamped to 0 then (NumPy broadcasting resolved at run time).
// CHECK-LABEL: func.func @expand_dynamic_dim
// CHECK: %[[D:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x3x1xf32>
// CHECK: %[[ONE:.*]] = arith.cmpi eq, %[[D]], %{{.*}} : index
// CHECK: %[[I:.*]] = arith.select %[[ONE]], %{{.*}}, %{{.*}} : index
// CHECK: tensor.extract %arg0[%[[I]], %{{.*}}, %{{.*}}] : tensor<?x3x1xf32>
// CHECK: -> tensor<3x3x3xf32>
func.func @expand_dynamic_dim(%x: tensor<?x3x1xf32>) -> tensor<3x3x3xf32> {
  %0 = kiln.expand %x {shape = array<i64: 3, 1, 3>} : tensor<?x3x1xf32> -> tensor<3x3x3xf32>
  return %0 : tensor<3x3x3xf32>
}

// -----

// Parameters of run-time length: one scf.for over the entries carries the
// start, end and step of every axis.
// CHECK-LABEL: func.func @slice_runtime_count
// CHECK: %[[N:.*]] = tensor.dim %arg1, %{{.*}} : tensor<?xi64>
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %[[N]] step %{{.*}} iter_args({{.*}}) -> (i64, i64, i64, i64, i64, i64)
// CHECK: tensor.extract %arg3[%[[J]]] : tensor<?xi64>
// CHECK: scf.yield
// CHECK: tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf32>
func.func @slice_runtime_count(%x: tensor<?x10xf32>, %s: tensor<?xi64>, %e: tensor<?xi64>, %a: tensor<?xi64>, %st: tensor<?xi64>) -> tensor<?x?xf32> {
  %0 = kiln.slice %x, %s, %e, %a, %st : (tensor<?x10xf32>, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A dynamic input axis is resampled with its run-time size.
// CHECK-LABEL: func.func @resize_dynamic_batch
// CHECK: tensor.dim %arg0, %{{.*}} : tensor<?x1x2x2xf32>
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.*}} : tensor<1x1x4x4xf32>)
func.func @resize_dynamic_batch(%x: tensor<?x1x2x2xf32>, %scales: tensor<?xf32>) -> tensor<1x1x4x4xf32> {
  %roi = kiln.constant dense<> : tensor<0xf32>
  %0 = kiln.resize %x, %roi, %scales {coordinate_transformation_mode = "asymmetric", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "nearest", nearest_mode = "floor"} : (tensor<?x1x2x2xf32>, tensor<0xf32>, tensor<?xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// A run-time axis over dynamic dims: the scanned extent is the largest dim,
// read at run time.
// CHECK-LABEL: func.func @cumsum_runtime_axis
// CHECK: %[[D:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x3xf32>
// CHECK: %[[L:.*]] = arith.maxui %[[D]], %{{.*}} : index
// CHECK: tensor.empty(%[[L]]) : tensor<?xi1>
func.func @cumsum_runtime_axis(%x: tensor<?x3xf32>, %axis: tensor<i32>) -> tensor<?x3xf32> {
  %0 = kiln.cumsum %x, %axis {exclusive = false, reverse = false} : (tensor<?x3xf32>, tensor<i32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// The weight's first dim is the input's channel count.
// CHECK-LABEL: func.func @conv_transpose_runtime_weight
// CHECK: tensor.cast %arg1 : tensor<?x2x3x3xf32> to tensor<1x2x3x3xf32>
func.func @conv_transpose_runtime_weight(%x: tensor<?x1x3x3xf32>, %w: tensor<?x2x3x3xf32>) -> tensor<?x2x5x5xf32> {
  %0 = kiln.conv_transpose %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<?x1x3x3xf32>, tensor<?x2x3x3xf32>) -> tensor<?x2x5x5xf32>
  return %0 : tensor<?x2x5x5xf32>
}

// -----

// same_* pads resolve with a dynamic batch (they depend on spatial dims only).
// CHECK-LABEL: func.func @max_pool_same_dynamic_batch
// CHECK: tensor.pad %arg0 low[0, 0, 0, 0] high[0, 0, 1, 1]
func.func @max_pool_same_dynamic_batch(%x: tensor<?x3x4x4xf32>) -> tensor<?x3x4x4xf32> {
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "same_upper", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<?x3x4x4xf32> -> tensor<?x3x4x4xf32>
  return %0 : tensor<?x3x4x4xf32>
}

// -----

// Constant scales of 1 on a dynamic batch: the axis is not resampled and the
// output batch is the input's.
// CHECK-LABEL: func.func @resize_constant_scales_dynamic_batch
// CHECK: %[[N:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x1x2x2xf32>
// CHECK: tensor.empty(%[[N]]) : tensor<?x1x4x4xf32>
func.func @resize_constant_scales_dynamic_batch(%x: tensor<?x1x2x2xf32>) -> tensor<?x1x4x4xf32> {
  %roi = kiln.constant dense<> : tensor<0xf32>
  %scales = kiln.constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  %0 = kiln.resize %x, %roi, %scales {coordinate_transformation_mode = "asymmetric", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "nearest", nearest_mode = "floor"} : (tensor<?x1x2x2xf32>, tensor<0xf32>, tensor<4xf32>) -> tensor<?x1x4x4xf32>
  return %0 : tensor<?x1x4x4xf32>
}
