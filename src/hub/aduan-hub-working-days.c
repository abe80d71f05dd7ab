/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "aduan-error.h"
#include "aduan-hub-working-days.h"

/**
 * AduanHubWorkingDays:
 *
 * The calendar follow-up deadlines are counted in: Monday to Friday in
 * the region's time zone, less its public holidays (cuti bersama
 * included, as the holiday file lists them).
 */
struct _AduanHubWorkingDays
{
  guint       n_days;
  GTimeZone  *timezone;  /* (owned) */
  GHashTable *holidays;  /* (owned) julian day number → itself */
};

/**
 * aduan_hub_working_days_new:
 * @n_days: how many working days a deadline lies after its start
 * @timezone: an IANA zone such as `Asia/Jakarta`, or an offset such as
 *   `+07:00`
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the calendar, with no holidays yet
 */
AduanHubWorkingDays *
aduan_hub_working_days_new (guint        n_days,
                            const char  *timezone,
                            GError     **error)
{
  AduanHubWorkingDays *self;
  GTimeZone *zone;

  g_return_val_if_fail (timezone != NULL, NULL);

  zone = g_time_zone_new_identifier (timezone);
  if (zone == NULL)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   "timezone: “%s” is not a time zone (try Asia/Jakarta or +07:00)", timezone);
      return NULL;
    }

  if (n_days == 0 || n_days > 365)
    {
      g_time_zone_unref (zone);
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   "working-days: must be between 1 and 365, not %u", n_days);
      return NULL;
    }

  self = g_new0 (AduanHubWorkingDays, 1);
  self->n_days = n_days;
  self->timezone = zone;
  self->holidays = g_hash_table_new (NULL, NULL);

  return self;
}

void
aduan_hub_working_days_free (AduanHubWorkingDays *self)
{
  if (self == NULL)
    return;

  g_time_zone_unref (self->timezone);
  g_hash_table_unref (self->holidays);
  g_free (self);
}

void
aduan_hub_working_days_add_holiday (AduanHubWorkingDays *self,
                                    GDateYear            year,
                                    GDateMonth           month,
                                    GDateDay             day)
{
  GDate date;
  guint32 julian;

  g_return_if_fail (self != NULL);
  g_return_if_fail (g_date_valid_dmy (day, month, year));

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  julian = g_date_get_julian (&date);
  g_hash_table_add (self->holidays, GUINT_TO_POINTER (julian));
}

/**
 * aduan_hub_working_days_parse_holidays:
 * @self: a calendar
 * @text: lines of `YYYY-MM-DD`, each optionally followed by a name; `#`
 *   starts a comment
 * @error: return location for a #GError
 *
 * Adds the holidays in @text. On error nothing is added.
 *
 * Returns: %TRUE if every line was understood
 */
gboolean
aduan_hub_working_days_parse_holidays (AduanHubWorkingDays  *self,
                                       const char           *text,
                                       GError              **error)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (GDate));

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      guint year, month, day;
      char *comment = strchr (line, '#');
      GDate date;

      if (comment != NULL)
        *comment = '\0';
      g_strstrip (line);
      if (*line == '\0')
        continue;

      if (sscanf (line, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
          strlen (line) < 10 || (line[10] != '\0' && !g_ascii_isspace (line[10])) ||
          !g_date_valid_dmy (day, month, year))
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       "holidays: line %u is not a date such as 2026-08-17", i + 1);
          return FALSE;
        }

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, day, month, year);
      g_array_append_val (dates, date);
    }

  for (guint i = 0; i < dates->len; i++)
    {
      GDate *date = &g_array_index (dates, GDate, i);

      g_hash_table_add (self->holidays, GUINT_TO_POINTER (g_date_get_julian (date)));
    }

  return TRUE;
}

/**
 * aduan_hub_working_days_load_holidays:
 * @self: a calendar
 * @path: a holiday file, see aduan_hub_working_days_parse_holidays()
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the file was read and understood
 */
gboolean
aduan_hub_working_days_load_holidays (AduanHubWorkingDays  *self,
                                      const char           *path,
                                      GError              **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   "holidays: %s is not UTF-8 text", path);
      return FALSE;
    }

  return aduan_hub_working_days_parse_holidays (self, text, error);
}

gboolean
aduan_hub_working_days_is_working_day (AduanHubWorkingDays *self,
                                       const GDate         *date)
{
  GDateWeekday weekday;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (date), FALSE);

  weekday = g_date_get_weekday (date);
  if (weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY)
    return FALSE;

  return !g_hash_table_contains (self->holidays, GUINT_TO_POINTER (g_date_get_julian (date)));
}

/**
 * aduan_hub_working_days_deadline:
 * @self: a calendar
 * @start: when the clock started, UTC microseconds
 *
 * The day @start falls on does not count, even if it is a working day:
 * a complaint received at 16:55 on Friday has the next five working days.
 *
 * Returns: the end of the last of the working days after @start (the
 *   microsecond before the next midnight in the calendar's zone), UTC
 *   microseconds
 */
gint64
aduan_hub_working_days_deadline (AduanHubWorkingDays *self,
                                 gint64               start)
{
  g_autoptr(GDateTime) start_utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  GDate date;
  guint counted = 0;

  g_return_val_if_fail (self != NULL, 0);

  start_utc = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
  g_return_val_if_fail (start_utc != NULL, 0);
  local = g_date_time_to_timezone (start_utc, self->timezone);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));

  while (counted < self->n_days)
    {
      g_date_add_days (&date, 1);
      if (aduan_hub_working_days_is_working_day (self, &date))
        counted++;
    }

  g_date_add_days (&date, 1);
  midnight = g_date_time_new (self->timezone, g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), 0, 0, 0);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC - 1;
}

guint
aduan_hub_working_days_get_n_days (AduanHubWorkingDays *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_days;
}

/**
 * aduan_hub_working_days_get_timezone:
 * @self: a calendar
 *
 * Returns: (transfer none): the zone days are counted in
 */
GTimeZone *
aduan_hub_working_days_get_timezone (AduanHubWorkingDays *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->timezone;
}
