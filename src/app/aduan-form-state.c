/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "aduan-form-state.h"

#define DRAFT_FORMAT  "aduan-form-draft"
#define DRAFT_VERSION 1

typedef struct
{
  const char *name;         /* as the form and the draft call it */
  const char *error_field;  /* as aduan_complaint_check() calls it */
  gsize       offset;
} TextField;

static const TextField text_fields[] = {
  { "category", "category", G_STRUCT_OFFSET (AduanFormState, category) },
  { "title", "title", G_STRUCT_OFFSET (AduanFormState, title) },
  { "description", "description", G_STRUCT_OFFSET (AduanFormState, description) },
  { "reporter.name", "reporter.name", G_STRUCT_OFFSET (AduanFormState, reporter_name) },
  { "reporter.phone", "reporter.phone", G_STRUCT_OFFSET (AduanFormState, reporter_phone) },
  { "reporter.nik", "reporter.nik", G_STRUCT_OFFSET (AduanFormState, reporter_nik) },
  { "reporter.address", "reporter.address", G_STRUCT_OFFSET (AduanFormState, reporter_address) },
  { "village_code", "village_code", G_STRUCT_OFFSET (AduanFormState, village_code) },
  { "village_label", "village_code", G_STRUCT_OFFSET (AduanFormState, village_label) },
  { "latitude", "location", G_STRUCT_OFFSET (AduanFormState, latitude) },
  { "longitude", "location", G_STRUCT_OFFSET (AduanFormState, longitude) },
  { "accuracy", "location", G_STRUCT_OFFSET (AduanFormState, accuracy) },
  { "occurred-date", "occurred_at", G_STRUCT_OFFSET (AduanFormState, occurred_date) },
  { "occurred-time", "occurred_at", G_STRUCT_OFFSET (AduanFormState, occurred_time) },
  { "officer", "officer", G_STRUCT_OFFSET (AduanFormState, officer) },
};

/* The fields whose content says a person started a report; the rest are
 * defaults the form fills in by itself. */
static const char * const content_fields[] = {
  "category", "title", "description", "reporter.name", "reporter.phone",
  "reporter.nik", "reporter.address", "village_label", "latitude",
  "longitude", "accuracy",
};

static const TextField *
find_text_field (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      if (g_str_equal (text_fields[i].name, name))
        return &text_fields[i];
    }

  return NULL;
}

static char **
text_field_slot (AduanFormState  *self,
                 const TextField *field)
{
  return G_STRUCT_MEMBER_P (self, field->offset);
}

static void
touch (AduanFormState *self,
       const char     *error_field)
{
  g_hash_table_add (self->touched, g_strdup (error_field));
}

AduanFormState *
aduan_form_state_new (void)
{
  AduanFormState *self = g_new0 (AduanFormState, 1);

  self->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_photo_ref_free);
  aduan_form_state_reset (self, NULL, ADUAN_CHANNEL_FIELD_VISIT, 0);

  return self;
}

void
aduan_form_state_free (AduanFormState *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    g_free (*text_field_slot (self, &text_fields[i]));

  g_hash_table_unref (self->touched);
  g_hash_table_unref (self->errors);
  g_ptr_array_unref (self->photos);
  g_free (self);
}

/**
 * aduan_form_state_reset:
 * @officer: (nullable): who records complaints on this device
 * @channel: the channel a new report starts with
 * @now_usec: the current time, UTC microseconds; 0 leaves the time empty
 *
 * Empties the form for the next report.
 */
