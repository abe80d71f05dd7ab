/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "aduan-error.h"
#include "aduan-hub-auth.h"
#include "aduan-hub-error.h"
#include "aduan-hub-response.h"
#include "aduan-hub-server-private.h"

/*
 * Photos by tus 1.0.0 (https://tus.io/protocols/resumable-upload): core,
 * creation, checksum, termination and expiration, at /v1/uploads.
 *
 * A PATCH body is not held in memory: it is written to the upload's file
 * as it arrives, so a connection that drops halfway keeps what it
 * delivered and the next PATCH resumes from there. With Upload-Checksum
 * the chunk is all or nothing instead: it is cut off again unless it
 * arrived whole and matches. The SHA-256 of the whole file is kept as the
 * bytes go by and must equal the one the upload declared before the photo
 * is moved to photos/SHA256 (fsync'ed, renamed, folder fsync'ed) and only
 * then attached to the complaint in the database.
 */

#define TUS_VERSION "1.0.0"
#define TUS_EXTENSIONS "creation,checksum,termination,expiration"
#define TUS_CHECKSUMS "sha1,sha256"
#define OFFSET_TYPE "application/offset+octet-stream"
#define UPLOAD_ID_BYTES ADUAN_HUB_UPLOAD_ID_BYTES
#define MAX_METADATA_LENGTH 4096
#define MAX_FILENAME_LENGTH 255

struct _AduanHubTusHash
{
  GChecksum *sha256;  /* (owned) of the file's first @offset bytes */
  gint64     offset;
};

struct _AduanHubTusStream
{
  AduanHubServer *server;         /* (unowned) */
  char           *upload_id;      /* (owned) */
  AduanHubUpload *upload;         /* (owned) */
  int             fd;
  gint64          start;          /* the offset the PATCH began at */
  gint64          written;
  GChecksum      *chunk;          /* (owned) (nullable) for Upload-Checksum */
  guint8          expected[32];   /* the chunk's declared digest */
  gsize           expected_length;
  GChecksum      *hash_at_start;  /* (owned) to roll the file's hash back */
  gboolean        ended;
};

void
_aduan_hub_tus_hash_free (AduanHubTusHash *hash)
{
  if (hash == NULL)
    return;

  g_checksum_free (hash->sha256);
  g_free (hash);
}

/**
 * _aduan_hub_tus_add_headers:
 * @msg: a request to /v1/uploads
 *
 * Adds Tus-Resumable, and what lets a tus client in a browser read the
 * answer.
 */
void
_aduan_hub_tus_add_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Tus-Resumable", TUS_VERSION);
  soup_message_headers_replace (headers, "Access-Control-Allow-Origin", "*");
  soup_message_headers_replace (headers, "Access-Control-Expose-Headers",
                                "Location, Upload-Offset, Upload-Length, Upload-Metadata, Upload-Expires, "
                                "Tus-Resumable, Tus-Version, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm");
}

/**
 * _aduan_hub_tus_check_version:
 * @msg: a tus request other than OPTIONS
 *
 * Returns: %TRUE if @msg speaks tus 1.0.0; otherwise it was answered 412
 */
gboolean
_aduan_hub_tus_check_version (SoupServerMessage *msg)
{
  const char *version = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "Tus-Resumable");

  if (g_strcmp0 (version, TUS_VERSION) == 0)
    return TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Tus-Version", TUS_VERSION);
  aduan_hub_reply_error (msg, SOUP_STATUS_PRECONDITION_FAILED, "tus_version",
                         "This hub speaks tus " TUS_VERSION "; send Tus-Resumable: " TUS_VERSION);
  return FALSE;
}

static void
set_offset_header (SoupServerMessage *msg,
                   gint64             offset)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, offset);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Upload-Offset", text);
}

static void
set_expires_header (SoupServerMessage    *msg,
                    const AduanHubUpload *upload)
{
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *text = NULL;

  if (upload->completed_at != 0)
    return;

  expires = g_date_time_new_from_unix_utc (upload->expires_at / G_USEC_PER_SEC);
  text = soup_date_time_to_string (expires, SOUP_DATE_HTTP);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Upload-Expires", text);
}

static char *
upload_path (AduanHubServer *self,
             const char     *id)
{
  return g_build_filename (self->uploads_dir, id, NULL);
}

static char *
photo_path (AduanHubServer *self,
            const char     *sha256)
{
  return g_build_filename (self->photos_dir, sha256, NULL);
}

