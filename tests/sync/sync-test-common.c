/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <glib/gstdio.h>

#include "aduan-catalog.h"
#include "aduan-credentials.h"
#include "aduan-outbox.h"
#include "aduan-sync-http.h"
#include "aduan-test-util.h"
#include "sync-test-common.h"

/* ------------------------------------------------------------------ */
/* The hub                                                             */
/* ------------------------------------------------------------------ */

const char *
sync_test_hub_program (void)
{
  const char *program = g_getenv ("ADUAN_HUB");

  return program != NULL && *program != '\0' ? program : ADUAN_HUB_PATH;
}

const char *
sync_test_aduanctl_program (void)
{
  const char *program = g_getenv ("ADUANCTL");

  return program != NULL && *program != '\0' ? program : ADUANCTL_PATH;
}

/* A hub must not outlive a test that crashed. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
spawn_hub (SyncTestHub *hub)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *port;

  g_ptr_array_add (argv, (gpointer) sync_test_hub_program ());
  g_ptr_array_add (argv, (gpointer) "serve");
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, hub->data_dir);
  /* Devices here send hundreds of requests a minute on purpose. */
  g_ptr_array_add (argv, (gpointer) "--rate-limit");
  g_ptr_array_add (argv, (gpointer) "0");
  for (guint i = 0; hub->extra_args != NULL && hub->extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, hub->extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  if (g_getenv ("SYNC_TEST_HUB_LOG") != NULL)
    g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  hub->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (hub->process));
  line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "http://127.0.0.1:") || g_str_has_prefix (line, "https://127.0.0.1:"));

  g_free (hub->url);
  hub->url = g_str_has_suffix (line, "/") ? g_strdup (line) : g_strconcat (line, "/", NULL);
  port = strrchr (line, ':') + 1;
  hub->port = (guint16) g_ascii_strtoull (port, NULL, 10);
  g_assert_cmpuint (hub->port, >, 0);
}

/**
 * sync_test_hub_start:
 * @data_dir: (nullable): the hub's data folder; %NULL for a new one
 * @extra_args: (nullable): more `serve` options
 *
 * Returns: (transfer full): the running hub
 */
SyncTestHub *
sync_test_hub_start (const char         *data_dir,
                     const char * const *extra_args)
{
  SyncTestHub *hub = g_new0 (SyncTestHub, 1);

  hub->data_dir = data_dir != NULL ? g_strdup (data_dir) : aduan_test_make_temp_dir ("hub");
  hub->extra_args = g_strdupv ((char **) extra_args);
  spawn_hub (hub);

  return hub;
}

/* SIGKILL, as a power cut or the OOM killer would. */
void
sync_test_hub_kill (SyncTestHub *hub)
{
  if (hub->process == NULL)
    return;

  g_subprocess_force_exit (hub->process);
  g_subprocess_wait (hub->process, NULL, NULL);
  g_clear_object (&hub->process);
}

/* On the same data, on a new port. */
void
sync_test_hub_restart (SyncTestHub *hub)
{
  sync_test_hub_kill (hub);
  spawn_hub (hub);
}

void
sync_test_hub_free (SyncTestHub *hub)
{
  if (hub == NULL)
    return;

  if (hub->process != NULL)
    {
      g_subprocess_send_signal (hub->process, SIGTERM);
      g_subprocess_wait (hub->process, NULL, NULL);
      g_clear_object (&hub->process);
    }
  g_free (hub->url);
  g_free (hub->data_dir);
  g_free (hub->admin_token);
  g_strfreev (hub->extra_args);
  g_free (hub);
}

/**
 * sync_test_hub_run:
 * @args: an admin command and its options
 *
 * Returns: (transfer full): the first line it printed
 */
char *
sync_test_hub_run (SyncTestHub        *hub,
                   const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  char *newline;

  g_ptr_array_add (argv, (gpointer) sync_test_hub_program ());
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
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  newline = strchr (out, '\n');
  if (newline != NULL)
    *newline = '\0';

  return g_steal_pointer (&out);
}

char *
sync_test_hub_enroll_code (SyncTestHub *hub)
{
  const char *args[] = { "enroll-code", "--name", "Laptop petugas", "--role", "officer", NULL };

  return sync_test_hub_run (hub, args);
}

const char *
sync_test_hub_admin_token (SyncTestHub *hub)
{
  if (hub->admin_token == NULL)
    {
      const char *args[] = { "token", "--role", "admin", NULL };

      hub->admin_token = sync_test_hub_run (hub, args);
    }

  return hub->admin_token;
}

