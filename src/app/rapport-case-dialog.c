/* rapport-case-dialog.c
 *
 * The fields are read back and checked by rapport_case_form_check; Save
 * is enabled only while they are valid. A field's message shows once it
 * has been edited, and every message after a first attempt to save.
 */

#define G_LOG_DOMAIN "rapport-case-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-app-state.h"
#include "rapport-form.h"
#include "rapport-case-dialog.h"
#include "rapport-case-state.h"

#define CUSTOMER_RESULTS 20

struct _RapportCaseDialog
{
  AdwWindow          parent_instance;

  RapportContext    *context;
  gint64             customer_id;
  gint64             case_id;
  RapportCase       *kase;           /* as stored, when editing */
  guint              touched;        /* bit per RapportCaseField */
  gboolean           show_all;
  gboolean           loading;

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkScrolledWindow *scrolled_window;
  GtkLabel          *error_label;
  GtkWidget         *customer_group;
  GtkSearchEntry    *customer_search;
  GtkListBox        *customer_results;
  GtkLabel          *customer_error;
  AdwEntryRow       *summary_row;
  AdwPreferencesRow *summary_error_row;
  GtkLabel          *summary_error;
  AdwComboRow       *category_row;
  GtkStringList     *category_model;
  AdwComboRow       *severity_row;
  GtkStringList     *severity_model;
  AdwComboRow       *state_row;
  GtkStringList     *state_model;
  GtkTextView       *description_view;
  AdwEntryRow       *first_response_row;
  AdwPreferencesRow *first_response_error_row;
  GtkLabel          *first_response_error;
  GtkWidget         *escalation_group;
  AdwEntryRow       *escalated_to_row;
  AdwPreferencesRow *escalated_to_error_row;
  GtkLabel          *escalated_to_error;
  AdwComboRow       *escalation_channel_row;
  GtkStringList     *escalation_channel_model;
  GtkWidget         *resolution_group;
  AdwComboRow       *resolution_row;
  GtkStringList     *resolution_model;
  AdwPreferencesRow *resolution_error_row;
  GtkLabel          *resolution_error;
  AdwEntryRow       *resolution_notes_row;
  GtkWidget         *feedback_group;
  GtkLabel          *feedback_given;
  AdwComboRow       *csat_row;
  GtkStringList     *csat_model;
  AdwComboRow       *nps_row;
  GtkStringList     *nps_model;
  AdwComboRow       *ces_row;
  GtkStringList     *ces_model;
  AdwEntryRow       *comment_row;
  AdwEntryRow       *themes_row;
  AdwPreferencesRow *themes_error_row;
  GtkLabel          *themes_error;
};

G_DEFINE_FINAL_TYPE (RapportCaseDialog, rapport_case_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CUSTOMER_ID,
  PROP_CASE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How a case was referred, in the order of the "How" list. "None" first:
 * a case that was never escalated. */
static const RapportChannel escalation_channels[] = {
  RAPPORT_CHANNEL_NONE,
  RAPPORT_CHANNEL_IN_PERSON,
  RAPPORT_CHANNEL_LETTER,
  RAPPORT_CHANNEL_PHONE,
  RAPPORT_CHANNEL_EMAIL,
};

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
dup_trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (entry_text (row)));
}

static char *
dup_description (RapportCaseDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
fill_enum_model (GtkStringList         *model,
                 const RapportEnumInfo *info)
{
  /* The tables list their values from 0 in order: a position is a value. */
  for (guint i = 0; info[i].key != NULL; i++)
    {
      g_assert (info[i].value == (int) i);
      gtk_string_list_append (model, _(info[i].label));
    }
}

static void
fill_score_model (GtkStringList *model,
                  int            from,
                  int            to)
{
  /* Translators: a feedback score the customer did not give */
  gtk_string_list_append (model, C_("score", "Not given"));
  for (int score = from; score <= to; score++)
    {
      char text[8];

      g_snprintf (text, sizeof text, "%d", score);
      gtk_string_list_append (model, text);
    }
}

/* The score of a "Not given, from..to" list; @none when not given. */
static int
selected_score (AdwComboRow *row,
                int          from,
                int          none)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return none;

  return from + (int) selected - 1;
}

