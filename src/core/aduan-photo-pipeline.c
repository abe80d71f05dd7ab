/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "aduan-exif.h"
#include "aduan-photo-image-private.h"
#include "aduan-photo-pipeline.h"

/* At most this many photos decode at once, process-wide: each takes tens
 * of megabytes, and a form adding ten must not take ten times that. */
#define MAX_PARALLEL_PHOTOS 2

/**
 * AduanPhotoPipeline:
 *
 * Turns a photo a person chose into what a complaint keeps: decoded off
 * the main thread (libjpeg-turbo with DCT scaling for JPEG, gdk-pixbuf for
 * the other formats it can read), turned upright by its EXIF orientation,
 * shrunk to a long edge, re-encoded as a metadata-free JPEG with a
 * thumbnail, and stored by SHA-256 in an #AduanPhotoStore.
 *
 * Settings are read when an import starts; changing them does not affect
 * imports already running. Setters belong to the thread that made the
 * pipeline; the synchronous functions may be called from any thread.
 */

typedef struct
{
  guint    long_edge;
  guint    thumbnail_edge;
  guint    quality;
  guint64  max_source_pixels;
  guint64  memory_limit;
  gboolean allow_damaged;
} Settings;

struct _AduanPhotoPipeline
{
  GObject          parent_instance;

  AduanPhotoStore *store;       /* (owned) */
  GMutex           lock;        /* guards settings */
  Settings         settings;
  guint            max_photos;
};

G_DEFINE_FINAL_TYPE (AduanPhotoPipeline, aduan_photo_pipeline, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LONG_EDGE,
  PROP_THUMBNAIL_EDGE,
  PROP_QUALITY,
  PROP_MAX_PHOTOS,
  PROP_MAX_SOURCE_PIXELS,
  PROP_MEMORY_LIMIT,
  PROP_ALLOW_DAMAGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* AduanPhotoImport */

G_DEFINE_BOXED_TYPE (AduanPhotoImport, aduan_photo_import, aduan_photo_import_copy, aduan_photo_import_free)

/**
 * aduan_photo_import_copy:
 *
 * Returns: (transfer full): a copy sharing the immutable bytes
 */
AduanPhotoImport *
aduan_photo_import_copy (const AduanPhotoImport *import)
{
  AduanPhotoImport *copy;

  g_return_val_if_fail (import != NULL, NULL);

  copy = g_memdup2 (import, sizeof *import);
  copy->ref = aduan_photo_ref_copy (import->ref);
  copy->source_name = g_strdup (import->source_name);
  copy->warning = g_strdup (import->warning);
  copy->jpeg = import->jpeg != NULL ? g_bytes_ref (import->jpeg) : NULL;
  copy->thumbnail = import->thumbnail != NULL ? g_bytes_ref (import->thumbnail) : NULL;

  return copy;
}

void
aduan_photo_import_free (AduanPhotoImport *import)
{
  if (import == NULL)
    return;

  g_clear_pointer (&import->ref, aduan_photo_ref_free);
  g_free (import->source_name);
  g_free (import->warning);
  g_clear_pointer (&import->jpeg, g_bytes_unref);
  g_clear_pointer (&import->thumbnail, g_bytes_unref);
  g_free (import);
}

/**
 * aduan_photo_import_fill_complaint:
 * @import: a processed photo
 * @complaint: the complaint it belongs to
 *
 * Gives @complaint the photo's EXIF position (source "photo") when it has
 * no location, and the photo's time as the time it happened when that is
 * unknown. What is already set is never replaced: this is what the CLI
 * does on its own and what the form offers with a button.
 *
 * Returns: what was filled in
 */
AduanPhotoFill
aduan_photo_import_fill_complaint (const AduanPhotoImport *import,
                                   AduanComplaint         *complaint)
{
  AduanPhotoFill filled = ADUAN_PHOTO_FILL_NONE;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (import != NULL, ADUAN_PHOTO_FILL_NONE);
  g_return_val_if_fail (complaint != NULL, ADUAN_PHOTO_FILL_NONE);

  if (!complaint->has_location && import->has_location)
    {
      complaint->has_location = TRUE;
      complaint->latitude = import->latitude;
      complaint->longitude = import->longitude;
      complaint->accuracy_m = import->accuracy_m;
      complaint->location_source = ADUAN_LOCATION_SOURCE_PHOTO;
      complaint->location_time = import->location_time != 0 ? import->location_time : import->taken_at;
      filled |= ADUAN_PHOTO_FILL_LOCATION;
    }

  /* A camera whose clock runs ahead would make the complaint invalid. */
  if (complaint->occurred_at == 0 && import->taken_at != 0 && import->taken_at <= now)
    {
      complaint->occurred_at = import->taken_at;
      filled |= ADUAN_PHOTO_FILL_TIME;
    }

  return filled;
}

/* Reading */

static GBytes *
read_file (GFile         *file,
           const char    *name,
           guint64        max_bytes,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *buffer = NULL;
  guint8 extra;
  gsize size, got = 0;

  /* Look before opening: opening a FIFO would block until a writer came. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    goto io_error;

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_UNREADABLE,
                   _("%s: not a photo file"), name);
      return NULL;
    }
  if (g_file_info_get_size (info) <= 0)
    {
      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_EMPTY,
                   _("%s: the file is empty"), name);
      return NULL;
    }
  if ((guint64) g_file_info_get_size (info) > max_bytes)
    {
      g_autofree char *size_text = g_format_size (g_file_info_get_size (info));
      g_autofree char *limit_text = g_format_size (max_bytes);

      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE,
                   _("%s: the file is too large (%s; at most %s)"), name, size_text, limit_text);
      return NULL;
    }
  size = (gsize) g_file_info_get_size (info);

  input = g_file_read (file, cancellable, &local_error);
  if (input == NULL)
    goto io_error;

  buffer = g_try_malloc (size);
  if (buffer == NULL)
    {
      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE,
                   _("%s: not enough memory to read the file"), name);
      return NULL;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (input), buffer, size, &got, cancellable, &local_error))
    goto io_error;

  /* Shorter or longer than it said: someone is still writing it (a copy
   * from a phone in progress), or it was cut short under us. */
  if (got != size ||
      g_input_stream_read (G_INPUT_STREAM (input), &extra, 1, cancellable, NULL) != 0)
    {
      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_UNREADABLE,
                   _("%s: the file changed while it was being read; try again when it is complete"), name);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), size);

