/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "aduan-location.h"
#include "aduan-photo-pipeline.h"
#include "aduan-test-util.h"
#include "photo-fixtures.h"

typedef struct
{
  char               *data_dir;
  char               *input_dir;
  AduanPhotoStore    *store;
  AduanPhotoPipeline *pipeline;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->data_dir = aduan_test_make_temp_dir ("photo-data");
  fixture->input_dir = aduan_test_make_temp_dir ("photo-input");
  fixture->store = aduan_photo_store_new (fixture->data_dir);
  fixture->pipeline = aduan_photo_pipeline_new (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->pipeline);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->data_dir, g_free);
  g_clear_pointer (&fixture->input_dir, g_free);
}

static AduanPhotoImport *
import_path (Fixture     *fixture,
             const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return aduan_photo_pipeline_import (fixture->pipeline, file, NULL, error);
}

static AduanPhotoImport *
import_bytes (Fixture     *fixture,
              const char  *name,
              GBytes      *bytes,
              GError     **error)
{
  g_autofree char *path = fixture_write (fixture->input_dir, name, bytes);

  return import_path (fixture, path, error);
}

static const guint8 *
pixel (const guint8 *rgb,
       guint         width,
       guint         x,
       guint         y)
{
  return rgb + ((gsize) y * width + x) * 3;
}

static void
assert_colour_near (const guint8 *actual,
                    const guint8 *expected,
                    int           tolerance)
{
  for (guint c = 0; c < 3; c++)
    g_assert_cmpint (ABS ((int) actual[c] - (int) expected[c]), <=, tolerance);
}

/* Every file in the photo folder and its thumbnail folder. */
static GPtrArray *
list_store (Fixture    *fixture,
            const char *sub)
{
  g_autofree char *folder = g_build_filename (fixture->data_dir, "photos", sub, NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }

  return names;
}

static guint
count_stored (Fixture *fixture)
{
  g_autoptr(GPtrArray) names = list_store (fixture, NULL);

  return names->len;
}

/* A photo stored with each EXIF orientation comes out upright: the
 * quadrant colours land in the right corners and the size is swapped for
 * 5–8. */
static void
test_orientation (Fixture       *fixture,
                  gconstpointer  user_data)
{
  guint orientation = GPOINTER_TO_UINT (user_data);
  const guint width = 96, height = 64;
  g_autofree guint8 *visual = fixture_quadrants (width, height);
  g_autofree guint8 *stored = NULL;
  g_autofree guint8 *decoded = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) exif = NULL;
  g_autoptr(GBytes) with_exif = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;
  g_autoptr(GError) error = NULL;
  FixtureExif spec = FIXTURE_EXIF_INIT;
  guint sw, sh, ow, oh;

  stored = fixture_store_oriented (visual, width, height, orientation, &sw, &sh);
  jpeg = fixture_encode_jpeg (stored, sw, sh, 95, FALSE);
  spec.orientation = orientation;
  exif = fixture_exif_segment (&spec);
  with_exif = fixture_insert_after_soi (jpeg, exif);

  import = import_bytes (fixture, "oriented.jpg", with_exif, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->orientation, ==, orientation);
  g_assert_cmpuint (import->source_width, ==, sw);
  g_assert_cmpuint (import->width, ==, width);
  g_assert_cmpuint (import->height, ==, height);

  decoded = fixture_decode_jpeg (import->jpeg, &ow, &oh);
  g_assert_cmpuint (ow, ==, width);
  g_assert_cmpuint (oh, ==, height);
  assert_colour_near (pixel (decoded, ow, width / 4, height / 4), fixture_quadrant_colours[0], 12);
  assert_colour_near (pixel (decoded, ow, 3 * width / 4, height / 4), fixture_quadrant_colours[1], 12);
  assert_colour_near (pixel (decoded, ow, width / 4, 3 * height / 4), fixture_quadrant_colours[2], 12);
  assert_colour_near (pixel (decoded, ow, 3 * width / 4, 3 * height / 4), fixture_quadrant_colours[3], 12);
}

/* Orientation and downscaling together: a portrait phone photo stored
 * sideways (orientation 6) comes out 1067 × 1600, upright. */
static void
test_orientation_resized (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const guint width = 1600, height = 2400;
  g_autofree guint8 *visual = fixture_quadrants (width, height);
  g_autofree guint8 *stored = NULL;
  g_autofree guint8 *decoded = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) exif = NULL;
  g_autoptr(GBytes) with_exif = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;
  g_autoptr(GError) error = NULL;
  FixtureExif spec = FIXTURE_EXIF_INIT;
  guint sw, sh, ow, oh;

  stored = fixture_store_oriented (visual, width, height, 6, &sw, &sh);
  g_assert_cmpuint (sw, ==, 2400);
  jpeg = fixture_encode_jpeg (stored, sw, sh, 90, FALSE);
  spec.orientation = 6;
  exif = fixture_exif_segment (&spec);
  with_exif = fixture_insert_after_soi (jpeg, exif);

  import = import_bytes (fixture, "portrait.jpg", with_exif, &error);
  g_assert_no_error (error);
  decoded = fixture_decode_jpeg (import->jpeg, &ow, &oh);
  g_assert_cmpuint (ow, ==, 1067);
  g_assert_cmpuint (oh, ==, 1600);
  g_assert_cmpuint (import->width, ==, ow);
  g_assert_cmpuint (import->height, ==, oh);
  assert_colour_near (pixel (decoded, ow, ow / 4, oh / 4), fixture_quadrant_colours[0], 12);
  assert_colour_near (pixel (decoded, ow, 3 * ow / 4, oh / 4), fixture_quadrant_colours[1], 12);
  assert_colour_near (pixel (decoded, ow, ow / 4, 3 * oh / 4), fixture_quadrant_colours[2], 12);
  assert_colour_near (pixel (decoded, ow, 3 * ow / 4, 3 * oh / 4), fixture_quadrant_colours[3], 12);
}

