// RUN: kiln-opt %s -split-input-file -kiln-fold-constants | FileCheck %s

// kiln-fold-constants evaluates ops whose operands are all constants and
// simplifies reshape/transpose chains.

// CHECK-LABEL: func.func @add_broadcast
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<{{\[\[}}1.100000e+01, 2.200000e+01, 3.300000e+01], [1.400000e+01, 2.500000e+01, 3.600000e+01]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[C]] : tensor<2x3xf32>
func.func @add_broadcast() -> tensor<2x3xf32> {
  %a = kiln.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %b = kiln.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %0 = kiln.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A column times a row: both operands broadcast.
// CHECK-LABEL: func.func @mul_outer
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[C]]
func.func @mul_outer() -> tensor<2x3xf32> {
  %a = kiln.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = kiln.constant dense<[[1.0, 2.0, 3.0]]> : tensor<1x3xf32>
  %0 = kiln.mul %a, %b : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Integer subtraction with broadcasting, a splat operand and a rank-0 operand.
// CHECK-LABEL: func.func @int_and_splat
// CHECK-DAG: %[[S:.*]] = kiln.constant dense<{{\[\[}}-9, -19, -29], [-8, -18, -28]]> : tensor<2x3xi32>
// CHECK-DAG: %[[P:.*]] = kiln.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [9.000000e+00, 1.600000e+01]]> : tensor<2x2xf32>
// CHECK-DAG: %[[M:.*]] = kiln.constant dense<[5, 7, 7]> : tensor<3xi64>
// CHECK: return %[[S]], %[[P]], %[[M]]
func.func @int_and_splat() -> (tensor<2x3xi32>, tensor<2x2xf32>, tensor<3xi64>) {
  %a = kiln.constant dense<[[1], [2]]> : tensor<2x1xi32>
  %b = kiln.constant dense<[[10, 20, 30]]> : tensor<1x3xi32>
  %0 = kiln.sub %a, %b : (tensor<2x1xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
  %c = kiln.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %two = kiln.constant dense<2.0> : tensor<f32>
  %1 = kiln.pow %c, %two : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %d = kiln.constant dense<[3, 9, 7]> : tensor<3xi64>
  %e = kiln.constant dense<5> : tensor<3xi64>
  %f = kiln.constant dense<7> : tensor<3xi64>
  %2 = kiln.max %d, %e : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %3 = kiln.min %2, %f : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  return %0, %1, %3 : tensor<2x3xi32>, tensor<2x2xf32>, tensor<3xi64>
}

// -----

// Integer division truncates toward zero; integer add wraps like the hardware.
// CHECK-LABEL: func.func @int_div_wrap
// CHECK-DAG: %[[D:.*]] = kiln.constant dense<[3, -3, 0]> : tensor<3xi32>
// CHECK-DAG: %[[W:.*]] = kiln.constant dense<[-128, -127]> : tensor<2xi8>
// CHECK: return %[[D]], %[[W]]
func.func @int_div_wrap() -> (tensor<3xi32>, tensor<2xi8>) {
  %a = kiln.constant dense<[7, -7, 1]> : tensor<3xi32>
  %b = kiln.constant dense<[2, 2, 4]> : tensor<3xi32>
  %0 = kiln.div %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %c = kiln.constant dense<[127, -128]> : tensor<2xi8>
  %d = kiln.constant dense<1> : tensor<2xi8>
  %1 = kiln.add %c, %d : (tensor<2xi8>, tensor<2xi8>) -> tensor<2xi8>
  return %0, %1 : tensor<3xi32>, tensor<2xi8>
}

// -----

// Integer division by zero is left for run time.
// CHECK-LABEL: func.func @int_div_by_zero
// CHECK: %[[Q:.*]] = kiln.div %{{.*}}, %{{.*}} : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
// CHECK: return %[[Q]]
func.func @int_div_by_zero() -> tensor<2xi32> {
  %a = kiln.constant dense<[7, 1]> : tensor<2xi32>
  %b = kiln.constant dense<[2, 0]> : tensor<2xi32>
  %0 = kiln.div %a, %b : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// CHECK-LABEL: func.func @unary
// CHECK-DAG: %[[RELU:.*]] = kiln.constant dense<[0.000000e+00, 0.000000e+00, 4.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[NEG:.*]] = kiln.constant dense<[1.000000e+00, -0.000000e+00, -4.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[ABS:.*]] = kiln.constant dense<[5, 0, 7]> : tensor<3xi32>
// CHECK-DAG: %[[SQRT:.*]] = kiln.constant dense<[0.000000e+00, 3.000000e+00, 2.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[EXP:.*]] = kiln.constant dense<[0.36787945, 1.000000e+00, 54.5981483]> : tensor<3xf32>
// CHECK-DAG: %[[LOG:.*]] = kiln.constant dense<[0.000000e+00, 2.30258512]> : tensor<2xf32>
// CHECK-DAG: %[[SIG:.*]] = kiln.constant dense<[5.000000e-01, 0.880797088]> : tensor<2xf32>
// CHECK-DAG: %[[TANH:.*]] = kiln.constant dense<[0.000000e+00, 0.761594176]> : tensor<2xf32>
// CHECK: return %[[RELU]], %[[NEG]], %[[ABS]], %[[SQRT]], %[[EXP]], %[[LOG]], %[[SIG]], %[[TANH]]
func.func @unary() -> (tensor<3xf32>, tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %a = kiln.constant dense<[-1.0, 0.0, 4.0]> : tensor<3xf32>
  %0 = kiln.relu %a : tensor<3xf32> -> tensor<3xf32>
  %1 = kiln.neg %a : tensor<3xf32> -> tensor<3xf32>
  %i = kiln.constant dense<[-5, 0, 7]> : tensor<3xi32>
  %2 = kiln.abs %i : tensor<3xi32> -> tensor<3xi32>
  %s = kiln.constant dense<[0.0, 9.0, 4.0]> : tensor<3xf32>
  %3 = kiln.sqrt %s : tensor<3xf32> -> tensor<3xf32>
  %4 = kiln.exp %a : tensor<3xf32> -> tensor<3xf32>
  %l = kiln.constant dense<[1.0, 10.0]> : tensor<2xf32>
  %5 = kiln.log %l : tensor<2xf32> -> tensor<2xf32>
  %z = kiln.constant dense<[0.0, 2.0]> : tensor<2xf32>
  %6 = kiln.sigmoid %z : tensor<2xf32> -> tensor<2xf32>
  %o = kiln.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %7 = kiln.tanh %o : tensor<2xf32> -> tensor<2xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<3xf32>, tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Transcendental ops on integers have no folder.
// CHECK-LABEL: func.func @int_exp_not_folded
// CHECK: kiln.exp %{{.*}} : tensor<2xi32> -> tensor<2xi32>
func.func @int_exp_not_folded() -> tensor<2xi32> {
  %a = kiln.constant dense<[1, 2]> : tensor<2xi32>
  %0 = kiln.exp %a : tensor<2xi32> -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// f16 arithmetic rounds to f16.
// CHECK-LABEL: func.func @f16
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<[2.250000e+00, 4.000000e+00]> : tensor<2xf16>
// CHECK-NEXT: return %[[C]]
func.func @f16() -> tensor<2xf16> {
  %a = kiln.constant dense<[1.5, 2.0]> : tensor<2xf16>
  %0 = kiln.mul %a, %a : (tensor<2xf16>, tensor<2xf16>) -> tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// CHECK-LABEL: func.func @transpose_2d
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<{{\[\[}}1, 4], [2, 5], [3, 6]]> : tensor<3x2xi64>
// CHECK-NEXT: return %[[C]]
func.func @transpose_2d() -> tensor<3x2xi64> {
  %a = kiln.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %0 = kiln.transpose %a {perm = array<i64: 1, 0>} : tensor<2x3xi64> -> tensor<3x2xi64>
  return %0 : tensor<3x2xi64>
}

// -----

// out[p][q][r] = in[q][r][p] with in[i][j][k] = 4i + 2j + k.
// CHECK-LABEL: func.func @transpose_3d
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<{{\[\[\[}}0.000000e+00, 2.000000e+00], [4.000000e+00, 6.000000e+00]], {{\[\[}}1.000000e+00, 3.000000e+00], [5.000000e+00, 7.000000e+00]]]> : tensor<2x2x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @transpose_3d() -> tensor<2x2x2xf32> {
  %a = kiln.constant dense<[[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [6.0, 7.0]]]> : tensor<2x2x2xf32>
  %0 = kiln.transpose %a {perm = array<i64: 2, 0, 1>} : tensor<2x2x2xf32> -> tensor<2x2x2xf32>
  return %0 : tensor<2x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_splat
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<3.000000e+00> : tensor<4x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @transpose_splat() -> tensor<4x2xf32> {
  %a = kiln.constant dense<3.0> : tensor<2x4xf32>
  %0 = kiln.transpose %a {perm = array<i64: 1, 0>} : tensor<2x4xf32> -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// CHECK-LABEL: func.func @reshape
// CHECK-NEXT: %[[C:.*]] = kiln.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @reshape() -> tensor<3x2xf32> {
  %a = kiln.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = kiln.reshape %a {shape = array<i64: 3, -1>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @concat
// CHECK-DAG: %[[C1:.*]] = kiln.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-DAG: %[[C0:.*]] = kiln.constant dense<{{\[\[}}3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00], [7.000000e+00, 7.000000e+00]]> : tensor<3x2xf32>
// CHECK-DAG: %[[CM:.*]] = kiln.constant dense<{{\[\[\[}}1, 2], [5, 6], [7, 8]], {{\[\[}}3, 4], [9, 10], [11, 12]]]> : tensor<2x3x2xi32>
// CHECK: return %[[C1]], %[[C0]], %[[CM]]
func.func @concat() -> (tensor<2x3xf32>, tensor<3x2xf32>, tensor<2x3x2xi32>) {
  %a = kiln.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = kiln.constant dense<[[3.0, 4.0], [5.0, 6.0]]> : tensor<2x2xf32>
  %0 = kiln.concat %a, %b {axis = 1 : i64} : (tensor<2x1xf32>, tensor<2x2xf32>) -> tensor<2x3xf32>
  %c = kiln.constant dense<7.0> : tensor<1x2xf32>
  %1 = kiln.concat %b, %c {axis = 0 : i64} : (tensor<2x2xf32>, tensor<1x2xf32>) -> tensor<3x2xf32>
  %d = kiln.constant dense<[[[1, 2]], [[3, 4]]]> : tensor<2x1x2xi32>
  %e = kiln.constant dense<[[[5, 6], [7, 8]], [[9, 10], [11, 12]]]> : tensor<2x2x2xi32>
  %2 = kiln.concat %d, %e {axis = 1 : i64} : (tensor<2x1x2xi32>, tensor<2x2x2xi32>) -> tensor<2x3x2xi32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<3x2xf32>, tensor<2x3x2xi32>
}

// -----

// A whole initializer-only subgraph (a folded batch norm scale) becomes one
// constant; the op on the graph input stays.
// CHECK-LABEL: func.func @subgraph
// CHECK-SAME: (%[[X:.*]]: tensor<1x2xf32>)
// CHECK-NEXT: %[[K:.*]] = kiln.constant dense<{{\[\[}}2.000000e+00, 5.000000e-01]]> : tensor<1x2xf32>
// CHECK-NEXT: %[[Y:.*]] = kiln.mul %[[X]], %[[K]] : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @subgraph(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %var = kiln.constant dense<[0.25, 4.0]> : tensor<2xf32>
  %s = kiln.sqrt %var : tensor<2xf32> -> tensor<2xf32>
  %one = kiln.constant dense<1.0> : tensor<f32>
  %inv = kiln.div %one, %s : (tensor<f32>, tensor<2xf32>) -> tensor<2xf32>
  %k = kiln.reshape %inv {shape = array<i64: 1, 2>} : tensor<2xf32> -> tensor<1x2xf32>
  %y = kiln.mul %x, %k : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// reshape(reshape(x)) reshapes x directly; an identity reshape disappears.
// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[R:.*]] = kiln.reshape %[[X]] {shape = array<i64: 6, 4>} : tensor<2x3x4xf32> -> tensor<6x4xf32>
// CHECK-NEXT: return %[[R]], %[[X]] : tensor<6x4xf32>, tensor<2x3x4xf32>
func.func @reshape_chain(%x: tensor<2x3x4xf32>) -> (tensor<6x4xf32>, tensor<2x3x4xf32>) {
  %0 = kiln.reshape %x {shape = array<i64: 24>} : tensor<2x3x4xf32> -> tensor<24xf32>
  %1 = kiln.reshape %0 {shape = array<i64: 6, 4>} : tensor<24xf32> -> tensor<6x4xf32>
  %2 = kiln.reshape %1 {shape = array<i64: 2, 3, -1>} : tensor<6x4xf32> -> tensor<2x3x4xf32>
  return %1, %2 : tensor<6x4xf32>, tensor<2x3x4xf32>
}

// -----

// transpose(transpose(x)) composes the permutations: applying [1, 2, 0]
// then [1, 0, 2] is [2, 1, 0]; [2, 0, 1] then [1, 2, 0] is the identity.
// CHECK-LABEL: func.func @transpose_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[T:.*]] = kiln.transpose %[[X]] {perm = array<i64: 2, 1, 0>} : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
// CHECK-NEXT: return %[[T]], %[[X]] : tensor<4x3x2xf32>, tensor<2x3x4xf32>
func.func @transpose_chain(%x: tensor<2x3x4xf32>) -> (tensor<4x3x2xf32>, tensor<2x3x4xf32>) {
  %0 = kiln.transpose %x {perm = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %1 = kiln.transpose %0 {perm = array<i64: 1, 0, 2>} : tensor<3x4x2xf32> -> tensor<4x3x2xf32>
  %2 = kiln.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %3 = kiln.transpose %2 {perm = array<i64: 1, 2, 0>} : tensor<4x2x3xf32> -> tensor<2x3x4xf32>
  return %1, %3 : tensor<4x3x2xf32>, tensor<2x3x4xf32>
}

// -----

// A chained transpose whose producer has another user keeps the producer.
// CHECK-LABEL: func.func @transpose_chain_shared
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[T:.*]] = kiln.transpose %[[X]] {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
// CHECK-NEXT: %[[R:.*]] = kiln.relu %[[T]]
// CHECK-NEXT: return %[[X]], %[[R]]
func.func @transpose_chain_shared(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<3x2xf32>) {
  %0 = kiln.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  %1 = kiln.transpose %0 {perm = array<i64: 1, 0>} : tensor<3x2xf32> -> tensor<2x3xf32>
  %2 = kiln.relu %0 : tensor<3x2xf32> -> tensor<3x2xf32>
  return %1, %2 : tensor<2x3xf32>, tensor<3x2xf32>
}

// -----

// Ops with a non-constant operand, unranked or dynamic results are untouched.
// CHECK-LABEL: func.func @not_constant
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>, %[[D:.*]]: tensor<?xf32>)
// CHECK-DAG: %[[A:.*]] = kiln.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[SUM:.*]] = kiln.add %[[X]], %[[A]] : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-DAG: %[[NEG:.*]] = kiln.neg %[[A]] : tensor<3xf32> -> tensor<*xf32>
// CHECK-DAG: %[[DYN:.*]] = kiln.mul %[[D]], %[[A]] : (tensor<?xf32>, tensor<3xf32>) -> tensor<?xf32>
// CHECK: return %[[SUM]], %[[NEG]], %[[DYN]]
func.func @not_constant(%x: tensor<3xf32>, %d: tensor<?xf32>) -> (tensor<3xf32>, tensor<*xf32>, tensor<?xf32>) {
  %a = kiln.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = kiln.add %x, %a : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = kiln.neg %a : tensor<3xf32> -> tensor<*xf32>
  %2 = kiln.mul %d, %a : (tensor<?xf32>, tensor<3xf32>) -> tensor<?xf32>
  return %0, %1, %2 : tensor<3xf32>, tensor<*xf32>, tensor<?xf32>
}
