/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ADUAN_TYPE_KIOSK_ADMIN (aduan_kiosk_admin_get_type ())
G_DECLARE_FINAL_TYPE (AduanKioskAdmin, aduan_kiosk_admin, ADUAN, KIOSK_ADMIN, AdwBin)

void     aduan_kiosk_admin_set_settings (AduanKioskAdmin *self,
                                         GSettings       *settings);
void     aduan_kiosk_admin_reset        (AduanKioskAdmin *self);
gboolean aduan_kiosk_admin_is_unlocked  (AduanKioskAdmin *self);

G_END_DECLS
