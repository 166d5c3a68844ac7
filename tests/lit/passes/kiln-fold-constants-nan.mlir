// RUN: kiln-opt %s -split-input-file -kiln-fold-constants | FileCheck %s

// Regression test (bug found in review, now fixed): the folders disagree with
// the lowered code on NaN.

// CHECK-LABEL: func.func @max_min_nan
// CHECK-DAG: %[[MAX:.*]] = kiln.constant dense<[{{0x[7F]FC00000}}, {{0x[7F]FC00000}}, 3.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[MIN:.*]] = kiln.constant dense<[{{0x[7F]FC00000}}, {{0x[7F]FC00000}}, 2.000000e+00]> : tensor<3xf32>
// CHECK: return %[[MAX]], %[[MIN]]
func.func @max_min_nan() -> (tensor<3xf32>, tensor<3xf32>) {
  %a = kiln.constant dense<[0x7FC00000, 1.0, 2.0]> : tensor<3xf32>
  %b = kiln.constant dense<[1.0, 0x7FC00000, 3.0]> : tensor<3xf32>
  %0 = kiln.max %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = kiln.min %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0, %1 : tensor<3xf32>, tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @relu_nan
// CHECK-NEXT: %[[R:.*]] = kiln.constant dense<[{{0x[7F]FC00000}}, 0.000000e+00, 2.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: return %[[R]]
func.func @relu_nan() -> tensor<3xf32> {
  %a = kiln.constant dense<[0x7FC00000, -1.0, 2.0]> : tensor<3xf32>
  %0 = kiln.relu %a : tensor<3xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