static void
show_error (RapportCaseDialog *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);

  if (message != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }
}

static RapportCaseState
selected_state (RapportCaseDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->state_row);

  return selected == GTK_INVALID_LIST_POSITION ? RAPPORT_CASE_OPEN : (RapportCaseState) selected;
}

static void
check_form (RapportCaseDialog *self,
            RapportCaseCheck  *check)
{
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  guint resolution = adw_combo_row_get_selected (self->resolution_row);
  RapportCaseForm form = {
    .customer_id = self->customer_id,
    .summary = entry_text (self->summary_row),
    .state = selected_state (self),
    .opened_at = self->kase != NULL ? self->kase->opened_at : 0,
    .first_response = entry_text (self->first_response_row),
    .resolution = resolution == GTK_INVALID_LIST_POSITION ? RAPPORT_RESOLUTION_NONE
                                                          : (RapportResolution) resolution,
    .escalated_to = entry_text (self->escalated_to_row),
    .csat = selected_score (self->csat_row, 1, 0),
    .nps = selected_score (self->nps_row, 0, -1),
    .ces = selected_score (self->ces_row, 1, 0),
    .comment = entry_text (self->comment_row),
    .themes = entry_text (self->themes_row),
  };

  rapport_case_form_check (&form, now, check);
}

static const char *
shown_error (RapportCaseDialog *self,
             RapportCaseCheck  *check,
             RapportCaseField   field)
{
  if (self->show_all || (self->touched & (1u << field)) != 0)
    return check->errors[field];

  return NULL;
}

static void
update_state (RapportCaseDialog *self)
{
  RapportCaseState state = selected_state (self);
  RapportCaseCheck check;
  const char *message;

  if (self->loading)
    return;

  gtk_widget_set_visible (self->escalation_group, state == RAPPORT_CASE_ESCALATED);
  gtk_widget_set_visible (self->resolution_group, rapport_case_state_is_resolved (state));
  gtk_widget_set_visible (self->feedback_group, rapport_case_state_is_resolved (state));

  check_form (self, &check);

  message = shown_error (self, &check, RAPPORT_CASE_FIELD_CUSTOMER);
  rapport_form_set_field_error (GTK_WIDGET (self->customer_search), NULL, self->customer_error, message);
  gtk_label_set_text (self->customer_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->customer_error), message != NULL);

  rapport_form_set_field_error (GTK_WIDGET (self->summary_row), self->summary_error_row, self->summary_error,
                   shown_error (self, &check, RAPPORT_CASE_FIELD_SUMMARY));
  rapport_form_set_field_error (GTK_WIDGET (self->first_response_row), self->first_response_error_row,
                   self->first_response_error,
                   shown_error (self, &check, RAPPORT_CASE_FIELD_FIRST_RESPONSE));
  rapport_form_set_field_error (GTK_WIDGET (self->escalated_to_row), self->escalated_to_error_row,
                   self->escalated_to_error,
                   shown_error (self, &check, RAPPORT_CASE_FIELD_ESCALATED_TO));
  rapport_form_set_field_error (GTK_WIDGET (self->resolution_row), self->resolution_error_row, self->resolution_error,
                   shown_error (self, &check, RAPPORT_CASE_FIELD_RESOLUTION));
  rapport_form_set_field_error (GTK_WIDGET (self->themes_row), self->themes_error_row, self->themes_error,
                   shown_error (self, &check, RAPPORT_CASE_FIELD_THEMES));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.save", check.can_save);

  rapport_case_check_clear (&check);
}

