/*
 * A hand-written stand-in for a kiln-compiled model, following the model ABI
 * exactly: it exports kiln_model_metadata and kiln_model_entry.
 *
 *   inputs:  a     f32 [2,3]
 *            "b in" f32 [3]      (percent-encoded as b%20in)
 *   output:  sum   f32 [2,3] = a + broadcast(b)
 *
 * The entry reads sizes and strides from the memref descriptors. If a
 * descriptor breaks what the runtime promises (allocated == aligned,
 * offset 0, the declared sizes, row-major strides) it writes NaN instead,
 * so value checks in the tests also check the descriptors.
 */
#include <math.h>
#include <stdint.h>

const char kiln_model_metadata[] =
    "kiln-model 2\n"
    "kiln-version 0.1.0-test\n"
    "target x86_64-unknown-linux-gnu skylake-avx512\n"
    "name fake%20add\n"
    "arena-bytes 4096\n"
    "weight-bytes 48\n"
    "input a f32 2 2 3\n"
    "future-keyword is ignored 1 2 3\n"
    "\n"
    "input b%20in f32 1 3\n"
    "output sum f32 2 2 3\n";

typedef struct {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
} memref_2d;

typedef struct {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} memref_1d;

static int ok_2d(const memref_2d *m) {
  return m->allocated == m->aligned && m->offset == 0 && m->sizes[0] == 2 &&
         m->sizes[1] == 3 && m->strides[0] == 3 && m->strides[1] == 1;
}

void kiln_model_entry(void **args) {
  const memref_2d *a = (const memref_2d *)args[0];
  const memref_1d *b = (const memref_1d *)args[1];
  const memref_2d *out = (const memref_2d *)args[2];
  int valid = ok_2d(a) && ok_2d(out) && b->allocated == b->aligned &&
              b->offset == 0 && b->sizes[0] == 3 && b->strides[0] == 1;
  for (int64_t i = 0; i < out->sizes[0]; ++i) {
    for (int64_t j = 0; j < out->sizes[1]; ++j) {
      float x = a->aligned[a->offset + i * a->strides[0] + j * a->strides[1]];
      float y = b->aligned[b->offset + j * b->strides[0]];
      out->aligned[out->offset + i * out->strides[0] + j * out->strides[1]] =
          valid ? x + y : NAN;
    }
  }
}
