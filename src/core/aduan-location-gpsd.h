/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-location.h"

G_BEGIN_DECLS

#define ADUAN_LOCATION_GPSD_DEFAULT_HOST  "localhost"
#define ADUAN_LOCATION_GPSD_DEFAULT_PORT  "2947"

#define ADUAN_TYPE_LOCATION_GPSD (aduan_location_gpsd_get_type ())
G_DECLARE_FINAL_TYPE (AduanLocationGpsd, aduan_location_gpsd, ADUAN, LOCATION_GPSD, AduanLocationProvider)

AduanLocationProvider *aduan_location_gpsd_new                (const char        *host,
                                                               const char        *port);
const char            *aduan_location_gpsd_get_host           (AduanLocationGpsd *self);
const char            *aduan_location_gpsd_get_port           (AduanLocationGpsd *self);
guint                  aduan_location_gpsd_get_silence_timeout (AduanLocationGpsd *self);
void                   aduan_location_gpsd_set_silence_timeout (AduanLocationGpsd *self,
                                                                guint              seconds);

G_END_DECLS