io_error:
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_NOT_FOUND,
                 _("%s: the file does not exist (any more)"), name);
  else
    g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_UNREADABLE,
                 _("%s: cannot read the file: %s"), name, local_error->message);
  return NULL;
}

/* Decoding */

typedef enum {
  FORMAT_UNKNOWN,
  FORMAT_JPEG,
  FORMAT_PNG,
  FORMAT_GIF,
  FORMAT_WEBP,
  FORMAT_BMP,
  FORMAT_TIFF,
  FORMAT_HEIF,
  FORMAT_AVIF,
} Format;

/* Only formats a photo comes in go to gdk-pixbuf: its loaders for icons,
 * cursors and vector images are no business of a complaint form, and
 * every loader is parsing untrusted input. */
static Format
sniff_format (const guint8 *d,
              gsize         n)
{
  if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
    return FORMAT_JPEG;
  if (n >= 8 && memcmp (d, "\x89PNG\r\n\x1a\n", 8) == 0)
    return FORMAT_PNG;
  if (n >= 6 && (memcmp (d, "GIF87a", 6) == 0 || memcmp (d, "GIF89a", 6) == 0))
    return FORMAT_GIF;
  if (n >= 12 && memcmp (d, "RIFF", 4) == 0 && memcmp (d + 8, "WEBP", 4) == 0)
    return FORMAT_WEBP;
  if (n >= 14 && d[0] == 'B' && d[1] == 'M')
    return FORMAT_BMP;
  if (n >= 4 && (memcmp (d, "II*\0", 4) == 0 || memcmp (d, "MM\0*", 4) == 0))
    return FORMAT_TIFF;
  if (n >= 12 && memcmp (d + 4, "ftyp", 4) == 0)
    {
      static const char * const heif_brands[] = { "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1" };

      if (memcmp (d + 8, "avif", 4) == 0 || memcmp (d + 8, "avis", 4) == 0)
        return FORMAT_AVIF;
      for (guint i = 0; i < G_N_ELEMENTS (heif_brands); i++)
        if (memcmp (d + 8, heif_brands[i], 4) == 0)
          return FORMAT_HEIF;
    }

  return FORMAT_UNKNOWN;
}

static const char *
pixbuf_type_for_format (Format format)
{
  switch (format)
    {
    case FORMAT_JPEG: return "jpeg";
    case FORMAT_PNG: return "png";
    case FORMAT_GIF: return "gif";
    case FORMAT_WEBP: return "webp";
    case FORMAT_BMP: return "bmp";
    case FORMAT_TIFF: return "tiff";
    case FORMAT_HEIF: return "heif";
    case FORMAT_AVIF: return "avif";
    case FORMAT_UNKNOWN:
    default: return NULL;
    }
}

static const char *
format_label (Format format)
{
  switch (format)
    {
    case FORMAT_JPEG: return "JPEG";
    case FORMAT_PNG: return "PNG";
    case FORMAT_GIF: return "GIF";
    case FORMAT_WEBP: return "WebP";
    case FORMAT_BMP: return "BMP";
    case FORMAT_TIFF: return "TIFF";
    case FORMAT_HEIF: return "HEIC";
    case FORMAT_AVIF: return "AVIF";
    case FORMAT_UNKNOWN:
    default: return "?";
    }
}

static void
set_too_many_pixels (GError         **error,
                     guint            width,
                     guint            height,
                     const Settings  *settings)
{
  g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE,
               _("the image is %u × %u pixels (%.0f megapixels); at most %.0f megapixels are accepted"),
               width, height, (double) width * height / 1e6, (double) settings->max_source_pixels / 1e6);
}

static void
set_over_memory (GError         **error,
                 guint64          needed,
                 const Settings  *settings)
{
  g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE,
               _("decoding this image would take %llu MB of memory; at most %llu MB are allowed"),
               (unsigned long long) (needed >> 20), (unsigned long long) (settings->memory_limit >> 20));
}

typedef struct
{
  const Settings *settings;
  gsize           file_size;
  guint           width;
  guint           height;
  gboolean        too_many_pixels;
  gboolean        over_memory;
} SizeCheck;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  SizeCheck *check = user_data;
  guint64 pixels = (guint64) MAX (width, 0) * (guint64) MAX (height, 0);

  check->width = (guint) MAX (width, 0);
  check->height = (guint) MAX (height, 0);
  check->too_many_pixels = pixels > check->settings->max_source_pixels;
  check->over_memory = pixels * 4 + check->file_size > check->settings->memory_limit;

  /* A zero size makes the loader stop before it allocates the image: the
   * same trick gdk_pixbuf_get_file_info() uses. */
  if (check->too_many_pixels || check->over_memory)
    gdk_pixbuf_loader_set_size (loader, 0, 0);
}

