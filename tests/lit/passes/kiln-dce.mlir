// RUN: kiln-opt %s -split-input-file -kiln-dce | FileCheck %s

// kiln-dce erases unused side-effect-free ops, last to first, so a whole dead
// chain disappears in one run.

// CHECK-LABEL: func.func @dead_chain
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[N:.*]] = kiln.neg %[[X]] : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: return %[[N]] : tensor<4xf32>
// CHECK-NEXT: }
func.func @dead_chain(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = kiln.constant dense<1.0> : tensor<4xf32>
  %0 = kiln.add %x, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = kiln.relu %0 : tensor<4xf32> -> tensor<4xf32>
  %2 = kiln.exp %1 : tensor<4xf32> -> tensor<4xf32>
  %3 = kiln.neg %x : tensor<4xf32> -> tensor<4xf32>
  return %3 : tensor<4xf32>
}

// -----

// A live value feeding both a live and a dead branch: only the dead branch goes.
// CHECK-LABEL: func.func @shared_producer
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[W:.*]]: tensor<3x4xf32>)
// CHECK-NEXT: %[[T:.*]] = kiln.tanh %[[X]]
// CHECK-NEXT: %[[M:.*]] = kiln.matmul %[[T]], %[[W]] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: return %[[M]]
// CHECK-NOT: kiln.
func.func @shared_producer(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %t = kiln.tanh %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %dead0 = kiln.transpose %t {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  %m = kiln.matmul %t, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %dead1 = kiln.reduce %dead0 {axes = array<i64: 0>, keepdims = false, kind = "sum"} : tensor<3x2xf32> -> tensor<2xf32>
  %dead2 = kiln.concat %dead1, %dead1 {axis = 0 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
  return %m : tensor<2x4xf32>
}

// -----

// Everything dead: only the terminator stays. Dead upstream ops (arith) go too.
// CHECK-LABEL: func.func @all_dead
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @all_dead(%x: tensor<1x1x4x4xf32>) {
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %1 = kiln.reshape %0 {shape = array<i64: 4>} : tensor<1x1x2x2xf32> -> tensor<4xf32>
  %2 = kiln.softmax %1 {axis = 0 : i64} : tensor<4xf32> -> tensor<4xf32>
  %c = arith.constant 1.0 : f32
  return
}

// -----

// Calls may have side effects and are kept even when unused; so is their
// operand. A declaration is left alone.
// CHECK-LABEL: func.func private @ext
// CHECK-LABEL: func.func @call_kept
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[R:.*]] = kiln.relu %[[X]]
// CHECK-NEXT: call @ext(%[[R]]) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: return %[[X]]
func.func private @ext(tensor<4xf32>) -> tensor<4xf32>
func.func @call_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = kiln.relu %x : tensor<4xf32> -> tensor<4xf32>
  %0 = func.call @ext(%r) : (tensor<4xf32>) -> tensor<4xf32>
  %dead = kiln.sigmoid %r : tensor<4xf32> -> tensor<4xf32>
  return %x : tensor<4xf32>
}

// -----

// Nothing dead: the function is unchanged.
// CHECK-LABEL: func.func @all_live
// CHECK-NEXT: kiln.constant dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT: kiln.mul
// CHECK-NEXT: kiln.log
// CHECK-NEXT: return
func.func @all_live(%x: tensor<3xf32>) -> tensor<3xf32> {
  %c = kiln.constant dense<2.0> : tensor<f32>
  %0 = kiln.mul %x, %c : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %1 = kiln.log %0 : tensor<3xf32> -> tensor<3xf32>
  return %1 : tensor<3xf32>
}
