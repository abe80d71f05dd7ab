/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Samples in milliseconds; figures are printed as "name: value" lines. */
double bench_percentile (GArray *samples_ms,
                         double  fraction);
void   bench_report     (const char *name,
                         GArray     *samples_ms);
char  *bench_make_dir   (const char *name);

G_END_DECLS
