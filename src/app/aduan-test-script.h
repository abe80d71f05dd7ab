/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "aduan-application.h"

G_BEGIN_DECLS

void aduan_test_script_run                (AduanApplication *application,
                                           GtkWindow        *window,
                                           const char       *path);
void aduan_test_script_report_first_frame (GtkWindow        *window);

G_END_DECLS