/**
 * sync_test_hub_request:
 * @out_status: (out) (optional): the HTTP status
 *
 * An admin request straight to the hub (not through any proxy).
 *
 * Returns: (transfer full) (nullable): the JSON answer
 */
JsonNode *
sync_test_hub_request (SyncTestHub *hub,
                       const char  *method,
                       const char  *path,
                       guint       *out_status)
{
  g_autoptr(AduanHttpClient) http = aduan_http_client_new ();
  g_autoptr(AduanHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  AduanHttpRequest request = ADUAN_HTTP_REQUEST_INIT;

  aduan_http_client_set_base_url (http, hub->url);
  aduan_http_client_set_token (http, sync_test_hub_admin_token (hub));
  request.method = method;
  request.url = path;
  if (!g_str_equal (method, "GET"))
    request.body = g_bytes_new_static ("", 0);
  response = aduan_http_client_send (http, &request, &error);
  g_clear_pointer (&request.body, g_bytes_unref);
  g_assert_no_error (error);

  if (out_status != NULL)
    *out_status = response->status;

  return aduan_http_response_get_json (response);
}

/**
 * sync_test_hub_list_complaints:
 *
 * Returns: (transfer full): UUID → (JsonObject) the hub's record, for
 *   every complaint it holds
 */
GHashTable *
sync_test_hub_list_complaints (SyncTestHub *hub)
{
  GHashTable *records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);

  for (guint offset = 0;; offset += 500)
    {
      g_autofree char *path = g_strdup_printf ("v1/complaints?limit=500&offset=%u", offset);
      g_autoptr(JsonNode) node = NULL;
      JsonArray *array;
      guint status = 0;

      node = sync_test_hub_request (hub, "GET", path, &status);
      g_assert_cmpuint (status, ==, 200);
      array = json_object_get_array_member (json_node_get_object (node), "complaints");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *record = json_array_get_object_element (array, i);
          JsonObject *complaint = json_object_get_object_member (record, "complaint");
          const char *uuid = json_object_get_string_member (complaint, "uuid");

          /* A UUID listed twice would be a duplicate. */
          g_assert_false (g_hash_table_contains (records, uuid));
          g_hash_table_insert (records, g_strdup (uuid), json_object_ref (record));
        }

      if (json_array_get_length (array) < 500)
        break;
    }

  return records;
}

/**
 * sync_test_hub_photo_sha256:
 *
 * Returns: (transfer full) (nullable): the SHA-256 of the bytes the hub
 *   serves for the photo, %NULL if it has none
 */
char *
sync_test_hub_photo_sha256 (SyncTestHub *hub,
                            const char  *sha256)
{
  g_autoptr(AduanHttpClient) http = aduan_http_client_new ();
  g_autoptr(AduanHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strconcat ("v1/photos/", sha256, NULL);
  AduanHttpRequest request = ADUAN_HTTP_REQUEST_INIT;

  aduan_http_client_set_base_url (http, hub->url);
  aduan_http_client_set_token (http, sync_test_hub_admin_token (hub));
  request.method = "GET";
  request.url = path;
  response = aduan_http_client_send (http, &request, &error);
  g_assert_no_error (error);

  if (response->status != 200)
    return NULL;

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, response->body);
}

/**
 * sync_test_hub_assert_holds:
 * @n_expected: how many complaints the hub must hold, no more, no less
 *
 * Checks that the hub holds every complaint of @store, once, with the
 * same content, and every photo byte for byte.
 */
void
sync_test_hub_assert_holds (SyncTestHub *hub,
                            AduanStore  *store,
                            guint        n_expected)
{
  g_autoptr(GHashTable) records = sync_test_hub_list_complaints (hub);
  g_autoptr(GPtrArray) uuids = NULL;
  g_autoptr(GError) error = NULL;
  AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;

  g_assert_cmpuint (g_hash_table_size (records), ==, n_expected);

  uuids = aduan_store_list_uuids (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uuids->len, ==, n_expected);

  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);
      g_autoptr(AduanComplaint) local = aduan_store_get (store, uuid, &error);
      g_autoptr(AduanComplaint) remote = NULL;
      JsonObject *record = g_hash_table_lookup (records, uuid);
      JsonNode *complaint_node;

      g_assert_no_error (error);
      g_assert_nonnull (record);
      g_assert_cmpint (local->sync_state, ==, ADUAN_SYNC_STATE_SENT);

      complaint_node = json_object_get_member (record, "complaint");
      remote = aduan_complaint_from_json (complaint_node, &error);
      g_assert_no_error (error);
      g_assert_true (aduan_complaint_same_content (local, remote));

      for (guint p = 0; p < local->photos->len; p++)
        {
          const AduanPhotoRef *ref = g_ptr_array_index (local->photos, p);
          g_autofree char *held = sync_test_hub_photo_sha256 (hub, ref->sha256);

          g_assert_cmpstr (held, ==, ref->sha256);
        }
    }
}

