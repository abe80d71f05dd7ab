/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduanctl-context.h"

static void
print_field (const char *label,
             const char *value)
{
  if (value != NULL && *value != '\0')
    g_print ("%-16s %s\n", label, value);
}

static void
print_complaint (const AduanComplaint *complaint)
{
  g_autofree char *created = aduanctl_format_time (complaint->created_at);
  g_autofree char *occurred = aduanctl_format_time (complaint->occurred_at);

  print_field (_("Tracking code"), complaint->tracking_code);
  print_field (_("UUID"), complaint->uuid);
  print_field (_("Kind"), aduan_report_kind_get_label (complaint->kind));
  print_field (_("Category"), complaint->category);
  print_field (_("Title"), complaint->title);
  print_field (_("Channel"), aduan_channel_get_label (complaint->channel));
  print_field (_("Occurred"), occurred);
  print_field (_("Recorded"), created);
  print_field (_("Officer"), complaint->officer);
  if (complaint->anonymous)
    print_field (_("Reporter"), _("Anonymous"));
  else
    {
      print_field (_("Reporter"), complaint->reporter_name);
      print_field (_("Phone"), complaint->reporter_phone);
      print_field (_("NIK"), complaint->reporter_nik);
      print_field (_("Address"), complaint->reporter_address);
    }
  if (complaint->confidential)
    print_field (_("Confidential"), _("yes"));
  print_field (_("Village"), complaint->village_label ? complaint->village_label : complaint->village_code);
  if (complaint->has_location)
    {
      g_autofree char *where = NULL;

      if (complaint->accuracy_m >= 0)
        where = g_strdup_printf ("%.6f, %.6f (±%.0f m, %s)", complaint->latitude, complaint->longitude,
                                 complaint->accuracy_m, aduan_location_source_get_label (complaint->location_source));
      else
        where = g_strdup_printf ("%.6f, %.6f (%s)", complaint->latitude, complaint->longitude,
                                 aduan_location_source_get_label (complaint->location_source));
      print_field (_("Location"), where);
    }
  print_field (_("Sync"), aduan_sync_state_get_label (complaint->sync_state));
  for (guint i = 0; i < complaint->photos->len; i++)
    {
      const AduanPhotoRef *ref = g_ptr_array_index (complaint->photos, i);

      /* The SHA-256 is the photo's file name in <data-dir>/photos. */
      print_field (i == 0 ? _("Photos") : "", ref->sha256);
    }
  g_print ("\n%s\n", complaint->description);
}

int
aduanctl_command_show (AduanctlContext  *context,
                       int               argc,
                       char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(AduanComplaint) complaint = NULL;
  int status;

  if (!aduanctl_parse_options (context, NULL, _("UUID|CODE"), _("Show one complaint."), &argc, &argv, &status))
    return status;

  if (argc != 2)
    return aduanctl_usage_error (context, _("give exactly one UUID or tracking code"));

  store = aduanctl_open_store (context, FALSE, &error);
  if (store == NULL)
    return aduanctl_error (context, error);

  complaint = aduan_store_get (store, argv[1], &error);
  if (complaint == NULL)
    return aduanctl_error (context, error);

  if (context->json)
    {
      g_autoptr(JsonNode) node = aduan_complaint_to_json (complaint, ADUAN_JSON_LOCAL);
      aduanctl_print_json (node);
    }
  else
    print_complaint (complaint);

  return ADUANCTL_EXIT_OK;
}
