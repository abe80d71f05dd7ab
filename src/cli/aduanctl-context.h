/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-store.h"

G_BEGIN_DECLS

/* Exit statuses every command shares. */
#define ADUANCTL_EXIT_OK     0
#define ADUANCTL_EXIT_ERROR  1
#define ADUANCTL_EXIT_USAGE  2

/* What every command is handed: the options all of them take, parsed. */
typedef struct
{
  const char *command;   /* e.g. "add" */
  char       *data_dir;  /* (owned) (nullable) --data-dir */
  gboolean    json;      /* --json */
} AduanctlContext;

typedef int (*AduanctlCommand) (AduanctlContext  *context,
                                int               argc,
                                char            **argv);

int         aduanctl_usage_error    (AduanctlContext *context,
                                     const char      *format,
                                     ...) G_GNUC_PRINTF (2, 3);
int         aduanctl_error          (AduanctlContext *context,
                                     const GError    *error);
gboolean    aduanctl_parse_options  (AduanctlContext  *context,
                                     GOptionEntry     *entries,
                                     const char       *parameter_string,
                                     const char       *summary,
                                     int              *argc,
                                     char           ***argv,
                                     int              *out_status);
AduanStore *aduanctl_open_store     (AduanctlContext  *context,
                                     gboolean          with_catalog,
                                     GError          **error);
void        aduanctl_print_json     (JsonNode         *node);
char       *aduanctl_format_time    (gint64            usec);

int aduanctl_command_add    (AduanctlContext *context, int argc, char **argv);
int aduanctl_command_list   (AduanctlContext *context, int argc, char **argv);
int aduanctl_command_search (AduanctlContext *context, int argc, char **argv);
int aduanctl_command_show   (AduanctlContext *context, int argc, char **argv);
int aduanctl_command_export (AduanctlContext *context, int argc, char **argv);
int aduanctl_command_enroll (AduanctlContext *context, int argc, char **argv);
int aduanctl_command_sync   (AduanctlContext *context, int argc, char **argv);
int aduanctl_command_status (AduanctlContext *context, int argc, char **argv);

G_END_DECLS
