// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-cpu-vectorize-elementwise,canonicalize,cse))' | FileCheck %s

// Rows of 64 along the contiguous innermost loop; the broadcast bias is a
// plain vector read of the matching slice. Only the outermost loop is
// marked parallel (for kiln-cpu-parallelize).
// CHECK-LABEL: func.func @relu_bias
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for %{{.*}} = %c0 to %c128 step %c64
// CHECK: %[[X:.*]] = vector.transfer_read {{.*}} : tensor<1x1x64xf32>, vector<64xf32>
// CHECK: %[[B:.*]] = vector.transfer_read {{.*}} : tensor<64xf32>, vector<64xf32>
// CHECK: %[[S:.*]] = arith.addf %[[X]], %[[B]] : vector<64xf32>
// CHECK: arith.maximumf %[[S]], %{{.*}} : vector<64xf32>
// CHECK: vector.transfer_write {{.*}} : vector<64xf32>, tensor<1x1x64xf32>
// CHECK: scf.yield
// CHECK-NEXT: }
// CHECK-NEXT: scf.yield
// CHECK-NEXT: }
// CHECK-NEXT: scf.yield
// CHECK-NEXT: } {kiln.parallel}
// CHECK-NOT: kiln.parallel
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

// Max pooling in the blocked layout: window loops around rows of 32
// channels. The batch loop runs once, so the channel-block loop is the one
// marked parallel.
// CHECK-LABEL: func.func @max_pool_blocked
// CHECK-COUNT-5: scf.for
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x1x1x32xf32>, vector<32xf32>
// CHECK: arith.maximumf {{.*}} : vector<32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<32xf32>, tensor<1x1x1x1x32xf32>
// CHECK-COUNT-4: scf.yield
// CHECK: } {kiln.parallel}
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

// -----

// A row sum (LayerNorm's mean, keepdims): one 256-lane row per output
// element, summed as a reassociated tree, plus the initial value. Rows are
// independent, so the row loop is parallel.
// CHECK-LABEL: func.func @row_sum_keepdims
// CHECK: scf.for %{{.*}} = %c0 to %c128 step %c1
// CHECK: %[[X:.*]] = vector.transfer_read {{.*}} : tensor<1x1x256xf32>, vector<256xf32>
// CHECK: %[[ACC:.*]] = vector.transfer_read {{.*}} {in_bounds = [true]} : tensor<1x1x1xf32>, vector<1xf32>
// CHECK: %[[SQ:.*]] = arith.mulf %[[X]], %[[X]] : vector<256xf32>
// CHECK: %[[INIT:.*]] = vector.extract %[[ACC]][0]
// CHECK: vector.reduction <add>, %[[SQ]], %[[INIT]] fastmath<reassoc> : vector<256xf32> into f32
// CHECK: } {kiln.parallel}
// CHECK-NOT: linalg.generic
#rows = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#keep = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
func.func @row_sum_keepdims(%x: tensor<1x128x256xf32>) -> tensor<1x128x1xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x128x1xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x128x1xf32>) -> tensor<1x128x1xf32>
  %r = linalg.generic {indexing_maps = [#rows, #keep], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x : tensor<1x128x256xf32>) outs(%f : tensor<1x128x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.mulf %in, %in : f32
    %a = arith.addf %out, %s : f32
    linalg.yield %a : f32
  } -> tensor<1x128x1xf32>
  return %r : tensor<1x128x1xf32>
}

// -----

// A row max longer than one row (1024 = 4 rows of 256): the reduction loop
// carries the output through the rows; max needs no reassociation.
// CHECK-LABEL: func.func @row_max_long
// CHECK: scf.for %{{.*}} = %c0 to %c4 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c1024 step %c256
// CHECK: vector.reduction <maximumf>, %{{.*}}, %{{.*}} : vector<256xf32> into f32
// CHECK: } {kiln.parallel}
#rows2 = affine_map<(d0, d1) -> (d0, d1)>
#red2 = affine_map<(d0, d1) -> (d0)>
func.func @row_max_long(%x: tensor<4x1024xf32>, %init: tensor<4xf32>) -> tensor<4xf32> {
  %r = linalg.generic {indexing_maps = [#rows2, #red2], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<4x1024xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// An integer sum has no float combiner: left to the loop lowering.
// CHECK-LABEL: func.func @int_sum_untouched
// CHECK: linalg.generic
// CHECK-NOT: vector.reduction
func.func @int_sum_untouched(%x: tensor<4x64xi32>, %init: tensor<4xi32>) -> tensor<4xi32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<4x64xi32>) outs(%init : tensor<4xi32>) {
  ^bb0(%in: i32, %out: i32):
    %a = arith.addi %out, %in : i32
    linalg.yield %a : i32
  } -> tensor<4xi32>
  return %r : tensor<4xi32>
}
