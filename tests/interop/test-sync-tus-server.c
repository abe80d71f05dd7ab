/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>

#include "aduan-sync-error.h"
#include "aduan-test-util.h"
#include "aduan-tus-client.h"
#include "sync-test-common.h"

/*
 * The sync engine's tus client against an independent tus server:
 * @tus/server with @tus/file-store from npm (tus-server/server.cjs). That
 * server has no checksum extension, so the client must see so (OPTIONS)
 * and do without. Skipped when `npm ci --prefix tests/interop/tus-server`
 * was not run, or node is not installed.
 *
 * The server is node: it must die with this test, whatever way the test
 * ends. A server left running after a failed assertion holds the test's
 * standard error open, and `meson test` then waits for it until the
 * test's timeout.
 */

#define FILE_SIZE (1024 * 1024 + 17)

typedef struct
{
  GSubprocess *server;
  char        *url;        /* the creation URL, at the server itself */
  char        *store_dir;  /* where it keeps uploads */
  FaultProxy  *proxy;
  char        *proxy_url;  /* the creation URL through the proxy */
  char        *file;
  char        *sha256;
  char        *metadata;
} Fixture;

/* Why the tests cannot run here, or %NULL when they can. */
static char *skip_reason;

static const char *
server_dir (void)
{
  const char *dir = g_getenv ("TUS_SERVER_DIR");

  return dir != NULL && *dir != '\0' ? dir : TUS_SERVER_DIR;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_build_filename (server_dir (), "server.cjs", NULL);
  g_autofree char *content = NULL;
  g_autofree char *photo_dir = aduan_test_make_temp_dir ("tus-photo");
  g_autoptr(GRand) rand = g_rand_new ();
  const char *port;
  guint8 *bytes;

  if (skip_reason != NULL)
    return;

  fixture->store_dir = aduan_test_make_temp_dir ("tus-store");
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fixture->server = g_subprocess_launcher_spawn (launcher, &error,
                                                 g_getenv ("NODE") != NULL ? g_getenv ("NODE") : "node",
                                                 script, fixture->store_dir, NULL);
  g_assert_no_error (error);

  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  fixture->url = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->url);
  g_assert_true (g_str_has_prefix (fixture->url, "http://127.0.0.1:"));

  port = fixture->url + strlen ("http://127.0.0.1:");
  fixture->proxy = fault_proxy_new ((guint16) g_ascii_strtoull (port, NULL, 10));
  {
    g_autofree char *base = fault_proxy_get_url (fixture->proxy);

    fixture->proxy_url = g_strconcat (base, "files", NULL);
  }

  bytes = g_malloc (FILE_SIZE);
  for (gsize i = 0; i < FILE_SIZE; i++)
    bytes[i] = (guint8) g_rand_int (rand);
  content = (char *) bytes;
  fixture->file = g_build_filename (photo_dir, "photo.jpg", NULL);
  g_file_set_contents (fixture->file, content, FILE_SIZE, &error);
  g_assert_no_error (error);
  fixture->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, FILE_SIZE);
  fixture->metadata = aduan_tus_build_metadata ("filename", "photo.jpg", "filetype", "image/jpeg",
                                                "sha256", fixture->sha256, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->proxy, fault_proxy_free);
  if (fixture->server != NULL)
    {
      g_subprocess_send_signal (fixture->server, SIGTERM);
      g_subprocess_wait (fixture->server, NULL, NULL);
      g_clear_object (&fixture->server);
    }
  g_free (fixture->url);
  g_free (fixture->proxy_url);
  g_free (fixture->store_dir);
  g_free (fixture->file);
  g_free (fixture->sha256);
  g_free (fixture->metadata);
}

static void
prepare_upload (Fixture        *fixture,
                AduanTusUpload *upload)
{
  memset (upload, 0, sizeof *upload);
  upload->endpoint = fixture->proxy_url;
  upload->path = fixture->file;
  upload->length = FILE_SIZE;
  upload->metadata = fixture->metadata;
}

/* What the server stored for the upload, hashed. */
static char *
stored_sha256 (Fixture    *fixture,
               const char *upload_url)
{
  const char *id = strrchr (upload_url, '/') + 1;
  g_autofree char *path = g_build_filename (fixture->store_dir, id, NULL);

  return aduan_test_hash_file (path);
}

