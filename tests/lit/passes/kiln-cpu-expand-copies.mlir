// RUN: kiln-opt %s -split-input-file -kiln-cpu-expand-copies | FileCheck %s
// RUN: kiln-opt %s -split-input-file -kiln-cpu-expand-copies -convert-linalg-to-loops | FileCheck %s --check-prefix=LOOPS

// kiln-cpu-expand-copies replaces memref.copy (a call to memrefCopy once in
// LLVM) by linalg.copy, which convert-linalg-to-loops turns into loops.

// CHECK-LABEL: func.func @contiguous
// CHECK-SAME: (%[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<4x8xf32>)
// CHECK-NEXT: linalg.copy ins(%[[A]] : memref<4x8xf32>) outs(%[[B]] : memref<4x8xf32>)
// CHECK-NEXT: return
// CHECK-NOT: memref.copy
// LOOPS-LABEL: func.func @contiguous
// LOOPS-SAME: (%[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<4x8xf32>)
// LOOPS-DAG: %[[C4:.*]] = arith.constant 4 : index
// LOOPS-DAG: %[[C8:.*]] = arith.constant 8 : index
// LOOPS: scf.for %[[I:.*]] = %{{.*}} to %[[C4]] step
// LOOPS: scf.for %[[J:.*]] = %{{.*}} to %[[C8]] step
// LOOPS: %[[V:.*]] = memref.load %[[A]][%[[I]], %[[J]]] : memref<4x8xf32>
// LOOPS: memref.store %[[V]], %[[B]][%[[I]], %[[J]]] : memref<4x8xf32>
// LOOPS-NOT: memref.copy
func.func @contiguous(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  return
}

// -----

// The typical case after bufferization: a copy into a strided view (a
// concat slot or the interior of a padded buffer).
// CHECK-LABEL: func.func @into_subview
// CHECK-SAME: (%[[A:.*]]: memref<2x3xf32>, %[[B:.*]]: memref<2x8xf32>)
// CHECK: %[[SV:.*]] = memref.subview %[[B]][0, 2] [2, 3] [1, 1] : memref<2x8xf32> to memref<2x3xf32, strided<[8, 1], offset: 2>>
// CHECK-NEXT: linalg.copy ins(%[[A]] : memref<2x3xf32>) outs(%[[SV]] : memref<2x3xf32, strided<[8, 1], offset: 2>>)
// CHECK-NOT: memref.copy
// LOOPS-LABEL: func.func @into_subview
// LOOPS: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<2x3xf32, strided<[8, 1], offset: 2>>
// LOOPS-NOT: memref.copy
func.func @into_subview(%a: memref<2x3xf32>, %b: memref<2x8xf32>) {
  %sv = memref.subview %b[0, 2] [2, 3] [1, 1] : memref<2x8xf32> to memref<2x3xf32, strided<[8, 1], offset: 2>>
  memref.copy %a, %sv : memref<2x3xf32> to memref<2x3xf32, strided<[8, 1], offset: 2>>
  return
}

// -----

// Copies nested in regions and with dynamic sizes are expanded too; other
// ops are left alone.
// CHECK-LABEL: func.func @nested_dynamic
// CHECK-SAME: (%[[A:.*]]: memref<?xi32>, %[[B:.*]]: memref<?xi32>, %[[N:.*]]: index)
// CHECK: scf.for
// CHECK-NEXT: linalg.copy ins(%[[A]] : memref<?xi32>) outs(%[[B]] : memref<?xi32>)
// CHECK-NEXT: }
// CHECK-NEXT: %[[T:.*]] = memref.alloc(%[[N]]) : memref<?xi32>
// CHECK-NEXT: linalg.copy ins(%[[B]] : memref<?xi32>) outs(%[[T]] : memref<?xi32>)
// CHECK-NEXT: memref.dealloc %[[T]]
// CHECK-NOT: memref.copy
// LOOPS-LABEL: func.func @nested_dynamic
// LOOPS: %[[D:.*]] = memref.dim
// LOOPS: scf.for %{{.*}} = %{{.*}} to %[[D]] step
// LOOPS: memref.load
// LOOPS: memref.store
// LOOPS-NOT: memref.copy
func.func @nested_dynamic(%a: memref<?xi32>, %b: memref<?xi32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  scf.for %i = %c0 to %c2 step %c1 {
    memref.copy %a, %b : memref<?xi32> to memref<?xi32>
  }
  %t = memref.alloc(%n) : memref<?xi32>
  memref.copy %b, %t : memref<?xi32> to memref<?xi32>
  memref.dealloc %t : memref<?xi32>
  return
}

// -----

// Nothing to do without copies.
// CHECK-LABEL: func.func @no_copy
// CHECK-NEXT: memref.store
// CHECK-NEXT: return
// CHECK-NOT: linalg.copy
func.func @no_copy(%b: memref<4xf32>, %v: f32, %i: index) {
  memref.store %v, %b[%i] : memref<4xf32>
  return
}
