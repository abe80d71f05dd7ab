/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "aduan-tracking-code.h"
#include "hub-test-common.h"

/**
 * hub_test_program:
 *
 * Returns: the aduan-hub to test: `$ADUAN_HUB`, else the one meson built
 */
const char *
hub_test_program (void)
{
  const char *program = g_getenv ("ADUAN_HUB");

  return program != NULL && *program != '\0' ? program : ADUAN_HUB_PATH;
}

const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

/* Suppressions match function names, which the fast unwinder cannot see
 * through GLib's frames. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

/* Under -Db_sanitize=address, LeakSanitizer calls this for suppressions:
 * GLib 2.74 leaks the strings G_TEST_OPTION_ISOLATE_DIRS sets (fixed in
 * later GLib). Elsewhere it is an unused function. */
const char *
__lsan_default_suppressions (void)
{
  return "leak:g_set_user_dirs\n";
}

/* A hub must not outlive a test that crashed. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * hub_test_hub_start:
 * @data_dir: (nullable): the data folder, to restart a hub on old data;
 *   %NULL for a new one in the test's temporary folder
 * @extra_args: (nullable): more `serve` options
 * @extra_env: (nullable): NAME=VALUE pairs for the hub's environment
 *
 * Starts `aduan-hub serve --listen 127.0.0.1:0` and reads the URL it
 * prints first.
 *
 * Returns: (transfer full): the running hub
 */
HubTestHub *
hub_test_hub_start (const char         *data_dir,
                    const char * const *extra_args,
                    const char * const *extra_env)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  HubTestHub *hub = g_new0 (HubTestHub, 1);

  if (data_dir != NULL)
    hub->data_dir = g_strdup (data_dir);
  else
    {
      /* Under the isolated XDG folders GLib's test harness removes. */
      g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
      hub->data_dir = g_build_filename (g_get_user_data_dir (), "hub-XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (hub->data_dir));
    }

  g_ptr_array_add (argv, (gpointer) hub_test_program ());
  g_ptr_array_add (argv, (gpointer) "serve");
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, hub->data_dir);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (extra_env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  hub->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (hub->process));
  line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "http://127.0.0.1:") || g_str_has_prefix (line, "https://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (line, "/"));
  line[strlen (line) - 1] = '\0';
  hub->url = g_steal_pointer (&line);

  hub->session = hub_test_session_new ();

  return hub;
}

/**
 * hub_test_session_new:
 *
 * Returns: (transfer full): an HTTP client that never asks the desktop
 *   for proxy settings (there is no desktop in a test)
 */
SoupSession *
hub_test_session_new (void)
{
  g_autoptr(GProxyResolver) direct = NULL;

  /* libsoup asks for the default resolver before it looks at its
   * properties; the GNOME one needs a GSettings schema tests do not have. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  direct = g_simple_proxy_resolver_new (NULL, NULL);

  return soup_session_new_with_options ("timeout", 30, "max-conns-per-host", 8,
                                        "proxy-resolver", direct, NULL);
}

/**
 * hub_test_hub_stop:
 * @hub: a running hub
 *
 * Asks the hub to stop, as systemd would, and checks it stopped cleanly.
 */
void
hub_test_hub_stop (HubTestHub *hub)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&hub->session);
  g_subprocess_send_signal (hub->process, SIGTERM);
  g_subprocess_wait (hub->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (hub->process));
  g_assert_cmpint (g_subprocess_get_exit_status (hub->process), ==, 0);

  g_object_unref (hub->process);
  g_free (hub->url);
  g_free (hub->data_dir);
  g_free (hub->admin_token);
  g_free (hub);
}

/**
 * hub_test_hub_run:
 * @hub: a hub
 * @args: a command and its options, e.g. `token --role admin`
 * @out_status: (out) (optional): the exit status; if %NULL, it must be 0
 *
 * Runs an aduan-hub admin command on the hub's data folder.
 *
 * Returns: (transfer full): the first line it printed, without newline
 */
char *
hub_test_hub_run (HubTestHub         *hub,
                  const char * const *args,
                  int                *out_status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  char *newline;

  g_ptr_array_add (argv, (gpointer) hub_test_program ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, hub->data_dir);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);

  if (out_status != NULL)
    *out_status = g_subprocess_get_exit_status (process);
  else
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  newline = strchr (out, '\n');
  if (newline != NULL)
    *newline = '\0';

  return g_steal_pointer (&out);
}

