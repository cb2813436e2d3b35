/*
 * rxrules: verify chemotherapy orders against compiled rule packs.
 * C ABI, version 1 with the 1.1 additions (shared/spec/c-abi.md). C99 and
 * C++; standard C headers only.
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
   rules_path: a .rxr file, a rule pack folder (its pack.rxr, else every
   .rxr file in it), or a catalogue folder of packs (rules/: each order is
   answered by the pack of its drug). NULL opens the rules embedded in a
   rule-pack plugin; the generic plugin has none and answers
   RXR_INVALID_ARGUMENT.
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
   failure the old rules stay in force and *out_error says why. An engine
   opened with rxr_engine_open_pinned (or pinned by rxr_engine_reload_pinned)
   keeps its pin: rules with another fingerprint are refused with
   RXR_FINGERPRINT_MISMATCH (1.1).
   Statuses as for rxr_engine_open, and RXR_FINGERPRINT_MISMATCH. */
RXR_API rxr_status rxr_engine_reload(rxr_engine *engine, const char *rules_path, char **out_error);

/* "sha256:<hex>" of the rules in force: the SHA-256 of the rule files
   (names and bytes, in name order). Record it with every verification.
   Borrowed. Every fingerprint an engine has returned stays valid until
   rxr_engine_close, so this is safe while another thread reloads (1.1).
   NULL engine: "". */
RXR_API const char *rxr_engine_fingerprint(const rxr_engine *engine);

/* Closes the engine and frees its rules. NULL is a no-op. */
RXR_API void rxr_engine_close(rxr_engine *engine);

/* Frees a string this API returned through an out parameter. NULL is a no-op. */
RXR_API void rxr_free(void *p);

/* "RXR_OK", "RXR_INVALID_ARGUMENT", ...; "RXR_UNKNOWN_STATUS" for other values.
   Static; never NULL. */
RXR_API const char *rxr_status_name(rxr_status s);

/* ---- Version 1.1 (shared/spec/c-abi.md, "Version 1.1: additions").
   RXR_ABI_VERSION stays 1: a host detects these functions with dlsym. */

/* A copy of the fingerprint in force, malloc'ed (free with rxr_free).
   Statuses: RXR_OK, RXR_INVALID_ARGUMENT (NULL engine or out pointer),
   RXR_INTERNAL_ERROR. */
RXR_API rxr_status rxr_engine_fingerprint_copy(const rxr_engine *engine, char **out_fingerprint);

/* JSON describing what is loaded, malloc'ed (free with rxr_free):
   {"abi": 1, "engine": "<version>", "fingerprint": "sha256:...",
    "packs": [{"name", "version", "fingerprint", "drug", "aka": [...],
               "policies": {"NAME": "value with unit"}, "notices": [...]}]}
   Statuses as rxr_engine_fingerprint_copy. */
RXR_API rxr_status rxr_engine_info(const rxr_engine *engine, char **out_json);

/* Reloads only rules whose fingerprint is expected_fingerprint
   ("sha256:" and 64 lower-case hex digits), and pins the engine to it: from
   then on rxr_engine_reload accepts only rules with that fingerprint. A path
   that does not load answers as rxr_engine_reload does; other rules give
   RXR_FINGERPRINT_MISMATCH; either way the old rules stay in force. A
   malformed expected_fingerprint is RXR_INVALID_ARGUMENT. */
RXR_API rxr_status rxr_engine_reload_pinned(rxr_engine *engine, const char *rules_path,
                                            const char *expected_fingerprint, char **out_error);

#define RXR_VERIFY_EXPLAIN 1u /* add "explain" to the JSON response */
#define RXR_VERIFY_TEXT 2u    /* answer with the pharmacist's text report instead of JSON */

/* Options of rxr_verify_ex. Set struct_size to sizeof(rxr_verify_options):
   fields added later are read only when struct_size covers them. */
typedef struct rxr_verify_options {
  size_t struct_size;
  uint32_t flags; /* RXR_VERIFY_* */
} rxr_verify_options;

/* rxr_verify with options; NULL options is rxr_verify. A struct_size
   smaller than this version's struct, or a flag this plugin does not know,
   is RXR_INVALID_ARGUMENT. EXPLAIN with TEXT: the text report with its
   explanation. On RXR_REQUEST_ERROR the answer is the JSON error object
   whatever the flags. */
RXR_API rxr_status rxr_verify_ex(rxr_engine *engine, const char *request, size_t request_len,
                                 const rxr_verify_options *options, char **out_response, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* RXRULES_RXRULES_H */
