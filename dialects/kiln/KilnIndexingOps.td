//===- KilnIndexingOps.td - kiln gather, scatter, slicing, padding and other indexing ops -*- tablegen -*-===//
//
// Included from KilnOps.td; uses its Kiln_Op base classes.
//
// Index-like operands (starts, pads, k, axis, ...) are tensors, not
// attributes, so an ONNX graph input can feed them: when they are not
// constants, shape inference leaves the affected dimensions dynamic and the
// frontend may pin them from the model's declared output type. Lowerings
// read such operands at run time.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_INDEXING_OPS_TD
#define KILN_INDEXING_OPS_TD

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

def Kiln_ShapeOp : Kiln_Op<"shape"> {
  let summary = "The dimensions [start, end) of a tensor's shape as a 1-D i64 tensor.";
  let description = [{
    `start` and `end` are already clamped to `0 <= start <= end <= rank`
    (ONNX Shape-15 semantics after normalization). Folds to a constant when
    those dimensions are static; otherwise lowers to `tensor.dim` reads.

    Example:
    ```mlir
    %s = kiln.shape %x {end = 3 : i64, start = 1 : i64} : tensor<?x4x5xf32> -> tensor<2xi64>
    ```
  }];
  let arguments = (ins AnyTensor:$input, Kiln_I64Attr:$start, Kiln_I64Attr:$end);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def Kiln_ExpandOp : Kiln_Op<"expand"> {
  let summary = "Broadcasts a tensor to a shape (ONNX Expand).";
  let description = [{
    The result shape is the NumPy broadcast of the input shape and `shape`,
    so an entry of 1 in `shape` keeps the input dimension.

    Example:
    ```mlir
    %e = kiln.expand %x {shape = array<i64: 2, 1, 6>} : tensor<3x1xf32> -> tensor<2x3x6xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Slicing and padding
//===----------------------------------------------------------------------===//

def Kiln_SliceOp : Kiln_Op<"slice"> {
  let summary = "Strided slice with ONNX Slice-13 semantics.";
  let description = [{
    `starts`, `ends`, `axes` and `steps` are 1-D integer tensors of one
    length. Negative starts/ends count from the end of the axis, negative
    axes from the last axis; out-of-range values clamp; a negative step walks
    backwards. When all four are constants the result shape is static.

    Example:
    ```mlir
    %y = kiln.slice %x, %starts, %ends, %axes, %steps
         : (tensor<20x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<20x3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$starts, AnyTensor:$ends,
                   AnyTensor:$axes, AnyTensor:$steps);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $starts `,` $ends `,` $axes `,` $steps attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Kiln_PadOp : Kiln_Op<"pad"> {
  let summary = "Pads a tensor (constant, reflect or edge mode).";
  let description = [{
    `pads` is a 1-D integer tensor holding the begin pad of every axis, then
    the end pads (2 x rank entries); negative entries crop. `value` is a
    rank-0 tensor of the input's element type used by `constant` mode. `reflect` mirrors without
    repeating the border element, `edge` repeats it.

    Example:
    ```mlir
    %y = kiln.pad %x, %pads, %v {mode = "reflect"} : (tensor<4x5xf32>, tensor<4xi64>, tensor<f32>) -> tensor<6x7xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$pads, AnyTensor:$value, StrAttr:$mode);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $pads `,` $value attr-dict `:` functional-type(operands, results)";
}

def Kiln_ReverseSequenceOp : Kiln_Op<"reverse_sequence"> {
  let summary = "Reverses the first lengths[b] elements along the time axis of every batch entry.";
  let description = [{
    `lengths` is a 1-D integer tensor with one entry per batch entry; elements
    past a sequence's length are copied unchanged.

    Example:
    ```mlir
    %y = kiln.reverse_sequence %x, %lens {batch_axis = 0 : i64, time_axis = 1 : i64}
         : (tensor<4x4xf32>, tensor<4xi64>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$lengths, Kiln_I64Attr:$batch_axis,
                   Kiln_I64Attr:$time_axis);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $lengths attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Gathers and scatters
//===----------------------------------------------------------------------===//

def Kiln_GatherOp : Kiln_Op<"gather"> {
  let summary = "Takes entries of `input` along `axis` at `indices` (ONNX Gather).";
  let description = [{
    Result shape: `input.shape[:axis] + indices.shape + input.shape[axis+1:]`.
    Indices are i32 or i64; negative ones count from the end of the axis.

    Example:
    ```mlir
    %y = kiln.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$indices, Kiln_I64Attr:$axis);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Kiln_GatherElementsOp : Kiln_Op<"gather_elements"> {
  let summary = "Elementwise gather along one axis (ONNX GatherElements).";
  let description = [{
    `result[i...] = input[i... with i_axis replaced by indices[i...]]`; the
    result has the shape of `indices`, which has the input's rank.

    Example:
    ```mlir
    %y = kiln.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$indices, Kiln_I64Attr:$axis);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Kiln_GatherNDOp : Kiln_Op<"gather_nd"> {
  let summary = "Gathers slices addressed by index tuples (ONNX GatherND).";
  let description = [{
    The last dimension of `indices` (size q) indexes input dimensions
    `batch_dims .. batch_dims+q`. Result shape: `indices.shape[:-1] +
    input.shape[batch_dims+q:]`.

    Example:
    ```mlir
    %y = kiln.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$indices, Kiln_I64Attr:$batch_dims);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Kiln_ScatterElementsOp : Kiln_Op<"scatter_elements"> {
  let summary = "Writes `updates` into a copy of `input` along one axis (ONNX ScatterElements).";
  let description = [{
    For every position `i...` of `indices` (same shape as `updates`),
    `result[i... with i_axis = indices[i...]]` becomes `updates[i...]`,
    combined with the old value by `reduction` (`none`, `add`, `mul`, `max`,
    `min`). Updates apply in row-major order, so with `none` the last
    duplicate wins.

    Example:
    ```mlir
    %y = kiln.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"}
         : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$indices, AnyTensor:$updates,
                   Kiln_I64Attr:$axis, StrAttr:$reduction);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
}

def Kiln_ScatterNDOp : Kiln_Op<"scatter_nd"> {
  let summary = "Writes slices of `updates` at index tuples (ONNX ScatterND).";
  let description = [{
    `indices` has shape `[..., q]`; each tuple addresses a slice of the first
    q input dimensions. `updates` has shape `indices.shape[:-1] +
    input.shape[q:]`. `reduction` is as for `kiln.scatter_elements`.

    Example:
    ```mlir
    %y = kiln.scatter_nd %x, %i, %u {reduction = "none"}
         : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$indices, AnyTensor:$updates,
                   StrAttr:$reduction);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Generators and masks
//===----------------------------------------------------------------------===//

def Kiln_RangeOp : Kiln_Op<"range"> {
  let summary = "1-D sequence start, start + delta, ... stopping before limit.";
  let description = [{
    `start`, `limit` and `delta` are rank-0 tensors of the result's element
    type. The length, `max(ceil((limit - start) / delta), 0)`, is only known
    at compile time when they are constants (the frontend folds that case).

    Example:
    ```mlir
    %r = kiln.range %start, %limit, %delta : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<?xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$start, AnyTensor:$limit, AnyTensor:$delta);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$start `,` $limit `,` $delta attr-dict `:` functional-type(operands, results)";
}

def Kiln_OneHotOp : Kiln_Op<"one_hot"> {
  let summary = "One-hot encoding along a new axis (ONNX OneHot).";
  let description = [{
    Inserts a new dimension of size `depth` at `axis` (non-negative, at most
    the indices' rank). `result[..., d, ...]` is `values[1]` where the
    index (negative ones count from `depth`) equals `d`, else `values[0]`.
    `depth` is a one-element tensor; `values` a 2-element 1-D tensor of the
    result's element type. Indices may be integers or floats (truncated).

    Example:
    ```mlir
    %y = kiln.one_hot %i, %depth, %values {axis = 1 : i64}
         : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x10xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$indices, AnyTensor:$depth, AnyTensor:$values,
                   Kiln_I64Attr:$axis);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$indices `,` $depth `,` $values attr-dict `:` functional-type(operands, results)";
}

def Kiln_TriluOp : Kiln_Op<"trilu"> {
  let summary = "Keeps the upper or lower triangle of the last two dimensions.";
  let description = [{
    With `upper`, keeps elements with `col - row >= k`, otherwise those with
    `col - row <= k`; the rest become zero. `k` is a rank-0 integer tensor.

    Example:
    ```mlir
    %y = kiln.trilu %x, %k {upper = true} : (tensor<4x5xf32>, tensor<i64>) -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$k, BoolAttr:$upper);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $k attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Scans and selection
//===----------------------------------------------------------------------===//

def Kiln_CumSumOp : Kiln_Op<"cumsum"> {
  let summary = "Cumulative sum along an axis (ONNX CumSum).";
  let description = [{
    `axis` is a one-element integer tensor (negative counts from the end), so
    it may be known only at run time. `exclusive` leaves out the current
    element; `reverse` sums from the end.

    Example:
    ```mlir
    %y = kiln.cumsum %x, %axis {exclusive = false, reverse = false}
         : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$axis, BoolAttr:$exclusive,
                   BoolAttr:$reverse);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $axis attr-dict `:` functional-type(operands, results)";
}

def Kiln_TopKIndicesOp : Kiln_Op<"top_k_indices"> {
  let summary = "Positions of the k largest (or smallest) entries along an axis, best first.";
  let description = [{
    Returns i64 indices along `axis` (non-negative) ordered from the best
    value; equal values keep their original order. ONNX TopK is this op
    followed by `kiln.gather_elements` for the values.

    Example:
    ```mlir
    %i = kiln.top_k_indices %x {axis = 1 : i64, k = 3 : i64, largest = true}
         : tensor<3x4xf32> -> tensor<3x3xi64>
    ```
  }];
  let arguments = (ins AnyTensor:$input, Kiln_I64Attr:$axis, Kiln_I64Attr:$k,
                   BoolAttr:$largest);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

//===----------------------------------------------------------------------===//
// Data-dependent selection
//===----------------------------------------------------------------------===//

def Kiln_CompressOp : Kiln_Op<"compress"> {
  let summary = "Keeps the slices along an axis whose condition entry is true (ONNX Compress).";
  let description = [{
    `condition` is a 1-D tensor (bool or numeric, non-zero is true); entries
    past the axis size are ignored. The result size along `axis` is the
    number of true entries, so it is dynamic unless the frontend pins it
    from the model's declared output type.

    Example:
    ```mlir
    %y = kiln.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$condition, Kiln_I64Attr:$axis);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $condition attr-dict `:` functional-type(operands, results)";
}

def Kiln_NonZeroOp : Kiln_Op<"non_zero"> {
  let summary = "Coordinates of the non-zero elements, one column each (ONNX NonZero).";
  let description = [{
    The result is `[rank, count]` i64 in row-major order of the elements;
    `count` is dynamic unless the frontend pins it from the model's declared
    output type.

    Example:
    ```mlir
    %y = kiln.non_zero %x : tensor<2x2xi1> -> tensor<2x3xi64>
    ```
  }];
  let arguments = (ins AnyTensor:$input);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

//===----------------------------------------------------------------------===//
// Resampling
//===----------------------------------------------------------------------===//

def Kiln_ResizeOp : Kiln_Op<"resize"> {
  let summary = "Nearest, linear or cubic resampling of every axis (ONNX Resize).";
  let description = [{
    `scales` is a 1-D float tensor with one factor per axis, used by the
    coordinate transformation (`half_pixel`, `pytorch_half_pixel`,
    `align_corners`, `asymmetric`, `tf_half_pixel_for_nn`,
    `tf_crop_and_resize`); `roi` holds `[starts..., ends...]` for
    `tf_crop_and_resize` and is empty otherwise. The output shape is the
    result type (frontends compute it from ONNX sizes or scales). `mode` is
    `nearest` (rounded by `nearest_mode`), `linear` or `cubic` (with
    `cubic_coeff_a`); `exclude_outside` drops taps outside the input and
    renormalizes; `extrapolation_value` fills positions that
    `tf_crop_and_resize` maps outside the input.

    Example:
    ```mlir
    %y = kiln.resize %x, %roi, %scales {coordinate_transformation_mode = "half_pixel",
           cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false,
           extrapolation_value = 0.000000e+00 : f32, mode = "linear", nearest_mode = "round_prefer_floor"}
         : (tensor<1x1x2x2xf32>, tensor<0xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$roi, AnyTensor:$scales, StrAttr:$mode,
                   StrAttr:$coordinate_transformation_mode, StrAttr:$nearest_mode,
                   F32Attr:$cubic_coeff_a, BoolAttr:$exclude_outside,
                   F32Attr:$extrapolation_value);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $roi `,` $scales attr-dict `:` functional-type(operands, results)";
}

def Kiln_GridSampleOp : Kiln_Op<"grid_sample"> {
  let summary = "Samples an NCHW input at normalized grid positions (ONNX GridSample-16).";
  let description = [{
    `grid` is `[N, H_out, W_out, 2]` of (x, y) in [-1, 1] (x along W); the
    result is `[N, C, H_out, W_out]`. `mode` is `bilinear`, `nearest` or
    `bicubic`; `padding_mode` (`zeros`, `border`, `reflection`) decides
    positions outside the input; `align_corners` maps -1 and 1 to the
    centers (true) or the outer edges (false) of the corner pixels.

    Example:
    ```mlir
    %y = kiln.grid_sample %x, %grid {align_corners = false, mode = "bilinear", padding_mode = "zeros"}
         : (tensor<1x1x4x4xf32>, tensor<1x6x6x2xf32>) -> tensor<1x1x6x6xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$grid, StrAttr:$mode, StrAttr:$padding_mode,
                   BoolAttr:$align_corners);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $grid attr-dict `:` functional-type(operands, results)";
}

#endif // KILN_INDEXING_OPS_TD
