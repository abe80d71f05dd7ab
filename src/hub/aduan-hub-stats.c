/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "aduan-complaint.h"
#include "aduan-hub-stats.h"

#define USEC_PER_DAY ((double) G_USEC_PER_SEC * 86400.0)

/**
 * AduanHubStats:
 *
 * The figures of `GET /v1/stats`, added up one complaint at a time: counts
 * by status, category, channel, agency, village and month received, the
 * days to first follow-up and to resolution, and how many are overdue.
 */
struct _AduanHubStats
{
  GTimeZone  *timezone;        /* (owned) months are local months */
  gint64      now;
  guint       total;
  guint       overdue;
  GHashTable *by_status;       /* (owned) name → count */
  GHashTable *by_category;     /* (owned) */
  GHashTable *by_channel;      /* (owned) */
  GHashTable *by_agency;       /* (owned) */
  GHashTable *by_village;      /* (owned) */
  GHashTable *by_month;        /* (owned) */
  GArray     *first_response;  /* (owned) days, double */
  GArray     *resolution;      /* (owned) days, double */
};

static GHashTable *
new_counter (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
count (GHashTable *counter,
       const char *key)
{
  gpointer value = NULL;

  if (g_hash_table_lookup_extended (counter, key, NULL, &value))
    g_hash_table_replace (counter, g_strdup (key), GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
  else
    g_hash_table_insert (counter, g_strdup (key), GUINT_TO_POINTER (1));
}

/**
 * aduan_hub_stats_new:
 * @timezone: the zone whose calendar months complaints are counted in
 * @now: the time to judge deadlines by, UTC microseconds
 *
 * Returns: (transfer full): empty figures
 */
AduanHubStats *
aduan_hub_stats_new (GTimeZone *timezone,
                     gint64     now)
{
  AduanHubStats *self = g_new0 (AduanHubStats, 1);

  self->timezone = g_time_zone_ref (timezone);
  self->now = now;
  self->by_status = new_counter ();
  self->by_category = new_counter ();
  self->by_channel = new_counter ();
  self->by_agency = new_counter ();
  self->by_village = new_counter ();
  self->by_month = new_counter ();
  self->first_response = g_array_new (FALSE, FALSE, sizeof (double));
  self->resolution = g_array_new (FALSE, FALSE, sizeof (double));

  /* Every status appears, even at zero, so dashboards need no special case. */
  for (guint i = 0; i < ADUAN_COMPLAINT_STATUS_N; i++)
    g_hash_table_insert (self->by_status, g_strdup (aduan_complaint_status_to_string (i)), GUINT_TO_POINTER (0));

  return self;
}

void
aduan_hub_stats_free (AduanHubStats *self)
{
  if (self == NULL)
    return;

  g_time_zone_unref (self->timezone);
  g_hash_table_unref (self->by_status);
  g_hash_table_unref (self->by_category);
  g_hash_table_unref (self->by_channel);
  g_hash_table_unref (self->by_agency);
  g_hash_table_unref (self->by_village);
  g_hash_table_unref (self->by_month);
  g_array_unref (self->first_response);
  g_array_unref (self->resolution);
  g_free (self);
}

void
aduan_hub_stats_add (AduanHubStats         *self,
                     const AduanHubSummary *summary)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_if_fail (self != NULL && summary != NULL);

  self->total++;
  count (self->by_status, aduan_complaint_status_to_string (summary->status));
  count (self->by_category, summary->category != NULL ? summary->category : "none");
  count (self->by_channel, summary->channel != NULL ? summary->channel : "none");
  count (self->by_agency, summary->agency_code != NULL ? summary->agency_code : "none");
  count (self->by_village, summary->village_code != NULL ? summary->village_code : "none");

  utc = g_date_time_new_from_unix_utc (summary->received_at / G_USEC_PER_SEC);
  if (utc != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->timezone);
      g_autofree char *month = g_date_time_format (local, "%Y-%m");

      count (self->by_month, month);
    }

  if (summary->first_response_at > summary->received_at)
    {
      double days = (summary->first_response_at - summary->received_at) / USEC_PER_DAY;
      g_array_append_val (self->first_response, days);
    }

  if (summary->resolved_at > summary->received_at)
    {
      double days = (summary->resolved_at - summary->received_at) / USEC_PER_DAY;
      g_array_append_val (self->resolution, days);
    }

  if (summary->due_at != 0 && self->now > summary->due_at &&
      !aduan_complaint_status_is_closed (summary->status))
    self->overdue++;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Members come sorted, so the same figures always give the same text. */
static void
add_counter (JsonBuilder *builder,
             const char  *name,
             GHashTable  *counter)
{
  g_autofree gpointer *keys = NULL;
  guint n_keys;

  keys = g_hash_table_get_keys_as_array (counter, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_keys);

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  for (guint i = 0; i < n_keys; i++)
    {
      json_builder_set_member_name (builder, keys[i]);
      json_builder_add_int_value (builder, GPOINTER_TO_UINT (g_hash_table_lookup (counter, keys[i])));
    }
  json_builder_end_object (builder);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
round_2 (double value)
{
  return (double) (gint64) (value * 100.0 + 0.5) / 100.0;
}

/* {"count": N, "mean": DAYS, "median": DAYS}, days to two decimals, null
 * when nothing was counted. */
static void
add_durations (JsonBuilder *builder,
               const char  *name,
               GArray      *days)
{
  double sum = 0;

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, days->len);

  if (days->len == 0)
    {
      json_builder_set_member_name (builder, "mean");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "median");
      json_builder_add_null_value (builder);
    }
  else
    {
      double median;

      g_array_sort (days, compare_doubles);
      for (guint i = 0; i < days->len; i++)
        sum += g_array_index (days, double, i);

      if (days->len % 2 == 1)
        median = g_array_index (days, double, days->len / 2);
      else
        median = (g_array_index (days, double, days->len / 2 - 1) +
                  g_array_index (days, double, days->len / 2)) / 2.0;

      json_builder_set_member_name (builder, "mean");
      json_builder_add_double_value (builder, round_2 (sum / days->len));
      json_builder_set_member_name (builder, "median");
      json_builder_add_double_value (builder, round_2 (median));
    }

  json_builder_end_object (builder);
}

/**
 * aduan_hub_stats_to_json:
 * @self: figures
 *
 * Returns: (transfer full): the `GET /v1/stats` answer
 */
JsonNode *
aduan_hub_stats_to_json (AduanHubStats *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *generated = aduan_format_time_iso8601 (self->now);

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "generated_at");
  json_builder_add_string_value (builder, generated);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, self->total);
  json_builder_set_member_name (builder, "overdue");
  json_builder_add_int_value (builder, self->overdue);
  add_counter (builder, "by_status", self->by_status);
  add_counter (builder, "by_category", self->by_category);
  add_counter (builder, "by_channel", self->by_channel);
  add_counter (builder, "by_agency", self->by_agency);
  add_counter (builder, "by_village", self->by_village);
  add_counter (builder, "by_month", self->by_month);
  add_durations (builder, "days_to_first_response", self->first_response);
  add_durations (builder, "days_to_resolution", self->resolution);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
