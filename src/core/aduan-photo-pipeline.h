/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aduan-complaint.h"
#include "aduan-photo-error.h"
#include "aduan-photo-store.h"

G_BEGIN_DECLS

#define ADUAN_PHOTO_DEFAULT_LONG_EDGE          1600
#define ADUAN_PHOTO_DEFAULT_THUMBNAIL_EDGE     256
#define ADUAN_PHOTO_DEFAULT_QUALITY            80
/* A photo with more pixels is refused from its header, before decoding. */
#define ADUAN_PHOTO_DEFAULT_MAX_SOURCE_PIXELS  (100 * 1000 * 1000)
/* What decoding one photo may take, file included; above it, refused. */
#define ADUAN_PHOTO_DEFAULT_MEMORY_LIMIT       (256 * 1024 * 1024)

/**
 * AduanPhotoImport:
 * @ref: (not nullable): the reference to put in the complaint
 * @source_name: the file's name as a person knows it, for messages
 * @width: width of the stored photo, upright
 * @height: height of the stored photo, upright
 * @source_width: width of the image in the file, as stored
 * @source_height: height of the image in the file, as stored
 * @orientation: the EXIF orientation (1–8) that was applied
 * @has_location: the photo's EXIF held a GPS position
 * @latitude: degrees, south negative
 * @longitude: degrees, west negative
 * @accuracy_m: horizontal error in metres from EXIF, < 0 when unknown
 * @location_time: UTC microseconds of the GPS fix, 0 when unknown
 * @taken_at: UTC microseconds when the photo was taken, 0 when unknown
 * @warning: (nullable): set when the image was decoded despite damage
 *   (some of it may be grey); show it to the person
 * @stored: the photo is in the photo store and may be referred to
 * @jpeg: the stored photo's bytes
 * @thumbnail: the thumbnail's bytes
 *
 * One processed photo: what the complaint refers to, what its EXIF offered
 * as place and time (the form offers them when the complaint has none),
 * and the bytes, so a form can show the thumbnail without reading a file.
 */
typedef struct
{
  AduanPhotoRef *ref;            /* (owned) */
  char          *source_name;    /* (owned) */
  guint          width;
  guint          height;
  guint          source_width;
  guint          source_height;
  guint          orientation;

  gboolean       has_location;
  double         latitude;
  double         longitude;
  double         accuracy_m;
  gint64         location_time;
  gint64         taken_at;

  char          *warning;        /* (owned) (nullable) */
  gboolean       stored;
  GBytes        *jpeg;           /* (owned) */
  GBytes        *thumbnail;      /* (owned) */
} AduanPhotoImport;

#define ADUAN_TYPE_PHOTO_IMPORT (aduan_photo_import_get_type ())
GType             aduan_photo_import_get_type (void) G_GNUC_CONST;
AduanPhotoImport *aduan_photo_import_copy     (const AduanPhotoImport *import);
void              aduan_photo_import_free     (AduanPhotoImport       *import);

/**
 * AduanPhotoFill:
 * @ADUAN_PHOTO_FILL_NONE: nothing was filled in
 * @ADUAN_PHOTO_FILL_LOCATION: the complaint's location came from the photo
 * @ADUAN_PHOTO_FILL_TIME: the complaint's time of occurrence came from the
 *   photo
 */
typedef enum {
  ADUAN_PHOTO_FILL_NONE = 0,
  ADUAN_PHOTO_FILL_LOCATION = 1 << 0,
  ADUAN_PHOTO_FILL_TIME = 1 << 1,
} AduanPhotoFill;

AduanPhotoFill    aduan_photo_import_fill_complaint (const AduanPhotoImport *import,
                                                     AduanComplaint         *complaint);

/**
 * AduanPhotoProgressFunc:
 * @done: photos finished so far
 * @total: photos asked for
 * @user_data: as given
 *
 * Called on the caller's main context as photos finish.
 */
typedef void (*AduanPhotoProgressFunc) (guint    done,
                                        guint    total,
                                        gpointer user_data);