static void
field_changed_cb (RapportCaseDialog *self,
                  GtkEditable       *editable)
{
  if (self->loading)
    return;

  if (editable == GTK_EDITABLE (self->summary_row))
    self->touched |= 1u << RAPPORT_CASE_FIELD_SUMMARY;
  else if (editable == GTK_EDITABLE (self->first_response_row))
    self->touched |= 1u << RAPPORT_CASE_FIELD_FIRST_RESPONSE;
  else if (editable == GTK_EDITABLE (self->escalated_to_row))
    self->touched |= 1u << RAPPORT_CASE_FIELD_ESCALATED_TO;
  else if (editable == GTK_EDITABLE (self->themes_row))
    self->touched |= 1u << RAPPORT_CASE_FIELD_THEMES;

  update_state (self);
}

static void
combo_changed_cb (RapportCaseDialog *self,
                  GParamSpec        *pspec,
                  AdwComboRow       *row)
{
  if (self->loading)
    return;

  if (row == self->resolution_row)
    self->touched |= 1u << RAPPORT_CASE_FIELD_RESOLUTION;

  update_state (self);
}

static void
respond_now_clicked_cb (RapportCaseDialog *self)
{
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  g_autofree char *text = g_date_time_format (now, "%Y-%m-%d %H:%M");

  gtk_editable_set_text (GTK_EDITABLE (self->first_response_row), text);
}

static void
show_customer (RapportCaseDialog *self,
               const char        *name)
{
  adw_window_title_set_subtitle (self->window_title, name);
}

static void
fill_customer_results (RapportCaseDialog *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  RapportCustomerQuery query = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->customer_results))))
    gtk_list_box_remove (self->customer_results, child);

  query.search = gtk_editable_get_text (GTK_EDITABLE (self->customer_search));
  query.sort = RAPPORT_SORT_NAME;
  query.limit = CUSTOMER_RESULTS;

  if (!(ids = rapport_store_list_customer_ids (store, &query, &error)))
    {
      g_warning ("Could not search the customers: %s", error->message);
      return;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(RapportCustomer) customer = rapport_store_get_customer (store, id, NULL);
      GtkWidget *row;

      if (customer == NULL)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), customer->display_name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (customer->organization_name != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), customer->organization_name);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "customer-name", g_strdup (customer->display_name), g_free);
      g_object_set_data_full (G_OBJECT (row), "customer-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_list_box_append (self->customer_results, row);

      if (id == self->customer_id)
        gtk_list_box_select_row (self->customer_results, GTK_LIST_BOX_ROW (row));
    }
}

static void
choose_customer (RapportCaseDialog *self,
                 GtkListBoxRow     *row)
{
  const gint64 *id = g_object_get_data (G_OBJECT (row), "customer-id");

  if (id == NULL)
    return;

  self->customer_id = *id;
  self->touched |= 1u << RAPPORT_CASE_FIELD_CUSTOMER;
  gtk_list_box_select_row (self->customer_results, row);
  show_customer (self, g_object_get_data (G_OBJECT (row), "customer-name"));
  update_state (self);
}

static void
customer_search_changed_cb (RapportCaseDialog *self)
{
  fill_customer_results (self);
}

static void
customer_search_activate_cb (RapportCaseDialog *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->customer_results, 0);

  if (first != NULL)
    {
      choose_customer (self, first);
      gtk_widget_grab_focus (GTK_WIDGET (self->summary_row));
    }
}

static void
customer_result_activated_cb (RapportCaseDialog *self,
                              GtkListBoxRow     *row)
{
  choose_customer (self, row);
}

