/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aduan-catalog.h"
#include "aduan-hub-record.h"

G_BEGIN_DECLS

/* GeoReport v2 answers at most this many requests, and by default only
 * those of the last 90 days. */
#define ADUAN_HUB_OPEN311_MAX_REQUESTS 1000
#define ADUAN_HUB_OPEN311_DEFAULT_DAYS 90

JsonNode *aduan_hub_open311_services      (AduanCatalog         *catalog);
void      aduan_hub_open311_add_request   (JsonBuilder          *builder,
                                           const AduanHubRecord *record,
                                           GPtrArray            *events,
                                           AduanCatalog         *catalog,
                                           GTimeZone            *timezone);
char     *aduan_hub_open311_format_time   (gint64                usec,
                                           GTimeZone            *timezone);

G_END_DECLS