void
aduan_form_state_reset (AduanFormState *self,
                        const char     *officer,
                        AduanChannel    channel,
                        gint64          now_usec)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      char **slot = text_field_slot (self, &text_fields[i]);
      gboolean nullable = (g_str_equal (text_fields[i].name, "category") ||
                           g_str_equal (text_fields[i].name, "village_code") ||
                           g_str_equal (text_fields[i].name, "village_label"));

      g_free (*slot);
      *slot = nullable ? NULL : g_strdup ("");
    }

  self->kind = ADUAN_REPORT_KIND_COMPLAINT;
  self->anonymous = FALSE;
  self->confidential = FALSE;
  self->channel = channel < ADUAN_CHANNEL_N ? channel : ADUAN_CHANNEL_FIELD_VISIT;
  self->location_source = ADUAN_LOCATION_SOURCE_NONE;
  self->location_time = 0;
  g_ptr_array_set_size (self->photos, 0);
  self->show_all_errors = FALSE;
  g_hash_table_remove_all (self->touched);
  g_hash_table_remove_all (self->errors);

  g_free (self->officer);
  self->officer = g_strdup (officer != NULL ? officer : "");

  if (now_usec > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_usec / G_USEC_PER_SEC);

      g_free (self->occurred_date);
      self->occurred_date = g_date_time_format (now, "%Y-%m-%d");
      g_free (self->occurred_time);
      self->occurred_time = g_date_time_format (now, "%H:%M");
    }
}

/**
 * aduan_form_state_set_text:
 * @field: a text field: `title`, `description`, `reporter.name`,
 *   `reporter.phone`, `reporter.nik`, `reporter.address`, `category`,
 *   `village_code`, `village_label`, `latitude`, `longitude`, `accuracy`,
 *   `occurred-date`, `occurred-time` or `officer`
 * @value: (nullable): the new text
 *
 * Returns: %TRUE when the value changed
 */
gboolean
aduan_form_state_set_text (AduanFormState *self,
                           const char     *field,
                           const char     *value)
{
  const TextField *text_field;
  char **slot;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  text_field = find_text_field (field);
  g_return_val_if_fail (text_field != NULL, FALSE);

  slot = text_field_slot (self, text_field);
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;

  /* A person typing into the reporter fields means the report is not
   * anonymous any more; keeping both would drop what they typed on save. */
  if (g_str_has_prefix (field, "reporter.") && value != NULL && *value != '\0')
    self->anonymous = FALSE;

  g_free (*slot);
  *slot = g_strdup (value);
  touch (self, text_field->error_field);

  /* Coordinates typed by hand are no fix with a time. */
  if (g_str_equal (text_field->error_field, "location"))
    self->location_time = 0;

  return TRUE;
}

const char *
aduan_form_state_get_text (AduanFormState *self,
                           const char     *field)
{
  const TextField *text_field;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  text_field = find_text_field (field);
  g_return_val_if_fail (text_field != NULL, NULL);

  return *text_field_slot (self, text_field);
}

/**
 * aduan_form_state_error_field_for:
 * @field: a text field name, as for aduan_form_state_set_text()
 *
 * Returns: (nullable): the name its validation messages are filed under
 */
const char *
aduan_form_state_error_field_for (const char *field)
{
  const TextField *text_field = find_text_field (field);

  return text_field != NULL ? text_field->error_field : NULL;
}

void
aduan_form_state_set_kind (AduanFormState  *self,
                           AduanReportKind  kind)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (kind < ADUAN_REPORT_KIND_N);

  self->kind = kind;
  touch (self, "kind");
}

void
aduan_form_state_set_channel (AduanFormState *self,
                              AduanChannel    channel)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (channel < ADUAN_CHANNEL_N);

  self->channel = channel;
  touch (self, "channel");
}

void
aduan_form_state_set_location_source (AduanFormState      *self,
                                      AduanLocationSource  source)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (source < ADUAN_LOCATION_SOURCE_N);

  self->location_source = source;
  touch (self, "location");
}

/**
 * aduan_form_state_set_anonymous:
 *
 * An anonymous report keeps no identity, so the reporter fields are
 * emptied, not merely hidden.
 */
