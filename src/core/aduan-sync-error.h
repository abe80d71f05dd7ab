/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AduanSyncError:
 * @ADUAN_SYNC_ERROR_NOT_ENROLLED: the device has no hub yet; enroll it
 * @ADUAN_SYNC_ERROR_ENROLL_AGAIN: the hub refused the device's token
 *   (revoked, or the hub was reset); enroll the device again
 * @ADUAN_SYNC_ERROR_UNREACHABLE: the hub cannot be reached (no network,
 *   wrong address, proxy or hub down); nothing was sent
 * @ADUAN_SYNC_ERROR_CONNECTION_LOST: the connection dropped or stalled in
 *   the middle of a request; what the hub holds is resumed from
 * @ADUAN_SYNC_ERROR_TLS: the hub's certificate could not be trusted
 * @ADUAN_SYNC_ERROR_HUB_BUSY: the hub asked to come back later (429, 503)
 * @ADUAN_SYNC_ERROR_HUB_FAILED: the hub had an internal failure (5xx)
 * @ADUAN_SYNC_ERROR_REFUSED: the hub refused an item for good (409, 422 and
 *   other 4xx): retrying the same thing cannot help
 * @ADUAN_SYNC_ERROR_PROTOCOL: the answer was not what the protocol says;
 *   the address is probably not an Aduan hub
 * @ADUAN_SYNC_ERROR_PHOTO_MISSING: a photo of the complaint is missing or
 *   damaged on this device
 * @ADUAN_SYNC_ERROR_CHECKSUM: the server's copy of an upload did not match
 *   its SHA-256 and was thrown away; it is sent again
 * @ADUAN_SYNC_ERROR_LOCKED: another program is syncing this device's data
 * @ADUAN_SYNC_ERROR_INVALID_CODE: the enrollment code was refused
 * @ADUAN_SYNC_ERROR_INVALID_URL: the hub address is not an http(s) URL
 * @ADUAN_SYNC_ERROR_CREDENTIALS: the device's token could not be kept or
 *   read (keyring or file)
 *
 * Errors of enrollment and sync. Every message is a translated sentence
 * saying what happened and what a person can do about it.
 */
typedef enum {
  ADUAN_SYNC_ERROR_NOT_ENROLLED,
  ADUAN_SYNC_ERROR_ENROLL_AGAIN,
  ADUAN_SYNC_ERROR_UNREACHABLE,
  ADUAN_SYNC_ERROR_CONNECTION_LOST,
  ADUAN_SYNC_ERROR_TLS,
  ADUAN_SYNC_ERROR_HUB_BUSY,
  ADUAN_SYNC_ERROR_HUB_FAILED,
  ADUAN_SYNC_ERROR_REFUSED,
  ADUAN_SYNC_ERROR_PROTOCOL,
  ADUAN_SYNC_ERROR_PHOTO_MISSING,
  ADUAN_SYNC_ERROR_CHECKSUM,
  ADUAN_SYNC_ERROR_LOCKED,
  ADUAN_SYNC_ERROR_INVALID_CODE,
  ADUAN_SYNC_ERROR_INVALID_URL,
  ADUAN_SYNC_ERROR_CREDENTIALS,
} AduanSyncError;

#define ADUAN_SYNC_ERROR (aduan_sync_error_quark ())
GQuark   aduan_sync_error_quark         (void);

gboolean aduan_sync_error_is_transient  (const GError *error);

G_END_DECLS
