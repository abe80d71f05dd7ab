/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AduanHubError:
 * @ADUAN_HUB_ERROR_BAD_REQUEST: the request is malformed (400)
 * @ADUAN_HUB_ERROR_UNAUTHORIZED: no valid token (401)
 * @ADUAN_HUB_ERROR_FORBIDDEN: the token may not do this (403)
 * @ADUAN_HUB_ERROR_NOT_FOUND: nothing there for this caller (404)
 * @ADUAN_HUB_ERROR_CONFLICT: the request clashes with what is stored (409)
 * @ADUAN_HUB_ERROR_INVALID_TRANSITION: the workflow step does not apply to
 *   the complaint's status (409)
 * @ADUAN_HUB_ERROR_GONE: the resource expired (410)
 * @ADUAN_HUB_ERROR_CODE_USED: an enrollment code was already used (401)
 * @ADUAN_HUB_ERROR_CODE_EXPIRED: an enrollment code expired (401)
 * @ADUAN_HUB_ERROR_CHECKSUM_MISMATCH: a tus chunk does not match its
 *   Upload-Checksum (460)
 * @ADUAN_HUB_ERROR_HASH_MISMATCH: a finished photo does not have the SHA-256
 *   its upload declared (422)
 * @ADUAN_HUB_ERROR_LOCKED: another request is writing the same upload (423)
 *
 * Errors of the hub that map onto an HTTP status; see
 * aduan_hub_error_get_status().
 */
typedef enum {
  ADUAN_HUB_ERROR_BAD_REQUEST,
  ADUAN_HUB_ERROR_UNAUTHORIZED,
  ADUAN_HUB_ERROR_FORBIDDEN,
  ADUAN_HUB_ERROR_NOT_FOUND,
  ADUAN_HUB_ERROR_CONFLICT,
  ADUAN_HUB_ERROR_INVALID_TRANSITION,
  ADUAN_HUB_ERROR_GONE,
  ADUAN_HUB_ERROR_CODE_USED,
  ADUAN_HUB_ERROR_CODE_EXPIRED,
  ADUAN_HUB_ERROR_CHECKSUM_MISMATCH,
  ADUAN_HUB_ERROR_HASH_MISMATCH,
  ADUAN_HUB_ERROR_LOCKED,
} AduanHubError;

#define ADUAN_HUB_ERROR (aduan_hub_error_quark ())
GQuark      aduan_hub_error_quark (void);

guint       aduan_hub_error_get_status (const GError *error);
const char *aduan_hub_error_get_code   (const GError *error);

G_END_DECLS