static GdkPixbuf *
decode_with_pixbuf (GBytes          *data,
                    Format           format,
                    const Settings  *settings,
                    GError         **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  SizeCheck check = { settings, g_bytes_get_size (data), 0, 0, FALSE, FALSE };
  gboolean written;
  gboolean closed;
  GdkPixbuf *pixbuf;

  loader = gdk_pixbuf_loader_new_with_type (pixbuf_type_for_format (format), NULL);
  if (loader == NULL && format == FORMAT_AVIF)
    loader = gdk_pixbuf_loader_new_with_type ("heif", NULL);
  if (loader == NULL)
    {
      if (format == FORMAT_HEIF || format == FORMAT_AVIF)
        g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_UNSUPPORTED,
                     _("%s photos cannot be read on this computer; set the camera to JPEG (“Most compatible”) or convert the photo"),
                     format_label (format));
      else
        g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_UNSUPPORTED,
                     _("%s images cannot be read on this computer; convert the photo to JPEG"),
                     format_label (format));
      return NULL;
    }

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &check);
  written = gdk_pixbuf_loader_write_bytes (loader, data, &local_error);
  /* Always close: a loader finalized open warns. */
  closed = gdk_pixbuf_loader_close (loader, written ? &local_error : NULL);

  if (check.too_many_pixels)
    {
      set_too_many_pixels (error, check.width, check.height, settings);
      return NULL;
    }
  if (check.over_memory)
    {
      set_over_memory (error, (guint64) check.width * check.height * 4 + check.file_size, settings);
      return NULL;
    }
  if (!written || !closed)
    {
      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_CORRUPT,
                   _("the %s image is damaged or incomplete (%s)"), format_label (format),
                   local_error != NULL ? local_error->message : "?");
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 ||
      gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB ||
      (gdk_pixbuf_get_n_channels (pixbuf) != 3 && gdk_pixbuf_get_n_channels (pixbuf) != 4))
    {
      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_CORRUPT,
                   _("the %s image holds no picture Aduan can use"), format_label (format));
      return NULL;
    }

  return g_object_ref (pixbuf);
}

static guint
pixbuf_orientation (GdkPixbuf *pixbuf)
{
  const char *option = gdk_pixbuf_get_option (pixbuf, "orientation");
  guint64 value = 1;

  if (option == NULL || !g_ascii_string_to_unsigned (option, 10, 1, 8, &value, NULL))
    return 1;

  return (guint) value;
}

/* Decodes and shrinks to the stored size, still in the file's
 * orientation, and fills in what the file says about itself. */
static AduanImage *
decode_and_scale (GBytes            *data,
                  const Settings    *settings,
                  AduanPhotoImport  *import,
                  GError           **error)
{
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (data, &length);
  Format format = sniff_format (bytes, length);
  guint out_width, out_height;

  if (format == FORMAT_JPEG)
    {
      AduanJpegHeader header;
      AduanExifInfo exif;
      g_autoptr(AduanImage) decoded = NULL;
      g_autofree char *warning = NULL;
      guint64 pixels;
      guint64 needed;

      if (!aduan_jpeg_header_parse (bytes, length, &header, error))
        return NULL;

      pixels = (guint64) header.width * header.height;
      if (header.width == 0 || header.height == 0)
        {
          g_set_error_literal (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_CORRUPT,
                               _("the JPEG header gives no image size"));
          return NULL;
        }
      if (pixels > settings->max_source_pixels)
        {
          set_too_many_pixels (error, header.width, header.height, settings);
          return NULL;
        }

      /* The file, the decoded buffer (at most the full size), and for a
       * progressive JPEG every DCT coefficient (2 bytes a sample), which
       * libjpeg keeps whatever the output scale. */
      needed = length + pixels * 3;
      if (header.progressive)
        needed += pixels * header.coefficient_samples / 4 * 2;
      if (needed > settings->memory_limit)
        {
          set_over_memory (error, needed, settings);
          return NULL;
        }

      if (!header.has_scan)
        {
          g_set_error_literal (error, ADUAN_PHOTO_ERROR,
                               header.truncated ? ADUAN_PHOTO_ERROR_TRUNCATED : ADUAN_PHOTO_ERROR_CORRUPT,
                               header.truncated ? _("the file is incomplete: it ends before the image data")
                                                : _("the JPEG holds no image data"));
          return NULL;
        }

      /* CMYK and YCCK come from print workflows, not cameras; gdk-pixbuf
       * knows Adobe's inverted CMYK, so let it convert. */
      if (header.components == 4)
        goto with_pixbuf;

      decoded = _aduan_image_decode_jpeg (bytes, length, &header, settings->long_edge, &warning, error);
      if (decoded == NULL)
        return NULL;

      if (warning != NULL && !header.has_end)
        {
          if (!settings->allow_damaged)
            {
              g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TRUNCATED,
                           _("the file is incomplete: it ends before the end of the image (%s)"), warning);
              return NULL;
            }
          import->warning = g_strdup (_("The file is incomplete; the missing part of the photo is grey."));
        }
      else if (warning != NULL)
        import->warning = g_strdup_printf (_("The photo’s data is damaged in places (%s)."), warning);

      aduan_exif_info_init (&exif);
      if (header.exif != NULL)
        aduan_exif_parse (header.exif, header.exif_length, &exif);

      import->source_width = header.width;
      import->source_height = header.height;
      import->orientation = exif.orientation;
      import->has_location = exif.has_location;
      import->latitude = exif.latitude;
      import->longitude = exif.longitude;
      import->accuracy_m = exif.accuracy_m;
      import->location_time = exif.location_time;
      import->taken_at = exif.taken_at;

      _aduan_image_fit (header.width, header.height, settings->long_edge, &out_width, &out_height);
      return _aduan_image_scale (decoded->pixels, decoded->width, decoded->height, (gsize) decoded->width * 3, 3,
                                 MIN (out_width, decoded->width), MIN (out_height, decoded->height), error);
    }

  if (format == FORMAT_UNKNOWN)
    {
      g_set_error_literal (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_UNSUPPORTED,
                           _("not a photo format Aduan can read; use JPEG or PNG"));
      return NULL;
    }