static gboolean
is_upload_id (const char *id)
{
  if (id == NULL || strlen (id) != UPLOAD_ID_BYTES * 2)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;

  return TRUE;
}

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;

  return TRUE;
}

static gboolean
parse_offset (const char *text,
              gint64     *out)
{
  guint64 value;
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text) || strlen (text) > 18)
    return FALSE;

  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0')
    return FALSE;

  *out = (gint64) value;
  return TRUE;
}

/* The bytes the hub holds of an upload: its file's size. The file stays
 * until the photo is recorded as attached, so an attempt that failed
 * halfway through finishing is simply finished again. */
static gint64
current_offset (AduanHubServer       *self,
                const AduanHubUpload *upload)
{
  g_autofree char *path = upload_path (self, upload->id);
  GStatBuf info;

  if (upload->completed_at != 0)
    return upload->length;

  if (g_stat (path, &info) == 0)
    return info.st_size;

  return 0;
}

/* Looks up an upload for its owner; anyone else is told it is not there. */
static AduanHubUpload *
lookup_upload (AduanHubServer    *self,
               SoupServerMessage *msg,
               AduanHubRequest   *request)
{
  g_autoptr(AduanHubUpload) upload = NULL;
  g_autoptr(GError) error = NULL;

  if (!is_upload_id (request->param))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such upload");
      return NULL;
    }

  upload = aduan_hub_storage_get_upload (self->reader, request->param, &error);
  if (error != NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return NULL;
    }

  if (upload == NULL || g_strcmp0 (upload->device_id, request->device->id) != 0)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such upload");
      return NULL;
    }

  if (upload->completed_at == 0 && _aduan_hub_now () >= upload->expires_at)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_GONE, "upload_expired",
                             "This upload expired; create a new one");
      return NULL;
    }

  return g_steal_pointer (&upload);
}

/* The SHA-256 of the bytes held so far: kept as they arrive, and read
 * again from the file after a restart. */
static AduanHubTusHash *
get_running_hash (AduanHubServer  *self,
                  const char      *id,
                  gint64           offset,
                  GError         **error)
{
  AduanHubTusHash *hash = g_hash_table_lookup (self->tus_hashes, id);
  g_autofree char *path = NULL;
  g_autofree guint8 *buffer = NULL;
  gint64 remaining = offset;
  int fd;

  if (hash != NULL && hash->offset == offset)
    return hash;

  hash = g_new0 (AduanHubTusHash, 1);
  hash->sha256 = g_checksum_new (G_CHECKSUM_SHA256);
  g_hash_table_replace (self->tus_hashes, g_strdup (id), hash);

  if (offset == 0)
    return hash;

  path = upload_path (self, id);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    goto failed;

  buffer = g_malloc (65536);
  while (remaining > 0)
    {
      ssize_t n = read (fd, buffer, MIN (65536, remaining));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          close (fd);
          goto failed;
        }
      g_checksum_update (hash->sha256, buffer, n);
      remaining -= n;
    }
  close (fd);

  hash->offset = offset;
  return hash;

failed:
  g_hash_table_remove (self->tus_hashes, id);
  g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_STORAGE, "Cannot read back upload %s", id);
  return NULL;
}

