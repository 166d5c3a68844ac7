/*
 * Persistent worker threads for the parallel loops of compiled models.
 *
 * One pool per model instance (kiln_model_set_num_threads creates it), no
 * thread creation per run. Generated code calls ctx->parallel_for for each
 * parallel loop; the calling thread posts a job (on its own stack) to the
 * pool's job list and then claims chunks of the iteration range itself,
 * while idle workers attach to the oldest listed job and claim chunks too.
 * Chunks are claimed with an atomic compare-and-swap (see "Scheduling"
 * below), so a job never waits for a worker to start: the caller alone can
 * finish it. That keeps concurrent
 * kiln_model_run() calls on one model safe and free of deadlock (they share
 * the workers; each makes progress on its own thread), and a task that
 * itself calls parallel_for (nested loops) just posts another job.
 *
 * A job is removed from the list once all its iterations are claimed; the
 * caller then waits until the workers attached to it have finished their
 * chunks (a short spin, then a condition variable), after which no worker
 * touches the job's memory again.
 *
 * Idle workers spin briefly (a model runs its parallel loops back to back,
 * and waking a sleeping thread costs tens of microseconds), then sleep on a
 * condition variable until a job is posted.
 */
#define _GNU_SOURCE /* CPU_COUNT, sched_getaffinity */

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kiln_internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define KILN_CPU_RELAX() _mm_pause()
#define KILN_HAVE_MXCSR 1
#else
#define KILN_CPU_RELAX() ((void)0)
#define KILN_HAVE_MXCSR 0
#endif

/* How long an idle worker, or a caller waiting for workers, spins before it
 * blocks. */
enum { kSpinNanos = 200 * 1000 };

/* Scheduling: [0, n) is cut into one contiguous home block per thread (at
 * most kMaxBlocks). The caller works on block 0 and worker i on block i + 1,
 * so across the runs of a model each thread keeps touching the same slice
 * of every tensor (its caches stay warm: weights split between threads may
 * fit where the whole would not). A thread claims its home block in two
 * calls, three quarters then the rest (each call restarts the generated
 * loop nest, and short inner loops are slow: measured, 8 chunks per thread
 * cost 40% on an MLP layer); when done it takes halves of what is left of
 * the others' blocks (at least 1 / (kMinPieces * threads) of n), so a
 * thread that starts late or runs slowly (a core shared with another
 * process) holds up the others less. */
enum { kMaxBlocks = 64, kMinPieces = 8 };

typedef struct kiln_block {
  _Alignas(64) _Atomic int64_t next; /* first unclaimed iteration */
  int64_t end;
} kiln_block;

typedef struct kiln_job {
  kiln_block blocks[kMaxBlocks];
  int num_blocks;
  int64_t min_chunk;
  kiln_task_fn task;
  void *closure;
  /* Workers attached; changed under pool->mu, read without it by the
   * spinning caller. */
  _Atomic int helpers;
  int waiting; /* the caller sleeps on done_cv; guarded by pool->mu */
  int listed;  /* in the pool's job list; guarded by pool->mu */
  struct kiln_job *prev, *next_job;
#if KILN_HAVE_MXCSR
  unsigned int mxcsr; /* the caller's SSE rounding / denormal modes */
#endif
} kiln_job;

typedef struct kiln_worker {
  pthread_t thread;
  struct kiln_pool *pool;
  int home; /* home block (modulo the job's block count) */
} kiln_worker;

struct kiln_pool {
  pthread_mutex_t mu;
  pthread_cond_t work_cv; /* idle workers wait here for a job */
  pthread_cond_t done_cv; /* callers wait here for helpers to detach */
  kiln_job *head, *tail;  /* listed jobs, oldest first */
  _Atomic uint64_t posted; /* bumped per posted job and on stop */
  int sleepers;            /* workers blocked on work_cv */
  int stop;
  _Atomic int refs;
  int32_t num_threads; /* workers + the calling thread */
  int num_workers;     /* workers started */
  kiln_worker workers[];
};

