/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <libexif/exif-data.h>

#include "aduan-exif.h"
#include "aduan-photo-error.h"

/* JPEG markers (ITU T.81, table B.1). */
#define MARKER_SOI   0xD8
#define MARKER_EOI   0xD9
#define MARKER_SOS   0xDA
#define MARKER_APP1  0xE1
#define MARKER_TEM   0x01

static gboolean
marker_is_frame (guint marker)
{
  /* SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the
   * range but are tables, not frames. */
  return marker >= 0xC0 && marker <= 0xCF &&
         marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

static gboolean
marker_is_standalone (guint marker)
{
  return marker == MARKER_TEM || (marker >= 0xD0 && marker <= 0xD7);
}

static gboolean
parse_frame (const guint8    *segment,
             gsize            length,
             guint            marker,
             AduanJpegHeader *header,
             GError         **error)
{
  guint max_h = 1, max_v = 1;
  guint sum = 0;

  if (length < 6)
    goto bad;

  header->sof_marker = marker;
  header->height = (segment[1] << 8) | segment[2];
  header->width = (segment[3] << 8) | segment[4];
  header->components = segment[5];
  header->progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;

  if (header->components == 0 || length < 6 + 3 * (gsize) header->components)
    goto bad;

  for (guint c = 0; c < header->components; c++)
    {
      guint h = segment[6 + 3 * c + 1] >> 4;
      guint v = segment[6 + 3 * c + 1] & 0x0F;

      if (h == 0 || v == 0)
        goto bad;
      max_h = MAX (max_h, h);
      max_v = MAX (max_v, v);
    }
  for (guint c = 0; c < header->components; c++)
    {
      guint h = segment[6 + 3 * c + 1] >> 4;
      guint v = segment[6 + 3 * c + 1] & 0x0F;

      /* Four times the component's share of the pixels, rounded up, so
       * 4:2:0 chroma (a quarter each) still counts. */
      sum += (4 * h * v + max_h * max_v - 1) / (max_h * max_v);
    }
  header->coefficient_samples = sum;
  return TRUE;

bad:
  g_set_error_literal (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_CORRUPT,
                       _("the JPEG frame header is damaged"));
  return FALSE;
}

/* Scan data cannot contain FF D9 except as the end marker: a literal FF
 * byte is stuffed as FF 00, and restart markers are FF D0…D7. */
static gboolean
find_end_marker (const guint8 *data,
                 gsize         length)
{
  const guint8 *p = data;
  const guint8 *end = data + length;

  while (p + 1 < end)
    {
      const guint8 *ff = memchr (p, 0xFF, (gsize) (end - p - 1));

      if (ff == NULL)
        return FALSE;
      if (ff[1] == MARKER_EOI)
        return TRUE;
      p = ff + 1;
    }

  return FALSE;
}

/**
 * aduan_jpeg_header_parse:
 * @data: the whole file
 * @length: its length
 * @out_header: (out caller-allocates): what the markers say
 * @error: return location for an error
 *
 * Walks the markers up to the first scan, so limits can be checked from
 * the frame's size before any pixel is decoded. A file that ends inside
 * its headers after the frame header still yields the frame's size (with
 * @has_scan unset), so an oversized image is refused as oversized, not as
 * truncated.
 *
 * Returns: %TRUE when a frame header was found
 */
gboolean
aduan_jpeg_header_parse (const guint8    *data,
                         gsize            length,
                         AduanJpegHeader *out_header,
                         GError         **error)
{
  AduanJpegHeader header = { 0 };
  gsize pos;
  gboolean have_frame = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_header != NULL, FALSE);

  if (length < 4 || data[0] != 0xFF || data[1] != MARKER_SOI)
    {
      g_set_error_literal (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_CORRUPT,
                           _("not a JPEG file"));
      return FALSE;
    }

  pos = 2;
  while (pos < length)
    {
      guint marker;
      gsize segment_length;

      if (data[pos] != 0xFF)
        break;
      /* Any number of FF fill bytes may precede a marker. */
      while (pos < length && data[pos] == 0xFF)
        pos++;
      if (pos >= length)
        break;
      marker = data[pos++];

      if (marker == 0x00 || marker == MARKER_SOI || marker == MARKER_EOI)
        break;
      if (marker_is_standalone (marker))
        continue;

      if (pos + 2 > length)
        {
          pos = length;
          break;
        }
      segment_length = ((gsize) data[pos] << 8) | data[pos + 1];
      if (segment_length < 2)
        break;

      if (marker_is_frame (marker) && !have_frame)
        {
          if (pos + segment_length > length)
            {
              pos = length;
              break;
            }
          if (!parse_frame (data + pos + 2, segment_length - 2, marker, &header, error))
            return FALSE;
          have_frame = TRUE;
        }
      else if (marker == MARKER_APP1 && header.exif == NULL &&
               pos + segment_length <= length && segment_length >= 2 + 6 + 8 &&
               memcmp (data + pos + 2, "Exif\0\0", 6) == 0)
        {
          header.exif = data + pos + 2 + 6;
          header.exif_length = segment_length - 2 - 6;
        }
      else if (marker == MARKER_SOS)
        {
          header.has_scan = pos + segment_length <= length;
          header.truncated = !header.has_scan;
          if (header.has_scan)
            header.has_end = find_end_marker (data + pos + segment_length, length - pos - segment_length);
          break;
        }

      pos += segment_length;
    }

  if (!header.has_scan && pos >= length)
    header.truncated = TRUE;

  if (!have_frame)
    {
      g_set_error_literal (error, ADUAN_PHOTO_ERROR,
                           pos >= length ? ADUAN_PHOTO_ERROR_TRUNCATED : ADUAN_PHOTO_ERROR_CORRUPT,
                           pos >= length ? _("the file ends inside the JPEG header")
                                         : _("the JPEG header is damaged"));
      return FALSE;
    }

  *out_header = header;
  return TRUE;
}