static gboolean
parse_checksum (const char        *header,
                AduanHubTusStream *stream)
{
  g_auto(GStrv) parts = g_strsplit (header, " ", 3);
  g_autofree guchar *digest = NULL;
  GChecksumType type;
  gsize length = 0;

  if (g_strv_length (parts) != 2)
    return FALSE;

  if (g_ascii_strcasecmp (parts[0], "sha1") == 0)
    type = G_CHECKSUM_SHA1;
  else if (g_ascii_strcasecmp (parts[0], "sha256") == 0)
    type = G_CHECKSUM_SHA256;
  else
    return FALSE;

  for (const char *p = parts[1]; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;

  digest = g_base64_decode (parts[1], &length);
  if (length != (gsize) g_checksum_type_get_length (type))
    return FALSE;

  memcpy (stream->expected, digest, length);
  stream->expected_length = length;
  stream->chunk = g_checksum_new (type);
  return TRUE;
}

void
_aduan_hub_tus_stream_free (AduanHubTusStream *stream)
{
  if (stream == NULL)
    return;

  if (stream->fd >= 0)
    close (stream->fd);
  g_free (stream->upload_id);
  aduan_hub_upload_free (stream->upload);
  g_clear_pointer (&stream->chunk, g_checksum_free);
  g_clear_pointer (&stream->hash_at_start, g_checksum_free);
  g_free (stream);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHubTusStream, _aduan_hub_tus_stream_free)

/* Ends a stream: keeps its bytes (made durable) or cuts the file back to
 * where the PATCH began and forgets their hash. */
static gboolean
end_stream (AduanHubServer    *self,
            AduanHubTusStream *stream,
            gboolean           keep)
{
  gboolean ok = TRUE;

  if (stream->ended)
    return TRUE;
  stream->ended = TRUE;
  g_hash_table_remove (self->tus_streams, stream->upload_id);

  if (keep && fdatasync (stream->fd) != 0)
    keep = ok = FALSE;

  if (!keep)
    {
      AduanHubTusHash *hash = g_hash_table_lookup (self->tus_hashes, stream->upload_id);

      if (ftruncate (stream->fd, stream->start) != 0 || fdatasync (stream->fd) != 0)
        {
          /* What the file holds is unknown now: the next PATCH reads it
           * back to hash it. */
          g_hash_table_remove (self->tus_hashes, stream->upload_id);
          ok = FALSE;
        }
      else if (hash != NULL)
        {
          g_checksum_free (hash->sha256);
          hash->sha256 = g_steal_pointer (&stream->hash_at_start);
          hash->offset = stream->start;
        }
    }

  close (stream->fd);
  stream->fd = -1;

  return ok;
}

static void
fail_stream (AduanHubServer    *self,
             SoupServerMessage *msg,
             AduanHubTusStream *stream,
             int                saved_errno)
{
  end_stream (self, stream, FALSE);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);

  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    aduan_hub_reply_error (msg, SOUP_STATUS_INSUFFICIENT_STORAGE, "disk_full",
                           "The hub’s disk is full; try again later");
  else
    aduan_hub_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "storage_error",
                           "The hub could not store the upload; try again later");
}

/**
 * _aduan_hub_tus_begin_patch:
 * @self: the server
 * @msg: a PATCH whose headers are in
 * @request: its request
 *
 * Checks a PATCH before its body comes and readies the upload's file for
 * it; on any problem @msg is answered and its body will be dropped.
 */
void
_aduan_hub_tus_begin_patch (AduanHubServer    *self,
                            SoupServerMessage *msg,
                            AduanHubRequest   *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(AduanHubUpload) upload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanHubTusStream) stream = NULL;
  g_autofree char *path = NULL;
  AduanHubTusHash *hash;
  const char *checksum;
  const char *content_type;
  goffset content_length;
  gint64 offset, held;

  if (!_aduan_hub_tus_check_version (msg))
    return;

  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (g_strcmp0 (content_type, OFFSET_TYPE) != 0)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "wrong_content_type",
                             "A PATCH carries Content-Type: " OFFSET_TYPE);
      return;
    }

  if (!parse_offset (soup_message_headers_get_one (headers, "Upload-Offset"), &offset))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_offset",
                             "Upload-Offset must be the number of bytes the hub holds");
      return;
    }

  upload = lookup_upload (self, msg, request);
  if (upload == NULL)
    return;

  if (g_hash_table_contains (self->tus_streams, upload->id))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_LOCKED, "locked",
                             "Another request is sending this upload; try again shortly");
      return;
    }

  held = current_offset (self, upload);
  if (offset != held)
    {
      set_offset_header (msg, held);
      aduan_hub_reply_error (msg, SOUP_STATUS_CONFLICT, "offset_mismatch",
                             "The hub holds %" G_GINT64_FORMAT " bytes of this upload, not %" G_GINT64_FORMAT,
                             held, offset);
      return;
    }

  content_length = soup_message_headers_get_content_length (headers);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      offset + content_length > upload->length)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "exceeds_upload_length",
                             "The chunk goes past the Upload-Length of %" G_GINT64_FORMAT " bytes",
                             upload->length);
      return;
    }

  stream = g_new0 (AduanHubTusStream, 1);
  stream->fd = -1;

  checksum = soup_message_headers_get_one (headers, "Upload-Checksum");
  if (checksum != NULL && !parse_checksum (checksum, stream))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_checksum",
                             "Upload-Checksum must be “sha1 BASE64” or “sha256 BASE64”");
      return;
    }

  /* Complete already: nothing to write; the handler attaches the photo. */
  if (offset == upload->length)
    return;

  hash = get_running_hash (self, upload->id, offset, &error);
  if (hash == NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  path = upload_path (self, upload->id);
  stream->fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (stream->fd < 0 || lseek (stream->fd, offset, SEEK_SET) != offset)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "storage_error",
                             "The hub could not open the upload; try again later");
      return;
    }

  stream->server = self;
  stream->upload_id = g_strdup (upload->id);
  stream->upload = g_steal_pointer (&upload);
  stream->start = offset;
  stream->hash_at_start = g_checksum_copy (hash->sha256);

  g_hash_table_insert (self->tus_streams, g_strdup (stream->upload_id), stream);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  request->stream = g_steal_pointer (&stream);
}

