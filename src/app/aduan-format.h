/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *aduan_format_relative_time (gint64 then_usec,
                                  gint64 now_usec);
char *aduan_format_date_time     (gint64 usec);
char *aduan_format_coordinates   (double latitude,
                                  double longitude,
                                  double accuracy_m);

G_END_DECLS
