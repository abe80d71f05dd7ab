/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "aduan-sync-error.h"

G_DEFINE_QUARK (aduan-sync-error-quark, aduan_sync_error)

/**
 * aduan_sync_error_is_transient:
 * @error: a sync error
 *
 * Returns: whether trying the same thing again later can succeed without
 *   anybody doing anything
 */
gboolean
aduan_sync_error_is_transient (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain != ADUAN_SYNC_ERROR)
    return FALSE;

  switch ((AduanSyncError) error->code)
    {
    case ADUAN_SYNC_ERROR_UNREACHABLE:
    case ADUAN_SYNC_ERROR_CONNECTION_LOST:
    case ADUAN_SYNC_ERROR_HUB_BUSY:
    case ADUAN_SYNC_ERROR_HUB_FAILED:
    case ADUAN_SYNC_ERROR_CHECKSUM:
    case ADUAN_SYNC_ERROR_LOCKED:
    /* A captive portal or a proxy's error page answers in its place. */
    case ADUAN_SYNC_ERROR_PROTOCOL:
      return TRUE;

    case ADUAN_SYNC_ERROR_NOT_ENROLLED:
    case ADUAN_SYNC_ERROR_ENROLL_AGAIN:
    case ADUAN_SYNC_ERROR_TLS:
    case ADUAN_SYNC_ERROR_REFUSED:
    case ADUAN_SYNC_ERROR_PHOTO_MISSING:
    case ADUAN_SYNC_ERROR_INVALID_CODE:
    case ADUAN_SYNC_ERROR_INVALID_URL:
    case ADUAN_SYNC_ERROR_CREDENTIALS:
    default:
      return FALSE;
    }
}
