// RUN: kiln-opt %s -split-input-file -kiln-lower-to-linalg -canonicalize -mlir-print-local-scope | FileCheck %s

// Lowering of the indexing ops: index-driven linalg.generic ops that read
// with tensor.extract, scf.for nests for scatters and top-k, tensor.pad for
// constant padding.

// Static dimensions become constants, dynamic ones tensor.dim.
// CHECK-LABEL: func.func @shape_dynamic
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : i64
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[D:.*]] = tensor.dim %{{.*}}, %[[C0]] : tensor<?x4xf32>
// CHECK: %[[D64:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: tensor.from_elements %[[D64]], %[[C4]] : tensor<2xi64>
func.func @shape_dynamic(%x: tensor<?x4xf32>) -> tensor<2xi64> {
  %0 = kiln.shape %x {start = 0 : i64, end = 2 : i64} : tensor<?x4xf32> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// A size-1 input dimension reads index 0; a new leading one is dropped.
// CHECK-LABEL: func.func @expand
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, 0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%{{.*}} : tensor<3x1xf32>) outs(%{{.*}} : tensor<2x3x6xf32>)
func.func @expand(%x: tensor<3x1xf32>) -> tensor<2x3x6xf32> {
  %0 = kiln.expand %x {shape = array<i64: 2, 1, 6>} : tensor<3x1xf32> -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}

// -----