/* The long edge follows the setting, the aspect ratio is kept, small
 * photos are never enlarged, and the thumbnail is 256 px. */
static void
test_scale_long_edge (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree guint8 *big = fixture_photo_like (4000, 3000, 1);
  g_autofree guint8 *small = fixture_photo_like (800, 600, 2);
  g_autoptr(GBytes) big_jpeg = fixture_encode_jpeg (big, 4000, 3000, 90, FALSE);
  g_autoptr(GBytes) small_jpeg = fixture_encode_jpeg (small, 800, 600, 90, FALSE);
  g_autoptr(GError) error = NULL;
  guint w, h;

  {
    g_autoptr(AduanPhotoImport) import = import_bytes (fixture, "big.jpg", big_jpeg, &error);
    g_autofree guint8 *rgb = NULL;
    g_autofree guint8 *thumb = NULL;

    g_assert_no_error (error);
    rgb = fixture_decode_jpeg (import->jpeg, &w, &h);
    g_assert_cmpuint (w, ==, 1600);
    g_assert_cmpuint (h, ==, 1200);
    thumb = fixture_decode_jpeg (import->thumbnail, &w, &h);
    g_assert_cmpuint (w, ==, 256);
    g_assert_cmpuint (h, ==, 192);
    g_assert_cmpuint (import->source_width, ==, 4000);
    g_assert_cmpstr (import->ref->content_type, ==, "image/jpeg");
  }

  aduan_photo_pipeline_set_long_edge (fixture->pipeline, 1024);
  {
    g_autoptr(AduanPhotoImport) import = import_bytes (fixture, "big2.jpg", big_jpeg, &error);
    g_autofree guint8 *rgb = NULL;

    g_assert_no_error (error);
    rgb = fixture_decode_jpeg (import->jpeg, &w, &h);
    g_assert_cmpuint (w, ==, 1024);
    g_assert_cmpuint (h, ==, 768);
  }

  {
    g_autoptr(AduanPhotoImport) import = import_bytes (fixture, "small.jpg", small_jpeg, &error);
    g_autofree guint8 *rgb = NULL;

    g_assert_no_error (error);
    rgb = fixture_decode_jpeg (import->jpeg, &w, &h);
    g_assert_cmpuint (w, ==, 800);
    g_assert_cmpuint (h, ==, 600);
  }
}

/* Shrinking neither brightens nor darkens: a flat grey stays that grey
 * after DCT scaling, area averaging and re-encoding. */
static void
test_scale_keeps_brightness (Fixture       *fixture,
                             gconstpointer  user_data)
{
  const guint width = 3000, height = 2000;
  g_autofree guint8 *grey = g_malloc ((gsize) width * height * 3);
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *rgb = NULL;
  guint w, h;
  guint64 sum = 0;

  memset (grey, 117, (gsize) width * height * 3);
  jpeg = fixture_encode_jpeg (grey, width, height, 95, FALSE);
  import = import_bytes (fixture, "grey.jpg", jpeg, &error);
  g_assert_no_error (error);

  rgb = fixture_decode_jpeg (import->jpeg, &w, &h);
  for (gsize i = 0; i < (gsize) w * h * 3; i++)
    sum += rgb[i];
  g_assert_cmpfloat (fabs ((double) sum / ((double) w * h * 3) - 117.0), <, 1.0);
}

/* EXIF, XMP, ICC, IPTC and comments in the input never reach the stored
 * photo or its thumbnail: reading them back finds only the JFIF header,
 * tables, the frame and the scan. The EXIF position was still read. */
static void
test_metadata_stripped (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree guint8 *rgb = fixture_photo_like (2000, 1500, 3);
  g_autoptr(GBytes) jpeg = fixture_encode_jpeg (rgb, 2000, 1500, 90, FALSE);
  g_autoptr(GBytes) metadata = fixture_all_metadata ();
  g_autoptr(GBytes) exif = NULL;
  g_autoptr(GBytes) segments = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_path = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *markers = NULL;
  gsize stored_length = 0;
  g_autoptr(GBytes) stored_bytes = NULL;
  FixtureExif spec = FIXTURE_EXIF_INIT;

  spec.orientation = 1;
  spec.gps = TRUE;
  spec.latitude_ref = 'S';
  spec.latitude = 7.63;
  spec.longitude_ref = 'E';
  spec.longitude = 111.52;
  exif = fixture_exif_segment (&spec);
  segments = fixture_concat (exif, metadata, NULL);
  input = fixture_insert_after_soi (jpeg, segments);
  g_assert_true (fixture_has_metadata (input));

  import = import_bytes (fixture, "metadata.jpg", input, &error);
  g_assert_no_error (error);
  g_assert_true (import->has_location);

  stored_path = aduan_photo_store_get_path (fixture->store, import->ref->sha256);
  g_file_get_contents (stored_path, &stored, &stored_length, &error);
  g_assert_no_error (error);
  stored_bytes = g_bytes_new (stored, stored_length);

  markers = fixture_list_markers (stored_bytes);
  g_test_message ("stored photo markers: %s", markers);
  g_assert_false (fixture_has_metadata (stored_bytes));
  g_assert_false (fixture_has_metadata (import->thumbnail));
  g_assert_null (g_strstr_len (stored, (gssize) stored_length, "Budi"));
  g_assert_null (g_strstr_len (stored, (gssize) stored_length, "AduanTestCam"));
  g_assert_null (g_strstr_len (stored, (gssize) stored_length, "0812"));
}

/* EXIF GPS with S/E references, the positioning error, GPS date/time and
 * DateTimeOriginal with its offset all come out right. */
