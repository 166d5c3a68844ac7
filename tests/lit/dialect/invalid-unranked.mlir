// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Regression test (bug found in review, now fixed): the verifiers compare a
// result with the inferred type only when both are ranked (verifyResultType
// returns success as soon as either is unranked), and skip their other checks
// when an operand is unranked.

func.func @unary_unranked_result_element_type(%x: tensor<4xf32>) -> tensor<*xi32> {
  // expected-error @+1 {{'kiln.relu' op result element type 'i32' differs from the operand element type 'f32'}}
  %0 = kiln.relu %x : tensor<4xf32> -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @unary_unranked_operand_element_type(%u: tensor<*xf32>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.relu' op result element type 'i32' differs from the operand element type 'f32'}}
  %0 = kiln.relu %u : tensor<*xf32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @binary_unranked_element_type(%u: tensor<*xf32>, %v: tensor<*xf32>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.add' op result element type 'i32' differs from the operand element type 'f32'}}
  %0 = kiln.add %u, %v : (tensor<*xf32>, tensor<*xf32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @reshape_unranked_operand(%u: tensor<*xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{'kiln.reshape' op result rank 1 differs from 'shape' size 2}}
  %0 = kiln.reshape %u {shape = array<i64: 2, 3>} : tensor<*xf32> -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @transpose_unranked_operand(%u: tensor<*xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{'kiln.transpose' op result rank 1 differs from 'perm' size 2}}
  %0 = kiln.transpose %u {perm = array<i64: 1, 0>} : tensor<*xf32> -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @concat_unranked_operand(%x: tensor<2x3xf32>, %u: tensor<*xf32>) -> tensor<9x9xf32> {
  // expected-error @+1 {{'kiln.concat' op input 'tensor<2x3xf32>' does not match result 'tensor<9x9xf32>' outside the concatenation axis}}
  %0 = kiln.concat %x, %u {axis = 0 : i64} : (tensor<2x3xf32>, tensor<*xf32>) -> tensor<9x9xf32>
  return %0 : tensor<9x9xf32>
}
