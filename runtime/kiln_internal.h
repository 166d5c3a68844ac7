/*
 * Internal declarations shared by the files of the kiln runtime. Not part of
 * the public API: nothing here is exported from the library.
 */
#ifndef KILN_RUNTIME_KILN_INTERNAL_H_
#define KILN_RUNTIME_KILN_INTERNAL_H_

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "kiln/kiln.h"

#if defined(__GNUC__) || defined(__clang__)
#define KILN_INTERNAL __attribute__((visibility("hidden")))
#define KILN_PRINTF(fmt_index, first_arg) \
  __attribute__((format(printf, fmt_index, first_arg)))
#else
#define KILN_INTERNAL
#define KILN_PRINTF(fmt_index, first_arg)
#endif

/* Limits that keep a corrupt model file from making the runtime allocate or
 * scan without bound. */
#define KILN_MAX_METADATA_BYTES (16u * 1024u * 1024u)
#define KILN_MAX_METADATA_LINE 65536u
#define KILN_MAX_NAME_BYTES 4096u /* decoded tensor / model name */
#define KILN_MAX_TENSORS 65536u   /* inputs + outputs */

/* The entry point every compiled model exports (see the model ABI).
 * `args` holds one memref descriptor pointer per input, then per output;
 * then (model ABI 2 and later) a rank-0 i32 run status descriptor; for
 * model ABI 3 one more slot follows: a kiln_exec_context pointer (ABI 2
 * models never read it). */
typedef void (*kiln_entry_fn)(void **args);

/* Model ABI 3: the execution context passed to the model's code. Only the
 * first field is ABI; generated code loads it and calls it for each
 * parallel loop:
 *   ctx->parallel_for(ctx, task, closure, n)
 * runs task(closure, begin, end) over disjoint ranges covering [0, n),
 * possibly on several threads at once, and returns when all are done. The
 * code must not depend on how [0, n) is split (kiln splits only loops whose
 * iterations are independent, so results are the same bit for bit). */
typedef void (*kiln_task_fn)(void *closure, int64_t begin, int64_t end);
typedef struct kiln_exec_context kiln_exec_context;
typedef void (*kiln_parallel_for_fn)(kiln_exec_context *ctx, kiln_task_fn task,
                                     void *closure, int64_t n);

/* Workers shared by the runs of one model (kiln_threads.c). */
typedef struct kiln_pool kiln_pool;

struct kiln_exec_context {
  kiln_parallel_for_fn parallel_for; /* ABI: must stay the first field */
  kiln_pool *pool;                   /* NULL: run everything on the caller */
};

/* One declared input or output, owned by the model. */
typedef struct kiln_tensor_spec {
  char *name;
  kiln_dtype dtype;
  int32_t rank;
  int64_t *shape; /* NULL if rank is 0; -1 marks a dynamic dim */
} kiln_tensor_spec;

struct kiln_status {
  kiln_status_code code;
  const char *message; /* points into the same allocation (or is static) */
};

/* Immutable after kiln_model_open() returns, except for the thread setting
 * (pool, num_threads), which `threads_mu` guards. */
struct kiln_model {
  void *handle; /* from dlopen */
  kiln_entry_fn entry;
  uint32_t model_abi; /* 2 or 3, from the metadata's first line */
  char *name;             /* "" if absent */
  char *target;           /* "" if absent */
  char *compiler_version; /* "" if absent */
  int64_t arena_bytes;    /* -1 if absent */
  int64_t weight_bytes;   /* -1 if absent */
  kiln_tensor_spec *inputs;
  size_t num_inputs;
  kiln_tensor_spec *outputs;
  size_t num_outputs;
  size_t descriptor_words; /* int64 words of all memref descriptors */
  int64_t batch_split;     /* 0, or the batch size when entry runs one image */
  pthread_mutex_t threads_mu;
  kiln_pool *pool;     /* NULL while num_threads is 1 */
  int32_t num_threads; /* total threads per run, caller included */
};

/* A new status with a printf-formatted message. Never returns NULL: when
 * memory runs out it returns a static out-of-memory status, which
 * kiln_status_free() recognizes and leaves alone. `code` must not be
 * KILN_OK. */
/* Tensor `i` of the model's inputs followed by its outputs. */
static inline const kiln_tensor_spec *kiln_internal_tensor_spec(const kiln_model *m,
                                                                size_t i) {
  return i < m->num_inputs ? &m->inputs[i] : &m->outputs[i - m->num_inputs];
}

KILN_INTERNAL kiln_status *kiln_internal_status_new(kiln_status_code code,
                                                    const char *fmt, ...)
    KILN_PRINTF(2, 3);

/* The static out-of-memory status. */
KILN_INTERNAL kiln_status *kiln_internal_out_of_memory(void);

/* Parses `len` bytes of metadata text (no NUL inside) into `model` (name,
 * target, compiler_version, inputs, outputs). On error returns a status and
 * leaves whatever it allocated in `model` for the caller to free. `path` is
 * only used in messages. */
KILN_INTERNAL kiln_status *kiln_internal_parse_metadata(const char *text,
                                                        size_t len,
                                                        const char *path,
                                                        kiln_model *model);

/* Thread pools (kiln_threads.c). A pool holds `num_threads - 1` persistent
 * workers and a reference count (its creator holds one). Runs take a
 * reference for their duration, so a pool replaced by
 * kiln_model_set_num_threads() lives until its last run ends; the last
 * release joins the workers. */
KILN_INTERNAL kiln_status *kiln_internal_pool_new(int32_t num_threads,
                                                  kiln_pool **out_pool);
KILN_INTERNAL void kiln_internal_pool_release(kiln_pool *pool);
KILN_INTERNAL void kiln_internal_pool_retain(kiln_pool *pool);

/* The parallel_for of every execution context. With a NULL pool (or n < 2)
 * it calls task(closure, 0, n) on the calling thread. */
/* Calls model->entry once per image of a split batch (model->batch_split
 * > 1). `args` holds the descriptors of the whole batch's tensors (inputs,
 * outputs), the run status and the context, as for one call; each call
 * gets views of one image. With a pool, whole images run side by side on
 * its threads, each call single-threaded; images left over when the batch
 * does not divide among the threads run one after another with the pool.
 * Returns the first nonzero run status, or -1 if out of memory. */
KILN_INTERNAL int32_t kiln_internal_run_images(const kiln_model *model,
                                               void **args,
                                               kiln_exec_context *ctx);

KILN_INTERNAL int32_t kiln_internal_pool_threads(const kiln_pool *pool);

KILN_INTERNAL void kiln_internal_parallel_for(kiln_exec_context *ctx,
                                              kiln_task_fn task, void *closure,
                                              int64_t n);

#endif /* KILN_RUNTIME_KILN_INTERNAL_H_ */