void
aduan_form_state_set_anonymous (AduanFormState *self,
                                gboolean        anonymous)
{
  g_return_if_fail (self != NULL);

  self->anonymous = !!anonymous;

  if (self->anonymous)
    {
      g_free (self->reporter_name);
      self->reporter_name = g_strdup ("");
      g_free (self->reporter_phone);
      self->reporter_phone = g_strdup ("");
      g_free (self->reporter_nik);
      self->reporter_nik = g_strdup ("");
      g_free (self->reporter_address);
      self->reporter_address = g_strdup ("");
    }
}

void
aduan_form_state_set_confidential (AduanFormState *self,
                                   gboolean        confidential)
{
  g_return_if_fail (self != NULL);

  self->confidential = !!confidential;
}

/**
 * aduan_form_state_set_village:
 * @code: (nullable): a Kemendagri village code picked from the index
 * @label: (nullable): its label, or the text typed so far when @code is %NULL
 */
void
aduan_form_state_set_village (AduanFormState *self,
                              const char     *code,
                              const char     *label)
{
  g_return_if_fail (self != NULL);

  g_free (self->village_code);
  self->village_code = (code != NULL && *code != '\0') ? g_strdup (code) : NULL;
  g_free (self->village_label);
  self->village_label = (label != NULL && *label != '\0') ? g_strdup (label) : NULL;
  touch (self, "village_code");
}

/**
 * aduan_form_state_apply_fix:
 * @fix: a position from a location source or a photo
 *
 * Puts @fix into the coordinate fields, with its source and time.
 */
void
aduan_form_state_apply_fix (AduanFormState         *self,
                            const AduanLocationFix *fix)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (self != NULL);
  g_return_if_fail (fix != NULL);

  g_ascii_formatd (text, sizeof text, "%.6f", fix->latitude);
  aduan_form_state_set_text (self, "latitude", text);
  g_ascii_formatd (text, sizeof text, "%.6f", fix->longitude);
  aduan_form_state_set_text (self, "longitude", text);
  if (fix->accuracy_m >= 0)
    g_ascii_formatd (text, sizeof text, "%.0f", fix->accuracy_m);
  else
    text[0] = '\0';
  aduan_form_state_set_text (self, "accuracy", text);

  aduan_form_state_set_location_source (self, fix->source < ADUAN_LOCATION_SOURCE_N
                                              ? fix->source : ADUAN_LOCATION_SOURCE_MANUAL);
  self->location_time = fix->time;
}

/**
 * aduan_form_state_add_photo:
 * @ref: a photo already in the photo store
 *
 * Returns: %FALSE when the same photo is attached already
 */
gboolean
aduan_form_state_add_photo (AduanFormState      *self,
                            const AduanPhotoRef *ref)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (ref != NULL && ref->sha256 != NULL, FALSE);

  if (aduan_form_state_has_photo (self, ref->sha256))
    return FALSE;

  g_ptr_array_add (self->photos, aduan_photo_ref_copy (ref));
  return TRUE;
}

gboolean
aduan_form_state_remove_photo (AduanFormState *self,
                               const char     *sha256)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  for (guint i = 0; i < self->photos->len; i++)
    {
      const AduanPhotoRef *ref = g_ptr_array_index (self->photos, i);

      if (g_str_equal (ref->sha256, sha256))
        {
          g_ptr_array_remove_index (self->photos, i);
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
aduan_form_state_has_photo (AduanFormState *self,
                            const char     *sha256)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  for (guint i = 0; i < self->photos->len; i++)
    {
      const AduanPhotoRef *ref = g_ptr_array_index (self->photos, i);

      if (g_str_equal (ref->sha256, sha256))
        return TRUE;
    }

  return FALSE;
}

static gboolean is_blank_text (const char *text);

/**
 * aduan_form_state_has_location:
 *
 * Returns: %TRUE when anything is typed into the coordinates
 */
gboolean
aduan_form_state_has_location (AduanFormState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return !is_blank_text (self->latitude) || !is_blank_text (self->longitude);
}

/**
 * aduan_form_state_has_occurred_at:
 *
 * Returns: %TRUE when a person set the time it happened, rather than the
 *   form's default of when the report was started
 */
gboolean
aduan_form_state_has_occurred_at (AduanFormState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_hash_table_contains (self->touched, "occurred_at");
}

/**
 * aduan_form_state_is_blank:
 *
 * Returns: %TRUE when nothing but defaults is in the form, so there is no
 *   draft worth keeping
 */
gboolean
aduan_form_state_is_blank (AduanFormState *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (content_fields); i++)
    {
      const char *value = aduan_form_state_get_text (self, content_fields[i]);

      if (value != NULL && *value != '\0')
        return FALSE;
    }

  return self->photos->len == 0;
}

