/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aduan-tile-source.h"

/*
 * Map tiles for the app's maps: from the tile cache on disk when it holds
 * them, else from the tile server (by libshumate's downloader), kept in
 * the cache for the next time there is no connection. A tile the server
 * cannot give now, but the cache held (even an old one), is shown from
 * the cache. Every answer is told (AduanTileSource::tile-loaded), so the
 * map can say in words that there is nothing to show offline.
 */

/* Enough for the villages an officer visits, at street level. */
#define CACHE_SIZE_LIMIT (200 * 1000 * 1000)
/* How long a cached tile is shown without asking the server again. */
#define FRESH_DAYS 14

struct _AduanTileSource
{
  ShumateDataSource      parent_instance;

  ShumateFileCache      *cache;       /* (owned) */
  ShumateTileDownloader *downloader;  /* (owned) */
};

G_DEFINE_FINAL_TYPE (AduanTileSource, aduan_tile_source, SHUMATE_TYPE_DATA_SOURCE)

enum {
  SIGNAL_TILE_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  int     x;
  int     y;
  int     zoom;
  GBytes *cached;   /* (owned) (nullable) a stale tile to fall back on */
} TileRequest;

static void
tile_request_free (TileRequest *request)
{
  g_clear_pointer (&request->cached, g_bytes_unref);
  g_free (request);
}

static void
finish (GTask  *task,
        GBytes *bytes,
        GError *error)
{
  AduanTileSource *self = g_task_get_source_object (task);
  TileRequest *request = g_task_get_task_data (task);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* libshumate's raster renderer draws what this signal brings; the
   * async result only says the request is over. */
  if (bytes != NULL)
    g_signal_emit_by_name (self, "received-data", request->x, request->y, request->zoom, bytes);

  if (!cancelled)
    g_signal_emit (self, signals[SIGNAL_TILE_LOADED], 0, bytes != NULL);

  if (bytes != NULL)
    g_task_return_pointer (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

/* PNG, JPEG or WebP, what tile servers send. */
static gboolean
looks_like_image (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0) ||
         (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff) ||
         (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0);
}

static void
store_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A tile not kept is fetched again next time; worth a note, no more. */
  if (!shumate_file_cache_store_tile_finish (SHUMATE_FILE_CACHE (source), result, &error))
    g_debug ("A map tile was not kept in the cache: %s", error->message);
}

static void
download_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AduanTileSource *self = g_task_get_source_object (task);
  TileRequest *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result, &error);
  /* A server's error page is no tile, and never to be kept. */
  if (bytes != NULL && !looks_like_image (bytes))
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the tile server sent something that is not an image for %d/%d/%d",
                           request->zoom, request->x, request->y);
    }
  if (bytes != NULL)
    {
      shumate_file_cache_store_tile_async (self->cache, request->x, request->y, request->zoom,
                                           bytes, NULL, NULL, store_done_cb, NULL);
      finish (task, bytes, NULL);
      return;
    }

  if (request->cached != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Map tile %d/%d/%d from the cache: %s", request->zoom, request->x, request->y,
               error->message);
      g_clear_error (&error);
      finish (task, request->cached, NULL);
      return;
    }

  finish (task, NULL, error);
}

static void
cache_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AduanTileSource *self = g_task_get_source_object (task);
  TileRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = shumate_file_cache_get_tile_finish (SHUMATE_FILE_CACHE (source), &etag, &modified,
                                              result, &error);
  if (g_task_return_error_if_cancelled (task))
    return;

  /* No tile in the cache is the usual case, not a failure. */
  if (bytes == NULL && error != NULL)
    g_debug ("Map tile cache: %s", error->message);

  if (bytes != NULL && modified != NULL &&
      g_date_time_difference (now, modified) < FRESH_DAYS * G_TIME_SPAN_DAY)
    {
      finish (task, bytes, NULL);
      return;
    }

  request->cached = g_steal_pointer (&bytes);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (self->downloader),
                                           request->x, request->y, request->zoom,
                                           g_task_get_cancellable (task),
                                           download_done_cb, g_object_ref (task));
}

static void
aduan_tile_source_get_tile_data_async (ShumateDataSource   *source,
                                       int                  x,
                                       int                  y,
                                       int                  zoom_level,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  AduanTileSource *self = ADUAN_TILE_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TileRequest *request = g_new0 (TileRequest, 1);

  g_task_set_source_tag (task, aduan_tile_source_get_tile_data_async);
  request->x = x;
  request->y = y;
  request->zoom = zoom_level;
  g_task_set_task_data (task, request, (GDestroyNotify) tile_request_free);

  shumate_file_cache_get_tile_async (self->cache, x, y, zoom_level, cancellable,
                                     cache_done_cb, g_steal_pointer (&task));
}

static GBytes *
aduan_tile_source_get_tile_data_finish (ShumateDataSource  *source,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
aduan_tile_source_dispose (GObject *object)
{
  AduanTileSource *self = (AduanTileSource *) object;

  g_clear_object (&self->cache);
  g_clear_object (&self->downloader);

  G_OBJECT_CLASS (aduan_tile_source_parent_class)->dispose (object);
}

static void
aduan_tile_source_class_init (AduanTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->dispose = aduan_tile_source_dispose;
  source_class->get_tile_data_async = aduan_tile_source_get_tile_data_async;
  source_class->get_tile_data_finish = aduan_tile_source_get_tile_data_finish;

  /**
   * AduanTileSource::tile-loaded:
   * @ok: %TRUE when the tile could be given, from the cache or the server
   */
  signals[SIGNAL_TILE_LOADED] =
    g_signal_new ("tile-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
aduan_tile_source_init (AduanTileSource *self)
{
}

/**
 * aduan_tile_source_new:
 * @url_template: where tiles come from, with {z}, {x} and {y}
 *
 * The tiles of each server are kept apart, under the user's cache folder.
 */
AduanTileSource *
aduan_tile_source_new (const char *url_template)
{
  AduanTileSource *self;
  g_autofree char *cache_dir = NULL;
  g_autofree char *cache_key = NULL;

  g_return_val_if_fail (url_template != NULL, NULL);

  self = g_object_new (ADUAN_TYPE_TILE_SOURCE, NULL);
  cache_dir = g_build_filename (g_get_user_cache_dir (), "aduan", "map-tiles", NULL);
  cache_key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url_template, -1);
  cache_key[16] = '\0';
  self->cache = shumate_file_cache_new_full (CACHE_SIZE_LIMIT, cache_key, cache_dir);
  self->downloader = shumate_tile_downloader_new (url_template);

  return self;
}

/**
 * aduan_tile_source_get_cache_dir:
 *
 * Returns: where this source keeps its tiles
 */
const char *
aduan_tile_source_get_cache_dir (AduanTileSource *self)
{
  g_return_val_if_fail (ADUAN_IS_TILE_SOURCE (self), NULL);

  return shumate_file_cache_get_cache_dir (self->cache);
}