/**
 * hub_test_hub_enroll:
 * @hub: a hub
 * @role: officer or kiosk
 * @out_device_id: (out) (optional): the device's ID
 * @out_prefix: (out) (optional): its tracking-code prefix
 *
 * Makes an enrollment code and enrolls with it over HTTP.
 *
 * Returns: (transfer full): the device's token
 */
char *
hub_test_hub_enroll (HubTestHub  *hub,
                     const char  *role,
                     char       **out_device_id,
                     char       **out_prefix)
{
  const char *args[] = { "enroll-code", "--name", "Test device", "--role", role, NULL };
  g_autofree char *code = hub_test_hub_run (hub, args, NULL);
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\"}", code);
  g_autoptr(HubTestResponse) response = NULL;
  JsonObject *object;

  response = hub_test_request_json (hub, "POST", "/v1/enroll", NULL, body);
  g_assert_cmpuint (response->status, ==, 201);
  object = hub_test_response_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, role);

  if (out_device_id != NULL)
    *out_device_id = g_strdup (json_object_get_string_member (object, "device_id"));
  if (out_prefix != NULL)
    *out_prefix = g_strdup (json_object_get_string_member (object, "tracking_prefix"));

  return g_strdup (json_object_get_string_member (object, "token"));
}

/**
 * hub_test_hub_token:
 * @hub: a hub
 * @role: admin or agency
 * @agency: (nullable): for an agency token
 *
 * Returns: (transfer full): an office token
 */
char *
hub_test_hub_token (HubTestHub *hub,
                    const char *role,
                    const char *agency)
{
  const char *args[] = { "token", "--role", role, agency != NULL ? "--agency" : NULL, agency, NULL };

  return hub_test_hub_run (hub, args, NULL);
}

/**
 * hub_test_hub_admin:
 * @hub: a hub
 *
 * Returns: (transfer none): an admin token, made once per hub
 */
const char *
hub_test_hub_admin (HubTestHub *hub)
{
  if (hub->admin_token == NULL)
    hub->admin_token = hub_test_hub_token (hub, "admin", NULL);

  return hub->admin_token;
}

/* The TLS test's certificate is self-signed: trust it, it is ours. */
static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return TRUE;
}

/**
 * hub_test_request:
 * @hub: a hub
 * @method: the HTTP method
 * @path: the path and query, e.g. `/v1/changes?since=0`
 * @token: (nullable): a bearer token
 * @content_type: (nullable): the body's type
 * @body: (nullable): the body
 * @length: its length, or -1 if nul-terminated
 * @...: more request headers, name and value, then %NULL
 *
 * Sends one request and waits for the whole answer.
 *
 * Returns: (transfer full): the answer
 */
HubTestResponse *
hub_test_request (HubTestHub *hub,
                  const char *method,
                  const char *path,
                  const char *token,
                  const char *content_type,
                  const void *body,
                  gssize      length,
                  ...)
{
  g_autofree char *url = g_strconcat (hub->url, path, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  HubTestResponse *response;
  const char *name;
  va_list args;

  msg = soup_message_new (method, url);
  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", authorization);
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length >= 0 ? (gsize) length : strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  va_start (args, length);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (headers, name, va_arg (args, const char *));
  va_end (args);

  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), NULL);

  response = g_new0 (HubTestResponse, 1);
  response->body = soup_session_send_and_read (hub->session, msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return response;
}

/**
 * hub_test_request_json:
 * @hub: a hub
 * @method: the HTTP method
 * @path: the path
 * @token: (nullable): a bearer token
 * @json: (nullable): a JSON body
 *
 * Returns: (transfer full): the answer
 */
HubTestResponse *
hub_test_request_json (HubTestHub *hub,
                       const char *method,
                       const char *path,
                       const char *token,
                       const char *json)
{
  return hub_test_request (hub, method, path, token, json != NULL ? "application/json" : NULL,
                           json, -1, NULL);
}

/**
 * hub_test_raw:
 * @hub: a hub
 * @data: bytes to send as they are, not necessarily HTTP
 * @length: how many
 * @half_close: whether to shut down sending afterwards, so the hub sees
 *   the end of the input
 *
 * Reads until the end of the hub's first answer, or until it closes.
 *
 * Returns: (transfer full): what the hub answered, possibly empty
 */
