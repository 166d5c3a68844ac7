// RUN: kiln-opt %s -split-input-file -kiln-cpu-plan-memory | FileCheck %s

// A chain a -> b -> c -> out: a and c never live at the same time and share
// offset 0; b overlaps both and sits after them. The arena is 64-byte
// aligned and the module records its size and the constant weights.
// CHECK: module attributes {kiln.arena_bytes = 512 : i64, kiln.weight_bytes = 16 : i64}
// CHECK-LABEL: func.func @chain
// CHECK: %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<512xi8>
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<512xi8> to memref<64xf32>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%c256{{.*}}][] : memref<512xi8> to memref<64xf32>
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<512xi8> to memref<64xf32>
// CHECK-NOT: memref.alloc()
// CHECK: return
memref.global "private" constant @w : memref<4xf32> = dense<1.0>
func.func @chain(%in: memref<64xf32>, %out: memref<64xf32>) {
  %a = memref.alloc() : memref<64xf32>
  memref.copy %in, %a : memref<64xf32> to memref<64xf32>
  %b = memref.alloc() : memref<64xf32>
  memref.copy %a, %b : memref<64xf32> to memref<64xf32>
  %c = memref.alloc() : memref<64xf32>
  memref.copy %b, %c : memref<64xf32> to memref<64xf32>
  memref.copy %c, %out : memref<64xf32> to memref<64xf32>
  return
}

// -----

// A buffer used inside a loop lives until the loop ends, so the buffer
// allocated before the loop and read after it keeps its own bytes. A
// returned buffer and a dynamically shaped one stay allocations.
// CHECK-LABEL: func.func @loop_and_escape
// CHECK: %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK: memref.view %[[ARENA]][%c0{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.view %[[ARENA]][%c64{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: memref.alloc() : memref<16xf32>
// CHECK: return
func.func @loop_and_escape(%in: memref<16xf32>, %n: index) -> memref<16xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    memref.copy %a, %b : memref<16xf32> to memref<16xf32>
  }
  %d = memref.alloc(%n) : memref<?xf32>
  %r = memref.alloc() : memref<16xf32>
  memref.copy %b, %r : memref<16xf32> to memref<16xf32>
  return %r : memref<16xf32>
}
