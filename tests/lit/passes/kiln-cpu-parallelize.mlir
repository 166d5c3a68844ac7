// RUN: kiln-opt %s -split-input-file -kiln-cpu-parallelize=min-work=0 | FileCheck %s
// RUN: kiln-opt %s -split-input-file -kiln-cpu-parallelize | FileCheck %s --check-prefix=THRESHOLD
// RUN: kiln-opt %s -split-input-file -kiln-cpu-parallelize=min-work=0 -convert-linalg-to-loops -convert-scf-to-cf -expand-strided-metadata -lower-affine -finalize-memref-to-llvm -convert-arith-to-llvm -convert-cf-to-llvm -convert-func-to-llvm -reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM

// kiln-cpu-parallelize appends the execution context (!llvm.ptr) to public
// functions and replaces heavy parallel loops by
//   ctx->parallel_for(ctx, @task, closure, n)
// where @task(closure, begin, end) runs iterations [begin, end).

#id = affine_map<(d0, d1) -> (d0, d1)>

// An elementwise op is split along its outer dimension (64 >= 16, not
// innermost: one iteration per row). Memrefs travel as descriptors;
// constants are re-created in the task.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[A:.*]]: memref<64x64xf32>, %[[B:.*]]: memref<64x64xf32>, %[[CTX:.*]]: !llvm.ptr)
// CHECK-SAME: attributes {kiln.context}
// CHECK: %[[CLOSURE:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>)>
// CHECK-DAG: %[[N:.*]] = arith.constant 64 : index
// CHECK: %[[DA:.*]] = builtin.unrealized_conversion_cast %[[A]] : memref<64x64xf32> to !llvm.struct
// CHECK: %[[SLOT0:.*]] = llvm.getelementptr %[[CLOSURE]][0, 0]
// CHECK: llvm.store %[[DA]], %[[SLOT0]]
// CHECK: %[[DB:.*]] = builtin.unrealized_conversion_cast %[[B]]
// CHECK: %[[SLOT1:.*]] = llvm.getelementptr %[[CLOSURE]][0, 1]
// CHECK: llvm.store %[[DB]], %[[SLOT1]]
// CHECK: %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[PFOR:.*]] = llvm.load %[[CTX]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[TASK:.*]] = llvm.mlir.addressof @elementwise_parallel : !llvm.ptr
// CHECK: llvm.call %[[PFOR]](%[[CTX]], %[[TASK]], %[[CLOSURE]], %[[N64]]) : !llvm.ptr, (!llvm.ptr, !llvm.ptr, !llvm.ptr, i64) -> ()
// CHECK-NOT: linalg.generic
// CHECK: return
// CHECK: llvm.func internal @elementwise_parallel(%[[C:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: llvm.getelementptr %[[C]][0, 0]
// CHECK: %[[TA:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<{{.*}}> to memref<64x64xf32>
// CHECK: %[[TB:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<{{.*}}> to memref<64x64xf32>
// CHECK: %[[FIRST:.*]] = arith.index_cast %[[BEGIN]] : i64 to index
// CHECK: %[[LAST:.*]] = arith.index_cast %[[END]] : i64 to index
// CHECK: %[[SIZE:.*]] = arith.subi %{{.*}}, %[[FIRST]] : index
// CHECK: %[[SA:.*]] = memref.subview %[[TA]][%[[FIRST]], 0] [%[[SIZE]], 64] [1, 1]
// CHECK: %[[SB:.*]] = memref.subview %[[TB]][%[[FIRST]], 0] [%[[SIZE]], 64] [1, 1]
// CHECK: linalg.generic {{.*}} ins(%[[SA]] : {{.*}}) outs(%[[SB]] : {{.*}})
// CHECK: arith.addf %{{.*}}, %[[ONE]] : f32
// CHECK: llvm.return
// THRESHOLD-LABEL: func.func @elementwise
// THRESHOLD-SAME: %{{.*}}: !llvm.ptr) attributes {kiln.context}
// THRESHOLD-NOT: llvm.call
// THRESHOLD: linalg.generic
// LLVM-LABEL: llvm.func @elementwise
// LLVM-NOT: unrealized_conversion_cast
// LLVM: llvm.call %{{.*}}(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : !llvm.ptr, (!llvm.ptr, !llvm.ptr, !llvm.ptr, i64) -> ()
// LLVM: llvm.func internal @elementwise_parallel(%{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64)
// LLVM-NOT: unrealized_conversion_cast
// LLVM: llvm.fadd
func.func @elementwise(%a: memref<64x64xf32>, %b: memref<64x64xf32>) {
  %cst = arith.constant 1.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<64x64xf32>) outs(%b : memref<64x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %in, %cst : f32
    linalg.yield %0 : f32
  }
  return
}

// -----

