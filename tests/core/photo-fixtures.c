/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>
#include <libexif/exif-data.h>
#include <turbojpeg.h>

#include "photo-fixtures.h"

const guint8 fixture_quadrant_colours[4][3] = {
  { 220, 30, 30 },    /* top-left: red */
  { 30, 200, 40 },    /* top-right: green */
  { 30, 40, 220 },    /* bottom-left: blue */
  { 240, 240, 240 },  /* bottom-right: white */
};

/* The picture as it should look: four flat quadrants of different
 * colours, so any turn or mirror moves a colour to the wrong corner. */
guint8 *
fixture_quadrants (guint width,
                   guint height)
{
  guint8 *rgb = g_malloc ((gsize) width * height * 3);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint q = (y >= height / 2 ? 2 : 0) + (x >= width / 2 ? 1 : 0);

        memcpy (rgb + ((gsize) y * width + x) * 3, fixture_quadrant_colours[q], 3);
      }

  return rgb;
}

/* Smooth gradients and shapes with sensor-like noise: compresses like a
 * phone photo, not like a flat test card. */
guint8 *
fixture_photo_like (guint   width,
                    guint   height,
                    guint32 seed)
{
  guint8 *rgb = g_malloc ((gsize) width * height * 3);
  guint32 state = seed | 1;

  for (guint y = 0; y < height; y++)
    {
      double fy = (double) y / height;

      for (guint x = 0; x < width; x++)
        {
          double fx = (double) x / width;
          guint8 *p = rgb + ((gsize) y * width + x) * 3;
          double base[3];

          base[0] = 128 + 90 * sin (fx * 7.0 + fy * 3.0);
          base[1] = 120 + 80 * cos (fx * 4.0 - fy * 9.0);
          base[2] = 100 + 70 * sin ((fx + fy) * 11.0);
          /* A few "objects" with edges. */
          if (((x / 97) + (y / 89)) % 7 == 0)
            base[0] = base[1] = base[2] = 40;

          for (guint c = 0; c < 3; c++)
            {
              int noise;

              state ^= state << 13;
              state ^= state >> 17;
              state ^= state << 5;
              noise = (int) (state % 25) - 12;
              p[c] = (guint8) CLAMP ((int) base[c] + noise, 0, 255);
            }
        }
    }

  return rgb;
}

/* Lays @visual out as a camera would store it with EXIF @orientation,
 * following the EXIF 2.32 table of what row 0 and column 0 show. */
guint8 *
fixture_store_oriented (const guint8 *visual,
                        guint         width,
                        guint         height,
                        guint         orientation,
                        guint        *out_width,
                        guint        *out_height)
{
  gboolean swap = orientation >= 5;
  guint sw = swap ? height : width;
  guint sh = swap ? width : height;
  guint8 *stored = g_malloc ((gsize) sw * sh * 3);

  for (guint sy = 0; sy < sh; sy++)
    for (guint sx = 0; sx < sw; sx++)
      {
        guint vx = 0, vy = 0;

        switch (orientation)
          {
          case 1: vx = sx; vy = sy; break;                          /* row 0 top, column 0 left */
          case 2: vx = width - 1 - sx; vy = sy; break;              /* top, right */
          case 3: vx = width - 1 - sx; vy = height - 1 - sy; break; /* bottom, right */
          case 4: vx = sx; vy = height - 1 - sy; break;             /* bottom, left */
          case 5: vx = sy; vy = sx; break;                          /* left, top */
          case 6: vx = width - 1 - sy; vy = sx; break;              /* right, top */
          case 7: vx = width - 1 - sy; vy = height - 1 - sx; break; /* right, bottom */
          case 8: vx = sy; vy = height - 1 - sx; break;             /* left, bottom */
          default: g_assert_not_reached ();
          }

        memcpy (stored + ((gsize) sy * sw + sx) * 3, visual + ((gsize) vy * width + vx) * 3, 3);
      }

  *out_width = sw;
  *out_height = sh;
  return stored;
}

static void
free_tj (gpointer data)
{
  tjFree (data);
}

GBytes *
fixture_encode_jpeg (const guint8 *rgb,
                     guint         width,
                     guint         height,
                     int           quality,
                     gboolean      progressive)
{
  tjhandle handle = tjInitCompress ();
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  int status;

  status = tjCompress2 (handle, rgb, (int) width, 0, (int) height, TJPF_RGB, &buffer, &size, TJSAMP_420,
                        quality, progressive ? TJFLAG_PROGRESSIVE : 0);
  g_assert_cmpint (status, ==, 0);
  tjDestroy (handle);

  return g_bytes_new_with_free_func (buffer, size, free_tj, buffer);
}

