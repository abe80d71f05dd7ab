/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "aduan-kiosk-pin.h"

/*
 * The kiosk's admin PIN: never stored, only its salted PBKDF2-HMAC-SHA256
 * (RFC 8018) hash. A PIN of a few digits cannot resist someone who holds
 * the hash and time, so the defence at the screen is the attempt limit:
 * three tries, then a wait that doubles with every further wrong PIN.
 */

#define SALT_BYTES 16
#define HASH_SCHEME "pbkdf2-sha256"

/**
 * aduan_kiosk_pbkdf2_sha256:
 * @out: (out caller-allocates): the 32-byte derived key
 *
 * PBKDF2 with HMAC-SHA256 and a 32-byte key: one block, so one chain of
 * @iterations HMACs.
 */
void
aduan_kiosk_pbkdf2_sha256 (const guint8 *password,
                           gsize         password_length,
                           const guint8 *salt,
                           gsize         salt_length,
                           guint         iterations,
                           guint8        out[32])
{
  g_autoptr(GHmac) keyed = NULL;
  g_autoptr(GHmac) first = NULL;
  guint8 block[32];
  gsize length = sizeof block;
  static const guint8 block_index[4] = { 0, 0, 0, 1 };

  g_return_if_fail (iterations > 0);

  /* Keying HMAC is half its cost: key once, copy for every round. */
  keyed = g_hmac_new (G_CHECKSUM_SHA256, password, password_length);

  first = g_hmac_copy (keyed);
  g_hmac_update (first, salt, salt_length);
  g_hmac_update (first, block_index, sizeof block_index);
  g_hmac_get_digest (first, block, &length);
  memcpy (out, block, sizeof block);

  for (guint i = 1; i < iterations; i++)
    {
      g_autoptr(GHmac) round = g_hmac_copy (keyed);

      g_hmac_update (round, block, sizeof block);
      length = sizeof block;
      g_hmac_get_digest (round, block, &length);
      for (guint j = 0; j < sizeof block; j++)
        out[j] ^= block[j];
    }

  explicit_bzero (block, sizeof block);
}

/**
 * aduan_kiosk_pin_is_acceptable:
 * @out_message: (out) (optional) (transfer full): why not
 *
 * Returns: whether @pin may be chosen: 4 to 12 digits
 */
gboolean
aduan_kiosk_pin_is_acceptable (const char  *pin,
                               char       **out_message)
{
  gsize n = pin != NULL ? strlen (pin) : 0;

  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (pin[i]))
        {
          if (out_message != NULL)
            *out_message = g_strdup (_("A PIN has only digits."));
          return FALSE;
        }
    }

  if (n < ADUAN_KIOSK_PIN_MIN_DIGITS || n > ADUAN_KIOSK_PIN_MAX_DIGITS)
    {
      if (out_message != NULL)
        *out_message = g_strdup_printf (_("A PIN has %d to %d digits."),
                                        ADUAN_KIOSK_PIN_MIN_DIGITS, ADUAN_KIOSK_PIN_MAX_DIGITS);
      return FALSE;
    }

  return TRUE;
}

static char *
to_hex (const guint8 *data,
        gsize         length)
{
  GString *hex = g_string_sized_new (length * 2);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", data[i]);

  return g_string_free (hex, FALSE);
}

static GBytes *
from_hex (const char *hex)
{
  gsize n = hex != NULL ? strlen (hex) : 0;
  GByteArray *bytes;

  if (n == 0 || n % 2 != 0)
    return NULL;

  bytes = g_byte_array_sized_new (n / 2);
  for (gsize i = 0; i < n; i += 2)
    {
      int high = g_ascii_xdigit_value (hex[i]);
      int low = g_ascii_xdigit_value (hex[i + 1]);
      guint8 byte;

      if (high < 0 || low < 0)
        {
          g_byte_array_unref (bytes);
          return NULL;
        }
      byte = (guint8) (high << 4 | low);
      g_byte_array_append (bytes, &byte, 1);
    }

  return g_byte_array_free_to_bytes (bytes);
}

/**
 * aduan_kiosk_pin_make_salt:
 *
 * Returns: (transfer full) (nullable): 16 random bytes from the kernel,
 *   in hex, or %NULL with @error set when the kernel gives none
 */
char *
aduan_kiosk_pin_make_salt (GError **error)
{
  guint8 salt[SALT_BYTES];
  gsize got = 0;

  while (got < sizeof salt)
    {
      ssize_t n = getrandom (salt + got, sizeof salt - got, 0);

      if (n > 0)
        got += n;
      else if (n < 0 && errno != EINTR)
        {
          int saved_errno = errno;

          /* A predictable salt is worse than no new PIN. */
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("No random numbers for the PIN: %s"), g_strerror (saved_errno));
          return NULL;
        }
    }

  return to_hex (salt, sizeof salt);
}

