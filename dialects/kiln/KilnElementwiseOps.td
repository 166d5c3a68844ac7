//===- KilnElementwiseOps.td - kiln casts, comparisons, logic and further elementwise math -*- tablegen -*-===//
//
// Included from KilnOps.td; uses its Kiln_Op base classes. The C++ side
// (verifiers, shape inference, folders) is in KilnElementwiseOps.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_ELEMENTWISE_OPS_TD
#define KILN_ELEMENTWISE_OPS_TD

//===----------------------------------------------------------------------===//
// Conversion
//===----------------------------------------------------------------------===//

def Kiln_CastOp : Kiln_Op<"cast"> {
  let summary = "Elementwise conversion to the result's element type.";
  let description = [{
    Converts every element to the result element type (float, signed or
    unsigned integer, or i1 for bool), keeping the shape:

    - float to float rounds to nearest even, except that f32 to bf16
      truncates the mantissa (the ONNX reference semantics up to opset 17);
    - float to integer truncates toward zero and saturates at the integer
      type's limits; NaN becomes 0;
    - integer to integer wraps (two's complement), extending by the source's
      signedness;
    - anything to i1 is `x != 0` (NaN is true); i1 to a number gives 0 or 1.

    Example:
    ```mlir
    %r = kiln.cast %x : tensor<4xf32> -> tensor<4xi64>
    ```
  }];
  let arguments = (ins AnyTensor:$input);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Comparison and selection
//===----------------------------------------------------------------------===//

def Kiln_CompareOp : Kiln_Op<"compare"> {
  let summary = "Elementwise comparison with NumPy broadcasting, giving i1.";
  let description = [{
    `predicate` is one of `eq`, `ne`, `lt`, `le`, `gt`, `ge`. Both operands
    have the same element type; unsigned integers compare unsigned. On
    floats every predicate but `ne` is false when an operand is NaN (`ne`
    is true), so `x ne x` tests for NaN.

    Example:
    ```mlir
    %r = kiln.compare "lt" %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins StrAttr:$predicate, AnyTensor:$lhs, AnyTensor:$rhs);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$predicate $lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Kiln_SelectOp : Kiln_Op<"select"> {
  let summary = "Elementwise `condition ? true_value : false_value` with broadcasting.";
  let description = [{
    `condition` is an i1 tensor; `true_value` and `false_value` have the
    same element type, which is the result's. All three broadcast
    NumPy-style to the result shape (ONNX Where).

    Example:
    ```mlir
    %r = kiln.select %c, %a, %b : (tensor<2x3xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$condition, AnyTensor:$true_value, AnyTensor:$false_value);
  let results = (outs AnyTensor:$result);
  let assemblyFormat = "$condition `,` $true_value `,` $false_value attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Binary ops restricted to integer or float element types
//===----------------------------------------------------------------------===//

// A Kiln_BinaryOp-like op whose operands must satisfy `check` (a C++
// function in KilnElementwiseOps.cpp taking the element type).
class Kiln_TypedBinaryOp<string mnemonic, string what, string check, string types>
    : Kiln_Op<mnemonic> {
  let summary = "Elementwise " # what # " with NumPy broadcasting.";
  let description = [{
    Applies the operation elementwise after broadcasting both operands to a
    common shape. Both operands have the same element type, which must be
    }] # types # [{.

    Example:
    ```mlir
    %r = kiln.}] # mnemonic # [{ %a, %b : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
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
      if (::mlir::failed(::mlir::kiln::detail::verifyElementKind(
              getOperation(), ::mlir::kiln::detail::}] # check # [{, "}] # types # [{")))
        return ::mlir::failure();
      return ::mlir::kiln::detail::verifyBroadcastOp(getOperation());
    }
    ::mlir::OpFoldResult $cppClass::fold(FoldAdaptor adaptor) {
      return ::mlir::kiln::detail::foldElementwiseExt(getOperation(), adaptor.getOperands());
    }
  }];
}

def Kiln_AndOp : Kiln_TypedBinaryOp<"and", "logical/bitwise and", "isIntegerKind", "an integer or i1">;
def Kiln_OrOp : Kiln_TypedBinaryOp<"or", "logical/bitwise or", "isIntegerKind", "an integer or i1">;
def Kiln_XorOp : Kiln_TypedBinaryOp<"xor", "logical/bitwise exclusive or", "isIntegerKind", "an integer or i1">;
def Kiln_ShlOp : Kiln_TypedBinaryOp<"shl",
    "left shift (a shift by the bit width or more gives 0)", "isIntegerKind", "an integer">;
def Kiln_ShrOp : Kiln_TypedBinaryOp<"shr",
    "right shift, logical for unsigned and arithmetic for signed integers", "isIntegerKind",
    "an integer">;
def Kiln_ModOp : Kiln_TypedBinaryOp<"mod",
    "remainder with the sign of the divisor (Python's %, ONNX Mod fmod=0); x mod 0 is 0 for integers",
    "isNumberKind", "an integer or float">;
def Kiln_FModOp : Kiln_TypedBinaryOp<"fmod",
    "remainder with the sign of the dividend (C fmod, ONNX Mod fmod=1); x fmod 0 is 0 for integers",
    "isNumberKind", "an integer or float">;

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

class Kiln_TypedUnaryOp<string mnemonic, string what, string check, string types>
    : Kiln_Op<mnemonic> {
  let summary = "Elementwise " # what # ".";
  let description = [{
    Applies the function to every element; the result has the operand's
    type, whose element type must be }] # types # [{.

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
      if (::mlir::failed(::mlir::kiln::detail::verifyElementKind(
              getOperation(), ::mlir::kiln::detail::}] # check # [{, "}] # types # [{")))
        return ::mlir::failure();
      return ::mlir::kiln::detail::verifyResultType(getOperation());
    }
    ::mlir::OpFoldResult $cppClass::fold(FoldAdaptor adaptor) {
      return ::mlir::kiln::detail::foldElementwiseExt(getOperation(), adaptor.getOperands());
    }
  }];
}

class Kiln_FloatUnaryOp<string mnemonic, string what>
    : Kiln_TypedUnaryOp<mnemonic, what, "isFloatKind", "a float">;

def Kiln_NotOp : Kiln_TypedUnaryOp<"not", "logical/bitwise not", "isIntegerKind", "an integer or i1">;
def Kiln_SignOp : Kiln_TypedUnaryOp<"sign", "sign: -1, 0 or 1 (NaN stays NaN)", "isNumberKind",
                                    "an integer or float">;
def Kiln_FloorOp : Kiln_FloatUnaryOp<"floor", "rounding down">;
def Kiln_CeilOp : Kiln_FloatUnaryOp<"ceil", "rounding up">;
def Kiln_RoundOp : Kiln_FloatUnaryOp<"round", "rounding to nearest, halves to even">;
def Kiln_SinOp : Kiln_FloatUnaryOp<"sin", "sine">;
def Kiln_CosOp : Kiln_FloatUnaryOp<"cos", "cosine">;
def Kiln_TanOp : Kiln_FloatUnaryOp<"tan", "tangent">;
def Kiln_AsinOp : Kiln_FloatUnaryOp<"asin", "arcsine">;
def Kiln_AcosOp : Kiln_FloatUnaryOp<"acos", "arccosine">;
def Kiln_AtanOp : Kiln_FloatUnaryOp<"atan", "arctangent">;
def Kiln_SinhOp : Kiln_FloatUnaryOp<"sinh", "hyperbolic sine">;
def Kiln_CoshOp : Kiln_FloatUnaryOp<"cosh", "hyperbolic cosine">;
def Kiln_AsinhOp : Kiln_FloatUnaryOp<"asinh", "inverse hyperbolic sine">;
def Kiln_AcoshOp : Kiln_FloatUnaryOp<"acosh", "inverse hyperbolic cosine">;
def Kiln_AtanhOp : Kiln_FloatUnaryOp<"atanh", "inverse hyperbolic tangent">;
def Kiln_ErfOp : Kiln_FloatUnaryOp<"erf", "Gauss error function">;

#endif // KILN_ELEMENTWISE_OPS_TD
