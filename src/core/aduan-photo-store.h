/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aduan-complaint.h"
#include "aduan-photo-error.h"

G_BEGIN_DECLS

/* Under the data folder: photos/<sha256>.jpg and photos/thumbs/<sha256>.jpg */
#define ADUAN_PHOTO_STORE_FOLDER            "photos"
#define ADUAN_PHOTO_STORE_THUMBNAIL_FOLDER  "thumbs"
#define ADUAN_PHOTO_CONTENT_TYPE            "image/jpeg"

#define ADUAN_TYPE_PHOTO_STORE (aduan_photo_store_get_type ())
G_DECLARE_FINAL_TYPE (AduanPhotoStore, aduan_photo_store, ADUAN, PHOTO_STORE, GObject)

gboolean          aduan_photo_sha256_is_valid            (const char       *sha256);

AduanPhotoStore  *aduan_photo_store_new                  (const char       *data_dir);
const char       *aduan_photo_store_get_folder           (AduanPhotoStore  *self);
char             *aduan_photo_store_get_path             (AduanPhotoStore  *self,
                                                          const char       *sha256);
char             *aduan_photo_store_get_thumbnail_path   (AduanPhotoStore  *self,
                                                          const char       *sha256);
gboolean          aduan_photo_store_contains             (AduanPhotoStore  *self,
                                                          const char       *sha256);

AduanPhotoRef    *aduan_photo_store_add                  (AduanPhotoStore  *self,
                                                          GBytes           *jpeg,
                                                          GBytes           *thumbnail,
                                                          GCancellable     *cancellable,
                                                          GError          **error);

GFileInputStream *aduan_photo_store_open_for_upload      (AduanPhotoStore  *self,
                                                          const char       *sha256,
                                                          gint64           *out_size,
                                                          GCancellable     *cancellable,
                                                          GError          **error);

gboolean          aduan_photo_store_verify               (AduanPhotoStore  *self,
                                                          const char       *sha256,
                                                          GCancellable     *cancellable,
                                                          GError          **error);
void              aduan_photo_store_verify_async         (AduanPhotoStore     *self,
                                                          const char          *sha256,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean          aduan_photo_store_verify_finish        (AduanPhotoStore  *self,
                                                          GAsyncResult     *result,
                                                          GError          **error);

guint             aduan_photo_store_remove_temporaries   (AduanPhotoStore  *self,
                                                          GTimeSpan         older_than,
                                                          GError          **error);

G_END_DECLS
