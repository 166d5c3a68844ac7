// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Every verifier check of the kiln ops, with its exact message.

//===----------------------------------------------------------------------===//
// kiln.constant
//===----------------------------------------------------------------------===//

func.func @constant_type_mismatch() -> tensor<3xf32> {
  // expected-error @+1 {{'kiln.constant' op failed to verify that all of {value, result} have same type}}
  %0 = "kiln.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @constant_unranked() -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.constant' op result #0 must be ranked tensor of any type values, but got 'tensor<*xf32>'}}
  %0 = "kiln.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Binary elementwise ops
//===----------------------------------------------------------------------===//

func.func @binary_element_types(%a: tensor<4xf32>, %b: tensor<4xi32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.add' op operands have different element types: 'f32' vs 'i32'}}
  %0 = kiln.add %a, %b : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @binary_element_types_unranked(%a: tensor<*xf32>, %b: tensor<*xf16>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.mul' op operands have different element types: 'f32' vs 'f16'}}
  %0 = kiln.mul %a, %b : (tensor<*xf32>, tensor<*xf16>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @binary_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.sub' op operand shapes 'tensor<2x3xf32>' and 'tensor<4xf32>' do not broadcast}}
  %0 = kiln.sub %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @binary_no_broadcast_leading(%a: tensor<2x1x3xf32>, %b: tensor<5x4x3xf32>) -> tensor<5x4x3xf32> {
  // expected-error @+1 {{'kiln.max' op operand shapes 'tensor<2x1x3xf32>' and 'tensor<5x4x3xf32>' do not broadcast}}
  %0 = kiln.max %a, %b : (tensor<2x1x3xf32>, tensor<5x4x3xf32>) -> tensor<5x4x3xf32>
  return %0 : tensor<5x4x3xf32>
}

// -----

func.func @binary_result_shape(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'kiln.div' op result type 'tensor<3x3xf32>' does not match the inferred type 'tensor<2x3xf32>'}}
  %0 = kiln.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @binary_result_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{'kiln.pow' op result type 'tensor<6xf32>' does not match the inferred type 'tensor<2x3xf32>'}}
  %0 = kiln.pow %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @binary_result_element_type(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf16> {
  // expected-error @+1 {{'kiln.min' op result element type 'f16' differs from the operand element type 'f32'}}
  %0 = kiln.min %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

func.func @binary_non_tensor(%a: f32, %b: f32) -> f32 {
  // expected-error @+1 {{'kiln.add' op operand #0 must be tensor of any type values, but got 'f32'}}
  %0 = kiln.add %a, %b : (f32, f32) -> f32
  return %0 : f32
}

// -----

//===----------------------------------------------------------------------===//
// Unary elementwise ops, leaky_relu, clip
//===----------------------------------------------------------------------===//

func.func @unary_result_shape(%x: tensor<4xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{'kiln.relu' op result type 'tensor<5xf32>' does not match the inferred type 'tensor<4xf32>'}}
  %0 = kiln.relu %x : tensor<4xf32> -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @unary_result_element_type(%x: tensor<4xf32>) -> tensor<4xf64> {
  // expected-error @+1 {{'kiln.exp' op result element type 'f64' differs from the operand element type 'f32'}}
  %0 = kiln.exp %x : tensor<4xf32> -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

func.func @leaky_relu_result(%x: tensor<2x4xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'kiln.leaky_relu' op result type 'tensor<4x2xf32>' does not match the inferred type 'tensor<2x4xf32>'}}
  %0 = kiln.leaky_relu %x {alpha = 0.1 : f32} : tensor<2x4xf32> -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @leaky_relu_alpha_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.leaky_relu' op attribute 'alpha' failed to satisfy constraint: 32-bit float attribute}}
  %0 = kiln.leaky_relu %x {alpha = 0.1 : f64} : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_bound_element_type(%x: tensor<4xf32>, %lo: tensor<f16>, %hi: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.clip' op bounds must have the input's element type 'f32'}}
  %0 = kiln.clip %x, %lo, %hi : (tensor<4xf32>, tensor<f16>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_bound_rank(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.clip' op bounds must be rank-0 tensors, got 'tensor<1xf32>'}}
  %0 = kiln.clip %x, %lo, %hi : (tensor<4xf32>, tensor<f32>, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_result(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<f32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'kiln.clip' op result type 'tensor<2x2xf32>' does not match the inferred type 'tensor<4xf32>'}}
  %0 = kiln.clip %x, %lo, %hi : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// kiln.matmul
//===----------------------------------------------------------------------===//

func.func @matmul_element_types(%a: tensor<2x3xf32>, %b: tensor<3x4xf16>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'kiln.matmul' op operands have different element types}}
  %0 = kiln.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf16>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @matmul_rank1(%a: tensor<3xf32>, %b: tensor<3x4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.matmul' op expects operands of rank >= 2}}
  %0 = kiln.matmul %a, %b : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @matmul_contraction(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'kiln.matmul' op contraction dimensions differ: 3 vs 4}}
  %0 = kiln.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @matmul_batch(%a: tensor<2x2x3xf32>, %b: tensor<3x3x4xf32>) -> tensor<3x2x4xf32> {
  // expected-error @+1 {{'kiln.matmul' op has operands whose shapes are inconsistent}}
  %0 = kiln.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x3x4xf32>) -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}

// -----

func.func @matmul_result(%a: tensor<5x2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'kiln.matmul' op result type 'tensor<2x4xf32>' does not match the inferred type 'tensor<5x2x4xf32>'}}
  %0 = kiln.matmul %a, %b : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// kiln.conv
//===----------------------------------------------------------------------===//

func.func @conv_element_types(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf16>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op input and weight have different element types}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf16>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_ranks(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op input rank 4 differs from weight rank 3}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_groups(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op expects groups >= 1}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 0 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_input_rank(%x: tensor<3x8xf32>, %w: tensor<4x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op expects input and weight of rank >= 3, got rank 2}}
  %0 = kiln.conv %x, %w {dilations = array<i64>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64>, strides = array<i64>} : (tensor<3x8xf32>, tensor<4x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_strides_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op expects 2 entries in 'strides', got 1}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_strides_value(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op expects every 'strides' entry >= 1, got 0}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_pads_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op expects 4 entries in 'pads', got 2}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_pads_value(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op expects every 'pads' entry >= 0, got -1}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, -1, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_dilations_length(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op expects 1 entries in 'dilations', got 2}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<1x3x8xf32>, tensor<4x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_dilations_value(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op expects every 'dilations' entry >= 1, got 0}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 0, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_pad_mode(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op has unknown pad_mode 'valid'}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "valid", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op input channels 3 != weight channels 2 x groups 1}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_channels_grouped(%x: tensor<1x6x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op input channels 6 != weight channels 2 x groups 2}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x6x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_output_channels_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<5x2x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op output channels 5 not divisible by groups 2}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<5x2x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<1x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op expects a rank-1 bias}}
  %0 = kiln.conv %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_bias_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op bias length differs from output channels}}
  %0 = kiln.conv %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @conv_result(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'kiln.conv' op result type 'tensor<1x4x8x8xf32>' does not match the inferred type 'tensor<1x4x6x6xf32>'}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv_result_same(%x: tensor<1x3x9x9xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'kiln.conv' op result type 'tensor<1x4x4x4xf32>' does not match the inferred type 'tensor<1x4x5x5xf32>'}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "same_lower", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @conv_missing_attr(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.conv' op requires attribute 'pad_mode'}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

func.func @max_pool_kernel_value(%x: tensor<1x1x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.max_pool' op expects every 'kernel' entry >= 1, got 0}}
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 0>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x1x4x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @max_pool_kernel_rank(%x: tensor<1x1x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.max_pool' op kernel has 1 entries but the input has rank 4}}
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1>, kernel = array<i64: 2>, pad_mode = "explicit", pads = array<i64: 0, 0>, strides = array<i64: 1>} : tensor<1x1x4x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @max_pool_dilations_length(%x: tensor<1x1x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.max_pool' op expects 2 entries in 'dilations', got 3}}
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x1x4x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @max_pool_pad_mode(%x: tensor<1x1x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.max_pool' op has unknown pad_mode 'SAME_UPPER'}}
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "SAME_UPPER", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x1x4x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @max_pool_result(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  // Without ceil_mode a 5-wide input gives 2 windows of 2 with stride 2.
  // expected-error @+1 {{'kiln.max_pool' op result type 'tensor<1x1x3x3xf32>' does not match the inferred type 'tensor<1x1x2x2xf32>'}}
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

func.func @avg_pool_strides_length(%x: tensor<1x1x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.avg_pool' op expects 2 entries in 'strides', got 1}}
  %0 = kiln.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2>} : tensor<1x1x4x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @avg_pool_pads_length(%x: tensor<1x1x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.avg_pool' op expects 4 entries in 'pads', got 3}}
  %0 = kiln.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @avg_pool_input_rank(%x: tensor<4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.avg_pool' op kernel has 2 entries but the input has rank 2}}
  %0 = kiln.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<4x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @avg_pool_result_ceil(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x2x2xf32> {
  // With ceil_mode the partial last window counts: 3 outputs.
  // expected-error @+1 {{'kiln.avg_pool' op result type 'tensor<1x1x2x2xf32>' does not match the inferred type 'tensor<1x1x3x3xf32>'}}
  %0 = kiln.avg_pool %x {ceil_mode = true, count_include_pad = false, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @avg_pool_bool_attr(%x: tensor<1x1x4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.avg_pool' op attribute 'count_include_pad' failed to satisfy constraint: bool attribute}}
  %0 = kiln.avg_pool %x {ceil_mode = false, count_include_pad = 0 : i64, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

//===----------------------------------------------------------------------===//
// kiln.reduce and kiln.softmax
//===----------------------------------------------------------------------===//

func.func @reduce_kind(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reduce' op has unknown kind 'avg'}}
  %0 = kiln.reduce %x {axes = array<i64: 1>, keepdims = false, kind = "avg"} : tensor<2x3xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_axes_unsorted(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reduce' op expects sorted, unique, non-negative axes}}
  %0 = kiln.reduce %x {axes = array<i64: 2, 1>, keepdims = false, kind = "sum"} : tensor<2x3x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_axes_duplicate(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reduce' op expects sorted, unique, non-negative axes}}
  %0 = kiln.reduce %x {axes = array<i64: 1, 1>, keepdims = false, kind = "sum"} : tensor<2x3x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_axes_negative(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reduce' op expects sorted, unique, non-negative axes}}
  %0 = kiln.reduce %x {axes = array<i64: -1>, keepdims = false, kind = "prod"} : tensor<2x3x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_axis_range(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reduce' op axis 3 out of range for rank 3}}
  %0 = kiln.reduce %x {axes = array<i64: 0, 3>, keepdims = true, kind = "max"} : tensor<2x3x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reduce_result_keepdims(%x: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'kiln.reduce' op result type 'tensor<2x4xf32>' does not match the inferred type 'tensor<2x1x4xf32>'}}
  %0 = kiln.reduce %x {axes = array<i64: 1>, keepdims = true, kind = "mean"} : tensor<2x3x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @reduce_result_no_keepdims(%x: tensor<2x3x4xf32>) -> tensor<2x1x4xf32> {
  // expected-error @+1 {{'kiln.reduce' op result type 'tensor<2x1x4xf32>' does not match the inferred type 'tensor<2x4xf32>'}}
  %0 = kiln.reduce %x {axes = array<i64: 1>, keepdims = false, kind = "min"} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// -----

func.func @softmax_axis_too_large(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'kiln.softmax' op axis 2 out of range for rank 2}}
  %0 = kiln.softmax %x {axis = 2 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @softmax_result(%x: tensor<2x10xf32>) -> tensor<10x2xf32> {
  // expected-error @+1 {{'kiln.softmax' op result type 'tensor<10x2xf32>' does not match the inferred type 'tensor<2x10xf32>'}}
  %0 = kiln.softmax %x {axis = 1 : i64} : tensor<2x10xf32> -> tensor<10x2xf32>
  return %0 : tensor<10x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// kiln.reshape
//===----------------------------------------------------------------------===//

func.func @reshape_two_minus_one(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reshape' op expects at most one -1 in 'shape'}}
  %0 = kiln.reshape %x {shape = array<i64: -1, -1>} : tensor<2x3x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_invalid_dim(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reshape' op has invalid target dimension -2}}
  %0 = kiln.reshape %x {shape = array<i64: 2, -2>} : tensor<2x3x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'kiln.reshape' op cannot reshape 'tensor<2x3xf32>' to 'tensor<4x2xf32>'}}
  %0 = kiln.reshape %x {shape = array<i64: 4, 2>} : tensor<2x3xf32> -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @reshape_indivisible(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.reshape' op cannot reshape 'tensor<2x3xf32>' to 'tensor<*xf32>'}}
  %0 = kiln.reshape %x {shape = array<i64: 4, -1>} : tensor<2x3xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_result(%x: tensor<2x3x4xf32>) -> tensor<3x8xf32> {
  // expected-error @+1 {{'kiln.reshape' op result type 'tensor<3x8xf32>' does not match 'shape'}}
  %0 = kiln.reshape %x {shape = array<i64: 2, -1>} : tensor<2x3x4xf32> -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}

// -----

//===----------------------------------------------------------------------===//
// kiln.transpose
//===----------------------------------------------------------------------===//

func.func @transpose_duplicate(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.transpose' op 'perm' is not a permutation}}
  %0 = kiln.transpose %x {perm = array<i64: 0, 0>} : tensor<2x3xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @transpose_out_of_range(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.transpose' op 'perm' is not a permutation}}
  %0 = kiln.transpose %x {perm = array<i64: 1, 2>} : tensor<2x3xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @transpose_negative(%u: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.transpose' op 'perm' is not a permutation}}
  %0 = kiln.transpose %u {perm = array<i64: -1, 0>} : tensor<*xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @transpose_rank(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.transpose' op 'perm' has 2 entries for an input of rank 3}}
  %0 = kiln.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3x4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @transpose_result(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  // expected-error @+1 {{'kiln.transpose' op result type 'tensor<4x2x3xf32>' does not match the inferred type 'tensor<3x4x2xf32>'}}
  %0 = kiln.transpose %x {perm = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// kiln.concat
//===----------------------------------------------------------------------===//

func.func @concat_empty() -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.concat' op expects at least one input}}
  %0 = "kiln.concat"() {axis = 0 : i64} : () -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_element_types(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.concat' op inputs have different element types}}
  %0 = kiln.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_other_dim(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.concat' op has operands whose shapes are inconsistent}}
  %0 = kiln.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_ranks(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.concat' op has operands whose shapes are inconsistent}}
  %0 = kiln.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3x1xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_axis_range(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'kiln.concat' op has operands whose shapes are inconsistent}}
  %0 = kiln.concat %a, %b {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_result(%a: tensor<1x4xf32>, %b: tensor<2x4xf32>) -> tensor<3x8xf32> {
  // expected-error @+1 {{'kiln.concat' op input 'tensor<1x4xf32>' does not match result 'tensor<3x8xf32>' outside the concatenation axis}}
  %0 = kiln.concat %a, %b {axis = 0 : i64} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Parser errors of the custom assembly formats.
//===----------------------------------------------------------------------===//

func.func @unknown_op(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{custom op 'kiln.gelu' is unknown}}
  %0 = kiln.gelu %x : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