/**
 * aduan_kiosk_pin_hash:
 * @salt_hex: the salt, from aduan_kiosk_pin_make_salt()
 *
 * Returns: (transfer full) (nullable): `pbkdf2-sha256$ITERATIONS$HEX`, or
 *   %NULL if the salt is not hex
 */
char *
aduan_kiosk_pin_hash (const char *pin,
                      const char *salt_hex,
                      guint       iterations)
{
  g_autoptr(GBytes) salt = from_hex (salt_hex);
  g_autofree char *hex = NULL;
  guint8 key[32];
  gsize salt_length;
  const guint8 *salt_data;

  g_return_val_if_fail (pin != NULL, NULL);

  if (salt == NULL || iterations == 0)
    return NULL;

  salt_data = g_bytes_get_data (salt, &salt_length);
  aduan_kiosk_pbkdf2_sha256 ((const guint8 *) pin, strlen (pin), salt_data, salt_length, iterations, key);
  hex = to_hex (key, sizeof key);
  explicit_bzero (key, sizeof key);

  return g_strdup_printf (HASH_SCHEME "$%u$%s", iterations, hex);
}

/**
 * aduan_kiosk_pin_verify:
 *
 * Returns: whether @pin is the one @stored_hash was made from. A stored
 *   hash that cannot be read matches nothing.
 */
gboolean
aduan_kiosk_pin_verify (const char *pin,
                        const char *salt_hex,
                        const char *stored_hash)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *computed = NULL;
  guint64 iterations;
  guint8 difference = 0;
  gsize n;

  if (pin == NULL || stored_hash == NULL)
    return FALSE;

  parts = g_strsplit (stored_hash, "$", 4);
  if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], HASH_SCHEME) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 10000000, &iterations, NULL))
    return FALSE;

  computed = aduan_kiosk_pin_hash (pin, salt_hex, (guint) iterations);
  if (computed == NULL)
    return FALSE;

  n = strlen (stored_hash);
  if (strlen (computed) != n)
    return FALSE;

  /* Compare every byte, so the time taken says nothing about how much of
   * the hash matched. */
  for (gsize i = 0; i < n; i++)
    difference |= (guint8) (computed[i] ^ stored_hash[i]);

  return difference == 0;
}

/**
 * aduan_kiosk_pin_guard_get_wait:
 * @now_usec: the time, UTC microseconds
 *
 * A lock further away than the longest wait can only come from a clock
 * that was set back since: it is brought back to the longest wait from
 * now, so the kiosk is not locked for years.
 *
 * Returns: how long, in microseconds, before a PIN may be tried; 0 now
 */
gint64
aduan_kiosk_pin_guard_get_wait (AduanKioskPinGuard *guard,
                                gint64              now_usec)
{
  gint64 max_wait = (gint64) ADUAN_KIOSK_PIN_MAX_WAIT_S * G_USEC_PER_SEC;

  g_return_val_if_fail (guard != NULL, 0);

  if (guard->locked_until <= now_usec)
    return 0;

  if (guard->locked_until - now_usec > max_wait)
    guard->locked_until = now_usec + max_wait;

  return guard->locked_until - now_usec;
}

/**
 * aduan_kiosk_pin_guard_record:
 * @success: whether the PIN was right
 *
 * Counts an attempt: a right PIN forgives the wrong ones; the third wrong
 * one in a row locks for 30 s, and each further one doubles that, up to
 * an hour.
 */
void
aduan_kiosk_pin_guard_record (AduanKioskPinGuard *guard,
                              gboolean            success,
                              gint64              now_usec)
{
  guint over;
  gint64 wait_s;

  g_return_if_fail (guard != NULL);

  if (success)
    {
      guard->failures = 0;
      guard->locked_until = 0;
      return;
    }

  if (guard->failures < G_MAXUINT)
    guard->failures++;
  if (guard->failures < ADUAN_KIOSK_PIN_FREE_TRIES)
    return;

  over = MIN (guard->failures - ADUAN_KIOSK_PIN_FREE_TRIES, 16);
  wait_s = MIN ((gint64) ADUAN_KIOSK_PIN_FIRST_WAIT_S << over, (gint64) ADUAN_KIOSK_PIN_MAX_WAIT_S);
  guard->locked_until = now_usec + wait_s * G_USEC_PER_SEC;
}