with_pixbuf:
  {
    g_autoptr(GdkPixbuf) pixbuf = decode_with_pixbuf (data, format, settings, error);
    guint width, height;

    if (pixbuf == NULL)
      return NULL;

    width = (guint) gdk_pixbuf_get_width (pixbuf);
    height = (guint) gdk_pixbuf_get_height (pixbuf);
    import->source_width = width;
    import->source_height = height;
    import->orientation = pixbuf_orientation (pixbuf);

    _aduan_image_fit (width, height, settings->long_edge, &out_width, &out_height);
    return _aduan_image_scale (gdk_pixbuf_read_pixels (pixbuf), width, height,
                               (gsize) gdk_pixbuf_get_rowstride (pixbuf),
                               (guint) gdk_pixbuf_get_n_channels (pixbuf),
                               out_width, out_height, error);
  }
}

static AduanPhotoImport *
process_bytes (const Settings  *settings,
               GBytes          *data,
               const char      *name,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autoptr(AduanPhotoImport) import = g_new0 (AduanPhotoImport, 1);
  g_autoptr(AduanImage) scaled = NULL;
  g_autoptr(AduanImage) upright = NULL;
  g_autoptr(AduanImage) thumbnail = NULL;
  g_autofree char *sha256 = NULL;
  guint thumbnail_width, thumbnail_height;

  import->source_name = g_strdup (name);
  import->accuracy_m = -1;
  import->orientation = 1;

  if (g_bytes_get_size (data) == 0)
    {
      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_EMPTY, _("%s: the file is empty"), name);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  scaled = decode_and_scale (data, settings, import, error);
  if (scaled == NULL)
    goto fail;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Turned after shrinking: fewer pixels to move. Most photos need no
   * turn, and then no copy either. */
  if (import->orientation == 1)
    upright = g_steal_pointer (&scaled);
  else
    {
      upright = _aduan_image_orient (scaled, import->orientation, error);
      if (upright == NULL)
        goto fail;
      g_clear_pointer (&scaled, _aduan_image_free);
    }

  import->width = upright->width;
  import->height = upright->height;
  import->jpeg = _aduan_image_encode_jpeg (upright, (int) settings->quality, error);
  if (import->jpeg == NULL)
    goto fail;

  _aduan_image_fit (upright->width, upright->height, settings->thumbnail_edge, &thumbnail_width, &thumbnail_height);
  thumbnail = _aduan_image_scale (upright->pixels, upright->width, upright->height, (gsize) upright->width * 3, 3,
                                  thumbnail_width, thumbnail_height, error);
  if (thumbnail == NULL)
    goto fail;
  import->thumbnail = _aduan_image_encode_jpeg (thumbnail, (int) settings->quality, error);
  if (import->thumbnail == NULL)
    goto fail;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, import->jpeg);
  import->ref = aduan_photo_ref_new (sha256, (gint64) g_bytes_get_size (import->jpeg), ADUAN_PHOTO_CONTENT_TYPE);

  return g_steal_pointer (&import);

fail:
  g_prefix_error (error, "%s: ", name);
  return NULL;
}

/* Settings */

static Settings
get_settings (AduanPhotoPipeline *self)
{
  Settings settings;

  g_mutex_lock (&self->lock);
  settings = self->settings;
  g_mutex_unlock (&self->lock);

  return settings;
}

static char *
display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    return g_filename_display_basename (path);
  if (basename != NULL)
    return g_filename_display_name (basename);
  return g_file_get_parse_name (file);
}

/**
 * aduan_photo_pipeline_new:
 * @store: where imported photos go
 *
 * Returns: (transfer full): a pipeline with the default settings: long
 *   edge 1600 px, thumbnails 256 px, JPEG quality 80, ten photos a
 *   complaint, at most 100 megapixels and 256 MB of memory a photo
 */
AduanPhotoPipeline *
aduan_photo_pipeline_new (AduanPhotoStore *store)
{
  g_return_val_if_fail (ADUAN_IS_PHOTO_STORE (store), NULL);

  return g_object_new (ADUAN_TYPE_PHOTO_PIPELINE, "store", store, NULL);
}

/**
 * aduan_photo_pipeline_get_store:
 *
 * Returns: (transfer none): where imported photos go
 */
AduanPhotoStore *
aduan_photo_pipeline_get_store (AduanPhotoPipeline *self)
{
  g_return_val_if_fail (ADUAN_IS_PHOTO_PIPELINE (self), NULL);

  return self->store;
}

/* The getters of the settings below, each the value of the property of
 * the same name: long-edge, thumbnail-edge, quality (JPEG, 1–100),
 * max-source-pixels, memory-limit (bytes) and allow-damaged. */
#define DEFINE_SETTING(type, field, prop)                                      \
  type                                                                         \
  aduan_photo_pipeline_get_##field (AduanPhotoPipeline *self)                  \
  {                                                                            \
    g_return_val_if_fail (ADUAN_IS_PHOTO_PIPELINE (self), 0);                  \
    return get_settings (self).field;                                          \
  }

DEFINE_SETTING (guint, long_edge, PROP_LONG_EDGE)
DEFINE_SETTING (guint, thumbnail_edge, PROP_THUMBNAIL_EDGE)
DEFINE_SETTING (guint, quality, PROP_QUALITY)
DEFINE_SETTING (guint64, max_source_pixels, PROP_MAX_SOURCE_PIXELS)
DEFINE_SETTING (guint64, memory_limit, PROP_MEMORY_LIMIT)
DEFINE_SETTING (gboolean, allow_damaged, PROP_ALLOW_DAMAGED)

#undef DEFINE_SETTING