static int64_t now_nanos(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Claims and runs chunks of `job` until none is left: its home block
 * first, then the others. */
static void run_chunks(kiln_job *job, int home) {
  for (int i = 0; i < job->num_blocks; ++i) {
    kiln_block *block = &job->blocks[(home + i) % job->num_blocks];
    int64_t begin = atomic_load_explicit(&block->next, memory_order_relaxed);
    int first = 1; /* the owner's first claim on its block */
    while (begin < block->end) {
      int64_t left = block->end - begin;
      /* The owner takes three quarters of its block, then the rest (few
       * calls keep the generated loops long); a thief takes half of what
       * is left. */
      int64_t size = i != 0 ? (left + 1) / 2 : first ? left - left / 4 : left;
      if (i != 0 && size < job->min_chunk) size = job->min_chunk;
      int64_t end = left <= size ? block->end : begin + size;
      /* On failure `begin` is reloaded with the current value. */
      if (atomic_compare_exchange_weak_explicit(&block->next, &begin, end,
                                                memory_order_relaxed,
                                                memory_order_relaxed)) {
        first = 0;
        job->task(job->closure, begin, end);
        begin = atomic_load_explicit(&block->next, memory_order_relaxed);
      }
    }
  }
}

/* Removes `job` from the list if it is still there. Under p->mu. */
static void unlist(kiln_pool *p, kiln_job *job) {
  if (!job->listed) return;
  if (job->prev) job->prev->next_job = job->next_job;
  else p->head = job->next_job;
  if (job->next_job) job->next_job->prev = job->prev;
  else p->tail = job->prev;
  job->listed = 0;
}

/* Spins until `posted` moves away from `seen` or the spin time is up;
 * returns whether it moved. */
static int spin_for_work(kiln_pool *p, uint64_t seen) {
  int64_t deadline = now_nanos() + kSpinNanos;
  for (unsigned i = 1;; ++i) {
    if (atomic_load_explicit(&p->posted, memory_order_acquire) != seen) return 1;
    KILN_CPU_RELAX();
    if (i % 64 == 0 && now_nanos() > deadline) return 0;
  }
}

static void *worker_main(void *arg) {
  kiln_worker *self = arg;
  kiln_pool *p = self->pool;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    kiln_job *job = p->head;
    if (job) {
      atomic_fetch_add_explicit(&job->helpers, 1, memory_order_relaxed);
      pthread_mutex_unlock(&p->mu);
#if KILN_HAVE_MXCSR
      if (_mm_getcsr() != job->mxcsr) _mm_setcsr(job->mxcsr);
#endif
      run_chunks(job, self->home);
      pthread_mutex_lock(&p->mu);
      unlist(p, job); /* every iteration is claimed */
      int wake_caller = job->waiting;
      /* Last access to the job: once helpers reads 0 the caller may
       * return and its stack frame (the job) is gone. */
      int left = atomic_fetch_sub_explicit(&job->helpers, 1,
                                           memory_order_release) - 1;
      if (left == 0 && wake_caller) pthread_cond_broadcast(&p->done_cv);
      continue;
    }
    if (p->stop) break;
    uint64_t seen = atomic_load_explicit(&p->posted, memory_order_relaxed);
    pthread_mutex_unlock(&p->mu);
    int news = spin_for_work(p, seen);
    pthread_mutex_lock(&p->mu);
    /* Jobs are posted under mu, so a job posted after the spin gave up is
     * seen here and the signal cannot be missed. */
    if (!news && !p->head && !p->stop) {
      p->sleepers++;
      pthread_cond_wait(&p->work_cv, &p->mu);
      p->sleepers--;
    }
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

int32_t kiln_internal_pool_threads(const kiln_pool *pool) {
  return pool ? pool->num_threads : 1;
}

void kiln_internal_parallel_for(kiln_exec_context *ctx, kiln_task_fn task,
                                void *closure, int64_t n) {
  if (n <= 0) return;
  kiln_pool *p = ctx ? ctx->pool : NULL;
  if (!p || n == 1) {
    task(closure, 0, n);
    return;
  }
  kiln_job job; /* blocks past num_blocks stay uninitialized */
  job.waiting = 0;
  job.listed = 0;
  job.prev = job.next_job = NULL;
  job.task = task;
  job.closure = closure;
  int64_t blocks = p->num_threads < kMaxBlocks ? p->num_threads : kMaxBlocks;
  if (blocks > n) blocks = n;
  job.num_blocks = (int)blocks;
  for (int64_t b = 0; b < blocks; ++b) {
    /* Block b holds [n * b / blocks, n * (b + 1) / blocks) without
     * overflow: n < 2^62 for any real loop. */
    atomic_init(&job.blocks[b].next, n / blocks * b + (n % blocks) * b / blocks);
    job.blocks[b].end = n / blocks * (b + 1) + (n % blocks) * (b + 1) / blocks;
  }
  int64_t pieces = (int64_t)p->num_threads * kMinPieces;
  job.min_chunk = n / pieces + (n % pieces != 0);
  atomic_init(&job.helpers, 0);
#if KILN_HAVE_MXCSR
  job.mxcsr = _mm_getcsr();
#endif

  pthread_mutex_lock(&p->mu);
  job.prev = p->tail;
  if (p->tail) p->tail->next_job = &job;
  else p->head = &job;
  p->tail = &job;
  job.listed = 1;
  atomic_fetch_add_explicit(&p->posted, 1, memory_order_release);
  if (p->sleepers > 0) pthread_cond_broadcast(&p->work_cv);
  pthread_mutex_unlock(&p->mu);

  run_chunks(&job, 0);

  pthread_mutex_lock(&p->mu);
  unlist(p, &job);
  pthread_mutex_unlock(&p->mu);
  /* Workers still in their last chunk: spin a little, then yield the CPU
   * (a worker preempted on this CPU may need it), then sleep. */
  int64_t start = now_nanos();
  for (unsigned i = 1;
       atomic_load_explicit(&job.helpers, memory_order_acquire) != 0; ++i) {
    KILN_CPU_RELAX();
    if (i % 64 != 0) continue;
    int64_t waited = now_nanos() - start;
    if (waited > kSpinNanos / 8) sched_yield();
    if (waited > kSpinNanos) {
      pthread_mutex_lock(&p->mu);
      job.waiting = 1;
      while (atomic_load_explicit(&job.helpers, memory_order_acquire) != 0)
        pthread_cond_wait(&p->done_cv, &p->mu);
      pthread_mutex_unlock(&p->mu);
      break;
    }
  }
}

/* ------------------------------------------------------------------------ */
/* Pool lifetime                                                            */
/* ------------------------------------------------------------------------ */

static void stop_and_free(kiln_pool *p) {
  pthread_mutex_lock(&p->mu);
  p->stop = 1;
  atomic_fetch_add_explicit(&p->posted, 1, memory_order_release);
  pthread_cond_broadcast(&p->work_cv);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < p->num_workers; ++i) pthread_join(p->workers[i].thread, NULL);
  pthread_cond_destroy(&p->done_cv);
  pthread_cond_destroy(&p->work_cv);
  pthread_mutex_destroy(&p->mu);
  free(p);
}

kiln_status *kiln_internal_pool_new(int32_t num_threads, kiln_pool **out_pool) {
  *out_pool = NULL;
  const int workers = num_threads - 1;
  kiln_pool *p = calloc(1, sizeof *p + (size_t)workers * sizeof(kiln_worker));
  if (!p) return kiln_internal_out_of_memory();
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->work_cv, NULL);
  pthread_cond_init(&p->done_cv, NULL);
  atomic_init(&p->posted, 0);
  atomic_init(&p->refs, 1);
  p->num_threads = num_threads;

  /* Workers take no signals: those belong to the application's threads. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int err = 0;
  for (; p->num_workers < workers; ++p->num_workers) {
    kiln_worker *w = &p->workers[p->num_workers];
    w->pool = p;
    w->home = p->num_workers + 1;
    err = pthread_create(&w->thread, NULL, worker_main, w);
    if (err) break;
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (err) {
    int started = p->num_workers;
    stop_and_free(p);
    return kiln_internal_status_new(
        err == EAGAIN || err == ENOMEM ? KILN_ERROR_OUT_OF_MEMORY
                                       : KILN_ERROR_INTERNAL,
        "cannot start worker thread %d of %d: %s", started + 1, workers,
        strerror(err));
  }
  *out_pool = p;
  return NULL;
}

void kiln_internal_pool_retain(kiln_pool *pool) {
  atomic_fetch_add_explicit(&pool->refs, 1, memory_order_relaxed);
}

void kiln_internal_pool_release(kiln_pool *pool) {
  if (pool &&
      atomic_fetch_sub_explicit(&pool->refs, 1, memory_order_acq_rel) == 1)
    stop_and_free(pool);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */
/* ------------------------------------------------------------------------ */

/* CPUs this process may run on. */
static int32_t available_cpus(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return CPU_COUNT(&set);
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int32_t)n : 1;
}