// Constant slice parameters fold to first index 18 and step -2 on axis 0.
// CHECK-LABEL: func.func @slice_negative_step
// CHECK-DAG: %[[C18:.*]] = arith.constant 18 : i64
// CHECK-DAG: %[[CM2:.*]] = arith.constant -2 : i64
// CHECK: %[[R:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<4x10xf32>)
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[OFF:.*]] = arith.muli %[[I64]], %[[CM2]] : i64
// CHECK: %[[SRC:.*]] = arith.addi %[[OFF]], %[[C18]] : i64
// CHECK: %[[SRCI:.*]] = arith.index_cast %[[SRC]] : i64 to index
// CHECK: tensor.extract %{{.*}}[%[[SRCI]], %[[J]]] : tensor<20x10xf32>
func.func @slice_negative_step(%x: tensor<20x10xf32>) -> tensor<4x10xf32> {
  %s = kiln.constant dense<-2> : tensor<1xi64>
  %e = kiln.constant dense<10> : tensor<1xi64>
  %a = kiln.constant dense<0> : tensor<1xi64>
  %st = kiln.constant dense<-2> : tensor<1xi64>
  %0 = kiln.slice %x, %s, %e, %a, %st : (tensor<20x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// Run-time slice parameters: the result sizes are computed.
// CHECK-LABEL: func.func @slice_runtime
// CHECK: tensor.extract %{{.*}}[%{{.*}}] : tensor<1xi64>
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<?x?xf32>)
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<20x10xf32>
func.func @slice_runtime(%x: tensor<20x10xf32>, %s: tensor<1xi64>, %e: tensor<1xi64>, %a: tensor<1xi64>, %st: tensor<1xi64>) -> tensor<?x?xf32> {
  %0 = kiln.slice %x, %s, %e, %a, %st : (tensor<20x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Constant non-negative pads in constant mode become tensor.pad.
// CHECK-LABEL: func.func @pad_constant
// CHECK: tensor.pad %{{.*}} low[0, 1] high[1, 2]
// CHECK: } : tensor<2x3xf32> to tensor<3x6xf32>
func.func @pad_constant(%x: tensor<2x3xf32>) -> tensor<3x6xf32> {
  %p = kiln.constant dense<[0, 1, 1, 2]> : tensor<4xi64>
  %v = kiln.constant dense<0.0> : tensor<f32>
  %0 = kiln.pad %x, %p, %v {mode = "constant"} : (tensor<2x3xf32>, tensor<4xi64>, tensor<f32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// Reflect mode mirrors the source index with a remainder.
// CHECK-LABEL: func.func @pad_reflect
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x7xf32>)
// CHECK: arith.remsi
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<2x3xf32>
func.func @pad_reflect(%x: tensor<2x3xf32>, %p: tensor<4xi64>) -> tensor<2x7xf32> {
  %v = kiln.constant dense<0.0> : tensor<f32>
  %0 = kiln.pad %x, %p, %v {mode = "reflect"} : (tensor<2x3xf32>, tensor<4xi64>, tensor<f32>) -> tensor<2x7xf32>
  return %0 : tensor<2x7xf32>
}

// -----

// The indices are a generic input; negative ones wrap by the axis size.
// CHECK-LABEL: func.func @gather
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%{{.*}} : tensor<2x3xi32>) outs(%{{.*}} : tensor<5x2x3xf32>)
// CHECK-NEXT: ^bb0(%[[IDX:.*]]: i32, %{{.*}}: f32):
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[W:.*]] = arith.extsi %[[IDX]] : i32 to i64
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[W]], %{{.*}} : i64
// CHECK: %[[ADD:.*]] = arith.addi %[[W]], %{{.*}} : i64
// CHECK: %[[SEL:.*]] = arith.select %[[NEG]], %[[ADD]], %[[W]] : i64
// CHECK: %[[I:.*]] = arith.index_cast %[[SEL]] : i64 to index
// CHECK: tensor.extract %{{.*}}[%[[D0]], %[[I]]] : tensor<5x4xf32>
func.func @gather(%x: tensor<5x4xf32>, %i: tensor<2x3xi32>) -> tensor<5x2x3xf32> {
  %0 = kiln.gather %x, %i {axis = 1 : i64} : (tensor<5x4xf32>, tensor<2x3xi32>) -> tensor<5x2x3xf32>
  return %0 : tensor<5x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gather_elements
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%{{.*}} : tensor<2x3xi64>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %[[J]]] : tensor<3x3xf32>
func.func @gather_elements(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>) -> tensor<2x3xf32> {
  %0 = kiln.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Each index tuple entry is read with tensor.extract.
// CHECK-LABEL: func.func @gather_nd
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x2xi32>)
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<2x1xi64>
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}] : tensor<2x2x2xi32>
func.func @gather_nd(%x: tensor<2x2x2xi32>, %i: tensor<2x1xi64>) -> tensor<2x2xi32> {
  %0 = kiln.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x2x2xi32>, tensor<2x1xi64>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

// Updates apply one at a time to the loop-carried result.
// CHECK-LABEL: func.func @scatter_elements
// CHECK-SAME: (%[[X:.*]]: tensor<2x5xf32>, %[[I:.*]]: tensor<2x2xi64>, %[[U:.*]]: tensor<2x2xf32>)
// CHECK: scf.for %[[A:[a-z0-9_]+]] = %{{.*}} iter_args(%[[T0:[a-z0-9_]+]] = %[[X]]) -> (tensor<2x5xf32>)
// CHECK: scf.for %[[B:[a-z0-9_]+]] = %{{.*}} iter_args(%[[T:[a-z0-9_]+]] = %[[T0]]) -> (tensor<2x5xf32>)
// CHECK: tensor.extract %[[I]][%[[A]], %[[B]]] : tensor<2x2xi64>
// CHECK: %[[UPD:.*]] = tensor.extract %[[U]][%[[A]], %[[B]]] : tensor<2x2xf32>
// CHECK: %[[OLD:.*]] = tensor.extract %[[T]][%[[A]], %{{.*}}] : tensor<2x5xf32>
// CHECK: %[[NEW:.*]] = arith.mulf %[[OLD]], %[[UPD]] : f32
// CHECK: tensor.insert %[[NEW]] into %[[T]][%[[A]], %{{.*}}] : tensor<2x5xf32>
func.func @scatter_elements(%x: tensor<2x5xf32>, %i: tensor<2x2xi64>, %u: tensor<2x2xf32>) -> tensor<2x5xf32> {
  %0 = kiln.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "mul"} : (tensor<2x5xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Loops over the index tuples, then over the addressed slice.
// CHECK-LABEL: func.func @scatter_nd
// CHECK: scf.for %[[T:[a-z0-9_]+]] = {{.*}} -> (tensor<4x4xf32>)
// CHECK: scf.for %[[C:[a-z0-9_]+]] = {{.*}} -> (tensor<4x4xf32>)
// CHECK: tensor.extract %{{.*}}[%[[T]], %{{.*}}] : tensor<2x1xi64>
// CHECK: %[[UPD:.*]] = tensor.extract %{{.*}}[%[[T]], %[[C]]] : tensor<2x4xf32>
// CHECK: tensor.insert %[[UPD]] into %{{.*}}[%{{.*}}, %[[C]]] : tensor<4x4xf32>
func.func @scatter_nd(%x: tensor<4x4xf32>, %i: tensor<2x1xi64>, %u: tensor<2x4xf32>) -> tensor<4x4xf32> {
  %0 = kiln.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// A run-time length: max(ceil((limit - start) / delta), 0).
// CHECK-LABEL: func.func @range
// CHECK: arith.ceildivsi %{{.*}}, %{{.*}} : i32
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<?xi32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<?xi32>)
// CHECK: arith.muli
// CHECK: arith.addi
func.func @range(%s: tensor<i32>, %l: tensor<i32>, %d: tensor<i32>) -> tensor<?xi32> {
  %0 = kiln.range %s, %l, %d : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<?xi32>
  return %0 : tensor<?xi32>
}

// -----

// The indices are read without the new axis; the depth wraps negative ones.
// CHECK-LABEL: func.func @one_hot
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%{{.*}} : tensor<3xi64>) outs(%{{.*}} : tensor<3x10xf32>)
// CHECK: arith.cmpi eq
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
func.func @one_hot(%i: tensor<3xi64>, %v: tensor<2xf32>) -> tensor<3x10xf32> {
  %d = kiln.constant dense<10> : tensor<i64>
  %0 = kiln.one_hot %i, %d, %v {axis = 1 : i64} : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x10xf32>
  return %0 : tensor<3x10xf32>
}

// -----

// CHECK-LABEL: func.func @trilu
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<4x5xi64>) outs(%{{.*}} : tensor<4x5xi64>)
// CHECK: %[[DIAG:.*]] = arith.subi %{{.*}}, %{{.*}} : i64
// CHECK: arith.cmpi sle, %[[DIAG]], %{{.*}} : i64
func.func @trilu(%x: tensor<4x5xi64>, %k: tensor<i64>) -> tensor<4x5xi64> {
  %0 = kiln.trilu %x, %k {upper = false} : (tensor<4x5xi64>, tensor<i64>) -> tensor<4x5xi64>
  return %0 : tensor<4x5xi64>
}

