/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "aduan-hub-auth.h"
#include "aduan-tracking-code.h"

#define TOKEN_PREFIX "adn_"
#define TOKEN_BYTES 32
#define ENROLL_CODE_GROUPS 3
#define ENROLL_CODE_GROUP_LENGTH 4

/* Secrets come from the kernel's generator: GRand is predictable. */
static void
fill_random (guint8 *buffer,
             gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_error ("The kernel gave no random bytes: %s", g_strerror (errno));
        }
      done += (gsize) n;
    }
}

/**
 * aduan_hub_auth_new_token:
 *
 * Makes a bearer token: 256 random bits, URL-safe, with a prefix that
 * lets secret scanners recognise a leaked one.
 *
 * Returns: (transfer full): the token
 */
char *
aduan_hub_auth_new_token (void)
{
  guint8 bytes[TOKEN_BYTES];
  g_autofree char *encoded = NULL;
  GString *token;

  fill_random (bytes, sizeof bytes);
  encoded = g_base64_encode (bytes, sizeof bytes);

  token = g_string_new (TOKEN_PREFIX);
  for (const char *p = encoded; *p != '\0'; p++)
    {
      if (*p == '+')
        g_string_append_c (token, '-');
      else if (*p == '/')
        g_string_append_c (token, '_');
      else if (*p != '=')
        g_string_append_c (token, *p);
    }

  return g_string_free (token, FALSE);
}

/**
 * aduan_hub_auth_new_enroll_code:
 *
 * Makes a one-time enrollment code a person can read out and type:
 * `K7QM-B4X9-TQ2R`, from the tracking-code alphabet that leaves out
 * look-alike characters (about 59 bits).
 *
 * Returns: (transfer full): the code
 */
char *
aduan_hub_auth_new_enroll_code (void)
{
  const gsize alphabet_size = strlen (ADUAN_TRACKING_CODE_ALPHABET);
  GString *code = g_string_new (NULL);

  for (guint group = 0; group < ENROLL_CODE_GROUPS; group++)
    {
      if (group > 0)
        g_string_append_c (code, '-');

      for (guint i = 0; i < ENROLL_CODE_GROUP_LENGTH; i++)
        {
          guint8 byte;

          /* Rejection sampling keeps every character equally likely. */
          do
            fill_random (&byte, 1);
          while (byte >= 256 - (256 % alphabet_size));

          g_string_append_c (code, ADUAN_TRACKING_CODE_ALPHABET[byte % alphabet_size]);
        }
    }

  return g_string_free (code, FALSE);
}

/**
 * aduan_hub_auth_new_id:
 * @prefix: what kind of thing the ID names, e.g. `dev`
 * @n_bytes: how many random bytes
 *
 * Returns: (transfer full): `PREFIX-HEX`, or only hex when @prefix is empty
 */
char *
aduan_hub_auth_new_id (const char *prefix,
                       gsize       n_bytes)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  GString *id = g_string_new (prefix);

  if (prefix != NULL && *prefix != '\0')
    g_string_append_c (id, '-');

  fill_random (bytes, n_bytes);
  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (id, "%02x", bytes[i]);

  return g_string_free (id, FALSE);
}

/**
 * aduan_hub_auth_new_device_id:
 * @role: the token's role
 *
 * Returns: (transfer full): a device ID whose prefix says its role, so
 *   logs and events read at a glance
 */
char *
aduan_hub_auth_new_device_id (AduanHubRole role)
{
  static const char * const prefixes[ADUAN_HUB_ROLE_N] = { "dev", "kiosk", "admin", "agency" };

  g_return_val_if_fail ((guint) role < ADUAN_HUB_ROLE_N, NULL);

  return aduan_hub_auth_new_id (prefixes[role], 8);
}

/**
 * aduan_hub_auth_hash_secret:
 * @secret: a token or a normalized enrollment code
 *
 * The hub stores only this hash, so a copy of its database lets nobody
 * in. Secrets have 59 bits and more, so a plain SHA-256 is enough; a slow
 * password hash would only slow every request down.
 *
 * Returns: (transfer full): lower-case hex SHA-256
 */
char *
aduan_hub_auth_hash_secret (const char *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

/**
 * aduan_hub_auth_normalize_code:
 * @code: an enrollment code as a person typed it
 *
 * Returns: (transfer full) (nullable): the code in upper case without
 *   dashes or spaces, or %NULL if it holds anything else
 */
char *
aduan_hub_auth_normalize_code (const char *code)
{
  GString *normalized;

  if (code == NULL)
    return NULL;

  normalized = g_string_new (NULL);
  for (const char *p = code; *p != '\0'; p++)
    {
      if (*p == '-' || *p == ' ')
        continue;
      if (!g_ascii_isalnum (*p) || normalized->len >= 64)
        {
          g_string_free (normalized, TRUE);
          return NULL;
        }
      g_string_append_c (normalized, g_ascii_toupper (*p));
    }

  if (normalized->len == 0)
    {
      g_string_free (normalized, TRUE);
      return NULL;
    }

  return g_string_free (normalized, FALSE);
}

/**
 * aduan_hub_auth_parse_bearer:
 * @header: (nullable): an Authorization header
 *
 * Returns: (transfer none) (nullable): the token in @header, or %NULL if
 *   it is not a well-formed `Bearer` credential
 */
const char *
aduan_hub_auth_parse_bearer (const char *header)
{
  const char *token;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;

  token = header + 7;
  while (*token == ' ')
    token++;

  if (*token == '\0' || strlen (token) > 256)
    return NULL;

  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-._~+/=", *p) == NULL)
      return NULL;

  return token;
}

/**
 * aduan_hub_auth_parse_duration:
 * @text: a duration such as `30m`, `24h` or `7d`
 * @out_usec: (out): the duration in microseconds
 *
 * Returns: %TRUE if @text is a positive number followed by s, m, h or d
 */
gboolean
aduan_hub_auth_parse_duration (const char *text,
                               gint64     *out_usec)
{
  guint64 number;
  char *end = NULL;
  gint64 unit;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  number = g_ascii_strtoull (text, &end, 10);
  if (end == text || number == 0 || number > 100000)
    return FALSE;

  if (g_str_equal (end, "s"))
    unit = G_USEC_PER_SEC;
  else if (g_str_equal (end, "m"))
    unit = 60 * (gint64) G_USEC_PER_SEC;
  else if (g_str_equal (end, "h") || *end == '\0')
    unit = 3600 * (gint64) G_USEC_PER_SEC;
  else if (g_str_equal (end, "d"))
    unit = 86400 * (gint64) G_USEC_PER_SEC;
  else
    return FALSE;

  *out_usec = (gint64) number * unit;
  return TRUE;
}

/**
 * aduan_hub_auth_is_safe_id:
 * @id: (nullable): an ID from a request
 *
 * Returns: %TRUE if @id is short and made only of letters, digits and
 *   dashes, so it is safe in a file name, a log line or a URL
 */
gboolean
aduan_hub_auth_is_safe_id (const char *id)
{
  gsize length = 0;

  if (id == NULL || *id == '\0')
    return FALSE;

  for (const char *p = id; *p != '\0'; p++, length++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;

  return length <= 64;
}
