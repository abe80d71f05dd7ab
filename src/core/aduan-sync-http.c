/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "aduan-json.h"
#include "aduan-sync-http.h"

/* An answer larger than this is not one of the hub's: stop reading. */
#define MAX_RESPONSE_BODY (8 * 1024 * 1024)
#define DEFAULT_CONNECT_TIMEOUT 10
#define DEFAULT_STALL_TIMEOUT 15
/* Progress is reported this often at most, in microseconds. */
#define PROGRESS_INTERVAL (50 * 1000)

struct _AduanHttpClient
{
  CURL                  *curl;            /* (owned) */
  char                  *base_url;        /* (owned) (nullable) ends with '/' */
  char                  *token;           /* (owned) (nullable) never logged */
  char                  *ca_file;         /* (owned) (nullable) */
  guint                  connect_timeout;
  guint                  stall_timeout;
  GProxyResolver        *proxy_resolver;  /* (owned) (nullable) */
  GCancellable          *cancellable;     /* (owned) (nullable) */
  AduanHttpProgressFunc  progress;
  gpointer               progress_data;
  gint64                 retry_after;     /* from the last answer, real time */
  guint64                bytes_sent;      /* request bytes, headers too */
  guint64                bytes_received;  /* answer bytes, headers too */
};

/* What one transfer reads and writes, handed to curl's callbacks. */
typedef struct
{
  AduanHttpClient        *client;
  const AduanHttpRequest *request;
  gint64                  position;       /* of the request body */
  GHashTable             *headers;        /* (owned) */
  GByteArray             *body;           /* (owned) */
  gboolean                body_too_large;
  int                     read_errno;
  gint64                  last_progress;
} Transfer;

static gsize
global_init_once (void)
{
  static gsize initialized = 0;

  /* Not thread-safe in curl 7.88: do it once, before any handle. */
  if (g_once_init_enter (&initialized))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&initialized, 1);
    }

  return initialized;
}

/**
 * aduan_http_client_new:
 *
 * Returns: (transfer full): a client with no base URL and no token
 */
AduanHttpClient *
aduan_http_client_new (void)
{
  AduanHttpClient *client;

  global_init_once ();

  client = g_new0 (AduanHttpClient, 1);
  client->curl = curl_easy_init ();
  client->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
  client->stall_timeout = DEFAULT_STALL_TIMEOUT;
  g_assert (client->curl != NULL);

  return client;
}

void
aduan_http_client_free (AduanHttpClient *client)
{
  if (client == NULL)
    return;

  curl_easy_cleanup (client->curl);
  g_free (client->base_url);
  if (client->token != NULL)
    {
      /* Do not leave the token in freed memory. */
      memset (client->token, 0, strlen (client->token));
      g_free (client->token);
    }
  g_free (client->ca_file);
  g_clear_object (&client->proxy_resolver);
  g_clear_object (&client->cancellable);
  g_free (client);
}

/**
 * aduan_http_normalize_base_url:
 * @url: a hub address as a person typed it, e.g. `https://hub.example.id`
 *
 * Returns: (transfer full) (nullable): the address with a trailing slash,
 *   or %NULL with %ADUAN_SYNC_ERROR_INVALID_URL
 */
char *
aduan_http_normalize_base_url (const char  *url,
                               GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (url != NULL ? url : ""));
  g_autoptr(GUri) uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) with_slash = NULL;
  g_autofree char *path = NULL;
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_INVALID_URL,
                   _("“%s” is not a hub address; give one such as https://hub.example.go.id"),
                   g_utf8_validate (trimmed, -1, NULL) ? trimmed : "?");
      return NULL;
    }

  /* Requests are resolved against it, so it must name a folder. */
  path = g_str_has_suffix (g_uri_get_path (uri), "/") ? g_strdup (g_uri_get_path (uri))
                                                     : g_strconcat (g_uri_get_path (uri), "/", NULL);
  with_slash = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                            path, NULL, NULL);

  return g_uri_to_string (with_slash);
}

/**
 * aduan_http_client_set_base_url:
 * @base_url: (nullable): what relative request URLs are resolved against;
 *   it should end with a slash (see aduan_http_normalize_base_url())
 */
void
aduan_http_client_set_base_url (AduanHttpClient *client,
                                const char      *base_url)
{
  g_free (client->base_url);
  client->base_url = g_strdup (base_url);
}

const char *
aduan_http_client_get_base_url (AduanHttpClient *client)
{
  return client->base_url;
}

