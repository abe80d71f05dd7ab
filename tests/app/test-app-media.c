/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "aduan-app-runner.h"
#include "aduan-store.h"
#include "aduan-test-util.h"
#include "photo-fixtures.h"

/*
 * Photos, the webcam, location and maps in the officer's window: the real
 * app under Xvfb, driven by a script (src/app/aduan-test-script.c), then
 * the store and the photo folder read without it.
 */

#define PLACE_LATITUDE  -7.6298
#define PLACE_LONGITUDE 111.5239

static char *
write_photo (const char *dir,
             const char *name,
             guint32     seed,
             gboolean    with_gps)
{
  g_autofree guint8 *rgb = fixture_photo_like (1600, 1200, seed);
  g_autoptr(GBytes) jpeg = NULL;

  /* A band of its own colour, so no two photos are alike once shrunk. */
  for (guint row = 0; row < 200; row++)
    for (guint col = 0; col < 1600; col++)
      {
        guint8 *p = rgb + (row * 1600 + col) * 3;

        p[0] = (seed * 37) & 0xff;
        p[1] = (seed * 91) & 0xff;
        p[2] = (seed * 53) & 0xff;
      }
  jpeg = fixture_encode_jpeg (rgb, 1600, 1200, 90, FALSE);

  if (with_gps)
    {
      FixtureExif spec = FIXTURE_EXIF_INIT;
      g_autoptr(GBytes) exif = NULL;
      g_autoptr(GBytes) with_exif = NULL;

      spec.gps = TRUE;
      spec.latitude_ref = 'S';
      spec.latitude = -PLACE_LATITUDE;
      spec.longitude_ref = 'E';
      spec.longitude = PLACE_LONGITUDE;
      spec.h_error_m = 8;
      spec.date_time_original = "2026:11:20 09:30:00";
      spec.offset_time_original = "+07:00";
      exif = fixture_exif_segment (&spec);
      with_exif = fixture_insert_after_soi (jpeg, exif);
      return fixture_write (dir, name, with_exif);
    }

  return fixture_write (dir, name, jpeg);
}

/* From the PNG's header: the window's width when it was photographed. */
static guint
png_width (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const guint8 *header;

  aduan_app_runner_assert_png (path);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 24);
  header = (const guint8 *) contents;

  return (guint) header[16] << 24 | (guint) header[17] << 16 | (guint) header[18] << 8 | header[19];
}

/* Photos a complaint keeps, not counting thumbnails or temporary files. */
static guint
count_stored_photos (const char *data_dir)
{
  g_autofree char *folder = g_build_filename (data_dir, "photos", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_assert_true (g_str_has_suffix (name, ".jpg"));
          g_assert_cmpuint (strlen (name), ==, 64 + 4);
          n++;
        }
    }

  return n;
}

/* A photo from the file chooser is attached with its thumbnail; its EXIF
 * position and time are offered and taken; a cut-off file, an empty one,
 * a HEIC and one too large dropped on the form each get a message in
 * plain words, and leave nothing behind; one pasted from the clipboard is attached; ten at once fill the
 * form up to the limit while the form goes on taking typing. */