static gboolean
is_blank_text (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

/**
 * aduan_parse_coordinate:
 * @text: a number as a person typed it: `-6.2088` or, as Indonesian
 *   keyboards and habits have it, `-6,2088`
 *
 * Returns: %TRUE when @text is a finite number
 */
gboolean
aduan_parse_coordinate (const char *text,
                        double     *out_value)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  double value;

  g_return_val_if_fail (out_value != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return FALSE;

  if (strchr (copy, '.') == NULL)
    g_strdelimit (copy, ",", '.');

  value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (value))
    return FALSE;

  *out_value = value;
  return TRUE;
}

/**
 * aduan_parse_local_date_time:
 * @date: (nullable): `YYYY-MM-DD`, empty when unknown
 * @time: (nullable): `HH:MM` (or `HH.MM`), empty for the start of the day
 * @out_usec: (out): UTC microseconds since the epoch; 0 when both are empty
 *
 * Reads a date and time in the local time zone.
 *
 * Returns: %FALSE when either is not a real date or time
 */
gboolean
aduan_parse_local_date_time (const char *date,
                             const char *time,
                             gint64     *out_usec)
{
  g_autoptr(GDateTime) date_time = NULL;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  char trailing;

  g_return_val_if_fail (out_usec != NULL, FALSE);

  if (is_blank_text (date) && is_blank_text (time))
    {
      *out_usec = 0;
      return TRUE;
    }

  if (is_blank_text (date))
    return FALSE;

  if (sscanf (date, " %4d-%2d-%2d %c", &year, &month, &day, &trailing) != 3 ||
      year < 1900 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  if (!is_blank_text (time))
    {
      if ((sscanf (time, " %2d:%2d %c", &hour, &minute, &trailing) != 2 &&
           sscanf (time, " %2d.%2d %c", &hour, &minute, &trailing) != 2) ||
          hour < 0 || hour > 23 || minute < 0 || minute > 59)
        return FALSE;
    }

  date_time = g_date_time_new_local (year, month, day, hour, minute, 0);
  if (date_time == NULL)
    return FALSE;

  *out_usec = g_date_time_to_unix (date_time) * G_USEC_PER_SEC;
  return TRUE;
}

static void
add_error (GPtrArray  *errors,
           const char *field,
           const char *message)
{
  AduanFieldError *error = g_new0 (AduanFieldError, 1);

  error->field = g_strdup (field);
  error->message = g_strdup (message);
  g_ptr_array_add (errors, error);
}

static char *
dup_trimmed (const char *text)
{
  if (is_blank_text (text))
    return NULL;

  return g_strstrip (g_strdup (text));
}

/**
 * aduan_form_state_to_complaint:
 * @parse_errors: (out) (optional) (element-type AduanFieldError): the fields
 *   that could not be read as typed
 *
 * Turns the form into a complaint, ready for aduan_complaint_check() and
 * aduan_store_save(). Fields that cannot be read (a latitude that is not a
 * number) are left out of the complaint and reported in @parse_errors.
 *
 * Returns: (transfer full): a new complaint
 */
AduanComplaint *
aduan_form_state_to_complaint (AduanFormState  *self,
                               GPtrArray      **parse_errors)
{
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  gboolean has_lat, has_lon;
  double latitude = 0, longitude = 0, accuracy = -1;

  g_return_val_if_fail (self != NULL, NULL);

  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_field_error_free);
  complaint = aduan_complaint_new ();

  complaint->kind = self->kind;
  complaint->category = dup_trimmed (self->category);
  complaint->title = dup_trimmed (self->title);
  /* The description keeps its line breaks and indentation. */
  complaint->description = is_blank_text (self->description) ? NULL : g_strdup (self->description);
  complaint->anonymous = self->anonymous;
  complaint->confidential = self->confidential;
  complaint->channel = self->channel;
  complaint->officer = dup_trimmed (self->officer);

  if (!self->anonymous)
    {
      complaint->reporter_name = dup_trimmed (self->reporter_name);
      complaint->reporter_phone = dup_trimmed (self->reporter_phone);
      complaint->reporter_nik = dup_trimmed (self->reporter_nik);
      complaint->reporter_address = dup_trimmed (self->reporter_address);
    }

  if (self->village_code != NULL)
    {
      complaint->village_code = g_strdup (self->village_code);
      complaint->village_label = g_strdup (self->village_label);
    }
  else if (!is_blank_text (self->village_label))
    {
      add_error (errors, "village_code",
                 _("Pick the village from the list that opens as you type."));
    }

  has_lat = !is_blank_text (self->latitude);
  has_lon = !is_blank_text (self->longitude);

  if (has_lat != has_lon)
    {
      add_error (errors, "location",
                 _("Type both the latitude and the longitude, or neither."));
    }
  else if (has_lat &&
           (!aduan_parse_coordinate (self->latitude, &latitude) ||
            !aduan_parse_coordinate (self->longitude, &longitude)))
    {
      add_error (errors, "location",
                 _("Latitude and longitude must be numbers, such as -6.2088 and 106.8456."));
    }
  else if (!is_blank_text (self->accuracy) &&
           (!aduan_parse_coordinate (self->accuracy, &accuracy) || accuracy < 0))
    {
      add_error (errors, "location",
                 _("The accuracy must be a number of metres, such as 15."));
    }
  else if (has_lat)
    {
      complaint->has_location = TRUE;
      complaint->latitude = latitude;
      complaint->longitude = longitude;
      complaint->accuracy_m = is_blank_text (self->accuracy) ? -1 : accuracy;
      complaint->location_source = self->location_source != ADUAN_LOCATION_SOURCE_NONE
                                   ? self->location_source
                                   : ADUAN_LOCATION_SOURCE_MANUAL;
      complaint->location_time = self->location_time;
    }

  for (guint i = 0; i < self->photos->len; i++)
    g_ptr_array_add (complaint->photos, aduan_photo_ref_copy (g_ptr_array_index (self->photos, i)));

  if (!aduan_parse_local_date_time (self->occurred_date, self->occurred_time,
                                    &complaint->occurred_at))
    {
      complaint->occurred_at = 0;
      add_error (errors, "occurred_at",
                 _("Type the date as YYYY-MM-DD and the time as HH:MM, for example 2024-03-17 and 14:30."));
    }

  if (parse_errors != NULL)
    *parse_errors = g_steal_pointer (&errors);

  return g_steal_pointer (&complaint);
}

