// RUN: kiln-opt %s -split-input-file -kiln-cpu-approximate-math | FileCheck %s

// What kiln-cpu-approximate-math must leave alone: f64 math (the
// approximations are f32-only), math ops outside its list (sqrt, rsqrt,
// powf: LLVM lowers them well), and plain arithmetic.

// CHECK-LABEL: func.func @f64
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK-NEXT: %[[E:.*]] = math.exp %[[X]] : f64
// CHECK-NEXT: %[[T:.*]] = math.tanh %[[E]] : f64
// CHECK-NEXT: return %[[T]] : f64
func.func @f64(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  %1 = math.tanh %0 : f64
  return %1 : f64
}

// -----

// CHECK-LABEL: func.func @not_listed
// CHECK-SAME: (%[[X:.*]]: f32, %[[V:.*]]: vector<8xf32>)
// CHECK-NEXT: %[[S:.*]] = math.sqrt %[[X]] : f32
// CHECK-NEXT: %[[P:.*]] = math.powf %[[S]], %[[X]] : f32
// CHECK-NEXT: %[[R:.*]] = math.rsqrt %[[V]] : vector<8xf32>
// CHECK-NEXT: %[[A:.*]] = arith.addf %[[P]], %[[X]] : f32
// CHECK-NEXT: return %[[A]], %[[R]]
func.func @not_listed(%x: f32, %v: vector<8xf32>) -> (f32, vector<8xf32>) {
  %0 = math.sqrt %x : f32
  %1 = math.powf %0, %x : f32
  %2 = math.rsqrt %v : vector<8xf32>
  %3 = arith.addf %1, %x : f32
  return %3, %2 : f32, vector<8xf32>
}
