/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "aduan-error.h"
#include "aduan-tracking-code.h"

#define ALPHABET_SIZE 29
#define SEQUENCE_LENGTH 4

/* Scrambles the sequence so that consecutive codes differ in more than the
 * last character: an affine map modulo 29^4 with a multiplier coprime to
 * 29, hence a bijection: no two sequence numbers share a code. */
#define SCRAMBLE_MULTIPLIER 7919u
#define SCRAMBLE_OFFSET     104729u

G_STATIC_ASSERT (sizeof (ADUAN_TRACKING_CODE_ALPHABET) - 1 == ALPHABET_SIZE);

static int
alphabet_index (char c)
{
  const char *p = strchr (ADUAN_TRACKING_CODE_ALPHABET, c);

  if (c == '\0' || p == NULL)
    return -1;
  return (int) (p - ADUAN_TRACKING_CODE_ALPHABET);
}

/**
 * aduan_tracking_code_check_character:
 * @payload: characters of the alphabet
 * @length: how many, at most eight
 *
 * Position i weighs i + 2 and the check character weighs 1; the check makes
 * the weighted sum 0 modulo 29. A substitution at i changes the sum by
 * (i + 2) × d and a swap of neighbours by ± d, with 0 < |d| < 29: never a
 * multiple of the prime 29, so neither goes unnoticed.
 *
 * Returns: the check character, or '\0' if @payload holds a character
 *   outside the alphabet
 */
char
aduan_tracking_code_check_character (const char *payload,
                                     gsize       length)
{
  guint sum = 0;

  g_return_val_if_fail (length <= 8, '\0');

  for (gsize i = 0; i < length; i++)
    {
      int value = alphabet_index (payload[i]);

      if (value < 0)
        return '\0';
      sum += (guint) (i + 2) * (guint) value;
    }

  return ADUAN_TRACKING_CODE_ALPHABET[(ALPHABET_SIZE - (sum % ALPHABET_SIZE)) % ALPHABET_SIZE];
}

/**
 * aduan_tracking_code_make_prefix:
 *
 * Makes a random device prefix. Each device draws one when its store is
 * created, so codes are unique on the device without asking the hub.
 *
 * Returns: (transfer full): four characters of the alphabet
 */
char *
aduan_tracking_code_make_prefix (void)
{
  char prefix[ADUAN_TRACKING_CODE_PREFIX_LENGTH + 1];

  for (guint i = 0; i < ADUAN_TRACKING_CODE_PREFIX_LENGTH; i++)
    prefix[i] = ADUAN_TRACKING_CODE_ALPHABET[g_random_int_range (0, ALPHABET_SIZE)];
  prefix[ADUAN_TRACKING_CODE_PREFIX_LENGTH] = '\0';

  return g_strdup (prefix);
}

gboolean
aduan_tracking_code_prefix_is_valid (const char *prefix)
{
  if (prefix == NULL || strlen (prefix) != ADUAN_TRACKING_CODE_PREFIX_LENGTH)
    return FALSE;

  for (guint i = 0; i < ADUAN_TRACKING_CODE_PREFIX_LENGTH; i++)
    if (alphabet_index (prefix[i]) < 0)
      return FALSE;

  return TRUE;
}

/**
 * aduan_tracking_code_build:
 * @prefix: the device prefix
 * @sequence: the device's sequence number, below
 *   %ADUAN_TRACKING_CODE_MAX_SEQUENCE
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the code, e.g. `K7QM-B4X9T`
 */