// A matrix-vector product at batch 1, loops (m, k, n): m has one iteration,
// k is a reduction, so n is split, in blocks of 16 (innermost dimension):
// 512 / 16 = 32 blocks. Each task keeps the whole reduction over k.
// CHECK-LABEL: func.func @matvec
// CHECK: %[[N:.*]] = arith.constant 32 : index
// CHECK: arith.index_cast %[[N]] : index to i64
// CHECK: llvm.call
// CHECK: llvm.func internal @matvec_parallel
// CHECK: %[[C512:.*]] = arith.constant 512 : index
// CHECK: %[[B:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: %[[E:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: %[[C16:.*]] = arith.constant 16 : index
// CHECK: %[[FIRST:.*]] = arith.muli %[[B]], %[[C16]] : index
// CHECK: %[[END:.*]] = arith.muli %[[E]], %[[C16]] : index
// CHECK: %[[LAST:.*]] = arith.minsi %[[END]], %[[C512]] : index
// CHECK: %[[SIZE:.*]] = arith.subi %[[LAST]], %[[FIRST]] : index
// CHECK: memref.subview %{{.*}}[0, %[[FIRST]]] [784, %[[SIZE]]] [1, 1] : memref<784x512xf32> to memref<784x?xf32
// CHECK: memref.subview %{{.*}}[0, %[[FIRST]]] [1, %[[SIZE]]] [1, 1] : memref<1x512xf32> to memref<1x?xf32
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// THRESHOLD-LABEL: func.func @matvec
// THRESHOLD: llvm.call
// THRESHOLD: llvm.func internal @matvec_parallel
func.func @matvec(%x: memref<1x784xf32>, %w: memref<784x512xf32>, %y: memref<1x512xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1)>,
                                   affine_map<(d0, d1, d2) -> (d1, d2)>,
                                   affine_map<(d0, d1, d2) -> (d0, d2)>],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<1x784xf32>, memref<784x512xf32>) outs(%y : memref<1x512xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %0 = arith.mulf %a, %b : f32
    %1 = arith.addf %acc, %0 : f32
    linalg.yield %1 : f32
  }
  return
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// A dynamic outer dimension: the trip count is read at run time.
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME: (%[[A:.*]]: memref<?x128xf32>, %[[B:.*]]: memref<?x128xf32>, %[[CTX:.*]]: !llvm.ptr)
// CHECK: %[[D:.*]] = memref.dim %[[A]], %{{.*}} : memref<?x128xf32>
// CHECK: llvm.store
// CHECK: llvm.store
// CHECK: llvm.store
// CHECK: %[[N:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: llvm.call %{{.*}}(%[[CTX]], %{{.*}}, %{{.*}}, %[[N]])
// CHECK: llvm.func internal @dynamic_parallel
// CHECK: memref.subview %{{.*}} : memref<?x128xf32> to memref<?x128xf32
func.func @dynamic(%a: memref<?x128xf32>, %b: memref<?x128xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<?x128xf32>) outs(%b : memref<?x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.exp %in : f32
    linalg.yield %0 : f32
  }
  return
}

// -----

// scf.forall: the 8 x 2 iterations are linearized (n = 16) and each task
// delinearizes its range.
// CHECK-LABEL: func.func @forall
// CHECK: %[[N:.*]] = arith.constant 16 : index
// CHECK: arith.index_cast %[[N]] : index to i64
// CHECK: llvm.call
// CHECK-NOT: scf.forall
// CHECK: llvm.func internal @forall_parallel
// CHECK: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[B:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: %[[E:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: scf.for %[[K:.*]] = %[[B]] to %[[E]] step
// CHECK: %[[J:.*]] = arith.remui %[[K]], %[[C2]] : index
// CHECK: %[[I:.*]] = arith.divui %[[K]], %[[C2]] : index
// CHECK: %[[OFF:.*]] = arith.muli %[[J]], %{{.*}} : index
// CHECK: memref.subview %{{.*}}[%[[I]], %[[OFF]]] [1, 16] [1, 1]
// CHECK: linalg.fill
func.func @forall(%a: memref<8x32xf32>) {
  %cst = arith.constant 0.0 : f32
  scf.forall (%i, %j) in (8, 2) {
    %c16 = arith.constant 16 : index
    %off = arith.muli %j, %c16 : index
    %v = memref.subview %a[%i, %off] [1, 16] [1, 1] : memref<8x32xf32> to memref<16xf32, strided<[1], offset: ?>>
    linalg.fill ins(%cst : f32) outs(%v : memref<16xf32, strided<[1], offset: ?>>)
  }
  return
}

// -----

