//===- KilnNNOps.td - kiln normalization, recurrent, quantized and other neural-network ops -*- tablegen -*-===//
//
// Included from KilnOps.td; uses its Kiln_Op base classes. C++ (verifiers,
// shape inference) lives in KilnNNOps.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_OPS_TD
#define KILN_NN_OPS_TD

include "mlir/IR/OpBase.td"

//===----------------------------------------------------------------------===//
// Arg reductions and hardmax
//===----------------------------------------------------------------------===//

def Kiln_ArgReduceOp : Kiln_Op<"arg_reduce"> {
  let summary = "Index of the largest or smallest element along one axis.";
  let description = [{
    `kind` is `max` or `min`. Ties resolve to the first index, or to the last
    with `select_last_index`. The result is an `i64` tensor; with `keepdims`
    the reduced axis stays as size 1. `axis` is non-negative.

    Example:
    ```mlir
    %i = kiln.arg_reduce %x {axis = 1 : i64, keepdims = true, kind = "max",
           select_last_index = false} : tensor<2x3xf32> -> tensor<2x1xi64>
    ```
  }];
  let arguments = (ins AnyTensor:$input, Kiln_I64Attr:$axis, BoolAttr:$keepdims,
                   BoolAttr:$select_last_index, StrAttr:$kind);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Kiln_HardmaxOp : Kiln_Op<"hardmax"> {
  let summary = "One-hot of the first maximum along one axis.";
  let description = [{
    1 where an element is the first maximum along `axis` (non-negative), 0
    elsewhere (ONNX opset-13 semantics).

    Example:
    ```mlir
    %y = kiln.hardmax %x {axis = 1 : i64} : tensor<2x3xf32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, Kiln_I64Attr:$axis);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def Kiln_LayerNormOp : Kiln_Op<"layer_norm"> {
  let summary = "Layer normalization over the trailing axes starting at `axis`.";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * scale + bias`, with mean and
    (biased) variance over axes `[axis, rank)`. `scale` and the optional
    `bias` broadcast against those trailing axes. One fused op so that the
    backend can keep a row in cache across the statistics and the update.

    Example:
    ```mlir
    %y = kiln.layer_norm %x, %s, %b {axis = 1 : i64, epsilon = 1.000000e-05 : f32}
         : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$scale, Optional<AnyTensor>:$bias,
                   Kiln_I64Attr:$axis, F32Attr:$epsilon);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

def Kiln_NllLossOp : Kiln_Op<"nll_loss"> {
  let summary = "Negative log-likelihood loss of log-probabilities and class targets.";
  let description = [{
    `input` is `[N, C, d...]` log-probabilities, `target` is `[N, d...]`
    integer classes and the optional `weight` is `[C]`. Every position
    contributes `-input[n, target, d...] * weight[target]`; positions whose
    target equals `ignore_index` contribute 0 and weigh 0. `reduction` is
    `none` (result `[N, d...]`), `sum` or `mean` (rank 0; the sum divided
    by the total weight of the contributing positions).

    Example:
    ```mlir
    %l = kiln.nll_loss %x, %t {ignore_index = -1 : i64, reduction = "mean"}
         : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<f32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$target, Optional<AnyTensor>:$weight,
                   OptionalAttr<Kiln_I64Attr>:$ignore_index, StrAttr:$reduction);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $target (`,` $weight^)? attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Einsum
//===----------------------------------------------------------------------===//

def Kiln_EinsumOp : Kiln_Op<"einsum"> {
  let summary = "Einstein summation over explicitly labelled axes.";
  let description = [{
    `equation` is `in0,in1,...->out` with one lower-case letter per axis of
    every operand (no ellipsis, explicit output; the frontend normalizes
    ONNX equations). A letter repeated within one operand takes its
    diagonal; letters missing from the output are summed. An operand axis
    of size 1 broadcasts against the same letter elsewhere.

    Example:
    ```mlir
    %c = kiln.einsum %a, %b {equation = "ij,jk->ik"}
         : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyTensor>:$inputs, StrAttr:$equation);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, results)";
  let extraClassDeclaration = [{
    /// The axis labels of every operand, then of the result; failure when
    /// the equation is malformed or disagrees with the operand count.
    ::mlir::FailureOr<::llvm::SmallVector<std::string>> parseEquation();
  }];
}

//===----------------------------------------------------------------------===//
// Transposed convolution
//===----------------------------------------------------------------------===//

def Kiln_ConvTransposeOp : Kiln_Op<"conv_transpose"> {
  let summary = "N-D grouped transposed convolution (NCHW input, IOHW weight).";
  let description = [{
    `input` is `[N, C, spatial...]`, `weight` is `[C, OC / groups, kernel...]`,
    `bias` (optional) is `[OC]`. Every spatial output size is
    `strides * (in - 1) + output_padding + (kernel - 1) * dilations + 1 -
    pad_begin - pad_end`; `pads` lists begin pads, then end pads. The
    frontend resolves ONNX `output_shape` and `auto_pad` into `pads` and
    `output_padding`.

    Example:
    ```mlir
    %y = kiln.conv_transpose %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64,
           output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>,
           strides = array<i64: 2, 2>}
         : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x7x7xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$weight, Optional<AnyTensor>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$output_padding,
                   Kiln_I64Attr:$groups);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

def Kiln_QuantizeOp : Kiln_Op<"quantize"> {
  let summary = "Affine quantization to the zero point's integer type.";
  let description = [{
    `saturate(round_half_even(input / scale) + zero_point)`, saturating to
    the range of the result's (8-bit, signed or unsigned) integer type,
    which is the zero point's when there is one (no zero point means 0).
    `scale` and `zero_point` are rank 0 (per tensor) or rank 1 indexed
    along `axis` (per axis; non-negative).

    Example:
    ```mlir
    %q = kiln.quantize %x, %s, %zp {axis = 1 : i64}
         : (tensor<2x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<2x3xui8>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$scale, Optional<AnyTensor>:$zero_point,
                   Kiln_I64Attr:$axis);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $scale (`,` $zero_point^)? attr-dict `:` functional-type(operands, results)";
}

def Kiln_DequantizeOp : Kiln_Op<"dequantize"> {
  let summary = "Affine dequantization of an integer tensor to the scale's float type.";
  let description = [{
    `(input - zero_point) * scale` in the scale's floating-point type. The
    input is any integer type (8-bit quantized data or an `i32`
    accumulator); the optional zero point has the input's type. `scale` and
    `zero_point` are rank 0 or rank 1 along `axis` as for `kiln.quantize`.

    Example:
    ```mlir
    %x = kiln.dequantize %q, %s, %zp {axis = 1 : i64}
         : (tensor<2x3xui8>, tensor<f32>, tensor<ui8>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$scale, Optional<AnyTensor>:$zero_point,
                   Kiln_I64Attr:$axis);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $scale (`,` $zero_point^)? attr-dict `:` functional-type(operands, results)";
}

def Kiln_SubZeroPointOp : Kiln_Op<"sub_zero_point"> {
  let summary = "Widens a quantized integer tensor to i32 and subtracts its zero point.";
  let description = [{
    `ext(input) - ext(zero_point)` in `i32`, extending by the signedness of
    the (8-bit) input type. Integer matmul and convolution (MatMulInteger,
    ConvInteger, QLinear*) run on the centered i32 values. `zero_point` has
    the input's type and is rank 0, or rank 1 along `axis` (non-negative);
    without one the input is only widened.

    Example:
    ```mlir
    %c = kiln.sub_zero_point %q, %zp {axis = 0 : i64}
         : (tensor<2x3xui8>, tensor<ui8>) -> tensor<2x3xi32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, Optional<AnyTensor>:$zero_point, Kiln_I64Attr:$axis);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input (`,` $zero_point^)? attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

def Kiln_RecurrentOp : Kiln_Op<"recurrent", [AttrSizedOperandSegments]> {
  let summary = "RNN, GRU or LSTM layer over a whole sequence.";
  let description = [{
    ONNX RNN/GRU/LSTM semantics with `cell` = `rnn`, `gru` or `lstm` and
    `G` = 1, 3 or 4 gates (orders: i; z r h; i o f c). Operands:
    `input` `[T, B, I]` (sequence-major), `weights` `[D, G*H, I]`,
    `recurrence` `[D, G*H, H]`, optional `bias` `[D, 2*G*H]`,
    `sequence_lens` `[B]`, `initial_h` / `initial_c` `[D, B, H]` and
    `peepholes` `[D, 3*H]` (LSTM). `direction` is `forward`, `reverse` or
    `bidirectional` (D = 2). `activations` lists the gate activations of
    each direction (`Sigmoid`, `Tanh`, `Relu`, ...) with their
    `activation_alpha` / `activation_beta` (NaN when unused). `clip` > 0
    clamps gate pre-activations. Results: `y` `[T, D, B, H]`, the last
    hidden state `y_h` `[D, B, H]` and the last cell state `y_c`
    `[D, B, H]` (a copy of `y_h` for cells without one). Positions past a
    batch entry's sequence length output 0 and keep the state.

    Example:
    ```mlir
    %y, %h, %c = kiln.recurrent %x, %w, %r {activation_alpha = array<f32: 0x7FC00000>,
           activation_beta = array<f32: 0x7FC00000>, activations = ["Tanh"], cell = "rnn",
           clip = 0.000000e+00 : f32, direction = "forward", hidden_size = 4 : i64,
           input_forget = false, linear_before_reset = false}
         : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>)
           -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$weights, AnyTensor:$recurrence,
                   Optional<AnyTensor>:$bias, Optional<AnyTensor>:$sequence_lens,
                   Optional<AnyTensor>:$initial_h, Optional<AnyTensor>:$initial_c,
                   Optional<AnyTensor>:$peepholes,
                   StrAttr:$cell, StrAttr:$direction, Kiln_I64Attr:$hidden_size,
                   StrArrayAttr:$activations, DenseF32ArrayAttr:$activation_alpha,
                   DenseF32ArrayAttr:$activation_beta, F32Attr:$clip,
                   BoolAttr:$linear_before_reset, BoolAttr:$input_forget);
  let results = (outs AnyTensor:$y, AnyTensor:$y_h, AnyTensor:$y_c);
  let assemblyFormat = [{
    $input `,` $weights `,` $recurrence (`bias` $bias^)? (`sequence_lens` $sequence_lens^)?
    (`initial_h` $initial_h^)? (`initial_c` $initial_c^)? (`peepholes` $peepholes^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Pooling extras
//===----------------------------------------------------------------------===//

def Kiln_MaxPoolIndicesOp : Kiln_Op<"max_pool_indices"> {
  let summary = "Flat indices of the maxima of N-D max pooling.";
  let description = [{
    Same window attributes as `kiln.max_pool` (explicit pads only). Each
    result element is the flat index into `input` of the first maximum of
    its window (ONNX MaxPool's `Indices` output): row-major, or with
    `column_major` (storage_order 1) the spatial part of the index is
    column-major. The result is `i64`.

    Example:
    ```mlir
    %i = kiln.max_pool_indices %x {ceil_mode = false, column_major = false, dilations = array<i64: 1, 1>,
           kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
           strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xi64>
    ```
  }];
  let arguments = (ins AnyTensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations, BoolAttr:$ceil_mode,
                   BoolAttr:$column_major);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Kiln_MaxUnpoolOp : Kiln_Op<"max_unpool"> {
  let summary = "Scatters pooled values back to their flat indices (MaxUnpool).";
  let description = [{
    `result` (static shape `output_shape`) is zero except at the row-major
    flat positions named by `indices` (same shape as `input`, integer),
    which receive the matching `input` values.

    Example:
    ```mlir
    %y = kiln.max_unpool %x, %i {output_shape = array<i64: 1, 1, 4, 4>}
         : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$indices,
                   DenseI64ArrayAttr:$output_shape);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Training-mode dropout
//===----------------------------------------------------------------------===//

class Kiln_DropoutBase<string mnemonic, string what> : Kiln_Op<mnemonic> {
  let summary = "Dropout's " # what # " (training mode decided at run time).";
  let description = [{
    `ratio` (rank-0 float) and `training` (rank-0 i1) are run-time values.
    In training mode an element is kept when a counter-based hash of
    (`seed`, its flat index) mapped to [0, 1) is >= `ratio`; kept elements
    are scaled by 1 / (1 - ratio), dropped ones are 0. Otherwise every
    element is kept unscaled. `kiln.dropout` returns the output,
    `kiln.dropout_mask` the i1 keep mask; with the same seed they agree.

    Example:
    ```mlir
    %y = kiln.}] # mnemonic # [{ %x, %ratio, %training {seed = 0 : i64}
         : (tensor<3x4xf32>, tensor<f32>, tensor<i1>) -> tensor<3x4x}] # !if(!eq(mnemonic, "dropout"), "f32", "i1") # [{>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$ratio, AnyTensor:$training,
                   Kiln_I64Attr:$seed);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $ratio `,` $training attr-dict `:` functional-type(operands, results)";
}

def Kiln_DropoutOp : Kiln_DropoutBase<"dropout", "output">;
def Kiln_DropoutMaskOp : Kiln_DropoutBase<"dropout_mask", "keep mask">;

//===----------------------------------------------------------------------===//
// Region-of-interest pooling
//===----------------------------------------------------------------------===//

def Kiln_RoiAlignOp : Kiln_Op<"roi_align"> {
  let summary = "RoiAlign: bilinearly sampled average or max pooling of boxes.";
  let description = [{
    `input` is `[N, C, H, W]`, `rois` `[R, 4]` boxes (x1, y1, x2, y2) in
    input coordinates times `spatial_scale`, `batch_indices` `[R]` integer
    batch entries. Each of the `output_height` x `output_width` bins of a
    box averages (`mode` = `avg`) or maximizes (`max`) bilinear samples on a
    regular grid of `sampling_ratio` points per axis (when 0: ceil(box size
    / bins)). `half_pixel` shifts boxes by -0.5 (ONNX half_pixel); without
    it boxes are at least 1 x 1 (output_half_pixel). Result `[R, C, oh, ow]`.

    Example:
    ```mlir
    %y = kiln.roi_align %x, %rois, %idx {half_pixel = true, mode = "avg", output_height = 5 : i64,
           output_width = 5 : i64, sampling_ratio = 2 : i64, spatial_scale = 1.000000e+00 : f32}
         : (tensor<1x1x10x10xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x1x5x5xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$rois, AnyTensor:$batch_indices,
                   StrAttr:$mode, Kiln_I64Attr:$output_height, Kiln_I64Attr:$output_width,
                   Kiln_I64Attr:$sampling_ratio, F32Attr:$spatial_scale, BoolAttr:$half_pixel);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $rois `,` $batch_indices attr-dict `:` functional-type(operands, results)";
}

#endif // KILN_NN_OPS_TD
