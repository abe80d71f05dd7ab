/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libexif/exif-data.h>
#include <turbojpeg.h>

#include "aduan-test-util.h"

/* aduanctl add --photo through the built program: photos go through the
 * pipeline before the complaint is saved, EXIF place and time fill in
 * what the command line left out, and a bad photo saves nothing. */

typedef struct
{
  char *dir;
  char *input;
  int   status;
  char *out;
  char *err;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = aduan_test_make_temp_dir ("cli-photo");
  fixture->input = aduan_test_make_temp_dir ("cli-photo-input");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->input, g_free);
  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->err, g_free);
}

static void
run_argv (Fixture    *fixture,
          GPtrArray  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = aduan_test_find_program ("ADUANCTL", "src/cli/aduanctl");

  g_ptr_array_insert (args, 0, program);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "ADUAN_DATA_DIR", fixture->dir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->err, g_free);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &fixture->out, &fixture->err, &error);
  g_assert_no_error (error);
  fixture->status = g_subprocess_get_exit_status (process);
  g_ptr_array_remove_index (args, args->len - 1);
  g_ptr_array_remove_index (args, 0);
}

static void
run (Fixture *fixture,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;
  const char *arg;

  va_start (ap, fixture);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);

  run_argv (fixture, args);
}

static GBytes *
encode_jpeg (guint  width,
             guint  height,
             guint8 shade)
{
  g_autofree guint8 *rgb = g_malloc ((gsize) width * height * 3);
  tjhandle handle = tjInitCompress ();
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  GBytes *bytes;

  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      rgb[3 * i] = shade;
      rgb[3 * i + 1] = (guint8) (i % width);
      rgb[3 * i + 2] = (guint8) (i / width);
    }
  g_assert_cmpint (tjCompress2 (handle, rgb, (int) width, 0, (int) height, TJPF_RGB, &buffer, &size,
                                TJSAMP_420, 90, 0), ==, 0);
  tjDestroy (handle);
  bytes = g_bytes_new (buffer, size);
  tjFree (buffer);

  return bytes;
}

static void
set_ascii (ExifData   *exif,
           ExifIfd     ifd,
           ExifTag     tag,
           const char *text)
{
  ExifMem *mem = exif_mem_new_default ();
  ExifEntry *entry = exif_entry_new_mem (mem);

  entry->tag = tag;
  entry->format = EXIF_FORMAT_ASCII;
  entry->components = strlen (text) + 1;
  entry->size = entry->components;
  entry->data = exif_mem_alloc (mem, entry->size);
  memcpy (entry->data, text, entry->size);
  exif_content_add_entry (exif->ifd[ifd], entry);
  exif_entry_unref (entry);
  exif_mem_unref (mem);
}

static void
set_degrees (ExifData *exif,
             ExifTag   tag,
             double    degrees)
{
  ExifMem *mem = exif_mem_new_default ();
  ExifEntry *entry = exif_entry_new_mem (mem);
  double minutes = (degrees - floor (degrees)) * 60;
  ExifRational parts[3] = {
    { (ExifLong) floor (degrees), 1 },
    { (ExifLong) floor (minutes), 1 },
    { (ExifLong) llround ((minutes - floor (minutes)) * 60 * 1000), 1000 },
  };

  entry->tag = tag;
  entry->format = EXIF_FORMAT_RATIONAL;
  entry->components = 3;
  entry->size = 24;
  entry->data = exif_mem_alloc (mem, entry->size);
  for (guint i = 0; i < 3; i++)
    exif_set_rational (entry->data + 8 * i, EXIF_BYTE_ORDER_INTEL, parts[i]);
  exif_content_add_entry (exif->ifd[EXIF_IFD_GPS], entry);
  exif_entry_unref (entry);
  exif_mem_unref (mem);
}

/* A phone photo taken in Madiun at 09:30 WIB, with the place and time in
 * its EXIF block. */