/**
 * aduan_http_client_set_token:
 * @token: (nullable): the device's bearer token, sent with every request
 */
void
aduan_http_client_set_token (AduanHttpClient *client,
                             const char      *token)
{
  if (client->token != NULL)
    memset (client->token, 0, strlen (client->token));
  g_free (client->token);
  client->token = g_strdup (token);
}

/**
 * aduan_http_client_set_ca_file:
 * @ca_file: (nullable): PEM certificates to trust instead of the system's,
 *   for a hub with its own (e.g. self-signed) certificate
 */
void
aduan_http_client_set_ca_file (AduanHttpClient *client,
                               const char      *ca_file)
{
  g_free (client->ca_file);
  client->ca_file = g_strdup (ca_file != NULL && *ca_file != '\0' ? ca_file : NULL);
}

/**
 * aduan_http_client_set_timeouts:
 * @connect_seconds: how long a connection may take to open; 0: the default
 * @stall_seconds: how long a transfer may go without progress before it
 *   is given up, so a dead link is noticed; 0: the default
 */
void
aduan_http_client_set_timeouts (AduanHttpClient *client,
                                guint            connect_seconds,
                                guint            stall_seconds)
{
  client->connect_timeout = connect_seconds > 0 ? connect_seconds : DEFAULT_CONNECT_TIMEOUT;
  client->stall_timeout = stall_seconds > 0 ? stall_seconds : DEFAULT_STALL_TIMEOUT;
}

/**
 * aduan_http_client_set_proxy_resolver:
 * @resolver: (nullable): where to ask for the proxy (the desktop's
 *   settings); %NULL leaves it to libcurl, which reads `http_proxy`,
 *   `https_proxy` and `no_proxy` from the environment
 */
void
aduan_http_client_set_proxy_resolver (AduanHttpClient *client,
                                      GProxyResolver  *resolver)
{
  g_set_object (&client->proxy_resolver, resolver);
}

/**
 * aduan_http_client_set_cancellable:
 * @cancellable: (nullable): cancels the request in progress, and every one
 *   after, with %G_IO_ERROR_CANCELLED
 */
void
aduan_http_client_set_cancellable (AduanHttpClient *client,
                                   GCancellable    *cancellable)
{
  g_set_object (&client->cancellable, cancellable);
}

/**
 * aduan_http_client_get_retry_after:
 *
 * Returns: when the last answer asked to try again (`Retry-After`), in
 *   real-time microseconds; 0 when it did not
 */
gint64
aduan_http_client_get_retry_after (AduanHttpClient *client)
{
  return client->retry_after;
}

/**
 * aduan_http_client_get_traffic:
 * @out_sent: (out) (optional): bytes of requests sent, headers and bodies
 * @out_received: (out) (optional): bytes of answers received
 *
 * What this client put on the wire and got back, above TCP and TLS.
 */
void
aduan_http_client_get_traffic (AduanHttpClient *client,
                               guint64         *out_sent,
                               guint64         *out_received)
{
  if (out_sent != NULL)
    *out_sent = client->bytes_sent;
  if (out_received != NULL)
    *out_received = client->bytes_received;
}

/**
 * aduan_http_client_get_cancellable:
 *
 * Returns: (transfer none) (nullable): what cancels the client's requests
 */
GCancellable *
aduan_http_client_get_cancellable (AduanHttpClient *client)
{
  return client->cancellable;
}

void
aduan_http_client_set_progress (AduanHttpClient      *client,
                                AduanHttpProgressFunc func,
                                gpointer              user_data)
{
  client->progress = func;
  client->progress_data = user_data;
}

/**
 * aduan_http_client_resolve:
 * @url: an absolute URL, or a reference relative to the base URL (a
 *   `Location` header, or a path like `v1/complaints/…`)
 *
 * Returns: (transfer full) (nullable): the absolute URL
 */
char *
aduan_http_client_resolve (AduanHttpClient *client,
                           const char      *url)
{
  if (client->base_url == NULL)
    return g_strdup (url);

  return g_uri_resolve_relative (client->base_url, url, G_URI_FLAGS_NONE, NULL);
}

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  Transfer *transfer = user_data;
  const AduanHttpRequest *request = transfer->request;
  gsize wanted = size * count;

  if (request->body != NULL)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (request->body, &length);
      gsize n = MIN (wanted, length - (gsize) transfer->position);

      memcpy (buffer, data + transfer->position, n);
      transfer->position += n;
      return n;
    }

  if (request->body_fd >= 0)
    {
      gint64 remaining = request->body_length - transfer->position;
      ssize_t n;

      if (remaining <= 0)
        return 0;

      do
        n = pread (request->body_fd, buffer, MIN ((gint64) wanted, remaining),
                   request->body_offset + transfer->position);
      while (n < 0 && errno == EINTR);

      /* A file that shrank under us is as bad as a read error: never send
       * fewer bytes than Content-Length promised. */
      if (n <= 0)
        {
          transfer->read_errno = n < 0 ? errno : EIO;
          return CURL_READFUNC_ABORT;
        }

      transfer->position += n;
      return (size_t) n;
    }

  return 0;
}

