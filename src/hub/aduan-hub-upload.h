/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AduanHubUpload:
 * @id: the tus upload's ID, the last segment of its URL
 * @device_id: the device that created it; nobody else sees it
 * @complaint_uuid: the complaint the photo belongs to
 * @sha256: the SHA-256 the finished file must have, lower-case hex
 * @length: the Upload-Length, in bytes
 * @filename: (nullable): the file name the client gave
 * @content_type: the photo's MIME type
 * @metadata: (nullable): the Upload-Metadata header as received, for HEAD
 * @created_at: when it was created, UTC microseconds
 * @expires_at: when an unfinished upload is thrown away
 * @completed_at: when the photo was attached, else 0
 *
 * A tus upload of one photo. Its bytes live in a file named after @id
 * until they are complete and checked.
 */
/* An upload's ID: this many random bytes, in hex. */
#define ADUAN_HUB_UPLOAD_ID_BYTES 16

typedef struct
{
  char   *id;              /* (owned) */
  char   *device_id;       /* (owned) */
  char   *complaint_uuid;  /* (owned) */
  char   *sha256;          /* (owned) */
  gint64  length;
  char   *filename;        /* (owned) (nullable) */
  char   *content_type;    /* (owned) */
  char   *metadata;        /* (owned) (nullable) */
  gint64  created_at;
  gint64  expires_at;
  gint64  completed_at;
} AduanHubUpload;

AduanHubUpload *aduan_hub_upload_new  (void);
AduanHubUpload *aduan_hub_upload_copy (const AduanHubUpload *upload);
void            aduan_hub_upload_free (AduanHubUpload       *upload);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHubUpload, aduan_hub_upload_free)

G_END_DECLS
