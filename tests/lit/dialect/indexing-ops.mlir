// RUN: kiln-opt %s -split-input-file | kiln-opt -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file -mlir-print-op-generic | kiln-opt -split-input-file | FileCheck %s

// Round trip of the indexing ops (KilnIndexingOps.td) through the custom
// assembly format, and through the generic form back to the custom one.

// CHECK-LABEL: func.func @shape_expand
func.func @shape_expand(%x: tensor<?x4x5xf32>, %y: tensor<3x1xf32>) -> (tensor<2xi64>, tensor<2x3x6xf32>) {
  // CHECK: kiln.shape %{{.*}} {end = 3 : i64, start = 1 : i64} : tensor<?x4x5xf32> -> tensor<2xi64>
  %0 = kiln.shape %x {start = 1 : i64, end = 3 : i64} : tensor<?x4x5xf32> -> tensor<2xi64>
  // CHECK: kiln.expand %{{.*}} {shape = array<i64: 2, 1, 6>} : tensor<3x1xf32> -> tensor<2x3x6xf32>
  %1 = kiln.expand %y {shape = array<i64: 2, 1, 6>} : tensor<3x1xf32> -> tensor<2x3x6xf32>
  return %0, %1 : tensor<2xi64>, tensor<2x3x6xf32>
}

// -----