kiln_status *kiln_model_set_num_threads(kiln_model *model, int32_t num_threads) {
  if (!model)
    return kiln_internal_status_new(KILN_ERROR_INVALID_ARGUMENT,
                                    "kiln_model_set_num_threads: model is NULL");
  if (num_threads < 0 || num_threads > KILN_MAX_THREADS)
    return kiln_internal_status_new(
        KILN_ERROR_INVALID_ARGUMENT,
        "kiln_model_set_num_threads: num_threads is %d, expected 0 (one per "
        "CPU) or 1 to %d",
        (int)num_threads, KILN_MAX_THREADS);
  if (num_threads == 0) {
    num_threads = available_cpus();
    if (num_threads > KILN_MAX_THREADS) num_threads = KILN_MAX_THREADS;
  }
  pthread_mutex_lock(&model->threads_mu);
  int32_t current = model->num_threads;
  pthread_mutex_unlock(&model->threads_mu);
  if (current == num_threads) return NULL;

  /* Threads start outside the lock: runs meanwhile use the old pool. Models
   * built without parallel loops (model ABI 2) never call parallel_for. */
  kiln_pool *pool = NULL;
  if (num_threads > 1 && model->model_abi >= 3) {
    kiln_status *st = kiln_internal_pool_new(num_threads, &pool);
    if (st) return st;
  }
  pthread_mutex_lock(&model->threads_mu);
  kiln_pool *old = model->pool;
  model->pool = pool;
  model->num_threads = num_threads;
  pthread_mutex_unlock(&model->threads_mu);
  kiln_internal_pool_release(old); /* runs still using it keep it alive */
  return NULL;
}

int32_t kiln_model_num_threads(const kiln_model *model) {
  if (!model) return 0;
  kiln_model *m = (kiln_model *)model; /* the mutex is internal state */
  pthread_mutex_lock(&m->threads_mu);
  int32_t n = m->num_threads;
  pthread_mutex_unlock(&m->threads_mu);
  return n;
}
