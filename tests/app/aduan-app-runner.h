/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Runs the real app under a private Xvfb with an ADUAN_TEST_SCRIPT (see
 * src/app/aduan-test-script.c), for the UI tests.
 */

typedef struct
{
  int   status;   /* the exit status, or 128 + signal */
  char *output;   /* stdout and stderr */
} AduanAppRun;

void        aduan_app_runner_keep_system_dirs (void);
void        aduan_app_runner_init            (int          width,
                                              int          height);
void        aduan_app_runner_shutdown        (void);
gboolean    aduan_app_runner_skip            (void);
const char *aduan_app_runner_get_app         (void);
char       *aduan_app_runner_screenshot_path (const char  *name);
char      **aduan_app_runner_environ         (const char  *language,
                                              const char  *script_path,
                                              const char  *runtime_dir);
void        aduan_app_runner_finish          (int          wait_status,
                                              const char  *output,
                                              const char  *errors,
                                              AduanAppRun *run);
void        aduan_app_runner_run_in          (const char  *language,
                                              const char  *data_dir,
                                              const char  *script,
                                              AduanAppRun *run);
void        aduan_app_runner_run             (const char  *data_dir,
                                              const char  *script,
                                              AduanAppRun *run);
void        aduan_app_runner_assert_png      (const char  *path);
void        aduan_app_run_clear              (AduanAppRun *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AduanAppRun, aduan_app_run_clear)

G_END_DECLS
