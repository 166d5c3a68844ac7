// RUN: kiln-opt %s -kiln-cpu-expand-copies -convert-linalg-to-loops | FileCheck %s

// Regression test (bug found in review, now fixed): kiln-cpu-expand-copies
// also rewrites memref.copy of *unranked* memrefs into linalg.copy.

// CHECK-LABEL: func.func @unranked
// CHECK-SAME: (%[[A:.*]]: memref<*xf32>, %[[B:.*]]: memref<*xf32>)
// CHECK-NEXT: memref.copy %[[A]], %[[B]] : memref<*xf32> to memref<*xf32>
// CHECK-NEXT: return
func.func @unranked(%a: memref<*xf32>, %b: memref<*xf32>) {
  memref.copy %a, %b : memref<*xf32> to memref<*xf32>
  return
}
