// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier checks of the indexing ops (KilnIndexingOps.td).

func.func @shape_end_past_rank(%x: tensor<2x3xf32>) -> tensor<3xi64> {
  // expected-error @+1 {{'kiln.shape' op end 3 exceeds the input rank 2}}
  %0 = kiln.shape %x {start = 0 : i64, end = 3 : i64} : tensor<2x3xf32> -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @shape_result_length(%x: tensor<2x3xf32>) -> tensor<1xi64> {
  // expected-error @+1 {{'kiln.shape' op result type 'tensor<1xi64>' does not match the inferred type 'tensor<2xi64>'}}
  %0 = kiln.shape %x {start = 0 : i64, end = 2 : i64} : tensor<2x3xf32> -> tensor<1xi64>
  return %0 : tensor<1xi64>
}

// -----

func.func @expand_incompatible(%x: tensor<3x2xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.expand' op cannot broadcast 'tensor<3x2xf32>' to the shape [3, 4]}}
  %0 = kiln.expand %x {shape = array<i64: 3, 4>} : tensor<3x2xf32> -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @slice_lengths(%x: tensor<4x4xf32>, %a: tensor<1xi64>, %b: tensor<2xi64>) -> tensor<?x?xf32> {
  // expected-error @+1 {{'kiln.slice' op expects starts, ends, axes and steps of one length}}
  %0 = kiln.slice %x, %a, %b, %a, %a : (tensor<4x4xf32>, tensor<1xi64>, tensor<2xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<4x4xf32>, %a: tensor<1xi64>) -> tensor<?x?xf32> {
  %z = kiln.constant dense<0> : tensor<1xi64>
  // expected-error @+1 {{'kiln.slice' op expects non-zero steps}}
  %0 = kiln.slice %x, %a, %a, %a, %z : (tensor<4x4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @slice_axis_range(%x: tensor<4x4xf32>, %a: tensor<1xi64>) -> tensor<?x?xf32> {
  %axes = kiln.constant dense<2> : tensor<1xi64>
  // expected-error @+1 {{'kiln.slice' op axis 2 out of range for rank 2}}
  %0 = kiln.slice %x, %a, %a, %axes, %a : (tensor<4x4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @slice_float_starts(%x: tensor<4xf32>, %a: tensor<1xf32>, %b: tensor<1xi64>) -> tensor<?xf32> {
  // expected-error @+1 {{'kiln.slice' op expects integer starts, got 'f32'}}
  %0 = kiln.slice %x, %a, %b, %b, %b : (tensor<4xf32>, tensor<1xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @pad_mode(%x: tensor<4xf32>, %p: tensor<2xi64>, %v: tensor<f32>) -> tensor<?xf32> {
  // expected-error @+1 {{'kiln.pad' op has unknown mode 'wrap'}}
  %0 = kiln.pad %x, %p, %v {mode = "wrap"} : (tensor<4xf32>, tensor<2xi64>, tensor<f32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @pad_count(%x: tensor<4xf32>, %p: tensor<4xi64>, %v: tensor<f32>) -> tensor<?xf32> {
  // expected-error @+1 {{'kiln.pad' op expects 2 pads for rank 1, got 4}}
  %0 = kiln.pad %x, %p, %v {mode = "edge"} : (tensor<4xf32>, tensor<4xi64>, tensor<f32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @pad_value_type(%x: tensor<4xf32>, %p: tensor<2xi64>, %v: tensor<i32>) -> tensor<?xf32> {
  // expected-error @+1 {{'kiln.pad' op expects a padding value of the input's element type}}
  %0 = kiln.pad %x, %p, %v {mode = "constant"} : (tensor<4xf32>, tensor<2xi64>, tensor<i32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @reverse_sequence_axes(%x: tensor<4x4xf32>, %l: tensor<4xi64>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'kiln.reverse_sequence' op expects different batch and time axes}}
  %0 = kiln.reverse_sequence %x, %l {batch_axis = 1 : i64, time_axis = 1 : i64} : (tensor<4x4xf32>, tensor<4xi64>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @gather_axis(%x: tensor<4x4xf32>, %i: tensor<2xi64>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'kiln.gather' op axis 2 out of range for rank 2}}
  %0 = kiln.gather %x, %i {axis = 2 : i64} : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @gather_float_indices(%x: tensor<4x4xf32>, %i: tensor<2xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'kiln.gather' op expects integer indices}}
  %0 = kiln.gather %x, %i {axis = 0 : i64} : (tensor<4x4xf32>, tensor<2xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @gather_result(%x: tensor<4x4xf32>, %i: tensor<2xi64>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'kiln.gather' op result type 'tensor<3x4xf32>' does not match the inferred type 'tensor<2x4xf32>'}}
  %0 = kiln.gather %x, %i {axis = 0 : i64} : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @gather_elements_rank(%x: tensor<4x4xf32>, %i: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.gather_elements' op expects indices of the input's rank}}
  %0 = kiln.gather_elements %x, %i {axis = 0 : i64} : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_nd_tuple(%x: tensor<4x4xf32>, %i: tensor<2x3xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.gather_nd' op index tuples of 3 entries exceed the input rank}}
  %0 = kiln.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<4x4xf32>, tensor<2x3xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @scatter_reduction(%x: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.scatter_elements' op has unknown reduction 'sub'}}
  %0 = kiln.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "sub"} : (tensor<4xf32>, tensor<2xi64>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @scatter_shapes(%x: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.scatter_elements' op expects indices and updates of one shape}}
  %0 = kiln.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<4xf32>, tensor<2xi64>, tensor<3xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @scatter_nd_updates(%x: tensor<4x4xf32>, %i: tensor<2x1xi64>, %u: tensor<2xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'kiln.scatter_nd' op expects updates of rank 2}}
  %0 = kiln.scatter_nd %x, %i, %u {reduction = "add"} : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @range_rank(%s: tensor<1xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{'kiln.range' op expects rank-0 start, limit and delta, got 'tensor<1xf32>'}}
  %0 = kiln.range %s, %s, %s : (tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @one_hot_values(%i: tensor<3xi64>, %d: tensor<i64>, %v: tensor<3xf32>) -> tensor<3x?xf32> {
  // expected-error @+1 {{'kiln.one_hot' op expects 2 values (off, on), got 'tensor<3xf32>'}}
  %0 = kiln.one_hot %i, %d, %v {axis = 1 : i64} : (tensor<3xi64>, tensor<i64>, tensor<3xf32>) -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// -----

func.func @one_hot_depth(%i: tensor<3xi64>, %v: tensor<2xf32>) -> tensor<3x4xf32> {
  %d = kiln.constant dense<5> : tensor<i64>
  // expected-error @+1 {{'kiln.one_hot' op result type 'tensor<3x4xf32>' does not match the inferred type 'tensor<3x5xf32>'}}
  %0 = kiln.one_hot %i, %d, %v {axis = 1 : i64} : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @trilu_rank(%x: tensor<4xf32>, %k: tensor<i64>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.trilu' op expects an input of rank >= 2}}
  %0 = kiln.trilu %x, %k {upper = true} : (tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @cumsum_axis(%x: tensor<4xf32>, %a: tensor<2xi64>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.cumsum' op expects a one-element axis, got 'tensor<2xi64>'}}
  %0 = kiln.cumsum %x, %a {exclusive = false, reverse = false} : (tensor<4xf32>, tensor<2xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @top_k_too_many(%x: tensor<3x4xf32>) -> tensor<3x5xi64> {
  // expected-error @+1 {{'kiln.top_k_indices' op k = 5 exceeds the axis size 4}}
  %0 = kiln.top_k_indices %x {axis = 1 : i64, k = 5 : i64, largest = true} : tensor<3x4xf32> -> tensor<3x5xi64>
  return %0 : tensor<3x5xi64>
}

// -----

func.func @top_k_result_type(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'kiln.top_k_indices' op result element type 'f32' differs from the expected 'i64'}}
  %0 = kiln.top_k_indices %x {axis = 1 : i64, k = 2 : i64, largest = true} : tensor<3x4xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @resize_mode(%x: tensor<1x1x2x2xf32>, %r: tensor<0xf32>, %s: tensor<4xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'kiln.resize' op has unknown mode 'area'}}
  %0 = kiln.resize %x, %r, %s {coordinate_transformation_mode = "half_pixel", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "area", nearest_mode = "round_prefer_floor"} : (tensor<1x1x2x2xf32>, tensor<0xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_scales(%x: tensor<1x1x2x2xf32>, %r: tensor<0xf32>, %s: tensor<2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'kiln.resize' op expects one scale per input axis}}
  %0 = kiln.resize %x, %r, %s {coordinate_transformation_mode = "half_pixel", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "linear", nearest_mode = "round_prefer_floor"} : (tensor<1x1x2x2xf32>, tensor<0xf32>, tensor<2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @compress_condition(%x: tensor<3x2xf32>, %c: tensor<3x1xi1>) -> tensor<?x2xf32> {
  // expected-error @+1 {{'kiln.compress' op expects a 1-D condition, got 'tensor<3x1xi1>'}}
  %0 = kiln.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3x1xi1>) -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// -----

func.func @non_zero_rows(%x: tensor<3x2xf32>) -> tensor<3x?xi64> {
  // expected-error @+1 {{'kiln.non_zero' op result type 'tensor<3x?xi64>' does not match the inferred type 'tensor<2x?xi64>'}}
  %0 = kiln.non_zero %x : tensor<3x2xf32> -> tensor<3x?xi64>
  return %0 : tensor<3x?xi64>
}

// -----

func.func @grid_sample_padding(%x: tensor<1x1x4x4xf32>, %g: tensor<1x6x6x2xf32>) -> tensor<1x1x6x6xf32> {
  // expected-error @+1 {{'kiln.grid_sample' op has unknown padding_mode 'wrap'}}
  %0 = kiln.grid_sample %x, %g {align_corners = false, mode = "bilinear", padding_mode = "wrap"} : (tensor<1x1x4x4xf32>, tensor<1x6x6x2xf32>) -> tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}

// -----

func.func @grid_sample_grid(%x: tensor<1x1x4x4xf32>, %g: tensor<1x6x6x3xf32>) -> tensor<1x1x6x6xf32> {
  // expected-error @+1 {{'kiln.grid_sample' op expects a grid of shape [N, H_out, W_out, 2], got 'tensor<1x6x6x3xf32>'}}
  %0 = kiln.grid_sample %x, %g {align_corners = false, mode = "bilinear", padding_mode = "zeros"} : (tensor<1x1x4x4xf32>, tensor<1x6x6x3xf32>) -> tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}
