// RUN: kiln-opt %s -split-input-file -kiln-cpu-expand-copies=vectorize=1 -canonicalize | FileCheck %s

// With vectorize=1 a copy into the interior of a padded blocked buffer
// copies its contiguous 32-lane rows with vector loads and stores; the
// outer loop is marked for kiln-cpu-parallelize (rows are disjoint).
// CHECK-LABEL: func.func @pad_interior
// CHECK: %[[SV:.*]] = memref.subview
// CHECK: scf.for %[[I:.*]] = %c0 to %c2 step %c1
// CHECK: scf.for %[[J:.*]] = %c0 to %c5 step %c1
// CHECK: %[[V:.*]] = vector.transfer_read %arg0[%[[I]], %[[J]], %c0], %{{.*}} {in_bounds = [true]} : memref<2x5x32xf32>, vector<32xf32>
// CHECK: vector.transfer_write %[[V]], %[[SV]][%[[I]], %[[J]], %c0] {in_bounds = [true]} : vector<32xf32>, memref<2x5x32xf32, strided<[224, 32, 1], offset: 256>>
// CHECK: } {kiln.parallel}
// CHECK-NOT: memref.copy
// CHECK-NOT: linalg.copy
func.func @pad_interior(%a: memref<2x5x32xf32>, %b: memref<4x7x32xf32>) {
  %sv = memref.subview %b[1, 1, 0] [2, 5, 32] [1, 1, 1] : memref<4x7x32xf32> to memref<2x5x32xf32, strided<[224, 32, 1], offset: 256>>
  memref.copy %a, %sv : memref<2x5x32xf32> to memref<2x5x32xf32, strided<[224, 32, 1], offset: 256>>
  return
}

// -----

// A strided innermost dimension keeps the element-wise linalg.copy.
// CHECK-LABEL: func.func @strided_inner
// CHECK: linalg.copy
// CHECK-NOT: vector.
func.func @strided_inner(%a: memref<4x8xf32, strided<[1, 4]>>, %b: memref<4x8xf32>) {
  memref.copy %a, %b : memref<4x8xf32, strided<[1, 4]>> to memref<4x8xf32>
  return
}

// -----

// Fills of whole contiguous buffers fill the flattened buffer.
// CHECK-LABEL: func.func @fill_flat
// CHECK: %[[FLAT:.*]] = memref.collapse_shape %arg0 {{\[\[}}0, 1, 2]] : memref<4x5x3xf32> into memref<60xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[FLAT]] : memref<60xf32>)
func.func @fill_flat(%a: memref<4x5x3xf32>) {
  %c = arith.constant 0xFF800000 : f32
  linalg.fill ins(%c : f32) outs(%a : memref<4x5x3xf32>)
  return
}
