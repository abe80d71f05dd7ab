/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "aduan-error.h"
#include "aduan-hub-auth.h"
#include "aduan-json.h"
#include "aduan-hub-response.h"
#include "aduan-hub-server-private.h"
#include "aduan-hub-storage-sqlite.h"

#define DATABASE_NAME "hub.sqlite"
#define MAX_SEGMENT_LENGTH 128
#define MAX_SEGMENTS 8
#define SMALL_BODY_LIMIT 4096
#define CLEANUP_INTERVAL_SECONDS (10 * 60)

/**
 * AduanHubServer:
 *
 * The hub's HTTP side: a #SoupServer on the main loop. Each request is
 * checked as soon as its headers are in (path, size, token, rate), before
 * a byte of its body is read; handlers then stay small, reading through
 * the main thread's storage connection and writing through
 * #AduanHubWriter, which answers when the write is on disk.
 */
struct _AduanHubServerClass
{
  GObjectClass parent_class;
};

G_DEFINE_FINAL_TYPE (AduanHubServer, aduan_hub_server, G_TYPE_OBJECT)

typedef struct
{
  AduanHubRoute  route;
  const char    *pattern[5];  /* "*" is a parameter */
} RouteEntry;

static const RouteEntry routes[] = {
  { ADUAN_HUB_ROUTE_ROOT, { NULL } },
  { ADUAN_HUB_ROUTE_HEALTH, { "v1", "health", NULL } },
  { ADUAN_HUB_ROUTE_ENROLL, { "v1", "enroll", NULL } },
  { ADUAN_HUB_ROUTE_COMPLAINTS, { "v1", "complaints", NULL } },
  { ADUAN_HUB_ROUTE_COMPLAINT, { "v1", "complaints", "*", NULL } },
  { ADUAN_HUB_ROUTE_COMPLAINT_ACTION, { "v1", "complaints", "*", "*", NULL } },
  { ADUAN_HUB_ROUTE_UPLOADS, { "v1", "uploads", NULL } },
  { ADUAN_HUB_ROUTE_UPLOAD, { "v1", "uploads", "*", NULL } },
  { ADUAN_HUB_ROUTE_PHOTO, { "v1", "photos", "*", NULL } },
  { ADUAN_HUB_ROUTE_CHANGES, { "v1", "changes", NULL } },
  { ADUAN_HUB_ROUTE_CATALOG, { "v1", "catalog", NULL } },
  { ADUAN_HUB_ROUTE_STATS, { "v1", "stats", NULL } },
  { ADUAN_HUB_ROUTE_SURVEY, { "v1", "surveys", "*", NULL } },
  { ADUAN_HUB_ROUTE_TRACK_FORM, { "track", NULL } },
  { ADUAN_HUB_ROUTE_TRACK, { "track", "*", NULL } },
  { ADUAN_HUB_ROUTE_TRACK, { "v1", "track", "*", NULL } },  /* JSON, for kiosks */
  { ADUAN_HUB_ROUTE_OPEN311_SERVICES, { "open311", "v2", "services.json", NULL } },
  { ADUAN_HUB_ROUTE_OPEN311_REQUESTS, { "open311", "v2", "requests.json", NULL } },
  { ADUAN_HUB_ROUTE_OPEN311_REQUEST, { "open311", "v2", "requests", "*", NULL } },
};

typedef enum {
  BODY_NONE,     /* nothing expected: a few KiB at most */
  BODY_JSON,     /* max_body */
  BODY_CATALOG,  /* max_catalog_body */
  BODY_PHOTO,    /* a tus PATCH: up to Tus-Max-Size, streamed to disk */
} BodyKind;

#define PUBLIC 0u

typedef struct
{
  AduanHubRoute  route;
  const char    *method;
  guint          roles;  /* ADUAN_HUB_ROLE_MASK bits; PUBLIC for no token */
  BodyKind       body;
} MethodEntry;

/* Who may do what. Anything not listed is 405. HEAD works wherever GET
 * does, except on uploads, where it is tus's own. */
