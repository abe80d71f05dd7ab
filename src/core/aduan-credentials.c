/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "aduan-credentials.h"
#include "aduan-outbox-private.h"
#include "aduan-sync-http.h"

/*
 * Enrollment, and the device's bearer token.
 *
 * The token is the one secret a device holds: it is kept in the user's
 * keyring (Secret Service, through libsecret) where one runs, otherwise in
 * a file only the user can read (0600) in the data folder, next to the
 * store it belongs to. Never in the database, never in a log line: the
 * database is what gets copied for support, and logs get pasted.
 * `ADUAN_TOKEN_STORE=file` or `=keyring` overrides the choice.
 */

#define TOKEN_FILE_NAME "device-token"
#define TOKEN_MAX_LENGTH 512

G_DEFINE_BOXED_TYPE (AduanEnrollment, aduan_enrollment, aduan_enrollment_copy, aduan_enrollment_free)

#ifdef HAVE_LIBSECRET
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "id.go.aduan.Aduan.DeviceToken", SECRET_SCHEMA_NONE,
    {
      { "data-dir", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}
#endif

AduanEnrollment *
aduan_enrollment_copy (const AduanEnrollment *enrollment)
{
  AduanEnrollment *copy = g_new (AduanEnrollment, 1);

  *copy = *enrollment;
  copy->hub_url = g_strdup (enrollment->hub_url);
  copy->device_id = g_strdup (enrollment->device_id);
  copy->role = g_strdup (enrollment->role);
  copy->name = g_strdup (enrollment->name);
  copy->tracking_prefix = g_strdup (enrollment->tracking_prefix);
  copy->ca_file = g_strdup (enrollment->ca_file);
  copy->token_store = g_strdup (enrollment->token_store);

  return copy;
}

void
aduan_enrollment_free (AduanEnrollment *enrollment)
{
  if (enrollment == NULL)
    return;

  g_free (enrollment->hub_url);
  g_free (enrollment->device_id);
  g_free (enrollment->role);
  g_free (enrollment->name);
  g_free (enrollment->tracking_prefix);
  g_free (enrollment->ca_file);
  g_free (enrollment->token_store);
  g_free (enrollment);
}

/**
 * aduan_credentials_get_enrollment:
 * @store: the device store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the enrollment, or %NULL without an
 *   error when the device was never enrolled
 */
AduanEnrollment *
aduan_credentials_get_enrollment (AduanStore  *store,
                                  GError     **error)
{
  g_autoptr(AduanEnrollment) enrollment = g_new0 (AduanEnrollment, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *refused = NULL;

  g_return_val_if_fail (ADUAN_IS_STORE (store), NULL);

  enrollment->hub_url = _aduan_outbox_get_meta (store, ADUAN_SYNC_META_HUB_URL, &local_error);
  if (local_error == NULL)
    enrollment->device_id = _aduan_outbox_get_meta (store, ADUAN_SYNC_META_DEVICE_ID, &local_error);
  if (local_error == NULL)
    enrollment->token_store = _aduan_outbox_get_meta (store, ADUAN_SYNC_META_TOKEN_STORE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (enrollment->hub_url == NULL || enrollment->device_id == NULL || enrollment->token_store == NULL)
    return NULL;

  enrollment->role = _aduan_outbox_get_meta (store, ADUAN_SYNC_META_DEVICE_ROLE, NULL);
  enrollment->name = _aduan_outbox_get_meta (store, ADUAN_SYNC_META_DEVICE_NAME, NULL);
  enrollment->tracking_prefix = _aduan_outbox_get_meta (store, ADUAN_SYNC_META_TRACKING_PREFIX, NULL);
  enrollment->ca_file = _aduan_outbox_get_meta (store, ADUAN_SYNC_META_CA_FILE, NULL);
  enrollment->enrolled_at = _aduan_outbox_get_meta_int (store, ADUAN_SYNC_META_ENROLLED_AT);
  refused = _aduan_outbox_get_meta (store, ADUAN_SYNC_META_AUTH_REFUSED, NULL);
  enrollment->refused = refused != NULL;

  return g_steal_pointer (&enrollment);
}

static gboolean
keyring_wanted (void)
{
  const char *mode = g_getenv ("ADUAN_TOKEN_STORE");
  const char *bus = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *bus_socket = NULL;

#ifndef HAVE_LIBSECRET
  return FALSE;
#endif

  if (g_strcmp0 (mode, "file") == 0)
    return FALSE;
  if (g_strcmp0 (mode, "keyring") == 0)
    return TRUE;

  /* Only with a session bus already there: asking for one would start
   * a bus (and maybe a keyring prompt) on a headless kiosk. */
  if (bus != NULL && *bus != '\0')
    return TRUE;

  bus_socket = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  return g_file_test (bus_socket, G_FILE_TEST_EXISTS);
}

static char *
token_file_path (AduanStore *store)
{
  return g_build_filename (aduan_store_get_data_dir (store), TOKEN_FILE_NAME, NULL);
}

static char *
canonical_data_dir (AduanStore *store)
{
  return g_canonicalize_filename (aduan_store_get_data_dir (store), NULL);
}

static gboolean
token_is_valid (const char *token)
{
  gsize length = token != NULL ? strlen (token) : 0;

  /* It goes into a header line: printable ASCII, nothing else. */
  if (length == 0 || length > TOKEN_MAX_LENGTH)
    return FALSE;

  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isgraph (*p))
      return FALSE;

  return TRUE;
}

static gboolean
write_token_file (AduanStore  *store,
                  const char  *token,
                  GError     **error)
{
  g_autofree char *path = token_file_path (store);
  g_autofree char *contents = g_strconcat (token, "\n", NULL);
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  ok = g_file_set_contents_full (path, contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error);
  memset (contents, 0, strlen (contents));

  if (!ok)
    {
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_CREDENTIALS,
                   _("The device’s access token could not be saved (%s); check that the data folder is writable"),
                   local_error->message);
      return FALSE;
    }

  return TRUE;
}

static char *
read_token_file (AduanStore  *store,
                 GError     **error)
{
  g_autofree char *path = token_file_path (store);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf info;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_NOT_ENROLLED,
                   _("The device’s access token is missing (%s); enroll the device again"),
                   local_error->message);
      return NULL;
    }

  /* Someone loosened it: tighten it again rather than refuse to work. */
  if (g_stat (path, &info) == 0 && (info.st_mode & 077) != 0)
    g_chmod (path, 0600);

  g_strstrip (contents);
  if (!token_is_valid (contents))
    {
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_NOT_ENROLLED,
                   _("The device’s access token file %s is damaged; enroll the device again"), path);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