char *
aduan_tracking_code_build (const char  *prefix,
                           guint32      sequence,
                           GError     **error)
{
  char code[ADUAN_TRACKING_CODE_LENGTH + 1];
  guint32 scrambled;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!aduan_tracking_code_prefix_is_valid (prefix))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_CODE,
                   _("The device prefix “%s” is not valid"), prefix ? prefix : "");
      return NULL;
    }

  if (sequence >= ADUAN_TRACKING_CODE_MAX_SEQUENCE)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_STORAGE,
                           _("This device has used up its tracking codes; enroll it again to get a new prefix"));
      return NULL;
    }

  scrambled = (guint32) (((guint64) sequence * SCRAMBLE_MULTIPLIER + SCRAMBLE_OFFSET)
                         % ADUAN_TRACKING_CODE_MAX_SEQUENCE);

  memcpy (code, prefix, ADUAN_TRACKING_CODE_PREFIX_LENGTH);
  code[ADUAN_TRACKING_CODE_PREFIX_LENGTH] = '-';
  for (int i = SEQUENCE_LENGTH - 1; i >= 0; i--)
    {
      code[ADUAN_TRACKING_CODE_PREFIX_LENGTH + 1 + i] = ADUAN_TRACKING_CODE_ALPHABET[scrambled % ALPHABET_SIZE];
      scrambled /= ALPHABET_SIZE;
    }

  {
    char payload[ADUAN_TRACKING_CODE_PREFIX_LENGTH + SEQUENCE_LENGTH];

    memcpy (payload, code, ADUAN_TRACKING_CODE_PREFIX_LENGTH);
    memcpy (payload + ADUAN_TRACKING_CODE_PREFIX_LENGTH,
            code + ADUAN_TRACKING_CODE_PREFIX_LENGTH + 1, SEQUENCE_LENGTH);
    code[ADUAN_TRACKING_CODE_LENGTH - 1] = aduan_tracking_code_check_character (payload, sizeof payload);
  }
  code[ADUAN_TRACKING_CODE_LENGTH] = '\0';

  return g_strdup (code);
}

/**
 * aduan_tracking_code_normalize:
 * @text: what a person typed: any case, with or without the dash, with
 *   spaces around or between the groups
 * @error: return location for a #GError
 *
 * Turns typed text into the canonical code and checks it. A code with a
 * character outside the alphabet, the wrong length or a check character
 * that does not match (a typo) is refused with %ADUAN_ERROR_INVALID_CODE.
 *
 * Returns: (transfer full) (nullable): the canonical code
 */
char *
aduan_tracking_code_normalize (const char  *text,
                               GError     **error)
{
  char payload[ADUAN_TRACKING_CODE_LENGTH];
  gsize n = 0;
  char check;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_CODE,
                           _("A tracking code has ten characters, such as K7QM-B4X9T"));
      return NULL;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == '-' || c == ' ' || c == '\t')
        continue;

      if (alphabet_index (c) < 0)
        {
          if (c == '0' || c == '1' || c == 'I' || c == 'L' || c == 'O' || c == 'U' || c == 'Z')
            g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_CODE,
                         _("Tracking codes never contain “%c”: please check the code again"), c);
          else
            g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_CODE,
                                 _("A tracking code has only letters and digits, such as K7QM-B4X9T"));
          return NULL;
        }

      if (n == sizeof payload - 1)
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_CODE,
                               _("That is too long for a tracking code, which has nine letters and digits, such as K7QM-B4X9T"));
          return NULL;
        }
      payload[n++] = c;
    }

  if (n != ADUAN_TRACKING_CODE_LENGTH - 1)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_CODE,
                           _("A tracking code has nine letters and digits, such as K7QM-B4X9T"));
      return NULL;
    }

  check = aduan_tracking_code_check_character (payload, n - 1);
  if (check != payload[n - 1])
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_CODE,
                           _("This tracking code is not valid: a character was probably mistyped"));
      return NULL;
    }

  return g_strdup_printf ("%.*s-%.*s",
                          ADUAN_TRACKING_CODE_PREFIX_LENGTH, payload,
                          (int) (n - ADUAN_TRACKING_CODE_PREFIX_LENGTH),
                          payload + ADUAN_TRACKING_CODE_PREFIX_LENGTH);
}

/**
 * aduan_tracking_code_is_valid:
 * @code: a code in canonical form
 *
 * Returns: whether @code is canonical and its check character matches
 */
gboolean
aduan_tracking_code_is_valid (const char *code)
{
  g_autofree char *normalized = NULL;

  if (code == NULL)
    return FALSE;

  normalized = aduan_tracking_code_normalize (code, NULL);
  return normalized != NULL && g_str_equal (normalized, code);
}
