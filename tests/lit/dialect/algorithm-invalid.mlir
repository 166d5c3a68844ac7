// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Verifier checks of the loop-lowered op family, with their messages.

func.func @det_not_square(%x: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'kiln.det' op expects square matrices, got 'tensor<2x3xf32>'}}
  %0 = kiln.det %x : tensor<2x3xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @det_integer(%x: tensor<2x2xi32>) -> tensor<i32> {
  // expected-error @+1 {{'kiln.det' op expects a floating-point input, got 'tensor<2x2xi32>'}}
  %0 = kiln.det %x : tensor<2x2xi32> -> tensor<i32>
  return %0 : tensor<i32>
}

// -----

func.func @det_result(%x: tensor<3x2x2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.det' op result type 'tensor<2xf32>' does not match the inferred type 'tensor<3xf32>'}}
  %0 = kiln.det %x : tensor<3x2x2xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @nms_boxes(%b: tensor<1x6x5xf32>, %s: tensor<1x1x6xf32>, %m: tensor<1xi64>, %t: tensor<1xf32>) -> tensor<?x3xi64> {
  // expected-error @+1 {{'kiln.non_max_suppression' op expects boxes of shape [batches, boxes, 4], got 'tensor<1x6x5xf32>'}}
  %0 = kiln.non_max_suppression %b, %s, %m, %t, %t {center_point_box = false} : (tensor<1x6x5xf32>, tensor<1x1x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}

// -----

func.func @nms_mismatch(%b: tensor<1x6x4xf32>, %s: tensor<1x1x5xf32>, %m: tensor<1xi64>, %t: tensor<1xf32>) -> tensor<?x3xi64> {
  // expected-error @+1 {{'kiln.non_max_suppression' op has boxes 'tensor<1x6x4xf32>' and scores 'tensor<1x1x5xf32>' that disagree on batches or boxes}}
  %0 = kiln.non_max_suppression %b, %s, %m, %t, %t {center_point_box = false} : (tensor<1x6x4xf32>, tensor<1x1x5xf32>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}

// -----

func.func @nms_threshold(%b: tensor<1x6x4xf32>, %s: tensor<1x1x6xf32>, %m: tensor<1xi64>, %t: tensor<2xf32>) -> tensor<?x3xi64> {
  // expected-error @+1 {{'kiln.non_max_suppression' op expects a one-element iou_threshold, got 'tensor<2xf32>'}}
  %0 = kiln.non_max_suppression %b, %s, %m, %t, %t {center_point_box = false} : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}

// -----

func.func @unique_part(%x: tensor<6x1xf32>) -> tensor<?xi64> {
  // expected-error @+1 {{'kiln.unique' op has unknown part 'sizes'}}
  %0 = kiln.unique %x {part = "sizes", sorted = true} : tensor<6x1xf32> -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

func.func @unique_rank(%x: tensor<6xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{'kiln.unique' op expects a 2-D input, got 'tensor<6xf32>'}}
  %0 = kiln.unique %x {part = "values", sorted = true} : tensor<6xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @unique_inverse(%x: tensor<6x1xf32>) -> tensor<4xi64> {
  // expected-error @+1 {{'kiln.unique' op result type 'tensor<4xi64>' does not match the inferred type 'tensor<6xi64>'}}
  %0 = kiln.unique %x {part = "inverse", sorted = true} : tensor<6x1xf32> -> tensor<4xi64>
  return %0 : tensor<4xi64>
}