/**
 * _aduan_hub_tus_got_chunk:
 * @self: the server
 * @msg: a PATCH
 * @request: its request
 * @chunk: the next bytes of its body
 *
 * Writes @chunk to the upload's file.
 */
void
_aduan_hub_tus_got_chunk (AduanHubServer    *self,
                          SoupServerMessage *msg,
                          AduanHubRequest   *request,
                          GBytes            *chunk)
{
  AduanHubTusStream *stream = request->stream;
  AduanHubTusHash *hash;
  const guint8 *data;
  gsize length, done = 0;

  if (stream->ended)
    return;

  data = g_bytes_get_data (chunk, &length);
  if (stream->start + stream->written + (gint64) length > stream->upload->length)
    {
      end_stream (self, stream, FALSE);
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      aduan_hub_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "exceeds_upload_length",
                             "The chunk goes past the Upload-Length of %" G_GINT64_FORMAT " bytes",
                             stream->upload->length);
      return;
    }

  while (done < length)
    {
      ssize_t n = write (stream->fd, data + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = errno;

          g_message ("Upload %s: writing failed: %s", stream->upload_id, g_strerror (saved_errno));
          fail_stream (self, msg, stream, saved_errno);
          return;
        }
      done += n;
    }

  stream->written += length;
  hash = g_hash_table_lookup (self->tus_hashes, stream->upload_id);
  if (hash != NULL)
    {
      g_checksum_update (hash->sha256, data, length);
      hash->offset += length;
    }
  if (stream->chunk != NULL)
    g_checksum_update (stream->chunk, data, length);
}

/**
 * _aduan_hub_tus_message_finished:
 * @self: the server
 * @request: a PATCH that ended before its handler ran: the client went
 *   away, or the body was refused
 *
 * Keeps what arrived, unless the PATCH had a checksum, which only a whole
 * chunk can match.
 */
void
_aduan_hub_tus_message_finished (AduanHubServer  *self,
                                 AduanHubRequest *request)
{
  AduanHubTusStream *stream = request->stream;

  if (stream == NULL || stream->ended)
    return;

  if (end_stream (self, stream, stream->chunk == NULL) && stream->chunk == NULL)
    g_info ("Upload %s interrupted at %" G_GINT64_FORMAT " bytes",
            stream->upload_id, stream->start + stream->written);
}

typedef struct
{
  AduanHubServer    *server;  /* (owned) */
  SoupServerMessage *msg;     /* (owned) (nullable) */
  AduanHubUpload    *upload;  /* (owned) */
  gboolean           attach;  /* attach the photo; else delete the upload */
  gint64             now;
} UploadJob;

static void
upload_job_free (UploadJob *job)
{
  g_object_unref (job->server);
  g_clear_object (&job->msg);
  aduan_hub_upload_free (job->upload);
  g_free (job);
}

static gboolean
upload_write (AduanHubStorage  *storage,
              gpointer          data,
              GError          **error)
{
  UploadJob *job = data;
  const AduanHubUpload *upload = job->upload;

  if (!job->attach)
    return aduan_hub_storage_delete_upload (storage, upload->id, error);

  return aduan_hub_storage_add_photo (storage, upload->sha256, upload->length, upload->content_type,
                                      job->now, error) &&
         aduan_hub_storage_attach_photo (storage, upload->complaint_uuid, upload->sha256, error) &&
         aduan_hub_storage_complete_upload (storage, upload->id, job->now, error);
}