guint8 *
fixture_decode_jpeg (GBytes *jpeg,
                     guint  *out_width,
                     guint  *out_height)
{
  tjhandle handle = tjInitDecompress ();
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (jpeg, &length);
  int width, height, subsampling, colourspace;
  guint8 *rgb;

  g_assert_cmpint (tjDecompressHeader3 (handle, data, length, &width, &height, &subsampling, &colourspace), ==, 0);
  rgb = g_malloc ((gsize) width * height * 3);
  g_assert_cmpint (tjDecompress2 (handle, data, length, rgb, width, 0, height, TJPF_RGB, 0), ==, 0);
  tjDestroy (handle);

  *out_width = (guint) width;
  *out_height = (guint) height;
  return rgb;
}

static ExifEntry *
add_entry (ExifData    *exif,
           ExifIfd      ifd,
           ExifTag      tag,
           ExifFormat   format,
           guint        components)
{
  ExifMem *mem = exif_mem_new_default ();
  ExifEntry *entry = exif_entry_new_mem (mem);

  entry->tag = tag;
  entry->format = format;
  entry->components = components;
  entry->size = exif_format_get_size (format) * components;
  entry->data = exif_mem_alloc (mem, entry->size);
  exif_content_add_entry (exif->ifd[ifd], entry);

  exif_mem_unref (mem);
  exif_entry_unref (entry);
  return entry;
}

static void
add_ascii (ExifData   *exif,
           ExifIfd     ifd,
           ExifTag     tag,
           const char *text)
{
  ExifEntry *entry = add_entry (exif, ifd, tag, EXIF_FORMAT_ASCII, (guint) strlen (text) + 1);

  memcpy (entry->data, text, strlen (text) + 1);
}

static void
add_rationals (ExifData     *exif,
               ExifIfd       ifd,
               ExifTag       tag,
               const double *values,
               guint         count)
{
  ExifEntry *entry = add_entry (exif, ifd, tag, EXIF_FORMAT_RATIONAL, count);

  for (guint i = 0; i < count; i++)
    {
      ExifRational r = { (ExifLong) llround (values[i] * 10000), 10000 };

      exif_set_rational (entry->data + 8 * i, exif_data_get_byte_order (exif), r);
    }
}

static void
add_degrees (ExifData *exif,
             ExifTag   tag,
             double    degrees)
{
  double dms[3];

  dms[0] = floor (degrees);
  dms[1] = floor ((degrees - dms[0]) * 60);
  dms[2] = ((degrees - dms[0]) * 60 - dms[1]) * 60;
  add_rationals (exif, EXIF_IFD_GPS, tag, dms, 3);
}

/* A complete APP1 segment (marker, length, "Exif\0\0", TIFF data), made
 * with libexif the way a camera's firmware would. */
