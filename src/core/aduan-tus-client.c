/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "aduan-tus-client.h"

/*
 * A tus 1.0.0 client (https://tus.io/protocols/resumable-upload): core,
 * creation and, where the server has it, checksum.
 *
 * An upload's URL is handed to the caller to keep before a byte is sent;
 * after any interruption (a dropped connection, a killed program) the
 * upload is resumed from the offset a HEAD reports, never from what this
 * side believes it sent. An upload the server no longer knows (404, 410)
 * is created anew.
 *
 * By default the rest of a file goes in one streamed PATCH: a server
 * keeps every byte that arrived, so a cut costs only what was in flight,
 * and no round trip is spent per chunk, which on a slow link with a long
 * delay is what goodput is lost to. With a chunk size, each PATCH carries
 * that many bytes and, where the server checks them, their SHA-256 in
 * Upload-Checksum; such a chunk is kept whole or not at all.
 */

#define TUS_VERSION "1.0.0"
#define TUS_RESUMABLE "Tus-Resumable: " TUS_VERSION
#define OFFSET_CONTENT_TYPE "Content-Type: application/offset+octet-stream"
#define STATUS_CHECKSUM_MISMATCH 460
/* Bounds on how often one run goes round before it gives up and lets the
 * caller try later: none of these should happen more than once or twice. */
#define MAX_RECREATIONS 3
#define MAX_OFFSET_MISMATCHES 5
#define MAX_CHECKSUM_FAILURES 3
#define MAX_LOCKED_WAITS 6
#define LOCKED_WAIT_MS 500

typedef struct
{
  AduanTusUpload *upload;
  gint64          start;  /* the offset the current PATCH began at */
  gint64          sent;   /* its body bytes sent so far */
} ProgressState;

static gboolean
header_has_token (const char *value,
                  const char *token)
{
  g_auto(GStrv) items = NULL;

  if (value == NULL)
    return FALSE;

  items = g_strsplit (value, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (items[i]), token) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
parse_offset (const char *text,
              gint64     *out)
{
  guint64 value;
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || value > G_MAXINT64)
    return FALSE;

  *out = (gint64) value;
  return TRUE;
}

/**
 * aduan_tus_discover:
 * @http: the client
 * @endpoint: the creation URL
 * @out_info: (out): what the server offers
 * @error: return location for a #GError
 *
 * Asks a tus server what it offers, with OPTIONS.
 *
 * Returns: %TRUE if it answered as a tus server
 */
gboolean
aduan_tus_discover (AduanHttpClient    *http,
                    const char         *endpoint,
                    AduanTusServerInfo *out_info,
                    GError            **error)
{
  AduanHttpRequest request = ADUAN_HTTP_REQUEST_INIT;
  g_autoptr(AduanHttpResponse) response = NULL;
  const char *max_size;

  memset (out_info, 0, sizeof *out_info);

  request.method = "OPTIONS";
  request.url = endpoint;
  response = aduan_http_client_send (http, &request, error);
  if (response == NULL)
    return FALSE;

  if (response->status != 200 && response->status != 204)
    {
      aduan_http_response_to_error (response, N_("asking what the upload service offers"), error);
      return FALSE;
    }

  out_info->versions_ok = header_has_token (aduan_http_response_get_header (response, "tus-version"), TUS_VERSION);
  out_info->creation = header_has_token (aduan_http_response_get_header (response, "tus-extension"), "creation");
  out_info->checksum_sha256 =
    header_has_token (aduan_http_response_get_header (response, "tus-extension"), "checksum") &&
    header_has_token (aduan_http_response_get_header (response, "tus-checksum-algorithm"), "sha256");
  max_size = aduan_http_response_get_header (response, "tus-max-size");
  if (max_size == NULL || !parse_offset (max_size, &out_info->max_size))
    out_info->max_size = 0;

  if (!out_info->versions_ok || !out_info->creation)
    {
      g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PROTOCOL,
                           _("The upload service does not speak tus 1.0.0 with the creation extension; "
                             "check the hub address"));
      return FALSE;
    }

  return TRUE;
}

/**
 * aduan_tus_build_metadata:
 * @first_key: a key, then its value (UTF-8 text), then more pairs; %NULL
 *   ends the list, and a %NULL value leaves its key out
 *
 * Returns: (transfer full): an `Upload-Metadata` value: `key base64`
 *   pairs separated by commas
 */
char *
aduan_tus_build_metadata (const char *first_key,
                          ...)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        {
          g_autofree char *encoded = g_base64_encode ((const guchar *) value, strlen (value));

          g_string_append_printf (text, "%s%s %s", text->len > 0 ? "," : "", key, encoded);
        }

      key = va_arg (args, const char *);
    }
  va_end (args);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