static int
seek_cb (void       *user_data,
         curl_off_t  offset,
         int         origin)
{
  Transfer *transfer = user_data;

  /* curl rewinds to send a request again on a new connection when a
   * kept-alive one turned out dead. Fine for a small body in memory; a
   * file body is a tus PATCH, whose server may have kept part of it: the
   * offset must be asked again (HEAD), not the same bytes resent. */
  if (origin != SEEK_SET || offset != 0 || transfer->request->body_fd >= 0)
    return CURL_SEEKFUNC_CANTSEEK;

  transfer->position = 0;
  return CURL_SEEKFUNC_OK;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  count,
          void   *user_data)
{
  Transfer *transfer = user_data;
  gsize length = size * count;

  if (transfer->body->len + length > MAX_RESPONSE_BODY)
    {
      transfer->body_too_large = TRUE;
      return 0;
    }

  g_byte_array_append (transfer->body, (const guint8 *) data, length);
  return length;
}

static size_t
header_cb (char   *data,
           size_t  size,
           size_t  count,
           void   *user_data)
{
  Transfer *transfer = user_data;
  gsize length = size * count;
  g_autofree char *line = g_strndup (data, length);
  char *colon;

  g_strchomp (line);

  /* A new status line (after 100 Continue, say) starts a new answer. */
  if (g_str_has_prefix (line, "HTTP/"))
    {
      g_hash_table_remove_all (transfer->headers);
      return length;
    }

  colon = strchr (line, ':');
  if (colon != NULL && colon != line)
    {
      g_autofree char *name = g_ascii_strdown (line, colon - line);

      g_hash_table_replace (transfer->headers, g_steal_pointer (&name), g_strdup (g_strstrip (colon + 1)));
    }

  return length;
}

static int
progress_cb (void       *user_data,
             curl_off_t  download_total,
             curl_off_t  downloaded,
             curl_off_t  upload_total,
             curl_off_t  uploaded)
{
  Transfer *transfer = user_data;
  AduanHttpClient *client = transfer->client;
  gint64 now;

  if (g_cancellable_is_cancelled (client->cancellable))
    return 1;

  if (client->progress == NULL || upload_total <= 0)
    return 0;

  now = g_get_monotonic_time ();
  if (uploaded < upload_total && now - transfer->last_progress < PROGRESS_INTERVAL)
    return 0;

  transfer->last_progress = now;
  client->progress (uploaded, upload_total, client->progress_data);
  return 0;
}

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);

  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));

  return g_strdup (g_uri_get_host (uri));
}

/* Maps a failed transfer onto a sentence a person can act on, as
 * flatpak-utils-http.c and ostree-fetcher-curl.c do for theirs. */
