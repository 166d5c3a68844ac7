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