/* Keeps @token; returns where, "keyring" or "file". */
static const char *
store_token (AduanStore    *store,
             const char    *token,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *path = token_file_path (store);

#ifdef HAVE_LIBSECRET
  if (keyring_wanted ())
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *data_dir = canonical_data_dir (store);
      g_autofree char *label = g_strdup_printf (_("Aduan device token (%s)"), data_dir);

      if (secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                      cancellable, &local_error, "data-dir", data_dir, NULL))
        {
          /* The keyring has it now: no copy on disk. */
          g_unlink (path);
          return "keyring";
        }

      if (g_strcmp0 (g_getenv ("ADUAN_TOKEN_STORE"), "keyring") == 0)
        {
          g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_CREDENTIALS,
                       _("The keyring could not keep the device’s access token (%s)"), local_error->message);
          return NULL;
        }

      g_debug ("No keyring (%s); keeping the token in a private file", local_error->message);
    }
#endif

  if (!write_token_file (store, token, error))
    return NULL;

  return "file";
}

/**
 * aduan_credentials_lookup_token:
 * @store: the device store
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the device's token from where enrollment kept it. May block on
 * the keyring: call it from a worker thread.
 *
 * Returns: (transfer full) (nullable): the token; %NULL with
 *   %ADUAN_SYNC_ERROR_NOT_ENROLLED when there is none
 */
char *
aduan_credentials_lookup_token (AduanStore    *store,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *where = NULL;

  g_return_val_if_fail (ADUAN_IS_STORE (store), NULL);

  where = _aduan_outbox_get_meta (store, ADUAN_SYNC_META_TOKEN_STORE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (g_strcmp0 (where, "file") == 0)
    return read_token_file (store, error);

#ifdef HAVE_LIBSECRET
  if (g_strcmp0 (where, "keyring") == 0)
    {
      g_autofree char *data_dir = canonical_data_dir (store);
      char *token = secret_password_lookup_sync (token_schema (), cancellable, &local_error,
                                                 "data-dir", data_dir, NULL);

      if (token != NULL)
        {
          char *copy = g_strdup (token);

          secret_password_free (token);
          if (token_is_valid (copy))
            return copy;
          g_free (copy);
        }

      g_set_error (error, ADUAN_SYNC_ERROR, local_error != NULL ? ADUAN_SYNC_ERROR_CREDENTIALS
                                                                 : ADUAN_SYNC_ERROR_NOT_ENROLLED,
                   _("The device’s access token could not be read from the keyring (%s); "
                     "unlock the keyring, or enroll the device again"),
                   local_error != NULL ? local_error->message : _("it is not there"));
      return NULL;
    }
#endif

  g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_NOT_ENROLLED,
                       _("This device is not enrolled with a hub yet; enroll it with the hub’s address "
                         "and a one-time code from the hub’s admin"));
  return NULL;
}

