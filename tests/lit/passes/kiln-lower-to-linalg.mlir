// RUN: kiln-opt %s -split-input-file -kiln-lower-to-linalg -mlir-print-local-scope | FileCheck %s

// kiln-lower-to-linalg rewrites every kiln op into linalg/tensor/arith/math
// on tensors. Affine maps are printed inline (-mlir-print-local-scope).

// CHECK-LABEL: func.func @constant
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: return %[[C]] : tensor<2xf32>
// CHECK-NOT: kiln.
func.func @constant() -> tensor<2xf32> {
  %0 = kiln.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Broadcasting: a missing leading dimension is dropped from the operand's map.
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<2x3xf32>
func.func @add_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Size-1 dimensions that stretch read index 0; integers use integer arith.
// CHECK-LABEL: func.func @sub_int_broadcast
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<2x1xi32>, tensor<1x3xi32>) outs(%{{.*}} : tensor<2x3xi32>)
// CHECK: arith.subi %{{.*}}, %{{.*}} : i32
func.func @sub_int_broadcast(%a: tensor<2x1xi32>, %b: tensor<1x3xi32>) -> tensor<2x3xi32> {
  %0 = kiln.sub %a, %b : (tensor<2x1xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @binary_bodies
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK: linalg.generic
// CHECK: arith.divf
// CHECK: linalg.generic
// CHECK: math.powf
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK: linalg.generic
// CHECK: arith.minimumf
// CHECK: linalg.generic
// CHECK: arith.divsi %{{.*}}, %{{.*}} : i64
// CHECK: linalg.generic
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : i64
// CHECK: linalg.generic
// CHECK: arith.minsi %{{.*}}, %{{.*}} : i64
// CHECK: linalg.generic
// CHECK: arith.muli %{{.*}}, %{{.*}} : i64
// CHECK-NOT: kiln.
func.func @binary_bodies(%a: tensor<4xf32>, %b: tensor<4xf32>, %i: tensor<4xi64>, %j: tensor<4xi64>) -> (tensor<4xf32>, tensor<4xi64>) {
  %0 = kiln.mul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = kiln.div %0, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = kiln.pow %1, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = kiln.max %2, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = kiln.min %3, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %5 = kiln.div %i, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %6 = kiln.max %5, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %7 = kiln.min %6, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %8 = kiln.mul %7, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %4, %8 : tensor<4xf32>, tensor<4xi64>
}

// -----

// sigmoid(x) = 1 / (1 + exp(-x)); relu = max(x, 0); leaky_relu selects
// alpha * x below zero.
// CHECK-LABEL: func.func @unary
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[NEG:.*]] = arith.negf %[[X]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[NEG]] : f32
// CHECK-NEXT: %[[D:.*]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK-NEXT: %[[Q:.*]] = arith.divf %[[ONE]], %[[D]] : f32
// CHECK-NEXT: linalg.yield %[[Q]] : f32
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[M:.*]] = arith.maximumf %[[X]], %[[ZERO]] : f32
// CHECK-NEXT: linalg.yield %[[M]] : f32
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[ALPHA:.*]] = arith.constant 2.000000e-01 : f32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[LT:.*]] = arith.cmpf olt, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT: %[[SCALED:.*]] = arith.mulf %[[X]], %[[ALPHA]] : f32
// CHECK-NEXT: %[[SEL:.*]] = arith.select %[[LT]], %[[SCALED]], %[[X]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: math.tanh
// CHECK: math.exp
// CHECK: math.log
// CHECK: math.sqrt
// CHECK: arith.negf
// CHECK: math.absf
func.func @unary(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.sigmoid %x : tensor<4xf32> -> tensor<4xf32>
  %1 = kiln.relu %0 : tensor<4xf32> -> tensor<4xf32>
  %2 = kiln.leaky_relu %1 {alpha = 0.2 : f32} : tensor<4xf32> -> tensor<4xf32>
  %3 = kiln.tanh %2 : tensor<4xf32> -> tensor<4xf32>
  %4 = kiln.exp %3 : tensor<4xf32> -> tensor<4xf32>
  %5 = kiln.log %4 : tensor<4xf32> -> tensor<4xf32>
  %6 = kiln.sqrt %5 : tensor<4xf32> -> tensor<4xf32>
  %7 = kiln.neg %6 : tensor<4xf32> -> tensor<4xf32>
  %8 = kiln.abs %7 : tensor<4xf32> -> tensor<4xf32>
  return %8 : tensor<4xf32>
}

