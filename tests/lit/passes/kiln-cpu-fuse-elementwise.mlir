// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-cpu-fuse-elementwise))' | FileCheck %s

// A bias add feeding a ReLU: one op.
// CHECK-LABEL: func.func @add_relu
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @add_relu(%x: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %a = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%x, %b : tensor<4x8xf32>, tensor<8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%v: f32, %c: f32, %o: f32):
    %s = arith.addf %v, %c : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %z : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// A squeeze-excite gate: the sigmoid of one value per channel, broadcast
// over the pixels. Fused, its exp and division would run once per pixel;
// it stays a separate op on the small tensor.
// CHECK-LABEL: func.func @gate_not_broadcast
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<32xf32>)
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%[[G]], %arg1 : tensor<32xf32>, tensor<32x64xf32>)
// CHECK-NOT: math.exp
#vec = affine_map<(d0) -> (d0)>
#chan = affine_map<(d0, d1) -> (d0)>
#pix = affine_map<(d0, d1) -> (d0, d1)>
func.func @gate_not_broadcast(%s: tensor<32xf32>, %x: tensor<32x64xf32>) -> tensor<32x64xf32> {
  %one = arith.constant 1.0 : f32
  %e0 = tensor.empty() : tensor<32xf32>
  %g = linalg.generic {indexing_maps = [#vec, #vec], iterator_types = ["parallel"]} ins(%s : tensor<32xf32>) outs(%e0 : tensor<32xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    %ex = math.exp %n : f32
    %d = arith.addf %ex, %one : f32
    %r = arith.divf %one, %d : f32
    linalg.yield %r : f32
  } -> tensor<32xf32>
  %e1 = tensor.empty() : tensor<32x64xf32>
  %y = linalg.generic {indexing_maps = [#chan, #pix, #pix], iterator_types = ["parallel", "parallel"]} ins(%g, %x : tensor<32xf32>, tensor<32x64xf32>) outs(%e1 : tensor<32x64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<32x64xf32>
  return %y : tensor<32x64xf32>
}

// -----

// x * sigmoid(x): the sigmoid fuses into the multiply, which then reads x
// once.
// CHECK-LABEL: func.func @silu
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<16xf32>)
// CHECK: math.exp
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
#v = affine_map<(d0) -> (d0)>
func.func @silu(%x: tensor<16xf32>) -> tensor<16xf32> {
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %g = linalg.generic {indexing_maps = [#v, #v], iterator_types = ["parallel"]} ins(%x : tensor<16xf32>) outs(%e : tensor<16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    %ex = math.exp %n : f32
    %d = arith.addf %ex, %one : f32
    %r = arith.divf %one, %d : f32
    linalg.yield %r : f32
  } -> tensor<16xf32>
  %y = linalg.generic {indexing_maps = [#v, #v, #v], iterator_types = ["parallel"]} ins(%x, %g : tensor<16xf32>, tensor<16xf32>) outs(%e : tensor<16xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// A transpose (attention's head split) becomes a generic and folds into the
// copy that uses it: one op reads the source through the composed map.
// CHECK-LABEL: func.func @transpose_into_user
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {indexing_maps = [#[[IN:.*]], #[[OUT:.*]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0 : tensor<128x4x64xf32>) outs(%{{.*}} : tensor<4x64x128xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @transpose_into_user(%x: tensor<128x4x64xf32>) -> tensor<4x64x128xf32> {
  %e = tensor.empty() : tensor<4x128x64xf32>
  %t = linalg.transpose ins(%x : tensor<128x4x64xf32>) outs(%e : tensor<4x128x64xf32>) permutation = [1, 0, 2]
  %e2 = tensor.empty() : tensor<4x64x128xf32>
  %c = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%t : tensor<4x128x64xf32>) outs(%e2 : tensor<4x64x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<4x64x128xf32>
  return %c : tensor<4x64x128xf32>
}

// -----

// A transpose that keeps the innermost dimension stays a generic of its own
// (a row copy the vectorizer handles) when nothing else uses it.
// CHECK-LABEL: func.func @transpose_alone
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<128x4x64xf32>) outs(%{{.*}} : tensor<4x128x64xf32>)
// CHECK: return
func.func @transpose_alone(%x: tensor<128x4x64xf32>) -> tensor<4x128x64xf32> {
  %e = tensor.empty() : tensor<4x128x64xf32>
  %t = linalg.transpose ins(%x : tensor<128x4x64xf32>) outs(%e : tensor<4x128x64xf32>) permutation = [1, 0, 2]
  return %t : tensor<4x128x64xf32>
}