// -----

// CHECK-LABEL: func.func @reverse_sequence
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x3xf32>)
// CHECK: tensor.extract %{{.*}}[%{{.*}}] : tensor<3xi64>
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<4x3xf32>
func.func @reverse_sequence(%x: tensor<4x3xf32>, %l: tensor<3xi64>) -> tensor<4x3xf32> {
  %0 = kiln.reverse_sequence %x, %l {batch_axis = 1 : i64, time_axis = 0 : i64} : (tensor<4x3xf32>, tensor<3xi64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// A constant axis: the scanned position is a reduction loop in the input map.
// CHECK-LABEL: func.func @cumsum_constant_axis
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}} : tensor<2x3xf32>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: arith.cmpi ule
// CHECK: arith.addf
func.func @cumsum_constant_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %a = kiln.constant dense<-1> : tensor<i32>
  %0 = kiln.cumsum %x, %a {exclusive = false, reverse = false} : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A run-time axis: the scan loop spans the longest dimension and the body
// selects coordinates by the axis.
// CHECK-LABEL: func.func @cumsum_runtime_axis
// CHECK: %[[K:.*]] = tensor.empty() : tensor<3xi1>
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[K]] : tensor<3xi1>)
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<2x3xf32>
// CHECK: arith.cmpi ugt
func.func @cumsum_runtime_axis(%x: tensor<2x3xf32>, %a: tensor<i32>) -> tensor<2x3xf32> {
  %0 = kiln.cumsum %x, %a {exclusive = true, reverse = true} : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// k passes of one reduction each; pass j writes column j of the result.
// CHECK-LABEL: func.func @top_k
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<3x2xi64>
// CHECK: scf.for %[[J:[a-z0-9_]+]] = %{{.*}} iter_args(%[[R:[a-z0-9_]+]] = %[[INIT]]) -> (tensor<3x2xi64>)
// CHECK: %[[PASS:.*]]:2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.cmpf ogt
// CHECK: tensor.insert_slice %[[PASS]]#1 into %[[R]][0, %[[J]]] [3, 1] [1, 1] : tensor<3xi64> into tensor<3x2xi64>
func.func @top_k(%x: tensor<3x4xf32>) -> tensor<3x2xi64> {
  %0 = kiln.top_k_indices %x {axis = 1 : i64, k = 2 : i64, largest = true} : tensor<3x4xf32> -> tensor<3x2xi64>
  return %0 : tensor<3x2xi64>
}

// -----

// Nearest, asymmetric, floor: one tap per resized axis; N and C (size 1)
// read index 0.
// CHECK-LABEL: func.func @resize_nearest
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x4x6xf32>)
// CHECK: math.floor
// CHECK: math.floor
// CHECK: tensor.extract %{{.*}}[%[[C0]], %[[C0]], %{{.*}}, %{{.*}}] : tensor<1x1x2x2xf32>
// CHECK-NOT: tensor.extract
func.func @resize_nearest(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x6xf32> {
  %roi = kiln.constant dense<> : tensor<0xf32>
  %s = kiln.constant dense<[1.0, 1.0, 2.0, 3.0]> : tensor<4xf32>
  %0 = kiln.resize %x, %roi, %s {coordinate_transformation_mode = "asymmetric", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "nearest", nearest_mode = "floor"} : (tensor<1x1x2x2xf32>, tensor<0xf32>, tensor<4xf32>) -> tensor<1x1x4x6xf32>
  return %0 : tensor<1x1x4x6xf32>
}

// -----

// Linear: 2 x 2 weighted taps summed in f64.
// CHECK-LABEL: func.func @resize_linear
// CHECK: linalg.generic
// CHECK-COUNT-4: tensor.extract %{{.*}} : tensor<1x1x2x2xf32>
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @resize_linear(%x: tensor<1x1x2x2xf32>, %s: tensor<4xf32>) -> tensor<1x1x4x4xf32> {
  %roi = kiln.constant dense<> : tensor<0xf32>
  %0 = kiln.resize %x, %roi, %s {coordinate_transformation_mode = "half_pixel", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "linear", nearest_mode = "round_prefer_floor"} : (tensor<1x1x2x2xf32>, tensor<0xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Kept slices are copied in order; the count guards the declared size.
// CHECK-LABEL: func.func @compress
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: scf.for %[[I:[a-z0-9_]+]] = %{{.*}} iter_args(%[[R:[a-z0-9_]+]] = %[[INIT]], %[[N:[a-z0-9_]+]] = %{{.*}}) -> (tensor<2x2xf32>, index)
// CHECK: scf.if %{{.*}} -> (tensor<2x2xf32>, index)
// CHECK: %[[S:.*]] = tensor.extract_slice %{{.*}}[%[[I]], 0] [1, 2] [1, 1] : tensor<3x2xf32> to tensor<1x2xf32>
// CHECK: tensor.insert_slice %[[S]] into %[[R]][%[[N]], 0] [1, 2] [1, 1] : tensor<1x2xf32> into tensor<2x2xf32>
func.func @compress(%x: tensor<3x2xf32>, %c: tensor<3xi1>) -> tensor<2x2xf32> {
  %0 = kiln.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @non_zero
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.if %{{.*}} -> (tensor<2x3xi64>, index)
// CHECK-COUNT-2: tensor.insert %{{.*}} into %{{.*}}[%{{.*}}, %{{.*}}] : tensor<2x3xi64>
func.func @non_zero(%x: tensor<2x2xi1>) -> tensor<2x3xi64> {
  %0 = kiln.non_zero %x : tensor<2x2xi1> -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// Bilinear: the grid point is read per output element; 2 x 2 taps, each
// zeroed outside the input.
// CHECK-LABEL: func.func @grid_sample_bilinear
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x6x6xf32>)
// CHECK-COUNT-2: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : tensor<1x6x6x2xf32>
// CHECK: math.floor
// CHECK-COUNT-4: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : tensor<1x1x4x4xf32>
func.func @grid_sample_bilinear(%x: tensor<1x1x4x4xf32>, %g: tensor<1x6x6x2xf32>) -> tensor<1x1x6x6xf32> {
  %0 = kiln.grid_sample %x, %g {align_corners = false, mode = "bilinear", padding_mode = "zeros"} : (tensor<1x1x4x4xf32>, tensor<1x6x6x2xf32>) -> tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}

// -----

// Nearest rounds half to even (as PyTorch's nearbyint) after the padding.
// CHECK-LABEL: func.func @grid_sample_nearest_border
// CHECK: arith.minimumf
// CHECK: math.roundeven
// CHECK-COUNT-1: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : tensor<1x1x4x4xf32>
func.func @grid_sample_nearest_border(%x: tensor<1x1x4x4xf32>, %g: tensor<1x6x6x2xf32>) -> tensor<1x1x6x6xf32> {
  %0 = kiln.grid_sample %x, %g {align_corners = true, mode = "nearest", padding_mode = "border"} : (tensor<1x1x4x4xf32>, tensor<1x6x6x2xf32>) -> tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}