static const MethodEntry methods[] = {
  { ADUAN_HUB_ROUTE_ROOT, "GET", PUBLIC, BODY_NONE },
  { ADUAN_HUB_ROUTE_HEALTH, "GET", PUBLIC, BODY_NONE },
  { ADUAN_HUB_ROUTE_ENROLL, "POST", PUBLIC, BODY_JSON },
  { ADUAN_HUB_ROUTE_COMPLAINTS, "GET", ADUAN_HUB_ROLES_OFFICE, BODY_NONE },
  { ADUAN_HUB_ROUTE_COMPLAINT, "GET", ADUAN_HUB_ROLES_ANY, BODY_NONE },
  { ADUAN_HUB_ROUTE_COMPLAINT, "PUT", ADUAN_HUB_ROLES_DEVICE, BODY_JSON },
  { ADUAN_HUB_ROUTE_COMPLAINT_ACTION, "POST", ADUAN_HUB_ROLES_OFFICE, BODY_JSON },
  { ADUAN_HUB_ROUTE_UPLOADS, "OPTIONS", PUBLIC, BODY_NONE },
  { ADUAN_HUB_ROUTE_UPLOADS, "POST", ADUAN_HUB_ROLES_DEVICE, BODY_NONE },
  { ADUAN_HUB_ROUTE_UPLOAD, "OPTIONS", PUBLIC, BODY_NONE },
  { ADUAN_HUB_ROUTE_UPLOAD, "HEAD", ADUAN_HUB_ROLES_DEVICE, BODY_NONE },
  { ADUAN_HUB_ROUTE_UPLOAD, "PATCH", ADUAN_HUB_ROLES_DEVICE, BODY_PHOTO },
  { ADUAN_HUB_ROUTE_UPLOAD, "DELETE", ADUAN_HUB_ROLES_DEVICE, BODY_NONE },
  { ADUAN_HUB_ROUTE_PHOTO, "GET", ADUAN_HUB_ROLE_MASK (ADUAN_HUB_ROLE_ADMIN), BODY_NONE },
  { ADUAN_HUB_ROUTE_CHANGES, "GET", ADUAN_HUB_ROLES_DEVICE, BODY_NONE },
  { ADUAN_HUB_ROUTE_CATALOG, "GET", PUBLIC, BODY_NONE },
  { ADUAN_HUB_ROUTE_CATALOG, "PUT", ADUAN_HUB_ROLE_MASK (ADUAN_HUB_ROLE_ADMIN), BODY_CATALOG },
  { ADUAN_HUB_ROUTE_STATS, "GET", ADUAN_HUB_ROLES_OFFICE, BODY_NONE },
  { ADUAN_HUB_ROUTE_SURVEY, "PUT", ADUAN_HUB_ROLES_DEVICE, BODY_JSON },
  { ADUAN_HUB_ROUTE_TRACK_FORM, "GET", PUBLIC, BODY_NONE },
  { ADUAN_HUB_ROUTE_TRACK, "GET", PUBLIC, BODY_NONE },
  { ADUAN_HUB_ROUTE_OPEN311_SERVICES, "GET", PUBLIC, BODY_NONE },
  { ADUAN_HUB_ROUTE_OPEN311_REQUESTS, "GET", PUBLIC, BODY_NONE },
  { ADUAN_HUB_ROUTE_OPEN311_REQUEST, "GET", PUBLIC, BODY_NONE },
};

/**
 * _aduan_hub_now:
 *
 * Returns: the wall-clock time, UTC microseconds; `$ADUAN_HUB_TIME_OFFSET`
 *   seconds are added when set, so tests can see deadlines pass
 */
gint64
_aduan_hub_now (void)
{
  static gint64 offset = -1;

  if (G_UNLIKELY (offset == -1))
    {
      const char *text = g_getenv ("ADUAN_HUB_TIME_OFFSET");

      offset = text != NULL ? g_ascii_strtoll (text, NULL, 10) * G_USEC_PER_SEC : 0;
    }

  return g_get_real_time () + offset;
}

static void
request_free (AduanHubRequest *request)
{
  g_clear_pointer (&request->stream, _aduan_hub_tus_stream_free);
  g_strfreev (request->segments);
  g_clear_pointer (&request->device, aduan_hub_device_free);
  g_free (request);
}

/**
 * _aduan_hub_request_get:
 * @msg: a request
 *
 * Returns: (transfer none): what the hub knows about @msg
 */
AduanHubRequest *
_aduan_hub_request_get (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "aduan-hub-request");
}

/**
 * _aduan_hub_server_pause:
 * @self: the server
 * @msg: a request whose answer waits for the writer
 *
 * Holds the answer back until _aduan_hub_server_unpause().
 */
void
_aduan_hub_server_pause (AduanHubServer    *self,
                         SoupServerMessage *msg)
{
  AduanHubRequest *request = _aduan_hub_request_get (msg);

  g_assert (request != NULL && !request->paused);

  request->paused = TRUE;
  soup_server_message_pause (msg);
}