// -----

// Integer unary ops: neg is 0 - x, abs is math.absi, relu is maxsi with 0.
// CHECK-LABEL: func.func @unary_int
// CHECK: %[[Z:.*]] = arith.constant 0 : i32
// CHECK-NEXT: arith.subi %[[Z]], %{{.*}} : i32
// CHECK: math.absi %{{.*}} : i32
// CHECK: %[[Z2:.*]] = arith.constant 0 : i32
// CHECK-NEXT: arith.maxsi %{{.*}}, %[[Z2]] : i32
func.func @unary_int(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.neg %x : tensor<4xi32> -> tensor<4xi32>
  %1 = kiln.abs %0 : tensor<4xi32> -> tensor<4xi32>
  %2 = kiln.relu %1 : tensor<4xi32> -> tensor<4xi32>
  return %2 : tensor<4xi32>
}

// -----

// The rank-0 bounds of clip are read with an empty map.
// CHECK-LABEL: func.func @clip
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[LO:.*]]: tensor<f32>, %[[HI:.*]]: tensor<f32>)
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>, affine_map<(d0) -> ()>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%[[X]], %[[LO]], %[[HI]] : tensor<4xf32>, tensor<f32>, tensor<f32>)
// CHECK-NEXT: ^bb0(%[[V:.*]]: f32, %[[L:.*]]: f32, %[[H:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[MAX:.*]] = arith.maximumf %[[V]], %[[L]] : f32
// CHECK-NEXT: %[[MIN:.*]] = arith.minimumf %[[MAX]], %[[H]] : f32
// CHECK-NEXT: linalg.yield %[[MIN]] : f32
func.func @clip(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<f32>) -> tensor<4xf32> {
  %0 = kiln.clip %x, %lo, %hi : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Loops (batch..., m, k, n): k is the reduction; a size-1 batch dim of the
// lhs broadcasts, the rhs's missing batch dim is dropped.
// CHECK-LABEL: func.func @matmul_batch_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<5x1x2x3xf32>, %[[B:.*]]: tensor<7x3x4xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<5x7x2x4xf32>
// CHECK: %[[F:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E]] : tensor<5x7x2x4xf32>) -> tensor<5x7x2x4xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d1, d3, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]} ins(%[[A]], %[[B]] : tensor<5x1x2x3xf32>, tensor<7x3x4xf32>) outs(%[[F]] : tensor<5x7x2x4xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]]
func.func @matmul_batch_broadcast(%a: tensor<5x1x2x3xf32>, %b: tensor<7x3x4xf32>) -> tensor<5x7x2x4xf32> {
  %0 = kiln.matmul %a, %b : (tensor<5x1x2x3xf32>, tensor<7x3x4xf32>) -> tensor<5x7x2x4xf32>
  return %0 : tensor<5x7x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_2d_int
// CHECK: linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<2x4xi32>)
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK: arith.muli
// CHECK: arith.addi
func.func @matmul_2d_int(%a: tensor<2x3xi32>, %b: tensor<3x4xi32>) -> tensor<2x4xi32> {
  %0 = kiln.matmul %a, %b : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}

// -----

// Mean with keepdims: a sum into [2, 1, 1] (reduced dims read as 0), then a
// division by the 12 reduced elements. Max without keepdims starts at -inf.
// CHECK-LABEL: func.func @reduce
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x1x1xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, 0, 0)>], iterator_types = ["parallel", "reduction", "reduction"]} ins(%{{.*}} : tensor<2x3x4xf32>) outs(%[[FILL]] : tensor<2x1x1xf32>)
// CHECK: arith.addf
// CHECK: %[[N:.*]] = arith.constant 1.200000e+01 : f32
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<2x1x1xf32>)
// CHECK: arith.divf %{{.*}}, %[[N]] : f32
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[FILL2:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<3xf32>)
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1)>], iterator_types = ["reduction", "parallel", "reduction"]} ins(%{{.*}} : tensor<2x3x4xf32>) outs(%[[FILL2]] : tensor<3xf32>)
// CHECK: arith.maximumf
func.func @reduce(%x: tensor<2x3x4xf32>) -> (tensor<2x1x1xf32>, tensor<3xf32>) {
  %0 = kiln.reduce %x {axes = array<i64: 1, 2>, keepdims = true, kind = "mean"} : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
  %1 = kiln.reduce %x {axes = array<i64: 0, 2>, keepdims = false, kind = "max"} : tensor<2x3x4xf32> -> tensor<3xf32>
  return %0, %1 : tensor<2x1x1xf32>, tensor<3xf32>
}