aduan_tus_upload_clear (AduanTusUpload *upload)
{
  g_clear_pointer (&upload->upload_url, g_free);
}

static void
progress_cb (gint64   sent,
             gint64   total,
             gpointer user_data)
{
  ProgressState *state = user_data;
  AduanTusUpload *upload = state->upload;

  state->sent = sent;
  if (upload->progress != NULL)
    upload->progress (MIN (state->start + sent, upload->length), upload->length, upload->user_data);
}

static gboolean
create_upload (AduanHttpClient  *http,
               AduanTusUpload   *upload,
               GError          **error)
{
  AduanHttpRequest request = ADUAN_HTTP_REQUEST_INIT;
  g_autoptr(AduanHttpResponse) response = NULL;
  g_autofree char *length_header = g_strdup_printf ("Upload-Length: %" G_GINT64_FORMAT, upload->length);
  g_autofree char *metadata_header = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *location = NULL;
  const char *headers[4];
  guint n = 0;

  headers[n++] = TUS_RESUMABLE;
  headers[n++] = length_header;
  if (upload->metadata != NULL && *upload->metadata != '\0')
    {
      metadata_header = g_strconcat ("Upload-Metadata: ", upload->metadata, NULL);
      headers[n++] = metadata_header;
    }
  headers[n] = NULL;

  request.method = "POST";
  request.url = upload->endpoint;
  request.headers = headers;
  request.body = g_bytes_new_static ("", 0);
  response = aduan_http_client_send (http, &request, error);
  g_bytes_unref (request.body);
  if (response == NULL)
    return FALSE;

  if (response->status != 201)
    {
      if (response->status == 413)
        g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_REFUSED,
                     _("The photo is larger than the hub accepts (%s); ask the hub’s admin to raise the limit"),
                     aduan_http_response_get_header (response, "tus-max-size") ?: "?");
      else
        aduan_http_response_to_error (response, N_("starting a photo upload"), error);
      return FALSE;
    }

  if (aduan_http_response_get_header (response, "location") == NULL)
    {
      g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PROTOCOL,
                           _("The upload service created an upload without saying where it is"));
      return FALSE;
    }

  /* Location is relative to the URL the POST went to. */
  endpoint = aduan_http_client_resolve (http, upload->endpoint);
  location = g_uri_resolve_relative (endpoint, aduan_http_response_get_header (response, "location"),
                                     G_URI_FLAGS_NONE, NULL);
  if (location == NULL)
    {
      g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PROTOCOL,
                           _("The upload service gave an upload address that is not a URL"));
      return FALSE;
    }

  if (upload->save_url != NULL && !upload->save_url (location, upload->user_data, error))
    return FALSE;

  g_free (upload->upload_url);
  upload->upload_url = g_steal_pointer (&location);
  upload->offset = 0;

  return TRUE;
}

typedef enum {
  HEAD_OK,
  HEAD_GONE,
  HEAD_LOCKED,
  HEAD_FAILED,
} HeadResult;

static HeadResult
head_upload (AduanHttpClient  *http,
             AduanTusUpload   *upload,
             GError          **error)
{
  AduanHttpRequest request = ADUAN_HTTP_REQUEST_INIT;
  g_autoptr(AduanHttpResponse) response = NULL;
  const char *headers[] = { TUS_RESUMABLE, NULL };
  const char *length_text;
  gint64 offset, length;

  request.method = "HEAD";
  request.url = upload->upload_url;
  request.headers = headers;
  response = aduan_http_client_send (http, &request, error);
  if (response == NULL)
    return HEAD_FAILED;

  if (response->status == 404 || response->status == 410 || response->status == 403)
    return HEAD_GONE;

  if (response->status == 423)
    return HEAD_LOCKED;

  if (response->status != 200 && response->status != 204)
    {
      aduan_http_response_to_error (response, N_("asking how much of a photo the hub holds"), error);
      return HEAD_FAILED;
    }

  if (!parse_offset (aduan_http_response_get_header (response, "upload-offset"), &offset))
    {
      g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PROTOCOL,
                           _("The upload service did not say how much of the photo it holds"));
      return HEAD_FAILED;
    }

  /* Another file's upload, or one that went wrong: start again. */
  length_text = aduan_http_response_get_header (response, "upload-length");
  if ((length_text != NULL && (!parse_offset (length_text, &length) || length != upload->length)) ||
      offset > upload->length)
    return HEAD_GONE;

  upload->offset = offset;
  return HEAD_OK;
}

/* The bytes of [offset, offset + length) of @fd, for a chunk whose
 * checksum is sent with it. */
