// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Regression test: negative integer attributes once read back as huge
// uint64_t values (ODS I64Attr), so the negative-value checks never fired.

func.func @concat_negative_axis(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.concat' op expects a non-negative axis}}
  %0 = kiln.concat %a, %b {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_negative_axis_unranked(%u: tensor<*xf32>, %v: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.concat' op expects a non-negative axis}}
  %0 = kiln.concat %u, %v {axis = -1 : i64} : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @softmax_negative_axis(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'kiln.softmax' op axis -1 out of range for rank 2}}
  %0 = kiln.softmax %x {axis = -1 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @conv_negative_groups(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op expects groups >= 1}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = -1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_negative_groups_unranked(%x: tensor<*xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op expects groups >= 1}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = -1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<*xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
