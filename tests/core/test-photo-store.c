/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>
#include <glib/gstdio.h>

#include "aduan-error.h"
#include "aduan-photo-store.h"
#include "aduan-test-util.h"

typedef struct
{
  char            *data_dir;
  AduanPhotoStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->data_dir = aduan_test_make_temp_dir ("photo-store");
  fixture->store = aduan_photo_store_new (fixture->data_dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->data_dir, g_free);
}

/* Bytes that stand in for a photo: the store does not look inside. */
static GBytes *
make_bytes (gsize   size,
            guint32 seed)
{
  guint8 *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);

  return g_bytes_new_take (data, size);
}

static guint
count_temporaries (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, ".tmp-"))
      n++;

  return n;
}

/* Only 64 lower-case hex digits make a path, so a name from the network
 * or the database can never point outside the photo folder. */
static void
test_paths (Fixture       *fixture,
            gconstpointer  user_data)
{
  const char *good = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  g_autofree char *path = aduan_photo_store_get_path (fixture->store, good);
  g_autofree char *thumbnail = aduan_photo_store_get_thumbnail_path (fixture->store, good);
  g_autofree char *expected = g_build_filename (fixture->data_dir, "photos", "", NULL);
  g_autofree char *expected_thumbnail = g_build_filename (fixture->data_dir, "photos", "thumbs", "", NULL);
  const char *bad[] = {
    "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
    "0123456789abcdef",
    "../../../../etc/passwd",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
    "",
  };

  g_assert_true (g_str_has_prefix (path, expected));
  g_assert_true (g_str_has_suffix (path, ".jpg"));
  g_assert_true (g_str_has_prefix (thumbnail, expected_thumbnail));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *none = aduan_photo_store_get_path (fixture->store, bad[i]);

      g_assert_null (none);
      g_assert_false (aduan_photo_sha256_is_valid (bad[i]));
    }
  g_assert_false (aduan_photo_sha256_is_valid (NULL));
  g_assert_false (aduan_photo_store_contains (fixture->store, good));
}

/* A photo added is stored under its SHA-256 with its thumbnail, verifies,
 * and reads back byte for byte through the upload stream, which can seek
 * to resume an upload. */
static void
test_add_verify_upload (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GBytes) photo = make_bytes (300 * 1024, 1);
  g_autoptr(GBytes) thumbnail = make_bytes (9 * 1024, 2);
  g_autoptr(AduanPhotoRef) ref = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autofree char *thumbnail_path = NULL;
  g_autofree guint8 *buffer = g_malloc (300 * 1024);
  gint64 size = 0;
  gsize got = 0;

  ref = aduan_photo_store_add (fixture->store, photo, thumbnail, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ref->sha256, ==, expected);
  g_assert_cmpint (ref->size, ==, 300 * 1024);
  g_assert_cmpstr (ref->content_type, ==, "image/jpeg");
  g_assert_true (aduan_photo_store_contains (fixture->store, ref->sha256));
  thumbnail_path = aduan_photo_store_get_thumbnail_path (fixture->store, ref->sha256);
  g_assert_true (g_file_test (thumbnail_path, G_FILE_TEST_IS_REGULAR));

  g_assert_true (aduan_photo_store_verify (fixture->store, ref->sha256, NULL, &error));
  g_assert_no_error (error);

  input = aduan_photo_store_open_for_upload (fixture->store, ref->sha256, &size, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (size, ==, 300 * 1024);
  g_assert_true (g_input_stream_read_all (G_INPUT_STREAM (input), buffer, 300 * 1024, &got, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, got, g_bytes_get_data (photo, NULL), 300 * 1024);

  g_assert_true (g_seekable_can_seek (G_SEEKABLE (input)));
  g_assert_true (g_seekable_seek (G_SEEKABLE (input), 200 * 1024, G_SEEK_SET, NULL, &error));
  g_assert_true (g_input_stream_read_all (G_INPUT_STREAM (input), buffer, 1024, &got, NULL, &error));
  g_assert_cmpmem (buffer, got, (const guint8 *) g_bytes_get_data (photo, NULL) + 200 * 1024, 1024);

  g_assert_cmpuint (count_temporaries (aduan_photo_store_get_folder (fixture->store)), ==, 0);
}

/* A photo whose bytes changed on disk fails verification with a checksum
 * error; a missing one is "not found", for upload too. Adding the photo
 * again repairs the damaged copy. */
static void
test_verify_damage (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GBytes) photo = make_bytes (50 * 1024, 3);
  g_autoptr(AduanPhotoRef) ref = NULL;
  g_autoptr(AduanPhotoRef) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  const char *missing = "1111111111111111111111111111111111111111111111111111111111111111";
  gsize length = 0;

  ref = aduan_photo_store_add (fixture->store, photo, NULL, NULL, &error);
  g_assert_no_error (error);
  path = aduan_photo_store_get_path (fixture->store, ref->sha256);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  contents[length / 2] ^= 0x01;
  g_file_set_contents (path, contents, (gssize) length, &error);
  g_assert_no_error (error);

  g_assert_false (aduan_photo_store_verify (fixture->store, ref->sha256, NULL, &error));
  g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_CHECKSUM);
  g_clear_error (&error);

  g_assert_false (aduan_photo_store_verify (fixture->store, missing, NULL, &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND);
  g_clear_error (&error);

  input = aduan_photo_store_open_for_upload (fixture->store, missing, NULL, NULL, &error);
  g_assert_null (input);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND);
  g_clear_error (&error);

  again = aduan_photo_store_add (fixture->store, photo, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (aduan_photo_store_verify (fixture->store, ref->sha256, NULL, &error));
  g_assert_no_error (error);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  aduan_photo_store_verify_finish (ADUAN_PHOTO_STORE (source), result, error);
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");
}