// CHECK-LABEL: func.func @slice_pad
func.func @slice_pad(%x: tensor<20x10xf32>, %s: tensor<1xi64>, %p: tensor<4xi64>, %v: tensor<f32>,
                     %lens: tensor<20xi64>) -> (tensor<20x?xf32>, tensor<?x?xf32>, tensor<20x10xf32>) {
  // CHECK: kiln.slice %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<20x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<20x?xf32>
  %axes = kiln.constant dense<1> : tensor<1xi64>
  %0 = kiln.slice %x, %s, %s, %axes, %s : (tensor<20x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<20x?xf32>
  // CHECK: kiln.pad %{{.*}}, %{{.*}}, %{{.*}} {mode = "edge"} : (tensor<20x10xf32>, tensor<4xi64>, tensor<f32>) -> tensor<?x?xf32>
  %1 = kiln.pad %x, %p, %v {mode = "edge"} : (tensor<20x10xf32>, tensor<4xi64>, tensor<f32>) -> tensor<?x?xf32>
  // CHECK: kiln.reverse_sequence %{{.*}}, %{{.*}} {batch_axis = 0 : i64, time_axis = 1 : i64} : (tensor<20x10xf32>, tensor<20xi64>) -> tensor<20x10xf32>
  %2 = kiln.reverse_sequence %x, %lens {batch_axis = 0 : i64, time_axis = 1 : i64} : (tensor<20x10xf32>, tensor<20xi64>) -> tensor<20x10xf32>
  return %0, %1, %2 : tensor<20x?xf32>, tensor<?x?xf32>, tensor<20x10xf32>
}

// -----

// CHECK-LABEL: func.func @gathers
func.func @gathers(%x: tensor<5x4xf32>, %i: tensor<3xi64>, %j: tensor<2x4xi32>, %t: tensor<2x1xi64>)
    -> (tensor<3x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  // CHECK: kiln.gather %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  %0 = kiln.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  // CHECK: kiln.gather_elements %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2x4xi32>) -> tensor<2x4xf32>
  %1 = kiln.gather_elements %x, %j {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2x4xi32>) -> tensor<2x4xf32>
  // CHECK: kiln.gather_nd %{{.*}}, %{{.*}} {batch_dims = 0 : i64} : (tensor<5x4xf32>, tensor<2x1xi64>) -> tensor<2x4xf32>
  %2 = kiln.gather_nd %x, %t {batch_dims = 0 : i64} : (tensor<5x4xf32>, tensor<2x1xi64>) -> tensor<2x4xf32>
  return %0, %1, %2 : tensor<3x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @scatters
func.func @scatters(%x: tensor<4x4xf32>, %i: tensor<1x2xi64>, %u: tensor<1x2xf32>,
                    %t: tensor<2x1xi64>, %v: tensor<2x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  // CHECK: kiln.scatter_elements %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, reduction = "add"} : (tensor<4x4xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<4x4xf32>
  %0 = kiln.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"} : (tensor<4x4xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<4x4xf32>
  // CHECK: kiln.scatter_nd %{{.*}}, %{{.*}}, %{{.*}} {reduction = "none"} : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4xf32>
  %1 = kiln.scatter_nd %x, %t, %v {reduction = "none"} : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4xf32>
  return %0, %1 : tensor<4x4xf32>, tensor<4x4xf32>
}

// -----

// CHECK-LABEL: func.func @generators
func.func @generators(%s: tensor<f32>, %i: tensor<3xi64>, %d: tensor<i64>, %v: tensor<2xf32>,
                      %x: tensor<4x5xf32>) -> (tensor<?xf32>, tensor<3x10xf32>, tensor<4x5xf32>) {
  // CHECK: kiln.range %{{.*}}, %{{.*}}, %{{.*}} : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<?xf32>
  %0 = kiln.range %s, %s, %s : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<?xf32>
  // CHECK: kiln.one_hot %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x10xf32>
  %1 = kiln.one_hot %i, %d, %v {axis = 1 : i64} : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x10xf32>
  // CHECK: kiln.trilu %{{.*}}, %{{.*}} {upper = true} : (tensor<4x5xf32>, tensor<i64>) -> tensor<4x5xf32>
  %2 = kiln.trilu %x, %d {upper = true} : (tensor<4x5xf32>, tensor<i64>) -> tensor<4x5xf32>
  return %0, %1, %2 : tensor<?xf32>, tensor<3x10xf32>, tensor<4x5xf32>
}

// -----

// CHECK-LABEL: func.func @scan_select_resize
func.func @scan_select_resize(%x: tensor<3x4xf32>, %a: tensor<i32>, %img: tensor<1x1x2x2xf32>,
                              %roi: tensor<0xf32>, %scales: tensor<4xf32>)
    -> (tensor<3x4xf32>, tensor<3x2xi64>, tensor<1x1x4x4xf32>) {
  // CHECK: kiln.cumsum %{{.*}}, %{{.*}} {exclusive = true, reverse = false} : (tensor<3x4xf32>, tensor<i32>) -> tensor<3x4xf32>
  %0 = kiln.cumsum %x, %a {exclusive = true, reverse = false} : (tensor<3x4xf32>, tensor<i32>) -> tensor<3x4xf32>
  // CHECK: kiln.top_k_indices %{{.*}} {axis = 1 : i64, k = 2 : i64, largest = false} : tensor<3x4xf32> -> tensor<3x2xi64>
  %1 = kiln.top_k_indices %x {axis = 1 : i64, k = 2 : i64, largest = false} : tensor<3x4xf32> -> tensor<3x2xi64>
  // CHECK: kiln.resize %{{.*}}, %{{.*}}, %{{.*}} {coordinate_transformation_mode = "align_corners", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "linear", nearest_mode = "round_prefer_floor"} : (tensor<1x1x2x2xf32>, tensor<0xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  %2 = kiln.resize %img, %roi, %scales {coordinate_transformation_mode = "align_corners",
         cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false,
         extrapolation_value = 0.000000e+00 : f32, mode = "linear", nearest_mode = "round_prefer_floor"}
       : (tensor<1x1x2x2xf32>, tensor<0xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  return %0, %1, %2 : tensor<3x4xf32>, tensor<3x2xi64>, tensor<1x1x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @data_dependent
func.func @data_dependent(%x: tensor<3x2xf32>, %c: tensor<3xi1>) -> (tensor<2x2xf32>, tensor<2x?xi64>) {
  // CHECK: kiln.compress %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<2x2xf32>
  %0 = kiln.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<2x2xf32>
  // CHECK: kiln.non_zero %{{.*}} : tensor<3x2xf32> -> tensor<2x?xi64>
  %1 = kiln.non_zero %x : tensor<3x2xf32> -> tensor<2x?xi64>
  return %0, %1 : tensor<2x2xf32>, tensor<2x?xi64>
}

// -----

// CHECK-LABEL: func.func @grid_sample
func.func @grid_sample(%x: tensor<1x1x4x4xf32>, %g: tensor<1x6x6x2xf32>) -> tensor<1x1x6x6xf32> {
  // CHECK: kiln.grid_sample %{{.*}}, %{{.*}} {align_corners = false, mode = "bicubic", padding_mode = "reflection"} : (tensor<1x1x4x4xf32>, tensor<1x6x6x2xf32>) -> tensor<1x1x6x6xf32>
  %0 = kiln.grid_sample %x, %g {align_corners = false, mode = "bicubic", padding_mode = "reflection"} : (tensor<1x1x4x4xf32>, tensor<1x6x6x2xf32>) -> tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}
