// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier checks of the neural-network op family, with their messages.

func.func @arg_reduce_kind(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  // expected-error @+1 {{'kiln.arg_reduce' op has unknown kind 'mean'}}
  %0 = kiln.arg_reduce %x {axis = 1 : i64, keepdims = true, kind = "mean", select_last_index = false} : tensor<2x3xf32> -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

func.func @arg_reduce_element(%x: tensor<2x3xf32>) -> tensor<2x1xi32> {
  // expected-error @+1 {{'kiln.arg_reduce' op result element type 'i32' should be 'i64'}}
  %0 = kiln.arg_reduce %x {axis = 1 : i64, keepdims = true, kind = "max", select_last_index = false} : tensor<2x3xf32> -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

func.func @arg_reduce_axis(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  // expected-error @+1 {{'kiln.arg_reduce' op axis 2 out of range for rank 2}}
  %0 = kiln.arg_reduce %x {axis = 2 : i64, keepdims = true, kind = "max", select_last_index = false} : tensor<2x3xf32> -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

func.func @hardmax_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.hardmax' op expects a non-negative axis, got -1}}
  %0 = kiln.hardmax %x {axis = -1 : i64} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @layer_norm_scale(%x: tensor<2x8xf32>, %s: tensor<4xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'kiln.layer_norm' op scale/bias 'tensor<4xf32>' do not broadcast to the normalized axes of 'tensor<2x8xf32>'}}
  %0 = kiln.layer_norm %x, %s {axis = 1 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<4xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @layer_norm_integer(%x: tensor<2x8xi32>, %s: tensor<8xi32>) -> tensor<2x8xi32> {
  // expected-error @+1 {{'kiln.layer_norm' op expects a floating-point input}}
  %0 = kiln.layer_norm %x, %s {axis = 1 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x8xi32>, tensor<8xi32>) -> tensor<2x8xi32>
  return %0 : tensor<2x8xi32>
}

// -----

func.func @nll_loss_reduction(%x: tensor<3x5xf32>, %t: tensor<3xi64>) -> tensor<f32> {
  // expected-error @+1 {{'kiln.nll_loss' op has unknown reduction 'max'}}
  %0 = kiln.nll_loss %x, %t {reduction = "max"} : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @nll_loss_target_rank(%x: tensor<3x5x2xf32>, %t: tensor<3xi64>) -> tensor<f32> {
  // expected-error @+1 {{'kiln.nll_loss' op target rank 1 should be input rank - 1}}
  %0 = kiln.nll_loss %x, %t {reduction = "sum"} : (tensor<3x5x2xf32>, tensor<3xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @nll_loss_weight(%x: tensor<3x5xf32>, %t: tensor<3xi64>, %w: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'kiln.nll_loss' op weight length differs from the class count}}
  %0 = kiln.nll_loss %x, %t, %w {reduction = "sum"} : (tensor<3x5xf32>, tensor<3xi64>, tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @einsum_malformed(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.einsum' op has a malformed equation 'ij' for 1 operands}}
  %0 = kiln.einsum %a {equation = "ij"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @einsum_rank(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.einsum' op labels 'ijk' do not match operand rank 2}}
  %0 = kiln.einsum %a {equation = "ijk->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @einsum_output_label(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.einsum' op output label 'k' names no operand axis}}
  %0 = kiln.einsum %a {equation = "ij->k"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @conv_transpose_channels(%x: tensor<1x3x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  // expected-error @+1 {{'kiln.conv_transpose' op input channels 3 differ from weight dimension 0 4}}
  %0 = kiln.conv_transpose %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

func.func @conv_transpose_result(%x: tensor<1x1x3x3xf32>, %w: tensor<1x2x3x3xf32>) -> tensor<1x2x6x6xf32> {
  // expected-error @+1 {{'kiln.conv_transpose' op result type 'tensor<1x2x6x6xf32>' does not match the inferred type 'tensor<1x2x5x5xf32>'}}
  %0 = kiln.conv_transpose %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return %0 : tensor<1x2x6x6xf32>
}

// -----

func.func @conv_transpose_lists(%x: tensor<1x1x3x3xf32>, %w: tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  // expected-error @+1 {{'kiln.conv_transpose' op expects 2 strides, dilations and output_padding and 4 pads}}
  %0 = kiln.conv_transpose %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

func.func @quantize_float_zero_point(%x: tensor<4xf32>, %s: tensor<f32>, %zp: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.quantize' op expects an 8- or 16-bit integer result}}
  %0 = kiln.quantize %x, %s, %zp {axis = 0 : i64} : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @quantize_per_axis_length(%x: tensor<2x3xf32>, %s: tensor<2xf32>) -> tensor<2x3xui8> {
  // expected-error @+1 {{'kiln.quantize' op scale length 2 differs from input dimension 1}}
  %0 = kiln.quantize %x, %s {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xui8>
  return %0 : tensor<2x3xui8>
}

// -----

func.func @dequantize_zero_point_type(%q: tensor<4xui8>, %s: tensor<f32>, %zp: tensor<i8>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.dequantize' op zero point must have the input's element type}}
  %0 = kiln.dequantize %q, %s, %zp {axis = 0 : i64} : (tensor<4xui8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @sub_zero_point_wide(%q: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.sub_zero_point' op expects an 8- or 16-bit integer input}}
  %0 = kiln.sub_zero_point %q {axis = 0 : i64} : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @recurrent_cell(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) {
  // expected-error @+1 {{'kiln.recurrent' op has unknown cell 'lru'}}
  %y, %yh, %yc = kiln.recurrent %x, %w, %r {activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>, activations = ["Tanh"], cell = "lru", clip = 0.0 : f32, direction = "forward", hidden_size = 4 : i64, input_forget = false, linear_before_reset = false} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %yh, %yc : tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

func.func @recurrent_activations(%x: tensor<5x2x3xf32>, %w: tensor<1x12x3xf32>, %r: tensor<1x12x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) {
  // expected-error @+1 {{'kiln.recurrent' op expects 2 activations with their alpha and beta}}
  %y, %yh, %yc = kiln.recurrent %x, %w, %r {activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>, activations = ["Tanh"], cell = "gru", clip = 0.0 : f32, direction = "forward", hidden_size = 4 : i64, input_forget = false, linear_before_reset = false} : (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %yh, %yc : tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

func.func @recurrent_weights(%x: tensor<5x2x3xf32>, %w: tensor<1x8x3xf32>, %r: tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) {
  // expected-error @+1 {{'kiln.recurrent' op weights has type 'tensor<1x8x3xf32>', expected shape [1, 4, 3]}}
  %y, %yh, %yc = kiln.recurrent %x, %w, %r {activation_alpha = array<f32: 0.0>, activation_beta = array<f32: 0.0>, activations = ["Tanh"], cell = "rnn", clip = 0.0 : f32, direction = "forward", hidden_size = 4 : i64, input_forget = false, linear_before_reset = false} : (tensor<5x2x3xf32>, tensor<1x8x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %yh, %yc : tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

func.func @max_pool_indices_lists(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xi64> {
  // expected-error @+1 {{'kiln.max_pool_indices' op expects kernel, strides, dilations with one entry per spatial axis and twice as many pads}}
  %0 = kiln.max_pool_indices %x {ceil_mode = false, column_major = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xi64>
  return %0 : tensor<1x1x2x2xi64>
}

// -----

func.func @max_unpool_indices(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'kiln.max_unpool' op expects integer indices}}
  %0 = kiln.max_unpool %x, %i {output_shape = array<i64: 1, 1, 4, 4>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @dropout_mask_type(%x: tensor<3xf32>, %r: tensor<f32>, %t: tensor<i1>) -> tensor<3xf32> {
  // expected-error @+1 {{'kiln.dropout_mask' op result element type 'f32' should be 'i1'}}
  %0 = kiln.dropout_mask %x, %r, %t {seed = 0 : i64} : (tensor<3xf32>, tensor<f32>, tensor<i1>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @dropout_ratio_rank(%x: tensor<3xf32>, %r: tensor<1xf32>, %t: tensor<i1>) -> tensor<3xf32> {
  // expected-error @+1 {{'kiln.dropout' op ratio and training must be rank 0}}
  %0 = kiln.dropout %x, %r, %t {seed = 0 : i64} : (tensor<3xf32>, tensor<1xf32>, tensor<i1>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @roi_align_rois(%x: tensor<1x2x10x10xf32>, %rois: tensor<3x5xf32>, %idx: tensor<3xi64>) -> tensor<3x2x5x5xf32> {
  // expected-error @+1 {{'kiln.roi_align' op expects rois [R, 4]}}
  %0 = kiln.roi_align %x, %rois, %idx {half_pixel = true, mode = "avg", output_height = 5 : i64, output_width = 5 : i64, sampling_ratio = 0 : i64, spatial_scale = 0.5 : f32} : (tensor<1x2x10x10xf32>, tensor<3x5xf32>, tensor<3xi64>) -> tensor<3x2x5x5xf32>
  return %0 : tensor<3x2x5x5xf32>
}

// -----

func.func @roi_align_mode(%x: tensor<1x2x10x10xf32>, %rois: tensor<3x4xf32>, %idx: tensor<3xi64>) -> tensor<3x2x5x5xf32> {
  // expected-error @+1 {{'kiln.roi_align' op has unknown mode 'min'}}
  %0 = kiln.roi_align %x, %rois, %idx {half_pixel = true, mode = "min", output_height = 5 : i64, output_width = 5 : i64, sampling_ratio = 0 : i64, spatial_scale = 0.5 : f32} : (tensor<1x2x10x10xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x2x5x5xf32>
  return %0 : tensor<3x2x5x5xf32>
}
