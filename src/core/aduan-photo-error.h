/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AduanPhotoError:
 * @ADUAN_PHOTO_ERROR_NOT_FOUND: the file does not exist, or vanished while
 *   it was being read
 * @ADUAN_PHOTO_ERROR_UNREADABLE: the file cannot be read: permissions, an
 *   I/O error, not a regular file, or it changed while being read
 * @ADUAN_PHOTO_ERROR_EMPTY: the file holds no bytes
 * @ADUAN_PHOTO_ERROR_UNSUPPORTED: not an image format this computer can
 *   read (HEIC without a loader, documents, videos)
 * @ADUAN_PHOTO_ERROR_CORRUPT: the image is damaged beyond decoding
 * @ADUAN_PHOTO_ERROR_TRUNCATED: the file ends before the image does (an
 *   interrupted copy or download)
 * @ADUAN_PHOTO_ERROR_TOO_LARGE: too many pixels or bytes to decode within
 *   the memory limit
 * @ADUAN_PHOTO_ERROR_TOO_MANY: more photos than one complaint may hold
 * @ADUAN_PHOTO_ERROR_CHECKSUM: a stored photo no longer matches the SHA-256
 *   it is named by
 *
 * Errors about photos. Messages name the file the person chose. Failures
 * to write the photo folder use %ADUAN_ERROR (%ADUAN_ERROR_DISK_FULL,
 * %ADUAN_ERROR_READ_ONLY, %ADUAN_ERROR_STORAGE) like the rest of the store.
 */
typedef enum {
  ADUAN_PHOTO_ERROR_NOT_FOUND,
  ADUAN_PHOTO_ERROR_UNREADABLE,
  ADUAN_PHOTO_ERROR_EMPTY,
  ADUAN_PHOTO_ERROR_UNSUPPORTED,
  ADUAN_PHOTO_ERROR_CORRUPT,
  ADUAN_PHOTO_ERROR_TRUNCATED,
  ADUAN_PHOTO_ERROR_TOO_LARGE,
  ADUAN_PHOTO_ERROR_TOO_MANY,
  ADUAN_PHOTO_ERROR_CHECKSUM,
} AduanPhotoError;

#define ADUAN_PHOTO_ERROR (aduan_photo_error_quark ())
GQuark aduan_photo_error_quark (void);

G_END_DECLS