static void
test_photos (void)
{
  g_autofree char *root = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *input = NULL;
  g_autofree char *good = NULL;
  g_autofree char *corrupt = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *heic = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *pasted = NULL;
  g_autoptr(GString) many = g_string_new (NULL);
  g_autofree char *png = aduan_app_runner_screenshot_path ("aduan-photos.png");
  g_autofree char *full_png = aduan_app_runner_screenshot_path ("photos-full.png");
  g_autofree char *offer_png = aduan_app_runner_screenshot_path ("photos-offer.png");
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AduanAppRun) run = { 0 };

  if (aduan_app_runner_skip ())
    return;

  root = aduan_test_make_temp_dir ("ui-photos");
  data_dir = g_build_filename (root, "data", NULL);
  input = g_build_filename (root, "input", NULL);
  g_assert_cmpint (g_mkdir_with_parents (input, 0700), ==, 0);

  good = write_photo (input, "street-light.jpg", 1, TRUE);
  pasted = write_photo (input, "pasted.jpg", 2, FALSE);
  {
    static const guint8 heic_head[] = { 0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0,
                                        'm', 'i', 'f', '1', 'h', 'e', 'i', 'c' };
    g_autofree guint8 *rgb = fixture_photo_like (640, 480, 3);
    g_autoptr(GBytes) jpeg = fixture_encode_jpeg (rgb, 640, 480, 90, FALSE);
    /* Cut off in the middle, as a copy that did not finish. */
    g_autoptr(GBytes) cut = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
    g_autoptr(GByteArray) heic_data = g_byte_array_new ();
    g_autoptr(GBytes) heic_bytes = NULL;

    corrupt = fixture_write (input, "broken.jpg", cut);
    g_byte_array_append (heic_data, heic_head, sizeof heic_head);
    for (guint i = 0; i < 4000; i++)
      g_byte_array_append (heic_data, (const guint8 *) &i, 1);
    heic_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&heic_data));
    heic = fixture_write (input, "IMG_0001.HEIC", heic_bytes);
  }
  /* 2 GB that take no room: a sparse file with a JPEG's first bytes. */
  huge = g_build_filename (input, "huge.jpg", NULL);
  g_file_set_contents (huge, "\xff\xd8\xff\xe0", 4, &error);
  g_assert_no_error (error);
  g_assert_cmpint (truncate (huge, (off_t) 2 << 30), ==, 0);
  empty = g_build_filename (input, "empty.jpg", NULL);
  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("many-%u.jpg", i);
      g_autofree char *path = write_photo (input, name, 100 + i, FALSE);

      g_string_append_printf (many, " %s", path);
    }

  script = g_strdup_printf (
    "resize 1280 760\n"
    "action-on photo_strip photos.add-files\n"
    "choose-files %s\n"
    "expect-text count_label \"1 of 10 photos\"\n"
    "expect-visible offer_button\n"
    "scroll-to photo_strip\n"
    "wait 300\n"
    "snapshot %s\n"
    "activate offer_button\n"
    "expect-text latitude_entry -7.6298\n"
    "expect-text occurred_date_entry 2026-11-20\n"
    "drop-files form %s %s %s %s\n"
    "expect-label errors_box \"broken.jpg: \"\n"
    "expect-label errors_box \"empty.jpg: the file is empty\"\n"
    "expect-label errors_box \"IMG_0001.HEIC: \"\n"
    "expect-label errors_box \"huge.jpg: the file is too large\"\n"
    "expect-text count_label \"1 of 10 photos\"\n"
    "clipboard-files %s\n"
    "action-on photo_strip photos.paste\n"
    "expect-text count_label \"2 of 10 photos\"\n"
    "set title_entry \"Street light broken near the market\"\n"
    "scroll-to photo_strip\n"
    "wait 200\n"
    "snapshot %s\n"
    "drop-files form%s\n"
    "type title_entry \"Typed while ten photos are prepared\"\n"
    "expect-text title_entry \"Typed while ten photos are prepared\"\n"
    "expect-label errors_box \"10\"\n"
    "expect-text count_label \"10 of 10 photos\"\n"
    "snapshot %s\n"
    "quit\n",
    good, offer_png, corrupt, empty, heic, huge, pasted, png, many->str, full_png);

  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (png);
  aduan_app_runner_assert_png (full_png);
  aduan_app_runner_assert_png (offer_png);

  /* Ten good photos kept, nothing of the broken and the empty one. */
  g_assert_cmpuint (count_stored_photos (data_dir), ==, 10);
}

/* "Camera…" shows the webcam's picture (videotestsrc here) and "Take the
 * Photo" attaches it. */
static void
test_webcam (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("ui-webcam");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *png = aduan_app_runner_screenshot_path ("webcam.png");
  g_autofree char *after_png = aduan_app_runner_screenshot_path ("webcam-attached.png");
  g_autofree char *script = NULL;
  g_auto(AduanAppRun) run = { 0 };

  if (aduan_app_runner_skip ())
    return;

  script = g_strdup_printf (
    "setting webcam-source \"'videotestsrc pattern=smpte'\"\n"
    "action-on photo_strip photos.take-photo\n"
    "expect-sensitive capture_button\n"
    "expect-visible preview\n"
    "snapshot-of capture_button %s\n"
    "activate capture_button\n"
    "expect-text count_label \"1 of 10 photos\"\n"
    "focus photo_strip\n"
    "snapshot %s\n"
    "quit\n",
    png, after_png);

  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (png);
  aduan_app_runner_assert_png (after_png);
  g_assert_cmpuint (count_stored_photos (data_dir), ==, 1);
}

/* "Get Location" from the fixed source fills the coordinates and says
 * where they came from, and warns that 120 m is worse than 50 m. */
