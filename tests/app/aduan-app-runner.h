/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Runs the real app under a private Xvfb with an ADUAN_TEST_SCRIPT, for
 * the UI tests that are not test-app-ui.c.
 */

typedef struct
{
  int   status;   /* the exit status, or 128 + signal */
  char *output;   /* stdout and stderr */
} AduanAppRun;

void     aduan_app_runner_init            (int         width,
                                           int         height);
void     aduan_app_runner_shutdown        (void);
gboolean aduan_app_runner_skip            (void);
char    *aduan_app_runner_screenshot_path (const char *name);
void     aduan_app_runner_run             (const char *data_dir,
                                           const char *script,
                                           AduanAppRun *run);
void     aduan_app_runner_assert_png      (const char *path);
void     aduan_app_run_clear              (AduanAppRun *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AduanAppRun, aduan_app_run_clear)

G_END_DECLS