/**
 * _aduan_hub_server_unpause:
 * @self: the server
 * @msg: a paused request
 *
 * Sends the answer, unless the client went away meanwhile.
 */
void
_aduan_hub_server_unpause (AduanHubServer    *self,
                           SoupServerMessage *msg)
{
  AduanHubRequest *request = _aduan_hub_request_get (msg);

  if (request == NULL || !request->paused)
    return;

  request->paused = FALSE;
  if (!request->finished)
    soup_server_message_unpause (msg);
}

/**
 * _aduan_hub_server_get_body:
 * @msg: a request
 *
 * Returns: (transfer full): the request body
 */
GBytes *
_aduan_hub_server_get_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

#define MAX_JSON_DEPTH 32

/**
 * _aduan_hub_server_check_json:
 * @data: a request body
 * @length: its length
 * @error: return location for a #GError
 *
 * Checks a body is UTF-8 and nests arrays and objects at most
 * %MAX_JSON_DEPTH deep, before a JSON parser sees it: json-glib recurses
 * once per level, and a body of nothing but "[" would overflow the stack
 * and take the hub down.
 *
 * Returns: %TRUE if the body may be parsed
 */
gboolean
_aduan_hub_server_check_json (const char  *data,
                              gsize        length,
                              GError     **error)
{
  return aduan_json_check_depth (data, length, MAX_JSON_DEPTH, error);
}

/**
 * _aduan_hub_server_parse_json:
 * @msg: a request
 * @allow_empty: whether an empty body is fine (then %NULL is returned
 *   without an error)
 * @error: return location for a #GError
 *
 * Reads a JSON request body that must be valid UTF-8.
 *
 * Returns: (transfer full) (nullable): the body's root
 */
JsonNode *
_aduan_hub_server_parse_json (SoupServerMessage  *msg,
                              gboolean            allow_empty,
                              GError            **error)
{
  g_autoptr(GBytes) body = _aduan_hub_server_get_body (msg);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;

  data = g_bytes_get_data (body, &length);
  if (length == 0)
    {
      if (!allow_empty)
        g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON, "The request needs a JSON body");
      return NULL;
    }

  if (!_aduan_hub_server_check_json (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON, "The request body is not valid JSON: %s",
                   local_error->message);
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/**
 * _aduan_hub_server_set_catalog:
 * @self: the server
 * @catalog: the catalog to serve and validate against
 * @json: its JSON text
 * @etag: its ETag, quoted or not
 *
 * Returns: %TRUE
 */
gboolean
_aduan_hub_server_set_catalog (AduanHubServer *self,
                               AduanCatalog   *catalog,
                               const char     *json,
                               const char     *etag)
{
  g_set_object (&self->catalog, catalog);
  g_free (self->catalog_json);
  self->catalog_json = g_strdup (json);
  g_free (self->catalog_etag);
  self->catalog_etag = etag[0] == '"' ? g_strdup (etag) : g_strdup_printf ("\"%s\"", etag);

  return TRUE;
}

static gboolean
is_safe_segment (const char *segment)
{
  gsize length = 0;

  if (g_str_equal (segment, ".") || g_str_equal (segment, ".."))
    return FALSE;

  for (const char *p = segment; *p != '\0'; p++, length++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;

  return length > 0 && length <= MAX_SEGMENT_LENGTH;
}

/* Splits and checks the path: every segment of letters, digits, dashes,
 * underscores and dots, none of them "." or "..", so no ID that reaches a
 * handler can name a file outside its folder. */
static gboolean
split_path (const char   *path,
            char       ***out_segments)
{
  g_auto(GStrv) segments = NULL;
  guint n;

  if (path == NULL || path[0] != '/' || !g_utf8_validate (path, -1, NULL))
    return FALSE;

  if (g_str_equal (path, "/"))
    {
      *out_segments = g_new0 (char *, 1);
      return TRUE;
    }

  segments = g_strsplit (path + 1, "/", MAX_SEGMENTS + 1);
  n = g_strv_length (segments);
  if (n > MAX_SEGMENTS)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      /* A trailing slash is tolerated as the same path without it. */
      if (i == n - 1 && n > 1 && segments[i][0] == '\0')
        {
          g_clear_pointer (&segments[i], g_free);
          break;
        }
      if (!is_safe_segment (segments[i]))
        return FALSE;
    }

  *out_segments = g_steal_pointer (&segments);
  return TRUE;
}

static gboolean
match_route (AduanHubRequest *request)
{
  for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
    {
      const RouteEntry *entry = &routes[r];
      const char *params[2] = { NULL, NULL };
      guint n_params = 0;
      guint i;

      for (i = 0; entry->pattern[i] != NULL && request->segments[i] != NULL; i++)
        {
          if (g_str_equal (entry->pattern[i], "*"))
            {
              if (n_params < G_N_ELEMENTS (params))
                params[n_params++] = request->segments[i];
            }
          else if (!g_str_equal (entry->pattern[i], request->segments[i]))
            break;
        }

      if (entry->pattern[i] == NULL && request->segments[i] == NULL)
        {
          request->route = entry->route;
          request->param = params[0];
          request->action = params[1];
          return TRUE;
        }
    }

  return FALSE;
}

static const MethodEntry *
lookup_method (AduanHubRoute  route,
               const char    *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (methods[i].route == route && g_str_equal (methods[i].method, method))
      return &methods[i];

  /* HEAD is GET without the body. */
  if (g_str_equal (method, "HEAD") && route != ADUAN_HUB_ROUTE_UPLOAD)
    return lookup_method (route, "GET");

  return NULL;
}

static char *
allowed_methods (AduanHubRoute route)
{
  GString *allow = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (methods[i].route == route)
      g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "", methods[i].method);

  return g_string_free (allow, FALSE);
}

