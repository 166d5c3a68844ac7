// RUN: kiln-opt %s -split-input-file -kiln-lower-to-linalg -mlir-print-local-scope | FileCheck %s

// max_pool on unsigned integers runs the signed lowering on values whose
// sign bit is flipped (unsigned order becomes signed order), then flips back.

// CHECK-LABEL: func.func @max_pool_u8
// CHECK: %[[SIGN:.*]] = arith.constant dense<-128> : tensor<i8>
// CHECK: builtin.unrealized_conversion_cast %{{.*}} : ui8 to i8
// CHECK: ins(%{{.*}}, %[[SIGN]] : tensor<1x1x4x4xi8>, tensor<i8>)
// CHECK: arith.xori
// CHECK: tensor.pad
// CHECK: arith.maxsi
// CHECK: ins(%{{.*}}, %[[SIGN]] : tensor<1x1x4x4xi8>, tensor<i8>)
// CHECK: arith.xori
// CHECK: builtin.unrealized_conversion_cast %{{.*}} : i8 to ui8
// CHECK: return %{{.*}} : tensor<1x1x4x4xui8>
func.func @max_pool_u8(%x: tensor<1x1x4x4xui8>) -> tensor<1x1x4x4xui8> {
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x1x4x4xui8> -> tensor<1x1x4x4xui8>
  return %0 : tensor<1x1x4x4xui8>
}

// -----

// Signed and float pools keep the direct lowering.
// CHECK-LABEL: func.func @max_pool_i8
// CHECK-NOT: arith.xori
// CHECK: arith.maxsi
// CHECK-NOT: arith.xori
// CHECK: return
func.func @max_pool_i8(%x: tensor<1x1x4x4xi8>) -> tensor<1x1x2x2xi8> {
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xi8> -> tensor<1x1x2x2xi8>
  return %0 : tensor<1x1x2x2xi8>
}
