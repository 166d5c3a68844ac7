// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-cpu-fill-pad-borders))' | FileCheck %s

// A 4x4 interior padded by one on each side: the rows above and below
// (full width) and the columns left and right (interior rows only) are
// filled, then the interior is inserted. The whole buffer is never filled.
// CHECK-LABEL: func.func @pad_both_sides
// CHECK: %[[E:.*]] = tensor.empty() : tensor<6x6xf32>
// CHECK: %[[S0:.*]] = tensor.extract_slice %[[E]][0, 0] [1, 6] [1, 1]
// CHECK: %[[F0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[S0]] : tensor<1x6xf32>)
// CHECK: %[[B0:.*]] = tensor.insert_slice %[[F0]] into %[[E]][0, 0] [1, 6] [1, 1]
// CHECK: tensor.extract_slice %[[B0]][5, 0] [1, 6] [1, 1]
// CHECK: %[[B1:.*]] = tensor.insert_slice %{{.*}}[5, 0] [1, 6] [1, 1]
// CHECK: tensor.extract_slice %[[B1]][1, 0] [4, 1] [1, 1]
// CHECK: %[[B2:.*]] = tensor.insert_slice %{{.*}}[1, 0] [4, 1] [1, 1]
// CHECK: tensor.extract_slice %[[B2]][1, 5] [4, 1] [1, 1]
// CHECK: %[[B3:.*]] = tensor.insert_slice %{{.*}}[1, 5] [4, 1] [1, 1]
// CHECK: %[[R:.*]] = tensor.insert_slice %arg0 into %[[B3]][1, 1] [4, 4] [1, 1]
// CHECK-NOT: outs(%[[E]]
// CHECK: return %[[R]]
func.func @pad_both_sides(%x: tensor<4x4xf32>) -> tensor<6x6xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<6x6xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<6x6xf32>) -> tensor<6x6xf32>
  %r = tensor.insert_slice %x into %f[1, 1] [4, 4] [1, 1] : tensor<4x4xf32> into tensor<6x6xf32>
  return %r : tensor<6x6xf32>
}

// -----

// Padding only after the interior, in the blocked layout's spatial dims:
// one slab per padded dimension.
// CHECK-LABEL: func.func @pad_high_blocked
// CHECK-COUNT-2: linalg.fill
// CHECK-NOT: linalg.fill
// CHECK: tensor.insert_slice %arg0 into %{{.*}}[0, 0, 0, 0, 0] [1, 2, 7, 7, 16] [1, 1, 1, 1, 1]
func.func @pad_high_blocked(%x: tensor<1x2x7x7x16xf32>) -> tensor<1x2x8x8x16xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x8x8x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x2x8x8x16xf32>) -> tensor<1x2x8x8x16xf32>
  %r = tensor.insert_slice %x into %f[0, 0, 0, 0, 0] [1, 2, 7, 7, 16] [1, 1, 1, 1, 1] : tensor<1x2x7x7x16xf32> into tensor<1x2x8x8x16xf32>
  return %r : tensor<1x2x8x8x16xf32>
}

// -----

// The filled buffer is also read elsewhere: the fill must stay whole.
// CHECK-LABEL: func.func @fill_used_twice
// CHECK: %[[F:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<6x6xf32>)
// CHECK: tensor.insert_slice %arg0 into %[[F]]
// CHECK-NOT: linalg.fill
func.func @fill_used_twice(%x: tensor<4x4xf32>) -> (tensor<6x6xf32>, tensor<6x6xf32>) {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<6x6xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<6x6xf32>) -> tensor<6x6xf32>
  %r = tensor.insert_slice %x into %f[1, 1] [4, 4] [1, 1] : tensor<4x4xf32> into tensor<6x6xf32>
  return %r, %f : tensor<6x6xf32>, tensor<6x6xf32>
}