/* ------------------------------------------------------------------ */
/* The fault proxy                                                     */
/* ------------------------------------------------------------------ */

/* One direction's queue holds at most this much: what a cut can lose. */
#define PIPE_BOUND_MIN (16 * 1024)
#define READ_SIZE (16 * 1024)
#define SLOW_READ_SIZE 2048

typedef struct _Connection Connection;

typedef struct
{
  GBytes   *data;
  gint64    due;          /* monotonic: not to go before */
  gboolean  cut_after;
  gboolean  stall_after;
  gboolean  trigger_after;
} Chunk;

typedef struct
{
  Connection *connection;
  gboolean    upward;     /* device → hub */
  GQueue      chunks;
  gsize       queued;
  gboolean    eof;
  GThread    *reader;
  GThread    *writer;
} Pipe;

struct _Connection
{
  FaultProxy *proxy;
  GSocket    *client;
  GSocket    *upstream;
  Pipe        up;
  Pipe        down;
  gboolean    closed;
  gboolean    frozen;     /* a dead link: nothing moves any more */
};

struct _FaultProxy
{
  GMutex          lock;
  GCond           cond;
  GSocket        *listener;
  guint16         port;
  guint16         upstream_port;
  GCancellable   *cancellable;
  GThread        *accept_thread;
  GPtrArray      *connections;

  guint64         rate;
  guint           delay_ms;
  gint64          up_free_at;
  gint64          down_free_at;

  guint64         cut_at;
  guint64         stall_at;
  guint64         trigger_at;
  FaultProxyFunc  trigger;
  gpointer        trigger_data;
  char           *inject_method;
  guint           inject_status;
  char           *inject_retry_after;
  guint           inject_count;

  guint64         upstream_bytes;
  guint64         downstream_bytes;
  guint64         delivered_up;    /* what reached the hub, after faults */
  guint64         delivered_down;  /* what reached the device */
  GPtrArray      *request_lines;
};

static void
chunk_free (Chunk *chunk)
{
  g_bytes_unref (chunk->data);
  g_free (chunk);
}

/* Closes both sockets: blocked reads and writes return at once. Called
 * with the lock held. */
static void
close_connection_locked (Connection *connection)
{
  if (connection->closed)
    return;

  connection->closed = TRUE;
  g_socket_shutdown (connection->client, TRUE, TRUE, NULL);
  if (connection->upstream != NULL)
    g_socket_shutdown (connection->upstream, TRUE, TRUE, NULL);
  g_cond_broadcast (&connection->proxy->cond);
}

static void
close_all_locked (FaultProxy *proxy)
{
  for (guint i = 0; i < proxy->connections->len; i++)
    close_connection_locked (g_ptr_array_index (proxy->connections, i));
}

void
fault_proxy_close_all (FaultProxy *proxy)
{
  g_mutex_lock (&proxy->lock);
  close_all_locked (proxy);
  g_mutex_unlock (&proxy->lock);
}

