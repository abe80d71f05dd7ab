/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "aduan-photo-pipeline.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_PHOTO_STRIP (aduan_photo_strip_get_type ())
G_DECLARE_FINAL_TYPE (AduanPhotoStrip, aduan_photo_strip, ADUAN, PHOTO_STRIP, GtkWidget)

GtkWidget *aduan_photo_strip_new           (void);
void       aduan_photo_strip_setup         (AduanPhotoStrip    *self,
                                            AduanPhotoPipeline *pipeline,
                                            GSettings          *settings);
void       aduan_photo_strip_set_photos    (AduanPhotoStrip    *self,
                                            GPtrArray          *refs);
void       aduan_photo_strip_add_files     (AduanPhotoStrip    *self,
                                            GFile * const      *files,
                                            guint               n_files);
void       aduan_photo_strip_add_bytes     (AduanPhotoStrip    *self,
                                            GBytes             *data,
                                            const char         *name);
gboolean   aduan_photo_strip_add_value     (AduanPhotoStrip    *self,
                                            const GValue       *value);
void       aduan_photo_strip_paste         (AduanPhotoStrip    *self);
gboolean   aduan_photo_strip_is_busy       (AduanPhotoStrip    *self);
void       aduan_photo_strip_show_error    (AduanPhotoStrip    *self,
                                            const char         *message);
void       aduan_photo_strip_offer_place   (AduanPhotoStrip        *self,
                                            const AduanPhotoImport *import,
                                            gboolean                location,
                                            gboolean                time);

G_END_DECLS
