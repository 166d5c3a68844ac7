//===- KilnElementwiseOps.td - kiln casts, comparisons, logic and further elementwise math -*- tablegen -*-===//
//
// Included from KilnOps.td; uses its Kiln_Op base classes.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_ELEMENTWISE_OPS_TD
#define KILN_ELEMENTWISE_OPS_TD

#endif // KILN_ELEMENTWISE_OPS_TD