// -----

// Min starts at +inf, prod at 1; integer max starts at the smallest integer.
// CHECK-LABEL: func.func @reduce_kinds
// CHECK: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: linalg.fill ins(%[[INF]] : f32)
// CHECK: arith.minimumf
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ONE]] : f32)
// CHECK: arith.mulf
// CHECK: %[[IMIN:.*]] = arith.constant -2147483648 : i32
// CHECK: linalg.fill ins(%[[IMIN]] : i32)
// CHECK: arith.maxsi
func.func @reduce_kinds(%x: tensor<2x3xf32>, %y: tensor<2x3xi32>) -> (tensor<2xf32>, tensor<3xf32>, tensor<2x1xi32>) {
  %0 = kiln.reduce %x {axes = array<i64: 1>, keepdims = false, kind = "min"} : tensor<2x3xf32> -> tensor<2xf32>
  %1 = kiln.reduce %x {axes = array<i64: 0>, keepdims = false, kind = "prod"} : tensor<2x3xf32> -> tensor<3xf32>
  %2 = kiln.reduce %y {axes = array<i64: 1>, keepdims = true, kind = "max"} : tensor<2x3xi32> -> tensor<2x1xi32>
  return %0, %1, %2 : tensor<2xf32>, tensor<3xf32>, tensor<2x1xi32>
}

// -----

