// RUN: kiln-opt %s -split-input-file -kiln-cpu-flatten-globals | FileCheck %s

// Rank >= 2 constant globals are stored flat and read through a view.
// CHECK-LABEL: memref.global "private" constant @w : memref<6xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]>
// CHECK-LABEL: func.func @use
// CHECK: %[[F:.*]] = memref.get_global @w : memref<6xf32>
// CHECK: %[[V:.*]] = memref.expand_shape %[[F]] {{\[\[}}0, 1]] output_shape [2, 3] : memref<6xf32> into memref<2x3xf32>
// CHECK: return %[[V]]
memref.global "private" constant @w : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]>
func.func @use() -> memref<2x3xf32> {
  %0 = memref.get_global @w : memref<2x3xf32>
  return %0 : memref<2x3xf32>
}

// -----

// Rank-1 globals and globals without an initial value stay as they are.
// CHECK-LABEL: memref.global "private" constant @v : memref<3xf32>
// CHECK-LABEL: memref.global "private" @x : memref<2x2xf32>
// CHECK-LABEL: func.func @keep
// CHECK-NOT: memref.expand_shape
memref.global "private" constant @v : memref<3xf32> = dense<[1.0, 2.0, 3.0]>
memref.global "private" @x : memref<2x2xf32>
func.func @keep() -> (memref<3xf32>, memref<2x2xf32>) {
  %0 = memref.get_global @v : memref<3xf32>
  %1 = memref.get_global @x : memref<2x2xf32>
  return %0, %1 : memref<3xf32>, memref<2x2xf32>
}
