/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-location.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_LOCATION_GEOCLUE (aduan_location_geoclue_get_type ())
G_DECLARE_FINAL_TYPE (AduanLocationGeoclue, aduan_location_geoclue, ADUAN, LOCATION_GEOCLUE, AduanLocationProvider)

AduanLocationProvider *aduan_location_geoclue_new            (GDBusConnection      *connection,
                                                             const char           *desktop_id);
const char            *aduan_location_geoclue_get_desktop_id (AduanLocationGeoclue *self);

G_END_DECLS
