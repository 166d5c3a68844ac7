// RUN: kiln-opt %s -split-input-file -kiln-infer-shapes | FileCheck %s

// kiln-infer-shapes refines unranked results from the operands, resolves
// same_* padding into explicit pads, and rewrites the function's result types.

// NumPy broadcasting of a 3-D and a 2-D operand, then a unary op on the result.
// CHECK-LABEL: func.func @elementwise_broadcast
// CHECK-SAME: (%{{.*}}: tensor<2x1x3xf32>, %{{.*}}: tensor<4x1xf32>) -> tensor<2x4x3xf32>
// CHECK: %[[ADD:.*]] = kiln.add %{{.*}}, %{{.*}} : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<2x4x3xf32>
// CHECK: %[[RELU:.*]] = kiln.relu %[[ADD]] : tensor<2x4x3xf32> -> tensor<2x4x3xf32>
// CHECK: return %[[RELU]] : tensor<2x4x3xf32>
func.func @elementwise_broadcast(%a: tensor<2x1x3xf32>, %b: tensor<4x1xf32>) -> tensor<*xf32> {
  %0 = kiln.add %a, %b : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %1 = kiln.relu %0 : tensor<*xf32> -> tensor<*xf32>
  return %1 : tensor<*xf32>
}

// -----

// A dynamic dimension broadcast against a static one takes the static size;
// against 1 it stays dynamic. Scalars broadcast to anything.
// CHECK-LABEL: func.func @elementwise_dynamic
// CHECK-SAME: -> (tensor<5x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>)
// CHECK: kiln.sub {{.*}} -> tensor<5x3xf32>
// CHECK: kiln.mul {{.*}} -> tensor<?x3xf32>
// CHECK: kiln.max {{.*}} : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xf32>
func.func @elementwise_dynamic(%a: tensor<?x3xf32>, %b: tensor<5x1xf32>, %c: tensor<1x3xf32>, %s: tensor<f32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = kiln.sub %a, %b : (tensor<?x3xf32>, tensor<5x1xf32>) -> tensor<*xf32>
  %1 = kiln.mul %a, %c : (tensor<?x3xf32>, tensor<1x3xf32>) -> tensor<*xf32>
  %2 = kiln.max %1, %s : (tensor<*xf32>, tensor<f32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Unary ops, leaky_relu, clip and softmax keep the operand's type.
// CHECK-LABEL: func.func @same_type
// CHECK-SAME: -> tensor<2x5xf16>
// CHECK: kiln.sigmoid %{{.*}} : tensor<2x5xf16> -> tensor<2x5xf16>
// CHECK: kiln.leaky_relu %{{.*}} {alpha = 1.000000e-01 : f32} : tensor<2x5xf16> -> tensor<2x5xf16>
// CHECK: kiln.clip %{{.*}} : (tensor<2x5xf16>, tensor<f16>, tensor<f16>) -> tensor<2x5xf16>
// CHECK: kiln.softmax %{{.*}} {axis = 1 : i64} : tensor<2x5xf16> -> tensor<2x5xf16>
func.func @same_type(%x: tensor<2x5xf16>, %lo: tensor<f16>, %hi: tensor<f16>) -> tensor<*xf16> {
  %0 = kiln.sigmoid %x : tensor<2x5xf16> -> tensor<*xf16>
  %1 = kiln.leaky_relu %0 {alpha = 0.1 : f32} : tensor<*xf16> -> tensor<*xf16>
  %2 = kiln.clip %1, %lo, %hi : (tensor<*xf16>, tensor<f16>, tensor<f16>) -> tensor<*xf16>
  %3 = kiln.softmax %2 {axis = 1 : i64} : tensor<*xf16> -> tensor<*xf16>
  return %3 : tensor<*xf16>
}

// -----

// Batch dimensions broadcast; M from the lhs, N from the rhs.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: -> (tensor<2x4xf32>, tensor<5x7x2x4xf32>, tensor<3x6x8xi32>)
// CHECK: kiln.matmul {{.*}} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK: kiln.matmul {{.*}} : (tensor<5x1x2x3xf32>, tensor<7x3x4xf32>) -> tensor<5x7x2x4xf32>
// CHECK: kiln.matmul {{.*}} : (tensor<3x6x2xi32>, tensor<2x8xi32>) -> tensor<3x6x8xi32>
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<5x1x2x3xf32>, %d: tensor<7x3x4xf32>, %e: tensor<3x6x2xi32>, %f: tensor<2x8xi32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi32>) {
  %0 = kiln.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  %1 = kiln.matmul %c, %d : (tensor<5x1x2x3xf32>, tensor<7x3x4xf32>) -> tensor<*xf32>
  %2 = kiln.matmul %e, %f : (tensor<3x6x2xi32>, tensor<2x8xi32>) -> tensor<*xi32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xi32>
}

// -----

// Explicit pads: out = (in + pad_begin + pad_end - dilation * (k - 1) - 1) / stride + 1.
// CHECK-LABEL: func.func @conv_explicit
// CHECK-SAME: -> (tensor<1x4x8x8xf32>, tensor<2x6x3x4xf32>, tensor<1x3x4xf32>)
// CHECK: kiln.conv {{.*}} pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>{{.*}} -> tensor<1x4x8x8xf32>
// CHECK: kiln.conv {{.*}} groups = 2 : i64{{.*}} -> tensor<2x6x3x4xf32>
// CHECK: kiln.conv {{.*}} : (tensor<1x2x10xf32>, tensor<3x2x4xf32>, tensor<3xf32>) -> tensor<1x3x4xf32>
func.func @conv_explicit(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %x2: tensor<2x4x9x9xf32>, %w2: tensor<6x2x3x3xf32>, %x1: tensor<1x2x10xf32>, %w1: tensor<3x2x4xf32>, %b1: tensor<3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  %1 = kiln.conv %x2, %w2 {dilations = array<i64: 2, 1>, groups = 2 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<2x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<*xf32>
  %2 = kiln.conv %x1, %w1, %b1 {dilations = array<i64: 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 0>, strides = array<i64: 2>} : (tensor<1x2x10xf32>, tensor<3x2x4xf32>, tensor<3xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// same_upper puts the odd pad at the end, same_lower at the beginning; the
// output is ceil(in / stride) either way. H: in 7, k 3, s 2 -> total pad 2;
// W: in 8, k 4, s 1 -> total pad 3. Pads are [h_begin, w_begin, h_end, w_end].
// CHECK-LABEL: func.func @conv_same
// CHECK-SAME: -> (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>)
// CHECK: kiln.conv %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 2>, strides = array<i64: 2, 1>} : (tensor<1x3x7x8xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x4x4x8xf32>
// CHECK: kiln.conv %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 2, 1, 1>, strides = array<i64: 2, 1>} : (tensor<1x3x7x8xf32>, tensor<4x3x3x4xf32>) -> tensor<1x4x4x8xf32>
func.func @conv_same(%x: tensor<1x3x7x8xf32>, %w: tensor<4x3x3x4xf32>, %b: tensor<4xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0 = kiln.conv %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "same_upper", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 1>} : (tensor<1x3x7x8xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<*xf32>
  %1 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "same_lower", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 1>} : (tensor<1x3x7x8xf32>, tensor<4x3x3x4xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// Dilation widens the window: k 3, d 2 spans 5, so in 6, s 1 needs 4 pads.
// CHECK-LABEL: func.func @conv_same_dilated
// CHECK: kiln.conv {{.*}} pad_mode = "explicit", pads = array<i64: 2, 2>{{.*}} -> tensor<1x1x6xf32>
func.func @conv_same_dilated(%x: tensor<1x1x6xf32>, %w: tensor<1x1x3xf32>) -> tensor<*xf32> {
  %0 = kiln.conv %x, %w {dilations = array<i64: 2>, groups = 1 : i64, pad_mode = "same_upper", pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<1x1x6xf32>, tensor<1x1x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// same_* pads depend only on the spatial dims: a dynamic batch still
// resolves them; the spatial output size is ceil(in / stride).
// CHECK-LABEL: func.func @conv_same_dynamic_batch
// CHECK: kiln.conv {{.*}} pad_mode = "explicit", pads = array<i64: 0, 0, 1, 1>{{.*}} -> tensor<?x4x4x4xf32>
func.func @conv_same_dynamic_batch(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "same_upper", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// same_* pads stay unresolved while a spatial dim is dynamic.
// CHECK-LABEL: func.func @conv_same_dynamic_spatial
// CHECK: kiln.conv {{.*}} pad_mode = "same_upper", pads = array<i64: 0, 0, 0, 0>{{.*}} -> tensor<1x4x?x4xf32>
func.func @conv_same_dynamic_spatial(%x: tensor<1x3x?x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "same_upper", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x?x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// ceil_mode rounds the window count up (5 -> 3 windows of 2 with stride 2).
// same_* pool padding: in 5, k 3, s 2 -> total pad 2 (1 + 1); in 5, k 2, s 2
// -> total pad 1, which same_lower puts at the beginning.
// CHECK-LABEL: func.func @pools
// CHECK-SAME: -> (tensor<1x2x3x3xf32>, tensor<1x2x2x2xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>)
// CHECK: kiln.max_pool {{.*}}ceil_mode = true{{.*}} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
// CHECK: kiln.avg_pool {{.*}}ceil_mode = false{{.*}} : tensor<1x2x5x5xf32> -> tensor<1x2x2x2xf32>
// CHECK: kiln.avg_pool {{.*}}ceil_mode = true{{.*}} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
// CHECK: kiln.max_pool %{{.*}} {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
// CHECK: kiln.avg_pool %{{.*}} {ceil_mode = true, count_include_pad = false, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
func.func @pools(%x: tensor<1x2x5x5xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = kiln.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<*xf32>
  %1 = kiln.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<*xf32>
  %2 = kiln.avg_pool %x {ceil_mode = true, count_include_pad = false, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<*xf32>
  %3 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pad_mode = "same_upper", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<*xf32>
  %4 = kiln.avg_pool %x {ceil_mode = true, count_include_pad = false, kernel = array<i64: 2, 2>, pad_mode = "same_lower", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<*xf32>
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// ceil_mode with padding: in 4, pad 1+1, k 3, s 2 gives ceil(3 / 2) + 1 = 3
// windows; the last starts at 4 < in + pad_begin, so it is kept. With k 2,
// pad 0+1, s 2: ceil(3 / 2) + 1 = 3, but the last window would start at 4,
// inside the end padding, so only 2 remain.
// CHECK-LABEL: func.func @pool_ceil_last_window
// CHECK-SAME: -> (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>)
func.func @pool_ceil_last_window(%x: tensor<1x1x4x4xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0 = kiln.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<*xf32>
  %1 = kiln.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @reduce
// CHECK-SAME: -> (tensor<1x8x1x1xf32>, tensor<1x8xf32>, tensor<3xi32>, tensor<f32>)
// CHECK: kiln.reduce {{.*}}keepdims = true{{.*}} : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
// CHECK: kiln.reduce {{.*}}keepdims = false{{.*}} : tensor<1x8x7x7xf32> -> tensor<1x8xf32>
// CHECK: kiln.reduce {{.*}}keepdims = false{{.*}} : tensor<2x3x4xi32> -> tensor<3xi32>
// CHECK: kiln.reduce {{.*}}keepdims = false{{.*}} : tensor<1x8x7x7xf32> -> tensor<f32>
func.func @reduce(%x: tensor<1x8x7x7xf32>, %y: tensor<2x3x4xi32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi32>, tensor<*xf32>) {
  %0 = kiln.reduce %x {axes = array<i64: 2, 3>, keepdims = true, kind = "mean"} : tensor<1x8x7x7xf32> -> tensor<*xf32>
  %1 = kiln.reduce %x {axes = array<i64: 2, 3>, keepdims = false, kind = "sum"} : tensor<1x8x7x7xf32> -> tensor<*xf32>
  %2 = kiln.reduce %y {axes = array<i64: 0, 2>, keepdims = false, kind = "max"} : tensor<2x3x4xi32> -> tensor<*xi32>
  %3 = kiln.reduce %x {axes = array<i64: 0, 1, 2, 3>, keepdims = false, kind = "prod"} : tensor<1x8x7x7xf32> -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xi32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @reshape
// CHECK-SAME: -> (tensor<2x12xf32>, tensor<4x6xf32>, tensor<24xf32>, tensor<1x2x3x4xf32>, tensor<?x4xf32>)
// CHECK: kiln.reshape %{{.*}} {shape = array<i64: 2, -1>} : tensor<2x3x4xf32> -> tensor<2x12xf32>
// CHECK: kiln.reshape %{{.*}} {shape = array<i64: -1, 6>} : tensor<2x3x4xf32> -> tensor<4x6xf32>
// CHECK: kiln.reshape %{{.*}} {shape = array<i64: 24>} : tensor<2x3x4xf32> -> tensor<24xf32>
// CHECK: kiln.reshape %{{.*}} {shape = array<i64: 1, 2, 3, 4>} : tensor<2x3x4xf32> -> tensor<1x2x3x4xf32>
// CHECK: kiln.reshape %{{.*}} {shape = array<i64: -1, 4>} : tensor<?x3x4xf32> -> tensor<?x4xf32>
func.func @reshape(%x: tensor<2x3x4xf32>, %d: tensor<?x3x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = kiln.reshape %x {shape = array<i64: 2, -1>} : tensor<2x3x4xf32> -> tensor<*xf32>
  %1 = kiln.reshape %x {shape = array<i64: -1, 6>} : tensor<2x3x4xf32> -> tensor<*xf32>
  %2 = kiln.reshape %x {shape = array<i64: 24>} : tensor<2x3x4xf32> -> tensor<*xf32>
  %3 = kiln.reshape %x {shape = array<i64: 1, 2, 3, 4>} : tensor<2x3x4xf32> -> tensor<*xf32>
  %4 = kiln.reshape %d {shape = array<i64: -1, 4>} : tensor<?x3x4xf32> -> tensor<*xf32>
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: -> (tensor<4x2x3xf32>, tensor<3x2xi64>)
// CHECK: kiln.transpose %{{.*}} {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
// CHECK: kiln.transpose %{{.*}} {perm = array<i64: 1, 0>} : tensor<2x3xi64> -> tensor<3x2xi64>
func.func @transpose(%x: tensor<2x3x4xf32>, %y: tensor<2x3xi64>) -> (tensor<*xf32>, tensor<*xi64>) {
  %0 = kiln.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<*xf32>
  %1 = kiln.transpose %y {perm = array<i64: 1, 0>} : tensor<2x3xi64> -> tensor<*xi64>
  return %0, %1 : tensor<*xf32>, tensor<*xi64>
}

// -----

// CHECK-LABEL: func.func @concat
// CHECK-SAME: -> (tensor<2x9xf32>, tensor<6x4xf32>, tensor<?x4xf32>)
// CHECK: kiln.concat {{.*}} {axis = 1 : i64} : (tensor<2x1xf32>, tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x9xf32>
// CHECK: kiln.concat {{.*}} {axis = 0 : i64} : (tensor<1x4xf32>, tensor<5x4xf32>) -> tensor<6x4xf32>
// CHECK: kiln.concat {{.*}} {axis = 0 : i64} : (tensor<1x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
func.func @concat(%a: tensor<2x1xf32>, %b: tensor<2x3xf32>, %c: tensor<2x5xf32>, %d: tensor<1x4xf32>, %e: tensor<5x4xf32>, %f: tensor<?x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = kiln.concat %a, %b, %c {axis = 1 : i64} : (tensor<2x1xf32>, tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<*xf32>
  %1 = kiln.concat %d, %e {axis = 0 : i64} : (tensor<1x4xf32>, tensor<5x4xf32>) -> tensor<*xf32>
  %2 = kiln.concat %d, %f {axis = 0 : i64} : (tensor<1x4xf32>, tensor<?x4xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Types flow through a whole graph in one pass: conv -> relu -> pool ->
// flatten -> matmul -> add -> softmax, and the signature follows.
// CHECK-LABEL: func.func @graph
// CHECK-SAME: (%{{.*}}: tensor<1x3x8x8xf32>, %{{.*}}: tensor<8x3x3x3xf32>, %{{.*}}: tensor<128x10xf32>, %{{.*}}: tensor<10xf32>) -> tensor<1x10xf32>
// CHECK: kiln.conv {{.*}}pads = array<i64: 1, 1, 1, 1>{{.*}} -> tensor<1x8x8x8xf32>
// CHECK: kiln.relu %{{.*}} : tensor<1x8x8x8xf32> -> tensor<1x8x8x8xf32>
// CHECK: kiln.max_pool %{{.*}} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
// CHECK: kiln.reshape %{{.*}} {shape = array<i64: 1, -1>} : tensor<1x8x4x4xf32> -> tensor<1x128xf32>
// CHECK: kiln.matmul %{{.*}} : (tensor<1x128xf32>, tensor<128x10xf32>) -> tensor<1x10xf32>
// CHECK: kiln.add %{{.*}} : (tensor<1x10xf32>, tensor<10xf32>) -> tensor<1x10xf32>
// CHECK: %[[P:.*]] = kiln.softmax %{{.*}} {axis = 1 : i64} : tensor<1x10xf32> -> tensor<1x10xf32>
// CHECK: return %[[P]] : tensor<1x10xf32>
func.func @graph(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %fc: tensor<128x10xf32>, %b: tensor<10xf32>) -> tensor<*xf32> {
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "same_upper", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<*xf32>
  %1 = kiln.relu %0 : tensor<*xf32> -> tensor<*xf32>
  %2 = kiln.max_pool %1 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<*xf32> -> tensor<*xf32>
  %3 = kiln.reshape %2 {shape = array<i64: 1, -1>} : tensor<*xf32> -> tensor<*xf32>
  %4 = kiln.matmul %3, %fc : (tensor<*xf32>, tensor<128x10xf32>) -> tensor<*xf32>
  %5 = kiln.add %4, %b : (tensor<*xf32>, tensor<10xf32>) -> tensor<*xf32>
  %6 = kiln.softmax %5 {axis = 1 : i64} : tensor<*xf32> -> tensor<*xf32>
  return %6 : tensor<*xf32>
}

// -----

// Unranked operands leave results unranked; constants and already ranked
// results are kept; a declaration is left alone.
// CHECK-LABEL: func.func private @decl(tensor<*xf32>) -> tensor<*xf32>
// CHECK-LABEL: func.func @unknown
// CHECK-SAME: -> (tensor<*xf32>, tensor<3xf32>)
// CHECK: kiln.relu %{{.*}} : tensor<*xf32> -> tensor<*xf32>
// CHECK: kiln.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
func.func private @decl(tensor<*xf32>) -> tensor<*xf32>
func.func @unknown(%u: tensor<*xf32>) -> (tensor<*xf32>, tensor<3xf32>) {
  %0 = kiln.relu %u : tensor<*xf32> -> tensor<*xf32>
  %c = kiln.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  return %0, %c : tensor<*xf32>, tensor<3xf32>
}
