// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier checks of the ops in KilnElementwiseOps.td, with their messages.

func.func @cast_shape(%x: tensor<2x3xf32>) -> tensor<3x2xi32> {
  // expected-error @+1 {{'kiln.cast' op result type 'tensor<3x2xi32>' does not match the inferred type 'tensor<2x3xi32>'}}
  %0 = kiln.cast %x : tensor<2x3xf32> -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}

// -----

func.func @cast_index(%x: tensor<2xindex>) -> tensor<2xi64> {
  // expected-error @+1 {{'kiln.cast' op expects integer or float element types, got 'index'}}
  %0 = kiln.cast %x : tensor<2xindex> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @compare_predicate(%a: tensor<4xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.compare' op has unknown predicate 'less'}}
  %0 = kiln.compare "less" %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @compare_element_types(%a: tensor<4xf32>, %b: tensor<4xi32>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.compare' op operands have different element types: 'f32' vs 'i32'}}
  %0 = kiln.compare "eq" %a, %b : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @compare_result(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.compare' op expects an i1 result, got 'f32'}}
  %0 = kiln.compare "eq" %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @compare_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xi1> {
  // expected-error @+1 {{'kiln.compare' op has operands whose shapes are inconsistent}}
  %0 = kiln.compare "gt" %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xi1>
  return %0 : tensor<2x3xi1>
}

// -----

func.func @select_condition(%c: tensor<4xi8>, %a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.select' op expects an i1 condition, got 'i8'}}
  %0 = kiln.select %c, %a, %a : (tensor<4xi8>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @select_values(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.select' op values have different element types: 'f32' vs 'f16'}}
  %0 = kiln.select %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @select_shape(%c: tensor<2x1xi1>, %a: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'kiln.select' op result type 'tensor<3xf32>' does not match the inferred type 'tensor<2x3xf32>'}}
  %0 = kiln.select %c, %a, %a : (tensor<2x1xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @and_float(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.and' op expects an integer or i1 element type, got 'f32'}}
  %0 = kiln.and %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @shl_mixed(%a: tensor<4xui8>, %b: tensor<4xui16>) -> tensor<4xui8> {
  // expected-error @+1 {{'kiln.shl' op operands have different element types: 'ui8' vs 'ui16'}}
  %0 = kiln.shl %a, %b : (tensor<4xui8>, tensor<4xui16>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @mod_bool(%a: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.mod' op expects an integer or float element type, got 'i1'}}
  %0 = kiln.mod %a, %a : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @sin_integer(%a: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.sin' op expects a float element type, got 'i32'}}
  %0 = kiln.sin %a : tensor<4xi32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @not_float(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.not' op expects an integer or i1 element type, got 'f32'}}
  %0 = kiln.not %a : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @floor_result(%a: tensor<4xf32>) -> tensor<4xf64> {
  // expected-error @+1 {{'kiln.floor' op result element type 'f64' differs from the operand element type 'f32'}}
  %0 = kiln.floor %a : tensor<4xf32> -> tensor<4xf64>
  return %0 : tensor<4xf64>
}