/* Verification also runs in a worker thread and finishes on the main
 * context. */
static void
test_verify_async (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GBytes) photo = make_bytes (10 * 1024, 4);
  g_autoptr(AduanPhotoRef) ref = NULL;
  g_autoptr(GError) error = NULL;
  GError *result = NULL;

  ref = aduan_photo_store_add (fixture->store, photo, NULL, NULL, &error);
  g_assert_no_error (error);

  aduan_photo_store_verify_async (fixture->store, ref->sha256, NULL, verify_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* The callback marks success with a sentinel error. */
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&result);
}

static void
set_age (const char *path,
         GTimeSpan   age)
{
  struct utimbuf times;

  times.actime = times.modtime = (time_t) ((g_get_real_time () - age) / G_USEC_PER_SEC);
  g_assert_cmpint (utime (path, &times), ==, 0);
}

/* What a crash left behind is swept; a temporary file being written now
 * and the photos themselves are left alone. */
static void
test_remove_temporaries (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GBytes) photo = make_bytes (1024, 5);
  g_autoptr(AduanPhotoRef) ref = NULL;
  g_autoptr(GError) error = NULL;
  const char *folder;
  g_autofree char *old = NULL;
  g_autofree char *old_thumbnail = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *path = NULL;
  guint removed;

  ref = aduan_photo_store_add (fixture->store, photo, photo, NULL, &error);
  g_assert_no_error (error);
  folder = aduan_photo_store_get_folder (fixture->store);
  old = g_build_filename (folder, ".tmp-AAAAAA", NULL);
  old_thumbnail = g_build_filename (folder, "thumbs", ".tmp-BBBBBB", NULL);
  fresh = g_build_filename (folder, ".tmp-CCCCCC", NULL);
  g_file_set_contents (old, "half a photo", -1, &error);
  g_file_set_contents (old_thumbnail, "half a thumbnail", -1, &error);
  g_file_set_contents (fresh, "being written", -1, &error);
  g_assert_no_error (error);
  set_age (old, 2 * G_TIME_SPAN_HOUR);
  set_age (old_thumbnail, 2 * G_TIME_SPAN_HOUR);
  path = aduan_photo_store_get_path (fixture->store, ref->sha256);
  set_age (path, 2 * G_TIME_SPAN_HOUR);

  removed = aduan_photo_store_remove_temporaries (fixture->store, G_TIME_SPAN_HOUR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 2);
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (old_thumbnail, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A store with no folder yet has nothing to sweep. */
  {
    g_autofree char *other_dir = aduan_test_make_temp_dir ("empty-store");
    g_autoptr(AduanPhotoStore) other = aduan_photo_store_new (other_dir);

    g_assert_cmpuint (aduan_photo_store_remove_temporaries (other, 0, &error), ==, 0);
    g_assert_no_error (error);
  }
}

