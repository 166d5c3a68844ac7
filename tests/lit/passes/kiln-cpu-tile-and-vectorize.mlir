// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-lower-to-linalg,kiln-cpu-tile-and-vectorize,canonicalize,cse))' | FileCheck %s
// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-lower-to-linalg,kiln-cpu-tile-and-vectorize{propagate-layouts=0},canonicalize,cse))' | FileCheck %s --check-prefix=NOPROP
// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-lower-to-linalg,kiln-cpu-tile-and-vectorize{winograd=0},canonicalize,cse))' | FileCheck %s --check-prefix=NOWINO

// A constant right-hand side is packed at compile time into column panels
// of the vector width (8 columns padded to one 16-lane panel). Eight output
// rows stay in registers over the reduction, then the remaining two. The
// accumulators start at the fill value (no memset, no loads) and are stored
// into the output in place; accesses past its 8 columns are masked (no
// in_bounds).
// CHECK-LABEL: func.func @matmul_constant_rhs
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK-DAG: %[[PANEL:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00, 0.000000e+00, {{.*}}> : tensor<1x2x16xf32>
// CHECK-NOT: linalg.fill
// CHECK: %[[C:.*]] = tensor.empty() : tensor<10x8xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]], {{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: tensor.extract %arg0
// CHECK: vector.broadcast
// CHECK: vector.transfer_read %[[PANEL]]
// CHECK-COUNT-8: vector.fma
// CHECK: vector.transfer_write %{{.*}}, %[[C]][%c0, %c0] : vector<16xf32>, tensor<10x8xf32>
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-2: vector.fma
// CHECK: %[[R:.*]] = vector.transfer_write {{.*}}[%c9, %c0] : vector<16xf32>, tensor<10x8xf32>
// CHECK: return %[[R]]
func.func @matmul_constant_rhs(%a: tensor<10x2xf32>) -> tensor<10x8xf32> {
  %b = arith.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0]]> : tensor<2x8xf32>
  %0 = kiln.matmul %a, %b : (tensor<10x2xf32>, tensor<2x8xf32>) -> tensor<10x8xf32>
  return %0 : tensor<10x8xf32>
}

// -----

// A run-time right-hand side is padded and packed by a copy; column panel
// n1 of the output starts at n1 * 16.
// CHECK-LABEL: func.func @matmul_runtime_rhs
// CHECK: %[[PAD:.*]] = tensor.pad %arg1 low[0, 0] high[0, 8]
// CHECK: %[[PANELS:.*]] = linalg.generic {{.*}} ins(%[[PAD]] : tensor<64x48xf32>) outs(%{{.*}} : tensor<3x64x16xf32>)
// CHECK: scf.for %[[N1:.*]] = %c0 to %c3
// CHECK: scf.for %{{.*}} = %c0 to %c64 {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: vector.transfer_read %[[PANELS]]
// CHECK-COUNT-5: vector.fma
// CHECK: %[[COL:.*]] = arith.muli %[[N1]], %c16
// CHECK: vector.transfer_write %{{.*}}[%c0, %[[COL]]]
func.func @matmul_runtime_rhs(%a: tensor<5x64xf32>, %b: tensor<64x40xf32>) -> tensor<5x40xf32> {
  %0 = kiln.matmul %a, %b : (tensor<5x64xf32>, tensor<64x40xf32>) -> tensor<5x40xf32>
  return %0 : tensor<5x40xf32>
}

// -----

