// RUN: kiln-opt %s -split-input-file -kiln-lower-to-linalg -verify-diagnostics

// Ops the lowering cannot handle stay illegal and the conversion fails,
// naming the op. (Dynamic dims lower: see kiln-lower-to-linalg-dynamic.mlir.)

// Unranked results (shape inference did not run).
func.func @unranked_result(%a: tensor<4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.relu' that was explicitly marked illegal}}
  %0 = kiln.relu %a : tensor<4xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Transcendental functions exist for floats only.
func.func @int_exp(%a: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.exp' that was explicitly marked illegal}}
  %0 = kiln.exp %a : tensor<4xi32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @int_softmax(%a: tensor<2x4xi32>) -> tensor<2x4xi32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.softmax' that was explicitly marked illegal}}
  %0 = kiln.softmax %a {axis = 1 : i64} : tensor<2x4xi32> -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}

// -----

func.func @int_avg_pool(%x: tensor<1x1x4x4xi32>) -> tensor<1x1x2x2xi32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.avg_pool' that was explicitly marked illegal}}
  %0 = kiln.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xi32> -> tensor<1x1x2x2xi32>
  return %0 : tensor<1x1x2x2xi32>
}

// -----

// same_* padding must be resolved by kiln-infer-shapes first.
func.func @unresolved_pads(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.conv' that was explicitly marked illegal}}
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "same_upper", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @unresolved_pool_pads(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.max_pool' that was explicitly marked illegal}}
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pad_mode = "same_lower", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Unranked or dynamic operands next to a static result (the verifier accepts
// them: the inferred type is unknown or dynamic) are rejected the same way,
// for every op family, instead of crashing or producing invalid linalg.

func.func @add_unranked_operand(%u: tensor<*xf32>, %x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.add' that was explicitly marked illegal}}
  %0 = kiln.add %u, %x : (tensor<*xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @relu_unranked_operand(%u: tensor<*xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.relu' that was explicitly marked illegal}}
  %0 = kiln.relu %u : tensor<*xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @matmul_unranked_operand(%u: tensor<*xf32>, %x: tensor<3x2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.matmul' that was explicitly marked illegal}}
  %0 = kiln.matmul %u, %x : (tensor<*xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @reduce_unranked_operand(%u: tensor<*xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.reduce' that was explicitly marked illegal}}
  %0 = kiln.reduce %u {axes = array<i64: 1>, keepdims = false, kind = "sum"} : tensor<*xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @max_pool_unranked_operand(%u: tensor<*xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.max_pool' that was explicitly marked illegal}}
  %0 = kiln.max_pool %u {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<*xf32> -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @reshape_unranked_operand(%u: tensor<*xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.reshape' that was explicitly marked illegal}}
  %0 = kiln.reshape %u {shape = array<i64: 2, 3>} : tensor<*xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @concat_unranked_operand(%u: tensor<*xf32>, %x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.concat' that was explicitly marked illegal}}
  %0 = kiln.concat %x, %u {axis = 0 : i64} : (tensor<2x3xf32>, tensor<*xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @transpose_unranked_operand(%u: tensor<*xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{failed to legalize operation 'kiln.transpose' that was explicitly marked illegal}}
  %0 = kiln.transpose %u {perm = array<i64: 1, 0>} : tensor<*xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
