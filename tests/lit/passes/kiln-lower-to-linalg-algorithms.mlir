// RUN: kiln-opt %s -split-input-file -kiln-lower-to-linalg -verify-diagnostics | FileCheck %s

// Lowering of the loop-lowered op family (KilnAlgorithmOps.td) to scf loops
// over tensors.

// det: a loop over the batch; per matrix, LU elimination with partial
// pivoting (|a[i, k]| maximum, row swap, product of pivots).
// CHECK-LABEL: func.func @det
// CHECK: scf.for {{.*}} -> (tensor<3xf32>)
// CHECK: tensor.extract_slice %{{.*}} [1, 2, 2] [1, 1, 1] : tensor<3x2x2xf32> to tensor<2x2xf32>
// CHECK: scf.for {{.*}} -> (tensor<2x2xf32>, f32)
// CHECK: math.absf
// CHECK: arith.cmpf ogt
// CHECK: arith.negf
// CHECK: arith.divf
// CHECK: arith.subf
// CHECK: tensor.insert %{{.*}}#1 into
func.func @det(%x: tensor<3x2x2xf32>) -> tensor<3xf32> {
  %0 = kiln.det %x : tensor<3x2x2xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// non_max_suppression: batches x classes x rounds, each round an argmax
// over the boxes and a suppression sweep; rows are written while they fit.
// CHECK-LABEL: func.func @non_max_suppression
// CHECK: linalg.fill ins(%{{.*}} : i64) outs(%{{.*}} : tensor<3x3xi64>)
// CHECK: scf.for
// CHECK: scf.for
// CHECK: linalg.fill ins(%{{.*}} : i1) outs(%{{.*}} : tensor<?xi1>)
// CHECK: scf.for {{.*}} -> (tensor<3x3xi64>, index, tensor<?xi1>)
// CHECK: scf.for {{.*}} -> (f32, index, i1)
// CHECK: scf.if
// CHECK: arith.cmpi ult
// CHECK: arith.divf
// CHECK: arith.cmpf ogt
func.func @non_max_suppression(%b: tensor<1x6x4xf32>, %s: tensor<1x1x6xf32>, %m: tensor<1xi64>,
                               %t: tensor<1xf32>) -> tensor<3x3xi64> {
  %0 = kiln.non_max_suppression %b, %s, %m, %t, %t {center_point_box = false} : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<3x3xi64>
  return %0 : tensor<3x3xi64>
}

// -----

// The number of selected boxes must be known (the model's declared shape).
func.func @non_max_suppression_dynamic(%b: tensor<1x6x4xf32>, %s: tensor<1x1x6xf32>, %m: tensor<1xi64>,
                                       %t: tensor<1xf32>) -> tensor<?x3xi64> {
  // expected-error @+1 {{failed to legalize operation 'kiln.non_max_suppression' that was explicitly marked illegal}}
  %0 = kiln.non_max_suppression %b, %s, %m, %t, %t {center_point_box = false} : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}

// -----

// unique: first occurrences, then positions, then a scatter by position.
// CHECK-LABEL: func.func @unique_values
// CHECK: scf.for {{.*}} -> (tensor<?xindex>)
// CHECK: scf.for {{.*}} -> (tensor<?xindex>)
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4x2xf32>)
// CHECK: scf.for {{.*}} -> (tensor<4x2xf32>)
// CHECK: tensor.insert %{{.*}} into %{{.*}} : tensor<4x2xf32>
func.func @unique_values(%x: tensor<6x2xf32>) -> tensor<4x2xf32> {
  %0 = kiln.unique %x {part = "values", sorted = true} : tensor<6x2xf32> -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// CHECK-LABEL: func.func @unique_inverse
// CHECK: tensor.empty() : tensor<6xi64>
// CHECK: arith.index_cast %{{.*}} : index to i64
// CHECK: tensor.insert %{{.*}} into %{{.*}} : tensor<6xi64>
func.func @unique_inverse(%x: tensor<6x1xi32>) -> tensor<6xi64> {
  %0 = kiln.unique %x {part = "inverse", sorted = false} : tensor<6x1xi32> -> tensor<6xi64>
  return %0 : tensor<6xi64>
}