static gboolean
send_all (GSocket      *socket,
          const guint8 *data,
          gsize         length)
{
  while (length > 0)
    {
      gssize n = g_socket_send (socket, (const char *) data, length, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }

  return TRUE;
}

static void
enqueue (Pipe         *pipe,
         const guint8 *data,
         gsize         length,
         Chunk        *flags)
{
  FaultProxy *proxy = pipe->connection->proxy;
  Chunk *chunk = g_new0 (Chunk, 1);
  gsize bound;

  if (flags != NULL)
    *chunk = *flags;
  chunk->data = g_bytes_new (data, length);
  chunk->due = g_get_monotonic_time () + (gint64) proxy->delay_ms * 1000;

  g_queue_push_tail (&pipe->chunks, chunk);
  pipe->queued += length;
  g_cond_broadcast (&proxy->cond);

  /* Back-pressure: room for what the link holds in flight, no more. */
  bound = MAX (PIPE_BOUND_MIN, proxy->rate * proxy->delay_ms / 1000 * 2);
  while (pipe->queued > bound && !pipe->connection->closed)
    g_cond_wait (&proxy->cond, &proxy->lock);
}

/* Forwards @data upward, cut into pieces where a fault is due. Locked. */
static void
forward_up (Pipe         *pipe,
            const guint8 *data,
            gsize         length)
{
  FaultProxy *proxy = pipe->connection->proxy;

  while (length > 0 && !pipe->connection->closed)
    {
      Chunk flags = { 0 };
      gsize n = length;
      guint64 at = proxy->upstream_bytes;

      if (proxy->cut_at > at && proxy->cut_at - at <= n)
        {
          n = proxy->cut_at - at;
          flags.cut_after = TRUE;
          proxy->cut_at = 0;
        }
      else if (proxy->stall_at > at && proxy->stall_at - at <= n)
        {
          n = proxy->stall_at - at;
          flags.stall_after = TRUE;
          proxy->stall_at = 0;
        }
      else if (proxy->trigger_at > at && proxy->trigger_at - at <= n)
        {
          n = proxy->trigger_at - at;
          flags.trigger_after = TRUE;
          proxy->trigger_at = 0;
        }

      proxy->upstream_bytes += n;
      enqueue (pipe, data, n, &flags);
      data += n;
      length -= n;
    }
}

static void
answer_in_place_of_hub (Connection *connection,
                        guint       status,
                        const char *retry_after)
{
  static const char body[] = "{\"error\": \"injected\", \"message\": \"Answered by the test proxy\"}";
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %u Injected\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %zu\r\nConnection: close\r\n%s%s%s\r\n",
                                           status, strlen (body),
                                           retry_after != NULL ? "Retry-After: " : "",
                                           retry_after != NULL ? retry_after : "",
                                           retry_after != NULL ? "\r\n" : "");

  send_all (connection->client, (const guint8 *) head, strlen (head));
  send_all (connection->client, (const guint8 *) body, strlen (body));
}

/* device → hub: reads requests, so that one can be answered in the
 * hub's place (then the connection closes, as the answer says). */
static gpointer
up_reader_thread (gpointer user_data)
{
  Pipe *pipe = user_data;
  Connection *connection = pipe->connection;
  FaultProxy *proxy = connection->proxy;
  g_autoptr(GByteArray) head = g_byte_array_new ();
  gint64 body_left = 0;
  gboolean discarding = FALSE;
  g_autofree char *answer_retry_after = NULL;
  guint answer_status = 0;
  guint8 buffer[READ_SIZE];

  for (;;)
    {
      gsize size = proxy->rate > 0 && proxy->rate < 1024 * 1024 ? SLOW_READ_SIZE : sizeof buffer;
      gssize n = g_socket_receive (connection->client, (char *) buffer, size, NULL, NULL);
      const guint8 *data = buffer;
      gsize left;

      if (n <= 0)
        break;
      left = (gsize) n;

      g_mutex_lock (&proxy->lock);
      while (left > 0 && !connection->closed)
        {
          if (body_left > 0)
            {
              gsize take = MIN ((gint64) left, body_left);

              if (!discarding)
                forward_up (pipe, data, take);
              body_left -= take;
              data += take;
              left -= take;
              if (body_left == 0 && discarding)
                {
                  g_mutex_unlock (&proxy->lock);
                  answer_in_place_of_hub (connection, answer_status, answer_retry_after);
                  g_mutex_lock (&proxy->lock);
                  close_connection_locked (connection);
                }
              continue;
            }

          /* A request's head: gather it whole, then decide. */
          g_byte_array_append (head, data, 1);
          data++;
          left--;
          if (head->len >= 4 && memcmp (head->data + head->len - 4, "\r\n\r\n", 4) == 0)
            {
              g_autofree char *text = g_strndup ((const char *) head->data, head->len);
              g_autofree char *line = g_strndup (text, strcspn (text, "\r\n"));
              const char *length_header = strcasestr (text, "\r\nContent-Length:");

              body_left = length_header != NULL ? g_ascii_strtoll (length_header + 17, NULL, 10) : 0;
              g_ptr_array_add (proxy->request_lines, g_strdup (line));

              if (proxy->inject_count > 0 && proxy->inject_method != NULL &&
                  g_str_has_prefix (line, proxy->inject_method))
                {
                  proxy->inject_count--;
                  discarding = TRUE;
                  answer_status = proxy->inject_status;
                  g_free (answer_retry_after);
                  answer_retry_after = g_strdup (proxy->inject_retry_after);
                  if (body_left == 0)
                    {
                      g_mutex_unlock (&proxy->lock);
                      answer_in_place_of_hub (connection, answer_status, answer_retry_after);
                      g_mutex_lock (&proxy->lock);
                      close_connection_locked (connection);
                    }
                }
              else
                forward_up (pipe, head->data, head->len);

              g_byte_array_set_size (head, 0);
            }
        }
      g_mutex_unlock (&proxy->lock);
    }

  g_mutex_lock (&proxy->lock);
  pipe->eof = TRUE;
  g_cond_broadcast (&proxy->cond);
  g_mutex_unlock (&proxy->lock);

  return NULL;
}