/**
 * aduan_form_state_check:
 * @catalog: (nullable): the catalog, to check the category
 * @areas: (nullable): the area index, to check the village code
 *
 * Checks the whole form and remembers one message per field, the first
 * one found, for aduan_form_state_get_error().
 *
 * Returns: the number of fields with an error
 */
guint
aduan_form_state_check (AduanFormState *self,
                        AduanCatalog   *catalog,
                        AduanAreaIndex *areas)
{
  g_autoptr(GPtrArray) parse_errors = NULL;
  g_autoptr(GPtrArray) check_errors = NULL;
  g_autoptr(AduanComplaint) complaint = NULL;

  g_return_val_if_fail (self != NULL, 0);

  g_hash_table_remove_all (self->errors);

  complaint = aduan_form_state_to_complaint (self, &parse_errors);
  check_errors = aduan_complaint_check (complaint, catalog, areas);

  /* What could not be read comes first: "not a number" helps more than the
   * "required" the empty value would otherwise get. */
  for (guint i = 0; i < parse_errors->len; i++)
    {
      const AduanFieldError *error = g_ptr_array_index (parse_errors, i);

      if (!g_hash_table_contains (self->errors, error->field))
        g_hash_table_insert (self->errors, g_strdup (error->field), g_strdup (error->message));
    }

  for (guint i = 0; check_errors != NULL && i < check_errors->len; i++)
    {
      const AduanFieldError *error = g_ptr_array_index (check_errors, i);
      const char *field = error->field;

      /* Coordinates, accuracy and source all sit in one "location" row. */
      if (g_str_has_prefix (field, "location") || g_str_equal (field, "latitude") ||
          g_str_equal (field, "longitude") || g_str_equal (field, "accuracy_m"))
        field = "location";

      if (!g_hash_table_contains (self->errors, field))
        g_hash_table_insert (self->errors, g_strdup (field), g_strdup (error->message));
    }

  return g_hash_table_size (self->errors);
}

