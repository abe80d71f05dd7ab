/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include "aduan-error.h"
#include "aduan-tracking-code.h"

/* A built code has the documented shape and passes its own check. */
static void
test_build_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = aduan_tracking_code_build ("K7QM", 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (code), ==, ADUAN_TRACKING_CODE_LENGTH);
  g_assert_true (g_str_has_prefix (code, "K7QM-"));
  g_assert_true (aduan_tracking_code_is_valid (code));
}

/* Every sequence number in a prefix gives a different code (sampled
 * densely at the start, where a device spends its life). */
static void
test_build_unique (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint32 i = 0; i < 50000; i++)
    {
      char *code = aduan_tracking_code_build ("AB2C", i, NULL);

      g_assert_nonnull (code);
      g_assert_false (g_hash_table_contains (seen, code));
      g_hash_table_add (seen, code);
    }
}

/* Neighbouring sequence numbers do not give codes that differ only in the
 * last characters, so codes cannot be guessed by counting. */
static void
test_build_scrambled (void)
{
  g_autofree char *a = aduan_tracking_code_build ("AB2C", 10, NULL);
  g_autofree char *b = aduan_tracking_code_build ("AB2C", 11, NULL);
  guint differ = 0;

  for (guint i = 5; i < 9; i++)
    differ += a[i] != b[i];
  g_assert_cmpuint (differ, >=, 2);
}

/* Any single mistyped character is caught by the check character. */
static void
test_single_substitution (void)
{
  const char *alphabet = ADUAN_TRACKING_CODE_ALPHABET;

  for (guint32 seq = 0; seq < 200; seq++)
    {
      g_autofree char *code = aduan_tracking_code_build ("M4RX", seq * 977, NULL);

      for (guint pos = 0; pos < ADUAN_TRACKING_CODE_LENGTH; pos++)
        {
          if (code[pos] == '-')
            continue;
          for (const char *c = alphabet; *c != '\0'; c++)
            {
              g_autofree char *typo = g_strdup (code);
              g_autofree char *normalized = NULL;
              g_autoptr(GError) error = NULL;

              if (*c == code[pos])
                continue;
              typo[pos] = *c;
              normalized = aduan_tracking_code_normalize (typo, &error);
              g_assert_null (normalized);
              g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_CODE);
            }
        }
    }
}

/* Swapping two neighbouring characters is caught too. */
static void
test_adjacent_transposition (void)
{
  for (guint32 seq = 0; seq < 2000; seq++)
    {
      g_autofree char *code = aduan_tracking_code_build ("Q9WE", seq, NULL);
      g_autofree char *payload = g_strdup_printf ("%.4s%s", code, code + 5);

      for (guint pos = 0; pos + 1 < strlen (payload); pos++)
        {
          g_autofree char *swapped = g_strdup (payload);
          char tmp;

          if (swapped[pos] == swapped[pos + 1])
            continue;
          tmp = swapped[pos];
          swapped[pos] = swapped[pos + 1];
          swapped[pos + 1] = tmp;
          g_assert_false (aduan_tracking_code_normalize (swapped, NULL) != NULL);
        }
    }
}

/* What a person types: lower case, no dash, spaces. */
static void
test_normalize_forgiving (void)
{
  g_autofree char *code = aduan_tracking_code_build ("K7QM", 42, NULL);
  g_autofree char *lower = g_ascii_strdown (code, -1);
  g_autofree char *nodash = g_strdup_printf ("%.4s%s", code, code + 5);
  g_autofree char *spaced = g_strdup_printf ("  %.4s %s ", lower, lower + 5);
  g_autofree char *a = aduan_tracking_code_normalize (lower, NULL);
  g_autofree char *b = aduan_tracking_code_normalize (nodash, NULL);
  g_autofree char *c = aduan_tracking_code_normalize (spaced, NULL);

  g_assert_cmpstr (a, ==, code);
  g_assert_cmpstr (b, ==, code);
  g_assert_cmpstr (c, ==, code);
}

/* Malformed input gets a clear error, never a crash. */
static void
test_normalize_malformed (void)
{
  const char *bad[] = { "", "K7QM", "K7QM-B4X9T2", "K7QM-B4O9T", "K7QM-B4X9T!", "\xff\xfe", "ÄÖÜ-ÄÖÜ", NULL };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = aduan_tracking_code_normalize (bad[i], &error);

      g_assert_null (code);
      g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_CODE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  g_assert_false (aduan_tracking_code_is_valid (NULL));
  g_assert_null (aduan_tracking_code_build ("k7qm", 1, NULL));
  g_assert_null (aduan_tracking_code_build ("K7QM", ADUAN_TRACKING_CODE_MAX_SEQUENCE, NULL));
}

/* Random prefixes are drawn from the alphabet. */
static void
test_prefix (void)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *prefix = aduan_tracking_code_make_prefix ();
      g_assert_true (aduan_tracking_code_prefix_is_valid (prefix));
    }
  g_assert_false (aduan_tracking_code_prefix_is_valid ("ABC"));
  g_assert_false (aduan_tracking_code_prefix_is_valid ("AB0C"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/tracking-code/build/shape", test_build_shape);
  g_test_add_func ("/core/tracking-code/build/unique", test_build_unique);
  g_test_add_func ("/core/tracking-code/build/scrambled", test_build_scrambled);
  g_test_add_func ("/core/tracking-code/check/substitution", test_single_substitution);
  g_test_add_func ("/core/tracking-code/check/transposition", test_adjacent_transposition);
  g_test_add_func ("/core/tracking-code/normalize/forgiving", test_normalize_forgiving);
  g_test_add_func ("/core/tracking-code/normalize/malformed", test_normalize_malformed);
  g_test_add_func ("/core/tracking-code/prefix", test_prefix);

  return g_test_run ();
}
