/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "aduanctl-context.h"

typedef struct
{
  const char      *name;
  AduanctlCommand  run;
  const char      *summary;
} CommandEntry;

static const CommandEntry commands[] = {
  { "add", aduanctl_command_add, N_("Record a complaint and print its tracking code") },
  { "list", aduanctl_command_list, N_("List complaints, newest first") },
  { "search", aduanctl_command_search, N_("Search complaints by words") },
  { "show", aduanctl_command_show, N_("Show one complaint by UUID or tracking code") },
  { "export", aduanctl_command_export, N_("Export complaints as CSV or JSON") },
  { "enroll", aduanctl_command_enroll, N_("Enroll this device with a hub") },
  { "sync", aduanctl_command_sync, N_("Send waiting complaints to the hub and read its news") },
  { "status", aduanctl_command_status, N_("Show the hub, the last sync and what waits to be sent") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: aduanctl COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “aduanctl COMMAND --help” for a command’s options."));
}

int
main (int    argc,
      char **argv)
{
  AduanctlContext context = { 0 };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return ADUANCTL_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return ADUANCTL_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("aduanctl %s\n", PACKAGE_VERSION);
      return ADUANCTL_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          context.command = commands[i].name;
          /* The command sees itself as argv[0]. */
          status = commands[i].run (&context, argc - 1, argv + 1);
          g_free (context.data_dir);
          return status;
        }
    }

  g_printerr (_("aduanctl: unknown command “%s”\n"), argv[1]);
  print_usage (stderr);
  return ADUANCTL_EXIT_USAGE;
}
