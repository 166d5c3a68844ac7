// RUN: kiln-opt %s -kiln-cpu-split-empty-tensors | FileCheck %s

// A tensor.empty shared by two destinations (as CSE leaves them) is cloned
// so that each gets its own buffer when bufferized, instead of a copy.
// CHECK-LABEL: func.func @shared_empty
// CHECK-COUNT-2: tensor.empty() : tensor<8xf32>
// CHECK-NOT: tensor.empty
// CHECK-DAG: %[[A:.*]] = linalg.fill ins(%arg0 : f32)
// CHECK-DAG: %[[B:.*]] = linalg.fill ins(%arg1 : f32)
// CHECK: return %[[A]], %[[B]]
func.func @shared_empty(%x: f32, %y: f32) -> (tensor<8xf32>, tensor<8xf32>) {
  %e = tensor.empty() : tensor<8xf32>
  %a = linalg.fill ins(%x : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %b = linalg.fill ins(%y : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return %a, %b : tensor<8xf32>, tensor<8xf32>
}

// One filled padded buffer shared by two inserts (CSE merges the padded
// inputs of same-shaped layers): each insert gets its own empty and fill,
// so both interiors can be written in place instead of copying the buffer.
// CHECK-LABEL: func.func @shared_padded_fill
// (Which copy goes to which insert follows the use-list order.)
// CHECK: %[[E1:.*]] = tensor.empty() : tensor<6x6xf32>
// CHECK: %[[E2:.*]] = tensor.empty() : tensor<6x6xf32>
// CHECK-DAG: %[[F1:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E1]] : tensor<6x6xf32>)
// CHECK-DAG: %[[F2:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E2]] : tensor<6x6xf32>)
// CHECK-DAG: tensor.insert_slice %{{arg[01]}} into %[[F1]]
// CHECK-DAG: tensor.insert_slice %{{arg[01]}} into %[[F2]]
func.func @shared_padded_fill(%x: tensor<4x4xf32>, %y: tensor<4x4xf32>) -> (tensor<6x6xf32>, tensor<6x6xf32>) {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<6x6xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<6x6xf32>) -> tensor<6x6xf32>
  %a = tensor.insert_slice %x into %f[1, 1] [4, 4] [1, 1] : tensor<4x4xf32> into tensor<6x6xf32>
  %b = tensor.insert_slice %y into %f[1, 1] [4, 4] [1, 1] : tensor<4x4xf32> into tensor<6x6xf32>
  return %a, %b : tensor<6x6xf32>, tensor<6x6xf32>
}

// A loop state computed from itself is copied before it is materialized in
// place, so that empty-tensor elimination cannot make its producer write
// the buffer it reads.
// CHECK-LABEL: func.func @state_from_itself
// CHECK: %[[NEXT:.*]] = linalg.generic
// CHECK: %[[COPY:.*]] = linalg.copy ins(%[[NEXT]] : tensor<2xf32>)
// CHECK: bufferization.materialize_in_destination %[[COPY]] in %{{.*}}
func.func @state_from_itself(%init: tensor<2xf32>, %x: tensor<2xf32>) -> tensor<2xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%s = %init) -> (tensor<2xf32>) {
    %e = tensor.empty() : tensor<2xf32>
    %n = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%s, %x : tensor<2xf32>, tensor<2xf32>) outs(%e : tensor<2xf32>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %sum = arith.addf %a, %b : f32
      linalg.yield %sum : f32
    } -> tensor<2xf32>
    %m = bufferization.materialize_in_destination %n in %s : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    scf.yield %m : tensor<2xf32>
  }
  return %r : tensor<2xf32>
}