/* hub → device: passed as it comes. */
static gpointer
down_reader_thread (gpointer user_data)
{
  Pipe *pipe = user_data;
  Connection *connection = pipe->connection;
  FaultProxy *proxy = connection->proxy;
  guint8 buffer[READ_SIZE];

  for (;;)
    {
      gsize size = proxy->rate > 0 && proxy->rate < 1024 * 1024 ? SLOW_READ_SIZE : sizeof buffer;
      gssize n = g_socket_receive (connection->upstream, (char *) buffer, size, NULL, NULL);

      if (n <= 0)
        break;

      g_mutex_lock (&proxy->lock);
      proxy->downstream_bytes += n;
      enqueue (pipe, buffer, n, NULL);
      g_mutex_unlock (&proxy->lock);
    }

  g_mutex_lock (&proxy->lock);
  pipe->eof = TRUE;
  g_cond_broadcast (&proxy->cond);
  g_mutex_unlock (&proxy->lock);

  return NULL;
}

/* Sends what the reader queued, when the link's delay and rate allow. */
static gpointer
writer_thread (gpointer user_data)
{
  Pipe *pipe = user_data;
  Connection *connection = pipe->connection;
  FaultProxy *proxy = connection->proxy;
  GSocket *target = pipe->upward ? connection->upstream : connection->client;

  g_mutex_lock (&proxy->lock);
  for (;;)
    {
      Chunk *chunk;
      gint64 now = g_get_monotonic_time ();
      gint64 wait_until = 0;
      gboolean ok;
      FaultProxyFunc trigger = NULL;
      gpointer trigger_data = NULL;

      if (connection->closed)
        break;

      chunk = g_queue_peek_head (&pipe->chunks);
      if (chunk == NULL)
        {
          if (pipe->eof)
            break;
          g_cond_wait (&proxy->cond, &proxy->lock);
          continue;
        }

      if (connection->frozen)
        {
          g_cond_wait (&proxy->cond, &proxy->lock);
          continue;
        }
      if (chunk->due > now)
        wait_until = chunk->due;
      if (wait_until > 0)
        {
          g_cond_wait_until (&proxy->cond, &proxy->lock, wait_until);
          continue;
        }

      if (proxy->rate > 0)
        {
          gint64 *free_at = pipe->upward ? &proxy->up_free_at : &proxy->down_free_at;
          gint64 start = MAX (now, *free_at);

          *free_at = start + (gint64) g_bytes_get_size (chunk->data) * G_USEC_PER_SEC / (gint64) proxy->rate;
          while (!connection->closed && g_get_monotonic_time () < *free_at)
            g_cond_wait_until (&proxy->cond, &proxy->lock, *free_at);
          if (connection->closed)
            break;
        }

      g_queue_pop_head (&pipe->chunks);
      pipe->queued -= g_bytes_get_size (chunk->data);
      g_cond_broadcast (&proxy->cond);

      g_mutex_unlock (&proxy->lock);
      ok = send_all (target, g_bytes_get_data (chunk->data, NULL), g_bytes_get_size (chunk->data));
      g_mutex_lock (&proxy->lock);
      if (ok)
        *(pipe->upward ? &proxy->delivered_up : &proxy->delivered_down) += g_bytes_get_size (chunk->data);

      if (chunk->cut_after)
        close_all_locked (proxy);
      if (chunk->stall_after)
        connection->frozen = TRUE;
      if (chunk->trigger_after)
        {
          trigger = proxy->trigger;
          trigger_data = proxy->trigger_data;
        }
      chunk_free (chunk);

      if (trigger != NULL)
        {
          g_mutex_unlock (&proxy->lock);
          trigger (proxy, trigger_data);
          g_mutex_lock (&proxy->lock);
        }

      if (!ok)
        {
          close_connection_locked (connection);
          break;
        }
    }

  /* The other side is done: so is this connection, once delivered. */
  close_connection_locked (connection);
  g_queue_clear_full (&pipe->chunks, (GDestroyNotify) chunk_free);
  pipe->queued = 0;
  g_cond_broadcast (&proxy->cond);
  g_mutex_unlock (&proxy->lock);

  return NULL;
}