static void
set_curl_error (GError          **error,
                AduanHttpClient  *client,
                CURLcode          code,
                const char       *detail,
                const char       *url,
                int               read_errno)
{
  g_autofree char *host = host_of (url);
  curl_off_t connect_time = 0;
  long new_connections = 0;

  if (detail == NULL || *detail == '\0')
    detail = curl_easy_strerror (code);

  switch (code)
    {
    case CURLE_ABORTED_BY_CALLBACK:
      if (g_cancellable_is_cancelled (client->cancellable))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync was stopped"));
          return;
        }
      break;

    case CURLE_READ_ERROR:
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PHOTO_MISSING,
                   _("A file being sent could not be read (%s); check the data folder"),
                   g_strerror (read_errno != 0 ? read_errno : EIO));
      return;

    case CURLE_COULDNT_RESOLVE_HOST:
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_UNREACHABLE,
                   _("Cannot find the hub %s (%s). Check the network connection and the hub address"),
                   host, detail);
      return;

    case CURLE_COULDNT_RESOLVE_PROXY:
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_UNREACHABLE,
                   _("Cannot find the proxy server (%s). Check the proxy settings"), detail);
      return;

    case CURLE_COULDNT_CONNECT:
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_UNREACHABLE,
                   _("Cannot connect to the hub %s (%s). Check the network connection; the hub may be down"),
                   host, detail);
      return;

    case CURLE_OPERATION_TIMEDOUT:
      /* Never connected (a kept-alive connection has no connect time,
       * and no new connection either), or stalled on a live one? */
      curl_easy_getinfo (client->curl, CURLINFO_CONNECT_TIME_T, &connect_time);
      curl_easy_getinfo (client->curl, CURLINFO_NUM_CONNECTS, &new_connections);
      if (connect_time == 0 && new_connections > 0)
        g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_UNREACHABLE,
                     _("The hub %s did not answer (%s). Check the network connection; the hub may be down"),
                     host, detail);
      else
        g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_CONNECTION_LOST,
                     _("The connection to the hub %s stalled (%s); what arrived is kept and sending resumes from there"),
                     host, detail);
      return;

    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_TLS,
                   _("The hub %s could not be verified as genuine (%s). Check the date and time of this device; "
                     "if the hub uses its own certificate, enroll again giving its CA file"),
                   host, detail);
      return;

    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_INVALID_URL,
                   _("The hub address %s cannot be used (%s)"), url, detail);
      return;

    case CURLE_WRITE_ERROR:
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PROTOCOL,
                   _("The answer from %s is far too large for an Aduan hub; check the hub address"), host);
      return;

    default:
      break;
    }

  g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_CONNECTION_LOST,
               _("The connection to the hub %s broke off (%s); what arrived is kept and sending resumes from there"),
               host, detail);
}

/* The desktop's proxy for @url, in curl's syntax; "" for none, NULL to
 * leave curl to the environment. */
static char *
lookup_proxy (AduanHttpClient *client,
              const char      *url)
{
  g_auto(GStrv) proxies = NULL;
  const char *proxy;

  if (client->proxy_resolver == NULL)
    return NULL;

  proxies = g_proxy_resolver_lookup (client->proxy_resolver, url, client->cancellable, NULL);
  if (proxies == NULL || proxies[0] == NULL)
    return NULL;

  proxy = proxies[0];
  if (g_str_has_prefix (proxy, "direct://"))
    return g_strdup ("");
  /* GLib says socks://; curl wants a version, and the proxy to resolve
   * names, as a browser does. */
  if (g_str_has_prefix (proxy, "socks://"))
    return g_strconcat ("socks5h://", proxy + strlen ("socks://"), NULL);
  if (g_str_has_prefix (proxy, "socks5://"))
    return g_strconcat ("socks5h://", proxy + strlen ("socks5://"), NULL);

  return g_strdup (proxy);
}

/**
 * aduan_http_client_send:
 * @client: the client
 * @request: what to send
 * @error: return location for a #GError
 *
 * Sends one request and reads the whole answer, whatever its status.
 * Blocks: call from a worker thread.
 *
 * Returns: (transfer full) (nullable): the answer, or %NULL when none came
 *   (%ADUAN_SYNC_ERROR or %G_IO_ERROR_CANCELLED)
 */
