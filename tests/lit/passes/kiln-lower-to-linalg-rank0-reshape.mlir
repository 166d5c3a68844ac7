// RUN: kiln-opt %s -split-input-file -kiln-lower-to-linalg | FileCheck %s

// Regression test (bug found in review, now fixed): reshaping a rank-0 tensor
// (ONNX Unsqueeze of a scalar) lowers to `tensor.collapse_shape %x [] :
// tensor<f32> into tensor<1xf32>`, which fails to verify ("expected the
// expanded type .

// CHECK-LABEL: func.func @scalar_to_1d
// CHECK-SAME: (%[[X:.*]]: tensor<f32>)
// CHECK-NOT: tensor.collapse_shape
// CHECK: %[[R:.*]] = tensor.expand_shape %[[X]] [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK: return %[[R]] : tensor<1xf32>
func.func @scalar_to_1d(%x: tensor<f32>) -> tensor<1xf32> {
  %0 = kiln.reshape %x {shape = array<i64: 1>} : tensor<f32> -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

// CHECK-LABEL: func.func @scalar_to_2d
// CHECK-SAME: (%[[X:.*]]: tensor<i64>)
// CHECK-NOT: tensor.collapse_shape
// CHECK: tensor.expand_shape %[[X]] [] output_shape [{{.*}}] : tensor<i64> into tensor<{{.*}}xi64>
// CHECK-NOT: tensor.collapse_shape
// CHECK: return %{{.*}} : tensor<1x1xi64>
func.func @scalar_to_2d(%x: tensor<i64>) -> tensor<1x1xi64> {
  %0 = kiln.reshape %x {shape = array<i64: 1, 1>} : tensor<i64> -> tensor<1x1xi64>
  return %0 : tensor<1x1xi64>
}