static void
attach_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  UploadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!aduan_hub_writer_submit_finish (ADUAN_HUB_WRITER (source), result, &error))
    aduan_hub_reply_gerror (job->msg, error);
  else
    {
      g_autofree char *path = upload_path (job->server, job->upload->id);

      g_unlink (path);
      g_info ("Photo %s attached to complaint %s", job->upload->sha256, job->upload->complaint_uuid);
      set_offset_header (job->msg, job->upload->length);
      soup_server_message_set_status (job->msg, SOUP_STATUS_NO_CONTENT, NULL);
    }

  _aduan_hub_server_unpause (job->server, job->msg);
}

static void
mismatch_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  UploadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!aduan_hub_writer_submit_finish (ADUAN_HUB_WRITER (source), result, &error))
    aduan_hub_reply_gerror (job->msg, error);
  else
    aduan_hub_reply_error (job->msg, 422, "sha256_mismatch",
                           "The uploaded file’s SHA-256 is not the one declared; "
                           "the upload was discarded, send the photo again");

  _aduan_hub_server_unpause (job->server, job->msg);
}

static gboolean
sync_folder (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;

  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* The last byte is in: check the whole file, link it among the photos
 * (fsync'ed, and its folder), then record it; only once that committed
 * does the upload's own file go. A photo the hub already holds is not
 * stored twice. */
static void
finish_upload (AduanHubServer    *self,
               SoupServerMessage *msg,
               AduanHubUpload    *upload)
{
  g_autofree char *path = upload_path (self, upload->id);
  g_autofree char *photo = photo_path (self, upload->sha256);
  g_autoptr(GChecksum) copy = NULL;
  g_autoptr(GError) error = NULL;
  AduanHubTusHash *hash = g_hash_table_lookup (self->tus_hashes, upload->id);
  UploadJob *job;

  job = g_new0 (UploadJob, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->upload = upload;
  job->now = _aduan_hub_now ();
  job->attach = TRUE;

  if (hash == NULL || hash->offset != upload->length)
    hash = get_running_hash (self, upload->id, upload->length, &error);
  if (hash == NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      upload_job_free (job);
      return;
    }

  copy = g_checksum_copy (hash->sha256);
  g_hash_table_remove (self->tus_hashes, upload->id);

  if (!g_str_equal (g_checksum_get_string (copy), upload->sha256))
    {
      g_message ("Upload %s: SHA-256 does not match; discarded", upload->id);
      g_unlink (path);
      job->attach = FALSE;
      _aduan_hub_server_pause (self, msg);
      aduan_hub_writer_submit (self->writer, upload_write, job, (GDestroyNotify) upload_job_free,
                               mismatch_done_cb, NULL);
      return;
    }

  if ((link (path, photo) != 0 && errno != EEXIST) || !sync_folder (self->photos_dir))
    {
      g_message ("Upload %s: cannot store the photo: %s", upload->id, g_strerror (errno));
      aduan_hub_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "storage_error",
                             "The hub could not store the photo; try again later");
      upload_job_free (job);
      return;
    }

  _aduan_hub_server_pause (self, msg);
  aduan_hub_writer_submit (self->writer, upload_write, job, (GDestroyNotify) upload_job_free,
                           attach_done_cb, NULL);
}

static void
handle_patch (AduanHubServer    *self,
              SoupServerMessage *msg,
              AduanHubRequest   *request)
{
  AduanHubTusStream *stream = request->stream;
  g_autoptr(AduanHubUpload) upload = NULL;
  gint64 offset;

  if (stream == NULL)
    {
      /* Nothing was left to send: finish what a failed attempt left. */
      upload = lookup_upload (self, msg, request);
      if (upload == NULL)
        return;

      if (upload->completed_at != 0)
        {
          set_offset_header (msg, upload->length);
          soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
          return;
        }

      finish_upload (self, msg, g_steal_pointer (&upload));
      return;
    }

  if (stream->chunk != NULL)
    {
      guint8 digest[32];
      gsize length = sizeof digest;

      g_checksum_get_digest (stream->chunk, digest, &length);
      if (length != stream->expected_length || memcmp (digest, stream->expected, length) != 0)
        {
          gint64 start = stream->start;

          end_stream (self, stream, FALSE);
          g_clear_pointer (&request->stream, _aduan_hub_tus_stream_free);
          set_offset_header (msg, start);
          aduan_hub_reply_error (msg, ADUAN_HUB_STATUS_CHECKSUM_MISMATCH, "checksum_mismatch",
                                 "The chunk does not match its Upload-Checksum; send it again");
          return;
        }
    }

  offset = stream->start + stream->written;
  if (!end_stream (self, stream, TRUE))
    {
      g_clear_pointer (&request->stream, _aduan_hub_tus_stream_free);
      aduan_hub_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "storage_error",
                             "The hub could not store the upload; try again later");
      return;
    }

  upload = g_steal_pointer (&stream->upload);
  g_clear_pointer (&request->stream, _aduan_hub_tus_stream_free);

  if (offset < upload->length)
    {
      set_offset_header (msg, offset);
      set_expires_header (msg, upload);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  finish_upload (self, msg, g_steal_pointer (&upload));
}

/* Upload-Metadata: "key base64,key base64,key" → key → decoded value. */
static GHashTable *
parse_metadata (const char *header)
{
  g_autoptr(GHashTable) metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = NULL;

  if (header == NULL)
    return g_steal_pointer (&metadata);

  if (strlen (header) > MAX_METADATA_LENGTH)
    return NULL;

  pairs = g_strsplit (header, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_strstrip (pairs[i]), " ", -1);
      g_autofree guchar *value = NULL;
      gsize length = 0;
      guint n = g_strv_length (parts);

      if (n == 0 || n > 2 || parts[0][0] == '\0')
        return NULL;

      for (const char *p = parts[0]; *p != '\0'; p++)
        if (!g_ascii_isgraph (*p))
          return NULL;

      if (n == 2)
        {
          for (const char *p = parts[1]; *p != '\0'; p++)
            if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
              return NULL;
          value = g_base64_decode (parts[1], &length);
        }

      /* Values are text for us; anything else is refused, not mangled. */
      if (memchr (value != NULL ? (const char *) value : "", '\0', length) != NULL ||
          !g_utf8_validate ((const char *) (value != NULL ? value : (guchar *) ""), length, NULL))
        return NULL;

      g_hash_table_replace (metadata, g_strdup (parts[0]),
                            g_strndup ((const char *) (value != NULL ? value : (guchar *) ""), length));
    }

  return g_steal_pointer (&metadata);
}

static void
handle_options (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  AduanHubRequest *request = _aduan_hub_request_get (msg);
  g_autofree char *max_size = g_strdup_printf ("%" G_GINT64_FORMAT, request->server->config->max_photo_size);

  soup_message_headers_replace (headers, "Tus-Version", TUS_VERSION);
  soup_message_headers_replace (headers, "Tus-Extension", TUS_EXTENSIONS);
  soup_message_headers_replace (headers, "Tus-Max-Size", max_size);
  soup_message_headers_replace (headers, "Tus-Checksum-Algorithm", TUS_CHECKSUMS);
  soup_message_headers_replace (headers, "Access-Control-Allow-Methods",
                                       "POST, HEAD, PATCH, DELETE, OPTIONS");
  soup_message_headers_replace (headers, "Access-Control-Allow-Headers",
                                       "Authorization, Content-Type, Tus-Resumable, Upload-Length, "
                                       "Upload-Metadata, Upload-Offset, Upload-Checksum, "
                                       "X-HTTP-Method-Override, X-Requested-With");
  soup_message_headers_replace (headers, "Access-Control-Max-Age", "86400");
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  UploadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;

  if (!aduan_hub_writer_submit_finish (ADUAN_HUB_WRITER (source), result, &error))
    {
      aduan_hub_reply_gerror (job->msg, error);
      _aduan_hub_server_unpause (job->server, job->msg);
      return;
    }

  g_info ("Upload %s created for complaint %s", job->upload->id, job->upload->complaint_uuid);

  /* Relative, so it stays right behind a reverse proxy. */
  location = g_strconcat ("/v1/uploads/", job->upload->id, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (job->msg),
                                       "Location", location);
  set_expires_header (job->msg, job->upload);
  soup_server_message_set_status (job->msg, SOUP_STATUS_CREATED, NULL);
  _aduan_hub_server_unpause (job->server, job->msg);
}

static gboolean
create_write (AduanHubStorage  *storage,
              gpointer          data,
              GError          **error)
{
  UploadJob *job = data;

  return aduan_hub_storage_add_upload (storage, job->upload, error);
}

static void
reply_field (SoupServerMessage *msg,
             const char        *text)
{
  g_autoptr(GError) error = g_error_new_literal (ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD, text);

  aduan_hub_reply_gerror (msg, error);
}

/* POST /v1/uploads with Upload-Length and Upload-Metadata naming the
 * complaint (`complaint`), the photo's `sha256`, and optionally its
 * `filename` and `filetype`. */
static void
handle_create (AduanHubServer    *self,
               SoupServerMessage *msg,
               AduanHubRequest   *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GHashTable) metadata = NULL;
  g_autoptr(AduanHubRecord) record = NULL;
  g_autoptr(AduanHubUpload) upload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  const AduanPhotoRef *ref = NULL;
  const char *complaint_uuid;
  const char *filename;
  gint64 length;
  UploadJob *job;

  if (soup_message_headers_get_one (headers, "Upload-Defer-Length") != NULL)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "defer_length_unsupported",
                             "Give Upload-Length: a photo’s size is known before it is sent");
      return;
    }

  if (!parse_offset (soup_message_headers_get_one (headers, "Upload-Length"), &length) || length == 0)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_length",
                             "Upload-Length must be the photo’s size in bytes");
      return;
    }

  if (length > self->config->max_photo_size)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                             "A photo may have at most %" G_GINT64_FORMAT " bytes",
                             self->config->max_photo_size);
      return;
    }

  metadata = parse_metadata (soup_message_headers_get_one (headers, "Upload-Metadata"));
  if (metadata == NULL)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_metadata",
                             "Upload-Metadata must be “key base64” pairs of UTF-8 text, separated by commas");
      return;
    }

  complaint_uuid = g_hash_table_lookup (metadata, "complaint");
  if (complaint_uuid == NULL || !g_uuid_string_is_valid (complaint_uuid))
    {
      reply_field (msg, "complaint: Upload-Metadata must name the complaint’s UUID");
      return;
    }

  sha256 = g_ascii_strdown (g_hash_table_lookup (metadata, "sha256") ?: "", -1);
  if (!is_sha256_hex (sha256))
    {
      reply_field (msg, "sha256: Upload-Metadata must give the photo’s SHA-256 in hex");
      return;
    }

  record = aduan_hub_storage_get_record (self->reader, complaint_uuid, &error);
  if (error != NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  if (record == NULL || g_strcmp0 (record->device_id, request->device->id) != 0)
    {
      reply_field (msg, "complaint: send the complaint before its photos; the hub has no such complaint of yours");
      return;
    }

  for (guint i = 0; record->complaint->photos != NULL && i < record->complaint->photos->len; i++)
    {
      const AduanPhotoRef *candidate = g_ptr_array_index (record->complaint->photos, i);

      if (g_str_equal (candidate->sha256, sha256))
        ref = candidate;
    }

  if (ref == NULL)
    {
      reply_field (msg, "sha256: the complaint lists no photo with this SHA-256");
      return;
    }

  if (ref->size != length)
    {
      reply_field (msg, "Upload-Length: not the size the complaint gives for this photo");
      return;
    }

  filename = g_hash_table_lookup (metadata, "filename");

  upload = aduan_hub_upload_new ();
  upload->id = aduan_hub_auth_new_id ("", UPLOAD_ID_BYTES);
  upload->device_id = g_strdup (request->device->id);
  upload->complaint_uuid = g_ascii_strdown (complaint_uuid, -1);
  upload->sha256 = g_steal_pointer (&sha256);
  upload->length = length;
  upload->filename = filename != NULL && g_utf8_strlen (filename, -1) <= MAX_FILENAME_LENGTH
                     ? g_strdup (filename) : NULL;
  upload->content_type = g_strdup (ref->content_type != NULL ? ref->content_type : "image/jpeg");
  upload->metadata = g_strdup (soup_message_headers_get_one (headers, "Upload-Metadata"));
  upload->created_at = _aduan_hub_now ();
  upload->expires_at = upload->created_at + self->config->upload_expiry;

  job = g_new0 (UploadJob, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->upload = g_steal_pointer (&upload);
  job->now = job->upload->created_at;

  _aduan_hub_server_pause (self, msg);
  aduan_hub_writer_submit (self->writer, create_write, job, (GDestroyNotify) upload_job_free, created_cb, NULL);
}

static void
handle_head (AduanHubServer    *self,
             SoupServerMessage *msg,
             AduanHubRequest   *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(AduanHubUpload) upload = lookup_upload (self, msg, request);
  g_autofree char *length = NULL;

  if (upload == NULL)
    return;

  length = g_strdup_printf ("%" G_GINT64_FORMAT, upload->length);
  soup_message_headers_replace (headers, "Upload-Length", length);
  if (upload->metadata != NULL)
    soup_message_headers_replace (headers, "Upload-Metadata", upload->metadata);
  set_offset_header (msg, current_offset (self, upload));
  set_expires_header (msg, upload);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  UploadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!aduan_hub_writer_submit_finish (ADUAN_HUB_WRITER (source), result, &error))
    {
      if (job->msg != NULL)
        aduan_hub_reply_gerror (job->msg, error);
      else
        g_message ("Expired upload %s not removed: %s", job->upload->id, error->message);
    }
  else if (job->msg != NULL)
    soup_server_message_set_status (job->msg, SOUP_STATUS_NO_CONTENT, NULL);

  if (job->msg != NULL)
    _aduan_hub_server_unpause (job->server, job->msg);
}