/**
 * aduan_exif_info_init:
 * @info: (out caller-allocates): to reset
 *
 * Sets @info to "nothing known": orientation 1, no location, no time.
 */
void
aduan_exif_info_init (AduanExifInfo *info)
{
  g_return_if_fail (info != NULL);

  memset (info, 0, sizeof *info);
  info->orientation = 1;
  info->accuracy_m = -1;
}

static ExifEntry *
get_entry (ExifData   *exif,
           ExifIfd     ifd,
           ExifTag     tag,
           ExifFormat  format,
           guint       min_components)
{
  ExifEntry *entry = exif_content_get_entry (exif->ifd[ifd], tag);

  /* Values from a file are untrusted: check the type and that the data
   * really holds as many components as it claims. */
  if (entry == NULL || entry->format != format || entry->data == NULL ||
      entry->components < min_components ||
      entry->size < exif_format_get_size (format) * entry->components)
    return NULL;

  return entry;
}

static char *
get_ascii (ExifData *exif,
           ExifIfd   ifd,
           ExifTag   tag)
{
  ExifEntry *entry = get_entry (exif, ifd, tag, EXIF_FORMAT_ASCII, 1);

  if (entry == NULL)
    return NULL;

  return g_strndup ((const char *) entry->data, entry->size);
}

static gboolean
get_rationals (ExifData *exif,
               ExifIfd   ifd,
               ExifTag   tag,
               guint     count,
               double   *out)
{
  ExifEntry *entry = get_entry (exif, ifd, tag, EXIF_FORMAT_RATIONAL, count);
  ExifByteOrder order = exif_data_get_byte_order (exif);

  if (entry == NULL)
    return FALSE;

  for (guint i = 0; i < count; i++)
    {
      ExifRational r = exif_get_rational (entry->data + 8 * i, order);

      if (r.denominator == 0)
        return FALSE;
      out[i] = (double) r.numerator / (double) r.denominator;
    }

  return TRUE;
}

static gboolean
get_coordinate (ExifData *exif,
                ExifTag   ref_tag,
                ExifTag   value_tag,
                char      negative_ref,
                double    limit,
                double   *out)
{
  g_autofree char *ref = get_ascii (exif, EXIF_IFD_GPS, ref_tag);
  double dms[3];
  double degrees;

  if (ref == NULL || !get_rationals (exif, EXIF_IFD_GPS, value_tag, 3, dms))
    return FALSE;
  if (dms[1] >= 60 || dms[2] >= 60)
    return FALSE;

  degrees = dms[0] + dms[1] / 60.0 + dms[2] / 3600.0;
  if (!isfinite (degrees) || degrees > limit)
    return FALSE;
  if (g_ascii_toupper (ref[0]) == negative_ref)
    degrees = -degrees;

  *out = degrees;
  return TRUE;
}

/* "YYYY:MM:DD HH:MM:SS", the EXIF 2.3 date format, in @zone. */
static gint64
parse_exif_datetime (const char *text,
                     GTimeZone  *zone)
{
  int year, month, day, hour, minute, second;
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL ||
      sscanf (text, "%4d:%2d:%2d %2d:%2d:%2d", &year, &month, &day, &hour, &minute, &second) != 6 ||
      year < 1900)
    return 0;

  time = g_date_time_new (zone, year, month, day, hour, minute, second);
  if (time == NULL)
    return 0;

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

/* EXIF 2.31 OffsetTimeOriginal: "+07:00". */
static GTimeZone *
parse_offset (const char *text)
{
  int hours, minutes;
  char sign;

  if (text == NULL || sscanf (text, "%c%2d:%2d", &sign, &hours, &minutes) != 3 ||
      (sign != '+' && sign != '-') || hours > 14 || minutes > 59)
    return NULL;

  return g_time_zone_new_offset ((sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60));
}

