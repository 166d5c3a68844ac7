// RUN: kiln-opt %s -split-input-file -kiln-lower-to-linalg -mlir-print-local-scope | FileCheck %s

// Lowering of the neural-network op family: arg reductions, hardmax,
// layer_norm, nll_loss, einsum, conv_transpose, quantization, recurrent
// layers and the pooling extras.

// One generic tracks the best value and its index; select_last_index
// compares with >=.
// CHECK-LABEL: func.func @arg_max_last
// CHECK: %[[R:.*]]:2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.cmpf oge
// CHECK: linalg.index 1 : index
// CHECK: return %[[R]]#1 : tensor<2xi64>
// CHECK-NOT: kiln.
func.func @arg_max_last(%x: tensor<2x3xf32>) -> tensor<2xi64> {
  %0 = kiln.arg_reduce %x {axis = 1 : i64, keepdims = false, kind = "max", select_last_index = true} : tensor<2x3xf32> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @arg_min_int_keepdims
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (0, d1)>], iterator_types = ["reduction", "parallel"]}
// CHECK: arith.cmpi slt
func.func @arg_min_int_keepdims(%x: tensor<2x3xi32>) -> tensor<1x3xi64> {
  %0 = kiln.arg_reduce %x {axis = 0 : i64, keepdims = true, kind = "min", select_last_index = false} : tensor<2x3xi32> -> tensor<1x3xi64>
  return %0 : tensor<1x3xi64>
}

// -----