static gsize
body_limit (AduanHubServer *self,
            BodyKind        kind)
{
  switch (kind)
    {
    case BODY_JSON:
      return self->config->max_body;
    case BODY_CATALOG:
      return self->config->max_catalog_body;
    case BODY_PHOTO:
      return (gsize) self->config->max_photo_size;
    case BODY_NONE:
    default:
      return SMALL_BODY_LIMIT;
    }
}

/* A refused request's body is read and dropped, never kept: a 10 MB
 * upload to a wrong address costs the hub no memory. */
static void
discard_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
}

static void
reply_too_large (SoupServerMessage *msg,
                 gsize              limit)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                       "Connection", "close");
  aduan_hub_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                         "The request body is larger than the %" G_GSIZE_FORMAT " bytes allowed here", limit);
}

static gboolean
authenticate (AduanHubServer    *self,
              SoupServerMessage *msg,
              AduanHubRequest   *request,
              guint              roles)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  const char *token;

  if (header == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                           "WWW-Authenticate", "Bearer realm=\"aduan-hub\"");
      aduan_hub_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "missing_token",
                             "This needs a bearer token: enroll the device, or ask the admin for one");
      return FALSE;
    }

  token = aduan_hub_auth_parse_bearer (header);
  if (token != NULL)
    {
      hash = aduan_hub_auth_hash_secret (token);
      request->device = aduan_hub_storage_lookup_token (self->reader, hash, &error);
      if (error != NULL)
        {
          aduan_hub_reply_gerror (msg, error);
          return FALSE;
        }
    }

  if (request->device == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                           "WWW-Authenticate",
                                           "Bearer realm=\"aduan-hub\", error=\"invalid_token\"");
      aduan_hub_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_token",
                             "The bearer token is not valid");
      return FALSE;
    }

  if (request->device->revoked_at != 0)
    {
      g_debug ("Refused revoked device %s", request->device->id);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                           "WWW-Authenticate",
                                           "Bearer realm=\"aduan-hub\", error=\"invalid_token\"");
      aduan_hub_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "token_revoked",
                             "This device’s token was revoked; enroll it again");
      return FALSE;
    }

  if ((roles & ADUAN_HUB_ROLE_MASK (request->device->role)) == 0)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "A %s token may not do this", aduan_hub_role_to_string (request->device->role));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_rate (AduanHubServer    *self,
            SoupServerMessage *msg,
            AduanHubRequest   *request)
{
  g_autofree char *address_key = NULL;
  const char *key;
  guint retry_after = 0;

  if (request->device != NULL)
    key = request->device->id;
  else
    key = address_key = g_strconcat ("address:", soup_server_message_get_remote_host (msg), NULL);

  if (aduan_hub_rate_limit_check (self->rate_limit, key, g_get_monotonic_time (), &retry_after))
    return TRUE;

  {
    g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                         "Retry-After", seconds);
  }
  aduan_hub_reply_error (msg, ADUAN_HUB_STATUS_TOO_MANY_REQUESTS, "rate_limited",
                         "Too many requests; try again in %u seconds", retry_after);
  return FALSE;
}