// Convolutions compute in the blocked layout: the input is packed once
// (channels innermost, then padded: inserted into a filled buffer, so that
// producers can write there in place) and only the final result is moved back
// to NCHW. The ReLU runs on the finished accumulators before they are
// stored, and the second convolution reads the blocked result directly.
// Filters are packed at compile time. In the 3x3 kernel the window's kw
// merges with the 16 input channels into one loop of 48.
// CHECK-LABEL: func.func @conv_relu_conv
// CHECK: %[[XB:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<1x16x6x6xf32>) outs(%{{.*}} : tensor<1x1x6x6x16xf32>)
// CHECK: tensor.insert_slice %[[XB]] into %{{.*}}[0, 0, 1, 1, 0] [1, 1, 6, 6, 16] [1, 1, 1, 1, 1]
// CHECK: %[[FIRST:.*]] = scf.for
// CHECK: scf.for %{{.*}} = %c0 to %c48
// CHECK-COUNT-6: vector.fma {{.*}} : vector<32xf32>
// CHECK: arith.maximumf {{.*}} : vector<32xf32>
// CHECK: tensor.collapse_shape %[[FIRST]] {{.*}} into tensor<1x1x6x192xf32>
// CHECK-NOT: linalg.generic
// CHECK: scf.for %{{.*}} = %c0 to %c32
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<1x1x6x6x32xf32>) outs(%{{.*}} : tensor<1x32x6x6xf32>)
// CHECK: return %[[Y]]
// Without propagation the ReLU still runs in the kernel, on blocked values,
// but the result goes through NCHW (an unpack and a pack) to the next one.
// NOPROP-LABEL: func.func @conv_relu_conv
// NOPROP: arith.maximumf {{.*}} : vector<32xf32>
// NOPROP: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x1x6x6x32xf32>) outs(%{{.*}} : tensor<1x32x6x6xf32>)
func.func @conv_relu_conv(%x: tensor<1x16x6x6xf32>) -> tensor<1x32x6x6xf32> {
  %w1 = arith.constant dense<0.5> : tensor<32x16x3x3xf32>
  %w2 = arith.constant dense<0.25> : tensor<32x32x1x1xf32>
  %0 = kiln.conv %x, %w1 {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x16x6x6xf32>, tensor<32x16x3x3xf32>) -> tensor<1x32x6x6xf32>
  %1 = kiln.relu %0 : tensor<1x32x6x6xf32> -> tensor<1x32x6x6xf32>
  %2 = kiln.conv %1, %w2 {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x32x6x6xf32>, tensor<32x32x1x1xf32>) -> tensor<1x32x6x6xf32>
  return %2 : tensor<1x32x6x6xf32>
}

// -----

// Depthwise: one input channel per group; the vector runs over the channel
// block and both operands are vector reads, one per output column.
// CHECK-LABEL: func.func @depthwise
// CHECK-NOT: vector.broadcast
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x1x3x3x16xf32>, vector<16xf32>
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.broadcast
// CHECK: return
func.func @depthwise(%x: tensor<1x16x6x6xf32>, %w: tensor<16x1x3x3xf32>) -> tensor<1x16x4x4xf32> {
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 16 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x16x6x6xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// Integer contractions are left to the loop lowering.
// CHECK-LABEL: func.func @integer_matmul_untouched
// CHECK: linalg.generic
// CHECK: arith.muli
// CHECK-NOT: vector.
func.func @integer_matmul_untouched(%a: tensor<4x3xi32>, %b: tensor<3x16xi32>) -> tensor<4x16xi32> {
  %0 = kiln.matmul %a, %b : (tensor<4x3xi32>, tensor<3x16xi32>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}

// -----

// 64 input channels in blocks of 32: a 3x3x32x32 filter panel (36 KiB) per
// block, so the input-channel blocks become an outer loop and each step
// prefetches the next block's panel (two 64-byte lines per 32-lane vector).
// The 7x7 map is tiled 2 rows x 7 columns: 14 accumulators of 32 lanes.
// They start at zero in the first block and from the stored partial sums
// in the next.
// CHECK-LABEL: func.func @conv_blocked_reduction
// CHECK: %[[PANELS:.*]] = bufferization.to_buffer %{{.*}} read_only
// CHECK: scf.for %[[BLOCK:.*]] = %c0 to %c2 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c6 step %c2
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[BLOCK]], %c0
// CHECK: scf.if %[[FIRST]]
// CHECK: } else {
// CHECK-COUNT-14: vector.transfer_read
// CHECK: scf.for {{.*}} -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>)
// CHECK: memref.prefetch %[[PANELS]]{{.*}}, read, locality<2>, data
// CHECK: memref.prefetch %[[PANELS]]{{.*}}, read, locality<2>, data
// CHECK-COUNT-14: vector.fma
func.func @conv_blocked_reduction(%x: tensor<1x64x7x7xf32>, %w: tensor<32x64x3x3xf32>) -> tensor<1x32x7x7xf32> {
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x64x7x7xf32>, tensor<32x64x3x3xf32>) -> tensor<1x32x7x7xf32>
  return %0 : tensor<1x32x7x7xf32>
}

// -----

