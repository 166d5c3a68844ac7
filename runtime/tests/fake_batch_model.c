/*
 * A hand-written stand-in for a kiln-compiled model whose batch is split
 * (model ABI 4, "batch-split 6"): kiln_model_entry computes one image and
 * the runtime calls it once per image.
 *
 *   input:  x f32 [6, 3]
 *   output: y f32 [6, 3] = 2 * x + 1
 *
 * Every call checks that it got one image (sizes [1, 3], strides [3, 1])
 * and otherwise reports output 0 as misshapen (run status 1), writing
 * nothing.
 */
#include <stdint.h>

const char kiln_model_metadata[] =
    "kiln-model 4\n"
    "kiln-version 0.1.0-test\n"
    "name fake%20batch\n"
    "batch-split 6\n"
    "input x f32 2 6 3\n"
    "output y f32 2 6 3\n";

typedef struct {
  float *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
} memref_2d;

typedef struct {
  int32_t *allocated, *aligned;
  int64_t offset;
} memref_0d;

static int one_image(const memref_2d *m) {
  return m->sizes[0] == 1 && m->sizes[1] == 3 && m->strides[0] == 3 &&
         m->strides[1] == 1 && m->offset == 0;
}

void kiln_model_entry(void **args) {
  const memref_2d *x = args[0];
  const memref_2d *y = args[1];
  const memref_0d *status = args[2];
  if (!one_image(x) || !one_image(y)) {
    *status->aligned = 1;
    return;
  }
  for (int j = 0; j < 3; ++j) y->aligned[j] = 2 * x->aligned[j] + 1;
}