GBytes *
fixture_exif_segment (const FixtureExif *spec)
{
  ExifData *exif = exif_data_new ();
  unsigned char *data = NULL;
  unsigned int size = 0;
  GBytes *segment;

  exif_data_set_option (exif, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
  exif_data_unset_option (exif, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_set_byte_order (exif, EXIF_BYTE_ORDER_INTEL);

  add_ascii (exif, EXIF_IFD_0, EXIF_TAG_MAKE, "AduanTestCam");
  if (spec->orientation != 0)
    {
      ExifEntry *entry = add_entry (exif, EXIF_IFD_0, EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT, 1);

      exif_set_short (entry->data, EXIF_BYTE_ORDER_INTEL, (ExifShort) spec->orientation);
    }
  if (spec->date_time_original != NULL)
    add_ascii (exif, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, spec->date_time_original);
  if (spec->offset_time_original != NULL)
    add_ascii (exif, EXIF_IFD_EXIF, EXIF_TAG_OFFSET_TIME_ORIGINAL, spec->offset_time_original);

  if (spec->gps)
    {
      char ref[2] = { 0, 0 };

      ref[0] = spec->latitude_ref;
      add_ascii (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_LATITUDE_REF, ref);
      add_degrees (exif, (ExifTag) EXIF_TAG_GPS_LATITUDE, spec->latitude);
      ref[0] = spec->longitude_ref;
      add_ascii (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_LONGITUDE_REF, ref);
      add_degrees (exif, (ExifTag) EXIF_TAG_GPS_LONGITUDE, spec->longitude);
      if (spec->h_error_m >= 0)
        add_rationals (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_H_POSITIONING_ERROR, &spec->h_error_m, 1);
      if (spec->gps_status != NULL)
        add_ascii (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_STATUS, spec->gps_status);
      if (spec->gps_date != NULL)
        {
          add_ascii (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_DATE_STAMP, spec->gps_date);
          add_rationals (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_TIME_STAMP, spec->gps_time, 3);
        }
    }

  exif_data_save_data (exif, &data, &size);
  g_assert_nonnull (data);
  g_assert_cmpmem (data, 6, "Exif\0\0", 6);
  segment = fixture_segment (0xE1, data, size);

  free (data);
  exif_data_unref (exif);
  return segment;
}

GBytes *
fixture_segment (guint8      marker,
                 const void *payload,
                 gsize       length)
{
  GByteArray *segment = g_byte_array_new ();
  guint8 header[4] = { 0xFF, marker, (guint8) ((length + 2) >> 8), (guint8) ((length + 2) & 0xFF) };

  g_assert_cmpuint (length + 2, <=, 0xFFFF);
  g_byte_array_append (segment, header, 4);
  g_byte_array_append (segment, payload, (guint) length);

  return g_byte_array_free_to_bytes (segment);
}

GBytes *
fixture_insert_after_soi (GBytes *jpeg,
                          GBytes *segments)
{
  GByteArray *out = g_byte_array_new ();
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (jpeg, &length);

  g_assert_cmpuint (length, >=, 2);
  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, g_bytes_get_data (segments, NULL), (guint) g_bytes_get_size (segments));
  g_byte_array_append (out, data + 2, (guint) (length - 2));

  return g_byte_array_free_to_bytes (out);
}

GBytes *
fixture_concat (GBytes *first,
                ...)
{
  GByteArray *out = g_byte_array_new ();
  va_list args;
  GBytes *bytes;

  va_start (args, first);
  for (bytes = first; bytes != NULL; bytes = va_arg (args, GBytes *))
    g_byte_array_append (out, g_bytes_get_data (bytes, NULL), (guint) g_bytes_get_size (bytes));
  va_end (args);

  return g_byte_array_free_to_bytes (out);
}

/* What phones and editors put in a JPEG besides EXIF: XMP, an ICC
 * profile, an IPTC block and a comment, each holding something personal. */
GBytes *
fixture_all_metadata (void)
{
  static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>Budi Santoso</dc:creator></x:xmpmeta>";
  static const char icc[] = "ICC_PROFILE\0\1\1fake-profile-from-a-phone";
  static const char iptc[] = "Photoshop 3.0\0008BIM\4\4\0\0\0\0\0\12\34\2\120\0\5Budi";
  static const char comment[] = "Taken at Jl. Pahlawan 12, phone 0812 3456 7890";
  g_autoptr(GBytes) a = fixture_segment (0xE1, xmp, sizeof xmp - 1);
  g_autoptr(GBytes) b = fixture_segment (0xE2, icc, sizeof icc - 1);
  g_autoptr(GBytes) c = fixture_segment (0xED, iptc, sizeof iptc - 1);
  g_autoptr(GBytes) d = fixture_segment (0xFE, comment, sizeof comment - 1);

  return fixture_concat (a, b, c, d, NULL);
}

/* The markers up to the first scan, e.g. "D8 E0 DB C0 C4 DA". Written
 * here independently of the code under test. */
char *
fixture_list_markers (GBytes *jpeg)
{
  GString *out = g_string_new (NULL);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (jpeg, &length);
  gsize pos = 2;

  g_assert_cmpuint (length, >=, 4);
  g_assert_cmpuint (data[0], ==, 0xFF);
  g_assert_cmpuint (data[1], ==, 0xD8);
  g_string_append (out, "D8");

  while (pos + 4 <= length)
    {
      guint marker = data[pos + 1];
      gsize segment_length = ((gsize) data[pos + 2] << 8) | data[pos + 3];

      g_assert_cmpuint (data[pos], ==, 0xFF);
      g_string_append_printf (out, " %02X", marker);
      if (marker == 0xDA)
        break;
      pos += 2 + segment_length;
    }

  return g_string_free (out, FALSE);
}

gboolean
fixture_has_metadata (GBytes *jpeg)
{
  g_autofree char *markers = fixture_list_markers (jpeg);
  g_auto(GStrv) list = g_strsplit (markers, " ", -1);

  for (guint i = 0; list[i] != NULL; i++)
    {
      guint64 marker = g_ascii_strtoull (list[i], NULL, 16);

      /* APP0 is the JFIF header (density only); every other APPn and COM
       * can carry metadata. */
      if ((marker >= 0xE1 && marker <= 0xEF) || marker == 0xFE)
        return TRUE;
    }

  return FALSE;
}

char *
fixture_write (const char *dir,
               const char *name,
               GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  return path;
}
