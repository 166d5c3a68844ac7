// RUN: kiln-opt %s -split-input-file | kiln-opt -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file -mlir-print-op-generic | kiln-opt -split-input-file | FileCheck %s

// Round trip of the ops in KilnElementwiseOps.td through the custom assembly
// format, and through the generic form back to the custom one.

// CHECK-LABEL: func.func @cast
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[U:.*]]: tensor<4xui8>, %[[B:.*]]: tensor<4xi1>)
func.func @cast(%x: tensor<2x3xf32>, %u: tensor<4xui8>, %b: tensor<4xi1>)
    -> (tensor<2x3xi64>, tensor<2x3xbf16>, tensor<4xf16>, tensor<4xui64>) {
  // CHECK: kiln.cast %[[X]] : tensor<2x3xf32> -> tensor<2x3xi64>
  %0 = kiln.cast %x : tensor<2x3xf32> -> tensor<2x3xi64>
  // CHECK: kiln.cast %[[X]] : tensor<2x3xf32> -> tensor<2x3xbf16>
  %1 = kiln.cast %x : tensor<2x3xf32> -> tensor<2x3xbf16>
  // CHECK: kiln.cast %[[U]] : tensor<4xui8> -> tensor<4xf16>
  %2 = kiln.cast %u : tensor<4xui8> -> tensor<4xf16>
  // CHECK: kiln.cast %[[B]] : tensor<4xi1> -> tensor<4xui64>
  %3 = kiln.cast %b : tensor<4xi1> -> tensor<4xui64>
  return %0, %1, %2, %3 : tensor<2x3xi64>, tensor<2x3xbf16>, tensor<4xf16>, tensor<4xui64>
}

// -----

// CHECK-LABEL: func.func @compare_select
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>)
func.func @compare_select(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: %[[C:.*]] = kiln.compare "lt" %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %c = kiln.compare "lt" %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: %[[N:.*]] = kiln.compare "ne" %[[B]], %[[B]] : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %n = kiln.compare "ne" %b, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  // CHECK: kiln.select %[[C]], %[[A]], %[[B]] : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %r = kiln.select %c, %a, %b : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @integer_binary
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xui8>, %[[B:.*]]: tensor<3xui8>, %[[P:.*]]: tensor<4xi1>, %[[Q:.*]]: tensor<4xi1>)
func.func @integer_binary(%a: tensor<2x3xui8>, %b: tensor<3xui8>, %p: tensor<4xi1>, %q: tensor<4xi1>)
    -> (tensor<2x3xui8>, tensor<2x3xui8>, tensor<2x3xui8>, tensor<2x3xui8>, tensor<4xi1>,
        tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  // CHECK: kiln.shl %[[A]], %[[B]] : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  %0 = kiln.shl %a, %b : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  // CHECK: kiln.shr %[[A]], %[[B]] : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  %1 = kiln.shr %a, %b : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  // CHECK: kiln.mod %[[A]], %[[B]] : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  %2 = kiln.mod %a, %b : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  // CHECK: kiln.fmod %[[A]], %[[B]] : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  %3 = kiln.fmod %a, %b : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
  // CHECK: kiln.and %[[P]], %[[Q]] : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %4 = kiln.and %p, %q : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  // CHECK: kiln.or %[[P]], %[[Q]] : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %5 = kiln.or %p, %q : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  // CHECK: kiln.xor %[[P]], %[[Q]] : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %6 = kiln.xor %p, %q : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  // CHECK: kiln.not %[[P]] : tensor<4xi1> -> tensor<4xi1>
  %7 = kiln.not %p : tensor<4xi1> -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<2x3xui8>, tensor<2x3xui8>, tensor<2x3xui8>,
      tensor<2x3xui8>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @unary_math
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
func.func @unary_math(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %[[R0:.*]] = kiln.sign %[[X]] : tensor<4xf32> -> tensor<4xf32>
  %0 = kiln.sign %x : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R1:.*]] = kiln.floor %[[R0]]
  %1 = kiln.floor %0 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R2:.*]] = kiln.ceil %[[R1]]
  %2 = kiln.ceil %1 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R3:.*]] = kiln.round %[[R2]]
  %3 = kiln.round %2 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R4:.*]] = kiln.sin %[[R3]]
  %4 = kiln.sin %3 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R5:.*]] = kiln.cos %[[R4]]
  %5 = kiln.cos %4 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R6:.*]] = kiln.tan %[[R5]]
  %6 = kiln.tan %5 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R7:.*]] = kiln.asin %[[R6]]
  %7 = kiln.asin %6 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R8:.*]] = kiln.acos %[[R7]]
  %8 = kiln.acos %7 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R9:.*]] = kiln.atan %[[R8]]
  %9 = kiln.atan %8 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R10:.*]] = kiln.sinh %[[R9]]
  %10 = kiln.sinh %9 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R11:.*]] = kiln.cosh %[[R10]]
  %11 = kiln.cosh %10 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R12:.*]] = kiln.asinh %[[R11]]
  %12 = kiln.asinh %11 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R13:.*]] = kiln.acosh %[[R12]]
  %13 = kiln.acosh %12 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R14:.*]] = kiln.atanh %[[R13]]
  %14 = kiln.atanh %13 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: %[[R15:.*]] = kiln.erf %[[R14]] : tensor<4xf32> -> tensor<4xf32>
  %15 = kiln.erf %14 : tensor<4xf32> -> tensor<4xf32>
  // CHECK: return %[[R15]]
  return %15 : tensor<4xf32>
}

// -----

// Before shape inference results may be unranked.
// CHECK-LABEL: func.func @unranked
func.func @unranked(%x: tensor<*xf32>, %y: tensor<*xf32>) -> (tensor<*xi32>, tensor<*xi1>) {
  // CHECK: kiln.cast %{{.*}} : tensor<*xf32> -> tensor<*xi32>
  %0 = kiln.cast %x : tensor<*xf32> -> tensor<*xi32>
  // CHECK: kiln.compare "ge" %{{.*}}, %{{.*}} : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xi1>
  %1 = kiln.compare "ge" %x, %y : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xi1>
  return %0, %1 : tensor<*xi32>, tensor<*xi1>
}