// scf.parallel with bounds and steps from the function: they travel in the
// closure (index as i64).
// CHECK-LABEL: func.func @parallel_loop
// CHECK-SAME: (%[[A:.*]]: memref<?xf32>, %[[LB:.*]]: index, %[[UB:.*]]: index, %[[CTX:.*]]: !llvm.ptr)
// CHECK: %[[LB64:.*]] = arith.index_cast %[[LB]] : index to i64
// CHECK: llvm.store %[[LB64]]
// CHECK: llvm.call
// CHECK-NOT: scf.parallel
// CHECK: llvm.func internal @parallel_loop_parallel
// CHECK: llvm.load %{{.*}} : !llvm.ptr -> i64
// CHECK: scf.for
// CHECK: memref.store
func.func @parallel_loop(%a: memref<?xf32>, %lb: index, %ub: index) {
  %c4 = arith.constant 4 : index
  %cst = arith.constant 2.0 : f32
  scf.parallel (%i) = (%lb) to (%ub) step (%c4) {
    memref.store %cst, %a[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// -----

// scf.for marked kiln.parallel by a tiling pass is distributed; an
// unmarked one is searched for candidates inside.
// CHECK-LABEL: func.func @marked_for
// CHECK: llvm.call
// CHECK-NOT: scf.for
// CHECK: return
// CHECK: llvm.func internal @marked_for_parallel
// CHECK: scf.for
func.func @marked_for(%a: memref<64x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %cst = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c64 step %c1 {
    %row = memref.subview %a[%i, 0] [1, 64] [1, 1] : memref<64x64xf32> to memref<64xf32, strided<[1], offset: ?>>
    linalg.fill ins(%cst : f32) outs(%row : memref<64xf32, strided<[1], offset: ?>>)
  } {kiln.parallel}
  return
}

// -----

// A task is named after the model node its loop comes from (the NameLoc the
// importer gives every op), as identifier characters, so that profiles say
// which node runs.
// CHECK-LABEL: func.func @named_node
// CHECK: llvm.mlir.addressof @named_node_parallel__block_0_Conv
// CHECK: llvm.func internal @named_node_parallel__block_0_Conv
func.func @named_node(%a: memref<64x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %cst = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c64 step %c1 {
    %row = memref.subview %a[%i, 0] [1, 64] [1, 1] : memref<64x64xf32> to memref<64xf32, strided<[1], offset: ?>>
    linalg.fill ins(%cst : f32) outs(%row : memref<64xf32, strided<[1], offset: ?>>)
  } {kiln.parallel} loc(fused["/block.0/Conv"("model.onnx":0:0), "other"])
  return
}

// -----

// Inside a serial loop, the linalg op is the outermost parallel construct.
// CHECK-LABEL: func.func @inside_serial_loop
// CHECK: scf.for
// CHECK: llvm.call
// CHECK: llvm.func internal @inside_serial_loop_parallel
func.func @inside_serial_loop(%a: memref<4x64x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %cst = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    %m = memref.subview %a[%i, 0, 0] [1, 64, 64] [1, 1, 1] : memref<4x64x64xf32> to memref<64x64xf32, strided<[64, 1], offset: ?>>
    linalg.fill ins(%cst : f32) outs(%m : memref<64x64xf32, strided<[64, 1], offset: ?>>)
  }
  return
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// An in-place op that reads its output through another indexing map
// (a transpose) depends on iteration order: it stays serial.
// CHECK-LABEL: func.func @aliasing_transpose
// CHECK-NOT: llvm.call
// CHECK: linalg.generic
func.func @aliasing_transpose(%a: memref<64x64xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, #id],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<64x64xf32>) outs(%a : memref<64x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  return
}

// -----

// A full reduction has no parallel dimension to split; private functions
// get no context and stay serial.
// CHECK-LABEL: func.func @reduction
// CHECK-NOT: llvm.call
// CHECK: linalg.generic
// CHECK-LABEL: func.func private @helper
// CHECK-SAME: (%{{.*}}: memref<64x64xf32>)
// CHECK-NOT: llvm.call
func.func @reduction(%a: memref<4096xf32>, %s: memref<f32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>],
                  iterator_types = ["reduction"]}
      ins(%a : memref<4096xf32>) outs(%s : memref<f32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  }
  return
}
func.func private @helper(%a: memref<64x64xf32>) {
  %cst = arith.constant 0.0 : f32
  linalg.fill ins(%cst : f32) outs(%a : memref<64x64xf32>)
  return
}

// -----

// A body that loads from the output's buffer (a gather from the tensor it
// writes) may read elements another chunk writes: it stays serial. A load
// from another buffer travels in the closure.
// CHECK-LABEL: func.func @loads_from_output
// CHECK-NOT: llvm.call
// CHECK: linalg.generic
// CHECK-LABEL: func.func @loads_from_table
// CHECK: llvm.call
// CHECK: llvm.func internal @loads_from_table_parallel
// CHECK: memref.load
func.func @loads_from_output(%idx: memref<64x64xindex>, %out: memref<64x64xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%idx : memref<64x64xindex>) outs(%out : memref<64x64xf32>) {
  ^bb0(%i: index, %o: f32):
    %c0 = arith.constant 0 : index
    %v = memref.load %out[%i, %c0] : memref<64x64xf32>
    linalg.yield %v : f32
  }
  return
}
func.func @loads_from_table(%idx: memref<64x64xindex>, %table: memref<64xf32>, %out: memref<64x64xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%idx : memref<64x64xindex>) outs(%out : memref<64x64xf32>) {
  ^bb0(%i: index, %o: f32):
    %v = memref.load %table[%i] : memref<64xf32>
    linalg.yield %v : f32
  }
  return
}