/* Everything that can be decided from the headers is decided here, before
 * the body is read: a refused request never costs more than its headers. */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  AduanHubServer *self = ADUAN_HUB_SERVER (user_data);
  AduanHubRequest *request = _aduan_hub_request_get (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const MethodEntry *entry;
  goffset content_length;

  /* libsoup itself refused it (a bad path): answer in our format. */
  if (soup_server_message_get_status (msg) != 0)
    {
      guint status = soup_server_message_get_status (msg);

      discard_body (msg);
      aduan_hub_reply_error (msg, status, status == SOUP_STATUS_BAD_REQUEST ? "invalid_path" : "bad_request",
                             "%s", soup_status_get_phrase (status));
      return;
    }

  request->method = soup_server_message_get_method (msg);

  if (soup_server_message_get_uri (msg) == NULL ||
      !split_path (g_uri_get_path (soup_server_message_get_uri (msg)), &request->segments))
    {
      discard_body (msg);
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_path",
                             "The path may only hold letters, digits, “-”, “_” and “.” between slashes");
      return;
    }

  if (!match_route (request))
    {
      discard_body (msg);
      aduan_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is nothing at this address");
      return;
    }
  request->routed = TRUE;

  if (request->route == ADUAN_HUB_ROUTE_UPLOADS || request->route == ADUAN_HUB_ROUTE_UPLOAD)
    _aduan_hub_tus_add_headers (msg);

  /* tus lets clients that cannot send PATCH or DELETE tunnel them. */
  if (request->route == ADUAN_HUB_ROUTE_UPLOAD && request->method == SOUP_METHOD_POST)
    {
      const char *override = soup_message_headers_get_one (headers, "X-HTTP-Method-Override");

      if (g_strcmp0 (override, "PATCH") == 0)
        request->method = g_intern_static_string ("PATCH");
      else if (g_strcmp0 (override, "DELETE") == 0)
        request->method = SOUP_METHOD_DELETE;
    }

  entry = lookup_method (request->route, request->method);
  if (entry == NULL)
    {
      g_autofree char *allow = allowed_methods (request->route);

      discard_body (msg);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                           "Allow", allow);
      aduan_hub_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                             "Use %s here", allow);
      return;
    }

  request->body_limit = body_limit (self, entry->body);
  content_length = soup_message_headers_get_content_length (headers);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      content_length > 0 && (guint64) content_length > request->body_limit)
    {
      discard_body (msg);
      reply_too_large (msg, request->body_limit);
      return;
    }

  if (entry->roles != PUBLIC && !authenticate (self, msg, request, entry->roles))
    {
      discard_body (msg);
      return;
    }

  if (!check_rate (self, msg, request))
    {
      discard_body (msg);
      return;
    }

  if (request->route == ADUAN_HUB_ROUTE_UPLOAD && g_str_equal (request->method, "PATCH"))
    _aduan_hub_tus_begin_patch (self, msg, request);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  AduanHubServer *self = ADUAN_HUB_SERVER (user_data);
  AduanHubRequest *request = _aduan_hub_request_get (msg);

  request->body_received += g_bytes_get_size (chunk);

  if (request->too_large || soup_server_message_get_status (msg) != 0)
    return;

  /* Without a Content-Length the size is only known as it arrives. */
  if (request->body_limit > 0 && request->body_received > request->body_limit)
    {
      request->too_large = TRUE;
      discard_body (msg);
      if (request->stream != NULL)
        _aduan_hub_tus_message_finished (self, request);
      reply_too_large (msg, request->body_limit);
      return;
    }

  if (request->stream != NULL)
    _aduan_hub_tus_got_chunk (self, msg, request, chunk);
}

static void
finished_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  AduanHubServer *self = ADUAN_HUB_SERVER (user_data);
  AduanHubRequest *request = _aduan_hub_request_get (msg);

  if (request == NULL || request->finished)
    return;

  request->finished = TRUE;

  /* IDs only: paths hold UUIDs, upload IDs and tracking codes, never
   * personal data, and query strings are left out. */
  g_debug ("%s %s %u %s %.1f ms",
           soup_server_message_get_method (msg),
           soup_server_message_get_uri (msg) != NULL ? g_uri_get_path (soup_server_message_get_uri (msg)) : "-",
           soup_server_message_get_status (msg),
           request->device != NULL ? request->device->id : "-",
           (g_get_monotonic_time () - request->started) / 1000.0);

  if (request->stream != NULL)
    _aduan_hub_tus_message_finished (self, request);
}

