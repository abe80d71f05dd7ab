/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ADUAN_TYPE_KIOSK_CHECK (aduan_kiosk_check_get_type ())
G_DECLARE_FINAL_TYPE (AduanKioskCheck, aduan_kiosk_check, ADUAN, KIOSK_CHECK, AdwBin)

void aduan_kiosk_check_set_hub_url (AduanKioskCheck *self,
                                    const char      *hub_url);
void aduan_kiosk_check_reset       (AduanKioskCheck *self);

G_END_DECLS
