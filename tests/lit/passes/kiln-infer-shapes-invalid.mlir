// RUN: kiln-opt %s -split-input-file -kiln-infer-shapes -verify-diagnostics

// Operands that only turn out to be inconsistent once the types of their
// producers are known make kiln-infer-shapes fail, naming the op.

func.func @broadcast_after_inference(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<4xf32>) -> tensor<*xf32> {
  %0 = kiln.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<*xf32>
  // expected-error @+1 {{'kiln.mul' op operand types are inconsistent: 'tensor<2x3xf32>', 'tensor<4xf32>'}}
  %1 = kiln.mul %0, %c : (tensor<*xf32>, tensor<4xf32>) -> tensor<*xf32>
  return %1 : tensor<*xf32>
}

// -----

func.func @matmul_after_inference(%a: tensor<2x3xf32>, %w: tensor<5x4xf32>) -> tensor<*xf32> {
  %0 = kiln.relu %a : tensor<2x3xf32> -> tensor<*xf32>
  // expected-error @+1 {{'kiln.matmul' op operand types are inconsistent: 'tensor<2x3xf32>', 'tensor<5x4xf32>'}}
  %1 = kiln.matmul %0, %w : (tensor<*xf32>, tensor<5x4xf32>) -> tensor<*xf32>
  return %1 : tensor<*xf32>
}

// -----

func.func @concat_after_inference(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<*xf32> {
  %0 = kiln.exp %a : tensor<2x3xf32> -> tensor<*xf32>
  // expected-error @+1 {{'kiln.concat' op operand types are inconsistent: 'tensor<2x3xf32>', 'tensor<2x4xf32>'}}
  %1 = kiln.concat %0, %b {axis = 0 : i64} : (tensor<*xf32>, tensor<2x4xf32>) -> tensor<*xf32>
  return %1 : tensor<*xf32>
}

// -----

func.func @reshape_after_inference(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  %0 = kiln.neg %a : tensor<2x3xf32> -> tensor<*xf32>
  // expected-error @+1 {{'kiln.reshape' op operand types are inconsistent: 'tensor<2x3xf32>'}}
  %1 = kiln.reshape %0 {shape = array<i64: 4, -1>} : tensor<*xf32> -> tensor<*xf32>
  return %1 : tensor<*xf32>
}

// -----

func.func @transpose_after_inference(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  %0 = kiln.tanh %a : tensor<2x3xf32> -> tensor<*xf32>
  // expected-error @+1 {{'kiln.transpose' op operand types are inconsistent: 'tensor<2x3xf32>'}}
  %1 = kiln.transpose %0 {perm = array<i64: 2, 0, 1>} : tensor<*xf32> -> tensor<*xf32>
  return %1 : tensor<*xf32>
}

// -----

func.func @pool_after_inference(%a: tensor<4x4xf32>) -> tensor<*xf32> {
  %0 = kiln.abs %a : tensor<4x4xf32> -> tensor<*xf32>
  // expected-error @+1 {{'kiln.max_pool' op operand types are inconsistent: 'tensor<4x4xf32>'}}
  %1 = kiln.max_pool %0 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<*xf32> -> tensor<*xf32>
  return %1 : tensor<*xf32>
}
