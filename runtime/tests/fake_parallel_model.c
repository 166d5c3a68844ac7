/*
 * A hand-written stand-in for a kiln-compiled model with parallel loops,
 * following model ABI 3: kiln_model_entry finds the execution context after
 * the descriptors and the run status (args[5]) and calls ctx->parallel_for as generated code
 * does.
 *
 *   inputs:  x     f32 [4096]
 *            mode  i32 [1]
 *   outputs: y     f32 [4096] = 2 * x + 1
 *            stats i64 [4]
 *
 * mode 0: y is computed in one parallel_for over 4096 iterations.
 * mode 1: as 0, then a rendezvous: a parallel_for over 2 iterations where
 *         iteration 0 waits (up to 10 s) until iteration 1 has started on
 *         another thread. Only possible when the runtime really runs two
 *         threads at once.
 * mode 2: as 0, but through nested loops: 64 outer iterations, each running
 *         parallel_for over its 64 elements.
 * stats: [0] distinct threads that ran tasks, [1] task calls,
 *        [2] 1 if every iteration ran exactly once (and no range was empty
 *            or out of bounds), else 0,
 *        [3] for mode 1: 1 if the rendezvous happened, else 0.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

const char kiln_model_metadata[] =
    "kiln-model 3\n"
    "kiln-version 0.1.0-test\n"
    "name fake%20parallel\n"
    "input x f32 1 4096\n"
    "input mode i32 1 1\n"
    "output y f32 1 4096\n"
    "output stats i64 1 4\n";

enum { kN = 4096, kMaxThreads = 64 };

typedef struct {
  void *allocated, *aligned;
  int64_t offset, sizes[1], strides[1];
} memref_1d;

typedef void (*task_fn)(void *closure, int64_t begin, int64_t end);
typedef struct exec_context {
  void (*parallel_for)(struct exec_context *ctx, task_fn task, void *closure,
                       int64_t n);
} exec_context;

typedef struct {
  exec_context *ctx;
  const float *x;
  float *y;
  _Atomic int hits[kN];
  _Atomic int bad_range;
  _Atomic int64_t calls;
  _Atomic uintptr_t threads[kMaxThreads];
  _Atomic int rendezvous_started, rendezvous_met;
} run_state;

static void note_thread(run_state *s) {
  uintptr_t self = (uintptr_t)pthread_self();
  for (int i = 0; i < kMaxThreads; ++i) {
    uintptr_t seen = atomic_load(&s->threads[i]);
    if (seen == self) return;
    if (seen == 0) {
      uintptr_t expected = 0;
      if (atomic_compare_exchange_strong(&s->threads[i], &expected, self))
        return;
      if (expected == self) return;
    }
  }
}

static void compute(run_state *s, int64_t begin, int64_t end, int64_t limit) {
  atomic_fetch_add(&s->calls, 1);
  note_thread(s);
  if (begin < 0 || end > limit || begin >= end) {
    atomic_store(&s->bad_range, 1);
    return;
  }
  for (int64_t i = begin; i < end; ++i) {
    s->y[i] = 2.0f * s->x[i] + 1.0f;
    atomic_fetch_add(&s->hits[i], 1);
  }
}

static void flat_task(void *closure, int64_t begin, int64_t end) {
  compute(closure, begin, end, kN);
}

typedef struct {
  run_state *s;
  int64_t base;
} inner_closure;

static void inner_task(void *closure, int64_t begin, int64_t end) {
  inner_closure *c = closure;
  if (begin < 0 || end > 64 || begin >= end) {
    atomic_store(&c->s->bad_range, 1);
    return;
  }
  compute(c->s, c->base + begin, c->base + end, kN);
}

static void outer_task(void *closure, int64_t begin, int64_t end) {
  run_state *s = closure;
  for (int64_t i = begin; i < end; ++i) {
    inner_closure c = {s, i * 64};
    s->ctx->parallel_for(s->ctx, inner_task, &c, 64);
  }
}

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void rendezvous_task(void *closure, int64_t begin, int64_t end) {
  run_state *s = closure;
  for (int64_t i = begin; i < end; ++i) {
    if (i == 1) {
      atomic_store(&s->rendezvous_started, 1);
      continue;
    }
    /* Iteration 0 waits for iteration 1 to start elsewhere. */
    double deadline = seconds() + 10.0;
    while (!atomic_load(&s->rendezvous_started) && seconds() < deadline) {
    }
    atomic_store(&s->rendezvous_met, atomic_load(&s->rendezvous_started));
  }
}

void kiln_model_entry(void **args) {
  const memref_1d *x = args[0], *mode = args[1], *y = args[2], *stats = args[3];
  exec_context *ctx = args[5]; /* args[4]: the run status */
  run_state s;
  s.ctx = ctx;
  s.x = (const float *)x->aligned;
  s.y = (float *)y->aligned;
  for (int i = 0; i < kN; ++i) atomic_init(&s.hits[i], 0);
  for (int i = 0; i < kMaxThreads; ++i) atomic_init(&s.threads[i], 0);
  atomic_init(&s.bad_range, 0);
  atomic_init(&s.calls, 0);
  atomic_init(&s.rendezvous_started, 0);
  atomic_init(&s.rendezvous_met, 0);

  int32_t m = *(const int32_t *)mode->aligned;
  if (m == 2)
    ctx->parallel_for(ctx, outer_task, &s, kN / 64);
  else
    ctx->parallel_for(ctx, flat_task, &s, kN);
  int64_t *out = (int64_t *)stats->aligned;
  int complete = !atomic_load(&s.bad_range);
  for (int i = 0; i < kN; ++i) complete &= atomic_load(&s.hits[i]) == 1;
  int64_t distinct = 0;
  for (int i = 0; i < kMaxThreads; ++i) distinct += atomic_load(&s.threads[i]) != 0;
  if (m == 1) ctx->parallel_for(ctx, rendezvous_task, &s, 2);
  out[0] = distinct;
  out[1] = atomic_load(&s.calls);
  out[2] = complete;
  out[3] = atomic_load(&s.rendezvous_met);
}