// A broadcast bias starts the accumulators (read as one vector per channel
// block, no init tensor) and a residual add with a leaky ReLU runs on the
// finished ones, reading the residual in the blocked layout.
// CHECK-LABEL: func.func @conv_bias_residual
// CHECK: %[[BIAS:.*]] = arith.constant dense<{{.*}}> : tensor<1x1x32xf32>
// CHECK: %[[RES:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<1x32x5x5xf32>) outs(%{{.*}} : tensor<1x1x5x5x32xf32>)
// CHECK: scf.for
// CHECK: vector.transfer_read %[[BIAS]]
// CHECK: scf.for
// CHECK: vector.fma
// CHECK: vector.transfer_read %[[RES]]
// CHECK: arith.addf {{.*}} : vector<32xf32>
// CHECK: arith.cmpf {{.*}} : vector<32xf32>
// CHECK: arith.select {{.*}} : vector<32xi1>, vector<32xf32>
func.func @conv_bias_residual(%x: tensor<1x8x5x5xf32>, %r: tensor<1x32x5x5xf32>) -> tensor<1x32x5x5xf32> {
  %w = arith.constant dense<0.5> : tensor<32x8x3x3xf32>
  %b = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0]> : tensor<32xf32>
  %0 = kiln.conv %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x8x5x5xf32>, tensor<32x8x3x3xf32>, tensor<32xf32>) -> tensor<1x32x5x5xf32>
  %1 = kiln.add %0, %r : (tensor<1x32x5x5xf32>, tensor<1x32x5x5xf32>) -> tensor<1x32x5x5xf32>
  %2 = kiln.leaky_relu %1 {alpha = 1.000000e-01 : f32} : tensor<1x32x5x5xf32> -> tensor<1x32x5x5xf32>
  return %2 : tensor<1x32x5x5xf32>
}

// -----

// A 3-D activation times a 2-D weight (a transformer projection): batch and
// sequence both index only the lhs. The sequence dimension gives the kernel
// rows and the batch dimension loops around it (marked parallel: it repeats).
// CHECK-LABEL: func.func @matmul_activation_by_weight
// CHECK: %[[OUT:.*]] = scf.for %[[B:.*]] = %c0 to %c2 step %c1 iter_args
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-7: vector.fma
// CHECK: vector.transfer_write %{{.*}}[%[[B]], %c6, %c0]
// CHECK: } {kiln.parallel}
// CHECK: return %[[OUT]]
func.func @matmul_activation_by_weight(%a: tensor<2x7x4xf32>, %b: tensor<4x16xf32>) -> tensor<2x7x16xf32> {
  %0 = kiln.matmul %a, %b : (tensor<2x7x4xf32>, tensor<4x16xf32>) -> tensor<2x7x16xf32>
  return %0 : tensor<2x7x16xf32>
}

// -----

// SiLU (x * sigmoid(x)) reads the matmul's result twice. Its two
// elementwise ops fuse into one that reads it once, which then runs on the
// finished accumulators: no separate pass over the output.
// CHECK-LABEL: func.func @matmul_silu_epilogue
// CHECK: scf.for {{.*}} -> (vector<16xf32>
// CHECK: vector.fma
// CHECK: %[[E:.*]] = math.exp %{{.*}} : vector<16xf32>
// CHECK: arith.divf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: arith.mulf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: vector.transfer_write
// CHECK-NOT: linalg.generic
func.func @matmul_silu_epilogue(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = kiln.matmul %a, %b : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  %1 = kiln.sigmoid %0 : tensor<4x16xf32> -> tensor<4x16xf32>
  %2 = kiln.mul %0, %1 : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  return %2 : tensor<4x16xf32>
}

// -----

// 48 output channels block by 16 (one zmm per output): the tile spans two
// channel blocks by 8 columns, 16 accumulators, and each input element is
// broadcast once and used for both blocks right away (FMAs column by
// column). The third block is the remainder, one block wide.
// CHECK-LABEL: func.func @conv_two_channel_blocks
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: %[[X0:.*]] = vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK: %[[W0:.*]] = vector.transfer_read
// CHECK-NEXT: vector.fma %[[X0]], %[[W0]], %{{.*}} : vector<16xf32>
// CHECK-NEXT: %[[W1:.*]] = vector.transfer_read
// CHECK-NEXT: vector.fma %[[X0]], %[[W1]], %{{.*}} : vector<16xf32>
// CHECK: %[[X1:.*]] = vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK-NEXT: vector.fma %[[X1]], %[[W0]], %{{.*}} : vector<16xf32>
// CHECK-NEXT: vector.fma %[[X1]], %[[W1]], %{{.*}} : vector<16xf32>
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: return
func.func @conv_two_channel_blocks(%x: tensor<1x16x8x8xf32>, %w: tensor<48x16x1x1xf32>) -> tensor<1x48x8x8xf32> {
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x16x8x8xf32>, tensor<48x16x1x1xf32>) -> tensor<1x48x8x8xf32>
  return %0 : tensor<1x48x8x8xf32>
}

