//===- KilnOps.td - kiln graph ops -------------------------*- tablegen -*-===//
#ifndef KILN_OPS_TD
#define KILN_OPS_TD

include "KilnDialect.td"
include "KilnInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// ODS's I64Attr reads back as uint64_t; kiln's integer attributes are signed
// so that negative values reach the verifiers as negative.
def Kiln_I64Attr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                                "64-bit signless integer attribute"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}

class Kiln_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kiln_Dialect, mnemonic, !listconcat(traits, [Pure,
        DeclareOpInterfaceMethods<Kiln_ShapeInferenceOpInterface>])> {
  // Every op checks its own invariants, then that a ranked result agrees
  // with the type inferred from its operands.
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Kiln_ConstantOp : Op<Kiln_Dialect, "constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>]> {
  let summary = "A constant tensor (ONNX Constant nodes and initializers).";
  let description = [{
    Holds a compile-time tensor. Initializers of the model become constants,
    so the folders can evaluate initializer-only subgraphs at compile time.

    Example:
    ```mlir
    %w = kiln.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class Kiln_BinaryOp<string mnemonic, string what> : Kiln_Op<mnemonic> {
  let summary = "Elementwise " # what # " with NumPy broadcasting.";
  let description = [{
    Applies the operation elementwise after broadcasting both operands to a
    common shape (NumPy rules: align trailing dimensions; a dimension of
    size 1 stretches). Both operands have the same element type.

    Example:
    ```mlir
    %r = kiln.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$lhs, AnyTensor:$rhs);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::mlir::FailureOr<::mlir::Type> $cppClass::inferResultType() {
      return ::mlir::kiln::detail::inferBroadcastType(getOperation());
    }
    ::mlir::LogicalResult $cppClass::verify() {
      return ::mlir::kiln::detail::verifyBroadcastOp(getOperation());
    }
    ::mlir::OpFoldResult $cppClass::fold(FoldAdaptor adaptor) {
      return ::mlir::kiln::detail::foldElementwise(getOperation(), adaptor.getOperands());
    }
  }];
}

def Kiln_AddOp : Kiln_BinaryOp<"add", "addition">;
def Kiln_SubOp : Kiln_BinaryOp<"sub", "subtraction">;
def Kiln_MulOp : Kiln_BinaryOp<"mul", "multiplication">;
def Kiln_DivOp : Kiln_BinaryOp<"div", "division">;
def Kiln_PowOp : Kiln_BinaryOp<"pow", "power">;
def Kiln_MaxOp : Kiln_BinaryOp<"max", "maximum">;
def Kiln_MinOp : Kiln_BinaryOp<"min", "minimum">;