static void
set_setting (AduanPhotoPipeline *self,
             guint               prop_id,
             const GValue       *value)
{
  gboolean changed = FALSE;

  g_mutex_lock (&self->lock);
  switch (prop_id)
    {
#define UPDATE(field, getter)                       \
    if (self->settings.field != getter (value))     \
      {                                             \
        self->settings.field = getter (value);      \
        changed = TRUE;                             \
      }                                             \
    break;

    case PROP_LONG_EDGE: UPDATE (long_edge, g_value_get_uint)
    case PROP_THUMBNAIL_EDGE: UPDATE (thumbnail_edge, g_value_get_uint)
    case PROP_QUALITY: UPDATE (quality, g_value_get_uint)
    case PROP_MAX_SOURCE_PIXELS: UPDATE (max_source_pixels, g_value_get_uint64)
    case PROP_MEMORY_LIMIT: UPDATE (memory_limit, g_value_get_uint64)
    case PROP_ALLOW_DAMAGED: UPDATE (allow_damaged, g_value_get_boolean)
#undef UPDATE
    default:
      g_assert_not_reached ();
    }
  g_mutex_unlock (&self->lock);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * aduan_photo_pipeline_set_long_edge:
 * @long_edge: pixels on the stored photo's longer side (64–8192); smaller
 *   photos are kept at their size, never enlarged
 */
void
aduan_photo_pipeline_set_long_edge (AduanPhotoPipeline *self,
                                    guint               long_edge)
{
  g_return_if_fail (ADUAN_IS_PHOTO_PIPELINE (self));
  g_object_set (self, "long-edge", long_edge, NULL);
}

/**
 * aduan_photo_pipeline_set_thumbnail_edge:
 * @edge: pixels on the thumbnail's longer side (16–1024)
 */
void
aduan_photo_pipeline_set_thumbnail_edge (AduanPhotoPipeline *self,
                                         guint               edge)
{
  g_return_if_fail (ADUAN_IS_PHOTO_PIPELINE (self));
  g_object_set (self, "thumbnail-edge", edge, NULL);
}

/**
 * aduan_photo_pipeline_set_quality:
 * @quality: JPEG quality, 1–100
 */
void
aduan_photo_pipeline_set_quality (AduanPhotoPipeline *self,
                                  guint               quality)
{
  g_return_if_fail (ADUAN_IS_PHOTO_PIPELINE (self));
  g_object_set (self, "quality", quality, NULL);
}

/**
 * aduan_photo_pipeline_get_max_photos:
 *
 * Returns: how many photos one complaint may hold
 */
guint
aduan_photo_pipeline_get_max_photos (AduanPhotoPipeline *self)
{
  g_return_val_if_fail (ADUAN_IS_PHOTO_PIPELINE (self), 0);

  return self->max_photos;
}

/**
 * aduan_photo_pipeline_set_max_photos:
 * @max_photos: 1 to %ADUAN_MAX_PHOTOS, which the complaint's own checks
 *   and the hub enforce
 */
void
aduan_photo_pipeline_set_max_photos (AduanPhotoPipeline *self,
                                     guint               max_photos)
{
  g_return_if_fail (ADUAN_IS_PHOTO_PIPELINE (self));
  g_object_set (self, "max-photos", max_photos, NULL);
}

/**
 * aduan_photo_pipeline_set_max_source_pixels:
 * @pixels: a photo with more pixels is refused from its header
 */
void
aduan_photo_pipeline_set_max_source_pixels (AduanPhotoPipeline *self,
                                            guint64             pixels)
{
  g_return_if_fail (ADUAN_IS_PHOTO_PIPELINE (self));
  g_object_set (self, "max-source-pixels", pixels, NULL);
}

/**
 * aduan_photo_pipeline_set_memory_limit:
 * @bytes: what decoding one photo may take, estimated from its header
 *   before decoding; also caps the size of the file read
 */
void
aduan_photo_pipeline_set_memory_limit (AduanPhotoPipeline *self,
                                       guint64             bytes)
{
  g_return_if_fail (ADUAN_IS_PHOTO_PIPELINE (self));
  g_object_set (self, "memory-limit", bytes, NULL);
}

/**
 * aduan_photo_pipeline_set_allow_damaged:
 * @allow: keep a JPEG that ends before its image does, with the missing
 *   part grey and #AduanPhotoImport.warning set, instead of refusing it
 */
void
aduan_photo_pipeline_set_allow_damaged (AduanPhotoPipeline *self,
                                        gboolean            allow)
{
  g_return_if_fail (ADUAN_IS_PHOTO_PIPELINE (self));
  g_object_set (self, "allow-damaged", allow, NULL);
}

/**
 * aduan_photo_pipeline_check_count:
 * @attached: photos the complaint holds already
 * @adding: photos about to be added
 * @error: return location for %ADUAN_PHOTO_ERROR_TOO_MANY
 *
 * Returns: %TRUE when the complaint may hold @attached + @adding photos
 */
gboolean
aduan_photo_pipeline_check_count (AduanPhotoPipeline  *self,
                                  guint                attached,
                                  guint                adding,
                                  GError             **error)
{
  g_return_val_if_fail (ADUAN_IS_PHOTO_PIPELINE (self), FALSE);

  if ((guint64) attached + adding <= self->max_photos)
    return TRUE;

  g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_MANY,
               g_dngettext (GETTEXT_PACKAGE, "A complaint can have at most %u photo",
                            "A complaint can have at most %u photos", self->max_photos),
               self->max_photos);
  return FALSE;
}

/**
 * aduan_photo_pipeline_process_bytes:
 * @data: an image file's bytes (JPEG, PNG, WebP, …), e.g. pasted or from
 *   a webcam
 * @name: what to call it in messages
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an %ADUAN_PHOTO_ERROR naming @name
 *
 * Decodes, turns upright, shrinks and encodes a photo and its thumbnail in
 * memory; nothing is written. Blocks for tens of milliseconds or more:
 * never call it on the main thread of a program with a window.
 *
 * Returns: (transfer full) (nullable): the processed photo, not stored
 */