static void
delete_upload (AduanHubServer    *self,
               SoupServerMessage *msg,
               AduanHubUpload    *upload)
{
  g_autofree char *path = upload_path (self, upload->id);
  UploadJob *job;

  /* The row goes first, in the writer; the file can only be an orphan,
   * never a row pointing at nothing. */
  g_unlink (path);
  g_hash_table_remove (self->tus_hashes, upload->id);

  job = g_new0 (UploadJob, 1);
  job->server = g_object_ref (self);
  job->msg = msg != NULL ? g_object_ref (msg) : NULL;
  job->upload = upload;
  job->attach = FALSE;

  if (msg != NULL)
    _aduan_hub_server_pause (self, msg);
  aduan_hub_writer_submit (self->writer, upload_write, job, (GDestroyNotify) upload_job_free, deleted_cb, NULL);
}

static void
handle_delete (AduanHubServer    *self,
               SoupServerMessage *msg,
               AduanHubRequest   *request)
{
  AduanHubUpload *upload = lookup_upload (self, msg, request);

  if (upload == NULL)
    return;

  if (g_hash_table_contains (self->tus_streams, upload->id))
    {
      aduan_hub_upload_free (upload);
      aduan_hub_reply_error (msg, SOUP_STATUS_LOCKED, "locked",
                             "Another request is sending this upload; try again shortly");
      return;
    }

  delete_upload (self, msg, upload);
}