class Kiln_UnaryOp<string mnemonic, string what> : Kiln_Op<mnemonic> {
  let summary = "Elementwise " # what # ".";
  let description = [{
    Applies the function to every element; the result has the operand's type.

    Example:
    ```mlir
    %r = kiln.}] # mnemonic # [{ %x : tensor<4xf32> -> tensor<4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::mlir::FailureOr<::mlir::Type> $cppClass::inferResultType() {
      return ::mlir::kiln::detail::inferSameType(getOperation());
    }
    ::mlir::LogicalResult $cppClass::verify() {
      return ::mlir::kiln::detail::verifyResultType(getOperation());
    }
    ::mlir::OpFoldResult $cppClass::fold(FoldAdaptor adaptor) {
      return ::mlir::kiln::detail::foldElementwise(getOperation(), adaptor.getOperands());
    }
  }];
}

def Kiln_ReluOp : Kiln_UnaryOp<"relu", "rectified linear unit, max(x, 0)">;
def Kiln_SigmoidOp : Kiln_UnaryOp<"sigmoid", "logistic function 1 / (1 + exp(-x))">;
def Kiln_TanhOp : Kiln_UnaryOp<"tanh", "hyperbolic tangent">;
def Kiln_ExpOp : Kiln_UnaryOp<"exp", "natural exponential">;
def Kiln_LogOp : Kiln_UnaryOp<"log", "natural logarithm">;
def Kiln_SqrtOp : Kiln_UnaryOp<"sqrt", "square root">;
def Kiln_NegOp : Kiln_UnaryOp<"neg", "negation">;
def Kiln_AbsOp : Kiln_UnaryOp<"abs", "absolute value">;

def Kiln_LeakyReluOp : Kiln_Op<"leaky_relu"> {
  let summary = "Elementwise leaky ReLU: x if x >= 0 else alpha * x.";
  let description = [{
    Example:
    ```mlir
    %r = kiln.leaky_relu %x {alpha = 1.000000e-01 : f32} : tensor<4xf32> -> tensor<4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, F32Attr:$alpha);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Kiln_ClipOp : Kiln_Op<"clip"> {
  let summary = "Elementwise clamp to [min, max].";
  let description = [{
    `min` and `max` are rank-0 tensors of the input's element type, so bounds
    can be graph inputs as well as constants. Missing ONNX bounds become
    -inf/+inf (or the integer type's limits).

    Example:
    ```mlir
    %r = kiln.clip %x, %lo, %hi : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$min, AnyTensor:$max);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $min `,` $max attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Linear algebra and convolution
//===----------------------------------------------------------------------===//

def Kiln_MatMulOp : Kiln_Op<"matmul"> {
  let summary = "Batched matrix product with broadcast batch dimensions.";
  let description = [{
    Both operands have rank >= 2: `[batch..., M, K] x [batch..., K, N] ->
    [batch..., M, N]`, batch dimensions broadcast NumPy-style. The frontend
    turns ONNX's 1-D operands into rank-2 ones around this op.

    Example:
    ```mlir
    %c = kiln.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$lhs, AnyTensor:$rhs);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def Kiln_ConvOp : Kiln_Op<"conv"> {
  let summary = "N-D grouped convolution (NCHW input, OIHW weight) with optional bias.";
  let description = [{
    `input` is `[N, C, spatial...]`, `weight` is `[OC, C / groups, kernel...]`,
    `bias` (optional) is `[OC]`. `pads` lists the begin pads of every spatial
    axis, then the end pads. `pad_mode` is `explicit`, or `same_upper` /
    `same_lower` (ONNX auto_pad) until shape inference resolves it to explicit
    pads. Depthwise convolution is `groups == C`.

    Example:
    ```mlir
    %y = kiln.conv %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64,
           pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
         : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$weight, Optional<AnyTensor>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations, Kiln_I64Attr:$groups, StrAttr:$pad_mode);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

def Kiln_MaxPoolOp : Kiln_Op<"max_pool"> {
  let summary = "N-D max pooling over the spatial axes of an NC... tensor.";
  let description = [{
    `kernel`, `strides` and `dilations` have one entry per spatial axis;
    `pads` lists begin pads then end pads (padding never wins the max).
    `ceil_mode` rounds the output size up. `pad_mode` as for `kiln.conv`.

    Example:
    ```mlir
    %y = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>,
           kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>,
           strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations, BoolAttr:$ceil_mode, StrAttr:$pad_mode);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Kiln_AvgPoolOp : Kiln_Op<"avg_pool"> {
  let summary = "N-D average pooling over the spatial axes of an NC... tensor.";
  let description = [{
    Like `kiln.max_pool` without dilations. With `count_include_pad` the
    explicit padding counts in the divisor; positions added by `ceil_mode`
    never do.

    Example:
    ```mlir
    %y = kiln.avg_pool %x {ceil_mode = false, count_include_pad = false,
           kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>,
           strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   BoolAttr:$ceil_mode, BoolAttr:$count_include_pad, StrAttr:$pad_mode);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Kiln_ReduceOp : Kiln_Op<"reduce"> {
  let summary = "Reduction (sum, mean, max, min, prod) over a set of axes.";
  let description = [{
    Reduces `axes` (non-negative, sorted, unique) with `kind`. With
    `keepdims` the reduced axes stay as size 1. GlobalAveragePool is a mean
    over the spatial axes with keepdims.

    Example:
    ```mlir
    %m = kiln.reduce %x {axes = array<i64: 2, 3>, keepdims = true, kind = "mean"}
         : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, DenseI64ArrayAttr:$axes, BoolAttr:$keepdims,
                   StrAttr:$kind);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Kiln_SoftmaxOp : Kiln_Op<"softmax"> {
  let summary = "Softmax along one axis.";
  let description = [{
    `exp(x - max) / sum(exp(x - max))` along `axis` (non-negative), the
    ONNX opset-13 semantics; the frontend reshapes around it for older opsets.

    Example:
    ```mlir
    %p = kiln.softmax %x {axis = 1 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, Kiln_I64Attr:$axis);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Kiln_ReshapeOp : Kiln_Op<"reshape"> {
  let summary = "Reinterprets a tensor with a new shape of the same element count.";
  let description = [{
    `shape` is the target shape; at most one entry may be -1 and is then
    inferred from the element count. Flatten, Squeeze and Unsqueeze are
    reshapes too.

    Example:
    ```mlir
    %r = kiln.reshape %x {shape = array<i64: 2, -1>} : tensor<2x3x4xf32> -> tensor<2x12xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def Kiln_TransposeOp : Kiln_Op<"transpose"> {
  let summary = "Permutes the axes of a tensor.";
  let description = [{
    Result axis `i` is input axis `perm[i]`.

    Example:
    ```mlir
    %t = kiln.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def Kiln_ConcatOp : Kiln_Op<"concat"> {
  let summary = "Joins tensors along one axis.";
  let description = [{
    All inputs have the same rank and element type and agree on every
    dimension but `axis` (non-negative).

    Example:
    ```mlir
    %c = kiln.concat %a, %b {axis = 0 : i64} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyTensor>:$inputs, Kiln_I64Attr:$axis);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, results)";
  let hasFolder = 1;
}

// Further op families, one file each.
include "KilnElementwiseOps.td"
include "KilnIndexingOps.td"
include "KilnNNOps.td"
include "KilnAlgorithmOps.td"

#endif // KILN_OPS_TD
