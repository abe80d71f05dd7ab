/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The three report kinds of SP4N-LAPOR!. */
typedef enum {
  ADUAN_REPORT_KIND_COMPLAINT,            /* pengaduan */
  ADUAN_REPORT_KIND_ASPIRATION,           /* aspirasi */
  ADUAN_REPORT_KIND_INFORMATION_REQUEST,  /* permintaan informasi */
  ADUAN_REPORT_KIND_N
} AduanReportKind;

/* How a report reached us; every channel is counted in one place. */
typedef enum {
  ADUAN_CHANNEL_FIELD_VISIT,
  ADUAN_CHANNEL_KIOSK,
  ADUAN_CHANNEL_WHATSAPP,
  ADUAN_CHANNEL_SMS,
  ADUAN_CHANNEL_PHONE,
  ADUAN_CHANNEL_EMAIL,
  ADUAN_CHANNEL_SOCIAL_MEDIA,
  ADUAN_CHANNEL_RADIO,
  ADUAN_CHANNEL_WALK_IN,
  ADUAN_CHANNEL_WEB,
  ADUAN_CHANNEL_N
} AduanChannel;

/* Where a complaint's coordinates came from. */
typedef enum {
  ADUAN_LOCATION_SOURCE_NONE,
  ADUAN_LOCATION_SOURCE_GPS,
  ADUAN_LOCATION_SOURCE_GEOCLUE,
  ADUAN_LOCATION_SOURCE_PHOTO,
  ADUAN_LOCATION_SOURCE_KIOSK,
  ADUAN_LOCATION_SOURCE_VILLAGE,
  ADUAN_LOCATION_SOURCE_MAP,
  ADUAN_LOCATION_SOURCE_MANUAL,
  ADUAN_LOCATION_SOURCE_N
} AduanLocationSource;

/* Where a saved complaint stands on its way to the hub. */
typedef enum {
  ADUAN_SYNC_STATE_WAITING,   /* saved on the device, not yet at the hub */
  ADUAN_SYNC_STATE_SENDING,   /* a sync pass is sending it */
  ADUAN_SYNC_STATE_SENT,      /* the hub holds it and all its photos */
  ADUAN_SYNC_STATE_FAILED,    /* the hub refused it; retrying cannot help */
  ADUAN_SYNC_STATE_N
} AduanSyncState;

const char          *aduan_report_kind_to_string     (AduanReportKind kind);
gboolean             aduan_report_kind_from_string   (const char      *str,
                                                      AduanReportKind *out_kind);
const char          *aduan_report_kind_get_label     (AduanReportKind kind);

const char          *aduan_channel_to_string         (AduanChannel  channel);
gboolean             aduan_channel_from_string       (const char   *str,
                                                      AduanChannel *out_channel);
const char          *aduan_channel_get_label         (AduanChannel  channel);

const char          *aduan_location_source_to_string   (AduanLocationSource  source);
gboolean             aduan_location_source_from_string (const char          *str,
                                                        AduanLocationSource *out_source);
const char          *aduan_location_source_get_label   (AduanLocationSource  source);

const char          *aduan_sync_state_to_string      (AduanSyncState  state);
gboolean             aduan_sync_state_from_string    (const char     *str,
                                                      AduanSyncState *out_state);
const char          *aduan_sync_state_get_label      (AduanSyncState  state);

G_END_DECLS