static GSocket *
connect_upstream (guint16 port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);

  if (socket == NULL || !g_socket_connect (socket, address, NULL, NULL))
    return NULL;

  /* A proxy must not add Nagle's delay: curl and the hub both send
   * small requests and answers without it, and with it each would wait
   * for the other side's delayed ACK. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  return g_steal_pointer (&socket);
}

static gpointer
accept_thread (gpointer user_data)
{
  FaultProxy *proxy = user_data;

  for (;;)
    {
      GSocket *client = g_socket_accept (proxy->listener, proxy->cancellable, NULL);
      Connection *connection;
      guint16 port;

      if (client == NULL)
        break;
      g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

      g_mutex_lock (&proxy->lock);
      port = proxy->upstream_port;
      g_mutex_unlock (&proxy->lock);

      connection = g_new0 (Connection, 1);
      connection->proxy = proxy;
      connection->client = client;
      connection->upstream = connect_upstream (port);
      connection->up.connection = connection;
      connection->up.upward = TRUE;
      connection->down.connection = connection;

      g_mutex_lock (&proxy->lock);
      g_ptr_array_add (proxy->connections, connection);
      if (connection->upstream == NULL)
        {
          /* The hub is down: the device sees the connection drop. */
          connection->closed = TRUE;
          g_socket_close (client, NULL);
          g_mutex_unlock (&proxy->lock);
          continue;
        }
      connection->up.reader = g_thread_new ("proxy-up-read", up_reader_thread, &connection->up);
      connection->up.writer = g_thread_new ("proxy-up-write", writer_thread, &connection->up);
      connection->down.reader = g_thread_new ("proxy-down-read", down_reader_thread, &connection->down);
      connection->down.writer = g_thread_new ("proxy-down-write", writer_thread, &connection->down);
      g_mutex_unlock (&proxy->lock);
    }

  return NULL;
}

/**
 * fault_proxy_new:
 * @upstream_port: the hub's port on 127.0.0.1
 *
 * Returns: (transfer full): a proxy listening on a free loopback port
 */