// -----

// Three output-channel blocks would split 2:1 over two threads: the channel
// loop stays serial and the 16-trip row loop inside it is the parallel one.
// CHECK-LABEL: func.func @conv_few_channel_blocks
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1
// CHECK-NEXT: scf.for %{{.*}} = %c0 to %c16 step %c1
// CHECK: } {kiln.parallel}
// CHECK-NEXT: scf.yield
// CHECK-NEXT: }
// CHECK-NOT: kiln.parallel
// CHECK: return
func.func @conv_few_channel_blocks(%x: tensor<1x32x16x16xf32>, %w: tensor<96x32x1x1xf32>) -> tensor<1x96x16x16xf32> {
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x32x16x16xf32>, tensor<96x32x1x1xf32>) -> tensor<1x96x16x16xf32>
  return %0 : tensor<1x96x16x16xf32>
}

// -----

// A stride-1 3x3 convolution with a constant filter
// runs as Winograd F(2x2, 3x3): the filter is transformed at compile time
// into 16 [oc1, ic1, ic0, oc0] panels; each 4x4 input tile (2x2 output
// tile) is transformed by adds and subtracts into 16 points; one
// micro-kernel multiplies the points by the panels (28 accumulators: 3 tile
// columns by 2 output channel blocks here); the output transform adds the
// bias and applies the ReLU before the store. Each stage's outer loop is
// parallel.
// CHECK-LABEL: func.func @winograd_bias_relu
// CHECK-DAG: %[[BIAS:.*]] = arith.constant dense<1.000000e+00> : vector<16xf32>
// CHECK-DAG: %[[U:.*]] = arith.constant dense<{{.*}}> : tensor<16x2x1x32x32xf32>
// CHECK: %[[V0:.*]] = tensor.empty() : tensor<1x16x1x2x3x32xf32>
// CHECK: %[[V:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[V0]])
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x6x8x32xf32>, vector<16xf32>
// CHECK: arith.subf {{.*}} : vector<16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<16xf32>, tensor<1x16x1x2x3x32xf32>
// CHECK: } {kiln.parallel}
// CHECK: %[[M:.*]] = scf.for %{{.*}} = %c0 to %c16
// CHECK: scf.for {{.*}} -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>)
// CHECK: vector.transfer_read %[[U]]
// CHECK: vector.fma
// CHECK: } {kiln.parallel}
// CHECK: scf.for
// CHECK: vector.transfer_read %[[M]]{{.*}} : tensor<1x16x2x2x3x32xf32>, vector<16xf32>
// CHECK: %[[Y:.*]] = arith.addf {{.*}}, %[[BIAS]] : vector<16xf32>
// CHECK: arith.maximumf %[[Y]]
// CHECK: vector.transfer_write {{.*}} : vector<16xf32>, tensor<1x2x4x6x32xf32>
// CHECK: } {kiln.parallel}
// CHECK: return
// NOWINO-LABEL: func.func @winograd_bias_relu
// NOWINO-NOT: tensor<1x16x1x2x3x32xf32>
// NOWINO: vector.fma
// NOWINO: return
func.func @winograd_bias_relu(%x: tensor<1x32x4x6xf32>) -> tensor<1x64x4x6xf32> {
  %w = arith.constant dense<0.25> : tensor<64x32x3x3xf32>
  %b = arith.constant dense<1.0> : tensor<64xf32>
  %0 = kiln.conv %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x32x4x6xf32>, tensor<64x32x3x3xf32>, tensor<64xf32>) -> tensor<1x64x4x6xf32>
  %1 = kiln.relu %0 : tensor<1x64x4x6xf32> -> tensor<1x64x4x6xf32>
  return %1 : tensor<1x64x4x6xf32>
}

// -----