// Hardmax: the first argmax (strict >), then 1 where the index matches.
// CHECK-LABEL: func.func @hardmax
// CHECK: %[[ARG:.*]]:2 = linalg.generic
// CHECK: arith.cmpf ogt
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[ARG]]#1 : tensor<2x1xi64>)
// CHECK: arith.cmpi eq
// CHECK: arith.select
func.func @hardmax(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.hardmax %x {axis = 1 : i64} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Sum, mean, squared deviations, rsqrt, then the update; the dynamic batch
// size is read from the input.
// CHECK-LABEL: func.func @layer_norm_dynamic
// CHECK: %[[D:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x8xf32>
// CHECK: tensor.empty(%[[D]]) : tensor<?x1xf32>
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.divf
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: math.rsqrt
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
// CHECK-NOT: kiln.
func.func @layer_norm_dynamic(%x: tensor<?x8xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
  %0 = kiln.layer_norm %x, %s, %b {axis = 1 : i64, epsilon = 1.0e-5 : f32} : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// Losses and weights per position (gathering with tensor.extract), then
// both summed; mean divides them.
// CHECK-LABEL: func.func @nll_loss_mean
// CHECK: %[[P:.*]]:2 = linalg.generic {{.*}} ins(%{{.*}} : tensor<3xi64>)
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<3x5xf32>
// CHECK: tensor.extract %{{.*}}[%{{.*}}] : tensor<5xf32>
// CHECK: arith.cmpi eq, %{{.*}}, %c-1_i64 : i64
// CHECK: %[[S:.*]]:2 = linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[P]]#0, %[[P]]#1 : tensor<3xf32>, tensor<3xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[S]]#0, %[[S]]#1 : tensor<f32>, tensor<f32>)
// CHECK: arith.divf
func.func @nll_loss_mean(%x: tensor<3x5xf32>, %t: tensor<3xi64>, %w: tensor<5xf32>) -> tensor<f32> {
  %0 = kiln.nll_loss %x, %t, %w {ignore_index = -1 : i64, reduction = "mean"} : (tensor<3x5xf32>, tensor<3xi64>, tensor<5xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// A repeated label reads the diagonal; summed labels are reduction loops.
// CHECK-LABEL: func.func @einsum_diagonal_matmul
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
func.func @einsum_diagonal_matmul(%a: tensor<2x3x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = kiln.einsum %a, %b {equation = "bii,ik->bk"} : (tensor<2x3x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @einsum_broadcast
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
func.func @einsum_broadcast(%a: tensor<1x4xf32>, %b: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = kiln.einsum %a, %b {equation = "ij,ij->ij"} : (tensor<1x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// The kernel flipped and its channel axes swapped, the input spread by the
// strides, then a stride-1 convolution.
// CHECK-LABEL: func.func @conv_transpose
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 2, -d4 + 2)>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 2, 2] [1, 1, 3, 3] [1, 1, 2, 2] : tensor<1x1x3x3xf32> into tensor<1x1x9x9xf32>
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: tensor.collapse_shape {{.*}} into tensor<1x2x7x7xf32>
// CHECK-NOT: kiln.
func.func @conv_transpose(%x: tensor<1x1x3x3xf32>, %w: tensor<1x2x3x3xf32>) -> tensor<1x2x7x7xf32> {
  %0 = kiln.conv_transpose %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return %0 : tensor<1x2x7x7xf32>
}

// -----

// Pads larger than the kernel span crop the input instead: of the full
// output x0 x0 . x1 x1 . x2 x2 only the x1 positions remain.
// CHECK-LABEL: func.func @conv_transpose_crop
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 1] [1, 1, 1] [1, 1, 1] : tensor<1x1x3xf32> to tensor<1x1x1xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 1] [1, 1, 1] [1, 1, 3] : tensor<1x1x1xf32> into tensor<1x1x3xf32>
func.func @conv_transpose_crop(%x: tensor<1x1x3xf32>, %w: tensor<1x1x2xf32>) -> tensor<1x1x2xf32> {
  %0 = kiln.conv_transpose %x, %w {dilations = array<i64: 1>, groups = 1 : i64, output_padding = array<i64: 0>, pads = array<i64: 3, 3>, strides = array<i64: 3>} : (tensor<1x1x3xf32>, tensor<1x1x2xf32>) -> tensor<1x1x2xf32>
  return %0 : tensor<1x1x2xf32>
}

// -----

// Unsigned values go through signless scalars inside the body.
// CHECK-LABEL: func.func @quantize_per_axis
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK: ^bb0(%[[X:.*]]: f32, %[[S:.*]]: f32, %[[Z:.*]]: ui8, %{{.*}}: ui8):
// CHECK: arith.divf %[[X]], %[[S]]
// CHECK: math.roundeven
// CHECK: %[[ZS:.*]] = builtin.unrealized_conversion_cast %[[Z]] : ui8 to i8
// CHECK: arith.uitofp %[[ZS]] : i8 to f32
// CHECK: arith.constant 2.550000e+02 : f32
// CHECK: %[[Q:.*]] = arith.fptoui %{{.*}} : f32 to i8
// CHECK: %[[QU:.*]] = builtin.unrealized_conversion_cast %[[Q]] : i8 to ui8
// CHECK: linalg.yield %[[QU]] : ui8
func.func @quantize_per_axis(%x: tensor<2x3xf32>, %s: tensor<3xf32>, %zp: tensor<3xui8>) -> tensor<2x3xui8> {
  %0 = kiln.quantize %x, %s, %zp {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xui8>) -> tensor<2x3xui8>
  return %0 : tensor<2x3xui8>
}

// -----

// CHECK-LABEL: func.func @dequantize_signed
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.subi
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.mulf
func.func @dequantize_signed(%q: tensor<4xi8>, %s: tensor<f32>, %zp: tensor<i8>) -> tensor<4xf32> {
  %0 = kiln.dequantize %q, %s, %zp {axis = 0 : i64} : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A single-element zero point broadcasts like a scalar.
// CHECK-LABEL: func.func @sub_zero_point_unsigned
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (0)>, affine_map<(d0) -> (d0)>]
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.subi
func.func @sub_zero_point_unsigned(%q: tensor<4xui8>, %zp: tensor<1xui8>) -> tensor<4xi32> {
  %0 = kiln.sub_zero_point %q, %zp {axis = 0 : i64} : (tensor<4xui8>, tensor<1xui8>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// The input projection for every step first, then an scf.for walking the
// sequence backwards; the state stays in the loop-carried tensors.
// CHECK-LABEL: func.func @rnn_reverse
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<5x2x3xf32>, tensor<4x3xf32>) outs(%{{.*}} : tensor<5x2x4xf32>)
// CHECK: %[[LOOP:.*]]:3 = scf.for %[[T:.*]] = %{{.*}} to %[[N:.*]] step %[[ONE:.*]] iter_args(%[[Y:.*]] = %{{.*}}, %[[H:.*]] = %{{.*}}, %{{.*}} = %{{.*}})
// CHECK: %[[LAST:.*]] = arith.subi %[[N]], %[[ONE]] : index
// CHECK: %[[TT:.*]] = arith.subi %[[LAST]], %[[T]] : index
// CHECK: tensor.extract_slice %{{.*}}[%[[TT]], 0, 0] [1, 2, 4]
// CHECK: math.tanh
// CHECK: tensor.insert_slice %{{.*}} into %[[Y]][%[[TT]], 0, 0, 0] [1, 1, 2, 4]
// CHECK: bufferization.materialize_in_destination %{{.*}} in %[[H]]
// CHECK: scf.yield
// CHECK: tensor.insert_slice %[[LOOP]]#1 into
func.func @rnn_reverse(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %yh, %yc = kiln.recurrent %x, %w, %r {activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>, activations = ["Tanh"], cell = "rnn", clip = 0.0 : f32, direction = "reverse", hidden_size = 4 : i64, input_forget = false, linear_before_reset = false} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %yh : tensor<5x1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// LSTM reads its cell state through the output it overwrites; sequence
// lengths mask the update.
// CHECK-LABEL: func.func @lstm_seq_lens
// CHECK: scf.for
// CHECK: linalg.generic {{.*}} ins({{.*}}, %{{.*}} : {{.*}}, tensor<2xi32>) outs(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
// CHECK: arith.cmpi slt
// CHECK: arith.select
// CHECK-COUNT-2: bufferization.materialize_in_destination
func.func @lstm_seq_lens(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32>, %r: tensor<1x16x4xf32>, %lens: tensor<2xi32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %yh, %yc = kiln.recurrent %x, %w, %r sequence_lens %lens {activation_alpha = array<f32: 0.0, 0.0, 0.0>, activation_beta = array<f32: 0.0, 0.0, 0.0>, activations = ["Sigmoid", "Tanh", "Tanh"], cell = "lstm", clip = 0.0 : f32, direction = "forward", hidden_size = 4 : i64, input_forget = false, linear_before_reset = false} : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<2xi32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %yh, %yc : tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// Windowed argmax with the flat index of each maximum.
// CHECK-LABEL: func.func @max_pool_indices
// CHECK: %[[R:.*]]:2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK: arith.cmpf ogt
// CHECK: arith.index_cast %{{.*}} : index to i64
// CHECK: return %[[R]]#1 : tensor<1x1x2x2xi64>
func.func @max_pool_indices(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xi64> {
  %0 = kiln.max_pool_indices %x {ceil_mode = false, column_major = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xi64>
  return %0 : tensor<1x1x2x2xi64>
}

// -----

// CHECK-LABEL: func.func @max_unpool
// CHECK: scf.for
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%{{.*}}] : tensor<16xf32>
// CHECK: tensor.expand_shape {{.*}} into tensor<1x1x4x4xf32>
func.func @max_unpool(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32> {
  %0 = kiln.max_unpool %x, %i {output_shape = array<i64: 1, 1, 4, 4>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Training-mode dropout: a hash of the flat index decides, the run-time
// training flag can turn it off; kept values are scaled by 1 / (1 - ratio).
// CHECK-LABEL: func.func @dropout
// CHECK: %[[R:.*]] = tensor.extract %{{.*}}[] : tensor<f32>
// CHECK: %[[T:.*]] = tensor.extract %{{.*}}[] : tensor<i1>
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: arith.shrui
// CHECK: arith.cmpf oge, %{{.*}}, %[[R]]
// CHECK: arith.ori
// CHECK: arith.select
func.func @dropout(%x: tensor<3x4xf32>, %r: tensor<f32>, %t: tensor<i1>) -> tensor<3x4xf32> {
  %0 = kiln.dropout %x, %r, %t {seed = 7 : i64} : (tensor<3x4xf32>, tensor<f32>, tensor<i1>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// RoiAlign: a generic over the output whose body loops over the sampling
// grid (adaptive: ceil(bin size)) and gathers bilinear neighbours.
// CHECK-LABEL: func.func @roi_align_adaptive_max
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%{{.*}} : tensor<3x2x5x5xf32>)
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<3x4xf32>
// CHECK: math.ceil
// CHECK: scf.for
// CHECK: scf.for
// CHECK: math.floor
// CHECK-COUNT-4: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : tensor<1x2x10x10xf32>
// CHECK: arith.maximumf
func.func @roi_align_adaptive_max(%x: tensor<1x2x10x10xf32>, %rois: tensor<3x4xf32>, %idx: tensor<3xi64>) -> tensor<3x2x5x5xf32> {
  %0 = kiln.roi_align %x, %rois, %idx {half_pixel = false, mode = "max", output_height = 5 : i64, output_width = 5 : i64, sampling_ratio = 0 : i64, spatial_scale = 0.5 : f32} : (tensor<1x2x10x10xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x2x5x5xf32>
  return %0 : tensor<3x2x5x5xf32>
}

// -----

// A per-axis parameter of unknown length may be one element at run time: it
// is read with the index clamped to 0 when its length is 1.
// CHECK-LABEL: func.func @sub_zero_point_dynamic_length
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK: %[[N:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?xi8>
// CHECK: %[[ONE:.*]] = arith.cmpi eq, %[[N]], %{{.*}} : index
// CHECK: %[[I:.*]] = arith.select %[[ONE]], %{{.*}}, %{{.*}} : index
// CHECK: tensor.extract %{{.*}}[%[[I]]] : tensor<?xi8>
func.func @sub_zero_point_dynamic_length(%q: tensor<4x3xi8>, %zp: tensor<?xi8>) -> tensor<4x3xi32> {
  %0 = kiln.sub_zero_point %q, %zp {axis = 0 : i64} : (tensor<4x3xi8>, tensor<?xi8>) -> tensor<4x3xi32>
  return %0 : tensor<4x3xi32>
}