static void
focus_first_error (RapportCaseDialog *self,
                   RapportCaseCheck  *check)
{
  if (check->errors[RAPPORT_CASE_FIELD_CUSTOMER] != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->customer_search));
  else if (check->errors[RAPPORT_CASE_FIELD_SUMMARY] != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->summary_row));
  else if (check->errors[RAPPORT_CASE_FIELD_FIRST_RESPONSE] != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->first_response_row));
  else if (check->errors[RAPPORT_CASE_FIELD_ESCALATED_TO] != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->escalated_to_row));
  else if (check->errors[RAPPORT_CASE_FIELD_RESOLUTION] != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->resolution_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->themes_row));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportCaseDialog *self = RAPPORT_CASE_DIALOG (widget);
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(RapportCase) kase = rapport_case_new ();
  g_autoptr(GError) error = NULL;
  RapportCaseCheck check;
  RapportCaseState state = selected_state (self);
  guint how;
  gboolean ok;

  check_form (self, &check);

  if (!check.can_save)
    {
      self->show_all = TRUE;
      update_state (self);
      focus_first_error (self, &check);
      rapport_case_check_clear (&check);
      return;
    }

  if (self->kase != NULL)
    {
      kase->id = self->kase->id;
      kase->uid = g_strdup (self->kase->uid);
      kase->opened_at = self->kase->opened_at;
      kase->created = self->kase->created;
      kase->resolved_at = self->kase->resolved_at;
    }

  kase->customer_id = self->customer_id;
  kase->category = (RapportCaseCategory) adw_combo_row_get_selected (self->category_row);
  kase->severity = (RapportSeverity) adw_combo_row_get_selected (self->severity_row);
  kase->state = state;
  kase->summary = dup_trimmed (self->summary_row);
  kase->description = dup_description (self);
  kase->first_response_at = check.first_response_at;

  if (rapport_case_state_is_resolved (state))
    {
      kase->resolution = (RapportResolution) adw_combo_row_get_selected (self->resolution_row);
      kase->resolution_notes = dup_trimmed (self->resolution_notes_row);
    }
  else
    kase->resolved_at = 0;

  /* Who it was referred to stays on record after the case moves on. */
  kase->escalated_to = dup_trimmed (self->escalated_to_row);
  how = adw_combo_row_get_selected (self->escalation_channel_row);
  kase->escalation_channel = how < G_N_ELEMENTS (escalation_channels) ? escalation_channels[how]
                                                                      : RAPPORT_CHANNEL_NONE;

  if (kase->id != 0)
    ok = rapport_store_update_case (store, kase, &error);
  else
    ok = rapport_store_add_case (store, kase, &error);

  if (!ok)
    {
      show_error (self, error->message);
      rapport_case_check_clear (&check);
      return;
    }

  /* Saved: a second Save after a feedback error updates, not duplicates. */
  g_clear_pointer (&self->kase, rapport_case_free);
  self->kase = g_steal_pointer (&kase);
  self->case_id = self->kase->id;

  if (check.has_feedback && rapport_case_state_is_resolved (state))
    {
      g_autoptr(RapportFeedback) feedback = rapport_feedback_new ();

      feedback->customer_id = self->customer_id;
      feedback->case_id = self->case_id;
      feedback->csat = selected_score (self->csat_row, 1, 0);
      feedback->nps = selected_score (self->nps_row, 0, -1);
      feedback->ces = selected_score (self->ces_row, 1, 0);
      feedback->comment = dup_trimmed (self->comment_row);
      feedback->themes = g_steal_pointer (&check.themes);

      if (!rapport_store_add_feedback (store, feedback, &error))
        {
          /* Translators: %s is the reason */
          g_autofree char *message = g_strdup_printf (_("The case is saved, but not the feedback: %s"),
                                                      error->message);

          show_error (self, message);
          rapport_case_check_clear (&check);
          return;
        }
    }

  rapport_case_check_clear (&check);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_feedback_given (RapportCaseDialog *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint count = 0;

  if (self->case_id == 0 || !(all = rapport_store_list_feedback (store, self->customer_id, NULL)))
    return;

  for (guint i = 0; i < all->len; i++)
    {
      const RapportFeedback *feedback = g_ptr_array_index (all, i);
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *line = NULL;

      if (feedback->case_id != self->case_id)
        continue;

      if (feedback->csat != 0)
        g_ptr_array_add (parts, g_strdup_printf (_("CSAT %d"), feedback->csat));
      if (feedback->nps != -1)
        g_ptr_array_add (parts, g_strdup_printf (_("NPS %d"), feedback->nps));
      if (feedback->ces != 0)
        g_ptr_array_add (parts, g_strdup_printf (_("CES %d"), feedback->ces));
      if (feedback->comment != NULL)
        g_ptr_array_add (parts, g_strdup_printf ("“%s”", feedback->comment));
      g_ptr_array_add (parts, NULL);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: separates the parts of a line, "CSAT 4 · NPS 9" */
      line = g_strjoinv (_(" · "), (char **) parts->pdata);
      g_string_append (text, line);
      count++;
    }

  if (count > 0)
    {
      /* Translators: followed by the feedback already recorded, one per line */
      g_autofree char *label = g_strdup_printf ("%s\n%s", _("Already recorded:"), text->str);

      gtk_label_set_text (self->feedback_given, label);
      gtk_widget_set_visible (GTK_WIDGET (self->feedback_given), TRUE);
    }
}