/**
 * aduan_form_state_get_error:
 * @error_field: a field name as aduan_complaint_check() uses it
 *
 * Returns: (nullable): the message found by the last
 *   aduan_form_state_check(), whether or not it should be shown yet
 */
const char *
aduan_form_state_get_error (AduanFormState *self,
                            const char     *error_field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error_field != NULL, NULL);

  return g_hash_table_lookup (self->errors, error_field);
}

/**
 * aduan_form_state_get_visible_error:
 * @error_field: a field name as aduan_complaint_check() uses it
 *
 * A fresh form is not a wall of red: a field's message shows once a person
 * has edited that field, or for every field after a Save was tried.
 *
 * Returns: (nullable): the message to show under the field
 */
const char *
aduan_form_state_get_visible_error (AduanFormState *self,
                                    const char     *error_field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error_field != NULL, NULL);

  if (!self->show_all_errors && !g_hash_table_contains (self->touched, error_field))
    return NULL;

  return g_hash_table_lookup (self->errors, error_field);
}

void
aduan_form_state_set_show_all_errors (AduanFormState *self,
                                      gboolean        show)
{
  g_return_if_fail (self != NULL);

  self->show_all_errors = !!show;
}

/**
 * aduan_form_state_to_json:
 *
 * The draft: every field exactly as typed, so nothing is lost when the
 * app is killed halfway through a report.
 *
 * Returns: (transfer full): a JSON object
 */
char *
aduan_form_state_to_json (AduanFormState *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, DRAFT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, DRAFT_VERSION);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, aduan_report_kind_to_string (self->kind));
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, aduan_channel_to_string (self->channel));
  json_builder_set_member_name (builder, "location_source");
  json_builder_add_string_value (builder, aduan_location_source_to_string (self->location_source));
  json_builder_set_member_name (builder, "anonymous");
  json_builder_add_boolean_value (builder, self->anonymous);
  json_builder_set_member_name (builder, "confidential");
  json_builder_add_boolean_value (builder, self->confidential);
  if (self->location_time > 0)
    {
      json_builder_set_member_name (builder, "location_time");
      json_builder_add_int_value (builder, self->location_time);
    }

  /* The photos are in the photo store already; the draft keeps references. */
  json_builder_set_member_name (builder, "photos");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->photos->len; i++)
    {
      const AduanPhotoRef *ref = g_ptr_array_index (self->photos, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, ref->sha256);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, ref->size);
      json_builder_set_member_name (builder, "content_type");
      json_builder_add_string_value (builder, ref->content_type);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      const char *value = *text_field_slot (self, &text_fields[i]);

      if (value == NULL)
        continue;

      json_builder_set_member_name (builder, text_fields[i].name);
      json_builder_add_string_value (builder, value);
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/**
 * aduan_form_state_load_json:
 * @json: a draft from aduan_form_state_to_json()
 *
 * Restores a draft. Unknown members are ignored so an older app can read a
 * newer draft; on error the form is left as it was.
 */