// softmax = exp(x - max) / sum(exp(x - max)) along axis 1.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x10xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<2x10xf32>) outs(%{{.*}} : tensor<2x1xf32>)
// CHECK: arith.maximumf
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MAX]] : tensor<2x10xf32>, tensor<2x1xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[M:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[A]], %[[M]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT: linalg.yield %[[E]] : f32
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>], iterator_types = ["parallel", "reduction"]} ins(%[[EXP]] : tensor<2x10xf32>)
// CHECK: arith.addf
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] : tensor<2x10xf32>, tensor<2x1xf32>)
// CHECK: arith.divf
// CHECK: return %[[R]] : tensor<2x10xf32>
func.func @softmax(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %0 = kiln.softmax %x {axis = 1 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

// Padded 2-D conv with bias: tensor.pad, channels split into one group, the
// bias broadcast into the accumulator, loops (n, g, oc, oh, ic, kh, kw, ow).
// CHECK-LABEL: func.func @conv2d_pad_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[PAD]] {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 1, 3, 10, 10] : tensor<1x3x10x10xf32> into tensor<1x1x3x10x10xf32>
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2], [3], [4]] output_shape [1, 4, 3, 3, 3] : tensor<4x3x3x3xf32> into tensor<1x4x3x3x3xf32>
// CHECK: %[[BG:.*]] = tensor.expand_shape %[[B]] {{\[\[}}0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d1, d2)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[BG]] : tensor<1x4xf32>) outs(%{{.*}} : tensor<1x1x4x8x8xf32>)
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d4, d3 + d5, d6 + d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d7)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%[[XG]], %[[WG]] : tensor<1x1x3x10x10xf32>, tensor<1x4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x1x4x8x8xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[OUT:.*]] = tensor.collapse_shape %[[Y]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x1x4x8x8xf32> into tensor<1x4x8x8xf32>
// CHECK: return %[[OUT]] : tensor<1x4x8x8xf32>
func.func @conv2d_pad_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %0 = kiln.conv %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// Grouped, strided, dilated conv without padding or bias: no tensor.pad, the
// accumulator is zero-filled, channels split into 2 groups of 2 (input) and
// 2 groups of 3 (output); stride and dilation scale the input map.
// CHECK-LABEL: func.func @conv2d_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x9x9xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2], [3], [4]] output_shape [2, 2, 2, 9, 9] : tensor<2x4x9x9xf32> into tensor<2x2x2x9x9xf32>
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3] : tensor<6x2x3x3xf32> into tensor<2x3x2x3x3xf32>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x2x3x3x4xf32>)
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d4, d3 * 2 + d5 * 2, d7 * 2 + d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d7)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%[[XG]], %[[WG]] : tensor<2x2x2x9x9xf32>, tensor<2x3x2x3x3xf32>) outs(%[[FILL]] : tensor<2x2x3x3x4xf32>)
// CHECK: tensor.collapse_shape %[[Y]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<2x2x3x3x4xf32> into tensor<2x6x3x4xf32>
func.func @conv2d_grouped(%x: tensor<2x4x9x9xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<2x6x3x4xf32> {
  %0 = kiln.conv %x, %w {dilations = array<i64: 2, 1>, groups = 2 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<2x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<2x6x3x4xf32>
  return %0 : tensor<2x6x3x4xf32>
}

// -----

// Depthwise conv (groups == channels).
// CHECK-LABEL: func.func @conv2d_depthwise
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 8, 1, 6, 6] : tensor<1x8x6x6xf32> into tensor<1x8x1x6x6xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [8, 1, 1, 3, 3] : tensor<8x1x3x3xf32> into tensor<8x1x1x3x3xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x8x1x4x4xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x8x1x4x4xf32> into tensor<1x8x4x4xf32>
func.func @conv2d_depthwise(%x: tensor<1x8x6x6xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 8 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// 1-D conv with an asymmetric pad; loops (n, g, oc, ic, k, ow).
// CHECK-LABEL: func.func @conv1d
// CHECK: tensor.pad %{{.*}} low[0, 0, 1] high[0, 0, 0]
// CHECK: } : tensor<1x2x10xf32> to tensor<1x2x11xf32>
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d3, d5 * 2 + d4)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d1, d2, d3, d4)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<1x1x2x11xf32>, tensor<1x3x2x4xf32>) outs(%{{.*}} : tensor<1x1x3x4xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2], [3]] : tensor<1x1x3x4xf32> into tensor<1x3x4xf32>
func.func @conv1d(%x: tensor<1x2x10xf32>, %w: tensor<3x2x4xf32>) -> tensor<1x3x4xf32> {
  %0 = kiln.conv %x, %w {dilations = array<i64: 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 0>, strides = array<i64: 2>} : (tensor<1x2x10xf32>, tensor<3x2x4xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}

// -----

// Max pooling pads with -inf and starts from -inf; the kernel-shaped
// tensor.empty only gives the window loops their bounds.
// CHECK-LABEL: func.func @max_pool_padded
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x5x5xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEGINF]] : f32
// CHECK: } : tensor<1x2x5x5xf32> to tensor<1x2x7x7xf32>
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<1x2x3x3xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d3, d5 * 2 + d4)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%[[PAD]], %[[WIN]] : tensor<1x2x7x7xf32>, tensor<3x3xf32>) outs(%[[FILL]] : tensor<1x2x3x3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[M:.*]] = arith.maximumf %[[ACC]], %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[M]] : f32
// CHECK: return %[[R]]
func.func @max_pool_padded(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Dilated 1-D max pool without padding: no tensor.pad.
// CHECK-LABEL: func.func @max_pool_dilated_1d
// CHECK-NOT: tensor.pad
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3 * 2 + d2 * 2)>, affine_map<(d0, d1, d2, d3) -> (d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>], iterator_types = ["parallel", "parallel", "reduction", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<2x3x7xf32>, tensor<2xf32>) outs(%{{.*}} : tensor<2x3x3xf32>)
func.func @max_pool_dilated_1d(%x: tensor<2x3x7xf32>) -> tensor<2x3x3xf32> {
  %0 = kiln.max_pool %x {ceil_mode = false, dilations = array<i64: 2>, kernel = array<i64: 2>, pad_mode = "explicit", pads = array<i64: 0, 0>, strides = array<i64: 2>} : tensor<2x3x7xf32> -> tensor<2x3x3xf32>
  return %0 : tensor<2x3x3xf32>
}

// -----

