/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-complaint.h"

G_BEGIN_DECLS

AduanComplaint *aduan_test_make_complaint  (guint        n);
char           *aduan_test_make_temp_dir   (const char  *name);
char           *aduan_test_hash_file       (const char  *path);
char           *aduan_test_find_program    (const char  *env_name,
                                            const char  *build_relative);

G_END_DECLS
