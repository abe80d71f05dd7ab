/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <turbojpeg.h>

#include "aduan-photo-error.h"
#include "aduan-photo-image-private.h"

/* Resampling weights are fixed point: 1.0 is 1 << 16. */
#define WEIGHT_ONE (1u << 16)

AduanImage *
_aduan_image_new (guint    width,
                  guint    height,
                  GError **error)
{
  AduanImage *image;
  gsize size;

  g_assert (width > 0 && height > 0);

  if (!g_size_checked_mul (&size, width, height) || !g_size_checked_mul (&size, size, 3))
    goto no_memory;

  image = g_new0 (AduanImage, 1);
  image->width = width;
  image->height = height;
  /* g_try_malloc: an allocation this size failing is an oversized photo,
   * not a reason to abort the program. */
  image->pixels = g_try_malloc (size);
  if (image->pixels == NULL)
    {
      g_free (image);
      goto no_memory;
    }

  return image;

no_memory:
  g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE,
               _("not enough memory for %u × %u pixels"), width, height);
  return NULL;
}

void
_aduan_image_free (AduanImage *image)
{
  if (image == NULL)
    return;

  g_free (image->pixels);
  g_free (image);
}

/**
 * _aduan_image_fit:
 *
 * The size of @width × @height scaled so its long edge is @long_edge,
 * never larger than it is.
 */
void
_aduan_image_fit (guint  width,
                  guint  height,
                  guint  long_edge,
                  guint *out_width,
                  guint *out_height)
{
  guint longest = MAX (width, height);

  if (longest <= long_edge)
    {
      *out_width = width;
      *out_height = height;
      return;
    }

  *out_width = MAX (1, (guint) (((guint64) width * long_edge * 2 + longest) / (2 * (guint64) longest)));
  *out_height = MAX (1, (guint) (((guint64) height * long_edge * 2 + longest) / (2 * (guint64) longest)));
}

static guint
scaled (guint            dimension,
        tjscalingfactor  factor)
{
  return TJSCALED ((int) dimension, factor);
}

/* The smallest DCT scaling whose result is still at least @min_long_edge
 * on its long side, so the resampler only ever shrinks, by less than 2×,
 * and most of the work of shrinking a big photo is skipped in the IDCT. */
static tjscalingfactor
choose_scaling (guint width,
                guint height,
                guint min_long_edge)
{
  tjscalingfactor best = { 1, 1 };
  tjscalingfactor *factors;
  guint best_edge = MAX (width, height);
  int n = 0;

  factors = tjGetScalingFactors (&n);
  for (int i = 0; factors != NULL && i < n; i++)
    {
      guint edge = MAX (scaled (width, factors[i]), scaled (height, factors[i]));

      if (factors[i].num > factors[i].denom)
        continue;
      if (edge >= min_long_edge && edge < best_edge)
        {
          best = factors[i];
          best_edge = edge;
        }
    }

  return best;
}

/**
 * _aduan_image_decode_jpeg:
 * @min_long_edge: decode at a DCT scale whose long edge is at least this
 * @out_warning: (out) (transfer full): set when libjpeg-turbo decoded the
 *   image but warned (damaged data; parts of the image may be grey)
 *
 * Returns: (transfer full) (nullable): the pixels, at a reduced size
 */
AduanImage *
_aduan_image_decode_jpeg (const guint8           *data,
                          gsize                   length,
                          const AduanJpegHeader  *header,
                          guint                   min_long_edge,
                          char                  **out_warning,
                          GError                **error)
{
  g_autoptr(AduanImage) image = NULL;
  tjscalingfactor factor;
  tjhandle handle;
  int status;

  *out_warning = NULL;
  if (length > G_MAXULONG)
    {
      g_set_error_literal (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE,
                           _("the file is too large"));
      return NULL;
    }

  factor = choose_scaling (header->width, header->height, min_long_edge);
  image = _aduan_image_new (scaled (header->width, factor), scaled (header->height, factor), error);
  if (image == NULL)
    return NULL;

  handle = tjInitDecompress ();
  if (handle == NULL)
    {
      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE,
                   _("cannot start the JPEG decoder: %s"), tjGetErrorStr2 (NULL));
      return NULL;
    }

  status = tjDecompress2 (handle, data, (unsigned long) length, image->pixels,
                          (int) image->width, 0, (int) image->height, TJPF_RGB, 0);
  if (status != 0)
    {
      /* A warning still leaves a complete buffer: libjpeg fills what it
       * could not read with grey. The caller decides whether that is good
       * enough. An error leaves nothing usable. */
      if (tjGetErrorCode (handle) == TJERR_WARNING)
        *out_warning = g_strdup (tjGetErrorStr2 (handle));
      else
        {
          g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_CORRUPT,
                       _("the JPEG data is damaged (%s)"), tjGetErrorStr2 (handle));
          tjDestroy (handle);
          return NULL;
        }
    }

  tjDestroy (handle);
  return g_steal_pointer (&image);
}

