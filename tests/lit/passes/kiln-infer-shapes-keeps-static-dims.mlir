// RUN: kiln-opt %s -split-input-file -kiln-infer-shapes | FileCheck %s

// Regression test (bug found in review, now fixed): kiln-infer-shapes replaces
// a result type by the inferred type even when the declared type is more
// precise.

// CHECK-LABEL: func.func @keeps_static_dim
// CHECK-SAME: (%{{.*}}: tensor<?x3xf32>) -> tensor<4x3xf32>
// CHECK: kiln.relu %{{.*}} : tensor<?x3xf32> -> tensor<4x3xf32>
func.func @keeps_static_dim(%a: tensor<?x3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.relu %a : tensor<?x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Both sides contribute: the batch from the declaration, the rest from the
// operands.
// CHECK-LABEL: func.func @joins_dims
// CHECK: kiln.matmul {{.*}} : (tensor<?x2x3xf32>, tensor<3x5xf32>) -> tensor<8x2x5xf32>
func.func @joins_dims(%a: tensor<?x2x3xf32>, %b: tensor<3x5xf32>) -> tensor<8x?x?xf32> {
  %0 = kiln.matmul %a, %b : (tensor<?x2x3xf32>, tensor<3x5xf32>) -> tensor<8x?x?xf32>
  return %0 : tensor<8x?x?xf32>
}