AduanPhotoImport *
aduan_photo_pipeline_process_bytes (AduanPhotoPipeline  *self,
                                    GBytes              *data,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GError             **error)
{
  Settings settings;

  g_return_val_if_fail (ADUAN_IS_PHOTO_PIPELINE (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  settings = get_settings (self);
  return process_bytes (&settings, data, name, cancellable, error);
}

static AduanPhotoImport *
process_file (const Settings  *settings,
              GFile           *file,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autofree char *name = display_name (file);
  g_autoptr(GBytes) data = NULL;

  /* The file is at most what decoding may take. */
  data = read_file (file, name, settings->memory_limit, cancellable, error);
  if (data == NULL)
    return NULL;

  return process_bytes (settings, data, name, cancellable, error);
}

/**
 * aduan_photo_pipeline_process:
 * @file: the photo a person chose
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an %ADUAN_PHOTO_ERROR naming the file
 *
 * Reads @file and processes it like aduan_photo_pipeline_process_bytes().
 * Blocks; see aduan_photo_pipeline_import_async() for the form.
 *
 * Returns: (transfer full) (nullable): the processed photo, not stored
 */
AduanPhotoImport *
aduan_photo_pipeline_process (AduanPhotoPipeline  *self,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GError             **error)
{
  Settings settings;

  g_return_val_if_fail (ADUAN_IS_PHOTO_PIPELINE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  settings = get_settings (self);
  return process_file (&settings, file, cancellable, error);
}

/**
 * aduan_photo_pipeline_store:
 * @import: a processed photo
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an %ADUAN_ERROR about the photo folder
 *
 * Writes a processed photo and its thumbnail to the store, durably. After
 * this, and only after this, a complaint may be saved referring to it.
 * Blocks on the disk.
 *
 * Returns: %TRUE when @import is stored
 */
gboolean
aduan_photo_pipeline_store (AduanPhotoPipeline  *self,
                            AduanPhotoImport    *import,
                            GCancellable        *cancellable,
                            GError             **error)
{
  AduanPhotoRef *ref;

  g_return_val_if_fail (ADUAN_IS_PHOTO_PIPELINE (self), FALSE);
  g_return_val_if_fail (import != NULL && import->jpeg != NULL, FALSE);

  if (import->stored)
    return TRUE;

  ref = aduan_photo_store_add (self->store, import->jpeg, import->thumbnail, cancellable, error);
  if (ref == NULL)
    return FALSE;

  g_clear_pointer (&import->ref, aduan_photo_ref_free);
  import->ref = ref;
  import->stored = TRUE;
  return TRUE;
}

/**
 * aduan_photo_pipeline_import:
 * @file: the photo a person chose
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * aduan_photo_pipeline_process() then aduan_photo_pipeline_store().
 * Blocks.
 *
 * Returns: (transfer full) (nullable): the stored photo
 */
AduanPhotoImport *
aduan_photo_pipeline_import (AduanPhotoPipeline  *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_autoptr(AduanPhotoImport) import = NULL;

  import = aduan_photo_pipeline_process (self, file, cancellable, error);
  if (import == NULL || !aduan_photo_pipeline_store (self, import, cancellable, error))
    return NULL;

  return g_steal_pointer (&import);
}

/* Worker threads */

typedef struct
{
  GTask           *task;  /* (owned) */
  GTaskThreadFunc  func;
} PoolJob;

static void
pool_run (gpointer data,
          gpointer user_data)
{
  PoolJob *job = data;

  job->func (job->task, g_task_get_source_object (job->task), g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));
  /* This may drop the last reference to the pipeline, finalizing it in
   * this thread: harmless, since the pool is shared and never freed. */
  g_object_unref (job->task);
  g_free (job);
}

/* Like g_task_run_in_thread(), but on a pool of MAX_PARALLEL_PHOTOS
 * threads, so memory stays bounded however many photos are queued. The
 * task's callback still runs on the caller's main context. */
static void
run_in_photo_pool (GTask           *task,
                   GTaskThreadFunc  func)
{
  static GThreadPool *pool;
  PoolJob *job;

  if (g_once_init_enter (&pool))
    {
      GThreadPool *new_pool = g_thread_pool_new (pool_run, NULL,
                                                 CLAMP ((int) g_get_num_processors (), 1, MAX_PARALLEL_PHOTOS),
                                                 FALSE, NULL);
      g_once_init_leave (&pool, new_pool);
    }

  job = g_new (PoolJob, 1);
  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (pool, job, NULL);
}

typedef struct
{
  Settings         settings;
  AduanPhotoStore *store;   /* (owned) */
  GFile           *file;    /* (owned) (nullable) */
  GBytes          *data;    /* (owned) (nullable) */
  char            *name;    /* (owned) (nullable) */
  gboolean         store_it;
  guint            index;   /* in an import_many batch */
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->file);
  g_clear_pointer (&job->data, g_bytes_unref);
  g_free (job->name);
  g_free (job);
}

static ImportJob *
import_job_new (AduanPhotoPipeline *self,
                gboolean            store_it)
{
  ImportJob *job = g_new0 (ImportJob, 1);

  job->settings = get_settings (self);
  job->store = g_object_ref (self->store);
  job->store_it = store_it;

  return job;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(AduanPhotoImport) import = NULL;
  GError *error = NULL;

  if (job->file != NULL)
    import = process_file (&job->settings, job->file, cancellable, &error);
  else
    import = process_bytes (&job->settings, job->data, job->name, cancellable, &error);

  if (import != NULL && job->store_it)
    {
      AduanPhotoRef *ref = aduan_photo_store_add (job->store, import->jpeg, import->thumbnail, cancellable, &error);

      if (ref != NULL)
        {
          g_clear_pointer (&import->ref, aduan_photo_ref_free);
          import->ref = ref;
          import->stored = TRUE;
        }
      else
        g_clear_pointer (&import, aduan_photo_import_free);
    }

  if (import != NULL)
    g_task_return_pointer (task, g_steal_pointer (&import), (GDestroyNotify) aduan_photo_import_free);
  else
    g_task_return_error (task, error);
}

/**
 * aduan_photo_pipeline_import_async:
 * @file: the photo a person chose
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Processes and stores @file in a worker thread, at most two photos at a
 * time across the program; the main loop keeps running. Finish with
 * aduan_photo_pipeline_import_finish().
 */
void
aduan_photo_pipeline_import_async (AduanPhotoPipeline  *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (ADUAN_IS_PHOTO_PIPELINE (self));
  g_return_if_fail (G_IS_FILE (file));

  job = import_job_new (self, TRUE);
  job->file = g_object_ref (file);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aduan_photo_pipeline_import_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  run_in_photo_pool (task, import_thread);
}

/**
 * aduan_photo_pipeline_import_bytes_async:
 * @data: an image file's bytes, e.g. pasted, or a webcam frame saved as
 *   PNG or JPEG
 * @name: what to call it in messages, e.g. "Pasted image"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Like aduan_photo_pipeline_import_async(), for bytes that are not a
 * file. Finish with aduan_photo_pipeline_import_finish().
 */
void
aduan_photo_pipeline_import_bytes_async (AduanPhotoPipeline  *self,
                                         GBytes              *data,
                                         const char          *name,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (ADUAN_IS_PHOTO_PIPELINE (self));
  g_return_if_fail (data != NULL);
  g_return_if_fail (name != NULL);

  job = import_job_new (self, TRUE);
  job->data = g_bytes_ref (data);
  job->name = g_strdup (name);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aduan_photo_pipeline_import_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  run_in_photo_pool (task, import_thread);
}

/**
 * aduan_photo_pipeline_import_finish:
 * @result: as given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the stored photo
 */
AduanPhotoImport *
aduan_photo_pipeline_import_finish (AduanPhotoPipeline  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aduan_photo_pipeline_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Several photos, all or nothing */

typedef struct
{
  GPtrArray              *imports;        /* (element-type AduanPhotoImport) (nullable) entries */
  GPtrArray              *errors;         /* (element-type GError) (nullable) entries */
  guint                   done;
  guint                   total;
  AduanPhotoProgressFunc  progress;
  gpointer                progress_data;
  GDestroyNotify          progress_data_free;
  GCancellable           *inner;          /* (owned) cancels the rest after a failure */
  GCancellable           *outer;          /* (owned) (nullable) */
  gulong                  outer_handler;
} ManyData;

static void
free_error_if_any (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
many_data_free (ManyData *data)
{
  if (data->outer != NULL)
    g_cancellable_disconnect (data->outer, data->outer_handler);
  g_clear_object (&data->outer);
  g_clear_object (&data->inner);
  g_clear_pointer (&data->imports, g_ptr_array_unref);
  g_clear_pointer (&data->errors, g_ptr_array_unref);
  if (data->progress_data_free != NULL)
    data->progress_data_free (data->progress_data);
  g_free (data);
}

static void
cancel_inner_cb (GCancellable *outer,
                 gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
store_all_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  AduanPhotoPipeline *self = source_object;
  ManyData *data = task_data;
  GError *error = NULL;

  for (guint i = 0; i < data->imports->len; i++)
    {
      if (!aduan_photo_pipeline_store (self, g_ptr_array_index (data->imports, i), cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&data->imports), (GDestroyNotify) g_ptr_array_unref);
}

static void
one_processed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) many = user_data;
  ManyData *data = g_task_get_task_data (many);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  AduanPhotoImport *import;

  import = g_task_propagate_pointer (G_TASK (result), &error);
  if (import != NULL)
    g_ptr_array_index (data->imports, job->index) = import;
  else
    {
      g_ptr_array_index (data->errors, job->index) = error;
      /* One bad photo fails the batch: stop decoding the others. */
      g_cancellable_cancel (data->inner);
    }

  data->done++;
  if (data->progress != NULL)
    data->progress (data->done, data->total, data->progress_data);

  if (data->done < data->total)
    return;

  /* Report the first real failure in the order the files were given,
   * not a cancellation it caused in a later file. */
  if (!g_cancellable_is_cancelled (data->outer))
    {
      for (guint i = 0; i < data->total; i++)
        {
          GError *e = g_ptr_array_index (data->errors, i);

          if (e != NULL && !g_error_matches (e, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_task_return_error (many, g_error_copy (e));
              return;
            }
        }
    }
  for (guint i = 0; i < data->total; i++)
    {
      GError *e = g_ptr_array_index (data->errors, i);

      if (e != NULL)
        {
          g_task_return_error (many, g_error_copy (e));
          return;
        }
    }

  run_in_photo_pool (many, store_all_thread);
}

/**
 * aduan_photo_pipeline_import_many_async:
 * @files: (array length=n_files): the photos a person chose
 * @n_files: how many
 * @progress: (nullable) (scope notified): called on the caller's main
 *   context as each photo is processed
 * @progress_data: data for @progress
 * @progress_data_free: (nullable): frees @progress_data when done
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Imports several photos, all or nothing: they are processed in worker
 * threads (two at a time), and stored only when every one of them
 * succeeded. The first bad photo, in the order given, fails the batch and
 * its error names the file. More than the pipeline's maximum fails with
 * %ADUAN_PHOTO_ERROR_TOO_MANY before anything is read.
 */
void
aduan_photo_pipeline_import_many_async (AduanPhotoPipeline     *self,
                                        GFile * const          *files,
                                        guint                   n_files,
                                        AduanPhotoProgressFunc  progress,
                                        gpointer                progress_data,
                                        GDestroyNotify          progress_data_free,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data)
{
  g_autoptr(GTask) many = NULL;
  GError *error = NULL;
  ManyData *data;

  g_return_if_fail (ADUAN_IS_PHOTO_PIPELINE (self));
  g_return_if_fail (files != NULL || n_files == 0);

  data = g_new0 (ManyData, 1);
  data->total = n_files;
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_data_free = progress_data_free;
  data->imports = g_ptr_array_new_full (n_files, (GDestroyNotify) aduan_photo_import_free);
  g_ptr_array_set_size (data->imports, n_files);
  data->errors = g_ptr_array_new_full (n_files, free_error_if_any);
  g_ptr_array_set_size (data->errors, n_files);
  data->inner = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->outer = g_object_ref (cancellable);
      data->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_inner_cb),
                                                   g_object_ref (data->inner), g_object_unref);
    }

  many = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (many, aduan_photo_pipeline_import_many_async);
  g_task_set_task_data (many, data, (GDestroyNotify) many_data_free);

  if (!aduan_photo_pipeline_check_count (self, 0, n_files, &error))
    {
      g_task_return_error (many, error);
      return;
    }
  if (n_files == 0)
    {
      g_task_return_pointer (many, g_steal_pointer (&data->imports), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GTask) task = g_task_new (self, data->inner, one_processed_cb, g_object_ref (many));
      ImportJob *job = import_job_new (self, FALSE);

      job->file = g_object_ref (files[i]);
      job->index = i;
      g_task_set_source_tag (task, aduan_photo_pipeline_import_async);
      g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
      run_in_photo_pool (task, import_thread);
    }
}