static GBytes *
read_chunk (int      fd,
            gint64   offset,
            gsize    length,
            GError **error)
{
  g_autofree guint8 *data = g_malloc (MAX (length, 1));
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = pread (fd, data + done, length - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PHOTO_MISSING,
                       _("A photo could not be read (%s); check the data folder"),
                       n < 0 ? g_strerror (errno) : _("it is shorter than it should be"));
          return NULL;
        }
      done += n;
    }

  return g_bytes_new_take (g_steal_pointer (&data), length);
}

static char *
checksum_header (GBytes *chunk)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  g_autofree char *encoded = NULL;

  g_checksum_update (checksum, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_checksum_get_digest (checksum, digest, &digest_length);
  encoded = g_base64_encode (digest, digest_length);

  return g_strconcat ("Upload-Checksum: sha256 ", encoded, NULL);
}

/* Sends [offset, offset + length); returns the answer, or %NULL with the
 * transport error. */
static AduanHttpResponse *
patch_upload (AduanHttpClient  *http,
              AduanTusUpload   *upload,
              int               fd,
              gint64            length,
              ProgressState    *progress,
              GError          **error)
{
  AduanHttpRequest request = ADUAN_HTTP_REQUEST_INIT;
  g_autofree char *offset_header = g_strdup_printf ("Upload-Offset: %" G_GINT64_FORMAT, upload->offset);
  g_autofree char *checksum = NULL;
  g_autoptr(GBytes) chunk = NULL;
  AduanHttpResponse *response;
  const char *headers[5];
  guint n = 0;

  headers[n++] = TUS_RESUMABLE;
  headers[n++] = OFFSET_CONTENT_TYPE;
  headers[n++] = offset_header;

  if (upload->checksum && length > 0)
    {
      chunk = read_chunk (fd, upload->offset, (gsize) length, error);
      if (chunk == NULL)
        return NULL;
      checksum = checksum_header (chunk);
      headers[n++] = checksum;
      request.body = chunk;
    }
  else if (length > 0)
    {
      request.body_fd = fd;
      request.body_offset = upload->offset;
      request.body_length = length;
    }
  else
    request.body = chunk = g_bytes_new_static ("", 0);
  headers[n] = NULL;

  request.method = "PATCH";
  request.url = upload->upload_url;
  request.headers = headers;

  progress->start = upload->offset;
  progress->sent = 0;
  response = aduan_http_client_send (http, &request, error);
  upload->bytes_sent += response != NULL ? response->bytes_sent : progress->sent;

  return response;
}

/**
 * aduan_tus_upload_run:
 * @http: the client
 * @upload: the file and where its upload stands
 * @error: return location for a #GError
 *
 * Sends @upload's file until the server holds all of it: resumes
 * @upload->upload_url from the offset the server reports, or creates an
 * upload. Blocks: call from a worker thread. On error, @upload->upload_url
 * is what to resume from next time (%NULL when it must be created anew).
 *
 * Returns: %TRUE when the server acknowledged the last byte
 */