AduanHttpResponse *
aduan_http_client_send (AduanHttpClient        *client,
                        const AduanHttpRequest *request,
                        GError                **error)
{
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *proxy = NULL;
  g_autoptr(GHashTable) headers = NULL;
  g_autoptr(GByteArray) body = NULL;
  struct curl_slist *header_list = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  AduanHttpResponse *response;
  Transfer transfer = { 0 };
  gboolean has_body;
  gint64 body_length = 0;
  long status = 0;
  curl_off_t uploaded = 0;
  CURLcode code;
  CURL *curl = client->curl;

  g_return_val_if_fail (request->method != NULL && request->url != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (client->cancellable, error))
    return NULL;

  url = aduan_http_client_resolve (client, request->url);
  if (url == NULL)
    {
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_INVALID_URL,
                   _("The hub address %s cannot be used"), request->url);
      return NULL;
    }

  headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  body = g_byte_array_new ();
  transfer.client = client;
  transfer.request = request;
  transfer.headers = headers;
  transfer.body = body;

  /* Keeps the live connection, TLS sessions and DNS cache. */
  curl_easy_reset (curl);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Aduan/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) client->connect_timeout);
  /* A dead link is noticed within the stall time: less than a byte a
   * second for that long ends the transfer; a slow link is not dead. */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) client->stall_timeout);
  curl_easy_setopt (curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt (curl, CURLOPT_TCP_KEEPIDLE, 30L);
  curl_easy_setopt (curl, CURLOPT_TCP_KEEPINTVL, 10L);
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &transfer);
  if (client->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, client->ca_file);

  proxy = lookup_proxy (client, url);
  if (proxy != NULL)
    curl_easy_setopt (curl, CURLOPT_PROXY, proxy);

  has_body = request->body != NULL || request->body_fd >= 0;
  if (request->body != NULL)
    body_length = (gint64) g_bytes_get_size (request->body);
  else if (request->body_fd >= 0)
    body_length = request->body_length;

  if (g_str_equal (request->method, "HEAD"))
    curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
  else if (!has_body && (g_str_equal (request->method, "GET") || g_str_equal (request->method, "OPTIONS")))
    {
      curl_easy_setopt (curl, CURLOPT_HTTPGET, 1L);
      curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, request->method);
    }
  else
    {
      /* Every other method sends a body, empty or not, with its length. */
      curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) body_length);
      curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
      curl_easy_setopt (curl, CURLOPT_READDATA, &transfer);
      curl_easy_setopt (curl, CURLOPT_SEEKFUNCTION, seek_cb);
      curl_easy_setopt (curl, CURLOPT_SEEKDATA, &transfer);
      curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, request->method);
    }

  if (client->token != NULL)
    {
      authorization = g_strconcat ("Authorization: Bearer ", client->token, NULL);
      header_list = curl_slist_append (header_list, authorization);
    }
  /* Waiting for "100 Continue" costs a round trip on every upload. */
  header_list = curl_slist_append (header_list, "Expect:");
  header_list = curl_slist_append (header_list, "Accept: application/json");
  for (guint i = 0; request->headers != NULL && request->headers[i] != NULL; i++)
    header_list = curl_slist_append (header_list, request->headers[i]);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, header_list);

  client->retry_after = 0;
  code = curl_easy_perform (curl);

  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo (curl, CURLINFO_SIZE_UPLOAD_T, &uploaded);
  {
    long request_size = 0, header_size = 0;
    curl_off_t downloaded = 0;

    curl_easy_getinfo (curl, CURLINFO_REQUEST_SIZE, &request_size);
    curl_easy_getinfo (curl, CURLINFO_HEADER_SIZE, &header_size);
    curl_easy_getinfo (curl, CURLINFO_SIZE_DOWNLOAD_T, &downloaded);
    client->bytes_sent += (guint64) MAX (request_size, 0) + (guint64) MAX (uploaded, 0);
    client->bytes_received += (guint64) MAX (header_size, 0) + (guint64) MAX (downloaded, 0);
  }
  /* The header list holds the token: forget it before anything else. */
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, NULL);
  curl_slist_free_all (header_list);
  if (authorization != NULL)
    memset (authorization, 0, strlen (authorization));

  if (code != CURLE_OK)
    {
      if (transfer.body_too_large)
        code = CURLE_WRITE_ERROR;
      set_curl_error (error, client, code, errbuf, url, transfer.read_errno);
      return NULL;
    }

  response = g_new0 (AduanHttpResponse, 1);
  response->status = (guint) status;
  response->headers = g_steal_pointer (&headers);
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&body));
  response->bytes_sent = uploaded;
  client->retry_after = aduan_http_response_get_retry_after (response, g_get_real_time ());

  if (client->progress != NULL && body_length > 0)
    client->progress (uploaded, body_length, client->progress_data);

  return response;
}

void
aduan_http_response_free (AduanHttpResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->headers, g_hash_table_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

/**
 * aduan_http_response_get_header:
 * @name: a header name, lower-case
 *
 * Returns: (transfer none) (nullable): its value
 */
const char *
aduan_http_response_get_header (AduanHttpResponse *response,
                                const char        *name)
{
  return g_hash_table_lookup (response->headers, name);
}

/**
 * aduan_http_response_get_json:
 *
 * Returns: (transfer full) (nullable): the body as JSON, if it is JSON
 */
JsonNode *
aduan_http_response_get_json (AduanHttpResponse *response)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *type = aduan_http_response_get_header (response, "content-type");
  gsize length = 0;
  const char *data = response->body != NULL ? g_bytes_get_data (response->body, &length) : NULL;

  if (type == NULL || !g_str_has_prefix (type, "application/json") || length == 0 ||
      !aduan_json_check_depth (data, length, 32, NULL))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, NULL) || json_parser_get_root (parser) == NULL)
    return NULL;

  return json_node_ref (json_parser_get_root (parser));
}

