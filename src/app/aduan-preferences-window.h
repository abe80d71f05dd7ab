/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "aduan-application.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_PREFERENCES_WINDOW (aduan_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (AduanPreferencesWindow, aduan_preferences_window, ADUAN, PREFERENCES_WINDOW, AdwPreferencesWindow)

AduanPreferencesWindow *aduan_preferences_window_new (AduanApplication *application);

G_END_DECLS
