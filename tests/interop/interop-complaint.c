/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "aduan-complaint.h"
#include "aduan-tracking-code.h"

/*
 * Prints a valid complaint in its wire form, with one photo, so the
 * interoperability scripts need not reimplement tracking codes:
 *
 *   interop-complaint PREFIX SHA256 SIZE
 */
int
main (int    argc,
      char **argv)
{
  g_autoptr(AduanComplaint) complaint = aduan_complaint_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  if (argc != 4)
    {
      g_printerr ("Usage: %s PREFIX SHA256 SIZE\n", argv[0]);
      return 2;
    }

  complaint->uuid = g_uuid_string_random ();
  complaint->tracking_code = aduan_tracking_code_build (argv[1], g_random_int_range (1, 1000), &error);
  if (complaint->tracking_code == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  complaint->category = g_strdup ("roads-drainage");
  complaint->title = g_strdup ("Jalan berlubang");
  complaint->description = g_strdup ("Lubang besar di jalan desa, berbahaya bagi pengendara motor.");
  complaint->anonymous = TRUE;
  complaint->channel = ADUAN_CHANNEL_FIELD_VISIT;
  complaint->created_at = (g_get_real_time () / G_USEC_PER_SEC) * G_USEC_PER_SEC;
  g_ptr_array_add (complaint->photos,
                   aduan_photo_ref_new (argv[2], g_ascii_strtoll (argv[3], NULL, 10), "image/jpeg"));

  if (!aduan_complaint_validate (complaint, NULL, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  json = aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE);
  g_print ("%s\n", json);
  return 0;
}
