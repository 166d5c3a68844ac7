/* Times a compiled kiln model by the CPU time of the calling thread as well
 * as by wall-clock time. On a shared machine other processes stretch the
 * wall-clock time of a run but not the CPU time the run itself used, so the
 * CPU-time figures stay comparable between runs (for models that run on the
 * calling thread only).
 *
 *   model_cpu_bench MODEL.so [--runs N] [--warmup N] [--check]
 *
 * Inputs are seeded random f32 tensors. --check verifies a model computing
 * Y = A @ B with inputs A [M, K] and B [K, N] on sampled output elements
 * against a double-precision dot product. Prints
 *   cpu_ms median=.. min=..   wall_ms median=.. min=..
 */
#define _POSIX_C_SOURCE 200809L
#include <kiln/kiln.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof(double), compare);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static int check(kiln_status *status, const char *what) {
  if (!status)
    return 1;
  fprintf(stderr, "model_cpu_bench: %s: %s\n", what, kiln_status_message(status));
  kiln_status_free(status);
  return 0;
}

typedef struct {
  float *data;
  int64_t shape[8];
  int64_t count;
  kiln_tensor view;
} tensor;

static int make_tensor(const kiln_tensor_info *info, tensor *t, uint64_t seed) {
  if (info->dtype != KILN_DTYPE_F32 || info->rank > 8) {
    fprintf(stderr, "model_cpu_bench: only f32 tensors of rank <= 8 ('%s')\n", info->name);
    return 0;
  }
  t->count = 1;
  for (int i = 0; i < info->rank; ++i) {
    t->shape[i] = info->shape[i] < 0 ? 1 : info->shape[i];
    t->count *= t->shape[i];
  }
  t->data = aligned_alloc(64, (size_t)((t->count * 4 + 63) / 64 * 64));
  uint64_t x = seed * 2654435761u + 1;
  for (int64_t i = 0; i < t->count; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    t->data[i] = (float)((double)(x >> 40) / (double)(1ull << 24) * 2.0 - 1.0);
  }
  t->view.data = t->data;
  t->view.dtype = KILN_DTYPE_F32;
  t->view.rank = info->rank;
  t->view.shape = t->shape;
  t->view.strides = NULL;
  return 1;
}

int main(int argc, char **argv) {
  int runs = 20, warmup = 2, verify = 0;
  const char *path = NULL;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--runs") && i + 1 < argc)
      runs = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--warmup") && i + 1 < argc)
      warmup = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--check"))
      verify = 1;
    else if (!path && argv[i][0] != '-')
      path = argv[i];
    else {
      fprintf(stderr, "usage: model_cpu_bench MODEL.so [--runs N] [--warmup N] [--check]\n");
      return 2;
    }
  }
  if (!path || runs < 1) {
    fprintf(stderr, "usage: model_cpu_bench MODEL.so [--runs N] [--warmup N] [--check]\n");
    return 2;
  }
  kiln_model *model = NULL;
  if (!check(kiln_model_open(path, &model), path))
    return 1;
  size_t ni = kiln_model_num_inputs(model), no = kiln_model_num_outputs(model);
  tensor in[8], out[8];
  kiln_tensor inv[8], outv[8];
  if (ni > 8 || no > 8)
    return fprintf(stderr, "model_cpu_bench: too many inputs or outputs\n"), 1;
  for (size_t i = 0; i < ni + no; ++i) {
    kiln_tensor_info info;
    int is_in = i < ni;
    if (!check(is_in ? kiln_model_input_info(model, i, &info)
                     : kiln_model_output_info(model, i - ni, &info), "info"))
      return 1;
    tensor *t = is_in ? &in[i] : &out[i - ni];
    if (!make_tensor(&info, t, i + 1))
      return 1;
    (is_in ? inv : outv)[is_in ? i : i - ni] = t->view;
  }
  for (int r = 0; r < warmup; ++r)
    if (!check(kiln_model_run(model, inv, ni, outv, no), "run"))
      return 1;
  double *cpu = malloc(sizeof(double) * (size_t)runs), *wall = malloc(sizeof(double) * (size_t)runs);
  for (int r = 0; r < runs; ++r) {
    double c0 = seconds(CLOCK_THREAD_CPUTIME_ID), w0 = seconds(CLOCK_MONOTONIC);
    if (!check(kiln_model_run(model, inv, ni, outv, no), "run"))
      return 1;
    cpu[r] = (seconds(CLOCK_THREAD_CPUTIME_ID) - c0) * 1e3;
    wall[r] = (seconds(CLOCK_MONOTONIC) - w0) * 1e3;
  }
  double cpu_min = cpu[0], wall_min = wall[0];
  for (int r = 1; r < runs; ++r) {
    cpu_min = cpu[r] < cpu_min ? cpu[r] : cpu_min;
    wall_min = wall[r] < wall_min ? wall[r] : wall_min;
  }
  printf("cpu_ms median=%.3f min=%.3f   wall_ms median=%.3f min=%.3f   (%d runs)\n",
         median(cpu, runs), cpu_min, median(wall, runs), wall_min, runs);
  if (verify) {
    if (ni != 2 || no != 1 || in[0].view.rank != 2 || in[1].view.rank != 2) {
      fprintf(stderr, "model_cpu_bench: --check needs inputs A [M,K], B [K,N]\n");
      return 1;
    }
    int64_t m = in[0].shape[0], k = in[0].shape[1], n = in[1].shape[1];
    double worst = 0;
    for (int s = 0; s < 512; ++s) {
      int64_t i = (s * 7919) % m, j = (s * 104729 + s / 7) % n;
      double ref = 0, mag = 0;
      for (int64_t p = 0; p < k; ++p) {
        double v = (double)in[0].data[i * k + p] * in[1].data[p * n + j];
        ref += v;
        mag += fabs(v);
      }
      double err = fabs(out[0].data[i * n + j] - ref) / (mag + 1e-30);
      worst = err > worst ? err : worst;
    }
    printf("check: max relative error %.3g over 512 sampled outputs: %s\n", worst,
           worst < 1e-5 ? "ok" : "FAILED");
    if (worst >= 1e-5)
      return 1;
  }
  kiln_model_close(model);
  return 0;
}
