/*
 * Parser of the kiln_model_metadata text a compiled model exports:
 *
 *   kiln-model 3                (2 is still loaded: no execution context)
 *   kiln-version 0.1.0
 *   target x86_64-unknown-linux-gnu skylake-avx512
 *   name resnet18
 *   arena-bytes 6422528         (optional: bytes of the per-run arena)
 *   weight-bytes 46758912       (optional: bytes of the constant weights)
 *   batch-split 8               (optional, model ABI 4: the entry computes
 *                                one image of this batch per call)
 *   input <name> <dtype> <rank> <d0> <d1> ...
 *   output <name> <dtype> <rank> <d0> ...
 *
 * Names are percent-encoded, dims are decimal or '?' (dynamic), unknown
 * keywords are ignored, blank lines are skipped, a missing or empty name,
 * target or kiln-version line reads as "". The text may come from a
 * corrupt file: every length is bounded and every error names the line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln_internal.h"

typedef struct span {
  const char *p;
  size_t n;
} span;

typedef struct parser {
  const char *path;
  size_t line_no;
  size_t inputs_cap;
  size_t outputs_cap;
} parser;

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static int span_eq(span s, const char *lit) {
  size_t n = strlen(lit);
  return s.n == n && memcmp(s.p, lit, n) == 0;
}

/* Next blank-separated token of [*cur, end); 0 at the end of the line. */
static int next_token(const char **cur, const char *end, span *tok) {
  const char *p = *cur;
  while (p < end && is_blank(*p)) ++p;
  if (p == end) {
    *cur = p;
    return 0;
  }
  tok->p = p;
  while (p < end && !is_blank(*p)) ++p;
  tok->n = (size_t)(p - tok->p);
  *cur = p;
  return 1;
}

/* The rest of the line without leading and trailing blanks. */
static span rest_of_line(const char *cur, const char *end) {
  while (cur < end && is_blank(*cur)) ++cur;
  while (end > cur && is_blank(end[-1])) --end;
  span s = {cur, (size_t)(end - cur)};
  return s;
}

/* A printable, bounded copy of `s` for messages. */
static const char *quote(span s, char *buf, size_t cap) {
  size_t limit = cap - 4, j = 0;
  for (size_t i = 0; i < s.n && j < limit; ++i, ++j) {
    unsigned char c = (unsigned char)s.p[i];
    buf[j] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
  }
  if (s.n > limit) {
    memcpy(buf + j, "...", 3);
    j += 3;
  }
  buf[j] = '\0';
  return buf;
}

static kiln_status *line_error(const parser *ps, kiln_status_code code,
                               const char *fmt, ...) KILN_PRINTF(3, 4);