static void
test_exif_position_and_time (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree guint8 *rgb = fixture_photo_like (640, 480, 4);
  g_autoptr(GBytes) jpeg = fixture_encode_jpeg (rgb, 640, 480, 90, FALSE);
  g_autoptr(GBytes) exif = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;
  g_autoptr(AduanLocationFix) fix = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expected_taken = NULL;
  g_autoptr(GDateTime) expected_fix = NULL;
  g_autoptr(GTimeZone) wib = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  FixtureExif spec = FIXTURE_EXIF_INIT;

  spec.gps = TRUE;
  spec.latitude_ref = 'S';
  spec.latitude = 7.6298;
  spec.longitude_ref = 'E';
  spec.longitude = 111.5239;
  spec.h_error_m = 6.5;
  spec.gps_date = "2026:11:20";
  spec.gps_time[0] = 2;
  spec.gps_time[1] = 29;
  spec.gps_time[2] = 58;
  spec.date_time_original = "2026:11:20 09:30:00";
  spec.offset_time_original = "+07:00";
  exif = fixture_exif_segment (&spec);
  input = fixture_insert_after_soi (jpeg, exif);

  import = import_bytes (fixture, "gps.jpg", input, &error);
  g_assert_no_error (error);
  g_assert_true (import->has_location);
  g_assert_cmpfloat_with_epsilon (import->latitude, -7.6298, 1e-5);
  g_assert_cmpfloat_with_epsilon (import->longitude, 111.5239, 1e-5);
  g_assert_cmpfloat_with_epsilon (import->accuracy_m, 6.5, 1e-6);

  expected_taken = g_date_time_new (wib, 2026, 11, 20, 9, 30, 0);
  g_assert_cmpint (import->taken_at, ==, g_date_time_to_unix (expected_taken) * G_USEC_PER_SEC);
  expected_fix = g_date_time_new (utc, 2026, 11, 20, 2, 29, 58);
  g_assert_cmpint (import->location_time, ==, g_date_time_to_unix (expected_fix) * G_USEC_PER_SEC);

  fix = aduan_location_fix_new_from_photo (import);
  g_assert_nonnull (fix);
  g_assert_cmpint (fix->source, ==, ADUAN_LOCATION_SOURCE_PHOTO);
  g_assert_cmpint (fix->time, ==, import->location_time);
}

/* Without an offset, DateTimeOriginal is read in the local zone; with no
 * time at all, nothing is invented. */
static void
test_exif_local_time (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree guint8 *rgb = fixture_photo_like (320, 240, 5);
  g_autoptr(GBytes) jpeg = fixture_encode_jpeg (rgb, 320, 240, 90, FALSE);
  g_autoptr(GError) error = NULL;
  FixtureExif spec = FIXTURE_EXIF_INIT;

  spec.date_time_original = "2026:11:20 09:30:00";
  {
    g_autoptr(GBytes) exif = fixture_exif_segment (&spec);
    g_autoptr(GBytes) input = fixture_insert_after_soi (jpeg, exif);
    g_autoptr(AduanPhotoImport) import = import_bytes (fixture, "local.jpg", input, &error);
    g_autoptr(GDateTime) local = g_date_time_new_local (2026, 11, 20, 9, 30, 0);

    g_assert_no_error (error);
    g_assert_cmpint (import->taken_at, ==, g_date_time_to_unix (local) * G_USEC_PER_SEC);
    g_assert_false (import->has_location);
  }
  {
    g_autoptr(AduanPhotoImport) import = import_bytes (fixture, "plain.jpg", jpeg, &error);

    g_assert_no_error (error);
    g_assert_cmpint (import->taken_at, ==, 0);
    g_assert_cmpuint (import->orientation, ==, 1);
    g_assert_null (aduan_location_fix_new_from_photo (import));
  }
}

/* Positions a phone writes when it had none — 0,0 or status "V" — are
 * not offered, and an EXIF block of garbage is ignored, not fatal. */
static void
test_exif_untrusted (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree guint8 *rgb = fixture_photo_like (320, 240, 6);
  g_autoptr(GBytes) jpeg = fixture_encode_jpeg (rgb, 320, 240, 90, FALSE);
  g_autoptr(GError) error = NULL;

  {
    FixtureExif spec = FIXTURE_EXIF_INIT;
    g_autoptr(GBytes) exif = NULL;
    g_autoptr(GBytes) input = NULL;
    g_autoptr(AduanPhotoImport) import = NULL;

    spec.gps = TRUE;
    exif = fixture_exif_segment (&spec);
    input = fixture_insert_after_soi (jpeg, exif);
    import = import_bytes (fixture, "null-island.jpg", input, &error);
    g_assert_no_error (error);
    g_assert_false (import->has_location);
  }
  {
    FixtureExif spec = FIXTURE_EXIF_INIT;
    g_autoptr(GBytes) exif = NULL;
    g_autoptr(GBytes) input = NULL;
    g_autoptr(AduanPhotoImport) import = NULL;

    spec.gps = TRUE;
    spec.latitude = 7.6;
    spec.longitude = 111.5;
    spec.gps_status = "V";
    exif = fixture_exif_segment (&spec);
    input = fixture_insert_after_soi (jpeg, exif);
    import = import_bytes (fixture, "void.jpg", input, &error);
    g_assert_no_error (error);
    g_assert_false (import->has_location);
  }
  for (guint seed = 0; seed < 50; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      guint8 garbage[600];
      g_autoptr(GBytes) exif = NULL;
      g_autoptr(GBytes) input = NULL;
      g_autoptr(AduanPhotoImport) import = NULL;

      memcpy (garbage, "Exif\0\0", 6);
      /* Half of them start like a real TIFF header, to get deeper. */
      if (seed % 2 == 0)
        memcpy (garbage + 6, "II*\0\10\0\0\0", 8);
      for (gsize i = seed % 2 == 0 ? 14 : 6; i < sizeof garbage; i++)
        garbage[i] = (guint8) g_rand_int (rand);
      exif = fixture_segment (0xE1, garbage, sizeof garbage);
      input = fixture_insert_after_soi (jpeg, exif);
      import = import_bytes (fixture, "garbage-exif.jpg", input, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (import->orientation, >=, 1);
      g_assert_cmpuint (import->orientation, <=, 8);
    }
}

static GBytes *
save_pixbuf (GdkPixbuf  *pixbuf,
             const char *type)
{
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

/* A PNG goes through gdk-pixbuf; its transparent part becomes white. */
static void
test_format_png (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 2000, 1000);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *rgb = NULL;
  static const guint8 white[3] = { 255, 255, 255 };
  static const guint8 red[3] = { 200, 20, 20 };
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint w, h;

  for (int y = 0; y < 1000; y++)
    for (int x = 0; x < 2000; x++)
      {
        guint8 *p = pixels + y * stride + x * 4;

        p[0] = 200, p[1] = 20, p[2] = 20;
        p[3] = x < 1000 ? 255 : 0;   /* right half transparent */
      }
  png = save_pixbuf (pixbuf, "png");

  import = import_bytes (fixture, "screenshot.png", png, &error);
  g_assert_no_error (error);
  rgb = fixture_decode_jpeg (import->jpeg, &w, &h);
  g_assert_cmpuint (w, ==, 1600);
  g_assert_cmpuint (h, ==, 800);
  assert_colour_near (pixel (rgb, w, 400, 400), red, 12);
  assert_colour_near (pixel (rgb, w, 1200, 400), white, 6);
  g_assert_false (fixture_has_metadata (import->jpeg));
}

static gboolean
pixbuf_can_save (const char *name)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *format_name = gdk_pixbuf_format_get_name (l->data);

      if (g_str_equal (format_name, name))
        return gdk_pixbuf_format_is_writable (l->data);
    }

  return FALSE;
}

