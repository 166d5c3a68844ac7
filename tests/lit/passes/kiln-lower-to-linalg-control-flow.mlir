// RUN: kiln-opt %s -split-input-file -kiln-infer-shapes -kiln-lower-to-linalg | FileCheck %s

// ONNX If and Scan import as scf.if / scf.for around kiln ops: shape
// inference and the lowering reach into their regions.

// CHECK-LABEL: func.func @if_branches
// CHECK: %[[C:.*]] = tensor.extract %{{.*}}[] : tensor<i1>
// CHECK: scf.if %[[C]] -> (tensor<4xf32>)
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK: } else {
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK-NOT: kiln.
func.func @if_branches(%cond: tensor<i1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %c = tensor.extract %cond[] : tensor<i1>
  %r = scf.if %c -> (tensor<4xf32>) {
    %0 = kiln.add %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<*xf32>
    %1 = tensor.cast %0 : tensor<*xf32> to tensor<4xf32>
    scf.yield %1 : tensor<4xf32>
  } else {
    %0 = kiln.mul %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    scf.yield %0 : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// A running sum over the rows: the state stays in the loop-carried tensor.
// CHECK-LABEL: func.func @scan_sum
// CHECK: scf.for %[[T:.*]] = {{.*}} iter_args(%[[S:.*]] = %{{.*}}, %[[OUT:.*]] = %{{.*}})
// CHECK: %[[ROW:.*]] = tensor.extract_slice %{{.*}}[%[[T]], 0] [1, 2] [1, 1] : tensor<3x2xf32> to tensor<2xf32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[S]], %[[ROW]] : tensor<2xf32>, tensor<2xf32>)
// CHECK: tensor.insert_slice %[[SUM]] into %[[OUT]][%[[T]], 0] [1, 2] [1, 1]
// CHECK: bufferization.materialize_in_destination %[[SUM]] in %[[S]]
func.func @scan_sum(%init: tensor<2xf32>, %x: tensor<3x2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %e = tensor.empty() : tensor<3x2xf32>
  %r:2 = scf.for %t = %c0 to %c3 step %c1 iter_args(%s = %init, %out = %e) -> (tensor<2xf32>, tensor<3x2xf32>) {
    %row = tensor.extract_slice %x[%t, 0] [1, 2] [1, 1] : tensor<3x2xf32> to tensor<2xf32>
    %sum = kiln.add %s, %row : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %o = tensor.insert_slice %sum into %out[%t, 0] [1, 2] [1, 1] : tensor<2xf32> into tensor<3x2xf32>
    %m = bufferization.materialize_in_destination %sum in %s : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    scf.yield %m, %o : tensor<2xf32>, tensor<3x2xf32>
  }
  return %r#0, %r#1 : tensor<2xf32>, tensor<3x2xf32>
}
