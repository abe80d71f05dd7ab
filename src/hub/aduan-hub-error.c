/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-error.h"
#include "aduan-hub-error.h"

G_DEFINE_QUARK (aduan-hub-error-quark, aduan_hub_error)

typedef struct
{
  guint       status;
  const char *code;   /* the "error" member of the JSON answer */
} ErrorInfo;

static const ErrorInfo hub_errors[] = {
  [ADUAN_HUB_ERROR_BAD_REQUEST] = { 400, "bad_request" },
  [ADUAN_HUB_ERROR_UNAUTHORIZED] = { 401, "unauthorized" },
  [ADUAN_HUB_ERROR_FORBIDDEN] = { 403, "forbidden" },
  [ADUAN_HUB_ERROR_NOT_FOUND] = { 404, "not_found" },
  [ADUAN_HUB_ERROR_CONFLICT] = { 409, "conflict" },
  [ADUAN_HUB_ERROR_INVALID_TRANSITION] = { 409, "invalid_transition" },
  [ADUAN_HUB_ERROR_GONE] = { 410, "gone" },
  [ADUAN_HUB_ERROR_CODE_USED] = { 401, "code_used" },
  [ADUAN_HUB_ERROR_CODE_EXPIRED] = { 401, "code_expired" },
  [ADUAN_HUB_ERROR_CHECKSUM_MISMATCH] = { 460, "checksum_mismatch" },
  [ADUAN_HUB_ERROR_HASH_MISMATCH] = { 422, "sha256_mismatch" },
  [ADUAN_HUB_ERROR_LOCKED] = { 423, "locked" },
};

static const ErrorInfo core_errors[] = {
  [ADUAN_ERROR_INVALID_FIELD] = { 422, "invalid_field" },
  [ADUAN_ERROR_INVALID_JSON] = { 400, "invalid_json" },
  [ADUAN_ERROR_NOT_FOUND] = { 404, "not_found" },
  [ADUAN_ERROR_INVALID_CODE] = { 400, "invalid_tracking_code" },
  [ADUAN_ERROR_DISK_FULL] = { 507, "disk_full" },
  [ADUAN_ERROR_READ_ONLY] = { 503, "read_only" },
  [ADUAN_ERROR_CORRUPT] = { 500, "storage_corrupt" },
  [ADUAN_ERROR_STORAGE] = { 500, "storage_error" },
  [ADUAN_ERROR_CONFLICT] = { 409, "conflict" },
  [ADUAN_ERROR_TOO_NEW] = { 500, "storage_too_new" },
};

static const ErrorInfo *
lookup (const GError *error)
{
  static const ErrorInfo internal = { 500, "internal_error" };

  if (error == NULL)
    return &internal;

  if (error->domain == ADUAN_HUB_ERROR &&
      error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (hub_errors))
    return &hub_errors[error->code];

  if (error->domain == ADUAN_ERROR &&
      error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (core_errors))
    return &core_errors[error->code];

  return &internal;
}

/**
 * aduan_hub_error_get_status:
 * @error: (nullable): an error from the hub or from libaduan
 *
 * Returns: the HTTP status that answers a request failing with @error
 */
guint
aduan_hub_error_get_status (const GError *error)
{
  return lookup (error)->status;
}

/**
 * aduan_hub_error_get_code:
 * @error: (nullable): an error from the hub or from libaduan
 *
 * Returns: (transfer none): the stable code for the `error` member of a
 *   JSON error answer
 */
const char *
aduan_hub_error_get_code (const GError *error)
{
  return lookup (error)->code;
}
