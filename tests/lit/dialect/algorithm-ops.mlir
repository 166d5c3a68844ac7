// RUN: kiln-opt %s -split-input-file | kiln-opt -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file -mlir-print-op-generic | kiln-opt -split-input-file | FileCheck %s

// Round trip of the loop-lowered op family (KilnAlgorithmOps.td).

// CHECK-LABEL: func.func @det
func.func @det(%x: tensor<3x2x2xf32>, %y: tensor<4x4xf64>) -> (tensor<3xf32>, tensor<f64>) {
  // CHECK: kiln.det %{{.*}} : tensor<3x2x2xf32> -> tensor<3xf32>
  %0 = kiln.det %x : tensor<3x2x2xf32> -> tensor<3xf32>
  // CHECK: kiln.det %{{.*}} : tensor<4x4xf64> -> tensor<f64>
  %1 = kiln.det %y : tensor<4x4xf64> -> tensor<f64>
  return %0, %1 : tensor<3xf32>, tensor<f64>
}

// -----

// CHECK-LABEL: func.func @non_max_suppression
func.func @non_max_suppression(%b: tensor<1x6x4xf32>, %s: tensor<1x2x6xf32>, %m: tensor<1xi64>,
                               %iou: tensor<1xf32>, %score: tensor<f32>) -> (tensor<4x3xi64>, tensor<?x3xi64>) {
  // CHECK: kiln.non_max_suppression %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {center_point_box = false} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<f32>) -> tensor<4x3xi64>
  %0 = kiln.non_max_suppression %b, %s, %m, %iou, %score {center_point_box = false} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<f32>) -> tensor<4x3xi64>
  // CHECK: {center_point_box = true} : {{.*}} -> tensor<?x3xi64>
  %1 = kiln.non_max_suppression %b, %s, %m, %iou, %score {center_point_box = true} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<f32>) -> tensor<?x3xi64>
  return %0, %1 : tensor<4x3xi64>, tensor<?x3xi64>
}

// -----

// CHECK-LABEL: func.func @unique
func.func @unique(%x: tensor<6x2xf32>) -> (tensor<4x2xf32>, tensor<4xi64>, tensor<6xi64>, tensor<?xi64>) {
  // CHECK: kiln.unique %{{.*}} {part = "values", sorted = true} : tensor<6x2xf32> -> tensor<4x2xf32>
  %0 = kiln.unique %x {part = "values", sorted = true} : tensor<6x2xf32> -> tensor<4x2xf32>
  // CHECK: kiln.unique %{{.*}} {part = "indices", sorted = false} : tensor<6x2xf32> -> tensor<4xi64>
  %1 = kiln.unique %x {part = "indices", sorted = false} : tensor<6x2xf32> -> tensor<4xi64>
  // CHECK: kiln.unique %{{.*}} {part = "inverse", sorted = true} : tensor<6x2xf32> -> tensor<6xi64>
  %2 = kiln.unique %x {part = "inverse", sorted = true} : tensor<6x2xf32> -> tensor<6xi64>
  // CHECK: kiln.unique %{{.*}} {part = "counts", sorted = true} : tensor<6x2xf32> -> tensor<?xi64>
  %3 = kiln.unique %x {part = "counts", sorted = true} : tensor<6x2xf32> -> tensor<?xi64>
  return %0, %1, %2, %3 : tensor<4x2xf32>, tensor<4xi64>, tensor<6xi64>, tensor<?xi64>
}