typedef struct
{
  guint start;   /* first input sample */
  guint count;   /* how many input samples */
  guint offset;  /* into the weight array */
} Span;

/* Area averaging: each output sample is the mean of the input it covers,
 * partly covered samples counting by the covered fraction. For shrinking
 * it is exact box filtering with no ringing, and cheap. */
static Span *
make_spans (guint     in,
            guint     out,
            guint32 **out_weights)
{
  double ratio = (double) in / (double) out;
  guint max_taps = (guint) ceil (ratio) + 2;
  Span *spans = g_new (Span, out);
  guint32 *weights = g_new0 (guint32, (gsize) out * max_taps);
  guint offset = 0;

  g_assert (out > 0 && out <= in);

  for (guint i = 0; i < out; i++)
    {
      double a = i * ratio;
      double b = (i + 1) * ratio;
      guint start = MIN ((guint) floor (a), in - 1);
      guint end = MIN ((guint) ceil (b), in);
      gint64 sum = 0;
      guint largest = 0;

      if (end <= start)
        end = start + 1;
      g_assert (end - start <= max_taps);

      for (guint k = start; k < end; k++)
        {
          double overlap = MIN (k + 1.0, b) - MAX ((double) k, a);
          guint32 w = overlap > 0 ? (guint32) (overlap / ratio * WEIGHT_ONE + 0.5) : 0;

          weights[offset + k - start] = w;
          sum += w;
          if (w > weights[offset + largest])
            largest = k - start;
        }

      /* Rounding must not brighten or darken: the weights sum to one. */
      weights[offset + largest] = (guint32) ((gint64) weights[offset + largest] + (gint64) WEIGHT_ONE - sum);

      spans[i].start = start;
      spans[i].count = end - start;
      spans[i].offset = offset;
      offset += end - start;
    }

  *out_weights = weights;
  return spans;
}

static inline guint8
clamp_fixed (guint32 value)
{
  value = (value + WEIGHT_ONE / 2) >> 16;
  return value > 255 ? 255 : (guint8) value;
}

/* One input row through the horizontal pass. */
static void
scale_row (const guint8  *in,
           guint          channels,
           const Span    *spans,
           const guint32 *weights,
           guint          out_width,
           guint8        *out)
{
  for (guint x = 0; x < out_width; x++)
    {
      const Span *span = &spans[x];
      const guint32 *w = weights + span->offset;
      const guint8 *p = in + (gsize) span->start * channels;
      guint32 r = 0, g = 0, b = 0;

      if (channels == 3)
        {
          for (guint t = 0; t < span->count; t++, p += 3)
            {
              r += w[t] * p[0];
              g += w[t] * p[1];
              b += w[t] * p[2];
            }
        }
      else
        {
          for (guint t = 0; t < span->count; t++, p += 4)
            {
              guint alpha = p[3];
              guint white = 255 * (255 - alpha);

              r += w[t] * ((p[0] * alpha + white + 127) / 255);
              g += w[t] * ((p[1] * alpha + white + 127) / 255);
              b += w[t] * ((p[2] * alpha + white + 127) / 255);
            }
        }

      out[3 * x] = clamp_fixed (r);
      out[3 * x + 1] = clamp_fixed (g);
      out[3 * x + 2] = clamp_fixed (b);
    }
}

/**
 * _aduan_image_scale:
 * @channels: 3 (RGB) or 4 (RGBA, not premultiplied: composited over white,
 *   since a photo has no transparency)
 *
 * Shrinks to @out_width × @out_height, each no larger than the input.
 * Rows go through the horizontal pass as the vertical pass needs them,
 * into a ring of a few rows: no second full-size buffer is touched, which
 * matters as much for time (fresh pages fault) as for memory.
 *
 * Returns: (transfer full) (nullable): the RGB result
 */
