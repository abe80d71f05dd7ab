/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AduanJpegHeader:
 * @width: image width in pixels, as stored (before orientation)
 * @height: image height in pixels, as stored
 * @components: colour components: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK
 * @sof_marker: the frame marker, 0xC0 baseline … 0xCF
 * @progressive: the frame is progressive (its decoder keeps every DCT
 *   coefficient in memory)
 * @coefficient_samples: the sum over components of their sample count
 *   relative to the image's pixels, times 4 (6 for 4:2:0 YCbCr, 12 for
 *   4:4:4): what a progressive decoder's coefficient buffer scales with
 * @has_scan: a start-of-scan marker follows the frame header
 * @has_end: an end-of-image marker follows the scan data; a file without
 *   one was cut short
 * @truncated: the file ends inside the headers, before the first scan
 * @exif: (nullable): the first EXIF block's TIFF data (after `Exif\0\0`),
 *   pointing into the parsed buffer
 * @exif_length: its length in bytes
 *
 * What Aduan learns from a JPEG's markers before decoding it.
 */
typedef struct
{
  guint          width;
  guint          height;
  guint          components;
  guint          sof_marker;
  gboolean       progressive;
  guint          coefficient_samples;
  gboolean       has_scan;
  gboolean       has_end;
  gboolean       truncated;
  const guint8  *exif;
  gsize          exif_length;
} AduanJpegHeader;

gboolean aduan_jpeg_header_parse (const guint8    *data,
                                  gsize            length,
                                  AduanJpegHeader *out_header,
                                  GError         **error);

/**
 * AduanExifInfo:
 * @orientation: EXIF orientation 1–8; 1 when absent or invalid
 * @has_location: the GPS block holds a usable position
 * @latitude: degrees, south negative
 * @longitude: degrees, west negative
 * @accuracy_m: horizontal positioning error in metres, < 0 when unknown
 * @location_time: UTC microseconds of the GPS fix, 0 when unknown
 * @taken_at: UTC microseconds when the photo was taken, 0 when unknown
 * @taken_at_has_zone: @taken_at came with a time-zone offset or from GPS
 *   time; otherwise the camera's local clock was read in the local zone
 *
 * What a photo's EXIF block says that Aduan uses.
 */
typedef struct
{
  guint    orientation;
  gboolean has_location;
  double   latitude;
  double   longitude;
  double   accuracy_m;
  gint64   location_time;
  gint64   taken_at;
  gboolean taken_at_has_zone;
} AduanExifInfo;

void     aduan_exif_info_init (AduanExifInfo *info);
gboolean aduan_exif_parse     (const guint8  *tiff,
                               gsize          length,
                               AduanExifInfo *info);

G_END_DECLS
