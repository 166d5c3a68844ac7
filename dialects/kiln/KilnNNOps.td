//===- KilnNNOps.td - kiln normalization, recurrent, quantized and other neural-network ops -*- tablegen -*-===//
//
// Included from KilnOps.td; uses its Kiln_Op base classes.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_NN_OPS_TD
#define KILN_NN_OPS_TD

#endif // KILN_NN_OPS_TD