/**
 * aduan_credentials_forget:
 * @store: the device store
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes the token and the enrollment. Complaints stay, and are sent
 * after the next enrollment.
 */
gboolean
aduan_credentials_forget (AduanStore    *store,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (ADUAN_IS_STORE (store), FALSE);

  path = token_file_path (store);
  g_unlink (path);

#ifdef HAVE_LIBSECRET
  {
    g_autofree char *where = _aduan_outbox_get_meta (store, ADUAN_SYNC_META_TOKEN_STORE, NULL);

    if (g_strcmp0 (where, "keyring") == 0)
      {
        g_autofree char *data_dir = canonical_data_dir (store);
        g_autoptr(GError) local_error = NULL;

        if (!secret_password_clear_sync (token_schema (), cancellable, &local_error, "data-dir", data_dir, NULL) &&
            local_error != NULL)
          g_debug ("Token not removed from the keyring: %s", local_error->message);
      }
  }
#endif

  return _aduan_outbox_set_meta (store, ADUAN_SYNC_META_TOKEN_STORE, NULL, error) &&
         _aduan_outbox_set_meta (store, ADUAN_SYNC_META_DEVICE_ID, NULL, error);
}

static const char *
json_string (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
is_safe_text (const char *text,
              gsize       max_length)
{
  return text != NULL && *text != '\0' && strlen (text) <= max_length && g_utf8_validate (text, -1, NULL);
}

/**
 * aduan_credentials_enroll:
 * @store: the device store
 * @hub_url: the hub's address, e.g. `https://aduan.example.go.id`
 * @code: the one-time code the hub's admin made (`aduan-hub enroll-code`)
 * @device_name: (nullable): what to call this device at the hub; %NULL
 *   for the name the code was made for
 * @ca_file: (nullable): PEM certificates to trust for this hub instead of
 *   the system's (a hub with its own certificate); kept for later syncs
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Enrolls the device: `POST /v1/enroll` with the code, then keeps the
 * token (keyring or private file) and the hub's address and device ID (in
 * the store). Enrolling with another hub sends the complaints still
 * waiting there instead. Blocks: call it from a worker thread, or use
 * aduan_credentials_enroll_async().
 *
 * Returns: %TRUE when the device is enrolled
 */
gboolean
aduan_credentials_enroll (AduanStore    *store,
                          const char    *hub_url,
                          const char    *code,
                          const char    *device_name,
                          const char    *ca_file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(AduanHttpClient) http = NULL;
  g_autoptr(AduanHttpResponse) response = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) request_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(AduanEnrollment) previous = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *absolute_ca = NULL;
  g_autofree char *text = NULL;
  AduanHttpRequest request = ADUAN_HTTP_REQUEST_INIT;
  const char *headers[] = { "Content-Type: application/json", NULL };
  const char *device_id, *token, *role, *name, *prefix, *where;
  g_autofree char *trimmed_code = NULL;
  JsonObject *object;
  gsize text_length = 0;
  gboolean ok;

  g_return_val_if_fail (ADUAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (hub_url != NULL && code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  base_url = aduan_http_normalize_base_url (hub_url, error);
  if (base_url == NULL)
    return FALSE;

  if (ca_file != NULL && *ca_file != '\0')
    {
      absolute_ca = g_canonicalize_filename (ca_file, NULL);
      if (!g_file_test (absolute_ca, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_TLS,
                       _("The certificate file %s does not exist"), absolute_ca);
          return FALSE;
        }
    }

  trimmed_code = g_strstrip (g_strdup (code));
  if (!g_utf8_validate (trimmed_code, -1, NULL) || *trimmed_code == '\0')
    {
      g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_INVALID_CODE,
                           _("Give the one-time code the hub’s admin made for this device"));
      return FALSE;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, trimmed_code);
  if (device_name != NULL && *device_name != '\0')
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, device_name);
    }
  json_builder_end_object (builder);
  request_node = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, request_node);
  text = json_generator_to_data (generator, &text_length);
  body = g_bytes_new_take (g_steal_pointer (&text), text_length);

  http = aduan_http_client_new ();
  aduan_http_client_set_base_url (http, base_url);
  aduan_http_client_set_ca_file (http, absolute_ca);
  aduan_http_client_set_cancellable (http, cancellable);

  request.method = "POST";
  request.url = "v1/enroll";
  request.headers = headers;
  request.body = body;
  response = aduan_http_client_send (http, &request, error);
  if (response == NULL)
    return FALSE;

  if (response->status != 201 && response->status != 200)
    {
      g_autofree char *message = aduan_http_response_get_message (response);

      if (response->status >= 400 && response->status < 500 && response->status != 429)
        g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_INVALID_CODE,
                     _("The hub refused the enrollment code (%s); ask the hub’s admin for a new one"), message);
      else
        aduan_http_response_to_error (response, N_("enrolling the device"), error);
      return FALSE;
    }

  answer = aduan_http_response_get_json (response);
  object = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  device_id = object != NULL ? json_string (object, "device_id") : NULL;
  token = object != NULL ? json_string (object, "token") : NULL;
  role = object != NULL ? json_string (object, "role") : NULL;
  name = object != NULL ? json_string (object, "name") : NULL;
  prefix = object != NULL ? json_string (object, "tracking_prefix") : NULL;

  if (!is_safe_text (device_id, 200) || !token_is_valid (token) || !is_safe_text (role, 50))
    {
      g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PROTOCOL,
                           _("The hub’s answer to the enrollment is not what an Aduan hub sends; check the address"));
      return FALSE;
    }

  previous = aduan_credentials_get_enrollment (store, NULL);

  where = store_token (store, token, cancellable, error);
  if (where == NULL)
    return FALSE;

  /* Uploads belong to the device that made them, and a cursor to a hub. */
  if (previous != NULL && g_strcmp0 (previous->device_id, device_id) != 0 &&
      !_aduan_outbox_forget_uploads (store, error))
    return FALSE;
  if (previous != NULL && g_strcmp0 (previous->hub_url, base_url) != 0 &&
      !_aduan_outbox_set_meta (store, ADUAN_SYNC_META_CURSOR, NULL, error))
    return FALSE;

  ok = _aduan_outbox_set_meta (store, ADUAN_SYNC_META_HUB_URL, base_url, error) &&
       _aduan_outbox_set_meta (store, ADUAN_SYNC_META_DEVICE_ID, device_id, error) &&
       _aduan_outbox_set_meta (store, ADUAN_SYNC_META_DEVICE_ROLE, role, error) &&
       _aduan_outbox_set_meta (store, ADUAN_SYNC_META_DEVICE_NAME, is_safe_text (name, 400) ? name : NULL, error) &&
       _aduan_outbox_set_meta (store, ADUAN_SYNC_META_TRACKING_PREFIX,
                               is_safe_text (prefix, 20) ? prefix : NULL, error) &&
       _aduan_outbox_set_meta (store, ADUAN_SYNC_META_CA_FILE, absolute_ca, error) &&
       _aduan_outbox_set_meta (store, ADUAN_SYNC_META_TOKEN_STORE, where, error) &&
       _aduan_outbox_set_meta_int (store, ADUAN_SYNC_META_ENROLLED_AT, g_get_real_time (), error) &&
       _aduan_outbox_set_meta (store, ADUAN_SYNC_META_AUTH_REFUSED, NULL, error) &&
       _aduan_outbox_set_meta (store, ADUAN_SYNC_META_NOT_BEFORE, NULL, error) &&
       _aduan_outbox_set_meta (store, ADUAN_SYNC_META_LAST_ERROR, NULL, error);
  if (!ok)
    return FALSE;

  g_debug ("Enrolled as device %s with %s; token kept in the %s", device_id, base_url, where);
  return TRUE;
}