/* A WebP goes through gdk-pixbuf when its WebP loader is installed. */
static void
test_format_webp (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree guint8 *rgb = fixture_photo_like (1200, 900, 7);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) webp = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;
  g_autoptr(GError) error = NULL;

  if (!pixbuf_can_save ("webp"))
    {
      g_test_skip ("no WebP loader for gdk-pixbuf (Debian: webp-pixbuf-loader)");
      return;
    }

  pixbuf = gdk_pixbuf_new_from_data (rgb, GDK_COLORSPACE_RGB, FALSE, 8, 1200, 900, 1200 * 3, NULL, NULL);
  webp = save_pixbuf (pixbuf, "webp");
  import = import_bytes (fixture, "photo.webp", webp, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->width, ==, 1200);
  g_assert_cmpuint (import->height, ==, 900);
}

/* HEIC (the iPhone default) is refused with a message that names the file
 * and says what to do, unless a HEIF loader can read it; documents and
 * other files are refused as not photos. */
static void
test_format_refused (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const guint8 heic_head[] = { 0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0,
                                      'm', 'i', 'f', '1', 'h', 'e', 'i', 'c' };
  g_autoptr(GByteArray) heic = g_byte_array_new ();
  g_autoptr(GBytes) heic_bytes = NULL;
  g_autoptr(GBytes) text = g_bytes_new_static ("%PDF-1.4\nnot a photo\n", 21);
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;

  g_byte_array_append (heic, heic_head, sizeof heic_head);
  for (guint i = 0; i < 4000; i++)
    g_byte_array_append (heic, (const guint8 *) &i, 1);
  heic_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&heic));

  import = import_bytes (fixture, "IMG_0001.HEIC", heic_bytes, &error);
  g_assert_null (import);
  g_assert_true (g_error_matches (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_UNSUPPORTED) ||
                 g_error_matches (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_CORRUPT));
  g_assert_true (g_str_has_prefix (error->message, "IMG_0001.HEIC: "));
  if (error->code == ADUAN_PHOTO_ERROR_UNSUPPORTED)
    g_assert_nonnull (strstr (error->message, "HEIC"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  import = import_bytes (fixture, "report.pdf", text, &error);
  g_assert_null (import);
  g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_UNSUPPORTED);
  g_assert_true (g_str_has_prefix (error->message, "report.pdf: "));
  g_assert_cmpuint (count_stored (fixture), ==, 0);
}

/* A 0-byte file, a missing one and a folder each give a clear error that
 * names the file. */
static void
test_bad_files (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *missing = g_build_filename (fixture->input_dir, "gone.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;

  import = import_bytes (fixture, "empty.jpg", empty, &error);
  g_assert_null (import);
  g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_EMPTY);
  g_assert_true (g_str_has_prefix (error->message, "empty.jpg: "));
  g_clear_error (&error);

  import = import_path (fixture, missing, &error);
  g_assert_null (import);
  g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "gone.jpg: "));
  g_clear_error (&error);

  import = import_path (fixture, fixture->input_dir, &error);
  g_assert_null (import);
  g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_UNREADABLE);
  g_clear_error (&error);

  {
    g_autoptr(GBytes) empty_png = g_bytes_new_static ("", 0);
    g_autoptr(AduanPhotoImport) from_bytes =
      aduan_photo_pipeline_process_bytes (fixture->pipeline, empty_png, "Pasted image", NULL, &error);

    g_assert_null (from_bytes);
    g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_EMPTY);
  }

  g_assert_cmpuint (count_stored (fixture), ==, 0);
}

/* A JPEG cut short (an interrupted copy) is refused as incomplete; with
 * allow-damaged it is kept, grey at the bottom, and flagged. */