AduanImage *
_aduan_image_scale (const guint8  *pixels,
                    guint          width,
                    guint          height,
                    gsize          stride,
                    guint          channels,
                    guint          out_width,
                    guint          out_height,
                    GError       **error)
{
  g_autoptr(AduanImage) image = NULL;
  g_autofree guint8 *ring = NULL;
  g_autofree guint32 *h_weights = NULL;
  g_autofree guint32 *v_weights = NULL;
  g_autofree guint32 *accumulator = NULL;
  g_autofree Span *h_spans = NULL;
  g_autofree Span *v_spans = NULL;
  gsize row_bytes = (gsize) out_width * 3;
  guint ring_rows = 0;
  gint64 next_row = 0;  /* the next input row to put through the horizontal pass */

  g_assert (channels == 3 || channels == 4);
  g_assert (out_width <= width && out_height <= height);

  image = _aduan_image_new (out_width, out_height, error);
  if (image == NULL)
    return NULL;

  if (out_width == width && out_height == height && channels == 3)
    {
      for (guint y = 0; y < height; y++)
        memcpy (image->pixels + y * row_bytes, pixels + y * stride, row_bytes);
      return g_steal_pointer (&image);
    }

  h_spans = make_spans (width, out_width, &h_weights);
  v_spans = make_spans (height, out_height, &v_weights);
  for (guint y = 0; y < out_height; y++)
    ring_rows = MAX (ring_rows, v_spans[y].count);
  ring = g_malloc ((gsize) ring_rows * row_bytes);
  accumulator = g_new (guint32, row_bytes);

  for (guint y = 0; y < out_height; y++)
    {
      const Span *span = &v_spans[y];
      const guint32 *w = v_weights + span->offset;
      guint8 *out = image->pixels + y * row_bytes;

      /* Rows needed by consecutive output rows overlap by at most one and
       * only move forward, so each input row is scaled once, and a ring
       * as deep as the widest span holds all of one output row's. */
      for (; next_row < (gint64) span->start + span->count; next_row++)
        scale_row (pixels + (gsize) next_row * stride, channels, h_spans, h_weights, out_width,
                   ring + (gsize) (next_row % ring_rows) * row_bytes);

      memset (accumulator, 0, row_bytes * sizeof (guint32));
      for (guint t = 0; t < span->count; t++)
        {
          const guint8 *in = ring + (gsize) ((span->start + t) % ring_rows) * row_bytes;
          guint32 weight = w[t];

          for (gsize i = 0; i < row_bytes; i++)
            accumulator[i] += weight * in[i];
        }
      for (gsize i = 0; i < row_bytes; i++)
        out[i] = clamp_fixed (accumulator[i]);
    }

  return g_steal_pointer (&image);
}

/**
 * _aduan_image_orient:
 * @orientation: EXIF orientation 1–8 of @image
 *
 * Returns: (transfer full) (nullable): @image turned and mirrored so it
 *   shows the right way up with orientation 1
 */
AduanImage *
_aduan_image_orient (const AduanImage  *image,
                     guint              orientation,
                     GError           **error)
{
  g_autoptr(AduanImage) result = NULL;
  gboolean swap = orientation >= 5 && orientation <= 8;
  gssize w = image->width, h = image->height;
  gssize stride = w * 3;
  /* Output (x, y) reads input (ax·x + bx·y + cx, ay·x + by·y + cy). */
  gssize ax = 1, bx = 0, cx = 0, ay = 0, by = 1, cy = 0;

  switch (orientation)
    {
    case 2: ax = -1; cx = w - 1; break;
    case 3: ax = -1; cx = w - 1; by = -1; cy = h - 1; break;
    case 4: by = -1; cy = h - 1; break;
    case 5: ax = 0; bx = 1; ay = 1; by = 0; break;
    case 6: ax = 0; bx = 1; ay = -1; by = 0; cy = h - 1; break;
    case 7: ax = 0; bx = -1; cx = w - 1; ay = -1; by = 0; cy = h - 1; break;
    case 8: ax = 0; bx = -1; cx = w - 1; ay = 1; by = 0; break;
    default: break;
    }

  result = _aduan_image_new (swap ? image->height : image->width,
                             swap ? image->width : image->height, error);
  if (result == NULL)
    return NULL;

  for (guint y = 0; y < result->height; y++)
    {
      gssize step = ay * stride + ax * 3;
      const guint8 *in = image->pixels + (by * (gssize) y + cy) * stride + (bx * (gssize) y + cx) * 3;
      guint8 *out = result->pixels + (gsize) y * result->width * 3;

      for (guint x = 0; x < result->width; x++, in += step, out += 3)
        {
          out[0] = in[0];
          out[1] = in[1];
          out[2] = in[2];
        }
    }

  return g_steal_pointer (&result);
}

static void
free_tj_buffer (gpointer data)
{
  tjFree (data);
}

/**
 * _aduan_image_encode_jpeg:
 * @quality: 1–100
 *
 * The encoder writes a JFIF header and the image, nothing else: no EXIF,
 * XMP, ICC profile or comment ever reaches a stored photo.
 *
 * Returns: (transfer full) (nullable): the JPEG file's bytes
 */
GBytes *
_aduan_image_encode_jpeg (const AduanImage  *image,
                          int                quality,
                          GError           **error)
{
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  tjhandle handle = tjInitCompress ();

  if (handle == NULL)
    {
      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE,
                   _("cannot start the JPEG encoder: %s"), tjGetErrorStr2 (NULL));
      return NULL;
    }

  if (tjCompress2 (handle, image->pixels, (int) image->width, 0, (int) image->height, TJPF_RGB,
                   &buffer, &size, TJSAMP_420, quality, 0) != 0)
    {
      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_TOO_LARGE,
                   _("cannot encode the photo: %s"), tjGetErrorStr2 (handle));
      tjFree (buffer);
      tjDestroy (handle);
      return NULL;
    }

  tjDestroy (handle);
  return g_bytes_new_with_free_func (buffer, size, free_tj_buffer, buffer);
}
