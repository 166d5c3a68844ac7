//===- KilnAlgorithmOps.td - kiln ops lowered to explicit loops -*- tablegen -*-===//
//
// Included from KilnOps.td; uses its Kiln_Op base classes.
//
// Ops whose ONNX definition is an algorithm rather than a map or reduction:
// determinants (LU elimination), non-maximum suppression and unique
// elements. Their lowerings are scf loops over tensors. Results whose size
// depends on the data are dynamic unless the frontend pins them from the
// model's declared output types; the lowering then needs them static.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_ALGORITHM_OPS_TD
#define KILN_ALGORITHM_OPS_TD

def Kiln_DetOp : Kiln_Op<"det"> {
  let summary = "Determinant of the square matrices in the last two dimensions (ONNX Det).";
  let description = [{
    The input is `[..., n, n]` floating point; the result `[...]` holds one
    determinant per matrix, computed by LU elimination with partial
    pivoting.

    Example:
    ```mlir
    %d = kiln.det %x : tensor<3x2x2xf32> -> tensor<3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Kiln_NonMaxSuppressionOp : Kiln_Op<"non_max_suppression"> {
  let summary = "Greedy non-maximum suppression of boxes (ONNX NonMaxSuppression).";
  let description = [{
    `boxes` is `[batches, boxes, 4]`, `scores` `[batches, classes, boxes]`
    (both f32). For each batch and class, boxes whose score exceeds
    `score_threshold` are taken in decreasing score order (ties: lower index
    first); a box is kept unless its intersection over union with an
    already kept box of that class exceeds `iou_threshold`, and at most
    `max_output` boxes are kept per class. `max_output` (i64),
    `iou_threshold` and `score_threshold` (f32) are one-element tensors.
    With `center_point_box` the boxes are `[x_center, y_center, width,
    height]`, otherwise two opposite corners `[y1, x1, y2, x2]`.

    The result is `[selected, 3]` i64 rows `(batch, class, box)`, in batch,
    class and selection order. `selected` is dynamic unless the frontend
    pins it from the model's declared output type; rows beyond those
    selected are zero.

    Example:
    ```mlir
    %y = kiln.non_max_suppression %boxes, %scores, %max, %iou, %score {center_point_box = false}
         : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>)
           -> tensor<3x3xi64>
    ```
  }];
  let arguments = (ins AnyTensor:$boxes, AnyTensor:$scores, AnyTensor:$max_output,
                   AnyTensor:$iou_threshold, AnyTensor:$score_threshold,
                   BoolAttr:$center_point_box);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = [{
    $boxes `,` $scores `,` $max_output `,` $iou_threshold `,` $score_threshold attr-dict
    `:` functional-type(operands, results)
  }];
}

def Kiln_UniqueOp : Kiln_Op<"unique"> {
  let summary = "One output of ONNX Unique over the rows of a 2-D tensor.";
  let description = [{
    Treats the `[n, m]` input as `n` rows and finds the distinct rows
    (element equality), ordered by first occurrence or, with `sorted`,
    lexicographically ascending. `part` selects the result:

    - `values`: `[k, m]`, the distinct rows;
    - `indices`: `[k]` i64, the first occurrence of each distinct row;
    - `inverse`: `[n]` i64, for each row the position of its distinct row;
    - `counts`: `[k]` i64, the occurrences of each distinct row.

    The frontend moves the ONNX axis to the front and flattens the rest
    (ONNX without an axis: `[size, 1]`). `k` is dynamic unless the frontend
    pins it from the model's declared output types; positions at or beyond
    it are dropped.

    Example:
    ```mlir
    %y = kiln.unique %x {part = "values", sorted = true} : tensor<6x1xf32> -> tensor<4x1xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, StrAttr:$part, BoolAttr:$sorted);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

#endif // KILN_ALGORITHM_OPS_TD
