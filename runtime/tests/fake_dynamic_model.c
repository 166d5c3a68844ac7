/*
 * A second hand-written model with a dynamic dim, a rank-0 input and a rank-0
 * i64 output (memref descriptors of rank 0 have only three fields):
 *
 *   inputs:  x      f32 [?,4]
 *            factor f32 []
 *   outputs: y      f32 [?,4] = x * factor
 *            rows   i64 []    = number of rows of x
 */
#include <stdint.h>

const char kiln_model_metadata[] =
    "kiln-model 2\n"
    "kiln-version 0.1.0-test\n"
    "target generic\n"
    "name scale\n"
    "input x f32 2 ? 4\n"
    "input factor f32 0\n"
    "output y f32 2 ? 4\n"
    "output rows i64 0";  /* no final newline: allowed */

typedef struct {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
} memref_2d;

typedef struct {
  void *allocated;
  void *aligned;
  int64_t offset;
} memref_0d;

void kiln_model_entry(void **args) {
  const memref_2d *x = (const memref_2d *)args[0];
  const memref_0d *factor = (const memref_0d *)args[1];
  const memref_2d *y = (const memref_2d *)args[2];
  const memref_0d *rows = (const memref_0d *)args[3];
  float f = ((const float *)factor->aligned)[factor->offset];
  for (int64_t i = 0; i < x->sizes[0]; ++i)
    for (int64_t j = 0; j < x->sizes[1]; ++j)
      y->aligned[y->offset + i * y->strides[0] + j * y->strides[1]] =
          x->aligned[x->offset + i * x->strides[0] + j * x->strides[1]] * f;
  ((int64_t *)rows->aligned)[rows->offset] = x->sizes[0];
}
