/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A tracking code is what a citizen writes down or types: `K7QM-B4X9T`.
 * Four characters of device prefix, a dash, four characters that encode a
 * per-device sequence number (scrambled, so neighbouring codes do not look
 * alike), and a check character: a weighted sum modulo 29 with distinct
 * weights, which catches every single mistyped character and every swap of
 * two neighbours (29 is prime, so no error can cancel out).
 *
 * The alphabet leaves out 0, 1, I, L, O, U and Z, which people confuse
 * with O, I, 1, 1, 0, V and 2.
 */
#define ADUAN_TRACKING_CODE_ALPHABET      "23456789ABCDEFGHJKMNPQRSTVWXY"
#define ADUAN_TRACKING_CODE_PREFIX_LENGTH 4
#define ADUAN_TRACKING_CODE_LENGTH        10  /* with the dash */
#define ADUAN_TRACKING_CODE_MAX_SEQUENCE  707281  /* 29^4 codes per prefix */

char     *aduan_tracking_code_make_prefix (void);
gboolean  aduan_tracking_code_prefix_is_valid (const char *prefix);
char     *aduan_tracking_code_build       (const char  *prefix,
                                           guint32      sequence,
                                           GError     **error);
char     *aduan_tracking_code_normalize   (const char  *text,
                                           GError     **error);
gboolean  aduan_tracking_code_is_valid    (const char  *code);
char      aduan_tracking_code_check_character (const char *payload,
                                               gsize       length);

G_END_DECLS