static GBytes *
jpeg_with_gps (void)
{
  g_autoptr(GBytes) jpeg = encode_jpeg (2400, 1800, 90);
  ExifData *exif = exif_data_new ();
  unsigned char *block = NULL;
  unsigned int block_size = 0;
  GByteArray *out = g_byte_array_new ();
  const guint8 *data;
  gsize length = 0;
  guint8 header[4];

  exif_data_unset_option (exif, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_set_byte_order (exif, EXIF_BYTE_ORDER_INTEL);
  set_ascii (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_LATITUDE_REF, "S");
  set_degrees (exif, (ExifTag) EXIF_TAG_GPS_LATITUDE, 7.6298);
  set_ascii (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_LONGITUDE_REF, "E");
  set_degrees (exif, (ExifTag) EXIF_TAG_GPS_LONGITUDE, 111.5239);
  set_ascii (exif, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, "2026:11:20 09:30:00");
  set_ascii (exif, EXIF_IFD_EXIF, EXIF_TAG_OFFSET_TIME_ORIGINAL, "+07:00");
  exif_data_save_data (exif, &block, &block_size);
  exif_data_unref (exif);

  data = g_bytes_get_data (jpeg, &length);
  header[0] = 0xFF, header[1] = 0xE1, header[2] = (block_size + 2) >> 8, header[3] = (block_size + 2) & 0xFF;
  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, header, 4);
  g_byte_array_append (out, block, block_size);
  g_byte_array_append (out, data + 2, (guint) (length - 2));
  free (block);

  return g_byte_array_free_to_bytes (out);
}

static char *
write_input (Fixture    *fixture,
             const char *name,
             GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->input, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

static guint
count_photos (Fixture *fixture)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "photos", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".jpg"))
      n++;

  return n;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Two photos are stored under their SHA-256 before the complaint is
 * saved; the complaint refers to both, its location and time come from
 * the first photo's EXIF (source "photo"), and show prints the hashes. */
static void
test_add_photos (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GBytes) gps = jpeg_with_gps ();
  g_autoptr(GBytes) plain = encode_jpeg (800, 600, 200);
  g_autofree char *first = write_input (fixture, "IMG_0001.jpg", gps);
  g_autofree char *second = write_input (fixture, "IMG_0002.jpg", plain);
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(GDateTime) taken = NULL;
  g_autoptr(GTimeZone) wib = g_time_zone_new_offset (7 * 3600);
  JsonObject *location;
  JsonArray *photos;
  const char *code;

  run (fixture, "add", "--json", "--category", "street-lighting", "--title", "Lampu PJU mati",
       "--description", "Tiga malam padam", "--anonymous", "--photo", first, "--photo", second, NULL);
  g_assert_cmpstr (fixture->err, ==, "");
  g_assert_cmpint (fixture->status, ==, 0);
  added = parse_object (fixture->out);

  photos = json_object_get_array_member (added, "photos");
  g_assert_cmpuint (json_array_get_length (photos), ==, 2);
  g_assert_cmpuint (count_photos (fixture), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *photo = json_array_get_object_element (photos, i);
      const char *sha256 = json_object_get_string_member (photo, "sha256");
      g_autofree char *name = g_strconcat (sha256, ".jpg", NULL);
      g_autofree char *path = g_build_filename (fixture->dir, "photos", name, NULL);
      g_autofree char *hash = aduan_test_hash_file (path);

      g_assert_cmpstr (hash, ==, sha256);
      g_assert_cmpstr (json_object_get_string_member (photo, "content_type"), ==, "image/jpeg");
    }

  location = json_object_get_object_member (added, "location");
  g_assert_nonnull (location);
  g_assert_cmpstr (json_object_get_string_member (location, "source"), ==, "photo");
  g_assert_cmpfloat (fabs (json_object_get_double_member (location, "latitude") - -7.6298), <, 1e-4);
  g_assert_cmpfloat (fabs (json_object_get_double_member (location, "longitude") - 111.5239), <, 1e-4);
  taken = g_date_time_new (wib, 2026, 11, 20, 9, 30, 0);
  {
    gint64 occurred = 0;

    g_assert_true (aduan_parse_time_iso8601 (json_object_get_string_member (added, "occurred_at"), &occurred));
    g_assert_cmpint (occurred, ==, g_date_time_to_unix (taken) * G_USEC_PER_SEC);
  }

  code = json_object_get_string_member (added, "tracking_code");
  run (fixture, "show", code, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  for (guint i = 0; i < 2; i++)
    g_assert_nonnull (strstr (fixture->out,
                              json_object_get_string_member (json_array_get_object_element (photos, i), "sha256")));
}

/* A location given on the command line is kept; the photo does not
 * replace it. */