// ceil_mode: the last window hangs over the end, so the input is padded at
// the end (with 0 for the sum), and that window divides by the 2 and 1
// elements it really covers.
// CHECK-LABEL: func.func @avg_pool_ceil
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: } : tensor<1x1x5x5xf32> to tensor<1x1x6x6xf32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x3x3xf32>)
// CHECK: arith.addf
// CHECK: %[[DIV:.*]] = arith.constant dense<{{\[\[\[\[}}4.000000e+00, 4.000000e+00, 2.000000e+00], [4.000000e+00, 4.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x3x3xf32>
// CHECK: linalg.generic {{.*}} ins(%[[SUM]], %[[DIV]] : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>)
// CHECK: arith.divf
func.func @avg_pool_ceil(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %0 = kiln.avg_pool %x {ceil_mode = true, count_include_pad = false, kernel = array<i64: 2, 2>, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// With count_include_pad every 3x3 window divides by 9; without it, border
// windows divide by the input elements they cover (2x2, 2x3, 3x2, 3x3).
// CHECK-LABEL: func.func @avg_pool_padded
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: arith.constant dense<9.000000e+00> : tensor<1x1x2x2xf32>
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: arith.constant dense<{{\[\[\[\[}}4.000000e+00, 6.000000e+00], [6.000000e+00, 9.000000e+00]]]]> : tensor<1x1x2x2xf32>
func.func @avg_pool_padded(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %0 = kiln.avg_pool %x {ceil_mode = false, count_include_pad = true, kernel = array<i64: 3, 3>, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %1 = kiln.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 3, 3>, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  return %0, %1 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// Reshape collapses to 1-D and expands to the target shape.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [6, 4] : tensor<24xf32> into tensor<6x4xf32>
// CHECK: return %[[R]] : tensor<6x4xf32>
func.func @reshape(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = kiln.reshape %x {shape = array<i64: 6, -1>} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// Flatten needs only the collapse, unflatten only the expand; a rank-1 to
// rank-0 reshape collapses with no reassociation.
// CHECK-LABEL: func.func @reshape_flat
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[V:.*]]: tensor<24xf32>, %[[S:.*]]: tensor<1xf32>)
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK-NOT: tensor.collapse_shape %[[V]]
// CHECK: %[[U:.*]] = tensor.expand_shape %[[V]] {{\[\[}}0, 1, 2]] output_shape [2, 3, 4] : tensor<24xf32> into tensor<2x3x4xf32>
// CHECK: %[[Z:.*]] = tensor.collapse_shape %[[S]] [] : tensor<1xf32> into tensor<f32>
// CHECK: return %[[F]], %[[U]], %[[Z]]
func.func @reshape_flat(%x: tensor<2x3x4xf32>, %v: tensor<24xf32>, %s: tensor<1xf32>) -> (tensor<24xf32>, tensor<2x3x4xf32>, tensor<f32>) {
  %0 = kiln.reshape %x {shape = array<i64: 24>} : tensor<2x3x4xf32> -> tensor<24xf32>
  %1 = kiln.reshape %v {shape = array<i64: 2, 3, 4>} : tensor<24xf32> -> tensor<2x3x4xf32>
  %2 = kiln.reshape %s {shape = array<i64>} : tensor<1xf32> -> tensor<f32>
  return %0, %1, %2 : tensor<24xf32>, tensor<2x3x4xf32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
// CHECK: return %[[T]] : tensor<4x2x3xf32>
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = kiln.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Concat inserts each input at its running offset; empty inputs are skipped.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<2x1xf32>, %[[B:.*]]: tensor<2x3xf32>, %[[C:.*]]: tensor<2x0xf32>, %[[D:.*]]: tensor<2x2xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x6xf32>
// CHECK: %[[S0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 1] [1, 1] : tensor<2x1xf32> into tensor<2x6xf32>
// CHECK: %[[S1:.*]] = tensor.insert_slice %[[B]] into %[[S0]][0, 1] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x6xf32>
// CHECK-NOT: tensor.insert_slice %[[C]]
// CHECK: %[[S2:.*]] = tensor.insert_slice %[[D]] into %[[S1]][0, 4] [2, 2] [1, 1] : tensor<2x2xf32> into tensor<2x6xf32>
// CHECK: return %[[S2]] : tensor<2x6xf32>
func.func @concat(%a: tensor<2x1xf32>, %b: tensor<2x3xf32>, %c: tensor<2x0xf32>, %d: tensor<2x2xf32>) -> tensor<2x6xf32> {
  %0 = kiln.concat %a, %b, %c, %d {axis = 1 : i64} : (tensor<2x1xf32>, tensor<2x3xf32>, tensor<2x0xf32>, tensor<2x2xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// CHECK-LABEL: func.func @concat_axis0
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0] [1, 2, 3] [1, 1, 1] : tensor<1x2x3xi8> into tensor<4x2x3xi8>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[1, 0, 0] [3, 2, 3] [1, 1, 1] : tensor<3x2x3xi8> into tensor<4x2x3xi8>
func.func @concat_axis0(%a: tensor<1x2x3xi8>, %b: tensor<3x2x3xi8>) -> tensor<4x2x3xi8> {
  %0 = kiln.concat %a, %b {axis = 0 : i64} : (tensor<1x2x3xi8>, tensor<3x2x3xi8>) -> tensor<4x2x3xi8>
  return %0 : tensor<4x2x3xi8>
}
