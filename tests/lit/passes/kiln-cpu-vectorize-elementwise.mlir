// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-cpu-vectorize-elementwise,canonicalize,cse))' | FileCheck %s

// Rows of 64 along the contiguous innermost loop; the broadcast bias is a
// plain vector read of the matching slice.
// CHECK-LABEL: func.func @relu_bias
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for %{{.*}} = %c0 to %c128 step %c64
// CHECK: %[[X:.*]] = vector.transfer_read {{.*}} : tensor<1x1x64xf32>, vector<64xf32>
// CHECK: %[[B:.*]] = vector.transfer_read {{.*}} : tensor<64xf32>, vector<64xf32>
// CHECK: %[[S:.*]] = arith.addf %[[X]], %[[B]] : vector<64xf32>
// CHECK: arith.maximumf %[[S]], %{{.*}} : vector<64xf32>
// CHECK: vector.transfer_write {{.*}} : vector<64xf32>, tensor<1x1x64xf32>
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#bias = affine_map<(d0, d1, d2) -> (d2)>
func.func @relu_bias(%x: tensor<2x3x128xf32>, %b: tensor<128xf32>) -> tensor<2x3x128xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x3x128xf32>
  %r = linalg.generic {indexing_maps = [#id, #bias, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x, %b : tensor<2x3x128xf32>, tensor<128xf32>) outs(%e : tensor<2x3x128xf32>) {
  ^bb0(%v: f32, %c: f32, %o: f32):
    %s = arith.addf %v, %c : f32
    %m = arith.maximumf %s, %z : f32
    linalg.yield %m : f32
  } -> tensor<2x3x128xf32>
  return %r : tensor<2x3x128xf32>
}

// -----

// Max pooling in the blocked layout: window loops around rows of 32 channels.
// CHECK-LABEL: func.func @max_pool_blocked
// CHECK-COUNT-5: scf.for
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x1x1x32xf32>, vector<32xf32>
// CHECK: arith.maximumf {{.*}} : vector<1x1x1x1x32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<32xf32>, tensor<1x1x1x1x32xf32>
// CHECK-NOT: linalg.generic
#in = affine_map<(n, c1, oh, kh, kw, ow, c0) -> (n, c1, oh * 2 + kh, ow * 2 + kw, c0)>
#win = affine_map<(n, c1, oh, kh, kw, ow, c0) -> (kh, kw)>
#out = affine_map<(n, c1, oh, kh, kw, ow, c0) -> (n, c1, oh, ow, c0)>
func.func @max_pool_blocked(%x: tensor<1x2x9x9x32xf32>, %init: tensor<1x2x4x4x32xf32>) -> tensor<1x2x4x4x32xf32> {
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.generic {indexing_maps = [#in, #win, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel", "parallel"]} ins(%x, %w : tensor<1x2x9x9x32xf32>, tensor<3x3xf32>) outs(%init : tensor<1x2x4x4x32xf32>) {
  ^bb0(%v: f32, %u: f32, %o: f32):
    %m = arith.maximumf %o, %v : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x4x32xf32>
  return %r : tensor<1x2x4x4x32xf32>
}

// -----

// The innermost loop is strided in the input: left to the loop lowering.
// CHECK-LABEL: func.func @transpose_untouched
// CHECK: linalg.generic
// CHECK-NOT: vector.
#t_in = affine_map<(d0, d1) -> (d1, d0)>
#t_out = affine_map<(d0, d1) -> (d0, d1)>
func.func @transpose_untouched(%x: tensor<16x32xf32>) -> tensor<32x16xf32> {
  %e = tensor.empty() : tensor<32x16xf32>
  %r = linalg.generic {indexing_maps = [#t_in, #t_out], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<16x32xf32>) outs(%e : tensor<32x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<32x16xf32>
  return %r : tensor<32x16xf32>
}

// -----

// Rank-0 operands become a scalar read and a broadcast (a whole 3-element
// row, no loop).
// CHECK-LABEL: func.func @clip_scalar_bounds
// CHECK-NOT: scf.for
// CHECK: %[[LO:.*]] = vector.transfer_read %arg1[], %{{.*}} : tensor<f32>, vector<f32>
// CHECK: vector.broadcast %[[LO]] : vector<f32> to vector<3xf32>
// CHECK: arith.maximumf {{.*}} : vector<3xf32>
// CHECK: arith.minimumf {{.*}} : vector<3xf32>
#vec = affine_map<(d0) -> (d0)>
#scalar = affine_map<(d0) -> ()>
func.func @clip_scalar_bounds(%x: tensor<3xf32>, %lo: tensor<f32>, %hi: tensor<f32>) -> tensor<3xf32> {
  %e = tensor.empty() : tensor<3xf32>
  %r = linalg.generic {indexing_maps = [#vec, #scalar, #scalar, #vec], iterator_types = ["parallel"]} ins(%x, %lo, %hi : tensor<3xf32>, tensor<f32>, tensor<f32>) outs(%e : tensor<3xf32>) {
  ^bb0(%v: f32, %l: f32, %h: f32, %o: f32):
    %a = arith.maximumf %v, %l : f32
    %b = arith.minimumf %a, %h : f32
    linalg.yield %b : f32
  } -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// A packing copy (column panels of 16): the innermost loop moves the last
// index by one per step, so rows are contiguous reads of the source.
// CHECK-LABEL: func.func @pack_panels
// CHECK: scf.for
// CHECK: scf.for
// CHECK: %[[ROW:.*]] = tensor.extract_slice %arg0[%{{.*}}, %{{.*}}] [1, 16] [1, 1] : tensor<8x48xf32> to tensor<1x16xf32>
// CHECK: vector.transfer_read %[[ROW]]{{.*}} : tensor<1x16xf32>, vector<16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<16xf32>, tensor<1x1x16xf32>
#panel = affine_map<(n1, k, n0) -> (k, n1 * 16 + n0)>
#packed = affine_map<(n1, k, n0) -> (n1, k, n0)>
func.func @pack_panels(%b: tensor<8x48xf32>) -> tensor<3x8x16xf32> {
  %e = tensor.empty() : tensor<3x8x16xf32>
  %r = linalg.generic {indexing_maps = [#panel, #packed], iterator_types = ["parallel", "parallel", "parallel"]} ins(%b : tensor<8x48xf32>) outs(%e : tensor<3x8x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<3x8x16xf32>
  return %r : tensor<3x8x16xf32>
}