/* libsoup 3.2 drops Content-Length from a 204 as it writes it, and then
 * judges the answer "terminated by EOF" and closes the connection: every
 * tus PATCH would cost a new connection, and a client reusing the old one
 * meets EPIPE. The headers are out by now; only the verdict is fixed. */
static void
wrote_headers_cb (SoupServerMessage *msg,
                  gpointer           user_data)
{
  if (soup_server_message_get_status (msg) == SOUP_STATUS_NO_CONTENT)
    soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                       SOUP_ENCODING_CONTENT_LENGTH);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  AduanHubServer *self = ADUAN_HUB_SERVER (user_data);
  AduanHubRequest *request = g_new0 (AduanHubRequest, 1);

  request->server = self;
  request->started = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "aduan-hub-request", request, (GDestroyNotify) request_free);

  /* Connected after libsoup's own handlers, so these see its verdict. */
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self, 0);
  g_signal_connect_object (msg, "finished", G_CALLBACK (finished_cb), self, 0);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (wrote_headers_cb), NULL);
}

static void
handle_root (AduanHubServer    *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, "aduan-hub");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  aduan_hub_reply_json (msg, SOUP_STATUS_OK, node);
}

static void
handle_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  AduanHubServer *self = ADUAN_HUB_SERVER (user_data);
  AduanHubRequest *request = _aduan_hub_request_get (msg);
  gboolean is_get;

  /* Every refusal was answered at the headers; this is the safety net. */
  if (request == NULL || !request->routed)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is nothing at this address");
      return;
    }

  is_get = request->method == SOUP_METHOD_GET || request->method == SOUP_METHOD_HEAD;

  switch (request->route)
    {
    case ADUAN_HUB_ROUTE_ROOT:
    case ADUAN_HUB_ROUTE_HEALTH:
      handle_root (self, msg);
      break;
    case ADUAN_HUB_ROUTE_ENROLL:
      _aduan_hub_server_handle_enroll (self, msg, request);
      break;
    case ADUAN_HUB_ROUTE_COMPLAINTS:
      _aduan_hub_server_handle_complaints_list (self, msg, request, query);
      break;
    case ADUAN_HUB_ROUTE_COMPLAINT:
      if (is_get)
        _aduan_hub_server_handle_complaint_get (self, msg, request);
      else
        _aduan_hub_server_handle_complaint_put (self, msg, request);
      break;
    case ADUAN_HUB_ROUTE_COMPLAINT_ACTION:
      _aduan_hub_server_handle_action (self, msg, request);
      break;
    case ADUAN_HUB_ROUTE_UPLOADS:
    case ADUAN_HUB_ROUTE_UPLOAD:
      _aduan_hub_server_handle_tus (self, msg, request);
      break;
    case ADUAN_HUB_ROUTE_PHOTO:
      _aduan_hub_server_handle_photo (self, msg, request);
      break;
    case ADUAN_HUB_ROUTE_CHANGES:
      _aduan_hub_server_handle_changes (self, msg, request, query);
      break;
    case ADUAN_HUB_ROUTE_CATALOG:
      if (is_get)
        _aduan_hub_server_handle_catalog_get (self, msg, request);
      else
        _aduan_hub_server_handle_catalog_put (self, msg, request);
      break;
    case ADUAN_HUB_ROUTE_STATS:
      _aduan_hub_server_handle_stats (self, msg, request);
      break;
    case ADUAN_HUB_ROUTE_SURVEY:
      _aduan_hub_server_handle_survey_put (self, msg, request);
      break;
    case ADUAN_HUB_ROUTE_TRACK_FORM:
    case ADUAN_HUB_ROUTE_TRACK:
      _aduan_hub_server_handle_track (self, msg, request, query);
      break;
    case ADUAN_HUB_ROUTE_OPEN311_SERVICES:
    case ADUAN_HUB_ROUTE_OPEN311_REQUESTS:
    case ADUAN_HUB_ROUTE_OPEN311_REQUEST:
      _aduan_hub_server_handle_open311 (self, msg, request, query);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
cleanup_cb (gpointer user_data)
{
  _aduan_hub_tus_remove_expired (ADUAN_HUB_SERVER (user_data), FALSE);

  return G_SOURCE_CONTINUE;
}

static void
aduan_hub_server_dispose (GObject *object)
{
  AduanHubServer *self = ADUAN_HUB_SERVER (object);

  aduan_hub_server_shutdown (self);

  g_clear_object (&self->soup);
  g_clear_object (&self->writer);
  g_clear_object (&self->reader);
  g_clear_object (&self->catalog);
  g_clear_object (&self->areas);

  G_OBJECT_CLASS (aduan_hub_server_parent_class)->dispose (object);
}

static void
aduan_hub_server_finalize (GObject *object)
{
  AduanHubServer *self = ADUAN_HUB_SERVER (object);

  g_clear_pointer (&self->config, aduan_hub_config_free);
  g_free (self->catalog_json);
  g_free (self->catalog_etag);
  g_clear_pointer (&self->calendar, aduan_hub_working_days_free);
  g_clear_pointer (&self->rate_limit, aduan_hub_rate_limit_free);
  g_clear_pointer (&self->track_page, aduan_hub_track_page_free);
  g_free (self->photos_dir);
  g_free (self->uploads_dir);
  g_clear_pointer (&self->tus_streams, g_hash_table_unref);
  g_clear_pointer (&self->tus_hashes, g_hash_table_unref);

  G_OBJECT_CLASS (aduan_hub_server_parent_class)->finalize (object);
}

static void
aduan_hub_server_class_init (AduanHubServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aduan_hub_server_dispose;
  object_class->finalize = aduan_hub_server_finalize;
}

static void
aduan_hub_server_init (AduanHubServer *self)
{
  /* Streams belong to their requests; this only finds them by upload. */
  self->tus_streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tus_hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) _aduan_hub_tus_hash_free);
}

