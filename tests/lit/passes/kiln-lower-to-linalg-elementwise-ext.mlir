// RUN: kiln-opt %s -split-input-file -kiln-lower-to-linalg -mlir-print-local-scope | FileCheck %s

// Lowering of casts, comparisons, selection, remainders and unsigned
// arithmetic: one linalg.generic each, bodies on signless values.

// Float to integer truncates toward zero, saturates and maps NaN to 0.
// CHECK-LABEL: func.func @cast_f32_to_i8
// CHECK: linalg.generic
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: i8):
// CHECK: %[[LO:.*]] = arith.constant -1.280000e+02 : f32
// CHECK: %[[CL:.*]] = arith.maximumf %[[IN]], %[[LO]] : f32
// CHECK: %[[T:.*]] = arith.fptosi %[[CL]] : f32 to i8
// CHECK: %[[HI:.*]] = arith.constant 1.280000e+02 : f32
// CHECK: %[[BIG:.*]] = arith.cmpf oge, %[[IN]], %[[HI]] : f32
// CHECK: %[[MAX:.*]] = arith.constant 127 : i8
// CHECK: %[[SAT:.*]] = arith.select %[[BIG]], %[[MAX]], %[[T]] : i8
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK: %[[R:.*]] = arith.select %[[NAN]], %[[ZERO]], %[[SAT]] : i8
// CHECK: linalg.yield %[[R]] : i8
// CHECK-NOT: kiln.
func.func @cast_f32_to_i8(%x: tensor<4xf32>) -> tensor<4xi8> {
  %0 = kiln.cast %x : tensor<4xf32> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// f32 to bf16 keeps the top 16 bits; NaN stays a quiet NaN.
// CHECK-LABEL: func.func @cast_f32_to_bf16
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: bf16):
// CHECK: %[[BITS:.*]] = arith.bitcast %[[IN]] : f32 to i32
// CHECK: %[[HIGH:.*]] = arith.shrui %[[BITS]], %{{.*}} : i32
// CHECK: %[[TOP:.*]] = arith.trunci %[[HIGH]] : i32 to i16
// CHECK: %[[ISNAN:.*]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
// CHECK: %[[QNAN:.*]] = arith.constant 32704 : i16
// CHECK: %[[SEL:.*]] = arith.select %[[ISNAN]], %[[QNAN]], %[[TOP]] : i16
// CHECK: %[[R:.*]] = arith.bitcast %[[SEL]] : i16 to bf16
// CHECK: linalg.yield %[[R]] : bf16
func.func @cast_f32_to_bf16(%x: tensor<4xf32>) -> tensor<4xbf16> {
  %0 = kiln.cast %x : tensor<4xf32> -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// -----

// Unsigned sources convert with uitofp on the signless view.
// CHECK-LABEL: func.func @cast_ui8_to_f32
// CHECK: ins(%{{.*}} : tensor<4xui8>) outs(%{{.*}} : tensor<4xf32>)
// CHECK: ^bb0(%[[IN:.*]]: ui8, %{{.*}}: f32):
// CHECK: %[[S:.*]] = builtin.unrealized_conversion_cast %[[IN]] : ui8 to i8
// CHECK: %[[R:.*]] = arith.uitofp %[[S]] : i8 to f32
// CHECK: linalg.yield %[[R]] : f32
func.func @cast_ui8_to_f32(%x: tensor<4xui8>) -> tensor<4xf32> {
  %0 = kiln.cast %x : tensor<4xui8> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @cast_i1_to_i32
// CHECK: ^bb0(%[[IN:.*]]: i1, %{{.*}}: i32):
// CHECK: %[[R:.*]] = arith.extui %[[IN]] : i1 to i32
// CHECK: linalg.yield %[[R]] : i32
func.func @cast_i1_to_i32(%x: tensor<4xi1>) -> tensor<4xi32> {
  %0 = kiln.cast %x : tensor<4xi1> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @compare_ui8
// CHECK: ^bb0(%[[A:.*]]: ui8, %[[B:.*]]: ui8, %{{.*}}: i1):
// CHECK: %[[SA:.*]] = builtin.unrealized_conversion_cast %[[A]] : ui8 to i8
// CHECK: %[[SB:.*]] = builtin.unrealized_conversion_cast %[[B]] : ui8 to i8
// CHECK: %[[R:.*]] = arith.cmpi ult, %[[SA]], %[[SB]] : i8
// CHECK: linalg.yield %[[R]] : i1
func.func @compare_ui8(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xi1> {
  %0 = kiln.compare "lt" %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// NaN != NaN: "ne" is the unordered comparison.
// CHECK-LABEL: func.func @compare_ne_f32
// CHECK: arith.cmpf une
func.func @compare_ne_f32(%a: tensor<4xf32>) -> tensor<4xi1> {
  %0 = kiln.compare "ne" %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Python-style remainder: remsi (divisors 0 and -1 replaced by 1), then the
// divisor is added back when the signs differ.
// CHECK-LABEL: func.func @mod_i32
// CHECK: ^bb0(%[[A:.*]]: i32, %[[B:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[SAFE:.*]] = arith.select %{{.*}}, %{{.*}}, %[[B]] : i32
// CHECK: %[[REM:.*]] = arith.remsi %[[A]], %[[SAFE]] : i32
// CHECK: %[[ADD:.*]] = arith.addi %[[REM]], %[[B]] : i32
// CHECK: %[[R:.*]] = arith.select %{{.*}}, %[[ADD]], %[[REM]] : i32
// CHECK: linalg.yield %[[R]] : i32
func.func @mod_i32(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.mod %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// C fmod on floats is arith.remf.
// CHECK-LABEL: func.func @fmod_f32
// CHECK: %[[R:.*]] = arith.remf
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @fmod_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.fmod %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Shifts by the bit width or more give 0.
// CHECK-LABEL: func.func @shl_ui16
// CHECK: %[[SH:.*]] = arith.shli %{{.*}}, %[[N:.*]] : i16
// CHECK: %[[FAR:.*]] = arith.cmpi uge, %[[N]], %{{.*}} : i16
// CHECK: %[[R:.*]] = arith.select %[[FAR]], %{{.*}}, %[[SH]] : i16
// CHECK: %[[U:.*]] = builtin.unrealized_conversion_cast %[[R]] : i16 to ui16
// CHECK: linalg.yield %[[U]] : ui16
func.func @shl_ui16(%a: tensor<4xui16>, %b: tensor<4xui16>) -> tensor<4xui16> {
  %0 = kiln.shl %a, %b : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
  return %0 : tensor<4xui16>
}

// -----

// The arithmetic ops on unsigned integers use the unsigned arith ops.
// CHECK-LABEL: func.func @max_ui8
// CHECK: ^bb0(%[[A:.*]]: ui8, %[[B:.*]]: ui8, %{{.*}}: ui8):
// CHECK: %[[SA:.*]] = builtin.unrealized_conversion_cast %[[A]] : ui8 to i8
// CHECK: %[[SB:.*]] = builtin.unrealized_conversion_cast %[[B]] : ui8 to i8
// CHECK: %[[M:.*]] = arith.maxui %[[SA]], %[[SB]] : i8
// CHECK: %[[R:.*]] = builtin.unrealized_conversion_cast %[[M]] : i8 to ui8
// CHECK: linalg.yield %[[R]] : ui8
func.func @max_ui8(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %0 = kiln.max %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @div_ui32
// CHECK: arith.divui
func.func @div_ui32(%a: tensor<4xui32>, %b: tensor<4xui32>) -> tensor<4xui32> {
  %0 = kiln.div %a, %b : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  return %0 : tensor<4xui32>
}

// -----

// All three operands of select broadcast.
// CHECK-LABEL: func.func @select_broadcast
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK: ^bb0(%[[C:.*]]: i1, %[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[R:.*]] = arith.select %[[C]], %[[A]], %[[B]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @select_broadcast(%c: tensor<2x1xi1>, %a: tensor<3xf32>, %b: tensor<f32>) -> tensor<2x3xf32> {
  %0 = kiln.select %c, %a, %b : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @math
// CHECK: math.roundeven
// CHECK: math.floor
// CHECK: math.ceil
// CHECK: math.tan
// CHECK: math.acosh
// CHECK: math.erf
func.func @math(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = kiln.round %x : tensor<4xf64> -> tensor<4xf64>
  %1 = kiln.floor %0 : tensor<4xf64> -> tensor<4xf64>
  %2 = kiln.ceil %1 : tensor<4xf64> -> tensor<4xf64>
  %3 = kiln.tan %2 : tensor<4xf64> -> tensor<4xf64>
  %4 = kiln.acosh %3 : tensor<4xf64> -> tensor<4xf64>
  %5 = kiln.erf %4 : tensor<4xf64> -> tensor<4xf64>
  return %5 : tensor<4xf64>
}

// -----

// Unsigned splat constants become a fill of the signless value, so that
// elementwise fusion never materializes an `arith.constant : ui8`.
// CHECK-LABEL: func.func @unsigned_splat_constant
// CHECK: %[[C:.*]] = arith.constant -1 : i8
// CHECK: %[[U:.*]] = builtin.unrealized_conversion_cast %[[C]] : i8 to ui8
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4xui8>
// CHECK: %[[F:.*]] = linalg.fill ins(%[[U]] : ui8) outs(%[[E]] : tensor<4xui8>) -> tensor<4xui8>
// CHECK: return %[[F]]
func.func @unsigned_splat_constant() -> tensor<4xui8> {
  %0 = kiln.constant dense<255> : tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Non-splat unsigned constants stay dense constants.
// CHECK-LABEL: func.func @unsigned_dense_constant
// CHECK: arith.constant dense<[1, 255]> : tensor<2xui8>
func.func @unsigned_dense_constant() -> tensor<2xui8> {
  %0 = kiln.constant dense<[1, 255]> : tensor<2xui8>
  return %0 : tensor<2xui8>
}