static void
test_command_line_wins (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GBytes) gps = jpeg_with_gps ();
  g_autofree char *path = write_input (fixture, "IMG_0003.jpg", gps);
  g_autoptr(JsonObject) added = NULL;
  JsonObject *location;

  run (fixture, "add", "--json", "--category", "trees", "--title", "Pohon tumbang",
       "--description", "Menutup jalan", "--anonymous", "--latitude", "-7.61", "--longitude", "111.50",
       "--photo", path, NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  added = parse_object (fixture->out);
  location = json_object_get_object_member (added, "location");
  g_assert_cmpstr (json_object_get_string_member (location, "source"), ==, "manual");
  g_assert_cmpfloat (json_object_get_double_member (location, "latitude"), ==, -7.61);
}

/* One bad photo (empty, missing, cut short, not a photo) among good ones:
 * exit 1, one line on stderr naming the file and the problem, no
 * complaint and no photo saved. */
static void
test_bad_photo (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GBytes) good = encode_jpeg (1200, 900, 30);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (good, 0, g_bytes_get_size (good) / 2);
  g_autoptr(GBytes) text = g_bytes_new_static ("hello\n", 6);
  g_autofree char *good_path = write_input (fixture, "good.jpg", good);
  g_autofree char *empty_path = write_input (fixture, "empty.jpg", empty);
  g_autofree char *cut_path = write_input (fixture, "cut.jpg", cut);
  g_autofree char *text_path = write_input (fixture, "notes.txt", text);
  g_autofree char *missing_path = g_build_filename (fixture->input, "missing.jpg", NULL);
  struct { const char *path; const char *name; } cases[] = {
    { empty_path, "empty.jpg" },
    { cut_path, "cut.jpg" },
    { text_path, "notes.txt" },
    { missing_path, "missing.jpg" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("aduanctl add: %s: ", cases[i].name);

      run (fixture, "add", "--category", "other", "--title", "Foto rusak", "--description", "Uji",
           "--anonymous", "--photo", good_path, "--photo", cases[i].path, NULL);
      g_assert_cmpint (fixture->status, ==, 1);
      g_assert_cmpstr (fixture->out, ==, "");
      g_test_message ("%s", fixture->err);
      g_assert_true (g_str_has_prefix (fixture->err, prefix));
      g_assert_true (strchr (fixture->err, '\n') == fixture->err + strlen (fixture->err) - 1);
      g_assert_cmpuint (count_photos (fixture), ==, 0);
    }

  run (fixture, "list", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->out, ==, "");
}

/* An eleventh photo is refused before any is read; a complaint that
 * fails its own checks stores no photo either. */
static void
test_limits (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GBytes) good = encode_jpeg (64, 48, 10);
  g_autofree char *path = write_input (fixture, "small.jpg", good);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "add");
  g_ptr_array_add (args, (char *) "--category");
  g_ptr_array_add (args, (char *) "other");
  g_ptr_array_add (args, (char *) "--title");
  g_ptr_array_add (args, (char *) "Banyak foto");
  g_ptr_array_add (args, (char *) "--description");
  g_ptr_array_add (args, (char *) "Uji");
  g_ptr_array_add (args, (char *) "--anonymous");
  for (guint i = 0; i < 11; i++)
    {
      g_ptr_array_add (args, (char *) "--photo");
      g_ptr_array_add (args, path);
    }
  run_argv (fixture, args);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_nonnull (strstr (fixture->err, "10"));
  g_assert_cmpuint (count_photos (fixture), ==, 0);

  run (fixture, "add", "--category", "other", "--description", "Tanpa judul", "--anonymous",
       "--photo", path, NULL);
  g_assert_cmpint (fixture->status, ==, 1);
  g_assert_cmpuint (count_photos (fixture), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/photo/add", Fixture, NULL, fixture_set_up, test_add_photos, fixture_tear_down);
  g_test_add ("/cli/photo/command-line-wins", Fixture, NULL, fixture_set_up, test_command_line_wins, fixture_tear_down);
  g_test_add ("/cli/photo/bad-photo", Fixture, NULL, fixture_set_up, test_bad_photo, fixture_tear_down);
  g_test_add ("/cli/photo/limits", Fixture, NULL, fixture_set_up, test_limits, fixture_tear_down);

  return g_test_run ();
}