static void
test_truncated (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree guint8 *rgb = fixture_photo_like (1200, 900, 8);
  g_autoptr(GBytes) jpeg = fixture_encode_jpeg (rgb, 1200, 900, 90, FALSE);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) * 6 / 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;

  import = import_bytes (fixture, "cut.jpg", cut, &error);
  g_assert_null (import);
  g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TRUNCATED);
  g_assert_true (g_str_has_prefix (error->message, "cut.jpg: "));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (count_stored (fixture), ==, 0);

  aduan_photo_pipeline_set_allow_damaged (fixture->pipeline, TRUE);
  import = import_bytes (fixture, "cut.jpg", cut, &error);
  g_assert_no_error (error);
  g_assert_nonnull (import->warning);
  g_assert_true (import->stored);

  /* Cut inside the headers, before any image data. */
  {
    g_autoptr(GBytes) head = g_bytes_new_from_bytes (jpeg, 0, 300);
    g_autoptr(AduanPhotoImport) none = import_bytes (fixture, "head.jpg", head, &error);

    g_assert_null (none);
    g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TRUNCATED);
  }
}

static GBytes *
header_only_jpeg (guint8 sof,
                  guint  width,
                  guint  height)
{
  static const guint8 soi[] = { 0xFF, 0xD8 };
  guint8 frame[] = { 8, height >> 8, height & 0xFF, width >> 8, width & 0xFF, 3,
                     1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 };
  g_autoptr(GBytes) start = g_bytes_new_static (soi, sizeof soi);
  g_autoptr(GBytes) segment = fixture_segment (sof, frame, sizeof frame);

  return fixture_concat (start, segment, NULL);
}

/* PNG's chunk checksum (CRC-32), so a hand-made header is accepted. */
static guint32
png_crc (const guint8 *data,
         gsize         length)
{
  guint32 crc = 0xFFFFFFFF;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (guint bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xEDB88320 & -(crc & 1));
    }

  return crc ^ 0xFFFFFFFF;
}

static GBytes *
png_chunk (const char   *type,
           const guint8 *data,
           gsize         length)
{
  GByteArray *chunk = g_byte_array_new ();
  guint8 be[4] = { length >> 24, (length >> 16) & 0xFF, (length >> 8) & 0xFF, length & 0xFF };
  guint32 crc;

  g_byte_array_append (chunk, be, 4);
  g_byte_array_append (chunk, (const guint8 *) type, 4);
  if (length > 0)
    g_byte_array_append (chunk, data, (guint) length);
  crc = png_crc (chunk->data + 4, length + 4);
  be[0] = crc >> 24, be[1] = (crc >> 16) & 0xFF, be[2] = (crc >> 8) & 0xFF, be[3] = crc & 0xFF;
  g_byte_array_append (chunk, be, 4);

  return g_byte_array_free_to_bytes (chunk);
}

/* A 200-megapixel JPEG is refused from its frame header alone, and a
 * progressive one that would need more than the memory limit for its
 * coefficients is refused too, though it has fewer pixels than the cap. */
static void
test_too_large (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GBytes) huge = header_only_jpeg (0xC0, 20000, 10000);
  g_autoptr(GBytes) progressive = header_only_jpeg (0xC2, 8000, 6000);
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;

  import = import_bytes (fixture, "200mp.jpg", huge, &error);
  g_assert_null (import);
  g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "20000 × 10000"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  import = import_bytes (fixture, "progressive-48mp.jpg", progressive, &error);
  g_assert_null (import);
  g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "MB"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* The same check for gdk-pixbuf formats, before the loader allocates:
   * a PNG whose header claims 20000 × 10000 (libpng reports the size
   * when the first data chunk comes). */
  {
    static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    static const guint8 ihdr[] = { 0, 0, 0x4e, 0x20, 0, 0, 0x27, 0x10, 8, 6, 0, 0, 0 };
    static const guint8 idat[] = { 0x78, 0x9c, 0x63, 0x60, 0x18, 0x05, 0, 0, 0, 0 };
    g_autoptr(GBytes) head = g_bytes_new_static (signature, sizeof signature);
    g_autoptr(GBytes) header = png_chunk ("IHDR", ihdr, sizeof ihdr);
    g_autoptr(GBytes) data = png_chunk ("IDAT", idat, sizeof idat);
    g_autoptr(GBytes) end = png_chunk ("IEND", NULL, 0);
    g_autoptr(GBytes) png = fixture_concat (head, header, data, end, NULL);

    import = import_bytes (fixture, "huge.png", png, &error);
    g_assert_null (import);
    g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
  }

  g_assert_cmpuint (count_stored (fixture), ==, 0);
}

/* Garbage after the JPEG signature is refused as damaged, and no
 * mutation of a valid JPEG (flipped bytes, cuts, marker damage) crashes
 * the pipeline: each gives a photo or a photo error. */
static void
test_corrupt_fuzz (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree guint8 *rgb = fixture_photo_like (160, 120, 9);
  g_autoptr(GBytes) jpeg = fixture_encode_jpeg (rgb, 160, 120, 85, FALSE);
  g_autoptr(GBytes) progressive = fixture_encode_jpeg (rgb, 160, 120, 85, TRUE);
  static const guint8 garbage[] = { 0xFF, 0xD8, 0xFF, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc };
  g_autoptr(GBytes) bad = g_bytes_new_static (garbage, sizeof garbage);
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanPhotoImport) import = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint ok = 0, refused = 0, warned = 0;

  import = aduan_photo_pipeline_process_bytes (fixture->pipeline, bad, "bad.jpg", NULL, &error);
  g_assert_null (import);
  g_assert_true (error->domain == ADUAN_PHOTO_ERROR);
  g_assert_true (g_str_has_prefix (error->message, "bad.jpg: "));
  g_clear_error (&error);

  aduan_photo_pipeline_set_allow_damaged (fixture->pipeline, TRUE);
  for (guint round = 0; round < 400; round++)
    {
      GBytes *source = round % 2 == 0 ? jpeg : progressive;
      gsize length = g_bytes_get_size (source);
      g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (source, NULL), length);
      g_autoptr(GBytes) mutated = NULL;
      g_autoptr(AduanPhotoImport) result = NULL;
      guint flips = 1 + g_rand_int_range (rand, 0, 8);

      for (guint f = 0; f < flips; f++)
        copy[g_rand_int_range (rand, 2, (gint32) length)] = (guint8) g_rand_int (rand);
      if (round % 5 == 0)
        length = g_rand_int_range (rand, 3, (gint32) length);

      mutated = g_bytes_new (copy, length);
      result = aduan_photo_pipeline_process_bytes (fixture->pipeline, mutated, "fuzz.jpg", NULL, &error);
      if (result != NULL)
        {
          ok++;
          if (result->warning != NULL)
            warned++;
          g_assert_false (fixture_has_metadata (result->jpeg));
        }
      else
        {
          g_assert_true (error->domain == ADUAN_PHOTO_ERROR);
          g_assert_true (g_str_has_prefix (error->message, "fuzz.jpg: "));
          refused++;
          g_clear_error (&error);
        }
    }

  g_test_message ("fuzz: %u decoded (%u with a warning), %u refused", ok, warned, refused);
  g_assert_cmpuint (ok + refused, ==, 400);
}

