// RUN: kiln-opt %s -split-input-file -kiln-fold-constants | FileCheck %s

// Folders of the indexing ops: shape computations of exported models
// (Shape -> Gather -> ..., slices of constant index tensors) become constants.

// CHECK-LABEL: func.func @shape_static_dims
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<[4, 5]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @shape_static_dims(%x: tensor<?x4x5xf32>) -> tensor<2xi64> {
  %0 = kiln.shape %x {start = 1 : i64, end = 3 : i64} : tensor<?x4x5xf32> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// A dynamic dimension in range keeps the op.
// CHECK-LABEL: func.func @shape_dynamic_dim
// CHECK: kiln.shape
func.func @shape_dynamic_dim(%x: tensor<?x4xf32>) -> tensor<2xi64> {
  %0 = kiln.shape %x {start = 0 : i64, end = 2 : i64} : tensor<?x4xf32> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Negative indices wrap.
// CHECK-LABEL: func.func @gather
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<{{\[\[}}5, 6], [1, 2]]> : tensor<2x2xi64>
// CHECK-NEXT: return %[[C]]
func.func @gather() -> tensor<2x2xi64> {
  %x = kiln.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi64>
  %i = kiln.constant dense<[-1, 0]> : tensor<2xi32>
  %0 = kiln.gather %x, %i {axis = 0 : i64} : (tensor<3x2xi64>, tensor<2xi32>) -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// -----

// CHECK-LABEL: func.func @slice_reverse
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<[5, 3]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @slice_reverse() -> tensor<2xi64> {
  %x = kiln.constant dense<[0, 1, 2, 3, 4, 5]> : tensor<6xi64>
  %s = kiln.constant dense<-1> : tensor<1xi64>
  %e = kiln.constant dense<2> : tensor<1xi64>
  %a = kiln.constant dense<0> : tensor<1xi64>
  %st = kiln.constant dense<-2> : tensor<1xi64>
  %0 = kiln.slice %x, %s, %e, %a, %st : (tensor<6xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @expand
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<{{\[\[}}1, 2], [1, 2], [1, 2]]> : tensor<3x2xi64>
// CHECK-NEXT: return %[[C]]
func.func @expand() -> tensor<3x2xi64> {
  %x = kiln.constant dense<[1, 2]> : tensor<2xi64>
  %0 = kiln.expand %x {shape = array<i64: 3, 1>} : tensor<2xi64> -> tensor<3x2xi64>
  return %0 : tensor<3x2xi64>
}
