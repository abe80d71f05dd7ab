/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "aduan-location.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_LOCATION_CONTROL (aduan_location_control_get_type ())
G_DECLARE_FINAL_TYPE (AduanLocationControl, aduan_location_control, ADUAN, LOCATION_CONTROL, GtkWidget)

GtkWidget *aduan_location_control_new      (void);
void       aduan_location_control_setup    (AduanLocationControl   *self,
                                            GSettings              *settings);
void       aduan_location_control_show_fix (AduanLocationControl   *self,
                                            const AduanLocationFix *fix);
void       aduan_location_control_cancel   (AduanLocationControl   *self);

G_END_DECLS