// An odd output size leaves half of the last tile row (and column) outside
// the output: the input transform clamps that tile's reads to the padded
// input (the values only reach the discarded outputs) and the output
// transform skips those stores.
// CHECK-LABEL: func.func @winograd_odd_size
// CHECK: tensor.empty() : tensor<1x16x1x3x3x32xf32>
// CHECK: arith.minsi %{{.*}}, %c6 : index
// CHECK: } {kiln.parallel}
// CHECK: vector.fma
// CHECK: } {kiln.parallel}
// CHECK: %[[IN:.*]] = arith.cmpi slt, %{{.*}}, %c5 : index
// CHECK-NEXT: scf.if %[[IN]] -> (tensor<1x1x5x5x32xf32>)
// CHECK: arith.addf
// CHECK: vector.transfer_write
// CHECK: } else {
// CHECK: return
func.func @winograd_odd_size(%x: tensor<1x32x5x5xf32>, %r: tensor<1x32x5x5xf32>) -> tensor<1x32x5x5xf32> {
  %w = arith.constant dense<0.25> : tensor<32x32x3x3xf32>
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x32x5x5xf32>, tensor<32x32x3x3xf32>) -> tensor<1x32x5x5xf32>
  %1 = kiln.add %0, %r : (tensor<1x32x5x5xf32>, tensor<1x32x5x5xf32>) -> tensor<1x32x5x5xf32>
  return %1 : tensor<1x32x5x5xf32>
}

// -----

// Winograd needs a stride of 1 and a constant filter; these convolutions
// stay direct (no 16-point tiles).
// CHECK-LABEL: func.func @winograd_not_applicable
// CHECK-NOT: x16x
// CHECK: return
func.func @winograd_not_applicable(%x: tensor<1x32x8x8xf32>, %wr: tensor<64x32x3x3xf32>) -> (tensor<1x64x4x4xf32>, tensor<1x64x8x8xf32>) {
  %w = arith.constant dense<0.25> : tensor<64x32x3x3xf32>
  %0 = kiln.conv %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x32x8x8xf32>, tensor<64x32x3x3xf32>) -> tensor<1x64x4x4xf32>
  %1 = kiln.conv %x, %wr {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x32x8x8xf32>, tensor<64x32x3x3xf32>) -> tensor<1x64x8x8xf32>
  return %0, %1 : tensor<1x64x4x4xf32>, tensor<1x64x8x8xf32>
}

// -----

// 24 channels fill one and a half blocks of 16: the unpack after the first
// convolution and the zero-padded pack before the second do not cancel (the
// pack zeroes lanes 24-31). They become one vectorizable pass over the
// blocked tensor that sets those lanes to the padding value; no tensor in
// the plain 24-channel layout is left.
// CHECK-LABEL: func.func @padded_channel_block
// CHECK-NOT: tensor<1x24x8x8xf32>
// CHECK: %[[Y:.*]] = scf.for
// CHECK: } {kiln.parallel}
// CHECK: linalg.generic {{.*}} ins(%[[Y]] : tensor<1x1x2x8x8x16xf32>)
// CHECK: %[[BLOCK:.*]] = linalg.index 2 : index
// CHECK: %[[LANE:.*]] = linalg.index 5 : index
// CHECK: %[[FIRST:.*]] = arith.muli %[[BLOCK]], %c16 : index
// CHECK: %[[CHANNEL:.*]] = arith.addi %[[FIRST]], %[[LANE]] : index
// CHECK: %[[INSIDE:.*]] = arith.cmpi slt, %[[CHANNEL]], %c24 : index
// CHECK: arith.select %[[INSIDE]]
// CHECK-NOT: tensor<1x24x8x8xf32>
// CHECK: return
func.func @padded_channel_block(%x: tensor<1x16x8x8xf32>) -> tensor<1x32x8x8xf32> {
  %w1 = arith.constant dense<0.5> : tensor<24x16x1x1xf32>
  %w2 = arith.constant dense<0.25> : tensor<32x24x1x1xf32>
  %0 = kiln.conv %x, %w1 {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x16x8x8xf32>, tensor<24x16x1x1xf32>) -> tensor<1x24x8x8xf32>
  %1 = kiln.conv %0, %w2 {dilations = array<i64: 1, 1>, groups = 1 : i64, pad_mode = "explicit", pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x24x8x8xf32>, tensor<32x24x1x1xf32>) -> tensor<1x32x8x8xf32>
  return %1 : tensor<1x32x8x8xf32>
}
