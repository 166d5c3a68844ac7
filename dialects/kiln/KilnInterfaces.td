//===- KilnInterfaces.td - kiln op interfaces --------------*- tablegen -*-===//
#ifndef KILN_INTERFACES_TD
#define KILN_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Kiln_ShapeInferenceOpInterface : OpInterface<"ShapeInferenceOpInterface"> {
  let cppNamespace = "::mlir::kiln";
  let description = [{
    Ops whose result type follows from their operand types and attributes.
    `inferResultType` returns the inferred result type, a null type when the
    operands do not carry enough information yet (unranked), or failure when
    the operands are inconsistent.
  }];
  let methods = [
    InterfaceMethod<"Infers the type of the single result.",
      "::mlir::FailureOr<::mlir::Type>", "inferResultType", (ins)>,
  ];
}

#endif // KILN_INTERFACES_TD
