/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ADUAN_WEBCAM_DEFAULT_SOURCE "v4l2src"

#define ADUAN_TYPE_WEBCAM_CAPTURE (aduan_webcam_capture_get_type ())
G_DECLARE_FINAL_TYPE (AduanWebcamCapture, aduan_webcam_capture, ADUAN, WEBCAM_CAPTURE, GtkWidget)

GtkWidget  *aduan_webcam_capture_new                    (const char         *source_description);
const char *aduan_webcam_capture_get_source_description (AduanWebcamCapture *self);
void        aduan_webcam_capture_set_source_description (AduanWebcamCapture *self,
                                                         const char         *source_description);
gboolean    aduan_webcam_capture_get_ready              (AduanWebcamCapture *self);
void        aduan_webcam_capture_start                  (AduanWebcamCapture *self);
void        aduan_webcam_capture_stop                   (AduanWebcamCapture *self);
void        aduan_webcam_capture_capture                (AduanWebcamCapture *self);

G_END_DECLS
