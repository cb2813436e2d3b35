/*
 * rxrules: verify chemotherapy orders against compiled rule packs.
 * C ABI, version 1 (shared/spec/c-abi.md). C99 and C++; standard C headers only.
 *
 * Ownership, once for every function:
 *   - const char* results (rxr_version, rxr_engine_fingerprint,
 *     rxr_status_name) are borrowed: never free them.
 *   - char** out parameters receive malloc'ed, NUL-terminated strings that the
 *     caller owns and releases with rxr_free. On success *out_error is NULL.
 *   - An rxr_engine belongs to the caller from rxr_engine_open until
 *     rxr_engine_close.
 *
 * Thread safety: rxr_verify may be called from any number of threads at
 * once on one engine, also while another thread calls rxr_engine_reload;
 * each call answers wholly with the rules in force when it started (the
 * response's fingerprint says which). rxr_engine_close must not race with
 * other calls on the same engine.
 *
 * Failure: no function aborts, throws, or writes to stdout or stderr. Every
 * failure is a status and, where the function has one, a message.
 */
#ifndef RXRULES_RXRULES_H
#define RXRULES_RXRULES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define RXR_API __attribute__((visibility("default")))
#else
#define RXR_API
#endif

#define RXR_ABI_VERSION 1

typedef enum rxr_status {
  RXR_OK = 0,
  RXR_INVALID_ARGUMENT = 1,     /* NULL where a pointer is required, bad length */
  RXR_RULES_ERROR = 2,          /* rule files do not load: syntax, type, unit errors */
  RXR_REQUEST_ERROR = 3,        /* the request is not a JSON object / too large / too deep */
  RXR_IO_ERROR = 4,             /* a path cannot be read */
  RXR_FINGERPRINT_MISMATCH = 5, /* the rules are not the ones pinned */
  RXR_INTERNAL_ERROR = 6        /* a bug in rxrules: please report the message */
} rxr_status;

/* An open engine: compiled rules, ready to verify. Opaque. */
typedef struct rxr_engine rxr_engine;

/* RXR_ABI_VERSION of the plugin. A host compiled against this header checks
   rxr_abi_version() == RXR_ABI_VERSION before calling anything else. */
RXR_API uint32_t rxr_abi_version(void);

/* The plugin's version, e.g. "0.1.0". Static; never NULL. */
RXR_API const char *rxr_version(void);

/* Loads and compiles rules and opens an engine on them.
   rules_path: a .rxr file, or a rule pack folder (its pack.rxr, else every
   .rxr file in it). NULL opens the pack embedded in a rule-pack plugin; the
   generic plugin has none and answers RXR_INVALID_ARGUMENT.
   On RXR_OK, *out_engine is the new engine and *out_error is NULL.
   On failure, *out_engine is NULL and *out_error a message; for
   RXR_RULES_ERROR it lists every diagnostic as "file:line:col: error: ...".
   out_engine must not be NULL; out_error may be NULL to ignore the message.
   Statuses: RXR_OK, RXR_INVALID_ARGUMENT, RXR_RULES_ERROR, RXR_IO_ERROR,
   RXR_INTERNAL_ERROR. */
RXR_API rxr_status rxr_engine_open(const char *rules_path, rxr_engine **out_engine,
                                   char **out_error);

/* Like rxr_engine_open, but refuses with RXR_FINGERPRINT_MISMATCH (and no
   engine) unless the loaded rules' fingerprint equals expected_fingerprint,
   "sha256:<64 hex digits>". Use it to run exactly the rules a release
   approved. expected_fingerprint must not be NULL. */
RXR_API rxr_status rxr_engine_open_pinned(const char *rules_path, const char *expected_fingerprint,
                                          rxr_engine **out_engine, char **out_error);

/* Verifies one request: request_len bytes of JSON at request (no NUL needed).
   On RXR_OK, *out_response is the response JSON (request-response.md),
   whatever the verdict, and *out_len its length if out_len is not NULL.
   On RXR_REQUEST_ERROR (not a JSON object, truncated, too deep, too large),
   *out_response is {"error": "..."} and no verdict is given.
   On other failures *out_response is {"error": "..."} as well.
   engine, request and out_response must not be NULL.
   Thread-safe (see the top of this file). */
RXR_API rxr_status rxr_verify(rxr_engine *engine, const char *request, size_t request_len,
                              char **out_response, size_t *out_len);

/* Replaces the engine's rules with those at rules_path (NULL: the embedded
   pack) atomically. Verifications in flight finish with the old rules. On
   failure the old rules stay in force and *out_error says why.
   Statuses as for rxr_engine_open. */
RXR_API rxr_status rxr_engine_reload(rxr_engine *engine, const char *rules_path, char **out_error);

/* "sha256:<hex>" of the rules in force: the SHA-256 of the pack's files
   (names and bytes, in name order). Record it with every verification.
   Borrowed; valid until the next rxr_engine_reload or rxr_engine_close.
   NULL engine: "". */
RXR_API const char *rxr_engine_fingerprint(const rxr_engine *engine);

/* Closes the engine and frees its rules. NULL is a no-op. */
RXR_API void rxr_engine_close(rxr_engine *engine);

/* Frees a string this API returned through an out parameter. NULL is a no-op. */
RXR_API void rxr_free(void *p);

/* "RXR_OK", "RXR_INVALID_ARGUMENT", ...; "RXR_UNKNOWN_STATUS" for other values.
   Static; never NULL. */
RXR_API const char *rxr_status_name(rxr_status s);

#ifdef __cplusplus
}
#endif

#endif /* RXRULES_RXRULES_H */