static gint64
get_gps_time (ExifData *exif)
{
  g_autofree char *date = get_ascii (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_DATE_STAMP);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  double hms[3];
  int year, month, day;

  if (date == NULL || sscanf (date, "%4d:%2d:%2d", &year, &month, &day) != 3 ||
      !get_rationals (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_TIME_STAMP, 3, hms) ||
      hms[0] >= 24 || hms[1] >= 60 || hms[2] >= 61)
    return 0;

  time = g_date_time_new (utc, year, month, day, (int) hms[0], (int) hms[1], hms[2]);
  if (time == NULL)
    return 0;

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
read_location (ExifData      *exif,
               AduanExifInfo *info)
{
  g_autofree char *status = get_ascii (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_STATUS);
  double latitude, longitude, error_m;

  /* "V" is a void measurement: the receiver said it had no fix. */
  if (status != NULL && g_ascii_toupper (status[0]) == 'V')
    return;

  if (!get_coordinate (exif, (ExifTag) EXIF_TAG_GPS_LATITUDE_REF, (ExifTag) EXIF_TAG_GPS_LATITUDE, 'S', 90, &latitude) ||
      !get_coordinate (exif, (ExifTag) EXIF_TAG_GPS_LONGITUDE_REF, (ExifTag) EXIF_TAG_GPS_LONGITUDE, 'W', 180, &longitude))
    return;

  /* Some phones write 0, 0 when they had no fix at all. */
  if (latitude == 0 && longitude == 0)
    return;

  info->has_location = TRUE;
  info->latitude = latitude;
  info->longitude = longitude;
  if (get_rationals (exif, EXIF_IFD_GPS, (ExifTag) EXIF_TAG_GPS_H_POSITIONING_ERROR, 1, &error_m) &&
      isfinite (error_m) && error_m >= 0 && error_m < 1e7)
    info->accuracy_m = error_m;
  info->location_time = get_gps_time (exif);
}

static void
read_time (ExifData      *exif,
           AduanExifInfo *info)
{
  g_autofree char *original = get_ascii (exif, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL);
  g_autofree char *offset = get_ascii (exif, EXIF_IFD_EXIF, EXIF_TAG_OFFSET_TIME_ORIGINAL);
  g_autoptr(GTimeZone) zone = parse_offset (offset);

  if (zone != NULL)
    {
      info->taken_at = parse_exif_datetime (original, zone);
      info->taken_at_has_zone = info->taken_at != 0;
    }
  else if (original != NULL)
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();

      /* Without an offset the camera's clock is read as local time: the
       * phone and this computer are in the same region, and the GPS time
       * below, when present, fixes it. */
      info->taken_at = parse_exif_datetime (original, local);
    }

  if (info->taken_at == 0 && info->location_time != 0)
    {
      info->taken_at = info->location_time;
      info->taken_at_has_zone = TRUE;
    }
}

/**
 * aduan_exif_parse:
 * @tiff: an EXIF block's TIFF data, as found by aduan_jpeg_header_parse()
 * @length: its length
 * @info: (inout): filled with what the block says; fields the block does
 *   not hold keep their value, so call aduan_exif_info_init() first
 *
 * Reads orientation, GPS position and accuracy, and the time the photo was
 * taken. Damaged or implausible values are ignored, never trusted.
 *
 * Returns: %TRUE when the block could be parsed at all
 */
gboolean
aduan_exif_parse (const guint8  *tiff,
                  gsize          length,
                  AduanExifInfo *info)
{
  g_autofree guint8 *block = NULL;
  ExifData *exif;
  ExifEntry *entry;

  g_return_val_if_fail (info != NULL, FALSE);

  if (tiff == NULL || length < 8 || length > G_MAXUINT16)
    return FALSE;

  /* libexif wants the "Exif\0\0" header in front of the TIFF data. */
  block = g_malloc (length + 6);
  memcpy (block, "Exif\0\0", 6);
  memcpy (block + 6, tiff, length);

  exif = exif_data_new ();
  if (exif == NULL)
    return FALSE;
  /* Read what is there; never have libexif "repair" it by adding tags. */
  exif_data_unset_option (exif, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_load_data (exif, block, (unsigned int) (length + 6));

  entry = get_entry (exif, EXIF_IFD_0, EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT, 1);
  if (entry != NULL)
    {
      guint orientation = exif_get_short (entry->data, exif_data_get_byte_order (exif));

      if (orientation >= 1 && orientation <= 8)
        info->orientation = orientation;
    }

  read_location (exif, info);
  read_time (exif, info);

  exif_data_unref (exif);
  return TRUE;
}