/* Runs @body in a forked child with a private mount namespace and a
 * small tmpfs as the data folder; skips when the system does not allow
 * that (it needs root). */
static void
in_small_tmpfs (const char *options,
                void      (*body) (const char *dir))
{
  g_autofree char *dir = aduan_test_make_temp_dir ("photo-tmpfs");
  pid_t pid;
  int status;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (unshare (CLONE_NEWNS) != 0 ||
          mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
          mount ("tmpfs", dir, "tmpfs", 0, options) != 0)
        _exit (77);
      body (dir);
      _exit (0);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 77)
    {
      g_test_skip ("cannot mount a tmpfs here (needs root)");
      return;
    }
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
disk_full_body (const char *dir)
{
  g_autoptr(AduanPhotoStore) store = aduan_photo_store_new (dir);
  g_autoptr(GBytes) small = make_bytes (100 * 1024, 6);
  g_autoptr(GBytes) big = make_bytes (600 * 1024, 7);
  g_autoptr(AduanPhotoRef) ref = NULL;
  g_autoptr(AduanPhotoRef) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *thumbs = NULL;

  ref = aduan_photo_store_add (store, small, NULL, NULL, &error);
  g_assert_no_error (error);

  none = aduan_photo_store_add (store, big, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_DISK_FULL);

  /* Nothing half-written is left, and the first photo is intact. */
  thumbs = g_build_filename (aduan_photo_store_get_folder (store), "thumbs", NULL);
  g_assert_cmpuint (count_temporaries (aduan_photo_store_get_folder (store)), ==, 0);
  g_assert_cmpuint (count_temporaries (thumbs), ==, 0);
  g_clear_error (&error);
  g_assert_true (aduan_photo_store_verify (store, ref->sha256, NULL, &error));
}

/* A full disk fails the add with "disk full", leaves no temporary file
 * and keeps the photos already stored. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  user_data)
{
  in_small_tmpfs ("size=512k", disk_full_body);
}

static void
read_only_body (const char *dir)
{
  g_autofree char *photos = g_build_filename (dir, "photos", "thumbs", NULL);
  g_autoptr(AduanPhotoStore) store = aduan_photo_store_new (dir);
  g_autoptr(GBytes) photo = make_bytes (1024, 8);
  g_autoptr(AduanPhotoRef) ref = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (photos, 0700), ==, 0);
  if (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL) != 0)
    _exit (77);

  ref = aduan_photo_store_add (store, photo, NULL, NULL, &error);
  g_assert_null (ref);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_READ_ONLY);
}

/* A read-only photo folder (a card locked, a full disk remounted) fails
 * with "read only". */
static void
test_read_only (Fixture       *fixture,
                gconstpointer  user_data)
{
  in_small_tmpfs ("size=512k", read_only_body);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/photo-store/paths", Fixture, NULL, fixture_set_up, test_paths, fixture_tear_down);
  g_test_add ("/core/photo-store/add-verify-upload", Fixture, NULL, fixture_set_up, test_add_verify_upload, fixture_tear_down);
  g_test_add ("/core/photo-store/verify-damage", Fixture, NULL, fixture_set_up, test_verify_damage, fixture_tear_down);
  g_test_add ("/core/photo-store/verify-async", Fixture, NULL, fixture_set_up, test_verify_async, fixture_tear_down);
  g_test_add ("/core/photo-store/remove-temporaries", Fixture, NULL, fixture_set_up, test_remove_temporaries, fixture_tear_down);
  g_test_add ("/core/photo-store/disk-full", Fixture, NULL, fixture_set_up, test_disk_full, fixture_tear_down);
  g_test_add ("/core/photo-store/read-only", Fixture, NULL, fixture_set_up, test_read_only, fixture_tear_down);

  return g_test_run ();
}
