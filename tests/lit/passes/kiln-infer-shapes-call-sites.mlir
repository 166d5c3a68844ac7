// RUN: kiln-opt %s -kiln-infer-shapes | FileCheck %s

// A called function keeps its declared signature (its call sites stay
// valid) and casts the refined result back to it; an uncalled one gets the
// refined type in its signature.

// CHECK-LABEL: func.func @callee
// CHECK-SAME: -> tensor<*xf32>
// CHECK: %[[R:.*]] = kiln.relu %{{.*}} : tensor<2x3xf32> -> tensor<2x3xf32>
// CHECK: %[[C:.*]] = tensor.cast %[[R]] : tensor<2x3xf32> to tensor<*xf32>
// CHECK: return %[[C]] : tensor<*xf32>
func.func @callee(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  %0 = kiln.relu %a : tensor<2x3xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// CHECK-LABEL: func.func @caller
// CHECK-SAME: -> tensor<*xf32>
// CHECK: call @callee(%{{.*}}) : (tensor<2x3xf32>) -> tensor<*xf32>
func.func @caller(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  %0 = func.call @callee(%a) : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// CHECK-LABEL: func.func @uncalled
// CHECK-SAME: -> tensor<2x3xf32>
func.func @uncalled(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  %0 = kiln.neg %a : tensor<2x3xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