gboolean
aduan_form_state_load_json (AduanFormState  *self,
                            const char      *json,
                            GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AduanFormState) loaded = NULL;
  JsonObject *object;
  JsonNode *root;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root),
                                                             "format", NULL),
                 DRAFT_FORMAT) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The saved draft is not a complaint form."));
      return FALSE;
    }

  object = json_node_get_object (root);
  loaded = aduan_form_state_new ();

  aduan_report_kind_from_string (json_object_get_string_member_with_default (object, "kind", NULL),
                                 &loaded->kind);
  aduan_channel_from_string (json_object_get_string_member_with_default (object, "channel", NULL),
                             &loaded->channel);
  aduan_location_source_from_string (json_object_get_string_member_with_default (object, "location_source", NULL),
                                     &loaded->location_source);
  loaded->anonymous = json_object_get_boolean_member_with_default (object, "anonymous", FALSE);
  loaded->confidential = json_object_get_boolean_member_with_default (object, "confidential", FALSE);
  loaded->location_time = MAX (0, json_object_get_int_member_with_default (object, "location_time", 0));

  if (json_object_has_member (object, "photos") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "photos")))
    {
      JsonArray *photos = json_object_get_array_member (object, "photos");

      for (guint i = 0; i < json_array_get_length (photos); i++)
        {
          JsonNode *node = json_array_get_element (photos, i);
          JsonObject *photo;
          const char *sha256;
          g_autoptr(AduanPhotoRef) ref = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          photo = json_node_get_object (node);
          sha256 = json_object_get_string_member_with_default (photo, "sha256", NULL);
          /* A name that is not a SHA-256 must never become a file path. */
          if (sha256 == NULL || !aduan_photo_sha256_is_valid (sha256))
            continue;
          ref = aduan_photo_ref_new (sha256,
                                     json_object_get_int_member_with_default (photo, "size", 0),
                                     json_object_get_string_member_with_default (photo, "content_type",
                                                                                 ADUAN_PHOTO_CONTENT_TYPE));
          aduan_form_state_add_photo (loaded, ref);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      JsonNode *node = json_object_get_member (object, text_fields[i].name);
      char **slot = text_field_slot (loaded, &text_fields[i]);

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != G_TYPE_STRING)
        continue;

      g_free (*slot);
      *slot = g_strdup (json_node_get_string (node));
    }

  /* Move everything over at once, keeping this form's bookkeeping tables. */
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      char **to = text_field_slot (self, &text_fields[i]);
      char **from = text_field_slot (loaded, &text_fields[i]);

      g_free (*to);
      *to = g_steal_pointer (from);
    }

  self->kind = loaded->kind;
  self->channel = loaded->channel;
  self->location_source = loaded->location_source;
  self->location_time = loaded->location_time;
  g_ptr_array_set_size (self->photos, 0);
  g_ptr_array_extend_and_steal (self->photos, g_steal_pointer (&loaded->photos));
  loaded->photos = g_ptr_array_new ();
  self->anonymous = loaded->anonymous;
  self->confidential = loaded->confidential;
  self->show_all_errors = FALSE;
  g_hash_table_remove_all (self->errors);
  g_hash_table_remove_all (self->touched);

  /* What was restored was typed by someone: show its problems at once. */
  for (guint i = 0; i < G_N_ELEMENTS (content_fields); i++)
    {
      const char *value = aduan_form_state_get_text (self, content_fields[i]);

      if (value != NULL && *value != '\0')
        touch (self, aduan_form_state_error_field_for (content_fields[i]));
    }

  return TRUE;
}
