/*
 * Runs a model compiled for one image of its batch (metadata "batch-split
 * N", model ABI 4: kiln-cpu-split-batch proved the images independent)
 * once per image. Each call gets memref descriptors of one image: the
 * whole batch's descriptors with the data pointer moved to the image and
 * the first size set to 1 (strides are unchanged). With a thread pool,
 * whole images run side by side, each call on one thread with no parallel
 * loops of its own: no synchronization inside a run, and every thread's
 * activations stay in its own cache. Images left over when the batch does
 * not divide among the threads run one after another, each with the pool.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "kiln_internal.h"

typedef struct images_job {
  const kiln_model *model;
  void **args;           /* the whole batch's descriptors (inputs, outputs) */
  _Atomic int32_t status; /* first nonzero run status; -1: out of memory */
} images_job;

static void record_status(images_job *job, int32_t status) {
  int32_t none = 0;
  atomic_compare_exchange_strong(&job->status, &none, status);
}

/* Runs images [begin, end) one after another with `ctx`. */
static void run_range(images_job *job, kiln_exec_context *ctx, int64_t begin,
                      int64_t end) {
  const kiln_model *m = job->model;
  const size_t tensors = m->num_inputs + m->num_outputs;
  int64_t *words = malloc(m->descriptor_words * sizeof *words);
  void **args = malloc((tensors + 2) * sizeof *args);
  int32_t run_status = 0;
  int64_t status_desc[3] = {(int64_t)(intptr_t)&run_status,
                            (int64_t)(intptr_t)&run_status, 0};
  if (!words || !args) {
    record_status(job, -1);
    goto done;
  }
  args[tensors] = status_desc;
  args[tensors + 1] = ctx;
  for (int64_t image = begin; image < end && run_status == 0; ++image) {
    size_t offset = 0;
    for (size_t i = 0; i < tensors; ++i) {
      const kiln_tensor_spec *spec = kiln_internal_tensor_spec(m, i);
      const int64_t *whole = job->args[i];
      int64_t *one = words + offset;
      const size_t n = 3 + 2 * (size_t)spec->rank;
      memcpy(one, whole, n * sizeof *one);
      /* Row-major: image k starts k strides of dimension 0 in. */
      const int64_t step = whole[3 + spec->rank] * (int64_t)kiln_dtype_size(spec->dtype);
      if (step != 0) one[0] = one[1] = whole[1] + image * step;
      one[3] = 1;
      args[i] = one;
      offset += n;
    }
    m->entry(args);
  }
  if (run_status != 0) record_status(job, run_status);
done:
  free(words);
  free(args);
}

static void run_side_by_side(void *closure, int64_t begin, int64_t end) {
  kiln_exec_context serial = {kiln_internal_parallel_for, NULL};
  run_range(closure, &serial, begin, end);
}

int32_t kiln_internal_run_images(const kiln_model *model, void **args,
                                 kiln_exec_context *ctx) {
  images_job job = {model, args, 0};
  const int64_t images = model->batch_split;
  const int64_t threads = ctx->pool ? kiln_internal_pool_threads(ctx->pool) : 1;
  const int64_t side_by_side = threads > 1 ? images - images % threads : 0;
  if (side_by_side > 0)
    kiln_internal_parallel_for(ctx, run_side_by_side, &job, side_by_side);
  if (side_by_side < images && atomic_load(&job.status) == 0)
    run_range(&job, ctx, side_by_side, images);
  return atomic_load(&job.status);
}
