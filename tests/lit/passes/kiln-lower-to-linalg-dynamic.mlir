// RUN: kiln-opt %s -split-input-file -kiln-lower-to-linalg | FileCheck %s

// Dynamic dims are read from the operands at run time.

// CHECK-LABEL: func.func @dynamic_elementwise
// Both batch dims may be 1: the result is their maximum and each operand
// is read with a clamped index.
// CHECK-DAG: %[[DA:.*]] = tensor.dim %{{.*}}, %c0
// CHECK-DAG: %[[DB:.*]] = tensor.dim %{{.*}}, %c0
// CHECK: arith.maxui %[[DA]], %[[DB]]
// CHECK: arith.select
// CHECK: tensor.extract
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK: arith.addf
func.func @dynamic_elementwise(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.add %a, %b : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_with_static_operand
// A static operand cannot hide a broadcast: plain indexing maps.
// CHECK-NOT: tensor.extract
// CHECK: %[[D:.*]] = tensor.dim %arg0, %c0
// CHECK: tensor.empty(%[[D]]) : tensor<?x4xf32>
// CHECK: linalg.generic
func.func @dynamic_with_static_operand(%a: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.add %a, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_matmul
// CHECK: %[[M:.*]] = tensor.dim %arg0, %c0
// CHECK: tensor.empty(%[[M]]) : tensor<?x4xf32>
// CHECK: linalg.fill
// CHECK: linalg.generic
func.func @dynamic_matmul(%a: tensor<?x3xf32>, %b: tensor<3x4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.matmul %a, %b : (tensor<?x3xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_transpose
// CHECK: %[[D:.*]] = tensor.dim %arg0, %c0
// CHECK: tensor.empty(%[[D]]) : tensor<3x?xf32>
// CHECK: linalg.transpose
func.func @dynamic_transpose(%a: tensor<?x3xf32>) -> tensor<3x?xf32> {
  %0 = kiln.transpose %a {perm = array<i64: 1, 0>} : tensor<?x3xf32> -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_to_more_static_type
// CHECK: linalg.transpose
// CHECK: tensor.cast %{{.*}} : tensor<4x?xf32> to tensor<4x3xf32>
func.func @transpose_to_more_static_type(%a: tensor<?x4xf32>) -> tensor<4x3xf32> {
  %0 = kiln.transpose %a {perm = array<i64: 1, 0>} : tensor<?x4xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_reshape
// CHECK: tensor.collapse_shape %arg0 {{\[\[}}0, 1]] : tensor<?x3xf32> into tensor<?xf32>
func.func @dynamic_reshape(%a: tensor<?x3xf32>) -> tensor<?xf32> {
  %0 = kiln.reshape %a {shape = array<i64: -1>} : tensor<?x3xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_reshape_expand
// The -1 dim is the element count over the other dims' product.
// CHECK: tensor.collapse_shape
// CHECK: %[[N:.*]] = tensor.dim
// CHECK: %[[Q:.*]] = arith.divui %[[N]], %c6
// CHECK: tensor.expand_shape {{.*}} output_shape [%[[Q]], 2, 3]
func.func @dynamic_reshape_expand(%a: tensor<?x6xf32>) -> tensor<?x2x3xf32> {
  %0 = kiln.reshape %a {shape = array<i64: -1, 2, 3>} : tensor<?x6xf32> -> tensor<?x2x3xf32>
  return %0 : tensor<?x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_concat
// CHECK: %[[A:.*]] = tensor.dim %arg0, %c0
// CHECK: arith.addi
// CHECK: tensor.empty
// CHECK: tensor.insert_slice %arg0
// CHECK: tensor.insert_slice %arg1 into %{{.*}}[%{{.*}}, 0] [2, 4]
func.func @dynamic_concat(%a: tensor<?x4xf32>, %b: tensor<2x4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.concat %a, %b {axis = 0 : i64} : (tensor<?x4xf32>, tensor<2x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_batch_conv
// CHECK: tensor.dim %arg0, %c0
// CHECK: tensor.expand_shape %arg0 {{.*}} into tensor<?x1x1x5x5xf32>
// CHECK: tensor.empty(%{{.*}}) : tensor<?x1x2x3x3xf32>
// CHECK: linalg.generic
func.func @dynamic_batch_conv(%x: tensor<?x1x5x5xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<?x2x3x3xf32> {
  %0 = kiln.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit"} : (tensor<?x1x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<?x2x3x3xf32>
  return %0 : tensor<?x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_mean
// The divisor is the run-time element count.
// CHECK: arith.index_cast
// CHECK: arith.sitofp
// CHECK: arith.divf
func.func @dynamic_mean(%x: tensor<?x4xf32>) -> tensor<4xf32> {
  %0 = kiln.reduce %x {axes = array<i64: 0>, keepdims = false, kind = "mean"} : tensor<?x4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