static void
test_location_fixed (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("ui-location");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *png = aduan_app_runner_screenshot_path ("aduan-location.png");
  g_autofree char *narrow_png = aduan_app_runner_screenshot_path ("location-narrow.png");
  g_autofree char *script = NULL;
  g_auto(AduanAppRun) run = { 0 };

  if (aduan_app_runner_skip ())
    return;

  script = g_strdup_printf (
    "resize 1280 760\n"
    "setting location-provider \"'fixed'\"\n"
    "setting fixed-location \"just (-7.6298, 111.5239, 120.0)\"\n"
    "action-on location_control location.locate\n"
    "expect-text latitude_entry -7.6298\n"
    "expect-text longitude_entry 111.5239\n"
    "expect-text accuracy_entry 120\n"
    "expect-label location_control \"more than 50 m\"\n"
    "scroll-to village_picker\n"
    "wait 200\n"
    "snapshot %s\n"
    "resize 360 720\n"
    "wait 300\n"
    "action win.new-complaint\n"
    "expect-visible title_entry\n"
    "scroll-to latitude_entry\n"
    "wait 200\n"
    "expect-visible pick_on_map_button\n"
    "snapshot %s\n"
    "quit\n",
    png, narrow_png);

  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (png);
  g_assert_cmpuint (png_width (narrow_png), ==, 360);
}

/* ---------------------------------------------------------------------- */
/* Maps                                                                    */

typedef struct
{
  GSubprocess *process;
  char        *url_template;
} TileServer;

static void
tile_server_stop (TileServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;

  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->process);
}

static void
tile_server_free (TileServer *server)
{
  tile_server_stop (server);
  g_free (server->url_template);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TileServer, tile_server_free)

static void
tile_at (double latitude,
         double longitude,
         int    zoom,
         int   *out_x,
         int   *out_y)
{
  double n = pow (2.0, zoom);
  double lat = latitude * G_PI / 180.0;

  *out_x = (int) floor ((longitude + 180.0) / 360.0 * n);
  *out_y = (int) floor ((1.0 - asinh (tan (lat)) / G_PI) / 2.0 * n);
}

/* Tiles around the place, at the zoom levels the app shows it: a
 * green checker crossed by grey roads, enough to see the map is there. */
static void
write_tiles (const char *dir)
{
  for (int zoom = 16; zoom <= 17; zoom++)
    {
      int cx, cy;

      tile_at (PLACE_LATITUDE, PLACE_LONGITUDE, zoom, &cx, &cy);
      for (int x = cx - 5; x <= cx + 5; x++)
        for (int y = cy - 4; y <= cy + 4; y++)
          {
            g_autofree char *folder = g_strdup_printf ("%s/%d/%d", dir, zoom, x);
            g_autofree char *path = g_strdup_printf ("%s/%d.png", folder, y);
            g_autoptr(GdkPixbuf) tile = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 256, 256);
            g_autoptr(GError) error = NULL;
            guint8 *pixels = gdk_pixbuf_get_pixels (tile);
            int stride = gdk_pixbuf_get_rowstride (tile);
            gboolean odd = ((x + y) & 1) != 0;

            for (int row = 0; row < 256; row++)
              for (int col = 0; col < 256; col++)
                {
                  guint8 *p = pixels + row * stride + col * 3;
                  gboolean road = (row > 120 && row < 136) || (col > 120 && col < 136);

                  p[0] = road ? 0x9e : odd ? 0xa5 : 0xc8;
                  p[1] = road ? 0x9e : odd ? 0xd6 : 0xe6;
                  p[2] = road ? 0x9e : odd ? 0xa7 : 0xc9;
                }

            g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
            gdk_pixbuf_save (tile, path, "png", &error, NULL);
            g_assert_no_error (error);
          }
    }
}

/* python3 -m http.server over @dir, on a free loopback port. */
static TileServer *
tile_server_start (const char *dir)
{
  g_autoptr(TileServer) server = g_new0 (TileServer, 1);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("port ([0-9]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *line = NULL;
  g_autofree char *port = NULL;

  server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                      &error, "python3", "-u", "-m", "http.server",
                                      "--bind", "127.0.0.1", "--directory", dir, "0", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_regex_match (regex, line, 0, &match));
  port = g_match_info_fetch (match, 1);
  server->url_template = g_strdup_printf ("http://127.0.0.1:%s/{z}/{x}/{y}.png", port);

  return g_steal_pointer (&server);
}

static void
save_placed_complaint (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = aduan_store_open (data_dir, &error);
  g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (1);

  g_assert_no_error (error);
  complaint->has_location = TRUE;
  complaint->latitude = PLACE_LATITUDE;
  complaint->longitude = PLACE_LONGITUDE;
  complaint->accuracy_m = 12;
  complaint->location_source = ADUAN_LOCATION_SOURCE_GPS;
  g_assert_true (aduan_store_save (store, complaint, &error));
  g_assert_no_error (error);
}

static gboolean
has_cached_tiles (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) ? has_cached_tiles (path)
                                                 : g_str_has_suffix (name, ".png"))
        return TRUE;
    }

  return FALSE;
}

/* The detail view shows the complaint's place on a map from the tile
 * server; "Pick on the Map" puts the middle of a map into the form; with
 * the server gone, the map comes from the tiles kept on disk. */
