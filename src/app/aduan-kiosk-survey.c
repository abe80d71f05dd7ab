/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aduan-kiosk-survey.h"
#include "aduan-survey-store.h"

/*
 * The satisfaction survey (SKM, Permenpan RB 14/2017): the nine elements,
 * each answered on the scale of 1 to 4 with the words the regulation
 * uses. Saved in the device store like a complaint, and sent with them,
 * so the unit's IKM is computed from every kiosk.
 *
 * Answer buttons are named "survey-ELEMENT-SCORE" for the UI tests.
 */

struct _AduanKioskSurvey
{
  AdwBin          parent_instance;

  GtkBox         *survey_questions;
  GtkButton      *survey_send_button;
  GtkLabel       *survey_error;
  GtkStack       *survey_stack;
  GtkScrolledWindow *survey_scroller;

  AduanStore     *store;     /* (owned) (nullable) */
  guint8          scores[ADUAN_SURVEY_N_ELEMENTS];
  GtkToggleButton *buttons[ADUAN_SURVEY_N_ELEMENTS][ADUAN_SURVEY_MAX_SCORE];  /* (unowned) */
};

G_DEFINE_FINAL_TYPE (AduanKioskSurvey, aduan_kiosk_survey, ADW_TYPE_BIN)

enum {
  SIGNAL_FINISHED,
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
n_answered (AduanKioskSurvey *self)
{
  guint n = 0;

  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    n += self->scores[i] != 0;

  return n;
}

static void
answer_toggled_cb (GtkToggleButton  *button,
                   AduanKioskSurvey *self)
{
  guint element = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "aduan-element"));
  guint score = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "aduan-score"));

  if (gtk_toggle_button_get_active (button))
    self->scores[element] = score;
  else if (self->scores[element] == score)
    self->scores[element] = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->survey_error), FALSE);
}

static void
build_questions (AduanKioskSurvey *self)
{
  for (guint element = 0; element < ADUAN_SURVEY_N_ELEMENTS; element++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      GtkWidget *question = gtk_label_new (NULL);
      GtkWidget *answers = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autofree char *text = g_strdup_printf ("%u. %s", element + 1,
                                               aduan_survey_element_get_question (element));
      GtkToggleButton *first = NULL;

      gtk_label_set_label (GTK_LABEL (question), text);
      gtk_label_set_wrap (GTK_LABEL (question), TRUE);
      gtk_label_set_xalign (GTK_LABEL (question), 0);
      gtk_widget_add_css_class (question, "heading");
      gtk_box_append (GTK_BOX (box), question);

      gtk_box_set_homogeneous (GTK_BOX (answers), TRUE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (answers),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, question, NULL,
                                      -1);
      for (guint score = ADUAN_SURVEY_MIN_SCORE; score <= ADUAN_SURVEY_MAX_SCORE; score++)
        {
          GtkWidget *button = gtk_toggle_button_new ();
          GtkWidget *label = gtk_label_new (aduan_survey_score_get_label (element, score));
          g_autofree char *name = g_strdup_printf ("survey-%s-%u",
                                                   aduan_survey_element_to_string (element), score);
          /* Translators: how a screen reader reads one answer of the
           * survey: the answer, then the question's short name */
          g_autofree char *spoken = g_strdup_printf (_("%s, for %s"),
                                                     aduan_survey_score_get_label (element, score),
                                                     aduan_survey_element_get_label (element));

          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
          gtk_button_set_child (GTK_BUTTON (button), label);
          gtk_widget_set_name (button, name);
          gtk_widget_add_css_class (button, "kiosk-answer");
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                          -1);
          if (first != NULL)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
          else
            first = GTK_TOGGLE_BUTTON (button);
          g_object_set_data (G_OBJECT (button), "aduan-element", GUINT_TO_POINTER (element));
          g_object_set_data (G_OBJECT (button), "aduan-score", GUINT_TO_POINTER (score));
          g_signal_connect_object (button, "toggled", G_CALLBACK (answer_toggled_cb), self, 0);
          self->buttons[element][score - 1] = GTK_TOGGLE_BUTTON (button);
          gtk_box_append (GTK_BOX (answers), button);
        }
      gtk_box_append (GTK_BOX (box), answers);
      gtk_box_append (self->survey_questions, box);
    }
}

