// RUN: kiln-opt %s -split-input-file -kiln-cpu-approximate-math | FileCheck %s

// Regression test: kiln-cpu-approximate-math once rewrote nothing (MLIR 22
// passes full op names such as "math.exp" to the predicate).

// e^x = 2^n * e^a: Cephes polynomial in fma, 2^n built with shli + bitcast.
// CHECK-LABEL: func.func @exp_f32
// CHECK-SAME: (%[[X:.*]]: f32) -> f32
// CHECK-NOT: math.exp
// CHECK-DAG: %[[LOG2E:.*]] = arith.constant 1.44269502 : f32
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[T:.*]] = math.fma %{{.*}}, %[[LOG2E]], %[[HALF]] : f32
// CHECK: math.floor %[[T]] : f32
// CHECK: math.fma
// CHECK: %[[N:.*]] = arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.shli
// CHECK: %[[P2:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK: %[[R:.*]] = arith.mulf %{{.*}}, %[[P2]] : f32
// CHECK-NOT: math.exp
// CHECK: return %[[R]] : f32
func.func @exp_f32(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// -----

// Vectors stay vectors, so the approximation vectorizes.
// CHECK-LABEL: func.func @tanh_vector
// CHECK-SAME: (%[[X:.*]]: vector<8xf32>) -> vector<8xf32>
// CHECK-NOT: math.tanh
// CHECK: math.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK: arith.divf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK-NOT: math.tanh
// CHECK: return %{{.*}} : vector<8xf32>
func.func @tanh_vector(%x: vector<8xf32>) -> vector<8xf32> {
  %0 = math.tanh %x : vector<8xf32>
  return %0 : vector<8xf32>
}

// -----

// CHECK-LABEL: func.func @log_erf
// CHECK-NOT: math.log
// CHECK-NOT: math.erf
// CHECK: math.fma
// CHECK: return
func.func @log_erf(%x: f32) -> (f32, f32) {
  %0 = math.log %x : f32
  %1 = math.erf %x : f32
  return %0, %1 : f32, f32
}

// -----

// Inside a linalg.generic body (where the kiln lowering puts them).
// CHECK-LABEL: func.func @in_generic
// CHECK: linalg.generic
// CHECK-NOT: math.exp
// CHECK: arith.bitcast %{{.*}} : i32 to f32
// CHECK: linalg.yield
func.func @in_generic(%x: tensor<16xf32>) -> tensor<16xf32> {
  %init = tensor.empty() : tensor<16xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%x : tensor<16xf32>) outs(%init : tensor<16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<16xf32>
  return %0 : tensor<16xf32>
}

// -----

// The logistic reciprocal 1 / (1 + exp(-x)): the argument clamped to
// [-88, 87] by compare and select, n = round(y log2 e) by the 1.5 * 2^23
// shifter, a two-step ln 2 reduction and a degree-7 polynomial, 2^n from the
// shifted bits, and no division: an exponent-bit guess of 1 / d refined by
// three Newton steps.
// CHECK-LABEL: func.func @sigmoid_vector
// CHECK-NOT: math.exp
// CHECK-DAG: %[[LO:.*]] = arith.constant dense<-8.800000e+01> : vector<16xf32>
// CHECK-DAG: %[[HI:.*]] = arith.constant dense<8.700000e+01> : vector<16xf32>
// CHECK-DAG: %[[SHIFTER:.*]] = arith.constant dense<0x4B400000> : vector<16xf32>
// CHECK: %[[Y:.*]] = arith.negf
// CHECK: %[[BELOW:.*]] = arith.cmpf olt, %[[Y]], %[[LO]]
// CHECK: %[[Y1:.*]] = arith.select %[[BELOW]], %[[LO]], %[[Y]]
// CHECK: %[[ABOVE:.*]] = arith.cmpf ogt, %[[Y1]], %[[HI]]
// CHECK: %[[Y2:.*]] = arith.select %[[ABOVE]], %[[HI]], %[[Y1]]
// CHECK: %[[T:.*]] = math.fma %[[Y2]], %{{.*}}, %[[SHIFTER]]
// CHECK: %[[N:.*]] = arith.subf %[[T]], %[[SHIFTER]]
// CHECK-COUNT-9: math.fma
// CHECK: %[[BITS:.*]] = arith.bitcast %[[T]] : vector<16xf32> to vector<16xi32>
// CHECK: %[[SHIFTED:.*]] = arith.shli %[[BITS]]
// CHECK: %[[EXPONENT:.*]] = arith.addi %[[SHIFTED]]
// CHECK: %[[SCALE:.*]] = arith.bitcast %[[EXPONENT]] : vector<16xi32> to vector<16xf32>
// CHECK: %[[E:.*]] = arith.mulf %{{.*}}, %[[SCALE]]
// CHECK: %[[D:.*]] = arith.addf %[[E]]
// CHECK: %[[DBITS:.*]] = arith.bitcast %[[D]] : vector<16xf32> to vector<16xi32>
// CHECK: %[[GUESS:.*]] = arith.subi %{{.*}}, %[[DBITS]] : vector<16xi32>
// CHECK: arith.bitcast %[[GUESS]] : vector<16xi32> to vector<16xf32>
// CHECK-COUNT-6: math.fma
// CHECK-NOT: arith.divf
// CHECK-NOT: math.exp
func.func @sigmoid_vector(%x: vector<16xf32>) -> vector<16xf32> {
  %one = arith.constant dense<1.0> : vector<16xf32>
  %n = arith.negf %x : vector<16xf32>
  %e = math.exp %n : vector<16xf32>
  %d = arith.addf %e, %one : vector<16xf32>
  %r = arith.divf %one, %d : vector<16xf32>
  return %r : vector<16xf32>
}

// -----

// Any other division stays exact.
// CHECK-LABEL: func.func @plain_reciprocal
// CHECK: arith.divf
func.func @plain_reciprocal(%x: f32) -> f32 {
  %one = arith.constant 1.0 : f32
  %d = arith.addf %x, %one : f32
  %r = arith.divf %one, %d : f32
  return %r : f32
}
