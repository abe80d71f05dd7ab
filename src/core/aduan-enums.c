/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aduan-enums.h"

typedef struct
{
  const char *id;     /* stable, on the wire and in the database */
  const char *label;  /* for people, translated */
} EnumEntry;

static const EnumEntry report_kinds[ADUAN_REPORT_KIND_N] = {
  { "complaint", N_("Complaint") },
  { "aspiration", N_("Aspiration") },
  { "information-request", N_("Information request") },
};

static const EnumEntry channels[ADUAN_CHANNEL_N] = {
  { "field-visit", N_("Field visit") },
  { "kiosk", N_("Kiosk") },
  { "whatsapp", N_("WhatsApp") },
  { "sms", N_("SMS") },
  { "phone", N_("Phone / call centre") },
  { "email", N_("E-mail") },
  { "social-media", N_("Social media") },
  { "radio", N_("Radio") },
  { "walk-in", N_("Walk-in") },
  { "web", N_("Web") },
};

static const EnumEntry location_sources[ADUAN_LOCATION_SOURCE_N] = {
  { "none", N_("No location") },
  { "gps", N_("GPS receiver") },
  { "geoclue", N_("System location") },
  { "photo", N_("Photo") },
  { "kiosk", N_("Kiosk location") },
  { "village", N_("Village") },
  { "map", N_("Picked on the map") },
  { "manual", N_("Typed in") },
};

static const EnumEntry sync_states[ADUAN_SYNC_STATE_N] = {
  { "waiting", N_("Waiting to send") },
  { "sending", N_("Sending") },
  { "sent", N_("Received by the hub") },
  { "failed", N_("Refused by the hub") },
};

static gboolean
lookup (const EnumEntry *entries,
        guint            n_entries,
        const char      *str,
        guint           *out_index)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_entries; i++)
    {
      if (g_str_equal (entries[i].id, str))
        {
          *out_index = i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_ENUM_STRINGS(prefix, Type, table, N)                          \
  const char *                                                               \
  prefix##_to_string (Type value)                                            \
  {                                                                          \
    g_return_val_if_fail ((guint) value < N, NULL);                          \
    return table[value].id;                                                  \
  }                                                                          \
                                                                             \
  gboolean                                                                   \
  prefix##_from_string (const char *str,                                     \
                        Type       *out_value)                               \
  {                                                                          \
    guint index;                                                             \
    if (!lookup (table, N, str, &index))                                     \
      return FALSE;                                                          \
    if (out_value != NULL)                                                   \
      *out_value = (Type) index;                                             \
    return TRUE;                                                             \
  }                                                                          \
                                                                             \
  const char *                                                               \
  prefix##_get_label (Type value)                                            \
  {                                                                          \
    g_return_val_if_fail ((guint) value < N, NULL);                          \
    return _(table[value].label);                                            \
  }

DEFINE_ENUM_STRINGS (aduan_report_kind, AduanReportKind, report_kinds, ADUAN_REPORT_KIND_N)
DEFINE_ENUM_STRINGS (aduan_channel, AduanChannel, channels, ADUAN_CHANNEL_N)
DEFINE_ENUM_STRINGS (aduan_location_source, AduanLocationSource, location_sources, ADUAN_LOCATION_SOURCE_N)
DEFINE_ENUM_STRINGS (aduan_sync_state, AduanSyncState, sync_states, ADUAN_SYNC_STATE_N)