/* The same photo imported twice is stored once, under the SHA-256 of its
 * bytes, with its thumbnail, and no temporary file is left. */
static void
test_store_layout (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree guint8 *rgb = fixture_photo_like (1000, 800, 10);
  g_autoptr(GBytes) jpeg = fixture_encode_jpeg (rgb, 1000, 800, 90, FALSE);
  g_autoptr(AduanPhotoImport) first = NULL;
  g_autoptr(AduanPhotoImport) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GPtrArray) thumbs = NULL;
  g_autofree char *path = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  GStatBuf buf;

  first = import_bytes (fixture, "a.jpg", jpeg, &error);
  g_assert_no_error (error);
  second = import_bytes (fixture, "b.jpg", jpeg, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->ref->sha256, ==, second->ref->sha256);
  g_assert_true (first->stored);

  path = aduan_photo_store_get_path (fixture->store, first->ref->sha256);
  hash = aduan_test_hash_file (path);
  g_assert_cmpstr (hash, ==, first->ref->sha256);
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_size, ==, first->ref->size);

  name = g_strconcat (first->ref->sha256, ".jpg", NULL);
  photos = list_store (fixture, NULL);
  thumbs = list_store (fixture, "thumbs");
  g_assert_cmpuint (photos->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (photos, 0), ==, name);
  g_assert_cmpuint (thumbs->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (thumbs, 0), ==, name);
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *result;
  GError    *error;
  guint      ticks;
  gint64     last_tick;
  gint64     longest_gap;
  gboolean   running;
  GArray    *progress;   /* (element-type guint) */
} Batch;

static gboolean
tick_cb (gpointer user_data)
{
  Batch *batch = user_data;
  gint64 now = g_get_monotonic_time ();

  if (batch->running)
    {
      batch->ticks++;
      batch->longest_gap = MAX (batch->longest_gap, now - batch->last_tick);
    }
  batch->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Batch *batch = user_data;

  g_assert_cmpuint (done, <=, total);
  g_array_append_val (batch->progress, done);
}

static void
batch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Batch *batch = user_data;

  batch->result = aduan_photo_pipeline_import_many_finish (ADUAN_PHOTO_PIPELINE (source), result, &batch->error);
  batch->running = FALSE;
  g_main_loop_quit (batch->loop);
}

static GPtrArray *
make_files (Fixture *fixture,
            guint    n,
            guint    width,
            guint    height)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree guint8 *rgb = fixture_photo_like (width, height, 100 + i);
      g_autoptr(GBytes) jpeg = fixture_encode_jpeg (rgb, width, height, 90, FALSE);
      g_autofree char *name = g_strdup_printf ("photo-%02u.jpg", i);
      g_autofree char *path = fixture_write (fixture->input_dir, name, jpeg);

      g_ptr_array_add (files, g_file_new_for_path (path));
    }

  return files;
}

static void
run_batch (Fixture      *fixture,
           GPtrArray    *files,
           GCancellable *cancellable,
           Batch        *batch)
{
  guint tick;

  batch->loop = g_main_loop_new (NULL, FALSE);
  batch->progress = g_array_new (FALSE, FALSE, sizeof (guint));
  batch->running = TRUE;
  batch->last_tick = g_get_monotonic_time ();
  tick = g_timeout_add (10, tick_cb, batch);

  aduan_photo_pipeline_import_many_async (fixture->pipeline, (GFile * const *) files->pdata, files->len,
                                          progress_cb, batch, NULL, cancellable, batch_done_cb, batch);
  g_main_loop_run (batch->loop);

  g_source_remove (tick);
  g_main_loop_unref (batch->loop);
}

/* Ten 6-megapixel photos are processed in worker threads while the main
 * loop keeps running: a 10 ms timeout keeps firing throughout, progress
 * arrives on the main loop for each photo, and the results come back in
 * the order given. */
static void
test_async_responsive (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) files = make_files (fixture, 10, 3000, 2000);
  Batch batch = { 0 };

  run_batch (fixture, files, NULL, &batch);

  g_assert_no_error (batch.error);
  g_assert_nonnull (batch.result);
  g_assert_cmpuint (batch.result->len, ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      AduanPhotoImport *import = g_ptr_array_index (batch.result, i);
      g_autofree char *expected = g_strdup_printf ("photo-%02u.jpg", i);

      g_assert_cmpstr (import->source_name, ==, expected);
      g_assert_true (import->stored);
      g_assert_true (aduan_photo_store_contains (fixture->store, import->ref->sha256));
    }

  g_assert_cmpuint (batch.progress->len, ==, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (g_array_index (batch.progress, guint, i), ==, i + 1);

  g_test_message ("main loop ticked %u times; longest gap %" G_GINT64_FORMAT " ms",
                  batch.ticks, batch.longest_gap / 1000);
  g_assert_cmpuint (batch.ticks, >=, 5);
  /* Generous, for loaded CI machines and sanitizers: a blocked main loop
   * would show the whole batch's time here. */
  g_assert_cmpint (batch.longest_gap, <, 500 * 1000);

  g_ptr_array_unref (batch.result);
  g_array_unref (batch.progress);
}