/**
 * _aduan_hub_server_handle_tus:
 * @self: the server
 * @msg: a request to /v1/uploads or /v1/uploads/{id}
 * @request: its request
 *
 * Answers tus requests whose body is in (or that have none).
 */
void
_aduan_hub_server_handle_tus (AduanHubServer    *self,
                              SoupServerMessage *msg,
                              AduanHubRequest   *request)
{
  const char *method = request->method;

  _aduan_hub_tus_add_headers (msg);

  if (g_str_equal (method, "OPTIONS"))
    {
      handle_options (msg);
      return;
    }

  if (!_aduan_hub_tus_check_version (msg))
    return;

  if (request->route == ADUAN_HUB_ROUTE_UPLOADS)
    handle_create (self, msg, request);
  else if (g_str_equal (method, "HEAD"))
    handle_head (self, msg, request);
  else if (g_str_equal (method, "PATCH"))
    handle_patch (self, msg, request);
  else
    handle_delete (self, msg, request);
}

/**
 * _aduan_hub_tus_remove_expired:
 * @self: the server
 * @now_blocking: remove them before returning, through the main thread's
 *   connection, as at start-up before the port opens; otherwise through
 *   the writer
 *
 * Throws away unfinished uploads past their Upload-Expires.
 */
void
_aduan_hub_tus_remove_expired (AduanHubServer *self,
                               gboolean        now_blocking)
{
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;

  uploads = aduan_hub_storage_list_expired_uploads (self->reader, _aduan_hub_now (), &error);
  if (uploads == NULL)
    {
      g_message ("Expired uploads not listed: %s", error->message);
      return;
    }

  for (guint i = 0; i < uploads->len; i++)
    {
      AduanHubUpload *upload = g_ptr_array_index (uploads, i);

      if (g_hash_table_contains (self->tus_streams, upload->id))
        continue;

      g_info ("Upload %s expired", upload->id);
      if (now_blocking)
        {
          g_autofree char *path = upload_path (self, upload->id);

          g_unlink (path);
          g_hash_table_remove (self->tus_hashes, upload->id);
          if (!aduan_hub_storage_delete_upload (self->reader, upload->id, &error))
            {
              g_message ("Expired upload %s not removed: %s", upload->id, error->message);
              return;
            }
        }
      else
        delete_upload (self, NULL, aduan_hub_upload_copy (upload));
    }
}