typedef struct
{
  char *hub_url;
  char *code;
  char *device_name;
  char *ca_file;
} EnrollData;

static void
enroll_data_free (EnrollData *data)
{
  g_free (data->hub_url);
  if (data->code != NULL)
    memset (data->code, 0, strlen (data->code));
  g_free (data->code);
  g_free (data->device_name);
  g_free (data->ca_file);
  g_free (data);
}

static void
enroll_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  EnrollData *data = task_data;
  GError *error = NULL;

  if (aduan_credentials_enroll (source_object, data->hub_url, data->code, data->device_name, data->ca_file,
                                cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * aduan_credentials_enroll_async:
 * @store: the device store
 * @hub_url: the hub's address
 * @code: the one-time code
 * @device_name: (nullable): what to call this device at the hub
 * @ca_file: (nullable): certificates to trust for this hub
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: for @callback
 *
 * aduan_credentials_enroll() in a worker thread.
 */
void
aduan_credentials_enroll_async (AduanStore          *store,
                                const char          *hub_url,
                                const char          *code,
                                const char          *device_name,
                                const char          *ca_file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  EnrollData *data;

  g_return_if_fail (ADUAN_IS_STORE (store));
  g_return_if_fail (hub_url != NULL && code != NULL);

  data = g_new0 (EnrollData, 1);
  data->hub_url = g_strdup (hub_url);
  data->code = g_strdup (code);
  data->device_name = g_strdup (device_name);
  data->ca_file = g_strdup (ca_file);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, aduan_credentials_enroll_async);
  g_task_set_task_data (task, data, (GDestroyNotify) enroll_data_free);
  g_task_run_in_thread (task, enroll_thread);
}

gboolean
aduan_credentials_enroll_finish (AduanStore    *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
