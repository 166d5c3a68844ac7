// RUN: kiln-opt %s -split-input-file -kiln-fold-constants | FileCheck %s

// Constant evaluation of casts, comparisons, selection and integer logic.

// CHECK-LABEL: func.func @cast_float_to_int
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<[-2, 2, 127, -128, 0]> : tensor<5xi8>
// CHECK-NEXT: return %[[C]]
func.func @cast_float_to_int() -> tensor<5xi8> {
  %a = kiln.constant dense<[-2.7, 2.7, 1000.0, -1000.0, 0x7FC00000]> : tensor<5xf32>
  %0 = kiln.cast %a : tensor<5xf32> -> tensor<5xi8>
  return %0 : tensor<5xi8>
}

// -----

// i64 shape values become floats and back.
// CHECK-LABEL: func.func @cast_int_to_float
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<[2.000000e+00, 3.000000e+00, 2.550000e+02]> : tensor<3xf32>
func.func @cast_int_to_float() -> tensor<3xf32> {
  %a = kiln.constant dense<[2, 3, 255]> : tensor<3xui8>
  %0 = kiln.cast %a : tensor<3xui8> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @compare_and_select
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<[1.000000e+00, 2.000000e+01, 3.000000e+01]> : tensor<3xf32>
func.func @compare_and_select() -> tensor<3xf32> {
  %a = kiln.constant dense<[1.0, 5.0, 7.0]> : tensor<3xf32>
  %b = kiln.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %t = kiln.constant dense<4.0> : tensor<f32>
  %c = kiln.compare "lt" %a, %t : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %0 = kiln.select %c, %a, %b : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Python-style and C-style remainders.
// CHECK-LABEL: func.func @remainders
// CHECK-NEXT: %[[M:.*]] = kiln.constant dense<[1, -1, 0]> : tensor<3xi32>
// CHECK-NEXT: %[[F:.*]] = kiln.constant dense<[-2, 2, 0]> : tensor<3xi32>
func.func @remainders() -> (tensor<3xi32>, tensor<3xi32>) {
  %a = kiln.constant dense<[-5, 5, 7]> : tensor<3xi32>
  %b = kiln.constant dense<[3, -3, 0]> : tensor<3xi32>
  %0 = kiln.mod %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %1 = kiln.fmod %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %0, %1 : tensor<3xi32>, tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @logic
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<[false, true, true, true]> : tensor<4xi1>
func.func @logic() -> tensor<4xi1> {
  %a = kiln.constant dense<[false, false, true, true]> : tensor<4xi1>
  %b = kiln.constant dense<[false, true, false, true]> : tensor<4xi1>
  %n = kiln.not %a : tensor<4xi1> -> tensor<4xi1>
  %x = kiln.xor %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %0 = kiln.or %x, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// A splat condition picks one side without evaluating.
// CHECK-LABEL: func.func @select_splat
// CHECK-SAME: (%[[A:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK-NEXT: return %[[B]]
func.func @select_splat(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  %c = kiln.constant dense<false> : tensor<3xi1>
  %0 = kiln.select %c, %a, %b : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
