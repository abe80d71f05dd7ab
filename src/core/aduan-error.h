/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AduanError:
 * @ADUAN_ERROR_INVALID_FIELD: a field of a record is missing or malformed;
 *   the message names the field
 * @ADUAN_ERROR_INVALID_JSON: a JSON document could not be parsed
 * @ADUAN_ERROR_NOT_FOUND: no record with that identifier
 * @ADUAN_ERROR_INVALID_CODE: a tracking code is malformed or its check
 *   character does not match (a typo)
 * @ADUAN_ERROR_DISK_FULL: the disk is full; nothing was written
 * @ADUAN_ERROR_READ_ONLY: the data store cannot be written to
 * @ADUAN_ERROR_CORRUPT: the data store is damaged or not a database
 * @ADUAN_ERROR_STORAGE: any other storage failure
 * @ADUAN_ERROR_CONFLICT: the same identifier already holds different content
 * @ADUAN_ERROR_TOO_NEW: the data store was written by a newer Aduan
 *
 * Errors raised by libaduan.
 */
typedef enum {
  ADUAN_ERROR_INVALID_FIELD,
  ADUAN_ERROR_INVALID_JSON,
  ADUAN_ERROR_NOT_FOUND,
  ADUAN_ERROR_INVALID_CODE,
  ADUAN_ERROR_DISK_FULL,
  ADUAN_ERROR_READ_ONLY,
  ADUAN_ERROR_CORRUPT,
  ADUAN_ERROR_STORAGE,
  ADUAN_ERROR_CONFLICT,
  ADUAN_ERROR_TOO_NEW,
} AduanError;

#define ADUAN_ERROR (aduan_error_quark ())
GQuark aduan_error_quark (void);

G_END_DECLS