gboolean
aduan_tus_upload_run (AduanHttpClient  *http,
                      AduanTusUpload   *upload,
                      GError          **error)
{
  ProgressState progress = { upload, 0, 0 };
  gboolean known_offset = FALSE;
  guint recreations = 0, mismatches = 0, checksum_failures = 0, locked_waits = 0;
  GStatBuf info;
  int fd;
  gboolean ok = FALSE;

  g_return_val_if_fail (upload->endpoint != NULL && upload->path != NULL, FALSE);
  g_return_val_if_fail (upload->length > 0, FALSE);

  fd = g_open (upload->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &info) != 0 || info.st_size < upload->length)
    {
      int saved_errno = errno;

      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PHOTO_MISSING,
                   _("The photo file %s is missing or shorter than it should be (%s); "
                     "restore it to the data folder, then retry"),
                   upload->path, fd < 0 ? g_strerror (saved_errno) : _("damaged"));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }

  aduan_http_client_set_progress (http, progress_cb, &progress);

  /* A new upload holds nothing: a HEAD would only cost a round trip. */
  if (upload->fresh && upload->upload_url != NULL)
    {
      upload->offset = 0;
      known_offset = TRUE;
    }

  for (;;)
    {
      g_autoptr(AduanHttpResponse) response = NULL;
      g_autofree char *code = NULL;
      gboolean finishing;
      gint64 length, new_offset;

      if (upload->upload_url == NULL)
        {
          if (recreations++ >= MAX_RECREATIONS)
            {
              g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PROTOCOL,
                                   _("The upload service keeps losing this photo’s upload; it will be tried again later"));
              break;
            }
          if (!create_upload (http, upload, error))
            break;
          known_offset = TRUE;
        }

      if (!known_offset)
        {
          HeadResult result = head_upload (http, upload, error);

          if (result == HEAD_FAILED)
            break;
          if (result == HEAD_GONE)
            {
              g_clear_pointer (&upload->upload_url, g_free);
              continue;
            }
          if (result == HEAD_LOCKED)
            {
              /* The server still holds an interrupted request open. A dead
               * connection it never noticed keeps the upload locked for
               * good: after a few seconds, start a new upload instead. */
              if (locked_waits++ >= MAX_LOCKED_WAITS)
                {
                  g_clear_pointer (&upload->upload_url, g_free);
                  locked_waits = 0;
                  continue;
                }
              if (!aduan_http_sleep (LOCKED_WAIT_MS, aduan_http_client_get_cancellable (http)))
                {
                  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync was stopped"));
                  break;
                }
              continue;
            }
          known_offset = TRUE;
        }

      if (upload->progress != NULL)
        upload->progress (upload->offset, upload->length, upload->user_data);

      /* A server that holds every byte may still have to finish (the hub
       * checks and files the photo then): an empty PATCH asks it to, and
       * is answered once the file is in place. */
      finishing = upload->offset == upload->length;
      length = finishing ? 0
                         : upload->chunk_size > 0 ? MIN ((gint64) upload->chunk_size, upload->length - upload->offset)
                                                  : upload->length - upload->offset;

      response = patch_upload (http, upload, fd, length, &progress, error);
      if (response == NULL)
        break;

      code = aduan_http_response_get_error_code (response);

      if (response->status == 204 || response->status == 200)
        {
          if (!parse_offset (aduan_http_response_get_header (response, "upload-offset"), &new_offset))
            new_offset = upload->offset + length;
          if (new_offset < upload->offset || new_offset > upload->length)
            {
              g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PROTOCOL,
                                   _("The upload service reported an impossible offset"));
              break;
            }
          upload->offset = new_offset;
          if (upload->progress != NULL)
            upload->progress (upload->offset, upload->length, upload->user_data);
          if (upload->offset == upload->length)
            {
              ok = TRUE;
              break;
            }
          continue;
        }

      if (finishing && response->status >= 400 && response->status < 500 &&
          response->status != 404 && response->status != 410 && response->status != 409 &&
          response->status != 423 && response->status != 429 && response->status != 422)
        {
          /* A server that has no more to do with a complete upload may
           * refuse an empty PATCH; it holds every byte all the same. */
          ok = TRUE;
          break;
        }

      switch (response->status)
        {
        case 409:
          /* Not the offset the server holds: it says which, or HEAD. */
          if (mismatches++ >= MAX_OFFSET_MISMATCHES)
            {
              g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PROTOCOL,
                                   _("The upload service and this device keep disagreeing on the photo’s offset; "
                                     "it will be tried again later"));
              goto out;
            }
          if (!parse_offset (aduan_http_response_get_header (response, "upload-offset"), &new_offset) ||
              new_offset > upload->length)
            known_offset = FALSE;
          else
            upload->offset = new_offset;
          continue;

        case STATUS_CHECKSUM_MISMATCH:
          if (checksum_failures++ >= MAX_CHECKSUM_FAILURES)
            {
              g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_CHECKSUM,
                                   _("Parts of the photo keep arriving damaged at the hub; it will be tried again later"));
              goto out;
            }
          known_offset = FALSE;
          continue;

        case 404:
        case 410:
          g_clear_pointer (&upload->upload_url, g_free);
          continue;

        case 423:
          if (locked_waits++ >= MAX_LOCKED_WAITS)
            {
              g_clear_pointer (&upload->upload_url, g_free);
              locked_waits = 0;
              continue;
            }
          if (!aduan_http_sleep (LOCKED_WAIT_MS, aduan_http_client_get_cancellable (http)))
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync was stopped"));
              goto out;
            }
          known_offset = FALSE;
          continue;

        case 422:
          if (g_strcmp0 (code, "sha256_mismatch") == 0)
            {
              /* The hub threw the upload away: the whole photo goes again. */
              g_clear_pointer (&upload->upload_url, g_free);
              g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_CHECKSUM,
                                   _("The photo arrived at the hub different from this device’s copy; "
                                     "it was discarded there and is sent again"));
              goto out;
            }
          aduan_http_response_to_error (response, N_("sending a photo"), error);
          goto out;

        default:
          aduan_http_response_to_error (response, N_("sending a photo"), error);
          goto out;
        }
    }

out:
  aduan_http_client_set_progress (http, NULL, NULL);
  close (fd);

  return ok;
}
