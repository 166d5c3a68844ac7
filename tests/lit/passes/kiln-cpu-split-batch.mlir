// RUN: kiln-opt %s -split-input-file -verify-diagnostics -kiln-cpu-split-batch="remarks=1" | FileCheck %s

// Images computed independently: a broadcast bias init (the same for every
// image), a contraction with 16 rows per image, a pad, a flatten that keeps
// the batch outermost and its reshape back, a slice of the interior. Every
// value derived from the input becomes one image; the module records 8.
// CHECK: module attributes {kiln.batch_split = 8 : i64}
// CHECK-LABEL: func.func @images
// CHECK-SAME: (%{{.*}}: tensor<1x16x4xf32>) -> tensor<1x16x4xf32>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x16x4xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<4xf32>) outs(%[[E]] : tensor<1x16x4xf32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x16x4xf32>, tensor<4x4xf32>) outs(%[[INIT]] : tensor<1x16x4xf32>)
// CHECK: tensor.pad
// CHECK: } : tensor<1x16x4xf32> to tensor<1x18x4xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2]] : tensor<1x18x4xf32> into tensor<72xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1, 2]] output_shape [1, 18, 4] : tensor<72xf32> into tensor<1x18x4xf32>
// CHECK: tensor.extract_slice %{{.*}}[0, 1, 0] [1, 16, 4] [1, 1, 1] : tensor<1x18x4xf32> to tensor<1x16x4xf32>
// CHECK: return %{{.*}} : tensor<1x16x4xf32>
func.func @images(%x: tensor<8x16x4xf32>) -> tensor<8x16x4xf32> {
  %bias = arith.constant dense<1.0> : tensor<4xf32>
  %w = arith.constant dense<0.5> : tensor<4x4xf32>
  %e = tensor.empty() : tensor<8x16x4xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(b, m, n) -> (n)>, affine_map<(b, m, n) -> (b, m, n)>],
                          iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%bias : tensor<4xf32>) outs(%e : tensor<8x16x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<8x16x4xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>,
                                        affine_map<(b, m, n, k) -> (k, n)>,
                                        affine_map<(b, m, n, k) -> (b, m, n)>],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<8x16x4xf32>, tensor<4x4xf32>) outs(%init : tensor<8x16x4xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<8x16x4xf32>
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %y low[0, 1, 0] high[0, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %zero : f32
  } : tensor<8x16x4xf32> to tensor<8x18x4xf32>
  %flat = tensor.collapse_shape %padded [[0, 1, 2]] : tensor<8x18x4xf32> into tensor<576xf32>
  %back = tensor.expand_shape %flat [[0, 1, 2]] output_shape [8, 18, 4] : tensor<576xf32> into tensor<8x18x4xf32>
  %r = tensor.extract_slice %back[0, 1, 0] [8, 16, 4] [1, 1, 1] : tensor<8x18x4xf32> to tensor<8x16x4xf32>
  return %r : tensor<8x16x4xf32>
}

// -----

// A sum over the batch (batch statistics) couples the images.
// CHECK-NOT: kiln.batch_split
// CHECK-LABEL: func.func @sum_over_batch
// CHECK-SAME: tensor<8x16xf32>
// expected-remark @+1 {{batch not split: linalg.generic: reduces over the batch}}
func.func @sum_over_batch(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, m) -> (b, m)>, affine_map<(b, m) -> (m)>],
                       iterator_types = ["reduction", "parallel"]}
      ins(%x : tensor<8x16xf32>) outs(%f : tensor<16xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %a = arith.addf %in, %acc : f32
    linalg.yield %a : f32
  } -> tensor<16xf32>
  %o = tensor.empty() : tensor<8x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(b, m) -> (b, m)>, affine_map<(b, m) -> (m)>,
                                        affine_map<(b, m) -> (b, m)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x, %s : tensor<8x16xf32>, tensor<16xf32>) outs(%o : tensor<8x16xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %d = arith.subf %a, %b : f32
    linalg.yield %d : f32
  } -> tensor<8x16xf32>
  return %r : tensor<8x16xf32>
}

// -----

// A reshape that splits the batch dimension mixes images.
// CHECK-NOT: kiln.batch_split
// CHECK-LABEL: func.func @split_batch_dim
// expected-remark @+1 {{batch not split: tensor.expand_shape: mixes the batch dimension with others}}
func.func @split_batch_dim(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %a = tensor.expand_shape %x [[0, 1], [2]] output_shape [2, 4, 16] : tensor<8x16xf32> into tensor<2x4x16xf32>
  %b = tensor.collapse_shape %a [[0, 1], [2]] : tensor<2x4x16xf32> into tensor<8x16xf32>
  return %b : tensor<8x16xf32>
}

// -----

// A constant with a row per image is not the same for every image.
// CHECK-NOT: kiln.batch_split
// CHECK-LABEL: func.func @per_image_constant
// expected-remark @+1 {{batch not split: linalg.generic: reads a tensor along the batch that is not per image}}
func.func @per_image_constant(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %c = arith.constant dense<2.0> : tensor<8x16xf32>
  %o = tensor.empty() : tensor<8x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(b, m) -> (b, m)>, affine_map<(b, m) -> (b, m)>,
                                        affine_map<(b, m) -> (b, m)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x, %c : tensor<8x16xf32>, tensor<8x16xf32>) outs(%o : tensor<8x16xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %d = arith.addf %a, %b : f32
    linalg.yield %d : f32
  } -> tensor<8x16xf32>
  return %r : tensor<8x16xf32>
}

// -----

// A body that reads another image (here the batch reversed) couples them.
// CHECK-NOT: kiln.batch_split
// CHECK-LABEL: func.func @reads_other_image
// expected-remark @+1 {{batch not split: linalg.generic: a region reads a batched value}}
func.func @reads_other_image(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %c7 = arith.constant 7 : index
  %o = tensor.empty() : tensor<8x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(b, m) -> (b, m)>], iterator_types = ["parallel", "parallel"]}
      outs(%o : tensor<8x16xf32>) {
  ^bb0(%out: f32):
    %b = linalg.index 0 : index
    %m = linalg.index 1 : index
    %rb = arith.subi %c7, %b : index
    %v = tensor.extract %x[%rb, %m] : tensor<8x16xf32>
    linalg.yield %v : f32
  } -> tensor<8x16xf32>
  return %r : tensor<8x16xf32>
}

// -----

// One row per image (an MLP layer): matrix-vector products would lose the
// batch's reuse of the weights, so the batch stays whole.
// CHECK-NOT: kiln.batch_split
// CHECK-LABEL: func.func @one_row_per_image
// CHECK-SAME: tensor<8x4xf32>
// expected-remark @+1 {{batch not split: contractions have fewer than 16 rows per image}}
func.func @one_row_per_image(%x: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x4xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  %y = linalg.matmul ins(%x, %w : tensor<8x4xf32>, tensor<4x4xf32>) outs(%f : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}