/**
 * aduan_photo_pipeline_import_many_finish:
 * @result: as given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type AduanPhotoImport) (nullable):
 *   the stored photos, in the order given
 */
GPtrArray *
aduan_photo_pipeline_import_many_finish (AduanPhotoPipeline  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aduan_photo_pipeline_import_many_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GObject */

static void
aduan_photo_pipeline_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AduanPhotoPipeline *self = ADUAN_PHOTO_PIPELINE (object);
  Settings settings = get_settings (self);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_LONG_EDGE: g_value_set_uint (value, settings.long_edge); break;
    case PROP_THUMBNAIL_EDGE: g_value_set_uint (value, settings.thumbnail_edge); break;
    case PROP_QUALITY: g_value_set_uint (value, settings.quality); break;
    case PROP_MAX_PHOTOS: g_value_set_uint (value, self->max_photos); break;
    case PROP_MAX_SOURCE_PIXELS: g_value_set_uint64 (value, settings.max_source_pixels); break;
    case PROP_MEMORY_LIMIT: g_value_set_uint64 (value, settings.memory_limit); break;
    case PROP_ALLOW_DAMAGED: g_value_set_boolean (value, settings.allow_damaged); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_photo_pipeline_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AduanPhotoPipeline *self = ADUAN_PHOTO_PIPELINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_MAX_PHOTOS:
      if (self->max_photos != g_value_get_uint (value))
        {
          self->max_photos = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_LONG_EDGE:
    case PROP_THUMBNAIL_EDGE:
    case PROP_QUALITY:
    case PROP_MAX_SOURCE_PIXELS:
    case PROP_MEMORY_LIMIT:
    case PROP_ALLOW_DAMAGED:
      set_setting (self, prop_id, value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_photo_pipeline_constructed (GObject *object)
{
  AduanPhotoPipeline *self = ADUAN_PHOTO_PIPELINE (object);

  G_OBJECT_CLASS (aduan_photo_pipeline_parent_class)->constructed (object);

  g_assert (ADUAN_IS_PHOTO_STORE (self->store));
}

static void
aduan_photo_pipeline_finalize (GObject *object)
{
  AduanPhotoPipeline *self = ADUAN_PHOTO_PIPELINE (object);

  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (aduan_photo_pipeline_parent_class)->finalize (object);
}

static void
aduan_photo_pipeline_class_init (AduanPhotoPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = aduan_photo_pipeline_get_property;
  object_class->set_property = aduan_photo_pipeline_set_property;
  object_class->constructed = aduan_photo_pipeline_constructed;
  object_class->finalize = aduan_photo_pipeline_finalize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, ADUAN_TYPE_PHOTO_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LONG_EDGE] =
    g_param_spec_uint ("long-edge", NULL, NULL, 64, 8192, ADUAN_PHOTO_DEFAULT_LONG_EDGE, flags);
  properties[PROP_THUMBNAIL_EDGE] =
    g_param_spec_uint ("thumbnail-edge", NULL, NULL, 16, 1024, ADUAN_PHOTO_DEFAULT_THUMBNAIL_EDGE, flags);
  properties[PROP_QUALITY] =
    g_param_spec_uint ("quality", NULL, NULL, 1, 100, ADUAN_PHOTO_DEFAULT_QUALITY, flags);
  properties[PROP_MAX_PHOTOS] =
    g_param_spec_uint ("max-photos", NULL, NULL, 1, ADUAN_MAX_PHOTOS, ADUAN_MAX_PHOTOS, flags);
  properties[PROP_MAX_SOURCE_PIXELS] =
    g_param_spec_uint64 ("max-source-pixels", NULL, NULL, 1, G_MAXUINT32,
                         ADUAN_PHOTO_DEFAULT_MAX_SOURCE_PIXELS, flags);
  properties[PROP_MEMORY_LIMIT] =
    g_param_spec_uint64 ("memory-limit", NULL, NULL, 1024 * 1024, G_MAXINT64,
                         ADUAN_PHOTO_DEFAULT_MEMORY_LIMIT, flags);
  properties[PROP_ALLOW_DAMAGED] =
    g_param_spec_boolean ("allow-damaged", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aduan_photo_pipeline_init (AduanPhotoPipeline *self)
{
  g_mutex_init (&self->lock);
  self->settings.long_edge = ADUAN_PHOTO_DEFAULT_LONG_EDGE;
  self->settings.thumbnail_edge = ADUAN_PHOTO_DEFAULT_THUMBNAIL_EDGE;
  self->settings.quality = ADUAN_PHOTO_DEFAULT_QUALITY;
  self->settings.max_source_pixels = ADUAN_PHOTO_DEFAULT_MAX_SOURCE_PIXELS;
  self->settings.memory_limit = ADUAN_PHOTO_DEFAULT_MEMORY_LIMIT;
  self->settings.allow_damaged = FALSE;
  self->max_photos = ADUAN_MAX_PHOTOS;
}