static void
fill_fields (RapportCaseDialog *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  self->loading = TRUE;

  fill_enum_model (self->category_model, rapport_case_category_info);
  fill_enum_model (self->severity_model, rapport_severity_info);
  fill_enum_model (self->state_model, rapport_case_state_info);
  fill_enum_model (self->resolution_model, rapport_resolution_info);
  for (guint i = 0; i < G_N_ELEMENTS (escalation_channels); i++)
    gtk_string_list_append (self->escalation_channel_model,
                            _(rapport_enum_to_label (rapport_channel_info, escalation_channels[i])));
  fill_score_model (self->csat_model, 1, 5);
  fill_score_model (self->nps_model, 0, 10);
  fill_score_model (self->ces_model, 1, 7);

  adw_combo_row_set_selected (self->severity_row, RAPPORT_SEVERITY_NORMAL);

  if (self->case_id > 0)
    {
      if (!(self->kase = rapport_store_get_case (store, self->case_id, &error)))
        {
          show_error (self, error->message);
          gtk_widget_set_sensitive (GTK_WIDGET (self->scrolled_window), FALSE);
          self->loading = FALSE;
          gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.save", FALSE);
          return;
        }
      self->customer_id = self->kase->customer_id;
    }

  /* The customer is asked for only for a new case without one. */
  gtk_widget_set_visible (self->customer_group, self->customer_id == 0);

  if (self->customer_id > 0 && (customer = rapport_store_get_customer (store, self->customer_id, NULL)))
    show_customer (self, customer->display_name);

  if (self->kase != NULL)
    {
      RapportCase *kase = self->kase;
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
      guint how = 0;

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Case"));
      adw_window_title_set_title (self->window_title, _("Edit Case"));
      gtk_editable_set_text (GTK_EDITABLE (self->summary_row), kase->summary);
      gtk_text_buffer_set_text (buffer, kase->description != NULL ? kase->description : "", -1);
      adw_combo_row_set_selected (self->category_row, kase->category);
      adw_combo_row_set_selected (self->severity_row, kase->severity);
      adw_combo_row_set_selected (self->state_row, kase->state);
      if (kase->first_response_at != 0)
        {
          g_autofree char *text = rapport_format_date_time_entry (kase->first_response_at, NULL);

          gtk_editable_set_text (GTK_EDITABLE (self->first_response_row), text);
        }
      adw_combo_row_set_selected (self->resolution_row, kase->resolution);
      gtk_editable_set_text (GTK_EDITABLE (self->resolution_notes_row),
                             kase->resolution_notes != NULL ? kase->resolution_notes : "");
      gtk_editable_set_text (GTK_EDITABLE (self->escalated_to_row),
                             kase->escalated_to != NULL ? kase->escalated_to : "");
      for (guint i = 0; i < G_N_ELEMENTS (escalation_channels); i++)
        if (escalation_channels[i] == kase->escalation_channel)
          how = i;
      adw_combo_row_set_selected (self->escalation_channel_row, how);

      show_feedback_given (self);
    }
  else if (self->customer_id == 0)
    fill_customer_results (self);

  self->loading = FALSE;
  update_state (self);
}