FaultProxy *
fault_proxy_new (guint16 upstream_port)
{
  FaultProxy *proxy = g_new0 (FaultProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&proxy->lock);
  g_cond_init (&proxy->cond);
  proxy->upstream_port = upstream_port;
  proxy->connections = g_ptr_array_new ();
  proxy->request_lines = g_ptr_array_new_with_free_func (g_free);
  proxy->cancellable = g_cancellable_new ();

  proxy->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (proxy->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (proxy->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (proxy->listener, &error);
  g_assert_no_error (error);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  proxy->accept_thread = g_thread_new ("proxy-accept", accept_thread, proxy);

  return proxy;
}

void
fault_proxy_free (FaultProxy *proxy)
{
  if (proxy == NULL)
    return;

  g_cancellable_cancel (proxy->cancellable);
  g_thread_join (proxy->accept_thread);

  g_mutex_lock (&proxy->lock);
  close_all_locked (proxy);
  g_mutex_unlock (&proxy->lock);

  for (guint i = 0; i < proxy->connections->len; i++)
    {
      Connection *connection = g_ptr_array_index (proxy->connections, i);
      GThread *threads[] = { connection->up.reader, connection->up.writer,
                             connection->down.reader, connection->down.writer };

      for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
        if (threads[t] != NULL)
          g_thread_join (threads[t]);

      g_object_unref (connection->client);
      g_clear_object (&connection->upstream);
      g_free (connection);
    }

  g_ptr_array_unref (proxy->connections);
  g_ptr_array_unref (proxy->request_lines);
  g_object_unref (proxy->listener);
  g_object_unref (proxy->cancellable);
  g_free (proxy->inject_method);
  g_free (proxy->inject_retry_after);
  g_mutex_clear (&proxy->lock);
  g_cond_clear (&proxy->cond);
  g_free (proxy);
}

char *
fault_proxy_get_url (FaultProxy *proxy)
{
  return g_strdup_printf ("http://127.0.0.1:%u/", proxy->port);
}

/* New connections go to @upstream_port (a restarted hub). */
void
fault_proxy_set_upstream (FaultProxy *proxy,
                          guint16     upstream_port)
{
  g_mutex_lock (&proxy->lock);
  proxy->upstream_port = upstream_port;
  g_mutex_unlock (&proxy->lock);
}

/**
 * fault_proxy_set_link:
 * @bytes_per_second: each direction's rate, 0 for no limit
 * @delay_ms: latency added to each direction
 */
void
fault_proxy_set_link (FaultProxy *proxy,
                      guint64     bytes_per_second,
                      guint       delay_ms)
{
  g_mutex_lock (&proxy->lock);
  proxy->rate = bytes_per_second;
  proxy->delay_ms = delay_ms;
  g_cond_broadcast (&proxy->cond);
  g_mutex_unlock (&proxy->lock);
}

/* Once exactly @upstream_bytes (counted since the last reset) reached the
 * hub, every connection is cut. */
void
fault_proxy_cut_at (FaultProxy *proxy,
                    guint64     upstream_bytes)
{
  g_mutex_lock (&proxy->lock);
  proxy->cut_at = upstream_bytes;
  g_mutex_unlock (&proxy->lock);
}

/* Then the connection that carried that byte goes dead: it stays open
 * and nothing moves on it any more, as when a NAT forgets it. New
 * connections work. */
void
fault_proxy_stall_at (FaultProxy *proxy,
                      guint64     upstream_bytes)
{
  g_mutex_lock (&proxy->lock);
  proxy->stall_at = upstream_bytes;
  g_mutex_unlock (&proxy->lock);
}

/* Then @func runs, in a proxy thread. */
void
fault_proxy_trigger_at (FaultProxy     *proxy,
                        guint64         upstream_bytes,
                        FaultProxyFunc  func,
                        gpointer        user_data)
{
  g_mutex_lock (&proxy->lock);
  proxy->trigger_at = upstream_bytes;
  proxy->trigger = func;
  proxy->trigger_data = user_data;
  g_mutex_unlock (&proxy->lock);
}

/**
 * fault_proxy_inject:
 * @method: the start of the request line to answer, e.g. "PATCH "
 * @status: the status to answer with
 * @retry_after: (nullable): a Retry-After value
 * @count: for how many such requests
 *
 * The proxy answers those requests itself; the hub never sees them.
 */
void
fault_proxy_inject (FaultProxy *proxy,
                    const char *method,
                    guint       status,
                    const char *retry_after,
                    guint       count)
{
  g_mutex_lock (&proxy->lock);
  g_free (proxy->inject_method);
  proxy->inject_method = g_strdup (method);
  proxy->inject_status = status;
  g_free (proxy->inject_retry_after);
  proxy->inject_retry_after = g_strdup (retry_after);
  proxy->inject_count = count;
  g_mutex_unlock (&proxy->lock);
}

void
fault_proxy_get_counters (FaultProxy *proxy,
                          guint64    *out_upstream,
                          guint64    *out_downstream)
{
  g_mutex_lock (&proxy->lock);
  if (out_upstream != NULL)
    *out_upstream = proxy->upstream_bytes;
  if (out_downstream != NULL)
    *out_downstream = proxy->downstream_bytes;
  g_mutex_unlock (&proxy->lock);
}

/* What the proxy passed on, in each direction, since the last reset:
 * unlike the counters above, not what it read and then dropped at a cut. */
void
fault_proxy_get_delivered (FaultProxy *proxy,
                           guint64    *out_upstream,
                           guint64    *out_downstream)
{
  g_mutex_lock (&proxy->lock);
  if (out_upstream != NULL)
    *out_upstream = proxy->delivered_up;
  if (out_downstream != NULL)
    *out_downstream = proxy->delivered_down;
  g_mutex_unlock (&proxy->lock);
}

void
fault_proxy_reset_counters (FaultProxy *proxy)
{
  g_mutex_lock (&proxy->lock);
  proxy->upstream_bytes = 0;
  proxy->downstream_bytes = 0;
  proxy->delivered_up = 0;
  proxy->delivered_down = 0;
  g_ptr_array_set_size (proxy->request_lines, 0);
  g_mutex_unlock (&proxy->lock);
}

/* How many requests starting with @method went through (or were answered
 * in the hub's place) since the last reset. */
guint
fault_proxy_count_requests (FaultProxy *proxy,
                            const char *method)
{
  guint n = 0;

  g_mutex_lock (&proxy->lock);
  for (guint i = 0; i < proxy->request_lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (proxy->request_lines, i), method))
      n++;
  g_mutex_unlock (&proxy->lock);

  return n;
}

/* ------------------------------------------------------------------ */
/* The device                                                          */
/* ------------------------------------------------------------------ */

/**
 * sync_test_device_new:
 * @name: for the folder's name
 *
 * Returns: (transfer full): a new device store, checking complaints
 *   against the shipped catalog
 */
AduanStore *
sync_test_device_new (const char *name)
{
  g_autofree char *dir = aduan_test_make_temp_dir (name);
  g_autoptr(AduanCatalog) catalog = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = aduan_store_open (dir, &error);
  g_assert_no_error (error);
  catalog = aduan_catalog_new_default (&error);
  g_assert_no_error (error);
  aduan_store_set_catalog (store, catalog);

  return g_steal_pointer (&store);
}

/* Photo bytes: random, with a JPEG's first bytes, as the hub's tests do. */
static GBytes *
make_photo (gsize   size,
            guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i + 4 <= size; i += 4)
    {
      guint32 value = g_rand_int (rand);

      memcpy (data + i, &value, 4);
    }
  for (gsize i = size & ~(gsize) 3; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);
  if (size >= 2)
    {
      data[0] = 0xff;
      data[1] = 0xd8;
    }

  return g_bytes_new_take (data, size);
}