/* One bad photo among good ones fails the whole batch with an error
 * naming it, and nothing is stored; more than ten fail before reading. */
static void
test_async_all_or_nothing (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GPtrArray) files = make_files (fixture, 4, 1200, 900);
  g_autoptr(GPtrArray) eleven = make_files (fixture, 11, 64, 48);
  g_autoptr(GBytes) cut = NULL;
  g_autofree char *bad_path = NULL;
  Batch batch = { 0 };
  Batch too_many = { 0 };

  {
    g_autofree char *first = g_file_get_path (g_ptr_array_index (files, 0));
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_file_get_contents (first, &contents, &length, NULL);
    cut = g_bytes_new (contents, length / 2);
    bad_path = fixture_write (fixture->input_dir, "broken.jpg", cut);
    g_ptr_array_insert (files, 2, g_file_new_for_path (bad_path));
  }

  run_batch (fixture, files, NULL, &batch);
  g_assert_null (batch.result);
  g_assert_error (batch.error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TRUNCATED);
  g_assert_true (g_str_has_prefix (batch.error->message, "broken.jpg: "));
  g_assert_cmpuint (count_stored (fixture), ==, 0);
  g_clear_error (&batch.error);
  g_array_unref (batch.progress);

  run_batch (fixture, eleven, NULL, &too_many);
  g_assert_null (too_many.result);
  g_assert_error (too_many.error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_MANY);
  g_assert_cmpuint (too_many.progress->len, ==, 0);
  g_assert_cmpuint (count_stored (fixture), ==, 0);
  g_clear_error (&too_many.error);
  g_array_unref (too_many.progress);
}

/* Cancelling a batch stops it with G_IO_ERROR_CANCELLED and stores
 * nothing. */
static void
test_async_cancel (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) files = make_files (fixture, 6, 2000, 1500);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Batch batch = { 0 };

  g_cancellable_cancel (cancellable);
  run_batch (fixture, files, cancellable, &batch);
  g_assert_null (batch.result);
  g_assert_error (batch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_stored (fixture), ==, 0);
  g_clear_error (&batch.error);
  g_array_unref (batch.progress);
}

typedef struct
{
  GMainLoop        *loop;
  AduanPhotoImport *import;
  GError           *error;
} Single;

static void
single_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Single *single = user_data;

  single->import = aduan_photo_pipeline_import_finish (ADUAN_PHOTO_PIPELINE (source), result, &single->error);
  g_main_loop_quit (single->loop);
}

/* Pasted bytes (a PNG) are imported asynchronously like a file. */
static void
test_async_bytes (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree guint8 *rgb = fixture_photo_like (640, 480, 11);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_data (rgb, GDK_COLORSPACE_RGB, FALSE, 8, 640, 480, 640 * 3,
                                                          NULL, NULL);
  g_autoptr(GBytes) png = save_pixbuf (pixbuf, "png");
  Single single = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  aduan_photo_pipeline_import_bytes_async (fixture->pipeline, png, "Pasted image", NULL, single_done_cb, &single);
  g_main_loop_run (single.loop);
  g_assert_no_error (single.error);
  g_assert_true (single.import->stored);
  g_assert_cmpstr (single.import->source_name, ==, "Pasted image");
  g_assert_cmpuint (count_stored (fixture), ==, 1);

  aduan_photo_import_free (single.import);
  g_main_loop_unref (single.loop);
}

/* A file removed just as its import starts gives either the photo (it
 * was already open) or "does not exist", never a crash or a temporary
 * file left in the store. */
static void
test_vanishing_file (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree guint8 *rgb = fixture_photo_like (2000, 1500, 12);
  g_autoptr(GBytes) jpeg = fixture_encode_jpeg (rgb, 2000, 1500, 90, FALSE);
  guint imported = 0, vanished = 0;

  for (guint round = 0; round < 20; round++)
    {
      g_autofree char *path = fixture_write (fixture->input_dir, "vanishing.jpg", jpeg);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      Single single = { g_main_loop_new (NULL, FALSE), NULL, NULL };

      aduan_photo_pipeline_import_async (fixture->pipeline, file, NULL, single_done_cb, &single);
      if (round % 4 != 0)
        g_usleep (round * 150);
      g_assert_cmpint (g_unlink (path), ==, 0);
      g_main_loop_run (single.loop);

      if (single.import != NULL)
        imported++;
      else
        {
          g_assert_error (single.error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_NOT_FOUND);
          g_assert_true (g_str_has_prefix (single.error->message, "vanishing.jpg: "));
          vanished++;
        }

      g_clear_pointer (&single.import, aduan_photo_import_free);
      g_clear_error (&single.error);
      g_main_loop_unref (single.loop);
    }

  g_test_message ("%u imported before the file went, %u found it gone", imported, vanished);
  g_assert_cmpuint (count_stored (fixture), <=, 1);
  {
    g_autoptr(GPtrArray) names = list_store (fixture, NULL);

    for (guint i = 0; i < names->len; i++)
      g_assert_false (g_str_has_prefix (g_ptr_array_index (names, i), ".tmp"));
  }
}

/* A photo's position and time fill a complaint that has none, as
 * "photo"; what the complaint already has is kept. */