/* OPTIONS tells a tus 1.0.0 server with creation and no checksum. */
static void
test_discover (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(AduanHttpClient) http = aduan_http_client_new ();
  g_autoptr(GError) error = NULL;
  AduanTusServerInfo info;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  g_assert_true (aduan_tus_discover (http, fixture->proxy_url, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info.versions_ok);
  g_assert_true (info.creation);
  g_assert_false (info.checksum_sha256);
}

static gboolean
keep_url_cb (const char  *upload_url,
             gpointer     user_data,
             GError     **error)
{
  char **kept = user_data;

  g_free (*kept);
  *kept = g_strdup (upload_url);
  return TRUE;
}

/* Cut off partway (the client's process could as well have been killed),
 * resumed from the kept URL at the offset HEAD reports: the whole stored
 * file's SHA-256 matches, and little was sent twice.
 *
 * What was sent twice is counted where the server sees it, at the proxy:
 * the client's own count includes bytes that sat in socket buffers when
 * the link was cut and never reached the server. */
static void
run_interrupted (Fixture *fixture,
                 gsize    chunk_size)
{
  g_autoptr(AduanHttpClient) http = aduan_http_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *stored = NULL;
  AduanTusServerInfo info;
  AduanTusUpload upload;
  guint64 upstream_before, upstream_total;
  gint64 resumed_from;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  aduan_http_client_set_timeouts (http, 5, 2);
  g_assert_true (aduan_tus_discover (http, fixture->proxy_url, &info, &error));
  g_assert_no_error (error);

  fault_proxy_reset_counters (fixture->proxy);
  fault_proxy_cut_at (fixture->proxy, FILE_SIZE / 2);

  prepare_upload (fixture, &upload);
  upload.chunk_size = chunk_size;
  upload.checksum = info.checksum_sha256;
  upload.save_url = keep_url_cb;
  upload.user_data = &kept;
  g_assert_false (aduan_tus_upload_run (http, &upload, &error));
  g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_CONNECTION_LOST);
  g_clear_error (&error);
  g_assert_nonnull (kept);
  aduan_tus_upload_clear (&upload);
  fault_proxy_get_delivered (fixture->proxy, &upstream_before, NULL);
  g_assert_cmpuint (upstream_before, ==, FILE_SIZE / 2);

  /* A new client, as a new process would be: only the URL was kept. */
  {
    g_autoptr(AduanHttpClient) again = aduan_http_client_new ();

    prepare_upload (fixture, &upload);
    upload.chunk_size = chunk_size;
    upload.upload_url = g_strdup (kept);
    g_assert_true (aduan_tus_upload_run (again, &upload, &error));
    g_assert_no_error (error);
    g_assert_cmpint (upload.offset, ==, FILE_SIZE);
    g_assert_cmpstr (upload.upload_url, ==, kept);
    /* It went on from what the server held, not from the start. */
    resumed_from = FILE_SIZE - upload.bytes_sent;
    g_assert_cmpint (resumed_from, >, 0);
    g_assert_cmpint (resumed_from, <=, FILE_SIZE / 2);
    aduan_tus_upload_clear (&upload);
  }

  fault_proxy_get_delivered (fixture->proxy, &upstream_total, NULL);
  g_test_message ("Server got %" G_GUINT64_FORMAT " bytes before the cut, %" G_GUINT64_FORMAT
                  " after, resuming at %" G_GINT64_FORMAT ", for a file of %d",
                  upstream_before, upstream_total - upstream_before, resumed_from, FILE_SIZE);
  /* Headers and what was in flight at the cut, no more. */
  g_assert_cmpuint (upstream_total, <, FILE_SIZE + (guint64) MAX (chunk_size, 64 * 1024));

  stored = stored_sha256 (fixture, kept);
  g_assert_cmpstr (stored, ==, fixture->sha256);
}

static void
test_interrupted_streamed (Fixture       *fixture,
                           gconstpointer  data)
{
  run_interrupted (fixture, 0);
}

static void
test_interrupted_chunked (Fixture       *fixture,
                          gconstpointer  data)
{
  run_interrupted (fixture, 256 * 1024);
}

/* Resuming an upload that is already complete sends nothing again. */
static void
test_resume_complete (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(AduanHttpClient) http = aduan_http_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  AduanTusUpload upload;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  prepare_upload (fixture, &upload);
  g_assert_true (aduan_tus_upload_run (http, &upload, &error));
  g_assert_no_error (error);
  url = g_strdup (upload.upload_url);
  aduan_tus_upload_clear (&upload);

  prepare_upload (fixture, &upload);
  upload.upload_url = g_strdup (url);
  g_assert_true (aduan_tus_upload_run (http, &upload, &error));
  g_assert_no_error (error);
  g_assert_cmpint (upload.bytes_sent, ==, 0);
  g_assert_cmpstr (upload.upload_url, ==, url);
  aduan_tus_upload_clear (&upload);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *modules = NULL;
  g_autofree char *file_store = NULL;
  g_autofree char *node = NULL;
  int result;

  sync_test_init (&argc, &argv);

  /* Skipped only when the peer is truly absent; a server that is there
   * and fails to start fails the tests. */
  modules = g_build_filename (server_dir (), "node_modules", "@tus", "server", NULL);
  file_store = g_build_filename (server_dir (), "node_modules", "@tus", "file-store", NULL);
  node = g_find_program_in_path (g_getenv ("NODE") != NULL ? g_getenv ("NODE") : "node");
  if (node == NULL)
    skip_reason = g_strdup ("node is not installed");
  else if (!g_file_test (modules, G_FILE_TEST_IS_DIR) || !g_file_test (file_store, G_FILE_TEST_IS_DIR))
    skip_reason = g_strdup ("@tus/server is not installed: run npm ci --prefix tests/interop/tus-server");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/interop/sync-tus/discover", test_discover);
  ADD ("/interop/sync-tus/interrupted-streamed", test_interrupted_streamed);
  ADD ("/interop/sync-tus/interrupted-chunked", test_interrupted_chunked);
  ADD ("/interop/sync-tus/resume-complete", test_resume_complete);

#undef ADD

  result = g_test_run ();
  g_free (skip_reason);
  return result;
}
