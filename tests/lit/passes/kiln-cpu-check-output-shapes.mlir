// RUN: kiln-opt %s -split-input-file -kiln-cpu-check-output-shapes | FileCheck %s

// A copy into a dynamically shaped out-param is guarded by a shape check;
// a mismatch stores 1 + the output index into the trailing status argument.
// CHECK-LABEL: func.func @dynamic_output
// CHECK-SAME: (%[[X:.*]]: memref<?x4xf32>, %[[A:.*]]: memref<2x4xf32> {bufferize.result}, %[[Y:.*]]: memref<?x4xf32> {bufferize.result}, %[[S:.*]]: memref<i32>)
// CHECK: %[[W:.*]] = memref.dim %[[X]], %{{.*}}
// CHECK: %[[H:.*]] = memref.dim %[[Y]], %{{.*}}
// CHECK: %[[EQ:.*]] = arith.cmpi eq, %[[W]], %[[H]]
// CHECK: scf.if
// CHECK-NEXT: memref.copy %[[X]], %[[Y]]
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[C:.*]] = arith.constant 2 : i32
// CHECK-NEXT: memref.store %[[C]], %[[S]][]
func.func @dynamic_output(%x: memref<?x4xf32>, %a: memref<2x4xf32> {bufferize.result}, %y: memref<?x4xf32> {bufferize.result}) {
  memref.copy %x, %y : memref<?x4xf32> to memref<?x4xf32>
  return
}

// -----

// Static outputs are written in place and need no check; the status
// argument is still added so every entry has the same convention.
// CHECK-LABEL: func.func @static_output
// CHECK-SAME: (%{{.*}}: memref<4xf32>, %[[Y:.*]]: memref<4xf32> {bufferize.result}, %{{.*}}: memref<i32>)
// CHECK-NOT: scf.if
// CHECK: memref.copy
func.func @static_output(%x: memref<4xf32>, %y: memref<4xf32> {bufferize.result}) {
  memref.copy %x, %y : memref<4xf32> to memref<4xf32>
  return
}

// -----

// Private functions keep their signature.
// CHECK-LABEL: func.func private @helper
// CHECK-SAME: (%{{.*}}: memref<?xf32>, %{{.*}}: memref<?xf32> {bufferize.result})
// CHECK-NOT: scf.if
func.func private @helper(%x: memref<?xf32>, %y: memref<?xf32> {bufferize.result}) {
  memref.copy %x, %y : memref<?xf32> to memref<?xf32>
  return
}