char *
hub_test_raw (HubTestHub *hub,
              const void *data,
              gsize       length,
              gboolean    half_close)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  GSocket *socket;
  const char *host_port = hub->url + strlen ("http://");
  char buffer[4096];

  g_socket_client_set_timeout (client, 10);
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, host_port, 80, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (connection);

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), data, length,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  if (half_close)
    g_socket_shutdown (socket, FALSE, TRUE, NULL);

  for (;;)
    {
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                      buffer, sizeof buffer, NULL, NULL);
      if (n <= 0)
        break;
      g_string_append_len (answer, buffer, n);
      /* The hub may keep the connection open: stop at the end of the
       * first answer. */
      if (strstr (answer->str, "\r\n\r\n") != NULL)
        {
          const char *length_header = strstr (answer->str, "Content-Length: ");
          const char *end = strstr (answer->str, "\r\n\r\n") + 4;

          if (length_header == NULL ||
              (gsize) (answer->str + answer->len - end) >= g_ascii_strtoull (length_header + 16, NULL, 10))
            break;
        }
    }

  return g_string_free (g_steal_pointer (&answer), FALSE);
}

void
hub_test_response_free (HubTestResponse *response)
{
  if (response == NULL)
    return;

  g_bytes_unref (response->body);
  soup_message_headers_unref (response->headers);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

/**
 * hub_test_response_text:
 * @response: an answer
 *
 * Returns: (transfer none): its body as text; it must be UTF-8
 */
const char *
hub_test_response_text (HubTestResponse *response)
{
  gsize length;
  const char *data = g_bytes_get_data (response->body, &length);

  g_assert_true (g_utf8_validate (data, length, NULL));
  g_assert_null (memchr (data, '\0', length));

  /* GBytes from libsoup end with a nul byte past their length. */
  return length > 0 ? data : "";
}

/**
 * hub_test_response_object:
 * @response: an answer with a JSON object body
 *
 * Returns: (transfer none): the object
 */
JsonObject *
hub_test_response_object (HubTestResponse *response)
{
  if (response->json == NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *data = g_bytes_get_data (response->body, &length);

      g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==, "application/json");
      json_parser_load_from_data (parser, data, length, &error);
      g_assert_no_error (error);
      response->json = json_node_ref (json_parser_get_root (parser));
    }

  if (!JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;

  return json_node_get_object (response->json);
}

/**
 * hub_test_assert_error:
 * @response: an answer
 * @status: the status it must have
 * @code: (nullable): the `error` code it must carry
 *
 * Checks an error answer has the hub's JSON form
 * `{"error": CODE, "message": TEXT}`.
 */
void
hub_test_assert_error (HubTestResponse *response,
                       guint            status,
                       const char      *code)
{
  JsonObject *object;

  if (response->status != status)
    g_test_message ("Unexpected answer %u: %s", response->status, hub_test_response_text (response));
  g_assert_cmpuint (response->status, ==, status);

  object = hub_test_response_object (response);
  g_assert_nonnull (object);
  g_assert_true (json_object_has_member (object, "error"));
  g_assert_true (json_object_has_member (object, "message"));
  g_assert_cmpstr (json_object_get_string_member (object, "message"), !=, "");
  if (code != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, code);
}

/**
 * hub_test_make_complaint:
 * @prefix: a tracking-code prefix
 * @sequence: the device's sequence number for the code
 *
 * Returns: (transfer full): a valid complaint with a reporter
 */
AduanComplaint *
hub_test_make_complaint (const char *prefix,
                         guint       sequence)
{
  g_autoptr(AduanComplaint) complaint = aduan_complaint_new ();
  g_autoptr(GError) error = NULL;

  complaint->uuid = g_uuid_string_random ();
  complaint->tracking_code = aduan_tracking_code_build (prefix, sequence, &error);
  g_assert_no_error (error);
  complaint->kind = ADUAN_REPORT_KIND_COMPLAINT;
  complaint->category = g_strdup (HUB_TEST_CATEGORY);
  complaint->title = g_strdup_printf ("Lampu jalan mati %u", sequence);
  complaint->description = g_strdup ("Lampu jalan di depan balai desa mati sejak seminggu.");
  complaint->reporter_name = g_strdup ("Siti Rahayu");
  complaint->reporter_phone = g_strdup ("0812 3456 7890");
  complaint->reporter_nik = g_strdup ("3404011203850002");
  complaint->reporter_address = g_strdup ("Jl. Kaliurang km 5");
  complaint->channel = ADUAN_CHANNEL_FIELD_VISIT;
  complaint->village_code = g_strdup ("34.04.01.2001");
  complaint->has_location = TRUE;
  complaint->latitude = -7.7456;
  complaint->longitude = 110.3789;
  complaint->accuracy_m = 12;
  complaint->location_source = ADUAN_LOCATION_SOURCE_GPS;
  complaint->created_at = (g_get_real_time () / G_USEC_PER_SEC) * G_USEC_PER_SEC;
  complaint->occurred_at = complaint->created_at - 3600 * (gint64) G_USEC_PER_SEC;
  complaint->officer = g_strdup ("Budi");

  return g_steal_pointer (&complaint);
}

/**
 * hub_test_put_complaint:
 * @hub: a hub
 * @token: a device token
 * @complaint: the complaint
 *
 * Returns: (transfer full): the answer to its PUT
 */
HubTestResponse *
hub_test_put_complaint (HubTestHub           *hub,
                        const char           *token,
                        const AduanComplaint *complaint)
{
  g_autofree char *path = g_strconcat ("/v1/complaints/", complaint->uuid, NULL);
  g_autofree char *json = aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE);

  return hub_test_request_json (hub, "PUT", path, token, json);
}

