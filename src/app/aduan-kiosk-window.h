/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "aduan-application.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_KIOSK_WINDOW (aduan_kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (AduanKioskWindow, aduan_kiosk_window, ADUAN, KIOSK_WINDOW, AdwApplicationWindow)

AduanKioskWindow *aduan_kiosk_window_new  (AduanApplication *application);
void              aduan_kiosk_window_wipe (AduanKioskWindow *self);

G_END_DECLS
