/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-format.h"

/**
 * aduan_format_relative_time:
 * @then_usec: a moment, UTC microseconds since the epoch; 0 when unknown
 * @now_usec: the current time, same unit
 *
 * How long ago something happened, as the list shows it: "Just now",
 * "5 minutes ago", "Yesterday", or a date for anything older than a week.
 *
 * Returns: (transfer full): the text
 */
char *
aduan_format_relative_time (gint64 then_usec,
                            gint64 now_usec)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 seconds;
  int days;

  if (then_usec <= 0)
    return g_strdup (_("Unknown time"));

  seconds = (now_usec - then_usec) / G_USEC_PER_SEC;

  /* A clock set wrong on a laptop in the field should not say "in 3 hours". */
  if (seconds < 60)
    return g_strdup (_("Just now"));

  if (seconds < 60 * 60)
    {
      int minutes = seconds / 60;

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", minutes), minutes);
    }

  then = g_date_time_new_from_unix_local (then_usec / G_USEC_PER_SEC);
  now = g_date_time_new_from_unix_local (now_usec / G_USEC_PER_SEC);

  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (then);
  if (g_date_time_get_year (now) != g_date_time_get_year (then))
    days = (int) (seconds / (60 * 60 * 24)) + 1;

  if (days == 0)
    {
      int hours = seconds / (60 * 60);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours), hours);
    }

  if (days == 1)
    /* Translators: a time yesterday, %H:%M as in strftime() */
    return g_date_time_format (then, _("Yesterday, %H:%M"));

  if (days < 7)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), days);

  /* Translators: a date in the list of complaints, as in strftime() */
  return g_date_time_format (then, _("%-d %b %Y"));
}

/**
 * aduan_format_date_time:
 * @usec: UTC microseconds since the epoch; 0 when unknown
 *
 * Returns: (transfer full): the moment in local time, in full
 */
char *
aduan_format_date_time (gint64 usec)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (usec <= 0)
    return g_strdup (_("Unknown"));

  date_time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  /* Translators: a full date and time, as in strftime() */
  return g_date_time_format (date_time, _("%A, %-d %B %Y, %H:%M"));
}

/**
 * aduan_format_coordinates:
 * @accuracy_m: the radius of uncertainty in metres; negative when unknown
 *
 * Returns: (transfer full): "-6.20880, 106.84560 (± 15 m)"
 */
char *
aduan_format_coordinates (double latitude,
                          double longitude,
                          double accuracy_m)
{
  char lat[G_ASCII_DTOSTR_BUF_SIZE];
  char lon[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (lat, sizeof lat, "%.5f", latitude);
  g_ascii_formatd (lon, sizeof lon, "%.5f", longitude);

  if (accuracy_m < 0)
    return g_strdup_printf ("%s, %s", lat, lon);

  /* Translators: coordinates and how precise they are, in metres */
  return g_strdup_printf (_("%s, %s (± %.0f m)"), lat, lon, accuracy_m);
}