static char *
copy_config_string (const char *value)
{
  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static AduanHubConfig *
copy_config (const AduanHubConfig *config)
{
  AduanHubConfig *copy = g_new0 (AduanHubConfig, 1);

  *copy = *config;
  copy->data_dir = g_strdup (config->data_dir);
  copy->listen = g_strdup (config->listen);
  copy->tls_cert = copy_config_string (config->tls_cert);
  copy->tls_key = copy_config_string (config->tls_key);
  copy->holidays_file = copy_config_string (config->holidays_file);
  copy->timezone = g_strdup (config->timezone);

  return copy;
}

static gboolean
load_catalog (AduanHubServer  *self,
              GError         **error)
{
  g_autofree char *json = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(AduanCatalog) catalog = NULL;

  json = aduan_hub_storage_get_catalog (self->reader, &etag, error);
  if (json == NULL && error != NULL && *error != NULL)
    return FALSE;

  if (json == NULL)
    {
      /* First start: serve the catalog Aduan ships until an admin
       * replaces it. */
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      catalog = aduan_catalog_new_default (error);
      if (catalog == NULL)
        return FALSE;

      node = aduan_catalog_to_json (catalog);
      json_generator_set_root (generator, node);
      json = json_generator_to_data (generator, NULL);
      etag = g_strdup (aduan_catalog_get_etag (catalog));

      if (!aduan_hub_storage_set_catalog (self->reader, json, etag, _aduan_hub_now (), error))
        return FALSE;
    }
  else
    {
      catalog = aduan_catalog_new_from_data (json, -1, error);
      if (catalog == NULL)
        return FALSE;
    }

  return _aduan_hub_server_set_catalog (self, catalog, json, etag);
}

/**
 * aduan_hub_server_new:
 * @config: how to run
 * @error: return location for a #GError
 *
 * Opens the data folder (making it if needed), the database and the
 * catalog, and readies the server; aduan_hub_server_listen() opens the
 * port.
 *
 * Returns: (transfer full) (nullable): the server
 */
AduanHubServer *
aduan_hub_server_new (const AduanHubConfig  *config,
                      GError               **error)
{
  g_autoptr(AduanHubServer) self = NULL;
  g_autoptr(AduanHubStorage) writer_storage = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *database = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->data_dir != NULL, NULL);

  self = g_object_new (ADUAN_HUB_TYPE_SERVER, NULL);
  self->config = copy_config (config);

  if ((self->config->tls_cert == NULL) != (self->config->tls_key == NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--tls-cert and --tls-key go together");
      return NULL;
    }

  self->photos_dir = g_build_filename (config->data_dir, "photos", NULL);
  self->uploads_dir = g_build_filename (config->data_dir, "uploads", NULL);
  if (g_mkdir_with_parents (self->photos_dir, 0700) != 0 ||
      g_mkdir_with_parents (self->uploads_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot make the data folder %s: %s", config->data_dir, g_strerror (saved_errno));
      return NULL;
    }

  self->calendar = aduan_hub_working_days_new (config->working_days, config->timezone, error);
  if (self->calendar == NULL)
    return NULL;
  if (self->config->holidays_file != NULL &&
      !aduan_hub_working_days_load_holidays (self->calendar, self->config->holidays_file, error))
    return NULL;

  database = g_build_filename (config->data_dir, DATABASE_NAME, NULL);
  self->reader = aduan_hub_storage_sqlite_open (database, error);
  if (self->reader == NULL)
    return NULL;
  writer_storage = aduan_hub_storage_sqlite_open (database, error);
  if (writer_storage == NULL)
    return NULL;

  if (!load_catalog (self, error))
    return NULL;

  self->areas = aduan_area_index_open_default (&local_error);
  if (self->areas == NULL)
    g_message ("Village codes are checked for form only: %s", local_error->message);

  self->rate_limit = aduan_hub_rate_limit_new (config->requests_per_minute);
  self->track_page = aduan_hub_track_page_new (aduan_hub_working_days_get_timezone (self->calendar));
  self->writer = aduan_hub_writer_new (writer_storage);

  self->soup = soup_server_new ("server-header", "aduan-hub/" PACKAGE_VERSION " ", NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started_cb), self, 0);
  soup_server_add_handler (self->soup, NULL, handle_cb, self, NULL);

  return g_steal_pointer (&self);
}

static GSocketAddress *
parse_listen (const char  *listen,
              GError     **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *colon;
  const char *port_text;
  guint64 port;
  char *end = NULL;

  colon = listen != NULL ? strrchr (listen, ':') : NULL;
  if (colon == NULL)
    goto invalid;

  if (listen[0] == '[')
    {
      if (colon == listen || colon[-1] != ']')
        goto invalid;
      host = g_strndup (listen + 1, colon - listen - 2);
    }
  else
    host = g_strndup (listen, colon - listen);
  port_text = colon + 1;

  port = g_ascii_strtoull (port_text, &end, 10);
  if (*port_text == '\0' || *end != '\0' || port > 65535)
    goto invalid;

  if (*host == '\0' || g_str_equal (host, "*"))
    address = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  else if (g_str_equal (host, "localhost"))
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);

  if (address == NULL)
    goto invalid;

  return g_inet_socket_address_new (address, (guint16) port);

invalid:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--listen: “%s” is not HOST:PORT with an IP address (e.g. 127.0.0.1:8080, [::]:443, 0.0.0.0:0)",
               listen != NULL ? listen : "");
  return NULL;
}

