// RUN: kiln-opt %s -split-input-file -kiln-cpu-copy-duplicate-results | FileCheck %s
// RUN: kiln-opt %s -split-input-file -kiln-cpu-copy-duplicate-results \
// RUN:   -buffer-results-to-out-params="hoist-static-allocs=1 modify-public-functions=1" \
// RUN:   | FileCheck %s --check-prefix=OUT

// kiln-cpu-copy-duplicate-results gives a buffer returned more than once a
// copy per repeat, so buffer-results-to-out-params (which crashes on a
// repeated alloc with hoist-static-allocs) sees distinct results.

// CHECK-LABEL: func.func @repeated
// CHECK: %[[A:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
// CHECK: %[[B:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
// CHECK: memref.copy %[[A]], %[[B]]
// CHECK: %[[C:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
// CHECK: memref.copy %[[A]], %[[C]]
// CHECK: return %[[A]], %[[B]], %[[C]]
// OUT-LABEL: func.func @repeated
// OUT-SAME: (%[[X:.*]]: memref<4xf32>, %[[R0:.*]]: memref<4xf32>, %[[R1:.*]]: memref<4xf32>, %[[R2:.*]]: memref<4xf32>)
// OUT: linalg.copy ins(%[[X]] : memref<4xf32>) outs(%[[R0]] : memref<4xf32>)
// OUT: memref.copy %[[R0]], %[[R1]]
// OUT: memref.copy %[[R0]], %[[R2]]
// OUT: return
func.func @repeated(%x: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>, memref<4xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
  linalg.copy ins(%x : memref<4xf32>) outs(%a : memref<4xf32>)
  return %a, %a, %a : memref<4xf32>, memref<4xf32>, memref<4xf32>
}

// -----

// Dynamic sizes come from the repeated buffer itself.
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME: (%[[X:.*]]: memref<?x3xf32>)
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[D:.*]] = memref.dim %[[X]], %[[C0]] : memref<?x3xf32>
// CHECK: %[[B:.*]] = memref.alloc(%[[D]]) {alignment = 64 : i64} : memref<?x3xf32>
// CHECK: memref.copy %[[X]], %[[B]]
// CHECK: return %[[X]], %[[B]]
func.func @dynamic(%x: memref<?x3xf32>) -> (memref<?x3xf32>, memref<?x3xf32>) {
  return %x, %x : memref<?x3xf32>, memref<?x3xf32>
}

// -----

// Distinct results are left alone.
// CHECK-LABEL: func.func @distinct
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK: return %arg0, %arg1
func.func @distinct(%x: memref<4xf32>, %y: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>) {
  return %x, %y : memref<4xf32>, memref<4xf32>
}