static char *
error_member (AduanHttpResponse *response,
              const char        *member)
{
  g_autoptr(JsonNode) node = aduan_http_response_get_json (response);
  JsonObject *object;
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  if (!json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (object, member)) ||
      json_node_get_value_type (json_object_get_member (object, member)) != G_TYPE_STRING)
    return NULL;

  text = json_object_get_string_member (object, member);
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/**
 * aduan_http_response_get_message:
 *
 * Returns: (transfer full): the hub's `message` from an error answer
 *   (`{"error": CODE, "message": TEXT}`), else the status in words
 */
char *
aduan_http_response_get_message (AduanHttpResponse *response)
{
  char *message = error_member (response, "message");

  if (message != NULL)
    return message;

  return g_strdup_printf (_("HTTP status %u"), response->status);
}

/**
 * aduan_http_response_get_error_code:
 *
 * Returns: (transfer full) (nullable): the hub's `error` code from an
 *   error answer, such as `offset_mismatch`
 */
char *
aduan_http_response_get_error_code (AduanHttpResponse *response)
{
  return error_member (response, "error");
}

/**
 * aduan_http_response_get_retry_after:
 * @now: the real time now, in microseconds
 *
 * Returns: when to try again, from `Retry-After` (seconds or a date), in
 *   real-time microseconds; 0 when the answer does not say
 */
gint64
aduan_http_response_get_retry_after (AduanHttpResponse *response,
                                     gint64             now)
{
  const char *value = aduan_http_response_get_header (response, "retry-after");
  guint64 seconds;
  char *end = NULL;
  time_t when;

  if (value == NULL || *value == '\0')
    return 0;

  if (g_ascii_isdigit (*value))
    {
      seconds = g_ascii_strtoull (value, &end, 10);
      if (*end != '\0')
        return 0;
      /* A day at most: a hub that asks for more is mistaken. */
      return now + (gint64) MIN (seconds, 24 * 3600) * G_USEC_PER_SEC;
    }

  when = curl_getdate (value, NULL);
  if (when <= 0)
    return 0;

  return CLAMP ((gint64) when * G_USEC_PER_SEC, now, now + (gint64) 24 * 3600 * G_USEC_PER_SEC);
}

/**
 * aduan_http_response_to_error:
 * @response: an answer that was not a success
 * @doing: what was being done, for the message, e.g. "sending the
 *   complaint"
 * @error: return location for a #GError
 *
 * The usual meaning of an unwanted status: 401 and 403 ask to enroll
 * again, 429 and 503 to come back later, other 5xx are the hub's failure
 * and other 4xx refuse the item for good.
 */
void
aduan_http_response_to_error (AduanHttpResponse *response,
                              const char        *doing,
                              GError           **error)
{
  g_autofree char *message = aduan_http_response_get_message (response);
  guint status = response->status;

  if (status == 401 || status == 403)
    g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_ENROLL_AGAIN,
                 _("The hub no longer accepts this device (%s). Ask the hub’s admin for a new enrollment code "
                   "and enroll again; nothing on this device is lost"),
                 message);
  else if (status == 429 || status == 503)
    g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_HUB_BUSY,
                 _("The hub is busy and asked to try again later (%s); it will be tried again automatically"),
                 message);
  else if (status >= 500)
    g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_HUB_FAILED,
                 _("The hub failed while %s (%s); it will be tried again automatically. "
                   "If this keeps happening, tell the hub’s admin"),
                 _(doing), message);
  else if (status >= 400)
    g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_REFUSED,
                 _("The hub refused %s: %s"), _(doing), message);
  else
    g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PROTOCOL,
                 _("Unexpected answer from the hub while %s (HTTP %u); check the hub address, "
                   "or sign in to the network if it needs it"),
                 _(doing), status);
}

/**
 * aduan_http_sleep:
 * @milliseconds: how long
 * @cancellable: (nullable): ends the wait early
 *
 * Waits in a worker thread, for backing off between attempts.
 *
 * Returns: %FALSE if @cancellable was cancelled
 */
gboolean
aduan_http_sleep (guint         milliseconds,
                  GCancellable *cancellable)
{
  GPollFD pollfd;

  if (cancellable == NULL || !g_cancellable_make_pollfd (cancellable, &pollfd))
    {
      g_usleep ((gulong) milliseconds * 1000);
      return TRUE;
    }

  g_poll (&pollfd, 1, (gint) milliseconds);
  g_cancellable_release_fd (cancellable);

  return !g_cancellable_is_cancelled (cancellable);
}