/**
 * aduan_hub_server_listen:
 * @self: the server
 * @error: return location for a #GError
 *
 * Opens the port, with TLS when a certificate was configured, and starts
 * the hourly-ish clean-up of expired uploads.
 *
 * Returns: %TRUE if the hub is listening
 */
gboolean
aduan_hub_server_listen (AduanHubServer  *self,
                         GError         **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (ADUAN_HUB_IS_SERVER (self), FALSE);

  address = parse_listen (self->config->listen, error);
  if (address == NULL)
    return FALSE;

  if (self->config->tls_cert != NULL)
    {
      g_autoptr(GTlsCertificate) certificate = NULL;

      certificate = g_tls_certificate_new_from_files (self->config->tls_cert, self->config->tls_key, error);
      if (certificate == NULL)
        return FALSE;

      soup_server_set_tls_certificate (self->soup, certificate);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  _aduan_hub_tus_remove_expired (self, TRUE);

  if (!soup_server_listen (self->soup, address, options, error))
    return FALSE;

  self->cleanup_id = g_timeout_add_seconds (CLEANUP_INTERVAL_SECONDS, cleanup_cb, self);

  return TRUE;
}

/**
 * aduan_hub_server_get_url:
 * @self: a listening server
 *
 * Returns: (transfer full) (nullable): the URL it listens on, with the
 *   port it really got
 */
char *
aduan_hub_server_get_url (AduanHubServer *self)
{
  GSList *uris;
  char *url = NULL;

  g_return_val_if_fail (ADUAN_HUB_IS_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return url;
}

/**
 * aduan_hub_server_shutdown:
 * @self: the server
 *
 * Stops listening, closes connections, and lets the writer finish what it
 * was given, so every write a device was told about is on disk.
 */
void
aduan_hub_server_shutdown (AduanHubServer *self)
{
  g_return_if_fail (ADUAN_HUB_IS_SERVER (self));

  g_clear_handle_id (&self->cleanup_id, g_source_remove);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);

  if (self->writer != NULL)
    {
      aduan_hub_writer_stop (self->writer);

      /* The finished jobs' answers were queued on this context. */
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
    }
}