/**
 * hub_test_make_photo:
 * @size: its size
 * @seed: what makes it differ from others
 *
 * Returns: (transfer full): bytes standing in for a JPEG
 */
GBytes *
hub_test_make_photo (gsize   size,
                     guint32 seed)
{
  guint8 *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);
  if (size >= 2)
    {
      data[0] = 0xff;
      data[1] = 0xd8;
    }

  return g_bytes_new_take (data, size);
}

char *
hub_test_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/**
 * hub_test_photo_ref:
 * @photo: the photo's bytes
 *
 * Returns: (transfer full): how a complaint refers to @photo
 */
AduanPhotoRef *
hub_test_photo_ref (GBytes *photo)
{
  g_autofree char *sha256 = hub_test_sha256 (photo);

  return aduan_photo_ref_new (sha256, g_bytes_get_size (photo), "image/jpeg");
}

char *
hub_test_base64 (const char *text)
{
  return g_base64_encode ((const guchar *) text, strlen (text));
}

/**
 * hub_test_tus_create:
 * @hub: a hub
 * @token: the device's token
 * @complaint_uuid: the complaint the photo belongs to
 * @photo: the photo
 *
 * Creates a tus upload for @photo.
 *
 * Returns: (transfer full): the upload's path, from Location
 */
char *
hub_test_tus_create (HubTestHub *hub,
                     const char *token,
                     const char *complaint_uuid,
                     GBytes     *photo)
{
  g_autofree char *sha256 = hub_test_sha256 (photo);
  g_autofree char *uuid64 = hub_test_base64 (complaint_uuid);
  g_autofree char *sha64 = hub_test_base64 (sha256);
  g_autofree char *metadata = g_strdup_printf ("complaint %s,sha256 %s,filename cGhvdG8uanBn,filetype aW1hZ2UvanBlZw==",
                                               uuid64, sha64);
  g_autofree char *length = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (photo));
  g_autoptr(HubTestResponse) response = NULL;
  const char *location;

  response = hub_test_request (hub, "POST", "/v1/uploads", token, NULL, NULL, 0,
                               "Tus-Resumable", "1.0.0",
                               "Upload-Length", length,
                               "Upload-Metadata", metadata,
                               NULL);
  if (response->status != 201)
    g_test_message ("Upload not created: %s", hub_test_response_text (response));
  g_assert_cmpuint (response->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Tus-Resumable"), ==, "1.0.0");
  g_assert_nonnull (soup_message_headers_get_one (response->headers, "Upload-Expires"));

  location = soup_message_headers_get_one (response->headers, "Location");
  g_assert_nonnull (location);
  g_assert_true (g_str_has_prefix (location, "/v1/uploads/"));

  return g_strdup (location);
}
