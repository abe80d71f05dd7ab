/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "aduan-application.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_WINDOW (aduan_window_get_type ())
G_DECLARE_FINAL_TYPE (AduanWindow, aduan_window, ADUAN, WINDOW, AdwApplicationWindow)

AduanWindow *aduan_window_new              (AduanApplication *application);
void         aduan_window_show_store_error (AduanWindow      *self,
                                            const GError     *error);
void         aduan_window_show_complaint   (AduanWindow      *self,
                                            const char       *uuid);
void         aduan_window_show_form        (AduanWindow      *self);

G_END_DECLS
