/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ADUAN_KIOSK_PIN_MIN_DIGITS   4
#define ADUAN_KIOSK_PIN_MAX_DIGITS   12
#define ADUAN_KIOSK_PIN_ITERATIONS   100000
/* Wrong PINs in a row before the kiosk makes the next one wait. */
#define ADUAN_KIOSK_PIN_FREE_TRIES   3
#define ADUAN_KIOSK_PIN_FIRST_WAIT_S 30
#define ADUAN_KIOSK_PIN_MAX_WAIT_S   3600

/**
 * AduanKioskPinGuard:
 * @failures: wrong PINs in a row
 * @locked_until: no PIN is checked before this (UTC microseconds), or 0
 *
 * The attempt limit of the admin PIN, kept in the settings so that
 * restarting the kiosk does not end a wait.
 */
typedef struct
{
  guint  failures;
  gint64 locked_until;
} AduanKioskPinGuard;

void      aduan_kiosk_pbkdf2_sha256        (const guint8 *password,
                                            gsize         password_length,
                                            const guint8 *salt,
                                            gsize         salt_length,
                                            guint         iterations,
                                            guint8        out[32]);

gboolean  aduan_kiosk_pin_is_acceptable    (const char  *pin,
                                            char       **out_message);
char     *aduan_kiosk_pin_make_salt        (GError    **error);
char     *aduan_kiosk_pin_hash             (const char  *pin,
                                            const char  *salt_hex,
                                            guint        iterations);
gboolean  aduan_kiosk_pin_verify           (const char  *pin,
                                            const char  *salt_hex,
                                            const char  *stored_hash);

gint64    aduan_kiosk_pin_guard_get_wait   (AduanKioskPinGuard       *guard,
                                            gint64                    now_usec);
void      aduan_kiosk_pin_guard_record     (AduanKioskPinGuard       *guard,
                                            gboolean                  success,
                                            gint64                    now_usec);

G_END_DECLS
