//===- KilnIndexingOps.td - kiln gather, scatter, slicing, padding and other indexing ops -*- tablegen -*-===//
//
// Included from KilnOps.td; uses its Kiln_Op base classes.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_INDEXING_OPS_TD
#define KILN_INDEXING_OPS_TD

#endif // KILN_INDEXING_OPS_TD