#define ADUAN_TYPE_PHOTO_PIPELINE (aduan_photo_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (AduanPhotoPipeline, aduan_photo_pipeline, ADUAN, PHOTO_PIPELINE, GObject)

AduanPhotoPipeline *aduan_photo_pipeline_new                  (AduanPhotoStore    *store);
AduanPhotoStore    *aduan_photo_pipeline_get_store            (AduanPhotoPipeline *self);

guint               aduan_photo_pipeline_get_long_edge        (AduanPhotoPipeline *self);
void                aduan_photo_pipeline_set_long_edge        (AduanPhotoPipeline *self,
                                                               guint               long_edge);
guint               aduan_photo_pipeline_get_thumbnail_edge   (AduanPhotoPipeline *self);
void                aduan_photo_pipeline_set_thumbnail_edge   (AduanPhotoPipeline *self,
                                                               guint               edge);
guint               aduan_photo_pipeline_get_quality          (AduanPhotoPipeline *self);
void                aduan_photo_pipeline_set_quality          (AduanPhotoPipeline *self,
                                                               guint               quality);
guint               aduan_photo_pipeline_get_max_photos       (AduanPhotoPipeline *self);
void                aduan_photo_pipeline_set_max_photos       (AduanPhotoPipeline *self,
                                                               guint               max_photos);
guint64             aduan_photo_pipeline_get_max_source_pixels (AduanPhotoPipeline *self);
void                aduan_photo_pipeline_set_max_source_pixels (AduanPhotoPipeline *self,
                                                                guint64             pixels);
guint64             aduan_photo_pipeline_get_memory_limit     (AduanPhotoPipeline *self);
void                aduan_photo_pipeline_set_memory_limit     (AduanPhotoPipeline *self,
                                                               guint64             bytes);
gboolean            aduan_photo_pipeline_get_allow_damaged    (AduanPhotoPipeline *self);
void                aduan_photo_pipeline_set_allow_damaged    (AduanPhotoPipeline *self,
                                                               gboolean            allow);

gboolean            aduan_photo_pipeline_check_count          (AduanPhotoPipeline *self,
                                                               guint               attached,
                                                               guint               adding,
                                                               GError            **error);

AduanPhotoImport   *aduan_photo_pipeline_process              (AduanPhotoPipeline *self,
                                                               GFile              *file,
                                                               GCancellable       *cancellable,
                                                               GError            **error);
AduanPhotoImport   *aduan_photo_pipeline_process_bytes        (AduanPhotoPipeline *self,
                                                               GBytes             *data,
                                                               const char         *name,
                                                               GCancellable       *cancellable,
                                                               GError            **error);
gboolean            aduan_photo_pipeline_store                (AduanPhotoPipeline *self,
                                                               AduanPhotoImport   *import,
                                                               GCancellable       *cancellable,
                                                               GError            **error);
AduanPhotoImport   *aduan_photo_pipeline_import               (AduanPhotoPipeline *self,
                                                               GFile              *file,
                                                               GCancellable       *cancellable,
                                                               GError            **error);

void                aduan_photo_pipeline_import_async         (AduanPhotoPipeline  *self,
                                                               GFile               *file,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
void                aduan_photo_pipeline_import_bytes_async   (AduanPhotoPipeline  *self,
                                                               GBytes              *data,
                                                               const char          *name,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
AduanPhotoImport   *aduan_photo_pipeline_import_finish        (AduanPhotoPipeline  *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

void                aduan_photo_pipeline_import_many_async    (AduanPhotoPipeline     *self,
                                                               GFile * const          *files,
                                                               guint                   n_files,
                                                               AduanPhotoProgressFunc  progress,
                                                               gpointer                progress_data,
                                                               GDestroyNotify          progress_data_free,
                                                               GCancellable           *cancellable,
                                                               GAsyncReadyCallback     callback,
                                                               gpointer                user_data);
GPtrArray          *aduan_photo_pipeline_import_many_finish   (AduanPhotoPipeline     *self,
                                                               GAsyncResult           *result,
                                                               GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanPhotoImport, aduan_photo_import_free)

G_END_DECLS