static void
test_fill_complaint (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) empty = aduan_complaint_new ();
  g_autoptr(AduanComplaint) located = aduan_test_make_complaint (1);
  AduanPhotoImport import = { 0 };
  AduanPhotoFill filled;

  import.has_location = TRUE;
  import.latitude = -7.63;
  import.longitude = 111.52;
  import.accuracy_m = 8;
  import.location_time = g_get_real_time () - G_USEC_PER_SEC;
  import.taken_at = g_get_real_time () - 2 * G_USEC_PER_SEC;

  filled = aduan_photo_import_fill_complaint (&import, empty);
  g_assert_cmpint (filled, ==, ADUAN_PHOTO_FILL_LOCATION | ADUAN_PHOTO_FILL_TIME);
  g_assert_true (empty->has_location);
  g_assert_cmpint (empty->location_source, ==, ADUAN_LOCATION_SOURCE_PHOTO);
  g_assert_cmpfloat (empty->latitude, ==, -7.63);
  g_assert_cmpint (empty->location_time, ==, import.location_time);
  g_assert_cmpint (empty->occurred_at, ==, import.taken_at);

  located->occurred_at = 1000;
  filled = aduan_photo_import_fill_complaint (&import, located);
  g_assert_cmpint (filled, ==, ADUAN_PHOTO_FILL_NONE);
  g_assert_cmpint (located->location_source, ==, ADUAN_LOCATION_SOURCE_GPS);
  g_assert_cmpint (located->occurred_at, ==, 1000);

  /* A camera clock set in the future is not believed. */
  {
    g_autoptr(AduanComplaint) other = aduan_complaint_new ();

    import.has_location = FALSE;
    import.taken_at = g_get_real_time () + G_TIME_SPAN_DAY;
    g_assert_cmpint (aduan_photo_import_fill_complaint (&import, other), ==, ADUAN_PHOTO_FILL_NONE);
  }
}

/* The count check refuses an eleventh photo, and the maximum can be set
 * lower. */
static void
test_count (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (aduan_photo_pipeline_get_max_photos (fixture->pipeline), ==, 10);
  g_assert_true (aduan_photo_pipeline_check_count (fixture->pipeline, 7, 3, &error));
  g_assert_no_error (error);
  g_assert_false (aduan_photo_pipeline_check_count (fixture->pipeline, 8, 3, &error));
  g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_MANY);
  g_clear_error (&error);

  aduan_photo_pipeline_set_max_photos (fixture->pipeline, 3);
  g_assert_false (aduan_photo_pipeline_check_count (fixture->pipeline, 0, 4, &error));
  g_assert_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_MANY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint orientation = 1; orientation <= 8; orientation++)
    {
      g_autofree char *path = g_strdup_printf ("/core/photo/orientation/%u", orientation);

      g_test_add (path, Fixture, GUINT_TO_POINTER (orientation), fixture_set_up, test_orientation, fixture_tear_down);
    }
  g_test_add ("/core/photo/orientation/resized", Fixture, NULL, fixture_set_up, test_orientation_resized, fixture_tear_down);
  g_test_add ("/core/photo/scale/long-edge", Fixture, NULL, fixture_set_up, test_scale_long_edge, fixture_tear_down);
  g_test_add ("/core/photo/scale/brightness", Fixture, NULL, fixture_set_up, test_scale_keeps_brightness, fixture_tear_down);
  g_test_add ("/core/photo/metadata/stripped", Fixture, NULL, fixture_set_up, test_metadata_stripped, fixture_tear_down);
  g_test_add ("/core/photo/exif/position-and-time", Fixture, NULL, fixture_set_up, test_exif_position_and_time, fixture_tear_down);
  g_test_add ("/core/photo/exif/local-time", Fixture, NULL, fixture_set_up, test_exif_local_time, fixture_tear_down);
  g_test_add ("/core/photo/exif/untrusted", Fixture, NULL, fixture_set_up, test_exif_untrusted, fixture_tear_down);
  g_test_add ("/core/photo/format/png", Fixture, NULL, fixture_set_up, test_format_png, fixture_tear_down);
  g_test_add ("/core/photo/format/webp", Fixture, NULL, fixture_set_up, test_format_webp, fixture_tear_down);
  g_test_add ("/core/photo/format/refused", Fixture, NULL, fixture_set_up, test_format_refused, fixture_tear_down);
  g_test_add ("/core/photo/bad/files", Fixture, NULL, fixture_set_up, test_bad_files, fixture_tear_down);
  g_test_add ("/core/photo/bad/truncated", Fixture, NULL, fixture_set_up, test_truncated, fixture_tear_down);
  g_test_add ("/core/photo/bad/too-large", Fixture, NULL, fixture_set_up, test_too_large, fixture_tear_down);
  g_test_add ("/core/photo/bad/corrupt-fuzz", Fixture, NULL, fixture_set_up, test_corrupt_fuzz, fixture_tear_down);
  g_test_add ("/core/photo/bad/vanishing", Fixture, NULL, fixture_set_up, test_vanishing_file, fixture_tear_down);
  g_test_add ("/core/photo/store/layout", Fixture, NULL, fixture_set_up, test_store_layout, fixture_tear_down);
  g_test_add ("/core/photo/async/responsive", Fixture, NULL, fixture_set_up, test_async_responsive, fixture_tear_down);
  g_test_add ("/core/photo/async/all-or-nothing", Fixture, NULL, fixture_set_up, test_async_all_or_nothing, fixture_tear_down);
  g_test_add ("/core/photo/async/cancel", Fixture, NULL, fixture_set_up, test_async_cancel, fixture_tear_down);
  g_test_add ("/core/photo/async/bytes", Fixture, NULL, fixture_set_up, test_async_bytes, fixture_tear_down);
  g_test_add ("/core/photo/fill-complaint", Fixture, NULL, fixture_set_up, test_fill_complaint, fixture_tear_down);
  g_test_add ("/core/photo/count", Fixture, NULL, fixture_set_up, test_count, fixture_tear_down);

  return g_test_run ();
}