static void
rapport_case_dialog_constructed (GObject *object)
{
  RapportCaseDialog *self = (RapportCaseDialog *)object;

  G_OBJECT_CLASS (rapport_case_dialog_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_CONTEXT (self->context));

  fill_fields (self);
  if (self->customer_id == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->customer_search));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->summary_row));
}

static void
rapport_case_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_CASE_DIALOG);

  G_OBJECT_CLASS (rapport_case_dialog_parent_class)->dispose (object);
}

static void
rapport_case_dialog_finalize (GObject *object)
{
  RapportCaseDialog *self = (RapportCaseDialog *)object;

  g_clear_pointer (&self->kase, rapport_case_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_case_dialog_parent_class)->finalize (object);
}

static void
rapport_case_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportCaseDialog *self = RAPPORT_CASE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_CASE_ID:
      g_value_set_int64 (value, self->case_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_case_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RapportCaseDialog *self = RAPPORT_CASE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_CUSTOMER_ID:
      self->customer_id = g_value_get_int64 (value);
      break;

    case PROP_CASE_ID:
      self->case_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_case_dialog_class_init (RapportCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_case_dialog_constructed;
  object_class->dispose = rapport_case_dialog_dispose;
  object_class->finalize = rapport_case_dialog_finalize;
  object_class->get_property = rapport_case_dialog_get_property;
  object_class->set_property = rapport_case_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CASE_ID] =
    g_param_spec_int64 ("case-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-case-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RapportCaseDialog, name)
  BIND (window_title);
  BIND (scrolled_window);
  BIND (error_label);
  BIND (customer_group);
  BIND (customer_search);
  BIND (customer_results);
  BIND (customer_error);
  BIND (summary_row);
  BIND (summary_error_row);
  BIND (summary_error);
  BIND (category_row);
  BIND (category_model);
  BIND (severity_row);
  BIND (severity_model);
  BIND (state_row);
  BIND (state_model);
  BIND (description_view);
  BIND (first_response_row);
  BIND (first_response_error_row);
  BIND (first_response_error);
  BIND (escalation_group);
  BIND (escalated_to_row);
  BIND (escalated_to_error_row);
  BIND (escalated_to_error);
  BIND (escalation_channel_row);
  BIND (escalation_channel_model);
  BIND (resolution_group);
  BIND (resolution_row);
  BIND (resolution_model);
  BIND (resolution_error_row);
  BIND (resolution_error);
  BIND (resolution_notes_row);
  BIND (feedback_group);
  BIND (feedback_given);
  BIND (csat_row);
  BIND (csat_model);
  BIND (nps_row);
  BIND (nps_model);
  BIND (ces_row);
  BIND (ces_model);
  BIND (comment_row);
  BIND (themes_row);
  BIND (themes_error_row);
  BIND (themes_error);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, combo_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, respond_now_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_result_activated_cb);

  gtk_widget_class_install_action (widget_class, "case.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "case.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "case.save", NULL);
}

static void
rapport_case_dialog_init (RapportCaseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
rapport_case_dialog_new (GtkWindow      *parent,
                         RapportContext *context,
                         gint64          customer_id,
                         gint64          case_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (customer_id >= 0 && case_id >= 0, NULL);

  return g_object_new (RAPPORT_TYPE_CASE_DIALOG,
                       "context", context,
                       "customer-id", customer_id,
                       "case-id", case_id,
                       "transient-for", parent,
                       NULL);
}