/**
 * sync_test_save_complaint:
 * @n: which one (makes its text and photos differ)
 * @n_photos: how many photos
 * @photo_size: their size
 *
 * Writes the photos where the photo pipeline keeps them
 * (`<data_dir>/photos/<sha256>.jpg`) and saves a complaint with them.
 *
 * Returns: (transfer full): the saved complaint
 */
AduanComplaint *
sync_test_save_complaint (AduanStore *store,
                          guint       n,
                          guint       n_photos,
                          gsize       photo_size)
{
  g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (n);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (aduan_store_get_data_dir (store), "photos", NULL);
  static guint32 seed = 1;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  for (guint p = 0; p < n_photos; p++)
    {
      g_autoptr(GBytes) photo = make_photo (photo_size, g_random_int () ^ seed++);
      g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
      g_autofree char *name = g_strconcat (sha256, ".jpg", NULL);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_file_set_contents (path, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo), &error);
      g_assert_no_error (error);
      g_ptr_array_add (complaint->photos, aduan_photo_ref_new (sha256, g_bytes_get_size (photo), "image/jpeg"));
    }

  aduan_store_save (store, complaint, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&complaint);
}

/**
 * sync_test_enroll:
 * @url: (nullable): the address the device uses, e.g. a proxy's; %NULL
 *   for the hub's own
 */
void
sync_test_enroll (AduanStore  *store,
                  SyncTestHub *hub,
                  const char  *url)
{
  g_autofree char *code = sync_test_hub_enroll_code (hub);
  g_autoptr(GError) error = NULL;

  aduan_credentials_enroll (store, url != NULL ? url : hub->url, code, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* An engine with short timeouts: the faults here are noticed in seconds. */
AduanSyncEngine *
sync_test_engine_new (AduanStore *store)
{
  AduanSyncEngine *engine = aduan_sync_engine_new (store);

  aduan_sync_engine_set_timeouts (engine, 5, 2);
  return engine;
}

static void
pass_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * sync_test_run_pass:
 *
 * Runs one pass and waits for it, running the main context.
 *
 * Returns: what aduan_sync_engine_sync_finish() returned
 */
gboolean
sync_test_run_pass (AduanSyncEngine *engine,
                    AduanSyncFlags   flags,
                    GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aduan_sync_engine_sync_async (engine, flags, NULL, pass_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return aduan_sync_engine_sync_finish (engine, result, error);
}

guint
sync_test_count_waiting (AduanStore *store)
{
  g_autoptr(GError) error = NULL;
  guint waiting = 0, failed = 0;

  aduan_outbox_count (store, &waiting, &failed, &error);
  g_assert_no_error (error);

  return waiting + failed;
}

char *
sync_test_sha256_file (const char *path)
{
  return aduan_test_hash_file (path);
}

/**
 * sync_test_init:
 *
 * g_test_init() with isolated folders, and the token in a file: no test
 * may touch a real keyring.
 */
void
sync_test_init (int    *argc,
                char ***argv)
{
  g_setenv ("ADUAN_TOKEN_STORE", "file", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("ALL_PROXY");
  g_unsetenv ("all_proxy");
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}