static void
test_map (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("ui-map");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *tiles = g_build_filename (root, "tiles", NULL);
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "aduan", "map-tiles", NULL);
  g_autofree char *png = aduan_app_runner_screenshot_path ("aduan-map.png");
  g_autofree char *pick_png = aduan_app_runner_screenshot_path ("map-pick.png");
  g_autofree char *cached_png = aduan_app_runner_screenshot_path ("map-from-cache.png");
  g_autofree char *narrow_png = aduan_app_runner_screenshot_path ("map-narrow.png");
  g_autofree char *script = NULL;
  g_autofree char *url_template = NULL;
  g_autoptr(TileServer) server = NULL;
  g_auto(AduanAppRun) first = { 0 };
  g_auto(AduanAppRun) second = { 0 };

  if (aduan_app_runner_skip ())
    return;

  write_tiles (tiles);
  save_placed_complaint (data_dir);
  server = tile_server_start (tiles);
  url_template = g_strdup (server->url_template);

  script = g_strdup_printf (
    "resize 1280 760\n"
    "setting map-tile-url \"'%s'\"\n"
    "setting map-tile-attribution \"'Test tiles'\"\n"
    "setting fixed-location \"just (-7.6298, 111.5239, 10.0)\"\n"
    "action-on location_control location.pick-on-map\n"
    "expect-property pick_map_view has-tiles true\n"
    "wait 300\n"
    "snapshot-of pick_map_view %s\n"
    "activate pick_use_button\n"
    "expect-text latitude_entry -7.629\n"
    "activate-row list_view 0\n"
    "expect-visible map_view\n"
    "expect-property map_view has-tiles true\n"
    "expect-property map_view offline false\n"
    "scroll-to map_view\n"
    "wait 300\n"
    "snapshot %s\n"
    "resize 360 720\n"
    "wait 300\n"
    "expect-visible map_view\n"
    "scroll-to map_view\n"
    "wait 300\n"
    "snapshot %s\n"
    "quit\n",
    url_template, pick_png, png, narrow_png);
  aduan_app_runner_run (data_dir, script, &first);
  g_assert_cmpint (first.status, ==, 0);
  aduan_app_runner_assert_png (png);
  aduan_app_runner_assert_png (pick_png);
  /* The detail with its map still fits a phone-sized window. */
  g_assert_cmpuint (png_width (narrow_png), ==, 360);
  g_assert_true (has_cached_tiles (cache));

  /* No server any more: what was seen once is there still. */
  tile_server_stop (server);
  g_clear_pointer (&script, g_free);
  script = g_strdup_printf (
    "resize 1280 760\n"
    "setting map-tile-url \"'%s'\"\n"
    "activate-row list_view 0\n"
    "expect-visible map_view\n"
    "expect-property map_view has-tiles true\n"
    "scroll-to map_view\n"
    "wait 300\n"
    "snapshot %s\n"
    "quit\n",
    url_template, cached_png);
  aduan_app_runner_run (data_dir, script, &second);
  g_assert_cmpint (second.status, ==, 0);
  aduan_app_runner_assert_png (cached_png);
}

/* With no tile on disk and no server, the map says so in words and gives
 * the coordinates, instead of an empty grey square. */
static void
test_map_offline (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("ui-map-offline");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *tiles = g_build_filename (root, "tiles", NULL);
  g_autofree char *png = aduan_app_runner_screenshot_path ("map-offline.png");
  g_autofree char *script = NULL;
  g_autoptr(TileServer) server = NULL;
  g_auto(AduanAppRun) run = { 0 };

  if (aduan_app_runner_skip ())
    return;

  save_placed_complaint (data_dir);
  /* A port that was just free: nothing answers there now. */
  g_assert_cmpint (g_mkdir_with_parents (tiles, 0700), ==, 0);
  server = tile_server_start (tiles);
  tile_server_stop (server);

  script = g_strdup_printf (
    "resize 1280 760\n"
    "setting map-tile-url \"'%s'\"\n"
    "activate-row list_view 0\n"
    "expect-property map_view offline true\n"
    "expect-visible offline_page\n"
    "expect-text offline_page \"no connection\"\n"
    "expect-text offline_page \"-7.62980\"\n"
    "scroll-to map_view\n"
    "wait 200\n"
    "snapshot %s\n"
    "quit\n",
    server->url_template, png);
  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (png);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  aduan_app_runner_keep_system_dirs ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  aduan_app_runner_init (1366, 768);

  g_test_add_func ("/app/media/photos", test_photos);
  g_test_add_func ("/app/media/webcam", test_webcam);
  g_test_add_func ("/app/media/location-fixed", test_location_fixed);
  g_test_add_func ("/app/media/map", test_map);
  g_test_add_func ("/app/media/map-offline", test_map_offline);

  status = g_test_run ();
  aduan_app_runner_shutdown ();

  return status;
}