static void
send_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AduanKioskSurvey *self = ADUAN_KIOSK_SURVEY (widget);
  g_autoptr(AduanSurvey) survey = NULL;
  g_autoptr(GError) error = NULL;

  if (n_answered (self) < ADUAN_SURVEY_N_ELEMENTS)
    {
      gtk_label_set_label (self->survey_error,
                           _("Please answer every question: touch one answer on each line."));
      gtk_widget_set_visible (GTK_WIDGET (self->survey_error), TRUE);
      gtk_widget_error_bell (widget);
      return;
    }

  if (self->store == NULL)
    {
      gtk_label_set_label (self->survey_error, _("Your answers cannot be kept on this kiosk. Please tell an officer."));
      gtk_widget_set_visible (GTK_WIDGET (self->survey_error), TRUE);
      return;
    }

  survey = aduan_survey_new ();
  memcpy (survey->scores, self->scores, sizeof survey->scores);
  if (!aduan_survey_store_save (self->store, survey, &error))
    {
      g_message ("Could not save a survey: %s", error->message);
      gtk_label_set_label (self->survey_error, _("Your answers could not be kept. Please tell an officer."));
      gtk_widget_set_visible (GTK_WIDGET (self->survey_error), TRUE);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  gtk_stack_set_visible_child_name (self->survey_stack, "thanks");
}

static void
close_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_FINISHED], 0);
}

static void
aduan_kiosk_survey_dispose (GObject *object)
{
  AduanKioskSurvey *self = ADUAN_KIOSK_SURVEY (object);

  g_clear_object (&self->store);
  /* The template's root is the bin's child: let AdwBin drop it first, or
   * AdwBin's own dispose unparents a child the template already did. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_KIOSK_SURVEY);

  G_OBJECT_CLASS (aduan_kiosk_survey_parent_class)->dispose (object);
}

static void
aduan_kiosk_survey_class_init (AduanKioskSurveyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_kiosk_survey_dispose;

  /**
   * AduanKioskSurvey::finished:
   *
   * The citizen is done here, answered or not.
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * AduanKioskSurvey::saved:
   *
   * A survey was saved in the store, to be sent.
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-kiosk-survey.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanKioskSurvey, survey_questions);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskSurvey, survey_send_button);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskSurvey, survey_error);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskSurvey, survey_stack);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskSurvey, survey_scroller);

  gtk_widget_class_install_action (widget_class, "survey.send", NULL, send_action_cb);
  gtk_widget_class_install_action (widget_class, "survey.close", NULL, close_action_cb);
}

static void
aduan_kiosk_survey_init (AduanKioskSurvey *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_questions (self);
}

void
aduan_kiosk_survey_set_store (AduanKioskSurvey *self,
                              AduanStore       *store)
{
  g_return_if_fail (ADUAN_IS_KIOSK_SURVEY (self));

  g_set_object (&self->store, store);
}

/**
 * aduan_kiosk_survey_reset:
 *
 * Clears every answer, for the next citizen.
 */
void
aduan_kiosk_survey_reset (AduanKioskSurvey *self)
{
  g_return_if_fail (ADUAN_IS_KIOSK_SURVEY (self));

  for (guint element = 0; element < ADUAN_SURVEY_N_ELEMENTS; element++)
    for (guint score = 0; score < ADUAN_SURVEY_MAX_SCORE; score++)
      gtk_toggle_button_set_active (self->buttons[element][score], FALSE);
  memset (self->scores, 0, sizeof self->scores);
  gtk_widget_set_visible (GTK_WIDGET (self->survey_error), FALSE);
  gtk_stack_set_visible_child_name (self->survey_stack, "questions");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->survey_scroller), 0);
}
