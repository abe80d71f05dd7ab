/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Test photos made on the spot: pixels, JPEG encoding, EXIF blocks and
 * other metadata segments, and a marker walk to read results back. */

/* The four quadrants of the asymmetric test picture, as it should look. */
extern const guint8 fixture_quadrant_colours[4][3];  /* top-left, top-right, bottom-left, bottom-right */

guint8  *fixture_quadrants          (guint          width,
                                     guint          height);
guint8  *fixture_photo_like         (guint          width,
                                     guint          height,
                                     guint32        seed);
guint8  *fixture_store_oriented     (const guint8  *visual,
                                     guint          width,
                                     guint          height,
                                     guint          orientation,
                                     guint         *out_width,
                                     guint         *out_height);

GBytes  *fixture_encode_jpeg        (const guint8  *rgb,
                                     guint          width,
                                     guint          height,
                                     int            quality,
                                     gboolean       progressive);
guint8  *fixture_decode_jpeg        (GBytes        *jpeg,
                                     guint         *out_width,
                                     guint         *out_height);

typedef struct
{
  guint        orientation;          /* 0: no tag */
  gboolean     gps;
  char         latitude_ref;         /* 'N' or 'S' */
  double       latitude;             /* degrees, positive */
  char         longitude_ref;        /* 'E' or 'W' */
  double       longitude;
  double       h_error_m;            /* < 0: no tag */
  const char  *gps_status;           /* NULL: no tag */
  const char  *gps_date;             /* "2026:11:23" or NULL */
  double       gps_time[3];          /* used with gps_date */
  const char  *date_time_original;   /* "2026:11:23 09:30:00" or NULL */
  const char  *offset_time_original; /* "+07:00" or NULL */
} FixtureExif;

#define FIXTURE_EXIF_INIT { 0, FALSE, 'N', 0, 'E', 0, -1, NULL, NULL, { 0, 0, 0 }, NULL, NULL }

GBytes  *fixture_exif_segment       (const FixtureExif *exif);
GBytes  *fixture_segment            (guint8         marker,
                                     const void    *payload,
                                     gsize          length);
GBytes  *fixture_insert_after_soi   (GBytes        *jpeg,
                                     GBytes        *segments);
GBytes  *fixture_concat             (GBytes        *first,
                                     ...) G_GNUC_NULL_TERMINATED;
GBytes  *fixture_all_metadata       (void);

char    *fixture_list_markers       (GBytes        *jpeg);
gboolean fixture_has_metadata       (GBytes        *jpeg);

char    *fixture_write              (const char    *dir,
                                     const char    *name,
                                     GBytes        *bytes);

G_END_DECLS
