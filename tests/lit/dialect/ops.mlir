// RUN: kiln-opt %s -split-input-file | kiln-opt -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file -mlir-print-op-generic | kiln-opt -split-input-file | FileCheck %s

// Round trip of every kiln op through the custom assembly format, and
// through the generic form back to the custom one.

// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2xf32>, tensor<2x2xi64>, tensor<f32>) {
  // CHECK: kiln.constant dense<[1.000000e+00, 2.500000e+00]> : tensor<2xf32>
  %0 = kiln.constant dense<[1.0, 2.5]> : tensor<2xf32>
  // CHECK: kiln.constant dense<{{\[\[}}1, 2], [3, 4]]> : tensor<2x2xi64>
  %1 = kiln.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  // CHECK: kiln.constant dense<0.000000e+00> : tensor<f32>
  %2 = kiln.constant dense<0.0> : tensor<f32>
  return %0, %1, %2 : tensor<2xf32>, tensor<2x2xi64>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>)
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: %[[R0:.*]] = kiln.add %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = kiln.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[R1:.*]] = kiln.sub %[[R0]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = kiln.sub %0, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[R2:.*]] = kiln.mul %[[B]], %[[R1]] : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = kiln.mul %b, %1 : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[R3:.*]] = kiln.div %[[R2]], %[[A]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = kiln.div %2, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[R4:.*]] = kiln.pow %[[R3]], %[[A]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = kiln.pow %3, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[R5:.*]] = kiln.max %[[R4]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = kiln.max %4, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[R6:.*]] = kiln.min %[[R5]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %6 = kiln.min %5, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: return %[[R6]] : tensor<2x3xf32>
  return %6 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @binary_int_dynamic
func.func @binary_int_dynamic(%a: tensor<?x4xi32>, %b: tensor<1x4xi32>) -> tensor<?x4xi32> {
  // CHECK: kiln.add %{{.*}}, %{{.*}} : (tensor<?x4xi32>, tensor<1x4xi32>) -> tensor<?x4xi32>
  %0 = kiln.add %a, %b : (tensor<?x4xi32>, tensor<1x4xi32>) -> tensor<?x4xi32>
  return %0 : tensor<?x4xi32>
}

// -----

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
func.func @unary(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %[[R0:.*]] = kiln.relu %[[X]] : tensor<4xf32> -> tensor<4xf32>
  %0 = kiln.relu %x : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R1:.*]] = kiln.sigmoid %[[R0]] : tensor<4xf32> -> tensor<4xf32>
  %1 = kiln.sigmoid %0 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R2:.*]] = kiln.tanh %[[R1]] : tensor<4xf32> -> tensor<4xf32>
  %2 = kiln.tanh %1 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R3:.*]] = kiln.exp %[[R2]] : tensor<4xf32> -> tensor<4xf32>
  %3 = kiln.exp %2 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R4:.*]] = kiln.log %[[R3]] : tensor<4xf32> -> tensor<4xf32>
  %4 = kiln.log %3 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R5:.*]] = kiln.sqrt %[[R4]] : tensor<4xf32> -> tensor<4xf32>
  %5 = kiln.sqrt %4 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R6:.*]] = kiln.neg %[[R5]] : tensor<4xf32> -> tensor<4xf32>
  %6 = kiln.neg %5 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R7:.*]] = kiln.abs %[[R6]] : tensor<4xf32> -> tensor<4xf32>
  %7 = kiln.abs %6 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: return %[[R7]]
  return %7 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @leaky_relu_and_clip
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[LO:.*]]: tensor<f32>, %[[HI:.*]]: tensor<f32>)
func.func @leaky_relu_and_clip(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<f32>) -> tensor<4xf32> {
  // CHECK: %[[L:.*]] = kiln.leaky_relu %[[X]] {alpha = 1.000000e-01 : f32} : tensor<4xf32> -> tensor<4xf32>
  %0 = kiln.leaky_relu %x {alpha = 0.1 : f32} : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[C:.*]] = kiln.clip %[[L]], %[[LO]], %[[HI]] : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  %1 = kiln.clip %0, %lo, %hi : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  // CHECK: return %[[C]]
  return %1 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<5x1x2x3xf32>, %d: tensor<7x3x4xf32>) -> (tensor<2x4xf32>, tensor<5x7x2x4xf32>) {
  // CHECK: kiln.matmul %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %0 = kiln.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  // CHECK: kiln.matmul %{{.*}}, %{{.*}} : (tensor<5x1x2x3xf32>, tensor<7x3x4xf32>) -> tensor<5x7x2x4xf32>
  %1 = kiln.matmul %c, %d : (tensor<5x1x2x3xf32>, tensor<7x3x4xf32>) -> tensor<5x7x2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<5x7x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
func.func @conv2d_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: kiln.conv %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %0 = kiln.conv %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_no_bias_grouped_strided
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x9x9xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>)
func.func @conv2d_no_bias_grouped_strided(%x: tensor<2x4x9x9xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<2x6x3x4xf32> {
  // CHECK: kiln.conv %[[X]], %[[W]] {dilations = array<i64: 2, 1>, groups = 2 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<2x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<2x6x3x4xf32>
  %0 = kiln.conv %x, %w {dilations = array<i64: 2, 1>, groups = 2 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<2x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<2x6x3x4xf32>
  return %0 : tensor<2x6x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv1d
func.func @conv1d(%x: tensor<1x2x10xf32>, %w: tensor<3x2x4xf32>, %b: tensor<3xf32>) -> tensor<1x3x4xf32> {
  // CHECK: kiln.conv %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 0>, strides = array<i64: 2>} : (tensor<1x2x10xf32>, tensor<3x2x4xf32>, tensor<3xf32>) -> tensor<1x3x4xf32>
  %0 = kiln.conv %x, %w, %b {dilations = array<i64: 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 0>, strides = array<i64: 2>} : (tensor<1x2x10xf32>, tensor<3x2x4xf32>, tensor<3xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv_same_upper
func.func @conv_same_upper(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32> {
  // CHECK: kiln.conv {{.*}}pad_mode = "same_upper", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "same_upper", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>) {
  // CHECK: kiln.max_pool %{{.*}} {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  // CHECK: kiln.avg_pool %{{.*}} {ceil_mode = true, count_include_pad = true, kernel = array<i64: 3, 3>, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  %1 = kiln.avg_pool %x {ceil_mode = true, count_include_pad = true, kernel = array<i64: 3, 3>, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return %0, %1 : tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @pool1d
func.func @pool1d(%x: tensor<2x3x7xf32>) -> tensor<2x3x3xf32> {
  // CHECK: kiln.max_pool %{{.*}} {ceil_mode = false, dilations = array<i64: 2>, kernel = array<i64: 2>, pad_mode = "explicit", pads = array<i64: 0, 0>, strides = array<i64: 2>} : tensor<2x3x7xf32> -> tensor<2x3x3xf32>
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 2>, kernel = array<i64: 2>, pad_mode = "explicit", pads = array<i64: 0, 0>, strides = array<i64: 2>} : tensor<2x3x7xf32> -> tensor<2x3x3xf32>
  return %0 : tensor<2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_softmax
func.func @reduce_softmax(%x: tensor<1x8x7x7xf32>, %y: tensor<2x10xf32>) -> (tensor<1x8x1x1xf32>, tensor<8x7xf32>, tensor<2x10xf32>) {
  // CHECK: kiln.reduce %{{.*}} {axes = array<i64: 2, 3>, keepdims = true, kind = "mean"} : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  %0 = kiln.reduce %x {axes = array<i64: 2, 3>, keepdims = true, kind = "mean"} : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  // CHECK: kiln.reduce %{{.*}} {axes = array<i64: 0, 3>, keepdims = false, kind = "max"} : tensor<1x8x7x7xf32> -> tensor<8x7xf32>
  %1 = kiln.reduce %x {axes = array<i64: 0, 3>, keepdims = false, kind = "max"} : tensor<1x8x7x7xf32> -> tensor<8x7xf32>
  // CHECK: kiln.softmax %{{.*}} {axis = 1 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
  %2 = kiln.softmax %y {axis = 1 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
  return %0, %1, %2 : tensor<1x8x1x1xf32>, tensor<8x7xf32>, tensor<2x10xf32>
}

// -----

// CHECK-LABEL: func.func @data_movement
func.func @data_movement(%x: tensor<2x3x4xf32>, %a: tensor<1x4xf32>, %b: tensor<2x4xf32>) -> (tensor<2x12xf32>, tensor<4x2x3xf32>, tensor<3x4xf32>) {
  // CHECK: kiln.reshape %{{.*}} {shape = array<i64: 2, -1>} : tensor<2x3x4xf32> -> tensor<2x12xf32>
  %0 = kiln.reshape %x {shape = array<i64: 2, -1>} : tensor<2x3x4xf32> -> tensor<2x12xf32>
  // CHECK: kiln.transpose %{{.*}} {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %1 = kiln.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  // CHECK: kiln.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
  %2 = kiln.concat %a, %b {axis = 0 : i64} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
  return %0, %1, %2 : tensor<2x12xf32>, tensor<4x2x3xf32>, tensor<3x4xf32>
}

// -----

// Before shape inference results may be unranked.
// CHECK-LABEL: func.func @unranked
func.func @unranked(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %u: tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  // CHECK: kiln.conv {{.*}} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "same_lower", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  // CHECK: kiln.add %{{.*}}, %{{.*}} : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  %1 = kiln.add %0, %u : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  // CHECK: kiln.relu %{{.*}} : tensor<*xf32> -> tensor<*xf32>
  %2 = kiln.relu %1 : tensor<*xf32> -> tensor<*xf32>
  // CHECK: kiln.reshape %{{.*}} {shape = array<i64: 1, -1>} : tensor<*xf32> -> tensor<*xf32>
  %3 = kiln.reshape %2 {shape = array<i64: 1, -1>} : tensor<*xf32> -> tensor<*xf32>
  // CHECK: kiln.matmul %{{.*}}, %{{.*}} : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  %4 = kiln.matmul %3, %u : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  // CHECK: kiln.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<*xf32>, tensor<1x3x8x8xf32>) -> tensor<*xf32>
  %5 = kiln.concat %u, %x {axis = 1 : i64} : (tensor<*xf32>, tensor<1x3x8x8xf32>) -> tensor<*xf32>
  // CHECK: kiln.max_pool %{{.*}} : tensor<*xf32> -> tensor<*xf32>
  %6 = kiln.max_pool %u {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<*xf32> -> tensor<*xf32>
  return %0, %2, %4, %5, %6 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}
