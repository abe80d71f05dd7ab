/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-sync-http.h"

G_BEGIN_DECLS

/**
 * AduanTusServerInfo:
 * @versions_ok: the server speaks tus 1.0.0
 * @creation: it offers the creation extension
 * @checksum_sha256: it checks `Upload-Checksum: sha256 …` on a PATCH
 * @max_size: the largest upload it takes, 0 when it does not say
 *
 * What a tus server told an OPTIONS request.
 */
typedef struct
{
  gboolean versions_ok;
  gboolean creation;
  gboolean checksum_sha256;
  gint64   max_size;
} AduanTusServerInfo;

/**
 * AduanTusSaveUrlFunc:
 * @upload_url: the new upload's absolute URL
 * @user_data: the upload's @user_data
 * @error: return location for a #GError
 *
 * Keeps an upload's URL durably, before any of its bytes are sent, so a
 * program killed halfway resumes the same upload instead of starting over.
 *
 * Returns: %FALSE to stop the upload with @error set
 */
typedef gboolean (*AduanTusSaveUrlFunc) (const char  *upload_url,
                                         gpointer     user_data,
                                         GError     **error);

/**
 * AduanTusProgressFunc:
 * @offset: bytes of the file the server holds, or is being sent
 * @length: the file's size
 * @user_data: the upload's @user_data
 */
typedef void (*AduanTusProgressFunc) (gint64   offset,
                                      gint64   length,
                                      gpointer user_data);

/**
 * AduanTusUpload:
 * @endpoint: the creation URL, e.g. `v1/uploads` (relative to the
 *   client's base URL) or absolute
 * @path: the local file to send
 * @length: its size; the file must have at least this many bytes
 * @metadata: (nullable): the `Upload-Metadata` value, see
 *   aduan_tus_build_metadata()
 * @chunk_size: bytes per PATCH; 0 sends the rest of the file in one
 *   streamed PATCH, which a server keeps up to the last byte that arrived
 * @checksum: send `Upload-Checksum: sha256` with each PATCH (only if the
 *   server has it: see aduan_tus_discover())
 * @upload_url: (nullable) (owned): in: an upload to resume; out: the
 *   upload in use
 * @fresh: in: @upload_url was just created (by the server, as the hub does
 *   when asked with `?uploads=create`) and holds no byte yet: the first
 *   PATCH goes at offset 0 without asking HEAD
 * @offset: out: bytes the server holds
 * @bytes_sent: out: request body bytes sent, resent ones included
 * @save_url: (nullable): keeps a new upload URL
 * @progress: (nullable): reports bytes going out
 * @user_data: for the two functions
 *
 * One file to upload, and where its upload stands.
 */
typedef struct
{
  const char           *endpoint;
  const char           *path;
  gint64                length;
  const char           *metadata;
  gsize                 chunk_size;
  gboolean              checksum;
  char                 *upload_url;
  gboolean              fresh;
  gint64                offset;
  gint64                bytes_sent;
  AduanTusSaveUrlFunc   save_url;
  AduanTusProgressFunc  progress;
  gpointer              user_data;
} AduanTusUpload;

gboolean aduan_tus_discover       (AduanHttpClient    *http,
                                   const char         *endpoint,
                                   AduanTusServerInfo *out_info,
                                   GError            **error);
char    *aduan_tus_build_metadata (const char         *first_key,
                                   ...) G_GNUC_NULL_TERMINATED;
gboolean aduan_tus_upload_run     (AduanHttpClient    *http,
                                   AduanTusUpload     *upload,
                                   GError            **error);
void     aduan_tus_upload_clear   (AduanTusUpload     *upload);

G_END_DECLS
