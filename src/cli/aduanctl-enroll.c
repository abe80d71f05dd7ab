/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-credentials.h"
#include "aduanctl-context.h"

/* aduanctl enroll URL CODE: the device gets its token from the hub. */
int
aduanctl_command_enroll (AduanctlContext  *context,
                         int               argc,
                         char            **argv)
{
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(AduanEnrollment) enrollment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *ca_file = NULL;
  int status;
  GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("What the hub calls this device (default: the name the code was made for)"), N_("NAME") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("Trust the hub’s certificate from this PEM file instead of the system’s"), N_("FILE") },
    { NULL }
  };

  if (!aduanctl_parse_options (context, entries, _("URL CODE"),
                               _("Enroll this device with a hub, using a one-time code from the hub’s admin "
                                 "(aduan-hub enroll-code). The token is kept in the keyring, or in a file only "
                                 "you can read."),
                               &argc, &argv, &status))
    return status;

  if (argc != 3)
    return aduanctl_usage_error (context, _("give the hub’s address and the enrollment code"));

  store = aduanctl_open_store (context, FALSE, &error);
  if (store == NULL)
    return aduanctl_error (context, error);

  if (!aduan_credentials_enroll (store, argv[1], argv[2], name, ca_file, NULL, &error))
    return aduanctl_error (context, error);

  enrollment = aduan_credentials_get_enrollment (store, &error);
  if (enrollment == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The enrollment was not kept"));
      return aduanctl_error (context, error);
    }

  if (context->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "hub_url");
      json_builder_add_string_value (builder, enrollment->hub_url);
      json_builder_set_member_name (builder, "device_id");
      json_builder_add_string_value (builder, enrollment->device_id);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, enrollment->role);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, enrollment->name);
      json_builder_set_member_name (builder, "token_store");
      json_builder_add_string_value (builder, enrollment->token_store);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      aduanctl_print_json (node);
    }
  else
    g_print (_("Enrolled with %s as device %s (%s); the token is kept in %s.\n"),
             enrollment->hub_url, enrollment->device_id, enrollment->role,
             g_strcmp0 (enrollment->token_store, "keyring") == 0 ? _("the keyring") : _("a private file"));

  return ADUANCTL_EXIT_OK;
}
