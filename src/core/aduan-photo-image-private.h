/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "aduan-exif.h"

G_BEGIN_DECLS

/* An 8-bit RGB image, rows packed (stride = 3 × width). */
typedef struct
{
  guint   width;
  guint   height;
  guint8 *pixels;  /* (owned) */
} AduanImage;

AduanImage *_aduan_image_new           (guint          width,
                                        guint          height,
                                        GError       **error);
void        _aduan_image_free          (AduanImage    *image);

AduanImage *_aduan_image_decode_jpeg   (const guint8          *data,
                                        gsize                  length,
                                        const AduanJpegHeader *header,
                                        guint                  min_long_edge,
                                        char                 **out_warning,
                                        GError               **error);

AduanImage *_aduan_image_scale         (const guint8  *pixels,
                                        guint          width,
                                        guint          height,
                                        gsize          stride,
                                        guint          channels,
                                        guint          out_width,
                                        guint          out_height,
                                        GError       **error);
AduanImage *_aduan_image_orient        (const AduanImage *image,
                                        guint             orientation,
                                        GError          **error);
GBytes     *_aduan_image_encode_jpeg   (const AduanImage *image,
                                        int               quality,
                                        GError          **error);

void        _aduan_image_fit           (guint          width,
                                        guint          height,
                                        guint          long_edge,
                                        guint         *out_width,
                                        guint         *out_height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanImage, _aduan_image_free)

G_END_DECLS