static kiln_status *line_error(const parser *ps, kiln_status_code code,
                               const char *fmt, ...) {
  char detail[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(detail, sizeof detail, fmt, ap);
  va_end(ap);
  return kiln_internal_status_new(
      code, "model '%s': invalid metadata at line %zu: %s", ps->path,
      ps->line_no, detail);
}

/* Parses a non-negative decimal integer <= max. */
static int parse_uint(span s, uint64_t max, uint64_t *out) {
  if (s.n == 0) return 0;
  uint64_t v = 0;
  for (size_t i = 0; i < s.n; ++i) {
    if (s.p[i] < '0' || s.p[i] > '9') return 0;
    uint64_t digit = (uint64_t)(s.p[i] - '0');
    if (v > (max - digit) / 10) return 0;
    v = v * 10 + digit;
  }
  *out = v;
  return 1;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes a percent-encoded name into a new string. */
static kiln_status *decode_name(const parser *ps, span s, char **out) {
  char q[64];
  if (s.n > 3 * (size_t)KILN_MAX_NAME_BYTES)
    return line_error(ps, KILN_ERROR_LOAD_FAILED, "name '%s' is too long",
                      quote(s, q, sizeof q));
  char *buf = malloc(s.n + 1);
  if (!buf) return kiln_internal_out_of_memory();
  size_t j = 0;
  for (size_t i = 0; i < s.n; ++i) {
    unsigned char c = (unsigned char)s.p[i];
    if (c == '%') {
      int hi = i + 1 < s.n ? hex_value(s.p[i + 1]) : -1;
      int lo = i + 2 < s.n ? hex_value(s.p[i + 2]) : -1;
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
        free(buf);
        return line_error(ps, KILN_ERROR_LOAD_FAILED,
                          "name '%s' has a bad percent escape at byte %zu "
                          "(expected %%XX with hex digits, not %%00)",
                          quote(s, q, sizeof q), i);
      }
      buf[j++] = (char)(hi * 16 + lo);
      i += 2;
    } else if (c < 0x21 || c > 0x7e) {
      free(buf);
      return line_error(ps, KILN_ERROR_LOAD_FAILED,
                        "name '%s' has the raw byte 0x%02x at byte %zu "
                        "(it must be percent-encoded)",
                        quote(s, q, sizeof q), c, i);
    } else {
      buf[j++] = (char)c;
    }
  }
  buf[j] = '\0';
  if (j > KILN_MAX_NAME_BYTES) {
    free(buf);
    return line_error(ps, KILN_ERROR_LOAD_FAILED, "name '%s' is too long",
                      quote(s, q, sizeof q));
  }
  *out = buf;
  return NULL;
}

static char *copy_span(span s) {
  char *buf = malloc(s.n + 1);
  if (!buf) return NULL;
  memcpy(buf, s.p, s.n);
  buf[s.n] = '\0';
  return buf;
}

static int lookup_dtype(span s, kiln_dtype *out) {
  for (int d = KILN_DTYPE_F32; d <= KILN_DTYPE_BOOL; ++d) {
    if (span_eq(s, kiln_dtype_name((kiln_dtype)d))) {
      *out = (kiln_dtype)d;
      return 1;
    }
  }
  return 0;
}

/* Parses "<name> <dtype> <rank> <dims...>" (after the keyword) and appends
 * the tensor to the model's inputs or outputs. */
static kiln_status *parse_tensor(parser *ps, const char *cur, const char *end,
                                 int is_input, kiln_model *m) {
  const char *kw = is_input ? "input" : "output";
  kiln_tensor_spec **list = is_input ? &m->inputs : &m->outputs;
  size_t *count = is_input ? &m->num_inputs : &m->num_outputs;
  size_t *cap = is_input ? &ps->inputs_cap : &ps->outputs_cap;
  span name_tok, dtype_tok, rank_tok, tok;
  char q[64];

  if (!next_token(&cur, end, &name_tok) ||
      !next_token(&cur, end, &dtype_tok) || !next_token(&cur, end, &rank_tok))
    return line_error(ps, KILN_ERROR_LOAD_FAILED,
                      "'%s' line is incomplete (expected '%s <name> <dtype> "
                      "<rank> <dims>...')",
                      kw, kw);
  if (m->num_inputs + m->num_outputs >= KILN_MAX_TENSORS)
    return line_error(ps, KILN_ERROR_LOAD_FAILED,
                      "too many inputs and outputs (at most %u)",
                      KILN_MAX_TENSORS);
  kiln_dtype dtype;
  if (!lookup_dtype(dtype_tok, &dtype))
    return line_error(ps, KILN_ERROR_LOAD_FAILED,
                      "%s has unknown dtype '%s' (expected f32, f64, f16, "
                      "bf16, i8, i16, i32, i64, u8, u16, u32, u64 or bool)",
                      kw, quote(dtype_tok, q, sizeof q));
  uint64_t rank;
  if (!parse_uint(rank_tok, KILN_MAX_RANK, &rank))
    return line_error(ps, KILN_ERROR_LOAD_FAILED,
                      "%s has invalid rank '%s' (expected 0 to %d)", kw,
                      quote(rank_tok, q, sizeof q), KILN_MAX_RANK);

  int64_t shape[KILN_MAX_RANK];
  for (uint64_t d = 0; d < rank; ++d) {
    if (!next_token(&cur, end, &tok))
      return line_error(ps, KILN_ERROR_LOAD_FAILED,
                        "%s of rank %d has only %d dims", kw, (int)rank,
                        (int)d);
    uint64_t v;
    if (span_eq(tok, "?")) {
      shape[d] = -1;
    } else if (parse_uint(tok, (uint64_t)INT64_MAX, &v)) {
      shape[d] = (int64_t)v;
    } else {
      return line_error(ps, KILN_ERROR_LOAD_FAILED,
                        "%s has invalid dim %d '%s' (expected a non-negative "
                        "integer or '?')",
                        kw, (int)d, quote(tok, q, sizeof q));
    }
  }
  if (next_token(&cur, end, &tok))
    return line_error(ps, KILN_ERROR_LOAD_FAILED,
                      "%s of rank %d has more than %d dims (extra '%s')", kw,
                      (int)rank, (int)rank, quote(tok, q, sizeof q));

  if (*count == *cap) {
    size_t new_cap = *cap ? *cap * 2 : 4;
    kiln_tensor_spec *grown = realloc(*list, new_cap * sizeof **list);
    if (!grown) return kiln_internal_out_of_memory();
    *list = grown;
    *cap = new_cap;
  }
  kiln_tensor_spec *spec = &(*list)[*count];
  memset(spec, 0, sizeof *spec);
  spec->dtype = dtype;
  spec->rank = (int32_t)rank;
  ++*count; /* from here on the caller frees the spec's fields */
  if (rank > 0) {
    spec->shape = malloc((size_t)rank * sizeof(int64_t));
    if (!spec->shape) return kiln_internal_out_of_memory();
    memcpy(spec->shape, shape, (size_t)rank * sizeof(int64_t));
  }
  return decode_name(ps, name_tok, &spec->name);
}

/* Stores a copy of `value` in *field unless a line already set it. */
static kiln_status *set_once(parser *ps, const char *kw, char **field,
                             span value, int decode) {
  if (*field)
    return line_error(ps, KILN_ERROR_LOAD_FAILED, "duplicate '%s' line", kw);
  if (decode) return decode_name(ps, value, field);
  *field = copy_span(value);
  return *field ? NULL : kiln_internal_out_of_memory();
}

/* Line 1 must be exactly "kiln-model N" with a supported N (2: no
 * execution context, 3: the entry takes one, see kiln_internal.h, 4: it may
 * compute one image of the batch per call). */
static kiln_status *check_header(parser *ps, span line, kiln_model *m) {
  char expected[32];
  for (uint32_t v = KILN_MIN_MODEL_ABI_VERSION; v <= KILN_MODEL_ABI_VERSION; ++v) {
    snprintf(expected, sizeof expected, "kiln-model %u", (unsigned)v);
    if (span_eq(line, expected)) {
      m->model_abi = v;
      return NULL;
    }
  }
  const char *cur = line.p, *end = line.p + line.n;
  span kw, ver, extra;
  uint64_t v;
  if (next_token(&cur, end, &kw) && span_eq(kw, "kiln-model") &&
      next_token(&cur, end, &ver) && !next_token(&cur, end, &extra) &&
      parse_uint(ver, UINT32_MAX, &v))
    return kiln_internal_status_new(
        KILN_ERROR_ABI_MISMATCH,
        "model '%s' was built for model ABI version %u, but this runtime "
        "supports model ABI versions %d to %d",
        ps->path, (unsigned)v, KILN_MIN_MODEL_ABI_VERSION,
        KILN_MODEL_ABI_VERSION);
  char q[64];
  return kiln_internal_status_new(
      KILN_ERROR_ABI_MISMATCH,
      "model '%s': metadata line 1 is '%s', expected '%s' (model ABI version "
      "unknown, this runtime supports model ABI versions %d to %d)",
      ps->path, quote(line, q, sizeof q), expected,
      KILN_MIN_MODEL_ABI_VERSION, KILN_MODEL_ABI_VERSION);
}

static kiln_status *parse_line(parser *ps, span line, kiln_model *m) {
  const char *cur = line.p, *end = line.p + line.n;
  span kw;
  if (!next_token(&cur, end, &kw)) return NULL; /* blank line */
  if (span_eq(kw, "input")) return parse_tensor(ps, cur, end, 1, m);
  if (span_eq(kw, "output")) return parse_tensor(ps, cur, end, 0, m);
  if (span_eq(kw, "kiln-model"))
    return line_error(ps, KILN_ERROR_LOAD_FAILED,
                      "'kiln-model' may only appear on line 1");
  /* name, target and kiln-version may be empty (an ONNX graph often has no
   * name); "name" is one percent-encoded word, the others free text. */
  if (span_eq(kw, "name")) {
    span value = {"", 0}, extra;
    if (next_token(&cur, end, &value) && next_token(&cur, end, &extra))
      return line_error(ps, KILN_ERROR_LOAD_FAILED,
                        "'name' line has more than one word");
    return set_once(ps, "name", &m->name, value, 1);
  }
  if (span_eq(kw, "batch-split")) {
    span value, extra;
    uint64_t images;
    if (m->model_abi < 4)
      return line_error(ps, KILN_ERROR_LOAD_FAILED,
                        "'batch-split' needs model ABI 4 or later");
    if (m->batch_split)
      return line_error(ps, KILN_ERROR_LOAD_FAILED, "duplicate 'batch-split' line");
    if (!next_token(&cur, end, &value) || next_token(&cur, end, &extra) ||
        !parse_uint(value, INT32_MAX, &images) || images < 2)
      return line_error(ps, KILN_ERROR_LOAD_FAILED,
                        "'batch-split' needs one batch size of at least 2");
    m->batch_split = (int64_t)images;
    return NULL;
  }
  int is_arena = span_eq(kw, "arena-bytes");
  if (is_arena || span_eq(kw, "weight-bytes")) {
    span value, extra;
    uint64_t bytes;
    if (!next_token(&cur, end, &value) || next_token(&cur, end, &extra) ||
        !parse_uint(value, INT64_MAX, &bytes))
      return line_error(ps, KILN_ERROR_LOAD_FAILED,
                        "'%s' needs one byte count", is_arena ? "arena-bytes" : "weight-bytes");
    *(is_arena ? &m->arena_bytes : &m->weight_bytes) = (int64_t)bytes;
    return NULL;
  }
  int is_target = span_eq(kw, "target");
  if (is_target || span_eq(kw, "kiln-version")) {
    const char *what = is_target ? "target" : "kiln-version";
    return set_once(ps, what, is_target ? &m->target : &m->compiler_version,
                    rest_of_line(cur, end), 0);
  }
  return NULL; /* unknown keyword: ignored for forward compatibility */
}

kiln_status *kiln_internal_parse_metadata(const char *text, size_t len,
                                          const char *path, kiln_model *m) {
  parser ps = {path, 0, 0, 0};
  const char *p = text, *end = text + len;
  for (;;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = nl ? nl : end;
    span line = {p, (size_t)(line_end - p)};
    ++ps.line_no;
    if (line.n > KILN_MAX_METADATA_LINE)
      return line_error(&ps, KILN_ERROR_LOAD_FAILED,
                        "line is longer than %u bytes", KILN_MAX_METADATA_LINE);
    kiln_status *st =
        ps.line_no == 1 ? check_header(&ps, line, m) : parse_line(&ps, line, m);
    if (st) return st;
    if (!nl) break;
    p = nl + 1;
  }
  if (m->num_outputs == 0)
    return kiln_internal_status_new(KILN_ERROR_LOAD_FAILED,
                                    "model '%s': invalid metadata: no 'output' "
                                    "line (a model needs at least one output)",
                                    path);
  /* A split batch is dimension 0 of every input and output. */
  for (size_t i = 0; m->batch_split && i < m->num_inputs + m->num_outputs; ++i) {
    const int is_input = i < m->num_inputs;
    const kiln_tensor_spec *t = kiln_internal_tensor_spec(m, i);
    if (t->rank < 1 || t->shape[0] != m->batch_split)
      return kiln_internal_status_new(
          KILN_ERROR_LOAD_FAILED,
          "model '%s': invalid metadata: batch-split %lld, but %s '%s' does "
          "not have the batch as its first dimension",
          path, (long long)m->batch_split, is_input ? "input" : "output", t->name);
  }
  static const span empty = {"", 0};
  kiln_status *st = NULL;
  if (!m->name) st = set_once(&ps, "name", &m->name, empty, 0);
  if (!st && !m->target) st = set_once(&ps, "target", &m->target, empty, 0);
  if (!st && !m->compiler_version)
    st = set_once(&ps, "kiln-version", &m->compiler_version, empty, 0);
  return st;
}
